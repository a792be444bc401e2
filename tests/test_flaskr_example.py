"""examples/flaskr, the Flask tutorial's blog: its own tests pass on flaskcompat
and, with ``flaskcompat`` replaced by ``flask`` in its imports, on Flask; its
``init-db`` command works from the command line."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import CLI_VARIABLES, ROOT

EXAMPLE = ROOT / "examples" / "flaskr"


def copy_example(tmp_path: Path, impl: str) -> Path:
    """A copy of the example whose imports name ``impl``."""
    target = tmp_path / "flaskr_project"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("instance"))
    if impl != "flaskcompat":
        for path in target.rglob("*.py"):
            source = path.read_text("utf-8")
            path.write_text(re.sub(r"\bflaskcompat\b", impl, source), "utf-8")
    return target


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in CLI_VARIABLES}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(cwd)])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("impl", ["flaskcompat", "flask"])
def test_the_example_tests_pass(impl: str, tmp_path: Path) -> None:
    project = copy_example(tmp_path, impl)
    if impl == "flask":
        assert "flaskcompat" not in (project / "flaskr" / "auth.py").read_text()
    proc = run(["-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"\b25 passed\b", proc.stdout), proc.stdout


def test_init_db_from_the_command_line(tmp_path: Path) -> None:
    project = copy_example(tmp_path, "flaskcompat")
    proc = run(["-m", "flaskcompat", "--app", "flaskr", "init-db"], project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Initialized the database.\n"
    database = project / "instance" / "flaskr.sqlite"
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"user", "post"} <= tables
    proc = run(["-m", "flaskcompat", "--app", "flaskr", "routes"], project)
    assert proc.returncode == 0, proc.stderr
    endpoints = {line.split()[0] for line in proc.stdout.splitlines()[2:]}
    assert {"auth.login", "auth.register", "blog.index", "index", "hello"} <= (
        endpoints
    )
