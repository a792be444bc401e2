"""Conformance: the tagged JSON serializer (``flask.json.tag``) the session cookie
uses: exact output for every tag, round trips, untagging, and custom tags."""

from __future__ import annotations

import decimal
import importlib
import typing as t
import uuid
from collections import OrderedDict
from datetime import date, datetime, timedelta, timezone

import pytest
from markupsafe import Markup

pytestmark = pytest.mark.api("json.tag.TaggedJSONSerializer")

TAG_NAMES = (
    "TagDict",
    "PassDict",
    "TagTuple",
    "PassList",
    "TagBytes",
    "TagMarkup",
    "TagUUID",
    "TagDateTime",
)


def tag_module(impl: t.Any) -> t.Any:
    return importlib.import_module(f"{impl.name}.json.tag")


@pytest.fixture
def serializer(impl: t.Any) -> t.Any:
    return tag_module(impl).TaggedJSONSerializer()


class Html:
    def __html__(self) -> str:
        return "<i>html</i>"


@pytest.mark.api("json.tag.TaggedJSONSerializer", "json.tag.JSONTag")
def test_module_names_and_default_tags(impl: t.Any, serializer: t.Any) -> None:
    mod = tag_module(impl)
    assert [cls.__name__ for cls in mod.TaggedJSONSerializer.default_tags] == list(
        TAG_NAMES
    )
    for name in TAG_NAMES:
        assert issubclass(getattr(mod, name), mod.JSONTag)
    assert [type(tag).__name__ for tag in serializer.order] == list(TAG_NAMES)
    assert sorted(serializer.tags) == [" b", " d", " di", " m", " t", " u"]
    assert {k: type(v).__name__ for k, v in serializer.tags.items()} == {
        " di": "TagDict",
        " t": "TagTuple",
        " b": "TagBytes",
        " m": "TagMarkup",
        " u": "TagUUID",
        " d": "TagDateTime",
    }
    assert mod.JSONTag.key == ""
    assert mod.JSONTag.__slots__ == ("serializer",)
    assert mod.TaggedJSONSerializer.__slots__ == ("tags", "order")
    assert serializer.order[0].serializer is serializer


@pytest.mark.parametrize(
    ("value", "dumped"),
    [
        ({"a": 1}, '{"a":1}'),
        ([1, "x", None, True, 1.5], '[1,"x",null,true,1.5]'),
        ((1, 2), '{" t":[1,2]}'),
        ((), '{" t":[]}'),
        ([(1,), [(2,)]], '[{" t":[1]},[{" t":[2]}]]'),
        (b"\x00\xff bytes", '{" b":"AP8gYnl0ZXM="}'),
        (b"", '{" b":""}'),
        (Markup("<b>&amp;</b>"), '{" m":"<b>&amp;</b>"}'),
        (Html(), '{" m":"<i>html</i>"}'),
        (uuid.UUID(int=255), '{" u":"000000000000000000000000000000ff"}'),
        (datetime(2020, 2, 29, 1, 2, 3), '{" d":"Sat, 29 Feb 2020 01:02:03 GMT"}'),
        (
            datetime(2020, 2, 29, 1, 2, 3, 999, tzinfo=timezone(timedelta(hours=-5))),
            '{" d":"Sat, 29 Feb 2020 06:02:03 GMT"}',
        ),
        ({" t": [1]}, '{" di":{" t__":[1]}}'),
        ({" di": 1}, '{" di":{" di__":1}}'),
        ({" t": 1, "b": 2}, '{" t":1,"b":2}'),
        ({" x": 1}, '{" x":1}'),
        ({"k": {"n": (1, b"a")}}, '{"k":{"n":{" t":[1,{" b":"YQ=="}]}}}'),
        ({"b": 1, "a": 2}, '{"b":1,"a":2}'),
        ({1: "int key"}, '{"1":"int key"}'),
        ("é\u2603", '"\\u00e9\\u2603"'),
        (date(2020, 1, 2), '"Thu, 02 Jan 2020 00:00:00 GMT"'),
        (decimal.Decimal("1.50"), '"1.50"'),
    ],
)
def test_dumps_outside_an_app(serializer: t.Any, value: t.Any, dumped: str) -> None:
    assert serializer.dumps(value) == dumped


