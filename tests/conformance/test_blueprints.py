"""Conformance: blueprints - construction, registration (URL prefixes, names,
URL defaults, registering twice), nesting, ``record``/``record_once``/
``make_setup_state`` and the setup guard. What a blueprint registers (hooks,
handlers, static files, templates) is in test_blueprint_handlers.py."""

from __future__ import annotations

import importlib
import typing as t
from pathlib import Path

import pytest

pytestmark = pytest.mark.api("Blueprint")


# -- construction ------------------------------------------------------------------


def test_attributes(impl: t.Any) -> None:
    bp = impl.Blueprint(
        "shop",
        __name__,
        url_prefix="/shop",
        subdomain="api",
        url_defaults={"lang": "en"},
        cli_group="shopping",
    )
    assert bp.name == "shop"
    assert bp.import_name == __name__
    assert bp.url_prefix == "/shop"
    assert bp.subdomain == "api"
    assert bp.url_values_defaults == {"lang": "en"}
    assert bp.cli_group == "shopping"
    assert bp.root_path == str(Path(__file__).parent)
    assert bp.static_folder is None
    assert bp.static_url_path is None
    assert bp.template_folder is None
    assert bp.has_static_folder is False
    assert bp.jinja_loader is None
    assert bp.deferred_functions == []
    assert repr(bp) == "<Blueprint 'shop'>"


