"""Conformance: how the command line finds the app - ``find_best_app``,
``find_app_by_string``, ``prepare_import``, ``locate_app``, every ``--app``
form, ``FLASK_APP``, ``wsgi.py``/``app.py`` - with Flask's error messages."""

from __future__ import annotations

import sys
import types
import typing as t
from pathlib import Path

import click
import pytest
from cli_support import cli_state, write_module
from click.testing import CliRunner

__all__ = ["cli_state"]  # the fixture, used by every test here
pytestmark = pytest.mark.usefixtures("cli_state")


def module_with(name: str = "testmod", **attrs: t.Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    return module


# -- find_best_app -------------------------------------------------------------


@pytest.mark.api("cli.find_best_app")
@pytest.mark.parametrize("attr", ["app", "application", "myapp"])
def test_find_best_app_by_name_or_single_instance(impl: t.Any, attr: str) -> None:
    app = impl.Flask("appname")
    assert impl.cli.find_best_app(module_with(**{attr: app})) is app


@pytest.mark.api("cli.find_best_app")
def test_find_best_app_prefers_app_over_other_instances(impl: t.Any) -> None:
    app = impl.Flask("a")
    module = module_with(app=app, other=impl.Flask("b"))
    assert impl.cli.find_best_app(module) is app


@pytest.mark.api("cli.find_best_app")
@pytest.mark.parametrize("factory_name", ["create_app", "make_app"])
def test_find_best_app_calls_a_factory(impl: t.Any, factory_name: str) -> None:
    def factory() -> t.Any:
        return impl.Flask("made")

    app = impl.cli.find_best_app(module_with(**{factory_name: factory}))
    assert isinstance(app, impl.Flask)
    assert app.name == "made"


@pytest.mark.api("cli.find_best_app", "cli.NoAppException")
def test_find_best_app_errors(impl: t.Any) -> None:
    NoApp = impl.cli.NoAppException
    assert issubclass(NoApp, click.UsageError)
    with pytest.raises(NoApp) as info:
        impl.cli.find_best_app(module_with(a=impl.Flask("a"), b=impl.Flask("b")))
    assert info.value.message == (
        "Detected multiple Flask applications in module 'testmod'."
        " Use 'testmod:name' to specify the correct one."
    )
    with pytest.raises(NoApp) as info:
        impl.cli.find_best_app(module_with())
    assert info.value.message == (
        "Failed to find Flask application or factory in module 'testmod'."
        " Use 'testmod:name' to specify one."
    )

    def create_app(config: str) -> t.Any:
        return impl.Flask("x")

    with pytest.raises(NoApp) as info:
        impl.cli.find_best_app(module_with(create_app=create_app))
    assert info.value.message == (
        "Detected factory 'create_app' in module 'testmod', but could not call"
        " it without arguments. Use 'testmod:create_app(args)' to specify"
        " arguments."
    )


@pytest.mark.api("cli.find_best_app")
def test_a_type_error_inside_the_factory_propagates(impl: t.Any) -> None:
    def create_app() -> t.Any:
        raise TypeError("bad config")

    with pytest.raises(TypeError, match="bad config"):
        impl.cli.find_best_app(module_with(create_app=create_app))


# -- find_app_by_string ----------------------------------------------------------


@pytest.mark.api("cli.find_app_by_string")
def test_find_app_by_string(impl: t.Any) -> None:
    app = impl.Flask("plain")

    def create_app(name: str = "default", *, debug: bool = False) -> t.Any:
        made = impl.Flask(name)
        made.debug = debug
        return made

    module = module_with(app=app, create_app=create_app, number=42)
    find = impl.cli.find_app_by_string
    assert find(module, "app") is app
    assert find(module, " app ") is app
    assert find(module, "create_app()").name == "default"
    assert find(module, "create_app('dev')").name == "dev"
    made = find(module, "create_app(name='kw', debug=True)")
    assert (made.name, made.debug) == ("kw", True)


@pytest.mark.api("cli.find_app_by_string", "cli.NoAppException")
@pytest.mark.parametrize(
    ("app_name", "message"),
    [
        ("app(", "Failed to parse 'app(' as an attribute name or function call."),
        ("a.b", "Failed to parse 'a.b' as an attribute name or function call."),
        ("mod.create()", "Function reference must be a simple name: 'mod.create()'."),
        (
            "create_app(name)",
            "Failed to parse arguments as literal values: 'create_app(name)'.",
        ),
        ("missing", "Failed to find attribute 'missing' in 'testmod'."),
        (
            "create_app(1, 2, 3)",
            "The factory 'create_app(1, 2, 3)' in module 'testmod' could not be"
            " called with the specified arguments.",
        ),
        (
            "number",
            "A valid Flask application was not obtained from 'testmod:number'.",
        ),
    ],
)
def test_find_app_by_string_errors(impl: t.Any, app_name: str, message: str) -> None:
    def create_app(name: str = "x") -> t.Any:
        return impl.Flask(name)

    module = module_with(create_app=create_app, number=42)
    with pytest.raises(impl.cli.NoAppException) as info:
        impl.cli.find_app_by_string(module, app_name)
    assert info.value.message == message


# -- prepare_import and locate_app ---------------------------------------------------


@pytest.mark.api("cli.prepare_import")
def test_prepare_import(impl: t.Any, tmp_path: Path) -> None:
    for relpath in ("pkg/__init__.py", "pkg/inner/__init__.py", "pkg/inner/mod.py"):
        write_module(tmp_path, relpath, "", impl.name)
    write_module(tmp_path, "plain.py", "", impl.name)
    prepare = impl.cli.prepare_import
    assert prepare(str(tmp_path / "pkg" / "inner" / "mod.py")) == "pkg.inner.mod"
    assert sys.path[0] == str(tmp_path)
    assert prepare(str(tmp_path / "pkg" / "inner")) == "pkg.inner"
    assert prepare(str(tmp_path / "pkg" / "__init__.py")) == "pkg"
    assert prepare("plain.py") == "plain"
    assert prepare("plain") == "plain"
    assert sys.path.count(str(tmp_path)) == 1, "added once only"


@pytest.mark.api("cli.locate_app", "cli.NoAppException")
def test_locate_app(impl: t.Any, tmp_path: Path) -> None:
    write_module(
        tmp_path,
        "goodmod.py",
        """
        from IMPL import Flask
        app = Flask("goodmod")
        other = Flask("other")
        """,
        impl.name,
    )
    write_module(tmp_path, "brokenmod.py", "import no_such_module_here\n", impl.name)
    sys.path.insert(0, str(tmp_path))
    assert impl.cli.locate_app("goodmod", None).name == "goodmod"
    assert impl.cli.locate_app("goodmod", "other").name == "other"
    assert impl.cli.locate_app("nothere_mod", None, raise_if_not_found=False) is None
    with pytest.raises(impl.cli.NoAppException) as info:
        impl.cli.locate_app("nothere_mod", None)
    assert info.value.message == "Could not import 'nothere_mod'."
    with pytest.raises(impl.cli.NoAppException) as info:
        impl.cli.locate_app("brokenmod", None, raise_if_not_found=False)
    assert info.value.message.startswith(
        "While importing 'brokenmod', an ImportError was raised:\n\nTraceback"
    )
    assert "no_such_module_here" in info.value.message


# -- --app, FLASK_APP and the default files ------------------------------------------

WHOAMI = """
import click
from IMPL import Flask, current_app

def register(app):
    @app.cli.command("whoami")
    def whoami():
        click.echo(f"app={current_app.name} debug={current_app.debug}")
    return app
"""


def write_apps(tmp_path: Path, impl: str) -> None:
    """The app modules the ``--app`` forms point at."""
    write_module(tmp_path, "whoami_support.py", WHOAMI, impl)
    write_module(
        tmp_path,
        "appmod.py",
        """
        from IMPL import Flask
        from whoami_support import register
        app = register(Flask("appmod"))
        app2 = register(Flask("appmod2"))
        """,
        impl,
    )
    write_module(
        tmp_path,
        "factorymod.py",
        """
        from IMPL import Flask
        from whoami_support import register
        def create_app(name="factory"):
            return register(Flask(name))
        """,
        impl,
    )
    write_module(
        tmp_path,
        "cliapp/__init__.py",
        """
        from IMPL import Flask
        from whoami_support import register
        application = register(Flask("cliapp"))
        """,
        impl,
    )
    write_module(
        tmp_path,
        "scripts/standalone.py",
        """
        import sys
        sys.path.insert(0, __file__.rsplit("/", 2)[0])
        from IMPL import Flask
        from whoami_support import register
        app = register(Flask("standalone"))
        """,
        impl,
    )


def invoke(impl: t.Any, args: list[str], **kwargs: t.Any) -> t.Any:
    return CliRunner().invoke(impl.cli.FlaskGroup(), args, **kwargs)


@pytest.mark.api("cli.FlaskGroup", "cli.ScriptInfo")
@pytest.mark.parametrize(
    ("app_arg", "name"),
    [
        ("appmod", "appmod"),
        ("appmod:app2", "appmod2"),
        ("factorymod", "factory"),
        ("factorymod:create_app()", "factory"),
        ("factorymod:create_app('from_args')", "from_args"),
        ('factorymod:create_app(name="kw")', "kw"),
        ("cliapp", "cliapp"),
        ("cliapp/__init__.py", "cliapp"),
        ("appmod.py", "appmod"),
        ("scripts/standalone.py", "standalone"),
    ],
)
def test_app_option_forms(impl: t.Any, tmp_path: Path, app_arg: str, name: str) -> None:
    write_apps(tmp_path, impl.name)
    result = invoke(impl, ["--app", app_arg, "whoami"])
    assert result.exit_code == 0, result.output
    assert result.output == f"app={name} debug=False\n"


@pytest.mark.api("cli.FlaskGroup", "cli.ScriptInfo")
def test_flask_app_variable_and_short_option(impl: t.Any, tmp_path: Path) -> None:
    write_apps(tmp_path, impl.name)
    result = invoke(impl, ["whoami"], env={"FLASK_APP": "appmod:app2"})
    assert result.output == "app=appmod2 debug=False\n"
    result = invoke(impl, ["-A", "factorymod", "whoami"])
    assert result.output == "app=factory debug=False\n"


@pytest.mark.api("cli.FlaskGroup", "cli.ScriptInfo")
@pytest.mark.parametrize("files", [("wsgi.py", "app.py"), ("app.py",)])
def test_wsgi_py_then_app_py(impl: t.Any, tmp_path: Path, files: tuple[str]) -> None:
    write_module(tmp_path, "whoami_support.py", WHOAMI, impl.name)
    for filename in files:
        write_module(
            tmp_path,
            filename,
            f"""
            from IMPL import Flask
            from whoami_support import register
            app = register(Flask("{filename[:-3]}_app"))
            """,
            impl.name,
        )
    result = invoke(impl, ["whoami"])
    assert result.output == f"app={files[0][:-3]}_app debug=False\n"


@pytest.mark.api("cli.FlaskGroup", "cli.NoAppException")
def test_no_app_found(impl: t.Any) -> None:
    result = invoke(impl, ["whoami"])
    assert result.exit_code == 2
    assert (
        "Error: Could not locate a Flask application. Use the 'flask --app'"
        " option, 'FLASK_APP' environment variable, or a 'wsgi.py' or 'app.py'"
        " file in the current directory."
    ) in result.output
    assert "No such command 'whoami'." in result.output


@pytest.mark.api("cli.FlaskGroup", "cli.NoAppException")
def test_bad_app_argument_is_a_usage_error(impl: t.Any, tmp_path: Path) -> None:
    write_apps(tmp_path, impl.name)
    result = invoke(impl, ["--app", "nothere_mod", "routes"])
    assert result.exit_code == 2
    assert "Error: Could not import 'nothere_mod'." in result.output
    result = invoke(impl, ["--app", "appmod:missing", "routes"])
    assert result.exit_code == 2
    assert "Error: Failed to find attribute 'missing' in 'appmod'." in result.output


@pytest.mark.api("cli.ScriptInfo")
def test_script_info_loads_once_and_sets_debug(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[t.Any] = []

    def create_app() -> t.Any:
        made.append(impl.Flask("made"))
        made[-1].debug = True
        return made[-1]

    monkeypatch.setenv("FLASK_DEBUG", "0")
    info = impl.cli.ScriptInfo(create_app=create_app)
    assert info.load_app() is info.load_app() is made[0]
    assert len(made) == 1
    assert made[0].debug is False, "set from FLASK_DEBUG"
    keep = impl.cli.ScriptInfo(create_app=create_app, set_debug_flag=False)
    assert keep.load_app().debug is True
    assert info.data == {}
    assert info.app_import_path is None
    monkeypatch.setenv("FLASK_SKIP_DOTENV", "1")
    assert impl.cli.ScriptInfo().load_dotenv_defaults is False
