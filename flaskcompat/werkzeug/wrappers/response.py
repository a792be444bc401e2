"""Werkzeug's response object (``werkzeug.wrappers.Response``);
Flask's ``Response`` (:mod:`flaskcompat.wrappers`) subclasses it.
:meth:`Response.__call__` takes one short path from a list body to
``start_response``.
"""

from __future__ import annotations

import itertools
import json
import typing as t
from datetime import datetime, timedelta
from http import HTTPStatus
from urllib.parse import urljoin

from .._http_headers import _entity_headers
from ..datastructures import CallbackDict, Headers
from ..http import (
    HTTP_STATUS_CODES,
    dump_options_header,
    generate_etag,
    parse_options_header,
)
from ..sansio.http import dump_cookie
from ..sansio.utils import _environ_host as _get_host
from ..urls import current_url, iri_to_uri
from ..wsgi import ClosingIterator as ClosingIterator
from ..wsgi import make_conditional
from .descriptors import _lazy
from .headers_mixin import ResponseHeadersMixin
from .request import _wsgi_decode

if t.TYPE_CHECKING:
    import typing_extensions as te
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from .request import Request

#: ``200 -> "200 OK"``: status lines for every known code, built once.
_STATUS_LINES = {
    code: f"{code} {text.upper()}" for code, text in HTTP_STATUS_CODES.items()
}
_CHARSET_MIMETYPES = frozenset(
    (
        "application/ecmascript",
        "application/javascript",
        "application/sql",
        "application/xml",
        "application/xml-dtd",
        "application/xml-external-parsed-entity",
    )
)


def get_content_type(mimetype: str, charset: str) -> str:
    """Add ``; charset=...`` to text mimetypes (``text/*``, ``*+xml``, a few
    ``application/*`` types); return other mimetypes unchanged.
    """
    if (
        mimetype.startswith("text/")
        or mimetype in _CHARSET_MIMETYPES
        or mimetype.endswith("+xml")
    ):
        return f"{mimetype}; charset={charset}"
    return mimetype


#: mimetype -> content type, for the mimetypes responses are made with.
_CONTENT_TYPES: dict[str, str] = {}


def _content_type_for(mimetype: str) -> str:
    """``get_content_type(mimetype, "utf-8")``, remembered when it is a valid
    header value (so it can be added without checks).
    """
    rv = get_content_type(mimetype, "utf-8")
    if len(_CONTENT_TYPES) < 256 and "\n" not in rv and "\r" not in rv:
        _CONTENT_TYPES[mimetype] = rv
    return rv


def _iter_encoded(iterable: t.Iterable[str | bytes]) -> t.Iterator[bytes]:
    for item in iterable:
        if isinstance(item, str):
            yield item.encode()
        else:
            yield item


def _run_wsgi_app(
    app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
) -> tuple[t.Iterable[bytes], str, Headers]:
    """Call a WSGI app; return its body iterable, status and headers."""
    environ = dict(environ)
    response: tuple[str, list[tuple[str, str]]] | None = None
    buffer: list[bytes] = []

    def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
        nonlocal response
        if exc_info:
            try:
                raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        response = (status, headers)
        return buffer.append

    app_rv = app(environ, start_response)
    close_func = getattr(app_rv, "close", None)
    app_iter: t.Iterable[bytes] = iter(app_rv)
    if buffered:
        try:
            app_iter = list(app_iter)
        finally:
            if close_func is not None:
                close_func()
    else:
        # Run until start_response was called, keeping what was produced.
        for item in app_iter:
            buffer.append(item)
            if response is not None:
                break
        if buffer:
            app_iter = itertools.chain(buffer, app_iter)
        if close_func is not None and app_iter is not app_rv:
            app_iter = ClosingIterator(app_iter, close_func)
    if response is None:
        raise RuntimeError("The WSGI application did not call start_response.")
    return app_iter, response[0], Headers(response[1])


_new_headers = object.__new__


class _HeadersAttribute:
    """``response.headers``; assigning a dict or a list of pairs stores it as
    :class:`Headers`. Reads go straight to the instance dict.
    """

    def __set__(self, obj: Response, value: t.Any) -> None:
        obj.__dict__["headers"] = (
            value if isinstance(value, Headers) else Headers(value)
        )

    if t.TYPE_CHECKING:

        def __get__(self, obj: Response, owner: type[Response]) -> Headers: ...


