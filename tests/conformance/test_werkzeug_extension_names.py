"""Werkzeug names the Flask extensions import (Flask-WTF's ``cached_property``,
Flask-Login's ``LocalProxy(lambda: ...)``): they behave as in Werkzeug. The
upload pattern's ``secure_filename`` is in test_wz_security_utils.py."""

from __future__ import annotations

import contextvars
import typing as t

import pytest


@pytest.mark.api("utils.cached_property")
def test_cached_property_computes_once_and_can_be_set_and_cleared(impl: t.Any) -> None:
    cached_property = impl.werkzeug.utils.cached_property
    calls: list[int] = []

    class Form:
        @cached_property
        def meta(self) -> str:
            """The form's meta."""
            calls.append(1)
            return f"meta {len(calls)}"

    form = Form()
    assert form.meta == "meta 1" and form.meta == "meta 1" and len(calls) == 1
    assert form.__dict__["meta"] == "meta 1"
    form.meta = "set"
    assert form.meta == "set"
    del form.meta
    assert form.meta == "meta 2"
    assert isinstance(Form.meta, property) and Form.meta.__doc__ == "The form's meta."
    assert Form.meta.__name__ == "meta"


@pytest.mark.api("utils.cached_property")
def test_cached_property_on_slots(impl: t.Any) -> None:
    cached_property = impl.werkzeug.utils.cached_property

    class Slotted:
        __slots__ = ("_cache_value",)

        @cached_property
        def value(self) -> list[int]:
            return [1]

    obj = Slotted()
    assert obj.value is obj.value
    obj.value = [2]
    assert obj.value == [2]


@pytest.mark.api("local.LocalProxy")
def test_local_proxy_over_a_function(impl: t.Any) -> None:
    LocalProxy = impl.werkzeug.local.LocalProxy
    state = {"user": None}
    current = LocalProxy(lambda: state["user"])
    assert current.__class__ is type(None)
    state["user"] = {"name": "ada"}
    assert current["name"] == "ada" and current == {"name": "ada"}
    assert isinstance(current, dict) and len(current) == 1
    assert current._get_current_object() is state["user"]
    named = LocalProxy(lambda: state["user"], "copy")
    assert named() == {"name": "ada"}


@pytest.mark.api("local.LocalProxy")
def test_local_proxy_over_a_contextvar_with_name(impl: t.Any) -> None:
    LocalProxy = impl.werkzeug.local.LocalProxy
    var: contextvars.ContextVar[t.Any] = contextvars.ContextVar("var")
    proxy = LocalProxy(var, "real", unbound_message="nothing bound")
    with pytest.raises(RuntimeError, match="nothing bound"):
        proxy._get_current_object()
    token = var.set(3 + 4j)
    try:
        assert proxy == 3.0
    finally:
        var.reset(token)
