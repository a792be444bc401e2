"""The benchmark's apps behind a real WSGI server (waitress) on 127.0.0.1.

Usage::

    python bench/server.py [--quick] [--scenarios hello,json] [--json PATH]
                           [--loadgen auto|wrk|python] [--connections N]
                           [--threads N] [--duration S]

Each app runs in its own subprocess, waitress on a free loopback port; a load
generator (``wrk`` when installed, else the threaded keep-alive Python client below)
drives one app at a time for a bounded few seconds: a warm-up, then a few rounds
with the apps interleaved. Every response is checked against Flask's first. Exits 1
when an implementation gave a wrong answer or failed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import logging
import math
import re
import select
import shutil
import statistics
import subprocess
import sys
import threading
import time
import typing as t
from dataclasses import dataclass, field

from apps import SCENARIOS, Scenario
from harness import IMPLS, LABELS, build, machine_info, machine_lines, table

#: Scenarios a server run can drive: plain GET requests.
SERVABLE = [
    n for n, s in SCENARIOS.items() if s.method == "GET" and not s.primes_cookie
]
QUICK = {"duration": 1.0, "warmup": 1.0, "rounds": 3}
FULL = {"duration": 2.0, "warmup": 1.0, "rounds": 5}
#: The Python load generator stops after this many requests whatever the time.
MAX_REQUESTS = 1_000_000
STARTUP_TIMEOUT = 30.0


@dataclass
class Load:
    """What one load-generator run measured."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
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


