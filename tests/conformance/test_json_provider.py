"""Conformance: the app's JSON provider (``app.json``, ``json_provider_class``,
``flask.json.provider``) and ``flask.json``'s ``dump``/``load``: custom providers
reach every place the app uses JSON, the base class's defaults, and the output of
the default provider in and out of debug mode."""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import typing as t
import weakref
from datetime import date

import pytest

pytestmark = pytest.mark.api("json", "json.provider.DefaultJSONProvider")
BASE = pytest.mark.api("json", "json.provider.JSONProvider")


def provider_module(impl: t.Any) -> t.Any:
    return importlib.import_module(f"{impl.name}.json.provider")


def test_default_provider(impl: t.Any, app: t.Any) -> None:
    mod = provider_module(impl)
    assert impl.Flask.json_provider_class is mod.DefaultJSONProvider
    assert type(app.json) is mod.DefaultJSONProvider
    assert issubclass(mod.DefaultJSONProvider, mod.JSONProvider)
    provider = mod.DefaultJSONProvider
    assert provider.ensure_ascii is True
    assert provider.sort_keys is True
    assert provider.compact is None
    assert provider.mimetype == "application/json"
    assert provider.default(date(2000, 1, 2)) == "Sun, 02 Jan 2000 00:00:00 GMT"
    assert app.json.default(date(2000, 1, 2)) == "Sun, 02 Jan 2000 00:00:00 GMT"


def test_provider_holds_a_weak_proxy(impl: t.Any, app: t.Any) -> None:
    assert isinstance(app.json._app, weakref.ProxyTypes)
    assert app.json._app.name == app.name
    assert app.json._app.config is app.config


def test_no_legacy_json_config_keys(impl: t.Any, app: t.Any) -> None:
    for key in (
        "JSON_AS_ASCII",
        "JSON_SORT_KEYS",
        "JSONIFY_PRETTYPRINT_REGULAR",
        "JSONIFY_MIMETYPE",
    ):
        assert key not in impl.Flask.default_config
        assert key not in app.config


def test_json_module_names(impl: t.Any) -> None:
    for name in ("dumps", "dump", "loads", "load", "jsonify", "provider"):
        assert hasattr(impl.json, name), name
    assert impl.json.jsonify is impl.jsonify


# -- a custom provider is used everywhere ------------------------------------------


def make_custom_provider(impl: t.Any, calls: list[str]) -> type[t.Any]:
    base = provider_module(impl).DefaultJSONProvider

    class UpperProvider(base):  # type: ignore[misc,valid-type]
        """Dumps keys upper-cased, loads keys lower-cased."""

        sort_keys = False
        mimetype = "application/x-upper+json"

        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            calls.append("dumps")
            if isinstance(obj, dict):
                obj = {k.upper(): v for k, v in obj.items()}
            return super().dumps(obj, **kwargs)

        def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
            calls.append("loads")
            obj = super().loads(s, **kwargs)
            if isinstance(obj, dict):
                obj = {k.lower(): v for k, v in obj.items()}
            return obj

    return UpperProvider


@pytest.mark.api("json", "Flask")
def test_json_provider_class_on_a_subclass(impl: t.Any) -> None:
    calls: list[str] = []
    provider = make_custom_provider(impl, calls)

    class MyFlask(impl.Flask):  # type: ignore[misc,name-defined]
        json_provider_class = provider

    app = MyFlask(__name__)
    assert type(app.json) is provider

    @app.route("/", methods=["POST"])
    def index() -> t.Any:
        data = impl.request.get_json()
        return {"got": data, "b": 1}

    @app.route("/jsonify")
    def jsonify_view() -> t.Any:
        return impl.jsonify(z=1, a=2)

    client = app.test_client()
    rv = client.post("/", json={"Key": 1})
    assert rv.data == b'{"GOT":{"key":1},"B":1}\n'
    assert rv.mimetype == "application/x-upper+json"
    assert calls.count("loads") == 1
    assert client.get("/jsonify").data == b'{"Z":1,"A":2}\n'
    with app.app_context():
        assert impl.json.dumps({"x": 1}) == '{"X": 1}'
        assert impl.json.loads('{"Y": 2}') == {"y": 2}


