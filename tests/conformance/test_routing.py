"""Routing as Flask (Werkzeug) does it: converters, automatic HEAD/OPTIONS, 405,
strict slashes, rule priority, defaults and the request's routing attributes."""

from __future__ import annotations

import typing as t
import uuid

import pytest

pytestmark = pytest.mark.api("Flask")


def _echo_app(app: t.Any, rule: str, **options: t.Any) -> None:
    """Register a view on ``rule`` that answers ``repr`` of its keyword arguments."""

    def echo(**kwargs: t.Any) -> str:
        return " ".join(f"{k}={v!r}" for k, v in sorted(kwargs.items()))

    app.add_url_rule(rule, "echo", echo, **options)


# -- converters ---------------------------------------------------------------


def test_default_converter(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/user/<username>")
    assert client.get("/user/alice").data == b"username='alice'"
    assert client.get("/user/a/b").status_code == 404
    assert client.get("/user/").status_code == 404


def test_string_converter_explicit(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/s/<string:word>")
    assert client.get("/s/hello").data == b"word='hello'"


def test_int_converter(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/post/<int:post_id>")
    assert client.get("/post/42").data == b"post_id=42"
    assert client.get("/post/abc").status_code == 404
    assert client.get("/post/-1").status_code == 404
    assert client.get("/post/1.5").status_code == 404


def test_int_converter_min_max(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/n/<int(min=1, max=10):n>")
    assert client.get("/n/1").data == b"n=1"
    assert client.get("/n/10").data == b"n=10"
    assert client.get("/n/0").status_code == 404
    assert client.get("/n/11").status_code == 404


def test_float_converter(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/f/<float:value>")
    assert client.get("/f/1.5").data == b"value=1.5"
    assert client.get("/f/1").status_code == 404
    assert client.get("/f/x.5").status_code == 404


def test_path_converter(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/path/<path:subpath>")
    assert client.get("/path/a/b/c.txt").data == b"subpath='a/b/c.txt'"
    assert client.get("/path/single").data == b"subpath='single'"


def test_path_converter_in_the_middle(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/files/<path:name>/edit")
    assert client.get("/files/a/b/edit").data == b"name='a/b'"


def test_uuid_converter(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.route("/u/<uuid:ident>")
    def by_uuid(ident: t.Any) -> str:
        seen.append(ident)
        return str(ident)

    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert client.get(f"/u/{value}").data == str(value).encode()
    assert seen == [value]
    assert isinstance(seen[0], uuid.UUID)
    assert client.get("/u/not-a-uuid").status_code == 404


def test_string_length_converter(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/lang/<string(length=2):code>")
    assert client.get("/lang/de").data == b"code='de'"
    assert client.get("/lang/deu").status_code == 404
    assert client.get("/lang/d").status_code == 404


def test_string_minlength_maxlength(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/w/<string(minlength=2, maxlength=3):w>")
    assert client.get("/w/ab").status_code == 200
    assert client.get("/w/abc").status_code == 200
    assert client.get("/w/a").status_code == 404
    assert client.get("/w/abcd").status_code == 404


def test_any_converter(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/<any(about, help):page>")
    assert client.get("/about").data == b"page='about'"
    assert client.get("/help").data == b"page='help'"
    assert client.get("/other").status_code == 404


def test_several_variables_in_one_rule(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/<int:year>/<int:month>/<slug>")
    assert client.get("/2024/5/hello").data == b"month=5 slug='hello' year=2024"


def test_variable_inside_a_segment(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/file-<int:num>.txt")
    assert client.get("/file-7.txt").data == b"num=7"
    assert client.get("/file-x.txt").status_code == 404


@pytest.mark.api("routing.BaseConverter", "url_for")
def test_custom_converter(impl: t.Any, app: t.Any, client: t.Any) -> None:
    class ListConverter(impl.werkzeug.routing.BaseConverter):  # type: ignore[name-defined,misc]
        regex = r"\w+(?:,\w+)*"

        def to_python(self, value: str) -> list[str]:
            return value.split(",")

        def to_url(self, value: list[str]) -> str:
            quote = super().to_url
            return ",".join(quote(v) for v in value)

    app.url_map.converters["list"] = ListConverter
    seen: list[t.Any] = []

    @app.route("/tags/<list:tags>")
    def tags(tags: list[str]) -> str:
        seen.append(tags)
        return "|".join(tags)

    assert client.get("/tags/a,b,c").data == b"a|b|c"
    assert seen == [["a", "b", "c"]]
    assert client.get("/tags/a,,b").status_code == 404
    with app.test_request_context():
        assert impl.url_for("tags", tags=["x", "y"]) == "/tags/x,y"


def test_custom_converter_with_arguments(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    class RegexConverter(impl.werkzeug.routing.BaseConverter):  # type: ignore[name-defined,misc]
        def __init__(self, url_map: t.Any, pattern: str) -> None:
            super().__init__(url_map)
            self.regex = pattern

    app.url_map.converters["regex"] = RegexConverter
    _echo_app(app, '/code/<regex("[a-z]{3}-[0-9]{2}"):code>')
    assert client.get("/code/abc-12").data == b"code='abc-12'"
    assert client.get("/code/abcd-12").status_code == 404


def test_custom_converter_validation_error(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    class EvenConverter(impl.werkzeug.routing.BaseConverter):  # type: ignore[name-defined,misc]
        regex = r"\d+"

        def to_python(self, value: str) -> int:
            if int(value) % 2:
                raise impl.werkzeug.routing.ValidationError()
            return int(value)

    app.url_map.converters["even"] = EvenConverter
    _echo_app(app, "/even/<even:n>")
    assert client.get("/even/4").data == b"n=4"
    assert client.get("/even/3").status_code == 404


def test_percent_encoded_path_is_decoded(app: t.Any, client: t.Any) -> None:
    _echo_app(app, "/user/<name>")
    rv = client.get("/user/J%C3%B6rg")
    assert rv.get_data(as_text=True) == "name='Jörg'"
    rv = client.get("/user/a%20b")
    assert rv.get_data(as_text=True) == "name='a b'"


def test_non_ascii_static_rule(app: t.Any, client: t.Any) -> None:
    @app.route("/café")
    def cafe() -> str:
        return "coffee"

    assert client.get("/caf%C3%A9").data == b"coffee"


# -- automatic HEAD / OPTIONS, 405 -------------------------------------------


def test_automatic_head(app: t.Any, client: t.Any) -> None:
    @app.route("/page")
    def page() -> t.Any:
        return "page body", {"X-Custom": "1"}

    get = client.get("/page")
    head = client.head("/page")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"] == "9"
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["X-Custom"] == "1"


def test_head_runs_the_get_view(impl: t.Any, app: t.Any, client: t.Any) -> None:
    methods: list[str] = []

    @app.route("/page")
    def page() -> str:
        methods.append(impl.request.method)
        return "x"

    client.head("/page")
    assert methods == ["HEAD"]


def test_automatic_options(app: t.Any, client: t.Any) -> None:
    @app.route("/thing", methods=["GET", "POST"])
    def thing() -> str:
        return "thing"

    rv = client.options("/thing")
    assert rv.status_code == 200
    assert rv.data == b""
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_automatic_options_merges_rules_on_one_url(app: t.Any, client: t.Any) -> None:
    @app.get("/res")
    def read() -> str:
        return "read"

    @app.delete("/res")
    def remove() -> str:
        return "removed"

    rv = client.options("/res")
    assert rv.status_code == 200
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "DELETE"}


def test_method_not_allowed_has_allow_header(app: t.Any, client: t.Any) -> None:
    @app.route("/only-post", methods=["POST"])
    def only_post() -> str:
        return "posted"

    rv = client.get("/only-post")
    assert rv.status_code == 405
    assert set(rv.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    assert client.post("/only-post").data == b"posted"


@pytest.mark.parametrize("method", ["PROPFIND", "FOO", "TRACE"])
def test_unknown_method_is_405(app: t.Any, client: t.Any, method: str) -> None:
    @app.route("/r")
    def r() -> str:
        return "r"

    rv = client.open("/r", method=method)
    assert rv.status_code == 405
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_custom_method_can_be_routed(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/dav", methods=["PROPFIND"])
    def dav() -> str:
        return impl.request.method

    assert client.open("/dav", method="PROPFIND").data == b"PROPFIND"
    assert client.get("/dav").status_code == 405


def test_same_url_different_methods_different_endpoints(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.get("/item")
    def get_item() -> str:
        return f"get {impl.request.endpoint}"

    @app.post("/item")
    def create_item() -> str:
        return f"post {impl.request.endpoint}"

    assert client.get("/item").data == b"get get_item"
    assert client.post("/item").data == b"post create_item"
    assert client.put("/item").status_code == 405


# -- trailing slashes ---------------------------------------------------------


def test_trailing_slash_redirect(app: t.Any, client: t.Any) -> None:
    @app.route("/projects/")
    def projects() -> str:
        return "projects"

    rv = client.get("/projects")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/projects/"
    assert client.get("/projects/").data == b"projects"


def test_trailing_slash_redirect_keeps_query_string(app: t.Any, client: t.Any) -> None:
    @app.route("/projects/")
    def projects() -> str:
        return "projects"

    rv = client.get("/projects?a=1&b=two")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/projects/?a=1&b=two"


def test_trailing_slash_redirect_for_post(app: t.Any, client: t.Any) -> None:
    @app.route("/form/", methods=["POST"])
    def form() -> str:
        return "posted"

    rv = client.post("/form")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/form/"


def test_trailing_slash_redirect_follows(app: t.Any, client: t.Any) -> None:
    @app.route("/docs/<name>/")
    def docs(name: str) -> str:
        return f"doc {name}"

    rv = client.get("/docs/intro", follow_redirects=True)
    assert rv.status_code == 200
    assert rv.data == b"doc intro"


def test_no_trailing_slash_rule_with_slash_is_404(app: t.Any, client: t.Any) -> None:
    @app.route("/about")
    def about() -> str:
        return "about"

    assert client.get("/about").status_code == 200
    assert client.get("/about/").status_code == 404


def test_strict_slashes_false(app: t.Any, client: t.Any) -> None:
    @app.route("/loose/", strict_slashes=False)
    def loose() -> str:
        return "loose"

    @app.route("/loose2", strict_slashes=False)
    def loose2() -> str:
        return "loose2"

    assert client.get("/loose/").data == b"loose"
    assert client.get("/loose").status_code == 200
    assert client.get("/loose").data == b"loose"
    assert client.get("/loose2").data == b"loose2"
    assert client.get("/loose2/").data == b"loose2"


def test_url_map_strict_slashes_false(app: t.Any, client: t.Any) -> None:
    app.url_map.strict_slashes = False

    @app.route("/lax/")
    def lax() -> str:
        return "lax"

    assert client.get("/lax").data == b"lax"


# -- rule priority ------------------------------------------------------------


@pytest.mark.parametrize("static_first", [True, False])
def test_static_rule_beats_dynamic(
    app: t.Any, client: t.Any, static_first: bool
) -> None:
    def about() -> str:
        return "about page"

    def page(name: str) -> str:
        return f"page {name}"

    if static_first:
        app.add_url_rule("/about", "about", about)
        app.add_url_rule("/<name>", "page", page)
    else:
        app.add_url_rule("/<name>", "page", page)
        app.add_url_rule("/about", "about", about)
    assert client.get("/about").data == b"about page"
    assert client.get("/other").data == b"page other"


@pytest.mark.parametrize("order", [0, 1])
def test_static_segment_wins_per_segment(app: t.Any, client: t.Any, order: int) -> None:
    def edit(a: str) -> str:
        return f"edit {a}"

    def page(b: str) -> str:
        return f"page {b}"

    rules = [("/<a>/edit", "edit", edit), ("/page/<b>", "page", page)]
    for rule, endpoint, view in rules[order:] + rules[:order]:
        app.add_url_rule(rule, endpoint, view)
    assert client.get("/page/edit").data == b"page edit"
    assert client.get("/x/edit").data == b"edit x"
    assert client.get("/page/x").data == b"page x"


@pytest.mark.parametrize("int_first", [True, False])
def test_int_converter_beats_string(app: t.Any, client: t.Any, int_first: bool) -> None:
    def by_id(id: int) -> str:
        return f"id {id!r}"

    def by_name(name: str) -> str:
        return f"name {name!r}"

    if int_first:
        app.add_url_rule("/<int:id>", "by_id", by_id)
        app.add_url_rule("/<name>", "by_name", by_name)
    else:
        app.add_url_rule("/<name>", "by_name", by_name)
        app.add_url_rule("/<int:id>", "by_id", by_id)
    assert client.get("/5").data == b"id 5"
    assert client.get("/abc").data == b"name 'abc'"


@pytest.mark.parametrize("path_first", [True, False])
def test_default_converter_beats_path(
    app: t.Any, client: t.Any, path_first: bool
) -> None:
    def one(name: str) -> str:
        return f"one {name}"

    def many(rest: str) -> str:
        return f"many {rest}"

    rules = [("/f/<path:rest>", "many", many), ("/f/<name>", "one", one)]
    if not path_first:
        rules.reverse()
    for rule, endpoint, view in rules:
        app.add_url_rule(rule, endpoint, view)
    assert client.get("/f/x").data == b"one x"
    assert client.get("/f/x/y").data == b"many x/y"


# -- defaults -------------------------------------------------------------------


def test_rule_defaults(app: t.Any, client: t.Any) -> None:
    @app.route("/users/", defaults={"page": 1})
    @app.route("/users/page/<int:page>")
    def users(page: int) -> str:
        return f"page {page}"

    assert client.get("/users/").data == b"page 1"
    assert client.get("/users/page/3").data == b"page 3"


def test_rule_defaults_redirect_to_canonical_url(app: t.Any, client: t.Any) -> None:
    @app.route("/users/", defaults={"page": 1})
    @app.route("/users/page/<int:page>")
    def users(page: int) -> str:
        return f"page {page}"

    rv = client.get("/users/page/1")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/users/"


def test_defaults_for_non_url_argument(app: t.Any, client: t.Any) -> None:
    @app.route("/feed", defaults={"fmt": "rss"})
    def feed(fmt: str) -> str:
        return fmt

    assert client.get("/feed").data == b"rss"


# -- request routing attributes ---------------------------------------------


def test_request_url_rule_endpoint_view_args(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    captured: dict[str, t.Any] = {}

    @app.route("/item/<int:item_id>", methods=["GET", "POST"])
    def item(item_id: int) -> str:
        req = impl.request
        captured["rule"] = req.url_rule.rule
        captured["methods"] = req.url_rule.methods
        captured["rule_endpoint"] = req.url_rule.endpoint
        captured["endpoint"] = req.endpoint
        captured["view_args"] = req.view_args
        return "ok"

    client.get("/item/7")
    assert captured == {
        "rule": "/item/<int:item_id>",
        "methods": {"GET", "HEAD", "OPTIONS", "POST"},
        "rule_endpoint": "item",
        "endpoint": "item",
        "view_args": {"item_id": 7},
    }


def test_request_routing_attributes_on_404(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    captured: dict[str, t.Any] = {}

    @app.errorhandler(404)
    def not_found(e: t.Any) -> t.Any:
        captured["url_rule"] = impl.request.url_rule
        captured["endpoint"] = impl.request.endpoint
        captured["view_args"] = impl.request.view_args
        return "missing", 404

    assert client.get("/nowhere").data == b"missing"
    assert captured == {"url_rule": None, "endpoint": None, "view_args": None}


def test_request_routing_attributes_in_test_request_context(
    impl: t.Any, app: t.Any
) -> None:
    @app.route("/p/<path:rest>")
    def p(rest: str) -> str:
        return rest

    with app.test_request_context("/p/a/b"):
        assert impl.request.endpoint == "p"
        assert impl.request.view_args == {"rest": "a/b"}
        assert impl.request.url_rule.rule == "/p/<path:rest>"
