"""Smoke tests of the load test in ``tests/load/run_load.py``: a short run passes
and counts every request on both sides, and the checks do catch wrong, truncated and
uncounted answers. No timing assertions: the numbers belong to the machine."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
import types
import typing as t
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "load" / "run_load.py"


@pytest.fixture(scope="module")
def run_load() -> t.Iterator[types.ModuleType]:
    """The script, imported by path (``tests/load`` is no package)."""
    spec = importlib.util.spec_from_file_location("run_load", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def _run_script(tmp_path: Path, *args: str) -> tuple[str, dict[str, t.Any]]:
    out = tmp_path / "load.json"
    command = [sys.executable, str(SCRIPT), *args, "--json", str(out)]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout, json.loads(out.read_text(encoding="utf-8"))


def _assert_clean(data: dict[str, t.Any], kinds: tuple[str, ...]) -> None:
    assert data["passed"] is True
    assert data["sent"] > 0
    assert data["ok"] == data["sent"] == data["served"]
    assert data["errors"] == data["unexpected"] == 0
    assert data["problems"] == []
    assert set(data["by_kind"]) == set(kinds)
    assert sum(data["by_kind"].values()) == data["sent"]
    assert set(data["latency_ms"]) == {"p50", "p99", "max"}
    assert data["rate"] > 0


def test_short_run_passes(tmp_path: Path, run_load: types.ModuleType) -> None:
    """Two seconds, four connections, on the server ``auto`` picks (waitress
    when installed, else wsgiref)."""
    stdout, data = _run_script(tmp_path, "--duration", "2", "--connections", "4")
    assert "result: PASS" in stdout
    assert "req/s" in stdout and "p99" in stdout
    assert data["connections"] == 4
    _assert_clean(data, run_load.KINDS)


def test_wsgiref_fallback_passes(tmp_path: Path, run_load: types.ModuleType) -> None:
    if run_load.pick_server("auto") == "wsgiref":
        pytest.skip("waitress is not installed: test_short_run_passes used wsgiref")
    _, data = _run_script(
        tmp_path, "--server", "wsgiref", "--duration", "1", "--connections", "2"
    )
    assert data["server"] == "wsgiref"
    _assert_clean(data, run_load.KINDS)


def _broken_app(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
    """Wrong in a different way per route: a wrong body, a wrong status, a
    truncated body (Content-Length says more), 200 instead of 404."""
    path = environ["PATH_INFO"]
    if path.startswith("/items/"):
        start_response("500 INTERNAL SERVER ERROR", [("Content-Length", "0")])
        return [b""]
    if path == "/submit":
        start_response("200 OK", [("Content-Length", "100")])
        return [b"short"]
    if path.startswith("/missing/"):
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]
    body = b"Hello, Bottle!" if path == "/hello" else b"previous=none"
    start_response("200 OK", [("Content-Length", str(len(body)))])
    return [body]


def test_wrong_answers_are_caught(run_load: types.ModuleType) -> None:
    server = run_load._wsgiref_server(_broken_app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        tallies, seconds = run_load.drive(
            server.server_port, connections=2, duration=10.0, max_requests=40
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    report = run_load.summarize("broken", tallies, seconds)
    assert report.sent == 40  # the request budget ends the run, not the time
    assert report.passed is False
    assert report.errors > 0  # the truncated bodies
    assert report.unexpected > 0
    # Only the first session request (no cookie yet) is right.
    assert report.ok == report.sent - report.errors - report.unexpected
    assert report.ok <= 2
    problems = "\n".join(report.problems)
    assert "status 500, expected 200" in problems
    assert "IncompleteRead" in problems
    assert "Hello, Bottle!" in problems
    assert "result: FAIL" in report.lines()


def test_uncounted_requests_fail(run_load: types.ModuleType) -> None:
    """A server that counted another number of requests than were sent fails
    the run even when every answer was right."""
    tally = run_load.Tally(sent=3, ok=3, latencies=[0.001] * 3)
    assert run_load.summarize("s", [tally], 1.0, served=3).passed is True
    report = run_load.summarize("s", [tally], 1.0, served=4)
    assert report.passed is False
    assert "the server served 4, the client sent 3" in report.problems
