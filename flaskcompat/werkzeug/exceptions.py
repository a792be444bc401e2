"""HTTP exceptions that a view raises to end a request with an error status.

The family mirrors ``werkzeug.exceptions``: the same class names, codes,
descriptions and HTML error page, so ``errorhandler(NotFound)`` and
``abort(404)`` behave as in Flask.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from markupsafe import Markup, escape

from .http import HTTP_STATUS_CODES

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .wrappers import Response


def _get_environ(obj: t.Any) -> WSGIEnvironment:
    """Accept a WSGI environ or an object (a request) carrying ``.environ``."""
    env = getattr(obj, "environ", obj)
    if not isinstance(env, dict):
        raise TypeError(f"{type(obj).__name__!r} is not a WSGI environment")
    return env


#: Standard error pages by (code, name, description), see get_response.
_STANDARD_BODIES: dict[tuple[t.Any, str, t.Any], str] = {}


class HTTPException(Exception):
    """Base class of the HTTP errors. Call it as a WSGI app to send the error
    page, or use :meth:`get_response`.
    """

    code: int | None = None
    description: str | None = None

    def __init__(
        self, description: str | None = None, response: t.Any | None = None
    ) -> None:
        super().__init__()
        if description is not None:
            self.description = description
        self.response = response

    @property
    def name(self) -> str:
        """The status reason phrase, e.g. ``"Not Found"``."""
        if self.code is None:
            return "Unknown Error"
        return HTTP_STATUS_CODES.get(self.code, "Unknown Error")

    def get_description(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> str:
        """The description as an HTML paragraph (escaped, newlines as ``<br>``)."""
        description = "" if self.description is None else self.description
        description = escape(description).replace("\n", Markup("<br>"))
        return f"<p>{description}</p>"

    def get_body(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> str:
        """The HTML error page."""
        return (
            "<!doctype html>\n"
            "<html lang=en>\n"
            f"<title>{self.code} {escape(self.name)}</title>\n"
            f"<h1>{escape(self.name)}</h1>\n"
            f"{self.get_description(environ)}\n"
        )

    def get_headers(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> list[tuple[str, str]]:
        """The response headers of the error page."""
        return [("Content-Type", "text/html; charset=utf-8")]

    def _standard_body(self) -> str | None:
        """The error page when the class keeps the standard one (it depends
        on the code, name and description only, and its Content-Type is
        ``text/html``): built once per page; else None."""
        cls = type(self)
        if not (
            cls.get_body is HTTPException.get_body
            and cls.get_description is HTTPException.get_description
            and cls.get_headers is HTTPException.get_headers
        ):
            return None
        key = (self.code, self.name, self.description)
        body = _STANDARD_BODIES.get(key)
        if body is None:
            if len(_STANDARD_BODIES) >= 256:
                _STANDARD_BODIES.clear()
            body = _STANDARD_BODIES[key] = self.get_body()
        return body

    def get_response(
        self,
        environ: t.Any | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> Response:
        """The response to send: :attr:`response` if set, else the error page.

        ``environ`` may be a WSGI environ or a request object.
        """
        if self.response is not None:
            rv: Response = self.response
            return rv
        from .wrappers import Response

        body = self._standard_body()
        if body is not None:
            return Response(body, self.code, mimetype="text/html")
        env = _get_environ(environ) if environ is not None else None
        headers = self.get_headers(env, scope)
        return Response(self.get_body(env, scope), self.code, headers)

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Run the error page as a WSGI application."""
        response = self.get_response(environ)
        body: t.Iterable[bytes] = response(environ, start_response)
        return body

    def __str__(self) -> str:
        code = self.code if self.code is not None else "???"
        return f"{code} {self.name}: {self.description}"

    def __repr__(self) -> str:
        code = self.code if self.code is not None else "???"
        return f"<{type(self).__name__} '{code}: {self.name}'>"


class BadRequest(HTTPException):
    """*400* Bad Request: the request could not be understood."""

    code = 400
    description = (
        "The browser (or proxy) sent a request that this server could not understand."
    )


class BadRequestKeyError(BadRequest, KeyError):
    """Both a :exc:`KeyError` and a :exc:`BadRequest`; raised by the multi
    dicts and headers for a missing key, so an unhandled one becomes a 400.
    """

    _description = BadRequest.description
    #: Append the missing key to the description (useful in debug mode).
    show_exception = False

    def __init__(self, arg: object | None = None, *args: t.Any, **kwargs: t.Any):
        super().__init__(*args, **kwargs)
        if arg is None:
            KeyError.__init__(self)
        else:
            KeyError.__init__(self, arg)

    @property
    def description(self) -> str:
        if self.show_exception:
            return f"{self._description}\n{KeyError.__name__}: {KeyError.__str__(self)}"
        return self._description

    @description.setter
    def description(self, value: str) -> None:
        self._description = value


class ClientDisconnected(BadRequest):
    """The client went away while the request was being read."""


class SecurityError(BadRequest):
    """Something triggered a security error; otherwise a plain 400."""


class BadHost(BadRequest):
    """The ``Host`` of the request is malformed or not trusted."""


