"""``flaskcompat.werkzeug.middleware``: package data through
``SharedDataMiddleware`` and the environ changes of ``ProxyFix`` and
``DispatcherMiddleware`` seen by plain WSGI apps."""

from __future__ import annotations

import typing as t

from flaskcompat.werkzeug.middleware.dispatcher import DispatcherMiddleware
from flaskcompat.werkzeug.middleware.proxy_fix import ProxyFix
from flaskcompat.werkzeug.middleware.shared_data import SharedDataMiddleware
from flaskcompat.werkzeug.test import Client, create_environ


def _echo(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
    keys = ("SCRIPT_NAME", "PATH_INFO", "wsgi.url_scheme", "HTTP_HOST")
    return [" ".join(str(environ.get(k)) for k in keys).encode()]


def test_shared_data_serves_package_data() -> None:
    app = SharedDataMiddleware(_echo, {"/pkg": ("flaskcompat", "werkzeug")})
    client = Client(app)
    rv = client.get("/pkg/serving.py")
    assert rv.status_code == 200 and b"def run_simple" in rv.get_data()
    assert rv.headers["Content-Type"] == "text/x-python; charset=utf-8"
    rv.close()
    assert client.get("/pkg/../__init__.py").status_code == 404
    assert client.get("/pkg/missing.py").status_code == 404


def test_shared_data_single_file(tmp_path: t.Any) -> None:
    path = tmp_path / "robots.txt"
    path.write_text("User-agent: *")
    app = SharedDataMiddleware(_echo, {"/robots.txt": str(path)}, cache=False)
    rv = Client(app).get("/robots.txt")
    assert rv.get_data() == b"User-agent: *" and rv.headers["Cache-Control"] == "public"
    rv.close()


def test_dispatcher_moves_the_prefix() -> None:
    app = DispatcherMiddleware(_echo, {"/a/b": _echo})
    rv = Client(app).get("/a/b/c/d")
    assert rv.get_data() == b"/a/b /c/d http localhost"
    rv = Client(app).get("/a/b")
    assert rv.get_data() == b"/a/b  http localhost"
    rv = Client(app).get("/other")
    assert rv.get_data() == b" /other http localhost"


def test_proxy_fix_ipv6_host_and_port() -> None:
    seen: dict[str, t.Any] = {}

    def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        seen.update(environ)
        start_response("200 OK", [])
        return []

    env = create_environ(
        headers={"X-Forwarded-Host": "[::1]", "X-Forwarded-Port": "8080"}
    )
    ProxyFix(app, x_host=1, x_port=1)(env, lambda *a: None)
    assert (seen["HTTP_HOST"], seen["SERVER_NAME"], seen["SERVER_PORT"]) == (
        "[::1]:8080",
        "[::1]",
        "8080",
    )
