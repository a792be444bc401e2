"""Real Werkzeug objects met by flaskcompat without the alias (an extension that
imports ``werkzeug`` while real Werkzeug is installed): its ``HTTPException``
subclasses are handled as the HTTP errors they are, and its ``Response``
returned from a view is converted as Flask converts it."""

from __future__ import annotations

import typing as t

import pytest
import werkzeug.exceptions as wz_exc
from werkzeug.wrappers import Response as WzResponse

import flaskcompat
from flaskcompat.werkzeug import exceptions as fc_exc


class CSRFError(wz_exc.BadRequest):
    """Flask-WTF's shape."""

    description = "The CSRF token is missing."


class RateLimitExceeded(wz_exc.TooManyRequests):
    """Flask-Limiter's shape."""


@pytest.fixture
def app() -> flaskcompat.Flask:
    app = flaskcompat.Flask(__name__)

    @app.route("/csrf")
    def csrf() -> str:
        raise CSRFError()

    @app.route("/limit")
    def limit() -> str:
        raise RateLimitExceeded(retry_after=30)

    @app.route("/abort/<int:code>")
    def abort(code: int) -> str:
        wz_exc.abort(code)

    @app.route("/abort-response")
    def abort_response() -> str:
        wz_exc.abort(WzResponse("teapot body", 418, {"X-Own": "1"}))

    @app.route("/response")
    def response() -> t.Any:
        rv = WzResponse("made by werkzeug", 201, {"X-A": "1"})
        rv.set_cookie("a", "1")
        rv.set_cookie("b", "2")
        return rv

    @app.route("/response-tuple")
    def response_tuple() -> t.Any:
        return WzResponse("body"), 202, {"X-B": "2"}

    @app.route("/stream")
    def stream() -> t.Any:
        return WzResponse(iter([b"a", b"b"]), mimetype="text/plain")

    @app.before_request
    def before() -> None:
        if flaskcompat.request.args.get("deny"):
            raise wz_exc.Forbidden()

    return app


def test_own_response_without_handlers(app: flaskcompat.Flask) -> None:
    client = app.test_client()
    rv = client.get("/csrf")
    assert rv.status_code == 400
    assert "The CSRF token is missing." in rv.get_data(as_text=True)
    rv = client.get("/limit")
    assert rv.status_code == 429 and rv.headers["Retry-After"] == "30"
    assert client.get("/abort/403").status_code == 403
    assert client.get("/abort/404").status_code == 404
    assert client.get("/?deny=1").status_code == 403
    rv = client.get("/abort-response")
    assert (rv.status_code, rv.get_data(), rv.headers["X-Own"]) == (
        418,
        b"teapot body",
        "1",
    )


def test_code_handlers_run(app: flaskcompat.Flask) -> None:
    @app.errorhandler(400)
    def bad_request(e: t.Any) -> tuple[str, int]:
        return f"400 handler: {type(e).__name__}", 400

    @app.errorhandler(429)
    def too_many(e: t.Any) -> tuple[str, int]:
        return f"429 handler: {e.retry_after}", 429

    @app.errorhandler(403)
    def forbidden(e: t.Any) -> tuple[str, int]:
        return "403 handler", 403

    client = app.test_client()
    assert client.get("/csrf").get_data(as_text=True) == "400 handler: CSRFError"
    assert client.get("/limit").get_data(as_text=True) == "429 handler: 30"
    assert client.get("/abort/403").get_data(as_text=True) == "403 handler"
    assert client.get("/?deny=1").get_data(as_text=True) == "403 handler"


def test_class_handlers_run_first(app: flaskcompat.Flask) -> None:
    @app.errorhandler(400)
    def bad_request(e: t.Any) -> tuple[str, int]:
        return "by code", 400

    @app.errorhandler(CSRFError)
    def csrf_error(e: t.Any) -> tuple[str, int]:
        return f"by class: {e.description}", 400

    @app.errorhandler(wz_exc.TooManyRequests)
    def werkzeug_base(e: t.Any) -> tuple[str, int]:
        return "by Werkzeug's class", 429

    client = app.test_client()
    rv = client.get("/csrf")
    assert rv.get_data(as_text=True) == "by class: The CSRF token is missing."
    assert client.get("/limit").get_data(as_text=True) == "by Werkzeug's class"


def test_flaskcompat_class_handler_catches_foreign_subclass(
    app: flaskcompat.Flask,
) -> None:
    """``errorhandler(flaskcompat's BadRequest)`` is Flask's
    ``errorhandler(BadRequest)``: it catches Werkzeug's ``BadRequest`` too."""

    @app.errorhandler(fc_exc.BadRequest)
    def bad_request(e: t.Any) -> tuple[str, int]:
        return "flaskcompat BadRequest handler", 400

    assert (
        app.test_client().get("/csrf").get_data() == b"flaskcompat BadRequest handler"
    )


def test_blueprint_handler(app: flaskcompat.Flask) -> None:
    bp = flaskcompat.Blueprint("bp", __name__)

    @bp.route("/bp-csrf")
    def bp_csrf() -> str:
        raise CSRFError()

    @bp.errorhandler(400)
    def bp_bad_request(e: t.Any) -> tuple[str, int]:
        return "blueprint 400", 400

    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/bp-csrf").get_data() == b"blueprint 400"
    assert client.get("/csrf").status_code == 400


def test_trap_http_exceptions(app: flaskcompat.Flask) -> None:
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    app.testing = True
    with pytest.raises(CSRFError):
        app.test_client().get("/csrf")
    app.config.update(TRAP_HTTP_EXCEPTIONS=False, TRAP_BAD_REQUEST_ERRORS=True)
    with pytest.raises(CSRFError):
        app.test_client().get("/csrf")
    assert app.test_client().get("/limit").status_code == 429  # only 400s trapped


def test_foreign_response_converted(app: flaskcompat.Flask) -> None:
    client = app.test_client()
    rv = client.get("/response")
    assert (rv.status_code, rv.get_data(), rv.headers["X-A"]) == (
        201,
        b"made by werkzeug",
        "1",
    )
    assert rv.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]
    assert isinstance(rv, app.response_class)
    rv = client.get("/response-tuple")
    assert (rv.status_code, rv.headers["X-B"], rv.get_data()) == (202, "2", b"body")
    rv = client.get("/stream")
    assert rv.get_data() == b"ab" and rv.mimetype == "text/plain"


def test_make_response_of_foreign_response(app: flaskcompat.Flask) -> None:
    with app.test_request_context():
        rv = app.make_response(WzResponse("x", 204))
    assert isinstance(rv, app.response_class) and rv.status_code == 204


def test_registration_by_foreign_class_gets_its_code() -> None:
    app = flaskcompat.Flask(__name__)

    @app.errorhandler(CSRFError)
    def handler(e: t.Any) -> str:
        return "x"

    assert app.error_handler_spec[None][400][CSRFError] is handler
