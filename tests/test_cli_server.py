"""``flaskcompat run`` serves with Bottle's server adapters (flaskcompat only:
Flask has Werkzeug's server), ``routes`` lists an app's routes and its Bottle
host's, and ``app.run()`` makes the same choices as the command."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
import time
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

import bottle
import click
import pytest
from cli_support import ROOT, cli_server, cli_state, fetch, free_port
from click.testing import CliRunner

from flaskcompat import Flask, cli
from flaskcompat.werkzeug import _reloader, serving

__all__ = ["cli_state"]


# -- a real server ----------------------------------------------------------------


@pytest.mark.parametrize("server", ["wsgiref", "waitress"])
def test_run_serves_the_quickstart(server: str, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    if server == "wsgiref":
        args, env = ["--app", "examples/hello.py", "run", "--port", str(port)], {}
    else:  # the same choices through FLASK_APP and the FLASK_RUN_ prefix
        args = ["run"]
        env = {
            "FLASK_APP": "examples/hello.py",
            "FLASK_RUN_PORT": str(port),
            "FLASK_RUN_SERVER": server,
        }
    with cli_server(args, ROOT, log, env) as proc:
        base = f"http://127.0.0.1:{port}"
        assert fetch(f"{base}/hello/HTTP", proc) == (200, "<p>Hello, HTTP!</p>")
        assert fetch(f"{base}/api/users", proc) == (200, '["ada","alan"]\n')
        assert fetch(f"{base}/post/forty-two", proc)[0] == 404
    output = log.read_text("utf-8")
    assert " * Serving Flask app 'examples/hello.py'" in output
    assert " * Debug mode: off" in output
    assert f" * Running on http://127.0.0.1:{port}" in output
    assert ("WARNING: This is a development server." in output) == (server == "wsgiref")


def test_reloader_restarts_on_a_change(tmp_path: Path) -> None:
    app_file = tmp_path / "app.py"
    source = (
        "from flaskcompat import Flask\n"
        "app = Flask(__name__)\n"
        "@app.route('/')\n"
        "def index():\n"
        "    return 'version 1'\n"
    )
    app_file.write_text(source)
    port = free_port()
    args = ["run", "--port", str(port), "--reload"]
    with cli_server(args, tmp_path, tmp_path / "server.log") as proc:
        url = f"http://127.0.0.1:{port}/"
        assert fetch(url, proc) == (200, "version 1")
        app_file.write_text(source.replace("version 1", "version 2"))
        for _ in range(100):  # the checker polls once a second
            if fetch(url, proc) == (200, "version 2"):
                break
            time.sleep(0.2)
        else:
            pytest.fail("the change was not picked up")
    assert "Restarting with Bottle's reloader" in (tmp_path / "server.log").read_text()


# -- routes -------------------------------------------------------------------------


def test_routes_of_the_quickstart() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "flaskcompat", "--app", "examples/hello.py", "routes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["Endpoint", "Methods", "Rule"]
    rows = [line.split(None, 1) for line in lines[2:]]
    assert ["login", "GET, POST  /login"] in [[r[0], r[1].strip()] for r in rows]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert len(rows) == 11


def test_routes_lists_the_bottle_host_routes_after_flask_rules() -> None:
    legacy = bottle.Bottle()

    @legacy.route("/old/<name>", name="old_page")
    def old(name: str) -> str:
        return name

    @legacy.post("/old-form")
    def old_form() -> str:
        return ""

    app = Flask("hosted", static_folder=None, bottle=legacy)
    app.add_url_rule("/new", "new", lambda: "")
    result = app.test_cli_runner().invoke(cli.routes_command, ["--sort", "match"])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()[2:]]
    assert rows == [
        ["new", "GET", "/new"],
        ["bottle:old_page", "GET", "/old/<name>"],
        ["bottle:old_form", "POST", "/old-form"],
    ]


# -- server choice errors -------------------------------------------------------------


def test_a_server_that_is_not_installed_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(serving.SERVER_PACKAGES, "bjoern", "no_such_bjoern_pkg")
    app = Flask("noserver")
    result = app.test_cli_runner().invoke(cli.run_command, ["--server", "bjoern"])
    assert result.exit_code == 2
    assert "Invalid value for '--server'" in result.output
    assert "needs the 'no-such-bjoern-pkg' package" in result.output
    assert "pip install no-such-bjoern-pkg" in result.output
    assert "Serving Flask app" not in result.output, "fails before the banner"


def test_an_unknown_server_is_refused() -> None:
    result = Flask("x").test_cli_runner().invoke(cli.run_command, ["-s", "nope"])
    assert result.exit_code == 2
    assert "Invalid value for '--server' / '-s': 'nope' is not one of" in (
        result.output
    )
    with pytest.raises(serving.ServerError, match="Unknown server 'nope'"):
        serving.get_server_adapter("nope")


def test_tls_needs_a_server_that_can_serve_it(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("x")
    key.write_text("x")
    result = (
        Flask("tls")
        .test_cli_runner()
        .invoke(
            cli.run_command,
            ["--server", "waitress", "--cert", str(cert), "--key", str(key)],
        )
    )
    assert result.exit_code == 2
    assert "The 'waitress' server cannot serve HTTPS here (--cert)" in result.output


# -- app.run agrees with the command ---------------------------------------------------


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, t.Any]]:
    """What app.run passes to serving.run_simple (which is not run)."""
    seen: list[dict[str, t.Any]] = []

    def run_simple(host: str, port: int, app: t.Any, **options: t.Any) -> None:
        seen.append({"host": host, "port": port, "app": app, **options})

    monkeypatch.setattr(serving, "run_simple", run_simple)
    return seen


@pytest.mark.usefixtures("cli_state")
def test_app_run_defaults(calls: list[dict[str, t.Any]]) -> None:
    app = Flask("runme")
    app.run()
    assert calls[-1]["host"] == "127.0.0.1"
    assert calls[-1]["port"] == 5000
    assert calls[-1]["app"] is app
    assert (calls[-1]["use_reloader"], calls[-1]["use_debugger"]) == (False, False)
    assert calls[-1]["threaded"] is True
    app.config["SERVER_NAME"] = "example.test:8123"
    app.run(server="waitress")
    assert (calls[-1]["host"], calls[-1]["port"]) == ("example.test", 8123)
    assert calls[-1]["server"] == "waitress"
    app.run(host="0.0.0.0", port=0)
    assert (calls[-1]["host"], calls[-1]["port"]) == ("0.0.0.0", 0)


@pytest.mark.usefixtures("cli_state")
def test_app_run_takes_debug_from_the_environment(
    calls: list[dict[str, t.Any]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = Flask("debugme")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app.run()
    assert app.debug is True
    assert (calls[-1]["use_reloader"], calls[-1]["use_debugger"]) == (True, True)
    app.run(debug=False, use_reloader=True)
    assert app.debug is False
    assert (calls[-1]["use_reloader"], calls[-1]["use_debugger"]) == (True, False)
    monkeypatch.delenv("FLASK_DEBUG")
    (tmp_path / ".flaskenv").write_text("FLASK_DEBUG=1\n")
    app.run()
    assert app.debug is True, "from .flaskenv"


@pytest.mark.usefixtures("cli_state")
def test_app_run_under_the_command_does_nothing(
    calls: list[dict[str, t.Any]],
) -> None:
    app = Flask("inside")

    @app.cli.command("start")
    def start() -> None:
        app.run()
        click.echo("still here")

    result = CliRunner().invoke(cli.FlaskGroup(create_app=lambda: app), ["start"])
    assert result.exit_code == 0, result.output
    assert "Ignoring a call to 'app.run()'" in result.output
    assert result.output.endswith("still here\n")
    assert calls == []


def test_run_serves_https_with_a_certificate(tmp_path: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    args = ["--app", "examples/hello.py", "run", "--port", str(port)]
    args += ["--cert", str(cert), "--key", str(key)]
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
    )
    log = tmp_path / "server.log"
    with cli_server(args, ROOT, log) as proc:
        url = f"https://127.0.0.1:{port}/hello/TLS"
        deadline = time.monotonic() + 30
        while True:
            try:
                with opener.open(url, timeout=5) as rv:
                    body = rv.read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "no answer"
                time.sleep(0.1)
    assert body == "<p>Hello, TLS!</p>"
    assert f" * Running on https://127.0.0.1:{port}" in log.read_text()


def test_the_reloader_watches_extra_files_and_skips_excluded(tmp_path: Path) -> None:
    extra = tmp_path / "settings.cfg"
    extra.write_text("x")
    checker = _reloader._FileChecker(
        str(tmp_path / "lock"), 1, [str(extra)], ["*/flaskcompat/*"]
    )
    watched = checker.watched()
    assert str(extra) in watched
    assert serving.__file__ not in watched, "excluded by the pattern"
    assert bottle.__file__ in watched, "imported modules are watched"
    assert not any("/flaskcompat/" in path for path in watched)


def test_the_command_runs_an_unmodified_flask_app_through_the_alias(
    tmp_path: Path,
) -> None:
    (tmp_path / "flaskapp.py").write_text(
        "from flask import Flask\n"
        "import werkzeug.exceptions\n"
        "app = Flask(__name__, static_folder=None)\n"
        "@app.route('/')\n"
        "def index():\n"
        "    return type(app).__module__\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "flaskcompat", "--app", "flaskapp", "routes"]
    proc = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[2].split() == ["index", "GET", "/"]
    proc = subprocess.run(
        [*command[:3], "--no-alias", *command[3:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, "real Flask's app is no flaskcompat app"
    assert "Failed to find Flask application or factory" in proc.stderr
