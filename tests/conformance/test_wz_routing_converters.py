"""``werkzeug.routing``'s converters on a bare ``Map``: the built-in ones with their
arguments, a custom ``BaseConverter`` subclass, ``ValidationError`` and
``parse_converter_args``."""

from __future__ import annotations

import typing as t
import uuid

import pytest

api = pytest.mark.api
R = "werkzeug.routing."


def adapter_for(impl: t.Any, *rules: str, **map_kwargs: t.Any) -> t.Any:
    r = impl.werkzeug.routing
    return r.Map(
        [r.Rule(rule, endpoint=str(i)) for i, rule in enumerate(rules)], **map_kwargs
    ).bind("example.org")


def matches(adapter: t.Any, path: str) -> t.Any:
    try:
        return adapter.match(path)[1]
    except Exception as e:  # NotFound or a redirect
        return type(e).__name__


@api(R + "UnicodeConverter")
def test_unicode_converter_lengths(impl: t.Any) -> None:
    a = adapter_for(
        impl,
        "/s/<string:x>",
        "/min/<string(minlength=2):x>",
        "/max/<string(maxlength=3):x>",
        "/len/<string(length=2):x>",
        "/d/<x>",
    )
    assert matches(a, "/s/héllo") == {"x": "héllo"}
    assert matches(a, "/s/a/b") == "NotFound"
    assert matches(a, "/min/a") == "NotFound"
    assert matches(a, "/min/ab") == {"x": "ab"}
    assert matches(a, "/max/abcd") == "NotFound"
    assert matches(a, "/max/abc") == {"x": "abc"}
    assert matches(a, "/len/abc") == "NotFound"
    assert matches(a, "/len/ab") == {"x": "ab"}
    assert matches(a, "/d/x y") == {"x": "x y"}
    assert a.build("0", {"x": "a/b c?"}) == "/s/a/b%20c%3F"


@api(R + "PathConverter")
def test_path_converter(impl: t.Any) -> None:
    a = adapter_for(impl, "/files/<path:p>", "/files/<path:p>/edit", "/end/<path:p>/")
    assert matches(a, "/files/a/b/c.txt") == {"p": "a/b/c.txt"}
    assert matches(a, "/files/a/b/edit") == {"p": "a/b"}
    assert matches(a, "/end/x/y/") == {"p": "x/y"}
    assert matches(a, "/files/") == "NotFound"
    assert a.build("0", {"p": "x/y z"}) == "/files/x/y%20z"


@api(R + "AnyConverter")
def test_any_converter(impl: t.Any) -> None:
    a = adapter_for(impl, "/<any(about, help, 'a b'):page>", "/x/<any(a,b):p>.html")
    assert matches(a, "/about") == {"page": "about"}
    assert matches(a, "/a b") == {"page": "a b"}
    assert matches(a, "/other") == "NotFound"
    assert matches(a, "/x/b.html") == {"p": "b"}
    assert a.build("0", {"page": "help"}) == "/help"
    r = impl.werkzeug.routing
    # values are matched literally, not as regular expressions
    b = r.Map([r.Rule("/<any('a.c'):v>", endpoint="v")]).bind("h")
    assert matches(b, "/abc") == "NotFound"
    assert matches(b, "/a.c") == {"v": "a.c"}


@api(R + "IntegerConverter")
def test_integer_converter(impl: t.Any) -> None:
    a = adapter_for(
        impl,
        "/i/<int:n>",
        "/fixed/<int(fixed_digits=3):n>",
        "/range/<int(min=5, max=10):n>",
        "/signed/<int(signed=True):n>",
    )
    assert matches(a, "/i/42") == {"n": 42}
    assert matches(a, "/i/-1") == "NotFound"
    assert matches(a, "/i/4.2") == "NotFound"
    assert matches(a, "/fixed/007") == {"n": 7}
    assert matches(a, "/fixed/07") == "NotFound"
    assert matches(a, "/fixed/1234") == "NotFound"
    assert matches(a, "/range/5") == {"n": 5}
    assert matches(a, "/range/10") == {"n": 10}
    assert matches(a, "/range/11") == "NotFound"
    assert matches(a, "/range/4") == "NotFound"
    assert matches(a, "/signed/-12") == {"n": -12}
    assert matches(a, "/signed/12") == {"n": 12}
    assert a.build("1", {"n": 7}) == "/fixed/007"
    assert a.build("3", {"n": -3}) == "/signed/-3"
    assert a.build("0", {"n": "12"}) == "/i/12"


@api(R + "IntegerConverter")
def test_integer_leading_zeros(impl: t.Any) -> None:
    a = adapter_for(impl, "/i/<int:n>", "/m/<int(max=9):n>")
    assert matches(a, "/i/0") == {"n": 0}
    assert matches(a, "/i/007") == {"n": 7}
    assert matches(a, "/m/0009") == {"n": 9}
    assert a.build("0", {"n": 7}) == "/i/7"


