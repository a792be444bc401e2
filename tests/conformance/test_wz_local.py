"""``werkzeug.local``: context-local data and the proxies extensions build
(Flask-Login's ``current_user = LocalProxy(lambda: _get_user())``)."""

from __future__ import annotations

import contextvars
import copy
import typing as t

import pytest

api = pytest.mark.api


@api("werkzeug.local.LocalProxy")
def test_proxy_to_a_function(impl: t.Any, app: t.Any) -> None:
    """The Flask-Login pattern: a proxy calling a function on every access."""
    local = impl.werkzeug.local
    user = {"name": "ann"}
    current_user = local.LocalProxy(lambda: impl.g.user)
    name = local.LocalProxy(lambda: user, "get")

    with app.test_request_context():
        impl.g.user = user
        assert current_user["name"] == "ann"
        assert current_user == user
        assert isinstance(current_user, dict)
        assert current_user._get_current_object() is user
        assert name("name") == "ann"


@api("werkzeug.local.LocalProxy")
def test_proxy_to_a_context_var(impl: t.Any) -> None:
    local = impl.werkzeug.local
    var: contextvars.ContextVar[list[int]] = contextvars.ContextVar("wz_test_var")
    proxy = local.LocalProxy(var, unbound_message="nothing here")
    assert not proxy
    assert repr(proxy) == "<LocalProxy unbound>"
    with pytest.raises(RuntimeError, match="nothing here"):
        len(proxy)
    token = var.set([3, 1, 2])
    try:
        assert len(proxy) == 3 and sorted(proxy) == [1, 2, 3] and 2 in proxy
        assert proxy[0] == 3
        proxy.append(4)
        assert var.get() == [3, 1, 2, 4]
        assert proxy + [5] == [3, 1, 2, 4, 5]
        same = proxy
        same += [6]
        assert same is proxy and var.get() == [3, 1, 2, 4, 6]
        assert copy.copy(proxy) == [3, 1, 2, 4, 6] and copy.copy(proxy) is not var.get()
    finally:
        var.reset(token)


@api("werkzeug.local.LocalProxy")
def test_proxy_operators(impl: t.Any) -> None:
    value = [10]
    num = impl.werkzeug.local.LocalProxy(lambda: value[0])
    assert (num + 1, 1 + num, num - 3, 30 - num, num * 2, num / 4) == (
        11,
        11,
        7,
        20,
        20,
        2.5,
    )
    assert (num // 3, num % 3, num**2, -num, abs(-num), ~num) == (
        3,
        1,
        100,
        -10,
        10,
        -11,
    )
    assert num < 11 and num >= 10 and num == 10 and num != 9
    assert int(num) == 10 and float(num) == 10.0 and f"{num:03d}" == "010"
    assert hash(num) == hash(10) and str(num) == "10" and bool(num)
    value[0] = 0
    assert not num


@api("werkzeug.local.Local")
def test_local(impl: t.Any) -> None:
    local_mod = impl.werkzeug.local
    ns = local_mod.Local()
    proxy = ns("user")
    with pytest.raises(AttributeError):
        _ = ns.user
    with pytest.raises(RuntimeError):
        _ = proxy.name
    ns.user = "ann"
    assert ns.user == "ann" and proxy.upper() == "ANN"
    assert dict(iter(ns)) == {"user": "ann"}

    seen: list[t.Any] = []
    contextvars.copy_context().run(lambda: seen.append(getattr(ns, "user", None)))
    assert seen == ["ann"]  # a copied context starts with the values
    contextvars.copy_context().run(lambda: setattr(ns, "user", "bob"))
    assert ns.user == "ann"  # a change in another context stays there

    del ns.user
    with pytest.raises(AttributeError):
        del ns.user
    ns.x = 1
    local_mod.release_local(ns)
    assert not hasattr(ns, "x")


@api("werkzeug.local.LocalStack")
def test_local_stack(impl: t.Any) -> None:
    stack = impl.werkzeug.local.LocalStack()
    top = stack()
    name = stack("name", unbound_message="empty stack")
    assert stack.top is None and stack.pop() is None
    with pytest.raises(RuntimeError, match="empty stack"):
        _ = name.upper()

    class Item:
        def __init__(self, name: str) -> None:
            self.name = name

    first, second = Item("a"), Item("b")
    assert stack.push(first) == [first]
    stack.push(second)
    assert stack.top is second and top.name == "b" and name == "b"
    assert stack.pop() is second and stack.top is first
    impl.werkzeug.local.release_local(stack)
    assert stack.top is None


@api("werkzeug.local.LocalManager")
def test_local_manager(impl: t.Any) -> None:
    local_mod = impl.werkzeug.local
    ns, stack = local_mod.Local(), local_mod.LocalStack()
    manager = local_mod.LocalManager([ns, stack])
    assert repr(manager) == "<LocalManager storages: 2>"

    @manager.middleware
    def wsgi_app(environ: t.Any, start_response: t.Any) -> list[bytes]:
        ns.value = 1
        stack.push(2)
        start_response("200 OK", [])
        return [b"ok"]

    body = wsgi_app({}, lambda *a: None)
    assert ns.value == 1 and stack.top == 2
    assert list(body) == [b"ok"]
    body.close()
    assert not hasattr(ns, "value") and stack.top is None
    assert wsgi_app.__name__ == "wsgi_app"
    assert local_mod.LocalManager(ns).locals == [ns]
