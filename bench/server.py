"""The benchmark's apps behind real WSGI servers (waitress, gunicorn) on 127.0.0.1:
requests per second and the server's CPU time per request.

Usage::

    python bench/server.py [--quick] [--scenarios hello,json_distinct]
                           [--servers waitress,gunicorn] [--json PATH]
                           [--loadgen auto|wrk|python] [--connections N]
                           [--threads N] [--duration S] [--rounds N]

Each app runs in its own subprocess (waitress in-process; gunicorn as a master
and one ``gthread`` worker), on a free loopback port. A load generator (``wrk``
when installed, else the threaded keep-alive Python client below) cycles
through the scenario's distinct inputs against one app at a time for a bounded
few seconds: a warm-up, then a few rounds with the apps interleaved. Before and
after each round the CPU time of the server's process tree is read from
``/proc/<pid>/stat``; CPU per request is its growth over all rounds ÷ the
requests answered. Every app's answers are checked against Flask's first.
Exits 1 when an implementation gave a wrong answer or failed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import logging
import os
import select
import shutil
import statistics
import subprocess
import sys
import typing as t
from dataclasses import dataclass

from apps import SCENARIOS, Input, Scenario
from harness import (
    IMPLS,
    LABELS,
    REFERENCE_ORDER,
    build,
    checked_indices,
    machine_info,
    machine_lines,
    table,
)
from loadgen import Load, fetch, python_load, wrk_load

#: Scenarios a server run can drive: those without per-implementation cookies.
SERVABLE = [n for n, s in SCENARIOS.items() if not s.prime]
SERVERS = ("waitress", "gunicorn")
QUICK = {"duration": 1.0, "warmup": 1.0, "rounds": 3}
FULL = {"duration": 2.0, "warmup": 1.0, "rounds": 5}
STARTUP_TIMEOUT = 30.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """``(parent pid, utime + stime in seconds)`` of a process, or ``None``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rpartition(")")[2].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def tree_cpu_seconds(root: int) -> float:
    """The CPU time (user + system) of ``root`` and all its descendants."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                stats[int(entry)] = stat
    family, total, grew = {root}, 0.0, True
    while grew:
        grew = False
        for pid, (parent, _) in stats.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    for pid in family:
        if pid in stats:
            total += stats[pid][1]
    return total


@dataclass
class Running:
    """A server subprocess: its port (0 when it does not serve, with the
    reason) and its pid, the root of the process tree whose CPU is measured."""

    port: int
    reason: str
    pid: int


@contextlib.contextmanager
def server(
    kind: str, impl: str, scenario: str, threads: int
) -> t.Iterator[Running]:
    """Serve ``impl``'s app for ``scenario`` with ``kind`` in a subprocess; the
    subprocess is stopped on exit."""
    command = [sys.executable, __file__, "--serve", kind, impl, scenario, str(threads)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], STARTUP_TIMEOUT)
        line = proc.stdout.readline().strip() if ready else ""
        if line.startswith("PORT "):
            yield Running(int(line.split()[1]), "", proc.pid)
        else:
            reason = line or f"the server did not start (exit code {proc.poll()})"
            yield Running(0, reason, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def serve(kind: str, impl: str, scenario: str, threads: int) -> int:
    """The subprocess: build the app, print ``PORT n`` and serve until stopped."""
    logging.basicConfig(level=logging.ERROR)  # waitress's queue-depth warnings
    subject = build(SCENARIOS[scenario], impl)
    if subject.state != "ok" or subject.app is None:
        print(f"{subject.state}: {subject.reason}", flush=True)
        return 0
    if kind == "waitress":
        import waitress

        httpd = waitress.create_server(
            subject.app, host="127.0.0.1", port=0, threads=threads
        )
        print(f"PORT {httpd.effective_port}", flush=True)
        httpd.run()
        return 0
    from gunicorn.app.base import BaseApplication

    app = subject.app

    def when_ready(arbiter: t.Any) -> None:
        port = arbiter.LISTENERS[0].sock.getsockname()[1]
        print(f"PORT {port}", flush=True)

    class Gunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": "127.0.0.1:0",
                "workers": 1,
                "worker_class": "gthread",
                "threads": threads,
                "keepalive": 10,
                "loglevel": "error",
                "graceful_timeout": 3,
                "when_ready": when_ready,
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> t.Any:
            return app

    Gunicorn().run()
    return 0


def check_answers(
    scenario: Scenario, inputs: list[Input], running: dict[str, Running]
) -> dict[str, dict[str, t.Any]]:
    """Ask every running server a spread of the inputs; the reference answer is
    Flask's (Bottle's, the raw floor's where Flask cannot run the scenario)."""
    records: dict[str, dict[str, t.Any]] = {}
    answers: dict[str, list[tuple[int, str, bytes]]] = {}
    indices = checked_indices(len(inputs))
    for impl, run in running.items():
        record: dict[str, t.Any] = {"state": "ok", "reason": ""}
        records[impl] = record
        if not run.port:
            state, _, why = run.reason.partition(": ")
            known = state in ("unavailable", "error")
            record.update(state=state if known else "error", reason=why or run.reason)
            continue
        try:
            answers[impl] = [fetch(run.port, scenario, inputs[i]) for i in indices]
        except (OSError, http.client.HTTPException) as e:
            record.update(state="error", reason=f"the request failed: {e!r}")
    reference = next((answers[i] for i in REFERENCE_ORDER if i in answers), None)
    for impl, replies in answers.items():
        for n, reply in enumerate(replies):
            if reply[0] != scenario.status:
                reason = f"status {reply[0]}"
            elif reference is not None and reply[1:] != reference[n][1:]:
                reason = "body or media type != the reference's"
            else:
                continue
            path = inputs[indices[n]].path
            records[impl].update(state="mismatch", reason=f"{path}: {reason}")
            break
    return records


