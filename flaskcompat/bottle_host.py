"""The Bottle host: the one module of flaskcompat that touches Bottle.

A ``Flask`` app holds a ``bottle.Bottle`` (``app.bottle``, made here or passed
in as ``Flask(bottle=...)``) and meets it at these points, all in this module:

- **One router.** :class:`HostRouter` becomes the Bottle app's router. Every
  Flask rule is also a :class:`FlaskRoute` (a ``bottle.Route``) in
  ``app.bottle.routes``, so Bottle lists, builds (``get_url``) and wraps it
  with its plugins, but it is matched by the Werkzeug map, never compiled into
  Bottle's regexes. A request is matched once (:class:`HostMapAdapter`): the
  Flask rules (Werkzeug's priorities), then the Bottle routes (Bottle's order).
  The route that allows the URL *and* the method wins, Flask's first; 405 only
  when no route of either dialect allows the method (``Allow`` is the union),
  else Flask's 404.
- **One request.** :func:`bind` points ``bottle.request`` at the request's
  environ and a fresh ``bottle.response`` for the request's life, with the
  body shared (``werkzeug._shared_input.SharedBody``); :func:`unbind` leaves
  nothing of the request reachable.
- **One set of contexts.** Bottle callbacks run inside Flask's app and request
  contexts, through Flask's hooks, session and error handlers.
- **Translation** of Bottle's control flow (``abort``, ``redirect``,
  ``HTTPResponse``, ``bottle.response`` changes) into the Flask response.
- **Serving**: :func:`run` is ``app.run`` on Bottle's server adapters.

The hook order of a request is written down in :data:`HOOK_ORDER`.
"""

from __future__ import annotations

import typing as t
import weakref
from functools import cached_property
from inspect import CO_COROUTINE, iscoroutine
from traceback import format_exc
from types import FunctionType

import bottle

from .globals import _cv_request
from .werkzeug._shared_input import (
    SharedBody,
)
from .werkzeug.datastructures import Headers
from .werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    default_exceptions,
)
from .werkzeug.routing import (
    BuildError,
    Map,
    RequestMapAdapter,
    RequestRedirect,
    Rule,
)

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIEnvironment

    from .app import Flask
    from .wrappers import Response

#: The Bottle application class (a Flask app's ``bottle`` attribute).
if t.TYPE_CHECKING:  # pragma: no cover - Bottle has no type hints
    Bottle = t.Any
else:
    Bottle = bottle.Bottle

HOOK_ORDER = """\
1. push the app and request contexts; open the session; match the URL once
   (Flask rules, then Bottle routes); TRUSTED_HOSTS is checked here
2. Flask url_value_preprocessors, then before_request (app, then blueprint);
   a value returned ends the request (steps 3-4 skipped)
3. Bottle before_request hooks of app.bottle
4. the view or callback, wrapped by the Bottle plugins that apply to it
5. make_response; changes made through bottle.response are applied
6. after_this_request, Flask after_request (blueprint, then app, last
   registered first), session saved
7. Bottle after_request hooks of app.bottle (bottle.response describes the
   response; their changes are applied)
8. teardown_request, teardown_appcontext; bottle.request and bottle.response
   unbound, the shared body closed
"""

# -- bottle.request / bottle.response binding ------------------------------


def _thread_local(cls: type, name: str) -> t.Any:
    """The ``threading.local`` behind a Bottle ``_local_property``, or None."""
    prop = cls.__dict__.get(name)
    for cell in getattr(getattr(prop, "fget", None), "__closure__", None) or ():
        contents = cell.cell_contents
        if type(contents).__name__ == "_local":
            return contents
    return None  # pragma: no cover - another Bottle than 0.13


_RESPONSE_FIELDS = ("_status_line", "_status_code", "_cookies", "_headers", "body")
_REQUEST_LOCAL = _thread_local(bottle.LocalRequest, "environ")
_RESPONSE_LOCALS = tuple(
    _thread_local(bottle.LocalResponse, name) for name in _RESPONSE_FIELDS
)
if _REQUEST_LOCAL is None or None in _RESPONSE_LOCALS:  # pragma: no cover
    raise ImportError("flaskcompat's Bottle host needs Bottle 0.13")
