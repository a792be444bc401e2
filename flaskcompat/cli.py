"""The command line: Flask's ``flask.cli``, as the ``flaskcompat`` command and
``python -m flaskcompat``.

``FlaskGroup`` takes Flask's options (``--app``, ``--debug``, ``--env-file``,
``--version``, the ``FLASK_`` environment prefix) and finds the commands of the
app (``app.cli``, its blueprints' ``cli``) and of installed packages
(``flask.commands`` entry points). App discovery lives in
:mod:`.cli_discovery`, the built-in commands in :mod:`.cli_commands`; their
public names are re-exported here.
"""

from __future__ import annotations

import importlib.metadata
import os
import platform
import traceback
import typing as t

import click

from .cli_commands import CertParamType as CertParamType
from .cli_commands import SeparatedPathType as SeparatedPathType
from .cli_commands import _debug_option
from .cli_commands import routes_command as routes_command
from .cli_commands import run_command as run_command
from .cli_commands import shell_command as shell_command
from .cli_commands import show_server_banner as show_server_banner
from .cli_discovery import AppGroup as AppGroup
from .cli_discovery import NoAppException as NoAppException
from .cli_discovery import ScriptInfo as ScriptInfo
from .cli_discovery import find_app_by_string as find_app_by_string
from .cli_discovery import find_best_app as find_best_app
from .cli_discovery import locate_app as locate_app
from .cli_discovery import pass_script_info as pass_script_info
from .cli_discovery import prepare_import as prepare_import
from .cli_discovery import with_appcontext as with_appcontext
from .globals import current_app

if t.TYPE_CHECKING:  # pragma: no cover
    from .app import Flask

#: The version of Flask's API that flaskcompat follows.
FLASK_API_VERSION = "3.1"


def _distribution_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "(not installed)"


def get_version(ctx: click.Context, param: click.Parameter, value: t.Any) -> None:
    """``--version``: Python's, flaskcompat's (and the Flask API it follows)
    and Bottle's versions."""
    if not value or ctx.resilient_parsing:
        return
    from .werkzeug.serving import bottle_version

    click.echo(
        f"Python {platform.python_version()}\n"
        f"flaskcompat {_distribution_version('flaskcompat')}"
        f" (Flask {FLASK_API_VERSION} API)\n"
        f"Bottle {bottle_version()}",
        color=ctx.color,
    )
    ctx.exit()


version_option = click.Option(
    ["--version"],
    help="Show the flaskcompat version.",
    expose_value=False,
    callback=get_version,
    is_flag=True,
    is_eager=True,
)


def _set_app(ctx: click.Context, param: click.Option, value: str | None) -> str | None:
    if value is None:
        return None
    info = ctx.ensure_object(ScriptInfo)
    info.app_import_path = value
    return value


# Eager, so the app is known to --help; it must come before --help.
_app_option = click.Option(
    ["-A", "--app"],
    metavar="IMPORT",
    help=(
        "The Flask application or factory function to load, in the form 'module:name'."
        " Module can be a dotted import or file path. Name is not required if it is"
        " 'app', 'application', 'create_app', or 'make_app', and can be 'name(args)' to"
        " pass arguments."
    ),
    is_eager=True,
    expose_value=False,
    callback=_set_app,
)


def _env_file_callback(
    ctx: click.Context, param: click.Option, value: str | None
) -> str | None:
    try:
        import dotenv  # noqa: F401
    except ImportError:
        if value is not None:
            raise click.BadParameter(
                "python-dotenv must be installed to load an env file.",
                ctx=ctx,
                param=param,
            ) from None
    if value is not None or ctx.obj.load_dotenv_defaults:
        load_dotenv(value, load_defaults=ctx.obj.load_dotenv_defaults)
    return value


# Eager and first, so the variables it loads are seen by the other options.
_env_file_option = click.Option(
    ["-e", "--env-file"],
    type=click.Path(exists=True, dir_okay=False),
    help=(
        "Load environment variables from this file, taking precedence over"
        " those set by '.env' and '.flaskenv'. Variables set directly in the"
        " environment take highest precedence. python-dotenv must be installed."
    ),
    is_eager=True,
    expose_value=False,
    callback=_env_file_callback,
)


