"""Conformance: the parsed headers Flask's ``Request`` inherits from Werkzeug.

Content negotiation (``accept_*``), ``cache_control``, the conditional and range
headers, the CORS preflight headers and the WSGI server flags, each fed realistic
header values. Malformed values must give Werkzeug 3.1's lenient results (an item
skipped, ``None``), never an exception.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone

import pytest

pytestmark = pytest.mark.api("request", "Request")

FIREFOX_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "*/*;q=0.8"
)


def _req(app: t.Any, headers: dict[str, str] | None = None, **kwargs: t.Any) -> t.Any:
    """The request of a test request context with ``headers``."""
    with app.test_request_context("/", headers=headers or {}, **kwargs) as ctx:
        return ctx.request


def test_parsed_headers_are_computed_once_on_first_access(app: t.Any) -> None:
    req = _req(app, {"Accept": "text/html", "If-None-Match": '"a"'})
    for name in ("accept_mimetypes", "cache_control", "if_none_match", "range"):
        assert name not in req.__dict__
        assert getattr(req, name) is getattr(req, name)


# --- Accept -----------------------------------------------------------------------


@pytest.mark.api("datastructures.MIMEAccept", "datastructures.Accept")
def test_accept_mimetypes_of_a_browser(app: t.Any, impl: t.Any) -> None:
    accept = _req(app, {"Accept": FIREFOX_ACCEPT}).accept_mimetypes
    assert isinstance(accept, impl.werkzeug.datastructures.MIMEAccept)
    assert accept.provided is True
    # most specific first, then by quality; equal items keep the client's order
    assert list(accept) == [
        ("text/html", 1),
        ("application/xhtml+xml", 1),
        ("image/avif", 1),
        ("image/webp", 1),
        ("application/xml", 0.9),
        ("*/*", 0.8),
    ]
    assert list(accept.values())[:2] == ["text/html", "application/xhtml+xml"]
    assert accept.best == "text/html"
    assert accept.accept_html and accept.accept_xhtml and accept.accept_json
    assert accept.quality("application/json") == 0.8  # through */*
    assert accept["application/xml"] == 0.9
    assert accept[0] == ("text/html", 1)
    assert "image/png" in accept
    assert accept.find("application/xml") == 4
    assert accept.index("image/webp") == 3
    assert accept.find("*/*") == 0  # a */* value matches every item
    assert accept.find(("*/*", 0.8)) == 5
    assert accept.find(("text/plain", 1)) == -1
    assert str(accept) == accept.to_header()
    assert accept.to_header() == (
        "text/html,application/xhtml+xml,image/avif,image/webp,"
        "application/xml;q=0.9,*/*;q=0.8"
    )


@pytest.mark.api("datastructures.MIMEAccept")
@pytest.mark.parametrize(
    ("header", "offers", "best"),
    [
        (FIREFOX_ACCEPT, ["application/json", "text/html"], "text/html"),
        (FIREFOX_ACCEPT, ["application/json", "image/png"], "application/json"),
        (
            "application/json, text/html;q=0.9",
            ["text/html", "application/json"],
            "application/json",
        ),
        ("*/*", ["application/json", "text/html"], "application/json"),
        (
            "text/*;q=0.5, application/json;q=0.4",
            ["application/json", "text/csv"],
            "text/csv",
        ),
        ("text/*, text/plain;q=0.1", ["text/plain", "text/csv"], "text/csv"),
        ("text/html;level=1, text/html;q=0.5", ["text/html"], "text/html"),
        ("application/json;q=0, */*", ["application/json", "text/html"], "text/html"),
        ("image/*", ["application/json", "text/html"], None),
        ("", ["text/html"], None),
    ],
)
def test_accept_mimetypes_best_match(
    app: t.Any, header: str, offers: list[str], best: str | None
) -> None:
    accept = _req(app, {"Accept": header}).accept_mimetypes
    assert accept.best_match(offers) == best
    assert accept.best_match(offers, default="x/y") == (best or "x/y")


@pytest.mark.api("datastructures.MIMEAccept")
def test_accept_mimetypes_wildcards_and_parameters(app: t.Any) -> None:
    accept = _req(
        app, {"Accept": "text/*;q=0.5, text/html;level=1, */*;q=0.1"}
    ).accept_mimetypes
    # parameters are kept, re-serialised with "; "
    assert list(accept) == [("text/html; level=1", 1), ("text/*", 0.5), ("*/*", 0.1)]
    assert accept.quality("text/html;level=1") == 1
    assert accept.quality("text/html") == 0.5  # parameters must match exactly
    assert accept.quality("image/png") == 0.1
    assert "text/html;level=1" in accept
    assert accept.accept_json  # through */*


@pytest.mark.api("datastructures.MIMEAccept")
def test_accept_mimetypes_refused_type_is_still_contained(app: t.Any) -> None:
    accept = _req(app, {"Accept": "application/json;q=0, */*"}).accept_mimetypes
    assert accept.quality("application/json") == 0
    assert "application/json" in accept  # "in" checks matching, not quality
    assert accept.best_match(["application/json"]) is None


@pytest.mark.api("datastructures.MIMEAccept")
@pytest.mark.parametrize(
    ("header", "items"),
    [
        # invalid or out-of-range q: the item is skipped
        (
            "text/html;q=abc, application/json;q=2, text/plain;q=0.3",
            [("text/plain", 0.3)],
        ),
        ('text/html;q="0.5"', [("text/html", 0.5)]),
        ("text/html;q=1.0000, a/b;q=0.001", [("text/html", 1.0), ("a/b", 0.001)]),
        ("text/html;q=-0.5, */*", [("*/*", 1)]),
        # a parameter makes an item more specific: it sorts first
        (
            "text/html;charset=utf-8;q=0.7, text/plain",
            [("text/html; charset=utf-8", 0.7), ("text/plain", 1)],
        ),
        # no "/": kept, but it can never match
        ("garbage, text/plain", [("text/plain", 1), ("garbage", 1)]),
        (",,, ", []),
    ],
)
def test_accept_mimetypes_lenient_parsing(
    app: t.Any, header: str, items: list[tuple[str, float]]
) -> None:
    accept = _req(app, {"Accept": header}).accept_mimetypes
    assert list(accept) == items


@pytest.mark.api("datastructures.MIMEAccept")
def test_accept_mimetypes_invalid_client_items_never_match(app: t.Any) -> None:
    accept = _req(app, {"Accept": "garbage, */html"}).accept_mimetypes
    assert accept.quality("text/html") == 0
    assert "text/html" not in accept
    assert accept.best_match(["text/html"]) is None


@pytest.mark.api("datastructures.MIMEAccept")
def test_accept_mimetypes_invalid_server_value_is_an_error(app: t.Any) -> None:
    accept = _req(app, {"Accept": "text/html"}).accept_mimetypes
    with pytest.raises(ValueError, match="invalid mimetype"):
        accept.quality("html")
    with pytest.raises(ValueError, match="invalid mimetype"):
        accept.best_match(["*/json"])


@pytest.mark.api("datastructures.MIMEAccept")
def test_accept_mimetypes_without_header(app: t.Any) -> None:
    accept = _req(app).accept_mimetypes
    assert accept.provided is False
    assert list(accept) == []
    assert accept.best is None
    assert accept.best_match(["text/html"]) is None
    assert accept.best_match(["text/html"], "text/html") == "text/html"
    assert "text/html" not in accept
    assert not accept.accept_html
    assert accept.to_header() == ""


@pytest.mark.api("datastructures.MIMEAccept", "datastructures.Accept")
def test_accept_is_read_only(app: t.Any) -> None:
    accept = _req(app, {"Accept": "text/html"}).accept_mimetypes
    with pytest.raises(TypeError):
        accept.append(("application/json", 1))
    with pytest.raises(TypeError):
        accept[0] = ("application/json", 1)


@pytest.mark.api("datastructures.MIMEAccept", "Flask.route")
def test_content_negotiation_in_a_view(app: t.Any, impl: t.Any) -> None:
    @app.route("/item")
    def item() -> t.Any:
        best = impl.request.accept_mimetypes.best_match(
            ["application/json", "text/html"]
        )
        if best == "application/json":
            return {"name": "item"}
        if best == "text/html":
            return "<p>item</p>"
        return "not acceptable", 406

    client = app.test_client()
    assert (
        client.get("/item", headers={"Accept": FIREFOX_ACCEPT}).data == b"<p>item</p>"
    )
    rv = client.get("/item", headers={"Accept": "application/json"})
    assert rv.get_json() == {"name": "item"}
    rv = client.get("/item", headers={"Accept": "application/json;q=0.5, text/*"})
    assert rv.data == b"<p>item</p>"
    assert client.get("/item", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/item").status_code == 406  # no header: nothing matches


# --- Accept-Language, Accept-Charset, Accept-Encoding -----------------------------


@pytest.mark.api("datastructures.LanguageAccept")
@pytest.mark.parametrize(
    ("header", "offers", "best"),
    [
        ("en-US,en;q=0.9,fr;q=0.8", ["fr", "en"], "en"),
        ("en-US,en;q=0.9,fr;q=0.8", ["fr", "en-us"], "en-us"),
        ("en-US,en;q=0.9,fr;q=0.8", ["fr", "en_US"], "en_US"),
        ("en-US,en;q=0.9,fr;q=0.8", ["de", "fr"], "fr"),
        # fallback 1: the client's en-US accepts the primary tag en
        ("en-US, fr;q=0.5", ["de", "en"], "en"),
        ("en-US, fr;q=0.5", ["fr", "en"], "fr"),  # an exact match wins
        # fallback 2: the client's en accepts en-GB
        ("en, fr;q=0.5", ["fr-FR", "en-GB"], "en-GB"),
        ("de", ["de-CH", "de-AT"], "de-CH"),
        ("de-DE, de;q=0.9", ["de-CH"], "de-CH"),
        ("de-DE, de;q=0.9, *;q=0.1", ["ja", "de-CH"], "ja"),  # * matched: no fallback
        ("de-DE, de;q=0.9, *;q=0.1", ["ja"], "ja"),
        ("zh-Hant-TW;q=0.9, pt-BR", ["zh-Hant", "pt"], "pt"),
        ("fr", ["ja"], None),
        ("", ["en"], None),
    ],
)
def test_accept_languages_best_match(
    app: t.Any, header: str, offers: list[str], best: str | None
) -> None:
    languages = _req(app, {"Accept-Language": header}).accept_languages
    assert languages.best_match(offers) == best


@pytest.mark.api("datastructures.LanguageAccept")
def test_accept_languages_matching(app: t.Any, impl: t.Any) -> None:
    languages = _req(
        app, {"Accept-Language": "en-US,en;q=0.9,fr;q=0.8"}
    ).accept_languages
    assert isinstance(languages, impl.werkzeug.datastructures.LanguageAccept)
    assert list(languages) == [("en-US", 1), ("en", 0.9), ("fr", 0.8)]
    assert "en_us" in languages  # case and - / _ do not matter
    assert languages["EN-us"] == 1
    assert languages["en-GB"] == 0  # no fallback for quality lookups
    assert languages.best == "en-US"
    assert languages.best_match(["ja"], default="en") == "en"
    assert languages.to_header() == "en-US,en;q=0.9,fr;q=0.8"


@pytest.mark.api("datastructures.CharsetAccept")
def test_accept_charsets(app: t.Any, impl: t.Any) -> None:
    charsets = _req(app, {"Accept-Charset": "utf-8, iso-8859-1;q=0.5"}).accept_charsets
    assert isinstance(charsets, impl.werkzeug.datastructures.CharsetAccept)
    assert list(charsets) == [("utf-8", 1), ("iso-8859-1", 0.5)]
    assert "UTF8" in charsets  # compared by codec name
    assert charsets["latin1"] == 0.5
    assert charsets["ascii"] == 0
    assert charsets.best_match(["latin1", "utf-8"]) == "utf-8"
    charsets = _req(app, {"Accept-Charset": "unknown-cs, *;q=0.1"}).accept_charsets
    assert charsets["UNKNOWN-CS"] == 1
    assert charsets["utf-8"] == 0.1


@pytest.mark.api("datastructures.Accept")
def test_accept_encodings(app: t.Any, impl: t.Any) -> None:
    encodings = _req(
        app, {"Accept-Encoding": "gzip;q=1.0, identity; q=0.5, br;q=0.9, *;q=0"}
    ).accept_encodings
    assert type(encodings) is impl.werkzeug.datastructures.Accept
    assert list(encodings) == [("gzip", 1), ("br", 0.9), ("identity", 0.5), ("*", 0)]
    assert encodings["GZIP"] == 1
    assert encodings["zstd"] == 0
    assert encodings.best_match(["zstd", "br", "gzip"]) == "gzip"
    assert encodings.best_match(["zstd", "br"]) == "br"
    assert encodings.best_match(["zstd"]) is None
    assert str(encodings) == "gzip,br;q=0.9,identity;q=0.5,*;q=0.0"


# --- Cache-Control, Pragma --------------------------------------------------------


@pytest.mark.api("datastructures.RequestCacheControl")
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("no-cache", {"no_cache": True}),
        ("max-age=0", {"max_age": 0}),
        ('max-age="10"', {"max_age": 10}),
        ("max-age", {}),  # no value: None
        ("max-age=abc, no-store", {"no_store": True}),  # bad int: None
        ("max-stale", {"max_stale": True}),
        ("max-stale=30, min-fresh=5", {"max_stale": 30, "min_fresh": 5}),
        ("min-fresh", {}),
        (
            "no-transform, only-if-cached",
            {"no_transform": True, "only_if_cached": True},
        ),
        ("stale-if-error=60", {"stale_if_error": 60}),
        ("NO-CACHE", {}),  # directive names are not case-folded
        ("", {}),
    ],
)
def test_request_cache_control(
    app: t.Any, impl: t.Any, header: str, expected: dict[str, t.Any]
) -> None:
    cc = _req(app, {"Cache-Control": header}).cache_control
    assert isinstance(cc, impl.werkzeug.datastructures.RequestCacheControl)
    defaults = {
        "no_cache": False,
        "no_store": False,
        "max_age": None,
        "max_stale": None,
        "min_fresh": None,
        "no_transform": False,
        "only_if_cached": False,
        "stale_if_error": None,
    }
    assert {name: getattr(cc, name) for name in defaults} == {**defaults, **expected}


@pytest.mark.api("datastructures.RequestCacheControl")
def test_request_cache_control_dict_and_header(app: t.Any) -> None:
    cc = _req(app, {"Cache-Control": "max-age=60, no-cache"}).cache_control
    assert dict(cc) == {"max-age": "60", "no-cache": None}
    assert cc.provided is True
    assert cc.to_header() == "max-age=60, no-cache"
    assert str(cc) == "max-age=60, no-cache"
    missing = _req(app).cache_control
    assert missing.provided is True  # Werkzeug parses a missing header as ""
    assert dict(missing) == {}
    assert missing.to_header() == ""


@pytest.mark.api("datastructures.RequestCacheControl")
def test_request_cache_control_is_read_only(app: t.Any) -> None:
    cc = _req(app, {"Cache-Control": "max-age=60"}).cache_control
    with pytest.raises(TypeError):
        cc.max_age = 5
    with pytest.raises(TypeError):
        cc["no-store"] = None
    assert cc.max_age == 60


@pytest.mark.api("datastructures.HeaderSet")
def test_pragma(app: t.Any, impl: t.Any) -> None:
    pragma = _req(app, {"Pragma": "no-cache, x-foo"}).pragma
    assert isinstance(pragma, impl.werkzeug.datastructures.HeaderSet)
    assert "NO-CACHE" in pragma
    assert list(pragma) == ["no-cache", "x-foo"]
    assert pragma.to_header() == "no-cache, x-foo"
    assert list(_req(app).pragma) == []


# --- conditional requests ---------------------------------------------------------


@pytest.mark.api("datastructures.ETags")
def test_if_match_and_if_none_match(app: t.Any, impl: t.Any) -> None:
    req = _req(app, {"If-Match": '"abc"', "If-None-Match": 'W/"w1", "s1"'})
    if_match = req.if_match
    assert isinstance(if_match, impl.werkzeug.datastructures.ETags)
    assert "abc" in if_match
    assert if_match.contains_raw('"abc"')
    assert list(if_match) == ["abc"]
    assert if_match.to_header() == '"abc"'
    if_none_match = req.if_none_match
    assert if_none_match.as_set() == {"s1"}
    assert if_none_match.as_set(include_weak=True) == {"s1", "w1"}
    assert "w1" not in if_none_match  # strong comparison
    assert if_none_match.contains_weak("w1")
    assert if_none_match.is_weak("w1") and if_none_match.is_strong("s1")
    assert if_none_match.contains_raw('W/"w1"')
    assert not if_none_match.contains_raw('"w1"')
    assert if_none_match("w1", include_weak=True)
    assert len(if_none_match) == 1


@pytest.mark.api("datastructures.ETags")
@pytest.mark.parametrize(
    ("header", "strong", "weak", "star"),
    [
        ("*", set(), set(), True),
        ('"a", W/"b"', {"a"}, {"b"}, False),
        ("abc", {"abc"}, set(), False),  # unquoted: accepted as is
        ('W/"x"', set(), {"x"}, False),
        ('"a","b" , "c"', {"a", "b", "c"}, set(), False),
        ("", set(), set(), False),
    ],
)
def test_etags_parsing(
    app: t.Any, header: str, strong: set[str], weak: set[str], star: bool
) -> None:
    etags = _req(app, {"If-None-Match": header}).if_none_match
    assert etags.as_set() == strong
    assert etags.as_set(include_weak=True) == strong | weak
    assert etags.star_tag is star
    assert bool(etags) is bool(strong or weak or star)
    assert ("anything" in etags) is star
    if star:
        assert etags.to_header() == "*"


@pytest.mark.api("datastructures.ETags", "Response.set_etag")
def test_conditional_get_in_a_view(app: t.Any, impl: t.Any) -> None:
    @app.route("/doc")
    def doc() -> t.Any:
        if impl.request.if_none_match.contains_weak("v2"):
            return "", 304
        rv = impl.make_response("document")
        rv.set_etag("v2")
        return rv

    client = app.test_client()
    rv = client.get("/doc")
    assert rv.headers["ETag"] == '"v2"'
    assert (
        client.get("/doc", headers={"If-None-Match": rv.headers["ETag"]}).status_code
        == 304
    )
    assert client.get("/doc", headers={"If-None-Match": 'W/"v2"'}).status_code == 304
    assert client.get("/doc", headers={"If-None-Match": '"v1"'}).status_code == 200


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Wed, 21 Oct 2015 07:28:00 GMT",
            datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc),
        ),
        # the obsolete RFC 850 and asctime forms
        (
            "Sunday, 06-Nov-94 08:49:37 GMT",
            datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc),
        ),
        (
            "Sun Nov  6 08:49:37 1994",
            datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone.utc),
        ),
        (
            "Wed, 21 Oct 2015 07:28:00 +0200",
            datetime(2015, 10, 21, 7, 28, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("not a date", None),
        ("", None),
    ],
)
def test_date_headers(app: t.Any, header: str, expected: datetime | None) -> None:
    req = _req(
        app,
        {"If-Modified-Since": header, "If-Unmodified-Since": header, "Date": header},
    )
    for value in (req.if_modified_since, req.if_unmodified_since, req.date):
        assert value == expected
        if value is not None:
            assert value.tzinfo is not None
            assert value.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


def test_date_headers_missing(app: t.Any) -> None:
    req = _req(app)
    assert req.if_modified_since is None
    assert req.if_unmodified_since is None
    assert req.date is None


@pytest.mark.api("datastructures.IfRange")
@pytest.mark.parametrize(
    ("header", "etag", "date", "text"),
    [
        ('"abc"', "abc", None, '"abc"'),
        ('W/"abc"', "abc", None, '"abc"'),  # weakness dropped
        (
            "Wed, 21 Oct 2015 07:28:00 GMT",
            None,
            datetime(2015, 10, 21, 7, 28, tzinfo=timezone.utc),
            "Wed, 21 Oct 2015 07:28:00 GMT",
        ),
        ("xyz", "xyz", None, '"xyz"'),
        ("", None, None, ""),
    ],
)
def test_if_range(
    app: t.Any,
    impl: t.Any,
    header: str,
    etag: str | None,
    date: datetime | None,
    text: str,
) -> None:
    if_range = _req(app, {"If-Range": header}).if_range
    assert isinstance(if_range, impl.werkzeug.datastructures.IfRange)
    assert (if_range.etag, if_range.date) == (etag, date)
    assert if_range.to_header() == text
    assert str(if_range) == text


# --- Range ------------------------------------------------------------------------


@pytest.mark.api("datastructures.Range", "datastructures.ContentRange")
@pytest.mark.parametrize(
    ("header", "ranges", "for_1000", "content_range"),
    [
        ("bytes=0-499", [(0, 500)], (0, 500), "bytes 0-499/1000"),
        ("bytes=500-", [(500, None)], (500, 1000), "bytes 500-999/1000"),
        ("bytes=-200", [(-200, None)], (800, 1000), "bytes 800-999/1000"),
        ("bytes=900-1999", [(900, 2000)], (900, 1000), "bytes 900-999/1000"),
        ("bytes= 0 - 5 ", [(0, 6)], (0, 6), "bytes 0-5/1000"),
        ("BYTES=0-1", [(0, 2)], (0, 2), "bytes 0-1/1000"),
        ("bytes=0-1,5-9", [(0, 2), (5, 10)], None, None),  # several: not handled
        ("bytes=0-1,-5", [(0, 2), (-5, None)], None, None),
        ("items=0-5", [(0, 6)], None, None),  # other units: not handled
        ("bytes=1000-", [(1000, None)], None, None),  # unsatisfiable
    ],
)
def test_range(
    app: t.Any,
    impl: t.Any,
    header: str,
    ranges: list[tuple[int, int | None]],
    for_1000: tuple[int, int] | None,
    content_range: str | None,
) -> None:
    rng = _req(app, {"Range": header}).range
    assert isinstance(rng, impl.werkzeug.datastructures.Range)
    assert [tuple(r) for r in rng.ranges] == ranges
    assert rng.range_for_length(1000) == for_1000
    assert rng.range_for_length(None) is None
    assert rng.to_content_range_header(1000) == content_range
    made = rng.make_content_range(1000)
    assert (made and made.to_header()) == content_range
    assert str(rng) == rng.to_header()


@pytest.mark.api("datastructures.Range")
@pytest.mark.parametrize(
    "header",
    [
        "bytes=5-1",
        "bytes=0-1,1-2",
        "bytes=-5,0-1",
        "bytes=abc",
        "bytes=-",
        "bytes",
        "",
        "bytes=+1-2",
    ],
)
def test_range_malformed_is_none(app: t.Any, header: str) -> None:
    assert _req(app, {"Range": header}).range is None


def test_range_missing_is_none(app: t.Any) -> None:
    assert _req(app).range is None


def test_range_header_round_trip(app: t.Any) -> None:
    assert str(_req(app, {"Range": "bytes=0-1, 5-9, -3"}).range) == "bytes=0-1,5-9,-3"
    assert _req(app, {"Range": "bytes=7-"}).range.to_header() == "bytes=7-"


# --- other headers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"), [("5", 5), (" 7 ", 7), ("0", 0), ("abc", None), ("", None)]
)
def test_max_forwards(app: t.Any, header: str, expected: int | None) -> None:
    assert _req(app, {"Max-Forwards": header}).max_forwards == expected


def test_simple_string_headers(app: t.Any) -> None:
    req = _req(
        app,
        {
            "Referer": "https://shop.example/cart?x=1",
            "Origin": "https://shop.example",
            "Content-MD5": "Q2hlY2sgSW50ZWdyaXR5IQ==",
        },
    )
    assert req.referrer == "https://shop.example/cart?x=1"
    assert req.origin == "https://shop.example"
    assert req.content_md5 == "Q2hlY2sgSW50ZWdyaXR5IQ=="
    req = _req(app)
    assert (req.referrer, req.origin, req.content_md5, req.max_forwards) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "name", ["date", "max_forwards", "content_md5", "referrer", "origin"]
)
def test_header_attributes_are_read_only(app: t.Any, name: str) -> None:
    req = _req(app)
    with pytest.raises(AttributeError):
        setattr(req, name, "x")


@pytest.mark.api("datastructures.HeaderSet")
def test_cors_preflight_headers(app: t.Any, impl: t.Any) -> None:
    req = _req(
        app,
        {
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "Content-Type, X-Requested-With",
        },
        method="OPTIONS",
    )
    assert req.access_control_request_method == "PUT"
    headers = req.access_control_request_headers
    assert isinstance(headers, impl.werkzeug.datastructures.HeaderSet)
    assert list(headers) == ["Content-Type", "X-Requested-With"]
    assert "x-requested-with" in headers
    req = _req(app)
    assert req.access_control_request_method is None
    assert req.access_control_request_headers is None


@pytest.mark.api("Response", "Flask.route")
def test_cors_preflight_in_a_view(app: t.Any, impl: t.Any) -> None:
    @app.route("/api", methods=["OPTIONS", "PUT"])
    def api() -> t.Any:
        req = impl.request
        rv = impl.make_response("")
        if req.method == "OPTIONS":
            rv.access_control_allow_origin = req.origin
            rv.access_control_allow_methods = [req.access_control_request_method]
            rv.access_control_allow_headers = req.access_control_request_headers
            rv.access_control_allow_credentials = True
            rv.access_control_max_age = 600
        return rv

    rv = app.test_client().options(
        "/api",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type, x-token",
        },
    )
    assert rv.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert rv.headers["Access-Control-Allow-Methods"] == "PUT"
    assert rv.headers["Access-Control-Allow-Headers"] == "content-type, x-token"
    assert rv.headers["Access-Control-Allow-Credentials"] == "true"
    assert rv.headers["Access-Control-Max-Age"] == "600"
    assert rv.access_control_allow_methods.as_set() == {"put"}


@pytest.mark.parametrize(
    ("content_type", "mimetype", "params"),
    [
        ("text/html; charset=UTF-8", "text/html", {"charset": "UTF-8"}),
        (
            "Text/Plain; format=flowed; DelSp=yes",
            "text/plain",
            {"format": "flowed", "delsp": "yes"},
        ),
        ("text/plain; name=\"a b\"; x='1'", "text/plain", {"name": "a b", "x": "'1'"}),
        ("application/json", "application/json", {}),
        ("text/x; name*=UTF-8''%C3%A9t%C3%A9", "text/x", {"name": "été"}),
        ("", "", {}),
    ],
)
def test_mimetype_params(
    app: t.Any, content_type: str, mimetype: str, params: dict[str, str]
) -> None:
    with app.test_request_context("/", method="POST", content_type=content_type) as ctx:
        assert ctx.request.mimetype == mimetype
        assert ctx.request.mimetype_params == params


# --- the WSGI server and the root URL ---------------------------------------------


def test_wsgi_server_flags(app: t.Any, impl: t.Any) -> None:
    req = _req(app)
    assert (req.is_multithread, req.is_multiprocess, req.is_run_once) == (
        False,
        False,
        False,
    )
    environ = dict(req.environ)
    environ.update(
        {"wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": True}
    )
    req = impl.Request(environ)
    assert (req.is_multithread, req.is_multiprocess, req.is_run_once) == (
        True,
        False,
        True,
    )
    for key in ("wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once"):
        del environ[key]
    req = impl.Request(environ)
    assert (req.is_multithread, req.is_multiprocess, req.is_run_once) == (
        None,
        None,
        None,
    )
    with pytest.raises(AttributeError):
        req.is_multithread = True


@pytest.mark.parametrize(
    ("base_url", "root_url"),
    [
        (None, "http://localhost/"),
        ("https://example.com/app/", "https://example.com/app/"),
        ("http://example.com:8080/a/b", "http://example.com:8080/a/b/"),
    ],
)
def test_root_url(app: t.Any, base_url: str | None, root_url: str) -> None:
    kwargs = {} if base_url is None else {"base_url": base_url}
    req = _req(app, **kwargs)
    assert req.root_url == root_url
    assert req.url_root == root_url
