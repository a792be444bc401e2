"""``werkzeug.http``'s parsers and formatters, called directly as extensions
do (Flask-Caching, Flask-CORS and Flask-Limiter build and read headers with
them)."""

from __future__ import annotations

import datetime as dt
import typing as t

import pytest

api = pytest.mark.api


@api("werkzeug.http.parse_options_header", "werkzeug.http.dump_options_header")
def test_options_header(impl: t.Any) -> None:
    http = impl.werkzeug.http
    assert http.parse_options_header('text/html; charset="utf-8"; q=1') == (
        "text/html",
        {"charset": "utf-8", "q": "1"},
    )
    assert http.parse_options_header(None) == ("", {})
    assert http.dump_options_header("attachment", {"filename": "a b.txt"}) == (
        'attachment; filename="a b.txt"'
    )


@api(
    "werkzeug.http.parse_list_header",
    "werkzeug.http.parse_dict_header",
    "werkzeug.http.parse_set_header",
    "werkzeug.http.dump_header",
    "werkzeug.http.quote_header_value",
    "werkzeug.http.unquote_header_value",
)
def test_list_dict_and_set_headers(impl: t.Any) -> None:
    http = impl.werkzeug.http
    assert http.parse_list_header('a, "b, c", d') == ["a", "b, c", "d"]
    assert http.parse_dict_header('a=1, b="x y", c') == {
        "a": "1",
        "b": "x y",
        "c": None,
    }
    header_set = http.parse_set_header("GET, post")
    assert "POST" in header_set and list(header_set) == ["GET", "post"]
    assert http.dump_header({"max-age": 60, "public": None}) == "max-age=60, public"
    assert http.dump_header(["a", "b c"]) == 'a, "b c"'
    assert http.quote_header_value("a b") == '"a b"'
    assert http.quote_header_value("token") == "token"
    assert http.unquote_header_value('"a \\\\"b\\\\""') == 'a \\"b\\"'


@api(
    "werkzeug.http.parse_accept_header",
    "werkzeug.http.parse_cache_control_header",
)
def test_accept_and_cache_control(impl: t.Any) -> None:
    http = impl.werkzeug.http
    ds = impl.werkzeug.datastructures
    accept = http.parse_accept_header(
        "text/html;q=0.5, application/json", ds.MIMEAccept
    )
    assert accept.best == "application/json"
    assert accept.best_match(["text/html", "text/plain"]) == "text/html"
    cc = http.parse_cache_control_header(
        "max-age=30, no-store", cls=ds.ResponseCacheControl
    )
    assert cc.max_age == 30 and cc.no_store


@api(
    "werkzeug.http.http_date",
    "werkzeug.http.parse_date",
    "werkzeug.http.dump_age",
    "werkzeug.http.parse_age",
)
def test_dates_and_ages(impl: t.Any) -> None:
    http = impl.werkzeug.http
    when = dt.datetime(2024, 2, 29, 12, 30, tzinfo=dt.timezone.utc)
    assert http.http_date(when) == "Thu, 29 Feb 2024 12:30:00 GMT"
    assert http.http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT"
    assert http.parse_date("Thu, 29 Feb 2024 12:30:00 GMT") == when
    assert http.parse_date("not a date") is None
    assert http.dump_age(dt.timedelta(hours=1)) == "3600"
    assert http.parse_age("60") == dt.timedelta(seconds=60)
    assert http.parse_age("-1") is None


@api(
    "werkzeug.http.quote_etag",
    "werkzeug.http.unquote_etag",
    "werkzeug.http.parse_etags",
    "werkzeug.http.generate_etag",
    "werkzeug.http.is_resource_modified",
)
def test_etags(impl: t.Any) -> None:
    http = impl.werkzeug.http
    assert http.quote_etag("abc") == '"abc"'
    assert http.quote_etag("abc", weak=True) == 'W/"abc"'
    assert http.unquote_etag('W/"abc"') == ("abc", True)
    etags = http.parse_etags('"a", W/"b"')
    assert "a" in etags and etags.contains_weak("b") and not etags.contains("b")
    assert http.generate_etag(b"data") == http.generate_etag(b"data")
    environ = {"REQUEST_METHOD": "GET", "HTTP_IF_NONE_MATCH": '"abc"'}
    assert not http.is_resource_modified(environ, etag="abc")
    assert http.is_resource_modified(environ, etag="other")


@api(
    "werkzeug.http.parse_range_header",
    "werkzeug.http.parse_content_range_header",
    "werkzeug.http.parse_if_range_header",
    "werkzeug.http.is_byte_range_valid",
)
def test_ranges(impl: t.Any) -> None:
    http = impl.werkzeug.http
    rng = http.parse_range_header("bytes=0-99,200-")
    assert rng.units == "bytes" and rng.ranges == [(0, 100), (200, None)]
    assert http.parse_range_header("bytes=9-1") is None
    content_range = http.parse_content_range_header("bytes 0-99/1000")
    assert (content_range.start, content_range.stop, content_range.length) == (
        0,
        100,
        1000,
    )
    assert http.parse_if_range_header('"etag"').etag == "etag"
    assert http.is_byte_range_valid(0, 100, 1000)
    assert not http.is_byte_range_valid(100, 50, 1000)
