"""``url_for``: building URLs in request and app contexts, query arguments, the
``_external``/``_scheme``/``_anchor``/``_method`` options, errors and hooks."""

from __future__ import annotations

import typing as t
import uuid

import pytest

pytestmark = pytest.mark.api("Flask", "url_for")


@pytest.fixture
def routed(app: t.Any) -> t.Any:
    """An app with a few named routes."""

    @app.route("/")
    def index() -> str:
        return "index"

    @app.route("/about")
    def about() -> str:
        return "about"

    @app.route("/user/<name>")
    def user(name: str) -> str:
        return name

    @app.route("/post/<int:post_id>")
    def post(post_id: int) -> str:
        return str(post_id)

    @app.route("/files/<path:filename>")
    def files(filename: str) -> str:
        return filename

    return app


# -- basic building -----------------------------------------------------------


def test_url_for_in_test_request_context(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("index") == "/"
        assert impl.url_for("about") == "/about"
        assert impl.url_for("user", name="alice") == "/user/alice"
        assert impl.url_for("post", post_id=3) == "/post/3"


def test_url_for_inside_a_request(impl: t.Any, routed: t.Any) -> None:
    @routed.route("/links")
    def links() -> str:
        return impl.url_for("user", name="bob") + " " + impl.url_for("about")

    assert routed.test_client().get("/links").data == b"/user/bob /about"


def test_app_url_for_method(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert routed.url_for("user", name="x") == "/user/x"


def test_unknown_values_become_query_args(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("user", name="a", page=2) == "/user/a?page=2"
        assert impl.url_for("about", q="search") == "/about?q=search"


def test_none_values_are_skipped(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("about", a=None, b="1") == "/about?b=1"


def test_list_values_are_repeated(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("about", tag=["x", "y"]) == "/about?tag=x&tag=y"


def test_query_args_are_quoted(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("about", q="a&b c=d") == "/about?q=a%26b+c%3Dd"
        assert impl.url_for("about", q="ö#") == "/about?q=%C3%B6%23"
        assert impl.url_for("about", next="/x?y") == "/about?next=/x?y"


def test_path_values_are_quoted(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("user", name="John Doe") == "/user/John%20Doe"
        assert impl.url_for("user", name="Jörg") == "/user/J%C3%B6rg"
        assert impl.url_for("user", name="a?b#c%d") == "/user/a%3Fb%23c%25d"


def test_path_converter_keeps_slashes(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("files", filename="a/b c.txt") == "/files/a/b%20c.txt"


def test_int_value_built_from_int(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("post", post_id=42) == "/post/42"


def test_uuid_value_built(impl: t.Any, app: t.Any) -> None:
    @app.route("/u/<uuid:ident>")
    def by_uuid(ident: uuid.UUID) -> str:
        return str(ident)

    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    with app.test_request_context():
        assert impl.url_for("by_uuid", ident=value) == f"/u/{value}"


def test_float_and_any_values_built(impl: t.Any, app: t.Any) -> None:
    @app.route("/f/<float:x>/<any(a, b):kind>")
    def fl(x: float, kind: str) -> str:
        return ""

    with app.test_request_context():
        assert impl.url_for("fl", x=1.5, kind="b") == "/f/1.5/b"


def test_custom_converter_to_url(impl: t.Any, app: t.Any) -> None:
    class ListConverter(impl.werkzeug.routing.BaseConverter):  # type: ignore[name-defined,misc]
        regex = r"[^/]+"

        def to_python(self, value: str) -> list[str]:
            return value.split("+")

        def to_url(self, value: list[str]) -> str:
            quote = super().to_url
            return "+".join(quote(v) for v in value)

    app.url_map.converters["plus"] = ListConverter

    @app.route("/tags/<plus:tags>")
    def tags(tags: list[str]) -> str:
        return ",".join(tags)

    with app.test_request_context():
        assert impl.url_for("tags", tags=["a", "b c"]) == "/tags/a+b%20c"
    assert app.test_client().get("/tags/a+b").data == b"a,b"


def test_relative_endpoint_outside_blueprint(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for(".about") == "/about"


def test_url_for_static(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        assert impl.url_for("static", filename="css/site.css") == "/static/css/site.css"


def test_url_for_with_rule_defaults(impl: t.Any, app: t.Any) -> None:
    @app.route("/users/", defaults={"page": 1})
    @app.route("/users/page/<int:page>")
    def users(page: int) -> str:
        return str(page)

    with app.test_request_context():
        assert impl.url_for("users") == "/users/"
        assert impl.url_for("users", page=1) == "/users/"
        assert impl.url_for("users", page=2) == "/users/page/2"


# -- _external, _scheme, _anchor, _method --------------------------------------


def test_external_in_request(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("about", _external=True) == "http://localhost/about"
    with routed.test_request_context(base_url="https://example.org:8443"):
        assert impl.url_for("about", _external=True) == "https://example.org:8443/about"


def test_external_uses_request_host(impl: t.Any, routed: t.Any) -> None:
    @routed.route("/abs")
    def absolute() -> str:
        return impl.url_for("user", name="z", _external=True)

    rv = routed.test_client().get("/abs", headers={"Host": "shop.example.com"})
    assert rv.data == b"http://shop.example.com/user/z"


def test_scheme_with_external(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert (
            impl.url_for("about", _scheme="https", _external=True)
            == "https://localhost/about"
        )


def test_scheme_alone_implies_external_in_request(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("about", _scheme="https") == "https://localhost/about"


def test_scheme_without_external_raises(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context(), pytest.raises(ValueError) as exc_info:
        impl.url_for("about", _scheme="https", _external=False)
    assert str(exc_info.value) == "When specifying '_scheme', '_external' must be True."


def test_anchor(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("about", _anchor="top") == "/about#top"
        assert impl.url_for("about", _anchor="a b") == "/about#a%20b"
        assert impl.url_for("about", q="1", _anchor="s/ö") == "/about?q=1#s/%C3%B6"


def test_method_selects_rule(impl: t.Any, app: t.Any) -> None:
    def view() -> str:
        return ""

    app.add_url_rule("/read", "item", view, methods=["GET"])
    app.add_url_rule("/write", "item", view, methods=["POST"])
    with app.test_request_context():
        assert impl.url_for("item", _method="GET") == "/read"
        assert impl.url_for("item", _method="POST") == "/write"
        assert impl.url_for("item") == "/read"


# -- app context, SERVER_NAME -------------------------------------------------


def test_app_context_with_server_name(impl: t.Any, routed: t.Any) -> None:
    routed.config.update(
        SERVER_NAME="example.com",
        APPLICATION_ROOT="/root",
        PREFERRED_URL_SCHEME="https",
    )
    with routed.app_context():
        assert impl.url_for("user", name="x") == "https://example.com/root/user/x"
        assert impl.url_for("user", name="x", _external=False) == "/root/user/x"
        assert impl.url_for("index") == "https://example.com/root/"


def test_app_context_server_name_defaults(impl: t.Any, routed: t.Any) -> None:
    routed.config["SERVER_NAME"] = "localhost:5000"
    with routed.app_context():
        assert impl.url_for("about") == "http://localhost:5000/about"


def test_app_context_without_server_name_raises(impl: t.Any, routed: t.Any) -> None:
    with routed.app_context(), pytest.raises(RuntimeError) as exc_info:
        impl.url_for("about")
    message = str(exc_info.value)
    assert "Unable to build URLs outside an active request" in message
    assert "SERVER_NAME" in message


def test_url_for_without_any_context_raises(impl: t.Any, routed: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.url_for("about")
    assert "Working outside of application context." in str(exc_info.value)


def test_script_name_prefix_in_test_request_context(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context(base_url="http://x/app/"):
        assert impl.url_for("about") == "/app/about"
        assert impl.url_for("index") == "/app/"
        assert impl.url_for("about", _external=True) == "http://x/app/about"


def test_script_name_prefix_in_request(impl: t.Any, routed: t.Any) -> None:
    @routed.route("/here")
    def here() -> str:
        return impl.url_for("here") + " " + impl.request.script_root

    rv = routed.test_client().get("/here", base_url="http://localhost/mount/")
    assert rv.data == b"/mount/here /mount"


# -- build errors ---------------------------------------------------------------


@pytest.mark.api("routing.BuildError")
def test_unknown_endpoint_raises_build_error(impl: t.Any, routed: t.Any) -> None:
    with (
        routed.test_request_context(),
        pytest.raises(impl.werkzeug.routing.BuildError) as exc_info,
    ):
        impl.url_for("does_not_exist")
    assert exc_info.value.endpoint == "does_not_exist"
    assert isinstance(exc_info.value, LookupError)


@pytest.mark.api("routing.BuildError")
def test_missing_argument_raises_build_error(impl: t.Any, routed: t.Any) -> None:
    with (
        routed.test_request_context(),
        pytest.raises(impl.werkzeug.routing.BuildError) as exc_info,
    ):
        impl.url_for("user")
    assert exc_info.value.endpoint == "user"


@pytest.mark.api("routing.BuildError")
def test_url_build_error_handlers_fallback(impl: t.Any, routed: t.Any) -> None:
    seen: list[tuple[t.Any, str, dict[str, t.Any]]] = []

    def fallback(error: t.Any, endpoint: str, values: dict[str, t.Any]) -> str | None:
        seen.append((error, endpoint, values))
        if endpoint == "legacy":
            return "/legacy-fallback"
        return None

    routed.url_build_error_handlers.append(fallback)
    with routed.test_request_context():
        assert impl.url_for("legacy", x=1) == "/legacy-fallback"
        with pytest.raises(impl.werkzeug.routing.BuildError):
            impl.url_for("other")
    error, endpoint, values = seen[0]
    assert isinstance(error, impl.werkzeug.routing.BuildError)
    assert endpoint == "legacy"
    assert values["x"] == 1


def test_handle_url_build_error_override(impl: t.Any, routed: t.Any) -> None:
    def handle(error: t.Any, endpoint: str, values: dict[str, t.Any]) -> str:
        return f"/missing/{endpoint}"

    routed.handle_url_build_error = handle
    with routed.test_request_context():
        assert impl.url_for("nowhere") == "/missing/nowhere"


# -- url_defaults / url_value_preprocessor ----------------------------------


def test_url_defaults_fills_values(impl: t.Any, app: t.Any) -> None:
    @app.route("/<lang>/page")
    def page(lang: str) -> str:
        return lang

    @app.url_defaults
    def add_lang(endpoint: str, values: dict[str, t.Any]) -> None:
        if endpoint == "page":
            values.setdefault("lang", "en")

    with app.test_request_context():
        assert impl.url_for("page") == "/en/page"
        assert impl.url_for("page", lang="fr") == "/fr/page"


def test_lang_code_pattern(impl: t.Any, app: t.Any) -> None:
    """The URL processors example from Flask's docs."""

    @app.url_defaults
    def add_language_code(endpoint: str, values: dict[str, t.Any]) -> None:
        if "lang_code" in values or not impl.g.lang_code:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            values["lang_code"] = impl.g.lang_code

    @app.url_value_preprocessor
    def pull_lang_code(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        impl.g.lang_code = values.pop("lang_code", None) if values else None

    @app.route("/<lang_code>/")
    def index() -> str:
        return f"index {impl.g.lang_code} -> {impl.url_for('about')}"

    @app.route("/<lang_code>/about")
    def about() -> str:
        return f"about {impl.g.lang_code} -> {impl.url_for('plain')}"

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    client = app.test_client()
    assert client.get("/de/").data == b"index de -> /de/about"
    assert client.get("/fr/about").data == b"about fr -> /plain"


@pytest.mark.api("url_for")
def test_rule_of_another_subdomain_builds_an_external_url(
    impl: t.Any, app: t.Any
) -> None:
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/a", subdomain="api")
    def a() -> str:
        return ""

    @app.route("/b")
    def b() -> str:
        return ""

    with app.test_request_context():
        assert impl.url_for("a") == "http://api.example.test/a"
        assert impl.url_for("b") == "/b"
        assert impl.url_for("a", _scheme="https") == "https://api.example.test/a"
    with app.app_context():
        assert impl.url_for("a") == "http://api.example.test/a"
        assert impl.url_for("b") == "http://example.test/b"
    # Without subdomain matching, the api rule never matches.
    assert app.test_client().get("/a").status_code == 404


def test_overridden_inject_url_defaults_is_called(impl: t.Any) -> None:
    class App(impl.Flask):  # type: ignore[misc, name-defined]
        def inject_url_defaults(self, endpoint: str, values: dict[str, t.Any]) -> None:
            values.setdefault("lang", "en")

    app = App("conformance_app", static_folder=None)

    @app.route("/<lang>/")
    def index(lang: str) -> str:
        return impl.url_for("index")

    @app.route("/plain")
    def plain() -> str:
        return impl.url_for("plain")

    client = app.test_client()
    assert client.get("/fr/").text == "/en/"
    assert client.get("/plain").text == "/plain?lang=en"


def test_url_for_falls_back_from_the_short_path(impl: t.Any, routed: t.Any) -> None:
    with routed.test_request_context():
        assert impl.url_for("post", post_id=3, page=None) == "/post/3"
        assert impl.url_for("post", post_id=3, q="a b") == "/post/3?q=a+b"
        assert impl.url_for("user", name="/lead") == "/user//lead"
        with pytest.raises(impl.werkzeug.routing.BuildError):
            impl.url_for("post")
        with pytest.raises(ValueError):
            impl.url_for("post", post_id="x")