def test_dumps_in_an_app_uses_the_apps_provider(serializer: t.Any, app: t.Any) -> None:
    value = {"b": 1, "a": (2, "é")}
    with app.app_context():
        assert serializer.dumps(value) == '{"a":{" t":[2,"\\u00e9"]},"b":1}'
        app.json.sort_keys = False
        app.json.ensure_ascii = False
        assert serializer.dumps(value) == '{"b":1,"a":{" t":[2,"é"]}}'


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, {"b": None}], "c": "text"},
        (1, (2, (3,)), [4]),
        b"\x00\x01\xfe\xff",
        Markup("<p>x</p>"),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        datetime(2000, 1, 1, tzinfo=timezone.utc),
        {" t": (1,), " b": b"x"},
        {" di": {" di": 1}},
        {"only": {" u": "not a uuid"}},
        [{"k": ({" m": 1},)}],
    ],
)
def test_round_trip(serializer: t.Any, value: t.Any) -> None:
    loaded = serializer.loads(serializer.dumps(value))
    assert loaded == value
    assert type(loaded) is type(value)


def test_loaded_types(serializer: t.Any) -> None:
    assert type(serializer.loads('{" m":"<b>"}')) is Markup
    assert serializer.loads('{" m":"<b>"}') == Markup("<b>")
    assert serializer.loads(serializer.dumps(Html())) == Markup("<i>html</i>")
    dt = serializer.loads(serializer.dumps(datetime(2020, 2, 29, 1, 2, 3, 456)))
    assert dt == datetime(2020, 2, 29, 1, 2, 3, tzinfo=timezone.utc)
    assert dt.tzinfo is not None
    assert dt.utcoffset() == timedelta(0)
    assert serializer.loads('{"1":"int key"}') == {"1": "int key"}


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        ('{" x":1}', {" x": 1}),
        ('{" t":1,"b":2}', {" t": 1, "b": 2}),
        ('{" t":[1,{" b":"YQ=="}]}', (1, b"a")),
        ('{" di":{" t__":[1]}}', {" t": [1]}),
        ('{"a":{" t":[]}}', {"a": ()}),
        ('[{" u":"000000000000000000000000000000ff"}]', [uuid.UUID(int=255)]),
        ('{" d":"not a date"}', None),
        ("1", 1),
        ('"s"', "s"),
        ("null", None),
    ],
)
def test_loads(serializer: t.Any, text: str, loaded: t.Any) -> None:
    assert serializer.loads(text) == loaded


def test_untag(serializer: t.Any) -> None:
    assert serializer.untag({" t": [1, 2]}) == (1, 2)
    assert serializer.untag({" b": "YQ=="}) == b"a"
    assert serializer.untag({"a": 1}) == {"a": 1}
    assert serializer.untag({" t": [1], "x": 2}) == {" t": [1], "x": 2}
    # untag does not recurse; loads does.
    assert serializer.untag({" t": [{" b": "YQ=="}]}) == ({" b": "YQ=="},)


def test_tag(serializer: t.Any) -> None:
    assert serializer.tag((1, b"a")) == {" t": [1, {" b": "YQ=="}]}
    assert serializer.tag({"a": (1,)}) == {"a": {" t": [1]}}
    assert serializer.tag([b""]) == [{" b": ""}]
    unknown = {1, 2}
    assert serializer.tag(unknown) is unknown


def test_unserializable_value_raises(serializer: t.Any, app: t.Any) -> None:
    with pytest.raises(TypeError):
        serializer.dumps({"s": {1, 2}})
    with app.app_context(), pytest.raises(TypeError):
        serializer.dumps({"s": {1, 2}})


def test_invalid_json_raises(serializer: t.Any) -> None:
    with pytest.raises(ValueError):
        serializer.loads("{bad")


