"""Unit tests of ``flaskcompat.werkzeug.routing.rules``: parsing into parts,
the domain part, compiled builders, query strings and the rule factories."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flaskcompat.werkzeug.routing import (
    BaseConverter,
    EndpointPrefix,
    IntegerConverter,
    Map,
    Rule,
    RuleTemplate,
    Subdomain,
    Submount,
)


def _bound(rule: Rule, **map_options: object) -> Rule:
    Map([rule], **map_options)  # type: ignore[arg-type]
    return rule


def test_parts_start_with_the_domain_part() -> None:
    rule = _bound(Rule("/user/<int:id>", endpoint="u"))
    assert [p.static for p in rule._parts] == [True, True, True, False]
    assert rule._parts[0].content == ""
    assert rule._trace[0] == (False, "|")
    sub = _bound(Rule("/", subdomain="<lang>", endpoint="s"))
    assert sub._parts[0].static is False
    assert sub.arguments == {"lang"}
    host = _bound(Rule("/", host="<h>.example.test", endpoint="h"), host_matching=True)
    assert host._parts[0].prefix == ""
    assert host._parts[0].compiled().match("a.example.test")


def test_prefix_is_the_static_text_before_the_first_variable() -> None:
    rule = _bound(Rule("/p/r17-<int:id>-<x>", endpoint="e"))
    assert rule._parts[-1].prefix == "r17-"


def test_regex_is_compiled_on_first_use() -> None:
    rule = _bound(Rule("/p/<int:id>", endpoint="e"))
    part = rule._parts[-1]
    assert part.pattern is None
    assert part.compiled().match("12")
    assert part.pattern is not None and part.group_ids == (1,)


def test_builder_inlines_default_and_int_converters_but_keeps_overrides() -> None:
    class Loud(BaseConverter):
        def to_url(self, value: object) -> str:
            return str(value).upper()

    rule = Rule("/<a>/<int:b>/<loud:c>/<int(fixed_digits=3):d>", endpoint="e")
    Map([rule], converters={"loud": Loud})
    assert rule.build({"a": "x y", "b": 5, "c": "q", "d": 7}) == ("", "/x%20y/5/Q/007")


def test_builder_uses_defaults_of_rule_variables() -> None:
    rule = _bound(Rule("/page/<int:n>", defaults={"n": 1}, endpoint="e"))
    assert rule.build({}) == ("", "/page/1")
    assert rule.suitable_for({"n": 1}, None)
    assert not rule.suitable_for({"n": 2}, None)


def test_build_returns_none_on_validation_error() -> None:
    rule = _bound(Rule("/<any(a, b):x>", endpoint="e"))
    with pytest.raises(ValueError, match="is not one of"):
        rule.build({"x": "c"})
    int_rule = _bound(Rule("/<int:n>", endpoint="e"))
    assert int_rule.build({"n": "7"}) == ("", "/7")


_query_values = st.one_of(
    st.text(max_size=6), st.integers(), st.binary(max_size=4), st.none()
)


@settings(max_examples=200, derandomize=True, database=None)
@given(st.dictionaries(st.text(min_size=1, max_size=4), _query_values, max_size=4))
def test_query_string_matches_urlencode(extra: dict[str, object]) -> None:
    rule = _bound(Rule("/", endpoint="e"))
    values = {k: v for k, v in extra.items() if v is not None}
    expected = urlencode(list(values.items()), safe="!$'()*,/:;?@")
    _, path = rule.build(values)  # type: ignore[misc]
    assert path == (f"/?{expected}" if expected else "/")


def test_query_lists_expand_and_sort_parameters() -> None:
    rule = Rule("/", endpoint="e")
    Map([rule], sort_parameters=True)
    assert rule.build({"b": [2, 1], "a": "x"}) == ("", "/?a=x&b=1&b=2")
    assert rule.build({"b": 1}, append_unknown=False) == ("", "/")


def test_subdomain_and_host_build_into_the_domain_part() -> None:
    sub = _bound(Rule("/<int:id>", subdomain="<user>", endpoint="e"))
    assert sub.build({"user": "bob", "id": 3}) == ("bob", "/3")
    host = _bound(Rule("/", host="<x>.test", endpoint="h"), host_matching=True)
    assert host.build({"x": "a"}) == ("a.test", "/")


def test_rule_factories() -> None:
    template = RuleTemplate([Rule("/$name/<int:id>", endpoint="$name.show")])
    url_map = Map(
        [
            Submount("/blog", [EndpointPrefix("blog.", [Rule("/", endpoint="index")])]),
            Subdomain("api", [Rule("/v1", endpoint="v1")]),
            template(name="user"),
        ]
    )
    rules = {r.endpoint: r for r in url_map.iter_rules()}
    assert rules["blog.index"].rule == "/blog/"
    assert rules["v1"].subdomain == "api"
    assert rules["user.show"].rule == "/user/<int:id>"


def test_empty_and_refresh() -> None:
    rule = _bound(Rule("/a", endpoint="e", methods=["GET"], defaults={"x": 1}))
    copy = rule.empty()
    assert copy.map is None and copy.rule == "/a" and copy.defaults == {"x": 1}
    rule.rule = "/b"
    rule.refresh()
    assert rule.build({}) == ("", "/b")


def test_converter_weights_order_parts() -> None:
    int_rule = _bound(Rule("/<int:x>", endpoint="i"))
    str_rule = _bound(Rule("/<x>", endpoint="s"))
    assert int_rule._parts[-1].weight < str_rule._parts[-1].weight
    assert IntegerConverter.weight < BaseConverter.weight
