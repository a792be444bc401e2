"""Conformance: the header attributes Flask's ``Response`` inherits from Werkzeug.

``cache_control`` (writing the header back on change), entity tags, the date
headers, ``age``, ``retry_after``, the set-like headers, CORS, ``content_range``,
``mimetype_params`` and ``stream``. Each attribute is set and read on a response
built directly, or returned from a view through the test client.
"""

from __future__ import annotations

import hashlib
import typing as t
from datetime import date, datetime, timedelta, timezone

import pytest

pytestmark = pytest.mark.api("Response")

WHEN = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
WHEN_HTTP = "Wed, 02 Jan 2030 03:04:05 GMT"


# --- Cache-Control ----------------------------------------------------------------


@pytest.mark.api("datastructures.ResponseCacheControl")
def test_cache_control_writes_the_header(impl: t.Any) -> None:
    rv = impl.Response("body")
    cc = rv.cache_control
    assert isinstance(cc, impl.werkzeug.datastructures.ResponseCacheControl)
    assert "Cache-Control" not in rv.headers
    cc.max_age = 3600
    assert rv.headers["Cache-Control"] == "max-age=3600"
    cc.public = True
    assert rv.headers["Cache-Control"] == "max-age=3600, public"
    cc.max_age = None
    cc.public = False
    assert "Cache-Control" not in rv.headers  # emptied: removed
    # a new object each time, parsed from the header
    rv.cache_control.no_store = True
    rv.cache_control.must_revalidate = True
    assert rv.headers["Cache-Control"] == "no-store, must-revalidate"
    assert rv.cache_control is not rv.cache_control


@pytest.mark.api("datastructures.ResponseCacheControl")
@pytest.mark.parametrize(
    ("attribute", "value", "header", "read_back"),
    [
        ("max_age", 60, "max-age=60", 60),
        ("max_age", "60", "max-age=60", 60),
        ("max_age", timedelta(seconds=5).seconds, "max-age=5", 5),
        ("s_maxage", 600, "s-maxage=600", 600),
        ("stale_while_revalidate", 30, "stale-while-revalidate=30", 30),
        ("stale_if_error", 86400, "stale-if-error=86400", 86400),
        ("no_cache", True, "no-cache", True),
        ("no_cache", "Set-Cookie", "no-cache=Set-Cookie", "Set-Cookie"),
        ("private", True, "private", True),
        ("private", "Authorization", "private=Authorization", "Authorization"),
        ("public", True, "public", True),
        ("no_store", 1, "no-store", True),
        ("no_transform", True, "no-transform", True),
        ("proxy_revalidate", True, "proxy-revalidate", True),
        ("immutable", True, "immutable", True),
        ("must_understand", True, "must-understand", True),
    ],
)
def test_cache_control_attributes(
    impl: t.Any, attribute: str, value: t.Any, header: str, read_back: t.Any
) -> None:
    rv = impl.Response()
    setattr(rv.cache_control, attribute, value)
    assert rv.headers["Cache-Control"] == header
    assert getattr(rv.cache_control, attribute) == read_back


@pytest.mark.api("datastructures.ResponseCacheControl")
def test_cache_control_from_an_existing_header(impl: t.Any) -> None:
    rv = impl.Response(
        headers={"Cache-Control": 'max-age=abc, no-cache="a, b", private'}
    )
    cc = rv.cache_control
    assert cc.max_age is None  # not an int: None
    assert cc.no_cache == "a, b"
    assert cc.private is True
    assert cc.public is False
    assert dict(cc) == {"max-age": "abc", "no-cache": "a, b", "private": None}
    cc.max_age = 10  # rewrites the whole header
    assert rv.headers["Cache-Control"] == 'max-age=10, no-cache="a, b", private'
    with pytest.raises(ValueError):
        cc.max_age = "soon"
    del cc.private
    assert rv.headers["Cache-Control"] == 'max-age=10, no-cache="a, b"'


