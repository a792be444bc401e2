"""The application and request contexts, ``g``, and the helpers that use them."""

from __future__ import annotations

import contextvars
import sys
import typing as t
from functools import update_wrapper
from types import TracebackType

from . import typing as ft
from .globals import _cv_app, _cv_request
from .signals import (
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    request_tearing_down,
)
from .werkzeug.exceptions import HTTPException
from .werkzeug.wrappers.request import Request as BaseRequest

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIEnvironment

    from .app import Flask
    from .sessions import SessionMixin
    from .werkzeug.routing import MapAdapter
    from .wrappers import Request

_sentinel: t.Any = object()
_request_close = BaseRequest.close


class _AppCtxGlobals:
    """``g``: a namespace for data during an application context."""

    def __getattr__(self, name: str) -> t.Any:
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: t.Any) -> None:
        self.__dict__[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, name: str, default: t.Any | None = None) -> t.Any:
        """An attribute, or ``default`` if it is not set."""
        return self.__dict__.get(name, default)

    def pop(self, name: str, default: t.Any = _sentinel) -> t.Any:
        """Remove and return an attribute; KeyError without ``default``."""
        if default is _sentinel:
            return self.__dict__.pop(name)
        return self.__dict__.pop(name, default)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        """An attribute, set to ``default`` first if it is missing."""
        return self.__dict__.setdefault(name, default)

    def __contains__(self, item: str) -> bool:
        return item in self.__dict__

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.__dict__)

    def __repr__(self) -> str:
        ctx = _cv_app.get(None)
        if ctx is not None:
            return f"<flask.g of '{ctx.app.name}'>"
        return object.__repr__(self)


def after_this_request(
    f: ft.AfterRequestCallable[t.Any],
) -> ft.AfterRequestCallable[t.Any]:
    """Run ``f(response)`` after this request, before the ``after_request`` hooks."""
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'after_this_request' can only be used when a request"
            " context is active, such as in a view function."
        )
    ctx._after_request_functions.append(f)
    return f


F = t.TypeVar("F", bound=t.Callable[..., t.Any])


def copy_current_request_context(f: F) -> F:
    """Wrap ``f`` so it runs in a copy of the current request context (for
    threads and greenlets started during the request)."""
    ctx = _cv_request.get(None)
    if ctx is None:
        raise RuntimeError(
            "'copy_current_request_context' can only be used when a"
            " request context is active, such as in a view function."
        )
    ctx = ctx.copy()

    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        with ctx:
            return ctx.app.ensure_sync(f)(*args, **kwargs)

    return update_wrapper(wrapper, f)  # type: ignore[return-value]


def _popped_wrong(kind: str, popped: object, expected: object) -> AssertionError:
    """The error of a context popped out of order, in Flask's words."""
    return AssertionError(
        f"Popped wrong {kind} context. ({popped!r} instead of {expected!r})"
    )


def has_request_context() -> bool:
    """Whether a request context is active."""
    return _cv_request.get(None) is not None


def has_app_context() -> bool:
    """Whether an application context is active."""
    return _cv_app.get(None) is not None