_STATUS_LINE, _STATUS_CODE, _COOKIES, _HEADERS, _BODY = _RESPONSE_LOCALS
_UNSET = object()
_LOCAL_REQUEST = bottle.request
_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "TRACE"})

#: What :func:`unbind` needs: the outer binding (None: no outer request) and
#: the shared body this binding made.
_Binding = tuple[t.Any, t.Any, "SharedBody | None"]


def _request_max_content_length() -> int | None:
    ctx = _cv_request.get(None)
    return None if ctx is None else ctx.request.max_content_length


def _fresh_response() -> None:
    """``bottle.response.bind()``, without its Python-level calls."""
    _STATUS_LINE.var = "200 OK"
    _STATUS_CODE.var = 200
    _COOKIES.var = None
    _HEADERS.var = {}
    _BODY.var = ""


def bind(app: Flask, environ: WSGIEnvironment) -> _Binding:
    """Make ``bottle.request`` describe ``environ`` and ``bottle.response`` a
    fresh response, with the body shared; return what :func:`unbind` needs."""
    previous = _REQUEST_LOCAL.__dict__.get("var")
    saved = None
    if previous is not None:
        if "REQUEST_METHOD" in previous:  # a request in a request (mounted app)
            saved = (
                _STATUS_LINE.__dict__.get("var", _UNSET),
                _STATUS_CODE.__dict__.get("var", _UNSET),
                _COOKIES.__dict__.get("var", _UNSET),
                _HEADERS.__dict__.get("var", _UNSET),
                _BODY.__dict__.get("var", _UNSET),
            )
        else:
            previous = None  # the empty environ Bottle binds when imported
    body = None
    if "bottle.request.body" not in environ and (
        environ.get("CONTENT_LENGTH", "0") not in ("", "0")
        or "HTTP_TRANSFER_ENCODING" in environ
        or (
            "wsgi.input_terminated" in environ
            and environ.get("REQUEST_METHOD") not in _BODYLESS
        )
    ):
        # Without a body both sides read nothing: no sharing to set up.
        body = environ["bottle.request.body"] = SharedBody(
            environ, _request_max_content_length
        )
        if "bottle.request.post" not in environ:
            environ["bottle.request.post"] = _LazyPost()
    environ["bottle.request"] = _LOCAL_REQUEST
    if "bottle.app" not in environ:
        environ["bottle.app"] = app.bottle
    _REQUEST_LOCAL.var = environ
    _STATUS_LINE.var = "200 OK"
    _STATUS_CODE.var = 200
    _COOKIES.var = None
    _HEADERS.var = {}
    _BODY.var = ""
    return previous, saved, body


_POST_GETTER = bottle.BaseRequest.__dict__["POST"].getter


class _LazyPost(bottle.FormsDict):  # type: ignore[misc]
    """``bottle.request.POST`` (behind ``forms`` and ``files``), parsed on
    first use: Werkzeug's form parser runs first, so Flask's
    ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS`` bind Bottle's readers
    too; then Bottle parses the same bytes its own way."""

    def __init__(self) -> None:
        self.__dict__["_loaded"] = None

    @property
    def dict(self) -> dict[str, list[t.Any]]:
        loaded = self.__dict__["_loaded"]
        if loaded is None:
            ctx = _cv_request.get(None)
            if ctx is not None:
                ctx.request.form  # noqa: B018 - parsed for its limits
            post = _POST_GETTER(bottle.request)
            self.__dict__["recode_unicode"] = post.recode_unicode
            loaded = self.__dict__["_loaded"] = post.dict
        return t.cast("dict[str, list[t.Any]]", loaded)

    @dict.setter
    def dict(self, value: dict[str, list[t.Any]]) -> None:
        self.__dict__["_loaded"] = value


def unbind(binding: _Binding) -> None:
    """Undo :func:`bind`: the outer request's binding comes back, or none."""
    previous, saved, body = binding
    if body is not None:
        body.close()
    if previous is None:
        del _REQUEST_LOCAL.var, _HEADERS.var, _COOKIES.var, _BODY.var
        del _STATUS_LINE.var, _STATUS_CODE.var
        return
    _REQUEST_LOCAL.var = previous
    if _UNSET not in saved:  # the common case: the outer response was bound
        (_STATUS_LINE.var, _STATUS_CODE.var, _COOKIES.var, _HEADERS.var, _BODY.var) = (
            saved
        )
        return
    for ls, value in zip(_RESPONSE_LOCALS, saved):
        if value is _UNSET:
            ls.__dict__.pop("var", None)
        else:
            ls.var = value


