"""``flaskcompat.werkzeug.serving.run_simple``: it serves through Bottle's
``wsgiref`` adapter, threaded or forking as asked, with the static files and
options it is given; ``app.run`` goes through it."""

from __future__ import annotations

import http.client
import socketserver
import threading
import typing as t
import wsgiref.simple_server

import pytest

import flaskcompat
from flaskcompat.werkzeug import serving

TIMEOUT = 10


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[wsgiref.simple_server.WSGIServer]:
    """Servers Bottle's wsgiref adapter makes, bound on 127.0.0.1 port 0."""
    real_make_server = wsgiref.simple_server.make_server
    made: list[wsgiref.simple_server.WSGIServer] = []

    def make_server(host: str, port: int, app: t.Any, *args: t.Any) -> t.Any:
        srv = real_make_server(host, port, app, *args)
        made.append(srv)
        return srv

    monkeypatch.setattr(wsgiref.simple_server, "make_server", make_server)
    return made


def _serve(
    target: t.Callable[[], None], made: list[t.Any]
) -> tuple[t.Any, threading.Thread]:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    for _ in range(TIMEOUT * 100):
        if made:
            break
        threading.Event().wait(0.01)
    assert made, "the server did not start"
    return made[0], thread


def _get(srv: t.Any, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_port, timeout=TIMEOUT)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _stop(srv: t.Any, thread: threading.Thread) -> None:
    srv.shutdown()
    thread.join(TIMEOUT)
    srv.server_close()
    assert not thread.is_alive()


def test_run_simple_serves_threaded_with_static_files(
    captured: list[t.Any], tmp_path: t.Any
) -> None:
    (tmp_path / "a.txt").write_text("static")
    app = flaskcompat.Flask(__name__)

    @app.route("/")
    def index() -> str:
        return "dynamic"

    srv, thread = _serve(
        lambda: serving.run_simple(
            "127.0.0.1",
            0,
            app,
            threaded=True,
            static_files={"/files": str(tmp_path)},
            quiet=True,
        ),
        captured,
    )
    try:
        assert isinstance(srv, socketserver.ThreadingMixIn)
        assert _get(srv, "/") == (200, b"dynamic")
        assert _get(srv, "/files/a.txt") == (200, b"static")
    finally:
        _stop(srv, thread)


def test_app_run_goes_through_run_simple(captured: list[t.Any]) -> None:
    app = flaskcompat.Flask(__name__)

    @app.route("/")
    def index() -> str:
        return "via app.run"

    srv, thread = _serve(
        lambda: app.run("127.0.0.1", 0, load_dotenv=False, quiet=True), captured
    )
    try:
        assert isinstance(srv, socketserver.ThreadingMixIn)  # threaded by default
        assert _get(srv, "/") == (200, b"via app.run")
    finally:
        _stop(srv, thread)


def test_server_classes() -> None:
    threaded = serving._wsgiref_server_class(True, None)
    assert issubclass(threaded, socketserver.ThreadingMixIn)
    forking = serving._forking_server_class(4)
    assert issubclass(forking, socketserver.ForkingMixIn)
    assert forking.max_children == 4
    with pytest.raises(ValueError, match="multi-thread and multi-process"):
        serving.run_simple(
            "127.0.0.1", 0, flaskcompat.Flask(__name__), threaded=True, processes=2
        )


def test_refused_options() -> None:
    with pytest.raises(serving.ServerError, match="Ad-hoc certificates"):
        serving.run_simple(
            "127.0.0.1", 0, flaskcompat.Flask(__name__), ssl_context="adhoc"
        )
    with pytest.raises(TypeError, match="port must be an integer"):
        serving.run_simple("127.0.0.1", "80", flaskcompat.Flask(__name__))  # type: ignore[arg-type]


def test_bottle_reloader_child_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    monkeypatch.setenv("BOTTLE_CHILD", "true")
    assert serving.is_running_from_reloader()


def test_bottle_spellings_of_the_reloader_options(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``reloader=``/``interval=`` (Bottle's names) mean ``use_reloader`` and
    ``reloader_interval``; ``app.run`` passes adapter options through."""
    from flaskcompat.werkzeug import _reloader

    parents: list[int] = []
    adapters: list[tuple[str, dict[str, t.Any]]] = []

    class Adapter:
        quiet = False

        def __init__(self, **options: t.Any) -> None:
            self.options = options

        def run(self, application: t.Any) -> None:
            adapters.append((self.name, self.options))

    def get_server_adapter(name: str) -> type[Adapter]:
        return type(name, (Adapter,), {"name": name})

    monkeypatch.setattr(serving, "get_server_adapter", get_server_adapter)
    monkeypatch.setattr(_reloader, "run_reloader_parent", parents.append)
    monkeypatch.delenv("BOTTLE_CHILD", raising=False)
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    app = flaskcompat.Flask(__name__)
    serving.run_simple("127.0.0.1", 0, app, reloader=True, interval=3, quiet=True)
    assert parents == [3] and adapters == []
    app.run(port=0, load_dotenv=False, server="waitress", threads=2, quiet=True)
    ((name, options),) = adapters
    assert name == "waitress" and options["threads"] == 2
    assert "reloader" not in options and "interval" not in options
