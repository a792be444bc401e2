"""Conformance: hostile requests get the answer Flask gives - a clear 4xx or a
lenient parse - never a 500, and nothing a client sends reaches the response
headers as a header line of its own.

Each request is a raw WSGI environ, as a server passes it (``PATH_INFO`` and
header values are latin-1 text of the raw bytes), so inputs a test client would
normalise reach the app as they are. ``_call`` keeps the raw status line and
header list given to ``start_response``; ``_assert_no_injection`` checks them.

Covered: malformed and truncated JSON and wrong content types; invalid UTF-8 and
bad percent-escapes in the path, query and form; forged and oversized bodies
against ``MAX_CONTENT_LENGTH``, ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS``;
broken multipart bodies; huge and duplicated headers and cookies; hostile
``Host``/``X-Forwarded-*``/``Authorization`` headers; CR/LF from user input in
redirects, headers and cookies. Path traversal and forged session cookies are in
``test_security_defaults.py``; cases where Flask itself answers 500 for a
client's mistake are in ``tests/security`` (flaskcompat only).
"""

from __future__ import annotations

import gc
import io
import typing as t
import warnings
from dataclasses import dataclass
from urllib.parse import quote

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
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data; boundary=X"
JSON = "application/json"
CHUNK = 64 * 1024


