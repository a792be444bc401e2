"""``render_template_string`` called again and again: each call renders its own
source with the environment as it is at that moment (flaskcompat compiles a
source once and keeps it; nothing a user can change may be served stale)."""

from __future__ import annotations

import typing as t

import pytest
from markupsafe import Markup


@pytest.mark.api("render_template_string")
def test_each_source_renders_itself(impl: t.Any, app_ctx: t.Any) -> None:
    sources = [f"{i}:{{{{ v }}}}" + "x" * (i % 7) for i in range(600)]
    for _ in range(2):  # the second pass is served from any cache
        for i, source in enumerate(sources):
            assert impl.render_template_string(source, v=i) == (
                f"{i}:{i}" + "x" * (i % 7)
            )


@pytest.mark.api("render_template_string")
def test_same_source_new_context_each_call(impl: t.Any, app_ctx: t.Any) -> None:
    source = "{% for r in rows %}{{ r }},{% endfor %}{{ title }}"
    assert impl.render_template_string(source, rows=[1, 2], title="<a>") == (
        "1,2,&lt;a&gt;"
    )
    assert impl.render_template_string(source, rows=[], title=Markup("<b>")) == "<b>"


@pytest.mark.api("render_template_string", "Flask.jinja_env")
def test_autoescape_change_is_seen(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    source = "{{ v }}"
    assert impl.render_template_string(source, v="<i>") == "&lt;i&gt;"
    app.jinja_env.autoescape = False
    assert impl.render_template_string(source, v="<i>") == "<i>"
    app.jinja_env.autoescape = True
    assert impl.render_template_string(source, v="<i>") == "&lt;i&gt;"


@pytest.mark.api("render_template_string", "Flask.select_jinja_autoescape")
def test_overridden_select_jinja_autoescape_is_seen(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    escape = [True]
    app.select_jinja_autoescape = lambda filename: escape[0]  # type: ignore[method-assign]
    app.jinja_env.autoescape = app.select_jinja_autoescape
    assert impl.render_template_string("{{ v }}", v="<i>") == "&lt;i&gt;"
    escape[0] = False
    assert impl.render_template_string("{{ v }}", v="<i>") == "<i>"


@pytest.mark.api("render_template_string", "Flask.template_global")
def test_global_changes_are_seen(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    source = "{{ site() }}"

    @app.template_global("site")
    def site_one() -> str:
        return "one"

    assert impl.render_template_string(source) == "one"

    @app.template_global("site")
    def site_two() -> str:
        return "two"

    assert impl.render_template_string(source) == "two"
    app.jinja_env.globals["site"] = lambda: "three"
    assert impl.render_template_string(source) == "three"


@pytest.mark.api("render_template_string", "Flask.template_filter")
def test_filter_replaced_or_added_is_seen(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    source = "{{ v|shout }}"

    @app.template_filter("shout")
    def shout(value: str) -> str:
        return value.upper()

    assert impl.render_template_string(source, v="hi") == "HI"

    @app.template_filter("shout")
    def shout_twice(value: str) -> str:
        return value.upper() * 2

    assert impl.render_template_string(source, v="hi") == "HIHI"
    app.jinja_env.filters.update(shout=lambda value: f"{value}!")
    assert impl.render_template_string(source, v="hi") == "hi!"
    del app.jinja_env.filters["shout"]
    with pytest.raises(Exception, match="shout"):
        impl.render_template_string(source, v="hi")


@pytest.mark.api("render_template_string", "Flask.template_test")
def test_test_replaced_is_seen(impl: t.Any, app: t.Any, app_ctx: t.Any) -> None:
    source = "{{ 'yes' if v is lucky else 'no' }}"

    @app.template_test("lucky")
    def lucky(value: int) -> bool:
        return value == 7

    assert impl.render_template_string(source, v=7) == "yes"

    @app.template_test("lucky")
    def lucky_eight(value: int) -> bool:
        return value == 8

    assert impl.render_template_string(source, v=7) == "no"


@pytest.mark.api("render_template_string", "Flask.context_processor")
def test_context_processor_values_each_call(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    calls = []

    @app.context_processor
    def counter() -> dict[str, int]:
        calls.append(1)
        return {"n": len(calls)}

    assert impl.render_template_string("{{ n }}") == "1"
    assert impl.render_template_string("{{ n }}") == "2"


@pytest.mark.api("stream_template_string")
def test_stream_template_string_repeated(impl: t.Any, app_ctx: t.Any) -> None:
    for i in range(3):
        rv = impl.stream_template_string("{{ v }}-{{ v }}", v=i)
        assert "".join(rv) == f"{i}-{i}"


@pytest.mark.api("render_template_string", "Flask.jinja_env")
def test_syntax_options_changed_before_use_are_seen(
    impl: t.Any, app: t.Any, app_ctx: t.Any
) -> None:
    assert impl.render_template_string("{% if 1 %}\nx{% endif %}") == "\nx"
    app.jinja_env.trim_blocks = True
    assert impl.render_template_string("{% if 1 %}\nx{% endif %}") == "x"
