"""Smoke tests of the benchmark in ``bench/``: it runs, every implementation gives
the same answer, and the JSON has its documented shape. No timing assertions: the
numbers belong to the machine."""

from __future__ import annotations

import dataclasses
import importlib
import json
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
IMPLS = ["flask", "flaskcompat", "bottle", "raw"]


def test_run_reports_agreeing_implementations(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(BENCH / "run.py"), "--scenarios", "hello,json"]
    command += ["--repeats", "1", "--batch-ms", "2", "--json", str(out)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "µs per request" in proc.stdout
    assert "| hello" in proc.stdout

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert data["implementations"] == IMPLS
    assert data["all_agree"] is True
    assert {"cpu", "cores", "python", "packages"} <= set(data["machine"])
    assert data["settings"]["repeats"] == 1
    assert [s["name"] for s in data["scenarios"]] == ["hello", "json"]
    for scenario in data["scenarios"]:
        assert scenario["agree"] is True
        assert set(scenario["results"]) == set(IMPLS)
        for impl in IMPLS:
            result = scenario["results"][impl]
            assert result["state"] == "ok", result["reason"]
            assert result["status"] == 200
            assert len(result["samples_us"]) == 1
            assert result["batch_size"] >= 50
            for key in ("us_per_request", "requests_per_second"):
                assert isinstance(result[key], float)
        assert scenario["distinct_inputs"] > 1000
        assert set(scenario["ratios"]) == {
            "flaskcompat/flask",
            "flaskcompat/bottle",
            "flaskcompat/raw",
        }
        assert all(isinstance(r, float) for r in scenario["ratios"].values())


@pytest.fixture
def bench_modules(
    monkeypatch: pytest.MonkeyPatch,
) -> t.Iterator[tuple[t.Any, t.Any]]:
    """bench/apps.py and bench/harness.py, imported for one test (monkeypatch
    restores ``sys.path``, the modules are dropped afterwards)."""
    monkeypatch.syspath_prepend(str(BENCH))
    try:
        yield importlib.import_module("apps"), importlib.import_module("harness")
    finally:
        sys.modules.pop("harness", None)
        sys.modules.pop("apps", None)


def test_wrong_answer_is_not_timed(bench_modules: tuple[t.Any, t.Any]) -> None:
    apps, harness = bench_modules

    def wrong() -> t.Any:
        def app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
            start_response("200 OK", [("Content-Type", "text/html")])
            return [b"Hello, Bottle!"]

        return app

    scenario = dataclasses.replace(apps.SCENARIOS["hello"], bottle_app=wrong)
    subjects = {impl: harness.build(scenario, impl) for impl in IMPLS}
    assert harness.check(scenario, subjects) is False
    assert subjects["bottle"].state == "mismatch"
    assert "Hello, Bottle!" in subjects["bottle"].reason
    assert [subjects[i].state for i in ("flask", "flaskcompat", "raw")] == ["ok"] * 3


def test_unknown_scenario_is_refused() -> None:
    command = [sys.executable, str(BENCH / "run.py"), "--scenarios", "nope"]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "unknown scenario(s): nope" in proc.stderr


def test_every_scenario_cycles_through_distinct_inputs(
    bench_modules: tuple[t.Any, t.Any],
) -> None:
    apps, _ = bench_modules
    for scenario in apps.SCENARIOS.values():
        inputs = scenario.inputs()
        distinct = {(i.path, i.query, i.body, i.cookie) for i in inputs}
        # Static routes repeat, as in real traffic; the rest is distinct.
        assert len(distinct) >= max(64, len(inputs) // 2), scenario.name


def test_cohosted_flask_is_na_and_the_others_agree(
    bench_modules: tuple[t.Any, t.Any],
) -> None:
    apps, harness = bench_modules
    scenario = apps.SCENARIOS["cohosted"]
    subjects = {impl: harness.build(scenario, impl) for impl in IMPLS}
    assert harness.check(scenario, subjects) is True
    assert subjects["flask"].state == "unavailable"
    assert "Bottle" in subjects["flask"].reason
    assert [subjects[i].state for i in ("flaskcompat", "bottle", "raw")] == ["ok"] * 3
    bodies = {subjects[i].reply.body for i in ("flaskcompat", "bottle", "raw")}
    assert len(bodies) == 1
