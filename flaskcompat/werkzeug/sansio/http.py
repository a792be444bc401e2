"""``werkzeug.sansio.http``'s cookie half: ``Set-Cookie`` values and ``Cookie``
parsing, as Werkzeug does."""

from __future__ import annotations

import re
import typing as t
import warnings
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from ..http import http_date

if t.TYPE_CHECKING:  # pragma: no cover
    from ..datastructures import MultiDict

_cookie_no_quote_re = re.compile(r"[\w!#$%&'()*+\-./:<=>?@\[\]^`{|}~]*", re.A)
_cookie_slash_re = re.compile(rb"[\x00-\x19\",;\\\x7f-\xff]", re.A)
_cookie_slash_map = {b'"': b'\\"', b"\\": b"\\\\"}
_cookie_slash_map.update(
    (v.to_bytes(1, "big"), b"\\%03o" % v)
    for v in [*range(0x20), *b",;", *range(0x7F, 256)]
)
_cookie_re = re.compile(
    r"""
    ([^=;]*)
    (?:\s*=\s*
      (
        "(?:[^\\"]|\\.)*"
      |
        .*?
      )
    )?
    \s*;\s*
    """,
    flags=re.ASCII | re.VERBOSE,
)
_cookie_unslash_re = re.compile(rb"\\([0-3][0-7]{2}|.)")


def dump_cookie(
    key: str,
    value: str = "",
    max_age: timedelta | int | None = None,
    expires: str | datetime | int | float | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    sync_expires: bool = True,
    max_size: int = 4093,
    samesite: str | None = None,
    partitioned: bool = False,
) -> str:
    """Build a ``Set-Cookie`` header value (Werkzeug's format and quoting)."""
    if path is not None:
        path = quote(path, safe="%!$&'()*+,/:=@")
    if domain:
        domain = domain.partition(":")[0].lstrip(".").encode("idna").decode("ascii")
    if isinstance(max_age, timedelta):
        max_age = int(max_age.total_seconds())
    if expires is not None:
        if not isinstance(expires, str):
            expires = http_date(expires)
    elif max_age is not None and sync_expires:
        expires = http_date(datetime.now(tz=timezone.utc).timestamp() + max_age)
    if samesite is not None:
        samesite = samesite.title()
        if samesite not in {"Strict", "Lax", "None"}:
            raise ValueError("SameSite must be 'Strict', 'Lax', or 'None'.")
    if partitioned:
        secure = True
    if not _cookie_no_quote_re.fullmatch(value):
        value = _cookie_slash_re.sub(
            lambda m: _cookie_slash_map[m.group()], value.encode()
        ).decode("ascii")
        value = f'"{value}"'
    buf = [f"{key.encode().decode('latin1')}={value}"]
    for name, option in (
        ("Domain", domain),
        ("Expires", expires),
        ("Max-Age", max_age),
        ("Secure", secure),
        ("HttpOnly", httponly),
        ("Path", path),
        ("SameSite", samesite),
        ("Partitioned", partitioned),
    ):
        if option is None or option is False:
            continue
        if option is True:
            buf.append(name)
            continue
        buf.append(f"{name}={option}")
    rv = "; ".join(buf)
    if max_size and len(rv) > max_size:
        warnings.warn(
            f"The {key!r} cookie is too large: the value was {len(value)} bytes but the"
            f" header required {len(rv) - len(value)} extra bytes. The final size"
            f" was {len(rv)} bytes but the limit is {max_size} bytes. Browsers may"
            " silently ignore cookies larger than this.",
            stacklevel=2,
        )
    return rv


def _unslash(m: re.Match[bytes]) -> bytes:
    v = m.group(1)
    if len(v) == 1:
        return v
    return int(v, 8).to_bytes(1, "big")


def _parse_cookie_pairs(cookie: str | None) -> list[tuple[str, str]]:
    """Parse a ``Cookie`` header into ``(name, value)`` pairs, in order."""
    if not cookie:
        return []
    out: list[tuple[str, str]] = []
    for ck, cv in _cookie_re.findall(f"{cookie};"):
        ck = ck.strip()
        cv = cv.strip()
        if not ck:
            continue
        if len(cv) >= 2 and cv[0] == cv[-1] == '"':
            cv = _cookie_unslash_re.sub(_unslash, cv[1:-1].encode()).decode(
                errors="replace"
            )
        out.append((ck, cv))
    return out


def parse_cookie(
    cookie: str | None = None, cls: type[MultiDict[str, str]] | None = None
) -> MultiDict[str, str]:
    """Parse a ``Cookie`` header into a :class:`~..datastructures.MultiDict`
    (or ``cls``), every value of a repeated name kept in order."""
    if cls is None:
        from ..datastructures import MultiDict

        cls = MultiDict
    return cls(_parse_cookie_pairs(cookie))
