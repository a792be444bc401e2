"""Conformance: command groups and how commands get the app - ``with_appcontext``,
``AppGroup``, ``FlaskGroup``'s options, blueprint ``cli`` groups,
``app.test_cli_runner()``, ``flask.commands`` entry points, ``--version``."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import typing as t

import click
import pytest
from cli_support import cli_state
from click.testing import CliRunner

__all__ = ["cli_state"]  # the fixture, used by every test here
pytestmark = pytest.mark.usefixtures("cli_state")


def echo_app_command(impl: t.Any) -> click.Command:
    @click.command("which")
    def which() -> None:
        click.echo(f"app={impl.current_app.name}" if impl.current_app else "no app")

    return which


# -- with_appcontext and AppGroup -----------------------------------------------------


@pytest.mark.api("cli.with_appcontext", "cli.ScriptInfo")
def test_with_appcontext(impl: t.Any) -> None:
    @click.command()
    @impl.cli.with_appcontext
    def testcmd() -> None:
        click.echo(impl.current_app.name)

    app = impl.Flask("testapp")
    obj = impl.cli.ScriptInfo(create_app=lambda: app)
    result = CliRunner().invoke(testcmd, obj=obj)
    assert (result.exit_code, result.output) == (0, "testapp\n")


@pytest.mark.api("cli.with_appcontext")
def test_with_appcontext_keeps_an_active_context(impl: t.Any) -> None:
    @click.command()
    @impl.cli.with_appcontext
    def testcmd() -> None:
        click.echo(impl.current_app.name)

    app = impl.Flask("active")
    with app.app_context():
        result = CliRunner().invoke(testcmd, obj=impl.cli.ScriptInfo())
    assert result.output == "active\n"


@pytest.mark.api("cli.AppGroup", "cli.ScriptInfo")
def test_appgroup_commands_and_subgroups_get_the_app_context(impl: t.Any) -> None:
    @click.group(cls=impl.cli.AppGroup)
    def cli() -> None:
        pass

    @cli.command()
    def test() -> None:
        click.echo(impl.current_app.name)

    @cli.group()
    def subgroup() -> None:
        pass

    @subgroup.command()
    def test2() -> None:
        click.echo(impl.current_app.name)

    @cli.command(with_appcontext=False)
    def bare() -> None:
        click.echo("app" if impl.current_app else "no app")

    assert isinstance(subgroup, impl.cli.AppGroup)
    obj = impl.cli.ScriptInfo(create_app=lambda: impl.Flask("testappgroup"))
    runner = CliRunner()
    assert runner.invoke(cli, ["test"], obj=obj).output == "testappgroup\n"
    assert runner.invoke(cli, ["subgroup", "test2"], obj=obj).output == (
        "testappgroup\n"
    )
    assert runner.invoke(cli, ["bare"], obj=obj).output == "no app\n"


@pytest.mark.api("cli.pass_script_info", "cli.ScriptInfo")
def test_pass_script_info(impl: t.Any) -> None:
    @click.command()
    @impl.cli.pass_script_info
    def show(info: t.Any) -> None:
        click.echo(f"{type(info).__name__} {info.load_app().name}")

    obj = impl.cli.ScriptInfo(create_app=lambda: impl.Flask("passed"))
    assert CliRunner().invoke(show, obj=obj).output == "ScriptInfo passed\n"


# -- FlaskGroup ---------------------------------------------------------------------


@pytest.mark.api("cli.FlaskGroup", "Flask")
def test_flaskgroup_with_create_app_and_app_commands(impl: t.Any) -> None:
    def create_app() -> t.Any:
        app = impl.Flask("flaskgroup")

        @app.cli.command("hello")
        @click.option("--name", default="World")
        def hello(name: str) -> None:
            click.echo(f"Hello, {name} from {impl.current_app.name}!")

        return app

    group = impl.cli.FlaskGroup(create_app=create_app)
    runner = CliRunner()
    result = runner.invoke(group, ["hello", "--name", "Ada"])
    assert (result.exit_code, result.output) == (0, "Hello, Ada from flaskgroup!\n")
    result = runner.invoke(group, ["--help"])
    assert result.exit_code == 0
    lines = result.output.split("Commands:")[1].strip().splitlines()
    names = [line.split()[0] for line in lines]  # installed plugins may add more
    expected = ["hello", "routes", "run", "shell"]
    assert [name for name in names if name in expected] == expected


@pytest.mark.api("cli.FlaskGroup")
def test_flaskgroup_without_default_commands_or_version(impl: t.Any) -> None:
    group = impl.cli.FlaskGroup(
        create_app=lambda: impl.Flask("bare"),
        add_default_commands=False,
        add_version_option=False,
    )
    result = CliRunner().invoke(group, ["run"])
    assert result.exit_code == 2
    assert "No such command 'run'." in result.output
    result = CliRunner().invoke(group, ["--version"])
    assert result.exit_code == 2
    assert "No such option '--version'" in result.output


@pytest.mark.api("cli.FlaskGroup")
@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, "False"),
        (["--debug"], {}, "True"),
        (["--no-debug"], {"FLASK_DEBUG": "1"}, "False"),
        ([], {"FLASK_DEBUG": "1"}, "True"),
        ([], {"FLASK_DEBUG": "no"}, "False"),
    ],
)
def test_flaskgroup_debug(
    impl: t.Any, args: list[str], env: dict[str, str], expected: str
) -> None:
    def create_app() -> t.Any:
        app = impl.Flask("debugapp")

        @app.cli.command("debug")
        def debug() -> None:
            click.echo(f"{impl.current_app.debug} {os.environ.get('FLASK_DEBUG')}")

        return app

    group = impl.cli.FlaskGroup(create_app=create_app)
    result = CliRunner().invoke(group, [*args, "debug"], env=env)
    assert result.exit_code == 0, result.output
    assert result.output.split()[0] == expected


@pytest.mark.api("cli.FlaskGroup")
def test_flaskgroup_set_debug_flag_false_leaves_the_app_alone(impl: t.Any) -> None:
    def create_app() -> t.Any:
        app = impl.Flask("keep")
        app.debug = True

        @app.cli.command("debug")
        def debug() -> None:
            click.echo(str(impl.current_app.debug))

        return app

    group = impl.cli.FlaskGroup(create_app=create_app, set_debug_flag=False)
    assert CliRunner().invoke(group, ["debug"]).output == "True\n"


@pytest.mark.api("cli.FlaskGroup")
def test_run_from_cli_makes_app_run_a_no_op(impl: t.Any) -> None:
    def create_app() -> t.Any:
        app = impl.Flask("runner")

        @app.cli.command("serve-inline")
        def serve_inline() -> None:
            impl.current_app.run(port=1)  # would fail if it tried to serve
            click.echo(f"returned {os.environ['FLASK_RUN_FROM_CLI']}")

        return app

    group = impl.cli.FlaskGroup(create_app=create_app)
    result = CliRunner().invoke(group, ["serve-inline"])
    assert result.exit_code == 0, result.output
    assert "Ignoring a call to 'app.run()'" in result.output
    assert result.output.endswith("returned true\n")


@pytest.mark.api("cli.FlaskGroup", "cli.get_version")
def test_version(impl: t.Any) -> None:
    group = impl.cli.FlaskGroup(create_app=lambda: impl.Flask("v"))
    result = CliRunner().invoke(group, ["--version"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == f"Python {platform.python_version()}"
    assert len(lines) == 3
    if impl.name == "flask":
        assert lines[1] == f"Flask {importlib.metadata.version('flask')}"
        assert lines[2].startswith("Werkzeug ")
    else:  # flaskcompat's own version, the Flask API it follows, and Bottle's
        assert lines[1].startswith("flaskcompat ")
        assert lines[1].endswith("(Flask 3.1 API)")
        assert lines[2].startswith("Bottle ")


@pytest.mark.api("cli.main", "cli.get_version")
def test_main_runs_the_command_line(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["flask", "--version"])
    with pytest.raises(SystemExit) as info:
        impl.cli.main()
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith(f"Python {platform.python_version()}\n")


@pytest.mark.api("cli.show_server_banner")
def test_show_server_banner(impl: t.Any, capsys: pytest.CaptureFixture[str]) -> None:
    impl.cli.show_server_banner(True, "hello.py")
    assert capsys.readouterr().out == (
        " * Serving Flask app 'hello.py'\n * Debug mode: on\n"
    )
    impl.cli.show_server_banner(False, None)
    assert capsys.readouterr().out == " * Debug mode: off\n"


@pytest.mark.api("cli.FlaskGroup")
def test_plugin_commands_from_entry_points(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    @click.command("custom")
    def custom() -> None:
        click.echo("custom plugin command")

    class EntryPoint:
        name = "custom"

        def load(self) -> click.Command:
            return custom

    def entry_points(**kwargs: t.Any) -> list[EntryPoint]:
        return [EntryPoint()] if kwargs.get("group") == "flask.commands" else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    group = impl.cli.FlaskGroup()
    result = CliRunner().invoke(group, ["custom"])
    assert (result.exit_code, result.output) == (0, "custom plugin command\n")


# -- blueprint command groups -------------------------------------------------------


@pytest.mark.api("Blueprint", "Flask", "cli.AppGroup")
def test_blueprint_cli_groups(impl: t.Any) -> None:
    custom = impl.Blueprint("custom", __name__, cli_group="customized")
    nested = impl.Blueprint("nested", __name__)
    merged = impl.Blueprint("merged", __name__, cli_group=None)
    late = impl.Blueprint("late", __name__)

    @custom.cli.command("custom")
    def custom_command() -> None:
        click.echo("custom_result")

    @nested.cli.command("nested")
    def nested_command() -> None:
        click.echo("nested_result")

    @merged.cli.command("merged")
    def merged_command() -> None:
        click.echo(f"merged_result {impl.current_app.name}")

    @late.cli.command("late")
    def late_command() -> None:
        click.echo("late_result")

    app = impl.Flask("bpcli")
    app.register_blueprint(custom)
    app.register_blueprint(nested)
    app.register_blueprint(merged)
    app.register_blueprint(late, cli_group="late_registration")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["customized", "custom"]).output == "custom_result\n"
    assert runner.invoke(args=["nested", "nested"]).output == "nested_result\n"
    assert runner.invoke(args=["merged"]).output == "merged_result bpcli\n"
    assert runner.invoke(args=["late_registration", "late"]).output == ("late_result\n")
    assert sorted(app.cli.commands) == [
        "customized",
        "late_registration",
        "merged",
        "nested",
    ]
    assert app.cli.name == "bpcli"


@pytest.mark.api("Blueprint")
def test_blueprint_without_commands_adds_no_group(impl: t.Any) -> None:
    app = impl.Flask("quiet")
    app.register_blueprint(impl.Blueprint("plain", __name__))
    assert app.cli.commands == {}


# -- test_cli_runner ------------------------------------------------------------------


@pytest.mark.api("Flask.test_cli_runner", "testing.FlaskCliRunner")
def test_cli_runner_invokes_app_commands(impl: t.Any, app: t.Any) -> None:
    @app.cli.command("hello")
    @click.argument("name", default="World")
    def hello_command(name: str) -> None:
        click.echo(f"Hello, {name}! ({impl.current_app.name})")

    runner = app.test_cli_runner()
    assert isinstance(runner, impl.testing.FlaskCliRunner)
    assert runner.app is app
    result = runner.invoke(args=["hello"])
    assert (result.exit_code, result.output) == (0, "Hello, World! (conformance_app)\n")
    result = runner.invoke(args=["hello", "Flask"])
    assert result.output == "Hello, Flask! (conformance_app)\n"
    assert runner.invoke(hello_command, ["Cmd"]).output == (
        "Hello, Cmd! (conformance_app)\n"
    )


@pytest.mark.api("Flask.test_cli_runner", "testing.FlaskCliRunner", "cli.ScriptInfo")
def test_cli_runner_with_obj(impl: t.Any, app: t.Any) -> None:
    @click.command()
    @impl.cli.with_appcontext
    def which() -> None:
        click.echo(impl.current_app.name)

    other = impl.Flask("other_app")
    runner = app.test_cli_runner()
    assert runner.invoke(which).output == "conformance_app\n"
    obj = impl.cli.ScriptInfo(create_app=lambda: other)
    assert runner.invoke(which, obj=obj).output == "other_app\n"


@pytest.mark.api("Flask.test_cli_runner", "testing.FlaskCliRunner")
def test_cli_runner_class(impl: t.Any, app: t.Any) -> None:
    class SubRunner(impl.testing.FlaskCliRunner):  # type: ignore[name-defined]
        pass

    app.test_cli_runner_class = SubRunner
    runner = app.test_cli_runner()
    assert isinstance(runner, SubRunner)
    assert runner.app is app
