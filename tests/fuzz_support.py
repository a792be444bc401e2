"""Shared pieces of the fuzz tests (``test_fuzz.py``, ``test_fuzz_routing.py``):
the WSGI environ a server would pass, calling an app and checking its response
is well formed, and the hypothesis strategies for methods, paths, queries,
headers and bodies, plus the rules both fuzzed apps share."""

from __future__ import annotations

import io
import json
import re
import sys
import typing as t
from urllib.parse import quote, quote_plus, unquote, urlencode

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from wsgi_support import call_wsgi_strict

Environ = dict[str, t.Any]

#: Examples per property; the total stays at a few thousand (the file runs in
#: well under 30 s on a 2-core machine).
FULL_APP_EXAMPLES = 1600
DIFFERENTIAL_EXAMPLES = 1500


def _settings(max_examples: int) -> settings:
    """Reproducible CI settings: same examples every run, no database."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- the WSGI side: environs and well-formed responses --------------------------

TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_STATUS_RE = re.compile(r"[1-5][0-9]{2} [\x20-\x7e]+")
_MAX_CONTENT_LENGTH = 8192


def server_path(target: str) -> str:
    """``PATH_INFO`` as a WSGI server makes it from a request target: the raw
    bytes (a client sends UTF-8) read as latin-1, then percent-decoded to
    latin-1 (invalid escapes stay as they are)."""
    return unquote(target.encode("utf-8").decode("latin-1"), encoding="latin-1")


def make_environ(
    method: str = "GET",
    path_info: str = "/",
    query: str = "",
    headers: t.Sequence[tuple[str, str]] = (),
    body: bytes = b"",
    content_type: str | None = None,
    content_length: str | None = None,
    script_name: str = "",
    scheme: str = "http",
    protocol: str = "HTTP/1.1",
    chunked: bool = False,
) -> Environ:
    """A WSGI environ as a server would pass it."""
    environ: Environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "fuzz.test",
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "SERVER_PROTOCOL": protocol,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if chunked:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = True
    if content_type is not None:
        environ["CONTENT_TYPE"] = content_type
    if content_length is not None:
        environ["CONTENT_LENGTH"] = content_length
    for name, value in headers:
        key = "HTTP_" + name.upper().replace("-", "_")
        if key in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
            continue  # a server passes these without the HTTP_ prefix
        if key in environ:
            environ[key] += "," + value  # what wsgiref does with repeated headers
        else:
            environ[key] = value
    return environ


def copy_environ(environ: Environ) -> Environ:
    """The same request again, with a fresh input stream."""
    rv = dict(environ)
    rv["wsgi.input"] = io.BytesIO(environ["wsgi.input"].getvalue())
    return rv


class WSGIResult(t.NamedTuple):
    status: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def code(self) -> int:
        return int(self.status[:3])

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        assert len(values) <= 1, f"{name} repeated: {values!r}"
        return values[0] if values else None


def call_wsgi(app: t.Any, environ: Environ) -> WSGIResult:
    """Run a WSGI app as a strict server would, checking the protocol
    (:func:`wsgi_support.call_wsgi_strict`)."""
    status, headers, body = call_wsgi_strict(app, environ)
    return WSGIResult(status, headers, body)


def check_well_formed(result: WSGIResult, method: str) -> None:
    """What every response must be, whatever the request."""
    assert _STATUS_RE.fullmatch(result.status), repr(result.status)
    for name, value in result.headers:
        assert _TOKEN_RE.fullmatch(name), f"bad header name {name!r}"
        value.encode("latin-1")  # a WSGI header value is latin-1 text
        assert "\r" not in value and "\n" not in value and "\0" not in value, value
    length = result.header("Content-Length")
    if method == "HEAD" or result.code in (204, 304) or result.code < 200:
        assert result.body == b"", (method, result.status, result.body[:100])
    elif length is not None:
        assert length.isdigit() and int(length) == len(result.body), (
            length,
            len(result.body),
        )
    location = result.header("Location")
    if location is not None:
        assert location.isascii(), location  # an URI, not an IRI
        assert " " not in location, location


# -- strategies ---------------------------------------------------------------

STANDARD_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
_ODD_METHODS = ["TRACE", "CONNECT", "PROPFIND", "M-SEARCH", "get", "Post", "GET "]


@st.composite
def methods(draw: st.DrawFn) -> str:
    """Mostly standard methods, some odd ones, some random tokens."""
    kind = draw(st.integers(0, 9))
    if kind <= 6:
        return draw(st.sampled_from(["GET", "GET", "POST", *STANDARD_METHODS]))
    if kind <= 8:
        return draw(st.sampled_from(_ODD_METHODS))
    return draw(st.text(alphabet=TCHAR, min_size=1, max_size=10))


_ROUTE_WORDS = [
    "int", "signed", "fixed", "range", "float", "path", "uuid", "any", "len",
    "slash", "loose", "methods", "users", "page", "a", "b", "static", "edit",
    "raw", "v1", "info", "about", "help", "café", "ünï", "echo", "x", "z",
]  # fmt: skip
_ODD_SEGMENTS = [
    "", ".", "..", "%2F", "%2f", "%2e", "%2E%2e", "%", "%%", "%zz", "%4", "%g0",
    "%C3", "%C3%A9", "%FF", "%00", "%0A", "%0D%0A", "%20", "+", ";a=b", "~",
]  # fmt: skip
_numbers = st.one_of(
    st.integers(min_value=-10, max_value=200).map(str),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.integers(min_value=0, max_value=999).map(lambda n: f"{n:04d}"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1.5", "-2.25", "0.0", "1e5", "1.", ".5", "١٢", "²", "1_000"]),
)
_uuid_forms = [str.upper, lambda u: u.replace("-", ""), lambda u: u[:-1]]
_uuids = st.builds(
    lambda u, f: f(str(u)), st.uuids(), st.sampled_from([str, *_uuid_forms])
)
_unicode_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/?#"), max_size=8
)
_segment_text = st.one_of(
    st.sampled_from(_ROUTE_WORDS), _numbers, _uuids, _unicode_text
)


@st.composite
def _segment(draw: st.DrawFn, text: st.SearchStrategy[str] = _segment_text) -> str:
    """One segment of a request target (as sent, before server decoding)."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(_ODD_SEGMENTS))
    if kind == 1:  # raw bytes, percent-encoded (often invalid UTF-8)
        return quote(draw(st.binary(max_size=6)), safe="")
    value = draw(text)
    encoding = draw(st.sampled_from(["raw", "raw", "raw", "quote", "quote_all"]))
    if encoding == "quote":
        return quote(value, safe="!$&'()*+,;=:@")
    if encoding == "quote_all":
        return "".join(f"%{b:02X}" for b in value.encode())
    return value


