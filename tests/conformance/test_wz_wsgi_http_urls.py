"""``werkzeug.wsgi``, ``werkzeug.http`` and ``werkzeug.urls``: reading a WSGI
environ, the closing and limited streams, cookies and header helpers, IRIs."""

from __future__ import annotations

import io
import typing as t

import pytest

api = pytest.mark.api


def _environ(impl: t.Any, *args: t.Any, **kwargs: t.Any) -> dict[str, t.Any]:
    return impl.werkzeug.test.create_environ(*args, **kwargs)  # type: ignore[no-any-return]


@api("werkzeug.wsgi.get_current_url")
def test_get_current_url(impl: t.Any) -> None:
    wsgi = impl.werkzeug.wsgi
    env = _environ(impl, "/a b/c", "http://Example.com:80/root/", query_string="x=ü")
    assert wsgi.get_current_url(env) == "http://example.com/root/a%20b/c?x=ü"
    assert wsgi.get_current_url(env, strip_querystring=True) == (
        "http://example.com/root/a%20b/c"
    )
    assert wsgi.get_current_url(env, root_only=True) == "http://example.com/root/"
    assert wsgi.get_current_url(env, host_only=True) == "http://example.com/"
    with pytest.raises(impl.werkzeug.exceptions.SecurityError):
        wsgi.get_current_url(env, trusted_hosts=["other.org"])


@api("werkzeug.wsgi.get_host")
@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"wsgi.url_scheme": "http", "HTTP_HOST": "a.com:80"}, "a.com"),
        ({"wsgi.url_scheme": "https", "HTTP_HOST": "a.com:443"}, "a.com"),
        ({"wsgi.url_scheme": "https", "HTTP_HOST": "a.com:80"}, "a.com:80"),
        (
            {"wsgi.url_scheme": "http", "SERVER_NAME": "::1", "SERVER_PORT": "8080"},
            "[::1]:8080",
        ),
        ({"wsgi.url_scheme": "http", "HTTP_HOST": "bad host"}, ""),
        ({"wsgi.url_scheme": "http"}, ""),
    ],
)
def test_get_host(impl: t.Any, environ: dict[str, str], expected: str) -> None:
    assert impl.werkzeug.wsgi.get_host(environ) == expected


@api("werkzeug.wsgi.get_host")
def test_get_host_trusted(impl: t.Any) -> None:
    wsgi = impl.werkzeug.wsgi
    env = {"wsgi.url_scheme": "http", "HTTP_HOST": "app.example.com"}
    assert wsgi.get_host(env, [".example.com"]) == "app.example.com"
    with pytest.raises(impl.werkzeug.exceptions.SecurityError):
        wsgi.get_host(env, ["example.org"])


@api("werkzeug.wsgi.get_content_length", "werkzeug.wsgi.get_path_info")
def test_content_length_and_path_info(impl: t.Any) -> None:
    wsgi = impl.werkzeug.wsgi
    assert wsgi.get_content_length({"CONTENT_LENGTH": "12"}) == 12
    assert wsgi.get_content_length({"CONTENT_LENGTH": "-1"}) == 0
    assert wsgi.get_content_length({"CONTENT_LENGTH": "x"}) == 0
    assert wsgi.get_content_length({}) is None
    chunked = {"CONTENT_LENGTH": "5", "HTTP_TRANSFER_ENCODING": "chunked"}
    assert wsgi.get_content_length(chunked) is None
    raw = "/ü".encode().decode("latin1")
    assert wsgi.get_path_info({"PATH_INFO": raw}) == "/ü"


@api("werkzeug.wsgi.LimitedStream", "werkzeug.wsgi.get_input_stream")
def test_limited_stream(impl: t.Any) -> None:
    wsgi = impl.werkzeug.wsgi
    exc = impl.werkzeug.exceptions
    stream = wsgi.LimitedStream(io.BytesIO(b"hello world"), 5)
    assert stream.read(3) == b"hel" and stream.read() == b"lo"
    assert stream.is_exhausted and stream.read() == b""
    short = wsgi.LimitedStream(io.BytesIO(b"abc"), 10)
    with pytest.raises(exc.ClientDisconnected):
        short.read()
    capped = wsgi.LimitedStream(io.BytesIO(b"x" * 20), 10, is_max=True)
    assert capped.read() == b"x" * 10
    with pytest.raises(exc.RequestEntityTooLarge):
        capped.read(1)
    env = {"wsgi.input": io.BytesIO(b"abcdef"), "CONTENT_LENGTH": "3"}
    assert wsgi.get_input_stream(env).read() == b"abc"
    assert wsgi.get_input_stream({"wsgi.input": io.BytesIO(b"abc")}).read() == b""
    with pytest.raises(exc.RequestEntityTooLarge):
        wsgi.get_input_stream(env, max_content_length=2)


