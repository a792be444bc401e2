"""Unit tests of ``flaskcompat.werkzeug.routing.map`` and ``binding``: the
entry points other code uses (``Map.add``, ``Map.match``, ``bind``,
``MapAdapter``), redirects, building, and the lazily bound request adapter."""

from __future__ import annotations

import typing as t

import pytest
from markupsafe import Markup

from flaskcompat import Flask
from flaskcompat.werkzeug.exceptions import BadHost, MethodNotAllowed, NotFound
from flaskcompat.werkzeug.routing import (
    BuildError,
    Map,
    RequestMapAdapter,
    RequestRedirect,
    Rule,
)


@pytest.fixture
def url_map() -> Map:
    return Map(
        [
            Rule("/", endpoint="index"),
            Rule("/dir/", endpoint="dir"),
            Rule("/item/<int:id>", endpoint="item", methods=["GET"]),
            Rule("/all/", defaults={"page": 1}, endpoint="all"),
            Rule("/all/page/<int:page>", endpoint="all"),
            Rule("/old/<int:id>", redirect_to="item/<id>"),
            Rule("/", subdomain="api", endpoint="api"),
        ]
    )


def test_map_match_entry_point(url_map: Map) -> None:
    rule, values = url_map.match("/item/3", "GET")
    assert (rule.endpoint, values) == ("item", {"id": 3})
    assert url_map.match("/", "GET", domain_part="api")[0].endpoint == "api"
    with pytest.raises(RequestRedirect) as exc_info:
        url_map.match("/dir", "GET")
    assert exc_info.value.new_url == "/dir/"  # a path: no adapter, no host
    with pytest.raises(MethodNotAllowed):
        url_map.match("/item/3", "POST")
    with pytest.raises(NotFound):
        url_map.match("/nope", "GET")
    assert url_map.allowed_methods("/item/3") == ["GET", "HEAD"]


def test_map_add_after_matching_is_seen(url_map: Map) -> None:
    url_map.match("/", "GET")
    url_map.add(Rule("/late", endpoint="late"))
    assert url_map.match("/late", "GET")[0].endpoint == "late"
    assert url_map.bind("x.test").build("late") == "/late"


def test_adapter_match_redirects_are_urls(url_map: Map) -> None:
    adapter = url_map.bind("example.test", "/app", url_scheme="https")
    with pytest.raises(RequestRedirect) as exc_info:
        adapter.match("/dir", query_args="a=1")
    assert exc_info.value.new_url == "https://example.test/app/dir/?a=1"
    with pytest.raises(RequestRedirect) as exc_info:
        adapter.match("/all/page/1")
    assert exc_info.value.new_url == "https://example.test/app/all/"
    with pytest.raises(RequestRedirect) as exc_info:
        adapter.match("/old/5")
    assert exc_info.value.new_url == "https://example.test/app/item/5"
    assert adapter.test("/dir") and not adapter.test("/nope")


def test_adapter_build(url_map: Map) -> None:
    adapter = url_map.bind("example.test", "/app")
    assert adapter.build("item", {"id": 2}) == "/app/item/2"
    assert adapter.build("item", {"id": 2, "q": None}) == "/app/item/2"
    assert adapter.build("all", {"page": 3}) == "/app/all/page/3"
    assert adapter.build("all", {}) == "/app/all/"
    assert adapter.build("api") == "http://api.example.test/app/"
    assert adapter.build("index", force_external=True) == "http://example.test/app/"
    with pytest.raises(BuildError, match="Did you forget to specify values"):
        adapter.build("item")
    with pytest.raises(BuildError):
        adapter.build("item", {"id": 2}, method="POST")


def test_bind_encodes_the_server_name() -> None:
    assert Map().bind("Café.TEST:8080").server_name == "xn--caf-dma.test:8080"
    with pytest.raises(BadHost):
        Map().bind("a..b")


