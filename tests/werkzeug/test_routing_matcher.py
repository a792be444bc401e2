"""Unit tests of ``flaskcompat.werkzeug.routing.matcher``: Werkzeug's priorities
(static before dynamic, converter weights), 405 collection, slash redirects,
merged slashes, the static dict and the prefix index of large states."""

from __future__ import annotations

import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flaskcompat.werkzeug.routing import Map, Rule, matcher
from flaskcompat.werkzeug.routing.exceptions import NoMatch, RequestPath


def _match(url_map: Map, path: str, method: str = "GET", domain: str = "") -> t.Any:
    url_map.update()
    rule, values = url_map._matcher.match(domain, path, method)
    return rule.endpoint, values


def test_static_before_dynamic_whatever_the_order() -> None:
    url_map = Map([Rule("/<x>", endpoint="dyn"), Rule("/about", endpoint="static")])
    assert _match(url_map, "/about") == ("static", {})
    assert _match(url_map, "/other") == ("dyn", {"x": "other"})


def test_converter_weight_orders_dynamic_parts() -> None:
    url_map = Map(
        [
            Rule("/<path:p>", endpoint="path"),
            Rule("/<x>", endpoint="string"),
            Rule("/<int:n>", endpoint="int"),
        ]
    )
    assert _match(url_map, "/5") == ("int", {"n": 5})
    assert _match(url_map, "/a") == ("string", {"x": "a"})
    assert _match(url_map, "/a/b") == ("path", {"p": "a/b"})


def test_dead_end_static_branch_falls_back_to_dynamic() -> None:
    url_map = Map([Rule("/a/static", endpoint="s"), Rule("/<x>/<y>", endpoint="d")])
    assert _match(url_map, "/a/other") == ("d", {"x": "a", "y": "other"})


def test_methods_are_collected_for_405() -> None:
    url_map = Map(
        [
            Rule("/r", endpoint="get", methods=["GET"]),
            Rule("/r", endpoint="post", methods=["POST"]),
        ]
    )
    assert _match(url_map, "/r", "POST") == ("post", {})
    with pytest.raises(NoMatch) as exc_info:
        _match(url_map, "/r", "DELETE")
    assert exc_info.value.have_match_for == {"GET", "HEAD", "POST"}


def test_strict_slash_redirects_and_loose_rules_match() -> None:
    url_map = Map(
        [
            Rule("/dir/", endpoint="d"),
            Rule("/loose/", endpoint="l", strict_slashes=False),
        ]
    )
    with pytest.raises(RequestPath) as exc_info:
        _match(url_map, "/dir")
    assert exc_info.value.path_info == "/dir/"
    assert _match(url_map, "/loose") == ("l", {})
    leaf = Map([Rule("/leaf", endpoint="leaf", strict_slashes=False)])
    assert _match(leaf, "/leaf/") == ("leaf", {})


def test_merge_slashes_redirects_unless_the_rule_refuses() -> None:
    url_map = Map(
        [
            Rule("/a/<int:n>", endpoint="a"),
            Rule("/b/c", endpoint="b", merge_slashes=False),
        ]
    )
    with pytest.raises(RequestPath) as exc_info:
        _match(url_map, "//a//5")
    assert exc_info.value.path_info == "/a/5"
    with pytest.raises(NoMatch):
        _match(url_map, "/b//c")


def test_domain_part_is_the_first_segment() -> None:
    url_map = Map(
        [Rule("/", endpoint="root"), Rule("/", subdomain="api", endpoint="api")]
    )
    assert _match(url_map, "/", domain="api") == ("api", {})
    assert _match(url_map, "/") == ("root", {})
    with pytest.raises(NoMatch):
        _match(url_map, "/", domain="www")


def test_static_rules_are_in_the_static_dict() -> None:
    url_map = Map([Rule("/a/b", endpoint="ab"), Rule("/a/<x>", endpoint="ax")])
    assert "|/a/b" in url_map._matcher._static
    assert all("<" not in key for key in url_map._matcher._static)


def test_large_states_are_indexed_by_prefix() -> None:
    rules = [Rule(f"/p/r{i}-<int:id>", endpoint=f"e{i}") for i in range(50)]
    url_map = Map([*rules, Rule("/p/<path:rest>", endpoint="rest")])
    url_map.update()
    state = url_map._matcher._root.static[""].static[""].static["p"]
    assert state.index is not None
    assert _match(url_map, "/p/r17-3") == ("e17", {"id": 3})
    assert _match(url_map, "/p/r1-4") == ("e1", {"id": 4})
    assert _match(url_map, "/p/r17-x") == ("rest", {"rest": "r17-x"})
    # only the candidates' regexes were compiled
    compiled = [part for part, _ in state.dynamic if part.pattern is not None]
    assert len(compiled) <= 4