def run_scenario(
    kind: str, scenario: Scenario, options: argparse.Namespace
) -> dict[str, t.Any]:
    """Start every implementation's server, check their answers, then load them
    in rounds (one warm-up run each first), the apps interleaved so that drift
    in the machine's load hits all of them alike."""
    inputs = scenario.inputs()
    use_wrk = options.loadgen == "wrk" and scenario.method == "GET"
    with contextlib.ExitStack() as stack:
        running = {
            impl: stack.enter_context(
                server(kind, impl, scenario.name, options.threads)
            )
            for impl in IMPLS
        }
        records = check_answers(scenario, inputs, running)
        ready = [impl for impl in IMPLS if records[impl]["state"] == "ok"]

        def drive(impl: str, seconds: float) -> Load:
            run = running[impl]
            before = tree_cpu_seconds(run.pid)
            load = (wrk_load if use_wrk else python_load)(
                run.port, scenario, inputs, options.connections, seconds
            )
            load.cpu_seconds = tree_cpu_seconds(run.pid) - before
            return load

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
        requests = sum(r.requests for r in runs)
        cpu = sum(r.cpu_seconds for r in runs)
        records[impl].update(
            requests_per_second=statistics.median(r.rate for r in runs),
            cpu_us_per_request=cpu / requests * 1e6 if requests else None,
            p50_ms=statistics.median(p50) if p50 else None,
            p99_ms=statistics.median(p99) if p99 else None,
            requests=requests,
            errors=sum(r.errors for r in runs),
            rounds=[
                {
                    "requests_per_second": r.rate,
                    "requests": r.requests,
                    "cpu_seconds": r.cpu_seconds,
                    "latency_ms": r.latency_ms,
                }
                for r in runs
            ],
        )
    return {
        "server": kind,
        "name": scenario.name,
        "request": scenario.shown,
        "loadgen": "wrk" if use_wrk else "python",
        "distinct_inputs": len(inputs),
        "results": records,
        "agree": all(r["state"] in ("ok", "unavailable") for r in records.values()),
    }


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def report(data: dict[str, t.Any]) -> str:
    """The Markdown report of a run's JSON record."""
    s = data["settings"]
    rows, notes = [], []
    for sc in data["scenarios"]:
        flask = sc["results"].get("flask", {})
        flask_cpu = flask.get("cpu_us_per_request")
        flask_rate = flask.get("requests_per_second")
        for impl, r in sc["results"].items():
            head = [sc["server"], sc["name"], LABELS[impl]]
            if r["state"] != "ok":
                rows.append([*head, r["state"], "", "", "", "", "", ""])
                notes.append(
                    f"- {sc['server']} / {sc['name']} / {LABELS[impl]}: {r['reason']}"
                )
                continue
            cpu, rate = r["cpu_us_per_request"], r["requests_per_second"]
            rows.append(
                [
                    *head,
                    _fmt(cpu, ".0f"),
                    _fmt(cpu / flask_cpu if cpu and flask_cpu else None, ".2f"),
                    f"{rate:,.0f}",
                    _fmt(rate / flask_rate if flask_rate else None, ".2f"),
                    _fmt(r["p50_ms"], ".2f"),
                    _fmt(r["p99_ms"], ".2f"),
                    str(r["errors"]),
                ]
            )
    header = [
        "server",
        "scenario",
        "app",
        "CPU µs/req",
        "CPU ÷ Flask",
        "req/s",
        "req/s ÷ Flask",
        "p50 ms",
        "p99 ms",
        "errors",
    ]
    loadgens = sorted({sc["loadgen"] for sc in data["scenarios"]})
    lines = [
        f"## Behind waitress and gunicorn on 127.0.0.1 "
        f"({'quick' if s['quick'] else 'full'})",
        "",
        *machine_lines(data["machine"]),
        f"- Load average at the start: {data['load_average_start'][0]:.2f}, at the "
        f"end: {data['machine']['load_average'][0]:.2f}.",
        f"- Method: waitress {data['machine']['packages'].get('waitress')} "
        f"({s['threads']} threads) or gunicorn {data['gunicorn']} (1 gthread worker, "
        f"{s['threads']} threads), one app per subprocess; load generator "
        f"{'/'.join(loadgens)} with {s['connections']} keep-alive connections "
        f"cycling through the scenario's distinct inputs, {s['warmup']:g} s "
        f"warm-up, then {s['rounds']} round(s) of {s['duration']:g} s per app, "
        "apps interleaved. CPU µs/req: CPU time (user + system, /proc) of the "
        "server's process tree over the rounds ÷ the requests answered; req/s, "
        "p50, p99: medians over the rounds.",
        "",
        table(header, rows, 3),
        "",
        "CPU ÷ Flask: below 1.00 the server spends less CPU per request than "
        "with Flask. req/s ÷ Flask: above 1.00 it serves more requests per "
        "second. The load generator shares the 2 cores: req/s is bounded by it; "
        "CPU per request is the steadier figure.",
    ]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="about 80 s in all")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument(
        "--scenarios",
        default="hello,json_distinct",
        help=f"comma-separated subset of: {', '.join(SERVABLE)} "
        "(default hello,json_distinct)",
    )
    parser.add_argument(
        "--servers",
        help="comma-separated subset of waitress,gunicorn (default: those installed)",
    )
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="server threads")
    parser.add_argument("--duration", type=float, help="seconds per app and round")
    parser.add_argument("--rounds", type=int, help="measured runs per app")
    parser.add_argument(
        "--serve",
        nargs=4,
        metavar=("SERVER", "IMPL", "SCENARIO", "THREADS"),
        help=argparse.SUPPRESS,
    )
    options = parser.parse_args(argv)
    if options.serve:
        kind, impl, scenario, threads = options.serve
        return serve(kind, impl, scenario, int(threads))
    settings = QUICK if options.quick else FULL
    options.warmup = settings["warmup"]
    options.rounds = max(1, int(options.rounds or settings["rounds"]))
    options.duration = min(options.duration or settings["duration"], 60.0)
    if options.loadgen == "auto":
        options.loadgen = "wrk" if shutil.which("wrk") else "python"
    names = [n.strip() for n in options.scenarios.split(",") if n.strip()]
    unknown = [n for n in names if n not in SERVABLE]
    if unknown:
        parser.error(f"cannot serve {', '.join(unknown)}; choose from {SERVABLE}")
    if options.servers is None:
        kinds = [k for k in SERVERS if importlib.util.find_spec(k) is not None]
    else:
        kinds = [k.strip() for k in options.servers.split(",") if k.strip()]
    if not kinds or any(k not in SERVERS for k in kinds):
        parser.error(f"--servers: choose from {', '.join(SERVERS)}")
    load_start = [round(x, 2) for x in os.getloadavg()]
    records = []
    for kind in kinds:
        for name in names:
            record = run_scenario(kind, SCENARIOS[name], options)
            records.append(record)
            summary = ", ".join(
                f"{impl} {r['requests_per_second']:,.0f} req/s "
                f"{_fmt(r['cpu_us_per_request'], '.0f')} CPU µs/req"
                if r["state"] == "ok"
                else f"{impl} {r['state']}"
                for impl, r in record["results"].items()
            )
            print(f"[{kind} {name}] {summary}", file=sys.stderr, flush=True)
    try:
        import gunicorn

        gunicorn_version = gunicorn.__version__
    except ImportError:
        gunicorn_version = "absent"
    data = {
        "schema": 2,
        "tool": "bench/server.py",
        "machine": machine_info(),
        "gunicorn": gunicorn_version,
        "load_average_start": load_start,
        "settings": {
            "quick": options.quick,
            "loadgen": options.loadgen,
            "connections": options.connections,
            "threads": options.threads,
            "warmup": options.warmup,
            "duration": options.duration,
            "rounds": options.rounds,
            "servers": kinds,
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
