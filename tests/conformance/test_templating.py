"""Templates: the Jinja environment bound to the app, autoescaping, the
loaders of the app and its blueprints, the standard context, context
processors, filters/tests/globals, ``|tojson``, macros and streaming.

The template files live in ``tests/conformance/templates`` (the ``app``
fixture's template folder); ``templates/bp`` is a blueprint's folder.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import logging
import os
import typing as t
import uuid

import jinja2
import pytest
from markupsafe import Markup

HERE = os.path.dirname(__file__)
TEMPLATES = os.path.join(HERE, "templates")
TEXT = "<b>&'\""
ESCAPED = "&lt;b&gt;&amp;&#39;&#34;"


@pytest.mark.api("render_template", "Flask.select_jinja_autoescape")
@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("autoescape.html", True),
        ("autoescape.htm", True),
        ("autoescape.xml", True),
        ("autoescape.xhtml", True),
        ("autoescape.svg", True),
        ("autoescape.txt", False),
    ],
)
def test_autoescape_by_extension(
    impl: t.Any, app: t.Any, app_ctx: t.Any, name: str, escaped: bool
) -> None:
    rv = impl.render_template(name, text=TEXT, markup=Markup("<i>"))
    assert rv == f"{ESCAPED if escaped else TEXT}|<i>"
    assert app.select_jinja_autoescape(name) is escaped


@pytest.mark.api("Flask.select_jinja_autoescape")
def test_select_jinja_autoescape_without_name(app: t.Any) -> None:
    assert app.select_jinja_autoescape(None) is True
    assert app.select_jinja_autoescape("page.jinja") is False


@pytest.mark.api("render_template_string")
def test_render_template_string_autoescapes(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.render_template_string(
        "{{ text }}|{{ markup }}|{{ text|safe }}", text=TEXT, markup=Markup("<i>")
    )
    assert rv == f"{ESCAPED}|<i>|{TEXT}"


@pytest.mark.api("render_template_string")
def test_autoescape_block_in_template_string(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.render_template_string(
        "{% autoescape false %}{{ text }}{% endautoescape %}", text=TEXT
    )
    assert rv == TEXT


@pytest.mark.api("render_template")
def test_markup_objects_in_templates(impl: t.Any, app_ctx: t.Any) -> None:
    value = Markup("<em>%s</em>") % TEXT
    rv = impl.render_template("autoescape.html", text=value, markup=Markup(""))
    assert rv == f"<em>{ESCAPED}</em>|"
    rv = impl.render_template_string("{{ value|e }}", value=Markup("<i>"))
    assert rv == "<i>"


@pytest.mark.api("render_template")
def test_render_template_list_takes_first_existing(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    rv = impl.render_template(
        ["missing.html", "autoescape.txt", "autoescape.html"], text=TEXT, markup=""
    )
    assert rv == f"{TEXT}|"
    template = app.jinja_env.from_string("given {{ text }}")
    assert impl.render_template(template, text="object") == "given object"
    assert impl.render_template(["missing.html", template], text="x") == "given x"


@pytest.mark.api("render_template", "stream_template")
def test_missing_template_raises_template_not_found(
    impl: t.Any, app_ctx: t.Any
) -> None:
    with pytest.raises(jinja2.TemplateNotFound) as exc_info:
        impl.render_template("missing.html")
    assert exc_info.value.name == "missing.html"
    with pytest.raises(jinja2.TemplatesNotFound) as many:
        impl.render_template(["missing.html", "other.html"])
    assert many.value.templates == ["missing.html", "other.html"]
    with pytest.raises(jinja2.TemplateNotFound):
        impl.stream_template("missing.html")


@pytest.mark.api("render_template")
def test_render_template_needs_an_app_context(impl: t.Any) -> None:
    with pytest.raises(RuntimeError, match="application context"):
        impl.render_template("autoescape.html")


@pytest.mark.api("render_template", "get_flashed_messages")
def test_standard_context(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/page")
    def page() -> str:
        impl.session["user"] = "ann"
        impl.g.name = "<gee>"
        impl.flash("hi <there>")
        return impl.render_template("context.html")

    rv = client.get("/page")
    assert rv.get_data(as_text=True) == (
        "/page|ann|&lt;gee&gt;|True|/page|[&#39;hi &lt;there&gt;&#39;]"
    )


@pytest.mark.api("render_template_string")
def test_standard_context_in_template_string(
    impl: t.Any, app: t.Any, req_ctx: t.Any
) -> None:
    impl.g.value = 1
    rv = impl.render_template_string(
        "{{ request.method }} {{ request.url }} {{ g.value }} {{ session|length }}"
        " {{ config.SECRET_KEY }}"
    )
    assert rv == "GET http://localhost/ 1 0 test key"


@pytest.mark.api("Flask.update_template_context")
def test_update_template_context(impl: t.Any, app: t.Any, req_ctx: t.Any) -> None:
    context: dict[str, t.Any] = {}
    app.update_template_context(context)
    assert set(context) == {"g", "request"}
    assert context["request"] is req_ctx.request
    assert context["g"] is impl.g._get_current_object()
    context = {"request": "mine"}
    app.update_template_context(context)
    assert context["request"] == "mine"


@pytest.mark.api("Flask.update_template_context")
def test_update_template_context_outside_request(app: t.Any, app_ctx: t.Any) -> None:
    context: dict[str, t.Any] = {}
    app.update_template_context(context)
    assert context == {"g": app_ctx.g}


@pytest.mark.api("Flask.update_template_context")
def test_default_context_processor_is_registered(app: t.Any) -> None:
    processors = app.template_context_processors[None]
    assert [f.__name__ for f in processors] == ["_default_template_ctx_processor"]


@pytest.mark.api("Flask.context_processor", "render_template_string")
def test_context_processor(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    @app.context_processor
    def inject() -> dict[str, t.Any]:
        return {"user": "ann", "site": "<site>"}

    @app.context_processor
    def later() -> dict[str, t.Any]:
        return {"user": "bob"}

    assert impl.render_template_string("{{ user }} {{ site }}") == "bob &lt;site&gt;"
    # Values passed to the render call win over the processors'.
    assert impl.render_template_string("{{ user }}", user="cid") == "cid"


@pytest.mark.api("Flask.context_processor", "Blueprint.context_processor")
def test_blueprint_context_processors(impl: t.Any, app: t.Any, client: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__)

    @bp.context_processor
    def bp_only() -> dict[str, t.Any]:
        return {"scope": "bp"}

    @bp.app_context_processor
    def everywhere() -> dict[str, t.Any]:
        return {"everywhere": "yes"}

    template = "{{ scope|default('none') }} {{ everywhere }}"

    @bp.route("/in")
    def inside() -> str:
        return impl.render_template_string(template)

    @app.route("/out")
    def outside() -> str:
        return impl.render_template_string(template)

    app.register_blueprint(bp)
    assert client.get("/in").get_data(as_text=True) == "bp yes"
    assert client.get("/out").get_data(as_text=True) == "none yes"


@pytest.mark.api("Flask.context_processor")
def test_context_processor_for_endpoint_blueprint_name(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    # request.blueprints comes from the endpoint name: "outer.inner.view".
    app.template_context_processors["outer"].append(lambda: {"a": "outer"})
    app.template_context_processors["outer.inner"].append(
        lambda: {"a": "inner", "b": "inner"}
    )
    app.add_url_rule(
        "/nested",
        endpoint="outer.inner.view",
        view_func=lambda: impl.render_template_string("{{ a }} {{ b }}"),
    )
    assert client.get("/nested").get_data(as_text=True) == "inner inner"


@pytest.mark.api("Blueprint")
def test_blueprint_template_folder(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    bp = impl.Blueprint("bp", __name__, root_path=TEMPLATES, template_folder="bp")
    app.register_blueprint(bp)
    assert impl.render_template("only_bp.html", value=1) == "only in the blueprint: 1"
    # The app's own folder comes first.
    assert impl.render_template("shadowed.html") == "app"
    assert "only_bp.html" in app.jinja_env.list_templates()


@pytest.mark.api("Flask.jinja_env", "Flask.jinja_loader")
def test_jinja_env_and_loader(impl: t.Any, app: t.Any) -> None:
    env = app.jinja_env
    assert env is app.jinja_env
    assert isinstance(env, jinja2.Environment)
    assert env.app is app
    assert type(env.loader).__name__ == "DispatchingJinjaLoader"
    assert isinstance(app.jinja_loader, jinja2.FileSystemLoader)
    assert app.jinja_loader.searchpath == [TEMPLATES]
    assert env.globals["config"] is app.config
    assert env.globals["url_for"] == app.url_for
    assert env.globals["get_flashed_messages"] is impl.get_flashed_messages
    assert env.globals["request"] is impl.request
    assert env.globals["session"] is impl.session
    assert env.globals["g"] is impl.g
    assert env.policies["json.dumps_function"] == app.json.dumps
    assert env.autoescape == app.select_jinja_autoescape
    assert {"autoescape.html", "bp/shadowed.html", "stream.html"} <= set(
        env.list_templates()
    )


@pytest.mark.api("Flask")
def test_no_template_folder(impl: t.Any) -> None:
    app = impl.Flask("no_templates", root_path=HERE, template_folder=None)
    assert app.jinja_loader is None
    with app.app_context():
        assert impl.render_template_string("{{ 1 + 1 }}") == "2"
        with pytest.raises(jinja2.TemplateNotFound):
            impl.render_template("autoescape.html")


@pytest.mark.api("Flask.jinja_options")
def test_jinja_options(impl: t.Any) -> None:
    class App(impl.Flask):  # type: ignore[misc,name-defined]
        jinja_options = {
            "trim_blocks": True,
            "extensions": ["jinja2.ext.loopcontrols"],
            "autoescape": False,
        }

    app = App("opts", root_path=HERE)
    env = app.jinja_env
    assert env.trim_blocks is True
    assert "jinja2.ext.LoopControlExtension" in env.extensions
    assert env.autoescape is False
    with app.app_context():
        rv = impl.render_template("autoescape.html", text=TEXT, markup="")
        assert rv == f"{TEXT}|"
    assert impl.Flask.jinja_options == {}


@pytest.mark.api("Flask.jinja_environment")
def test_jinja_environment_class(impl: t.Any) -> None:
    base = impl.Flask.jinja_environment

    class Env(base):  # type: ignore[misc,valid-type]
        pass

    class App(impl.Flask):  # type: ignore[misc,name-defined]
        jinja_environment = Env

    app = App("env", root_path=HERE)
    assert type(app.jinja_env) is Env
    assert app.jinja_env.app is app
    assert issubclass(base, jinja2.Environment)


@pytest.mark.api("Flask.create_jinja_environment")
def test_create_jinja_environment_is_called_once(impl: t.Any) -> None:
    calls = []

    class App(impl.Flask):  # type: ignore[misc,name-defined]
        def create_jinja_environment(self) -> t.Any:
            calls.append(1)
            rv = super().create_jinja_environment()
            rv.globals["extra"] = "yes"
            return rv

    app = App("create", root_path=HERE)
    assert app.jinja_env is app.jinja_env
    assert calls == [1]
    with app.app_context():
        assert impl.render_template_string("{{ extra }}") == "yes"


@pytest.mark.api("Flask.debug")
@pytest.mark.parametrize(
    ("config", "debug", "expected"),
    [
        (None, False, False),
        (None, True, True),
        (True, False, True),
        (False, True, False),
    ],
)
def test_templates_auto_reload(
    app: t.Any, config: bool | None, debug: bool, expected: bool
) -> None:
    app.config["TEMPLATES_AUTO_RELOAD"] = config
    app.config["DEBUG"] = debug
    assert app.jinja_env.auto_reload is expected


@pytest.mark.api("Flask.debug")
def test_debug_setter_updates_auto_reload(app: t.Any) -> None:
    assert app.jinja_env.auto_reload is False
    app.debug = True
    assert app.jinja_env.auto_reload is True
    app.debug = False
    assert app.jinja_env.auto_reload is False
    app.config["TEMPLATES_AUTO_RELOAD"] = False
    app.debug = True
    assert app.jinja_env.auto_reload is False


@pytest.mark.api("Flask.debug")
def test_debug_before_jinja_env(app: t.Any) -> None:
    app.debug = True
    assert app.jinja_env.auto_reload is True


@pytest.mark.api("Flask.template_filter", "Flask.add_template_filter")
def test_template_filters(impl: t.Any, app: t.Any) -> None:
    @app.template_filter()
    def shout(s: str) -> str:
        return s.upper() + "!"

    @app.template_filter("rev")
    def mirror_text(s: str) -> str:
        return s[::-1]

    app.add_template_filter(lambda s: f"[{s}]", "box")
    app.add_template_filter(str.lower)
    assert app.jinja_env.filters["shout"] is shout
    assert "mirror_text" not in app.jinja_env.filters
    with app.app_context():
        rv = impl.render_template_string(
            "{{ 'ab'|shout }} {{ 'ab'|rev }} {{ 'x'|box }} {{ 'AB'|lower }}"
        )
    assert rv == "AB! ba [x] ab"


@pytest.mark.api("Flask.template_test", "Flask.add_template_test")
def test_template_tests(impl: t.Any, app: t.Any) -> None:
    @app.template_test()
    def boolean(value: t.Any) -> bool:
        return isinstance(value, bool)

    @app.template_test("even_length")
    def _even(value: str) -> bool:
        return len(value) % 2 == 0

    app.add_template_test(lambda v: v == 42, "answer")
    assert app.jinja_env.tests["boolean"] is boolean
    with app.app_context():
        rv = impl.render_template_string(
            "{{ x is boolean }} {{ 'ab' is even_length }} {{ 42 is answer }}",
            x=False,
        )
    assert rv == "True True True"


@pytest.mark.api("Flask.template_global", "Flask.add_template_global")
def test_template_globals(impl: t.Any, app: t.Any) -> None:
    @app.template_global()
    def double(n: int) -> int:
        return n * 2

    @app.template_global("triple")
    def _triple(n: int) -> int:
        return n * 3

    app.add_template_global(lambda: "<hi>", "hello")
    assert app.jinja_env.globals["double"] is double
    with app.app_context():
        rv = impl.render_template_string(
            "{{ double(2) }} {{ triple(2) }} {{ hello() }}"
        )
    assert rv == "4 6 &lt;hi&gt;"


@pytest.mark.api("Flask.template_filter")
def test_template_filter_registration_after_request_fails(
    app: t.Any, client: t.Any
) -> None:
    app.add_url_rule("/", "index", lambda: "ok")
    client.get("/")
    with pytest.raises(AssertionError, match="add_template_filter"):
        app.add_template_filter(str.upper)


@pytest.mark.api("render_template")
def test_tojson_filter(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    data = {"z": 1, "a": "</script><b>&'", "list": [1, 2.5, None, True]}
    rv = impl.render_template("tojson.html", data=data)
    assert rv == (
        '{"a": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u0027",'
        ' "list": [1, 2.5, null, true], "z": 1}'
    )
    rv = impl.render_template_string("<a data-x='{{ x|tojson }}'>", x="'")
    assert rv == "<a data-x='\"\\u0027\"'>"


@pytest.mark.api("render_template")
def test_tojson_uses_the_app_json_provider(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    data = {
        "when": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        "id": uuid.UUID(int=1),
        "point": Point(3),
        "html": Markup("<i>"),
    }
    rv = impl.render_template_string("{{ data|tojson }}", data=data)
    assert rv == (
        '{"html": "\\u003ci\\u003e",'
        ' "id": "00000000-0000-0000-0000-000000000001",'
        ' "point": {"x": 3}, "when": "Tue, 02 Jan 2024 03:04:05 GMT"}'
    )
    assert app.jinja_env.policies["json.dumps_function"].__self__ is app.json


@pytest.mark.api("get_template_attribute")
def test_get_template_attribute(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    hello = impl.get_template_attribute("_macros.html", "hello")
    assert hello("<World>") == "Hello &lt;World&gt;!"
    assert isinstance(hello("x"), Markup)
    assert impl.get_template_attribute("_macros.html", "answer") == 42
    with pytest.raises(AttributeError):
        impl.get_template_attribute("_macros.html", "missing")


@pytest.mark.api("get_template_attribute")
def test_get_template_attribute_needs_an_app_context(impl: t.Any) -> None:
    with pytest.raises(RuntimeError, match="application context"):
        impl.get_template_attribute("_macros.html", "hello")


@pytest.mark.api("render_template")
def test_imported_macros_see_request_and_g(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/macros")
    def macros() -> str:
        impl.g.name = "gee"
        return impl.render_template("import_macros.html", name="<you>")

    rv = client.get("/macros")
    assert rv.get_data(as_text=True) == "Hello &lt;you&gt;!|/macros|gee"


@pytest.mark.api("stream_template")
def test_stream_template(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/stream")
    def stream() -> t.Any:
        return impl.stream_template("stream.html", items=["a", "<b>"])

    @app.route("/stream-string")
    def stream_string() -> t.Any:
        return impl.stream_template_string(
            "{{ request.path }}{% for i in items %}-{{ i }}{% endfor %}", items=[1, 2]
        )

    rv = client.get("/stream")
    assert rv.status_code == 200
    assert rv.get_data(as_text=True) == "<a><&lt;b&gt;>"
    assert client.get("/stream-string").get_data(as_text=True) == "/stream-string-1-2"


@pytest.mark.api("stream_template", "stream_template_string")
def test_stream_template_outside_request(impl: t.Any, app_ctx: t.Any) -> None:
    rv = impl.stream_template("stream.html", items=[1, 2])
    assert not isinstance(rv, (str, list))
    assert "".join(rv) == "<1><2>"
    rv = impl.stream_template_string("{{ x }}", x="<y>")
    assert "".join(rv) == "&lt;y&gt;"


@pytest.mark.api("stream_template")
def test_stream_template_keeps_the_request_context(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/later")
    def later() -> t.Any:
        return impl.stream_template_string(
            "{% for i in items %}{{ i }}{{ request.args.q }}{% endfor %}", items="ab"
        )

    rv = client.get("/later?q=!")
    assert rv.get_data(as_text=True) == "a!b!"


@pytest.mark.api("before_render_template", "template_rendered", "render_template")
def test_template_signals(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    signals = importlib.import_module(f"{impl.name}.signals")
    seen: list[tuple[str, t.Any, str | None, dict[str, t.Any]]] = []

    def before(sender: t.Any, template: t.Any, context: t.Any) -> None:
        context["added"] = "by signal"
        seen.append(("before", sender, template.name, dict(context)))

    def after(sender: t.Any, template: t.Any, context: t.Any) -> None:
        seen.append(("after", sender, template.name, dict(context)))

    connect_before = signals.before_render_template.connected_to(before, app)
    connect_after = signals.template_rendered.connected_to(after, app)
    with connect_before, connect_after:
        rv = impl.render_template_string("{{ added }} {{ x }}", x=1)
        assert rv == "by signal 1"
        streamed = impl.stream_template("stream.html", items=[1])
        assert [s[0] for s in seen] == ["before", "after", "before"]
        assert "".join(streamed) == "<1>"

    assert [s[0] for s in seen] == ["before", "after", "before", "after"]
    assert all(s[1] is app for s in seen)
    assert seen[0][2] is None
    assert seen[-1][2] == "stream.html"
    assert seen[1][3]["x"] == 1
    assert seen[1][3]["added"] == "by signal"
    assert seen[1][3]["g"] is app_ctx.g


@pytest.mark.api("Flask.jinja_env")
def test_explain_template_loading(
    impl: t.Any,
    app: t.Any,
    app_ctx: t.Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.config["EXPLAIN_TEMPLATE_LOADING"] = True
    # The logger is shared by every "conformance_app": undo what other tests set.
    monkeypatch.setattr(app.logger, "disabled", False)
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        assert impl.render_template("shadowed.html") == "app"
        with pytest.raises(jinja2.TemplateNotFound):
            impl.render_template("missing.html")
    messages = [r.getMessage() for r in caplog.records if r.name == app.logger.name]
    assert messages[0].startswith("Locating template 'shadowed.html':")
    assert "trying loader of application 'conformance_app'" in messages[0]
    assert "-> found (" in messages[0]
    assert messages[1].startswith("Locating template 'missing.html':")
    assert "Error: the template could not be found." in messages[1]


@pytest.mark.api("Flask.jinja_env")
def test_jinja_env_can_be_replaced_and_reset(app: t.Any) -> None:
    env = jinja2.Environment()
    app.jinja_env = env
    assert app.jinja_env is env
    del app.jinja_env
    assert app.jinja_env is not env
    assert app.jinja_env.app is app


@pytest.mark.api("Flask.jinja_loader")
def test_jinja_loader_can_be_replaced(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    app.jinja_loader = jinja2.DictLoader({"dict.txt": "from a dict"})
    assert impl.render_template("dict.txt") == "from a dict"
