"""``werkzeug.urls``: :func:`iri_to_uri` and :func:`uri_to_iri`, Werkzeug's
functions, and the quoting helpers the rest of the layer uses."""

from __future__ import annotations

import codecs
import re
import typing as t
import urllib.parse
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from .datastructures.structures import iter_multi_items as iter_multi_items


def _url_quote_errors(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: keep undecodable bytes percent-encoded."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(f"%{b:02X}" for b in bad), error.end


codecs.register_error("flaskcompat.url_quote", _url_quote_errors)


def url_decode(query: str) -> list[tuple[str, str]]:
    """Parse a query string; invalid UTF-8 escapes stay percent-encoded."""
    return parse_qsl(query, keep_blank_values=True, errors="flaskcompat.url_quote")


def _codec_error_url_quote(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler of :func:`uri_to_iri`: re-quote invalid bytes."""
    assert isinstance(error, UnicodeDecodeError)
    return quote(error.object[error.start : error.end], safe=""), error.end


codecs.register_error("werkzeug.url_quote", _codec_error_url_quote)


def _make_unquote_part(name: str, chars: str) -> t.Callable[[str], str]:
    """A function unquoting every percent escape except those of ``chars``."""
    choices = "|".join(f"{ord(c):02X}" for c in sorted(chars))
    pattern = re.compile(f"((?:%(?:{choices}))+)", re.I)

    def _unquote_partial(value: str) -> str:
        parts = iter(pattern.split(value))
        out = []
        for part in parts:
            out.append(unquote(part, "utf-8", "werkzeug.url_quote"))
            out.append(next(parts, ""))
        return "".join(out)

    _unquote_partial.__name__ = f"_unquote_{name}"
    return _unquote_partial


# What stays quoted in each part (https://url.spec.whatwg.org/#percent-encoded-bytes):
# always the controls, space and %.
_always_unsafe = bytes((*range(0x21), 0x25, 0x7F)).decode()
_unquote_fragment = _make_unquote_part("fragment", _always_unsafe)
_unquote_query = _make_unquote_part("query", _always_unsafe + "&=+#")
_unquote_path = _make_unquote_part("path", _always_unsafe + "/?#")
_unquote_user = _make_unquote_part("user", _always_unsafe + ":@/?#")


def _decode_idna(domain: str) -> str:
    """An IDNA (punycode) host name as text; invalid labels stay as they are."""
    try:
        data = domain.encode("ascii")
    except UnicodeEncodeError:
        return domain  # decoded already
    try:
        return data.decode("idna")
    except UnicodeDecodeError:
        pass
    parts = []
    for part in data.split(b"."):
        try:
            parts.append(part.decode("idna"))
        except UnicodeDecodeError:
            parts.append(part.decode("ascii"))
    return ".".join(parts)


def uri_to_iri(uri: str) -> str:
    """A URI as an IRI: valid UTF-8 escapes and the IDNA host decoded;
    reserved characters and invalid bytes stay quoted."""
    parts = urlsplit(uri)
    path = _unquote_path(parts.path)
    query = _unquote_query(parts.query)
    fragment = _unquote_fragment(parts.fragment)
    netloc = _decode_idna(parts.hostname) if parts.hostname else ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    if parts.username:
        auth = _unquote_user(parts.username)
        if parts.password:
            auth = f"{auth}:{_unquote_user(parts.password)}"
        netloc = f"{auth}@{netloc}"
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def iri_to_uri(iri: str) -> str:
    """An IRI as an ASCII URI: non-ASCII and unsafe characters quoted, the
    host IDNA-encoded; reserved characters stay as they are."""
    parts = urlsplit(iri)
    path = quote(parts.path, safe="%!$&'()*+,/:;=@")
    query = quote(parts.query, safe="%!$&'()*+,/:;=?@")
    fragment = quote(parts.fragment, safe="%!#$&'()*+,/:;=?@")
    netloc = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    if parts.username:
        auth = quote(parts.username, safe="%!$&'()*+,;=")
        if parts.password:
            password = quote(parts.password, safe="%!$&'()*+,;=")
            auth = f"{auth}:{password}"
        netloc = f"{auth}@{netloc}"
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


# Python < 3.12: keep the "//" of itms-services URLs.
if "itms-services" not in urllib.parse.uses_netloc:
    urllib.parse.uses_netloc.append("itms-services")


def current_url(
    scheme: str,
    host: str,
    root_path: str | None = None,
    path: str | None = None,
    query_string: bytes | None = None,
) -> str:
    """Recreate a request URL as Werkzeug's ``get_current_url`` does (an IRI)."""
    url: list[str] = [scheme, "://", host]
    if root_path is None:
        url.append("/")
        return uri_to_iri("".join(url))
    url.append(quote(root_path.rstrip("/"), safe="!$&'()*+,/:;=@%"))
    url.append("/")
    if path is not None:
        url.append(quote(path.lstrip("/"), safe="!$&'()*+,/:;=@%"))
        if query_string:
            url.append("?")
            url.append(quote(query_string, safe="!$&'()*+,/:;=?@%"))
    return uri_to_iri("".join(url))


def wsgi_decoding_dance(value: str) -> str:
    """A WSGI (latin-1) string to the text it carries (UTF-8, replace errors)."""
    return value.encode("latin1").decode("utf-8", "replace")


def wsgi_encoding_dance(value: str) -> str:
    """Text to a WSGI (latin-1) string."""
    return value.encode().decode("latin1")
