"""flaskcompat stands on its own: importing it and every public submodule loads
neither Flask nor Werkzeug, and the everyday names import from the top."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: this test process has imported Flask for the oracle.
PROBE = """
import json, pkgutil, importlib, sys
import flaskcompat
from flaskcompat import (
    Flask, request, jsonify, url_for, redirect, abort, make_response, g,
    current_app, after_this_request, has_request_context, has_app_context,
)
modules = sorted(
    info.name
    for info in pkgutil.walk_packages(flaskcompat.__path__, "flaskcompat.")
    if not any(part.startswith("_") for part in info.name.split("."))
)
for name in modules:
    importlib.import_module(name)
loaded = sorted(
    name for name in sys.modules
    if name in ("flask", "werkzeug") or name.startswith(("flask.", "werkzeug."))
)
print(json.dumps({"modules": modules, "loaded": loaded}))
"""


def test_flaskcompat_imports_neither_flask_nor_werkzeug() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,  # "-c" puts the working directory first on sys.path
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.splitlines()[-1])
    assert {"flaskcompat.json", "flaskcompat.werkzeug.routing"} <= set(
        report["modules"]
    )
    assert report["loaded"] == []
