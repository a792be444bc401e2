"""``App``: the registries and configuration of an application, without the
WSGI pipeline (Flask's ``flask.sansio.app``). ``flaskcompat.Flask`` builds on it."""

from __future__ import annotations

import os
import sys
import typing as t
import warnings
from datetime import timedelta
from functools import cached_property
from itertools import chain

from .. import typing as ft
from ..config import Config, ConfigAttribute
from ..ctx import _AppCtxGlobals
from ..helpers import _split_blueprint_path, get_debug_flag
from ..json.provider import DefaultJSONProvider, JSONProvider
from ..werkzeug._foreign import handler_mro, is_foreign_http_exception_class
from ..werkzeug.exceptions import Aborter, BadRequest, BadRequestKeyError
from ..werkzeug.routing import BuildError, Map, Rule
from ..werkzeug.utils import redirect as _base_redirect
from .scaffold import Scaffold, _endpoint_from_view_func, find_package, setupmethod

if t.TYPE_CHECKING:  # pragma: no cover
    import logging

    from jinja2 import Environment

    from ..templating import DispatchingJinjaLoader
    from ..testing import FlaskClient, FlaskCliRunner
    from ..werkzeug.wrappers import Response as BaseResponse
    from ..wrappers import Response

T_shell_context_processor = t.TypeVar(
    "T_shell_context_processor", bound=ft.ShellContextProcessorCallable
)
T_teardown = t.TypeVar("T_teardown", bound=ft.TeardownCallable)
T_template_filter = t.TypeVar("T_template_filter", bound=ft.TemplateFilterCallable)
T_template_global = t.TypeVar("T_template_global", bound=ft.TemplateGlobalCallable)
T_template_test = t.TypeVar("T_template_test", bound=ft.TemplateTestCallable)


def _make_timedelta(value: timedelta | int | None) -> timedelta | None:
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(seconds=value)


