"""Unit tests of ``flaskcompat.werkzeug.routing.converters``."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flaskcompat.werkzeug.routing import Map
from flaskcompat.werkzeug.routing.converters import (
    AnyConverter,
    FloatConverter,
    IntegerConverter,
    PathConverter,
    UnicodeConverter,
    UUIDConverter,
    ValidationError,
    parse_converter_args,
    quote_segment,
)

MAP = Map()


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text() | st.integers())
def test_quote_segment_is_quote(value: object) -> None:
    assert quote_segment(value) == quote(str(value), safe="!$&'()*+,/:;=@")


def test_quote_segment_keeps_safe_text_as_is() -> None:
    text = "abc-._~!$&'()*+,/:;=@XYZ09"
    assert quote_segment(text) is text
    assert quote_segment("a b/é") == "a%20b/%C3%A9"


@pytest.mark.parametrize(
    ("argstr", "expected"),
    [
        ("", ((), {})),
        ("2", ((2,), {})),
        ("length=3", ((), {"length": 3})),
        ("about, help, 'café'", (("about", "help", "café"), {})),
        ("min=1, max=99, signed=True", ((), {"min": 1, "max": 99, "signed": True})),
        ("1.5, None", ((1.5, None), {})),
    ],
)
def test_parse_converter_args(argstr: str, expected: object) -> None:
    assert parse_converter_args(argstr) == expected


def test_parse_converter_args_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="Cannot parse converter argument"):
        parse_converter_args("a b")


def test_integer_converter_bounds_and_digits() -> None:
    conv = IntegerConverter(MAP, fixed_digits=3, min=1, max=500)
    assert conv.to_python("042") == 42
    assert conv.to_url(7) == "007"
    for bad in ("42", "000", "501"):
        with pytest.raises(ValidationError):
            conv.to_python(bad)
    assert IntegerConverter(MAP, signed=True).regex == r"-?\d+"


def test_integer_converter_too_many_digits_is_no_match() -> None:
    with pytest.raises(ValidationError):
        IntegerConverter(MAP).to_python("9" * 5000)


def test_float_uuid_any_path_unicode() -> None:
    assert FloatConverter(MAP).to_python("1.5") == 1.5
    value = uuid.uuid4()
    conv = UUIDConverter(MAP)
    assert conv.to_python(str(value)) == value
    assert conv.to_url(value) == str(value)
    anyc = AnyConverter(MAP, "about", "help")
    assert anyc.to_url("help") == "help"
    with pytest.raises(ValueError, match="is not one of 'about', 'help'"):
        anyc.to_url("nope")
    assert PathConverter(MAP).part_isolating is False
    assert UnicodeConverter(MAP, length=2).regex == "[^/]{2}"
    assert UnicodeConverter(MAP, minlength=2, maxlength=4).regex == "[^/]{2,4}"


def test_part_isolating_follows_a_custom_regex() -> None:
    class Slashy(UnicodeConverter):
        regex = "[a-z/]+"

    class Plain(UnicodeConverter):
        regex = "[a-z]+"

    assert Slashy.part_isolating is False
    assert Plain.part_isolating is True
