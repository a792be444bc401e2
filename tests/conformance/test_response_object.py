"""Conformance: the response object itself (``impl.Response``), built directly.

Status, mimetype, headers, body handling, cookies, ``vary``, JSON and running the
response as a WSGI application, checked against what Flask 3.1 (on Werkzeug 3.1)
gives.
"""

from __future__ import annotations

import typing as t
import warnings
from datetime import datetime, timedelta, timezone
from http import HTTPStatus

import pytest
from wsgi_support import call_wsgi, wsgi_environ

pytestmark = pytest.mark.api("Response")


def _environ(method: str = "GET", path: str = "/") -> dict[str, t.Any]:
    return wsgi_environ(path, method=method)


def _call(
    response: t.Any, method: str = "GET"
) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run ``response`` as a WSGI app: the status line, header list and body."""
    return tuple(call_wsgi(response, _environ(method)))  # type: ignore[return-value]


# --- constructor, status --------------------------------------------------------


def test_defaults(impl: t.Any) -> None:
    r = impl.Response()
    assert r.status == "200 OK"
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    assert r.content_type == "text/html; charset=utf-8"
    assert r.data == b""
    assert r.response == []
    assert list(r.headers) == [("Content-Type", "text/html; charset=utf-8")]
    assert r.default_status == 200
    assert r.default_mimetype == "text/html"
    assert r.autocorrect_location_header is False


def test_str_body_is_utf8_with_content_length(impl: t.Any) -> None:
    r = impl.Response("héllo")
    assert r.data == "héllo".encode()
    assert r.get_data(as_text=True) == "héllo"
    assert r.headers["Content-Length"] == "6"
    assert r.content_length == 6
    assert r.response == ["héllo".encode()]


@pytest.mark.parametrize("body", [b"\x00\xff", bytearray(b"\x00\xff")])
def test_bytes_body(impl: t.Any, body: bytes) -> None:
    r = impl.Response(body)
    assert r.get_data() == b"\x00\xff"
    assert r.headers["Content-Length"] == "2"


@pytest.mark.parametrize(
    ("status", "line", "code"),
    [
        (404, "404 NOT FOUND", 404),
        (HTTPStatus.CREATED, "201 CREATED", 201),
        ("404", "404 NOT FOUND", 404),
        ("599 CUSTOM", "599 CUSTOM", 599),
        ("418 I'm a teapot", "418 I'm a teapot", 418),
        (599, "599 UNKNOWN", 599),
        (" 201 ", "201 CREATED", 201),
        ("abc", "0 abc", 0),
    ],
)
def test_status_values(impl: t.Any, status: t.Any, line: str, code: int) -> None:
    r = impl.Response("x", status=status)
    assert (r.status, r.status_code) == (line, code)
    r2 = impl.Response()
    r2.status = status
    assert (r2.status, r2.status_code) == (line, code)


def test_status_code_setter_updates_status(impl: t.Any) -> None:
    r = impl.Response()
    r.status_code = 302
    assert r.status == "302 FOUND"
    r.status = "201 Made"
    assert r.status_code == 201


def test_empty_status_is_refused(impl: t.Any) -> None:
    with pytest.raises(ValueError, match="Empty status argument"):
        impl.Response(status="  ")


# --- mimetype and content type ----------------------------------------------------


@pytest.mark.parametrize(
    ("mimetype", "content_type"),
    [
        ("text/plain", "text/plain; charset=utf-8"),
        ("application/json", "application/json"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/javascript", "application/javascript; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        ("image/png", "image/png"),
    ],
)
def test_mimetype_gets_charset_for_text(
    impl: t.Any, mimetype: str, content_type: str
) -> None:
    r = impl.Response("x", mimetype=mimetype)
    assert r.content_type == content_type
    assert r.mimetype == mimetype


def test_content_type_is_used_verbatim(impl: t.Any) -> None:
    r = impl.Response("x", content_type="text/plain")
    assert r.content_type == "text/plain"
    assert r.mimetype_params == {}


def test_content_type_header_suppresses_default(impl: t.Any) -> None:
    r = impl.Response("x", headers={"content-type": "a/b"})
    assert r.headers.getlist("Content-Type") == ["a/b"]
    r = impl.Response("x", headers={"content-type": "a/b"}, mimetype="text/csv")
    assert list(r.headers)[0] == ("Content-Type", "text/csv; charset=utf-8")


def test_subclass_defaults(impl: t.Any) -> None:
    class JSONResponse(impl.Response):
        default_mimetype = "application/json"
        default_status = 201

    r = JSONResponse("{}")
    assert (r.status, r.content_type) == ("201 CREATED", "application/json")


def test_mimetype_setter_and_params(impl: t.Any) -> None:
    r = impl.Response()
    r.mimetype = "text/csv"
    assert r.content_type == "text/csv; charset=utf-8"
    assert r.mimetype_params == {"charset": "utf-8"}
    r.mimetype_params["charset"] = "latin1"
    r.mimetype_params["header"] = "present"
    assert r.headers["Content-Type"] == "text/csv; charset=latin1; header=present"


def test_content_length_property(impl: t.Any) -> None:
    r = impl.Response()
    assert r.content_length is None
    r.content_length = 12
    assert r.headers["Content-Length"] == "12"
    r.headers["Content-Length"] = "junk"
    assert r.content_length is None


# --- headers --------------------------------------------------------------------


@pytest.mark.api("datastructures.Headers")
def test_headers_from_list_keep_repeats_and_order(impl: t.Any) -> None:
    r = impl.Response("x", headers=[("X-A", "1"), ("X-B", "2"), ("X-A", "3")])
    assert r.headers.getlist("x-a") == ["1", "3"]
    assert r.headers["X-A"] == "1"
    assert [k for k, _ in r.headers] == [
        "X-A",
        "X-B",
        "X-A",
        "Content-Type",
        "Content-Length",
    ]


@pytest.mark.api("datastructures.Headers")
def test_headers_from_dict_with_list_values(impl: t.Any) -> None:
    r = impl.Response(headers={"X-A": ["1", "2"], "X-B": "3"})
    assert r.headers.getlist("X-A") == ["1", "2"]
    assert r.headers.get("x-b") == "3"


@pytest.mark.api("datastructures.Headers")
def test_headers_object_is_used_as_is(impl: t.Any) -> None:
    h = impl.werkzeug.datastructures.Headers([("X-A", "1")])
    r = impl.Response(headers=h)
    assert r.headers is h
    assert h["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.api("datastructures.Headers")
def test_headers_assignment(impl: t.Any) -> None:
    r = impl.Response("body")
    r.headers = {"X-Only": "1"}
    assert r.headers["X-Only"] == "1"
    status, headers, body = _call(r)
    assert headers == [("X-Only", "1"), ("Content-Length", "4")]
    assert body == b"body"
    r.headers = [("X-L", "a"), ("X-L", "b")]
    assert _call(r)[1] == [("X-L", "a"), ("X-L", "b"), ("Content-Length", "4")]


@pytest.mark.api("datastructures.Headers")
@pytest.mark.parametrize("value", ["a\nb", "a\r\nSet-Cookie: x=1", "a\rb"])
def test_newline_in_header_value_is_refused(impl: t.Any, value: str) -> None:
    msg = "Header values must not contain newline characters."
    with pytest.raises(ValueError, match=msg):
        impl.Response(headers={"X-Bad": value})
    r = impl.Response()
    with pytest.raises(ValueError, match=msg):
        r.headers["X-Bad"] = value
    with pytest.raises(ValueError, match=msg):
        r.headers.add("X-Bad", value)
    with pytest.raises(ValueError, match=msg):
        r.location = value


# --- body handling --------------------------------------------------------------


def test_set_data_and_data_property_update_content_length(impl: t.Any) -> None:
    r = impl.Response("abc")
    r.set_data("☃")
    assert (r.data, r.headers["Content-Length"]) == ("☃".encode(), "3")
    r.data = b"12345"
    assert (r.get_data(), r.headers.getlist("Content-Length")) == (b"12345", ["5"])


def test_iterable_body(impl: t.Any) -> None:
    def gen() -> t.Iterator[str | bytes]:
        yield "a"
        yield b"b"
        yield "é"

    r = impl.Response(gen())
    assert r.is_streamed is True
    assert r.is_sequence is False
    assert "Content-Length" not in r.headers
    assert list(r.iter_encoded()) == [b"a", b"b", "é".encode()]


def test_get_data_consumes_iterable_into_sequence(impl: t.Any) -> None:
    r = impl.Response(iter(["a", "b"]))
    assert r.get_data() == b"ab"
    assert r.is_sequence is True
    assert r.response == [b"a", b"b"]
    assert r.get_data() == b"ab"


def test_tuple_and_list_bodies_are_sequences(impl: t.Any) -> None:
    assert impl.Response((b"a", b"b")).is_sequence is True
    r = impl.Response([b"a"])
    assert (r.is_sequence, r.is_streamed) == (True, False)


def test_make_sequence_keeps_close_of_iterable(impl: t.Any) -> None:
    closed: list[str] = []

    class Body:
        def __iter__(self) -> t.Iterator[bytes]:
            return iter([b"x", b"y"])

        def close(self) -> None:
            closed.append("body")

    r = impl.Response(Body())
    r.make_sequence()
    assert r.response == [b"x", b"y"]
    r.close()
    assert closed == ["body"]


def test_direct_passthrough_refuses_implicit_sequence(impl: t.Any) -> None:
    r = impl.Response(iter([b"x"]), direct_passthrough=True)
    with pytest.raises(RuntimeError):
        r.get_data()


def test_freeze_sets_length_and_etag(impl: t.Any) -> None:
    r = impl.Response(iter(["hi"]))
    r.freeze()
    assert r.response == [b"hi"]
    assert r.headers["Content-Length"] == "2"
    assert r.headers["ETag"] == '"c22b5f9178342609428d6f51b2c5af4c0bde6a42"'
    assert r.get_etag() == ("c22b5f9178342609428d6f51b2c5af4c0bde6a42", False)


def test_repr(impl: t.Any) -> None:
    assert repr(impl.Response("abc", 404)) == "<Response 3 bytes [404 NOT FOUND]>"
    assert repr(impl.Response(x for x in [b"a"])) == "<Response streamed [200 OK]>"


# --- call_on_close, close ---------------------------------------------------------


def test_call_on_close_runs_on_close(impl: t.Any) -> None:
    calls: list[int] = []
    r = impl.Response("x")

    @r.call_on_close
    def first() -> None:
        calls.append(1)

    assert callable(first)
    r.call_on_close(lambda: calls.append(2))
    assert calls == []
    r.close()
    assert calls == [1, 2]


def test_wsgi_iterable_close_runs_callbacks_and_closes_body(impl: t.Any) -> None:
    events: list[str] = []

    def gen() -> t.Iterator[bytes]:
        try:
            yield b"a"
            yield b"b"
        finally:
            events.append("gen closed")

    r = impl.Response(gen())
    r.call_on_close(lambda: events.append("callback"))
    app_iter = r(_environ(), lambda s, h: None)
    assert next(iter(app_iter)) == b"a"
    assert events == []
    app_iter.close()
    assert events == ["gen closed", "callback"]


def test_wsgi_iterable_close_runs_callbacks_for_list_body(impl: t.Any) -> None:
    events: list[str] = []
    r = impl.Response("ok")
    r.call_on_close(lambda: events.append("callback"))
    status, headers, body = _call(r)
    assert body == b"ok"
    assert events == ["callback"]


def test_context_manager_closes(impl: t.Any) -> None:
    events: list[str] = []
    with impl.Response("x") as r:
        r.call_on_close(lambda: events.append("closed"))
    assert events == ["closed"]


# --- cookies --------------------------------------------------------------------


def _cookies(r: t.Any) -> list[str]:
    return t.cast("list[str]", r.headers.getlist("Set-Cookie"))


def test_set_cookie_default(impl: t.Any) -> None:
    r = impl.Response()
    r.set_cookie("a", "b")
    assert _cookies(r) == ["a=b; Path=/"]


def test_set_cookie_all_options(impl: t.Any) -> None:
    r = impl.Response()
    r.set_cookie(
        "s",
        'a b;c"é',
        max_age=60,
        expires=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        path="/x y",
        domain=".Example.com",
        secure=True,
        httponly=True,
        samesite="lax",
    )
    assert _cookies(r) == [
        's="a b\\073c\\"\\303\\251"; Domain=Example.com;'
        " Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=60; Secure; HttpOnly;"
        " Path=/x%20y; SameSite=Lax"
    ]


def test_set_cookie_variants(impl: t.Any) -> None:
    r = impl.Response()
    r.set_cookie("p", "1", partitioned=True)
    r.set_cookie("t", "2", expires=0)
    r.set_cookie(
        "m",
        "3",
        max_age=timedelta(hours=1),
        expires="Wed, 01 Jan 2031 00:00:00 GMT",
        path=None,
    )
    assert _cookies(r) == [
        "p=1; Secure; Path=/; Partitioned",
        "t=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
        "m=3; Expires=Wed, 01 Jan 2031 00:00:00 GMT; Max-Age=3600",
    ]


def test_set_cookie_max_age_also_sets_expires(impl: t.Any) -> None:
    r = impl.Response()
    r.set_cookie("a", "b", max_age=100)
    (value,) = _cookies(r)
    assert value.startswith("a=b; Expires=")
    assert value.endswith(" GMT; Max-Age=100; Path=/")


def test_set_cookie_invalid_samesite(impl: t.Any) -> None:
    with pytest.raises(ValueError):
        impl.Response().set_cookie("a", "b", samesite="sometimes")


def test_delete_cookie(impl: t.Any) -> None:
    r = impl.Response()
    r.delete_cookie("a")
    r.delete_cookie(
        "d",
        path="/p",
        domain="ex.com",
        secure=True,
        httponly=True,
        samesite="Strict",
        partitioned=True,
    )
    assert _cookies(r) == [
        "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/",
        "d=; Domain=ex.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;"
        " Secure; HttpOnly; Path=/p; SameSite=Strict; Partitioned",
    ]


def test_large_cookie_warns_outside_app_context(impl: t.Any) -> None:
    r = impl.Response()
    assert r.max_cookie_size == 4093
    with pytest.warns(UserWarning, match="The 'big' cookie is too large"):
        r.set_cookie("big", "x" * 5000)
    assert len(_cookies(r)) == 1


def test_max_cookie_size_from_app_config(impl: t.Any, app: t.Any) -> None:
    app.config["MAX_COOKIE_SIZE"] = 10
    with app.app_context():
        r = impl.Response()
        assert r.max_cookie_size == 10
        with pytest.warns(UserWarning, match="too large"):
            r.set_cookie("c", "0123456789")
        app.config["MAX_COOKIE_SIZE"] = 0
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            r.set_cookie("c", "x" * 5000)


# --- location, vary ---------------------------------------------------------------


def test_location_property_and_uri_encoding(impl: t.Any) -> None:
    r = impl.Response(status=302)
    assert r.location is None
    r.location = "/ä b?q=é"
    assert r.headers["Location"] == "/ä b?q=é"
    headers = dict(_call(r)[1])
    # made URI-safe but left relative (autocorrect_location_header is off)
    assert headers["Location"] == "/%C3%A4%20b?q=%C3%A9"


@pytest.mark.api("datastructures.HeaderSet")
def test_vary_add_updates_header(impl: t.Any) -> None:
    r = impl.Response()
    assert len(r.vary) == 0
    assert "Vary" not in r.headers
    r.vary.add("Cookie")
    assert r.headers["Vary"] == "Cookie"
    r.vary.add("cookie")
    r.vary.add("Accept-Encoding")
    assert r.headers["Vary"] == "Cookie, Accept-Encoding"
    assert "COOKIE" in r.vary
    assert list(r.vary) == ["Cookie", "Accept-Encoding"]
    assert r.vary.to_header() == "Cookie, Accept-Encoding"


@pytest.mark.api("datastructures.HeaderSet")
def test_vary_reads_existing_header_and_setter(impl: t.Any) -> None:
    r = impl.Response(headers={"Vary": 'Origin, "a b"'})
    assert list(r.vary) == ["Origin", "a b"]
    r.vary = ["a b", "c"]
    assert r.headers["Vary"] == '"a b", c'
    r.vary = "x, y"
    assert list(r.vary) == ["x", "y"]
    r.vary = None
    assert "Vary" not in r.headers


@pytest.mark.api("datastructures.HeaderSet")
def test_vary_clear_removes_header(impl: t.Any) -> None:
    r = impl.Response()
    vary = r.vary
    vary.update(["Cookie", "Origin"])
    assert r.headers["Vary"] == "Cookie, Origin"
    vary.clear()
    assert "Vary" not in r.headers


# --- JSON -----------------------------------------------------------------------


def test_json_body(impl: t.Any) -> None:
    r = impl.Response('{"a": [1, 2]}', mimetype="application/json")
    assert r.is_json is True
    assert r.json == {"a": [1, 2]}
    assert r.get_json() == {"a": [1, 2]}


def test_json_for_plus_json_mimetype(impl: t.Any) -> None:
    r = impl.Response("[1]", mimetype="application/problem+json")
    assert (r.is_json, r.json) == (True, [1])


def test_json_is_none_for_other_mimetypes(impl: t.Any) -> None:
    r = impl.Response('{"a": 1}')
    assert r.is_json is False
    assert r.json is None
    assert r.get_json(force=True) == {"a": 1}


def test_json_invalid(impl: t.Any) -> None:
    r = impl.Response("{bad", mimetype="application/json")
    with pytest.raises(ValueError):
        r.get_json()
    assert r.get_json(silent=True) is None


def test_json_module(impl: t.Any) -> None:
    assert impl.Response.json_module is impl.json_module


# --- WSGI -----------------------------------------------------------------------


def test_wsgi_call(impl: t.Any) -> None:
    r = impl.Response("héllo", 201, headers={"X-A": "1"})
    status, headers, body = _call(r)
    assert status == "201 CREATED"
    assert headers == [
        ("X-A", "1"),
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", "6"),
    ]
    assert body == "héllo".encode()


def test_wsgi_call_adds_content_length_for_sequences(impl: t.Any) -> None:
    r = impl.Response(["ab", b"c"], status="599 CUSTOM")
    status, headers, body = _call(r)
    assert status == "599 CUSTOM"
    assert headers == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", "3"),
    ]
    assert body == b"abc"


def test_wsgi_call_streams_iterables_without_length(impl: t.Any) -> None:
    r = impl.Response(iter(["a", "é"]), mimetype="text/plain")
    status, headers, body = _call(r)
    assert headers == [("Content-Type", "text/plain; charset=utf-8")]
    assert body == "aé".encode()


def test_head_request_has_no_body(impl: t.Any) -> None:
    events: list[str] = []
    r = impl.Response("hello")
    r.call_on_close(lambda: events.append("closed"))
    status, headers, body = _call(r, method="HEAD")
    assert body == b""
    assert ("Content-Length", "5") in headers
    assert events == ["closed"]


@pytest.mark.parametrize("code", [204, 101])
def test_no_body_and_no_length_for_204_and_1xx(impl: t.Any, code: int) -> None:
    r = impl.Response("ignored", code)
    status, headers, body = _call(r)
    assert body == b""
    assert [k for k, _ in headers] == ["Content-Type"]


def test_304_drops_entity_headers(impl: t.Any) -> None:
    r = impl.Response(
        "ignored",
        304,
        headers={
            "ETag": '"x"',
            "Expires": "0",
            "Content-Location": "/ä",
            "Allow": "GET",
        },
    )
    status, headers, body = _call(r)
    assert status == "304 NOT MODIFIED"
    assert body == b""
    assert headers == [
        ("ETag", '"x"'),
        ("Expires", "0"),
        ("Content-Location", "/%C3%A4"),
    ]


def test_direct_passthrough_returns_body_iterable(impl: t.Any) -> None:
    body = iter([b"raw"])
    r = impl.Response(body, direct_passthrough=True)
    assert r(_environ(), lambda s, h: None) is body


def test_get_wsgi_response_parts(impl: t.Any) -> None:
    r = impl.Response("abc", headers={"Location": "/ü"})
    headers = r.get_wsgi_headers(_environ())
    assert isinstance(headers, impl.werkzeug.datastructures.Headers)
    assert headers["Location"] == "/%C3%BC"
    assert r.headers["Location"] == "/ü"
    app_iter, status, header_list = r.get_wsgi_response(_environ())
    assert status == "200 OK"
    assert header_list == list(headers)
    assert b"".join(app_iter) == b"abc"
    assert b"".join(r.get_app_iter(_environ("HEAD"))) == b""


def test_overridden_wsgi_hooks_are_used(impl: t.Any) -> None:
    class Tagged(impl.Response):
        def get_wsgi_headers(self, environ: t.Any) -> t.Any:
            headers = super().get_wsgi_headers(environ)
            headers["X-Tag"] = "yes"
            return headers

    status, headers, body = _call(Tagged("x"))
    assert ("X-Tag", "yes") in headers
    assert body == b"x"


def test_force_type_wraps_wsgi_app(impl: t.Any) -> None:
    def wsgi_app(environ: t.Any, start_response: t.Any) -> list[bytes]:
        start_response("202 Accepted", [("Content-Type", "text/plain"), ("X-A", "1")])
        return [b"from ", b"app"]

    r = impl.Response.force_type(wsgi_app, _environ())
    assert isinstance(r, impl.Response)
    assert r.status == "202 Accepted"
    assert r.headers["X-A"] == "1"
    assert r.get_data() == b"from app"
    with pytest.raises(TypeError):
        impl.Response.force_type(wsgi_app)


def test_force_type_changes_class(impl: t.Any) -> None:
    class Sub(impl.Response):
        pass

    r = impl.Response("x")
    assert Sub.force_type(r) is r
    assert type(r) is Sub
