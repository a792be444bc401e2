"""The built-in commands of ``flaskcompat``: ``run``, ``shell`` and ``routes``,
with their option types (part of Flask's ``flask.cli``; import them from
:mod:`flaskcompat.cli`).

``run`` serves with Bottle's server adapters (:mod:`flaskcompat.serving`);
``--server`` picks one.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import traceback
import typing as t
from operator import itemgetter

import click
from click.core import ParameterSource

from .cli_discovery import ScriptInfo, pass_script_info, with_appcontext
from .globals import current_app
from .helpers import get_debug_flag
from .werkzeug.serving import (
    ServerError,
    get_server_adapter,
    is_running_from_reloader,
    run_simple,
    server_names,
)

if t.TYPE_CHECKING:  # pragma: no cover
    import ssl

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from .app import Flask


def _set_debug(ctx: click.Context, param: click.Option, value: bool) -> bool | None:
    """``--debug/--no-debug``: set ``FLASK_DEBUG`` (read early by factories)
    when given; leave debug mode to the environment otherwise."""
    source = ctx.get_parameter_source(param.name)
    if source is not None and source in (
        ParameterSource.DEFAULT,
        ParameterSource.DEFAULT_MAP,
    ):
        return None
    os.environ["FLASK_DEBUG"] = "1" if value else "0"
    return value


_debug_option = click.Option(
    ["--debug/--no-debug"],
    help="Set debug mode.",
    expose_value=False,
    callback=_set_debug,
)


def show_server_banner(debug: bool, app_import_path: str | None) -> None:
    """Print which app is served and the debug mode (not in the reloader's child)."""
    if is_running_from_reloader():
        return
    if app_import_path is not None:
        click.echo(f" * Serving Flask app '{app_import_path}'")
    if debug is not None:
        click.echo(f" * Debug mode: {'on' if debug else 'off'}")


class CertParamType(click.ParamType):  # type: ignore[type-arg]  # click >= 8.3: generic
    """``--cert``: an existing file, ``'adhoc'``, or the import path of an
    ``ssl.SSLContext``."""

    name = "path"

    def __init__(self) -> None:
        self.path_type = click.Path(exists=True, dir_okay=False, resolve_path=True)

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        import ssl

        try:
            return self.path_type(value, param, ctx)
        except click.BadParameter:
            value = click.STRING(value, param, ctx).lower()
            if value == "adhoc":
                if importlib.util.find_spec("cryptography") is None:
                    raise click.BadParameter(
                        "Using ad-hoc certificates requires the cryptography library.",
                        ctx,
                        param,
                    ) from None
                return value
            obj = _import_string(value)
            if isinstance(obj, ssl.SSLContext):
                return obj
            raise


def _import_string(import_name: str) -> t.Any:
    """The object at ``module:name`` or ``module.name``, or None."""
    import importlib

    module_name, _, obj_name = import_name.replace(":", ".").rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), obj_name)
    except (ImportError, AttributeError, ValueError):
        return None


def _validate_key(ctx: click.Context, param: click.Parameter, value: t.Any) -> t.Any:
    """``--key`` goes with a ``--cert`` file: make ``cert`` a ``(cert, key)`` pair."""
    import ssl

    cert = ctx.params.get("cert")
    is_adhoc = cert == "adhoc"
    is_context = isinstance(cert, ssl.SSLContext)
    if value is not None:
        if is_adhoc:
            raise click.BadParameter(
                'When "--cert" is "adhoc", "--key" is not used.', ctx, param
            )
        if is_context:
            raise click.BadParameter(
                'When "--cert" is an SSLContext object, "--key" is not used.',
                ctx,
                param,
            )
        if not cert:
            raise click.BadParameter('"--cert" must also be specified.', ctx, param)
        ctx.params["cert"] = cert, value
    elif cert and not (is_adhoc or is_context):
        raise click.BadParameter('Required when using "--cert".', ctx, param)
    return value


