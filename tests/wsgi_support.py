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
    """What a WSGI app answered: the status line, the header list and the body."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def code(self) -> int:
        return int(self.status[:3])

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


class WSGICall:
    """One call of a WSGI app whose body the test reads itself (partly, or
    watching for errors): :meth:`start` calls the app, ``started`` lists each
    ``start_response`` call, :meth:`close` closes the body."""

    def __init__(self, app: t.Any, environ: dict[str, t.Any]) -> None:
        self.app = app
        self.environ = environ
        self.started: list[tuple[str, list[tuple[str, str]]]] = []
        self.iterable: t.Iterable[bytes] = ()

    def start(self) -> t.Iterable[bytes]:
        """Call the app; its body iterable."""
        self.iterable = self.app(self.environ, self.start_response)
        return self.iterable

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], object]:
        assert not self.started or exc_info is not None, "start_response called twice"
        self.started.append((status, list(headers)))
        return lambda data: None

    def close(self) -> None:
        close = getattr(self.iterable, "close", None)
        if close is not None:
            close()


def call_wsgi(app: t.Any, environ: dict[str, t.Any]) -> WSGIResult:
    """Call a WSGI app once as a server would: ``start_response`` must be called
    exactly once (or again with ``exc_info``), the body is iterated to the end
    and ``close()`` is always called."""
    call = WSGICall(app, environ)
    try:
        body = b"".join(call.start())
    finally:
        call.close()
    assert call.started, "the app never called start_response"
    status, headers = call.started[-1]
    return WSGIResult(status, headers, body)


class StrictWSGICall(WSGICall):
    """A :class:`WSGICall` that checks the protocol as a strict server would:
    one ``start_response`` (never with ``exc_info``) before the first chunk,
    ``(str, str)`` header pairs in a list, bytes chunks, no ``write()``."""

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
    ) -> t.Callable[[bytes], object]:
        assert exc_info is None, "start_response called with exc_info"
        assert not self.started, "start_response called twice"
        assert type(status) is str, status
        assert type(headers) is list, type(headers)
        for pair in headers:
            assert type(pair) is tuple and len(pair) == 2, pair
            assert type(pair[0]) is str and type(pair[1]) is str, pair
        self.started.append((status, headers))

        def write(data: bytes) -> None:
            raise AssertionError("the legacy write() callable was used")

        return write


def call_wsgi_strict(app: t.Any, environ: dict[str, t.Any]) -> WSGIResult:
    """:func:`call_wsgi` under :class:`StrictWSGICall`'s checks; the body must
    be an iterable of bytes, not a string, and come after the headers."""
    call = StrictWSGICall(app, environ)
    iterable = call.start()
    assert not isinstance(iterable, (str, bytes)), "the body must not be a string"
    chunks: list[bytes] = []
    try:
        for chunk in iterable:
            assert call.started, "a body chunk came before start_response"
            assert type(chunk) is bytes, type(chunk)
            chunks.append(chunk)
    finally:
        call.close()
    assert len(call.started) == 1, "start_response was never called"
    status, headers = call.started[0]
    return WSGIResult(status, headers, b"".join(chunks))
