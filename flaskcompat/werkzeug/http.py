"""HTTP helpers shared by the data structures and the exceptions.

The status table and the header-value helpers reproduce ``werkzeug.http`` so
reason phrases and ``key=value`` parameters render exactly as Flask's do.
"""

from __future__ import annotations

import email.utils
import re
import typing as t
from datetime import date, datetime, time, timedelta, timezone
from hashlib import sha1
from time import mktime, struct_time
from urllib.parse import unquote

#: Reason phrases by status code, the same table as ``werkzeug.http``.
HTTP_STATUS_CODES: dict[int, str] = {
    100: "Continue",
    101: "Switching Protocols",
    102: "Processing",
    103: "Early Hints",
    200: "OK",
    201: "Created",
    202: "Accepted",
    203: "Non Authoritative Information",
    204: "No Content",
    205: "Reset Content",
    206: "Partial Content",
    207: "Multi Status",
    208: "Already Reported",
    226: "IM Used",
    300: "Multiple Choices",
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    304: "Not Modified",
    305: "Use Proxy",
    306: "Switch Proxy",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    407: "Proxy Authentication Required",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    414: "Request URI Too Long",
    415: "Unsupported Media Type",
    416: "Requested Range Not Satisfiable",
    417: "Expectation Failed",
    418: "I'm a teapot",
    421: "Misdirected Request",
    422: "Unprocessable Entity",
    423: "Locked",
    424: "Failed Dependency",
    425: "Too Early",
    426: "Upgrade Required",
    428: "Precondition Required",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    449: "Retry With",
    451: "Unavailable For Legal Reasons",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    505: "HTTP Version Not Supported",
    506: "Variant Also Negotiates",
    507: "Insufficient Storage",
    508: "Loop Detected",
    510: "Not Extended",
    511: "Network Authentication Failed",
}

_token_chars = frozenset(
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
)
_parameter_key_re = re.compile(r"([\w!#$%&'*+\-.^`|~]+)=", flags=re.ASCII)
_parameter_token_value_re = re.compile(r"[\w!#$%&'*+\-.^`|~]+", flags=re.ASCII)
_charset_value_re = re.compile(
    r"([\w!#$%&*+\-.^`|~]*)'[\w!#$%&*+\-.^`|~]*'([\w!#$%&'*+\-.^`|~]+)", re.ASCII
)
_continuation_re = re.compile(r"\*(\d+)$", re.ASCII)
_plain_int_re = re.compile(r"-?\d+", re.ASCII)


def quote_header_value(value: t.Any, allow_token: bool = True) -> str:
    """Quote ``value`` unless it is made only of token characters."""
    value_str = str(value)
    if not value_str:
        return '""'
    if allow_token and _token_chars.issuperset(value_str):
        return value_str
    value_str = value_str.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value_str}"'


def dump_options_header(header: str | None, options: t.Mapping[str, t.Any]) -> str:
    """Render ``header; key=value; ...``; ``None`` values are skipped."""
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        if key[-1] == "*":
            segments.append(f"{key}={value}")
        else:
            segments.append(f"{key}={quote_header_value(value)}")
    return "; ".join(segments)


