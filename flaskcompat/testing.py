"""The test client: ``app.test_client()``, ``FlaskClient`` and ``TestResponse``;
the CLI runner: ``app.test_cli_runner()``, ``FlaskCliRunner``.

Flask's ``flask.testing`` together with the parts of ``werkzeug.test`` it stands on,
reproduced without Werkzeug: the cookie jar, the redirect handling and the response
wrapping are Werkzeug 3.1's. Werkzeug's environ builder lives in
:mod:`.werkzeug.test`; :class:`EnvironBuilder` adds the app's defaults.
"""

from __future__ import annotations

import dataclasses
import typing as t
from contextlib import ExitStack, contextmanager
from copy import copy
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from click.testing import CliRunner, Result

from .cli_discovery import ScriptInfo
from .werkzeug import test as _wz_test
from .werkzeug.datastructures import Headers
from .werkzeug.http import parse_date
from .werkzeug.sansio.http import dump_cookie, parse_cookie
from .werkzeug.urls import current_url
from .werkzeug.wrappers import Request as BaseRequest
from .werkzeug.wrappers.request import _get_host
from .werkzeug.wrappers.response import _run_wsgi_app
from .wrappers import Request, Response

if t.TYPE_CHECKING:  # pragma: no cover
    from types import TracebackType

    import typing_extensions as te
    from _typeshed.wsgi import WSGIEnvironment

    from .app import Flask
    from .sessions import SessionMixin

#: The environ key of the callable that receives the app and request contexts
#: just before ``wsgi_app`` pops them (Flask's ``werkzeug.debug.preserve_context``).
PRESERVE_CONTEXT_KEY = "flaskcompat.preserve_context"

#: The ``User-Agent`` the client sends, shaped as Werkzeug's ("Werkzeug/<version>").
_USER_AGENT = "Werkzeug/3.1 (flaskcompat)"

_REDIRECT_CODES = frozenset((301, 302, 303, 305, 307, 308))


class EnvironBuilder(_wz_test.EnvironBuilder):
    """Werkzeug's builder with the app's defaults: without ``base_url`` the
    URL is built from ``PREFERRED_URL_SCHEME``, ``subdomain``, ``SERVER_NAME``
    (default ``localhost``) and ``APPLICATION_ROOT``; JSON is dumped with
    ``app.json``.
    """

    def __init__(
        self,
        app: Flask,
        path: str = "/",
        base_url: str | None = None,
        subdomain: str | None = None,
        url_scheme: str | None = None,
        *args: t.Any,
        **kwargs: t.Any,
    ) -> None:
        assert not (base_url or subdomain or url_scheme) or (
            base_url is not None
        ) != bool(subdomain or url_scheme), (
            'Cannot pass "subdomain" or "url_scheme" with "base_url".'
        )
        if base_url is None:
            http_host = app.config.get("SERVER_NAME") or "localhost"
            app_root = app.config["APPLICATION_ROOT"]
            if subdomain:
                http_host = f"{subdomain}.{http_host}"
            if url_scheme is None:
                url_scheme = app.config["PREFERRED_URL_SCHEME"]
            url = urlsplit(path)
            base_url = (
                f"{url.scheme or url_scheme}://{url.netloc or http_host}"
                f"/{app_root.lstrip('/')}"
            )
            path = url.path
            if url.query:
                path = f"{path}?{url.query}"
        self.app = app
        super().__init__(path, base_url, *args, **kwargs)

    def json_dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize ``obj`` with the app's JSON provider."""
        return self.app.json.dumps(obj, **kwargs)


def _request_url_parts(environ: WSGIEnvironment) -> tuple[str, str]:
    """The host name and path of the URL an environ requests, as the cookie
    jar matches them (Werkzeug's ``get_current_url``; "localhost" without host).
    """
    scheme = environ["wsgi.url_scheme"]
    url = current_url(
        scheme,
        _get_host(environ, scheme, None),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
    )
    parts = urlsplit(url)
    return parts.hostname or "localhost", parts.path


class ClientRedirectError(Exception):
    """``follow_redirects=True`` met a redirect it already followed."""


