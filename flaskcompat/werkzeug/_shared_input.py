"""One request body for several readers, and chunked bodies on wsgiref.

:class:`SharedBody` reads ``wsgi.input`` once, the way Werkzeug does (the
``Content-Length``, else to the end when the server set
``wsgi.input_terminated``, else the chunked framing decoded here), into a
seekable buffer that every reader of the request then shares: the body cannot
be consumed by one side and found empty by the other. A body that cannot be
read is a 400 (or a 413 past ``max_content_length``) for every reader, never
an empty body.

:class:`DechunkedInput` decodes ``Transfer-Encoding: chunked`` (Werkzeug's
development server has the same class); :class:`DechunkingRequestHandler`
makes the standard library's ``wsgiref`` server use it, so the default
server of ``app.run()`` keeps chunked bodies as Werkzeug's server does.
"""

from __future__ import annotations

import copy
import io
import typing as t
from tempfile import SpooledTemporaryFile
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler

from .exceptions import (
    BadRequest,
    ClientDisconnected,
    HTTPException,
    RequestEntityTooLarge,
)
from .sansio.utils import get_content_length
from .wsgi import LimitedStream, get_input_stream

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIEnvironment

#: Bodies up to this size are buffered in memory, larger ones in a temp file.
MEMORY_BODY_MAX = 512 * 1024
_LINE_MAX = 65537


class DechunkedInput(io.RawIOBase):
    """Read the payload of a chunked body from the raw input stream; a
    malformed chunk or an early end raises :exc:`OSError`."""

    def __init__(self, rfile: t.IO[bytes]) -> None:
        self._rfile = rfile
        self._done = False
        self._left = 0

    def readable(self) -> bool:
        return True

    def _chunk_length(self) -> int:
        line = self._rfile.readline(_LINE_MAX)
        if not line.endswith(b"\n"):
            raise OSError("Incomplete chunk header")
        try:
            length = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError as e:
            raise OSError("Invalid chunk header") from e
        if length < 0:
            raise OSError("Negative chunk length")
        return length

    def _end_of_chunk(self) -> None:
        if self._rfile.readline(_LINE_MAX) not in (b"\r\n", b"\n"):
            raise OSError("Missing chunk terminator")

    def readinto(self, buffer: t.Any) -> int:
        view = memoryview(buffer)
        read = 0
        while not self._done and read < len(view):
            if self._left == 0:
                self._left = self._chunk_length()
                if self._left == 0:
                    self._done = True
                    # Trailer fields, up to the blank line that ends the body.
                    for _ in range(100):
                        line = self._rfile.readline(_LINE_MAX)
                        if line in (b"\r\n", b"\n", b""):
                            break
                    break
            data = self._rfile.read(min(len(view) - read, self._left))
            if not data:
                raise OSError("Client disconnected in a chunk")
            view[read : read + len(data)] = data
            read += len(data)
            self._left -= len(data)
            if self._left == 0:
                self._end_of_chunk()
        return read


def _is_chunked(transfer_encoding: str | None) -> bool:
    return transfer_encoding is not None and "chunked" in transfer_encoding.lower()