def _set_alias(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """``--alias/--no-alias`` of the ``flaskcompat`` command: make ``flask`` and
    ``werkzeug`` imports get flaskcompat before the app is imported."""
    if ctx.resilient_parsing:
        return value
    from . import alias

    try:
        alias.cli_setup(value)
    except alias.AliasError as e:
        raise click.UsageError(str(e), ctx) from None
    return value


# Only on the flaskcompat command (``cli``), not on every FlaskGroup: a
# FlaskGroup inside a process that uses real Flask must not install the alias.
_alias_option = click.Option(
    ["--alias/--no-alias"],
    default=True,
    help=(
        "Make imports of 'flask' and 'werkzeug' get flaskcompat's modules, so an"
        " unmodified Flask app runs (default: on)."
    ),
    is_eager=True,
    expose_value=False,
    callback=_set_alias,
)


class FlaskGroup(AppGroup):
    """The ``flaskcompat`` command group: Flask's options, the ``run``,
    ``shell`` and ``routes`` commands, and the commands of the loaded app and
    of ``flask.commands`` entry points."""

    def __init__(
        self,
        add_default_commands: bool = True,
        create_app: t.Callable[..., Flask] | None = None,
        add_version_option: bool = True,
        load_dotenv: bool = True,
        set_debug_flag: bool = True,
        **extra: t.Any,
    ) -> None:
        params: list[click.Parameter] = list(extra.pop("params", None) or ())
        # Option callbacks rather than a group callback: a custom group
        # callback keeps them. --env-file first, then --app.
        params.extend((_env_file_option, _app_option, _debug_option))
        if add_version_option:
            params.append(version_option)
        if "context_settings" not in extra:
            extra["context_settings"] = {}
        extra["context_settings"].setdefault("auto_envvar_prefix", "FLASK")
        super().__init__(params=params, **extra)
        self.create_app = create_app
        self.load_dotenv = load_dotenv
        self.set_debug_flag = set_debug_flag
        if add_default_commands:
            self.add_command(run_command)
            self.add_command(shell_command)
            self.add_command(routes_command)
        self._loaded_plugin_commands = False

    def _load_plugin_commands(self) -> None:
        if self._loaded_plugin_commands:
            return
        for ep in importlib.metadata.entry_points(group="flask.commands"):
            self.add_command(ep.load(), ep.name)
        self._loaded_plugin_commands = True

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """A built-in or plugin command, else the loaded app's (in its app context)."""
        self._load_plugin_commands()
        rv = super().get_command(ctx, name)
        if rv is not None:
            return rv
        info = ctx.ensure_object(ScriptInfo)
        try:
            app = info.load_app()
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
            return None
        # The app context makes current_app available to parameter and
        # command callbacks without @with_appcontext.
        if not current_app or current_app._get_current_object() is not app:  # type: ignore[attr-defined]
            ctx.with_resource(app.app_context())
        return app.cli.get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The built-in, plugin and app commands (an app that fails to load
        prints its error)."""
        self._load_plugin_commands()
        rv = set(super().list_commands(ctx))
        info = ctx.ensure_object(ScriptInfo)
        try:
            rv.update(info.load_app().cli.list_commands(ctx))
        except NoAppException as e:
            click.secho(f"Error: {e.format_message()}\n", err=True, fg="red")
        except Exception:
            click.secho(f"{traceback.format_exc()}\n", err=True, fg="red")
        return sorted(rv)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: t.Any,
    ) -> click.Context:
        # app.run() becomes a no-op: an unguarded call at import time must
        # not block the command.
        os.environ["FLASK_RUN_FROM_CLI"] = "true"
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(
                create_app=self.create_app,
                set_debug_flag=self.set_debug_flag,
                load_dotenv_defaults=self.load_dotenv,
            )
        return super().make_context(info_name, args, parent=parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (not args and self.no_args_is_help) or (
            len(args) == 1 and args[0] in self.get_help_option_names(ctx)
        ):
            # Help without a command: load --env-file and --app from the
            # environment first, so the help lists the app's commands.
            if _alias_option in self.params:
                _alias_option.handle_parse_result(ctx, {}, [])
            _env_file_option.handle_parse_result(ctx, {}, [])
            _app_option.handle_parse_result(ctx, {}, [])
        return super().parse_args(ctx, args)


def load_dotenv(
    path: str | os.PathLike[str] | None = None, load_defaults: bool = True
) -> bool:
    """Set environment variables from ``path``, then ``.env``, then
    ``.flaskenv`` (the first one that sets a key wins; the environment wins
    over all). A no-op without python-dotenv. True if a variable was loaded."""
    try:
        import dotenv
    except ImportError:
        if path or os.path.isfile(".env") or os.path.isfile(".flaskenv"):
            click.secho(
                " * Tip: There are .env files present. Install python-dotenv"
                " to use them.",
                fg="yellow",
                err=True,
            )
        return False
    data: dict[str, str | None] = {}
    if load_defaults:
        for default_name in (".flaskenv", ".env"):
            default_path = dotenv.find_dotenv(default_name, usecwd=True)
            if not default_path:
                continue
            data.update(dotenv.dotenv_values(default_path, encoding="utf-8"))
    if path is not None and os.path.isfile(path):
        data.update(dotenv.dotenv_values(path, encoding="utf-8"))
    for key, value in data.items():
        if key in os.environ or value is None:
            continue
        os.environ[key] = value
    return bool(data)


cli = FlaskGroup(
    name="flaskcompat",
    params=[_alias_option],
    help="""\
A general utility script for Flask applications, run by flaskcompat.

An application to load must be given with the '--app' option,
'FLASK_APP' environment variable, or with a 'wsgi.py' or 'app.py' file
in the current directory.
""",
)


def main() -> None:
    """The ``flaskcompat`` console script."""
    cli.main()


if __name__ == "__main__":  # pragma: no cover
    main()
