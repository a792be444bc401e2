"""A WSGI environ as a server would pass it, for tests that call an app
directly (what the test client cannot send). Importable by every test module:
pyproject.toml puts ``tests/`` on ``sys.path``."""

from __future__ import annotations

import io
import sys
import typing as t


def wsgi_environ(
    path: str,
    query: str = "",
    method: str = "GET",
    body: bytes = b"",
    content_type: str | None = None,
    *,
    host: str | None = "localhost",
    **extra: t.Any,
) -> dict[str, t.Any]:
    """The environ of one request (``PATH_INFO`` already WSGI-decoded); no
    ``HTTP_HOST`` when ``host`` is None; ``extra`` keys are set last."""
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if host is not None:
        environ["HTTP_HOST"] = host
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    environ.update(extra)
    return environ


class WSGIResult(t.NamedTuple):
    """What a server got from one call of a WSGI app."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes


def call_wsgi(app: t.Any, environ: dict[str, t.Any]) -> WSGIResult:
    """Call ``app`` as a PEP 3333 server does: ``start_response`` with
    ``exc_info`` replaces the status and headers until the body has begun, and
    re-raises after that."""
    state: dict[str, t.Any] = {"sent": False}

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        if exc_info is not None and state["sent"]:
            raise exc_info[1].with_traceback(exc_info[2])
        state["status"], state["headers"] = status, list(headers)
        return lambda data: None

    chunks = []
    app_iter = app(environ, start_response)
    try:
        for chunk in app_iter:
            state["sent"] = True
            chunks.append(chunk)
    finally:
        close = getattr(app_iter, "close", None)
        if close is not None:
            close()
    return WSGIResult(state["status"], state["headers"], b"".join(chunks))
