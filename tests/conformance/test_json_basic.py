"""Conformance: ``jsonify``, dict/list view returns, the app's JSON provider
settings and ``flask.json.dumps``/``loads``, compared byte for byte with Flask."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import typing as t
import uuid

import pytest

pytestmark = pytest.mark.api("jsonify", "json")


# -- jsonify arguments --------------------------------------------------------------


def test_jsonify_single_dict(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.jsonify({"b": 2, "a": 1})
    assert isinstance(rv, impl.Response)
    assert rv.status_code == 200
    assert rv.mimetype == "application/json"
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.get_data() == b'{"a":1,"b":2}\n'


@pytest.mark.parametrize(
    ("value", "body"),
    [
        ([1, 2, 3], b"[1,2,3]\n"),
        ("text", b'"text"\n'),
        (42, b"42\n"),
        (1.5, b"1.5\n"),
        (None, b"null\n"),
        (True, b"true\n"),
        ((1, "two"), b'[1,"two"]\n'),
        ({"nested": {"z": [], "a": {}}}, b'{"nested":{"a":{},"z":[]}}\n'),
    ],
)
def test_jsonify_single_value(
    impl: t.Any, app_ctx: t.Any, value: t.Any, body: bytes
) -> None:
    assert impl.jsonify(value).get_data() == body


def test_jsonify_several_args_make_an_array(impl: t.Any, app_ctx: t.Any) -> None:
    assert impl.jsonify(1, "a", None).get_data() == b'[1,"a",null]\n'


def test_jsonify_kwargs_make_an_object(impl: t.Any, app_ctx: t.Any) -> None:
    assert impl.jsonify(z=1, a=[True]).get_data() == b'{"a":[true],"z":1}\n'


def test_jsonify_without_arguments_is_null(impl: t.Any, app_ctx: t.Any) -> None:
    assert impl.jsonify().get_data() == b"null\n"


def test_jsonify_args_and_kwargs_raises(impl: t.Any, app_ctx: t.Any) -> None:
    with pytest.raises(TypeError) as exc_info:
        impl.jsonify(1, a=2)
    assert "either args or kwargs, not both" in str(exc_info.value)


def test_jsonify_outside_app_context_raises(impl: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.jsonify({"a": 1})
    assert str(exc_info.value).startswith("Working outside of application context.")


def test_jsonify_uses_app_response_class(impl: t.Any, app: t.Any) -> None:
    class MyResponse(impl.Response):
        pass

    app.response_class = MyResponse
    with app.app_context():
        assert type(impl.jsonify(a=1)) is MyResponse


def test_jsonify_in_a_view_with_status(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return impl.jsonify(error="nope"), 400

    rv = client.get("/")
    assert rv.status_code == 400
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.data == b'{"error":"nope"}\n'
    assert rv.headers["Content-Length"] == str(len(rv.data))
    assert rv.get_json() == {"error": "nope"}


# -- formatting -----------------------------------------------------------------------


def test_non_ascii_is_escaped_by_default(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.jsonify({"name": "Zoë ☃ 𝄞"})
    assert rv.get_data() == b'{"name":"Zo\\u00eb \\u2603 \\ud834\\udd1e"}\n'


def test_ensure_ascii_false(impl: t.Any, app: t.Any) -> None:
    app.json.ensure_ascii = False
    with app.app_context():
        rv = impl.jsonify({"name": "Zoë"})
    assert rv.get_data() == '{"name":"Zoë"}\n'.encode()


def test_keys_are_sorted_by_default(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.jsonify({"c": 1, "a": 2, "B": 3, "b": {"y": 1, "x": 2}})
    assert rv.get_data() == b'{"B":3,"a":2,"b":{"x":2,"y":1},"c":1}\n'


def test_sort_keys_false_keeps_insertion_order(impl: t.Any, app: t.Any) -> None:
    app.json.sort_keys = False
    with app.app_context():
        assert impl.jsonify({"c": 1, "a": 2}).get_data() == b'{"c":1,"a":2}\n'


def test_debug_mode_output_is_indented(impl: t.Any, app: t.Any) -> None:
    app.debug = True
    with app.app_context():
        rv = impl.jsonify({"b": [1, 2], "a": {}})
    assert rv.get_data() == b'{\n  "a": {},\n  "b": [\n    1,\n    2\n  ]\n}\n'


def test_compact_false_is_indented(impl: t.Any, app: t.Any) -> None:
    app.json.compact = False
    with app.app_context():
        assert impl.jsonify(a=1).get_data() == b'{\n  "a": 1\n}\n'


def test_compact_true_wins_over_debug(impl: t.Any, app: t.Any) -> None:
    app.debug = True
    app.json.compact = True
    with app.app_context():
        assert impl.jsonify(a=1, b=2).get_data() == b'{"a":1,"b":2}\n'


def test_custom_mimetype(impl: t.Any, app: t.Any) -> None:
    app.json.mimetype = "application/vnd.api+json"
    with app.app_context():
        rv = impl.jsonify(a=1)
    assert rv.mimetype == "application/vnd.api+json"
    assert rv.headers["Content-Type"] == "application/vnd.api+json"


def test_provider_settings_apply_to_dict_returned_from_view(
    app: t.Any, client: t.Any
) -> None:
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {"z": "é", "a": 1}

    assert client.get("/").data == '{"z":"é","a":1}\n'.encode()


def test_dict_from_view_in_debug_is_indented(app: t.Any, client: t.Any) -> None:
    app.debug = True

    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {"k": [1]}

    assert client.get("/").data == b'{\n  "k": [\n    1\n  ]\n}\n'


# -- types the default provider serializes -------------------------------------------


def test_datetime_and_date_are_http_dates(impl: t.Any, app_ctx: t.Any) -> None:
    value = {
        "dt": datetime.datetime(2015, 10, 21, 7, 28, 5),
        "aware": datetime.datetime(
            2015, 10, 21, 9, 28, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
        "d": datetime.date(2000, 1, 2),
    }
    assert impl.jsonify(value).get_json() == {
        "aware": "Wed, 21 Oct 2015 07:28:00 GMT",
        "d": "Sun, 02 Jan 2000 00:00:00 GMT",
        "dt": "Wed, 21 Oct 2015 07:28:05 GMT",
    }


def test_uuid_decimal_and_html_objects(impl: t.Any, app_ctx: t.Any) -> None:
    class Html:
        def __html__(self) -> str:
            return "<b>bold</b>"

    value = {
        "u": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "d": decimal.Decimal("1.10"),
        "h": Html(),
    }
    assert impl.jsonify(value).get_data() == (
        b'{"d":"1.10","h":"<b>bold</b>","u":"12345678-1234-5678-1234-567812345678"}\n'
    )


def test_dataclass_is_serialized_as_dict(impl: t.Any, app_ctx: t.Any) -> None:
    @dataclasses.dataclass
    class Point:
        y: int
        x: int

    assert impl.jsonify(Point(y=2, x=1)).get_data() == b'{"x":1,"y":2}\n'


def test_unserializable_object_raises_type_error(impl: t.Any, app_ctx: t.Any) -> None:
    with pytest.raises(TypeError) as exc_info:
        impl.jsonify({"s": {1, 2}})
    assert str(exc_info.value) == "Object of type set is not JSON serializable"


def test_custom_default_function(impl: t.Any, app: t.Any) -> None:
    app.json.default = lambda o: sorted(o) if isinstance(o, set) else str(o)
    with app.app_context():
        assert impl.jsonify({"s": {3, 1}}).get_data() == b'{"s":[1,3]}\n'


# -- flask.json dumps / loads ---------------------------------------------------------


def test_dumps_in_app_context_uses_provider(impl: t.Any, app_ctx: t.Any) -> None:
    assert impl.json.dumps({"b": 1, "a": "é"}) == '{"a": "\\u00e9", "b": 1}'


def test_dumps_outside_app_context_keeps_order(impl: t.Any) -> None:
    assert impl.json.dumps({"b": 1, "a": "é"}) == '{"b": 1, "a": "\\u00e9"}'


def test_dumps_without_app_serializes_extra_types(impl: t.Any) -> None:
    value = [datetime.date(2020, 2, 29), uuid.UUID(int=1), decimal.Decimal("2.5")]
    assert impl.json.dumps(value) == (
        '["Sat, 29 Feb 2020 00:00:00 GMT",'
        ' "00000000-0000-0000-0000-000000000001", "2.5"]'
    )


def test_dumps_kwargs_are_passed_through(impl: t.Any, app_ctx: t.Any) -> None:
    out = impl.json.dumps({"b": 1, "a": 2}, sort_keys=False, separators=(",", ":"))
    assert out == '{"b":1,"a":2}'


@pytest.mark.parametrize("data", ['{"a": [1, null]}', b'{"a": [1, null]}'])
def test_loads_str_and_bytes(impl: t.Any, app_ctx: t.Any, data: str | bytes) -> None:
    assert impl.json.loads(data) == {"a": [1, None]}


def test_loads_outside_app_context(impl: t.Any) -> None:
    assert impl.json.loads('{"\\u00e9": "x"}') == {"é": "x"}


def test_loads_invalid_raises_value_error(impl: t.Any, app_ctx: t.Any) -> None:
    with pytest.raises(ValueError):
        impl.json.loads("{bad")


def test_app_json_provider_dumps_loads(impl: t.Any, app: t.Any) -> None:
    assert app.json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'
    assert app.json.loads(b"[1]") == [1]


# -- round trips through a view --------------------------------------------------------


def test_request_json_round_trip(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/echo", methods=["POST"])
    def echo() -> t.Any:
        return impl.request.get_json()

    payload = {"name": "Zoë", "tags": ["a", "b"], "n": 1.25, "none": None}
    rv = client.post("/echo", json=payload)
    assert rv.status_code == 200
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.get_json() == payload
    assert rv.data == (b'{"n":1.25,"name":"Zo\\u00eb","none":null,"tags":["a","b"]}\n')


def test_request_json_list_round_trip(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/echo", methods=["POST"])
    def echo() -> t.Any:
        return impl.jsonify(impl.request.json)

    rv = client.post("/echo", json=[1, {"b": 2, "a": 1}])
    assert rv.data == b'[1,{"a":1,"b":2}]\n'


def test_response_get_json(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.jsonify({"a": [1, 2]})
    assert rv.is_json is True
    assert rv.get_json() == {"a": [1, 2]}
    assert rv.json == {"a": [1, 2]}