def test_alias_rules_redirect_to_the_canonical_url() -> None:
    url_map = Map(
        [Rule("/new", endpoint="page"), Rule("/old", endpoint="page", alias=True)]
    )
    adapter = url_map.bind("example.test")
    with pytest.raises(RequestRedirect) as exc_info:
        adapter.match("/old")
    assert exc_info.value.new_url == "http://example.test/new"


def _request_adapter(app: Flask, **environ: t.Any) -> t.Any:
    with app.test_request_context("/", **environ) as ctx:
        return ctx.url_adapter


def test_request_adapter_reads_the_request_lazily() -> None:
    app = Flask(__name__, static_folder=None)
    app.add_url_rule("/", "index", lambda: "")
    adapter = _request_adapter(app, base_url="https://Example.test:8443/root")
    assert isinstance(adapter, RequestMapAdapter)
    assert adapter._server_name is None  # nothing read to match
    assert adapter.build("index", force_external=True) == (
        "https://example.test:8443/root/"
    )
    assert adapter.server_name == "example.test:8443"
    assert adapter.script_name == "/root/"


def test_request_adapter_under_subdomain_matching_reads_the_host() -> None:
    app = Flask(__name__, static_folder=None, subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.test"
    adapter = _request_adapter(app, base_url="http://api.example.test")
    assert adapter.subdomain == "api"
    assert adapter.server_name == "example.test"


def test_build_fast_agrees_with_build_or_declines(url_map: Map) -> None:
    url_map.add(Rule("/p/<int:n>", endpoint="p"))
    url_map.add(Rule("/s/<x>", subdomain="<sub>", endpoint="dyn"))
    url_map.add(Rule("/t/<x>/<path:rest>", endpoint="t"))
    url_map.add(Rule("/<path:whole>", endpoint="whole"))
    adapter = url_map.bind("example.test", "/app")
    cases: list[tuple[str, dict[str, t.Any], bool]] = [
        ("p", {"n": 3}, False),
        ("p", {"n": "7"}, False),
        ("t", {"x": "a b/é", "rest": "c/d e"}, False),
        ("t", {"x": Markup("<b>"), "rest": 5}, False),
        ("t", {"x": "ok", "rest": "r", "é k": "v&w", "n": 1, "b": True}, False),
        ("t", {"x": "ok", "rest": "r", "t": ("u", None, 2), "s": b"by tes"}, True),
        ("whole", {"whole": "a"}, False),
        ("p", {"n": 3, "q": "a b", "r": [1, 2]}, False),
        ("p", {"n": 3}, True),
        ("index", {}, True),
        ("api", {}, True),
    ]
    for endpoint, values, external in cases:
        fast = adapter.build_fast(endpoint, dict(values), external)
        assert fast == adapter.build(endpoint, dict(values), force_external=external)
    declined: list[tuple[str, dict[str, t.Any], bool]] = [
        ("p", {"n": None}, False),  # None values are dropped: not buildable
        ("p", {}, False),  # a variable missing
        ("api", {}, False),  # another subdomain, relative
        ("dyn", {"sub": "a", "x": "b"}, False),  # a variable in the domain
        ("all", {"page": 2}, False),  # two rules
        ("nope", {}, False),  # no such endpoint
        ("whole", {"whole": "/a//b"}, False),  # build() fixes the double slash
    ]
    for endpoint, values, external in declined:
        assert adapter.build_fast(endpoint, values, external) is None


def test_build_fast_sorts_the_query_as_build_does() -> None:
    url_map = Map(
        [Rule("/p/<int:n>", endpoint="p")], sort_parameters=True, sort_key=str
    )
    adapter = url_map.bind("example.test")
    values = {"z": "1", "n": 3, "a": ["x", None, "y"], "m": None, "é": "a b"}
    fast = adapter.build_fast("p", dict(values))
    assert fast == adapter.build("p", dict(values)) == "/p/3?a=x&a=y&z=1&%C3%A9=a+b"
