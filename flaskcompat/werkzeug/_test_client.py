"""Werkzeug's test :class:`Client` and what it returns (``werkzeug.test``'s
second half; :mod:`.test` re-exports every name): requests to a WSGI app without
a server, a cookie jar, redirects followed on request, :class:`TestResponse`.
Flask's ``FlaskClient`` subclasses :class:`Client`.
"""

from __future__ import annotations

import dataclasses
import typing as t
from datetime import datetime
from urllib.parse import urlsplit

from .datastructures import Headers
from .http import parse_date
from .sansio.http import _parse_cookie_pairs, dump_cookie
from .test import EnvironBuilder
from .utils import cached_property
from .wrappers import Request, Response
from .wrappers.response import _run_wsgi_app
from .wsgi import get_current_url

if t.TYPE_CHECKING:  # pragma: no cover
    import typing_extensions as te
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

_REDIRECT_CODES = frozenset((301, 302, 303, 305, 307, 308))


def run_wsgi_app(
    app: WSGIApplication, environ: WSGIEnvironment, buffered: bool = False
) -> tuple[t.Iterable[bytes], str, Headers]:
    """Call a WSGI app; return ``(app_iter, status, headers)``. The environ is
    copied first; ``buffered`` reads the whole body (and closes the iterable)."""
    return _run_wsgi_app(app, environ, buffered)


class ClientRedirectError(Exception):
    """``follow_redirects=True`` met a redirect it already followed."""


class TestResponse(Response):
    """The response the test client returns: a :class:`Response` with the
    :attr:`request` that produced it and the :attr:`history` of redirects.

    A client's ``response_wrapper`` that is not a subclass is combined with it.
    """

    # Don't assume a mimetype, use whatever the app's response has.
    default_mimetype = None

    #: The request the response answers (built from the environ that was sent).
    request: Request

    #: The responses of the redirects followed before this one, oldest first.
    history: tuple[TestResponse, ...]

    # Tell pytest this is not a test class.
    __test__ = False

    def __init__(
        self,
        response: t.Iterable[bytes],
        status: str,
        headers: Headers,
        request: Request,
        history: tuple[TestResponse, ...] = (),
        **kwargs: t.Any,
    ) -> None:
        super().__init__(response, status, headers, **kwargs)
        self.request = request
        self.history = history

    @cached_property
    def text(self) -> str:
        """The response body as text, ``get_data(as_text=True)``."""
        return self.get_data(as_text=True)


@dataclasses.dataclass
class Cookie:
    """A cookie in the client's jar, as :meth:`Client.get_cookie` returns it."""

    #: The key, encoded as a client sees it.
    key: str
    #: The value, encoded as a client sees it.
    value: str
    #: The key as the application sets and reads it.
    decoded_key: str
    #: The value as the application sets and reads it.
    decoded_value: str
    #: When the cookie expires.
    expires: datetime | None
    #: Seconds from when the cookie was set to when it expires.
    max_age: int | None
    #: The domain the cookie was set for, or the request's host.
    domain: str
    #: Only sent to :attr:`domain` itself (no ``Domain`` parameter was given).
    origin_only: bool
    #: The path the cookie was set for.
    path: str
    #: The ``Secure`` parameter.
    secure: bool | None
    #: The ``HttpOnly`` parameter.
    http_only: bool | None
    #: The ``SameSite`` parameter.
    same_site: str | None

    def _matches_request(self, server_name: str, path: str) -> bool:
        return (
            server_name == self.domain
            or (
                not self.origin_only
                and server_name.endswith(self.domain)
                and server_name[: -len(self.domain)].endswith(".")
            )
        ) and (
            path == self.path
            or (
                path.startswith(self.path)
                and path[len(self.path) - self.path.endswith("/") :].startswith("/")
            )
        )

    def _to_request_header(self) -> str:
        return f"{self.key}={self.value}"

    @classmethod
    def _from_response_header(cls, server_name: str, path: str, header: str) -> te.Self:
        header, _, parameters_str = header.partition(";")
        key, _, value = header.partition("=")
        decoded_key, decoded_value = (_parse_cookie_pairs(header) or [(key, value)])[0]
        params: dict[str, str | None] = {}

        for item in parameters_str.split(";"):
            k, sep, v = item.partition("=")
            params[k.strip().lower()] = v.strip() if sep else None

        return cls(
            key=key.strip(),
            value=value.strip(),
            decoded_key=decoded_key,
            decoded_value=decoded_value,
            expires=parse_date(params.get("expires")),
            max_age=int(params["max-age"] or 0) if "max-age" in params else None,
            domain=params.get("domain") or server_name,
            origin_only="domain" not in params,
            path=params.get("path") or path.rpartition("/")[0] or "/",
            secure="secure" in params,
            http_only="httponly" in params,
            same_site=params.get("samesite"),
        )

    @property
    def _storage_key(self) -> tuple[str, str, str]:
        return self.domain, self.path, self.decoded_key

    @property
    def _should_delete(self) -> bool:
        return self.max_age == 0 or (
            self.expires is not None and self.expires.timestamp() == 0
        )


