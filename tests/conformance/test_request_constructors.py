"""Werkzeug's ``Request`` constructors that Flask's ``Request`` inherits:
``from_values`` and the ``application`` decorator."""

from __future__ import annotations

import typing as t

import pytest
from wsgi_support import call_wsgi, wsgi_environ

pytestmark = pytest.mark.api("Request")


def test_from_values_builds_a_request_without_an_app(impl: t.Any) -> None:
    req = impl.Request.from_values(
        "/a/b?x=1&x=2", method="POST", data={"k": "v"}, headers={"X-Y": "z"}
    )
    assert req.path == "/a/b"
    assert req.method == "POST"
    assert req.args.getlist("x") == ["1", "2"]
    assert req.form["k"] == "v"
    assert req.headers["X-Y"] == "z"
    assert req.url == "http://localhost/a/b?x=1&x=2"


def test_from_values_with_json_and_base_url(impl: t.Any) -> None:
    req = impl.Request.from_values(
        "/p", base_url="https://example.com/root", json={"a": [1, 2]}
    )
    assert req.is_json
    assert req.get_json() == {"a": [1, 2]}
    assert req.url == "https://example.com/root/p"
    assert req.script_root == "/root"


def _call(app: t.Any, path: str, query: str) -> tuple[str, bytes]:
    rv = call_wsgi(app, wsgi_environ(path, query))
    return rv.status, rv.body


def test_application_decorator_makes_a_wsgi_app(impl: t.Any) -> None:
    @impl.Request.application
    def app(request: t.Any) -> t.Any:
        if request.args.get("fail"):
            raise impl.werkzeug.exceptions.Forbidden()
        return impl.Response(f"hello {request.args['name']} at {request.path}")

    assert _call(app, "/x", "name=ann") == ("200 OK", b"hello ann at /x")
    status, body = _call(app, "/x", "fail=1")
    assert status == "403 FORBIDDEN"
    assert b"<h1>Forbidden</h1>" in body
