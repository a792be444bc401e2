"""``werkzeug.routing`` without Flask: the rule factories (``Submount``,
``Subdomain``, ``EndpointPrefix``, ``RuleTemplate``, a custom ``RuleFactory``),
host matching and subdomains on a bare ``Map``, alias rules, and the routing
exceptions (``BuildError``'s message and ``suggested``)."""

from __future__ import annotations

import typing as t

import pytest

api = pytest.mark.api
R = "werkzeug.routing."


@api(R + "Submount", R + "EndpointPrefix", R + "Subdomain")
def test_nested_factories(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", endpoint="index"),
            r.Subdomain(
                "blog",
                [
                    r.EndpointPrefix(
                        "blog/",
                        [
                            r.Rule("/", endpoint="index"),
                            r.Submount(
                                "/posts",
                                [
                                    r.Rule("/", endpoint="posts"),
                                    r.Rule("/<int:id>", endpoint="post"),
                                ],
                            ),
                        ],
                    )
                ],
            ),
        ],
        default_subdomain="www",
    )
    rules = {rule.endpoint: rule for rule in m.iter_rules()}
    assert rules["blog/post"].rule == "/posts/<int:id>"
    assert rules["blog/post"].subdomain == "blog"
    assert rules["index"].subdomain == "www"

    blog = m.bind("example.com", subdomain="blog")
    assert blog.match("/") == ("blog/index", {})
    assert blog.match("/posts/3") == ("blog/post", {"id": 3})
    with pytest.raises(r.RequestRedirect) as info:
        blog.match("/posts")
    assert info.value.new_url == "http://blog.example.com/posts/"
    assert blog.build("blog/post", {"id": 4}) == "/posts/4"
    # building for another subdomain makes the URL external
    assert blog.build("index") == "http://www.example.com/"

    www = m.bind("example.com", subdomain="www")
    assert www.match("/") == ("index", {})
    assert www.build("blog/posts") == "http://blog.example.com/posts/"
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        www.match("/posts/3")


@api(R + "Subdomain", R + "Map")
def test_subdomain_variable_and_bind_to_environ(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", subdomain="<user>", endpoint="user_home"),
            r.Rule("/", endpoint="home"),
        ],
        default_subdomain="",
    )
    environ = impl.werkzeug.test.create_environ("/", "http://ann.example.com/")
    adapter = m.bind_to_environ(environ, server_name="example.com")
    assert adapter.subdomain == "ann"
    assert adapter.match() == ("user_home", {"user": "ann"})
    assert adapter.build("user_home", {"user": "bob"}) == "http://bob.example.com/"
    assert adapter.build("home") == "http://example.com/"

    bare = impl.werkzeug.test.create_environ("/", "http://example.com/")
    assert m.bind_to_environ(bare, server_name="example.com").match() == ("home", {})


@api(R + "Map", R + "Rule")
def test_host_matching(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", host="www.example.com", endpoint="www"),
            r.Rule("/", host="<name>.users.example.com", endpoint="user"),
            r.Rule("/about", host="www.example.com", endpoint="about"),
        ],
        host_matching=True,
    )
    www = m.bind("www.example.com")
    assert www.match("/") == ("www", {})
    assert www.build("about") == "/about"
    assert www.build("user", {"name": "ann"}) == "http://ann.users.example.com/"

    ann = m.bind("ann.users.example.com")
    assert ann.match("/") == ("user", {"name": "ann"})
    assert ann.build("about") == "http://www.example.com/about"
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        ann.match("/about")
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        m.bind("other.org").match("/")

    environ = impl.werkzeug.test.create_environ("/about", "http://www.example.com/")
    assert m.bind_to_environ(environ).match() == ("about", {})