@pytest.mark.api("datastructures.ResponseCacheControl")
def test_cache_control_as_a_dict(impl: t.Any) -> None:
    rv = impl.Response()
    rv.cache_control.update({"max-age": "5", "x-ext": None})
    assert rv.headers["Cache-Control"] == "max-age=5, x-ext"
    cc = rv.cache_control
    cc.pop("max-age")
    assert rv.headers["Cache-Control"] == "x-ext"
    cc.clear()
    assert "Cache-Control" not in rv.headers
    assert str(rv.cache_control) == ""


@pytest.mark.api("datastructures.ResponseCacheControl", "Flask.after_request")
def test_cache_control_in_after_request(app: t.Any, impl: t.Any) -> None:
    @app.route("/static-ish")
    def page() -> str:
        return "cached"

    @app.after_request
    def cache(response: t.Any) -> t.Any:
        response.cache_control.public = True
        response.cache_control.max_age = 300
        response.expires = WHEN
        return response

    rv = app.test_client().get("/static-ish")
    assert rv.headers["Cache-Control"] == "public, max-age=300"
    assert rv.headers["Expires"] == WHEN_HTTP
    assert rv.cache_control.max_age == 300
    assert rv.expires == WHEN


# --- entity tags ------------------------------------------------------------------


def test_set_and_get_etag(impl: t.Any) -> None:
    rv = impl.Response("body")
    assert rv.get_etag() == (None, None)
    rv.set_etag("v1")
    assert rv.headers["ETag"] == '"v1"'
    assert rv.get_etag() == ("v1", False)
    rv.set_etag("v2", weak=True)
    assert rv.headers.getlist("ETag") == ['W/"v2"']
    assert rv.get_etag() == ("v2", True)
    with pytest.raises(ValueError):
        rv.set_etag('a"b')
    rv.headers["ETag"] = "unquoted"
    assert rv.get_etag() == ("unquoted", False)


def test_add_etag(impl: t.Any) -> None:
    rv = impl.Response("hello")
    rv.add_etag()
    sha1_of_hello = "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
    assert rv.get_etag() == (sha1_of_hello, False)
    rv.set_data("other")
    rv.add_etag()  # kept: there is one already
    assert rv.get_etag() == (sha1_of_hello, False)
    rv.add_etag(overwrite=True, weak=True)
    assert rv.get_etag() == (hashlib.sha1(b"other").hexdigest(), True)


# --- dates and durations ----------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "header"),
    [("expires", "Expires"), ("last_modified", "Last-Modified"), ("date", "Date")],
)
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (WHEN, WHEN_HTTP),
        (datetime(2030, 1, 2, 3, 4, 5), WHEN_HTTP),  # naive: UTC
        (datetime(2030, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))), WHEN_HTTP),
        (date(2030, 1, 2), "Wed, 02 Jan 2030 00:00:00 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1893553445.9, WHEN_HTTP),
    ],
)
def test_date_attributes(
    impl: t.Any, attribute: str, header: str, value: t.Any, text: str
) -> None:
    rv = impl.Response()
    assert getattr(rv, attribute) is None
    setattr(rv, attribute, value)
    assert rv.headers[header] == text
    parsed = getattr(rv, attribute)
    assert parsed.tzinfo is not None
    assert parsed.strftime("%a, %d %b %Y %H:%M:%S GMT") == text
    rv.headers[header] = "next tuesday"
    assert getattr(rv, attribute) is None  # unparsable: None
    delattr(rv, attribute)
    delattr(rv, attribute)  # missing: no error
    assert header not in rv.headers


def test_last_modified_in_a_view(app: t.Any, impl: t.Any) -> None:
    @app.route("/report")
    def report() -> t.Any:
        rv = impl.make_response("report")
        rv.last_modified = WHEN
        rv.date = WHEN - timedelta(days=1)
        return rv

    rv = app.test_client().get("/report")
    assert rv.headers["Last-Modified"] == WHEN_HTTP
    assert rv.last_modified == WHEN
    assert rv.date == WHEN - timedelta(days=1)