class App(Scaffold):
    """An application's registries, configuration and URL-building logic."""

    default_config: t.Mapping[str, t.Any]
    response_class: type[Response]

    aborter_class = Aborter

    app_ctx_globals_class = _AppCtxGlobals

    config_class = Config

    json_provider_class: type[JSONProvider] = DefaultJSONProvider

    url_rule_class = Rule

    url_map_class = Map

    test_client_class: type[FlaskClient] | None = None

    test_cli_runner_class: type[FlaskCliRunner] | None = None

    jinja_options: dict[str, t.Any] = {}

    testing = ConfigAttribute[bool]("TESTING")

    secret_key = ConfigAttribute[t.Union[str, bytes, None]]("SECRET_KEY")

    permanent_session_lifetime = ConfigAttribute[timedelta](
        "PERMANENT_SESSION_LIFETIME",
        get_converter=_make_timedelta,  # type: ignore[arg-type]
    )

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
    ) -> None:
        super().__init__(
            import_name=import_name,
            static_folder=static_folder,
            static_url_path=static_url_path,
            template_folder=template_folder,
            root_path=root_path,
        )
        if instance_path is None:
            instance_path = self.auto_find_instance_path()
        elif not os.path.isabs(instance_path):
            raise ValueError(
                "If an instance path is provided it must be absolute."
                " A relative path was given instead."
            )
        self.instance_path = instance_path
        self.config = self.make_config(instance_relative_config)
        self.aborter = self.make_aborter()
        self.json: JSONProvider = self.json_provider_class(self)
        self.url_build_error_handlers: list[
            t.Callable[[Exception, str, dict[str, t.Any]], str]
        ] = []
        self.teardown_appcontext_funcs: list[ft.TeardownCallable] = []
        self.shell_context_processors: list[ft.ShellContextProcessorCallable] = []
        self.blueprints: dict[str, t.Any] = {}
        self.extensions: dict[str, t.Any] = {}
        self.url_map = self.url_map_class(host_matching=host_matching)
        self.subdomain_matching = subdomain_matching
        self._got_first_request = False

    def _check_setup_finished(self, f_name: str) -> None:
        if self._got_first_request:
            raise AssertionError(
                f"The setup method '{f_name}' can no longer be called"
                " on the application. It has already handled its first"
                " request, any changes will not be applied"
                " consistently.\n"
                "Make sure all imports, decorators, functions, etc."
                " needed to set up the application are done before"
                " running it."
            )

    # identity and configuration ----------------------------------------
    @property
    def name(self) -> str:  # type: ignore[override]
        """The app's name: the import name, or the script's name for ``__main__``."""
        if self.import_name == "__main__":
            fn: str | None = getattr(sys.modules["__main__"], "__file__", None)
            if fn is None:
                return "__main__"
            return os.path.splitext(os.path.basename(fn))[0]
        return self.import_name

    @property
    def logger(self) -> logging.Logger:
        """The ``logging`` logger named after the app (made once)."""
        logger = self.__dict__.get("logger")
        if logger is None:
            from ..logging import create_logger

            logger = self.__dict__["logger"] = create_logger(self)
        return t.cast("logging.Logger", logger)

    def make_config(self, instance_relative: bool = False) -> Config:
        """The config dict, with the defaults and ``FLASK_DEBUG``."""
        root_path = self.instance_path if instance_relative else self.root_path
        defaults = dict(self.default_config)
        defaults["DEBUG"] = get_debug_flag()
        return self.config_class(root_path, defaults)

    def make_aborter(self) -> Aborter:
        """The ``abort`` implementation the app uses."""
        return self.aborter_class()

    def auto_find_instance_path(self) -> str:
        """``instance`` beside the package, or ``$prefix/var/<name>-instance``."""
        prefix, package_path = find_package(self.import_name)
        if prefix is None:
            return os.path.join(package_path, "instance")
        return os.path.join(prefix, "var", f"{self.name}-instance")

    @property
    def debug(self) -> bool:
        """Debug mode (``DEBUG``): propagates errors, pretty JSON."""
        return bool(self.config["DEBUG"])

    @debug.setter
    def debug(self, value: bool) -> None:
        self.config["DEBUG"] = value
        if (
            self.config["TEMPLATES_AUTO_RELOAD"] is None
            and "jinja_env" in self.__dict__
        ):
            self.jinja_env.auto_reload = value

    # registration -------------------------------------------------------
    @setupmethod
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: ft.RouteCallable | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Register a URL rule with Flask's defaults: ``GET`` (and ``HEAD``)
        unless ``methods`` says otherwise, automatic ``OPTIONS``."""
        if endpoint is None:
            endpoint = _endpoint_from_view_func(view_func)
        options["endpoint"] = endpoint
        # Bottle's route options: the host's plugins to skip or to apply.
        host_options: dict[str, t.Any] = {
            k: options.pop(k) for k in ("skip", "apply") if k in options
        }
        methods = options.pop("methods", None)
        if methods is None:
            methods = getattr(view_func, "methods", None) or ("GET",)
        if isinstance(methods, str):
            raise TypeError(
                "Allowed methods must be a list of strings, for"
                ' example: @app.route(..., methods=["POST"])'
            )
        methods = {item.upper() for item in methods}
        required_methods: set[str] = set(getattr(view_func, "required_methods", ()))
        if provide_automatic_options is None:
            provide_automatic_options = getattr(
                view_func, "provide_automatic_options", None
            )
        if provide_automatic_options is None:
            if "OPTIONS" not in methods and self.config["PROVIDE_AUTOMATIC_OPTIONS"]:
                provide_automatic_options = True
                required_methods.add("OPTIONS")
            else:
                provide_automatic_options = False
        methods |= required_methods
        rule_obj = self.url_rule_class(rule, methods=methods, **options)
        rule_obj.provide_automatic_options = provide_automatic_options
        self.url_map.add(rule_obj)
        self._add_host_route(rule_obj, view_func, host_options)
        if view_func is not None:
            old_func = self.view_functions.get(endpoint)
            if old_func is not None and old_func != view_func:
                raise AssertionError(
                    "View function mapping is overwriting an existing"
                    f" endpoint function: {endpoint}"
                )
            self.view_functions[endpoint] = view_func

    def _add_host_route(
        self,
        rule: Rule,
        view_func: ft.RouteCallable | None,
        options: dict[str, t.Any],
    ) -> None:
        """Called with each new rule: the Flask app makes it a route of its
        Bottle host (``options`` holds Bottle's ``skip`` and ``apply``)."""

    @setupmethod
    def teardown_appcontext(self, f: T_teardown) -> T_teardown:
        """Run when the application context pops, with the error or None."""
        self.teardown_appcontext_funcs.append(f)
        return f

    @setupmethod
    def shell_context_processor(
        self, f: T_shell_context_processor
    ) -> T_shell_context_processor:
        """Add names to the ``flask shell`` namespace."""
        self.shell_context_processors.append(f)
        return f

    def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
        """Run the ``url_defaults`` functions of the app and the blueprints."""
        names: t.Iterable[str | None] = (None,)
        if "." in endpoint:
            names = chain(
                names, reversed(_split_blueprint_path(endpoint.rpartition(".")[0]))
            )
        for name in names:
            if name in self.url_default_functions:
                for func in self.url_default_functions[name]:
                    func(endpoint, values)

    def handle_url_build_error(
        self, error: BuildError, endpoint: str, values: dict[str, t.Any]
    ) -> str:
        """Try ``url_build_error_handlers``; re-raise when none gives a URL."""
        for handler in self.url_build_error_handlers:
            try:
                rv = handler(error, endpoint, values)
            except BuildError as e:
                error = e
            else:
                if rv is not None:
                    return rv
        if error is sys.exc_info()[1]:
            raise  # noqa: PLE0704 - re-raise the active BuildError as Flask does
        raise error

    def redirect(self, location: str, code: int = 302) -> BaseResponse:
        """A redirect response of ``response_class``."""
        return _base_redirect(location, code=code, Response=self.response_class)

    # errors ---------------------------------------------------------------
    def _find_error_handler(
        self, e: Exception, blueprints: list[str]
    ) -> ft.ErrorHandlerCallable | None:
        """The handler for ``e``: by code, then by class MRO; blueprints first."""
        exc_class, code = self._get_exc_class_and_code(type(e))
        mro = exc_class.__mro__
        if code is not None and is_foreign_http_exception_class(exc_class):
            mro = handler_mro(exc_class, code)
        names = (*blueprints, None)
        for c in (code, None) if code is not None else (None,):
            for name in names:
                handler_map = self.error_handler_spec[name][c]
                if not handler_map:
                    continue
                for cls in mro:
                    handler = handler_map.get(cls)
                    if handler is not None:
                        return handler
        return None

    def trap_http_exception(self, e: Exception) -> bool:
        """Whether an HTTP exception should be raised like any other error."""
        if self.config["TRAP_HTTP_EXCEPTIONS"]:
            return True
        trap_bad_request = self.config["TRAP_BAD_REQUEST_ERRORS"]
        if (
            trap_bad_request is None
            and self.debug
            and isinstance(e, BadRequestKeyError)
        ):
            return True
        if trap_bad_request:
            foreign = is_foreign_http_exception_class(type(e))
            return isinstance(e, BadRequest) or (foreign and e.code == 400)  # type: ignore[attr-defined]
        return False

    def should_ignore_error(self, error: BaseException | None) -> bool:
        """Whether the teardown functions should not see ``error``."""
        return False

    # templates ------------------------------------------------------------
    @cached_property
    def jinja_env(self) -> Environment:
        """The Jinja environment that loads templates (made on first use; assign
        or delete it to replace or rebuild it)."""
        return self.create_jinja_environment()

    def create_jinja_environment(self) -> Environment:
        """Make the Jinja environment (see ``Flask.create_jinja_environment``)."""
        raise NotImplementedError

    def create_global_jinja_loader(self) -> DispatchingJinjaLoader:
        """The loader that finds templates in the app's and blueprints' folders."""
        from ..templating import DispatchingJinjaLoader

        return DispatchingJinjaLoader(self)

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        """Autoescape templates from strings and ``.html``, ``.htm``, ``.xml``,
        ``.xhtml``, ``.svg`` files."""
        if filename is None:
            return True
        return filename.endswith((".html", ".htm", ".xml", ".xhtml", ".svg"))

    @property
    def templates_auto_reload(self) -> bool:
        """Reload changed templates: ``TEMPLATES_AUTO_RELOAD``, else debug mode.

        The seed's older spelling (Flask < 2.3); use the config key instead.
        """
        warnings.warn(
            "'templates_auto_reload' is deprecated (removed in Flask 2.3). Use"
            " the 'TEMPLATES_AUTO_RELOAD' config key instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        rv = self.config["TEMPLATES_AUTO_RELOAD"]
        return bool(rv) if rv is not None else self.debug

    @templates_auto_reload.setter
    def templates_auto_reload(self, value: bool) -> None:
        warnings.warn(
            "'templates_auto_reload' is deprecated (removed in Flask 2.3). Use"
            " the 'TEMPLATES_AUTO_RELOAD' config key instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        self.config["TEMPLATES_AUTO_RELOAD"] = value

    @setupmethod
    def template_filter(
        self, name: str | None = None
    ) -> t.Callable[[T_template_filter], T_template_filter]:
        """Register the decorated function as a Jinja filter."""

        def decorator(f: T_template_filter) -> T_template_filter:
            self.add_template_filter(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_template_filter(
        self, f: ft.TemplateFilterCallable, name: str | None = None
    ) -> None:
        """Register a Jinja filter (default name: the function's)."""
        self.jinja_env.filters[name or f.__name__] = f

    @setupmethod
    def template_test(
        self, name: str | None = None
    ) -> t.Callable[[T_template_test], T_template_test]:
        """Register the decorated function as a Jinja test."""

        def decorator(f: T_template_test) -> T_template_test:
            self.add_template_test(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_template_test(
        self, f: ft.TemplateTestCallable, name: str | None = None
    ) -> None:
        """Register a Jinja test (default name: the function's)."""
        self.jinja_env.tests[name or f.__name__] = f

    @setupmethod
    def template_global(
        self, name: str | None = None
    ) -> t.Callable[[T_template_global], T_template_global]:
        """Register the decorated function as a Jinja global."""

        def decorator(f: T_template_global) -> T_template_global:
            self.add_template_global(f, name=name)
            return f

        return decorator

    @setupmethod
    def add_template_global(
        self, f: ft.TemplateGlobalCallable, name: str | None = None
    ) -> None:
        """Register a Jinja global (default name: the function's)."""
        self.jinja_env.globals[name or f.__name__] = f

    # blueprints -----------------------------------------------------------
    @setupmethod
    def register_blueprint(self, blueprint: t.Any, **options: t.Any) -> None:
        """Register a blueprint's routes, hooks and handlers on the app."""
        blueprint.register(self, options)

    def iter_blueprints(self) -> t.ValuesView[t.Any]:
        """The registered blueprints, in registration order."""
        return self.blueprints.values()