class Response(ResponseHeadersMixin):
    """The response object: a body iterable, a status and :class:`Headers`;
    calling it runs it as a WSGI application.

    A ``str`` body is encoded as UTF-8 and sets ``Content-Length``. The
    default mimetype is ``text/plain`` (with ``charset=utf-8``). The header
    attributes (``cache_control``, ``expires``, ``set_etag``...) come from
    :class:`~flaskcompat.wrappers.headers_mixin.ResponseHeadersMixin`.
    """

    default_status = 200
    default_mimetype: str | None = "text/plain"
    #: Turn an iterable body into a list when the data is needed.
    implicit_sequence_conversion = True
    #: Make a relative ``Location`` absolute (off in Flask).
    autocorrect_location_header = False
    #: Add ``Content-Length`` for list bodies without one.
    automatically_set_content_length = True
    json_module: t.Any = json

    headers = _HeadersAttribute()
    response: t.Iterable[bytes] | t.Iterable[str]
    _status: str
    _status_code: int
    _on_close: list[t.Callable[[], t.Any]]
    _fast_call: t.ClassVar[bool] = True
    _plain_set_data: t.ClassVar[bool] = True
    _plain_status: t.ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        # The short paths of __init__ and __call__ stand for these methods; a
        # subclass that overrides one of them gets the general path.
        cls._plain_set_data = cls.set_data is Response.set_data
        cls._plain_status = (
            cls.status is Response.__dict__["status"]
            and cls._clean_status is Response._clean_status
        )
        cls._fast_call = all(
            getattr(cls, name) is getattr(Response, name)
            for name in (
                "get_wsgi_headers",
                "get_app_iter",
                "get_wsgi_response",
                "iter_encoded",
                "close",
            )
        )

    def __init__(
        self,
        response: t.Iterable[bytes] | bytes | t.Iterable[str] | str | None = None,
        status: int | str | HTTPStatus | None = None,
        headers: t.Mapping[str, str | t.Iterable[str]]
        | t.Iterable[tuple[str, str]]
        | None = None,
        mimetype: str | None = None,
        content_type: str | None = None,
        direct_passthrough: bool = False,
    ) -> None:
        if (
            response.__class__ is str
            and headers is None
            and content_type is None
            and self._plain_set_data
            and self._plain_status
            and self.automatically_set_content_length
        ):
            # The most common response, a text body with the defaults, in
            # one step: the same headers, status and body as the path below.
            if mimetype is None:
                mimetype = self.default_mimetype
            ctype = None if mimetype is None else _CONTENT_TYPES.get(mimetype)
            code = self.default_status if status is None else status
            line = _STATUS_LINES.get(code) if code.__class__ is int else None
            if ctype is not None and line is not None:
                data = response.encode()
                hdrs = _new_headers(Headers)  # Headers(), its list set below
                hdrs._list = [
                    ("Content-Type", ctype),
                    ("Content-Length", str(len(data))),
                ]
                self.__dict__["headers"] = hdrs
                self._status = line
                self._status_code = code  # type: ignore[assignment]
                self.direct_passthrough = direct_passthrough
                self._on_close = []
                self.response = [data]
                return
        # ``fresh``: a new, empty Headers, so pairs known to be valid can be
        # appended directly instead of going through ``set``.
        fresh = False
        if isinstance(headers, Headers):
            hdrs = headers
        elif headers:
            hdrs = Headers(headers)
        else:
            hdrs = Headers()
            fresh = True
        self.__dict__["headers"] = hdrs
        if content_type is None:
            if mimetype is None and (
                fresh or not any(k.lower() == "content-type" for k, _ in hdrs)
            ):
                mimetype = self.default_mimetype
            if mimetype is not None:
                content_type = _CONTENT_TYPES.get(mimetype)
                if content_type is None:
                    content_type = _content_type_for(mimetype)
                elif fresh:
                    hdrs._list.append(("Content-Type", content_type))
                    content_type = None
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        self.status = self.default_status if status is None else status
        #: Send the body iterable as it is (no encoding or sequence checks).
        self.direct_passthrough = direct_passthrough
        self._on_close = []
        if response is None:
            self.response = []
        elif isinstance(response, (str, bytes, bytearray)):
            if fresh and self._plain_set_data and self.automatically_set_content_length:
                # set_data, with the only possible header already known
                if isinstance(response, str):
                    response = response.encode()
                self.response = [response]
                hdrs._list.append(("Content-Length", str(len(response))))
            else:
                self.set_data(response)
        else:
            self.response = response

    def __repr__(self) -> str:
        if self.is_sequence:
            body_info = f"{sum(map(len, self.iter_encoded()))} bytes"
        else:
            body_info = "streamed" if self.is_streamed else "likely-streamed"
        return f"<{type(self).__name__} {body_info} [{self.status}]>"

    # --- status ---------------------------------------------------------------

    @property
    def status(self) -> str:
        """The status line, e.g. ``"200 OK"``; set a code, ``"404"`` or
        ``"599 CUSTOM"``.
        """
        return self._status

    @status.setter
    def status(self, value: str | int | HTTPStatus) -> None:
        self._status, self._status_code = self._clean_status(value)

    @property
    def status_code(self) -> int:
        """The status as an int."""
        return self._status_code

    @status_code.setter
    def status_code(self, code: int) -> None:
        self.status = code

    def _clean_status(self, value: str | int | HTTPStatus) -> tuple[str, int]:
        if value.__class__ is int and value in _STATUS_LINES:
            return _STATUS_LINES[value], value
        if isinstance(value, (int, HTTPStatus)):
            code = int(value)
        else:
            value = value.strip()
            if not value:
                raise ValueError("Empty status argument")
            if "\n" in value or "\r" in value:
                # Werkzeug lets these through to the server: header injection.
                raise ValueError("Status must not contain newline characters.")
            code_str, sep, _ = value.partition(" ")
            try:
                code = int(code_str)
            except ValueError:
                return f"0 {value}", 0
            if sep:
                return value, code
        return _STATUS_LINES.get(code) or f"{code} UNKNOWN", code

    # --- body -----------------------------------------------------------------

    def call_on_close(self, func: t.Callable[[], t.Any]) -> t.Callable[[], t.Any]:
        """Call ``func`` when the response is closed (after it was sent)."""
        self._on_close.append(func)
        return func

    @t.overload
    def get_data(self, as_text: t.Literal[False] = False) -> bytes: ...
    @t.overload
    def get_data(self, as_text: t.Literal[True]) -> str: ...
    def get_data(self, as_text: bool = False) -> bytes | str:
        """The whole body as bytes (or text); an iterable body is consumed
        into a list first.
        """
        self._ensure_sequence()
        rv = b"".join(self.iter_encoded())
        return rv.decode() if as_text else rv

    def set_data(self, value: bytes | str) -> None:
        """Replace the body (``str`` is UTF-8 encoded) and set ``Content-Length``."""
        if isinstance(value, str):
            value = value.encode()
        self.response = [value]
        if self.automatically_set_content_length:
            self.headers["Content-Length"] = str(len(value))

    data = property(get_data, set_data, doc="The body; see get_data and set_data.")

    def iter_encoded(self) -> t.Iterator[bytes]:
        """Iterate the body, encoding ``str`` items as UTF-8."""
        return _iter_encoded(self.response)

    @property
    def is_sequence(self) -> bool:
        """Whether the body is a list or tuple (not a stream)."""
        return isinstance(self.response, (tuple, list))

    @property
    def is_streamed(self) -> bool:
        """Whether the body has no length (a generator or other iterator)."""
        try:
            len(self.response)  # type: ignore[arg-type]
        except (TypeError, AttributeError):
            return True
        return False

    def make_sequence(self) -> None:
        """Consume an iterable body into a list of bytes (its ``close`` is kept
        for :meth:`close`).
        """
        if not self.is_sequence:
            close = getattr(self.response, "close", None)
            self.response = list(self.iter_encoded())
            if close is not None:
                self.call_on_close(close)

    def _ensure_sequence(self, mutable: bool = False) -> None:
        if self.is_sequence:
            if mutable and not isinstance(self.response, list):
                self.response = list(t.cast("t.Iterable[bytes]", self.response))
            return
        if self.direct_passthrough:
            raise RuntimeError(
                "Attempted implicit sequence conversion but the"
                " response object is in direct passthrough mode."
            )
        if not self.implicit_sequence_conversion:
            raise RuntimeError(
                "The response object required the iterable to be a"
                " sequence, but the implicit conversion was disabled."
                " Call make_sequence() yourself."
            )
        self.make_sequence()

    @_lazy
    def stream(self) -> ResponseStream:
        """A write-only file-like object appending to the body."""
        return ResponseStream(self)

    def calculate_content_length(self) -> int | None:
        """The body length, or ``None`` if it cannot be known."""
        try:
            self._ensure_sequence()
        except RuntimeError:
            return None
        return sum(len(x) for x in self.iter_encoded())

    def freeze(self) -> None:
        """Buffer the body as a list and set ``Content-Length`` and ``ETag``."""
        self.response = list(self.iter_encoded())
        self.headers["Content-Length"] = str(sum(map(len, self.response)))
        self.add_etag()

    def close(self) -> None:
        """Close the body iterable (if it can be) and run the
        :meth:`call_on_close` functions.
        """
        if hasattr(self.response, "close"):
            self.response.close()
        for func in self._on_close:
            func()

    def __enter__(self) -> te.Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- headers --------------------------------------------------------------

    @property
    def mimetype(self) -> str | None:
        """The content type without parameters."""
        ct = self.headers.get("content-type")
        return ct.split(";")[0].strip() if ct else None

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.headers["Content-Type"] = get_content_type(value, "utf-8")

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The content type parameters; changing the dict updates the header."""

        def on_update(d: CallbackDict[str, str]) -> None:
            self.headers["Content-Type"] = dump_options_header(self.mimetype, d)

        d = parse_options_header(self.headers.get("content-type", ""))[1]
        return CallbackDict(d, on_update)

    def add_etag(self, overwrite: bool = False, weak: bool = False) -> None:
        """Set an ETag from a SHA-1 of the body, unless there is one."""
        if overwrite or "etag" not in self.headers:
            self.set_etag(generate_etag(self.get_data()), weak)

    def make_conditional(
        self,
        request_or_environ: WSGIEnvironment | Request,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> te.Self:
        """Answer the request's conditional and range headers in place (304,
        412, 206); see :func:`flaskcompat.sending.make_conditional`.
        """
        return make_conditional(
            self, request_or_environ, accept_ranges, complete_length
        )

    # --- cookies --------------------------------------------------------------

    #: A cookie larger than this many bytes triggers a warning (0: never).
    max_cookie_size: int = 4093

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: timedelta | int | None = None,
        expires: str | datetime | int | float | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Add a ``Set-Cookie`` header (``max_age`` also sets ``Expires``)."""
        self.headers.add(
            "Set-Cookie",
            dump_cookie(
                key,
                value=value,
                max_age=max_age,
                expires=expires,
                path=path,
                domain=domain,
                secure=secure,
                httponly=httponly,
                max_size=self.max_cookie_size,
                samesite=samesite,
                partitioned=partitioned,
            ),
        )

    def delete_cookie(
        self,
        key: str,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Expire a cookie (path and domain must match the ones it was set with)."""
        self.set_cookie(
            key,
            expires=0,
            max_age=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
            partitioned=partitioned,
        )

    # --- JSON -----------------------------------------------------------------

    @property
    def is_json(self) -> bool:
        """Whether the mimetype is ``application/json`` or ``application/*+json``."""
        mt = self.mimetype
        return mt is not None and (
            mt == "application/json"
            or (mt.startswith("application/") and mt.endswith("+json"))
        )

    @property
    def json(self) -> t.Any | None:
        """The body parsed as JSON; ``None`` if the mimetype is not JSON."""
        return self.get_json()

    def get_json(self, force: bool = False, silent: bool = False) -> t.Any | None:
        """The body parsed as JSON (``None`` for a non-JSON mimetype unless
        ``force``); invalid JSON raises unless ``silent``.
        """
        if not (force or self.is_json):
            return None
        try:
            return self.json_module.loads(self.get_data())
        except ValueError:
            if not silent:
                raise
            return None

    # --- WSGI -----------------------------------------------------------------

    @classmethod
    def force_type(
        cls, response: Response, environ: WSGIEnvironment | None = None
    ) -> te.Self:
        """Make ``response`` an instance of this class; a WSGI application is
        run with ``environ`` to get one.
        """
        if not isinstance(response, Response):
            if environ is None:
                raise TypeError(
                    "cannot convert WSGI application into response"
                    " objects without an environ"
                )
            response = Response(*_run_wsgi_app(response, environ))
        response.__class__ = cls
        return response  # type: ignore[return-value]

    @classmethod
    def from_app(
        cls, app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
    ) -> te.Self:
        """The response of a WSGI application called with ``environ``."""
        return cls(*_run_wsgi_app(app, environ, buffered))

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        """The headers to send: URL headers made URI-safe, ``Content-Length``
        dropped for 1xx/204, entity headers dropped for 304, and a
        ``Content-Length`` added for a list body.
        """
        headers = Headers(self.headers)
        location = content_location = content_length = None
        status = self.status_code
        for key, value in headers:
            ikey = key.lower()
            if ikey == "location":
                location = value
            elif ikey == "content-location":
                content_location = value
            elif ikey == "content-length":
                content_length = value
        if location is not None:
            location = iri_to_uri(location)
            if self.autocorrect_location_header:
                base = current_url(
                    environ.get("wsgi.url_scheme", "http"),
                    _get_host(environ, environ.get("wsgi.url_scheme", "http"), None),
                    _wsgi_decode(environ.get("SCRIPT_NAME") or ""),
                    _wsgi_decode(environ.get("PATH_INFO") or ""),
                )
                location = urljoin(iri_to_uri(base), location)
            headers["Location"] = location
        if content_location is not None:
            headers["Content-Location"] = iri_to_uri(content_location)
        if 100 <= status < 200 or status == 204:
            headers.remove("Content-Length")
        elif status == 304:
            headers[:] = [
                (k, v)
                for k, v in headers
                if k.lower() not in _entity_headers
                or k.lower() in ("expires", "content-location")
            ]
        if (
            self.automatically_set_content_length
            and self.is_sequence
            and content_length is None
            and status not in (204, 304)
            and not (100 <= status < 200)
        ):
            headers["Content-Length"] = str(sum(len(x) for x in self.iter_encoded()))
        return headers

    def get_app_iter(self, environ: WSGIEnvironment) -> t.Iterable[bytes]:
        """The body iterable to send: empty for HEAD, 1xx, 204 and 304; its
        ``close()`` closes this response.
        """
        status = self.status_code
        if (
            environ["REQUEST_METHOD"] == "HEAD"
            or 100 <= status < 200
            or status in (204, 304)
        ):
            iterable: t.Iterable[bytes] = ()
        elif self.direct_passthrough:
            return self.response  # type: ignore[return-value]
        else:
            iterable = self.iter_encoded()
        return ClosingIterator(iterable, self.close)

    def get_wsgi_response(
        self, environ: WSGIEnvironment
    ) -> tuple[t.Iterable[bytes], str, list[tuple[str, str]]]:
        """``(app_iter, status, headers list)`` for ``environ``."""
        headers = self.get_wsgi_headers(environ)
        app_iter = self.get_app_iter(environ)
        return app_iter, self.status, headers.to_wsgi_list()

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Send the response as a WSGI application."""
        if self._fast_call and not self.direct_passthrough:
            # The common case in one pass: a list of bytes, a plain status,
            # no URL headers to rewrite. Same result as the general path.
            body = self.response
            headers = self.headers
            code = self._status_code
            if (
                body.__class__ is list
                and headers.__class__ is Headers
                and code >= 200
                and code != 204
                and code != 304
            ):
                has_length = False
                pairs = headers._list  # exactly Headers: its list, as iterating gives
                for key, _ in pairs:
                    lkey = key.lower()
                    if lkey == "content-length":
                        has_length = True
                    elif lkey == "location" or lkey == "content-location":
                        break
                else:
                    for chunk in body:
                        if chunk.__class__ is not bytes:
                            break
                    else:
                        wsgi_headers = pairs.copy()
                        if not has_length and self.automatically_set_content_length:
                            length = str(sum(map(len, body)))
                            wsgi_headers.append(("Content-Length", length))
                        start_response(self._status, wsgi_headers)
                        if environ["REQUEST_METHOD"] == "HEAD":
                            body = []
                        if self._on_close:
                            return ClosingIterator(body, self.close)
                        return body
        app_iter, status, wsgi_headers = self.get_wsgi_response(environ)
        start_response(status, wsgi_headers)
        return app_iter


class ResponseStream:
    """The :attr:`Response.stream` file: each :meth:`write` appends to the
    body (made a list first) and drops ``Content-Length``.
    """

    mode = "wb+"

    def __init__(self, response: Response) -> None:
        self.response = response
        self.closed = False

    def write(self, value: bytes) -> int:
        """Append ``value`` to the body; return its length."""
        if self.closed:
            raise ValueError("I/O operation on closed file")
        self.response._ensure_sequence(mutable=True)
        self.response.response.append(value)  # type: ignore[union-attr]
        self.response.headers.pop("Content-Length", None)
        return len(value)

    def writelines(self, seq: t.Iterable[bytes]) -> None:
        """Write every item of ``seq``."""
        for item in seq:
            self.write(item)

    def close(self) -> None:
        """Refuse further writes (the response is not closed)."""
        self.closed = True

    def flush(self) -> None:
        """Nothing to flush; a ValueError once closed."""
        if self.closed:
            raise ValueError("I/O operation on closed file")

    def isatty(self) -> bool:
        """Always false; a ValueError once closed."""
        if self.closed:
            raise ValueError("I/O operation on closed file")
        return False

    def tell(self) -> int:
        """The body length so far."""
        self.response._ensure_sequence()
        return sum(map(len, self.response.response))

    @property
    def encoding(self) -> str:
        """Always ``utf-8``."""
        return "utf-8"
