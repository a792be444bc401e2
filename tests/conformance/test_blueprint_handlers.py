"""Conformance: what a blueprint registers on the app - blueprint-scoped and
app-wide error handlers, request hooks and URL processors, static files,
resources, templates, template filters/tests/globals and context processors."""

from __future__ import annotations

import typing as t
from datetime import timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.api("Blueprint")


def _cache_control(response: t.Any) -> set[str]:
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


# -- error handlers -------------------------------------------------------------


def test_specific_error_handling(impl: t.Any, app: t.Any, client: t.Any) -> None:
    frontend = impl.Blueprint("frontend", __name__)
    backend = impl.Blueprint("backend", __name__)
    sideend = impl.Blueprint("sideend", __name__)

    @frontend.errorhandler(403)
    def frontend_forbidden(e: Exception) -> tuple[str, int]:
        return "frontend says no", 403

    @frontend.route("/frontend-no")
    def frontend_no() -> str:
        impl.abort(403)

    @backend.errorhandler(403)
    def backend_forbidden(e: Exception) -> tuple[str, int]:
        return "backend says no", 403

    @backend.route("/backend-no")
    def backend_no() -> str:
        impl.abort(403)

    @sideend.route("/what-is-a-sideend")
    def sideend_no() -> str:
        impl.abort(403)

    app.register_blueprint(frontend)
    app.register_blueprint(backend)
    app.register_blueprint(sideend)

    @app.errorhandler(403)
    def app_forbidden(e: Exception) -> tuple[str, int]:
        return "application itself says no", 403

    assert client.get("/frontend-no").data == b"frontend says no"
    assert client.get("/backend-no").data == b"backend says no"
    assert client.get("/what-is-a-sideend").data == b"application itself says no"


def test_specific_user_error_handling(impl: t.Any, app: t.Any, client: t.Any) -> None:
    class MyDecoratorException(Exception):
        pass

    class MyFunctionException(Exception):
        pass

    blue = impl.Blueprint("blue", __name__)

    @blue.errorhandler(MyDecoratorException)
    def my_decorator_exception_handler(e: Exception) -> str:
        assert isinstance(e, MyDecoratorException)
        return "boom"

    def my_function_exception_handler(e: Exception) -> str:
        assert isinstance(e, MyFunctionException)
        return "bam"

    blue.register_error_handler(MyFunctionException, my_function_exception_handler)

    @blue.route("/decorator")
    def blue_deco_test() -> str:
        raise MyDecoratorException()

    @blue.route("/function")
    def blue_func_test() -> str:
        raise MyFunctionException()

    app.register_blueprint(blue)
    assert client.get("/decorator").data == b"boom"
    assert client.get("/function").data == b"bam"


def test_app_error_handling(impl: t.Any, app: t.Any, client: t.Any) -> None:
    errors = impl.Blueprint("errors", __name__)

    @errors.app_errorhandler(403)
    def forbidden_handler(e: Exception) -> tuple[str, int]:
        return "you shall not pass", 403

    @app.route("/forbidden")
    def app_forbidden() -> str:
        impl.abort(403)

    forbidden_bp = impl.Blueprint("forbidden_bp", __name__)

    @forbidden_bp.route("/nope")
    def bp_forbidden() -> str:
        impl.abort(403)

    app.register_blueprint(errors)
    app.register_blueprint(forbidden_bp)
    assert client.get("/forbidden").data == b"you shall not pass"
    assert client.get("/nope").data == b"you shall not pass"
    assert app.error_handler_spec[None][403]


def test_default_error_handler(impl: t.Any, app: t.Any, client: t.Any) -> None:
    exc = impl.werkzeug.exceptions
    bp = impl.Blueprint("bp", __name__)

    @bp.errorhandler(exc.HTTPException)
    def bp_exception_handler(e: Exception) -> str:
        assert isinstance(e, exc.NotFound)
        return "bp-default"

    @bp.errorhandler(exc.Forbidden)
    def bp_forbidden_handler(e: Exception) -> str:
        return "bp-forbidden"

    @bp.route("/undefined")
    def bp_registered_test() -> str:
        raise exc.NotFound()

    @bp.route("/forbidden")
    def bp_forbidden_test() -> str:
        raise exc.Forbidden()

    @app.errorhandler(exc.HTTPException)
    def catchall_exception_handler(e: Exception) -> str:
        assert isinstance(e, exc.NotFound)
        return "default"

    @app.errorhandler(exc.Forbidden)
    def catchall_forbidden_handler(e: Exception) -> str:
        return "forbidden"

    @app.route("/forbidden")
    def forbidden() -> str:
        raise exc.Forbidden()

    @app.route("/slash/")
    def slash() -> str:
        return "slash"

    app.register_blueprint(bp, url_prefix="/bp")
    assert client.get("/bp/undefined").data == b"bp-default"
    assert client.get("/bp/forbidden").data == b"bp-forbidden"
    assert client.get("/undefined").data == b"default"
    assert client.get("/forbidden").data == b"forbidden"
    # The slash redirect is a routing exception: no handler sees it.
    assert client.get("/slash", follow_redirects=True).data == b"slash"
    # A 404 of an unknown URL under the prefix is not the blueprint's.
    assert client.get("/bp/nothing").data == b"default"


