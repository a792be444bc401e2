"""The header-classification part of ``werkzeug.http`` (re-exported there):
hop-by-hop and entity headers, Content-Security-Policy headers, the
cross-origin policy enums and cookie parsing from a string or an environ."""

from __future__ import annotations

import typing as t
from enum import Enum

from .datastructures import ContentSecurityPolicy, Headers, MultiDict
from .sansio.http import _parse_cookie_pairs

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIEnvironment

_entity_headers = frozenset(
    [
        "allow",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-md5",
        "content-range",
        "content-type",
        "expires",
        "last-modified",
    ]
)
_hop_by_hop_headers = frozenset(
    [
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    ]
)


class COEP(Enum):
    """Cross Origin Embedder Policies"""

    UNSAFE_NONE = "unsafe-none"
    REQUIRE_CORP = "require-corp"


class COOP(Enum):
    """Cross Origin Opener Policies"""

    UNSAFE_NONE = "unsafe-none"
    SAME_ORIGIN_ALLOW_POPUPS = "same-origin-allow-popups"
    SAME_ORIGIN = "same-origin"


def is_entity_header(header: str) -> bool:
    """Whether ``header`` describes the body (``Content-Type``, ...)."""
    return header.lower() in _entity_headers


def is_hop_by_hop_header(header: str) -> bool:
    """Whether ``header`` concerns one connection only (``Connection``, ...)."""
    return header.lower() in _hop_by_hop_headers


def remove_entity_headers(
    headers: Headers | list[tuple[str, str]],
    allowed: t.Iterable[str] = ("expires", "content-location"),
) -> None:
    """Remove the entity headers except ``allowed``, in place."""
    allowed = {x.lower() for x in allowed}
    headers[:] = [
        (key, value)
        for key, value in headers
        if not is_entity_header(key) or key.lower() in allowed
    ]


def remove_hop_by_hop_headers(headers: Headers | list[tuple[str, str]]) -> None:
    """Remove the hop-by-hop headers, in place."""
    headers[:] = [
        (key, value) for key, value in headers if not is_hop_by_hop_header(key)
    ]


_TAnyCSP = t.TypeVar("_TAnyCSP", bound=ContentSecurityPolicy)


def parse_csp_header(
    value: str | None,
    on_update: t.Callable[[ContentSecurityPolicy], None] | None = None,
    cls: type[_TAnyCSP] | None = None,
) -> _TAnyCSP:
    """Parse a ``Content-Security-Policy`` header (directives without a value
    are dropped)."""
    if cls is None:
        cls = t.cast("type[_TAnyCSP]", ContentSecurityPolicy)
    if value is None:
        return cls((), on_update)
    items = []
    for policy in value.split(";"):
        policy = policy.strip()
        if " " in policy:  # a directive without a value is malformed
            directive, value = policy.split(" ", 1)
            items.append((directive.strip(), value.strip()))
    return cls(items, on_update)


def dump_csp_header(header: ContentSecurityPolicy) -> str:
    """A ``Content-Security-Policy`` header value from its directives."""
    return "; ".join(f"{key} {value}" for key, value in header.items())


def parse_cookie(
    header: WSGIEnvironment | str | None,
    cls: type[MultiDict[str, str]] | None = None,
) -> MultiDict[str, str]:
    """Parse a ``Cookie`` header, given as a string or a WSGI environ, into a
    :class:`~.datastructures.MultiDict` (or ``cls``)."""
    cookie = header.get("HTTP_COOKIE") if isinstance(header, dict) else header
    if cookie:
        cookie = cookie.encode("latin1").decode()
    if cls is None:
        cls = MultiDict
    return cls(_parse_cookie_pairs(cookie))
