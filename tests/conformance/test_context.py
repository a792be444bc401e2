"""Conformance: the application and request contexts and their proxies.

``current_app``, ``g``, ``request`` and ``session`` are context-local proxies; the
contexts are pushed by ``app.app_context()``, ``app.test_request_context()`` and by
every request, and each thread (or context) sees only its own.
"""

from __future__ import annotations

import threading
import typing as t

import pytest

NO_APP = "Working outside of application context."
NO_REQUEST = "Working outside of request context."


# -- outside of any context ---------------------------------------------------------


@pytest.mark.api("current_app")
def test_current_app_outside_context_raises(impl: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.current_app.name  # noqa: B018
    assert str(exc_info.value).startswith(NO_APP)


@pytest.mark.api("g")
def test_g_outside_context_raises(impl: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.g.value = 1
    assert str(exc_info.value).startswith(NO_APP)


@pytest.mark.api("request")
def test_request_outside_context_raises(impl: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.request.path  # noqa: B018
    assert str(exc_info.value).startswith(NO_REQUEST)


@pytest.mark.api("session")
def test_session_outside_context_raises(impl: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.session.get("x")
    assert str(exc_info.value).startswith(NO_REQUEST)


@pytest.mark.api("request", "session")
def test_request_in_app_context_only_raises(impl: t.Any, app_ctx: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.request.method  # noqa: B018
    assert str(exc_info.value).startswith(NO_REQUEST)
    with pytest.raises(RuntimeError):
        impl.session["x"] = 1


@pytest.mark.api("current_app", "request")
def test_unbound_proxies_are_falsy(impl: t.Any) -> None:
    assert not impl.current_app
    assert not impl.request
    assert not impl.g


@pytest.mark.api("has_app_context", "has_request_context")
def test_has_context_functions(impl: t.Any, app: t.Any) -> None:
    assert impl.has_app_context() is False
    assert impl.has_request_context() is False
    with app.app_context():
        assert impl.has_app_context() is True
        assert impl.has_request_context() is False
    with app.test_request_context():
        assert impl.has_app_context() is True
        assert impl.has_request_context() is True
    assert impl.has_app_context() is False
    assert impl.has_request_context() is False


@pytest.mark.api("has_request_context")
def test_has_request_context_in_a_view(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return f"{impl.has_app_context()} {impl.has_request_context()}"

    assert app.test_client().get("/").data == b"True True"


# -- app context ----------------------------------------------------------------------


@pytest.mark.api("current_app", "Flask")
def test_app_context_binds_current_app(impl: t.Any, app: t.Any) -> None:
    with app.app_context() as ctx:
        assert ctx.app is app
        assert impl.current_app._get_current_object() is app
        assert impl.current_app.name == "conformance_app"
        assert impl.current_app.config["SECRET_KEY"] == "test key"
        assert isinstance(impl.current_app, impl.Flask)
        assert impl.current_app == app
        assert repr(impl.current_app) == repr(app)


@pytest.mark.api("current_app")
def test_app_context_manual_push_pop(impl: t.Any, app: t.Any) -> None:
    ctx = app.app_context()
    assert impl.has_app_context() is False
    ctx.push()
    try:
        assert impl.current_app._get_current_object() is app
    finally:
        ctx.pop()
    assert impl.has_app_context() is False


@pytest.mark.api("current_app")
def test_current_app_in_view(impl: t.Any, app: t.Any) -> None:
    seen = []

    @app.route("/")
    def index() -> str:
        seen.append(impl.current_app._get_current_object())
        return impl.current_app.name  # type: ignore[no-any-return]

    assert app.test_client().get("/").data == b"conformance_app"
    assert seen == [app]


@pytest.mark.api("current_app")
def test_nested_app_contexts_of_two_apps(impl: t.Any, app: t.Any) -> None:
    other = impl.Flask("other_app")
    with app.app_context():
        assert impl.current_app.name == "conformance_app"
        with other.app_context():
            assert impl.current_app.name == "other_app"
        assert impl.current_app.name == "conformance_app"


@pytest.mark.api("g")
def test_each_app_context_has_its_own_g(impl: t.Any, app: t.Any) -> None:
    with app.app_context():
        impl.g.value = "outer"
        with app.app_context():
            assert "value" not in impl.g
            impl.g.value = "inner"
        assert impl.g.value == "outer"
    with app.app_context():
        assert "value" not in impl.g


@pytest.mark.api("Flask")
def test_app_context_with_block_exception_reaches_teardown(app: t.Any) -> None:
    seen: list[t.Any] = []

    @app.teardown_appcontext
    def td(exc: BaseException | None) -> None:
        seen.append(exc)

    error = ValueError("inside")
    with pytest.raises(ValueError), app.app_context():
        raise error
    assert seen == [error]


# -- g ------------------------------------------------------------------------------


@pytest.mark.api("g")
def test_g_attribute_access(impl: t.Any, app_ctx: t.Any) -> None:
    impl.g.user = "alice"
    assert impl.g.user == "alice"
    assert app_ctx.g.user == "alice"
    del impl.g.user
    with pytest.raises(AttributeError):
        impl.g.user  # noqa: B018
    with pytest.raises(AttributeError):
        del impl.g.missing


@pytest.mark.api("g")
def test_g_get(impl: t.Any, app_ctx: t.Any) -> None:
    assert impl.g.get("missing") is None
    assert impl.g.get("missing", 5) == 5
    impl.g.present = 0
    assert impl.g.get("present", 5) == 0


@pytest.mark.api("g")
def test_g_pop(impl: t.Any, app_ctx: t.Any) -> None:
    impl.g.item = "value"
    assert impl.g.pop("item") == "value"
    assert "item" not in impl.g
    assert impl.g.pop("item", "default") == "default"
    assert impl.g.pop("item", None) is None
    with pytest.raises(KeyError):
        impl.g.pop("item")


@pytest.mark.api("g")
def test_g_setdefault(impl: t.Any, app_ctx: t.Any) -> None:
    assert impl.g.setdefault("items", []) == []
    impl.g.items.append(1)
    assert impl.g.setdefault("items", ["ignored"]) == [1]
    assert impl.g.setdefault("nothing") is None
    assert "nothing" in impl.g
    assert impl.g.nothing is None


@pytest.mark.api("g")
def test_g_contains_and_iteration(impl: t.Any, app_ctx: t.Any) -> None:
    assert list(impl.g) == []
    impl.g.a = 1
    impl.g.b = 2
    assert "a" in impl.g
    assert "c" not in impl.g
    assert list(impl.g) == ["a", "b"]
    assert sorted(iter(impl.g)) == ["a", "b"]


@pytest.mark.api("g")
def test_g_repr(impl: t.Any, app_ctx: t.Any) -> None:
    assert repr(impl.g) == "<flask.g of 'conformance_app'>"


@pytest.mark.api("g")
def test_g_is_the_app_ctx_globals_class(impl: t.Any, app: t.Any) -> None:
    assert app.app_ctx_globals_class is impl.ctx._AppCtxGlobals
    with app.app_context() as ctx:
        assert isinstance(impl.g._get_current_object(), impl.ctx._AppCtxGlobals)
        assert impl.g._get_current_object() is ctx.g


@pytest.mark.api("g", "Flask")
def test_custom_app_ctx_globals_class(impl: t.Any, app: t.Any) -> None:
    class MyGlobals(impl.ctx._AppCtxGlobals):  # type: ignore[name-defined,misc]
        def greeting(self) -> str:
            return "hello " + self.get("name", "nobody")

    app.app_ctx_globals_class = MyGlobals

    @app.route("/")
    def index() -> str:
        impl.g.name = "bob"
        return impl.g.greeting()  # type: ignore[no-any-return]

    assert app.test_client().get("/").data == b"hello bob"


@pytest.mark.api("g")
def test_g_shared_by_app_context_and_request_context(impl: t.Any, app: t.Any) -> None:
    with app.app_context():
        impl.g.from_app = 1
        with app.test_request_context():
            assert impl.g.from_app == 1
            impl.g.from_request = 2
        assert impl.g.from_request == 2


@pytest.mark.api("g")
def test_nested_request_contexts_share_g(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context("/outer"):
        impl.g.value = "outer"
        with app.test_request_context("/inner"):
            assert impl.request.path == "/inner"
            assert impl.g.value == "outer"
        assert impl.request.path == "/outer"


# -- request context ------------------------------------------------------------------


@pytest.mark.api("request")
def test_test_request_context_binds_request(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context("/path?x=1", method="POST") as ctx:
        assert ctx.app is app
        assert impl.request._get_current_object() is ctx.request
        assert impl.request.path == "/path"
        assert impl.request.method == "POST"
        assert impl.request.args["x"] == "1"
        assert isinstance(impl.request, impl.Request)
        assert impl.current_app._get_current_object() is app


@pytest.mark.api("request")
def test_request_context_manual_push_pop(impl: t.Any, app: t.Any) -> None:
    ctx = app.test_request_context("/manual")
    ctx.push()
    try:
        assert impl.request.path == "/manual"
        assert impl.has_app_context() is True
    finally:
        ctx.pop()
    assert impl.has_request_context() is False
    assert impl.has_app_context() is False


@pytest.mark.api("request")
def test_request_context_reuses_active_app_context(impl: t.Any, app: t.Any) -> None:
    with app.app_context() as app_ctx:
        with app.test_request_context():
            assert impl.g._get_current_object() is app_ctx.g
        assert impl.has_app_context() is True
        assert impl.has_request_context() is False
    assert impl.has_app_context() is False


@pytest.mark.api("current_app", "request")
def test_request_context_of_other_app_pushes_its_app(impl: t.Any, app: t.Any) -> None:
    other = impl.Flask("other_app")
    with app.app_context():
        impl.g.mine = True
        with other.test_request_context("/o"):
            assert impl.current_app.name == "other_app"
            assert "mine" not in impl.g
        assert impl.current_app.name == "conformance_app"
        assert impl.g.mine is True


@pytest.mark.api("session")
def test_session_in_test_request_context(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context() as ctx:
        assert impl.session._get_current_object() is ctx.session
        assert impl.session.get("missing") is None
        impl.session["key"] = "value"
        assert impl.session["key"] == "value"
        assert ctx.session["key"] == "value"


@pytest.mark.api("request")
def test_request_proxy_in_teardown_request_not_teardown_appcontext(
    impl: t.Any, app: t.Any
) -> None:
    seen: list[t.Any] = []

    @app.teardown_request
    def td_request(exc: BaseException | None) -> None:
        seen.append(("request", impl.has_request_context(), impl.request.path))

    @app.teardown_appcontext
    def td_app(exc: BaseException | None) -> None:
        seen.append(("app", impl.has_request_context(), impl.current_app.name))

    @app.route("/page")
    def page() -> str:
        return "page"

    assert app.test_client().get("/page").data == b"page"
    assert seen == [
        ("request", True, "/page"),
        ("app", False, "conformance_app"),
    ]


@pytest.mark.api("request")
def test_request_context_with_block_exception_reaches_teardowns(app: t.Any) -> None:
    seen: list[tuple[str, t.Any]] = []

    @app.teardown_request
    def td_request(exc: BaseException | None) -> None:
        seen.append(("request", exc))

    @app.teardown_appcontext
    def td_app(exc: BaseException | None) -> None:
        seen.append(("app", exc))

    error = KeyError("boom")
    with pytest.raises(KeyError), app.test_request_context():
        raise error
    assert seen == [("request", error), ("app", error)]


@pytest.mark.api("request")
def test_contexts_are_popped_after_request(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "x"

    app.test_client().get("/")
    assert impl.has_request_context() is False
    assert impl.has_app_context() is False


@pytest.mark.api("request")
def test_contexts_are_popped_after_unhandled_error(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        app.test_client().get("/")
    assert impl.has_request_context() is False
    assert impl.has_app_context() is False


# -- after_this_request -------------------------------------------------------------


@pytest.mark.api("after_this_request")
def test_after_this_request_outside_request_raises(impl: t.Any, app_ctx: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:

        @impl.after_this_request
        def hook(response: t.Any) -> t.Any:
            return response

    assert "after_this_request" in str(exc_info.value)
    assert "request context is active" in str(exc_info.value)


@pytest.mark.api("after_this_request")
def test_after_this_request_can_replace_response(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        @impl.after_this_request
        def replace(response: t.Any) -> t.Any:
            return impl.Response("replaced", status=203)

        return "original"

    rv = app.test_client().get("/")
    assert rv.status_code == 203
    assert rv.data == b"replaced"


@pytest.mark.api("after_this_request")
def test_after_this_request_returns_the_function(impl: t.Any, req_ctx: t.Any) -> None:
    def hook(response: t.Any) -> t.Any:
        return response

    assert impl.after_this_request(hook) is hook


# -- threads and copies -------------------------------------------------------------


@pytest.mark.api("request", "g")
def test_concurrent_requests_each_see_their_own_context(
    impl: t.Any, app: t.Any
) -> None:
    barrier = threading.Barrier(3, timeout=5)

    @app.route("/who/<name>")
    def who(name: str) -> str:
        impl.g.name = name
        # all three requests are inside a view at the same time past this point
        barrier.wait()
        return f"{impl.request.path}|{impl.request.args['q']}|{impl.g.name}"

    results: dict[str, bytes] = {}

    def run(name: str) -> None:
        rv = app.test_client().get(f"/who/{name}", query_string={"q": name * 2})
        results[name] = rv.data

    threads = [threading.Thread(target=run, args=(name,)) for name in "abc"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == {
        "a": b"/who/a|aa|a",
        "b": b"/who/b|bb|b",
        "c": b"/who/c|cc|c",
    }


@pytest.mark.api("has_request_context", "has_app_context")
def test_new_thread_does_not_see_the_callers_context(impl: t.Any, app: t.Any) -> None:
    seen: list[tuple[bool, bool]] = []

    def probe() -> None:
        seen.append((impl.has_app_context(), impl.has_request_context()))

    with app.test_request_context():
        thread = threading.Thread(target=probe)
        thread.start()
        thread.join(timeout=10)
        assert impl.has_request_context() is True
    assert seen == [(False, False)]


@pytest.mark.api("copy_current_request_context")
def test_copy_current_request_context_in_a_thread(impl: t.Any, app: t.Any) -> None:
    @app.route("/work")
    def work() -> str:
        impl.session["user"] = "ann"
        out: list[t.Any] = []

        @impl.copy_current_request_context
        def in_thread(suffix: str) -> str:
            out.append(
                (impl.request.path, impl.request.args["x"], impl.session["user"])
            )
            impl.session["from_thread"] = True
            return impl.current_app.name + suffix  # type: ignore[no-any-return]

        def target() -> None:
            out.append(in_thread("!"))

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=10)
        assert impl.session["from_thread"] is True
        return repr(out)

    rv = app.test_client().get("/work?x=7")
    assert rv.data == repr([("/work", "7", "ann"), "conformance_app!"]).encode()


@pytest.mark.api("copy_current_request_context")
def test_copy_current_request_context_outside_request_raises(
    impl: t.Any, app_ctx: t.Any
) -> None:
    def f() -> None:
        pass

    with pytest.raises(RuntimeError) as exc_info:
        impl.copy_current_request_context(f)
    assert "copy_current_request_context" in str(exc_info.value)


@pytest.mark.api("request")
def test_request_context_copy_shares_request_and_session(
    impl: t.Any, app: t.Any
) -> None:
    with app.test_request_context("/orig?a=1") as ctx:
        copy = ctx.copy()
        assert copy is not ctx
        assert copy.request is ctx.request
        assert copy.session is ctx.session
        assert copy.app is app
    with copy:
        assert impl.request.path == "/orig"
        assert impl.request.args["a"] == "1"
