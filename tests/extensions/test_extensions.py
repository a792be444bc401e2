"""The pinned Flask extensions (requirements.txt), unmodified, on flaskcompat.

Each ``scenarios_<name>.py`` holds scenarios written for Flask (``import flask``,
the extension's own API) that check what users rely on and return what they
saw. runner.py runs a module's scenarios twice, in child processes: in the
no-Flask virtualenv with ``flaskcompat.alias`` installed (no flask or werkzeug
distribution there: the extensions import flaskcompat), and with real Flask
(the oracle, this interpreter). ``test_on_flask`` checks that a scenario's own
assertions hold on Flask; ``test_on_flaskcompat`` that they hold on flaskcompat
and that flaskcompat's result equals Flask's.

A scenario that needs a piece flaskcompat does not have yet is listed in its
module's ``NEEDS`` dict (scenario -> the missing piece): its flaskcompat run is
a strict xfail.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import typing as t
from pathlib import Path

import extvenv
import pytest

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "runner.py"


def _cases() -> list[tuple[str, str, str | None]]:
    """(module, scenario, missing piece or None), read without importing the
    modules (they import flask)."""
    cases = []
    for path in sorted(HERE.glob("scenarios_*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        needs: dict[str, str] = {}
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "NEEDS"
            ):
                needs = ast.literal_eval(node.value)
        module = path.stem[len("scenarios_") :]
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("scenario_"):
                name = node.name[len("scenario_") :]
                cases.append((module, name, needs.get(name)))
    return cases


CASES = _cases()
_RESULTS: dict[tuple[str, str], dict[str, t.Any]] = {}


@pytest.fixture(scope="session")
def no_flask_python() -> Path:
    return extvenv.require()


def results(module: str, side: str, python: Path, workdir: Path) -> dict[str, t.Any]:
    """The results of a module's scenarios on ``side`` (computed once)."""
    key = (module, side)
    if key not in _RESULTS:
        alias = side == "flaskcompat"
        out = workdir / f"{module}-{side}.json"
        args = [str(python), str(RUNNER), module, str(out)]
        if alias:
            args.append("--alias")
        run_dir = workdir / f"{module}-{side}"
        run_dir.mkdir()
        proc = subprocess.run(
            args,
            cwd=run_dir,
            env=extvenv.child_env(alias),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if proc.returncode != 0 or not out.exists():
            pytest.fail(f"runner failed on {side}:\n{proc.stdout}\n{proc.stderr}")
        data = json.loads(out.read_text("utf-8"))
        expected = (
            ("flaskcompat", "flaskcompat.werkzeug") if alias else ("flask", "werkzeug")
        )
        assert (data["meta"]["flask"], data["meta"]["werkzeug"]) == expected
        _RESULTS[key] = data["results"]
    return _RESULTS[key]


def _params(xfail: bool) -> list[t.Any]:
    params = []
    for module, name, needs in CASES:
        marks = []
        if xfail and needs:
            marks.append(pytest.mark.xfail(reason=f"needs {needs}", strict=True))
        params.append(pytest.param(module, name, marks=marks, id=f"{module}-{name}"))
    return params


def _show(result: dict[str, t.Any]) -> str:
    return json.dumps(result, indent=1)


@pytest.mark.parametrize(("module", "scenario"), _params(xfail=False))
def test_on_flask(
    module: str, scenario: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workdir = tmp_path_factory.getbasetemp() / "extensions"
    workdir.mkdir(exist_ok=True)
    oracle = results(module, "flask", Path(sys.executable), workdir)[scenario]
    assert "error" not in oracle, f"the scenario fails on real Flask:\n{_show(oracle)}"


@pytest.mark.parametrize(("module", "scenario"), _params(xfail=True))
def test_on_flaskcompat(
    module: str,
    scenario: str,
    no_flask_python: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workdir = tmp_path_factory.getbasetemp() / "extensions"
    workdir.mkdir(exist_ok=True)
    ours = results(module, "flaskcompat", no_flask_python, workdir)[scenario]
    assert "error" not in ours, f"the scenario fails on flaskcompat:\n{_show(ours)}"
    oracle = results(module, "flask", Path(sys.executable), workdir)[scenario]
    assert ours == oracle