def test_defaults(impl: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    assert bp.url_prefix is None
    assert bp.subdomain is None
    assert bp.url_values_defaults == {}


@pytest.mark.parametrize("name", ["", "a.b", ".", "bp."])
def test_bad_names(impl: t.Any, name: str) -> None:
    with pytest.raises(ValueError) as exc_info:
        impl.Blueprint(name, __name__)
    if name:
        assert str(exc_info.value) == "'name' may not contain a dot '.' character."
    else:
        assert str(exc_info.value) == "'name' may not be empty."


def test_dotted_endpoint_and_view_name(impl: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    def view() -> str:
        return ""

    with pytest.raises(ValueError, match=r"^'endpoint' may not contain a dot"):
        bp.add_url_rule("/", "a.b", view)
    with pytest.raises(ValueError, match=r"^'endpoint' may not contain a dot"):
        bp.route("/", endpoint="x.y")(view)
    view.__name__ = "bar.123"
    with pytest.raises(ValueError, match=r"^'view_func' name may not contain a dot"):
        bp.add_url_rule("/bar/123", view_func=view)


def test_static_and_template_folders(impl: t.Any, tmp_path: Path) -> None:
    bp = impl.Blueprint(
        "admin",
        __name__,
        static_folder="assets/",
        template_folder="tpl",
        root_path=str(tmp_path),
    )
    assert bp.static_folder == str(tmp_path / "assets")
    assert bp.static_url_path == "/assets"
    assert bp.has_static_folder is True
    assert bp.template_folder == "tpl"
    assert bp.jinja_loader is not None
    assert bp.jinja_loader.searchpath == [str(tmp_path / "tpl")]
    bp2 = impl.Blueprint("b2", __name__, static_folder="s", static_url_path="/files/")
    assert bp2.static_url_path == "/files"


# -- registration -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "rule", "url"),
    [
        ("", "/", "/"),
        ("/", "", "/"),
        ("/", "/", "/"),
        ("/foo", "", "/foo"),
        ("/foo/", "", "/foo/"),
        ("", "/bar", "/bar"),
        ("/foo/", "/bar", "/foo/bar"),
        ("/foo/", "bar", "/foo/bar"),
        ("/foo", "/bar", "/foo/bar"),
        ("/foo/", "//bar", "/foo/bar"),
        ("/foo//", "/bar", "/foo/bar"),
    ],
)
def test_prefix_slash(
    impl: t.Any, app: t.Any, client: t.Any, prefix: str, rule: str, url: str
) -> None:
    bp = impl.Blueprint("test", __name__, url_prefix=prefix)

    @bp.route(rule)
    def index() -> tuple[str, int]:
        return "", 204

    app.register_blueprint(bp)
    assert client.get(url).status_code == 204


def test_register_option_overrides_prefix(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = impl.Blueprint("bp", __name__, url_prefix="/default")

    @bp.route("/x")
    def x() -> str:
        return impl.url_for(".x")

    app.register_blueprint(bp, url_prefix="/given")
    assert client.get("/given/x").get_data(as_text=True) == "/given/x"
    assert client.get("/default/x").status_code == 404
    assert [r.rule for r in app.url_map.iter_rules("bp.x")] == ["/given/x"]


def test_url_defaults_per_registration(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("test", __name__)

    @bp.route("/foo", defaults={"baz": 42})
    def foo(bar: int, baz: int) -> str:
        return f"{bar}/{baz:d}"

    @bp.route("/bar")
    def bar(bar: int) -> str:
        return str(bar)

    app.register_blueprint(bp, url_prefix="/1", url_defaults={"bar": 23})
    app.register_blueprint(bp, name="test2", url_prefix="/2", url_defaults={"bar": 19})
    assert client.get("/1/foo").data == b"23/42"
    assert client.get("/2/foo").data == b"19/42"
    assert client.get("/1/bar").data == b"23"
    assert client.get("/2/bar").data == b"19"


def test_blueprint_url_defaults_merge(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__, url_defaults={"a": 1, "b": 2})

    @bp.route("/v")
    def v(a: int, b: int) -> str:
        return f"{a}{b}"

    app.register_blueprint(bp, url_defaults={"b": 3})
    assert client.get("/v").data == b"13"


def test_empty_url_defaults(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    @bp.route("/", defaults={"page": 1})
    @bp.route("/page/<int:page>")
    def something(page: int) -> str:
        return str(page)

    app.register_blueprint(bp)
    assert client.get("/").data == b"1"
    assert client.get("/page/2").data == b"2"


def test_route_options(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    @bp.route("/", endpoint="home", methods=["POST"])
    def index() -> str:
        return impl.request.endpoint  # type: ignore[no-any-return]

    @bp.get("/g")
    def g() -> str:
        return "g"

    @bp.put("/p")
    def p() -> str:
        return "p"

    def plain() -> str:
        return "plain"

    bp.add_url_rule("/plain", view_func=plain)
    bp.add_url_rule("/named", "named", plain, provide_automatic_options=False)
    app.register_blueprint(bp, url_prefix="/bp")
    assert client.post("/bp/").data == b"bp.home"
    assert client.get("/bp/").status_code == 405
    assert client.get("/bp/g").data == b"g"
    assert client.put("/bp/p").data == b"p"
    assert client.get("/bp/plain").data == b"plain"
    allow = client.options("/bp/plain").headers["Allow"]
    assert sorted(allow.split(", ")) == ["GET", "HEAD", "OPTIONS"]
    assert client.options("/bp/named").status_code == 405
    assert sorted(app.view_functions) == sorted(
        ["static", "bp.home", "bp.g", "bp.p", "bp.plain", "bp.named"]
    )


def test_app_blueprints_and_iter(impl: t.Any, app: t.Any) -> None:
    a = impl.Blueprint("a", __name__)
    b = impl.Blueprint("b", __name__)
    assert app.blueprints == {}
    app.register_blueprint(a)
    app.register_blueprint(b)
    app.register_blueprint(a, name="a2")
    assert app.blueprints == {"a": a, "b": b, "a2": a}
    assert list(app.iter_blueprints()) == [a, b, a]


def test_unique_names(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    bp2 = impl.Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(ValueError) as exc_info:
        app.register_blueprint(bp)
    assert str(exc_info.value) == (
        "The name 'bp' is already registered for this blueprint."
        " Use 'name=' to provide a unique name."
    )
    app.register_blueprint(bp, name="again")
    with pytest.raises(ValueError) as exc_info:
        app.register_blueprint(bp2)
    assert str(exc_info.value) == (
        "The name 'bp' is already registered for a different blueprint."
        " Use 'name=' to provide a unique name."
    )
    app.register_blueprint(bp2, name="alt")
    assert set(app.blueprints) == {"bp", "again", "alt"}


def test_nested_duplicate_name_message(impl: t.Any, app: t.Any) -> None:
    parent = impl.Blueprint("parent", __name__)
    child = impl.Blueprint("child", __name__)
    parent.register_blueprint(child)
    parent.register_blueprint(child)
    with pytest.raises(ValueError) as exc_info:
        app.register_blueprint(parent)
    assert str(exc_info.value) == (
        "The name 'child' is already registered for this blueprint"
        " 'parent.child'. Use 'name=' to provide a unique name."
    )


def test_self_registration(impl: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    with pytest.raises(ValueError, match="^Cannot register a blueprint on itself$"):
        bp.register_blueprint(bp)


def test_setup_guard_after_registration(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    app.register_blueprint(bp)
    with pytest.raises(AssertionError) as exc_info:

        @bp.route("/late")
        def late() -> str:
            return ""

    assert str(exc_info.value) == (
        "The setup method 'route' can no longer be called on the blueprint"
        " 'bp'. It has already been registered at least once, any changes"
        " will not be applied consistently.\n"
        "Make sure all imports, decorators, functions, etc. needed to set up"
        " the blueprint are done before registering it."
    )
    for method, arg in [
        (bp.before_request, lambda: None),
        (bp.record, lambda s: None),
        (bp.before_app_request, lambda: None),
    ]:
        with pytest.raises(AssertionError, match="can no longer be called"):
            method(arg)
    with pytest.raises(AssertionError, match="'register_blueprint'"):
        bp.register_blueprint(impl.Blueprint("child", __name__))
    # Registering it again is not a setup method.
    app.register_blueprint(bp, name="again")


def test_app_setup_guard_covers_register_blueprint(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    app.route("/")(lambda: "x")
    client.get("/")
    with pytest.raises(AssertionError, match="'register_blueprint'"):
        app.register_blueprint(impl.Blueprint("bp", __name__))


def test_endpoint_decorator(impl: t.Any, app: t.Any, client: t.Any) -> None:
    app.url_map.add(impl.werkzeug.routing.Rule("/foo", endpoint="bar"))
    bp = impl.Blueprint("bp", __name__)

    @bp.endpoint("bar")
    def foobar() -> str:
        return impl.request.endpoint  # type: ignore[no-any-return]

    app.register_blueprint(bp, url_prefix="/bp_prefix")
    assert client.get("/foo").data == b"bar"
    assert client.get("/bp_prefix/bar").status_code == 404


def test_register_twice_same_view_on_app(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = impl.Blueprint("bp", __name__)

    @bp.route("/")
    def index() -> str:
        return impl.request.blueprint  # type: ignore[no-any-return]

    app.register_blueprint(bp, url_prefix="/a")
    app.register_blueprint(bp, url_prefix="/b", name="b")
    assert client.get("/a/").data == b"bp"
    assert client.get("/b/").data == b"b"
    with app.test_request_context():
        assert impl.url_for("bp.index") == "/a/"
        assert impl.url_for("b.index") == "/b/"


# -- record, record_once, make_setup_state --------------------------------------------


def test_record_and_record_once(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__, url_prefix="/p", url_defaults={"x": 1})
    seen: list[tuple[t.Any, ...]] = []
    once: list[str] = []

    @bp.record
    def on_register(state: t.Any) -> None:
        seen.append(
            (
                state.app is app,
                state.blueprint is bp,
                dict(state.options),
                state.first_registration,
                state.url_prefix,
                state.subdomain,
                state.name,
                state.name_prefix,
                state.url_defaults,
            )
        )

    def only_once(state: t.Any) -> None:
        once.append(state.name)

    assert bp.record_once(only_once) is None
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="two", url_prefix="/q", url_defaults={"y": 2})
    assert seen == [
        (True, True, {}, True, "/p", None, "bp", "", {"x": 1}),
        (
            True,
            True,
            {"name": "two", "url_prefix": "/q", "url_defaults": {"y": 2}},
            False,
            "/q",
            None,
            "two",
            "",
            {"x": 1, "y": 2},
        ),
    ]
    assert once == ["bp"]
    assert bp.deferred_functions[1].__name__ == "only_once"


def test_record_once_per_app(impl: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    calls: list[str] = []
    bp.record_once(lambda s: calls.append(s.app.name))
    for name in ("one", "two"):
        app = impl.Flask(name)
        app.register_blueprint(bp)
        app.register_blueprint(bp, name="again")
    assert calls == ["one", "two"]


def test_make_setup_state_subclass(impl: t.Any, app: t.Any, client: t.Any) -> None:
    blueprints = importlib.import_module(f"{impl.name}.blueprints")

    class State(blueprints.BlueprintSetupState):  # type: ignore[misc,name-defined]
        def add_url_rule(self, rule: str, *args: t.Any, **kwargs: t.Any) -> None:
            super().add_url_rule(rule + "/v2", *args, **kwargs)

    class MyBlueprint(impl.Blueprint):  # type: ignore[misc,name-defined]
        def make_setup_state(
            self, app: t.Any, options: t.Any, first_registration: bool = False
        ) -> t.Any:
            return State(self, app, options, first_registration)

    bp = MyBlueprint("bp", __name__)
    states: list[t.Any] = []
    bp.record(states.append)

    @bp.route("/x")
    def x() -> str:
        return "x"

    app.register_blueprint(bp)
    assert type(states[0]) is State
    assert client.get("/x/v2").data == b"x"
    assert (
        blueprints.BlueprintSetupState
        is blueprints.Blueprint.make_setup_state(
            impl.Blueprint("o", __name__), app, {}
        ).__class__
    )


# -- nesting ---------------------------------------------------------------------


def test_nested_blueprint(impl: t.Any, app: t.Any, client: t.Any) -> None:
    parent = impl.Blueprint("parent", __name__)
    child = impl.Blueprint("child", __name__)
    grandchild = impl.Blueprint("grandchild", __name__)

    @parent.errorhandler(403)
    def forbidden(e: Exception) -> tuple[str, int]:
        return "Parent no", 403

    @parent.route("/")
    def parent_index() -> str:
        return "Parent yes"

    @parent.route("/no")
    def parent_no() -> str:
        impl.abort(403)

    @child.route("/")
    def child_index() -> str:
        return "Child yes"

    @child.route("/no")
    def child_no() -> str:
        impl.abort(403)

    @grandchild.errorhandler(403)
    def grandchild_forbidden(e: Exception) -> tuple[str, int]:
        return "Grandchild no", 403

    @grandchild.route("/")
    def grandchild_index() -> str:
        r = impl.request
        return f"{r.endpoint} {r.blueprint} {','.join(r.blueprints)}"

    @grandchild.route("/no")
    def grandchild_no() -> str:
        impl.abort(403)

    child.register_blueprint(grandchild, url_prefix="/grandchild")
    parent.register_blueprint(child, url_prefix="/child")
    app.register_blueprint(parent, url_prefix="/parent")
    assert client.get("/parent/").data == b"Parent yes"
    assert client.get("/parent/no").data == b"Parent no"
    assert client.get("/parent/child/").data == b"Child yes"
    assert client.get("/parent/child/no").data == b"Parent no"
    assert client.get("/parent/child/grandchild/").data == (
        b"parent.child.grandchild.grandchild_index parent.child.grandchild"
        b" parent.child.grandchild,parent.child,parent"
    )
    assert client.get("/parent/child/grandchild/no").data == b"Grandchild no"
    assert list(app.blueprints) == [
        "parent",
        "parent.child",
        "parent.child.grandchild",
    ]


def test_nested_callback_order(impl: t.Any, app: t.Any, client: t.Any) -> None:
    parent = impl.Blueprint("parent", __name__)
    child = impl.Blueprint("child", __name__)
    calls: list[str] = []

    for scope, name in ((app, "app"), (parent, "parent"), (child, "child")):

        def hooks(name: str = name) -> dict[str, t.Callable[..., t.Any]]:
            def before() -> None:
                calls.append(f"{name}_before")

            def after(response: t.Any) -> t.Any:
                calls.append(f"{name}_after")
                return response

            def teardown(exc: BaseException | None) -> None:
                calls.append(f"{name}_teardown")

            def preprocess(endpoint: str | None, values: t.Any) -> None:
                calls.append(f"{name}_preprocess")

            def defaults(endpoint: str, values: dict[str, t.Any]) -> None:
                calls.append(f"{name}_defaults")

            return {
                "before_request": before,
                "after_request": after,
                "teardown_request": teardown,
                "url_value_preprocessor": preprocess,
                "url_defaults": defaults,
            }

        for method, func in hooks().items():
            getattr(scope, method)(func)

    @child.route("/a")
    def a() -> str:
        calls.append("view")
        impl.url_for(".a")
        return "a"

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    client.get("/a")
    assert calls == [
        "app_preprocess",
        "parent_preprocess",
        "child_preprocess",
        "app_before",
        "parent_before",
        "child_before",
        "view",
        "app_defaults",
        "parent_defaults",
        "child_defaults",
        "child_after",
        "parent_after",
        "app_after",
        "child_teardown",
        "parent_teardown",
        "app_teardown",
    ]


@pytest.mark.parametrize(
    ("parent_init", "child_init", "parent_registration", "child_registration"),
    [
        ("/parent", "/child", None, None),
        ("/parent", None, None, "/child"),
        (None, None, "/parent", "/child"),
        ("/other", "/something", "/parent", "/child"),
    ],
)
def test_nesting_url_prefixes(
    impl: t.Any,
    app: t.Any,
    client: t.Any,
    parent_init: str | None,
    child_init: str | None,
    parent_registration: str | None,
    child_registration: str | None,
) -> None:
    parent = impl.Blueprint("parent", __name__, url_prefix=parent_init)
    child = impl.Blueprint("child", __name__, url_prefix=child_init)

    @child.route("/")
    def index() -> str:
        return "index"

    parent.register_blueprint(child, url_prefix=child_registration)
    app.register_blueprint(parent, url_prefix=parent_registration)
    assert client.get("/parent/child/").status_code == 200


def test_nesting_without_prefixes(impl: t.Any, app: t.Any, client: t.Any) -> None:
    parent = impl.Blueprint("parent", __name__)
    child = impl.Blueprint("child", __name__, url_prefix="/child")
    grand = impl.Blueprint("grand", __name__)
    child.route("/")(lambda: "child")
    grand.route("/g")(lambda: "grand")
    parent.register_blueprint(child)
    parent.register_blueprint(grand)
    app.register_blueprint(parent)
    assert client.get("/child/").data == b"child"
    assert client.get("/g").data == b"grand"


@pytest.mark.parametrize(
    ("parent_sub", "child_sub", "expected"),
    [
        ("api", None, "api"),
        (None, "child", "child"),
        ("parent", "child", "child.parent"),
        (None, None, None),
    ],
)
def test_nesting_subdomains_on_rules(
    impl: t.Any,
    app: t.Any,
    parent_sub: str | None,
    child_sub: str | None,
    expected: str | None,
) -> None:
    parent = impl.Blueprint("parent", __name__)
    child = impl.Blueprint("child", __name__, subdomain=child_sub)

    @child.route("/child/")
    def index() -> str:
        return "child"

    parent.register_blueprint(child)
    app.register_blueprint(parent, subdomain=parent_sub)
    (rule,) = app.url_map.iter_rules("parent.child.index")
    assert (rule.subdomain or None) == expected


@pytest.mark.api("Blueprint", "url_for")
def test_url_for_subdomain_blueprint(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__, subdomain="api")
    bp.add_url_rule("/s", "s", lambda: "")
    app.register_blueprint(bp)
    app.config["SERVER_NAME"] = "example.test"
    with app.test_request_context():
        assert impl.url_for("bp.s") == "http://api.example.test/s"


def test_blueprint_renaming(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    bp2 = impl.Blueprint("bp2", __name__)

    @bp.get("/")
    def index() -> str:
        return impl.request.endpoint  # type: ignore[no-any-return]

    @bp.get("/error")
    def error() -> str:
        impl.abort(403)

    @bp.errorhandler(403)
    def forbidden(_: Exception) -> tuple[str, int]:
        return "Error", 403

    @bp2.get("/")
    def index2() -> str:
        return impl.request.endpoint  # type: ignore[no-any-return]

    bp.register_blueprint(bp2, url_prefix="/a", name="sub")
    app.register_blueprint(bp, url_prefix="/a")
    app.register_blueprint(bp, url_prefix="/b", name="alt")
    assert client.get("/a/").data == b"bp.index"
    assert client.get("/b/").data == b"alt.index"
    assert client.get("/a/a/").data == b"bp.sub.index2"
    assert client.get("/b/a/").data == b"alt.sub.index2"
    assert client.get("/a/error").data == b"Error"
    assert client.get("/b/error").data == b"Error"
