"""Time registering 1,000 Flask rules: real Flask, flaskcompat with its own
Bottle host, and flaskcompat hosted by a Bottle app that has 100 routes of its
own (every Flask rule is also a ``bottle.Route`` of that app). Also Bottle's
own ``Router.add`` for 1,000 routes, for scale.

    python bench/register.py [--rules N] [--repeat ROUNDS]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import typing as t

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import bottle  # noqa: E402
import flask  # noqa: E402

import flaskcompat  # noqa: E402


def view(**kwargs: t.Any) -> str:
    return "x"


def register(app: t.Any, n: int) -> None:
    for i in range(n):
        rule = f"/r{i}" if i % 2 else f"/d{i}/<int:item>"
        app.add_url_rule(rule, f"e{i}", view, methods=["GET", "POST"])


def legacy_app() -> bottle.Bottle:
    legacy = bottle.Bottle()
    for i in range(100):
        legacy.route(f"/old{i}/<x>", callback=view)
    return legacy


def settle() -> None:
    """Collect, then freeze what exists out of the collector's way (as
    ``run.py`` does with its apps and inputs): a full collection during the
    timed registration then walks the objects it made, not the whole heap the
    imports left (whose size says nothing about registering)."""
    gc.collect()
    gc.freeze()


def register_bottle(app: t.Any, n: int) -> None:
    for i in range(n):
        rule = f"/r{i}" if i % 2 else f"/d{i}/<item:int>"
        app.route(rule, method=["GET", "POST"], callback=view)


#: name -> (a fresh app, what registers the rules on it)
SUBJECTS: dict[str, tuple[t.Callable[[], t.Any], t.Callable[[t.Any, int], None]]] = {
    "Flask": (lambda: flask.Flask("bench", static_folder=None), register),
    "flaskcompat": (lambda: flaskcompat.Flask("bench", static_folder=None), register),
    "flaskcompat on a Bottle host": (
        lambda: flaskcompat.Flask("bench", bottle=legacy_app(), static_folder=None),
        register,
    ),
    "Bottle (Router.add, same routes)": (bottle.Bottle, register_bottle),
}


def measure(n: int, rounds: int) -> dict[str, list[float]]:
    """CPU ms of registering ``n`` rules, per subject, ``rounds`` times with
    the subjects interleaved round by round (Bottle's slow router every
    other round)."""
    times: dict[str, list[float]] = {name: [] for name in SUBJECTS}
    for round_ in range(rounds):
        for name, (make, fill) in SUBJECTS.items():
            if name.startswith("Bottle") and round_ % 2:
                continue
            app = make()
            settle()
            start = time.process_time()
            fill(app, n)
            times[name].append((time.process_time() - start) * 1000)
            gc.unfreeze()
            del app
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9, help="rounds")
    args = parser.parse_args()
    n, r = args.rules, args.repeat
    times = measure(n, r)
    flask_median = statistics.median(times["Flask"])
    flask_best = min(times["Flask"])
    print(
        f"registering {n} rules (GET+POST), CPU ms over {r} interleaved rounds"
        " (the collector on, the heap before each frozen out of its way):"
    )
    print(f"  {'':34} {'median':>8} {'best':>8}   Flask/this: median  best")
    for name, values in times.items():
        median, best = statistics.median(values), min(values)
        print(
            f"  {name:34} {median:8.1f} {best:8.1f}"
            f"   {flask_median / median:17.1f}x {flask_best / best:5.1f}x"
        )


if __name__ == "__main__":
    main()