@api(R + "FloatConverter")
def test_float_converter(impl: t.Any) -> None:
    a = adapter_for(
        impl,
        "/f/<float:x>",
        "/r/<float(min=0.5, max=1.5):x>",
        "/s/<float(signed=True):x>",
    )
    assert matches(a, "/f/1.5") == {"x": 1.5}
    assert matches(a, "/f/1") == "NotFound"
    assert matches(a, "/f/-1.5") == "NotFound"
    assert matches(a, "/r/1.0") == {"x": 1.0}
    assert matches(a, "/r/1.6") == "NotFound"
    assert matches(a, "/s/-2.25") == {"x": -2.25}
    assert a.build("0", {"x": 2.5}) == "/f/2.5"


@api(R + "UUIDConverter")
def test_uuid_converter(impl: t.Any) -> None:
    a = adapter_for(impl, "/u/<uuid:id>")
    value = "a8098c1a-f86e-11da-bd1a-00112444be1e"
    assert matches(a, f"/u/{value}") == {"id": uuid.UUID(value)}
    assert matches(a, f"/u/{value.upper()}") == {"id": uuid.UUID(value)}
    assert matches(a, "/u/not-a-uuid") == "NotFound"
    assert a.build("0", {"id": uuid.UUID(value)}) == f"/u/{value}"


@api(R + "BaseConverter", R + "ValidationError", R + "Map")
def test_custom_converter(impl: t.Any) -> None:
    r = impl.werkzeug.routing

    class ListConverter(r.BaseConverter):  # type: ignore[misc,name-defined]
        regex = r"\w+(?:,\w+)*"
        weight = 50

        def __init__(self, map: t.Any, sep: str = ",") -> None:
            super().__init__(map)
            self.sep = sep

        def to_python(self, value: str) -> list[str]:
            if value.startswith("bad"):
                raise r.ValidationError()
            return value.split(",")

        def to_url(self, value: list[str]) -> str:
            return ",".join(super(ListConverter, self).to_url(x) for x in value)

    m = r.Map(
        [
            r.Rule("/l/<list:items>", endpoint="list"),
            r.Rule("/l/<other>", endpoint="fallback"),
        ],
        converters={"list": ListConverter},
    )
    assert m.converters["list"] is ListConverter
    assert m.converters["int"] is r.IntegerConverter
    assert "list" not in r.Map().converters
    a = m.bind("example.org")
    assert a.match("/l/a,b,c") == ("list", {"items": ["a", "b", "c"]})
    # a ValidationError in to_python: the URL does not match
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        a.match("/l/badx")
    assert a.match("/l/a-b") == ("fallback", {"other": "a-b"})
    assert a.build("list", {"items": ["x y", "z"]}) == "/l/x%20y,z"


@api(R + "BaseConverter")
def test_converter_part_isolating(impl: t.Any) -> None:
    r = impl.werkzeug.routing

    class Anything(r.BaseConverter):  # type: ignore[misc,name-defined]
        regex = r".+?"
        part_isolating = False

    class Segment(r.BaseConverter):  # type: ignore[misc,name-defined]
        regex = r"[a-z]+"

    class Slashed(r.BaseConverter):  # type: ignore[misc,name-defined]
        regex = r"[a-z]+/[a-z]+"

    assert r.BaseConverter.part_isolating is True
    assert r.PathConverter.part_isolating is False
    assert Segment.part_isolating is True
    assert Anything.part_isolating is False
    # a regex that can match a slash is not part isolating
    assert Slashed.part_isolating is False
    m = r.Map(
        [r.Rule("/a/<anything:x>/end", endpoint="a")],
        converters={"anything": Anything},
    )
    assert m.bind("h").match("/a/b/c/end") == ("a", {"x": "b/c"})


@api(R + "BaseConverter", R + "Map")
def test_converter_regex_arguments(impl: t.Any) -> None:
    r = impl.werkzeug.routing

    class RegexConverter(r.BaseConverter):  # type: ignore[misc,name-defined]
        def __init__(self, map: t.Any, *items: str) -> None:
            super().__init__(map)
            self.regex = items[0]

    m = r.Map(
        [r.Rule("/<regex('[a-z]{2}\\d'):code>", endpoint="code")],
        converters={"regex": RegexConverter},
    )
    a = m.bind("h")
    assert a.match("/ab1") == ("code", {"code": "ab1"})
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        a.match("/abc")


@api(R + "parse_converter_args")
def test_parse_converter_args(impl: t.Any) -> None:
    parse = impl.werkzeug.routing.parse_converter_args
    assert parse("1, 'a', b=2, c=None, d=True") == (
        (1, "a"),
        {"b": 2, "c": None, "d": True},
    )
    assert parse('1.5, x, "q, r"') == ((1.5, "x", "q, r"), {})
    assert parse("") == ((), {})
    assert parse("minlength=2, maxlength=4") == ((), {"minlength": 2, "maxlength": 4})