@pytest.mark.api("json", "Flask")
def test_assign_provider_instance(impl: t.Any, app: t.Any) -> None:
    calls: list[str] = []
    app.json = make_custom_provider(impl, calls)(app)

    @app.route("/")
    def index() -> t.Any:
        return [{"k": 1}]

    assert app.test_client().get("/").data == b'[{"k":1}]\n'
    assert "dumps" in calls
    with app.test_request_context(json={"A": 1}):
        calls.clear()
        assert impl.request.get_json() == {"a": 1}
        assert impl.request.json == {"a": 1}
    assert calls == ["loads"]


@BASE
def test_minimal_provider_subclass(impl: t.Any, app: t.Any) -> None:
    class Minimal(provider_module(impl).JSONProvider):  # type: ignore[misc,name-defined]
        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            return json.dumps(obj, **kwargs)

        def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
            return json.loads(s, **kwargs)

    app.json = Minimal(app)
    app.debug = True
    with app.app_context():
        rv = impl.jsonify(b=1, a=[1, 2])
        assert isinstance(rv, impl.Response)
        assert rv.data == b'{"b": 1, "a": [1, 2]}'
        assert rv.mimetype == "application/json"
        assert app.json.response().data == b"null"
        assert app.json.response(1, 2).data == b"[1, 2]"
        out = io.StringIO()
        impl.json.dump({"a": 1}, out, separators=(",", ":"))
        assert out.getvalue() == '{"a":1}'
        assert impl.json.load(io.StringIO("[1]")) == [1]
        assert impl.json.load(io.BytesIO(b"[2]")) == [2]
        with pytest.raises(TypeError) as exc_info:
            app.json.response(1, a=2)
        assert "either args or kwargs, not both" in str(exc_info.value)


@BASE
def test_base_provider_is_abstract(impl: t.Any, app: t.Any) -> None:
    base = provider_module(impl).JSONProvider(app)
    with pytest.raises(NotImplementedError):
        base.dumps({})
    with pytest.raises(NotImplementedError):
        base.loads("{}")
    with pytest.raises(NotImplementedError):
        base.dump({}, io.StringIO())
    with pytest.raises(NotImplementedError):
        base.load(io.StringIO("{}"))
    with pytest.raises(NotImplementedError):
        base.response({})


# -- dump / load ---------------------------------------------------------------------


def test_dump_and_load_with_an_app(impl: t.Any, app: t.Any) -> None:
    with app.app_context():
        out = io.StringIO()
        impl.json.dump({"b": date(2000, 1, 2), "a": "é"}, out)
        assert out.getvalue() == (
            '{"a": "\\u00e9", "b": "Sun, 02 Jan 2000 00:00:00 GMT"}'
        )
        assert impl.json.load(io.StringIO(out.getvalue())) == {
            "a": "é",
            "b": "Sun, 02 Jan 2000 00:00:00 GMT",
        }
        assert impl.json.load(io.BytesIO('{"é": 1}'.encode())) == {"é": 1}
        out = io.StringIO()
        app.json.dump([1], out, indent=1)
        assert out.getvalue() == "[\n 1\n]"
        assert app.json.load(io.StringIO("[true]")) == [True]


def test_dump_and_load_without_an_app(impl: t.Any) -> None:
    out = io.StringIO()
    impl.json.dump({"b": date(2000, 1, 2), "a": 1}, out)
    assert out.getvalue() == '{"b": "Sun, 02 Jan 2000 00:00:00 GMT", "a": 1}'
    assert impl.json.load(io.StringIO('{"x": [1]}')) == {"x": [1]}
    out = io.StringIO()
    impl.json.dump({"a": 1}, out, default=str, separators=(",", ":"))
    assert out.getvalue() == '{"a":1}'


def test_loads_kwargs(impl: t.Any, app: t.Any) -> None:
    with app.app_context():
        assert impl.json.loads("1.5", parse_float=str) == "1.5"
    assert impl.json.loads("1.5", parse_float=str) == "1.5"
    assert app.json.loads('{"a": 1}', object_pairs_hook=list) == [("a", 1)]


# -- the default provider's output ---------------------------------------------------


