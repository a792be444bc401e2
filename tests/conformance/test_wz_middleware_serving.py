"""``werkzeug.middleware`` (``ProxyFix``, ``DispatcherMiddleware``,
``SharedDataMiddleware``) around an app, ``werkzeug.serving`` as ``app.run``
uses it, ``werkzeug.user_agent`` and the ``__version__`` answers."""

from __future__ import annotations

import http.client
import importlib
import socket
import ssl
import threading
import types
import typing as t

import pytest

api = pytest.mark.api


def _middleware(impl: t.Any, name: str) -> types.ModuleType:
    """``werkzeug.middleware.<name>`` of the implementation under test."""
    return importlib.import_module(f"{impl.werkzeug.middleware.__name__}.{name}")


@api("werkzeug.middleware.proxy_fix.ProxyFix")
def test_proxy_fix(impl: t.Any, app: t.Any, client: t.Any) -> None:
    proxy_fix = _middleware(impl, "proxy_fix")

    @app.route("/where")
    def where() -> str:
        r = impl.request
        return f"{r.remote_addr} {r.scheme} {r.host} {r.script_root} {r.url}"

    app.wsgi_app = proxy_fix.ProxyFix(
        app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1
    )
    headers = {
        "X-Forwarded-For": "6.6.6.6, 1.2.3.4",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "example.com",
        "X-Forwarded-Port": "8443",
        "X-Forwarded-Prefix": "/pre",
    }
    rv = client.get("/where", headers=headers)
    assert rv.get_data(as_text=True) == (
        "1.2.3.4 https example.com:8443 /pre https://example.com:8443/pre/where"
    )
    plain = client.get("/where").get_data(as_text=True)
    assert plain == "127.0.0.1 http localhost  http://localhost/where"


@api("werkzeug.middleware.proxy_fix.ProxyFix")
def test_proxy_fix_trusts_only_the_given_number(impl: t.Any) -> None:
    seen: dict[str, t.Any] = {}

    def app(environ: t.Any, start_response: t.Any) -> list[bytes]:
        seen.update(environ)
        start_response("200 OK", [])
        return []

    fixed = _middleware(impl, "proxy_fix").ProxyFix(app, x_for=2)
    env = impl.werkzeug.test.create_environ(
        headers={"X-Forwarded-For": "1.1.1.1, 2.2.2.2"},
        environ_base={"REMOTE_ADDR": "9.9.9.9"},
    )
    list(fixed(env, lambda *a: None))
    assert seen["REMOTE_ADDR"] == "1.1.1.1"
    assert seen["werkzeug.proxy_fix.orig"]["REMOTE_ADDR"] == "9.9.9.9"
    env = impl.werkzeug.test.create_environ(
        headers={"X-Forwarded-For": "1.1.1.1"},
        environ_base={"REMOTE_ADDR": "9.9.9.9"},
    )
    seen.clear()
    list(fixed(env, lambda *a: None))
    assert seen["REMOTE_ADDR"] == "9.9.9.9"  # fewer values than trusted proxies


@api("werkzeug.middleware.dispatcher.DispatcherMiddleware")
def test_dispatcher(impl: t.Any, app: t.Any) -> None:
    api_app = impl.Flask("api_app")

    @api_app.route("/items")
    def items() -> str:
        return f"api {impl.request.script_root} {impl.url_for('items')}"

    @app.route("/")
    def index() -> str:
        return "front"

    app.wsgi_app = _middleware(impl, "dispatcher").DispatcherMiddleware(
        app.wsgi_app, {"/api": api_app}
    )
    client = app.test_client()
    assert client.get("/api/items").get_data(as_text=True) == "api /api /api/items"
    assert client.get("/").get_data(as_text=True) == "front"
    assert client.get("/api/nope").status_code == 404


@api("werkzeug.middleware.shared_data.SharedDataMiddleware")
def test_shared_data(impl: t.Any, app: t.Any, tmp_path: t.Any) -> None:
    (tmp_path / "style.css").write_text("body {}")
    (tmp_path / "secret.key").write_text("k")

    @app.route("/shared/other")
    def other() -> str:
        return "from app"

    app.wsgi_app = _middleware(impl, "shared_data").SharedDataMiddleware(
        app.wsgi_app, {"/shared": str(tmp_path)}, disallow="*.key"
    )
    client = app.test_client()
    rv = client.get("/shared/style.css")
    assert rv.status_code == 200 and rv.get_data() == b"body {}"
    assert rv.headers["Content-Type"] == "text/css; charset=utf-8"
    assert rv.headers["Cache-Control"] == "max-age=43200, public"
    etag = rv.headers["ETag"]
    rv.close()
    assert etag.startswith('"wzsdm-')
    assert (
        client.get("/shared/style.css", headers={"If-None-Match": etag}).status_code
        == 304
    )
    assert client.get("/shared/other").get_data() == b"from app"
    assert client.get("/shared/secret.key").status_code == 404
    assert client.get("/shared/../" + tmp_path.name + "/style.css").status_code == 404