@pytest.mark.parametrize(
    ("value", "header", "read_back"),
    [
        (30, "30", timedelta(seconds=30)),
        (timedelta(minutes=2), "120", timedelta(minutes=2)),
        (timedelta(seconds=1.9), "1", timedelta(seconds=1)),
        ("45", "45", timedelta(seconds=45)),
        (0, "0", timedelta(0)),
    ],
)
def test_age(impl: t.Any, value: t.Any, header: str, read_back: timedelta) -> None:
    rv = impl.Response()
    rv.age = value
    assert rv.headers["Age"] == header
    assert rv.age == read_back


@pytest.mark.parametrize("header", ["-3", "soon", "1.5", "99999999999999999999", ""])
def test_age_invalid_header_is_none(impl: t.Any, header: str) -> None:
    rv = impl.Response(headers={"Age": header})
    assert rv.age is None


def test_age_negative_is_refused(impl: t.Any) -> None:
    rv = impl.Response()
    with pytest.raises(ValueError):
        rv.age = -1
    assert rv.age is None
    del rv.age
    assert "Age" not in rv.headers


def test_retry_after(impl: t.Any) -> None:
    rv = impl.Response(status=503)
    assert rv.retry_after is None
    rv.retry_after = 120
    assert rv.headers["Retry-After"] == "120"
    expected = datetime.now(timezone.utc) + timedelta(seconds=120)
    assert abs(rv.retry_after - expected) < timedelta(seconds=5)
    rv.retry_after = WHEN
    assert rv.headers["Retry-After"] == WHEN_HTTP
    assert rv.retry_after == WHEN
    rv.retry_after = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert rv.retry_after == datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc)
    rv.headers["Retry-After"] = "in a while"
    assert rv.retry_after is None
    rv.retry_after = None
    assert "Retry-After" not in rv.headers
    rv.retry_after = None  # missing: no error


def test_retry_after_on_an_error_response(app: t.Any, impl: t.Any) -> None:
    @app.errorhandler(503)
    def unavailable(e: t.Any) -> t.Any:
        rv = impl.make_response("maintenance", 503)
        rv.retry_after = 3600
        return rv

    @app.route("/down")
    def down() -> str:
        impl.abort(503)

    rv = app.test_client().get("/down")
    assert rv.status_code == 503
    assert rv.headers["Retry-After"] == "3600"


# --- simple string headers --------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "header", "value"),
    [
        ("content_encoding", "Content-Encoding", "gzip"),
        ("content_location", "Content-Location", "/docs/en/index.html"),
        ("content_md5", "Content-MD5", "Q2hlY2sgSW50ZWdyaXR5IQ=="),
        ("accept_ranges", "Accept-Ranges", "bytes"),
        ("access_control_allow_origin", "Access-Control-Allow-Origin", "*"),
        ("location", "Location", "/login"),
    ],
)
def test_string_header_attributes(
    impl: t.Any, attribute: str, header: str, value: str
) -> None:
    rv = impl.Response()
    assert getattr(rv, attribute) is None
    setattr(rv, attribute, value)
    assert rv.headers[header] == value
    assert getattr(rv, attribute) == value
    delattr(rv, attribute)
    assert header not in rv.headers
    delattr(rv, attribute)  # missing: no error


# --- set-like headers -------------------------------------------------------------


