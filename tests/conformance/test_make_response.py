"""Conformance: turning a view's return value into a response.

``Flask.make_response`` (used for every view return value) and the
``make_response(*args)`` helper accept the same forms: str, bytes, dict, list,
generators, ``(body, status, headers)`` tuples, response objects and WSGI callables.
"""

from __future__ import annotations

import typing as t

import pytest
from wsgi_support import call_wsgi, wsgi_environ

pytestmark = pytest.mark.api("Flask", "make_response")


def _serve(app: t.Any, rv: t.Any) -> t.Any:
    """Register a view at ``/`` returning ``rv`` and fetch it with a fresh client."""

    @app.route("/")
    def index() -> t.Any:
        return rv

    return app.test_client().get("/")


# -- bodies -------------------------------------------------------------------------


def test_str_body(app: t.Any) -> None:
    rv = _serve(app, "Hällo")
    assert rv.status_code == 200
    assert rv.status == "200 OK"
    assert rv.data == "Hällo".encode()
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.headers["Content-Length"] == "6"


def test_empty_str_body(app: t.Any) -> None:
    rv = _serve(app, "")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Content-Length"] == "0"


@pytest.mark.parametrize("body", [b"\x00raw\xff", bytearray(b"\x00raw\xff")])
def test_bytes_body(app: t.Any, body: bytes | bytearray) -> None:
    rv = _serve(app, body)
    assert rv.status_code == 200
    assert rv.data == b"\x00raw\xff"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.headers["Content-Length"] == "5"


def test_dict_body_is_json(app: t.Any) -> None:
    rv = _serve(app, {"b": 1, "a": [1, 2]})
    assert rv.status_code == 200
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.data == b'{"a":[1,2],"b":1}\n'
    assert rv.get_json() == {"a": [1, 2], "b": 1}


def test_list_body_is_json(app: t.Any) -> None:
    rv = _serve(app, [1, "two", None, True])
    assert rv.status_code == 200
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.data == b'[1,"two",null,true]\n'


def test_empty_dict_and_list(app: t.Any) -> None:
    @app.route("/d")
    def d() -> dict[str, t.Any]:
        return {}

    @app.route("/l")
    def lst() -> list[t.Any]:
        return []

    client = app.test_client()
    assert client.get("/d").data == b"{}\n"
    assert client.get("/l").data == b"[]\n"


def test_generator_body_is_streamed(app: t.Any) -> None:
    def generate() -> t.Iterator[str]:
        yield "one,"
        yield "two,"
        yield "three"

    @app.route("/")
    def index() -> t.Any:
        return generate()

    rv = app.test_client().get("/")
    assert rv.status_code == 200
    assert rv.data == b"one,two,three"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Length" not in rv.headers