@api(R + "RuleTemplate", R + "RuleTemplateFactory")
def test_rule_template(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    resource = r.RuleTemplate(
        [
            r.Rule("/$name/", endpoint="$name.list"),
            r.Rule("/$name/<int:id>", endpoint="$name.show", defaults={"t": "$name"}),
            r.Rule("/${name}s/all", endpoint="${name}s"),
        ]
    )
    factory = resource(name="user")
    assert isinstance(factory, r.RuleTemplateFactory)
    assert isinstance(factory, r.RuleFactory)
    m = r.Map([factory, resource(name="page")])
    a = m.bind("example.org")
    assert a.match("/user/") == ("user.list", {})
    assert a.match("/page/3") == ("page.show", {"id": 3, "t": "page"})
    assert a.match("/users/all") == ("users", {})
    assert a.build("page.list") == "/page/"
    assert sorted(rule.endpoint for rule in m.iter_rules()) == [
        "page.list",
        "page.show",
        "pages",
        "user.list",
        "user.show",
        "users",
    ]


@api(R + "RuleFactory", R + "Map")
def test_custom_rule_factory(impl: t.Any) -> None:
    r = impl.werkzeug.routing

    class CRUD(r.RuleFactory):  # type: ignore[misc,name-defined]
        def __init__(self, name: str) -> None:
            self.name = name

        def get_rules(self, map: t.Any) -> t.Iterator[t.Any]:
            n = self.name
            yield r.Rule(f"/{n}", endpoint=f"{n}.index", methods=["GET"])
            yield r.Rule(f"/{n}", endpoint=f"{n}.create", methods=["POST"])

    m = r.Map([r.Submount("/api", [CRUD("notes")])])
    a = m.bind("example.org")
    assert a.match("/api/notes") == ("notes.index", {})
    assert a.match("/api/notes", method="POST") == ("notes.create", {})
    m.add(CRUD("tags"))
    assert a.match("/tags", method="POST") == ("tags.create", {})


@api(R + "Rule", R + "RequestRedirect", R + "RequestAliasRedirect")
def test_alias_redirects_to_canonical_url(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/", endpoint="index"),
            r.Rule("/index.html", endpoint="index", alias=True),
            r.Rule("/users/", defaults={"page": 1}, endpoint="users"),
            r.Rule(
                "/users/index.html", defaults={"page": 1}, alias=True, endpoint="users"
            ),
            r.Rule("/users/page/<int:page>", endpoint="users"),
        ]
    )
    a = m.bind("example.com")
    with pytest.raises(r.RequestRedirect) as info:
        a.match("/index.html", query_args="x=1")
    assert info.value.new_url == "http://example.com/?x=1"
    with pytest.raises(r.RequestRedirect) as info:
        a.match("/users/index.html")
    assert info.value.new_url == "http://example.com/users/"
    assert a.match("/users/page/2") == ("users", {"page": 2})
    assert a.build("index") == "/"
    assert a.build("users", {"page": 1}) == "/users/"


@api(R + "RoutingException", R + "BuildError", R + "RequestRedirect")
def test_exception_classes(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    a = r.Map([r.Rule("/x/", endpoint="x")]).bind("example.org")
    caught: list[t.Any] = []
    for call in (lambda: a.match("/x"), lambda: a.build("nope")):
        try:
            call()
        except r.RoutingException as e:
            caught.append(type(e))
    assert caught == [r.RequestRedirect, r.BuildError]
    assert issubclass(r.BuildError, LookupError)
    assert issubclass(r.RequestRedirect, impl.werkzeug.exceptions.HTTPException)
    assert r.RequestRedirect("http://x/").new_url == "http://x/"


@api(R + "BuildError")
def test_build_error_suggested(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    m = r.Map(
        [
            r.Rule("/foo/", endpoint="users.here"),
            r.Rule("/wat/", endpoint="admin.users"),
            r.Rule("/woop", endpoint="foo.users"),
        ]
    )
    adapter = m.bind("example.com")
    err = r.BuildError("admin.user", {}, None, adapter)
    assert err.suggested.endpoint == "admin.users"
    assert err.endpoint == "admin.user" and err.method is None
    assert r.BuildError("x", {}, None).suggested is None
    assert not r.BuildError("x", {}, None, r.Map().bind("h")).suggested

    slug = r.Rule("/user/<slug>/", endpoint="users")
    by_values = r.Map([r.Rule("/user/id/<id>/", endpoint="users"), slug])
    found = r.BuildError("x", {"slug": ""}, None, by_values.bind("h")).suggested
    assert found is slug

    post = r.Rule("/post/", endpoint="foobar", methods=["POST"])
    get = r.Rule("/get/", endpoint="foobar", methods=["GET"])
    by_method = r.Map([post, get]).bind("h")
    assert r.BuildError("invalid", {}, "POST", by_method).suggested is post
    assert r.BuildError("invalid", {}, "GET", by_method).suggested is get


@api(R + "BuildError")
def test_build_error_messages(impl: t.Any) -> None:
    r = impl.werkzeug.routing
    adapter = r.Map([r.Rule("/foo/<id>/", endpoint="world", methods=["GET"])]).bind(
        "example.com"
    )

    def message(*args: t.Any, **kwargs: t.Any) -> str:
        with pytest.raises(r.BuildError) as info:
            adapter.build(*args, **kwargs)
        return str(info.value)

    assert message("helloworld") == (
        "Could not build url for endpoint 'helloworld'. Did you mean 'world' instead?"
    )
    assert message("world") == (
        "Could not build url for endpoint 'world'."
        " Did you forget to specify values ['id']?"
    )
    assert message("world", {"id": 2}, method="POST") == (
        "Could not build url for endpoint 'world' ('POST') with values ['id']."
        " Did you mean to use methods ['GET', 'HEAD']?"
    )
    empty = r.Map().bind("h")
    with pytest.raises(r.BuildError) as info:
        empty.build("urks", {"user_id": 5})
    assert str(info.value) == (
        "Could not build url for endpoint 'urks' with values ['user_id']."
    )
