"""HTTP helpers shared by the data structures and the exceptions.

The status table and the header-value helpers reproduce ``werkzeug.http`` so
reason phrases and ``key=value`` parameters render exactly as Flask's do.
"""

from __future__ import annotations

import email.utils
import re
import typing as t
from datetime import date, datetime, time, timezone
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