#: The rules of both test apps, ``{slot}`` for a value: number, segment,
#: several segments, uuid, ``any`` word, abort code.
_TEMPLATES = [
    "/", "/int/{n}", "/signed/{n}", "/fixed/{n}", "/range/{n}", "/float/{n}",
    "/path/{p}", "/path/{p}/edit", "/raw/{p}/", "/uuid/{u}", "/any/{w}",
    "/len/{s}", "/minmax/{s}", "/slash/", "/noslash", "/loose/", "/looser",
    "/methods", "/methods/", "/get-only", "/users/", "/users/page/{n}",
    "/a/{s}/b/{s}", "/a/{s}/b/static", "/a/static/b/{s}", "/mixed/{n}-{n}",
    "/v{n}/info", "/ünï/{s}", "/%C3%BCn%C3%AF/{s}", "/x/{n}", "/x/{s}",
    "/x/{p}/z", "/echo", "/echo/{p}", "/json", "/form", "/raise", "/abort/{c}",
    "/go", "/build", "/stream",
]  # fmt: skip
_slot_values: dict[str, st.SearchStrategy[str]] = {
    "n": st.one_of(
        st.integers(0, 150).map(str),
        st.sampled_from(["1.5", "0.25", "12.0", "007", "-3"]),
        _segment(_numbers),
    ),
    "s": st.one_of(st.sampled_from(["abc", "ab", "é", "x y", "static"]), _segment()),
    "p": st.lists(_segment(), min_size=1, max_size=4).map("/".join),
    "u": st.one_of(st.uuids().map(str), _segment(_uuids)),
    "w": _segment(st.sampled_from(["about", "help", "café", "ABOUT", "abou", "x"])),
    "c": st.sampled_from(["400", "404", "405", "413", "418", "419", "500", "302"]),
}
_slot_re = re.compile(r"\{(\w)\}")


