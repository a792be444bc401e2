"""Conformance: the built-in commands - ``routes`` (columns, sorting, blueprints),
``shell`` (its context), ``run``'s option checks - and ``.env`` loading."""

from __future__ import annotations

import os
import sys
import textwrap
import typing as t
from pathlib import Path

import click
import pytest
from cli_support import cli_state, write_module
from click.testing import CliRunner

__all__ = ["cli_state"]  # the fixture, used by every test here
pytestmark = pytest.mark.usefixtures("cli_state")


# -- routes ---------------------------------------------------------------------------


def routes_app(impl: t.Any) -> t.Any:
    """An app with nested blueprints, as in the quickstart of a larger site."""
    app = impl.Flask("routesapp", static_folder=None)

    @app.route("/")
    def index() -> str:
        return ""

    @app.route("/post", methods=["POST", "PUT"])
    def post_data() -> str:
        return ""

    admin = impl.Blueprint("admin", __name__, url_prefix="/admin")

    def admin_index() -> str:
        return ""

    admin.add_url_rule("/", endpoint="index", view_func=admin_index)

    @admin.route("/users/<int:user_id>", methods=["GET", "DELETE"])
    def user(user_id: int) -> str:
        return ""

    api = impl.Blueprint("api", __name__, url_prefix="/api")

    @api.route("/items", methods=["GET", "POST"])
    def items() -> str:
        return ""

    v2 = impl.Blueprint("v2", __name__, url_prefix="/v2")

    @v2.route("/status")
    def status() -> str:
        return ""

    api.register_blueprint(v2)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    return app


def table(text: str) -> str:
    """A table as the command prints it: each row padded to the full width."""
    lines = textwrap.dedent(text).strip("\n").splitlines()
    width = max(map(len, lines))
    return "".join(f"{line:<{width}}\n" for line in lines)


BY_ENDPOINT = table(
    """
    Endpoint       Methods      Rule
    -------------  -----------  --------------------------
    admin.index    GET          /admin/
    admin.user     DELETE, GET  /admin/users/<int:user_id>
    api.items      GET, POST    /api/items
    api.v2.status  GET          /api/v2/status
    index          GET          /
    post_data      POST, PUT    /post
    """
)

BY_RULE = table(
    """
    Endpoint       Methods      Rule
    -------------  -----------  --------------------------
    index          GET          /
    admin.index    GET          /admin/
    admin.user     DELETE, GET  /admin/users/<int:user_id>
    api.items      GET, POST    /api/items
    api.v2.status  GET          /api/v2/status
    post_data      POST, PUT    /post
    """
)

BY_METHODS = table(
    """
    Endpoint       Methods      Rule
    -------------  -----------  --------------------------
    admin.user     DELETE, GET  /admin/users/<int:user_id>
    index          GET          /
    api.v2.status  GET          /api/v2/status
    admin.index    GET          /admin/
    api.items      GET, POST    /api/items
    post_data      POST, PUT    /post
    """
)

BY_MATCH = table(
    """
    Endpoint       Methods      Rule
    -------------  -----------  --------------------------
    index          GET          /
    post_data      POST, PUT    /post
    api.items      GET, POST    /api/items
    api.v2.status  GET          /api/v2/status
    admin.index    GET          /admin/
    admin.user     DELETE, GET  /admin/users/<int:user_id>
    """
)

ALL_METHODS = table(
    """
    Endpoint       Methods                     Rule
    -------------  --------------------------  --------------------------
    admin.index    GET, HEAD, OPTIONS          /admin/
    admin.user     DELETE, GET, HEAD, OPTIONS  /admin/users/<int:user_id>
    api.items      GET, HEAD, OPTIONS, POST    /api/items
    api.v2.status  GET, HEAD, OPTIONS          /api/v2/status
    index          GET, HEAD, OPTIONS          /
    post_data      OPTIONS, POST, PUT          /post
    """
)


