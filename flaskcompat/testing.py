"""Flask's ``flask.testing``: the test client (``app.test_client()``,
``FlaskClient``), the app-aware ``EnvironBuilder`` and the CLI runner
(``app.test_cli_runner()``, ``FlaskCliRunner``).

:class:`FlaskClient` subclasses Werkzeug's :class:`~.werkzeug.test.Client` (the
cookie jar, redirects and :class:`~.werkzeug.test.TestResponse` are there), as
Flask's does, and adds the app's contexts and session.
"""

from __future__ import annotations

import typing as t
from contextlib import ExitStack, contextmanager
from copy import copy
from urllib.parse import urlsplit

from click.testing import CliRunner, Result

from .cli_discovery import ScriptInfo
from .werkzeug import test as _wz_test
from .werkzeug.test import Client
from .werkzeug.test import TestResponse as TestResponse
from .werkzeug.wrappers import Request as BaseRequest

if t.TYPE_CHECKING:  # pragma: no cover
    from types import TracebackType

    from .app import Flask
    from .sessions import SessionMixin

#: The environ key of the callable that receives the app and request contexts
#: just before ``wsgi_app`` pops them (Flask's ``werkzeug.debug.preserve_context``).
PRESERVE_CONTEXT_KEY = "flaskcompat.preserve_context"

#: The ``User-Agent`` the client sends, shaped as Werkzeug's ("Werkzeug/<version>").
_USER_AGENT = "Werkzeug/3.1 (flaskcompat)"


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


class FlaskClient(Client):
    """Make requests to a Flask app without a server, as ``app.test_client()``.

    Werkzeug's :class:`~.werkzeug.test.Client` with Flask's contexts: in a
    ``with client:`` block the contexts of the last request stay pushed after
    it returns, so ``request`` and ``session`` can be inspected;
    :meth:`session_transaction` opens the session the cookies hold.
    :attr:`environ_base` holds environ defaults for every request.
    """

    application: Flask

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.preserve_context = False
        self._new_contexts: list[t.ContextManager[t.Any]] = []
        self._context_stack = ExitStack()
        self.environ_base: dict[str, t.Any] = {
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_USER_AGENT": _USER_AGENT,
        }

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

    def _request_from_builder_args(
        self, args: tuple[t.Any, ...], kwargs: dict[str, t.Any]
    ) -> BaseRequest:
        kwargs["environ_base"] = self._copy_environ(kwargs.get("environ_base", {}))
        builder = EnvironBuilder(self.application, *args, **kwargs)

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

        ``args`` and ``kwargs`` are :class:`EnvironBuilder`'s (after ``app``),
        or ``args`` is a single builder, environ dict or request. With
        ``follow_redirects`` redirects are followed and
        :attr:`TestResponse.history` lists the intermediate responses.
        """
        if args and isinstance(args[0], _wz_test.EnvironBuilder):
            builder = copy(args[0])
            builder.environ_base = self._copy_environ(builder.environ_base or {})
            request = builder.get_request()
        elif args and isinstance(args[0], dict):
            request = EnvironBuilder.from_environ(
                args[0], app=self.application, environ_base=self._copy_environ({})
            ).get_request()
        elif args and isinstance(args[0], BaseRequest):
            request = copy(args[0])
            request.environ = self._copy_environ(request.environ)
        else:
            request = self._request_from_builder_args(args, kwargs)

        # Pop the contexts preserved by the previous request, so none are kept
        # across redirects or several requests in one block.
        self._context_stack.close()
        response = super().open(
            request, buffered=buffered, follow_redirects=follow_redirects
        )
        response.json_module = self.application.json

        for cm in self._new_contexts:
            self._context_stack.enter_context(cm)

        self._new_contexts.clear()
        return response

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