# -- routes ---------------------------------------------------------------


class FlaskRoute(bottle.Route):  # type: ignore[misc]
    """A Flask rule (for one method) as a ``bottle.Route``: listed in
    ``app.bottle.routes``, named by the endpoint, wrapped by Bottle plugins
    (which receive this route; ``route.config["flask.rule"]`` is the rule).
    Its ``config`` overlay is made on first use: registration stays O(1)."""

    def __init__(
        self,
        app: bottle.Bottle,
        rule: Rule,
        method: str,
        callback: t.Callable[..., t.Any],
        plugins: list[t.Any],
        skiplist: list[t.Any],
    ) -> None:
        self.app = app
        self.rule = rule.rule
        self.method = method
        self.callback = callback
        self.name = rule.endpoint
        self.plugins = plugins
        self.skiplist = skiplist
        self.flask_rule = rule

    @cached_property
    def config(self) -> t.Any:
        config = self.app.config._make_overlay()
        config["flask.rule"] = self.flask_rule
        return config


class BottleRouteRule(Rule):
    """What ``request.url_rule`` is for a Bottle route: its rule string (in
    Bottle's syntax), its name as the endpoint; ``bottle_route`` is the route."""

    def __init__(self, route: t.Any) -> None:
        rule = route.rule if route.rule.startswith("/") else f"/{route.rule}"
        methods = None if route.method in ("ANY", "PROXY") else [route.method]
        super().__init__(rule, endpoint=route.name, methods=methods)
        self.bottle_route = route


def _rule_of(route: t.Any) -> BottleRouteRule:
    rule = route.__dict__.get("_flaskcompat_rule")
    if rule is None:
        rule = route._flaskcompat_rule = BottleRouteRule(route)
    return t.cast(BottleRouteRule, rule)


_HEAD_METHODS = ("PROXY", "HEAD", "GET", "ANY")


class HostRouter(bottle.Router):  # type: ignore[misc]
    """The Bottle app's router, for both dialects.

    Bottle routes go through Bottle's own ``add`` and match in Bottle's order;
    Flask routes are only recorded (the Werkzeug map matches them), so
    registering Flask rules costs no regex compilation. ``build`` (behind
    ``Bottle.get_url``) builds Bottle routes, then Flask endpoints.
    """

    def __init__(self, app: Flask, strict: bool = False) -> None:
        super().__init__(strict)
        self._app = weakref.ref(app)
        #: How many Bottle (not Flask) routes were added.
        self.bottle_routes = 0

    def add(
        self, rule: str, method: str, target: t.Any, name: str | None = None
    ) -> None:
        if isinstance(target, FlaskRoute):
            return
        super().add(rule, method, target, name)
        self.bottle_routes += 1

    def build(self, _name: str, *anons: t.Any, **query: t.Any) -> str:
        if _name not in self.builder and not anons:
            app = self._app()
            if app is not None and _name in app.view_functions:
                try:
                    return app.url_map.bind("localhost").build(_name, query)
                except BuildError as e:
                    raise bottle.RouteBuildError(str(e)) from None
        return t.cast(str, super().build(_name, *anons, **query))

    def find(self, verb: str, path: str) -> tuple[t.Any, dict[str, t.Any]] | None:
        """Bottle's ``match`` without raising: ``(route, args)`` or None."""
        static = self.static
        dyna = self.dyna_regexes
        for method in _HEAD_METHODS if verb == "HEAD" else ("PROXY", verb, "ANY"):
            if method in static and path in static[method]:
                target, getargs = static[method][path]
                return target, getargs(path) if getargs else {}
            if method in dyna:
                for combined, rules in dyna[method]:
                    match = combined(path)
                    if match:
                        target, getargs = rules[match.lastindex - 1]
                        return target, getargs(path) if getargs else {}
        return None

    def allowed(self, path: str, verb: str) -> set[str]:
        """The other methods Bottle routes allow for ``path`` (Bottle's 405)."""
        nocheck = set(_HEAD_METHODS if verb == "HEAD" else ("PROXY", verb, "ANY"))
        allowed = {m for m in set(self.static) - nocheck if path in self.static[m]}
        for method in set(self.dyna_regexes) - allowed - nocheck:
            if any(combined(path) for combined, _ in self.dyna_regexes[method]):
                allowed.add(method)
        return allowed


