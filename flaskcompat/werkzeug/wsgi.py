"""``werkzeug.wsgi``: reading a WSGI environ (:func:`get_current_url`,
:func:`get_host`, :func:`get_input_stream`, ...), closing and file iterators, and
the machinery of file responses (conditional and range requests), which
``Response.make_conditional`` and ``send_file`` delegate to
:func:`make_conditional`.
"""

from __future__ import annotations

import io
import typing as t
from functools import update_wrapper

from .exceptions import ClientDisconnected as ClientDisconnected
from .exceptions import RequestedRangeNotSatisfiable, _get_environ
from .exceptions import RequestEntityTooLarge as RequestEntityTooLarge
from .http import http_date, is_resource_modified, parse_etags, parse_range_header
from .sansio import utils as _sansio_utils
from .sansio.utils import host_is_trusted as host_is_trusted

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

    from .wrappers import Request, Response


def responder(f: t.Callable[..., WSGIApplication]) -> WSGIApplication:
    """Decorate a function returning a WSGI app: calling the result calls that
    app with the last two arguments (``environ, start_response``)."""
    return update_wrapper(lambda *a: f(*a)(*a[-2:]), f)


def get_current_url(
    environ: WSGIEnvironment,
    root_only: bool = False,
    strip_querystring: bool = False,
    host_only: bool = False,
    trusted_hosts: t.Collection[str] | None = None,
) -> str:
    """The request's URL (an IRI) rebuilt from the environ: only the root
    (``root_only``), without the query (``strip_querystring``) or only the
    scheme and host (``host_only``)."""
    scheme = environ["wsgi.url_scheme"]
    host = get_host(environ, trusted_hosts)
    if host_only:
        return _sansio_utils.get_current_url(scheme, host)
    root = environ.get("SCRIPT_NAME", "")
    if root_only:
        return _sansio_utils.get_current_url(scheme, host, root)
    path = environ.get("PATH_INFO", "")
    if strip_querystring:
        return _sansio_utils.get_current_url(scheme, host, root, path)
    query = environ.get("QUERY_STRING", "").encode("latin1")
    return _sansio_utils.get_current_url(scheme, host, root, path, query)


def get_host(
    environ: WSGIEnvironment, trusted_hosts: t.Collection[str] | None = None
) -> str:
    """``host[:port]`` from the Host header or ``SERVER_NAME``/``SERVER_PORT``
    (see :func:`.sansio.utils.get_host`).

    :raise SecurityError: the host is not in ``trusted_hosts``.
    """
    return _sansio_utils._environ_host(
        environ, environ["wsgi.url_scheme"], trusted_hosts
    )


def get_content_length(environ: WSGIEnvironment) -> int | None:
    """``CONTENT_LENGTH`` as an int (``None`` if absent or chunked, 0 if bad)."""
    return _sansio_utils.get_content_length(
        environ.get("CONTENT_LENGTH"), environ.get("HTTP_TRANSFER_ENCODING")
    )


def get_path_info(environ: WSGIEnvironment) -> str:
    """``PATH_INFO`` decoded from WSGI's latin-1 to text (UTF-8, replacing)."""
    path: bytes = environ.get("PATH_INFO", "").encode("latin1")
    return path.decode(errors="replace")


