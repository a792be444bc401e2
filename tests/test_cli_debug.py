"""The debug page (flaskcompat's ``werkzeug.debug.DebuggedApplication``): with
debug mode on, an unhandled exception is shown escaped, with its traceback and
source lines, and no configuration; with debug mode off, nothing of it shows."""

from __future__ import annotations

import io
import typing as t
from pathlib import Path

import pytest
from cli_support import cli_server, fetch, free_port
from wsgi_support import WSGICall, call_wsgi, wsgi_environ

from flaskcompat import Flask
from flaskcompat.werkzeug.debug import DebuggedApplication, render_debug_page

SECRET = "config-secret-9f2c"  # must never appear on any page
MESSAGE = "<script>alert('x')</script> went wrong"


def make_app(debug: bool) -> Flask:
    app = Flask("debugged")
    app.config.update(SECRET_KEY=SECRET, DATABASE_PASSWORD=SECRET, DEBUG=debug)

    @app.route("/boom")
    def boom() -> str:
        raise ValueError(MESSAGE)

    @app.route("/fine")
    def fine() -> str:
        return "fine"

    app.wsgi_app = DebuggedApplication(app.wsgi_app)  # type: ignore[method-assign]
    return app


def get(app: Flask, path: str) -> tuple[str, dict[str, str], str]:
    """Status, headers and text of ``GET path`` as a WSGI server sees them
    (the test client re-raises what the debug page passes as ``exc_info``)."""
    errors = io.StringIO()
    result = call_wsgi(app, wsgi_environ(path, **{"wsgi.errors": errors}))
    return result.status, dict(result.headers), result.body.decode("utf-8")


def test_debug_on_shows_the_escaped_exception_and_traceback() -> None:
    status, headers, page = get(make_app(debug=True), "/boom")
    assert status == "500 INTERNAL SERVER ERROR"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    escaped = "ValueError: &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert f"<h1>{escaped} went wrong</h1>" in page
    assert "<script>alert" not in page
    assert "in <code>boom</code>" in page
    assert __file__ in page
    # The source line of the frame, escaped, and marked as the current one.
    assert '<span class="current">' in page
    assert "raise ValueError(MESSAGE)" in page
    assert "Plain traceback" in page
    assert SECRET not in page
    assert "console" not in page.lower()


def test_debug_off_shows_nothing_of_it() -> None:
    app = make_app(debug=False)
    status, _, page = get(app, "/boom")
    assert status.startswith("500 ")
    assert "Internal Server Error" in page
    for leak in ("ValueError", "went wrong", "Traceback", "boom", SECRET):
        assert leak not in page
    assert get(app, "/fine")[2] == "fine"


class ServerCall(WSGICall):
    """A call whose ``start_response`` re-raises ``exc_info`` once the body
    has begun, as PEP 3333 asks of a server."""

    body_started = False

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], object]:
        if exc_info is not None and self.body_started:
            raise exc_info[1].with_traceback(exc_info[2])
        return super().start_response(status, headers, exc_info)


def test_an_error_after_the_headers_is_logged_not_shown() -> None:
    def streaming(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        start_response("200 OK", [("Content-Type", "text/plain")])
        yield b"partial"
        raise RuntimeError("mid-stream")

    errors = io.StringIO()
    environ = wsgi_environ("/", **{"wsgi.errors": errors})
    call = ServerCall(DebuggedApplication(streaming), environ)
    chunks = []
    try:
        for chunk in call.start():
            call.body_started = True
            chunks.append(chunk)
    finally:
        call.close()
    assert ([status for status, _ in call.started], chunks) == (
        ["200 OK"],
        [b"partial"],
    )
    assert "headers were already sent" in errors.getvalue()
    assert "RuntimeError: mid-stream" in errors.getvalue()


def test_render_debug_page_escapes_source_lines() -> None:
    try:
        exec(compile("raise KeyError('<k>')", "<dynamic & odd>", "exec"))
    except KeyError as e:
        page = render_debug_page(e)
    assert "<code>&lt;dynamic &amp; odd&gt;</code>" in page
    assert "(source not available)" in page
    assert "KeyError: &#x27;&lt;k&gt;&#x27;" in page


@pytest.mark.parametrize("debug", [True, False])
def test_the_command_serves_the_page_only_in_debug_mode(
    debug: bool, tmp_path: Path
) -> None:
    (tmp_path / "app.py").write_text(
        "import os\n"
        "from flaskcompat import Flask\n"
        "app = Flask(__name__)\n"
        "app.config['SECRET_KEY'] = os.environ['APP_SECRET']\n"
        "@app.route('/boom')\n"
        "def boom():\n"
        "    raise ValueError('<b>kaput</b>')\n"
    )
    port = free_port()
    args = ["--debug" if debug else "--no-debug", "run", "--port", str(port)]
    args.append("--no-reload")
    env = {"APP_SECRET": SECRET}
    with cli_server(args, tmp_path, tmp_path / "server.log", env) as proc:
        status, page = fetch(f"http://127.0.0.1:{port}/boom", proc)
    assert status == 500
    assert SECRET not in page
    if debug:
        assert "ValueError: &lt;b&gt;kaput&lt;/b&gt;" in page
        assert "raise ValueError(&#x27;&lt;b&gt;kaput&lt;/b&gt;&#x27;)" in page
    else:
        assert "Internal Server Error" in page
        assert "kaput" not in page
        assert "Traceback" not in page
