"""``werkzeug.exceptions``: every HTTP error class, ``abort``, ``Aborter`` and
``default_exceptions``, alone and raised inside an app (where extensions raise
them: Flask-WTF's ``CSRFError`` is a ``BadRequest``, Flask-Limiter's
``RateLimitExceeded`` a ``TooManyRequests``)."""

from __future__ import annotations

import typing as t

import pytest
from markupsafe import escape

api = pytest.mark.api

CODES = [
    400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416,
    417, 418, 421, 422, 423, 424, 428, 429, 431, 451,
    500, 501, 502, 503, 504, 505,
]  # fmt: skip


@api("werkzeug.exceptions.default_exceptions", "werkzeug.exceptions.HTTPException")
def test_default_exceptions(impl: t.Any) -> None:
    exc = impl.werkzeug.exceptions
    assert sorted(exc.default_exceptions) == CODES
    for code, cls in exc.default_exceptions.items():
        assert issubclass(cls, exc.HTTPException) and cls.code == code
        assert getattr(exc, cls.__name__) is cls
    assert exc.default_exceptions[413] is exc.RequestEntityTooLarge


# Werkzeug's class name for each code, so each run is tagged with its class.
NAMES = {
    400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
    405: "MethodNotAllowed", 406: "NotAcceptable", 408: "RequestTimeout",
    409: "Conflict", 410: "Gone", 411: "LengthRequired", 412: "PreconditionFailed",
    413: "RequestEntityTooLarge", 414: "RequestURITooLarge",
    415: "UnsupportedMediaType", 416: "RequestedRangeNotSatisfiable",
    417: "ExpectationFailed", 418: "ImATeapot", 421: "MisdirectedRequest",
    422: "UnprocessableEntity", 423: "Locked", 424: "FailedDependency",
    428: "PreconditionRequired", 429: "TooManyRequests",
    431: "RequestHeaderFieldsTooLarge", 451: "UnavailableForLegalReasons",
    500: "InternalServerError", 501: "NotImplemented", 502: "BadGateway",
    503: "ServiceUnavailable", 504: "GatewayTimeout", 505: "HTTPVersionNotSupported",
}  # fmt: skip


@api("werkzeug.exceptions.HTTPException")
@pytest.mark.parametrize(
    "code",
    [pytest.param(c, marks=api(f"werkzeug.exceptions.{NAMES[c]}")) for c in CODES],
)
def test_every_error_response(impl: t.Any, code: int) -> None:
    assert impl.werkzeug.exceptions.default_exceptions[code].__name__ == NAMES[code]
    exc = impl.werkzeug.exceptions
    error = exc.default_exceptions[code]()
    environ = impl.werkzeug.test.create_environ()
    rv = error.get_response(environ)
    assert rv.status_code == code
    assert rv.mimetype == "text/html"
    body = rv.get_data(as_text=True)
    assert f"<title>{code} {escape(error.name)}</title>" in body
    assert str(error) == f"{code} {error.name}: {error.description}"
    assert repr(error) == f"<{type(error).__name__} '{code}: {error.name}'>"


@api(
    "werkzeug.exceptions.ClientDisconnected",
    "werkzeug.exceptions.MethodNotAllowed",
    "werkzeug.exceptions.Unauthorized",
    "werkzeug.exceptions.TooManyRequests",
    "werkzeug.exceptions.ServiceUnavailable",
    "werkzeug.exceptions.RequestedRangeNotSatisfiable",
    "werkzeug.exceptions.InternalServerError",
)
def test_exception_headers_and_extras(impl: t.Any) -> None:
    exc = impl.werkzeug.exceptions
    ds = impl.werkzeug.datastructures
    headers = dict(exc.MethodNotAllowed(["GET", "POST"]).get_headers())
    assert headers["Allow"] == "GET, POST"
    auth = ds.WWWAuthenticate("basic", {"realm": "site"})
    rv = exc.Unauthorized(www_authenticate=auth).get_response()
    assert rv.headers["WWW-Authenticate"] == "Basic realm=site"
    assert (
        exc.TooManyRequests(retry_after=30).get_response().headers["Retry-After"]
        == "30"
    )
    assert "Retry-After" not in exc.ServiceUnavailable().get_response().headers
    rng = exc.RequestedRangeNotSatisfiable(length=10).get_response()
    assert rng.headers["Content-Range"] == "bytes */10"
    original = ValueError("boom")
    assert exc.InternalServerError(original_exception=original).original_exception is (
        original
    )
    disconnected = exc.ClientDisconnected()
    assert isinstance(disconnected, exc.BadRequest) and disconnected.code == 400
    custom = exc.NotFound(description="<b>nope</b>")
    assert "&lt;b&gt;nope&lt;/b&gt;" in custom.get_response().get_data(as_text=True)


