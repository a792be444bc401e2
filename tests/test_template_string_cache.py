"""flaskcompat compiles a ``render_template_string`` source once (Flask
compiles it on every call) and keeps a bounded number of them; what is served
from the cache is checked on both implementations in
``tests/conformance/test_template_string_repeat.py``."""

from __future__ import annotations

import typing as t

import jinja2
import pytest

import flaskcompat
from flaskcompat import templating


@pytest.fixture
def app() -> flaskcompat.Flask:
    return flaskcompat.Flask(__name__)


def _count_compiles(
    app: flaskcompat.Flask, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    compiled: list[str] = []
    env = app.jinja_env
    original = env.compile

    def compile(source: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        compiled.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(env, "compile", compile)
    return compiled


def test_a_source_is_compiled_once(
    app: flaskcompat.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _count_compiles(app, monkeypatch)
    with app.app_context():
        for i in range(5):
            assert flaskcompat.render_template_string("{{ v }}", v=i) == str(i)
        assert flaskcompat.render_template_string("{{ v }}!", v=1) == "1!"
    assert compiled == ["{{ v }}", "{{ v }}!"]


def test_changing_what_the_code_depends_on_compiles_again(
    app: flaskcompat.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _count_compiles(app, monkeypatch)
    with app.app_context():
        flaskcompat.render_template_string("{{ v }}", v=1)
        app.jinja_env.autoescape = False
        flaskcompat.render_template_string("{{ v }}", v=1)
        app.add_template_filter(str.upper, "up")
        flaskcompat.render_template_string("{{ v }}", v=1)
        flaskcompat.render_template_string("{{ v }}", v=1)
    assert len(compiled) == 3


def test_the_cache_is_bounded(
    app: flaskcompat.Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templating, "STRING_TEMPLATE_CACHE_SIZE", 8)
    with app.app_context():
        for i in range(50):
            assert flaskcompat.render_template_string(f"{i}{{{{ v }}}}", v=0) == (
                f"{i}0"
            )
    cache = app.jinja_env._string_templates
    assert len(cache) == 8
    assert sorted(key[0] for key in cache) == sorted(
        f"{i}{{{{ v }}}}" for i in range(42, 50)
    )


def test_a_subclass_overriding_from_string_is_called_each_time() -> None:
    calls: list[str] = []

    class Env(templating.Environment):
        def from_string(self, source: t.Any, *args: t.Any, **kw: t.Any) -> t.Any:
            calls.append(source)
            return super().from_string(source, *args, **kw)

    class App(flaskcompat.Flask):
        jinja_environment = Env

    app = App(__name__)
    with app.app_context():
        flaskcompat.render_template_string("{{ 1 }}")
        flaskcompat.render_template_string("{{ 1 }}")
    assert calls == ["{{ 1 }}", "{{ 1 }}"]


def test_an_overlay_environment_gets_its_own_templates(
    app: flaskcompat.Flask,
) -> None:
    with app.app_context():
        first = templating._from_string(app.jinja_env, "{{ v }}")
        overlay = app.jinja_env.overlay(autoescape=False)
        second = templating._from_string(overlay, "{{ v }}")
    assert first.environment is app.jinja_env
    assert second.environment is overlay
    assert isinstance(second, jinja2.Template)
    assert second.render(v="<i>") == "<i>"