@pytest.mark.api("datastructures.HeaderSet")
@pytest.mark.parametrize(
    ("attribute", "header"),
    [("content_language", "Content-Language"), ("allow", "Allow"), ("vary", "Vary")],
)
def test_header_set_attributes(impl: t.Any, attribute: str, header: str) -> None:
    rv = impl.Response()
    header_set = getattr(rv, attribute)
    assert isinstance(header_set, impl.werkzeug.datastructures.HeaderSet)
    assert not header_set
    header_set.add("en")
    assert rv.headers[header] == "en"
    header_set.update(["de", "EN", "fr-CH"])  # case-insensitive: EN is known
    assert rv.headers[header] == "en, de, fr-CH"
    getattr(rv, attribute).discard("de")
    assert rv.headers[header] == "en, fr-CH"
    assert "FR-ch" in getattr(rv, attribute)
    setattr(rv, attribute, ["GET", "a b"])
    assert rv.headers[header] == 'GET, "a b"'
    setattr(rv, attribute, "GET, HEAD")
    assert getattr(rv, attribute).as_set() == {"get", "head"}
    getattr(rv, attribute).clear()
    assert header not in rv.headers
    setattr(rv, attribute, ["x"])
    setattr(rv, attribute, None)
    assert header not in rv.headers


@pytest.mark.api("datastructures.HeaderSet", "exceptions.MethodNotAllowed")
def test_allow_on_method_not_allowed(app: t.Any) -> None:
    @app.route("/only-get")
    def only_get() -> str:
        return "ok"

    rv = app.test_client().post("/only-get")
    assert rv.status_code == 405
    assert rv.allow.as_set() == {"get", "head", "options"}


# --- CORS -------------------------------------------------------------------------


def test_access_control_allow_credentials(impl: t.Any) -> None:
    rv = impl.Response()
    assert rv.access_control_allow_credentials is False
    rv.access_control_allow_credentials = True
    assert rv.headers["Access-Control-Allow-Credentials"] == "true"
    assert rv.access_control_allow_credentials is True
    rv.access_control_allow_credentials = "yes"  # only True sets it
    assert "Access-Control-Allow-Credentials" not in rv.headers
    rv.access_control_allow_credentials = False


@pytest.mark.api("datastructures.HeaderSet")
@pytest.mark.parametrize(
    ("attribute", "header"),
    [
        ("access_control_allow_methods", "Access-Control-Allow-Methods"),
        ("access_control_allow_headers", "Access-Control-Allow-Headers"),
        ("access_control_expose_headers", "Access-Control-Expose-Headers"),
    ],
)
def test_access_control_set_attributes(
    impl: t.Any, attribute: str, header: str
) -> None:
    rv = impl.Response()
    assert getattr(rv, attribute) is None
    setattr(rv, attribute, ["GET", "POST"])
    assert rv.headers[header] == "GET, POST"
    value = getattr(rv, attribute)
    assert isinstance(value, impl.werkzeug.datastructures.HeaderSet)
    assert "post" in value
    value.add("PUT")  # a copy: the header is not rewritten
    assert rv.headers[header] == "GET, POST"
    rv.headers[header] = "Content-Type, X-Token"
    assert list(getattr(rv, attribute)) == ["Content-Type", "X-Token"]
    delattr(rv, attribute)
    assert getattr(rv, attribute) is None


def test_access_control_max_age(impl: t.Any) -> None:
    rv = impl.Response()
    assert rv.access_control_max_age is None
    rv.access_control_max_age = 600
    assert rv.headers["Access-Control-Max-Age"] == "600"
    assert rv.access_control_max_age == 600
    rv.headers["Access-Control-Max-Age"] = "a day"
    assert rv.access_control_max_age is None


# --- Content-Range ----------------------------------------------------------------