_rule_templates = st.sampled_from(
    [
        "/p/r{i}-<int:id>", "/p/r{i}", "/p/<x>", "/p/<int:n>", "/p/r{i}<y>",
        "/p/<path:rest>", "/p/r{i}-<int:a>-<int:b>", "/p/{i}<any(a, bb):w>",
        "/p/r{i}/", "/p/<float:f>", "/p/x<int:n>.json",
    ]
)  # fmt: skip
_paths = st.sampled_from(
    [
        "/p/r1-5", "/p/r12-5", "/p/r1", "/p/r12", "/p/rx", "/p/5", "/p/1.5",
        "/p/r3-1-2", "/p/3a", "/p/3bb", "/p/r4/", "/p/r4", "/p/x7.json",
        "/p/a/b", "/p/", "/p/r", "/p/r1-", "/p/r10-1",
    ]
)  # fmt: skip


@settings(max_examples=150, derandomize=True, database=None, deadline=None)
@given(
    templates=st.lists(st.tuples(_rule_templates, st.integers(0, 12)), max_size=25),
    paths=st.lists(_paths, min_size=1, max_size=6),
)
def test_index_gives_the_same_matches_as_trying_every_part(
    templates: list[tuple[str, int]], paths: list[str]
) -> None:
    def build() -> Map:
        seen: set[str] = set()
        rules = []
        for template, i in templates:
            string = template.format(i=i)
            if string not in seen:
                seen.add(string)
                rules.append(Rule(string, endpoint=string))
        return Map(rules)

    def outcome(url_map: Map, path: str) -> t.Any:
        try:
            return _match(url_map, path)
        except (NoMatch, RequestPath) as e:
            return type(e).__name__, getattr(e, "path_info", None)

    indexed, linear = build(), build()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(matcher, "INDEX_THRESHOLD", 1)
        indexed.update()
        mp.setattr(matcher, "INDEX_THRESHOLD", 10**9)
        linear.update()
    for path in paths:
        assert outcome(indexed, path) == outcome(linear, path)


_head_templates = st.sampled_from(
    [
        "/a/<int:n>", "/a/<x>", "/a/<path:rest>", "/a/5", "/a/{i}", "/a/b/<x>",
        "/a/<x>/", "/<x>/5", "/<x>/<int:n>", "/a/b", "/a/r{i}-<int:id>",
        "/a/<int:n>/edit", "/a/<any(p, q):w>", "/", "/<x>",
    ]
)  # fmt: skip
_head_paths = st.sampled_from(
    [
        "/a/5", "/a/7", "/a/x", "/a/b", "/a/b/c", "/a/5/", "/a/5/edit", "/z/5",
        "/a/r3-4", "/a/p", "/a/", "/a/3", "/b/5", "/a/x/y", "", "/",
    ]
)  # fmt: skip


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(
    templates=st.lists(
        st.tuples(
            _head_templates,
            st.integers(0, 4),
            st.sampled_from([None, ("GET",), ("POST",)]),
        ),
        max_size=12,
    ),
    paths=st.lists(
        st.tuples(_head_paths, st.sampled_from(["GET", "POST", "PUT"])),
        min_size=1,
        max_size=6,
    ),
)
def test_static_heads_give_what_the_walk_gives(
    templates: list[tuple[str, int, tuple[str, ...] | None]],
    paths: list[tuple[str, str]],
) -> None:
    """A path whose head is static and whose last segment is dynamic is
    found through the matcher's table of static heads: the same rule, values
    and errors (405 methods, slash redirects) as the full walk."""
    rules = []
    seen: set[tuple[str, tuple[str, ...] | None]] = set()
    for template, i, methods in templates:
        string = template.format(i=i)
        if (string, methods) not in seen:
            seen.add((string, methods))
            rules.append(Rule(string, endpoint=f"{string} {methods}", methods=methods))
    with_heads, walking = Map(rules), Map([r.empty() for r in rules])
    with_heads.update()
    walking.update()
    walking._matcher._heads = {}  # every match walks the states

    def outcome(url_map: Map, path: str, method: str) -> t.Any:
        try:
            return _match(url_map, path, method)
        except NoMatch as e:
            return "NoMatch", e.have_match_for
        except RequestPath as e:
            return "RequestPath", e.path_info

    for path, method in paths:
        assert outcome(with_heads, path, method) == outcome(walking, path, method)


def test_a_static_head_leads_to_its_state() -> None:
    url_map = Map(
        [Rule("/user/<int:id>", endpoint="user"), Rule("/<x>/5", endpoint="x")]
    )
    url_map.update()
    assert set(url_map._matcher._heads) == {"|", "|/user"}  # "|": the root "/"
    assert _match(url_map, "/user/5") == ("user", {"id": 5})
    assert _match(url_map, "/users/5") == ("x", {"x": "users"})
    with pytest.raises(NoMatch):
        _match(url_map, "/user/x")


def test_a_path_without_a_slash_has_no_static_head() -> None:
    """An empty path is not "/": the table of heads must not make it match
    the root's rules (the walk asks for the slash: a redirect to "/")."""
    url_map = Map([Rule("/", endpoint="index"), Rule("/<x>", endpoint="x")])
    url_map.update()
    assert "|" in url_map._matcher._heads  # "/<x>" has its state there
    with pytest.raises(RequestPath):
        url_map._matcher.match("", "", "GET")
