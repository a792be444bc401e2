"""Client mistakes that real Flask 3.1 answers with a 500 (or lets through to
the server): flaskcompat answers them with a 4xx, a lenient parse, or refuses
to emit the header. Each test says what Flask does.
"""

from __future__ import annotations

import sys
import typing as t

import pytest

import flaskcompat
from flaskcompat import request

if t.TYPE_CHECKING:
    from .conftest import Call, Result

BAD_REQUEST_BODY = (
    b"<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n"
    b"<h1>Bad Request</h1>\n<p>The browser (or proxy) sent a request that this"
    b" server could not understand.</p>\n"
)
INJECTION = "a\r\nX-Evil: 1"


def _assert_no_injection(rv: Result) -> None:
    assert "\r" not in rv.status and "\n" not in rv.status
    for name, value in rv.headers:
        assert not {"\r", "\n"} & set(name + value), (name, value)


@pytest.mark.parametrize(
    "digits",
    [
        "9" * (sys.get_int_max_str_digits() + 1),
        "1" * 100_000,
        "0" * 5000 + "1",
    ],
    ids=["limit+1", "100k", "leading-zeros"],
)
def test_int_converter_over_the_digit_limit_is_404(
    app: flaskcompat.Flask, call: Call, digits: str
) -> None:
    """Flask: 500 - ``int()`` raises ValueError past ``sys.get_int_max_str_digits``
    and Werkzeug's converter lets it escape. A number that cannot be converted
    does not match the rule: 404.
    """

    @app.route("/n/<int:n>")
    def number(n: int) -> str:
        return str(n)

    @app.route("/s/<int(signed=True):n>")
    def signed(n: int) -> str:
        return str(n)

    assert call(f"/n/{digits}").status == "404 NOT FOUND"
    assert call(f"/s/-{digits}").status == "404 NOT FOUND"
    assert call("/n/" + "9" * 4300).status == "200 OK"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a=\xff", {"a": ["%FF"]}),
        ("\xff=1", {"%FF": ["1"]}),
        ("a=\xc3\xa9", {"a": ["\u00e9"]}),  # raw UTF-8 is fine
        ("a=\xed\xa0\x80", {"a": ["%ED%A0%80"]}),
        ("a=\xc0\xaf&b=2", {"a": ["%C0%AF"], "b": ["2"]}),
    ],
)
def test_raw_non_utf8_query_is_kept_percent_encoded(
    app: flaskcompat.Flask, call: Call, query: str, expected: t.Any
) -> None:
    """Flask: 500 (UnicodeDecodeError) for raw non-UTF-8 bytes in the query
    string. flaskcompat keeps them percent-encoded, like invalid escapes.
    """

    @app.route("/args")
    def args() -> str:
        return repr(request.args.to_dict(flat=False))

    rv = call("/args", query=query)
    assert (rv.status, rv.body) == ("200 OK", repr(expected).encode())


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_json_is_400(
    app: flaskcompat.Flask, call: Call, depth: int
) -> None:
    """Flask: 500 - RecursionError escapes ``get_json``; flaskcompat: 400."""

    @app.route("/json", methods=["POST"])
    def json_view() -> str:
        return repr(request.get_json())

    body = b"[" * depth + b"]" * depth
    rv = call("/json", method="POST", body=body, content_type="application/json")
    assert (rv.status, rv.body) == ("400 BAD REQUEST", BAD_REQUEST_BODY)


@pytest.mark.parametrize(
    "name", [INJECTION, "a\nX-Evil: 1", "a\rX-Evil: 1", "X-Evil: 1\r\n"]
)
def test_line_break_in_header_name_is_refused(
    app: flaskcompat.Flask, call: Call, name: str
) -> None:
    """Flask passes a header *name* from user input to the server as it is
    (Werkzeug checks values only); flaskcompat refuses it like a value: 500.
    """

    @app.route("/header")
    def header() -> t.Any:
        return "x", {request.args["v"]: "1"}

    rv = call("/header", query="v=" + name.replace("\r", "%0D").replace("\n", "%0A"))
    assert rv.status == "500 INTERNAL SERVER ERROR"
    _assert_no_injection(rv)


@pytest.mark.parametrize(
    "status", [f"200 {INJECTION}", INJECTION, "200 OK\r\nSet-Cookie: a=1"]
)
def test_line_break_in_status_is_refused(
    app: flaskcompat.Flask, call: Call, status: str
) -> None:
    """Flask passes a status line from user input to the server as it is;
    flaskcompat refuses it like a header value (a 500, no injected line)."""

    @app.route("/status")
    def status_view() -> t.Any:
        return "x", request.args["v"]

    rv = call("/status", query="v=" + status.replace("\r", "%0D").replace("\n", "%0A"))
    assert rv.status == "500 INTERNAL SERVER ERROR"
    _assert_no_injection(rv)