def _request_url_parts(environ: WSGIEnvironment) -> tuple[str, str]:
    """The host name ("localhost" without one) and path an environ requests."""
    url = urlsplit(get_current_url(environ))
    return url.hostname or "localhost", url.path


class Client:
    """Make requests to a WSGI ``application`` without a server.

    Keeps cookies across requests (``use_cookies``: domain and path matching,
    as a browser would) and follows redirects on request. ``response_wrapper``
    is the response class (combined with :class:`TestResponse`).
    """

    def __init__(
        self,
        application: WSGIApplication,
        response_wrapper: type[Response] | None = None,
        use_cookies: bool = True,
        allow_subdomain_redirects: bool = False,
    ) -> None:
        self.application = application
        if response_wrapper is None or response_wrapper is Response:
            response_wrapper = TestResponse
        elif not issubclass(response_wrapper, TestResponse):
            response_wrapper = type(
                "WrapperTestResponse", (TestResponse, response_wrapper), {}
            )
        self.response_wrapper = t.cast("type[TestResponse]", response_wrapper)
        self._cookies: dict[tuple[str, str, str], Cookie] | None = (
            {} if use_cookies else None
        )
        self.allow_subdomain_redirects = allow_subdomain_redirects

    def _cookie_jar(self) -> dict[tuple[str, str, str], Cookie]:
        if self._cookies is None:
            raise TypeError(
                "Cookies are disabled. Create a client with 'use_cookies=True'."
            )
        return self._cookies

    def get_cookie(
        self, key: str, domain: str = "localhost", path: str = "/"
    ) -> Cookie | None:
        """The cookie stored for ``(domain, path, key)``, or ``None``."""
        return self._cookie_jar().get((domain, path, key))

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        domain: str = "localhost",
        origin_only: bool = True,
        path: str = "/",
        **kwargs: t.Any,
    ) -> None:
        """Store a cookie to send with later requests to ``domain`` (exactly,
        or its subdomains too unless ``origin_only``) under ``path``. Other
        ``kwargs`` are :func:`~.http.dump_cookie`'s.
        """
        jar = self._cookie_jar()
        cookie = Cookie._from_response_header(
            domain, "/", dump_cookie(key, value, domain=domain, path=path, **kwargs)
        )
        cookie.origin_only = origin_only
        if cookie._should_delete:
            jar.pop(cookie._storage_key, None)
        else:
            jar[cookie._storage_key] = cookie

    def delete_cookie(
        self, key: str, *, domain: str = "localhost", path: str = "/"
    ) -> None:
        """Remove the cookie stored for ``(domain, path, key)`` if present."""
        self._cookie_jar().pop((domain, path, key), None)

    def _add_cookies_to_wsgi(self, environ: WSGIEnvironment) -> None:
        """Set the environ's ``Cookie`` header to the jar's matching cookies."""
        if self._cookies is None:
            return
        value = ""
        if self._cookies:
            server_name, path = _request_url_parts(environ)
            value = "; ".join(
                c._to_request_header()
                for c in self._cookies.values()
                if c._matches_request(server_name, path)
            )
        if value:
            environ["HTTP_COOKIE"] = value
        else:
            environ.pop("HTTP_COOKIE", None)

    def _update_cookies_from_response(
        self, server_name: str, path: str, headers: list[str]
    ) -> None:
        """Store or delete the cookies of ``Set-Cookie`` header values."""
        if self._cookies is None:
            return
        for header in headers:
            cookie = Cookie._from_response_header(server_name, path, header)
            if cookie._should_delete:
                self._cookies.pop(cookie._storage_key, None)
            else:
                self._cookies[cookie._storage_key] = cookie

    def run_wsgi_app(
        self, environ: WSGIEnvironment, buffered: bool = False
    ) -> tuple[t.Iterable[bytes], str, Headers]:
        """Call the app with the jar's cookies and store the response's;
        return ``(app_iter, status, headers)``.
        """
        self._add_cookies_to_wsgi(environ)
        rv = run_wsgi_app(self.application, environ, buffered=buffered)
        set_cookies = rv[2].getlist("Set-Cookie")
        if set_cookies:
            self._update_cookies_from_response(
                *_request_url_parts(environ), set_cookies
            )
        return rv

    def resolve_redirect(
        self, response: TestResponse, buffered: bool = False
    ) -> TestResponse:
        """Request the location the redirect ``response`` points to."""
        scheme, netloc, path, qs, _ = urlsplit(response.headers["Location"])
        builder = EnvironBuilder.from_environ(
            response.request.environ, path=path, query_string=qs
        )
        to_name_parts = netloc.split(":", 1)[0].split(".")
        from_name_parts = builder.server_name.split(".")

        if to_name_parts != [""]:
            builder.url_scheme = scheme
            builder.host = netloc
        else:
            to_name_parts = from_name_parts

        if to_name_parts != from_name_parts:
            if to_name_parts[-len(from_name_parts) :] == from_name_parts:
                if not self.allow_subdomain_redirects:
                    raise RuntimeError("Following subdomain redirects is not enabled.")
            else:
                raise RuntimeError("Following external redirects is not supported.")

        root_parts = builder.script_root.split("/")
        if path.split("/")[: len(root_parts)] == root_parts:
            builder.path = path[len(builder.script_root) :]
        else:
            builder.path = path
            builder.script_root = ""

        # Only 307 and 308 keep the method and the body; HEAD stays HEAD.
        if response.status_code not in {307, 308}:
            if builder.method != "HEAD":
                builder.method = "GET"
            if builder.input_stream is not None:
                builder.input_stream.close()
                builder.input_stream = None
            builder.content_type = None
            builder.content_length = None
            builder.headers.pop("Transfer-Encoding", None)

        return self.open(builder, buffered=buffered)

    def _request_from_builder_args(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> Request:
        """The request that ``open``'s builder arguments describe."""
        builder = EnvironBuilder(*args, **kwargs)
        try:
            return builder.get_request()
        finally:
            builder.close()

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Make a request and return the response.

        ``args`` and ``kwargs`` are :class:`EnvironBuilder`'s, or one argument
        is a builder, an environ dict or a request. With ``follow_redirects``
        redirects are followed and :attr:`TestResponse.history` lists the
        intermediate responses.
        """
        request: Request | None = None
        if not kwargs and len(args) == 1:
            arg = args[0]
            if isinstance(arg, EnvironBuilder):
                request = arg.get_request()
            elif isinstance(arg, dict):
                request = EnvironBuilder.from_environ(arg).get_request()
            elif isinstance(arg, Request):
                request = arg
        if request is None:
            request = self._request_from_builder_args(args, kwargs)

        response = self.response_wrapper(
            *self.run_wsgi_app(request.environ, buffered=buffered), request=request
        )
        if not follow_redirects:
            return response

        redirects: set[tuple[str, int]] = set()
        history: list[TestResponse] = []
        while response.status_code in _REDIRECT_CODES:
            # Exhaust and close intermediate bodies so cleanup code runs.
            if not buffered:
                response.make_sequence()
                response.close()
            entry = (response.headers["Location"], response.status_code)
            if entry in redirects:
                raise ClientRedirectError(
                    f"Loop detected: A {response.status_code} redirect"
                    f" to {entry[0]} was already made."
                )
            redirects.add(entry)
            response.history = tuple(history)
            history.append(response)
            response = self.resolve_redirect(response, buffered=buffered)

        response.history = tuple(history)
        # Close the input stream with the response, it may be a temporary file.
        response.call_on_close(request.environ["wsgi.input"].close)
        return response

    def get(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``GET``."""
        kw["method"] = "GET"
        return self.open(*args, **kw)

    def post(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``POST``."""
        kw["method"] = "POST"
        return self.open(*args, **kw)

    def put(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``PUT``."""
        kw["method"] = "PUT"
        return self.open(*args, **kw)

    def delete(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``DELETE``."""
        kw["method"] = "DELETE"
        return self.open(*args, **kw)

    def patch(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``PATCH``."""
        kw["method"] = "PATCH"
        return self.open(*args, **kw)

    def options(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``OPTIONS``."""
        kw["method"] = "OPTIONS"
        return self.open(*args, **kw)

    def head(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``HEAD``."""
        kw["method"] = "HEAD"
        return self.open(*args, **kw)

    def trace(self, *args: t.Any, **kw: t.Any) -> TestResponse:
        """Call :meth:`open` with ``method`` set to ``TRACE``."""
        kw["method"] = "TRACE"
        return self.open(*args, **kw)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.application!r}>"
