"""In-process WSGI benchmark: Flask, flaskcompat, Bottle and a raw WSGI floor.

Usage::

    python bench/run.py [--quick] [--json PATH] [--scenarios a,b]
                        [--repeats N] [--batch-ms MS] [--clock cpu|wall]

Every scenario cycles through many distinct inputs (paths, ids, bodies,
cookies). Its apps first answer a spread of those inputs and must agree (status,
body, media type); then each is timed in batches of fresh-environ calls walking
on through the inputs, the garbage collector on, the implementations interleaved
batch by batch. Prints Markdown tables; ``--json``
writes the numbers. Exits 1 when an implementation gave a wrong answer or failed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
import typing as t
from io import BytesIO
from itertools import cycle, islice

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
#: The fewest requests in a batch: a batch's mean must cover a spread of the
#: inputs even where one request is slow (Flask on segment1000 takes 0.1 to 50 ms
#: depending on the rule).
MIN_BATCH = 50
CLOCKS = {"cpu": time.process_time_ns, "wall": time.perf_counter_ns}


def _discard(data: bytes) -> None:
    """The ``write`` callable: nothing here writes, but WSGI requires one."""


def _start_response(
    status: str, headers: list[tuple[str, str]], exc_info: t.Any = None
) -> t.Callable[[bytes], None]:
    return _discard


def time_batch(
    app: WSGIApplication,
    environ: WSGIEnvironment,
    feed: t.Iterator[tuple[dict[str, str], bytes]],
    count: int,
    clock: t.Callable[[], int] = time.perf_counter_ns,
) -> int:
    """Nanoseconds for the next ``count`` requests of ``feed`` (an endless
    cycle over the distinct inputs, carried on from batch to batch), each with a
    fresh environ and input stream, the response iterated and closed. The
    garbage collector is collected before the batch and stays on during it.
    ``clock``: ``time.perf_counter_ns`` (wall) or ``time.process_time_ns`` (this
    process's CPU time: the time other processes hold the CPU is left out)."""
    gc.collect()
    start = clock()
    for keys, body in islice(feed, count):
        request = environ.copy()
        request.update(keys)
        request["wsgi.input"] = BytesIO(body)
        result = app(request, _start_response)
        for _chunk in result:
            pass
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return clock() - start


def batch_size(subject: Subject, feed: t.Iterator[t.Any], batch_ns: float) -> int:
    """The request count that makes one batch last about ``batch_ns``, and at
    least ``MIN_BATCH``."""
    assert subject.app is not None
    count = 1
    while True:
        elapsed = time_batch(subject.app, subject.environ, feed, count)
        if elapsed >= batch_ns / 10 or count >= 1 << 20:
            return max(MIN_BATCH, round(count * batch_ns / max(elapsed, 1)))
        count *= 4


def measure(
    subjects: list[Subject], settings: dict[str, float]
) -> dict[str, dict[str, t.Any]]:
    """Time the subjects: warm-up batches, then ``repeats`` rounds of one batch
    each, the order rotated every round; µs per request per batch. Each subject
    walks its own cycle of inputs from where its last batch stopped."""
    batch_ns = settings["batch_ms"] * 1e6
    clock = CLOCKS[settings["clock"]]
    feeds = {s.impl: cycle(s.feed) for s in subjects}
    sizes = {s.impl: batch_size(s, feeds[s.impl], batch_ns) for s in subjects}
    for subject in subjects:
        assert subject.app is not None
        for _ in range(int(settings["warmups"])):
            count = sizes[subject.impl]
            time_batch(subject.app, subject.environ, feeds[subject.impl], count)
    samples: dict[str, list[float]] = {s.impl: [] for s in subjects}
    for round_ in range(int(settings["repeats"])):
        shift = round_ % len(subjects)
        for subject in subjects[shift:] + subjects[:shift]:
            assert subject.app is not None
            count = sizes[subject.impl]
            feed = feeds[subject.impl]
            elapsed = time_batch(subject.app, subject.environ, feed, count, clock)
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


RATIOS = (
    ("flaskcompat/flask", "flask"),
    ("flaskcompat/bottle", "bottle"),
    ("flaskcompat/raw", "raw"),
)


def run_scenario(scenario: Scenario, settings: dict[str, float]) -> dict[str, t.Any]:
    """Build, check and time one scenario; its JSON record."""
    inputs = scenario.inputs()
    subjects = {impl: build(scenario, impl) for impl in IMPLS}
    agree = check(scenario, subjects, inputs)
    ready = [s for s in subjects.values() if s.state == "ok"]
    # The apps, their routes and the inputs are built: move them out of the
    # collector's way (as a server that freezes after loading its app does), so
    # the collections a batch triggers, and the one before it, cost what the
    # requests leave behind, not the size of the benchmark's own heap.
    gc.collect()
    gc.freeze()
    try:
        timings = measure(ready, settings) if ready else {}
    finally:
        gc.unfreeze()
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
        "request": scenario.shown,
        "distinct_inputs": len({(i.path, i.query, i.body, i.cookie) for i in inputs}),
        "expected_status": scenario.status,
        "bottle_note": scenario.bottle_note,
        "note": scenario.note,
        "agree": agree,
        "results": results,
        "ratios": {name: ratio(other) for name, other in RATIOS},
        "ratios_best": {name: ratio(other, "min_us") for name, other in RATIOS},
    }


