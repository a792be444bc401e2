"""Bottle plugins and hooks site-wide; Flask's hooks and protections on
Bottle routes; the order in which the two hook sets run."""

from __future__ import annotations

import typing as t

import bottle
import pytest

from flaskcompat import Blueprint, Flask, abort, after_this_request, request
from flaskcompat.bottle_host import HOOK_ORDER


class Inject:
    """A plugin in the style of bottle-sqlite: passes ``db`` to callbacks
    that take it, and records the routes it was applied to."""

    name = "inject"
    api = 2

    def __init__(self) -> None:
        self.applied: list[t.Any] = []

    def apply(self, callback: t.Callable[..., t.Any], route: t.Any) -> t.Any:
        self.applied.append(route)
        if "db" not in route.get_callback_args():
            return callback

        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            kwargs["db"] = f"db-for-{route.name}"
            return callback(*args, **kwargs)

        return wrapper


def stamp(callback: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
    """A decorator plugin: stamps every response through bottle.response."""

    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        bottle.response.set_header("X-Stamp", "1")
        return callback(*args, **kwargs)

    return wrapper


@pytest.fixture
def legacy() -> bottle.Bottle:
    return bottle.Bottle()


@pytest.fixture
def app(legacy: bottle.Bottle) -> Flask:
    app = Flask(__name__, bottle=legacy, static_folder=None)
    app.secret_key = "k"
    return app


def test_plugin_wraps_flask_views_and_bottle_callbacks(
    app: Flask, legacy: bottle.Bottle
) -> None:
    plugin = legacy.install(Inject())
    legacy.install(stamp)

    @app.route("/flask/<int:n>")
    def flask_view(n: int, db: str) -> str:
        return f"{db} {n}"

    @legacy.route("/bottle")
    def bottle_view(db: str) -> str:
        return db

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    client = app.test_client()
    rv = client.get("/flask/3")
    assert rv.text == "db-for-flask_view 3"
    assert rv.headers["X-Stamp"] == "1"
    assert client.get("/bottle").text == "db-for-None"
    assert client.get("/plain").headers["X-Stamp"] == "1"
    flask_routes = [r for r in plugin.applied if r.name == "flask_view"]
    assert flask_routes[0].config["flask.rule"].rule == "/flask/<int:n>"


def test_skip_per_route_and_per_blueprint(app: Flask, legacy: bottle.Bottle) -> None:
    plugin = legacy.install(Inject())
    legacy.install(stamp)

    @app.route("/skipped", skip=["inject", stamp])
    def skipped() -> str:
        return "skipped"

    bp = Blueprint("api", __name__)

    @bp.route("/api")
    def api() -> str:
        return "api"

    app.register_blueprint(bp, skip=True)
    client = app.test_client()
    rv = client.get("/skipped")
    assert rv.text == "skipped"
    assert "X-Stamp" not in rv.headers
    assert "X-Stamp" not in client.get("/api").headers
    assert [r.name for r in plugin.applied] == []


def test_hook_order(app: Flask, legacy: bottle.Bottle) -> None:
    calls: list[str] = []

    @app.before_request
    def flask_before() -> None:
        calls.append("flask before_request")

    @legacy.hook("before_request")
    def bottle_before() -> None:
        calls.append("bottle before_request")

    @app.after_request
    def flask_after(response: t.Any) -> t.Any:
        calls.append("flask after_request")
        return response

    @legacy.hook("after_request")
    def bottle_after() -> None:
        calls.append(f"bottle after_request {bottle.response.status_code}")
        bottle.response.set_header("X-After", "bottle")

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        calls.append("teardown_request")

    @app.route("/f")
    def flask_view() -> str:
        after_this_request(lambda r: calls.append("after_this_request") or r)
        calls.append("flask view")
        return "f"

    @legacy.route("/b")
    def bottle_view() -> str:
        calls.append("bottle callback")
        return "b"

    client = app.test_client()
    for path, view in (("/f", "flask view"), ("/b", "bottle callback")):
        calls.clear()
        rv = client.get(path)
        assert rv.headers["X-After"] == "bottle"
        expected = [
            "flask before_request",
            "bottle before_request",
            view,
            "flask after_request",
            "bottle after_request 200",
            "teardown_request",
        ]
        if view == "flask view":
            expected.insert(3, "after_this_request")
        assert calls == expected
    calls.clear()
    assert client.get("/missing").status_code == 404
    assert calls == [
        "flask before_request",
        "bottle before_request",
        "flask after_request",
        "bottle after_request 404",
        "teardown_request",
    ]
    assert "Bottle before_request" in HOOK_ORDER


def test_bottle_before_request_hook_may_redirect(
    app: Flask, legacy: bottle.Bottle
) -> None:
    @legacy.hook("before_request")
    def login_required() -> None:
        if bottle.request.path != "/login":
            bottle.redirect("/login")

    @app.route("/login")
    def login() -> str:
        return "login page"

    @app.route("/secret")
    def secret() -> str:  # pragma: no cover - redirected
        return "secret"

    client = app.test_client()
    rv = client.get("/secret")
    assert rv.status_code == 303
    assert rv.headers["Location"].endswith("/login")
    assert client.get("/login").text == "login page"


def test_flask_before_request_guards_bottle_routes(
    app: Flask, legacy: bottle.Bottle
) -> None:
    @app.before_request
    def auth() -> None:
        if request.headers.get("Authorization") != "Bearer ok":
            abort(401)

    @legacy.route("/old")
    def old() -> str:
        return "old"

    client = app.test_client()
    assert client.get("/old").status_code == 401
    assert client.get("/old", headers={"Authorization": "Bearer ok"}).text == "old"


def test_protections_apply_to_bottle_routes(app: Flask, legacy: bottle.Bottle) -> None:
    app.config["TRUSTED_HOSTS"] = ["example.com"]
    app.config["MAX_CONTENT_LENGTH"] = 100

    @legacy.route("/old", method=["GET", "POST"])
    def old() -> str:
        return f"old {len(bottle.request.forms)}"

    client = app.test_client()
    assert client.get("/old", headers={"Host": "evil.com"}).status_code == 400
    assert client.get("/old", headers={"Host": "example.com"}).text == "old 0"
    rv = client.post("/old", headers={"Host": "example.com"}, data={"f": "x" * 5000})
    assert rv.status_code == 413


def test_form_limits_apply_to_bottle_readers(app: Flask, legacy: bottle.Bottle) -> None:
    app.config["MAX_FORM_MEMORY_SIZE"] = 50
    app.config["MAX_FORM_PARTS"] = 3

    @legacy.post("/form")
    def form() -> str:
        return ",".join(sorted(bottle.request.forms))

    client = app.test_client()
    assert client.post("/form", data={"a": "1", "b": "2"}).text == "a,b"
    rv = client.post("/form", data={"a": "x" * 100}, content_type="multipart/form-data")
    assert rv.status_code == 413
    many = {str(i): "v" for i in range(10)}
    assert (
        client.post("/form", data=many, content_type="multipart/form-data").status_code
        == 413
    )


def test_plugin_wraps_an_async_view(app: Flask, legacy: bottle.Bottle) -> None:
    legacy.install(Inject())

    @app.route("/async")
    async def async_view(db: str) -> str:
        return f"async {db}"

    assert app.test_client().get("/async").text == "async db-for-async_view"


def test_url_value_preprocessor_sees_bottle_routes(
    app: Flask, legacy: bottle.Bottle
) -> None:
    seen: list[t.Any] = []

    @app.url_value_preprocessor
    def pre(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        seen.append((endpoint, dict(values or {})))

    @legacy.route("/item/<item_id:int>", name="item")
    def item(item_id: int) -> str:
        return str(item_id)

    assert app.test_client().get("/item/4").text == "4"
    assert seen == [("item", {"item_id": 4})]


def test_view_function_replaced_after_registration(
    app: Flask, legacy: bottle.Bottle
) -> None:
    legacy.install(stamp)
    app.add_url_rule("/late", "late")
    app.view_functions["late"] = lambda: "late view"
    rv = app.test_client().get("/late")
    assert (rv.text, rv.headers["X-Stamp"]) == ("late view", "1")
