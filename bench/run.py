"""In-process WSGI benchmark: Flask, flaskcompat, Bottle and a raw WSGI floor.

Usage::

    python bench/run.py [--quick] [--json PATH] [--scenarios a,b]
                        [--repeats N] [--batch-ms MS]

Every scenario's apps first answer its request once and must agree (status, body,
media type); then each is timed in batches of fresh-environ calls, the
implementations interleaved batch by batch. Prints Markdown tables; ``--json``
writes the numbers. Exits 1 when an implementation gave a wrong answer or failed.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import typing as t
from io import BytesIO

from apps import SCENARIOS, Scenario
from harness import (
    IMPLS,
    LABELS,
    Subject,
    build,
    check,
    machine_info,
    machine_lines,
    select_scenarios,
    table,
)

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

QUICK = {"batch_ms": 50.0, "repeats": 7, "warmups": 1}
FULL = {"batch_ms": 100.0, "repeats": 21, "warmups": 2}


def _discard(data: bytes) -> None:
    """The ``write`` callable: nothing here writes, but WSGI requires one."""


def _start_response(
    status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
) -> t.Callable[[bytes], None]:
    return _discard


def time_batch(
    app: WSGIApplication, environ: WSGIEnvironment, body: bytes, count: int
) -> int:
    """Nanoseconds for ``count`` requests, each with a fresh environ and input
    stream, the response iterated and closed; the garbage collector is off."""
    gc.collect()
    gc.disable()
    try:
        clock = time.perf_counter_ns
        start = clock()
        for _ in range(count):
            request = environ.copy()
            request["wsgi.input"] = BytesIO(body)
            result = app(request, _start_response)
            for _chunk in result:
                pass
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return clock() - start
    finally:
        gc.enable()


def batch_size(subject: Subject, body: bytes, batch_ns: float) -> int:
    """The request count that makes one batch last about ``batch_ns``."""
    assert subject.app is not None
    count = 1
    while True:
        elapsed = time_batch(subject.app, subject.environ, body, count)
        if elapsed >= batch_ns / 10 or count >= 1 << 20:
            return max(1, round(count * batch_ns / max(elapsed, 1)))
        count *= 4


def measure(
    subjects: list[Subject], body: bytes, settings: dict[str, float]
) -> dict[str, dict[str, t.Any]]:
    """Time the subjects: warm-up batches, then ``repeats`` rounds of one batch
    each, the order rotated every round; µs per request per batch."""
    batch_ns = settings["batch_ms"] * 1e6
    sizes = {s.impl: batch_size(s, body, batch_ns) for s in subjects}
    for subject in subjects:
        assert subject.app is not None
        for _ in range(int(settings["warmups"])):
            time_batch(subject.app, subject.environ, body, sizes[subject.impl])
    samples: dict[str, list[float]] = {s.impl: [] for s in subjects}
    for round_ in range(int(settings["repeats"])):
        shift = round_ % len(subjects)
        for subject in subjects[shift:] + subjects[:shift]:
            assert subject.app is not None
            count = sizes[subject.impl]
            elapsed = time_batch(subject.app, subject.environ, body, count)
            samples[subject.impl].append(elapsed / count / 1000)
    results = {}
    for impl, values in samples.items():
        median = statistics.median(values)
        quartiles = statistics.quantiles(values, n=4) if len(values) > 1 else []
        spread = (quartiles[2] - quartiles[0]) / median if quartiles else 0.0
        results[impl] = {
            "us_per_request": median,
            "requests_per_second": 1e6 / median,
            "min_us": min(values),
            "max_us": max(values),
            "iqr_relative": spread,
            "batch_size": sizes[impl],
            "samples_us": [round(v, 4) for v in values],
        }
    return results


def run_scenario(scenario: Scenario, settings: dict[str, float]) -> dict[str, t.Any]:
    """Build, check and time one scenario; its JSON record."""
    subjects = {impl: build(scenario, impl) for impl in IMPLS}
    agree = check(scenario, subjects)
    ready = [s for s in subjects.values() if s.state == "ok"]
    timings = measure(ready, scenario.body, settings) if ready else {}
    results: dict[str, dict[str, t.Any]] = {}
    for impl, subject in subjects.items():
        record: dict[str, t.Any] = {"state": subject.state, "reason": subject.reason}
        if subject.reply is not None:
            record["status"] = subject.reply.status
            record["body_bytes"] = len(subject.reply.body)
        record.update(timings.get(impl, {}))
        results[impl] = record

    def ratio(other: str, key: str = "us_per_request") -> float | None:
        mine = timings.get("flaskcompat", {}).get(key)
        theirs = timings.get(other, {}).get(key)
        return mine / theirs if mine and theirs else None

    return {
        "name": scenario.name,
        "title": scenario.title,
        "request": scenario.request_line,
        "expected_status": scenario.status,
        "bottle_note": scenario.bottle_note,
        "agree": agree,
        "results": results,
        "ratios": {
            "flaskcompat/flask": ratio("flask"),
            "flaskcompat/bottle": ratio("bottle"),
        },
        "ratios_best": {
            "flaskcompat/flask": ratio("flask", "min_us"),
            "flaskcompat/bottle": ratio("bottle", "min_us"),
        },
    }


def _cell(result: dict[str, t.Any], key: str, fmt: str) -> str:
    state: str = result["state"]
    if state != "ok":
        return {"unavailable": "n/a", "mismatch": "WRONG", "error": "ERROR"}.get(
            state, state
        )
    return format(result[key], fmt)


def report(data: dict[str, t.Any]) -> str:
    """The Markdown report of a run's JSON record."""
    settings = data["settings"]
    labels = [LABELS[i] for i in IMPLS]
    times, best, rates, notes = [], [], [], []
    for sc in data["scenarios"]:
        res = sc["results"]
        ratios = [sc["ratios"]["flaskcompat/flask"], sc["ratios"]["flaskcompat/bottle"]]
        times.append(
            [sc["name"], f"`{sc['request']}`"]
            + [_cell(res[i], "us_per_request", ".1f") for i in IMPLS]
            + [f"{r:.2f}" if r else "n/a" for r in ratios]
        )
        ratios = list(sc["ratios_best"].values())
        best.append(
            [sc["name"]]
            + [_cell(res[i], "min_us", ".1f") for i in IMPLS]
            + [f"{r:.2f}" if r else "n/a" for r in ratios]
        )
        rates.append(
            [sc["name"]] + [_cell(res[i], "requests_per_second", ",.0f") for i in IMPLS]
        )
        for impl in IMPLS:
            if res[impl]["state"] != "ok":
                notes.append(
                    f"- {sc['name']} / {LABELS[impl]}: "
                    f"{res[impl]['state']}: {res[impl]['reason']}"
                )
        if sc["bottle_note"]:
            notes.append(f"- {sc['name']} / Bottle: {sc['bottle_note']}")
    spreads = [
        (r["iqr_relative"], sc["name"], impl)
        for sc in data["scenarios"]
        for impl, r in sc["results"].items()
        if r["state"] == "ok"
    ]
    mode = "quick" if settings["quick"] else "full"
    lines = [
        f"## In-process WSGI benchmark ({mode})",
        "",
        *machine_lines(data["machine"]),
        f"- Method: median of {settings['repeats']} batches of ~"
        f"{settings['batch_ms']:g} ms per cell (after {settings['warmups']} "
        "warm-up batch(es)), implementations interleaved; a fresh environ and "
        "BytesIO per request; gc off inside batches; one thread.",
        "",
        "### µs per request (median; lower is better)",
        "",
        table(["scenario", "request", *labels, "fc/Flask", "fc/Bottle"], times, 2),
        "",
        "fc/Flask, fc/Bottle: flaskcompat's µs ÷ the other's; below 1.00 "
        "flaskcompat is faster.",
        "",
        "### requests per second (one thread, in-process; 10⁶ ÷ median µs)",
        "",
        table(["scenario", *labels], rates),
        "",
        "### µs per request, best batch (min; the least disturbed by other load)",
        "",
        table(["scenario", *labels, "fc/Flask", "fc/Bottle"], best),
    ]
    if spreads:
        worst = max(spreads)
        lines += [
            "",
            f"Noise: largest interquartile range {worst[0]:.1%} of the median "
            f"({worst[1]} / {LABELS[worst[2]]}).",
        ]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short run (< 60 s)")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument(
        "--scenarios", help=f"comma-separated subset of: {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--repeats", type=int, help="timed batches per cell")
    parser.add_argument("--batch-ms", type=float, help="target duration of a batch")
    args = parser.parse_args(argv)
    settings: dict[str, t.Any] = dict(QUICK if args.quick else FULL)
    if args.repeats is not None:
        settings["repeats"] = max(1, args.repeats)
    if args.batch_ms is not None:
        settings["batch_ms"] = max(0.01, args.batch_ms)
    names = select_scenarios(args.scenarios, SCENARIOS)
    started = time.perf_counter()
    records = []
    for name in names:
        record = run_scenario(SCENARIOS[name], settings)
        records.append(record)
        summary = ", ".join(
            f"{impl} {r['us_per_request']:.1f} µs"
            if r["state"] == "ok"
            else f"{impl} {r['state']}"
            for impl, r in record["results"].items()
        )
        print(f"[{name}] {summary}", file=sys.stderr, flush=True)
    data = {
        "schema": 1,
        "tool": "bench/run.py",
        "machine": machine_info(),
        "settings": {**settings, "quick": args.quick},
        "implementations": list(IMPLS),
        "scenarios": records,
        "all_agree": all(r["agree"] for r in records),
        "elapsed_s": round(time.perf_counter() - started, 2),
    }
    print(report(data))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
    return 0 if data["all_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