class SharedBody:
    """The request body, read once on first use and shared by its readers.

    It stands where a reader expects a seekable file (Bottle's
    ``bottle.request.body`` key; Werkzeug's ``get_input_stream`` seeks it to
    the start): every attribute is the buffer's. ``max_content_length`` is
    asked for when the body is read, from ``limit``.
    """

    __slots__ = (
        "_input",
        "_length",
        "_transfer_encoding",
        "_terminated",
        "_limit",
        "_buffer",
        "_error",
        "_closed",
        "_at_limit",
    )

    def __init__(
        self,
        environ: WSGIEnvironment,
        limit: t.Callable[[], int | None] | None = None,
    ) -> None:
        # Only the values needed: no reference back to the environ.
        self._input: t.IO[bytes] | None = environ.get("wsgi.input")
        self._length: str | None = environ.get("CONTENT_LENGTH")
        self._transfer_encoding: str | None = environ.get("HTTP_TRANSFER_ENCODING")
        self._terminated = bool(environ.get("wsgi.input_terminated"))
        self._limit = limit
        self._buffer: t.IO[bytes] | None = None
        self._error: HTTPException | None = None
        self._closed = False
        self._at_limit = False

    @property
    def is_read(self) -> bool:
        """Whether the body has been read (by any reader)."""
        return self._buffer is not None

    def file(self) -> t.IO[bytes]:
        """The buffered body; reads it on first use (or raises what reading
        it raised the first time)."""
        buffer = self._buffer
        if buffer is None:
            if self._error is not None:
                raise copy.copy(self._error)
            try:
                buffer = self._read()
            except HTTPException as e:
                self._error = e
                raise
            self._buffer = buffer
        return buffer

    def _small_length(self) -> int | None:
        """The ``Content-Length`` when it is given and small enough to read
        into memory at once, else None."""
        if self._transfer_encoding is None and self._length:
            length = get_content_length(self._length, None)
            if length is not None and length <= MEMORY_BODY_MAX:
                return length
        return None

    def _read(self, small_length: int | None = None) -> t.IO[bytes]:
        limit = self._limit() if self._limit is not None else None
        raw = self._input if self._input is not None else io.BytesIO()
        length = small_length if small_length is not None else self._small_length()
        if length is not None:  # the common case, in one read
            if limit is not None and length > limit:
                raise RequestEntityTooLarge()
            try:
                data = raw.read(length) if length else b""
            except (OSError, ValueError) as e:
                raise ClientDisconnected() from e
            if len(data) < length:
                raise ClientDisconnected()
            return io.BytesIO(data)
        length = get_content_length(self._length, self._transfer_encoding)
        stream: t.IO[bytes]
        if (
            length is None
            and not self._terminated
            and _is_chunked(self._transfer_encoding)
        ):
            # Chunked framing the server left in place: decode it here rather
            # than give an empty body (what Werkzeug does without a length).
            stream = t.cast("t.IO[bytes]", DechunkedInput(raw))
            if limit is not None:
                stream = t.cast("t.IO[bytes]", LimitedStream(stream, limit, True))
        else:
            environ: dict[str, t.Any] = {
                "wsgi.input": raw,
                "CONTENT_LENGTH": self._length,
                "HTTP_TRANSFER_ENCODING": self._transfer_encoding,
            }
            if self._terminated:
                environ["wsgi.input_terminated"] = True
            stream = get_input_stream(environ, True, limit)
        buffer: t.IO[bytes]
        # Read after close (a preserved context): in memory, as nothing would
        # close a temporary file.
        unbounded = length is None and (
            self._terminated or _is_chunked(self._transfer_encoding)
        )
        if self._closed or not unbounded and (length or 0) <= MEMORY_BODY_MAX:
            buffer = io.BytesIO()
        else:
            buffer = t.cast(
                "t.IO[bytes]",
                SpooledTemporaryFile(max_size=MEMORY_BODY_MAX, mode="w+b"),  # noqa: SIM115
            )
        try:
            while not getattr(stream, "is_exhausted", False):
                data = stream.read(64 * 1024)
                if not data:
                    break
                buffer.write(data)
        except HTTPException:
            buffer.close()
            raise
        except (OSError, ValueError) as e:
            buffer.close()
            raise (
                ClientDisconnected()
                if not _is_chunked(self._transfer_encoding)
                else BadRequest("The chunked request body is malformed.")
            ) from e
        buffer.seek(0)
        # Cut at max_content_length: Werkzeug's readers see the cut body (as
        # Werkzeug does), other readers get a 413.
        self._at_limit = (
            bool(getattr(stream, "is_exhausted", False)) and limit is not None
        )
        return buffer

    def _checked(self) -> t.IO[bytes]:
        file = self.file()
        if self._at_limit:
            raise RequestEntityTooLarge()
        return file

    def reader(self) -> t.IO[bytes]:
        """A stream of the body for Werkzeug's readers, with a position of
        its own. A small body of known length is read now; another is read
        on the first read, not before (the readers check limits first)."""
        buffer = self._buffer
        if buffer is None and self._error is None:
            length = self._small_length()
            if length is not None:
                try:
                    buffer = self._buffer = self._read(length)
                except HTTPException as e:
                    self._error = e
                    raise
        if isinstance(buffer, io.BytesIO):
            return io.BytesIO(buffer.getvalue())
        return t.cast("t.IO[bytes]", _SharedReader(self))

    def seek(self, offset: int, whence: int = 0) -> int:
        """Seek the buffer; going to the start of an unread body reads nothing
        (the readers check limits on the length before they read)."""
        if self._buffer is None and offset == 0 and whence in (0, 1):
            return 0
        return self._checked().seek(offset, whence)

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._checked(), name)

    def __iter__(self) -> t.Iterator[bytes]:
        return iter(self._checked())

    def close(self) -> None:
        """Close the buffer, if the body was read."""
        self._closed = True
        if self._buffer is not None:
            self._buffer.close()


class _SharedReader(io.RawIOBase):
    """One reader's position in a :class:`SharedBody`."""

    def __init__(self, body: SharedBody) -> None:
        self._body = body
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: t.Any) -> int:
        file = self._body.file()
        file.seek(self._pos)
        data = file.read(len(buffer))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


class DechunkingRequestHandler(WSGIRequestHandler):
    """``wsgiref``'s request handler that decodes chunked request bodies and
    sets ``wsgi.input_terminated``, as Werkzeug's development server does;
    it logs requests unless ``quiet``."""

    quiet = False

    def address_string(self) -> str:
        return str(self.client_address[0])

    def log_request(self, *args: t.Any, **kwargs: t.Any) -> None:
        if not self.quiet:
            super().log_request(*args, **kwargs)

    def handle(self) -> None:
        """wsgiref's ``handle``, with the input dechunked when it is chunked."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        environ = self.get_environ()
        rfile: t.Any = self.rfile
        stdin: t.Any = rfile
        if _is_chunked(environ.get("HTTP_TRANSFER_ENCODING")):
            stdin = t.cast(t.Any, io.BufferedReader(DechunkedInput(rfile)))
            environ["wsgi.input_terminated"] = True
        wfile: t.Any = self.wfile
        handler = ServerHandler(
            stdin, wfile, self.get_stderr(), environ, multithread=False
        )
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]
