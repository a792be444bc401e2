"""``werkzeug.routing`` used directly, without Flask: a ``Map`` of ``Rule``\\ s bound
to a ``MapAdapter`` that matches paths (404, 405, 308 redirects, strict and merged
slashes, defaults) and builds URLs (external, unknown arguments, methods,
schemes)."""

from __future__ import annotations

import typing as t

import pytest

api = pytest.mark.api
MAP = "werkzeug.routing.Map"
RULE = "werkzeug.routing.Rule"
ADAPTER = "werkzeug.routing.MapAdapter"
REDIRECT = "werkzeug.routing.RequestRedirect"


def exc(impl: t.Any) -> t.Any:
    return impl.werkzeug.exceptions


@api(MAP, RULE, ADAPTER)
def test_match_static_and_dynamic(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", endpoint="index"),
            r.Rule("/foo", endpoint="foo"),
            r.Rule("/bar/", endpoint="bar"),
            r.Rule("/user/<name>", endpoint="user"),
            r.Rule("/user/me", endpoint="me"),
        ]
    )
    adapter = m.bind("example.org", "/")
    assert isinstance(adapter, r.MapAdapter)
    assert adapter.match("/") == ("index", {})
    assert adapter.match("/foo") == ("foo", {})
    assert adapter.match("/bar/") == ("bar", {})
    assert adapter.match("/user/ann") == ("user", {"name": "ann"})
    # a static segment beats a variable one, whatever the order of the rules
    assert adapter.match("/user/me") == ("me", {})
    with pytest.raises(exc(impl).NotFound):
        adapter.match("/missing")
    with pytest.raises(exc(impl).NotFound):
        adapter.match("/foo/")


@api(ADAPTER, RULE)
def test_match_return_rule_and_default_path(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    rule = r.Rule("/page/<int:n>", endpoint="page")
    adapter = r.Map([rule]).bind("example.org", "/", path_info="/page/3")
    matched, args = adapter.match(return_rule=True)
    assert matched is rule and args == {"n": 3}
    assert adapter.match("/page/4") == ("page", {"n": 4})


@api(ADAPTER, RULE, "werkzeug.exceptions.MethodNotAllowed")
def test_method_not_allowed_lists_methods(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/item", endpoint="read", methods=["GET"]),
            r.Rule("/item", endpoint="write", methods=["POST", "PUT"]),
        ]
    )
    adapter = m.bind("example.org", "/")
    assert adapter.match("/item", method="PUT") == ("write", {})
    assert adapter.match("/item", method="HEAD") == ("read", {})
    with pytest.raises(exc(impl).MethodNotAllowed) as info:
        adapter.match("/item", method="DELETE")
    assert sorted(info.value.valid_methods) == ["GET", "HEAD", "POST", "PUT"]
    assert sorted(adapter.allowed_methods("/item")) == ["GET", "HEAD", "POST", "PUT"]
    assert adapter.allowed_methods("/nope") == []
    assert adapter.test("/item", method="GET") is True
    assert adapter.test("/item", method="DELETE") is False
    assert adapter.test("/nope") is False


@api(ADAPTER, "werkzeug.routing.Map")
def test_bind_default_method(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map([r.Rule("/p", endpoint="post", methods=["POST"])])
    assert m.bind("example.org", default_method="POST").match("/p") == ("post", {})
    with pytest.raises(exc(impl).MethodNotAllowed):
        m.bind("example.org").match("/p")


@api(REDIRECT, ADAPTER, "werkzeug.routing.RoutingException")
def test_strict_slashes_redirect(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/dir/", endpoint="dir"),
            r.Rule("/loose/", endpoint="loose", strict_slashes=False),
        ]
    )
    adapter = m.bind("example.org", "/app", url_scheme="https")
    with pytest.raises(r.RequestRedirect) as info:
        adapter.match("/dir", query_args="a=1")
    err = info.value
    assert isinstance(err, r.RoutingException)
    assert isinstance(err, exc(impl).HTTPException)
    assert err.code == 308
    assert err.new_url == "https://example.org/app/dir/?a=1"
    response = err.get_response()
    assert response.status_code == 308
    assert response.headers["Location"] == "https://example.org/app/dir/?a=1"
    # strict_slashes=False: both spellings match without a redirect
    assert adapter.match("/loose") == ("loose", {})
    assert adapter.match("/loose/") == ("loose", {})


