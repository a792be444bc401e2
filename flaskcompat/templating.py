"""Jinja2 templates as Flask does them: the app-bound environment, the loader
that searches the app's and the blueprints' template folders, the default
context processor and ``render_template`` / ``stream_template`` and their
``_string`` forms."""

from __future__ import annotations

import typing as t

from jinja2 import BaseLoader, Template, TemplateNotFound
from jinja2 import Environment as BaseEnvironment

from .globals import _cv_app, _cv_request, current_app, request
from .signals import before_render_template, template_rendered

if t.TYPE_CHECKING:  # pragma: no cover
    import typing_extensions as te

    from .app import Flask
    from .sansio.app import App
    from .sansio.scaffold import Scaffold

    _Source = tuple[str, str | None, t.Callable[[], bool] | None]


def _default_template_ctx_processor() -> dict[str, t.Any]:
    """Put the concrete ``g`` and ``request`` objects (not the proxies) in the
    context, for faster access. ``session`` stays a proxy: reading it through
    the request context marks the session accessed."""
    appctx = _cv_app.get(None)
    reqctx = _cv_request.get(None)
    rv: dict[str, t.Any] = {}
    if appctx is not None:
        rv["g"] = appctx.g
    if reqctx is not None:
        rv["request"] = reqctx.request
    return rv


class _TrackedDict(dict):  # type: ignore[type-arg]
    """A dict counting its changes (``version``): the environment's filters
    and tests, which compiled templates depend on."""

    version = 0

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        self.version += 1
        super().__setitem__(key, value)

    def __delitem__(self, key: t.Any) -> None:
        self.version += 1
        super().__delitem__(key)

    def __ior__(self, other: t.Any) -> te.Self:  # type: ignore[misc]
        self.version += 1
        return super().__ior__(other)

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:
        self.version += 1
        super().update(*args, **kwargs)

    def setdefault(self, key: t.Any, default: t.Any = None) -> t.Any:
        self.version += 1
        return super().setdefault(key, default)

    def pop(self, *args: t.Any) -> t.Any:
        self.version += 1
        return super().pop(*args)

    def popitem(self) -> tuple[t.Any, t.Any]:
        self.version += 1
        return super().popitem()

    def clear(self) -> None:
        self.version += 1
        super().clear()


#: How many compiled ``render_template_string`` sources an environment keeps.
STRING_TEMPLATE_CACHE_SIZE = 256


class Environment(BaseEnvironment):
    """A Jinja environment bound to an app (``env.app``); its default loader
    is the app's :meth:`~flaskcompat.Flask.create_global_jinja_loader`.

    It keeps the templates :func:`render_template_string` compiled, keyed by
    the source and everything else the compiled code depends on.
    """

    def __init__(self, app: App, **options: t.Any) -> None:
        if "loader" not in options:
            options["loader"] = app.create_global_jinja_loader()
        BaseEnvironment.__init__(self, **options)
        self.app = app
        self.filters = _TrackedDict(self.filters)
        self.tests = _TrackedDict(self.tests)
        self._string_templates: dict[tuple[t.Any, ...], Template] = {}


def _from_string(env: BaseEnvironment, source: str) -> Template:
    """``env.from_string(source)``, compiled once per source: Flask compiles
    the source on every call. The key holds what the compiled code depends
    on (autoescape, finalize, the syntax via the lexer, filters, tests,
    extensions), so changing one of them compiles again."""
    cache: dict[tuple[t.Any, ...], Template] | None = env.__dict__.get(
        "_string_templates"
    )
    filters = env.filters
    tests = env.tests
    if (
        cache is None
        or type(env).from_string is not BaseEnvironment.from_string
        or filters.__class__ is not _TrackedDict
        or tests.__class__ is not _TrackedDict
        or not isinstance(source, str)
    ):
        return env.from_string(source)
    autoescape = env.autoescape
    if callable(autoescape):
        autoescape = autoescape(None)
    key = (
        source,
        autoescape,
        env.finalize,
        env.is_async,
        env.optimized,
        env.lexer,
        env.template_class,
        id(env.globals),
        id(filters),
        filters.version,
        id(tests),
        tests.version,
        tuple(env.extensions),
    )
    template = cache.get(key)
    if template is not None and template.environment is env:
        return template
    template = env.from_string(source)
    try:
        while len(cache) >= STRING_TEMPLATE_CACHE_SIZE:
            del cache[next(iter(cache))]
    except (KeyError, RuntimeError, StopIteration):  # another thread evicted
        pass
    cache[key] = template
    return template


