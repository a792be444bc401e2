"""Conformance: malformed input gets Flask's answer (a 4xx, or a lenient parse),
never a 500: bad JSON, bad percent-encoding, odd methods, oversized and broken
bodies. What the test client cannot send is built as a raw WSGI environ."""

from __future__ import annotations

import functools
import typing as t

import pytest
from wsgi_support import call_wsgi, wsgi_environ

pytestmark = pytest.mark.api("request", "Request")

PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>{code} {name}</title>\n"
    "<h1>{name}</h1>\n<p>{description}</p>\n"
)
BAD_REQUEST_BODY = PAGE.format(
    code=400,
    name="Bad Request",
    description="The browser (or proxy) sent a request that this server could"
    " not understand.",
).encode()
TOO_LARGE_BODY = PAGE.format(
    code=413,
    name="Request Entity Too Large",
    description="The data value transmitted exceeds the capacity limit.",
).encode()
UNSUPPORTED_JSON_BODY = PAGE.format(
    code=415,
    name="Unsupported Media Type",
    description="Did not attempt to load JSON data because the request"
    " Content-Type was not &#39;application/json&#39;.",
).encode()
FORM = "application/x-www-form-urlencoded"


# No Host header: these environs are what a bare server passes.
_environ = functools.partial(wsgi_environ, host=None)


def _call(app: t.Any, environ: dict[str, t.Any]) -> tuple[str, dict[str, str], bytes]:
    rv = call_wsgi(app, environ)
    return rv.status, dict(rv.headers), rv.body


@pytest.fixture
def echo(impl: t.Any, app: t.Any) -> t.Any:
    """An app whose views echo what Flask parsed from the request."""

    @app.route("/json", methods=["POST"])
    def json_view() -> str:
        return repr(impl.request.get_json())

    @app.route("/data", methods=["POST"])
    def data_view() -> str:
        return repr(impl.request.get_data())

    @app.route("/form", methods=["POST"])
    def form_view() -> str:
        files = {k: v.read() for k, v in impl.request.files.items()}
        return repr((impl.request.form.to_dict(flat=False), files))

    @app.route("/args")
    def args_view() -> str:
        return repr(impl.request.args.to_dict(flat=False))

    @app.route("/name/<name>")
    def name_view(name: str) -> str:
        return repr(name)

    @app.route("/int/<int:n>")
    def int_view(n: int) -> str:
        return repr(n)

    @app.route("/cookies")
    def cookies_view() -> str:
        return repr(impl.request.cookies.to_dict(flat=False))

    return app


def _multipart(*parts: bytes, boundary: bytes = b"X", close: bool = True) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


def _field(name: str, value: bytes) -> bytes:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value


# -- JSON ---------------------------------------------------------------------------


@pytest.mark.api("exceptions.BadRequest")
@pytest.mark.parametrize(
    "body",
    [b"{bad", b'{"a": 1', b"[1, 2", b'"abc', b'{"a":}', b"", b"nul", b"{'a': 1}"],
)
def test_bad_json_is_400(echo: t.Any, body: bytes) -> None:
    rv = echo.test_client().post("/json", data=body, content_type="application/json")
    assert rv.status_code == 400
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == BAD_REQUEST_BODY


@pytest.mark.api("exceptions.BadRequest")
def test_invalid_utf8_json_is_400(echo: t.Any) -> None:
    rv = echo.test_client().post(
        "/json", data=b'{"a": "\xff\xfe"}', content_type="application/json"
    )
    assert rv.status_code == 400
    assert rv.data == BAD_REQUEST_BODY


@pytest.mark.api("exceptions.BadRequest")
def test_bad_json_description_in_debug_mode(echo: t.Any) -> None:
    echo.debug = True
    rv = echo.test_client().post("/json", data=b"{bad", content_type="application/json")
    assert rv.status_code == 400
    assert b"<p>Failed to decode JSON object: Expecting property name" in rv.data


@pytest.mark.api("exceptions.UnsupportedMediaType")
@pytest.mark.parametrize(
    "content_type", ["text/plain", FORM, "application/jsonx", "json", None]
)
def test_json_with_wrong_content_type_is_415(
    echo: t.Any, content_type: str | None
) -> None:
    status, headers, body = _call(
        echo,
        _environ("/json", method="POST", body=b'{"a": 1}', content_type=content_type),
    )
    assert status == "415 UNSUPPORTED MEDIA TYPE"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == UNSUPPORTED_JSON_BODY


@pytest.mark.parametrize(
    "body", [b'\xef\xbb\xbf{"a": 1}', '{"a": 1}'.encode("utf-16")], ids=["bom", "utf16"]
)
def test_json_encoding_is_detected(echo: t.Any, body: bytes) -> None:
    rv = echo.test_client().post("/json", data=body, content_type="application/json")
    assert rv.status_code == 200
    assert rv.data == b"{'a': 1}"


def test_json_literal_null_body(echo: t.Any) -> None:
    rv = echo.test_client().post("/json", data=b"null", content_type="application/json")
    assert rv.status_code == 200
    assert rv.data == b"None"


# -- percent-encoding, paths and query strings ---------------------------------------