def parse_options_header(value: str | None) -> tuple[str, dict[str, str]]:
    """Split ``text/html; charset=UTF-8`` into ``("text/html", {"charset": ...})``.

    Handles quoting and RFC 2231 charsets/continuations like Werkzeug.
    """
    if value is None:
        return "", {}
    value, _, rest = value.partition(";")
    value = value.strip()
    rest = rest.strip()
    if not value or not rest:
        return value, {}

    parts: list[tuple[str, str]] = []
    while True:
        m = _parameter_key_re.match(rest)
        if m is not None:
            pk = m.group(1).lower()
            rest = rest[m.end() :]
            tm = _parameter_token_value_re.match(rest)
            if tm is not None:
                parts.append((pk, tm.group()))
            elif rest[:1] == '"':
                pos = 1
                length = len(rest)
                while pos < length:
                    if rest[pos : pos + 2] in {"\\\\", '\\"'}:
                        pos += 2
                    elif rest[pos] == '"':
                        parts.append((pk, rest[: pos + 1]))
                        rest = rest[pos + 1 :]
                        break
                    else:
                        pos += 1
        end = rest.find(";")
        if end == -1:
            break
        rest = rest[end + 1 :].lstrip()

    options: dict[str, str] = {}
    encoding: str | None = None
    continued_encoding: str | None = None
    for pk, pv in parts:
        if pk[-1] == "*":
            pk = pk[:-1]
            cm = _charset_value_re.match(pv)
            if cm:
                encoding, pv = cm.groups()
                encoding = encoding.lower()
            if not encoding:
                encoding = continued_encoding
            if encoding in {"ascii", "us-ascii", "utf-8", "iso-8859-1"}:
                continued_encoding = encoding
                pv = unquote(pv, encoding=encoding)
        if pv[0] == pv[-1] == '"':
            pv = pv[1:-1].replace("\\\\", "\\").replace('\\"', '"').replace("%22", '"')
        cont = _continuation_re.search(pk)
        if cont:
            pk = pk[: cont.start()]
            options[pk] = options.get(pk, "") + pv
        else:
            options[pk] = pv
    return value, options


def http_date(
    timestamp: datetime | date | int | float | struct_time | None = None,
) -> str:
    """Format a date as an RFC 2822 date in GMT (naive datetimes are UTC)."""
    if isinstance(timestamp, date):
        if not isinstance(timestamp, datetime):
            timestamp = datetime.combine(timestamp, time(), tzinfo=timezone.utc)
        elif timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=timezone.utc)
        elif timestamp.tzinfo != timezone.utc:
            timestamp = timestamp.astimezone(timezone.utc)
        return email.utils.format_datetime(timestamp, usegmt=True)
    if isinstance(timestamp, struct_time):
        timestamp = mktime(timestamp)
    return email.utils.formatdate(timestamp, usegmt=True)


def plain_int(value: str) -> int:
    """Parse an int of ASCII digits and an optional ``-`` (no ``+``, ``_``)."""
    value = value.strip()
    if _plain_int_re.fullmatch(value) is None:
        raise ValueError
    return int(value)


_unslash_re = re.compile(r"\\(.)", re.A)