class HostMapAdapter(RequestMapAdapter):
    """A request's adapter when the host has Bottle routes: one match over
    both dialects, and ``allowed_methods`` their union."""

    __slots__ = ("_router",)

    def __init__(
        self,
        map: Map,
        request: t.Any,
        server_name: str | None,
        subdomain: str | None,
        router: HostRouter,
    ) -> None:
        super().__init__(map, request, server_name, subdomain)
        self._router = router

    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: bool = False,
        query_args: t.Any = None,
        websocket: bool | None = None,
    ) -> tuple[t.Any, dict[str, t.Any]]:
        try:
            return super().match(path_info, method, return_rule, query_args, websocket)
        except (NotFound, MethodNotAllowed, RequestRedirect) as e:
            error: HTTPException = e
        path = (self.path_info if path_info is None else path_info) or "/"
        verb = (method or self.default_method).upper()
        try:
            found = self._router.find(verb, path)
        except bottle.HTTPError as e:  # a wildcard filter refused the value
            raise BadRequest(str(e.body)) from None
        if found is not None:
            route, args = found
            rule = _rule_of(route)
            return (rule if return_rule else rule.endpoint), args
        if isinstance(error, RequestRedirect):
            raise error
        allowed = self._router.allowed(path, verb)
        if allowed:
            if isinstance(error, MethodNotAllowed):
                allowed.update(error.valid_methods or ())
            raise MethodNotAllowed(valid_methods=sorted(allowed))
        raise error

    def allowed_methods(self, path_info: str | None = None) -> list[str]:
        path = self.path_info if path_info is None else path_info
        methods = set(super().allowed_methods(path_info))
        methods.update(self._router.allowed(path or "/", "--"))
        methods.discard("PROXY")
        methods.discard("ANY")
        return sorted(methods)


# -- the host -----------------------------------------------------------------

_BOTTLE_CONTENT_TYPE = bottle.BaseResponse.default_content_type
# Bottle's JSON plugin is skipped for Flask views: Flask's JSON answers dicts.
_SKIP = [bottle.JSONPlugin]
_HEAD = frozenset({"HEAD"})
_AUTOMATIC = frozenset({"HEAD", "OPTIONS"})
_error_classes: dict[int, type[HTTPException]] = {}


def _http_exception(error: t.Any) -> HTTPException:
    """A Bottle ``HTTPError`` as flaskcompat's exception for its status code;
    ``bottle_error`` keeps the original."""
    code = int(error.status_code)
    cls = default_exceptions.get(code) or _error_classes.get(code)
    if cls is None:
        cls = _error_classes[code] = type(
            f"HTTPError{code}", (HTTPException,), {"code": code}
        )
    body = error.body
    exc = cls(description=body if isinstance(body, str) and body else None)
    exc.bottle_error = error  # type: ignore[attr-defined]
    return exc


