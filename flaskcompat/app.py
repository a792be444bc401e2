"""``Flask``: the application object, its registries and the WSGI pipeline.

``Flask`` holds a ``bottle.Bottle`` (``app.bottle``) instead of subclassing it:
Bottle's ``__setattr__`` refuses re-assigned attributes (extensions re-assign
``app.handle_exception``) and its ``config``, ``route``, ``error`` and ``run``
have other signatures. Everything that touches Bottle is in
:mod:`flaskcompat.bottle_host`; this module calls it at named points (the
router, the dispatch, the hooks, the request binding, the server).
"""

from __future__ import annotations

import collections.abc as cabc
import os
import sys
import typing as t
import weakref
from datetime import timedelta
from inspect import CO_COROUTINE, iscoroutinefunction
from itertools import chain
from types import FunctionType, TracebackType
from urllib.parse import quote as _url_quote

from . import helpers as _helpers
from . import typing as ft
from .bottle_host import Bottle, BottleHost, HostMapAdapter
from .bottle_host import bind as _bind_bottle
from .bottle_host import unbind as _unbind_bottle
from .ctx import AppContext, RequestContext
from .globals import _cv_app, _cv_request
from .sansio.app import App
from .sansio.scaffold import _sentinel
from .sessions import SecureCookieSessionInterface, SessionInterface
from .signals import (
    appcontext_tearing_down,
    got_request_exception,
    request_finished,
    request_started,
    request_tearing_down,
)
from .templating import Environment
from .werkzeug._foreign import is_foreign_http_exception_class
from .werkzeug.datastructures import Headers, ImmutableDict
from .werkzeug.exceptions import (
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
)
from .werkzeug.routing import (
    BuildError,
    MapAdapter,
    RequestMapAdapter,
    RequestRedirect,
    RoutingException,
    Rule,
)
from .werkzeug.sansio.utils import _environ_host as _get_host
from .wrappers import Request, Response

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .testing import FlaskClient, FlaskCliRunner
    from .werkzeug.wrappers import Response as BaseResponse

T_shell_context_processor = t.TypeVar(
    "T_shell_context_processor", bound=ft.ShellContextProcessorCallable
)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)