def _cell(result: dict[str, t.Any], key: str, fmt: str) -> str:
    state: str = result["state"]
    if state != "ok":
        return {"unavailable": "n/a", "mismatch": "WRONG", "error": "ERROR"}.get(
            state, state
        )
    return format(result[key], fmt)


CLOCK_TEXT = {
    "cpu": "a batch's time is this process's CPU time (process_time; time "
    "other processes hold the CPU is left out)",
    "wall": "a batch's time is wall time (perf_counter)",
}


def _ratio(value: float | None) -> str:
    return f"{value:.2f}" if value else "n/a"


def report(data: dict[str, t.Any]) -> str:
    """The Markdown report of a run's JSON record."""
    settings = data["settings"]
    labels = [LABELS[i] for i in IMPLS]
    ratio_labels = ["fc/Flask", "fc/Bottle", "fc/raw"]
    times, best, rates, notes = [], [], [], []
    for sc in data["scenarios"]:
        res = sc["results"]
        times.append(
            [sc["name"], f"`{sc['request']}`", f"{sc['distinct_inputs']:,}"]
            + [_cell(res[i], "us_per_request", ".1f") for i in IMPLS]
            + [_ratio(r) for r in sc["ratios"].values()]
        )
        best.append(
            [sc["name"]]
            + [_cell(res[i], "min_us", ".1f") for i in IMPLS]
            + [_ratio(r) for r in sc["ratios_best"].values()]
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
        if sc["note"]:
            notes.append(f"- {sc['name']}: {sc['note']}")
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
        f"- Load average at the start: {data['load_average_start'][0]:.2f}, at the "
        f"end: {data['machine']['load_average'][0]:.2f} (1 min; 2 cores shared).",
        f"- Method: {CLOCK_TEXT[settings['clock']]}; median of "
        f"{settings['repeats']} batches of ~"
        f"{settings['batch_ms']:g} ms per cell (after {settings['warmups']} "
        "warm-up batch(es)), implementations interleaved; each batch walks on "
        "through a cycle of distinct inputs; a fresh environ and BytesIO per "
        "request; the garbage collector on during batches (collected before "
        "each, the apps and inputs frozen out of its way); one thread.",
        "",
        "### µs per request (median; lower is better)",
        "",
        table(
            ["scenario", "request", "inputs", *labels, *ratio_labels], times, 2
        ),
        "",
        "inputs: distinct requests cycled through. fc/Flask, fc/Bottle, fc/raw: "
        "flaskcompat's µs ÷ the other's; below 1.00 flaskcompat is faster.",
        "",
        "### requests per second (one thread, in-process; 10⁶ ÷ median µs)",
        "",
        table(["scenario", *labels], rates),
        "",
        "### µs per request, best batch (min; the least disturbed by other load)",
        "",
        table(["scenario", *labels, *ratio_labels], best),
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
    parser.add_argument("--quick", action="store_true", help="short run (< 90 s)")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument(
        "--scenarios", help=f"comma-separated subset of: {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--repeats", type=int, help="timed batches per cell")
    parser.add_argument("--batch-ms", type=float, help="target duration of a batch")
    parser.add_argument(
        "--clock",
        choices=list(CLOCKS),
        default="cpu",
        help="what a batch's time is: this process's CPU time (default; the time "
        "other processes hold the CPU is left out) or wall time",
    )
    args = parser.parse_args(argv)
    settings: dict[str, t.Any] = dict(QUICK if args.quick else FULL)
    settings["clock"] = args.clock
    if args.repeats is not None:
        settings["repeats"] = max(1, args.repeats)
    if args.batch_ms is not None:
        settings["batch_ms"] = max(0.01, args.batch_ms)
    names = select_scenarios(args.scenarios, SCENARIOS)
    started = time.perf_counter()
    load_start = [round(x, 2) for x in os.getloadavg()]
    records = []
    for name in names:
        began = time.perf_counter()
        record = run_scenario(SCENARIOS[name], settings)
        records.append(record)
        gc.collect()  # the scenario's apps, before the next scenario builds
        summary = f"{time.perf_counter() - began:.1f} s: " + ", ".join(
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
        "load_average_start": load_start,
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
