"""``flaskcompat.werkzeug.http``: cookie parsing and the header helpers agree
with real Werkzeug's on generated input."""

from __future__ import annotations

import werkzeug.http as real
from hypothesis import given, settings
from hypothesis import strategies as st

from flaskcompat.werkzeug import http

_cookie_text = st.text(
    alphabet=st.sampled_from(list('abcAZ09=;, "\\\t-_.é☃%')), max_size=40
)


@settings(max_examples=400, deadline=None)
@given(_cookie_text)
def test_parse_cookie_matches_werkzeug(text: str) -> None:
    header = text.encode().decode("latin1")  # as a WSGI server passes it
    ours = http.parse_cookie(header)
    theirs = real.parse_cookie(header)
    assert list(ours.items(multi=True)) == list(theirs.items(multi=True))


@settings(max_examples=200, deadline=None)
@given(
    key=st.text(alphabet="abcXYZ_-", min_size=1, max_size=8),
    value=st.text(max_size=20),
    max_age=st.one_of(st.none(), st.integers(0, 10**6)),
    samesite=st.sampled_from([None, "Lax", "Strict", "None"]),
)
def test_dump_cookie_matches_werkzeug(
    key: str, value: str, max_age: int | None, samesite: str | None
) -> None:
    kwargs = {"max_age": max_age, "samesite": samesite, "httponly": True}
    ours = http.dump_cookie(key, value, sync_expires=False, **kwargs)
    assert ours == real.dump_cookie(key, value, sync_expires=False, **kwargs)


def test_environ_cookie_is_latin1_decoded() -> None:
    environ = {"HTTP_COOKIE": "a=☃; b=2".encode().decode("latin1")}
    assert http.parse_cookie(environ).to_dict() == {"a": "☃", "b": "2"}
    assert http.parse_cookie(None).to_dict() == {}


def test_csp_round_trip() -> None:
    header = "default-src 'self'; script-src 'unsafe-inline' https:"
    assert http.dump_csp_header(http.parse_csp_header(header)) == header
    assert http.parse_csp_header(None) == {}
