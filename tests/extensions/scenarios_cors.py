"""Flask-CORS: preflight requests and simple requests, with a view that sets
two cookies (both Set-Cookie headers must survive the extension)."""

from __future__ import annotations

import typing as t

import flask
from flask_cors import CORS, cross_origin
from support import cookie_names, summary

ORIGIN = "http://example.com"
CORS_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Credentials",
    "Access-Control-Max-Age",
    "Vary",
)


def make_app(**cors: t.Any) -> flask.Flask:
    app = flask.Flask(__name__)
    CORS(app, **cors)

    @app.route("/api/items", methods=["GET", "POST"])
    def items() -> t.Any:
        response = flask.jsonify(items=[1, 2])
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return response

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    @app.route("/decorated")
    @cross_origin(origins=["http://other.org"])
    def decorated() -> str:
        return "decorated"

    return app


def scenario_preflight() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.options(
        "/api/items",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] in ("*", ORIGIN)
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    return summary(response, *CORS_HEADERS, body=False)


def scenario_simple_request_keeps_two_cookies() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.get("/api/items", headers={"Origin": ORIGIN})
    assert cookie_names(response) == ["a", "b"], response.headers.getlist("Set-Cookie")
    return {
        "response": summary(response, *CORS_HEADERS),
        "set_cookie": response.headers.getlist("Set-Cookie"),
    }


def scenario_post_without_origin() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.post("/api/items")
    return {
        "response": summary(response, *CORS_HEADERS),
        "cookies": cookie_names(response),
    }


def scenario_credentials_echo_origin() -> dict[str, t.Any]:
    client = make_app(origins=[ORIGIN], supports_credentials=True).test_client()
    allowed = client.get("/plain", headers={"Origin": ORIGIN})
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    other = client.get("/plain", headers={"Origin": "http://evil.test"})
    assert "Access-Control-Allow-Origin" not in other.headers
    return {
        "allowed": summary(allowed, *CORS_HEADERS),
        "other": summary(other, *CORS_HEADERS),
    }


def scenario_cross_origin_decorator() -> dict[str, t.Any]:
    app = flask.Flask(__name__)

    @app.route("/decorated", methods=["GET", "OPTIONS"])
    @cross_origin(origins=["http://other.org"], max_age=600)
    def decorated() -> str:
        return "decorated"

    client = app.test_client()
    preflight = client.options(
        "/decorated",
        headers={"Origin": "http://other.org", "Access-Control-Request-Method": "GET"},
    )
    get = client.get("/decorated", headers={"Origin": "http://other.org"})
    return {
        "preflight": summary(preflight, *CORS_HEADERS, body=False),
        "get": summary(get, *CORS_HEADERS),
    }


def scenario_error_response_gets_cors_headers() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.get("/missing", headers={"Origin": ORIGIN})
    assert response.status_code == 404
    return summary(response, *CORS_HEADERS, body=False)