@st.composite
def route_targets(draw: st.DrawFn) -> str:
    """A request target near a rule: its slots filled, sometimes mangled
    (slash added or removed, doubled slashes, dot segments)."""
    template = draw(st.sampled_from(_TEMPLATES))
    target = _slot_re.sub(lambda m: draw(_slot_values[m.group(1)]), template)
    mutation = draw(st.integers(0, 15))
    if mutation == 0:
        target = target + "/" if target[-1:] != "/" else target[:-1]
    elif mutation == 1:
        target = "/" + target
    elif mutation == 2:
        slashes = [i for i, c in enumerate(target) if c == "/"]
        i = draw(st.sampled_from(slashes))
        odd = draw(st.sampled_from(["//", "/./", "/../", "/%2F"]))
        target = target[:i] + odd + target[i + 1 :]
    return target


@st.composite
def random_targets(draw: st.DrawFn) -> str:
    """A request target of random segments, sometimes very long."""
    segments = draw(st.lists(_segment(), max_size=6))
    path = "/" + "/".join(segments)
    if draw(st.integers(0, 3)) == 0:
        path += "/"
    if draw(st.integers(0, 10)) == 0:  # very long
        path += "/" + draw(st.sampled_from(["a", "é", "%41", "x/"])) * draw(
            st.integers(1000, 5000)
        )
    return path


@st.composite
def path_infos(draw: st.DrawFn) -> str:
    """``PATH_INFO``: the server's decoding of a request target (mostly near a
    rule), or raw bytes as latin-1."""
    kind = draw(st.integers(0, 9))
    if kind == 0:  # raw bytes (invalid UTF-8 too), some reaching views
        prefix = draw(st.sampled_from(["/", "/echo/", "/path/", "/x/", "/Ã¼nÃ¯/"]))
        return prefix + draw(st.binary(max_size=30)).decode("latin-1")
    if kind <= 2:
        return server_path(draw(random_targets()))
    return server_path(draw(route_targets()))


@st.composite
def body_reading_paths(draw: st.DrawFn) -> str:
    """``PATH_INFO`` for the full app: half go to views that read the request."""
    kind = draw(st.integers(0, 5))
    if kind <= 1:
        return draw(st.sampled_from(["/echo", "/json", "/form", "/echo/Ã©"]))
    if kind == 2:  # views that put request data in the response headers
        return draw(st.sampled_from(["/go", "/build", "/stream", "/echo"]))
    return draw(path_infos())


_query_text = st.one_of(
    st.sampled_from(["", "a", "é", "%zz", "%", "%C3", "%FF", "+", "a+b", "%2B", "=",
                     "\r\n", "%0D%0A", "http://example.com/x", "//evil.test/",
                     "/", "/echo", "é/ü?x=1#frag", "http://a..b/", "http://a:xy/"]),
    st.text(max_size=12),
)  # fmt: skip


@st.composite
def query_strings(draw: st.DrawFn) -> str:
    """``QUERY_STRING``: encoded pairs, odd separators, or raw latin-1 text."""
    kind = draw(st.integers(0, 4))
    if kind == 0:  # raw text as the server passes it (latin-1 of the bytes)
        return draw(
            st.text(
                alphabet=st.characters(
                    min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="#"
                ),
                max_size=40,
            )
        )
    keys = st.one_of(st.sampled_from(["a", "next", "c", "x", "code", "n"]), _query_text)
    pairs = draw(st.lists(st.tuples(keys, _query_text), max_size=5))
    if kind == 1:  # separators, escapes and raw UTF-8 as a careless client sends
        raw = "&".join(f"{k}={v}" for k, v in pairs)
        raw = re.sub(r"[\s#]", "", raw)  # the request line ends at those
        return raw.encode("utf-8", "surrogatepass").decode("latin-1")
    return urlencode(pairs, quote_via=quote if kind == 2 else quote_plus)