class AppContext:
    """The application context: ``current_app`` and ``g`` while it is pushed."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        if app.config["SERVER_NAME"] is None and not app._custom_url_adapter:
            self.url_adapter = None  # what create_url_adapter(None) gives
        else:
            self.url_adapter = app.create_url_adapter(None)
        self.g: _AppCtxGlobals = app.app_ctx_globals_class()
        self._cv_tokens: list[contextvars.Token[AppContext]] = []

    def push(self) -> None:
        """Make this the current application context."""
        self._cv_tokens.append(_cv_app.set(self))
        if appcontext_pushed.receivers:
            appcontext_pushed.send(self.app, _async_wrapper=self.app.ensure_sync)

    def pop(self, exc: BaseException | None = _sentinel) -> None:
        """Pop the context; the last pop runs the ``teardown_appcontext`` hooks."""
        try:
            app = self.app
            if len(self._cv_tokens) == 1 and (
                app.teardown_appcontext_funcs
                or appcontext_tearing_down.receivers
                or not app._plain_steps
            ):
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                app.do_teardown_appcontext(exc)
        finally:
            ctx = _cv_app.get()
            _cv_app.reset(self._cv_tokens.pop())
        if ctx is not self:
            raise _popped_wrong("app", ctx, self)
        if appcontext_popped.receivers:
            appcontext_popped.send(self.app, _async_wrapper=self.app.ensure_sync)

    def __enter__(self) -> AppContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)


class RequestContext:
    """The request context: ``request`` and ``session`` while it is pushed.

    Pushing it also pushes an application context for the same app if none
    is active, opens the session and matches the URL.
    """

    def __init__(
        self,
        app: Flask,
        environ: WSGIEnvironment,
        request: Request | None = None,
        session: SessionMixin | None = None,
    ) -> None:
        self.app = app
        if request is None:
            request = app.request_class(environ)
            request.json_module = app.json
        self.request: Request = request
        self.url_adapter: MapAdapter | None = None
        try:
            self.url_adapter = app.create_url_adapter(self.request)
        except HTTPException as e:
            self.request.routing_exception = e
        self.flashes: list[tuple[str, str]] | None = None
        self._opened_session: SessionMixin | None = session
        self._after_request_functions: list[ft.AfterRequestCallable[t.Any]] = []
        self._cv_tokens: list[
            tuple[contextvars.Token[RequestContext], AppContext | None]
        ] = []

    def copy(self) -> RequestContext:
        """A new context for the same request and session (not yet pushed)."""
        session = self._session  # shared with the copy, as in Flask
        return self.__class__(
            self.app,
            environ=self.request.environ,
            request=self.request,
            session=session,
        )

    def match_request(self) -> None:
        """Match the URL; store the rule and view args, or the routing error."""
        try:
            result = self.url_adapter.match(return_rule=True)  # type: ignore[union-attr]
            self.request.url_rule, self.request.view_args = result
        except HTTPException as e:
            self.request.routing_exception = e

    @property
    def session(self) -> SessionMixin:
        """The session of this request (marks it accessed)."""
        session = self._opened_session
        if session is None:
            assert self._cv_tokens, "The session has not yet been opened."
            session = self._open_session()
        session.accessed = True
        return session

    @property
    def _session(self) -> SessionMixin | None:
        """Flask's attribute: the session once the context is pushed (opened
        here if its opening was deferred), else what was passed in."""
        session = self._opened_session
        if session is None and self._cv_tokens:
            session = self._open_session()
        return session

    @_session.setter
    def _session(self, value: SessionMixin | None) -> None:
        self._opened_session = value

    def _open_session(self) -> SessionMixin:
        """Open the session (a null session if the interface gives none)."""
        session_interface = self.app.session_interface
        session = session_interface.open_session(self.app, self.request)
        if session is None:
            session = session_interface.make_null_session(self.app)
        self._opened_session = session
        return session

    def push(self) -> None:
        """Make this the current request context, opening the session."""
        app = self.app
        app_ctx = _cv_app.get(None)
        if app_ctx is None or app_ctx.app is not app:
            app_ctx = AppContext(app) if app._plain_steps else app.app_context()
            app_ctx.push()
        else:
            app_ctx = None
        self._cv_tokens.append((_cv_request.set(self), app_ctx))
        if self._opened_session is None and not app.session_interface._can_defer_open(
            app, self.request
        ):
            self._open_session()
        if self.url_adapter is not None:
            self.match_request()

    def pop(self, exc: BaseException | None = _sentinel) -> None:
        """Pop the context; the last pop runs the ``teardown_request`` hooks
        and closes the request."""
        clear_request = len(self._cv_tokens) == 1
        try:
            if clear_request:
                if exc is _sentinel:
                    exc = sys.exc_info()[1]
                app = self.app
                if (
                    app.teardown_request_funcs
                    or request_tearing_down.receivers
                    or not app._plain_steps
                ):
                    app.do_teardown_request(exc)
                request = self.request
                if not (
                    # Request.close closes uploaded files: none were parsed.
                    request.__class__.close is _request_close
                    and "files" not in request.__dict__
                ):
                    request_close = getattr(request, "close", None)
                    if request_close is not None:
                        request_close()
        finally:
            ctx = _cv_request.get()
            token, app_ctx = self._cv_tokens.pop()
            _cv_request.reset(token)
            # Break the request <-> environ cycle, as Flask does, so that
            # reference counting frees them without waiting for the GC.
            if clear_request:
                ctx.request.environ["werkzeug.request"] = None
            if app_ctx is not None:
                app_ctx.pop(exc)
            if ctx is not self:
                raise _popped_wrong("request", ctx, self)

    def __enter__(self) -> RequestContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.request.url!r}"
            f" [{self.request.method}] of {self.app.name}>"
        )
