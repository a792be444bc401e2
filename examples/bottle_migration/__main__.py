"""``python -m bottle_migration [--port N]`` (from ``examples/``)."""

from __future__ import annotations

import argparse

from .app import create_app

parser = argparse.ArgumentParser(description="Serve the migration example.")
parser.add_argument("--port", type=int, default=5000)
args = parser.parse_args()
create_app().run(port=args.port)