@api("werkzeug.exceptions.abort", "werkzeug.exceptions.Aborter")
def test_abort_and_aborter(impl: t.Any) -> None:
    exc = impl.werkzeug.exceptions
    with pytest.raises(exc.Forbidden) as info:
        exc.abort(403, description="not you")
    assert info.value.description == "not you"
    with pytest.raises(LookupError, match="no exception for 299"):
        exc.abort(299)
    response = impl.werkzeug.wrappers.Response("custom", 418)
    with pytest.raises(exc.HTTPException) as http_info:
        exc.abort(response)
    assert http_info.value.get_response() is response

    class Custom(exc.HTTPException):
        code = 499
        description = "custom"

    aborter = exc.Aborter(extra={499: Custom})
    with pytest.raises(Custom):
        aborter(499)
    with pytest.raises(exc.NotFound):
        aborter(404)


@api("werkzeug.exceptions.BadRequestKeyError")
def test_bad_request_key_error(impl: t.Any) -> None:
    exc = impl.werkzeug.exceptions
    error = exc.BadRequestKeyError("field")
    assert isinstance(error, KeyError) and isinstance(error, exc.BadRequest)
    assert error.args == ("field",)
    assert error.code == 400


@api("werkzeug.exceptions.abort", "werkzeug.exceptions.TooManyRequests")
def test_abort_in_view(impl: t.Any, app: t.Any, client: t.Any) -> None:
    exc = impl.werkzeug.exceptions

    @app.route("/forbid")
    def forbid() -> str:
        exc.abort(403)

    @app.route("/limited")
    def limited() -> str:
        raise exc.TooManyRequests(retry_after=60)

    rv = client.get("/forbid")
    assert rv.status_code == 403 and "Forbidden" in rv.get_data(as_text=True)
    rv = client.get("/limited")
    assert rv.status_code == 429 and rv.headers["Retry-After"] == "60"


@api("werkzeug.exceptions.BadRequest", "werkzeug.exceptions.TooManyRequests")
def test_extension_subclasses_reach_code_handlers(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    """A subclass of Werkzeug's errors (as extensions define) runs the handler
    registered for its code, and one registered for its own class first."""
    exc = impl.werkzeug.exceptions

    class CSRFError(exc.BadRequest):
        description = "The CSRF token is missing."

    class RateLimitExceeded(exc.TooManyRequests):
        pass

    @app.route("/csrf")
    def csrf() -> str:
        raise CSRFError()

    @app.route("/limit")
    def limit() -> str:
        raise RateLimitExceeded()

    @app.errorhandler(400)
    def bad_request(e: t.Any) -> tuple[str, int]:
        return f"400:{type(e).__name__}:{e.description}", 400

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(e: t.Any) -> tuple[str, int]:
        return "slow down", 429

    rv = client.get("/csrf")
    assert rv.status_code == 400
    assert rv.get_data(as_text=True) == "400:CSRFError:The CSRF token is missing."
    rv = client.get("/limit")
    assert (rv.status_code, rv.get_data(as_text=True)) == (429, "slow down")


@api("werkzeug.exceptions.NotFound", "abort")
def test_flask_abort_is_werkzeug_not_found(impl: t.Any, app: t.Any) -> None:
    """``except werkzeug.exceptions.NotFound`` catches ``flask.abort(404)``
    (what Flask-SQLAlchemy's ``get_or_404`` users rely on)."""
    with app.test_request_context(), pytest.raises(impl.werkzeug.exceptions.NotFound):
        impl.abort(404)
