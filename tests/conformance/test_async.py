"""Conformance: ``async def`` views, hooks, error handlers and teardowns.

A WSGI app runs each coroutine function to completion per call
(``Flask.ensure_sync`` / ``Flask.async_to_sync``); Flask does it with asgiref
(``flask[async]``), so the Flask side of these tests needs asgiref installed.
"""

from __future__ import annotations

import asyncio
import contextvars
import importlib
import sys
import threading
import typing as t

import pytest

pytestmark = pytest.mark.api("Flask.ensure_sync", "Flask.async_to_sync")

_value: contextvars.ContextVar[str] = contextvars.ContextVar("test_async_value")


class AppError(Exception):
    pass


class BlueprintError(Exception):
    pass


@pytest.fixture
def no_propagation(app: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unhandled errors answer 500, unlogged. The logger is shared by every app
    named like this one, so it is quieted for this test only."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(app.logger, "disabled", True)


@pytest.fixture(autouse=True)
def _needs_asgiref(impl: t.Any) -> None:
    if impl.name == "flask":
        pytest.importorskip("asgiref", reason="Flask runs coroutines with asgiref")


@pytest.fixture
def async_app(impl: t.Any, app: t.Any) -> t.Any:
    views = importlib.import_module(f"{impl.name}.views")

    @app.route("/", methods=["GET", "POST"])
    @app.route("/home", methods=["GET", "POST"])
    async def index() -> str:
        await asyncio.sleep(0)
        return impl.request.method

    @app.errorhandler(AppError)
    async def handle(_: Exception) -> tuple[str, int]:
        return "", 412

    @app.route("/error")
    async def error() -> str:
        raise AppError()

    blueprint = impl.Blueprint("bp", __name__)

    @blueprint.route("/", methods=["GET", "POST"])
    async def bp_index() -> str:
        await asyncio.sleep(0)
        return impl.request.method

    @blueprint.errorhandler(BlueprintError)
    async def bp_handle(_: Exception) -> tuple[str, int]:
        return "", 412

    @blueprint.route("/error")
    async def bp_error() -> str:
        raise BlueprintError()

    app.register_blueprint(blueprint, url_prefix="/bp")

    class AsyncView(views.View):
        methods = ["GET", "POST"]

        async def dispatch_request(self) -> str:
            await asyncio.sleep(0)
            return impl.request.method

    class AsyncMethodView(views.MethodView):
        async def get(self) -> str:
            await asyncio.sleep(0)
            return "GET"

        async def post(self) -> str:
            await asyncio.sleep(0)
            return "POST"

    app.add_url_rule("/view", view_func=AsyncView.as_view("view"))
    app.add_url_rule("/methodview", view_func=AsyncMethodView.as_view("methodview"))
    return app


@pytest.mark.api("Flask.route", "Blueprint", "views.View", "views.MethodView")
@pytest.mark.parametrize("path", ["/", "/home", "/bp/", "/view", "/methodview"])
def test_async_route(async_app: t.Any, path: str) -> None:
    client = async_app.test_client()
    assert client.get(path).data == b"GET"
    assert client.post(path).data == b"POST"


@pytest.mark.api("Flask.errorhandler", "Blueprint.errorhandler")
@pytest.mark.parametrize("path", ["/error", "/bp/error"])
def test_async_error_handler(async_app: t.Any, path: str) -> None:
    assert async_app.test_client().get(path).status_code == 412


@pytest.mark.api("Flask.before_request", "Flask.after_request", "Blueprint")
def test_async_before_after_request(impl: t.Any, app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    @app.route("/")
    def index() -> str:
        return ""

    @app.before_request
    async def before() -> None:
        calls.append("app-before")

    @app.after_request
    async def after(response: t.Any) -> t.Any:
        calls.append("app-after")
        return response

    blueprint = impl.Blueprint("bp", __name__)

    @blueprint.route("/")
    def bp_index() -> str:
        return ""

    @blueprint.before_request
    async def bp_before() -> None:
        calls.append("bp-before")

    @blueprint.after_request
    async def bp_after(response: t.Any) -> t.Any:
        calls.append("bp-after")
        return response

    app.register_blueprint(blueprint, url_prefix="/bp")
    client.get("/")
    assert calls == ["app-before", "app-after"]
    calls.clear()
    client.get("/bp/")
    assert calls == ["app-before", "bp-before", "bp-after", "app-after"]


@pytest.mark.api("Flask.before_request")
def test_async_before_request_response_ends_request(app: t.Any, client: t.Any) -> None:
    @app.before_request
    async def before() -> str:
        return "from before"

    @app.route("/")
    async def index() -> str:
        raise AssertionError("not reached")

    assert client.get("/").data == b"from before"


@pytest.mark.api("request", "g", "session", "current_app")
def test_async_view_sees_the_contexts(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.before_request
    async def before() -> None:
        impl.g.user = "from before"

    @app.route("/<name>")
    async def index(name: str) -> dict[str, t.Any]:
        await asyncio.sleep(0)
        impl.session["visited"] = True
        return {
            "name": name,
            "arg": impl.request.args["q"],
            "g": impl.g.user,
            "app": impl.current_app.name,
            "has_request_context": impl.has_request_context(),
        }

    rv = client.get("/x?q=1")
    assert rv.json == {
        "name": "x",
        "arg": "1",
        "g": "from before",
        "app": app.name,
        "has_request_context": True,
    }
    with client.session_transaction() as session:
        assert session["visited"] is True


@pytest.mark.api("Flask.before_request")
def test_context_variables_set_inside_are_kept(app: t.Any, client: t.Any) -> None:
    """asgiref copies the context variables a coroutine sets back to the caller."""

    @app.before_request
    async def before() -> None:
        _value.set("set in async before_request")

    @app.route("/")
    def index() -> str:
        return _value.get("unset")

    rv = contextvars.copy_context().run(client.get, "/")
    assert rv.data == b"set in async before_request"


@pytest.mark.api("Flask.after_request", "after_this_request")
def test_async_after_this_request(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    async def index() -> str:
        @impl.after_this_request
        async def add_header(response: t.Any) -> t.Any:
            response.headers["X-Async"] = "yes"
            return response

        return "ok"

    assert client.get("/").headers["X-Async"] == "yes"


@pytest.mark.api("Flask.teardown_request", "Flask.teardown_appcontext")
@pytest.mark.usefixtures("no_propagation")
def test_async_teardowns(app: t.Any, client: t.Any) -> None:
    calls: list[tuple[str, t.Any]] = []
    error = ZeroDivisionError("boom")

    @app.teardown_request
    async def teardown_request(exc: BaseException | None) -> None:
        await asyncio.sleep(0)
        calls.append(("request", exc))

    @app.teardown_appcontext
    async def teardown_appcontext(exc: BaseException | None) -> None:
        calls.append(("app", exc))

    @app.route("/")
    async def index() -> str:
        return "ok"

    @app.route("/error")
    async def fails() -> str:
        raise error

    assert client.get("/").data == b"ok"
    assert calls == [("request", None), ("app", None)]
    calls.clear()
    assert client.get("/error").status_code == 500
    assert calls == [("request", error), ("app", error)]


@pytest.mark.api("Flask.errorhandler")
def test_async_error_handler_sees_active_exception(app: t.Any, client: t.Any) -> None:
    seen: list[bool] = []

    @app.errorhandler(AppError)
    async def handle(e: AppError) -> str:
        seen.append(sys.exc_info()[1] is e)
        return "handled"

    @app.route("/")
    async def index() -> str:
        raise AppError()

    assert client.get("/").data == b"handled"
    assert seen == [True]


@pytest.mark.api("Flask.errorhandler")
@pytest.mark.usefixtures("no_propagation")
def test_async_500_handler(app: t.Any, client: t.Any) -> None:

    @app.errorhandler(500)
    async def handle(e: t.Any) -> tuple[str, int]:
        return f"500: {type(e.original_exception).__name__}", 500

    @app.route("/")
    async def index() -> str:
        raise KeyError("x")

    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.data == b"500: KeyError"


@pytest.mark.api("Flask.route")
def test_async_view_exception_propagates(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    async def index() -> str:
        await asyncio.sleep(0)
        raise AppError("from the coroutine")

    with pytest.raises(AppError, match="from the coroutine"):
        client.get("/")


@pytest.mark.api("Flask.route")
def test_async_view_http_exception(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    async def index() -> str:
        impl.abort(418)

    assert client.get("/").status_code == 418


@pytest.mark.api("Flask.route")
def test_async_view_from_a_thread(app: t.Any) -> None:
    @app.route("/")
    async def index() -> str:
        await asyncio.sleep(0)
        return "from a thread"

    results: list[bytes] = []

    def run() -> None:
        results.append(app.test_client().get("/").data)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"from a thread"] * 4


@pytest.mark.api("Flask.route")
def test_async_view_leaves_the_threads_event_loop(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    async def index() -> str:
        return "ok"

    results: list[t.Any] = []

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            results.append(client.get("/").data)
            results.append(asyncio.get_event_loop() is loop)
        finally:
            asyncio.set_event_loop(None)
            loop.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert results == [b"ok", True]


@pytest.mark.api("Flask.route")
def test_async_view_tasks_and_gather(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    async def index() -> str:
        async def part(i: int) -> str:
            await asyncio.sleep(0)
            return str(i)

        parts = await asyncio.gather(*(part(i) for i in range(3)))
        return "".join(parts)

    assert client.get("/").data == b"012"


def test_async_view_in_thread_with_running_event_loop_raises(
    app: t.Any, client: t.Any
) -> None:
    @app.route("/")
    async def index() -> str:
        return "not reached"

    async def inside_loop() -> t.Any:
        return client.get("/")

    with pytest.raises(RuntimeError, match="event loop"):
        asyncio.run(inside_loop())


def test_async_to_sync_directly(app: t.Any) -> None:
    async def add(a: int, b: int = 0) -> int:
        await asyncio.sleep(0)
        return a + b

    async def fail() -> None:
        raise AppError("direct")

    assert app.async_to_sync(add)(1, b=2) == 3
    assert app.ensure_sync(add)(2) == 2
    with pytest.raises(AppError, match="direct"):
        app.async_to_sync(fail)()


def test_ensure_sync_returns_sync_functions_unchanged(app: t.Any) -> None:
    def sync() -> None:
        pass

    assert app.ensure_sync(sync) is sync


def test_ensure_sync_is_used_for_views(app: t.Any, client: t.Any) -> None:
    """Overriding ``ensure_sync`` changes how every view and hook is called."""
    wrapped: list[str] = []
    original = app.ensure_sync

    def ensure_sync(func: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        wrapped.append(func.__name__)
        return original(func)

    app.ensure_sync = ensure_sync

    @app.before_request
    def before() -> None:
        pass

    @app.route("/")
    async def index() -> str:
        return "ok"

    assert client.get("/").data == b"ok"
    assert wrapped == ["before", "index"]