# -- custom tags --------------------------------------------------------------------


def ordered_dict_tag(impl: t.Any) -> type[t.Any]:
    """Flask's documented example: keep an OrderedDict's order."""

    class TagOrderedDict(tag_module(impl).JSONTag):  # type: ignore[misc,name-defined]
        __slots__ = ("serializer",)
        key = " od"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, OrderedDict)

        def to_json(self, value: t.Any) -> t.Any:
            return [[k, self.serializer.tag(v)] for k, v in value.items()]

        def to_python(self, value: t.Any) -> t.Any:
            return OrderedDict(value)

    return TagOrderedDict


@pytest.mark.api("json.tag.TaggedJSONSerializer", "json.tag.JSONTag")
def test_register_custom_tag_first(impl: t.Any, serializer: t.Any) -> None:
    serializer.register(ordered_dict_tag(impl), index=0)
    value = OrderedDict([("b", (1,)), ("a", 2)])
    assert serializer.dumps(value) == '{" od":[["b",{" t":[1]}],["a",2]]}'
    loaded = serializer.loads(serializer.dumps(value))
    assert type(loaded) is OrderedDict
    assert list(loaded.items()) == [("b", (1,)), ("a", 2)]
    assert type(serializer.order[0]).__name__ == "TagOrderedDict"


@pytest.mark.api("json.tag.TaggedJSONSerializer", "json.tag.JSONTag")
def test_register_custom_tag_last_is_shadowed(impl: t.Any, serializer: t.Any) -> None:
    serializer.register(ordered_dict_tag(impl))
    # PassDict comes first and handles the OrderedDict as a dict.
    assert serializer.dumps(OrderedDict(a=1)) == '{"a":1}'
    assert serializer.loads('{" od":[["a",1]]}') == OrderedDict(a=1)


@pytest.mark.api("json.tag.TaggedJSONSerializer", "json.tag.JSONTag")
def test_register_duplicate_key(impl: t.Any, serializer: t.Any) -> None:
    mod = tag_module(impl)

    class TagSet(mod.JSONTag):  # type: ignore[misc,name-defined]
        key = " t"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, set)

        def to_json(self, value: t.Any) -> t.Any:
            return sorted(value)

        def to_python(self, value: t.Any) -> t.Any:
            return set(value)

    with pytest.raises(KeyError) as exc_info:
        serializer.register(TagSet)
    assert exc_info.value.args == ("Tag ' t' is already registered.",)
    serializer.register(TagSet, force=True)
    assert serializer.dumps({3, 1}) == '{" t":[1,3]}'
    assert serializer.loads('{" t":[1,3]}') == {1, 3}
    # The replaced tuple tag still tags tuples, which now load as sets.
    assert serializer.loads(serializer.dumps((1, 1))) == {1}


@pytest.mark.api("json.tag.JSONTag")
def test_keyless_tag_is_only_ordered(impl: t.Any, serializer: t.Any) -> None:
    mod = tag_module(impl)

    class Upper(mod.JSONTag):  # type: ignore[misc,name-defined]
        def check(self, value: t.Any) -> bool:
            return isinstance(value, str)

        def tag(self, value: t.Any) -> t.Any:
            return value.upper()

    serializer.register(Upper)
    assert "" not in serializer.tags
    assert serializer.dumps(["a", ("b",)]) == '["A",{" t":["B"]}]'


@pytest.mark.api("json.tag.JSONTag")
def test_json_tag_base_is_abstract(impl: t.Any, serializer: t.Any) -> None:
    tag = tag_module(impl).JSONTag(serializer)
    assert tag.serializer is serializer
    for method in (tag.check, tag.to_json, tag.to_python, tag.tag):
        with pytest.raises(NotImplementedError):
            method(1)


def test_session_serializer_is_a_tagged_serializer(impl: t.Any) -> None:
    sessions = importlib.import_module(f"{impl.name}.sessions")
    assert isinstance(
        sessions.session_json_serializer, tag_module(impl).TaggedJSONSerializer
    )
