"""Time registering 1,000 Flask rules: real Flask, flaskcompat with its own
Bottle host, and flaskcompat hosted by a Bottle app that has 100 routes of its
own (every Flask rule is also a ``bottle.Route`` of that app). Also Bottle's
own ``Router.add`` for 1,000 routes, for scale.

    python bench/register.py [--rules N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
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


def best(make: t.Callable[[], t.Any], n: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        app = make()
        start = time.process_time()
        register(app, n)
        times.append(time.process_time() - start)
    return min(times) * 1000


def bottle_only(n: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        app = bottle.Bottle()
        start = time.process_time()
        for i in range(n):
            rule = f"/r{i}" if i % 2 else f"/d{i}/<item:int>"
            app.route(rule, method=["GET", "POST"], callback=view)
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n, r = args.rules, args.repeat
    results = {
        "Flask": best(lambda: flask.Flask("bench", static_folder=None), n, r),
        "flaskcompat": best(
            lambda: flaskcompat.Flask("bench", static_folder=None), n, r
        ),
        "flaskcompat on a Bottle host": best(
            lambda: flaskcompat.Flask("bench", bottle=legacy_app(), static_folder=None),
            n,
            r,
        ),
        "Bottle (Router.add, same routes)": bottle_only(n, max(1, r // 2)),
    }
    flask_ms = results["Flask"]
    print(f"registering {n} rules (GET+POST), best of {r}:")
    for name, ms in results.items():
        print(f"  {name:34} {ms:8.1f} ms   Flask/this {flask_ms / ms:6.1f}x")


if __name__ == "__main__":
    main()
