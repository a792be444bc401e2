"""One router, one list of routes: precedence between the dialects, the 405
union, one match per request, ``get_url`` and ``url_for`` across dialects."""

from __future__ import annotations

import typing as t

import bottle
import pytest

from flaskcompat import Blueprint, Flask, request, url_for
from flaskcompat.bottle_host import FlaskRoute, iter_bottle_routes
from flaskcompat.werkzeug.routing.matcher import StateMachineMatcher


@pytest.fixture
def legacy() -> bottle.Bottle:
    return bottle.Bottle()


@pytest.fixture
def app(legacy: bottle.Bottle) -> Flask:
    return Flask(__name__, bottle=legacy, static_folder=None)


def test_flask_get_does_not_hide_bottle_post(app: Flask, legacy: bottle.Bottle) -> None:
    @app.get("/x")
    def flask_x() -> str:
        return "flask get"

    @legacy.post("/x")
    def bottle_x() -> str:
        return "bottle post"

    client = app.test_client()
    assert client.get("/x").text == "flask get"
    assert client.post("/x").text == "bottle post"
    rv = client.put("/x")
    assert rv.status_code == 405
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    # Flask's automatic OPTIONS lists both dialects.
    rv = client.options("/x")
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_flask_wins_when_both_match(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/item/<name>")
    def bottle_item(name: str) -> str:
        return f"bottle {name}"

    @app.route("/item/<int:n>")
    def flask_item(n: int) -> str:
        return f"flask {n}"

    client = app.test_client()
    assert client.get("/item/5").text == "flask 5"
    assert client.get("/item/abc").text == "bottle abc"


def test_bottle_exact_route_beats_flask_slash_redirect(
    app: Flask, legacy: bottle.Bottle
) -> None:
    @app.route("/dir/")
    def flask_dir() -> str:
        return "flask dir"

    @legacy.route("/dir")
    def bottle_dir() -> str:
        return "bottle dir"

    client = app.test_client()
    assert client.get("/dir").text == "bottle dir"
    assert client.get("/dir/").text == "flask dir"


def test_bottle_wildcards(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/w/<a:int>/<b:float>/<c:re:[a-z]+>/<rest:path>")
    def wild(a: int, b: float, c: str, rest: str) -> str:
        return repr((a, b, c, rest))

    rv = app.test_client().get("/w/3/1.5/abc/x/y")
    assert rv.text == "(3, 1.5, 'abc', 'x/y')"
    assert app.test_client().get("/w/x/1.5/abc/q").status_code == 404


def test_unknown_url_is_404_through_flask_and_matched_once(
    app: Flask, legacy: bottle.Bottle, monkeypatch: pytest.MonkeyPatch
) -> None:
    @legacy.route("/old")
    def old() -> str:
        return "old"

    @app.errorhandler(404)
    def not_found(e: Exception) -> tuple[str, int]:
        return "flask 404", 404

    calls: list[str] = []
    original = StateMachineMatcher.match

    def counting(
        self: StateMachineMatcher, domain: str, path: str, method: str
    ) -> t.Any:
        calls.append(path)
        return original(self, domain, path, method)

    monkeypatch.setattr(StateMachineMatcher, "match", counting)
    rv = app.test_client().get("/nowhere")
    assert (rv.status_code, rv.text) == (404, "flask 404")
    assert calls == ["/nowhere"]
    calls.clear()
    assert app.test_client().get("/old").text == "old"
    assert calls == ["/old"]


def test_routes_list_both_dialects(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/old", name="old")
    def old() -> str:
        return "old"

    @app.route("/new", methods=["GET", "POST"])
    def new() -> str:
        return "new"

    listed = [(r.method, r.rule, r.name) for r in legacy.routes]
    assert ("GET", "/old", "old") in listed
    assert ("GET", "/new", "new") in listed
    assert ("POST", "/new", "new") in listed
    flask_route = next(r for r in legacy.routes if r.name == "new")
    assert isinstance(flask_route, FlaskRoute)
    assert flask_route.config["flask.rule"].endpoint == "new"
    assert list(iter_bottle_routes(app)) == [("GET", "/old", "old")]


def test_get_url_builds_flask_urls_and_url_for_bottle_routes(
    app: Flask, legacy: bottle.Bottle
) -> None:
    @legacy.route("/old/<page:int>", name="old_page")
    def old(page: int) -> str:
        return f"{url_for('new', user='ann', q=1)} {legacy.get_url('new', user='bo')}"

    @app.route("/new/<user>")
    def new(user: str) -> str:
        return f"{url_for('old_page', page=3)} {legacy.get_url('old_page', page=4)}"

    bp = Blueprint("shop", __name__, url_prefix="/shop")

    @bp.route("/cart")
    def cart() -> str:
        return legacy.get_url("shop.cart")

    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/old/1").text == "/new/ann?q=1 /new/bo"
    assert client.get("/new/ann").text == "/old/3 /old/4"
    assert client.get("/shop/cart").text == "/shop/cart"
    with app.test_request_context():
        assert url_for("old_page", page=2, _external=True) == "http://localhost/old/2"
        assert url_for("old_page", page=2, _anchor="top") == "/old/2#top"


def test_bottle_route_names_the_endpoint(app: Flask, legacy: bottle.Bottle) -> None:
    seen: list[t.Any] = []

    @legacy.route("/named", name="named")
    def named() -> str:
        seen.append((request.endpoint, request.blueprint, request.url_rule.rule))
        return "ok"

    app.test_client().get("/named")
    assert seen == [("named", None, "/named")]


def test_bottle_routes_added_before_and_after_the_app(legacy: bottle.Bottle) -> None:
    @legacy.route("/before")
    def before() -> str:
        return "before"

    app = Flask(__name__, bottle=legacy)

    @legacy.route("/after")
    def after() -> str:
        return "after"

    client = app.test_client()
    assert client.get("/before").text == "before"
    assert client.get("/after").text == "after"
    # Bottle's own entry point still matches the Bottle routes.
    assert legacy.router.match({"REQUEST_METHOD": "GET", "PATH_INFO": "/after"})