def unquote_header_value(value: str) -> str:
    """Remove the double quotes and backslash escapes of a quoted value."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return _unslash_re.sub(r"\g<1>", value[1:-1])
    return value


def parse_list_header(value: str) -> list[str]:
    """Split a comma separated header (``a, "b, c"``) into unquoted items.

    Empty items are dropped; an unclosed quoted string gives ``[]``.
    """
    items: list[str] = []
    item: list[str] = []
    escape = quote = False
    for char in value:
        if escape:
            escape = False
        elif quote:
            if char == "\\":
                escape = True
            elif char == '"':
                quote = False
        elif char == ",":
            items.append("".join(item))
            item.clear()
            continue
        elif char == '"':
            quote = True
        item.append(char)
    if quote:
        return []
    items.append("".join(item))
    return [unquote_header_value(s) for s in (s.strip() for s in items) if s]


def parse_dict_header(value: str) -> dict[str, str | None]:
    """Parse ``key=value`` items of a comma separated header into a dict; a
    key without ``=`` maps to ``None``.
    """
    result: dict[str, str | None] = {}
    for item in parse_list_header(value):
        key, has_value, val = item.partition("=")
        key = key.strip()
        if not key:
            continue
        if not has_value:
            result[key] = None
            continue
        val = val.strip()
        if key[-1] == "*":
            key = key[:-1]
            encoding: str | None = None
            m = _charset_value_re.match(val)
            if m:
                encoding, val = m.groups()
                encoding = encoding.lower()
            if encoding in {"ascii", "us-ascii", "utf-8", "iso-8859-1"}:
                val = unquote(val, encoding=encoding)
        result[key] = unquote_header_value(val)
    return result


def dump_header(iterable: t.Mapping[str, t.Any] | t.Iterable[t.Any]) -> str:
    """Join items (or ``key=value`` pairs of a dict) into a comma separated
    header, quoting values that are not tokens.
    """
    if isinstance(iterable, dict):
        items = []
        for key, value in iterable.items():
            if value is None:
                items.append(key)
            elif key[-1] == "*":
                items.append(f"{key}={value}")
            else:
                items.append(f"{key}={quote_header_value(value)}")
        return ", ".join(items)
    return ", ".join(quote_header_value(x) for x in iterable)


# --- parsed header objects ----------------------------------------------------

_q_value_re = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_TAnyAccept = t.TypeVar("_TAnyAccept", bound="Accept")
_TAnyCC = t.TypeVar("_TAnyCC", bound="_CacheControl")


@t.overload
def parse_accept_header(value: str | None) -> Accept: ...
@t.overload
def parse_accept_header(value: str | None, cls: type[_TAnyAccept]) -> _TAnyAccept: ...
def parse_accept_header(value: str | None, cls: type[Accept] | None = None) -> Accept:
    """Parse an ``Accept*`` header into ``cls`` (default :class:`Accept`).

    Items with an invalid ``q`` are skipped; other parameters stay on the
    value (``text/html;level=1``).
    """
    if cls is None:
        cls = Accept
    if not value:
        return cls(None)
    result = []
    for item in parse_list_header(value):
        item, options = parse_options_header(item)
        if "q" in options:
            q_str = options.pop("q").strip()
            if _q_value_re.fullmatch(q_str) is None:
                continue
            q = float(q_str)
            if q < 0 or q > 1:
                continue
        else:
            q = 1
        if options:
            item = dump_options_header(item, options)
        result.append((item, q))
    return cls(result)


@t.overload
def parse_cache_control_header(
    value: str | None,
    on_update: t.Callable[[_CacheControl], None] | None = None,
) -> RequestCacheControl: ...
@t.overload
def parse_cache_control_header(
    value: str | None,
    on_update: t.Callable[[_CacheControl], None] | None = None,
    cls: type[_TAnyCC] = ...,
) -> _TAnyCC: ...
def parse_cache_control_header(
    value: str | None,
    on_update: t.Callable[[_CacheControl], None] | None = None,
    cls: type[_CacheControl] | None = None,
) -> _CacheControl:
    """Parse a ``Cache-Control`` header into ``cls`` (default
    :class:`RequestCacheControl`); ``on_update`` is called on changes.
    """
    if cls is None:
        cls = RequestCacheControl
    if not value:
        return cls((), on_update)
    return cls(parse_dict_header(value), on_update)


def parse_set_header(
    value: str | None, on_update: t.Callable[[HeaderSet], None] | None = None
) -> HeaderSet:
    """Parse a comma separated header into a :class:`HeaderSet`."""
    if not value:
        return HeaderSet(None, on_update)
    return HeaderSet(parse_list_header(value), on_update)


# --- conditional and range requests ------------------------------------------

_etag_re = re.compile(r'([Ww]/)?(?:"(.*?)"|(.*?))(?:\s*,\s*|$)')


def quote_etag(etag: str, weak: bool = False) -> str:
    """Quote an entity tag (``W/"..."`` if weak); a ``"`` in it is an error."""
    if '"' in etag:
        raise ValueError("invalid etag")
    etag = f'"{etag}"'
    if weak:
        etag = f"W/{etag}"
    return etag


@t.overload
def unquote_etag(etag: str) -> tuple[str, bool]: ...
@t.overload
def unquote_etag(etag: None) -> tuple[None, None]: ...
def unquote_etag(etag: str | None) -> tuple[str, bool] | tuple[None, None]:
    """``('bar', True)`` for ``W/"bar"``; ``(None, None)`` for no tag."""
    if not etag:
        return None, None
    etag = etag.strip()
    weak = False
    if etag.startswith(("W/", "w/")):
        weak = True
        etag = etag[2:]
    if etag[:1] == etag[-1:] == '"':
        etag = etag[1:-1]
    return etag, weak