def wrk_load(url: str, scenario: Scenario, connections: int, duration: float) -> Load:
    """Run ``wrk`` (one thread) for ``duration`` seconds and parse its report."""
    seconds = max(1, round(duration))
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
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
    port: int, scenario: Scenario, connections: int, duration: float
) -> Load:
    """``connections`` threads, each sending requests on one keep-alive
    ``http.client`` connection until ``duration`` seconds (or ``MAX_REQUESTS``
    requests in all) have passed; a response of the wrong status is an error."""
    deadline = time.perf_counter() + duration
    budget = iter(range(MAX_REQUESTS))
    latencies: list[list[int]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def worker(index: int) -> None:
        times = latencies[index]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            while time.perf_counter() < deadline and next(budget, None) is not None:
                start = time.perf_counter_ns()
                try:
                    conn.request(scenario.method, scenario.target)
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


def fetch(port: int, scenario: Scenario) -> tuple[int, str, bytes]:
    """One request: status, media type, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(scenario.method, scenario.target)
        response = conn.getresponse()
        body = response.read()
        media = (response.getheader("Content-Type") or "").split(";")[0].lower()
        return response.status, media.strip(), body
    finally:
        conn.close()


@contextlib.contextmanager
def server(impl: str, scenario: str, threads: int) -> t.Iterator[tuple[int, str]]:
    """Serve ``impl``'s app for ``scenario`` in a subprocess; yields its port, or
    0 and the reason it does not serve. The subprocess is stopped on exit."""
    command = [sys.executable, __file__, "--serve", impl, scenario, str(threads)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], STARTUP_TIMEOUT)
        line = proc.stdout.readline().strip() if ready else ""
        if line.startswith("PORT "):
            yield int(line.split()[1]), ""
        else:
            yield 0, line or f"the server did not start (exit code {proc.poll()})"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def serve(impl: str, scenario: str, threads: int) -> int:
    """The subprocess: build the app, print ``PORT n`` and serve until killed."""
    import waitress

    logging.basicConfig(level=logging.ERROR)  # waitress's queue-depth warnings
    subject = build(SCENARIOS[scenario], impl)
    if subject.state != "ok" or subject.app is None:
        print(f"{subject.state}: {subject.reason}", flush=True)
        return 0
    httpd = waitress.create_server(
        subject.app, host="127.0.0.1", port=0, threads=threads
    )
    print(f"PORT {httpd.effective_port}", flush=True)
    httpd.run()
    return 0


def check_answers(
    scenario: Scenario, ports: dict[str, tuple[int, str]]
) -> dict[str, dict[str, t.Any]]:
    """Ask every running server once; Flask's answer is the reference."""
    records: dict[str, dict[str, t.Any]] = {}
    reference = None
    for impl, (port, reason) in ports.items():
        record: dict[str, t.Any] = {"state": "ok", "reason": ""}
        records[impl] = record
        if not port:
            state, _, why = reason.partition(": ")
            known = state in ("unavailable", "error")
            record.update(state=state if known else "error", reason=why or reason)
            continue
        try:
            answer = fetch(port, scenario)
        except (OSError, http.client.HTTPException) as e:
            record.update(state="error", reason=f"the request failed: {e!r}")
            continue
        if impl == "flask":
            reference = answer
        if answer[0] != scenario.status:
            record.update(state="mismatch", reason=f"status {answer[0]}")
        elif reference is not None and answer[1:] != reference[1:]:
            record.update(state="mismatch", reason="body or media type != Flask's")
    return records


def run_scenario(scenario: Scenario, options: argparse.Namespace) -> dict[str, t.Any]:
    """Start every implementation's server, check their answers, then load them
    in rounds (one warm-up run each first), the apps interleaved so that drift
    in the machine's load hits all of them alike; medians over the rounds."""
    with contextlib.ExitStack() as stack:
        ports = {
            impl: stack.enter_context(server(impl, scenario.name, options.threads))
            for impl in IMPLS
        }
        records = check_answers(scenario, ports)
        ready = [impl for impl in IMPLS if records[impl]["state"] == "ok"]

        def drive(impl: str, seconds: float) -> Load:
            port = ports[impl][0]
            if options.loadgen == "wrk":
                url = f"http://127.0.0.1:{port}{scenario.target}"
                return wrk_load(url, scenario, options.connections, seconds)
            return python_load(port, scenario, options.connections, seconds)

        for impl in ready:
            drive(impl, options.warmup)
        loads: dict[str, list[Load]] = {impl: [] for impl in ready}
        for round_ in range(options.rounds):
            shift = round_ % len(ready) if ready else 0
            for impl in ready[shift:] + ready[:shift]:
                loads[impl].append(drive(impl, options.duration))
    for impl, runs in loads.items():
        p50 = [r.latency_ms["50"] for r in runs if "50" in r.latency_ms]
        p99 = [r.latency_ms["99"] for r in runs if "99" in r.latency_ms]
        records[impl].update(
            requests_per_second=statistics.median(r.rate for r in runs),
            p50_ms=statistics.median(p50) if p50 else None,
            p99_ms=statistics.median(p99) if p99 else None,
            requests=sum(r.requests for r in runs),
            errors=sum(r.errors for r in runs),
            rounds=[
                {"requests_per_second": r.rate, "latency_ms": r.latency_ms}
                for r in runs
            ],
        )
    return {
        "name": scenario.name,
        "request": scenario.request_line,
        "results": records,
        "agree": all(r["state"] in ("ok", "unavailable") for r in records.values()),
    }


def report(data: dict[str, t.Any]) -> str:
    """The Markdown report of a run's JSON record."""
    s = data["settings"]
    rows, notes = [], []
    for sc in data["scenarios"]:
        flask_rate = sc["results"].get("flask", {}).get("requests_per_second")
        for impl, r in sc["results"].items():
            if r["state"] != "ok":
                rows.append([sc["name"], LABELS[impl], r["state"], "", "", "", ""])
                notes.append(f"- {sc['name']} / {LABELS[impl]}: {r['reason']}")
                continue
            rate = r["requests_per_second"]
            rows.append(
                [
                    sc["name"],
                    LABELS[impl],
                    f"{rate:,.0f}",
                    f"{r['p50_ms']:.2f}" if r["p50_ms"] is not None else "n/a",
                    f"{r['p99_ms']:.2f}" if r["p99_ms"] is not None else "n/a",
                    f"{rate / flask_rate:.2f}" if flask_rate else "n/a",
                    str(r["errors"]),
                ]
            )
    header = ["scenario", "server", "req/s", "p50 ms", "p99 ms", "÷ Flask", "errors"]
    lines = [
        f"## Behind waitress on 127.0.0.1 ({'quick' if s['quick'] else 'full'})",
        "",
        *machine_lines(data["machine"]),
        f"- Method: waitress {data['machine']['packages'].get('waitress')} "
        f"({s['threads']} threads), one app per subprocess; load generator "
        f"{s['loadgen']} with {s['connections']} keep-alive connections, "
        f"{s['warmup']:g} s warm-up, then {s['rounds']} round(s) of "
        f"{s['duration']:g} s per app, apps interleaved; medians over the rounds.",
        "",
        table(header, rows, 2),
        "",
        "÷ Flask: the app's req/s divided by Flask's; above 1.00 it serves more "
        "requests per second than Flask.",
    ]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="about 30 s in all")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument(
        "--scenarios",
        default="hello,json",
        help=f"comma-separated subset of: {', '.join(SERVABLE)} (default hello,json)",
    )
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="waitress threads")
    parser.add_argument("--duration", type=float, help="seconds per app and round")
    parser.add_argument("--rounds", type=int, help="measured runs per app")
    parser.add_argument(
        "--serve",
        nargs=3,
        metavar=("IMPL", "SCENARIO", "THREADS"),
        help=argparse.SUPPRESS,
    )
    options = parser.parse_args(argv)
    if options.serve:
        impl, scenario, threads = options.serve
        return serve(impl, scenario, int(threads))
    settings = QUICK if options.quick else FULL
    options.warmup = settings["warmup"]
    options.rounds = int(options.rounds or settings["rounds"])
    options.duration = min(options.duration or settings["duration"], 60.0)
    if options.loadgen == "auto":
        options.loadgen = "wrk" if shutil.which("wrk") else "python"
    names = [n.strip() for n in options.scenarios.split(",") if n.strip()]
    unknown = [n for n in names if n not in SERVABLE]
    if unknown:
        parser.error(f"cannot serve {', '.join(unknown)}; choose from {SERVABLE}")
    records = []
    for name in names:
        record = run_scenario(SCENARIOS[name], options)
        records.append(record)
        summary = ", ".join(
            f"{impl} {r['requests_per_second']:,.0f} req/s"
            if r["state"] == "ok"
            else f"{impl} {r['state']}"
            for impl, r in record["results"].items()
        )
        print(f"[{name}] {summary}", file=sys.stderr, flush=True)
    data = {
        "schema": 1,
        "tool": "bench/server.py",
        "machine": machine_info(),
        "settings": {
            "quick": options.quick,
            "loadgen": options.loadgen,
            "connections": options.connections,
            "threads": options.threads,
            "warmup": options.warmup,
            "duration": options.duration,
            "rounds": options.rounds,
        },
        "scenarios": records,
        "all_agree": all(r["agree"] for r in records),
    }
    print(report(data))
    if options.json:
        with open(options.json, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
    return 0 if data["all_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
