"""Bottle's world inside Flask views: ``bottle.abort``, ``bottle.redirect``,
``HTTPResponse``, ``static_file`` and ``bottle.response`` changes reach the
response, before the ``after_request`` hooks run."""

from __future__ import annotations

import typing as t
from pathlib import Path

import bottle
import pytest

from flaskcompat import Flask


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = True
    return app


def test_bottle_abort_in_a_flask_view(app: Flask) -> None:
    @app.route("/no")
    def no() -> str:
        bottle.abort(403, "no")

    rv = app.test_client().get("/no")
    assert rv.status_code == 403
    assert b"<p>no</p>" in rv.data


def test_flask_error_handler_sees_bottle_error_by_code(app: Flask) -> None:
    @app.route("/no")
    def no() -> str:
        raise bottle.HTTPError(404, "nothing here")

    @app.errorhandler(404)
    def not_found(e: t.Any) -> tuple[str, int]:
        return f"handled: {e.description} ({e.bottle_error.status_code})", 404

    rv = app.test_client().get("/no")
    assert (rv.status_code, rv.text) == (404, "handled: nothing here (404)")


def test_bottle_redirect_keeps_cookies_set_before(app: Flask) -> None:
    @app.route("/go")
    def go() -> str:
        bottle.response.set_cookie("seen", "1")
        bottle.redirect("/x")

    rv = app.test_client().get("/go")
    assert rv.status_code == 303  # Bottle's choice for HTTP/1.1
    assert rv.headers["Location"].endswith("/x")
    assert "seen=1" in rv.headers["Set-Cookie"]


def test_http_response_raised_or_returned(app: Flask) -> None:
    @app.route("/raise")
    def raised() -> str:
        raise bottle.HTTPResponse("teapot", status=418, X_Kind="raised")

    @app.route("/return")
    def returned() -> t.Any:
        return bottle.HTTPResponse("made", status=201, headers={"X-Kind": "returned"})

    client = app.test_client()
    rv = client.get("/raise")
    assert (rv.status_code, rv.text, rv.headers["X-Kind"]) == (418, "teapot", "raised")
    rv = client.get("/return")
    assert (rv.status_code, rv.text) == (201, "made")
    assert rv.headers["X-Kind"] == "returned"


def test_static_file(app: Flask, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("file body")

    @app.route("/f/<name>")
    def f(name: str) -> t.Any:
        return bottle.static_file(name, root=str(tmp_path))

    client = app.test_client()
    rv = client.get("/f/a.txt")
    assert rv.status_code == 200
    assert rv.data == b"file body"
    assert rv.headers["Content-Type"].startswith("text/plain")
    rv.close()
    assert client.get("/f/missing.txt").status_code == 404


def test_bottle_response_changes_reach_the_client_before_after_request(
    app: Flask,
) -> None:
    seen: list[t.Any] = []

    @app.route("/r")
    def r() -> str:
        bottle.response.status = 202
        bottle.response.set_header("X-Bottle", "yes")
        bottle.response.content_type = "text/plain; charset=utf-8"
        bottle.response.set_cookie("c", "v")
        return "body"

    @app.after_request
    def after(response: t.Any) -> t.Any:
        seen.append((response.status_code, response.headers.get("X-Bottle")))
        return response

    client = app.test_client()
    rv = client.get("/r")
    assert rv.status_code == 202
    assert rv.headers["X-Bottle"] == "yes"
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "c=v" in rv.headers["Set-Cookie"]
    assert seen == [(202, "yes")]


def test_nothing_carries_over(app: Flask) -> None:
    @app.route("/set")
    def set_header() -> str:
        bottle.response.set_header("X-Once", "1")
        return "set"

    @app.route("/other")
    def other() -> str:
        return "other"

    client = app.test_client()
    assert client.get("/set").headers["X-Once"] == "1"
    assert "X-Once" not in client.get("/other").headers


def test_bottle_abort_in_a_flask_before_request(app: Flask) -> None:
    @app.before_request
    def guard() -> None:
        bottle.abort(401, "log in")

    @app.route("/")
    def index() -> str:  # pragma: no cover - guarded
        return "index"

    rv = app.test_client().get("/")
    assert rv.status_code == 401
