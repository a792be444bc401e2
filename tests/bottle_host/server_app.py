"""The app the server tests start: ``python server_app.py SERVER PORT``
serves it on 127.0.0.1 with Bottle's adapter SERVER through ``app.run``
(``wsgiref``: ``app.run()`` without ``server=``, its default)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import bottle  # noqa: E402

from flaskcompat import Flask, request  # noqa: E402

legacy = bottle.Bottle()
app = Flask(__name__, bottle=legacy)


@app.route("/flask")
def flask_route() -> str:
    return "flask route"


@legacy.route("/bottle")
def bottle_route() -> str:
    return "bottle route"


@legacy.post("/bottle-first")
def bottle_first() -> str:
    first = bottle.request.body.read()
    return json.dumps(
        {"bottle": first.decode(), "flask": request.get_data(as_text=True)}
    )


@app.post("/flask-first")
def flask_first() -> dict[str, str]:
    first = request.get_data(as_text=True)
    return {"flask": first, "bottle": bottle.request.body.read().decode()}


@legacy.post("/forms-bottle-first")
def forms_bottle_first() -> str:
    return json.dumps([bottle.request.forms.get("a"), request.form.get("a")])


if __name__ == "__main__":
    options: dict[str, object] = {"quiet": True}
    if sys.argv[1] == "gunicorn":
        options["workers"] = 1
    if sys.argv[1] != "wsgiref":  # wsgiref: app.run's default server
        options["server"] = sys.argv[1]
    app.run(host="127.0.0.1", port=int(sys.argv[2]), **options)