@api("werkzeug.wsgi.ClosingIterator", "werkzeug.wsgi.responder")
def test_closing_iterator_and_responder(impl: t.Any) -> None:
    wsgi = impl.werkzeug.wsgi
    closed: list[str] = []

    class Body:
        def __iter__(self) -> t.Iterator[bytes]:
            return iter([b"a", b"b"])

        def close(self) -> None:
            closed.append("body")

    it = wsgi.ClosingIterator(Body(), [lambda: closed.append("one")])
    assert list(it) == [b"a", b"b"]
    it.close()
    assert closed == ["body", "one"]

    @wsgi.responder
    def app(environ: t.Any, start_response: t.Any) -> t.Any:
        return impl.werkzeug.wrappers.Response("from responder")

    rv = impl.werkzeug.test.Client(app).get("/")
    assert rv.get_data() == b"from responder"


@api("werkzeug.wsgi.wrap_file", "werkzeug.wsgi.FileWrapper")
def test_wrap_file(impl: t.Any) -> None:
    wsgi = impl.werkzeug.wsgi
    wrapper = wsgi.wrap_file({}, io.BytesIO(b"x" * 10), buffer_size=4)
    assert isinstance(wrapper, wsgi.FileWrapper)
    assert list(wrapper) == [b"xxxx", b"xxxx", b"xx"]
    marker = object()
    assert wsgi.wrap_file({"wsgi.file_wrapper": lambda f, n: marker}, io.BytesIO()) is (
        marker
    )


@api("werkzeug.http.parse_cookie", "werkzeug.http.dump_cookie")
def test_cookies(impl: t.Any) -> None:
    http = impl.werkzeug.http
    cookies = http.parse_cookie('a=1; b="x y"; a=2; c')
    assert isinstance(cookies, impl.werkzeug.datastructures.MultiDict)
    assert cookies.getlist("a") == ["1", "2"] and cookies["b"] == "x y"
    environ = {"HTTP_COOKIE": "n=é".encode().decode("latin1")}
    assert http.parse_cookie(environ)["n"] == "é"
    assert http.dump_cookie("k", "v", max_age=60, httponly=True, samesite="Lax") == (
        http.dump_cookie("k", "v", max_age=60, httponly=True, samesite="Lax")
    )
    header = http.dump_cookie("k", "a b", path="/p", secure=True, samesite="Strict")
    assert header == 'k="a b"; Secure; Path=/p; SameSite=Strict'


@api(
    "werkzeug.http.is_hop_by_hop_header",
    "werkzeug.http.is_entity_header",
    "werkzeug.http.remove_hop_by_hop_headers",
    "werkzeug.http.remove_entity_headers",
)
def test_header_classes(impl: t.Any) -> None:
    http = impl.werkzeug.http
    assert http.is_hop_by_hop_header("Keep-Alive")
    assert not http.is_hop_by_hop_header("Content-Type")
    assert http.is_entity_header("content-type") and not http.is_entity_header("Host")
    headers = impl.werkzeug.datastructures.Headers(
        [("Connection", "close"), ("Content-Type", "x/y"), ("Expires", "0"), ("A", "1")]
    )
    http.remove_hop_by_hop_headers(headers)
    assert list(headers.keys()) == ["Content-Type", "Expires", "A"]
    http.remove_entity_headers(headers)
    assert list(headers.keys()) == ["Expires", "A"]


@api(
    "werkzeug.http.parse_csp_header",
    "werkzeug.http.dump_csp_header",
    "werkzeug.http.COOP",
    "werkzeug.http.COEP",
)
def test_csp_and_policies(impl: t.Any) -> None:
    http = impl.werkzeug.http
    csp = http.parse_csp_header("default-src 'self'; img-src *; bad")
    assert isinstance(csp, impl.werkzeug.datastructures.ContentSecurityPolicy)
    assert csp.default_src == "'self'" and csp.img_src == "*"
    csp.script_src = "'none'"
    assert http.dump_csp_header(csp) == (
        "default-src 'self'; img-src *; script-src 'none'"
    )
    assert http.COOP("same-origin") is http.COOP.SAME_ORIGIN
    assert http.COEP.REQUIRE_CORP.value == "require-corp"


@api("werkzeug.urls.iri_to_uri", "werkzeug.urls.uri_to_iri")
@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("http://☃.net/", "http://xn--n3h.net/"),
        (
            "http://üser:pw@☃.net/påth?q=ü#f",
            "http://%C3%BCser:pw@xn--n3h.net/p%C3%A5th?q=%C3%BC#f",
        ),
        ("/a b/?x=ä y", "/a%20b/?x=%C3%A4%20y"),
        ("http://[::1]:8080/ö", "http://[::1]:8080/%C3%B6"),
    ],
)
def test_iri_to_uri(impl: t.Any, iri: str, uri: str) -> None:
    assert impl.werkzeug.urls.iri_to_uri(iri) == uri


@api("werkzeug.urls.uri_to_iri")
@pytest.mark.parametrize(
    ("uri", "iri"),
    [
        ("http://xn--n3h.net/p%C3%A5th?q=%C3%BC", "http://☃.net/påth?q=ü"),
        ("http://%C3%BC:p%40w@x.org/", "http://ü:p%40w@x.org/"),
        ("/%2F%20x", "/%2F%20x"),
        ("/%FF%C3%BC", "/%FFü"),
    ],
)
def test_uri_to_iri(impl: t.Any, uri: str, iri: str) -> None:
    assert impl.werkzeug.urls.uri_to_iri(uri) == iri
