"""Conformance: ``abort``, the HTTP exception family, error handlers and the way
unhandled exceptions become 500 responses (or propagate in testing mode)."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("Flask")

PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>{code} {name}</title>\n"
    "<h1>{name}</h1>\n<p>{description}</p>\n"
)
NOT_FOUND_BODY = PAGE.format(
    code=404,
    name="Not Found",
    description="The requested URL was not found on the server. If you entered"
    " the URL manually please check your spelling and try again.",
).encode()
METHOD_NOT_ALLOWED_BODY = PAGE.format(
    code=405,
    name="Method Not Allowed",
    description="The method is not allowed for the requested URL.",
).encode()
INTERNAL_ERROR_BODY = PAGE.format(
    code=500,
    name="Internal Server Error",
    description="The server encountered an internal error and was unable to"
    " complete your request. Either the server is overloaded or there is an error"
    " in the application.",
).encode()


def _failing_app(app: t.Any, exc: BaseException) -> t.Any:
    @app.route("/fail")
    def fail() -> str:
        raise exc

    return app.test_client()


# -- default error pages ----------------------------------------------------------


def test_default_404_page(client: t.Any) -> None:
    rv = client.get("/missing")
    assert rv.status_code == 404
    assert rv.status == "404 NOT FOUND"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == NOT_FOUND_BODY
    assert rv.headers["Content-Length"] == str(len(NOT_FOUND_BODY))


def test_default_405_page(app: t.Any, client: t.Any) -> None:
    @app.route("/only-get")
    def only_get() -> str:
        return ""

    rv = client.post("/only-get")
    assert rv.status_code == 405
    assert rv.status == "405 METHOD NOT ALLOWED"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert rv.data == METHOD_NOT_ALLOWED_BODY


def test_default_500_page(app: t.Any) -> None:
    app.testing = False
    client = _failing_app(app, ZeroDivisionError("oops"))
    rv = client.get("/fail")
    assert rv.status_code == 500
    assert rv.status == "500 INTERNAL SERVER ERROR"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == INTERNAL_ERROR_BODY


# -- abort --------------------------------------------------------------------------


@pytest.mark.api("abort")
@pytest.mark.parametrize(
    ("code", "name"),
    [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (404, "Not Found"),
        (409, "Conflict"),
        (410, "Gone"),
        (418, "I&#39;m a teapot"),
        (422, "Unprocessable Entity"),
        (429, "Too Many Requests"),
        (500, "Internal Server Error"),
        (503, "Service Unavailable"),
    ],
)
def test_abort_code(
    impl: t.Any, app: t.Any, client: t.Any, code: int, name: str
) -> None:
    @app.route("/")
    def index() -> str:
        impl.abort(code)

    rv = client.get("/")
    assert rv.status_code == code
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data.startswith(
        f"<!doctype html>\n<html lang=en>\n<title>{code} {name}</title>\n".encode()
    )


@pytest.mark.api("abort")
def test_abort_with_description(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        impl.abort(404, "No <such> thing\nhere")

    rv = client.get("/")
    assert rv.status_code == 404
    assert rv.data == (
        b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
        b"<h1>Not Found</h1>\n<p>No &lt;such&gt; thing<br>here</p>\n"
    )


@pytest.mark.api("abort")
def test_abort_with_response(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        impl.abort(impl.Response("custom body", status=409, headers={"X-Why": "dup"}))

    rv = client.get("/")
    assert rv.status_code == 409
    assert rv.data == b"custom body"
    assert rv.headers["X-Why"] == "dup"


@pytest.mark.api("abort")
def test_abort_raises_the_http_exception(impl: t.Any, req_ctx: t.Any) -> None:
    with pytest.raises(impl.werkzeug.exceptions.NotFound) as exc_info:
        impl.abort(404)
    assert isinstance(exc_info.value, impl.werkzeug.exceptions.HTTPException)
    assert exc_info.value.code == 404


@pytest.mark.api("abort")
def test_abort_with_response_raises_http_exception(impl: t.Any, req_ctx: t.Any) -> None:
    response = impl.Response("r", status=402)
    with pytest.raises(impl.werkzeug.exceptions.HTTPException) as exc_info:
        impl.abort(response)
    assert exc_info.value.get_response() is response


@pytest.mark.api("abort")
def test_abort_405_with_valid_methods(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        impl.abort(405, valid_methods=["GET", "PUT"])

    rv = client.get("/")
    assert rv.status_code == 405
    assert rv.headers["Allow"] == "GET, PUT"


@pytest.mark.api("abort")
def test_abort_unknown_code_raises_lookup_error(impl: t.Any, req_ctx: t.Any) -> None:
    with pytest.raises(LookupError) as exc_info:
        impl.abort(999)
    assert str(exc_info.value) == "no exception for 999"


@pytest.mark.api("abort")
def test_abort_outside_of_context(impl: t.Any) -> None:
    with pytest.raises(impl.werkzeug.exceptions.Unauthorized):
        impl.abort(401)
    with pytest.raises(impl.werkzeug.exceptions.HTTPException) as exc_info:
        impl.abort(impl.Response("x", status=400))
    assert exc_info.value.get_response().status_code == 400


@pytest.mark.api("abort")
def test_app_aborter_mapping(impl: t.Any, app: t.Any, client: t.Any) -> None:
    class Unavailable(impl.werkzeug.exceptions.HTTPException):  # type: ignore[name-defined,misc]
        code = 451
        description = "Blocked here."

    app.aborter.mapping[451] = Unavailable

    @app.route("/")
    def index() -> str:
        impl.abort(451)

    rv = client.get("/")
    assert rv.status_code == 451
    assert b"<title>451 Unavailable For Legal Reasons</title>" in rv.data
    assert b"<p>Blocked here.</p>" in rv.data


# -- the exception classes -----------------------------------------------------------


@pytest.mark.api(
    "exceptions.HTTPException",
    "exceptions.NotFound",
    "exceptions.BadRequest",
    "exceptions.MethodNotAllowed",
    "exceptions.InternalServerError",
    "exceptions.Forbidden",
    "exceptions.Unauthorized",
)
@pytest.mark.parametrize(
    ("cls_name", "code", "name"),
    [
        ("BadRequest", 400, "Bad Request"),
        ("Unauthorized", 401, "Unauthorized"),
        ("Forbidden", 403, "Forbidden"),
        ("NotFound", 404, "Not Found"),
        ("MethodNotAllowed", 405, "Method Not Allowed"),
        ("RequestEntityTooLarge", 413, "Request Entity Too Large"),
        ("UnsupportedMediaType", 415, "Unsupported Media Type"),
        ("InternalServerError", 500, "Internal Server Error"),
    ],
)
def test_exception_class_attributes(
    impl: t.Any, cls_name: str, code: int, name: str
) -> None:
    cls = getattr(impl.werkzeug.exceptions, cls_name)
    assert issubclass(cls, impl.werkzeug.exceptions.HTTPException)
    assert issubclass(cls, Exception)
    assert cls.code == code
    exc = cls()
    assert exc.code == code
    assert exc.name == name
    assert isinstance(exc.description, str)
    assert str(exc) == f"{code} {name}: {exc.description}"
    assert repr(exc) == f"<{cls_name} '{code}: {name}'>"


@pytest.mark.api("exceptions.NotFound")
def test_exception_description_argument(impl: t.Any) -> None:
    exc = impl.werkzeug.exceptions.NotFound("gone fishing")
    assert exc.description == "gone fishing"
    assert str(exc) == "404 Not Found: gone fishing"


@pytest.mark.api("exceptions.HTTPException")
def test_get_response(impl: t.Any) -> None:
    response = impl.werkzeug.exceptions.NotFound().get_response()
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.get_data() == NOT_FOUND_BODY


@pytest.mark.api("exceptions.MethodNotAllowed")
def test_method_not_allowed_get_response_allow_header(impl: t.Any) -> None:
    exc = impl.werkzeug.exceptions.MethodNotAllowed(valid_methods=["GET", "POST"])
    assert exc.valid_methods == ["GET", "POST"]
    response = exc.get_response()
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    assert response.get_data() == METHOD_NOT_ALLOWED_BODY


@pytest.mark.api("exceptions.HTTPException")
def test_exception_with_explicit_response(impl: t.Any, app: t.Any) -> None:
    client = _failing_app(
        app,
        impl.werkzeug.exceptions.Forbidden(
            response=impl.Response("no entry", status=403)
        ),
    )
    rv = client.get("/fail")
    assert rv.status_code == 403
    assert rv.data == b"no entry"


@pytest.mark.api("exceptions.HTTPException")
def test_custom_http_exception_subclass(impl: t.Any, app: t.Any) -> None:
    class PaymentRequired(impl.werkzeug.exceptions.HTTPException):  # type: ignore[name-defined,misc]
        code = 402
        description = "Pay <first>."

    rv = _failing_app(app, PaymentRequired()).get("/fail")
    assert rv.status_code == 402
    assert (
        rv.data
        == PAGE.format(
            code=402, name="Payment Required", description="Pay &lt;first&gt;."
        ).encode()
    )


@pytest.mark.api("exceptions.BadRequestKeyError")
def test_bad_request_key_error_is_key_error_and_bad_request(impl: t.Any) -> None:
    assert issubclass(
        impl.werkzeug.exceptions.BadRequestKeyError, impl.werkzeug.exceptions.BadRequest
    )
    assert issubclass(impl.werkzeug.exceptions.BadRequestKeyError, KeyError)


@pytest.mark.api("exceptions.NotFound", "exceptions.HTTPException")
def test_exception_is_a_wsgi_application(impl: t.Any, app: t.Any) -> None:
    app.wsgi_app = impl.werkzeug.exceptions.NotFound()
    rv = app.test_client().get("/x")
    assert rv.status == "404 NOT FOUND"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.headers["Content-Length"] == str(len(NOT_FOUND_BODY))
    assert rv.data == NOT_FOUND_BODY
    app.wsgi_app = impl.werkzeug.exceptions.ServiceUnavailable("Back soon.")
    rv = app.test_client().get("/anything")
    assert rv.status == "503 SERVICE UNAVAILABLE"
    assert rv.data.endswith(b"<p>Back soon.</p>\n")


# -- error handlers -------------------------------------------------------------------


@pytest.mark.api("abort")
def test_errorhandler_by_code(impl: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.errorhandler(404)
    def not_found(e: t.Any) -> t.Any:
        seen.append(e)
        return f"custom: {e.code} {e.name}", 404

    rv = client.get("/nowhere")
    assert rv.status_code == 404
    assert rv.data == b"custom: 404 Not Found"
    assert isinstance(seen[0], impl.werkzeug.exceptions.NotFound)


def test_errorhandler_handles_abort(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.errorhandler(403)
    def forbidden(e: t.Any) -> t.Any:
        return f"denied: {e.description}", 403

    @app.route("/")
    def index() -> str:
        impl.abort(403, "admins only")

    rv = client.get("/")
    assert rv.status_code == 403
    assert rv.data == b"denied: admins only"


def test_errorhandler_by_http_exception_class(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.errorhandler(impl.werkzeug.exceptions.NotFound)
    def not_found(e: t.Any) -> t.Any:
        return "class handler", 404

    assert client.get("/x").data == b"class handler"


def test_handler_status_defaults_to_200(app: t.Any, client: t.Any) -> None:
    @app.errorhandler(404)
    def not_found(e: t.Any) -> str:
        return "just a string"

    rv = client.get("/x")
    assert rv.status_code == 200
    assert rv.data == b"just a string"


def test_handler_returning_tuple_with_headers(app: t.Any, client: t.Any) -> None:
    @app.errorhandler(404)
    def not_found(e: t.Any) -> t.Any:
        return {"error": e.name}, 404, {"X-Err": "nf"}

    rv = client.get("/x")
    assert rv.status_code == 404
    assert rv.headers["X-Err"] == "nf"
    assert rv.get_json() == {"error": "Not Found"}


def test_handler_returning_the_exception(app: t.Any, client: t.Any) -> None:
    @app.errorhandler(404)
    def not_found(e: t.Any) -> t.Any:
        e.description = "changed"
        return e

    rv = client.get("/x")
    assert rv.status_code == 404
    assert rv.data.endswith(b"<p>changed</p>\n")


def test_register_error_handler(impl: t.Any, app: t.Any, client: t.Any) -> None:
    def teapot(e: t.Any) -> t.Any:
        return "short and stout", 418

    app.register_error_handler(418, teapot)

    @app.route("/")
    def index() -> str:
        impl.abort(418)

    rv = client.get("/")
    assert rv.status_code == 418
    assert rv.data == b"short and stout"


def test_handler_for_exception_class(app: t.Any) -> None:
    error = ValueError("not a number")
    seen: list[t.Any] = []

    @app.errorhandler(ValueError)
    def value_error(e: ValueError) -> t.Any:
        seen.append(e)
        return f"value error: {e}", 400

    rv = _failing_app(app, error).get("/fail")
    assert rv.status_code == 400
    assert rv.data == b"value error: not a number"
    assert seen == [error]


def test_handler_for_base_class_catches_subclass(app: t.Any) -> None:
    class AppError(Exception):
        pass

    class DbError(AppError):
        pass

    @app.errorhandler(AppError)
    def app_error(e: AppError) -> t.Any:
        return f"handled {type(e).__name__}", 500

    rv = _failing_app(app, DbError()).get("/fail")
    assert rv.status_code == 500
    assert rv.data == b"handled DbError"


@pytest.mark.parametrize("register_specific_first", [True, False])
def test_most_specific_handler_wins(app: t.Any, register_specific_first: bool) -> None:
    class AppError(Exception):
        pass

    class DbError(AppError):
        pass

    def base(e: Exception) -> t.Any:
        return "base", 500

    def specific(e: Exception) -> t.Any:
        return "specific", 500

    pairs = [(DbError, specific), (AppError, base)]
    if not register_specific_first:
        pairs.reverse()
    for cls, handler in pairs:
        app.register_error_handler(cls, handler)

    @app.route("/db")
    def db() -> str:
        raise DbError()

    @app.route("/app")
    def app_view() -> str:
        raise AppError()

    client = app.test_client()
    assert client.get("/db").data == b"specific"
    assert client.get("/app").data == b"base"


@pytest.mark.parametrize("with_specific", [False, True])
def test_http_exception_subclass_handlers_by_mro(
    impl: t.Any, app: t.Any, with_specific: bool
) -> None:
    class ThingNotFound(impl.werkzeug.exceptions.NotFound):  # type: ignore[name-defined,misc]
        description = "No such thing."

    @app.errorhandler(impl.werkzeug.exceptions.NotFound)
    def not_found(e: t.Any) -> t.Any:
        return f"generic {type(e).__name__}", 404

    if with_specific:
        app.register_error_handler(ThingNotFound, lambda e: ("specific", 404))

    @app.route("/thing")
    def thing() -> str:
        raise ThingNotFound()

    client = app.test_client()
    expected = b"specific" if with_specific else b"generic ThingNotFound"
    assert client.get("/thing").data == expected
    assert client.get("/nope").data == b"generic NotFound"


def test_http_exception_handler_catches_all_http_errors(
    impl: t.Any, app: t.Any
) -> None:
    @app.errorhandler(impl.werkzeug.exceptions.HTTPException)
    def any_http(e: t.Any) -> t.Any:
        return f"{e.code} {e.name}", e.code

    @app.route("/forbidden", methods=["GET"])
    def forbidden() -> str:
        impl.abort(403)

    client = app.test_client()
    assert client.get("/nowhere").data == b"404 Not Found"
    assert client.get("/forbidden").data == b"403 Forbidden"
    rv = client.post("/forbidden")
    assert rv.status_code == 405
    assert rv.data == b"405 Method Not Allowed"


def test_code_handler_beats_http_exception_handler(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.errorhandler(impl.werkzeug.exceptions.HTTPException)
    def any_http(e: t.Any) -> t.Any:
        return "generic", e.code

    @app.errorhandler(404)
    def not_found(e: t.Any) -> t.Any:
        return "404 handler", 404

    assert client.get("/nowhere").data == b"404 handler"


def test_http_exception_handler_does_not_see_routing_redirects(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    seen: list[t.Any] = []

    @app.errorhandler(impl.werkzeug.exceptions.HTTPException)
    def any_http(e: t.Any) -> t.Any:
        seen.append(e)
        return "handled", e.code

    @app.route("/projects/")
    def projects() -> str:
        return "projects"

    rv = client.get("/projects")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/projects/"
    assert seen == []


def test_exception_handler_catches_http_errors_too(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.errorhandler(Exception)
    def everything(e: Exception) -> t.Any:
        return f"caught {type(e).__name__}", 500

    @app.route("/fail")
    def fail() -> str:
        raise RuntimeError("x")

    assert client.get("/fail").data == b"caught RuntimeError"
    assert client.get("/missing").data == b"caught NotFound"


# -- unhandled exceptions ------------------------------------------------------------


def test_unhandled_exception_propagates_in_testing(app: t.Any) -> None:
    client = _failing_app(app, ZeroDivisionError("raw"))
    with pytest.raises(ZeroDivisionError, match="raw"):
        client.get("/fail")


def test_propagate_exceptions_false_gives_500_in_testing(app: t.Any) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    rv = _failing_app(app, ZeroDivisionError()).get("/fail")
    assert rv.status_code == 500
    assert rv.data == INTERNAL_ERROR_BODY


def test_propagate_exceptions_true_raises_without_testing(app: t.Any) -> None:
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(ZeroDivisionError):
        _failing_app(app, ZeroDivisionError()).get("/fail")


def test_debug_propagates_exceptions(app: t.Any) -> None:
    app.testing = False
    app.debug = True
    with pytest.raises(ZeroDivisionError):
        _failing_app(app, ZeroDivisionError()).get("/fail")


def test_http_exceptions_do_not_propagate_in_testing(impl: t.Any, app: t.Any) -> None:
    rv = _failing_app(app, impl.werkzeug.exceptions.Conflict()).get("/fail")
    assert rv.status_code == 409


@pytest.mark.api("exceptions.InternalServerError")
def test_500_handler_receives_internal_server_error(impl: t.Any, app: t.Any) -> None:
    app.testing = False
    error = ZeroDivisionError("division")
    seen: list[t.Any] = []

    @app.errorhandler(500)
    def server_error(e: t.Any) -> t.Any:
        seen.append(e)
        return f"500 handler: {e.original_exception}", 500

    rv = _failing_app(app, error).get("/fail")
    assert rv.status_code == 500
    assert rv.data == b"500 handler: division"
    assert isinstance(seen[0], impl.werkzeug.exceptions.InternalServerError)
    assert seen[0].original_exception is error
    assert seen[0].code == 500


@pytest.mark.api("exceptions.InternalServerError")
def test_internal_server_error_class_handler(impl: t.Any, app: t.Any) -> None:
    app.testing = False

    @app.errorhandler(impl.werkzeug.exceptions.InternalServerError)
    def server_error(e: t.Any) -> t.Any:
        return f"ISE: {type(e.original_exception).__name__}", 500

    assert _failing_app(app, KeyError()).get("/fail").data == b"ISE: KeyError"


@pytest.mark.api("exceptions.InternalServerError")
def test_500_handler_for_abort_500(impl: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.errorhandler(500)
    def server_error(e: t.Any) -> t.Any:
        seen.append(e)
        return "aborted 500", 500

    @app.route("/")
    def index() -> str:
        impl.abort(500)

    assert client.get("/").data == b"aborted 500"
    assert seen[0].original_exception is None


def test_500_handler_not_used_for_propagated_errors(app: t.Any) -> None:
    @app.errorhandler(500)
    def server_error(e: t.Any) -> t.Any:
        return "should not run", 500

    with pytest.raises(ZeroDivisionError):
        _failing_app(app, ZeroDivisionError()).get("/fail")


def test_error_handler_raising_becomes_500(app: t.Any) -> None:
    app.testing = False
    seen: list[t.Any] = []

    @app.errorhandler(ValueError)
    def broken(e: Exception) -> t.Any:
        raise KeyError("from handler")

    @app.errorhandler(500)
    def server_error(e: t.Any) -> t.Any:
        seen.append(e.original_exception)
        return "500 after broken handler", 500

    rv = _failing_app(app, ValueError()).get("/fail")
    assert rv.status_code == 500
    assert rv.data == b"500 after broken handler"
    assert isinstance(seen[0], KeyError)


def test_error_handler_raising_propagates_in_testing(app: t.Any) -> None:
    @app.errorhandler(ValueError)
    def broken(e: Exception) -> t.Any:
        raise KeyError("from handler")

    with pytest.raises(KeyError):
        _failing_app(app, ValueError()).get("/fail")


def test_error_handler_raising_http_exception_is_not_handled_again(
    impl: t.Any, app: t.Any
) -> None:
    app.testing = False

    @app.errorhandler(ValueError)
    def to_404(e: Exception) -> t.Any:
        impl.abort(404)

    rv = _failing_app(app, ValueError()).get("/fail")
    assert rv.status_code == 500


def test_trap_http_exceptions(impl: t.Any, app: t.Any, client: t.Any) -> None:
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        client.get("/missing")


@pytest.mark.api("exceptions.BadRequestKeyError")
def test_bad_request_key_error_trapped_in_debug(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return impl.request.args["missing"]  # type: ignore[no-any-return]

    client = app.test_client()
    assert client.get("/").status_code == 400
    app.debug = True
    with pytest.raises(impl.werkzeug.exceptions.BadRequestKeyError):
        client.get("/")


# -- registering handlers: errors ----------------------------------------------------


def test_errorhandler_unknown_code_raises(app: t.Any) -> None:
    with pytest.raises(ValueError) as exc_info:
        app.errorhandler(999)(lambda e: "")
    assert str(exc_info.value).startswith("'999' is not a recognized HTTP error code.")
    with pytest.raises(ValueError):
        app.register_error_handler(299, lambda e: "")


def test_errorhandler_instance_raises_type_error(impl: t.Any, app: t.Any) -> None:
    with pytest.raises(TypeError) as exc_info:
        app.errorhandler(impl.werkzeug.exceptions.NotFound())(lambda e: "")
    assert "is an instance, not a class" in str(exc_info.value)


def test_errorhandler_non_exception_class_raises(app: t.Any) -> None:
    with pytest.raises(ValueError) as exc_info:
        app.errorhandler(int)(lambda e: "")
    assert str(exc_info.value).startswith("'int' is not a subclass of Exception.")


# -- replacing the handling methods at runtime ---------------------------------------


def test_replacing_handle_exception(impl: t.Any, app: t.Any) -> None:
    seen: list[t.Any] = []

    def handle_exception(e: Exception) -> t.Any:
        seen.append(e)
        return impl.Response("replaced handle_exception", status=599)

    app.handle_exception = handle_exception
    error = ZeroDivisionError()
    rv = _failing_app(app, error).get("/fail")
    assert rv.status_code == 599
    assert rv.data == b"replaced handle_exception"
    assert seen == [error]


def test_replacing_handle_user_exception(app: t.Any) -> None:
    seen: list[t.Any] = []

    def handle_user_exception(e: Exception) -> t.Any:
        seen.append(type(e).__name__)
        return "replaced handle_user_exception", 422

    app.handle_user_exception = handle_user_exception
    client = _failing_app(app, ValueError())
    rv = client.get("/fail")
    assert rv.status_code == 422
    assert rv.data == b"replaced handle_user_exception"
    assert client.get("/missing").status_code == 422
    assert seen == ["ValueError", "NotFound"]


def test_replacing_handle_http_exception(impl: t.Any, app: t.Any) -> None:
    original = app.handle_http_exception
    seen: list[int] = []

    def handle_http_exception(e: t.Any) -> t.Any:
        seen.append(e.code)
        if e.code == 404:
            return "replaced handle_http_exception", 404
        return original(e)

    app.handle_http_exception = handle_http_exception

    @app.route("/gone")
    def gone() -> str:
        impl.abort(410)

    client = app.test_client()
    assert client.get("/missing").data == b"replaced handle_http_exception"
    assert client.get("/gone").status_code == 410
    assert seen == [404, 410]


def test_subclass_overriding_handle_http_exception(impl: t.Any) -> None:
    class MyFlask(impl.Flask):  # type: ignore[name-defined,misc]
        def handle_http_exception(self, e: t.Any) -> t.Any:
            return {"code": e.code, "name": e.name}, e.code

    app = MyFlask("sub")
    rv = app.test_client().get("/missing")
    assert rv.status_code == 404
    assert rv.get_json() == {"code": 404, "name": "Not Found"}
