"""Where one implementation's time goes on a scenario: cProfile over the same
timed loop as ``run.py`` (distinct inputs, fresh environs, the collector on).

Usage::

    python bench/profiling.py [--impl flaskcompat] [--scenarios a,b]
                            [--worst N --from RUN.json] [--requests N] [--top N]

``--worst N --from RUN.json`` picks the N scenarios with the highest fc/Flask
ratio in a ``run.py --json`` record. Prints, per scenario, the time per package
(own time of the functions in each), then the top functions by own time and by
cumulative time. cProfile slows Python code down several times, unevenly: read
the shares, not the absolute times.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import sys
import sysconfig
import time
from itertools import cycle

from apps import REPO_DIR, SCENARIOS
from harness import IMPLS, build, check, select_scenarios
from run import time_batch
from scenario import TEMPLATE_DIR

#: Where a function's file lives, for the per-package summary (first match).
GROUPS = (
    (os.path.join(REPO_DIR, "flaskcompat") + os.sep, "flaskcompat"),
    (os.sep + "flask" + os.sep, "flask"),
    (os.sep + "werkzeug" + os.sep, "werkzeug"),
    ("bottle.py", "bottle"),
    (os.sep + "jinja2" + os.sep, "jinja2"),
    (os.sep + "markupsafe" + os.sep, "markupsafe"),
    (os.sep + "itsdangerous" + os.sep, "itsdangerous"),
    (TEMPLATE_DIR + os.sep, "templates (Jinja's compiled code)"),
    (os.path.dirname(os.path.abspath(__file__)) + os.sep, "bench (views, loop)"),
)
#: Path prefixes left out of the listings, longest first.
PREFIXES = sorted(
    {REPO_DIR + os.sep, *(p + os.sep for p in sysconfig.get_paths().values())},
    key=len,
    reverse=True,
)


def group(filename: str) -> str:
    for marker, name in GROUPS:
        if marker in filename:
            return name
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    return "stdlib / other"


def by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time per package group, largest first."""
    totals: dict[str, float] = {}
    entries = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, tottime, _, _) in entries.items():
        name = group(filename)
        totals[name] = totals.get(name, 0.0) + tottime
    return sorted(totals.items(), key=lambda kv: -kv[1])


def worst(path: str, count: int) -> list[str]:
    """The ``count`` scenarios with the highest fc/Flask ratio in a run.py JSON."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    ranked = [
        (sc["ratios"]["flaskcompat/flask"], sc["name"])
        for sc in data["scenarios"]
        if sc["ratios"].get("flaskcompat/flask")
    ]
    return [name for _, name in sorted(ranked, reverse=True)[:count]]


def profile(name: str, impl: str, requests: int, top: int) -> str:
    """Build and check the scenario, warm up, then profile ``requests`` requests
    of ``impl``; the report text."""
    scenario = SCENARIOS[name]
    subjects = {i: build(scenario, i) for i in IMPLS}
    check(scenario, subjects)
    subject = subjects[impl]
    if subject.state != "ok" or subject.app is None:
        return f"### {name} / {impl}: {subject.state}: {subject.reason}\n"
    feed = cycle(subject.feed)
    time_batch(subject.app, subject.environ, feed, min(requests, 2_000))  # warm up
    gc.collect()
    gc.freeze()
    plain = time_batch(subject.app, subject.environ, feed, requests) / requests
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        time_batch(subject.app, subject.environ, feed, requests)
        profiler.disable()
    finally:
        gc.unfreeze()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    lines = [
        f"### {name} / {impl}: {requests:,} requests, "
        f"{plain / 1000:.1f} µs each unprofiled",
        "",
        "Own time per package (share of the profiled total):",
        "",
    ]
    for package, seconds in by_package(stats):
        lines.append(f"- {package}: {seconds / total:.1%}")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    text = out.getvalue()
    for prefix in PREFIXES:
        text = text.replace(prefix, "")
    return "\n".join([*lines, "", "```", text.strip(), "```", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--impl", choices=IMPLS, default="flaskcompat")
    parser.add_argument("--scenarios", help=f"subset of: {', '.join(SCENARIOS)}")
    parser.add_argument("--worst", type=int, help="the N worst fc/Flask scenarios")
    parser.add_argument("--from", dest="source", help="run.py --json output")
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--top", type=int, default=20, help="functions listed")
    args = parser.parse_args(argv)
    if args.worst:
        if not args.source:
            parser.error("--worst needs --from RUN.json")
        names = worst(args.source, args.worst)
    else:
        names = select_scenarios(args.scenarios, SCENARIOS)
    started = time.perf_counter()
    for name in names:
        print(profile(name, args.impl, max(1, args.requests), args.top), flush=True)
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