def test_dumps_kwargs_override_attributes(impl: t.Any, app: t.Any) -> None:
    assert app.json.dumps({"b": "é", "a": 1}, sort_keys=False) == (
        '{"b": "\\u00e9", "a": 1}'
    )
    assert app.json.dumps({"b": "é"}, ensure_ascii=False) == '{"b": "é"}'
    assert app.json.dumps({1}, default=sorted) == "[1]"
    assert app.json.dumps(float("nan")) == "NaN"


def test_sorting_mixed_keys_raises(impl: t.Any, app: t.Any) -> None:
    with pytest.raises(TypeError):
        app.json.dumps({1: "a", "b": 2})
    app.json.sort_keys = False
    assert app.json.dumps({1: "a", "b": 2}) == '{"1": "a", "b": 2}'


def test_dataclass_class_is_not_serialized(impl: t.Any, app: t.Any) -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    with pytest.raises(TypeError):
        app.json.dumps(Point)
    assert app.json.dumps([Point(1)]) == '[{"x": 1}]'


def test_nested_extra_types(impl: t.Any, app: t.Any) -> None:
    @dataclasses.dataclass
    class Event:
        day: date
        tags: list[str]

    with app.app_context():
        rv = impl.jsonify(events=[Event(date(2024, 2, 29), ["a"])])
    assert (
        rv.data
        == b'{"events":[{"day":"Thu, 29 Feb 2024 00:00:00 GMT","tags":["a"]}]}\n'
    )


def test_response_in_and_out_of_debug(impl: t.Any, app: t.Any) -> None:
    assert app.json.response(1, 2).data == b"[1,2]\n"
    app.config["DEBUG"] = True
    assert app.json.response(1, 2).data == b"[\n  1,\n  2\n]\n"
    assert app.json.response(b=1, a=2).data == b'{\n  "a": 2,\n  "b": 1\n}\n'
    assert app.json.response().data == b"null\n"
    app.json.compact = True
    assert app.json.response(1, 2).data == b"[1,2]\n"
    app.json.compact = None
    app.debug = False
    assert app.json.response({"a": [{}]}).data == b'{"a":[{}]}\n'


def test_debug_mode_pretty_view_responses(impl: t.Any, app: t.Any) -> None:
    app.debug = True

    @app.route("/dict")
    def dict_view() -> t.Any:
        return {"b": {"y": [1, {}], "x": []}, "a": "é"}

    @app.route("/list")
    def list_view() -> t.Any:
        return [1, [2, 3]], 201

    @app.route("/jsonify")
    def jsonify_view() -> t.Any:
        return impl.jsonify("a", {"k": None})

    client = app.test_client()
    assert client.get("/dict").data == (
        b'{\n  "a": "\\u00e9",\n  "b": {\n    "x": [],\n    "y": [\n'
        b"      1,\n      {}\n    ]\n  }\n}\n"
    )
    rv = client.get("/list")
    assert rv.status_code == 201
    assert rv.data == b"[\n  1,\n  [\n    2,\n    3\n  ]\n]\n"
    assert client.get("/jsonify").data == b'[\n  "a",\n  {\n    "k": null\n  }\n]\n'


def test_response_class_and_mimetype(impl: t.Any, app: t.Any) -> None:
    class MyResponse(impl.Response):  # type: ignore[misc,name-defined]
        pass

    app.response_class = MyResponse
    app.json.mimetype = "text/json"
    rv = app.json.response({"a": 1})
    assert type(rv) is MyResponse
    assert rv.headers["Content-Type"] == "text/json; charset=utf-8"
    assert rv.is_json is False
    app.json.mimetype = "application/problem+json"
    rv = app.json.response({"a": 1})
    assert rv.headers["Content-Type"] == "application/problem+json"
    assert rv.is_json is True
    assert rv.get_json() == {"a": 1}


def test_dumps_outside_an_app_uses_the_default_function(impl: t.Any) -> None:
    with pytest.raises(TypeError) as exc_info:
        impl.json.dumps(object())
    assert str(exc_info.value) == "Object of type object is not JSON serializable"
    assert impl.json.dumps(date(2000, 1, 2), default=lambda o: "x") == '"x"'
