"""The load generators of ``server.py``: ``wrk`` (with a Lua script cycling
through the distinct paths) and a threaded keep-alive ``http.client`` client
cycling through the distinct inputs (POST bodies included)."""

from __future__ import annotations

import http.client
import itertools
import json
import math
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

from apps import Input, Scenario

#: The Python load generator stops after this many requests whatever the time.
MAX_REQUESTS = 1_000_000
#: Distinct paths handed to wrk's Lua script.
WRK_PATHS = 2_000


@dataclass
class Load:
    """What one load-generator run measured."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    #: Server CPU seconds (process tree) spent during the run.
    cpu_seconds: float = 0.0
    #: Latency percentiles in milliseconds: "50", "99".
    latency_ms: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _wrk_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _target(item: Input) -> str:
    return f"{item.path}?{item.query}" if item.query else item.path


def wrk_load(
    port: int,
    scenario: Scenario,
    inputs: list[Input],
    connections: int,
    duration: float,
) -> Load:
    """Run ``wrk`` (one thread) for ``duration`` seconds, a Lua script cycling
    through up to ``WRK_PATHS`` of the inputs, and parse its report."""
    seconds = max(1, round(duration))
    step = max(1, len(inputs) // WRK_PATHS)
    paths = ",\n".join(json.dumps(_target(i)) for i in inputs[::step])
    script = (
        f"local paths = {{\n{paths}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
        command += ["--timeout", "5s", "--latency", "-s", f.name]
        out = subprocess.run(
            [*command, f"http://127.0.0.1:{port}/"],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    load = Load()
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s),", out)
    if done is None:
        raise RuntimeError(f"cannot read wrk's report:\n{out}")
    load.requests = int(done.group(1))
    load.seconds = float(done.group(2)) * _UNITS[done.group(3)] / 1e3
    for percent, value in re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE):
        load.latency_ms[percent] = _wrk_ms(value)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        load.errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx and scenario.status < 400:
        load.errors += int(non_2xx.group(1))
    return load


def python_load(
    port: int,
    scenario: Scenario,
    inputs: list[Input],
    connections: int,
    duration: float,
) -> Load:
    """``connections`` threads, each sending requests on one keep-alive
    ``http.client`` connection until ``duration`` seconds (or ``MAX_REQUESTS``
    requests in all) have passed, all taking the next of the cycled inputs; a
    response of the wrong status is an error."""
    deadline = time.perf_counter() + duration
    budget = iter(range(MAX_REQUESTS))
    feed = itertools.cycle(inputs)
    latencies: list[list[int]] = [[] for _ in range(connections)]
    errors = [0] * connections
    headers = {"Content-Type": scenario.content_type} if scenario.content_type else {}

    def worker(index: int) -> None:
        times = latencies[index]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            while time.perf_counter() < deadline and next(budget, None) is not None:
                item = next(feed)
                start = time.perf_counter_ns()
                try:
                    body = item.body if scenario.method == "POST" else None
                    conn.request(scenario.method, _target(item), body, headers)
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    errors[index] += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    continue
                times.append(time.perf_counter_ns() - start)
                if response.status != scenario.status:
                    errors[index] += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load = Load(seconds=time.perf_counter() - started, errors=sum(errors))
    ordered = sorted(ns for times in latencies for ns in times)
    load.requests = len(ordered)
    for percent in (50, 99):
        if ordered:
            rank = max(0, math.ceil(percent / 100 * len(ordered)) - 1)
            load.latency_ms[str(percent)] = ordered[rank] / 1e6
    return load


def fetch(port: int, scenario: Scenario, item: Input) -> tuple[int, str, bytes]:
    """One request: status, media type, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": scenario.content_type} if scenario.content_type else {}
    try:
        body = item.body if scenario.method == "POST" else None
        conn.request(scenario.method, _target(item), body, headers)
        response = conn.getresponse()
        data = response.read()
        media = (response.getheader("Content-Type") or "").split(";")[0].lower()
        return response.status, media.strip(), data
    finally:
        conn.close()