class BottleHost:
    """The meeting of one Flask app and its Bottle app (``app._host``)."""

    def __init__(self, app: Flask, host: bottle.Bottle | None) -> None:
        if host is None:
            host = bottle.Bottle()
            # Flask's semantics decide: no Bottle JSON or template plugin,
            # exceptions reach Flask's handlers.
            host.config["catchall"] = False
            host.uninstall(bottle.JSONPlugin)
            host.uninstall(bottle.TemplatePlugin)
        self.bottle = host
        router = HostRouter(app, host.router.strict_order)
        router.filters.update(host.router.filters)
        host.__dict__["router"] = router  # Bottle's __setattr__ refuses it
        for route in host.routes:  # routes added before the app existed
            router.add(route.rule, route.method, route, name=route.name)
        self.router = router
        self._app = weakref.ref(app)
        self._routes: dict[int, dict[str, FlaskRoute]] = {}
        #: The rules whose routes have plugins of their own (``apply=``).
        self._applied: set[int] = set()
        self.before_hooks: list[t.Any] = host._hooks["before_request"]
        self.after_hooks: list[t.Any] = host._hooks["after_request"]

    # registration -----------------------------------------------------------
    def add_rule(
        self,
        rule: Rule,
        view_func: t.Callable[..., t.Any] | None,
        options: dict[str, t.Any],
    ) -> None:
        """Make the Flask ``rule`` routes of the Bottle app, one per method
        (``HEAD`` with ``GET``, automatic ``OPTIONS`` left out)."""
        methods = rule.methods
        if methods is None:
            verbs: t.Iterable[str] = ("ANY",)
        else:
            skipped = _AUTOMATIC if rule.provide_automatic_options else _HEAD
            verbs = sorted(methods - skipped) or sorted(methods)
        callback = view_func
        if callback is None:
            app = self._app()
            if app is not None:
                callback = app.view_functions.get(rule.endpoint)
        skip = options.get("skip")
        skiplist = [bottle.JSONPlugin, *bottle.makelist(skip)] if skip else _SKIP
        apply = options.get("apply")
        if apply:
            self._applied.add(id(rule))
        by_method = self._routes[id(rule)] = {}
        routes = self.bottle.routes
        host = self.bottle
        for verb in verbs:
            # Appended directly: Bottle's add_route would only hand it to
            # HostRouter.add, which keeps no Flask route.
            route = FlaskRoute(
                host,
                rule,
                verb,
                callback or _missing_view,
                bottle.makelist(apply) if apply else [],
                skiplist,
            )
            by_method[verb] = route
            routes.append(route)

    # dispatching -----------------------------------------------------------
    def dispatch(
        self, app: Flask, rule: Rule, view_args: dict[str, t.Any], method: str
    ) -> t.Any:
        """Call the Bottle callback or the Flask view of the matched rule,
        through the plugins that apply to it."""
        if type(rule) is BottleRouteRule:
            return self._call_bottle(app, rule.bottle_route, view_args)
        view = app.view_functions[rule.endpoint]
        routes = None
        if self.bottle.plugins or (self._applied and id(rule) in self._applied):
            routes = self._routes.get(id(rule))
        if not routes:  # no plugin applies: the view itself
            if (
                app._plain_steps
                and view.__class__ is FunctionType
                and not view.__code__.co_flags & CO_COROUTINE
                and not view.__dict__
            ):
                rv = view(**view_args)  # what ensure_sync(view) gives, inlined
            else:
                rv = app.ensure_sync(view)(**view_args)
        else:
            route = (
                routes.get(method) or routes.get("GET") or next(iter(routes.values()))
            )
            if route.callback is not view:  # view_functions was re-assigned
                route.callback = view
                route.reset()
            environ = _cv_request.get().request.environ
            environ["bottle.route"] = environ["route.handle"] = route
            environ["route.url_args"] = view_args
            rv = route.call(**view_args)
            if iscoroutine(rv):
                coroutine = rv

                async def wait() -> t.Any:
                    return await coroutine

                rv = app.async_to_sync(wait)()
        if rv.__class__ is not str and isinstance(rv, bottle.BaseResponse):
            return self.translate(app, rv)
        return rv

    def _call_bottle(
        self, app: Flask, route: t.Any, args: dict[str, t.Any]
    ) -> Response:
        environ = _cv_request.get().request.environ
        environ["bottle.route"] = environ["route.handle"] = route
        environ["route.url_args"] = args
        path = environ.get("PATH_INFO", "")
        decoded = path
        if not path.isascii():  # Bottle's callbacks see the UTF-8 path
            decoded = path.encode("latin1").decode("utf8", "ignore")
            environ["bottle.raw_path"] = path
            environ["PATH_INFO"] = decoded
        owner = route.app
        try:
            out = route.call(**args)
        except bottle.HTTPResponse as e:
            out = e
        except HTTPException:
            raise
        except Exception as e:
            if not owner.catchall or app._find_error_handler(e, []) is not None:
                raise
            stacktrace = format_exc()
            environ["wsgi.errors"].write(stacktrace)
            environ["wsgi.errors"].flush()
            out = bottle.HTTPError(500, "Internal Server Error", e, stacktrace)
        finally:
            if decoded is not path:
                environ["PATH_INFO"] = path
        if (
            type(out) is str
            and _STATUS_CODE.var == 200
            and not _HEADERS.var
            and _COOKIES.var is None
        ):
            # The common case, as Bottle answers it, without its casting.
            return app.response_class(out, content_type=_BOTTLE_CONTENT_TYPE)
        if isinstance(out, (app.response_class, HTTPException)):
            return out  # type: ignore[return-value]
        if isinstance(out, bottle.HTTPError):
            code = out.status_code
            if code not in owner.error_handler:
                flask_error = _http_exception(out)
                if app._find_error_handler(flask_error, []) is not None:
                    raise flask_error
        elif type(out) is dict and not _has_json_plugin(route):
            return app.json.response(out)
        return self._respond(app, out, owner)

    def _respond(self, app: Flask, out: t.Any, owner: t.Any) -> Response:
        """Bottle's output (anything a callback returns) as a Flask response,
        cast as Bottle casts it; ``bottle.response`` is fresh afterwards."""
        body = owner._cast(out)
        resp = bottle.response
        rv = app.response_class(body, status=resp.status_line, headers=resp.headerlist)
        _fresh_response()
        return rv

    def translate(self, app: Flask, rv: t.Any) -> t.Any:
        """A Bottle response or error from a Flask view or hook: an
        ``HTTPError`` is raised as flaskcompat's exception for its code (the
        app's error handlers see it), an ``HTTPResponse`` becomes the response."""
        if isinstance(rv, bottle.HTTPError):
            raise _http_exception(rv)
        return self._respond(app, rv, self.bottle)

    def merge_response(self, response: Response) -> None:
        """Apply what a Flask view changed through ``bottle.response``."""
        if _STATUS_CODE.var == 200 and not _HEADERS.var and _COOKIES.var is None:
            return
        resp = bottle.response
        if resp.status_code != 200:
            response.status = resp.status_line
        for name, values in resp._headers.items():
            response.headers.setlist(name, values)
        if resp._cookies:
            for cookie in resp._cookies.values():
                response.headers.add("Set-Cookie", cookie.OutputString())
        _fresh_response()

    # hooks ------------------------------------------------------------------
    def run_before_hooks(self, app: Flask) -> t.Any:
        """Run Bottle's ``before_request`` hooks; a raised Bottle response
        ends the request with it."""
        try:
            self.bottle.trigger_hook("before_request")
        except bottle.HTTPResponse as e:
            return self.translate(app, e)
        return None

    def run_after_hooks(self, app: Flask, response: Response) -> Response:
        """Run Bottle's ``after_request`` hooks with ``bottle.response``
        describing ``response``; apply what they change."""
        resp = bottle.response
        resp.bind(status=response.status, headers=list(response.headers.items()))
        before = (resp.status_line, resp.headerlist)
        try:
            self.bottle.trigger_hook("after_request")
        except bottle.HTTPResponse as e:
            return self._respond(app, e, self.bottle)
        if (resp.status_line, resp.headerlist) != before:
            response.status = resp.status_line
            response.headers = Headers(resp.headerlist)
        _fresh_response()
        return response

    def build(self, endpoint: str, values: dict[str, t.Any]) -> str | None:
        """The path of the named Bottle route ``endpoint``, or None."""
        if endpoint not in self.router.builder:
            return None
        values = {k: v for k, v in values.items() if v is not None}
        try:
            return self.router.build(endpoint, **values)
        except bottle.RouteBuildError:
            return None

    def bottle_exception(self, app: Flask, e: Exception) -> t.Any:
        """For an exception raised in the Flask pipeline: a Bottle
        ``HTTPResponse`` as the response, a Bottle ``HTTPError`` as
        flaskcompat's exception; ``None`` for any other exception."""
        if not isinstance(e, bottle.HTTPResponse):
            return None
        if isinstance(e, bottle.HTTPError):
            return _http_exception(e)
        return self._respond(app, e, self.bottle)


def _has_json_plugin(route: t.Any) -> bool:
    return any(isinstance(p, bottle.JSONPlugin) for p in route.all_plugins())


def _missing_view(**kwargs: t.Any) -> t.Any:  # pragma: no cover - replaced
    raise NotFound()


def iter_bottle_routes(app: Flask) -> t.Iterator[tuple[str, str, str]]:
    """``(method, rule, name)`` of each Bottle (not Flask) route of the host,
    in registration order (for the CLI's ``routes``)."""
    for route in app.bottle.routes:
        if not isinstance(route, FlaskRoute):
            name = route.name or getattr(route.callback, "__name__", "?")
            yield route.method.upper(), route.rule, name
