"""The examples run unmodified from their Flask import lines through the alias.

examples/ is copied with its import lines switched to ``from flask import ...``
(as the examples say to do for running on Flask) and driven by
tests/examples_driver.py twice: in the no-Flask virtualenv with
``flaskcompat.alias`` installed, and on real Flask. Every response (status,
headers that matter, cookie names, body) must be the same.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import typing as t
from pathlib import Path

import extvenv
import pytest

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "examples_driver.py"
IMPORT_FILES = ("hello.py", "login_app.py", "multi_blueprint/framework.py")


@pytest.fixture(scope="module")
def flask_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/ whose import lines import flask."""
    copy = tmp_path_factory.mktemp("examples") / "examples"
    shutil.copytree(
        ROOT / "examples", copy, ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in IMPORT_FILES:
        path = copy / name
        source = path.read_text("utf-8")
        assert source.count("\nfrom flaskcompat import ") == 1, name
        path.write_text(
            source.replace("\nfrom flaskcompat import ", "\nfrom flask import ")
        )
    return copy


def drive(python: Path, examples: Path, alias: bool) -> dict[str, t.Any]:
    side = "flaskcompat" if alias else "flask"
    out = examples.parent / f"{side}.json"
    args = [str(python), str(DRIVER), str(examples), str(out)]
    proc = subprocess.run(
        [*args, "--alias"] if alias else args,
        cwd=examples.parent,
        env=extvenv.child_env(alias),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, t.Any] = json.loads(out.read_text("utf-8"))
    assert result.pop("flask") == side
    return result


@pytest.fixture(scope="module")
def responses(flask_examples: Path) -> dict[str, dict[str, t.Any]]:
    python = extvenv.require()
    return {
        "flaskcompat": drive(python, flask_examples, alias=True),
        "flask": drive(Path(sys.executable), flask_examples, alias=False),
    }


@pytest.mark.parametrize("example", ["hello", "login_app", "multi_blueprint"])
def test_example_answers_as_on_flask(
    responses: dict[str, dict[str, t.Any]], example: str
) -> None:
    ours, oracle = responses["flaskcompat"][example], responses["flask"][example]
    assert [r["request"] for r in ours] == [r["request"] for r in oracle]
    for mine, theirs in zip(ours, oracle):
        assert mine == theirs, mine["request"]
    # The flows did what they are for (not a run of 404s on both sides).
    assert {r["status"] for r in oracle} >= {200, 404}