@api("Flask.run", "werkzeug.serving.run_simple")
def test_app_run_calls_run_simple(
    impl: t.Any, app: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``app.run`` looks ``run_simple`` up on ``werkzeug.serving`` at call time,
    so replacing it there sees the call."""
    calls: list[tuple[t.Any, ...]] = []
    monkeypatch.setattr(
        impl.werkzeug.serving, "run_simple", lambda *a, **kw: calls.append((a, kw))
    )
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    app.config["SERVER_NAME"] = "example.test:8123"
    app.run(load_dotenv=False)
    app.run("0.0.0.0", 5001, debug=False, threaded=False, load_dotenv=False)
    assert calls == [
        (
            ("example.test", 8123, app),
            {"use_reloader": False, "use_debugger": False, "threaded": True},
        ),
        (
            ("0.0.0.0", 5001, app),
            {"threaded": False, "use_reloader": False, "use_debugger": False},
        ),
    ]


@api("werkzeug.serving.is_running_from_reloader")
def test_is_running_from_reloader(impl: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    serving = impl.werkzeug.serving
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    monkeypatch.delenv("BOTTLE_CHILD", raising=False)
    assert serving.is_running_from_reloader() is False
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")
    assert serving.is_running_from_reloader() is True


@api("werkzeug.user_agent.UserAgent")
def test_user_agent(impl: t.Any, app: t.Any) -> None:
    user_agent = impl.werkzeug.user_agent
    ua = user_agent.UserAgent("Mozilla/5.0 (X11)")
    assert str(ua) == ua.string == ua.to_header() == "Mozilla/5.0 (X11)"
    assert (ua.platform, ua.browser, ua.version, ua.language) == (None,) * 4
    assert not ua
    with app.test_request_context(headers={"User-Agent": "curl/8"}):
        assert isinstance(impl.request.user_agent, user_agent.UserAgent)
        assert impl.request.user_agent.string == "curl/8"


@api("__version__")
def test_flask_version_warns(impl: t.Any) -> None:
    with pytest.warns(
        DeprecationWarning, match="'__version__' attribute is deprecated"
    ):
        version = impl.__version__
    assert version.split(".")[:2] == ["3", "1"]


@api(
    "werkzeug.serving.make_server",
    "werkzeug.serving.ThreadedWSGIServer",
    "werkzeug.serving.BaseWSGIServer",
    "werkzeug.serving.ForkingWSGIServer",
    "werkzeug.serving.WSGIRequestHandler",
)
def test_make_server_in_a_thread(impl: t.Any, app: t.Any) -> None:
    """The live-server pattern: a server object served from a thread."""

    @app.route("/")
    def index() -> str:
        return "live"

    serving = impl.werkzeug.serving
    srv = serving.make_server("127.0.0.1", 0, app, threaded=True)
    assert isinstance(srv, serving.ThreadedWSGIServer)
    assert isinstance(srv, serving.BaseWSGIServer) and srv.multithread
    assert srv.port > 0
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
        conn.request("GET", "/")
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (200, b"live")
        conn.close()
    finally:
        srv.shutdown()
        thread.join(10)
        srv.server_close()
    assert not thread.is_alive()
    with pytest.raises(ValueError, match="multi-thread and multi-process"):
        serving.make_server("127.0.0.1", 0, app, threaded=True, processes=2)
    single = serving.make_server("127.0.0.1", 0, app)
    assert type(single) is serving.BaseWSGIServer and not single.multithread
    single.server_close()
    forking = serving.make_server("127.0.0.1", 0, app, processes=3)
    assert isinstance(forking, serving.ForkingWSGIServer) and forking.multiprocess
    assert forking.max_children == 3
    forking.server_close()

    class Handler(serving.WSGIRequestHandler):
        pass

    custom = serving.make_server("127.0.0.1", 0, app, request_handler=Handler)
    assert custom.RequestHandlerClass is Handler
    custom.server_close()


@api(
    "werkzeug.serving.select_address_family",
    "werkzeug.serving.get_sockaddr",
    "werkzeug.serving.get_interface_ip",
    "werkzeug.serving.is_ssl_error",
)
def test_address_helpers(impl: t.Any) -> None:
    serving = impl.werkzeug.serving
    assert serving.select_address_family("127.0.0.1", 80) == socket.AF_INET
    assert serving.select_address_family("::1", 80) == socket.AF_INET6
    assert serving.select_address_family("unix:///tmp/s", 0) == socket.AF_UNIX
    assert serving.get_sockaddr("127.0.0.1", 8080, socket.AF_INET) == (
        "127.0.0.1",
        8080,
    )
    assert serving.get_sockaddr("unix://sock", 0, socket.AF_UNIX).endswith("/sock")
    assert isinstance(serving.get_interface_ip(socket.AF_INET), str)
    assert serving.is_ssl_error(ssl.SSLError()) and not serving.is_ssl_error(OSError())
