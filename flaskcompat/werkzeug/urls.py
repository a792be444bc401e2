"""URL quoting helpers with Werkzeug's rules (IRI <-> URI, query parsing)."""

from __future__ import annotations

import codecs
import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

_PCT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _url_quote_errors(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: keep undecodable bytes percent-encoded."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(f"%{b:02X}" for b in bad), error.end


codecs.register_error("flaskcompat.url_quote", _url_quote_errors)


def url_decode(query: str) -> list[tuple[str, str]]:
    """Parse a query string; invalid UTF-8 escapes stay percent-encoded."""
    return parse_qsl(query, keep_blank_values=True, errors="flaskcompat.url_quote")


def _unquote_non_ascii(match: re.Match[str]) -> str:
    run = match.group(0)
    raw = bytes.fromhex(run.replace("%", ""))
    text = raw.decode("utf-8", "surrogateescape")
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code >= 0x80 and not 0xDC80 <= code <= 0xDCFF:
            out.append(ch)
        else:
            byte = code - 0xDC00 if code >= 0xDC80 else code
            out.append(f"%{byte:02X}")
    return "".join(out)


def uri_to_iri(uri: str) -> str:
    """Show percent-encoded non-ASCII UTF-8 as characters; keep the rest."""
    return _PCT_RUN.sub(_unquote_non_ascii, uri)


def iri_to_uri(iri: str) -> str:
    """Percent-encode an IRI into an ASCII URI (path, query and fragment)."""
    parts = urlsplit(iri)
    path = quote(parts.path, safe="%!$&'()*+,/:;=@")
    query = quote(parts.query, safe="%!$&'()*+,/:;=?@")
    fragment = quote(parts.fragment, safe="%!#$&'()*+,/:;=?@")
    netloc = parts.netloc
    if parts.hostname:
        host = parts.hostname.encode("idna").decode("ascii")
        if ":" in host:
            host = f"[{host}]"
        if parts.port:
            host = f"{host}:{parts.port}"
        auth = ""
        if parts.username:
            auth = quote(parts.username, safe="%!$&'()*+,;=")
            if parts.password:
                auth = f"{auth}:{quote(parts.password, safe='%!$&()*+,;=')}"
            auth += "@"
        netloc = auth + host
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


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