class DispatchingJinjaLoader(BaseLoader):
    """Look a template up in the app's loader, then in each blueprint's, in
    registration order; the first one that has it wins."""

    def __init__(self, app: App) -> None:
        self.app = app

    def get_source(self, environment: BaseEnvironment, template: str) -> _Source:
        if self.app.config["EXPLAIN_TEMPLATE_LOADING"]:
            return self._get_source_explained(environment, template)
        for _srcobj, loader in self._iter_loaders(template):
            try:
                return loader.get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)

    def _get_source_explained(
        self, environment: BaseEnvironment, template: str
    ) -> _Source:
        """Ask every loader; log what each found (``EXPLAIN_TEMPLATE_LOADING``)."""
        attempts = []
        rv: _Source | None
        trv: _Source | None = None
        for srcobj, loader in self._iter_loaders(template):
            try:
                rv = loader.get_source(environment, template)
                if trv is None:
                    trv = rv
            except TemplateNotFound:
                rv = None
            attempts.append((loader, srcobj, rv))

        from .debughelpers import explain_template_loading_attempts

        explain_template_loading_attempts(self.app, template, attempts)
        if trv is not None:
            return trv
        raise TemplateNotFound(template)

    def _iter_loaders(self, template: str) -> t.Iterator[tuple[Scaffold, BaseLoader]]:
        loader = self.app.jinja_loader
        if loader is not None:
            yield self.app, loader
        for blueprint in self.app.iter_blueprints():
            loader = blueprint.jinja_loader
            if loader is not None:
                yield blueprint, loader

    def list_templates(self) -> list[str]:
        result: set[str] = set()
        for _srcobj, loader in self._iter_loaders(""):
            result.update(loader.list_templates())
        return list(result)


def _render(app: Flask, template: Template, context: dict[str, t.Any]) -> str:
    app.update_template_context(context)
    if before_render_template.receivers:
        before_render_template.send(
            app, _async_wrapper=app.ensure_sync, template=template, context=context
        )
    rv = template.render(context)
    if template_rendered.receivers:
        template_rendered.send(
            app, _async_wrapper=app.ensure_sync, template=template, context=context
        )
    return rv


def render_template(
    template_name_or_list: str | Template | list[str | Template],
    **context: t.Any,
) -> str:
    """Render a template by name with the given context.

    :param template_name_or_list: The name of the template to render. If
        a list is given, the first name to exist will be rendered.
    :param context: The variables to make available in the template.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source: str, **context: t.Any) -> str:
    """Render a template from the given source string (always autoescaped)
    with the given context."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = _from_string(app.jinja_env, source)
    return _render(app, template, context)


def _stream(
    app: Flask, template: Template, context: dict[str, t.Any]
) -> t.Iterator[str]:
    app.update_template_context(context)
    before_render_template.send(
        app, _async_wrapper=app.ensure_sync, template=template, context=context
    )

    def generate() -> t.Iterator[str]:
        yield from template.generate(context)
        template_rendered.send(
            app, _async_wrapper=app.ensure_sync, template=template, context=context
        )

    rv = generate()
    # If a request context is active, keep it while generating.
    if request:
        from .helpers import stream_with_context

        rv = stream_with_context(rv)
    return rv


def stream_template(
    template_name_or_list: str | Template | list[str | Template],
    **context: t.Any,
) -> t.Iterator[str]:
    """Render a template by name as a stream: an iterator of strings that a
    view can return as a streaming response.

    :param template_name_or_list: The name of the template to render. If
        a list is given, the first name to exist will be rendered.
    :param context: The variables to make available in the template.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = app.jinja_env.get_or_select_template(template_name_or_list)
    return _stream(app, template, context)


def stream_template_string(source: str, **context: t.Any) -> t.Iterator[str]:
    """Render a template from the given source string as a stream (see
    :func:`stream_template`)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    template = _from_string(app.jinja_env, source)
    return _stream(app, template, context)