class TestResponse(Response):
    """The response the test client returns: a :class:`Response` with the
    :attr:`request` that produced it and the :attr:`history` of redirects.

    A custom ``response_wrapper`` is combined with this class.
    """

    # Don't assume a mimetype, use whatever the app's response has.
    default_mimetype = None

    #: The request the response answers (built from the environ that was sent).
    request: BaseRequest

    #: The responses of the redirects followed before this one, oldest first.
    history: tuple[TestResponse, ...]

    # Tell pytest this is not a test class.
    __test__ = False

    def __init__(
        self,
        response: t.Iterable[bytes],
        status: str,
        headers: Headers,
        request: BaseRequest,
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


def _test_response_class(response_class: type[Response] | None) -> type[TestResponse]:
    """The :class:`TestResponse` subclass for a client's ``response_wrapper``."""
    if response_class is None or response_class is Response:
        return TestResponse

    if issubclass(response_class, TestResponse):
        return response_class

    return type("WrapperTestResponse", (TestResponse, response_class), {})


@dataclasses.dataclass
class Cookie:
    """A cookie in the client's jar, as :meth:`FlaskClient.get_cookie` returns it."""

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
        decoded_key, decoded_value = (parse_cookie(header) or [(key, value)])[0]
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


class FlaskClient:
    """Make requests to a Flask app without a server, as ``app.test_client()``.

    Keeps cookies across requests (``use_cookies``), follows redirects on
    request, and in a ``with client:`` block keeps the contexts of the last
    request pushed after it returns, so ``request`` and ``session`` can be
    inspected. :attr:`environ_base` holds environ defaults for every request.

    Unless ``buffered=True`` the body is read lazily, as Werkzeug does, and the
    app's ``call_on_close`` functions run when the response is closed.
    """

    application: Flask

    def __init__(
        self,
        application: Flask,
        response_wrapper: type[Response] | None = None,
        use_cookies: bool = True,
        allow_subdomain_redirects: bool = False,
    ) -> None:
        self.application = application
        self.response_wrapper = _test_response_class(response_wrapper)
        self._cookies: dict[tuple[str, str, str], Cookie] | None = (
            {} if use_cookies else None
        )
        self.allow_subdomain_redirects = allow_subdomain_redirects
        self.preserve_context = False
        self._new_contexts: list[t.ContextManager[t.Any]] = []
        self._context_stack = ExitStack()
        self.environ_base: dict[str, t.Any] = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": _USER_AGENT,
        }

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
        ``kwargs`` are :func:`~flaskcompat.cookies.dump_cookie`'s.
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

    @contextmanager
    def session_transaction(
        self, *args: t.Any, **kwargs: t.Any
    ) -> t.Iterator[SessionMixin]:
        """Open the session the client's cookies hold, to read or change it in
        a ``with`` block; it is saved back into the cookie jar at the end. The
        arguments are :meth:`~flaskcompat.Flask.test_request_context`'s.
        """
        self._cookie_jar()
        app = self.application
        ctx = app.test_request_context(*args, **kwargs)
        self._add_cookies_to_wsgi(ctx.request.environ)

        with ctx:
            sess = app.session_interface.open_session(app, ctx.request)

        if sess is None:
            raise RuntimeError("Session backend did not open a session.")

        yield sess
        resp = app.response_class()

        if app.session_interface.is_null_session(sess):
            return

        with ctx:
            app.session_interface.save_session(app, sess, resp)

        self._update_cookies_from_response(
            ctx.request.host.partition(":")[0],
            ctx.request.path,
            resp.headers.getlist("Set-Cookie"),
        )

    def _copy_environ(self, other: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
        out = {**self.environ_base, **other}

        if self.preserve_context:
            out[PRESERVE_CONTEXT_KEY] = self._new_contexts.append

        return out

    def _request_from_args(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> BaseRequest:
        if args and isinstance(args[0], _wz_test.EnvironBuilder):
            builder = copy(args[0])
            builder.environ_base = self._copy_environ(builder.environ_base or {})
            return builder.get_request()

        if args and isinstance(args[0], dict):
            return EnvironBuilder.from_environ(
                args[0], app=self.application, environ_base=self._copy_environ({})
            ).get_request()

        if args and isinstance(args[0], Request):
            request = copy(args[0])
            request.environ = self._copy_environ(request.environ)
            return request

        kwargs["environ_base"] = self._copy_environ(kwargs.get("environ_base", {}))
        builder = EnvironBuilder(self.application, *args, **kwargs)

        try:
            return builder.get_request()
        finally:
            builder.close()

    def run_wsgi_app(
        self, environ: WSGIEnvironment, buffered: bool = False
    ) -> tuple[t.Iterable[bytes], str, Headers]:
        """Call the app with the jar's cookies and store the response's;
        return ``(app_iter, status, headers)``.
        """
        self._add_cookies_to_wsgi(environ)
        rv = _run_wsgi_app(self.application, environ, buffered=buffered)
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
            response.request.environ,
            app=self.application,
            path=path,
            query_string=qs,
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

    def open(
        self,
        *args: t.Any,
        buffered: bool = False,
        follow_redirects: bool = False,
        **kwargs: t.Any,
    ) -> TestResponse:
        """Make a request and return the response.

        ``args`` and ``kwargs`` are :class:`EnvironBuilder`'s (after ``app``),
        or ``args`` is a single builder, environ dict or request. With
        ``follow_redirects`` redirects are followed and
        :attr:`TestResponse.history` lists the intermediate responses.
        """
        request = self._request_from_args(args, kwargs)
        # Pop the contexts preserved by the previous request, so none are kept
        # across redirects or several requests in one block.
        self._context_stack.close()
        response = self.response_wrapper(
            *self.run_wsgi_app(request.environ, buffered=buffered), request=request
        )

        if follow_redirects:
            response = self._follow_redirects(request, response, buffered)

        response.json_module = self.application.json

        for cm in self._new_contexts:
            self._context_stack.enter_context(cm)

        self._new_contexts.clear()
        return response

    def _follow_redirects(
        self, request: BaseRequest, response: TestResponse, buffered: bool
    ) -> TestResponse:
        """Follow redirects until a response is no redirect; set the history."""
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

    def __enter__(self) -> FlaskClient:
        if self.preserve_context:
            raise RuntimeError("Cannot nest client invocations")

        self.preserve_context = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.preserve_context = False
        self._context_stack.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.application!r}>"


class FlaskCliRunner(CliRunner):
    """A click ``CliRunner`` for an app's commands (``app.test_cli_runner()``)."""

    def __init__(self, app: Flask, **kwargs: t.Any) -> None:
        self.app = app
        super().__init__(**kwargs)

    def invoke(  # type: ignore[override]
        self, cli: t.Any = None, args: t.Any = None, **kwargs: t.Any
    ) -> Result:
        """Invoke ``cli`` (default: ``app.cli``) with ``args``, in an isolated
        environment; ``obj`` defaults to a ``ScriptInfo`` that loads this app."""
        if cli is None:
            cli = self.app.cli
        if "obj" not in kwargs:
            kwargs["obj"] = ScriptInfo(create_app=lambda: self.app)
        return super().invoke(cli, args, **kwargs)