@pytest.mark.api("cli.routes_command")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], BY_ENDPOINT),
        (["--sort", "endpoint"], BY_ENDPOINT),
        (["--sort", "rule"], BY_RULE),
        (["-s", "methods"], BY_METHODS),
        (["--sort", "match"], BY_MATCH),
        (["--sort", "domain"], BY_MATCH),  # no domain column: registration order
        (["--all-methods"], ALL_METHODS),
    ],
)
def test_routes(impl: t.Any, args: list[str], expected: str) -> None:
    runner = routes_app(impl).test_cli_runner()
    result = runner.invoke(impl.cli.routes_command, args)
    assert result.exit_code == 0, result.output
    assert result.output == expected


@pytest.mark.api("cli.routes_command", "cli.FlaskGroup")
def test_routes_through_the_group_and_with_a_subdomain(impl: t.Any) -> None:
    def create_app() -> t.Any:
        app = impl.Flask("subapp", static_folder=None)
        app.add_url_rule("/", "index", lambda: "")
        bp = impl.Blueprint("api", __name__, subdomain="api")
        bp.add_url_rule("/v1", "v1", lambda: "")
        app.register_blueprint(bp)
        return app

    group = impl.cli.FlaskGroup(create_app=create_app)
    result = CliRunner().invoke(group, ["routes"])
    assert result.output == table(
        """
        Endpoint  Methods  Subdomain  Rule
        --------  -------  ---------  ----
        api.v1    GET      api        /v1
        index     GET                 /
        """
    )


@pytest.mark.api("cli.routes_command")
def test_routes_of_an_app_without_any(impl: t.Any) -> None:
    app = impl.Flask("empty", static_folder=None)
    result = app.test_cli_runner().invoke(impl.cli.routes_command, [])
    assert (result.exit_code, result.output) == (0, "No routes were registered.\n")


@pytest.mark.api("cli.routes_command")
def test_routes_rejects_an_unknown_sort(impl: t.Any) -> None:
    result = (
        routes_app(impl)
        .test_cli_runner()
        .invoke(impl.cli.routes_command, ["--sort", "size"])
    )
    assert result.exit_code == 2
    assert "Invalid value for '--sort' / '-s'" in result.output


# -- shell ----------------------------------------------------------------------------


@pytest.mark.api("Flask.shell_context_processor", "Flask.make_shell_context")
def test_shell_context(impl: t.Any, app: t.Any) -> None:
    @app.shell_context_processor
    def extra() -> dict[str, t.Any]:
        return {"answer": 42, "app": "overridden"}

    with app.app_context():
        context = app.make_shell_context()
    assert context["answer"] == 42
    assert context["app"] == "overridden", "processors run after the defaults"
    assert context["g"] is impl.g
    assert set(context) == {"app", "g", "answer"}


