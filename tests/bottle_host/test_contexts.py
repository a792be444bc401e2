"""Flask's world inside Bottle routes: contexts, the shared session, flashing,
templates, URL building, Flask's exceptions and the error handlers."""

from __future__ import annotations

import typing as t

import bottle
import pytest

from flaskcompat import (
    Flask,
    abort,
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)


@pytest.fixture
def legacy() -> bottle.Bottle:
    return bottle.Bottle()


@pytest.fixture
def app(legacy: bottle.Bottle) -> Flask:
    app = Flask(__name__, bottle=legacy)
    app.secret_key = "s3cret"
    return app


def test_bottle_route_sees_flask_globals(app: Flask, legacy: bottle.Bottle) -> None:
    @app.before_request
    def load() -> None:
        g.user = "ann"

    @app.route("/profile/<name>")
    def profile(name: str) -> str:
        return name

    @legacy.route("/old/<x>")
    def old(x: str) -> str:
        return (
            render_template_string(
                "{{ g.user }} {{ request.path }} {{ url_for('profile', name=x) }}"
                " {{ config.SECRET_KEY }}",
                x=x,
            )
            + f" {current_app.name == app.name} {request.view_args}"
        )

    rv = app.test_client().get("/old/bob")
    assert rv.status_code == 200
    assert rv.text == "ann /old/bob /profile/bob s3cret True {'x': 'bob'}"


def test_session_is_shared_both_ways(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/bottle-login")
    def bottle_login() -> str:
        session["user"] = "bottle-user"
        return "in"

    @app.route("/flask-login")
    def flask_login() -> str:
        session["user"] = "flask-user"
        return "in"

    @legacy.route("/bottle-whoami")
    def bottle_whoami() -> str:
        return str(session.get("user"))

    @app.route("/flask-whoami")
    def flask_whoami() -> str:
        return str(session.get("user"))

    client = app.test_client()
    assert client.get("/bottle-whoami").text == "None"
    client.get("/bottle-login")
    assert client.get("/flask-whoami").text == "bottle-user"
    assert client.get("/bottle-whoami").text == "bottle-user"
    client.get("/flask-login")
    assert client.get("/bottle-whoami").text == "flask-user"


def test_flash_across_dialects(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/save")
    def save() -> t.Any:
        flash("saved")
        return redirect(url_for("done"))

    @app.route("/done")
    def done() -> str:
        return ",".join(get_flashed_messages())

    client = app.test_client()
    rv = client.get("/save")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/done"
    assert client.get("/done").text == "saved"


def test_bottle_route_may_raise_flask_exceptions(
    app: Flask, legacy: bottle.Bottle
) -> None:
    @legacy.route("/forbidden")
    def forbidden() -> str:
        abort(403)

    @app.errorhandler(403)
    def handle_403(e: Exception) -> tuple[str, int]:
        return "flask says no", 403

    rv = app.test_client().get("/forbidden")
    assert (rv.status_code, rv.text) == (403, "flask says no")


def test_error_handlers_bottle_first_then_flask(
    app: Flask, legacy: bottle.Bottle
) -> None:
    @legacy.route("/gone")
    def gone() -> str:
        bottle.abort(410, "gone away")

    @legacy.route("/teapot")
    def teapot() -> str:
        bottle.abort(418, "short and stout")

    @legacy.route("/plain")
    def plain() -> str:
        bottle.abort(409, "conflict")

    @legacy.error(410)
    def bottle_410(err: bottle.HTTPError) -> str:
        return f"bottle handler: {err.body}"

    @app.errorhandler(410)
    def flask_410(e: Exception) -> tuple[str, int]:  # pragma: no cover - Bottle's wins
        return "flask 410", 410

    @app.errorhandler(418)
    def flask_418(e: t.Any) -> tuple[str, int]:
        return f"flask handler: {e.description}", 418

    client = app.test_client()
    rv = client.get("/gone")
    assert (rv.status_code, rv.text) == (410, "bottle handler: gone away")
    rv = client.get("/teapot")
    assert (rv.status_code, rv.text) == (418, "flask handler: short and stout")
    # Neither has a handler: Bottle's own error page, as before.
    rv = client.get("/plain")
    assert rv.status_code == 409
    assert b"conflict" in rv.data
    assert b"<title>Error: 409 Conflict</title>" in rv.data


def test_bottle_route_exceptions(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/boom")
    def boom() -> str:
        raise KeyError("k")

    @legacy.route("/value")
    def value() -> str:
        raise ValueError("v")

    @app.errorhandler(ValueError)
    def on_value(e: ValueError) -> tuple[str, int]:
        return "handled by flask", 400

    client = app.test_client()
    assert client.get("/value").text == "handled by flask"
    # A Bottle app with catchall (the default) answers its own 500.
    legacy.config["catchall"] = True
    import io
    import sys

    errors = io.StringIO()
    stderr, sys.stderr = sys.stderr, errors
    try:
        rv = client.get("/boom", errors_stream=errors)
    finally:
        sys.stderr = stderr
    assert rv.status_code == 500
    assert b"Internal Server Error" in rv.data
    assert "KeyError" in errors.getvalue()


def test_bottle_route_returns_flask_response(app: Flask, legacy: bottle.Bottle) -> None:
    @legacy.route("/resp")
    def resp() -> t.Any:
        return app.response_class("made by flask", status=201)

    @legacy.route("/dict")
    def as_dict() -> t.Any:
        return {"a": 1}

    client = app.test_client()
    rv = client.get("/resp")
    assert (rv.status_code, rv.text) == (201, "made by flask")
    # Bottle's JSON plugin (installed on a plain Bottle app) answers dicts.
    rv = client.get("/dict")
    assert rv.json == {"a": 1}
    assert rv.headers["Content-Type"] == "application/json"
