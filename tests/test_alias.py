"""flaskcompat.alias: ``flask`` and ``werkzeug`` resolve to flaskcompat's modules.

Each test runs in a child process, so that what it imports (real Flask, the
alias) does not leak into this one: either in the no-Flask virtualenv
(tests/extvenv.py: no flask and no werkzeug distribution) or in this
interpreter, where real Flask and Werkzeug are installed but not yet imported.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import textwrap
import time
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

import extvenv
import pytest

import flaskcompat.werkzeug.security as fc_security

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "alias_suite"
HERE_PYTHON = Path(sys.executable)  # real Flask installed


@pytest.fixture(scope="session")
def no_flask_python() -> Path:
    return extvenv.require()


def run(
    python: Path, code: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-W", "error", "-c", textwrap.dedent(code)],
        cwd=cwd or ROOT,
        env=extvenv.child_env(alias=True),
        capture_output=True,
        text=True,
        timeout=120,
    )


def ok(python: Path, code: str, cwd: Path | None = None) -> str:
    """Run ``code``; it must succeed. Returns its stdout."""
    proc = run(python, code, cwd)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_install_is_idempotent_and_uninstall_restores_real_flask() -> None:
    out = ok(
        HERE_PYTHON,
        """
        import sys
        import flaskcompat, flaskcompat.alias as alias
        alias.install(); alias.install()
        assert alias.installed()
        finders = [f for f in sys.meta_path if type(f).__name__ == "_AliasFinder"]
        assert len(finders) == 1 and sys.meta_path[0] is finders[0]
        import flask, werkzeug, flask.sessions, werkzeug.exceptions
        assert flask is flaskcompat and werkzeug is flaskcompat.werkzeug
        alias.uninstall(); alias.uninstall()
        assert not alias.installed()
        assert not [n for n in sys.modules if n.split(".")[0] in ("flask", "werkzeug")]
        import flask  # the real one is installed here
        print(flask.__name__, flask is flaskcompat)
        """,
    )
    assert out.split() == ["flask", "False"]


def test_every_flask_and_werkzeug_module_maps_to_the_same_object(
    no_flask_python: Path,
) -> None:
    out = ok(
        no_flask_python,
        """
        import importlib, json
        from flaskcompat import alias
        alias.install()
        provided, missing = [], {}
        for name in sorted(alias.SURFACE):
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                # the missing module itself, or the missing package above it
                assert name == exc.name or name.startswith(exc.name + "."), name
                missing[name] = str(exc)
                continue
            target = alias.target_name(name)
            assert module is importlib.import_module(target), name
            assert module.__name__ == target, name
            provided.append(name)
        print(json.dumps({"provided": provided, "missing": missing}))
        """,
    )
    result = json.loads(out)
    for name in (
        "flask",
        "flask.app",
        "flask.cli",
        "flask.globals",
        "flask.json.tag",
        "flask.sessions",
        "flask.testing",
        "flask.views",
        "werkzeug",
        "werkzeug.datastructures",
        "werkzeug.exceptions",
        "werkzeug.http",
        "werkzeug.local",
        "werkzeug.routing",
        "werkzeug.security",
        "werkzeug.utils",
        "werkzeug.wrappers",
    ):
        assert name in result["provided"]
    assert "werkzeug.debug" in result["provided"]  # the debug page; no console
    assert "werkzeug.debug.console" in result["missing"]
    for message in result["missing"].values():
        assert "flaskcompat does not provide it" in message


@pytest.mark.parametrize(
    "name",
    [
        "flask.werkzeug",  # flaskcompat.werkzeug exists, but flask has no such module
        "flask.alias",
        "flask.nonexistent",
        "werkzeug.debug.tbtools",  # the debug page has no traceback module
        "werkzeug.wrappers.descriptors",  # flaskcompat's own helper module
        "werkzeug.nope.deeper",
    ],
)
def test_names_outside_the_surface_raise_module_not_found(
    no_flask_python: Path, name: str
) -> None:
    out = ok(
        no_flask_python,
        f"""
        import flaskcompat.alias
        flaskcompat.alias.install()
        try:
            import {name}
        except ModuleNotFoundError as exc:
            print(exc.name, "|", exc)
        else:
            raise SystemExit("imported {name}")
        """,
    )
    assert "flaskcompat does not provide it" in out
    assert out.split(" | ")[0] in (name, name.rsplit(".", 1)[0])


def test_modules_imported_before_and_after_install_are_shared() -> None:
    out = ok(
        HERE_PYTHON,
        """
        import sys
        import flaskcompat.views as views_before  # imported before the alias
        import flaskcompat.alias as alias
        alias.install()
        import flask.views
        assert flask.views is views_before
        # a module nobody imported yet: through the alias first, then by its name
        lazy = sorted(
            n for n in alias.SURFACE
            if alias.target_name(n) not in sys.modules and n != "flask.__main__"
        )
        import importlib
        for name in lazy:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            assert importlib.import_module(alias.target_name(name)) is module
            assert sys.modules[name] is sys.modules[alias.target_name(name)]
            print(name)
        from flask import views, json
        assert views is views_before and json is sys.modules["flaskcompat.json"]
        """,
    )
    assert "Traceback" not in out


@pytest.mark.parametrize("real", ["flask", "werkzeug.exceptions"])
def test_refuses_when_real_flask_or_werkzeug_is_imported(real: str) -> None:
    out = ok(
        HERE_PYTHON,
        f"""
        import sys
        import {real}
        import flaskcompat.alias as alias
        meta_path = list(sys.meta_path)
        try:
            alias.install()
        except alias.AliasError as exc:
            print(exc)
        else:
            raise SystemExit("installed over real {real}")
        assert not alias.installed() and sys.meta_path == meta_path
        assert sys.modules["{real}"].__name__ == "{real}"
        """,
    )
    assert "already imported" in out
    assert real.split(".")[0] in out
    assert "Install the alias before anything imports flask or werkzeug" in out


def test_flask_code_runs_on_flaskcompat_without_flask_installed(
    no_flask_python: Path,
) -> None:
    out = ok(
        no_flask_python,
        """
        try:
            import flask
        except ModuleNotFoundError:
            print("no flask")
        import flaskcompat, flaskcompat.alias
        flaskcompat.alias.install()
        import flask, werkzeug
        from werkzeug.exceptions import NotFound, abort as wz_abort
        assert flask is flaskcompat and werkzeug is flaskcompat.werkzeug
        app = flask.Flask(__name__)

        @app.route("/forbidden")
        def forbidden():
            wz_abort(403)

        @app.route("/caught")
        def caught():
            try:
                flask.abort(404)
            except NotFound as exc:
                return f"caught {exc.code}"

        client = app.test_client()
        print(client.get("/forbidden").status_code, client.get("/caught").text)
        """,
    )
    assert out.splitlines() == ["no flask", "403 caught 404"]


def test_cli_setup() -> None:
    out = ok(
        HERE_PYTHON,
        """
        import flaskcompat.alias as alias
        print(alias.cli_setup(False), alias.installed())  # --no-alias
        print(alias.cli_setup(), alias.installed())
        import flask
        print(flask.__name__)
        """,
    )
    assert out.split() == ["False", "False", "True", "True", "flaskcompat"]


@pytest.mark.xfail(
    not hasattr(fc_security, "generate_password_hash"),
    reason="needs werkzeug.security generate/check_password_hash (scrypt, pbkdf2)",
    strict=True,
)
@pytest.mark.parametrize("method", ["scrypt", "pbkdf2", "pbkdf2:sha256:1000"])
def test_password_hashes_cross_between_werkzeug_and_flaskcompat(
    no_flask_python: Path, method: str
) -> None:
    from werkzeug.security import check_password_hash, generate_password_hash

    made_by_werkzeug = generate_password_hash("s3cret", method=method)
    out = ok(
        no_flask_python,
        f"""
        import flaskcompat.alias
        flaskcompat.alias.install()
        from werkzeug.security import check_password_hash, generate_password_hash
        import werkzeug.security
        assert werkzeug.security.__name__ == "flaskcompat.werkzeug.security"
        print(check_password_hash({made_by_werkzeug!r}, "s3cret"))
        print(check_password_hash({made_by_werkzeug!r}, "wrong"))
        print(generate_password_hash("s3cret", method={method!r}))
        """,
    )
    verified, rejected, made_by_flaskcompat = out.split()
    assert (verified, rejected) == ("True", "False")
    assert made_by_flaskcompat.split("$")[0] == made_by_werkzeug.split("$")[0]
    assert check_password_hash(made_by_flaskcompat, "s3cret")
    assert not check_password_hash(made_by_flaskcompat, "wrong")


def _pytest_suite(python: Path, *args: str) -> tuple[int, str]:
    proc = subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=SUITE,
        env=extvenv.child_env(alias=True),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stdout + proc.stderr


def _passed(output: str) -> int:
    match = re.search(r"^=* ?(\d+) passed(?: in [\d.]+s)? ?=*$", output, re.M)
    assert match, output
    return int(match.group(1))


def test_pytest_plugin_runs_a_flask_suite_unchanged(no_flask_python: Path) -> None:
    # The oracle: the suite as written, on real Flask.
    code, on_flask = _pytest_suite(HERE_PYTHON)
    assert code == 0, on_flask
    # Where neither flask nor werkzeug is installed: only the plugin makes it run.
    code, without = _pytest_suite(no_flask_python)
    assert code != 0 and "No module named 'flask'" in without
    code, aliased = _pytest_suite(no_flask_python, "-p", "flaskcompat.alias")
    assert code == 0, aliased
    assert "flaskcompat.alias: flask is flaskcompat" in aliased
    assert _passed(aliased) == _passed(on_flask) >= 12
    # Where real Flask is installed too, the plugin still gives flaskcompat.
    code, over_real = _pytest_suite(HERE_PYTHON, "-p", "flaskcompat.alias")
    assert code == 0, over_real
    assert "flaskcompat.alias: flask is flaskcompat" in over_real
    assert _passed(over_real) == _passed(on_flask)


def test_load_for_wsgi_servers() -> None:
    out = ok(
        HERE_PYTHON,
        """
        import sys
        from gunicorn.util import import_app
        app = import_app('flaskcompat.alias:load("bookshelf:create_app()")')
        print(type(app).__module__, sys.modules["flask"].__name__)
        print(app.test_client().get("/api/books").json)
        from flaskcompat.alias import load
        for spec in ("bookshelf:nope", "bookshelf"):
            try:
                load(spec)
            except AttributeError as exc:
                print(exc)
        """,
        cwd=SUITE,
    )
    lines = out.splitlines()
    assert lines[0] == "flaskcompat.app flaskcompat"
    assert lines[1] == "[]"
    assert lines[2] == "module 'bookshelf' has no attribute 'nope'"
    assert lines[3] == "module 'bookshelf' has no attribute 'app'"  # the default


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_gunicorn_serves_a_flask_app_through_load() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            'flaskcompat.alias:load("bookshelf:create_app()")',
        ],
        cwd=SUITE,
        env=extvenv.child_env(alias=True),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body: t.Any = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/books/9"
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError as exc:
                body = (exc.code, json.loads(exc.read()))
                break
            except OSError:
                time.sleep(0.2)
        assert body == (404, {"error": "Not Found", "description": "no book 9"})
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