@api(MAP, REDIRECT)
def test_map_strict_slashes_false(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map([r.Rule("/a/", endpoint="a")], strict_slashes=False)
    adapter = m.bind("example.org")
    assert adapter.match("/a") == ("a", {})
    assert adapter.match("/a/") == ("a", {})


@api(MAP, RULE, REDIRECT)
def test_merge_slashes(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/a/b", endpoint="ab"),
            r.Rule("/raw//x", endpoint="raw", merge_slashes=False),
        ]
    )
    adapter = m.bind("example.org")
    with pytest.raises(r.RequestRedirect) as info:
        adapter.match("/a//b")
    assert info.value.new_url == "http://example.org/a/b"
    assert adapter.match("/raw//x") == ("raw", {})

    off = r.Map([r.Rule("/a/b", endpoint="ab")], merge_slashes=False)
    with pytest.raises(exc(impl).NotFound):
        off.bind("example.org").match("/a//b")


@api(RULE, REDIRECT, ADAPTER)
def test_defaults_redirect_to_shorter_url(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/page/", defaults={"n": 1}, endpoint="page"),
            r.Rule("/page/<int:n>", endpoint="page"),
        ]
    )
    adapter = m.bind("example.org")
    assert adapter.match("/page/") == ("page", {"n": 1})
    assert adapter.match("/page/2") == ("page", {"n": 2})
    with pytest.raises(r.RequestRedirect) as info:
        adapter.match("/page/1")
    assert info.value.new_url == "http://example.org/page/"
    assert adapter.build("page", {"n": 1}) == "/page/"
    assert adapter.build("page", {"n": 5}) == "/page/5"

    rules = [r.Rule("/page/", defaults={"n": 1}, endpoint="page")]
    rules.append(r.Rule("/page/<int:n>", endpoint="page"))
    quiet = r.Map(rules, redirect_defaults=False)
    assert quiet.bind("example.org").match("/page/1") == ("page", {"n": 1})


@api(RULE, REDIRECT)
def test_redirect_to_rule(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/old/<int:id>", redirect_to="new/<id>"),
            r.Rule("/gone", redirect_to=lambda adapter, **kw: "https://else.where/"),
            r.Rule("/new/<int:id>", endpoint="new"),
        ]
    )
    adapter = m.bind("example.org", "/")
    with pytest.raises(r.RequestRedirect) as info:
        adapter.match("/old/7")
    assert info.value.new_url == "http://example.org/new/7"
    with pytest.raises(r.RequestRedirect) as info:
        adapter.match("/gone")
    assert info.value.new_url == "https://else.where/"


@api(ADAPTER, RULE, "werkzeug.routing.BuildError")
def test_build_options(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", endpoint="index"),
            r.Rule("/user/<name>", endpoint="user"),
            r.Rule("/form", endpoint="form", methods=["POST"]),
            r.Rule("/form/edit", endpoint="form", methods=["GET"]),
        ]
    )
    adapter = m.bind("example.org", "/root")
    assert adapter.build("index") == "/root/"
    assert adapter.build("index", force_external=True) == "http://example.org/root/"
    assert (
        adapter.build("user", {"name": "a b"}, url_scheme="https", force_external=True)
        == "https://example.org/root/user/a%20b"
    )
    assert adapter.build("user", {"name": "x", "q": "1 2"}) == "/root/user/x?q=1+2"
    assert adapter.build("user", {"name": "x", "q": "1"}, append_unknown=False) == (
        "/root/user/x"
    )
    multi = impl.werkzeug.datastructures.MultiDict([("name", "x"), ("t", "1")])
    multi.add("t", "2")
    assert adapter.build("user", multi) == "/root/user/x?t=1&t=2"
    assert adapter.build("form", method="POST") == "/root/form"
    assert adapter.build("form", method="GET") == "/root/form/edit"
    with pytest.raises(r.BuildError):
        adapter.build("form", method="PUT")
    with pytest.raises(r.BuildError):
        adapter.build("user")
    # a None value counts as missing
    with pytest.raises(r.BuildError):
        adapter.build("user", {"name": None})