class LimitedStream(io.RawIOBase):
    """Read at most ``limit`` bytes from ``stream``.

    ``limit`` is the ``Content-Length`` (a short body raises ClientDisconnected)
    or, with ``is_max``, ``max_content_length`` (reading past it raises
    RequestEntityTooLarge).
    """

    def __init__(self, stream: t.IO[bytes], limit: int, is_max: bool = False) -> None:
        self._stream = stream
        self._pos = 0
        self.limit = limit
        self._limit_is_max = is_max

    @property
    def is_exhausted(self) -> bool:
        """Whether the limit has been reached."""
        return self._pos >= self.limit

    def on_exhausted(self) -> None:
        """Called on a read past the limit; a maximum raises 413."""
        if self._limit_is_max:
            raise RequestEntityTooLarge()

    def on_disconnect(self, error: Exception | None = None) -> None:
        """Called when the input ends early; raises 400 ClientDisconnected
        unless the limit is a maximum and the stream simply ended.
        """
        if not self._limit_is_max or error is not None:
            raise ClientDisconnected()

    def exhaust(self) -> bytes:
        """Read and return whatever is left up to the limit."""
        if not self.is_exhausted:
            return self.readall()
        return b""

    def _read_some(self, size: int) -> bytes:
        try:
            data = self._stream.read(size)
        except (OSError, ValueError) as e:
            self.on_disconnect(error=e)
            return b""
        if not data:
            self.on_disconnect()
            return b""
        self._pos += len(data)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        remaining = self.limit - self._pos
        if remaining <= 0:
            self.on_exhausted()
            return b""
        return self._read_some(min(size, remaining))

    def readinto(self, b: t.Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        if self.is_exhausted:
            self.on_exhausted()
            return b""
        # 64 kB steps, as Werkzeug: ``io.BufferedReader.read(n)`` (a socket's
        # ``wsgi.input``) allocates ``n`` bytes up front, so one read of a
        # forged ``Content-Length`` could ask for terabytes.
        chunks = []
        while self._pos < self.limit:
            data = self._read_some(min(64 * 1024, self.limit - self._pos))
            if not data:
                break
            chunks.append(data)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True


def get_input_stream(
    environ: WSGIEnvironment,
    safe_fallback: bool = True,
    max_content_length: int | None = None,
) -> t.IO[bytes]:
    """``wsgi.input`` wrapped so it cannot be read past ``Content-Length`` or
    ``max_content_length`` (413 up front if ``Content-Length`` is too big).

    Without a length and without ``wsgi.input_terminated`` the body is not
    read at all (an empty stream) unless ``safe_fallback`` is false.
    """
    content_length = get_content_length(environ)
    if (
        content_length is not None
        and max_content_length is not None
        and content_length > max_content_length
    ):
        raise RequestEntityTooLarge()
    shared = environ.get("bottle.request.body")
    if shared is not None:
        stream: t.IO[bytes]
        if hasattr(shared, "reader"):  # a body shared with Bottle, read once
            stream = shared.reader()
        else:  # Bottle read the whole body into a seekable buffer already
            shared.seek(0)
            stream = shared
        terminated = True
    else:
        stream = environ["wsgi.input"]
        terminated = "wsgi.input_terminated" in environ
    if terminated:
        if max_content_length is not None:
            return t.cast(
                "t.IO[bytes]", LimitedStream(stream, max_content_length, True)
            )
        return stream
    if content_length is None:
        return io.BytesIO() if safe_fallback else stream
    return t.cast("t.IO[bytes]", LimitedStream(stream, content_length))


class ClosingIterator:
    """Iterate ``iterable``; :meth:`close` closes it (if it can be closed),
    then calls ``callbacks`` (one callable or several).
    """

    def __init__(
        self,
        iterable: t.Iterable[bytes],
        callbacks: t.Callable[[], t.Any]
        | t.Iterable[t.Callable[[], t.Any]]
        | None = None,
    ) -> None:
        self._next = iter(iterable).__next__
        if callbacks is None:
            cbs: list[t.Callable[[], t.Any]] = []
        elif callable(callbacks):
            cbs = [callbacks]
        else:
            cbs = list(callbacks)
        iterable_close = getattr(iterable, "close", None)
        if iterable_close:
            cbs.insert(0, iterable_close)
        self._callbacks = cbs

    def __iter__(self) -> ClosingIterator:
        return self

    def __next__(self) -> bytes:
        return self._next()

    def close(self) -> None:
        for callback in self._callbacks:
            callback()

_R = t.TypeVar("_R", bound="Response")


class FileWrapper:
    """Iterate a binary file in blocks of ``buffer_size`` bytes; ``close()``
    closes the file. Seeks through to the file, for range requests.
    """

    def __init__(self, file: t.IO[bytes], buffer_size: int = 8192) -> None:
        self.file = file
        self.buffer_size = buffer_size

    def close(self) -> None:
        if hasattr(self.file, "close"):
            self.file.close()

    def seekable(self) -> bool:
        if hasattr(self.file, "seekable"):
            return self.file.seekable()
        return hasattr(self.file, "seek")

    def seek(self, *args: t.Any) -> None:
        if hasattr(self.file, "seek"):
            self.file.seek(*args)

    def tell(self) -> int | None:
        if hasattr(self.file, "tell"):
            return self.file.tell()
        return None

    def __iter__(self) -> FileWrapper:
        return self

    def __next__(self) -> bytes:
        data = self.file.read(self.buffer_size)
        if data:
            return data
        raise StopIteration()


def wrap_file(
    environ: WSGIEnvironment, file: t.IO[bytes], buffer_size: int = 8192
) -> t.Iterable[bytes]:
    """Wrap ``file`` for a response body: the server's ``wsgi.file_wrapper``
    (PEP 3333) when it offers one, else :class:`FileWrapper`. Send it with
    ``direct_passthrough=True`` so it reaches the server unchanged.
    """
    wrapper = environ.get("wsgi.file_wrapper", FileWrapper)
    return wrapper(file, buffer_size)  # type: ignore[no-any-return]


class _RangeWrapper:
    """Yield ``byte_range`` bytes of ``iterable`` from ``start_byte`` on,
    seeking when the iterable can seek and skipping blocks otherwise.
    """

    def __init__(
        self,
        iterable: t.Iterable[bytes],
        start_byte: int = 0,
        byte_range: int | None = None,
    ) -> None:
        self.iterable = iterable
        self._iterator = iter(iterable)
        self.start_byte = start_byte
        self.end_byte = None if byte_range is None else start_byte + byte_range
        self.read_length = 0
        seekable = getattr(iterable, "seekable", None)
        self.seekable = bool(seekable is not None and seekable())
        self.end_reached = False

    def __iter__(self) -> _RangeWrapper:
        return self

    def _next_chunk(self) -> bytes:
        try:
            chunk = next(self._iterator)
        except StopIteration:
            self.end_reached = True
            raise
        self.read_length += len(chunk)
        return chunk

    def _first_iteration(self) -> tuple[bytes | None, int]:
        chunk = None
        if self.seekable:
            self.iterable.seek(self.start_byte)  # type: ignore[attr-defined]
            self.read_length = self.iterable.tell()  # type: ignore[attr-defined]
            return None, self.read_length
        while self.read_length <= self.start_byte:
            chunk = self._next_chunk()
        if chunk is not None:
            chunk = chunk[self.start_byte - self.read_length :]
        return chunk, self.start_byte

    def _next(self) -> bytes:
        if self.end_reached:
            raise StopIteration()
        chunk = None
        contextual_read_length = self.read_length
        if self.read_length == 0:
            chunk, contextual_read_length = self._first_iteration()
        if chunk is None:
            chunk = self._next_chunk()
        if self.end_byte is not None and self.read_length >= self.end_byte:
            self.end_reached = True
            return chunk[: self.end_byte - contextual_read_length]
        return chunk

    def __next__(self) -> bytes:
        chunk = self._next()
        if chunk:
            return chunk
        self.end_reached = True
        raise StopIteration()

    def close(self) -> None:
        close = getattr(self.iterable, "close", None)
        if close is not None:
            close()


def _is_range_request_processable(response: Response, environ: WSGIEnvironment) -> bool:
    """A ``Range`` header is present, and ``If-Range`` (if sent) still
    matches the response's ``ETag``/``Last-Modified``.
    """
    return (
        "HTTP_IF_RANGE" not in environ
        or not is_resource_modified(
            environ,
            response.headers.get("etag"),
            None,
            response.headers.get("last-modified"),
            ignore_if_range=False,
        )
    ) and "HTTP_RANGE" in environ


def _process_range_request(
    response: Response,
    environ: WSGIEnvironment,
    complete_length: int | None,
    accept_ranges: bool | str,
) -> bool:
    """Turn ``response`` into a 206 for a satisfiable single range; ``True``
    if it did. Sets ``Accept-Ranges`` whenever ranges are accepted.

    :raises RequestedRangeNotSatisfiable: the ``Range`` header is malformed,
        has several ranges, or lies outside the body.
    """
    if not accept_ranges:
        return False
    if accept_ranges is True:
        accept_ranges = "bytes"
    response.headers["Accept-Ranges"] = accept_ranges

    if not (complete_length and _is_range_request_processable(response, environ)):
        return False

    parsed_range = parse_range_header(environ.get("HTTP_RANGE"))
    if parsed_range is None:
        raise RequestedRangeNotSatisfiable(complete_length)

    range_tuple = parsed_range.range_for_length(complete_length)
    content_range = parsed_range.to_content_range_header(complete_length)
    if range_tuple is None or content_range is None:
        raise RequestedRangeNotSatisfiable(complete_length)

    start, stop = range_tuple
    response.headers["Content-Length"] = str(stop - start)
    response.headers["Content-Range"] = content_range
    response.status_code = 206
    response.response = _RangeWrapper(
        t.cast("t.Iterable[bytes]", response.response), start, stop - start
    )
    return True


def make_conditional(
    response: _R,
    request_or_environ: WSGIEnvironment | Request,
    accept_ranges: bool | str = False,
    complete_length: int | None = None,
) -> _R:
    """Make ``response`` answer the request's conditions, in place, as
    Werkzeug's ``Response.make_conditional``: for GET and HEAD, add ``Date``,
    serve a single ``Range`` as 206 (when ``accept_ranges`` and
    ``complete_length`` allow it), and turn an unmodified resource into 304
    (412 when ``If-Match`` was sent). Returns ``response``.

    :raises RequestedRangeNotSatisfiable: for a range that cannot be served.
    """
    environ = _get_environ(request_or_environ)
    if environ["REQUEST_METHOD"] in ("GET", "HEAD"):
        headers = response.headers
        if "date" not in headers:
            headers["Date"] = http_date()
        is206 = _process_range_request(
            response, environ, complete_length, accept_ranges
        )
        if not is206 and not is_resource_modified(
            environ,
            headers.get("etag"),
            None,
            headers.get("last-modified"),
        ):
            if parse_etags(environ.get("HTTP_IF_MATCH")):
                response.status_code = 412
            else:
                response.status_code = 304
        if (
            response.automatically_set_content_length
            and "content-length" not in headers
        ):
            length = response.calculate_content_length()
            if length is not None:
                headers["Content-Length"] = str(length)
    return response
