"""``werkzeug.formparser``: the form parsers (:class:`FormDataParser`,
:class:`MultiPartParser`, :func:`parse_form_data`).

Semantics follow ``werkzeug.formparser``
and ``werkzeug.sansio.multipart``: the same 400/413 errors at the same points,
and broken form bodies give empty ``form``/``files`` instead of an error.

Bottle's parsers are not used here. Its body reader de-chunks on its own and
spools at ``MEMFILE_MAX``, its ``forms`` decode as latin-1 and treat every
non-multipart body as URL-encoded, and its multipart parser accepts CRLF only
and has other limits. A body Bottle already buffered in the environ is reused.
"""

from __future__ import annotations

import re
import typing as t
from tempfile import SpooledTemporaryFile
from urllib.parse import unquote

from .datastructures import FileStorage, Headers, MultiDict
from .exceptions import RequestEntityTooLarge
from .http import parse_options_header, plain_int
from .sansio.utils import get_content_length as _get_content_length
from .urls import _url_quote_errors  # noqa: F401 - registers the error handler
from .wsgi import LimitedStream as LimitedStream
from .wsgi import get_input_stream as get_input_stream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    class StreamFactory(t.Protocol):
        def __call__(
            self,
            total_content_length: int | None,
            content_type: str | None,
            filename: str | None,
            content_length: int | None = None,
        ) -> t.IO[bytes]: ...


FormResult = tuple[t.IO[bytes], "MultiDict[str, t.Any]", "MultiDict[str, t.Any]"]


def parse_qs(query: str) -> list[tuple[str, str]]:
    """Split a query string or URL-encoded form into ``(key, value)`` pairs.

    ``urllib.parse.parse_qsl(query, keep_blank_values=True)`` (as Werkzeug
    calls it) without its overhead; invalid UTF-8 escapes stay percent-encoded.
    """
    out = []
    for pair in query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        key = key.replace("+", " ")
        if "%" in key:
            key = unquote(key, errors="flaskcompat.url_quote")
        value = value.replace("+", " ")
        if "%" in value:
            value = unquote(value, errors="flaskcompat.url_quote")
        out.append((key, value))
    return out


def default_stream_factory(
    total_content_length: int | None,
    content_type: str | None,
    filename: str | None,
    content_length: int | None = None,
) -> t.IO[bytes]:
    """Where an uploaded file goes: memory up to 500 kB, then a temp file."""
    return t.cast("t.IO[bytes]", SpooledTemporaryFile(max_size=500 * 1024, mode="rb+"))


def _parse_body(
    stream: t.IO[bytes],
    mimetype: str,
    content_length: int | None,
    options: dict[str, str],
    *,
    cls: type[MultiDict[str, t.Any]],
    stream_factory: StreamFactory = default_stream_factory,
    max_form_memory_size: int | None = None,
    max_form_parts: int | None = None,
) -> FormResult:
    """Parse a URL-encoded or multipart body into ``(stream, form, files)``.

    Other mimetypes leave the stream unread. A malformed body gives empty
    dicts; exceeding a limit raises RequestEntityTooLarge.
    """
    try:
        if mimetype == "application/x-www-form-urlencoded":
            if (
                max_form_memory_size is not None
                and content_length is not None
                and content_length > max_form_memory_size
            ):
                raise RequestEntityTooLarge()
            return stream, cls(parse_qs(stream.read().decode())), cls()
        if mimetype == "multipart/form-data":
            boundary = options.get("boundary", "").encode("ascii")
            if not boundary:
                raise ValueError("Missing boundary")
            parser = _MultipartParser(
                boundary, stream_factory, max_form_memory_size, max_form_parts
            )
            fields, files = parser.parse(stream, content_length)
            return stream, cls(fields), cls(files)
    except ValueError:
        pass
    return stream, cls(), cls()