@dataclass
class Result:
    """What the app handed to ``start_response``, and the body."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def code(self) -> int:
        return int(self.status[:3])


_environ = wsgi_environ


def _call(app: t.Any, environ: dict[str, t.Any]) -> Result:
    rv = call_wsgi(app, environ)
    return Result(rv.status, rv.headers, rv.body)


def _assert_no_injection(rv: Result) -> None:
    """No CR or LF in the status line or in any header name or value: a server
    writes them as they are, so a line break would start a header of its own.
    """
    assert "\r" not in rv.status and "\n" not in rv.status
    for name, value in rv.headers:
        for text in (name, value):
            assert "\r" not in text and "\n" not in text, (name, value)
    assert all(name.lower() != "x-evil" for name, _ in rv.headers)


class SocketInput(io.RawIOBase):
    """A ``wsgi.input`` like a socket file's, which allocates the size asked for
    up front; remembers the largest read so a test can bound it.
    """

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.largest = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: t.Any) -> int:
        self.largest = max(self.largest, len(b))
        data = self._data.read(len(b))
        b[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        self.largest = max(self.largest, size if size is not None else -1)
        if size is not None and size > 2**30:
            raise MemoryError(f"cannot allocate {size} bytes")
        return self._data.read(size)


@pytest.fixture
def echo(impl: t.Any, app: t.Any) -> t.Any:
    """An app whose views echo what was parsed from the request."""
    app.testing = False  # a view error would be a 500, not an exception

    @app.route("/json", methods=["POST"])
    def json_view() -> str:
        return repr(impl.request.get_json())

    @app.route("/data", methods=["POST"])
    def data_view() -> str:
        return repr(len(impl.request.get_data()))

    @app.route("/form", methods=["POST"])
    def form_view() -> str:
        files = {k: (v.filename, v.read()) for k, v in impl.request.files.items()}
        return repr((impl.request.form.to_dict(flat=False), files))

    @app.route("/args")
    def args_view() -> str:
        return repr(impl.request.args.to_dict(flat=False))

    @app.route("/s/<name>")
    def string_view(name: str) -> str:
        return repr(name)

    @app.route("/p/<path:name>")
    def path_view(name: str) -> str:
        return repr(name)

    @app.route("/i/<int:n>")
    def int_view(n: int) -> str:
        return repr(n)

    @app.route("/headers")
    def headers_view() -> str:
        headers = impl.request.headers
        return repr((len(headers), len(headers.get("X-Dup", "")), len(headers)))

    @app.route("/cookies")
    def cookies_view() -> str:
        cookies = impl.request.cookies
        return repr((len(cookies), sum(len(v) for v in cookies.values())))

    @app.route("/where")
    def where_view() -> str:
        request = impl.request
        return repr(
            (
                request.host,
                request.remote_addr,
                request.scheme,
                impl.url_for("where_view", _external=True),
            )
        )

    @app.route("/auth")
    def auth_view() -> str:
        auth = impl.request.authorization
        return repr(None if auth is None else (auth.type, auth.username))

    return app


# -- JSON ------------------------------------------------------------------------------

MALFORMED_JSON = [
    b'{"a": [1, 2',
    b'{"a": "x}',
    b"[1,]",
    b'{"a" 1}',
    b"{,}",
    b"\x00",
    b'{"a":1}}',
    b"1 2",
    b'"\\x41"',
    b'"\\u12"',
    b"tru",
    b"-",
    b"1e",
    b'{"a":1,}',
    b"\xef\xbb\xbf",
    b"\xff\xfe{\x00",
    pytest.param(b"1" * 5000, id="5000-digits"),  # more than int() converts
    pytest.param(b'{"a": 1' + b" " * 100_000, id="truncated-100k-spaces"),
    b"\x80",
    b'"\xc0\xaf"',
    b"\xed\xa0\x80",
    b'{"a": NaN',
    b"  ",
    b"\n",
    b"/* c */ 1",
    b"0x10",
    b"01",
    b".5",
    b"+1",
    b"'a'",
    b"undefined",
    b'\t{"a":1}\x0c',
]


@pytest.mark.api("exceptions.BadRequest")
@pytest.mark.parametrize("body", MALFORMED_JSON)
def test_malformed_json_is_400(echo: t.Any, body: bytes) -> None:
    rv = _call(echo, _environ("/json", method="POST", body=body, content_type=JSON))
    assert rv.status == "400 BAD REQUEST"
    assert rv.body == BAD_REQUEST_BODY


@pytest.mark.api("exceptions.UnsupportedMediaType")
@pytest.mark.parametrize(
    "content_type",
    [
        "text/json",
        "application/json-patch",
        "application/jsonp",
        "application/x-json",
        "multipart/form-data",
        "+json",
        "application/json, text/html",
        "application /json",
        "application/json\x00",
        "*/*",
        "application/*",
        "text/plain; x=application/json",
    ],
)
def test_json_with_wrong_content_type_is_415(echo: t.Any, content_type: str) -> None:
    environ = _environ(
        "/json", method="POST", body=b'{"a":1}', content_type=content_type
    )
    assert _call(echo, environ).status == "415 UNSUPPORTED MEDIA TYPE"


@pytest.mark.parametrize(
    "content_type",
    [
        " application/json",
        "APPLICATION/JSON",
        "application/json;",
        "application/vnd.api+json",
        "application/+json",
        "application/ld+json; charset=utf-8",
    ],
)
def test_json_content_types_that_are_accepted(echo: t.Any, content_type: str) -> None:
    environ = _environ(
        "/json", method="POST", body=b'{"a":1}', content_type=content_type
    )
    rv = _call(echo, environ)
    assert (rv.status, rv.body) == ("200 OK", b"{'a': 1}")


# -- invalid UTF-8 and percent-escapes -------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "body"),
    [
        ("/s/\xff", 200, "'\ufffd'"),
        ("/s/\xc0\xaf", 200, "'\ufffd\ufffd'"),  # overlong "/"
        ("/s/\xed\xa0\x80", 200, "'\ufffd\ufffd\ufffd'"),  # surrogate
        ("/s/\xf4\x90\x80\x80", 200, "'\ufffd\ufffd\ufffd\ufffd'"),  # > U+10FFFF
        ("/s/\xe2\x82", 200, "'\ufffd'"),  # truncated sequence
        ("/s/%%", 200, "'%%'"),
        ("/s/%c0%af", 200, "'%c0%af'"),
        ("/s/%ed%a0%80", 200, "'%ed%a0%80'"),
        ("/s/%u0041", 200, "'%u0041'"),
        ("/s/%00", 200, "'%00'"),
        ("/s/%2525", 200, "'%2525'"),
        ("/p/a/\xff/b", 200, "'a/\ufffd/b'"),
        ("/p/%ff/%fe", 200, "'%ff/%fe'"),
        ("/p/..%2f..", 200, "'..%2f..'"),
        ("/i/\xff", 404, None),
        ("/i/%31", 404, None),
        ("/i/1%00", 404, None),
    ],
)
def test_bad_bytes_in_path(
    echo: t.Any, path: str, status: int, body: str | None
) -> None:
    rv = _call(echo, _environ(path))
    assert rv.code == status
    if body is not None:
        assert rv.body == body.encode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a=%ff%fe", {"a": ["%FF%FE"]}),
        ("a=%c0%af", {"a": ["%C0%AF"]}),
        ("a=%ed%a0%80", {"a": ["%ED%A0%80"]}),
        ("a=%e2%82", {"a": ["%E2%82"]}),
        ("a=%%", {"a": ["%%"]}),
        ("a=%%zz", {"a": ["%%zz"]}),
        ("a=%u0041", {"a": ["%u0041"]}),
        ("a=%00&b=%0d%0a", {"a": ["\x00"], "b": ["\r\n"]}),
        ("&&&", {}),
        ("=", {"": [""]}),
        ("a==b", {"a": ["=b"]}),
        ("a=1;b=2", {"a": ["1;b=2"]}),
        ("a=+%2B+", {"a": [" + "]}),
        ("%=%", {"%": ["%"]}),
    ],
)
def test_bad_escapes_in_query(echo: t.Any, query: str, expected: t.Any) -> None:
    rv = _call(echo, _environ("/args", query=query))
    assert (rv.status, rv.body) == ("200 OK", repr(expected).encode())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"a=%ff%fe", {"a": ["%FF%FE"]}),
        (b"a=%c0%af", {"a": ["%C0%AF"]}),
        (b"%ff=1", {"%FF": ["1"]}),
        (b"a=%u0041", {"a": ["%u0041"]}),
        (b"a=%00", {"a": ["\x00"]}),
        (b"\x00=\x00", {"\x00": ["\x00"]}),
        (b"a=\xc3", {}),  # raw invalid UTF-8: the form is dropped
        (b"\xed\xa0\x80=1", {}),
    ],
)
def test_bad_escapes_in_form(echo: t.Any, body: bytes, expected: t.Any) -> None:
    environ = _environ("/form", method="POST", body=body, content_type=FORM)
    rv = _call(echo, environ)
    assert (rv.status, rv.body) == ("200 OK", repr((expected, {})).encode())


# -- forged and oversized bodies -------------------------------------------------------


@pytest.mark.api("exceptions.BadRequest")
@pytest.mark.parametrize(
    "length", [10**11, 2**63, 10**30], ids=["1e11", "2^63", "1e30"]
)
@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/json", JSON), ("/data", None), ("/form", MULTIPART)],
)
def test_forged_content_length_is_400_and_read_in_chunks(
    echo: t.Any, length: int, path: str, content_type: str | None
) -> None:
    """A body far shorter than its ``Content-Length``: 400, and the input is
    never asked for more than 64 kB at once (a socket file would allocate it).
    """
    stream = SocketInput(b"1")
    environ = _environ(path, method="POST", content_type=content_type)
    environ.update({"wsgi.input": stream, "CONTENT_LENGTH": str(length)})
    rv = _call(echo, environ)
    assert rv.status == "400 BAD REQUEST"
    assert 0 < stream.largest <= CHUNK


@pytest.mark.api("exceptions.RequestEntityTooLarge")
def test_forged_length_over_form_memory_is_413_unread(echo: t.Any) -> None:
    stream = SocketInput(b"a=1")
    environ = _environ("/form", method="POST", content_type=FORM)
    environ.update({"wsgi.input": stream, "CONTENT_LENGTH": str(10**30)})
    assert _call(echo, environ).status == "413 REQUEST ENTITY TOO LARGE"
    assert stream.largest == 0


@pytest.mark.api("exceptions.RequestEntityTooLarge")
@pytest.mark.parametrize(("size", "status"), [(100, 200), (101, 413), (10**12, 413)])
def test_max_content_length_boundary(echo: t.Any, size: int, status: int) -> None:
    echo.config["MAX_CONTENT_LENGTH"] = 100
    stream = SocketInput(b"x" * min(size, 200))
    environ = _environ("/data", method="POST")
    environ.update({"wsgi.input": stream, "CONTENT_LENGTH": str(size)})
    assert _call(echo, environ).code == status
    assert stream.largest <= 100


@pytest.mark.parametrize(
    ("path", "content_type", "status", "body"),
    [
        ("/json", JSON, 400, b'{"a": "' + b"x" * 200 + b'"}'),
        ("/form", MULTIPART, 413, None),
        ("/data", None, 200, b"x" * 300),
        ("/form", FORM, 200, b"a=" + b"1" * 300),
    ],
    ids=["json", "multipart", "data", "urlencoded"],
)
def test_chunked_body_over_max_content_length(
    echo: t.Any, path: str, content_type: str | None, status: int, body: bytes | None
) -> None:
    """Without a length (``wsgi.input_terminated``) the body is read up to
    ``MAX_CONTENT_LENGTH`` only: what is cut off fails to parse (400), trips
    the multipart limit (413) or is simply not seen (Werkzeug's behaviour).
    """
    echo.config["MAX_CONTENT_LENGTH"] = 100
    if body is None:
        body = _multipart(_field("a", b"v" * 300))
    environ = _environ(path, method="POST", body=body, content_type=content_type)
    environ.update(
        {
            "CONTENT_LENGTH": "",
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input_terminated": True,
        }
    )
    rv = _call(echo, environ)
    assert rv.code == status
    if path == "/data":
        assert rv.body == b"100"
    if content_type == FORM:
        assert rv.body == repr(({"a": ["1" * 98]}, {})).encode()


def _multipart(*parts: bytes, boundary: bytes = b"X", close: bool = True) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


def _field(name: str, value: bytes, *headers: bytes) -> bytes:
    head = f'Content-Disposition: form-data; name="{name}"\r\n'.encode()
    return head + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + value


def _file(name: str, filename: bytes, value: bytes = b"v") -> bytes:
    head = b'Content-Disposition: form-data; name="%s"; filename="%s"\r\n'
    return head % (name.encode(), filename) + b"\r\n" + value


@pytest.fixture
def refused_files(impl: t.Any) -> t.Iterator[None]:
    """Collect the files of a refused multipart body before the test ends.

    Werkzeug leaves the files it received before a 413 to the garbage collector
    (a ``ResourceWarning``, an error here); flaskcompat closes them.
    """
    yield
    with warnings.catch_warnings():
        if impl.name == "flask":
            warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.mark.api("exceptions.RequestEntityTooLarge")
@pytest.mark.usefixtures("refused_files")
@pytest.mark.parametrize(
    "body",
    [
        _multipart(_field("a", b"v", b"X-Pad: " + b"p" * 2000)),
        b"x" * 2000 + b"\r\n" + _multipart(_field("a", b"v")),
        _multipart(_field("a", b"v")) + b"x" * 2000,
        _multipart(_file("f", b"a.txt", b"v" * 2000)),
        _multipart(_field("a", b"v" * 2000)),
    ],
    ids=["part-header", "preamble", "epilogue", "file", "field"],
)
def test_max_form_memory_size_multipart(echo: t.Any, body: bytes) -> None:
    echo.config["MAX_FORM_MEMORY_SIZE"] = 1000
    environ = _environ("/form", method="POST", body=body, content_type=MULTIPART)
    rv = _call(echo, environ)
    assert (rv.status, rv.body) == ("413 REQUEST ENTITY TOO LARGE", TOO_LARGE_BODY)


@pytest.mark.api("exceptions.RequestEntityTooLarge")
@pytest.mark.usefixtures("refused_files")
@pytest.mark.parametrize(
    ("config", "parts", "status"),
    [
        ({"MAX_FORM_PARTS": 5}, 5, 200),
        ({"MAX_FORM_PARTS": 5}, 6, 413),
        ({}, 1000, 200),
        ({}, 1001, 413),  # Flask's default limit
    ],
)
def test_max_form_parts_counts_files(
    echo: t.Any, config: dict[str, int], parts: int, status: int
) -> None:
    echo.config.update(config)
    body = _multipart(*(_file(f"f{i}", b"a.txt") for i in range(parts)))
    environ = _environ("/form", method="POST", body=body, content_type=MULTIPART)
    assert _call(echo, environ).code == status


# -- broken multipart bodies -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            _multipart(_field("a", b"v", b"X-Pad: " + b"p" * 100_000)),
            MULTIPART,
            ({"a": ["v"]}, {}),
        ),
        (
            _multipart(_field("a", b"v", b"X-Pad: " + b"p" * 600_000)),
            MULTIPART,
            413,  # over the default MAX_FORM_MEMORY_SIZE
        ),
        (
            b"--X\r\nContent-Disposition: form-data; name=a\r\nv\r\n--X--\r\n",
            MULTIPART,
            ({}, {}),
        ),
        (
            b"--XContent-Disposition: form-data; name=a\r\n\r\nv\r\n--X--",
            MULTIPART,
            ({}, {}),
        ),
        (
            b"--X\nContent-Disposition: form-data; name=a\n\nv\n--X--\n",
            MULTIPART,
            ({"a": ["v"]}, {}),
        ),
        (
            b"--X\rContent-Disposition: form-data; name=a\r\rv\r--X--\r",
            MULTIPART,
            ({"a": ["v"]}, {}),
        ),
        (
            b"--X\r\nContent-Disposition: form-data; name=a\r\n\r\nv",
            MULTIPART,
            ({}, {}),
        ),
        (
            b'--X\r\nContent-Disposition: form-data; name="\xff"\r\n\r\nv\r\n--X--\r\n',
            MULTIPART,
            ({}, {}),
        ),
        (
            _multipart(_field("a", b"v"), boundary=b"B" * 100_000),
            "multipart/form-data; boundary=" + "B" * 100_000,
            ({"a": ["v"]}, {}),
        ),
        (b"--X--\r\n", 'multipart/form-data; boundary="X; a=\\"', ({}, {})),
        (b"a=1", ';;;=;"', ({}, {})),
        (_multipart(_field("a", b"v")), "multipart/mixed; boundary=X", ({}, {})),
        (
            _multipart(
                _field("a", b"+ADw-", b"Content-Type: text/plain; charset=utf-7")
            ),
            MULTIPART,
            ({"a": ["+ADw-"]}, {}),
        ),
        (
            _multipart(
                _file("f", b"a", b"v").replace(
                    b"\r\n\r\n", b"\r\nContent-Length: -99999999999999\r\n\r\n"
                )
            ),
            MULTIPART,
            ({}, {"f": ("a", b"v")}),
        ),
        # Filenames are handed over as sent: secure_filename is the app's job.
        (
            _multipart(_file("f", b"../../etc/passwd")),
            MULTIPART,
            ({}, {"f": ("../../etc/passwd", b"v")}),
        ),
        (
            _multipart(_file("f", b"a\x00.txt")),
            MULTIPART,
            ({}, {"f": ("a\x00.txt", b"v")}),
        ),
    ],
    ids=[
        "100k-part-header",
        "600k-part-header",
        "no-blank-line",
        "no-line-break-after-boundary",
        "lf-only",
        "cr-only",
        "truncated-part",
        "invalid-utf8-header",
        "100k-boundary",
        "broken-boundary-quoting",
        "garbage-content-type",
        "multipart-mixed",
        "utf7-part-charset",
        "negative-part-length",
        "traversal-filename",
        "nul-filename",
    ],
)
def test_broken_multipart(
    echo: t.Any, body: bytes, content_type: str, expected: t.Any
) -> None:
    environ = _environ("/form", method="POST", body=body, content_type=content_type)
    rv = _call(echo, environ)
    if expected == 413:
        assert rv.status == "413 REQUEST ENTITY TOO LARGE"
    else:
        assert (rv.status, rv.body) == ("200 OK", repr(expected).encode())


# -- huge and duplicated headers and cookies -------------------------------------------


@pytest.mark.parametrize(
    ("path", "extra", "expected"),
    [
        ("/cookies", {"HTTP_COOKIE": "a=" + "x" * 100_000}, (1, 100_000)),
        (
            "/cookies",
            {"HTTP_COOKIE": "; ".join(f"c{i}=v" for i in range(10_000))},
            (10_000, 10_000),
        ),
        ("/cookies", {"HTTP_COOKIE": "a=\xff\xfe; b=\xc3\xa9"}, (2, 4)),
        ("/cookies", {"HTTP_COOKIE": 'a="\\"; b="\\777"; c="'}, (3, 5)),
        ("/cookies", {"HTTP_COOKIE": ";" * 50_000 + "=" * 50_000}, (0, 0)),
        ("/headers", {"HTTP_X_DUP": ",".join(["v"] * 1000)}, (2, 1999, 2)),
        ("/headers", {"HTTP_X_LONG": "L" * 100_000}, (2, 0, 2)),
        ("/headers", {"HTTP_X_" + "N" * 10_000: "v"}, (2, 0, 2)),
        ("/headers", {f"HTTP_X_H{i}": "v" for i in range(1000)}, (1001, 0, 1001)),
    ],
    ids=[
        "100k-cookie",
        "10k-cookies",
        "invalid-utf8-cookie",
        "broken-cookie-quoting",
        "separators-only",
        "1000-joined-duplicates",
        "100k-header-value",
        "10k-header-name",
        "1000-headers",
    ],
)
def test_huge_headers_and_cookies(
    echo: t.Any, path: str, extra: dict[str, str], expected: t.Any
) -> None:
    rv = _call(echo, _environ(path, **extra))
    assert (rv.status, rv.body) == ("200 OK", repr(expected).encode())


def test_1000_duplicate_headers_from_test_client(echo: t.Any) -> None:
    client = echo.test_client(use_cookies=False)
    rv = client.get("/headers", headers=[("X-Dup", "v")] * 1000)
    assert rv.status_code == 200
    assert rv.data == repr((3, 2998, 3)).encode()
    rv = client.get("/cookies", headers=[("Cookie", f"c{i}=v") for i in range(1000)])
    assert rv.status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "localhost:abc",
        "a b",
        "a\r\nX-Evil: 1",
        "\xe9vil.com",
        "",
        "evil.com@good.com",
        "evil.com/x",
        "evil.com\\x",
        "evil.com#",
        "evil.com?",
        "[::1",
    ],
)
def test_invalid_host_header_is_dropped(echo: t.Any, host: str) -> None:
    """An invalid ``Host`` becomes ``""``: it never reaches built URLs."""
    rv = _call(echo, _environ("/where", HTTP_HOST=host, REMOTE_ADDR="1.2.3.4"))
    assert rv.status == "200 OK"
    assert rv.body == repr(("", "1.2.3.4", "http", "http:///where")).encode()


def test_forwarded_headers_are_not_trusted_by_default(echo: t.Any) -> None:
    """Without ProxyFix, ``X-Forwarded-*`` change neither the client address,
    the host nor the scheme (Bottle's request would read them).
    """
    environ = _environ(
        "/where",
        REMOTE_ADDR="1.2.3.4",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
        HTTP_X_FORWARDED_HOST="evil.com",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_PORT="8443",
        HTTP_X_REAL_IP="6.6.6.6",
        HTTP_FORWARDED="for=6.6.6.6;host=evil.com;proto=https",
    )
    rv = _call(echo, environ)
    expected = ("localhost", "1.2.3.4", "http", "http://localhost/where")
    assert rv.body == repr(expected).encode()


@pytest.mark.api("exceptions.BadHost")
@pytest.mark.parametrize(
    "host",
    ["a" * 64, "a" * 100_000, "a." + "b" * 64, "a..b", ".a"],
    ids=["64-label", "100k-label", "64-second-label", "empty-label", "leading-dot"],
)
def test_overlong_host_label_is_400(echo: t.Any, host: str) -> None:
    rv = _call(echo, _environ("/where", HTTP_HOST=host))
    assert (rv.status, rv.body) == ("400 BAD REQUEST", BAD_REQUEST_BODY)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Basic !!!!", ("basic", "")),
        ("Basic /w==", None),  # not UTF-8
        ("Basic YWJj", ("basic", "abc")),  # no colon
        pytest.param("Basic " + "A" * 100_000, ("basic", "\x00" * 75_000), id="100k"),
        ("Basic", ("basic", "")),
        ("", None),
        ('Digest username="a, realm', ("digest", None)),
        ("Bearer", ("bearer", None)),
        ("\xff\xfe", ("\xff\xfe", None)),
    ],
)
def test_garbage_authorization(echo: t.Any, header: str, expected: t.Any) -> None:
    rv = _call(echo, _environ("/auth", HTTP_AUTHORIZATION=header))
    assert (rv.status, rv.body) == ("200 OK", repr(expected).encode())


# -- CR/LF from user input in the response head ----------------------------------------

INJECTIONS = ["a\r\nX-Evil: 1", "a\nX-Evil: 1", "a\rX-Evil: 1"]


@pytest.fixture
def reflect(impl: t.Any, app: t.Any) -> t.Any:
    """Views that put the query argument ``v`` in the response head."""
    app.testing = False
    request = impl.request

    def with_response(change: t.Callable[[t.Any, str], None]) -> t.Callable[[], t.Any]:
        def view() -> t.Any:
            rv = impl.make_response("x")
            change(rv, request.args["v"])
            return rv

        return view

    views: dict[str, t.Callable[[], t.Any]] = {
        "redirect": lambda: impl.redirect(request.args["v"]),
        "header": lambda: ("x", {"X-User": request.args["v"]}),
        "mimetype": lambda: impl.Response("x", mimetype=request.args["v"]),
        "content_type": lambda: impl.Response("x", content_type=request.args["v"]),
        "download_name": lambda: impl.send_file(
            io.BytesIO(b"data"), download_name=request.args["v"], as_attachment=True
        ),
        "location": with_response(lambda rv, v: setattr(rv, "location", v)),
        "vary": with_response(lambda rv, v: rv.vary.add(v)),
        "etag": with_response(lambda rv, v: rv.set_etag(v)),
        "cookie_name": with_response(lambda rv, v: rv.set_cookie(v, "1")),
        "cookie_domain": with_response(lambda rv, v: rv.set_cookie("c", domain=v)),
        "header_option": with_response(
            lambda rv, v: rv.headers.add("Content-Disposition", "inline", filename=v)
        ),
        "headers_set": with_response(lambda rv, v: rv.headers.set("X-User", v)),
        "headers_extend": with_response(lambda rv, v: rv.headers.extend({"X-A": v})),
    }
    for name, view in views.items():
        app.add_url_rule(f"/{name}", name, view)

    @app.route("/cookie_value")
    def cookie_value() -> t.Any:
        rv = impl.make_response("x")
        rv.set_cookie("c", request.args["v"], path="/" + request.args["v"])
        return rv

    @app.route("/session_value")
    def session_value() -> str:
        impl.session["v"] = request.args["v"]
        impl.flash(request.args["v"])
        return "x"

    return app


@pytest.mark.api("redirect", "make_response", "Response", "send_file")
@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize(
    "sink",
    [
        "redirect",
        "header",
        "mimetype",
        "content_type",
        "download_name",
        "location",
        "vary",
        "etag",
        "cookie_name",
        "cookie_domain",
        "header_option",
        "headers_set",
        "headers_extend",
    ],
)
def test_line_break_from_user_input_is_refused(
    reflect: t.Any, sink: str, value: str
) -> None:
    """A view that copies user input into a header fails (500, the app's bug)
    rather than letting the input add a header line of its own.
    """
    rv = _call(reflect, _environ(f"/{sink}", query="v=" + quote(value)))
    assert rv.status == "500 INTERNAL SERVER ERROR"
    _assert_no_injection(rv)


@pytest.mark.api("Response.set_cookie", "session", "flash")
@pytest.mark.parametrize("value", [*INJECTIONS, "a\x00b", "a;b,c", 'a"; x="y'])
@pytest.mark.parametrize("sink", ["cookie_value", "session_value"])
def test_line_break_in_cookie_value_is_encoded(
    reflect: t.Any, sink: str, value: str
) -> None:
    """Cookie values and paths are quoted and sessions signed: a 200 whose
    ``Set-Cookie`` carries the input encoded.
    """
    rv = _call(reflect, _environ(f"/{sink}", query="v=" + quote(value)))
    assert rv.status == "200 OK"
    _assert_no_injection(rv)
    (cookie,) = [v for k, v in rv.headers if k == "Set-Cookie"]
    assert ";" not in cookie.split("; ")[0].partition("=")[2].strip('"')


@pytest.mark.api("redirect")
@pytest.mark.parametrize(
    ("value", "location"),
    [
        ("%0d%0aX-Evil: 1", "%0d%0aX-Evil:%201"),
        ("a\x0bb\x0cc", "a%0Bb%0Cc"),
        ("a\x85X-Evil: 1", "a%C2%85X-Evil:%201"),
        ("a\u2028X-Evil: 1", "a%E2%80%A8X-Evil:%201"),
        ("a\x00b", "a%00b"),
        ("/\r/evil.com", None),
    ],
)
def test_other_control_characters_in_redirect_are_quoted(
    reflect: t.Any, value: str, location: str | None
) -> None:
    rv = _call(reflect, _environ("/redirect", query="v=" + quote(value)))
    _assert_no_injection(rv)
    if location is None:
        assert rv.status == "500 INTERNAL SERVER ERROR"
    else:
        assert rv.status == "302 FOUND"
        assert dict(rv.headers)["Location"] == location
