"""JSON responses made again and again while the provider's attributes
change: each response follows the provider as it is at that moment
(flaskcompat keeps an encoder per set of options)."""

from __future__ import annotations

import datetime
import typing as t

import pytest


@pytest.mark.api("jsonify", "json.provider.DefaultJSONProvider")
def test_provider_attribute_changes_are_seen(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    data = {"b": "é", "a": 1}
    assert impl.jsonify(data).get_data() == b'{"a":1,"b":"\\u00e9"}\n'
    app.json.sort_keys = False
    assert impl.jsonify(data).get_data() == b'{"b":"\\u00e9","a":1}\n'
    app.json.ensure_ascii = False
    assert impl.jsonify(data).get_data() == '{"b":"é","a":1}\n'.encode()
    app.json.default = lambda o: "custom"
    assert impl.jsonify(x=datetime.date(2020, 1, 2)).get_data() == (b'{"x":"custom"}\n')
    app.json.compact = False
    assert impl.jsonify(a=1).get_data() == b'{\n  "a": 1\n}\n'
    app.json.compact = True
    app.json.mimetype = "application/vnd.x+json"
    rv = impl.jsonify(a=1)
    assert (rv.get_data(), rv.mimetype) == (b'{"a":1}\n', "application/vnd.x+json")


@pytest.mark.api("jsonify")
def test_debug_switch_between_responses(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    assert impl.jsonify(a=[1]).get_data() == b'{"a":[1]}\n'
    app.debug = True
    assert impl.jsonify(a=[1]).get_data() == b'{\n  "a": [\n    1\n  ]\n}\n'
    app.debug = False
    assert impl.jsonify(a=[1]).get_data() == b'{"a":[1]}\n'