class Flask(App):
    """The WSGI application: ``app = Flask(__name__)``.

    Takes Flask's arguments, plus ``bottle``: an existing ``bottle.Bottle``
    to host the app (its routes, plugins and hooks serve beside the Flask
    rules; see :mod:`flaskcompat.bottle_host`), else a new one.
    """

    #: Whether this class overrides :meth:`create_url_adapter` (else an app
    #: context without ``SERVER_NAME`` skips calling it: it gives None).
    _custom_url_adapter = False

    #: Whether this class keeps Flask's ``url_for`` and ``inject_url_defaults``
    #: (``flaskcompat.url_for`` then builds the common case itself).
    _plain_url_for = True

    #: Whether this class overrides none of the request steps that
    #: :meth:`wsgi_app` then runs inlined (:data:`_INLINED_STEPS`).
    _plain_steps = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._custom_url_adapter = cls.create_url_adapter is not Flask.create_url_adapter
        cls._plain_steps = all(
            getattr(cls, name) is getattr(Flask, name) for name in _INLINED_STEPS
        )
        cls._plain_url_for = (
            cls.url_for is Flask.url_for
            and cls.inject_url_defaults is App.inject_url_defaults
        )

    default_config = ImmutableDict(
        {
            "DEBUG": None,
            "TESTING": False,
            "PROPAGATE_EXCEPTIONS": None,
            "SECRET_KEY": None,
            "SECRET_KEY_FALLBACKS": None,
            "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
            "USE_X_SENDFILE": False,
            "TRUSTED_HOSTS": None,
            "SERVER_NAME": None,
            "APPLICATION_ROOT": "/",
            "SESSION_COOKIE_NAME": "session",
            "SESSION_COOKIE_DOMAIN": None,
            "SESSION_COOKIE_PATH": None,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SECURE": False,
            "SESSION_COOKIE_PARTITIONED": False,
            "SESSION_COOKIE_SAMESITE": None,
            "SESSION_REFRESH_EACH_REQUEST": True,
            "MAX_CONTENT_LENGTH": None,
            "MAX_FORM_MEMORY_SIZE": 500_000,
            "MAX_FORM_PARTS": 1_000,
            "SEND_FILE_MAX_AGE_DEFAULT": None,
            "TRAP_BAD_REQUEST_ERRORS": None,
            "TRAP_HTTP_EXCEPTIONS": False,
            "EXPLAIN_TEMPLATE_LOADING": False,
            "PREFERRED_URL_SCHEME": "http",
            "TEMPLATES_AUTO_RELOAD": None,
            "MAX_COOKIE_SIZE": 4093,
            "PROVIDE_AUTOMATIC_OPTIONS": True,
        }
    )

    request_class: type[Request] = Request

    response_class: type[Response] = Response

    session_interface: SessionInterface = SecureCookieSessionInterface()

    jinja_environment = Environment

    def __init__(
        self,
        import_name: str,
        static_url_path: str | None = None,
        static_folder: str | os.PathLike[str] | None = "static",
        static_host: str | None = None,
        host_matching: bool = False,
        subdomain_matching: bool = False,
        template_folder: str | os.PathLike[str] | None = "templates",
        instance_path: str | None = None,
        instance_relative_config: bool = False,
        root_path: str | None = None,
        *,
        bottle: Bottle | None = None,
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_url_path=static_url_path,
            static_folder=static_folder,
            static_host=static_host,
            host_matching=host_matching,
            subdomain_matching=subdomain_matching,
            template_folder=template_folder,
            instance_path=instance_path,
            instance_relative_config=instance_relative_config,
            root_path=root_path,
        )
        self._host = BottleHost(self, bottle)
        self.bottle: Bottle = self._host.bottle
        if self.has_static_folder:
            assert bool(static_host) == host_matching, (
                "Invalid static_host/host_matching combination"
            )
            # A weak reference: no cycle between the app and its static view.
            self_ref = weakref.ref(self)
            self.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                endpoint="static",
                host=static_host,
                view_func=lambda **kw: self_ref().send_static_file(**kw),  # type: ignore[union-attr]
            )

    def _add_host_route(
        self,
        rule: Rule,
        view_func: ft.RouteCallable | None,
        options: dict[str, t.Any],
    ) -> None:
        """Make the new rule a route of the Bottle host (``options``:
        Bottle's ``skip`` and ``apply``)."""
        self._host.add_rule(rule, view_func, options)

    def open_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = None
    ) -> t.IO[t.Any]:
        """Open a file relative to ``root_path`` for reading."""
        if mode not in {"r", "rt", "rb"}:
            raise ValueError("Resources can only be opened for reading.")
        path = os.path.join(self.root_path, resource)
        if mode == "rb":
            return open(path, mode)  # noqa: SIM115 - the caller closes it
        return open(path, mode, encoding=encoding)  # noqa: SIM115

    def open_instance_resource(
        self, resource: str, mode: str = "rb", encoding: str | None = "utf-8"
    ) -> t.IO[t.Any]:
        """Open a file relative to ``instance_path``."""
        path = os.path.join(self.instance_path, resource)
        if "b" in mode:
            return open(path, mode)  # noqa: SIM115 - the caller closes it
        return open(path, mode, encoding=encoding)  # noqa: SIM115

    def make_shell_context(self) -> dict[str, t.Any]:
        """The namespace of an interactive shell: ``app``, ``g`` and more."""
        from .globals import g

        rv = {"app": self, "g": g}
        for processor in self.shell_context_processors:
            rv.update(processor())
        return rv

    # templates ------------------------------------------------------------
    def create_jinja_environment(self) -> Environment:
        """Make the Jinja environment from :attr:`jinja_options`: autoescape
        by :meth:`select_jinja_autoescape`, auto-reload per
        ``TEMPLATES_AUTO_RELOAD`` (else debug mode), Flask's globals, and
        ``|tojson`` through the app's JSON provider."""
        from .globals import g, request, session
        from .helpers import get_flashed_messages

        options = dict(self.jinja_options)
        if "autoescape" not in options:
            options["autoescape"] = self.select_jinja_autoescape
        if "auto_reload" not in options:
            auto_reload = self.config["TEMPLATES_AUTO_RELOAD"]
            if auto_reload is None:
                auto_reload = self.debug
            options["auto_reload"] = auto_reload
        rv = self.jinja_environment(self, **options)
        rv.globals.update(
            url_for=self.url_for,
            get_flashed_messages=get_flashed_messages,
            config=self.config,
            # The context processor adds request and g for each render; the
            # proxies serve imported templates, which do not get that context.
            request=request,
            session=session,
            g=g,
        )
        rv.policies["json.dumps_function"] = self.json.dumps
        return rv

    def update_template_context(self, context: dict[str, t.Any]) -> None:
        """Add what the context processors of the app and of the request's
        blueprints return; the values passed in ``context`` win."""
        names: t.Iterable[str | None] = (None,)
        # A template may be rendered outside a request context.
        reqctx = _cv_request.get(None)
        if reqctx is not None:
            names = chain(names, reversed(reqctx.request.blueprints))
        orig_ctx = context.copy()
        for name in names:
            if name in self.template_context_processors:
                for func in self.template_context_processors[name]:
                    context.update(self.ensure_sync(func)())
        context.update(orig_ctx)

    # static files ---------------------------------------------------------
    def get_send_file_max_age(self, filename: str | None) -> int | None:
        """``SEND_FILE_MAX_AGE_DEFAULT`` in seconds, or None."""
        value = self.config["SEND_FILE_MAX_AGE_DEFAULT"]
        if value is None:
            return None
        if isinstance(value, timedelta):
            return int(value.total_seconds())
        return int(value)

    def send_static_file(self, filename: str) -> BaseResponse:
        """The view of the ``static`` endpoint: a file of ``static_folder``."""
        if not self.has_static_folder:
            raise RuntimeError("'static_folder' must be set to serve static_files.")
        from .helpers import send_from_directory

        max_age = self.get_send_file_max_age(filename)
        return send_from_directory(
            t.cast(str, self.static_folder), filename, max_age=max_age
        )

    # URL building -----------------------------------------------------------
    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """The URL adapter of a request, or of ``SERVER_NAME`` outside one."""
        if request is not None:
            trusted_hosts = self.config["TRUSTED_HOSTS"]
            if trusted_hosts is not None:
                # Check the host now: a SecurityError becomes the request's
                # routing exception (400), as in Flask.
                request.trusted_hosts = trusted_hosts
                request.host = _get_host(request.environ, request.scheme, trusted_hosts)
            server_name = self.config["SERVER_NAME"]
            subdomain: str | None = None
            if self.url_map.host_matching:
                # Without SERVER_NAME: the request's host is matched.
                server_name = None
            elif not self.subdomain_matching:
                # Without subdomain matching every host is the default subdomain.
                subdomain = self.url_map.default_subdomain or ""
            if self._host.router.bottle_routes:
                return HostMapAdapter(
                    self.url_map, request, server_name, subdomain, self._host.router
                )
            return RequestMapAdapter(self.url_map, request, server_name, subdomain)
        if self.config["SERVER_NAME"] is not None:
            return self.url_map.bind(
                self.config["SERVER_NAME"],
                script_name=self.config["APPLICATION_ROOT"],
                url_scheme=self.config["PREFERRED_URL_SCHEME"],
            )
        return None

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: t.Any,
    ) -> str:
        """Build a URL for ``endpoint``; unknown values become query args."""
        return self._url_for(endpoint, values, _anchor, _method, _scheme, _external)

    def _url_for(
        self,
        endpoint: str,
        values: dict[str, t.Any],
        _anchor: str | None,
        _method: str | None,
        _scheme: str | None,
        _external: bool | None,
    ) -> str:
        """:meth:`url_for`'s work; ``flaskcompat.url_for`` calls it directly
        when the app's ``url_for`` is not overridden (one call less)."""
        req_ctx = _cv_request.get(None)
        if req_ctx is not None:
            url_adapter = req_ctx.url_adapter
            if (
                _method is None
                and _scheme is None
                and _anchor is None
                and endpoint[:1] != "."
                and not self.url_default_functions
                and type(self).inject_url_defaults is App.inject_url_defaults
                and url_adapter is not None
            ):
                # The common case in a view: one rule, its variables given.
                rv = url_adapter.build_fast(endpoint, values, bool(_external))
                if rv is not None:
                    return rv
            if endpoint[:1] == ".":
                blueprint_name = req_ctx.request.blueprint
                if blueprint_name is not None:
                    endpoint = f"{blueprint_name}{endpoint}"
                else:
                    endpoint = endpoint[1:]
            if _external is None:
                _external = _scheme is not None
        else:
            app_ctx = _cv_app.get(None)
            if app_ctx is not None:
                url_adapter = app_ctx.url_adapter
            else:
                url_adapter = self.create_url_adapter(None)
            if url_adapter is None:
                raise RuntimeError(
                    "Unable to build URLs outside an active request"
                    " without 'SERVER_NAME' configured. Also configure"
                    " 'APPLICATION_ROOT' and 'PREFERRED_URL_SCHEME' as"
                    " needed."
                )
            if _external is None:
                _external = True
        if _scheme is not None and not _external:
            raise ValueError("When specifying '_scheme', '_external' must be True.")
        if (
            self.url_default_functions
            or type(self).inject_url_defaults is not App.inject_url_defaults
        ):
            self.inject_url_defaults(endpoint, values)
        try:
            # positional: (endpoint, values, method, force_external,
            # append_unknown, url_scheme)
            rv = url_adapter.build(  # type: ignore[union-attr]
                endpoint, values, _method, _external, True, _scheme
            )
        except BuildError as error:
            path = self._host.build(endpoint, values)
            if path is None:
                values.update(
                    _anchor=_anchor,
                    _method=_method,
                    _scheme=_scheme,
                    _external=_external,
                )
                return self.handle_url_build_error(error, endpoint, values)
            # A named Bottle route of the host.
            rv = self._bottle_url(url_adapter, path, _scheme, bool(_external))  # type: ignore[arg-type]
        if _anchor is not None:
            _anchor = _url_quote(_anchor, safe="%!#$&'()*+,/:;=?@")
            rv = f"{rv}#{_anchor}"
        return rv

    @staticmethod
    def _bottle_url(
        adapter: MapAdapter, path: str, scheme: str | None, external: bool
    ) -> str:
        """A Bottle route's path under the adapter's script root and host."""
        rv = f"{adapter.script_name.rstrip('/')}/{path.lstrip('/')}"
        if not external:
            return rv
        scheme = scheme or adapter.url_scheme or "http"
        return f"{scheme}://{adapter.server_name}{rv}"

    def handle_http_exception(
        self, e: HTTPException
    ) -> HTTPException | ft.ResponseReturnValue:
        """Give an HTTP exception to its handler, or return it as the response."""
        if e.code is None:
            return e
        if isinstance(e, RoutingException):
            return e
        handler = self._find_error_handler(e, _current_request().blueprints)
        if handler is None:
            return e
        return self.ensure_sync(handler)(e)  # type: ignore[no-any-return]

    def handle_user_exception(
        self, e: Exception
    ) -> HTTPException | ft.ResponseReturnValue:
        """Handle an exception raised while dispatching; re-raise it if no
        handler is registered."""
        translated = self._host.bottle_exception(self, e)
        if translated is not None:  # Bottle's abort, redirect, HTTPResponse
            if not isinstance(translated, HTTPException):
                return translated  # type: ignore[no-any-return]
            e = translated
            if not self.trap_http_exception(e):
                return self.handle_http_exception(e)
        if isinstance(e, BadRequestKeyError) and (
            self.debug or self.config["TRAP_BAD_REQUEST_ERRORS"]
        ):
            e.show_exception = True
        if (
            isinstance(e, HTTPException)
            or is_foreign_http_exception_class(type(e))  # real Werkzeug's
        ) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)  # type: ignore[arg-type]
        handler = self._find_error_handler(e, _current_request().blueprints)
        if handler is None:
            raise  # noqa: PLE0704 - the active exception, as Flask does
        return self.ensure_sync(handler)(e)  # type: ignore[no-any-return]

    def handle_exception(self, e: Exception) -> Response:
        """An unhandled exception: re-raise it when propagating (testing or
        debug), else log it and answer 500 via the 500 handler, if any."""
        exc_info = sys.exc_info()
        if got_request_exception.receivers:
            got_request_exception.send(
                self, _async_wrapper=self.ensure_sync, exception=e
            )
        propagate = self.config["PROPAGATE_EXCEPTIONS"]
        if propagate is None:
            propagate = self.testing or self.debug
        if propagate:
            if exc_info[1] is e:
                raise  # noqa: PLE0704
            raise e
        self.log_exception(exc_info)
        server_error: InternalServerError | ft.ResponseReturnValue
        server_error = InternalServerError(original_exception=e)
        handler = self._find_error_handler(server_error, _current_request().blueprints)
        if handler is not None:
            server_error = self.ensure_sync(handler)(server_error)
        return self.finalize_request(server_error, from_error_handler=True)

    def log_exception(
        self,
        exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None],
    ) -> None:
        """Log an unhandled exception to ``app.logger``."""
        req = _current_request()
        self.logger.error(f"Exception on {req.path} [{req.method}]", exc_info=exc_info)

    # dispatching ----------------------------------------------------------
    def raise_routing_exception(self, request: Request) -> t.NoReturn:
        """Raise the routing error (404, 405, or the 308 slash redirect); in
        debug mode, a redirect that would lose a form body (a 301 or 302 for a
        method other than GET, HEAD or OPTIONS) raises
        :class:`~.debughelpers.FormDataRoutingRedirect` instead."""
        if (
            not self.debug
            or not isinstance(request.routing_exception, RequestRedirect)
            or request.routing_exception.code in {307, 308}
            or request.method in {"GET", "HEAD", "OPTIONS"}
        ):
            raise request.routing_exception  # type: ignore[misc]

        from .debughelpers import FormDataRoutingRedirect

        raise FormDataRoutingRedirect(request)

    def dispatch_request(self) -> ft.ResponseReturnValue:
        """Call the matched view (or answer OPTIONS automatically)."""
        req = _current_request()
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule: Rule = req.url_rule  # type: ignore[assignment]
        if rule.provide_automatic_options and req.method == "OPTIONS":
            return self.make_default_options_response()
        view_args: dict[str, t.Any] = req.view_args  # type: ignore[assignment]
        # The view (or Bottle callback) through the Bottle plugins that apply.
        return self._host.dispatch(self, rule, view_args, req.method)  # type: ignore[no-any-return]

    def full_dispatch_request(self) -> Response:
        """Pre-process, dispatch, handle user exceptions and finalize."""
        self._got_first_request = True
        try:
            if request_started.receivers:
                request_started.send(self, _async_wrapper=self.ensure_sync)
            rv = self.preprocess_request()
            if rv is None and self._host.before_hooks:
                rv = self._host.run_before_hooks(self)
            if rv is None:
                rv = self.dispatch_request()
        except Exception as e:
            rv = self.handle_user_exception(e)
        return self.finalize_request(rv)

    def _full_dispatch_plain(self, ctx: RequestContext) -> Response:
        """:meth:`full_dispatch_request` with its steps inlined, for a class
        that overrides none of them: the same hooks, signals and handlers in
        the same order, fewer calls."""
        self._got_first_request = True
        req = ctx.request
        try:
            if request_started.receivers:
                request_started.send(self, _async_wrapper=self.ensure_sync)
            rv = None
            if self.url_value_preprocessors or self.before_request_funcs:
                rv = self.preprocess_request()
            if rv is None and self._host.before_hooks:
                rv = self._host.run_before_hooks(self)
            if rv is None:
                if req.routing_exception is not None:
                    self.raise_routing_exception(req)
                rule: Rule = req.url_rule  # type: ignore[assignment]
                if rule.provide_automatic_options and req.method == "OPTIONS":
                    rv = self.make_default_options_response()
                else:
                    rv = self._host.dispatch(self, rule, req.view_args, req.method)  # type: ignore[arg-type]
        except Exception as e:
            rv = self.handle_user_exception(e)
        # finalize_request
        rv_type = type(rv)
        if rv_type is self.response_class:
            response: Response = t.cast("Response", rv)
        elif rv_type is str:
            # What make_response does with it.
            response = self.response_class(t.cast(str, rv))
        else:
            response = self.make_response(rv)
        if (
            ctx._after_request_functions
            or self.after_request_funcs
            or ctx._opened_session is not None
            or self._host.after_hooks
        ):
            response = self.process_response(response)
        else:
            self._host.merge_response(response)  # all process_response does
        if request_finished.receivers:
            request_finished.send(
                self, _async_wrapper=self.ensure_sync, response=response
            )
        return response

    def finalize_request(
        self,
        rv: ft.ResponseReturnValue | HTTPException,
        from_error_handler: bool = False,
    ) -> Response:
        """Make the response and run the ``after_request`` processing."""
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            if request_finished.receivers:
                request_finished.send(
                    self, _async_wrapper=self.ensure_sync, response=response
                )
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception(
                "Request finalizing failed with an error while handling an error"
            )
        return response

    def make_default_options_response(self) -> Response:
        """The automatic ``OPTIONS`` response: empty, with ``Allow``."""
        adapter = _cv_request.get().url_adapter
        methods = adapter.allowed_methods()  # type: ignore[union-attr]
        rv = self.response_class()
        if methods:  # as Flask: no Allow header rather than an empty one
            rv.headers["Allow"] = ", ".join(methods)
        return rv

    def ensure_sync(self, func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        """``func``, or a sync wrapper of it if it is a coroutine function."""
        if (
            func.__class__ is FunctionType
            and not func.__code__.co_flags & CO_COROUTINE
            and not func.__dict__  # no coroutine mark (3.12), no __wrapped__
        ):
            return func  # what iscoroutinefunction decides, without inspect
        if iscoroutinefunction(func):
            return self.async_to_sync(func)
        return func

    def async_to_sync(
        self, func: t.Callable[..., t.Coroutine[t.Any, t.Any, t.Any]]
    ) -> t.Callable[..., t.Any]:
        """A sync function that runs the coroutine function to completion in
        a new event loop, as Flask's (asgiref's ``async_to_sync``) does.

        The context variables (``request``, ``g``, ...) are copied in and the
        changes made inside are copied back out. It raises
        :exc:`RuntimeError` in a thread whose event loop is running.
        """

        # Imported here: asyncio costs an app without async views ~10 ms.
        from .async_runner import run_coroutine_function

        def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
            return run_coroutine_function(func, args, kwargs)

        return run

    def make_response(self, rv: ft.ResponseReturnValue | HTTPException) -> Response:
        """Convert a view's return value into a ``response_class`` instance."""
        status: t.Any = None
        headers: t.Any = None
        if isinstance(rv, tuple):
            len_rv = len(rv)
            if len_rv == 3:
                rv, status, headers = rv  # type: ignore[misc]
            elif len_rv == 2:
                if isinstance(rv[1], (Headers, dict, tuple, list)):
                    rv, headers = rv
                else:
                    rv, status = rv  # type: ignore[misc]
            else:
                raise TypeError(
                    "The view function did not return a valid response tuple."
                    " The tuple must have the form (body, status, headers),"
                    " (body, status), or (body, headers)."
                )
        if rv is None:
            raise TypeError(
                f"The view function for {_current_request().endpoint!r} did not"
                " return a valid response. The function either returned"
                " None or ended without a return statement."
            )
        if not isinstance(rv, self.response_class):
            rv_type = type(rv)
            if rv_type is dict or rv_type is list:
                # Exactly a dict or list (never an iterator): skip the ABC check.
                rv = self.json.response(rv)
            elif isinstance(rv, (str, bytes, bytearray, cabc.Iterator)):
                rv = self.response_class(rv, status=status, headers=headers)
                status = headers = None
            elif isinstance(rv, (dict, list)):
                rv = self.json.response(rv)
            elif isinstance(rv, HTTPException):
                # What running the exception as a WSGI app gives, without
                # the round trip through a second response object.
                body = None
                if (
                    rv.response is None
                    and type(rv).get_response is HTTPException.get_response
                    # force_type keeps the page Werkzeug's Response built: a
                    # class of the app's own gets no say in it either way.
                    and self.response_class is Response
                ):
                    body = rv._standard_body()
                if body is not None:
                    rv = self.response_class(body, rv.code, mimetype="text/html")
                else:
                    environ = _current_request().environ
                    rv = self.response_class.force_type(
                        rv.get_response(environ), environ
                    )
            elif isinstance(rv, Response) or callable(rv):
                try:
                    rv = self.response_class.force_type(
                        rv,  # type: ignore[arg-type]
                        _current_request().environ,
                    )
                except TypeError as e:
                    raise TypeError(
                        f"{e}\nThe view function did not return a valid"
                        " response. The return type must be a string,"
                        " dict, list, tuple with headers or status,"
                        " Response instance, or WSGI callable, but it"
                        f" was a {type(rv).__name__}."
                    ).with_traceback(sys.exc_info()[2]) from None
            else:
                raise TypeError(
                    "The view function did not return a valid"
                    " response. The return type must be a string,"
                    " dict, list, tuple with headers or status,"
                    " Response instance, or WSGI callable, but it was a"
                    f" {type(rv).__name__}."
                )
        if status is not None:
            if isinstance(status, (str, bytes, bytearray)):
                rv.status = status  # type: ignore[assignment]
            else:
                rv.status_code = status
        if headers:
            rv.headers.update(headers)
        return rv

    def preprocess_request(self) -> ft.ResponseReturnValue | None:
        """Run the URL value preprocessors, then the ``before_request`` hooks;
        the first hook that returns a value ends the request with it."""
        if not (self.url_value_preprocessors or self.before_request_funcs):
            return None  # nothing registered anywhere: skip the walk
        req = _current_request()
        names = (None, *reversed(req.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = self.ensure_sync(before_func)()
                    if rv is not None:
                        return rv  # type: ignore[no-any-return]
        return None

    def process_response(self, response: Response) -> Response:
        """Run ``after_this_request`` functions and the ``after_request``
        hooks (last registered first), then save the session."""
        ctx = _cv_request.get()
        self._host.merge_response(response)  # bottle.response changes
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        if self.after_request_funcs:
            for name in chain(ctx.request.blueprints, (None,)):
                if name in self.after_request_funcs:
                    for func in reversed(self.after_request_funcs[name]):
                        response = self.ensure_sync(func)(response)
        session = ctx._opened_session  # None: never opened, nothing to save
        if session is not None and not self.session_interface.is_null_session(session):
            self.session_interface.save_session(self, session, response)
        if self._host.after_hooks:
            response = self._host.run_after_hooks(self, response)
        return response

    def do_teardown_request(self, exc: BaseException | None = _sentinel) -> None:
        """Run the ``teardown_request`` hooks (last registered first)."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        if self.teardown_request_funcs:
            for name in chain(_current_request().blueprints, (None,)):
                if name in self.teardown_request_funcs:
                    for func in reversed(self.teardown_request_funcs[name]):
                        self.ensure_sync(func)(exc)
        if request_tearing_down.receivers:
            request_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    def do_teardown_appcontext(self, exc: BaseException | None = _sentinel) -> None:
        """Run the ``teardown_appcontext`` hooks (last registered first)."""
        if exc is _sentinel:
            exc = sys.exc_info()[1]
        for func in reversed(self.teardown_appcontext_funcs):
            self.ensure_sync(func)(exc)
        if appcontext_tearing_down.receivers:
            appcontext_tearing_down.send(self, _async_wrapper=self.ensure_sync, exc=exc)

    # contexts and testing ---------------------------------------------------
    def app_context(self) -> AppContext:
        """A new application context: ``with app.app_context(): ...``."""
        return AppContext(self)

    def request_context(self, environ: WSGIEnvironment) -> RequestContext:
        """A new request context for a WSGI environ."""
        return RequestContext(self, environ)

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """A request context for an environ built from the test client's
        arguments (path, method, data, json, headers, query_string, ...)."""
        from .testing import EnvironBuilder

        builder = EnvironBuilder(self, *args, **kwargs)
        try:
            return self.request_context(builder.get_environ())
        finally:
            builder.close()

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> FlaskClient:
        """A test client (``test_client_class``, default ``FlaskClient``)."""
        from .testing import FlaskClient

        cls = self.test_client_class or FlaskClient
        return cls(self, self.response_class, use_cookies=use_cookies, **kwargs)

    def test_cli_runner(self, **kwargs: t.Any) -> FlaskCliRunner:
        """A CLI runner (``test_cli_runner_class``, default ``FlaskCliRunner``)
        that invokes ``app.cli`` commands with this app."""
        cls = self.test_cli_runner_class
        if cls is None:
            from .testing import FlaskCliRunner

            cls = FlaskCliRunner
        return cls(self, **kwargs)

    # WSGI -------------------------------------------------------------------
    def wsgi_app(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> cabc.Iterable[bytes]:
        """The WSGI application: push the contexts, dispatch, respond, pop.

        Middleware wraps this attribute (``app.wsgi_app = mw(app.wsgi_app)``).
        """
        # bottle.request / bottle.response describe this request until it ends.
        binding = _bind_bottle(self, environ)
        plain = self._plain_steps
        try:
            ctx = (
                RequestContext(self, environ)
                if plain
                else self.request_context(environ)
            )
        except BaseException:
            _unbind_bottle(binding)
            raise
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                if plain:
                    response = self._full_dispatch_plain(ctx)
                else:
                    response = self.full_dispatch_request()
            except Exception as e:
                error = e
                response = self.handle_exception(e)
            except:  # noqa: E722
                error = sys.exc_info()[1]
                raise
            return response(environ, start_response)
        finally:
            preserve = environ.get("flaskcompat.preserve_context")
            if preserve is not None:
                preserve(_cv_app.get())
                preserve(_cv_request.get())
            if error is not None and self.should_ignore_error(error):
                error = None
            try:
                ctx.pop(error)
            finally:
                _unbind_bottle(binding)

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> cabc.Iterable[bytes]:
        """Call :attr:`wsgi_app` (so middleware can replace it)."""
        return self.wsgi_app(environ, start_response)

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: t.Any,
    ) -> None:
        """Serve the app with one of Bottle's server adapters, as
        ``flaskcompat run`` does, through ``werkzeug.serving.run_simple``
        (:func:`flaskcompat.werkzeug.serving.run_simple`), looked up at call
        time as Flask does, so code that replaces it sees the call.

        ``server=`` names the adapter (``"wsgiref"``, the default, threaded
        unless ``threaded=False``; ``"waitress"``, ``"gunicorn"`` and the rest
        of ``bottle.server_names`` need their package); other options go to
        the adapter. Host and port default to ``SERVER_NAME``'s, else
        127.0.0.1:5000. ``.env`` files and ``FLASK_DEBUG`` set debug mode
        unless ``debug`` is given; ``use_reloader`` (Bottle's reloader) and
        ``use_debugger`` (the debug page) default to debug mode. Under
        ``flaskcompat run`` (``FLASK_RUN_FROM_CLI``) this does nothing.
        """
        from . import cli
        from .helpers import get_debug_flag, get_load_dotenv
        from .werkzeug import serving

        if os.environ.get("FLASK_RUN_FROM_CLI") == "true":
            if not serving.is_running_from_reloader():
                import click

                click.secho(
                    " * Ignoring a call to 'app.run()' that would block"
                    " the current 'flaskcompat' CLI command.\n"
                    "   Only call 'app.run()' in an 'if __name__ =="
                    ' "__main__"\' guard.',
                    fg="red",
                )
            return
        if get_load_dotenv(load_dotenv):
            cli.load_dotenv()
            if "FLASK_DEBUG" in os.environ:
                self.debug = get_debug_flag()
        if debug is not None:
            self.debug = bool(debug)
        server_name = self.config.get("SERVER_NAME")
        sn_host = sn_port = None
        if server_name:
            sn_host, _, sn_port = server_name.partition(":")
        if not host:
            host = sn_host or "127.0.0.1"
        if port or port == 0:
            port = int(port)
        elif sn_port:
            port = int(sn_port)
        else:
            port = 5000
        options.setdefault("use_reloader", self.debug)
        options.setdefault("use_debugger", self.debug)
        options.setdefault("threaded", True)
        if not options.get("quiet"):
            cli.show_server_banner(self.debug, self.name)
        try:
            serving.run_simple(host, port, self, **options)
        finally:
            self._got_first_request = False


def _current_request() -> Request:
    """The request of the active request context (no proxy overhead)."""
    return _cv_request.get().request


#: The request steps :meth:`Flask.wsgi_app` inlines when a class overrides none.
_INLINED_STEPS = (
    "request_context",
    "full_dispatch_request",
    "preprocess_request",
    "dispatch_request",
    "finalize_request",
    "make_response",
    "process_response",
    "do_teardown_request",
    "do_teardown_appcontext",
    "ensure_sync",
    "app_context",
)

_helpers._flask_url_for = Flask.url_for