class SeparatedPathType(click.Path):
    """A list of paths separated by ``os.pathsep``, each checked as a ``click.Path``."""

    def convert(
        self, value: t.Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> t.Any:
        items = self.split_envvar_value(value)
        super_convert = super().convert
        return [super_convert(item, param, ctx) for item in items]


@click.command("run", short_help="Run a development server.")
@click.option("--host", "-h", default="127.0.0.1", help="The interface to bind to.")
@click.option("--port", "-p", default=5000, help="The port to bind to.")
@click.option(
    "--cert",
    type=CertParamType(),
    help="Specify a certificate file to use HTTPS.",
    is_eager=True,
)
@click.option(
    "--key",
    type=click.Path(exists=True, dir_okay=False, resolve_path=True),
    callback=_validate_key,
    expose_value=False,
    help="The key file to use when specifying a certificate.",
)
@click.option(
    "--reload/--no-reload",
    default=None,
    help="Enable or disable the reloader. By default the reloader "
    "is active if debug is enabled.",
)
@click.option(
    "--debugger/--no-debugger",
    default=None,
    help="Enable or disable the debug page. By default the debug page "
    "is active if debug is enabled.",
)
@click.option(
    "--with-threads/--without-threads",
    default=True,
    help="Enable or disable multithreading.",
)
@click.option(
    "--extra-files",
    default=None,
    type=SeparatedPathType(),
    help=(
        "Extra files that trigger a reload on change. Multiple paths"
        f" are separated by {os.path.pathsep!r}."
    ),
)
@click.option(
    "--exclude-patterns",
    default=None,
    type=SeparatedPathType(),
    help=(
        "Files matching these fnmatch patterns will not trigger a reload"
        " on change. Multiple patterns are separated by"
        f" {os.path.pathsep!r}."
    ),
)
@click.option(
    "--server",
    "-s",
    type=click.Choice(server_names()),
    default="wsgiref",
    show_default=True,
    help="The Bottle server adapter to serve with (its package must be installed).",
)
@pass_script_info
def run_command(
    info: ScriptInfo,
    host: str,
    port: int,
    reload: bool | None,
    debugger: bool | None,
    with_threads: bool,
    cert: ssl.SSLContext | tuple[str, str | None] | t.Literal["adhoc"] | None,
    extra_files: list[str] | None,
    exclude_patterns: list[str] | None,
    server: str,
) -> None:
    """Run a local development server.

    The default server (wsgiref) is for development only. '--server' picks
    another of Bottle's server adapters, such as waitress or gunicorn.

    The reloader and the debug page are enabled by default with the '--debug'
    option.
    """
    try:
        app: WSGIApplication = info.load_app()
    except Exception as e:
        if not is_running_from_reloader():
            raise e from None
        # In the reloader's child, serve the error so a fix reloads the app.
        traceback.print_exc()
        err = e

        def app(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> t.Iterable[bytes]:
            raise err from None

    try:
        get_server_adapter(server)  # fail before the banner
    except ServerError as e:
        raise click.BadParameter(str(e), param_hint="'--server'") from None
    debug = get_debug_flag()
    if reload is None:
        reload = debug
    if debugger is None:
        debugger = debug
    show_server_banner(debug, info.app_import_path)
    try:
        run_simple(
            host,
            port,
            app,
            use_reloader=reload,
            use_debugger=debugger,
            threaded=with_threads,
            ssl_context=cert,
            extra_files=extra_files,
            exclude_patterns=exclude_patterns,
            server=server,
        )
    except ServerError as e:
        raise click.UsageError(str(e)) from None


run_command.params.insert(0, _debug_option)


@click.command("shell", short_help="Run a shell in the app context.")
@with_appcontext
def shell_command() -> None:
    """Run an interactive Python shell in the context of a given
    Flask application.  The application will populate the default
    namespace of this shell according to its configuration.

    This is useful for executing small snippets of management code
    without having to manually configure the application.
    """
    import code

    banner = (
        f"Python {sys.version} on {sys.platform}\n"
        f"App: {current_app.import_name}\n"
        f"Instance: {current_app.instance_path}"
    )
    ctx: dict[str, t.Any] = {}
    # Python's startup file, as the plain interpreter runs it.
    startup = os.environ.get("PYTHONSTARTUP")
    if startup and os.path.isfile(startup):
        with open(startup) as f:
            eval(compile(f.read(), startup, "exec"), ctx)
    ctx.update(current_app.make_shell_context())
    interactive_hook = getattr(sys, "__interactivehook__", None)
    if interactive_hook is not None:
        try:
            import readline
            from rlcompleter import Completer
        except ImportError:
            pass
        else:
            # Complete from the shell's namespace, not __main__'s.
            readline.set_completer(Completer(ctx).complete)
        interactive_hook()
    code.interact(banner=banner, local=ctx)


def bottle_route_rows(app: Flask, ignored_methods: set[str]) -> list[list[str]]:
    """The rows ``routes`` shows for the Bottle routes of the app's host
    (``app.bottle``): endpoint ``bottle:<name>``, method, rule. Flask's rules,
    routes of the same router, are listed from ``url_map``."""
    from .bottle_host import iter_bottle_routes

    return [
        [f"bottle:{name}", method, rule]
        for method, rule, name in iter_bottle_routes(app)
        if method not in ignored_methods
    ]


@click.command("routes", short_help="Show the routes for the app.")
@click.option(
    "--sort",
    "-s",
    type=click.Choice(("endpoint", "methods", "domain", "rule", "match")),
    default="endpoint",
    help=(
        "Method to sort routes by. 'match' is the order that Flask will match routes"
        " when dispatching a request."
    ),
)
@click.option("--all-methods", is_flag=True, help="Show HEAD and OPTIONS methods.")
@with_appcontext
def routes_command(sort: str, all_methods: bool) -> None:
    """Show all registered routes with endpoints and methods."""
    app = t.cast("Flask", current_app._get_current_object())  # type: ignore[attr-defined]
    rules = list(app.url_map.iter_rules())
    ignored_methods = set() if all_methods else {"HEAD", "OPTIONS"}
    bottle_rows = bottle_route_rows(app, ignored_methods)
    if not rules and not bottle_rows:
        click.echo("No routes were registered.")
        return
    host_matching = app.url_map.host_matching
    has_domain = any(rule.host if host_matching else rule.subdomain for rule in rules)
    rows = []
    for rule in rules:
        row = [
            rule.endpoint,
            ", ".join(sorted((rule.methods or set()) - ignored_methods)),
        ]
        if has_domain:
            row.append((rule.host if host_matching else rule.subdomain) or "")
        row.append(rule.rule)
        rows.append(row)
    for bottle_row in bottle_rows:
        if has_domain:
            bottle_row.insert(2, "")
        rows.append(bottle_row)  # after the Flask rules: Flask matches first
    headers = ["Endpoint", "Methods"]
    sorts = ["endpoint", "methods"]
    if has_domain:
        headers.append("Host" if host_matching else "Subdomain")
        sorts.append("domain")
    headers.append("Rule")
    sorts.append("rule")
    with contextlib.suppress(ValueError):  # "match": the map's order
        rows.sort(key=itemgetter(sorts.index(sort)))
    rows.insert(0, headers)
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    rows.insert(1, ["-" * w for w in widths])
    template = "  ".join(f"{{{i}:<{w}}}" for i, w in enumerate(widths))
    for row in rows:
        click.echo(template.format(*row))
