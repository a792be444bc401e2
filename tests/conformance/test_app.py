"""The ``Flask`` application object: constructor, registries, config basics,
the setup guard and the WSGI entry points."""

from __future__ import annotations

import typing as t

import pytest
from wsgi_support import call_wsgi, wsgi_environ

pytestmark = pytest.mark.api("Flask")

HERE = __file__.rsplit("/", 1)[0]


def _rules(app: t.Any) -> dict[str, t.Any]:
    return {rule.rule: rule for rule in app.url_map.iter_rules()}


# -- constructor and identity ---------------------------------------------


def test_import_name_and_name(impl: t.Any) -> None:
    app = impl.Flask("my_package.app_module", root_path=HERE)
    assert app.import_name == "my_package.app_module"
    assert app.name == "my_package.app_module"


def test_root_path_argument(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path="/srv/some_app")
    assert app.root_path == "/srv/some_app"


def test_config_defaults(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE)
    assert app.config["DEBUG"] is False
    assert app.config["TESTING"] is False
    assert app.config["SERVER_NAME"] is None
    assert app.config["APPLICATION_ROOT"] == "/"
    assert app.config["PREFERRED_URL_SCHEME"] == "http"
    assert app.config["PROPAGATE_EXCEPTIONS"] is None
    assert app.testing is False
    assert app.debug is False


def test_testing_attribute_mirrors_config(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE)
    app.testing = True
    assert app.config["TESTING"] is True
    app.config["TESTING"] = False
    assert app.testing is False


def test_debug_attribute_mirrors_config(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE)
    app.debug = True
    assert app.config["DEBUG"] is True
    app.config["DEBUG"] = False
    assert app.debug is False


def test_config_is_a_dict(app: t.Any) -> None:
    app.config["MY_SETTING"] = 42
    assert isinstance(app.config, dict)
    assert app.config.get("MY_SETTING") == 42
    assert app.config["SECRET_KEY"] == "test key"


# -- static folder / url path ---------------------------------------------


def test_default_static_rule(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE)
    rule = _rules(app)["/static/<path:filename>"]
    assert rule.endpoint == "static"
    assert app.static_url_path == "/static"
    assert app.static_folder == HERE + "/static"


def test_custom_static_url_path(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE, static_url_path="/assets")
    assert app.static_url_path == "/assets"
    assert _rules(app)["/assets/<path:filename>"].endpoint == "static"
    assert "/static/<path:filename>" not in _rules(app)


def test_static_url_path_follows_static_folder_name(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE, static_folder="public")
    assert app.static_url_path == "/public"
    assert app.static_folder == HERE + "/public"
    assert _rules(app)["/public/<path:filename>"].endpoint == "static"


def test_no_static_folder_no_static_rule(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE, static_folder=None)
    assert "static" not in app.view_functions
    assert list(app.url_map.iter_rules()) == []


def test_template_folder_argument(impl: t.Any) -> None:
    app = impl.Flask("some_app", root_path=HERE, template_folder="tmpl")
    assert app.template_folder == "tmpl"


# -- registering views ------------------------------------------------------


