"""Bottle interop (flaskcompat only; Flask has no Bottle host): a Bottle app
mounts a flaskcompat app, a flaskcompat app serves an existing Bottle app's
routes, and ``bottle.request`` describes the same request as ``request``."""

from __future__ import annotations

import typing as t

import bottle
import pytest
from wsgi_support import call_wsgi, wsgi_environ

import flaskcompat
from flaskcompat import Flask, request, url_for


def call(
    app: t.Any, path: str, method: str = "GET", query: str = "", body: bytes = b""
) -> tuple[str, dict[str, str], bytes]:
    """Call a WSGI app as a server would: (status line, headers, body)."""
    rv = call_wsgi(app, wsgi_environ(path, query, method, body))
    return rv.status, dict(rv.headers), rv.body


def _bottle_without_catchall() -> bottle.Bottle:
    host = bottle.Bottle()
    host.config["catchall"] = False
    return host


@pytest.fixture
def flask_app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"hello {name} at {url_for('hello', name=name)} ({request.script_root})"

    return app


def test_bottle_host_mounts_flask_app_under_prefix(flask_app: Flask) -> None:
    host = _bottle_without_catchall()

    @host.route("/native")
    def native() -> str:
        return "bottle native"

    host.mount("/flask/", flask_app)

    status, headers, body = call(host, "/flask/hello/ann")
    assert status == "200 OK"
    assert body == b"hello ann at /flask/hello/ann (/flask)"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert call(host, "/native")[2] == b"bottle native"
    # A URL under the prefix that the Flask app does not know is Flask's 404.
    status, _, body = call(host, "/flask/nope")
    assert status == "404 NOT FOUND"
    assert b"<h1>Not Found</h1>" in body


def test_existing_bottle_app_passed_to_flask_serves_both() -> None:
    legacy = bottle.Bottle()

    @legacy.route("/old")
    def old() -> str:
        return "old bottle route"

    @legacy.route("/both")
    def both_bottle() -> str:
        return "bottle"

    app = Flask(__name__, bottle=legacy)
    assert app.bottle is legacy

    @app.route("/new")
    def new() -> str:
        return "new flask route"

    @app.route("/both")
    def both_flask() -> str:
        return "flask"

    client = app.test_client()
    assert client.get("/old").data == b"old bottle route"
    assert client.get("/new").data == b"new flask route"
    # Flask rules win where both frameworks know the URL.
    assert client.get("/both").data == b"flask"
    # Unknown to both: Flask's 404 page.
    rv = client.get("/missing")
    assert rv.status_code == 404
    assert b"<h1>Not Found</h1>" in rv.data


def test_flask_hooks_run_for_bottle_routes_too() -> None:
    legacy = bottle.Bottle()

    @legacy.route("/old")
    def old() -> str:
        return "old"

    app = Flask(__name__, bottle=legacy)
    calls: list[str] = []

    @app.before_request
    def before() -> None:
        calls.append(request.path)

    @app.route("/new")
    def new() -> str:
        return "new"

    client = app.test_client()
    assert client.get("/old").data == b"old"
    assert client.get("/new").data == b"new"
    assert client.get("/missing").status_code == 404
    assert calls == ["/old", "/new", "/missing"]


def _legacy_items_app() -> bottle.Bottle:
    legacy = bottle.Bottle()

    @legacy.route("/items/<item_id:int>")
    def item(item_id: int) -> dict[str, t.Any]:
        return {"id": item_id, "path": bottle.request.path}

    return legacy


def test_flask_app_mounts_a_bottle_app_under_a_prefix() -> None:
    app = Flask(__name__)
    app.bottle.mount("/legacy/", _legacy_items_app())

    @app.route("/")
    def index() -> str:
        return "flask index"

    client = app.test_client()
    rv = client.get("/legacy/items/7")
    assert rv.status_code == 200
    # Bottle merges a mounted Bottle app's routes under the prefix, so the
    # mounted view sees the full path - exactly as under a plain Bottle host.
    assert rv.json == {"id": 7, "path": "/legacy/items/7"}
    plain_host = bottle.Bottle()
    plain_host.mount("/legacy/", _legacy_items_app())
    assert call(plain_host, "/legacy/items/7")[2] == rv.data
    assert client.get("/").data == b"flask index"


def test_bottle_method_not_allowed_stays_bottles() -> None:
    legacy = _bottle_without_catchall()

    @legacy.post("/submit")
    def submit() -> str:
        return "posted"

    app = Flask(__name__, bottle=legacy)
    client = app.test_client()
    assert client.post("/submit").data == b"posted"
    rv = client.get("/submit")
    assert rv.status_code == 405


def test_bottle_request_and_flask_request_describe_the_same_request(
    flask_app: Flask,
) -> None:
    seen: dict[str, t.Any] = {}

    @flask_app.route("/same", methods=["POST"])
    def same() -> str:
        seen["environ"] = bottle.request.environ is request.environ
        seen["path"] = (bottle.request.path, request.path)
        seen["method"] = (bottle.request.method, request.method)
        seen["query"] = (bottle.request.query.get("q"), request.args.get("q"))
        seen["form"] = (bottle.request.forms.get("f"), request.form.get("f"))
        return "ok"

    rv = flask_app.test_client().post("/same?q=1", data={"f": "v"})
    assert rv.data == b"ok"
    assert seen == {
        "environ": True,
        "path": ("/same", "/same"),
        "method": ("POST", "POST"),
        "query": ("1", "1"),
        "form": ("v", "v"),
    }


def test_mounted_flask_app_sees_the_hosts_bottle_request(flask_app: Flask) -> None:
    host = _bottle_without_catchall()
    seen: dict[str, t.Any] = {}

    @flask_app.route("/info")
    def info() -> str:
        seen["script_root"] = request.script_root
        seen["same"] = bottle.request.environ is request.environ
        return "info"

    host.mount("/app/", flask_app)
    assert call(host, "/app/info")[2] == b"info"
    assert seen == {"script_root": "/app", "same": True}


def test_flaskcompat_owns_no_bottle_plugins_or_catchall() -> None:
    app = Flask(__name__)
    plugin_types = {type(p) for p in app.bottle.plugins}
    assert bottle.JSONPlugin not in plugin_types
    assert bottle.TemplatePlugin not in plugin_types
    assert app.bottle.catchall is False


def test_module_exposes_bottle_host_attribute() -> None:
    app = flaskcompat.Flask(__name__)
    assert isinstance(app.bottle, bottle.Bottle)