class Unauthorized(HTTPException):
    """*401* Unauthorized. ``www_authenticate`` is one value, or a list of
    values, for the ``WWW-Authenticate`` header(s).
    """

    code = 401
    description = (
        "The server could not verify that you are authorized to access"
        " the URL requested. You either supplied the wrong credentials"
        " (e.g. a bad password), or your browser doesn't understand"
        " how to supply the credentials required."
    )

    def __init__(
        self,
        description: str | None = None,
        response: t.Any | None = None,
        www_authenticate: t.Any | t.Iterable[t.Any] | None = None,
    ) -> None:
        super().__init__(description, response)
        if isinstance(www_authenticate, str) or hasattr(www_authenticate, "to_header"):
            www_authenticate = (www_authenticate,)
        self.www_authenticate = www_authenticate

    def get_headers(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.www_authenticate:
            headers.extend(("WWW-Authenticate", str(x)) for x in self.www_authenticate)
        return headers


class Forbidden(HTTPException):
    """*403* Forbidden: authenticated but not allowed."""

    code = 403
    description = (
        "You don't have the permission to access the requested"
        " resource. It is either read-protected or not readable by the"
        " server."
    )


class NotFound(HTTPException):
    """*404* Not Found."""

    code = 404
    description = (
        "The requested URL was not found on the server. If you entered"
        " the URL manually please check your spelling and try again."
    )


class MethodNotAllowed(HTTPException):
    """*405* Method Not Allowed; ``valid_methods`` fills the ``Allow`` header."""

    code = 405
    description = "The method is not allowed for the requested URL."

    def __init__(
        self,
        valid_methods: t.Iterable[str] | None = None,
        description: str | None = None,
        response: t.Any | None = None,
    ) -> None:
        super().__init__(description=description, response=response)
        self.valid_methods = valid_methods

    def get_headers(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.valid_methods:
            headers.append(("Allow", ", ".join(self.valid_methods)))
        return headers


class NotAcceptable(HTTPException):
    """*406* Not Acceptable."""

    code = 406
    description = (
        "The resource identified by the request is only capable of"
        " generating response entities which have content"
        " characteristics not acceptable according to the accept"
        " headers sent in the request."
    )


class RequestTimeout(HTTPException):
    """*408* Request Timeout."""

    code = 408
    description = (
        "The server closed the network connection because the browser"
        " didn't finish the request within the specified time."
    )


class Conflict(HTTPException):
    """*409* Conflict."""

    code = 409
    description = (
        "A conflict happened while processing the request. The"
        " resource might have been modified while the request was being"
        " processed."
    )


class Gone(HTTPException):
    """*410* Gone."""

    code = 410
    description = (
        "The requested URL is no longer available on this server and"
        " there is no forwarding address. If you followed a link from a"
        " foreign page, please contact the author of this page."
    )


class LengthRequired(HTTPException):
    """*411* Length Required."""

    code = 411
    description = (
        "A request with this method requires a valid <code>Content-"
        "Length</code> header."
    )


class PreconditionFailed(HTTPException):
    """*412* Precondition Failed."""

    code = 412
    description = (
        "The precondition on the request for the URL failed positive evaluation."
    )


class RequestEntityTooLarge(HTTPException):
    """*413* Request Entity Too Large."""

    code = 413
    description = "The data value transmitted exceeds the capacity limit."


class RequestURITooLarge(HTTPException):
    """*414* Request URI Too Long."""

    code = 414
    description = (
        "The length of the requested URL exceeds the capacity limit for"
        " this server. The request cannot be processed."
    )


class UnsupportedMediaType(HTTPException):
    """*415* Unsupported Media Type."""

    code = 415
    description = (
        "The server does not support the media type transmitted in the request."
    )


class RequestedRangeNotSatisfiable(HTTPException):
    """*416* Requested Range Not Satisfiable; ``length`` sets ``Content-Range``."""

    code = 416
    description = "The server cannot provide the requested range."

    def __init__(
        self,
        length: int | None = None,
        units: str = "bytes",
        description: str | None = None,
        response: t.Any | None = None,
    ) -> None:
        super().__init__(description=description, response=response)
        self.length = length
        self.units = units

    def get_headers(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.length is not None:
            headers.append(("Content-Range", f"{self.units} */{self.length}"))
        return headers


class ExpectationFailed(HTTPException):
    """*417* Expectation Failed."""

    code = 417
    description = "The server could not meet the requirements of the Expect header"


class ImATeapot(HTTPException):
    """*418* I'm a teapot."""

    code = 418
    description = "This server is a teapot, not a coffee machine"


class MisdirectedRequest(HTTPException):
    """*421* Misdirected Request."""

    code = 421
    description = "The server is not able to produce a response."


class UnprocessableEntity(HTTPException):
    """*422* Unprocessable Entity."""

    code = 422
    description = (
        "The request was well-formed but was unable to be followed due"
        " to semantic errors."
    )


class Locked(HTTPException):
    """*423* Locked."""

    code = 423
    description = "The resource that is being accessed is locked."


class FailedDependency(HTTPException):
    """*424* Failed Dependency."""

    code = 424
    description = (
        "The method could not be performed on the resource because the"
        " requested action depended on another action and that action"
        " failed."
    )


class PreconditionRequired(HTTPException):
    """*428* Precondition Required."""

    code = 428
    description = (
        "This request is required to be conditional; try using"
        ' "If-Match" or "If-Unmodified-Since".'
    )


class _RetryAfter(HTTPException):
    """Adds ``retry_after`` (seconds or a datetime) as the ``Retry-After`` header."""

    def __init__(
        self,
        description: str | None = None,
        response: t.Any | None = None,
        retry_after: datetime | int | None = None,
    ) -> None:
        super().__init__(description, response)
        self.retry_after = retry_after

    def get_headers(
        self,
        environ: WSGIEnvironment | None = None,
        scope: dict[str, t.Any] | None = None,
    ) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self.retry_after:
            if isinstance(self.retry_after, datetime):
                from .http import http_date

                value = http_date(self.retry_after)
            else:
                value = str(self.retry_after)
            headers.append(("Retry-After", value))
        return headers


class TooManyRequests(_RetryAfter):
    """*429* Too Many Requests; ``retry_after`` sets ``Retry-After``."""

    code = 429
    description = "This user has exceeded an allotted request count. Try again later."


class RequestHeaderFieldsTooLarge(HTTPException):
    """*431* Request Header Fields Too Large."""

    code = 431
    description = "One or more header fields exceeds the maximum size."


class UnavailableForLegalReasons(HTTPException):
    """*451* Unavailable For Legal Reasons."""

    code = 451
    description = "Unavailable for legal reasons."


class InternalServerError(HTTPException):
    """*500* Internal Server Error; ``original_exception`` is the unhandled
    error that caused it, when there is one.
    """

    code = 500
    description = (
        "The server encountered an internal error and was unable to"
        " complete your request. Either the server is overloaded or"
        " there is an error in the application."
    )

    def __init__(
        self,
        description: str | None = None,
        response: t.Any | None = None,
        original_exception: BaseException | None = None,
    ) -> None:
        self.original_exception = original_exception
        super().__init__(description=description, response=response)


class NotImplemented(HTTPException):
    """*501* Not Implemented (Werkzeug's name, shadowing the builtin here)."""

    code = 501
    description = "The server does not support the action requested by the browser."


class BadGateway(HTTPException):
    """*502* Bad Gateway."""

    code = 502
    description = (
        "The proxy server received an invalid response from an upstream server."
    )


class ServiceUnavailable(_RetryAfter):
    """*503* Service Unavailable; ``retry_after`` sets ``Retry-After``."""

    code = 503
    description = (
        "The server is temporarily unable to service your request due"
        " to maintenance downtime or capacity problems. Please try"
        " again later."
    )


class GatewayTimeout(HTTPException):
    """*504* Gateway Timeout."""

    code = 504
    description = "The connection to an upstream server timed out."


class HTTPVersionNotSupported(HTTPException):
    """*505* HTTP Version Not Supported."""

    code = 505
    description = (
        "The server does not support the HTTP protocol version used in the request."
    )


def _find_exceptions() -> dict[int, type[HTTPException]]:
    """Map each code to its most general exception class (as Werkzeug does)."""
    found: dict[int, type[HTTPException]] = {}
    for obj in list(globals().values()):
        if not (isinstance(obj, type) and issubclass(obj, HTTPException)):
            continue
        if obj.code is None:
            continue
        old = found.get(obj.code)
        if old is not None and issubclass(obj, old):
            continue
        found[obj.code] = obj
    return found


#: Status code -> exception class, used by :func:`abort`.
default_exceptions: dict[int, type[HTTPException]] = _find_exceptions()
del _find_exceptions


def _is_response(obj: object) -> bool:
    """Whether ``abort`` should raise ``obj`` as a ready-made response."""
    if isinstance(obj, (int, str, bytes)):
        return False
    try:
        from .wrappers import Response
    except ImportError:  # pragma: no cover - the wrappers module always exists
        pass
    else:
        if isinstance(obj, Response):
            return True
    return hasattr(obj, "status_code") and callable(obj)


class Aborter:
    """Raise the exception mapped to a status code, or an :exc:`HTTPException`
    wrapping a response object. Extra arguments go to the exception class.
    """

    def __init__(
        self,
        mapping: dict[int, type[HTTPException]] | None = None,
        extra: dict[int, type[HTTPException]] | None = None,
    ) -> None:
        if mapping is None:
            mapping = default_exceptions
        self.mapping = dict(mapping)
        if extra is not None:
            self.mapping.update(extra)

    def __call__(self, code: int | t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        if _is_response(code):
            raise HTTPException(response=code)
        if code not in self.mapping:
            raise LookupError(f"no exception for {code!r}")
        raise self.mapping[code](*args, **kwargs)


def abort(status: int | t.Any, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
    """Raise the :exc:`HTTPException` for ``status`` (``abort(404)``), or wrap
    a response object (``abort(Response("no", 418))``).
    """
    _aborter(status, *args, **kwargs)


_aborter: Aborter = Aborter()
