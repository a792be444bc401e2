"""``flaskcompat.werkzeug.urls``: IRI <-> URI conversions agree with real
Werkzeug's on generated URLs (Werkzeug is the oracle)."""

from __future__ import annotations

import werkzeug.urls as real
from hypothesis import given, settings
from hypothesis import strategies as st

from flaskcompat.werkzeug import urls

_part = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF),
    max_size=12,
)
_escapes = st.lists(
    st.sampled_from(["%20", "%2F", "%C3%BC", "%FF", "%E2%98%83", "%25", "%3F", "%"]),
    max_size=3,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(path=_part, query=_part, fragment=_part)
def test_iri_to_uri_matches_werkzeug(path: str, query: str, fragment: str) -> None:
    iri = f"http://example.com/{path}?{query}#{fragment}"
    assert urls.iri_to_uri(iri) == real.iri_to_uri(iri)


@settings(max_examples=300, deadline=None)
@given(path=_part, escapes=_escapes, query=_part)
def test_uri_to_iri_matches_werkzeug(path: str, escapes: str, query: str) -> None:
    uri = real.iri_to_uri(f"http://xn--n3h.net/{path}") + escapes + f"?{escapes}{query}"
    assert urls.uri_to_iri(uri) == real.uri_to_iri(uri)


def test_hosts_and_credentials() -> None:
    for iri in (
        "http://üser:pä'ss@☃.net:8080/",
        "http://[::1]/x",
        "itms-services://?action=download-manifest&url=https://x/y",
        "/relative/ü",
    ):
        assert urls.iri_to_uri(iri) == real.iri_to_uri(iri)
        assert urls.uri_to_iri(urls.iri_to_uri(iri)) == real.uri_to_iri(
            real.iri_to_uri(iri)
        )