def test_generator_of_bytes(app: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return (chunk for chunk in [b"\x00", b"\x01", b"\x02"])

    assert app.test_client().get("/").data == b"\x00\x01\x02"


def test_iterator_body(app: t.Any) -> None:
    rv = _serve(app, iter(["a", "b", "c"]))
    assert rv.status_code == 200
    assert rv.data == b"abc"


def test_generator_runs_after_the_view_returns(app: t.Any) -> None:
    events: list[str] = []

    def generate() -> t.Iterator[str]:
        events.append("generator started")
        yield "body"

    @app.route("/")
    def index() -> t.Any:
        rv = generate()
        events.append("view returned")
        return rv

    assert app.test_client().get("/").data == b"body"
    assert events == ["view returned", "generator started"]


def test_response_object_is_returned_unchanged(impl: t.Any, app: t.Any) -> None:
    created = []
    seen = []

    @app.route("/")
    def index() -> t.Any:
        resp = impl.Response("made", status=202, headers={"X-Made": "yes"})
        created.append(resp)
        return resp

    @app.after_request
    def after(response: t.Any) -> t.Any:
        seen.append(response)
        return response

    rv = app.test_client().get("/")
    assert seen[0] is created[0]
    assert rv.status_code == 202
    assert rv.data == b"made"
    assert rv.headers["X-Made"] == "yes"


def test_response_subclass_instance_is_kept(impl: t.Any, app: t.Any) -> None:
    class MyResponse(impl.Response):
        default_mimetype = "text/plain"

    seen = []

    @app.route("/")
    def index() -> t.Any:
        return MyResponse("mine")

    @app.after_request
    def after(response: t.Any) -> t.Any:
        seen.append(type(response))
        return response

    rv = app.test_client().get("/")
    assert seen == [MyResponse]
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert rv.data == b"mine"


def test_wsgi_callable_is_called(app: t.Any) -> None:
    calls = []

    def wsgi(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        calls.append(environ["PATH_INFO"])
        start_response("203 Sure", [("Content-Type", "text/x-wsgi"), ("X-Wsgi", "1")])
        return [b"from ", b"wsgi"]

    rv = _serve(app, wsgi)
    assert calls == ["/"]
    assert rv.status == "203 Sure"
    assert rv.status_code == 203
    assert rv.headers["Content-Type"] == "text/x-wsgi"
    assert rv.headers["X-Wsgi"] == "1"
    assert rv.data == b"from wsgi"


def test_wsgi_callable_in_tuple_gets_status_and_headers(app: t.Any) -> None:
    def wsgi(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"wrapped"]

    rv = _serve(app, (wsgi, 404, {"X-Extra": "e"}))
    assert rv.status_code == 404
    assert rv.headers["X-Extra"] == "e"
    assert rv.data == b"wrapped"


# -- tuples -------------------------------------------------------------------------


def test_tuple_body_status_int(app: t.Any) -> None:
    rv = _serve(app, ("created", 201))
    assert rv.status_code == 201
    assert rv.status == "201 CREATED"
    assert rv.data == b"created"


def test_tuple_body_status_string(app: t.Any) -> None:
    rv = _serve(app, ("created", "201 CREATED"))
    assert rv.status_code == 201
    assert rv.status == "201 CREATED"


def test_tuple_custom_status_string(app: t.Any) -> None:
    rv = _serve(app, ("odd", "299 Very Odd"))
    assert rv.status_code == 299
    assert rv.status == "299 Very Odd"


def test_tuple_status_string_without_reason(app: t.Any) -> None:
    rv = _serve(app, ("gone", "410"))
    assert rv.status_code == 410
    assert rv.status == "410 GONE"


def test_tuple_unknown_status_code(app: t.Any) -> None:
    rv = _serve(app, ("odd", 299))
    assert rv.status_code == 299
    assert rv.status == "299 UNKNOWN"


def test_tuple_body_headers_dict(app: t.Any) -> None:
    rv = _serve(app, ("hi", {"X-Foo": "bar", "X-Num": "1"}))
    assert rv.status_code == 200
    assert rv.headers["X-Foo"] == "bar"
    assert rv.headers["X-Num"] == "1"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == b"hi"


def test_tuple_body_headers_list(app: t.Any) -> None:
    rv = _serve(app, ("hi", [("X-Foo", "bar"), ("X-Foo", "baz"), ("X-One", "1")]))
    assert rv.status_code == 200
    assert rv.headers.getlist("X-Foo") == ["bar", "baz"]
    assert rv.headers["X-One"] == "1"


def test_tuple_body_headers_object(impl: t.Any, app: t.Any) -> None:
    headers = impl.werkzeug.datastructures.Headers([("X-Foo", "bar")])
    rv = _serve(app, ("hi", headers))
    assert rv.status_code == 200
    assert rv.headers["X-Foo"] == "bar"


def test_tuple_body_status_headers(app: t.Any) -> None:
    rv = _serve(app, ("teapot", 418, {"X-Tea": "earl grey"}))
    assert rv.status_code == 418
    assert rv.status == "418 I'M A TEAPOT"
    assert rv.headers["X-Tea"] == "earl grey"
    assert rv.data == b"teapot"


def test_tuple_status_headers_as_list(app: t.Any) -> None:
    rv = _serve(app, ("x", "202 ACCEPTED", [("X-A", "a")]))
    assert rv.status_code == 202
    assert rv.headers["X-A"] == "a"


def test_tuple_header_content_type_overrides_default(app: t.Any) -> None:
    rv = _serve(app, ("plain", {"Content-Type": "text/plain"}))
    assert rv.headers["Content-Type"] == "text/plain"
    assert rv.headers.getlist("Content-Type") == ["text/plain"]


def test_tuple_with_dict_body(app: t.Any) -> None:
    rv = _serve(app, ({"error": "nope"}, 400, {"X-Err": "1"}))
    assert rv.status_code == 400
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.headers["X-Err"] == "1"
    assert rv.get_json() == {"error": "nope"}


def test_tuple_with_list_body(app: t.Any) -> None:
    rv = _serve(app, (["a", "b"], 202))
    assert rv.status_code == 202
    assert rv.get_json() == ["a", "b"]


def test_tuple_with_generator_body(app: t.Any) -> None:
    rv = _serve(app, ((c for c in "abc"), 206, {"X-Stream": "1"}))
    assert rv.status_code == 206
    assert rv.headers["X-Stream"] == "1"
    assert rv.data == b"abc"


def test_tuple_with_response_overrides_status(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return impl.Response("r", status=200), 410

    rv = app.test_client().get("/")
    assert rv.status_code == 410
    assert rv.data == b"r"


def test_tuple_with_response_updates_headers(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        resp = impl.Response("r", headers={"X-A": "old", "X-Keep": "k"})
        return resp, 201, {"X-A": "new", "X-B": "b"}

    rv = app.test_client().get("/")
    assert rv.status_code == 201
    assert rv.headers.getlist("X-A") == ["new"]
    assert rv.headers["X-B"] == "b"
    assert rv.headers["X-Keep"] == "k"


def test_two_tuple_with_tuple_second_item_is_headers(app: t.Any) -> None:
    rv = _serve(app, ("x", (("X-T", "tuple"),)))
    assert rv.status_code == 200
    assert rv.headers["X-T"] == "tuple"


# -- errors -------------------------------------------------------------------------


def test_view_returning_none_raises_type_error(app: t.Any) -> None:
    @app.route("/")
    def index() -> None:
        pass

    with pytest.raises(TypeError) as exc_info:
        app.test_client().get("/")
    message = str(exc_info.value)
    assert "The view function for 'index' did not return a valid response." in message
    assert "returned None or ended without a return statement" in message


def test_view_returning_none_is_500_when_not_testing(app: t.Any) -> None:
    app.testing = False

    @app.route("/")
    def index() -> None:
        return None

    rv = app.test_client().get("/")
    assert rv.status_code == 500


def test_none_body_in_tuple_raises(app: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return None, 200

    with pytest.raises(TypeError) as exc_info:
        app.test_client().get("/")
    assert "did not return a valid response" in str(exc_info.value)


@pytest.mark.parametrize("rv", [("only",), ("a", 200, {}, "extra"), ()])
def test_bad_tuple_length_raises(app: t.Any, rv: tuple[t.Any, ...]) -> None:
    @app.route("/")
    def index() -> t.Any:
        return rv

    with pytest.raises(TypeError) as exc_info:
        app.test_client().get("/")
    message = str(exc_info.value)
    assert "did not return a valid response tuple" in message
    assert "(body, status, headers), (body, status), or (body, headers)" in message


@pytest.mark.parametrize("rv", [42, 1.5])
def test_unsupported_return_type_raises(app: t.Any, rv: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return rv

    with pytest.raises(TypeError) as exc_info:
        app.test_client().get("/")
    message = str(exc_info.value)
    assert "did not return a valid response" in message
    assert f"but it was a {type(rv).__name__}." in message


# -- the make_response() helper -----------------------------------------------------


def test_helper_without_arguments(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response()
    assert isinstance(rv, impl.Response)
    assert rv.status_code == 200
    assert rv.get_data() == b""
    assert rv.mimetype == "text/html"


def test_helper_single_argument(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response("body")
    assert isinstance(rv, impl.Response)
    assert rv.status_code == 200
    assert rv.get_data() == b"body"


def test_helper_with_status(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response("missing", 404)
    assert rv.status_code == 404
    assert rv.get_data() == b"missing"


def test_helper_with_status_and_headers(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response("x", 201, {"X-H": "v"})
    assert rv.status_code == 201
    assert rv.headers["X-H"] == "v"


def test_helper_with_headers_only(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response("x", [("X-H", "v")])
    assert rv.status_code == 200
    assert rv.headers["X-H"] == "v"


def test_helper_tuple_argument_same_as_args(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response(("x", 403))
    assert rv.status_code == 403
    assert rv.get_data() == b"x"


def test_helper_dict_and_list(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.make_response({"a": 1})
    assert rv.mimetype == "application/json"
    assert rv.get_json() == {"a": 1}
    rv = impl.make_response([1, 2], 202)
    assert rv.status_code == 202
    assert rv.get_json() == [1, 2]


def test_helper_response_passthrough(impl: t.Any, req_ctx: t.Any) -> None:
    original = impl.Response("o")
    assert impl.make_response(original) is original


def test_helper_used_in_a_view_to_add_headers(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        response = impl.make_response("page", 404)
        response.headers["X-Parachutes"] = "parachutes are cool"
        return response

    rv = app.test_client().get("/")
    assert rv.status_code == 404
    assert rv.headers["X-Parachutes"] == "parachutes are cool"
    assert rv.data == b"page"


def test_helper_uses_app_response_class(impl: t.Any, app: t.Any) -> None:
    class MyResponse(impl.Response):
        pass

    app.response_class = MyResponse
    with app.test_request_context():
        assert type(impl.make_response()) is MyResponse
        assert type(impl.make_response("x")) is MyResponse
        assert type(impl.make_response({"a": 1})) is MyResponse


def test_helper_in_app_context_only(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.make_response("no request needed", 202)
    assert rv.status_code == 202
    assert rv.get_data() == b"no request needed"


def test_helper_without_context_raises(impl: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.make_response("x")
    assert str(exc_info.value).startswith("Working outside of application context.")


def test_helper_none_raises(impl: t.Any, req_ctx: t.Any) -> None:
    with pytest.raises(TypeError):
        impl.make_response(None)


# -- Flask.make_response ------------------------------------------------------------


def test_app_make_response_forms(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        rv = app.make_response("s")
        assert isinstance(rv, app.response_class)
        assert (rv.status_code, rv.get_data()) == (200, b"s")
        rv = app.make_response(b"b")
        assert rv.get_data() == b"b"
        rv = app.make_response(("t", 404, {"X": "1"}))
        assert (rv.status_code, rv.headers["X"]) == (404, "1")
        rv = app.make_response({"k": "v"})
        assert rv.get_json() == {"k": "v"}
        rv = app.make_response(["x"])
        assert rv.get_json() == ["x"]


def test_app_make_response_can_be_overridden(impl: t.Any) -> None:
    class MyFlask(impl.Flask):  # type: ignore[name-defined,misc]
        def make_response(self, rv: t.Any) -> t.Any:
            if isinstance(rv, int):
                rv = str(rv), rv
            return super().make_response(rv)

    app = MyFlask("custom_make_response")

    @app.route("/")
    def index() -> t.Any:
        return 202

    rv = app.test_client().get("/")
    assert rv.status_code == 202
    assert rv.data == b"202"


def test_app_make_response_wsgi_callable(app: t.Any) -> None:
    def wsgi(environ: dict[str, t.Any], start_response: t.Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [environ["PATH_INFO"].encode()]

    with app.test_request_context("/the/path"):
        rv = app.make_response(wsgi)
        assert rv.get_data() == b"/the/path"
        assert rv.headers["Content-Type"] == "text/plain"


def test_error_page_of_an_app_response_class(impl: t.Any) -> None:
    """An HTTP error page is built by Werkzeug's Response and then made an
    instance of the app's ``response_class`` (``force_type``): the class's own
    ``__init__`` and class attributes do not shape it."""
    class Custom(impl.Response):  # type: ignore[misc,name-defined]
        automatically_set_content_length = False

        def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
            super().__init__(*args, **kwargs)
            self.headers["X-Custom"] = "1"

    app = impl.Flask(__name__)
    app.response_class = Custom
    app.add_url_rule("/", "index", lambda: "hello")
    missing = call_wsgi(app, wsgi_environ("/missing"))
    assert missing.status == "404 NOT FOUND"
    names = {name.lower() for name, _ in missing.headers}
    assert names == {"content-type", "content-length"}
    found = call_wsgi(app, wsgi_environ("/"))
    assert ("X-Custom", "1") in found.headers