_header_value = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF) | st.just("\t"),
    max_size=40,
).map(str.strip)
_KNOWN_HEADERS = [
    "Accept", "Accept-Language", "Accept-Charset", "Accept-Encoding",
    "Authorization", "Cache-Control", "Cookie", "Host", "If-Match",
    "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range",
    "Range", "Origin", "Referer", "User-Agent", "X-Forwarded-For",
    "X-Forwarded-Proto", "Content-Encoding", "Date", "Pragma",
    "Access-Control-Request-Method", "Access-Control-Request-Headers",
]  # fmt: skip
_typical_values = st.sampled_from([
    "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "en-US,en;q=0.5", "*/*;q=x",
    "Basic dXNlcjpwYXNz", "Basic !!!", "Bearer abc", "Digest a=b, c", "max-age=0",
    "no-cache, max-age=abc", '"abc", W/"def"', "*", "bytes=0-10", "bytes=5-1",
    "bytes=-0", "Sun, 06 Nov 1994 08:49:37 GMT", "not a date", "session=abc",
    "a=b; c=d; session=x.y.z", 'a="q\\"uote"; =; ;', "example.com", "EXAMPLE.com:8080",
    "[::1]:80", "[::1", "bad host", "h:1:2", "xn--caf-dma.test", "café.test",
    "10.0.0.1, 10.0.0.2", "gzip", "https", "null",
])  # fmt: skip


@st.composite
def header_lists(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Request headers as a server would pass them."""
    names = st.one_of(
        st.sampled_from(_KNOWN_HEADERS),
        st.text(alphabet=TCHAR, min_size=1, max_size=15),
    )
    values = st.one_of(_typical_values, _header_value)
    return draw(st.lists(st.tuples(names, values), max_size=8))


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=10,
)
_BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? "
_param_text = st.one_of(
    st.sampled_from(["a", "file", "", 'q"uote', "back\\slash", "semi;colon", "é"]),
    st.text(max_size=10),
)


@st.composite
def multipart_bodies(draw: st.DrawFn) -> tuple[str, bytes]:
    """A ``multipart/form-data`` body with a random boundary, sometimes broken."""
    boundary = draw(st.text(alphabet=_BCHARS, min_size=1, max_size=70)).rstrip() or "b"
    bnd = boundary.encode()
    body = b""
    for _ in range(draw(st.integers(0, 4))):
        name = draw(_param_text)
        disposition = f'form-data; name="{name}"'
        if draw(st.booleans()):
            disposition += f'; filename="{draw(_param_text)}"'
        lines = [f"Content-Disposition: {disposition}"]
        if draw(st.booleans()):
            lines.append(f"Content-Type: {draw(_content_types)}")
        head = "\r\n".join(lines).encode("utf-8")
        content = draw(st.binary(max_size=60) | _unicode_text.map(str.encode))
        body += b"--" + bnd + b"\r\n" + head + b"\r\n\r\n" + content + b"\r\n"
    body += b"--" + bnd + b"--\r\n"
    param = f'"{boundary}"' if draw(st.booleans()) else boundary
    content_type = f"multipart/form-data; boundary={param}"
    mutation = draw(st.integers(0, 9))
    if mutation == 0:
        body = body[: draw(st.integers(0, max(len(body) - 1, 0)))]  # truncated
    elif mutation == 1:
        body = body.replace(b"--" + bnd + b"--", b"")  # no end
    elif mutation == 2:
        body = draw(st.binary(max_size=20)) + body  # a preamble
    elif mutation == 3:  # the wrong boundary, or none
        content_type = "multipart/form-data" + draw(
            st.sampled_from(["", "; boundary=x"])
        )
    elif mutation == 4:
        body = body.replace(b"\r\n", b"\n")
    return content_type, body


_content_types = st.one_of(
    st.sampled_from([
        "text/plain", "application/octet-stream", "application/json",
        "application/json; charset=latin-1", "application/vnd.api+json",
        "application/x-www-form-urlencoded; charset=utf-8", "multipart/form-data",
        "multipart/mixed; boundary=x", "", ";;;", "text/plain; charset=nope",
        "application/x-www-form-urlencoded; charset=latin-1",
    ]),
    _header_value,
)  # fmt: skip


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str | None, bytes]:
    """``(content type, body)``: form, multipart, JSON or garbage."""
    kind = draw(st.sampled_from(["none", "form", "multipart", "json", "garbage"]))
    if kind == "none":
        return None, b""
    if kind == "form":
        pairs = draw(st.lists(st.tuples(_query_text, _query_text), max_size=6))
        raw = "&".join(f"{k}={v}" for k, v in pairs)
        text = urlencode(pairs) if draw(st.booleans()) else raw
        charset = draw(st.sampled_from(["", "; charset=utf-8", "; charset=latin-1"]))
        return f"application/x-www-form-urlencoded{charset}", text.encode()
    if kind == "multipart":
        return draw(multipart_bodies())
    if kind == "json":
        ctype = draw(st.sampled_from(["application/json", "text/json", "a/b+json"]))
        if draw(st.integers(0, 3)) == 0:  # broken JSON
            broken = ['{"a": ', "[1", "nul", "{'a': 1}", "\ufeff{}", "", "NaN"]
            text = draw(st.sampled_from(broken))
        else:
            text = json.dumps(draw(_json_values), ensure_ascii=draw(st.booleans()))
        return ctype, text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16"])))
    return draw(_content_types), draw(st.binary(max_size=200))


@st.composite
def environs(draw: st.DrawFn, paths: st.SearchStrategy[str] | None = None) -> Environ:
    """A complete random request."""
    method = draw(methods())
    content_type, body = draw(bodies())
    exact, chunked = str(len(body)), False
    content_length = draw(
        st.sampled_from(
            [exact] * 6 + [None, "", "abc", "1e3", " 5", "٣", "-1", "chunked",
                           str(max(len(body) - 3, 0)), str(len(body) + 10),
                           str(_MAX_CONTENT_LENGTH * 1000)]
        )
    )  # fmt: skip
    if content_length == "chunked":
        content_length, chunked = None, True
    return make_environ(
        method=method,
        path_info=draw(paths if paths is not None else body_reading_paths()),
        query=draw(query_strings()),
        headers=draw(header_lists()),
        body=body,
        content_type=content_type,
        content_length=content_length,
        script_name=draw(st.sampled_from(["", "", "", "/app", "/app/", "/Ã¼nÃ¯"])),
        scheme=draw(st.sampled_from(["http", "https"])),
        protocol=draw(st.sampled_from(["HTTP/1.1", "HTTP/1.0"])),
        chunked=chunked,
    )


# -- the full app: every kind of route and a view that reads everything -------

ALL_METHODS = [*STANDARD_METHODS, "TRACE", "PROPFIND"]
ABORT_CODES = {400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415, 418, 429}


#: Rules with every converter, methods, strict slashes and defaults (both apps).
ROUTING_RULES: list[tuple[str, dict[str, t.Any]]] = [
    ("/", {}), ("/int/<int:n>", {}), ("/signed/<int(signed=True):n>", {}),
    ("/fixed/<int(fixed_digits=3):n>", {}), ("/range/<int(min=1, max=99):n>", {}),
    ("/float/<float:x>", {}), ("/path/<path:p>", {}), ("/path/<path:p>/edit", {}),
    ("/raw/<path:p>/", {}), ("/uuid/<uuid:u>", {}),
    ("/any/<any(about, help, 'café'):page>", {}), ("/len/<string(length=3):s>", {}),
    ("/minmax/<string(minlength=2, maxlength=4):s>", {}), ("/slash/", {}),
    ("/noslash", {}), ("/loose/", {"strict_slashes": False}),
    ("/looser", {"strict_slashes": False}), ("/methods", {"methods": ["POST", "PUT"]}),
    ("/methods/", {"methods": ["DELETE"], "endpoint": "methods_slash"}),
    ("/get-only", {"methods": ["GET"]}),
    ("/users/", {"defaults": {"page": 1}, "endpoint": "users"}),
    ("/users/page/<int:page>", {"endpoint": "users"}), ("/a/<x>/b/<y>", {}),
    ("/a/<x>/b/static", {}), ("/a/static/b/<y>", {}), ("/mixed/<int:a>-<int:b>", {}),
    ("/v<int:version>/info", {}), ("/ünï/<name>", {}), ("/x/<int:n>", {}),
    ("/x/<float:n>", {"endpoint": "x_float"}), ("/x/<n>", {"endpoint": "x_string"}),
    ("/x/<path:n>/z", {"endpoint": "x_path"}),
]  # fmt: skip


#: Request properties parsed from headers: each raises on the same requests as