def test_error_handler_spec_merged_under_name(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    def handler(e: Exception) -> str:
        return ""

    bp.register_error_handler(404, handler)
    bp.register_error_handler(KeyError, handler)
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="two")
    for name in ("bp", "two"):
        assert (
            app.error_handler_spec[name][404][impl.werkzeug.exceptions.NotFound]
            is handler
        )
        assert app.error_handler_spec[name][None][KeyError] is handler
    assert app.error_handler_spec[None] == {}


# -- hooks and URL processors ---------------------------------------------------


def test_request_processing(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    evts: list[str] = []

    @bp.before_request
    def before_bp() -> None:
        evts.append("before")

    @bp.after_request
    def after_bp(response: t.Any) -> t.Any:
        response.data += b"|after"
        evts.append("after")
        return response

    @bp.teardown_request
    def teardown_bp(exc: BaseException | None) -> None:
        evts.append("teardown")

    @bp.route("/bp")
    def bp_endpoint() -> str:
        return "request"

    @app.route("/app")
    def app_endpoint() -> str:
        return "app"

    app.register_blueprint(bp)
    assert evts == []
    assert client.get("/bp").data == b"request|after"
    assert evts == ["before", "after", "teardown"]
    assert client.get("/app").data == b"app"
    assert evts == ["before", "after", "teardown"]


def test_app_request_processing(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    evts: list[str] = []

    @bp.before_app_request
    def before_app() -> None:
        evts.append("before")

    @bp.after_app_request
    def after_app(response: t.Any) -> t.Any:
        response.data += b"|after"
        evts.append("after")
        return response

    @bp.teardown_app_request
    def teardown_app(exc: BaseException | None) -> None:
        evts.append("teardown")

    app.register_blueprint(bp)
    app.register_blueprint(bp, name="again")  # record_once: not twice

    @app.route("/")
    def bp_endpoint() -> str:
        return "request"

    assert client.get("/").data == b"request|after"
    assert evts == ["before", "after", "teardown"]
    assert client.get("/nowhere").status_code == 404
    assert evts == ["before", "after", "teardown"] * 2


def test_hook_decorators_return_the_function(impl: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    def f(*args: t.Any) -> None:
        return None

    for name in (
        "before_request",
        "after_request",
        "teardown_request",
        "context_processor",
        "url_value_preprocessor",
        "url_defaults",
        "before_app_request",
        "after_app_request",
        "teardown_app_request",
        "app_context_processor",
        "app_url_value_preprocessor",
        "app_url_defaults",
    ):
        assert getattr(bp, name)(f) is f, name
    assert bp.errorhandler(500)(f) is f
    assert bp.app_errorhandler(500)(f) is f
    assert bp.app_template_filter()(f) is f
    assert bp.app_template_test("t")(f) is f
    assert bp.app_template_global()(f) is f


def test_url_processors(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("frontend", __name__, url_prefix="/<lang_code>")

    @bp.url_defaults
    def add_language_code(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang_code", impl.g.lang_code)

    @bp.url_value_preprocessor
    def pull_lang_code(endpoint: str | None, values: dict[str, t.Any]) -> None:
        impl.g.lang_code = values.pop("lang_code")

    @bp.route("/")
    def index() -> str:
        return impl.url_for(".about")

    @bp.route("/about")
    def about() -> str:
        return impl.url_for(".index")

    app.register_blueprint(bp)
    assert client.get("/de/").data == b"/de/about"
    assert client.get("/de/about").data == b"/de/"


def test_app_url_processors(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("test", __name__)

    @bp.app_url_defaults
    def add_language_code(endpoint: str, values: dict[str, t.Any]) -> None:
        values.setdefault("lang_code", impl.g.lang_code)

    @bp.app_url_value_preprocessor
    def pull_lang_code(endpoint: str | None, values: dict[str, t.Any]) -> None:
        impl.g.lang_code = values.pop("lang_code")

    @app.route("/<lang_code>/")
    def index() -> str:
        return impl.url_for("about")

    @app.route("/<lang_code>/about")
    def about() -> str:
        return impl.url_for("index")

    app.register_blueprint(bp)
    assert client.get("/de/").data == b"/de/about"
    assert client.get("/de/about").data == b"/de/"


def test_relative_and_dotted_url_for(impl: t.Any, app: t.Any, client: t.Any) -> None:
    test = impl.Blueprint("test", __name__)
    other = impl.Blueprint("other", __name__, url_prefix="/o")

    @app.route("/")
    def app_index() -> str:
        return impl.url_for("test.index")

    @test.route("/test/")
    def index() -> str:
        return impl.url_for("app_index")

    @test.route("/rel")
    def rel() -> str:
        return impl.url_for(".index") + " " + impl.url_for("other.page")

    @other.route("/page")
    def page() -> str:
        return impl.url_for(".page", _external=True)

    app.register_blueprint(test)
    app.register_blueprint(other)
    assert client.get("/").data == b"/test/"
    assert client.get("/test/").data == b"/"
    assert client.get("/rel").data == b"/test/ /o/page"
    assert client.get("/o/page").data == b"http://localhost/o/page"


def test_hooks_merged_under_name(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    def f(*args: t.Any) -> None:
        return None

    bp.before_request(f)
    bp.url_defaults(f)
    app.register_blueprint(bp)
    app.register_blueprint(bp, name="two")
    app.register_blueprint(bp, name="three")
    assert app.before_request_funcs["bp"] == [f]
    assert app.before_request_funcs["two"] == [f]
    assert app.url_default_functions["three"] == [f]
    assert app.before_request_funcs.get(None, []) == []


# -- static files and resources -------------------------------------------------


@pytest.fixture
def bp_root(tmp_path: Path) -> Path:
    """A blueprint folder: ``static/style.css``, ``templates/`` and a resource."""
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("p { color: blue }")
    (tmp_path / "resource.txt").write_text("héllo", encoding="utf-8")
    return tmp_path


@pytest.mark.api("Blueprint", "url_for")
def test_static_route(impl: t.Any, app: t.Any, client: t.Any, bp_root: Path) -> None:
    bp = impl.Blueprint(
        "admin", __name__, static_folder="static", root_path=str(bp_root)
    )
    app.register_blueprint(bp, url_prefix="/admin")
    response = client.get("/admin/static/style.css")
    assert response.status_code == 200
    assert response.data == b"p { color: blue }"
    assert response.mimetype == "text/css"
    assert _cache_control(response) == {"no-cache"}
    response.close()
    assert client.get("/admin/static/missing.css").status_code == 404
    with app.test_request_context():
        assert impl.url_for("admin.static", filename="style.css") == (
            "/admin/static/style.css"
        )
    (rule,) = app.url_map.iter_rules("admin.static")
    assert rule.rule == "/admin/static/<path:filename>"


def test_static_route_custom_url_path(
    impl: t.Any, app: t.Any, client: t.Any, bp_root: Path
) -> None:
    bp = impl.Blueprint(
        "admin",
        __name__,
        static_folder="static",
        static_url_path="/assets",
        root_path=str(bp_root),
    )
    app.register_blueprint(bp)
    response = client.get("/assets/style.css")
    assert response.data == b"p { color: blue }"
    response.close()


def test_static_without_prefix_is_shadowed_by_app(
    impl: t.Any, bp_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    app_root = tmp_path_factory.mktemp("app")
    (app_root / "static").mkdir()
    (app_root / "static" / "style.css").write_text("app")
    app = impl.Flask("app", root_path=str(app_root))
    bp = impl.Blueprint("bp", __name__, static_folder="static", root_path=str(bp_root))
    app.register_blueprint(bp)
    response = app.test_client().get("/static/style.css")
    assert response.data == b"app"
    response.close()


def test_static_max_age(impl: t.Any, app: t.Any, client: t.Any, bp_root: Path) -> None:
    bp = impl.Blueprint("bp", __name__, static_folder="static", root_path=str(bp_root))
    app.register_blueprint(bp, url_prefix="/bp")
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60
    response = client.get("/bp/static/style.css")
    assert _cache_control(response) == {"public", "max-age=60"}
    response.close()
    with app.app_context():
        assert bp.get_send_file_max_age("x") == 60
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = None
        assert bp.get_send_file_max_age("x") is None
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = timedelta(seconds=90)
        assert bp.get_send_file_max_age("x") == 90


def test_default_static_max_age_override(
    impl: t.Any, app: t.Any, bp_root: Path
) -> None:
    class MyBlueprint(impl.Blueprint):  # type: ignore[misc,name-defined]
        def get_send_file_max_age(self, filename: str | None) -> int:
            return 100

    bp = MyBlueprint("bp", __name__, static_folder="static", root_path=str(bp_root))
    app.register_blueprint(bp)
    with app.test_request_context():
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
        response = bp.send_static_file("style.css")
        assert _cache_control(response) == {"public", "max-age=100"}
        response.close()


def test_send_static_file_without_folder(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)
    with app.test_request_context(), pytest.raises(RuntimeError) as exc_info:
        bp.send_static_file("x")
    assert str(exc_info.value) == "'static_folder' must be set to serve static_files."


def test_open_resource(impl: t.Any, bp_root: Path) -> None:
    bp = impl.Blueprint("bp", __name__, root_path=str(bp_root))
    with bp.open_resource("resource.txt") as f:
        assert f.read() == "héllo".encode()
    for mode in ("r", "rt"):
        with bp.open_resource("resource.txt", mode) as f:
            assert f.read() == "héllo"
    with bp.open_resource("resource.txt", "r", encoding="latin-1") as f:
        assert f.read() == "hÃ©llo"
    for mode in ("w", "x", "a", "r+"):
        with pytest.raises(ValueError, match="^Resources can only be opened"):
            bp.open_resource("resource.txt", mode)


# -- templates -----------------------------------------------------------------


@pytest.mark.api("Blueprint", "render_template")
def test_templates(impl: t.Any, tmp_path: Path) -> None:
    app_root = tmp_path / "app"
    (app_root / "templates" / "admin").mkdir(parents=True)
    (app_root / "templates" / "admin" / "shadowed.html").write_text("app wins")
    bp_root = tmp_path / "bp"
    (bp_root / "templates" / "admin").mkdir(parents=True)
    (bp_root / "templates" / "admin" / "index.html").write_text(
        "{{ request.blueprint }}: {{ url_for('.index') }}"
    )
    (bp_root / "templates" / "admin" / "shadowed.html").write_text("bp loses")
    app = impl.Flask("app", root_path=str(app_root))
    bp = impl.Blueprint(
        "admin", __name__, template_folder="templates", root_path=str(bp_root)
    )

    @bp.route("/")
    def index() -> str:
        return impl.render_template("admin/index.html")

    @bp.route("/shadowed")
    def shadowed() -> str:
        return impl.render_template("admin/shadowed.html")

    app.register_blueprint(bp, url_prefix="/admin")
    client = app.test_client()
    assert client.get("/admin/").data == b"admin: /admin/"
    assert client.get("/admin/shadowed").data == b"app wins"
    assert sorted(app.jinja_env.list_templates()) == [
        "admin/index.html",
        "admin/shadowed.html",
    ]


@pytest.mark.api("Blueprint", "render_template_string")
def test_app_template_filter_test_global(impl: t.Any, app: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    @bp.app_template_filter()
    def my_reverse(s: str) -> str:
        return s[::-1]

    @bp.app_template_filter("shout")
    def upper(s: str) -> str:
        return s.upper()

    @bp.app_template_test()
    def is_boolean(value: t.Any) -> bool:
        return isinstance(value, bool)

    @bp.app_template_global("answer")
    def get_answer() -> int:
        return 42

    bp.add_app_template_filter(lambda s: s * 2, "double")
    bp.add_app_template_test(lambda v: v == 0, "zero")
    bp.add_app_template_global(len)
    app.register_blueprint(bp, url_prefix="/py")
    assert app.jinja_env.filters["my_reverse"] is my_reverse
    assert app.jinja_env.filters["shout"] is upper
    assert app.jinja_env.tests["is_boolean"] is is_boolean
    assert app.jinja_env.globals["answer"] is get_answer
    assert app.jinja_env.globals["len"] is len
    with app.test_request_context():
        rv = impl.render_template_string(
            "{{ 'abc'|my_reverse }} {{ 'x'|shout }} {{ 'ab'|double }}"
            " {{ true is is_boolean }} {{ 0 is zero }} {{ answer() }} {{ len('ab') }}"
        )
    assert rv == "cba X abab True True 42 2"


@pytest.mark.api("Blueprint", "render_template_string")
def test_context_processors(impl: t.Any, app: t.Any, client: t.Any) -> None:
    answer_bp = impl.Blueprint("answer_bp", __name__)
    template_string = "{{ app_answer }} {{ bp_answer|default('-') }}"

    @answer_bp.app_context_processor
    def app_context_processor() -> dict[str, t.Any]:
        return {"app_answer": 42}

    @answer_bp.context_processor
    def bp_context_processor() -> dict[str, t.Any]:
        return {"bp_answer": "yes"}

    @answer_bp.route("/bp")
    def bp_page() -> str:
        return impl.render_template_string(template_string)

    @app.route("/")
    def app_page() -> str:
        return impl.render_template_string(template_string)

    app.register_blueprint(answer_bp)
    assert client.get("/").data == b"42 -"
    assert client.get("/bp").data == b"42 yes"