def test_route_registers_view_function(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "hello"

    assert app.view_functions["index"] is index
    assert client.get("/").data == b"hello"


def test_route_decorator_returns_the_function(app: t.Any) -> None:
    def index() -> str:
        return "hello"

    assert app.route("/")(index) is index


def test_endpoint_defaults_to_function_name(app: t.Any) -> None:
    @app.route("/some/path")
    def my_view() -> str:
        return ""

    assert _rules(app)["/some/path"].endpoint == "my_view"


def test_route_explicit_endpoint(app: t.Any, client: t.Any) -> None:
    @app.route("/x", endpoint="custom")
    def my_view() -> str:
        return "x"

    assert "my_view" not in app.view_functions
    assert app.view_functions["custom"] is my_view
    assert client.get("/x").data == b"x"


def test_add_url_rule_with_view_func(app: t.Any, client: t.Any) -> None:
    def show() -> str:
        return "shown"

    app.add_url_rule("/show", view_func=show)
    app.add_url_rule("/other", "other_name", show)
    assert app.view_functions["show"] is show
    assert app.view_functions["other_name"] is show
    assert client.get("/show").data == b"shown"
    assert client.get("/other").data == b"shown"


def test_add_url_rule_then_endpoint_decorator(app: t.Any, client: t.Any) -> None:
    app.add_url_rule("/late", "late")

    @app.endpoint("late")
    def late_view() -> str:
        return "bound later"

    assert app.view_functions["late"] is late_view
    assert client.get("/late").data == b"bound later"


def test_overwriting_endpoint_raises(app: t.Any) -> None:
    @app.route("/a")
    def x() -> str:
        return "a"

    def other() -> str:
        return "b"

    with pytest.raises(AssertionError) as exc_info:
        app.add_url_rule("/b", "x", other)
    assert str(exc_info.value) == (
        "View function mapping is overwriting an existing endpoint function: x"
    )


def test_same_function_on_two_rules_is_allowed(app: t.Any, client: t.Any) -> None:
    @app.route("/one")
    @app.route("/two")
    def both() -> str:
        return "both"

    assert client.get("/one").data == b"both"
    assert client.get("/two").data == b"both"
    assert {r.rule for r in app.url_map.iter_rules() if r.endpoint == "both"} == {
        "/one",
        "/two",
    }


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_method_shortcuts(app: t.Any, client: t.Any, method: str) -> None:
    @getattr(app, method)("/m")
    def view() -> str:
        return method

    rule = _rules(app)["/m"]
    assert method.upper() in rule.methods
    rv = client.open("/m", method=method.upper())
    assert rv.status_code == 200
    assert rv.data == method.encode()
    other = "PUT" if method != "put" else "POST"
    assert client.open("/m", method=other).status_code == 405


def test_method_shortcut_rejects_methods_argument(app: t.Any) -> None:
    with pytest.raises(TypeError) as exc_info:
        app.get("/x", methods=["POST"])
    assert "route" in str(exc_info.value)
    assert "methods" in str(exc_info.value)


def test_methods_as_string_raises(app: t.Any) -> None:
    def view() -> str:
        return ""

    with pytest.raises(TypeError):
        app.add_url_rule("/x", "x", view, methods="POST")


# -- url_map ----------------------------------------------------------------


def test_url_map_rule_attributes(app: t.Any) -> None:
    @app.route("/item/<int:item_id>/<name>", methods=["GET", "POST"])
    def item(item_id: int, name: str) -> str:
        return ""

    rule = _rules(app)["/item/<int:item_id>/<name>"]
    assert rule.endpoint == "item"
    assert rule.methods == {"GET", "HEAD", "OPTIONS", "POST"}
    assert rule.arguments == {"item_id", "name"}
    assert rule.defaults is None


def test_url_map_rule_defaults_attribute(app: t.Any) -> None:
    @app.route("/list/", defaults={"page": 1})
    def listing(page: int) -> str:
        return ""

    rule = _rules(app)["/list/"]
    assert rule.defaults == {"page": 1}
    assert rule.arguments == {"page"}


def test_rule_methods_without_get_have_no_head(app: t.Any) -> None:
    @app.route("/p", methods=["POST"])
    def p() -> str:
        return ""

    assert _rules(app)["/p"].methods == {"POST", "OPTIONS"}


def test_methods_are_case_insensitive(app: t.Any, client: t.Any) -> None:
    @app.route("/lower", methods=["post", "put"])
    def lower() -> str:
        return "ok"

    assert _rules(app)["/lower"].methods == {"POST", "PUT", "OPTIONS"}
    assert client.post("/lower").data == b"ok"
    assert client.get("/lower").status_code == 405


def test_url_map_converters_and_strict_slashes(impl: t.Any, app: t.Any) -> None:
    converters = app.url_map.converters
    for name in ("default", "string", "any", "path", "int", "float", "uuid"):
        assert issubclass(converters[name], impl.werkzeug.routing.BaseConverter)
    assert app.url_map.strict_slashes is True


def test_view_functions_is_a_dict(app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return ""

    assert isinstance(app.view_functions, dict)
    assert set(app.view_functions) == {"static", "index"}


# -- provide_automatic_options ---------------------------------------------


def test_provide_automatic_options_false(app: t.Any, client: t.Any) -> None:
    def view() -> str:
        return "v"

    app.add_url_rule("/no-opts", "no_opts", view, provide_automatic_options=False)
    assert _rules(app)["/no-opts"].methods == {"GET", "HEAD"}
    rv = client.options("/no-opts")
    assert rv.status_code == 405
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD"}


def test_provide_automatic_options_false_view_handles_options(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    def view() -> str:
        return f"handled {impl.request.method}"

    app.add_url_rule(
        "/own", "own", view, methods=["GET", "OPTIONS"], provide_automatic_options=False
    )
    rv = client.options("/own")
    assert rv.status_code == 200
    assert rv.data == b"handled OPTIONS"
    assert "Allow" not in rv.headers


# -- setup guard --------------------------------------------------------------


def test_setupmethod_guard_after_first_request(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "x"

    client.get("/")

    def late() -> str:
        return ""

    with pytest.raises(AssertionError) as exc_info:
        app.add_url_rule("/late", "late", late)
    message = str(exc_info.value)
    assert "add_url_rule" in message
    assert "already handled its first request" in message
    with pytest.raises(AssertionError):
        app.route("/later")
    with pytest.raises(AssertionError):
        app.before_request(lambda: None)


def test_setup_guard_not_triggered_by_contexts(app: t.Any) -> None:
    with app.test_request_context("/"):
        pass
    with app.app_context():
        pass

    @app.route("/fine")
    def fine() -> str:
        return ""

    assert "fine" in app.view_functions


# -- WSGI -------------------------------------------------------------------


def test_app_is_a_wsgi_callable(app: t.Any) -> None:
    @app.route("/hello")
    def hello() -> str:
        return "Hello!"

    rv = call_wsgi(app, wsgi_environ("/hello"))
    assert rv.status == "200 OK"
    assert rv.header("Content-Type") == "text/html; charset=utf-8"
    assert rv.header("Content-Length") == "6"
    assert rv.body == b"Hello!"


def test_wsgi_app_can_be_wrapped_by_middleware(app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    @app.route("/")
    def index() -> str:
        return "inner"

    class Middleware:
        def __init__(self, wsgi_app: t.Any) -> None:
            self.wsgi_app = wsgi_app

        def __call__(self, environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
            calls.append(environ["PATH_INFO"])

            def patched_start(
                status: str, headers: list[tuple[str, str]], *args: t.Any
            ) -> t.Any:
                return start_response(
                    status, [*headers, ("X-Middleware", "yes")], *args
                )

            return self.wsgi_app(environ, patched_start)

    app.wsgi_app = Middleware(app.wsgi_app)
    rv = client.get("/")
    assert calls == ["/"]
    assert rv.data == b"inner"
    assert rv.headers["X-Middleware"] == "yes"


def test_middleware_can_rewrite_environ(app: t.Any, client: t.Any) -> None:
    @app.route("/real")
    def real() -> str:
        return "real view"

    inner = app.wsgi_app

    def rewrite(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        if environ["PATH_INFO"] == "/alias":
            environ["PATH_INFO"] = "/real"
        return inner(environ, start_response)

    app.wsgi_app = rewrite
    assert client.get("/alias").data == b"real view"
