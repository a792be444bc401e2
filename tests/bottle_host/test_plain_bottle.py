"""A plain Bottle app handed to ``Flask(bottle=...)`` keeps answering its own
routes as before: the same requests against the Bottle app alone and wrapped
give the same statuses, headers and bodies (its plugins and error pages
included)."""

from __future__ import annotations

import io
import sys
import typing as t
from pathlib import Path

import bottle
import pytest
from wsgi_support import call_wsgi, wsgi_environ

from flaskcompat import Flask


def make_legacy(root: Path) -> bottle.Bottle:
    legacy = bottle.Bottle()

    def tag(callback: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            bottle.response.set_header("X-Plugin", "tag")
            return callback(*args, **kwargs)

        return wrapper

    legacy.install(tag)

    @legacy.hook("after_request")
    def cors() -> None:
        bottle.response.set_header("Access-Control-Allow-Origin", "*")

    @legacy.route("/")
    def index() -> str:
        return "index"

    @legacy.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"hello {name} {bottle.request.query.get('x', '')}"

    @legacy.route("/json/<n:int>")
    def as_json(n: int) -> dict[str, t.Any]:
        return {"n": n, "list": [1, 2]}

    @legacy.route("/parts")
    def parts() -> list[str]:
        return ["a", "b", "c"]

    @legacy.route("/gen")
    def gen() -> t.Iterator[str]:
        yield "x"
        yield "y"

    @legacy.route("/cookie")
    def cookie() -> str:
        bottle.response.set_cookie("k", "v", path="/")
        bottle.response.status = 201
        return "cookie"

    @legacy.route("/redirect")
    def go() -> None:
        bottle.redirect("/hello/r")

    @legacy.route("/abort")
    def aborted() -> None:
        bottle.abort(403, "not you")

    @legacy.route("/teapot")
    def teapot() -> None:
        bottle.abort(418, "handled")

    @legacy.error(418)
    def on_418(err: bottle.HTTPError) -> str:
        return f"custom {err.status_code}: {err.body}"

    @legacy.route("/crash")
    def crash() -> None:
        raise RuntimeError("boom")

    @legacy.post("/form")
    def form() -> str:
        return ",".join(f"{k}={v}" for k, v in sorted(bottle.request.forms.items()))

    @legacy.route("/static/<name>")
    def static(name: str) -> t.Any:
        return bottle.static_file(name, root=str(root))

    @legacy.route("/empty")
    def empty() -> str:
        return ""

    @legacy.route("/nocontent")
    def nocontent() -> str:
        bottle.response.status = 204
        return ""

    @legacy.route("/any", method="ANY")
    def any_method() -> str:
        return bottle.request.method

    return legacy


def run(
    app: t.Any, environ: dict[str, t.Any]
) -> tuple[str, list[tuple[str, str]], bytes]:
    rv = call_wsgi(app, environ)
    return rv.status, sorted(rv.headers), rv.body


REQUESTS: list[tuple[str, str, dict[str, t.Any]]] = [
    ("GET", "/", {}),
    ("HEAD", "/", {}),
    ("GET", "/hello/ann", {"query": "x=1"}),
    ("GET", "/json/7", {}),
    ("GET", "/parts", {}),
    ("GET", "/gen", {}),
    ("GET", "/cookie", {}),
    ("GET", "/redirect", {}),
    ("GET", "/abort", {}),
    ("GET", "/teapot", {}),
    ("GET", "/crash", {}),
    (
        "POST",
        "/form",
        {"body": b"a=1&b=2", "content_type": "application/x-www-form-urlencoded"},
    ),
    ("GET", "/static/file.txt", {}),
    ("GET", "/static/missing.txt", {}),
    ("GET", "/empty", {}),
    ("GET", "/nocontent", {}),
    ("DELETE", "/any", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), REQUESTS)
def test_same_answers_alone_and_wrapped(
    tmp_path: Path, method: str, path: str, kwargs: dict[str, t.Any]
) -> None:
    (tmp_path / "file.txt").write_text("static text")
    alone = make_legacy(tmp_path)
    wrapped_legacy = make_legacy(tmp_path)
    # No static folder: Flask's /static/<path:filename> would win the URL.
    app = Flask(__name__, bottle=wrapped_legacy, static_folder=None)
    answers = []
    for wsgi_app in (alone, app):
        environ = wsgi_environ(path, method=method, **kwargs)
        environ["wsgi.errors"] = io.StringIO()
        environ["HTTP_IF_MODIFIED_SINCE"] = ""
        stderr, sys.stderr = sys.stderr, io.StringIO()
        try:
            status, headers, body = run(wsgi_app, environ)
        finally:
            sys.stderr = stderr
        if path == "/crash":
            # Bottle drops what its after_request hooks set when a callback
            # crashes; hosted, the hooks run after the 500 page is made.
            headers = [h for h in headers if h[0] != "Access-Control-Allow-Origin"]
        logged = "RuntimeError" in environ["wsgi.errors"].getvalue()
        answers.append((status, headers, body, logged))
    assert answers[0] == answers[1]


def test_method_not_allowed_and_unknown_urls_are_flasks(tmp_path: Path) -> None:
    """What is not a route's answer (405, 404) is Flask's: the same codes and
    ``Allow``, Flask's pages."""
    alone = make_legacy(tmp_path)
    app = Flask(__name__, bottle=make_legacy(tmp_path), static_folder=None)
    a = run(alone, wsgi_environ("/", method="POST"))
    b = run(app, wsgi_environ("/", method="POST"))
    assert a[0][:3] == b[0][:3] == "405"
    assert dict(a[1])["Allow"] == dict(b[1])["Allow"] == "GET"
    assert b[2].startswith(b"<!doctype html>")
    assert run(app, wsgi_environ("/nowhere"))[0] == "404 NOT FOUND"
