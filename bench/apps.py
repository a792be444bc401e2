"""The benchmark's scenarios, each built three ways (see ``scenario.py``):

- ``flask_style(flask_module)``: Flask code written once against a module parameter,
  run on real Flask (``import flask``) and on flaskcompat (``import flaskcompat``);
- ``bottle_app()``: what a Bottle 0.13 user writes to give the same response;
- ``raw_app()``: a minimal WSGI callable doing the same work by hand, the floor.

Every scenario cycles through many distinct inputs (paths, ids, bodies, cookies).
All implementations must answer each checked input with the same status and body;
``bench/run.py`` and ``bench/server.py`` check that before timing anything.
"""

from __future__ import annotations

import apps_basic
import apps_bodies
import apps_routing
from scenario import BENCH_DIR, REPO_DIR, Input, Scenario

__all__ = ["BENCH_DIR", "REPO_DIR", "SCENARIOS", "Input", "Scenario"]

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [*apps_basic.SCENARIOS, *apps_routing.SCENARIOS, *apps_bodies.SCENARIOS]
}
