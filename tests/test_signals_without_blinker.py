"""Without blinker (an optional dependency: ``flaskcompat[signals]``) the signals
still exist: sending does nothing, connecting raises ``RuntimeError`` (as Flask
did before 2.3), and requests, templates and flashing work as usual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter whose import system refuses blinker.
PROBE = r"""
import importlib.abc, json, sys

class RefuseBlinker(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname == "blinker" or fullname.startswith("blinker."):
            raise ImportError(f"No module named {fullname!r} (hidden by the test)")
        return None

sys.meta_path.insert(0, RefuseBlinker())

import flaskcompat
from flaskcompat import signals

report = {"blinker_loaded": "blinker" in sys.modules}
report["namespace"] = signals.Namespace.__name__
namespace = signals.Namespace()
sig = namespace.signal("my-signal", doc="Doc.")
report["same_signal"] = namespace.signal("my-signal") is sig
report["name_doc"] = [sig.name, sig.__doc__]
report["send"] = sig.send("sender", _async_wrapper=None, value=1)
report["receivers"] = [sig.receivers, sig.has_receivers_for("sender")]
report["receivers_for"] = list(sig.receivers_for("sender"))
report["request_started"] = flaskcompat.request_started.name

errors = {}
def receiver(sender, **kwargs):
    raise AssertionError("never called")
attempts = {
    "connect": lambda: flaskcompat.request_started.connect(receiver),
    "connect_via": lambda: flaskcompat.request_finished.connect_via(None),
    "connected_to": lambda: flaskcompat.template_rendered.connected_to(receiver),
    "disconnect": lambda: flaskcompat.message_flashed.disconnect(receiver),
}
for name, attempt in attempts.items():
    try:
        attempt()
    except RuntimeError as e:
        errors[name] = str(e)
report["errors"] = errors

app = flaskcompat.Flask("probe")
app.config.update(SECRET_KEY="key", PROPAGATE_EXCEPTIONS=False)
app.logger.disabled = True

@app.route("/")
def index():
    flaskcompat.flash("hello")
    return flaskcompat.render_template_string("{{ get_flashed_messages() }}")

@app.route("/error")
def error():
    raise ZeroDivisionError

client = app.test_client()
report["index"] = client.get("/").get_data(as_text=True)
report["error"] = client.get("/error").status_code
with app.app_context():
    pass
report["blinker_loaded_after"] = "blinker" in sys.modules
print(json.dumps(report))
"""


def test_signals_without_blinker() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,  # "-c" puts the working directory first on sys.path
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.splitlines()[-1])
    message = (
        "Signalling support is unavailable because the blinker library is not"
        " installed."
    )
    assert report == {
        "blinker_loaded": False,
        "namespace": "_FakeNamespace",
        "same_signal": True,
        "name_doc": ["my-signal", "Doc."],
        "send": [],
        "receivers": [{}, False],
        "receivers_for": [],
        "request_started": "request-started",
        "errors": dict.fromkeys(
            ["connect", "connect_via", "connected_to", "disconnect"], message
        ),
        "index": "[&#39;hello&#39;]",
        "error": 500,
        "blinker_loaded_after": False,
    }