def test_bad_percent_escape_in_path_from_client(echo: t.Any) -> None:
    client = echo.test_client()
    rv = client.get("/name/a%zz")
    assert rv.status_code == 200
    assert rv.data == b"'a%zz'"
    assert client.get("/int/%zz").status_code == 404


@pytest.mark.parametrize(
    ("path_info", "expected"),
    [
        ("/name/a%zz", "'a%zz'"),
        ("/name/%", "'%'"),
        ("/name/\xff", "'\ufffd'"),
        ("/name/\xc3\xa9", "'\u00e9'"),
    ],
)
def test_raw_path_info(echo: t.Any, path_info: str, expected: str) -> None:
    status, _, body = _call(echo, _environ(path_info))
    assert status == "200 OK"
    assert body == expected.encode()


def test_nul_in_path_is_404(echo: t.Any) -> None:
    status, _, _ = _call(echo, _environ("/name\x00"))
    assert status == "404 NOT FOUND"


def test_bad_percent_escapes_in_query_string(echo: t.Any) -> None:
    query = "a=%zz&b=%ff&c=%&d=%C3%A9&e=%e9&f=%00&&=g&h"
    status, _, body = _call(echo, _environ("/args", query=query))
    assert status == "200 OK"
    assert (
        body
        == repr(
            {
                "a": ["%zz"],
                "b": ["%FF"],
                "c": ["%"],
                "d": ["\u00e9"],
                "e": ["%E9"],
                "f": ["\x00"],
                "": ["g"],
                "h": [""],
            }
        ).encode()
    )


def test_bad_percent_escapes_in_form_body(echo: t.Any) -> None:
    body = b"a=%ff&c=%zz&d&=e&f=%C3%A9+x"
    status, _, out = _call(
        echo, _environ("/form", method="POST", body=body, content_type=FORM)
    )
    assert status == "200 OK"
    expected = {"a": ["%FF"], "c": ["%zz"], "d": [""], "": ["e"], "f": ["\u00e9 x"]}
    assert out == repr((expected, {})).encode()


def test_raw_invalid_utf8_in_form_body_gives_empty_form(echo: t.Any) -> None:
    status, _, out = _call(
        echo, _environ("/form", method="POST", body=b"a=\xff&b=1", content_type=FORM)
    )
    assert status == "200 OK"
    assert out == repr(({}, {})).encode()


def test_malformed_cookie_header_is_parsed_leniently(echo: t.Any) -> None:
    cookie = 'a=1; ;; =b; c; d="x y"; e=%ff; a=2'
    status, _, body = _call(echo, _environ("/cookies", HTTP_COOKIE=cookie))
    assert status == "200 OK"
    expected = {"a": ["1", "2"], "c": [""], "d": ["x y"], "e": ["%ff"]}
    assert body == repr(expected).encode()


# -- methods ---------------------------------------------------------------------------


def test_lower_case_method_is_upper_cased(echo: t.Any) -> None:
    status, _, body = _call(echo, _environ("/args", query="x=1", method="get"))
    assert status == "200 OK"
    assert body == b"{'x': ['1']}"


@pytest.mark.api("exceptions.MethodNotAllowed")
@pytest.mark.parametrize("method", ["M-SEARCH", "PROPFIND", "BREW", "TRACE"])
def test_unknown_method_is_405_with_allow(echo: t.Any, method: str) -> None:
    status, headers, _ = _call(echo, _environ("/form", method=method))
    assert status == "405 METHOD NOT ALLOWED"
    assert set(headers["Allow"].split(", ")) == {"POST", "OPTIONS"}


def test_options_on_unknown_url_is_404(echo: t.Any) -> None:
    status, _, _ = _call(echo, _environ("/missing", method="OPTIONS"))
    assert status == "404 NOT FOUND"


# -- body length -----------------------------------------------------------------------


@pytest.mark.api("exceptions.BadRequest")
@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/data", None), ("/form", FORM), ("/json", "application/json")],
)
def test_body_shorter_than_content_length_is_400(
    echo: t.Any, path: str, content_type: str | None
) -> None:
    environ = _environ(
        path,
        method="POST",
        body=b'{"a=1"}',
        content_type=content_type,
        CONTENT_LENGTH="100",
    )
    status, _, body = _call(echo, environ)
    assert status == "400 BAD REQUEST"
    assert body == BAD_REQUEST_BODY


@pytest.mark.parametrize("length", ["xyz", "-5", "", "1.5"])
def test_invalid_content_length_reads_as_empty_body(echo: t.Any, length: str) -> None:
    environ = _environ("/data", method="POST", body=b"abc", CONTENT_LENGTH=length)
    status, _, body = _call(echo, environ)
    assert status == "200 OK"
    assert body == b"b''"


def test_terminated_input_without_content_length_is_read(echo: t.Any) -> None:
    environ = _environ(
        "/data",
        method="POST",
        body=b"abc",
        CONTENT_LENGTH="",
        **{"wsgi.input_terminated": True},
    )
    assert _call(echo, environ)[2] == b"b'abc'"