def parse_etags(value: str | None) -> ETags:
    """Parse an ``If-Match``/``If-None-Match`` header."""
    if not value:
        return ETags()
    strong = []
    weak = []
    end = len(value)
    pos = 0
    while pos < end:
        match = _etag_re.match(value, pos)
        if match is None:
            break
        is_weak, quoted, raw = match.groups()
        if raw == "*":
            return ETags(star_tag=True)
        if quoted:
            raw = quoted
        if is_weak:
            weak.append(raw)
        else:
            strong.append(raw)
        pos = match.end()
    return ETags(strong, weak)


def generate_etag(data: bytes) -> str:
    """An entity tag for ``data`` (its SHA-1, as Werkzeug computes it)."""
    return sha1(data).hexdigest()


def parse_date(value: str | None) -> datetime | None:
    """Parse an RFC 2822 date into an aware datetime (UTC if it names no
    zone); ``None`` if it is not a date.
    """
    if value is None:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt


def parse_age(value: str | None = None) -> timedelta | None:
    """Parse a count of seconds (``Age``) into a timedelta; ``None`` if it is
    not a non-negative integer.
    """
    if not value:
        return None
    try:
        seconds = int(value)
    except ValueError:
        return None
    if seconds < 0:
        return None
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        return None


def dump_age(age: timedelta | int | None = None) -> str | None:
    """Format a duration (seconds or a timedelta) as an integer string."""
    if age is None:
        return None
    age = int(age.total_seconds()) if isinstance(age, timedelta) else int(age)
    if age < 0:
        raise ValueError("age cannot be negative")
    return str(age)


def _dt_as_utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    if dt.tzinfo != timezone.utc:
        return dt.astimezone(timezone.utc)
    return dt


def is_byte_range_valid(
    start: int | None, stop: int | None, length: int | None
) -> bool:
    """Whether ``start``-``stop`` (exclusive) is a valid range of ``length``."""
    if start is None or stop is None:
        both_unset = start is None and stop is None
        return both_unset and (length is None or length >= 0)
    if length is None:
        return 0 <= start < stop
    if start >= stop:
        return False
    return 0 <= start < length


def parse_range_header(
    value: str | None, make_inclusive: bool = True
) -> Range | None:
    """Parse a ``Range`` header; ``None`` if it is missing or malformed
    (also for overlapping or unordered ranges, as Werkzeug). ``make_inclusive``
    is accepted and has no effect, as in Werkzeug 3.1.
    """
    if not value or "=" not in value:
        return None

    ranges: list[tuple[int, int | None]] = []
    last_end = 0
    units, rng = value.split("=", 1)
    units = units.strip().lower()

    for item in rng.split(","):
        item = item.strip()
        if "-" not in item:
            return None
        end: int | None
        if item.startswith("-"):
            if last_end < 0:
                return None
            try:
                begin = plain_int(item)
            except ValueError:
                return None
            end = None
            last_end = -1
        else:
            begin_str, end_str = item.split("-", 1)
            try:
                begin = plain_int(begin_str.strip())
            except ValueError:
                return None
            if begin < last_end or last_end < 0:
                return None
            end_str = end_str.strip()
            if end_str:
                try:
                    end = plain_int(end_str) + 1
                except ValueError:
                    return None
                if begin >= end:
                    return None
            else:
                end = None
            last_end = end if end is not None else -1
        ranges.append((begin, end))

    return Range(units, ranges)


def parse_content_range_header(
    value: str | None, on_update: t.Callable[[ContentRange], None] | None = None
) -> ContentRange | None:
    """Parse a ``Content-Range`` header; ``None`` if it is missing or invalid."""
    if value is None:
        return None
    try:
        units, rangedef = (value or "").strip().split(None, 1)
    except ValueError:
        return None
    if "/" not in rangedef:
        return None
    rng, length_str = rangedef.split("/", 1)
    length: int | None
    if length_str == "*":
        length = None
    else:
        try:
            length = plain_int(length_str)
        except ValueError:
            return None
    if rng == "*":
        if not is_byte_range_valid(None, None, length):
            return None
        return ContentRange(units, None, None, length, on_update=on_update)
    if "-" not in rng:
        return None
    start_str, stop_str = rng.split("-", 1)
    try:
        start = plain_int(start_str)
        stop = plain_int(stop_str) + 1
    except ValueError:
        return None
    if is_byte_range_valid(start, stop, length):
        return ContentRange(units, start, stop, length, on_update=on_update)
    return None


