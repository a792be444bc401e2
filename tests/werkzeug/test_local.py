"""``flaskcompat.werkzeug.local``: the proxy kinds Werkzeug's accepts, the
errors for what it cannot proxy, and Flask's globals keep their fast path."""

from __future__ import annotations

import contextvars

import pytest

import flaskcompat
from flaskcompat.werkzeug.local import Local, LocalProxy, LocalStack


def test_proxy_needs_a_name_for_a_local() -> None:
    with pytest.raises(TypeError, match="'name' is required"):
        LocalProxy(Local())


def test_proxy_refuses_what_it_cannot_resolve() -> None:
    with pytest.raises(TypeError, match="Don't know how to proxy"):
        LocalProxy(42)  # type: ignore[arg-type]


def test_wrapped_is_the_source() -> None:
    var: contextvars.ContextVar[int] = contextvars.ContextVar("x")
    stack: LocalStack[int] = LocalStack()
    assert LocalProxy(var).__wrapped__ is var
    assert LocalProxy(stack).__wrapped__ is stack


def test_flask_globals_outside_a_context() -> None:
    with pytest.raises(RuntimeError, match="Working outside of request context"):
        flaskcompat.request.path  # noqa: B018
    assert not flaskcompat.g
    assert repr(flaskcompat.current_app) == "<LocalProxy unbound>"


def test_callable_proxy_is_called_on_every_access() -> None:
    calls: list[int] = []

    def source() -> list[int]:
        calls.append(1)
        return calls

    proxy = LocalProxy(source)
    assert len(proxy) == 1
    assert len(proxy) == 2
    assert proxy._get_current_object() is calls