@pytest.mark.api("exceptions.RequestEntityTooLarge")
@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("/form", b"a=1234567", FORM),
        ("/data", b"1234567890", "text/plain"),
        ("/json", b'{"a":12345}', "application/json"),
        (
            "/form",
            _multipart(_field("a", b"1234567")),
            "multipart/form-data; boundary=X",
        ),
    ],
)
def test_max_content_length_is_413(
    echo: t.Any, path: str, data: bytes, content_type: str
) -> None:
    echo.config["MAX_CONTENT_LENGTH"] = 5
    rv = echo.test_client().post(path, data=data, content_type=content_type)
    assert rv.status_code == 413
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == TOO_LARGE_BODY


def test_max_content_length_not_enforced_when_body_unread(echo: t.Any) -> None:
    echo.config["MAX_CONTENT_LENGTH"] = 5
    rv = echo.test_client().get("/args", data=b"1234567890")
    assert rv.status_code == 200


def test_max_content_length_allows_smaller_body(echo: t.Any) -> None:
    echo.config["MAX_CONTENT_LENGTH"] = 5
    rv = echo.test_client().post("/form", data={"a": "1"})
    assert rv.data == repr(({"a": ["1"]}, {})).encode()


def test_request_max_content_length_per_request(impl: t.Any, echo: t.Any) -> None:
    @echo.before_request
    def limit() -> None:
        if impl.request.path == "/data":
            impl.request.max_content_length = 3

    client = echo.test_client()
    assert client.post("/data", data=b"1234").status_code == 413
    assert client.post("/data", data=b"123").data == b"b'123'"
    assert client.post("/form", data={"a": "12345"}).status_code == 200


@pytest.mark.api("exceptions.RequestEntityTooLarge")
def test_max_form_memory_size_urlencoded(echo: t.Any) -> None:
    echo.config["MAX_FORM_MEMORY_SIZE"] = 5
    client = echo.test_client()
    assert client.post("/form", data={"a": "123456"}).status_code == 413
    assert client.post("/form", data={"a": "1"}).status_code == 200


@pytest.mark.api("exceptions.RequestEntityTooLarge")
def test_max_form_memory_size_multipart_field(echo: t.Any) -> None:
    echo.config["MAX_FORM_MEMORY_SIZE"] = 5
    body = _multipart(_field("a", b"hello world"))
    rv = echo.test_client().post(
        "/form", data=body, content_type="multipart/form-data; boundary=X"
    )
    assert rv.status_code == 413
    assert rv.data == TOO_LARGE_BODY


@pytest.mark.api("exceptions.RequestEntityTooLarge")
def test_max_form_parts_multipart(echo: t.Any) -> None:
    echo.config["MAX_FORM_PARTS"] = 2
    client = echo.test_client()
    many = _multipart(*(_field(str(i), b"v") for i in range(3)))
    rv = client.post("/form", data=many, content_type="multipart/form-data; boundary=X")
    assert rv.status_code == 413
    one = _multipart(_field("a", b"v"))
    rv = client.post("/form", data=one, content_type="multipart/form-data; boundary=X")
    assert rv.data == repr(({"a": ["v"]}, {})).encode()


# -- broken multipart bodies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (_multipart(_field("a", b"v")), "multipart/form-data"),
        (_multipart(_field("a", b"v")), "multipart/form-data; boundary="),
        (_multipart(_field("a", b"v"), close=False), "multipart/form-data; boundary=X"),
        (
            _multipart(_field("a", b"v"), boundary=b"Y"),
            "multipart/form-data; boundary=X",
        ),
        (b"garbage", "multipart/form-data; boundary=X"),
        (b"\r\n\r\n--X", "multipart/form-data; boundary=X"),
        (_multipart(b"no headers at all"), "multipart/form-data; boundary=X"),
    ],
    ids=[
        "no-boundary",
        "empty-boundary",
        "unterminated",
        "wrong-boundary",
        "garbage",
        "only-delimiter",
        "part-without-headers",
    ],
)
def test_broken_multipart_gives_empty_form(
    echo: t.Any, body: bytes, content_type: str
) -> None:
    rv = echo.test_client().post("/form", data=body, content_type=content_type)
    assert rv.status_code == 200
    assert rv.data == repr(({}, {})).encode()


@pytest.mark.api("exceptions.BadRequest")
def test_multipart_shorter_than_content_length_is_400(echo: t.Any) -> None:
    environ = _environ(
        "/form",
        method="POST",
        body=_multipart(_field("a", b"v")),
        content_type="multipart/form-data; boundary=X",
        CONTENT_LENGTH="500",
    )
    status, _, body = _call(echo, environ)
    assert status == "400 BAD REQUEST"
    assert body == BAD_REQUEST_BODY


def test_valid_multipart_still_parses(echo: t.Any) -> None:
    file_part = b'Content-Disposition: form-data; name="f"; filename="a.txt"\r\n'
    file_part += b"Content-Type: text/plain\r\n\r\nfile data"
    body = _multipart(_field("a", "é".encode()), file_part)
    rv = echo.test_client().post(
        "/form", data=body, content_type="multipart/form-data; boundary=X"
    )
    assert rv.data == repr(({"a": ["é"]}, {"f": b"file data"})).encode()