def parse_if_range_header(value: str | None) -> IfRange:
    """Parse an ``If-Range`` header: a date or an entity tag (its weakness
    dropped).
    """
    if not value:
        return IfRange()
    date = parse_date(value)
    if date is not None:
        return IfRange(date=date)
    return IfRange(unquote_etag(value)[0])


def is_resource_modified(
    environ: t.Mapping[str, t.Any],
    etag: str | None = None,
    data: bytes | None = None,
    last_modified: datetime | str | None = None,
    ignore_if_range: bool = True,
) -> bool:
    """Whether the client's copy is stale, judged from the request's
    ``If-None-Match``, ``If-Modified-Since``, ``If-Match`` and (unless
    ``ignore_if_range``) ``If-Range`` headers.
    """
    if etag is None and data is not None:
        etag = generate_etag(data)
    elif data is not None:
        raise TypeError("both data and etag given")

    unmodified = False
    if isinstance(last_modified, str):
        last_modified = parse_date(last_modified)

    # HTTP dates have no microseconds; naive datetimes are UTC.
    if last_modified is not None:
        last_modified = _dt_as_utc(last_modified.replace(microsecond=0))

    http_range = environ.get("HTTP_RANGE")
    if_range = None
    if not ignore_if_range and http_range is not None:
        # RFC 7233 3.2: If-Range without Range is ignored.
        if_range = parse_if_range_header(environ.get("HTTP_IF_RANGE"))

    if if_range is not None and if_range.date is not None:
        modified_since: datetime | None = if_range.date
    else:
        modified_since = parse_date(environ.get("HTTP_IF_MODIFIED_SINCE"))

    if modified_since and last_modified and last_modified <= modified_since:
        unmodified = True

    if etag:
        etag, _ = unquote_etag(etag)
        if if_range is not None and if_range.etag is not None:
            unmodified = parse_etags(if_range.etag).contains(etag)
        else:
            if_none_match = parse_etags(environ.get("HTTP_IF_NONE_MATCH"))
            if if_none_match:
                # RFC 7232 3.2: weak comparison for If-None-Match.
                unmodified = if_none_match.contains_weak(etag)
            if_match = parse_etags(environ.get("HTTP_IF_MATCH"))
            if if_match:
                # RFC 7232 3.1: strong comparison for If-Match.
                unmodified = not if_match.is_strong(etag)

    return not unmodified


# The parsed header objects live in ``datastructures``, which uses the helpers
# above: imported last, as Werkzeug does.
from ._http_headers import COEP as COEP  # noqa: E402
from ._http_headers import COOP as COOP  # noqa: E402
from ._http_headers import dump_csp_header as dump_csp_header  # noqa: E402
from ._http_headers import is_entity_header as is_entity_header  # noqa: E402
from ._http_headers import is_hop_by_hop_header as is_hop_by_hop_header  # noqa: E402
from ._http_headers import parse_cookie as parse_cookie  # noqa: E402
from ._http_headers import parse_csp_header as parse_csp_header  # noqa: E402
from ._http_headers import remove_entity_headers as remove_entity_headers  # noqa: E402
from ._http_headers import (  # noqa: E402
    remove_hop_by_hop_headers as remove_hop_by_hop_headers,
)
from .datastructures.accept import Accept as Accept  # noqa: E402
from .datastructures.cache_control import (  # noqa: E402
    RequestCacheControl,
    _CacheControl,
)
from .datastructures.etag import ETags as ETags  # noqa: E402
from .datastructures.headers import HeaderSet  # noqa: E402
from .datastructures.range import ContentRange as ContentRange  # noqa: E402
from .datastructures.range import IfRange as IfRange  # noqa: E402
from .datastructures.range import Range as Range  # noqa: E402
from .sansio.http import dump_cookie as dump_cookie  # noqa: E402