@pytest.mark.api("datastructures.ContentRange")
def test_content_range(impl: t.Any) -> None:
    rv = impl.Response(status=206)
    content_range = rv.content_range
    assert isinstance(content_range, impl.werkzeug.datastructures.ContentRange)
    assert not content_range  # available even without a header
    assert "Content-Range" not in rv.headers
    content_range.set(0, 500, 1234)
    assert rv.headers["Content-Range"] == "bytes 0-499/1234"
    content_range.length = None
    assert rv.headers["Content-Range"] == "bytes 0-499/*"
    parsed = rv.content_range
    assert (parsed.units, parsed.start, parsed.stop, parsed.length) == (
        "bytes",
        0,
        500,
        None,
    )
    parsed.unset()
    assert "Content-Range" not in rv.headers
    rv.content_range = "bytes */1234"
    assert (rv.content_range.start, rv.content_range.length) == (None, 1234)
    rv.content_range = impl.werkzeug.datastructures.ContentRange("bytes", 10, 20, 100)
    assert rv.headers["Content-Range"] == "bytes 10-19/100"
    rv.content_range = None
    assert "Content-Range" not in rv.headers


@pytest.mark.api("datastructures.ContentRange")
@pytest.mark.parametrize(
    "header", ["bytes 5-1/10", "bytes 10-12/10", "garbage", "bytes 0-4", "bytes a-b/5"]
)
def test_content_range_invalid_header(impl: t.Any, header: str) -> None:
    rv = impl.Response(headers={"Content-Range": header})
    assert not rv.content_range
    assert rv.content_range.to_header() == ""


# --- mimetype parameters ----------------------------------------------------------


def test_mimetype_params_update_the_content_type(impl: t.Any) -> None:
    rv = impl.Response(mimetype="text/plain")
    assert rv.mimetype_params == {"charset": "utf-8"}
    rv.mimetype_params["charset"] = "latin-1"
    assert rv.headers["Content-Type"] == "text/plain; charset=latin-1"
    rv.mimetype_params.update(format="flowed")
    assert rv.headers["Content-Type"] == "text/plain; charset=latin-1; format=flowed"
    rv.headers["Content-Type"] = 'text/plain; charset=utf-8; name="a b"'
    assert rv.mimetype_params == {"charset": "utf-8", "name": "a b"}
    rv.mimetype_params.pop("charset")
    assert rv.headers["Content-Type"] == 'text/plain; name="a b"'
    assert impl.Response(mimetype="image/png").mimetype_params == {}


# --- stream -----------------------------------------------------------------------


def test_stream_appends_to_the_body(impl: t.Any) -> None:
    rv = impl.Response("Hello")
    assert rv.headers["Content-Length"] == "5"
    stream = rv.stream
    assert rv.stream is stream
    assert stream.write(b", world") == 7
    assert "Content-Length" not in rv.headers
    stream.writelines([b"!", b"\n"])
    assert stream.tell() == 14
    assert rv.get_data() == b"Hello, world!\n"
    assert (stream.mode, stream.encoding, stream.isatty()) == ("wb+", "utf-8", False)
    stream.flush()
    stream.close()
    assert stream.closed
    for call in (lambda: stream.write(b"x"), stream.flush, stream.isatty):
        with pytest.raises(ValueError, match="closed file"):
            call()
    assert rv.get_data() == b"Hello, world!\n"


def test_stream_turns_an_iterable_body_into_a_list(impl: t.Any) -> None:
    rv = impl.Response(iter([b"a", b"b"]))
    rv.stream.write(b"c")
    assert rv.response == [b"a", b"b", b"c"]
    passthrough = impl.Response(iter([b"a"]), direct_passthrough=True)
    with pytest.raises(RuntimeError):
        passthrough.stream.write(b"b")


def test_stream_in_a_view(app: t.Any, impl: t.Any) -> None:
    @app.route("/csv")
    def csv() -> t.Any:
        rv = impl.Response(mimetype="text/csv")
        for row in (b"id,name\n", b"1,apple\n", b"2,pear\n"):
            rv.stream.write(row)
        return rv

    rv = app.test_client().get("/csv")
    assert rv.data == b"id,name\n1,apple\n2,pear\n"
    assert rv.headers["Content-Length"] == str(len(rv.data))
    assert rv.mimetype == "text/csv"