# Multipart line breaks must be CRLF (RFC 7578) but bare CR or LF are seen in
# the wild, so all three are accepted, as Werkzeug does.
_LINE_BREAK = b"(?:\r\n|\n|\r)"
_BLANK_LINE_RE = re.compile(b"(?:\r\n\r\n|\r\r|\n\n)", re.MULTILINE)
_LINE_BREAK_RE = re.compile(_LINE_BREAK, re.MULTILINE)
_HEADER_CONTINUATION_RE = re.compile(b"%s[ \t]" % _LINE_BREAK, re.MULTILINE)
_SEARCH_EXTRA_LENGTH = 8
_BLANKS = frozenset(b" \t\x0b\x0c")  # what [^\S\n\r] matches in bytes
_PREAMBLE, _PART, _DATA_START, _DATA, _EPILOGUE = range(5)
_SAFE_CHARSETS = frozenset(("ascii", "us-ascii", "utf-8", "iso-8859-1"))


class _MultipartParser:
    """Werkzeug's incremental multipart decoder and parser in one: the body
    is read in 64 kB chunks, fields collect in memory (``max_form_memory_size``
    each), files stream into ``stream_factory`` containers.
    """

    def __init__(
        self,
        boundary: bytes,
        stream_factory: StreamFactory,
        max_form_memory_size: int | None,
        max_parts: int | None,
    ) -> None:
        self.boundary = boundary
        self.stream_factory = stream_factory
        self.max_size = max_form_memory_size
        self.max_parts = max_parts
        self.buffer = bytearray()
        self.state = _PREAMBLE
        self.search_pos = 0
        self.parts = 0
        self.containers: list[t.IO[bytes]] = []
        self.delimiter = b"--" + boundary

    def _find_boundary(
        self, buf: bytearray, pos: int, line_break_optional: bool
    ) -> tuple[int, int, bool] | None:
        """The first boundary line in ``buf`` from ``pos``: ``(start, end,
        final)``, or None. It is what searching for
        ``LB--BOUNDARY(--WS*LB?|WS*LB)`` finds (LB: CRLF, LF or CR; WS: blanks
        but not line breaks; ``final``: the closing ``--``), with ``LB``
        optional before the first boundary; found with ``bytes.find`` instead
        of a regular expression compiled for every request's boundary.
        """
        delimiter = self.delimiter
        size = len(buf)
        pos = buf.find(delimiter, pos)
        while pos != -1:
            start = pos
            if pos >= 1 and buf[pos - 1] == 10:  # LF, maybe after CR
                start = pos - 2 if pos >= 2 and buf[pos - 2] == 13 else pos - 1
            elif pos >= 1 and buf[pos - 1] == 13:
                start = pos - 1
            if start != pos or line_break_optional:
                end = pos + len(delimiter)
                final = buf[end : end + 2] == b"--"
                if final:
                    end += 2
                while end < size and buf[end] in _BLANKS:
                    end += 1
                if end < size and buf[end] == 13:
                    end += 2 if end + 1 < size and buf[end + 1] == 10 else 1
                    return start, end, final
                if end < size and buf[end] == 10:
                    return start, end + 1, final
                if final:
                    return start, end, final
            pos = buf.find(delimiter, pos + 1)
        return None

    def parse(
        self, stream: t.IO[bytes], content_length: int | None
    ) -> tuple[list[tuple[str, str]], list[tuple[str, FileStorage]]]:
        """The fields and files of the body. On an error (a limit, a malformed
        body) the files received so far are closed, not left to the garbage
        collector: above 500 kB each is a temporary file on disk.
        """
        try:
            return self._parse(stream, content_length)
        except BaseException:
            for container in self.containers:
                container.close()
            raise

    def _parse(
        self, stream: t.IO[bytes], content_length: int | None
    ) -> tuple[list[tuple[str, str]], list[tuple[str, FileStorage]]]:
        fields: list[tuple[str, str]] = []
        files: list[tuple[str, FileStorage]] = []
        name = filename = ""
        headers = Headers()
        parts: list[bytes] = []
        container: t.IO[bytes] | None = None
        field_size = 0
        max_size = self.max_size
        complete = False
        while not complete:
            data = stream.read(64 * 1024)
            if data:
                if max_size is not None and len(self.buffer) + len(data) > max_size:
                    raise RequestEntityTooLarge()
                self.buffer.extend(data)
            else:
                complete = True
            while True:
                event = self._next_event(complete)
                if event is None:
                    break
                if event[0] == "part":
                    _, name, fname, headers = event
                    if fname is None:
                        container, parts, field_size = None, [], 0
                    else:
                        filename = fname
                        container = self._start_file(headers, fname, content_length)
                    continue
                if event[0] == "end":
                    return fields, files
                chunk, more_data = event[1], event[2]
                if container is None:
                    field_size += len(chunk)
                    if max_size is not None and field_size > max_size:
                        raise RequestEntityTooLarge()
                    parts.append(chunk)
                    if not more_data:
                        charset = self._part_charset(headers)
                        fields.append(
                            (name, b"".join(parts).decode(charset, "replace"))
                        )
                else:
                    container.write(chunk)
                    if not more_data:
                        container.seek(0)
                        files.append(
                            (
                                name,
                                FileStorage(container, filename, name, headers=headers),
                            )
                        )
        return fields, files

    def _start_file(
        self, headers: Headers, filename: str, total_length: int | None
    ) -> t.IO[bytes]:
        try:
            length = plain_int(headers.get("content-length", ""))
        except ValueError:
            length = 0
        container = self.stream_factory(
            total_content_length=total_length,
            filename=filename,
            content_type=headers.get("content-type"),
            content_length=length,
        )
        self.containers.append(container)
        return container

    @staticmethod
    def _part_charset(headers: Headers) -> str:
        content_type = headers.get("content-type")
        if content_type:
            charset = parse_options_header(content_type)[1].get("charset", "").lower()
            if charset in _SAFE_CHARSETS:
                return charset
        return "utf-8"

    def _next_event(self, complete: bool) -> tuple[t.Any, ...] | None:
        """The next ``("part", name, filename, headers)``, ``("data", bytes,
        more_data)`` or ``("end",)`` event, or ``None`` to read more.
        """
        buf = self.buffer
        event: tuple[t.Any, ...] | None = None
        if self.state == _PREAMBLE:
            found = self._find_boundary(buf, self.search_pos, True)
            if found is not None:
                self.state = _EPILOGUE if found[2] else _PART
                del buf[: found[1]]
                self.search_pos = 0
                return self._next_event(complete)
            self.search_pos = max(
                0, len(buf) - len(self.boundary) - _SEARCH_EXTRA_LENGTH
            )
        elif self.state == _PART:
            m = _BLANK_LINE_RE.search(buf, self.search_pos)
            if m is not None:
                headers = self._parse_headers(buf[: m.start()])
                # The blank line's first break ends the headers; the data
                # starts with the second one.
                del buf[: (m.start() + m.end()) // 2]
                if "content-disposition" not in headers:
                    raise ValueError("Missing Content-Disposition header")
                extra = parse_options_header(headers["content-disposition"])[1]
                event = ("part", extra.get("name"), extra.get("filename"), headers)
                self.state = _DATA_START
                self.search_pos = 0
                self.parts += 1
                if self.max_parts is not None and self.parts > self.max_parts:
                    raise RequestEntityTooLarge()
            else:
                self.search_pos = max(0, len(buf) - _SEARCH_EXTRA_LENGTH)
        elif self.state == _DATA_START or self.state == _DATA:
            start = self.state == _DATA_START
            data, del_index, more_data = self._parse_data(buf, start)
            del buf[:del_index]
            if start or data or not more_data:
                event = ("data", data, more_data)
                if start and more_data:
                    self.state = _DATA
        elif self.state == _EPILOGUE and complete:
            del buf[:]
            return ("end",)
        if event is None and complete:
            raise ValueError("Invalid form-data: unexpected end of body")
        return event

    @staticmethod
    def _parse_headers(data: bytes | bytearray) -> Headers:
        headers = Headers()
        for line in _HEADER_CONTINUATION_RE.sub(b" ", data).splitlines():
            line = line.strip()
            if line:
                key, _, value = line.decode().partition(":")
                headers.add(key.strip(), value.strip())
        return headers

    def _parse_data(self, data: bytearray, start: bool) -> tuple[bytes, int, bool]:
        data_start = 0
        if start:
            m = _LINE_BREAK_RE.match(data)
            data_start = m.end() if m is not None else 0
        found = self._find_boundary(data, 0, False)
        if found is not None:
            self.state = _EPILOGUE if found[2] else _PART
            data_end, del_index = found[0], found[1]
        else:
            # No complete boundary yet; keep a possible partial one buffered.
            data_end = del_index = self._partial_boundary_index(data, data_start)
        more_data = found is None
        return bytes(data[data_start:data_end]), del_index, more_data

    def _partial_boundary_index(self, data: bytearray, start: int) -> int:
        # A CR or LF within one boundary length of the end may start a
        # boundary that is not complete yet: keep from there on buffered.
        last = len(data)
        limit = last - len(self.boundary) - 4
        for sep in (b"\n", b"\r"):
            idx = data.rfind(sep, start)
            if idx >= limit and idx != -1:
                last = min(last, idx)
        return last


class FormDataParser:
    """Parse a URL-encoded or multipart body into ``(stream, form, files)``
    (``cls`` instances). A malformed body gives empty dicts unless ``silent``
    is false; exceeding a limit raises RequestEntityTooLarge.
    """

    def __init__(
        self,
        stream_factory: StreamFactory | None = None,
        max_form_memory_size: int | None = None,
        max_content_length: int | None = None,
        cls: type[MultiDict[str, t.Any]] | None = None,
        silent: bool = True,
        *,
        max_form_parts: int | None = None,
    ) -> None:
        self.stream_factory = stream_factory or default_stream_factory
        self.max_form_memory_size = max_form_memory_size
        self.max_content_length = max_content_length
        self.max_form_parts = max_form_parts
        self.cls: type[MultiDict[str, t.Any]] = cls or MultiDict
        self.silent = silent

    def parse_from_environ(self, environ: WSGIEnvironment) -> FormResult:
        """Parse the body of a WSGI environ."""
        stream = get_input_stream(environ, max_content_length=self.max_content_length)
        content_length = _get_content_length(
            environ.get("CONTENT_LENGTH"), environ.get("HTTP_TRANSFER_ENCODING")
        )
        mimetype, options = parse_options_header(environ.get("CONTENT_TYPE"))
        return self.parse(stream, mimetype, content_length, options)

    def parse(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> FormResult:
        """Parse ``stream``, a body of ``mimetype`` (with its ``options``, the
        multipart boundary); other mimetypes leave it unread."""
        boundary = (options or {}).get("boundary")
        if not self.silent and mimetype == "multipart/form-data" and not boundary:
            raise ValueError("Missing boundary")
        return _parse_body(
            stream,
            mimetype,
            content_length,
            options or {},
            cls=self.cls,
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
        )


class MultiPartParser:
    """Parse a ``multipart/form-data`` body into ``(form, files)``."""

    def __init__(
        self,
        stream_factory: StreamFactory | None = None,
        max_form_memory_size: int | None = None,
        cls: type[MultiDict[str, t.Any]] | None = None,
        buffer_size: int = 64 * 1024,
        max_form_parts: int | None = None,
    ) -> None:
        self.stream_factory = stream_factory or default_stream_factory
        self.max_form_memory_size = max_form_memory_size
        self.max_form_parts = max_form_parts
        self.cls: type[MultiDict[str, t.Any]] = cls or MultiDict
        self.buffer_size = buffer_size

    def parse(
        self, stream: t.IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, t.Any], MultiDict[str, t.Any]]:
        """The fields and files of the body; ``ValueError`` if it is malformed."""
        parser = _MultipartParser(
            boundary,
            self.stream_factory,
            self.max_form_memory_size,
            self.max_form_parts,
        )
        fields, files = parser.parse(stream, content_length)
        return self.cls(fields), self.cls(files)


def parse_form_data(
    environ: WSGIEnvironment,
    stream_factory: StreamFactory | None = None,
    max_form_memory_size: int | None = None,
    max_content_length: int | None = None,
    cls: type[MultiDict[str, t.Any]] | None = None,
    silent: bool = True,
    *,
    max_form_parts: int | None = None,
) -> FormResult:
    """Parse the form body of a WSGI environ into ``(stream, form, files)``
    (a :class:`FormDataParser` with these arguments)."""
    return FormDataParser(
        stream_factory,
        max_form_memory_size,
        max_content_length,
        cls,
        silent,
        max_form_parts=max_form_parts,
    ).parse_from_environ(environ)