@api(ADAPTER, MAP)
def test_build_url_scheme_follows_binding(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map([r.Rule("/x", endpoint="x")])
    adapter = m.bind("example.org:8080", url_scheme="https")
    assert adapter.build("x", force_external=True) == "https://example.org:8080/x"
    # another scheme alone does not make the URL external
    assert adapter.build("x", url_scheme="http") == "/x"
    assert adapter.build("x", url_scheme="http", force_external=True) == (
        "http://example.org:8080/x"
    )


@api(ADAPTER, MAP)
def test_bind_to_environ(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map([r.Rule("/hello/<name>", endpoint="hello")])
    environ = impl.werkzeug.test.create_environ(
        "/hello/bob", "https://example.org/app/", method="POST"
    )
    adapter = m.bind_to_environ(environ)
    assert adapter.match() == ("hello", {"name": "bob"})
    assert adapter.build("hello", {"name": "x"}, force_external=True) == (
        "https://example.org/app/hello/x"
    )
    assert adapter.url_scheme == "https"
    assert adapter.script_name == "/app/"
    assert adapter.default_method == "POST"


@api(MAP, RULE)
def test_iter_rules_and_is_endpoint_expecting(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    a = r.Rule("/a/<int:id>", endpoint="a")
    b = r.Rule("/b", endpoint="b")
    a2 = r.Rule("/a/<int:id>/<slug>", endpoint="a")
    m = r.Map([a, b, a2])
    # grouped by endpoint; within one, the rule with more arguments builds first
    assert list(m.iter_rules()) == [a2, a, b]
    assert list(m.iter_rules("a")) == [a2, a]
    with pytest.raises(KeyError):
        m.iter_rules("missing")
    assert a.map is m
    assert m.is_endpoint_expecting("a", "id") is True
    assert m.is_endpoint_expecting("a", "slug") is True
    assert m.is_endpoint_expecting("b", "id") is False
    assert repr(a) == "<Rule '/a/<id>' -> a>"


@api(RULE)
def test_rule_empty_copies_an_unbound_rule(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    rule = r.Rule("/x/<int:n>", endpoint="x", methods=["POST"], defaults={"k": 1})
    r.Map([rule])
    copy = rule.empty()
    assert copy is not rule and copy.map is None
    assert copy.rule == "/x/<int:n>" and copy.endpoint == "x"
    assert copy.methods == {"POST"}
    assert copy.defaults == {"k": 1}
    # the copy is not bound yet: it can go in a second map
    other = r.Map([copy])
    assert other.bind("h").match("/x/2", method="POST") == ("x", {"n": 2, "k": 1})


@api(RULE)
def test_rule_validation(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    with pytest.raises(ValueError):
        r.Rule("no-slash", endpoint="x")
    with pytest.raises(LookupError):
        r.Map([r.Rule("/<nope:x>", endpoint="x")])
    # a rule is bound to one map only
    rule = r.Rule("/y", endpoint="y")
    r.Map([rule])
    with pytest.raises(RuntimeError):
        r.Map([rule])


@api(RULE, ADAPTER)
def test_build_rule_with_thousands_of_parts(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    values = {f"v{x}": x for x in range(3000)}
    rule = "".join(f"/<{name}>" for name in values)
    m = r.Map([r.Rule(rule, endpoint="long", build_only=True)])
    url = m.bind("localhost").build("long", values)
    assert url == "".join(f"/{x}" for x in values.values())
    # build_only: never matched
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        m.bind("localhost").match(url)


@api(ADAPTER, REDIRECT)
def test_dispatch(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map([r.Rule("/", endpoint="root"), r.Rule("/d/", endpoint="d")])
    adapter = m.bind("example.org")
    calls: list[t.Any] = []

    def view(endpoint: str, values: dict[str, t.Any]) -> str:
        calls.append((endpoint, values))
        return f"view {endpoint}"

    assert adapter.dispatch(view, "/") == "view root"
    redirect = adapter.dispatch(view, "/d")
    assert isinstance(redirect, r.RequestRedirect)
    assert redirect.new_url == "http://example.org/d/"
    missing = adapter.dispatch(view, "/nope", catch_http_exceptions=True)
    assert isinstance(missing, impl.werkzeug.exceptions.NotFound)
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        adapter.dispatch(view, "/nope")
    assert calls == [("root", {})]


@api(MAP, "werkzeug.routing.UnicodeConverter", "werkzeug.routing.IntegerConverter")
def test_default_converters(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    defaults = r.Map.default_converters
    assert defaults["default"] is defaults["string"] is r.UnicodeConverter
    assert defaults["int"] is r.IntegerConverter
    assert sorted(defaults) == [
        "any", "default", "float", "int", "path", "string", "uuid",
    ]  # fmt: skip
    with pytest.raises(TypeError):
        defaults["list"] = r.BaseConverter
    # each map has its own copy to extend
    m = r.Map()
    m.converters["list"] = r.PathConverter
    assert "list" not in r.Map().converters


@api(RULE)
@pytest.mark.divergence("websocket rules are accepted but matched and built as HTTP")
def test_websocket_rules(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", endpoint="index"),
            r.Rule("/", endpoint="index_ws", websocket=True),
            r.Rule("/ws", endpoint="ws", websocket=True),
        ]
    )
    http = m.bind("example.org", "/")
    ws = m.bind("example.org", "/", url_scheme="ws")
    assert http.match("/") == ("index", {})
    assert ws.match("/") == ("index_ws", {})
    assert http.build("ws", {}) == "ws://example.org/ws"
