"""Flask-Limiter (memory storage): "2/minute" gives 200, 200, 429, the 429
through ``errorhandler(429)`` and as the extension's own response, with the
rate-limit headers."""

from __future__ import annotations

import typing as t

import flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from support import summary
from werkzeug.exceptions import TooManyRequests

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining")


def make_app(handler: bool) -> flask.Flask:
    app = flask.Flask(__name__)
    limiter = Limiter(
        get_remote_address, app=app, storage_uri="memory://", headers_enabled=True
    )

    @app.route("/slow")
    @limiter.limit("2/minute")
    def slow() -> str:
        return "ok"

    @app.route("/free")
    @limiter.exempt
    def free() -> str:
        return "free"

    if handler:

        @app.errorhandler(429)
        def too_many(error: TooManyRequests) -> t.Any:
            return {"handled": True, "description": error.description}, 429

    return app


def _three(app: flask.Flask) -> list[t.Any]:
    client = app.test_client()
    return [client.get("/slow") for _ in range(3)]


def _headers(response: t.Any) -> dict[str, t.Any]:
    reset = response.headers.get("X-RateLimit-Reset")
    retry = response.headers.get("Retry-After")
    return {
        **summary(response, *HEADERS, body=False),
        "reset_is_int": reset is not None and reset.isdigit(),
        "retry_after_le_60": retry is not None and 0 < int(retry) <= 60,
    }


def scenario_two_per_minute_errorhandler_429() -> dict[str, t.Any]:
    responses = _three(make_app(handler=True))
    assert [r.status_code for r in responses] == [200, 200, 429]
    return {
        "statuses": [r.status_code for r in responses],
        "bodies": [r.get_data(as_text=True) for r in responses],
    }


def scenario_default_429_response() -> dict[str, t.Any]:
    responses = _three(make_app(handler=False))
    assert [r.status_code for r in responses] == [200, 200, 429]
    return summary(responses[2], "Content-Type")


def scenario_rate_limit_headers() -> dict[str, t.Any]:
    responses = _three(make_app(handler=True))
    return {"headers": [_headers(r) for r in responses]}


def scenario_exempt_and_per_client() -> dict[str, t.Any]:
    app = make_app(handler=True)
    client = app.test_client()
    free = [client.get("/free").status_code for _ in range(4)]
    one = [client.get("/slow").status_code for _ in range(3)]
    other = client.get("/slow", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    return {"free": free, "one_client": one, "other_client": other.status_code}


def scenario_default_and_blueprint_limits() -> dict[str, t.Any]:
    app = flask.Flask(__name__)
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri="memory://",
        default_limits=["3 per minute"],
    )
    bp = flask.Blueprint("api", __name__, url_prefix="/api")

    @bp.route("/a")
    def a() -> str:
        return "a"

    @bp.route("/b", methods=["GET", "POST"])
    def b() -> str:
        return "b"

    limiter.limit("1/minute")(bp)
    app.register_blueprint(bp)

    @app.route("/default")
    def default() -> str:
        return "default"

    @app.route("/posts", methods=["GET", "POST"])
    @limiter.limit("1/minute", methods=["POST"])
    def posts() -> str:
        return flask.request.method

    client = app.test_client()
    return {
        "default": [client.get("/default").status_code for _ in range(4)],
        "blueprint_shared": [
            client.get("/api/a").status_code,
            client.get("/api/a").status_code,
        ],
        "blueprint_other_route": client.get("/api/b").status_code,
        "post_limited": [client.post("/posts").status_code for _ in range(2)],
        "get_default": [client.get("/posts").status_code for _ in range(4)],
    }