@pytest.mark.api("cli.shell_command", "Flask.shell_context_processor")
def test_shell_command_runs_input_in_the_app_context(
    impl: t.Any, app: t.Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No readline set-up or history file from the interactive hook.
    monkeypatch.delattr(sys, "__interactivehook__", raising=False)
    startup = tmp_path / "startup.py"
    startup.write_text("from_startup = 'started'\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(startup))

    @app.shell_context_processor
    def extra() -> dict[str, t.Any]:
        return {"answer": 42}

    code = (
        "print('>>', app.name, answer, from_startup,"
        " g is not None, current.name if False else '')\n"
    ).replace("current.name if False else ''", "'ok'")
    result = app.test_cli_runner().invoke(impl.cli.shell_command, input=code)
    assert result.exit_code == 0, result.output
    assert ">> conformance_app 42 started True ok" in result.output
    assert f"App: {app.import_name}" in result.output
    assert f"Instance: {app.instance_path}" in result.output


# -- run: option checks (no server starts) ---------------------------------------


@pytest.mark.api("cli.run_command", "cli.CertParamType")
def test_run_checks_cert_and_key(impl: t.Any, app: t.Any, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("not really a certificate")
    key.write_text("not really a key")
    runner = app.test_cli_runner()
    run = impl.cli.run_command
    result = runner.invoke(run, ["--key", str(key)])
    assert result.exit_code == 2
    assert '"--cert" must also be specified.' in result.output
    result = runner.invoke(run, ["--cert", str(cert)])
    assert result.exit_code == 2
    assert 'Required when using "--cert".' in result.output
    result = runner.invoke(run, ["--cert", str(tmp_path / "missing.pem")])
    assert result.exit_code == 2
    assert "Invalid value for '--cert'" in result.output


@pytest.mark.api("cli.SeparatedPathType")
def test_separated_path_type(impl: t.Any, tmp_path: Path) -> None:
    present = tmp_path / "present.cfg"
    present.write_text("")
    missing = tmp_path / "missing.cfg"

    @click.command()
    @click.option("--paths", type=impl.cli.SeparatedPathType(exists=True))
    def show(paths: list[str]) -> None:
        click.echo(repr(paths))

    result = CliRunner().invoke(show, ["--paths", f"{present}{os.pathsep}{present}"])
    assert result.output == f"{[str(present), str(present)]!r}\n"
    result = CliRunner().invoke(show, ["--paths", f"{present}{os.pathsep}{missing}"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.api("cli.run_command", "cli.FlaskGroup")
def test_run_fails_when_the_app_does_not_load(impl: t.Any) -> None:
    result = CliRunner().invoke(impl.cli.FlaskGroup(), ["--app", "nothere_mod", "run"])
    assert result.exit_code == 2
    assert "Error: Could not import 'nothere_mod'." in result.output


# -- .env and .flaskenv -------------------------------------------------------------


@pytest.mark.api("cli.load_dotenv")
def test_load_dotenv(
    impl: t.Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".flaskenv").write_text("FOO=flaskenv\nBAR=flaskenv\nSPAM=flaskenv\n")
    (tmp_path / ".env").write_text("FOO=env\nEGGS=env\n")
    (tmp_path / "custom.env").write_text("FOO=custom\nHAM=custom\n")
    monkeypatch.setenv("EGGS", "environment")
    assert impl.cli.load_dotenv() is True
    assert os.environ["FOO"] == "env", ".env wins over .flaskenv"
    assert os.environ["BAR"] == "flaskenv"
    assert os.environ["EGGS"] == "environment", "the environment wins"
    for name in ("FOO", "BAR", "SPAM"):
        del os.environ[name]
    assert impl.cli.load_dotenv("custom.env") is True
    assert (os.environ["FOO"], os.environ["HAM"]) == ("custom", "custom")
    assert os.environ["BAR"] == "flaskenv"
    for name in ("FOO", "BAR", "SPAM", "HAM"):
        del os.environ[name]
    assert impl.cli.load_dotenv("custom.env", load_defaults=False) is True
    assert "BAR" not in os.environ
    assert impl.cli.load_dotenv(tmp_path / "missing.env", load_defaults=False) is False


@pytest.mark.api("cli.FlaskGroup", "cli.load_dotenv")
def test_flaskgroup_loads_dotenv_files(impl: t.Any, tmp_path: Path) -> None:
    write_module(
        tmp_path,
        "envapp.py",
        """
        import os
        import click
        from IMPL import Flask
        app = Flask("envapp")

        @app.cli.command("show")
        def show():
            click.echo(f"{os.environ.get('GREETING')} {app.debug}")
        """,
        impl.name,
    )
    (tmp_path / ".flaskenv").write_text("FLASK_APP=envapp\nGREETING=flaskenv\n")
    (tmp_path / "other.env").write_text("GREETING=other\nFLASK_DEBUG=1\n")
    runner = CliRunner()
    assert runner.invoke(impl.cli.FlaskGroup(), ["show"]).output == "flaskenv False\n"
    del os.environ["GREETING"]
    result = runner.invoke(impl.cli.FlaskGroup(), ["-e", "other.env", "show"])
    assert result.output == "other True\n"
    for name in ("GREETING", "FLASK_DEBUG", "FLASK_APP"):
        os.environ.pop(name, None)
    result = runner.invoke(
        impl.cli.FlaskGroup(), ["show"], env={"FLASK_SKIP_DOTENV": "1"}
    )
    assert result.exit_code == 2, "without .flaskenv no app is found"
    result = runner.invoke(
        impl.cli.FlaskGroup(load_dotenv=False), ["--app", "envapp", "show"]
    )
    assert result.output == "None False\n"
