"""Conformance: streamed bodies that use the request (``stream_with_context``) and
functions that carry the request context elsewhere (``copy_current_request_context``).

Flask 3.1 pops the contexts when the view returns (running the teardown
functions); a ``stream_with_context`` body pushes them again while it is iterated,
and its end or ``close()`` pops them once more, running the teardowns again.
"""

from __future__ import annotations

import threading
import typing as t

import pytest

NO_REQUEST_CTX = (
    "'stream_with_context' can only be used when a request context is active,"
    " such as in a view function."
)


# -- stream_with_context ------------------------------------------------------------


@pytest.mark.api("stream_with_context")
def test_stream_with_context_wraps_generator(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "Hello "
            yield impl.request.args["name"]
            yield "!"

        return impl.Response(impl.stream_with_context(generate()))

    assert client.get("/?name=World").data == b"Hello World!"


@pytest.mark.api("stream_with_context")
def test_stream_with_context_as_decorator(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/")
    def index() -> t.Any:
        @impl.stream_with_context
        def generate(hello: str) -> t.Iterator[str]:
            yield hello
            yield impl.request.args["name"]
            yield "!"

        assert generate.__name__ == "generate"
        return impl.Response(generate("Hello "))

    assert client.get("/?name=World").data == b"Hello World!"


@pytest.mark.api("stream_with_context")
def test_stream_with_context_returned_generator(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    """A view may return the wrapped generator itself (a streamed response)."""

    @app.route("/")
    def index() -> t.Any:
        @impl.stream_with_context
        def generate() -> t.Iterator[str]:
            yield impl.request.method
            yield impl.current_app.name

        return generate()

    assert client.get("/").data == b"GET" + app.name.encode()


@pytest.mark.api("stream_with_context", "session", "g")
def test_stream_keeps_session_and_g(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        impl.session["test"] = "flask"
        impl.g.value = "g-value"

        @impl.stream_with_context
        def gen() -> t.Iterator[str]:
            yield impl.session["test"]
            yield impl.g.value

        return impl.Response(gen())

    assert client.get("/").data == b"flaskg-value"


@pytest.mark.api("stream_with_context")
def test_stream_with_context_closes_custom_iterator(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    called: list[int] = []

    class Wrapper:
        def __init__(self, gen: t.Iterator[str]) -> None:
            self._gen = gen

        def __iter__(self) -> Wrapper:
            return self

        def __next__(self) -> str:
            return next(self._gen)

        def close(self) -> None:
            called.append(42)

    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield "Hello "
            yield impl.request.args["name"]
            yield "!"

        return impl.Response(impl.stream_with_context(Wrapper(generate())))

    assert client.get("/?name=World").data == b"Hello World!"
    assert called == [42]


@pytest.mark.api("stream_with_context")
def test_stream_with_context_outside_request_raises(impl: t.Any, app: t.Any) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.stream_with_context(iter(["x"]))
    assert str(exc_info.value) == NO_REQUEST_CTX
    with app.app_context(), pytest.raises(RuntimeError):
        impl.stream_with_context(iter(["x"]))


@pytest.mark.api("stream_with_context")
def test_stream_with_context_decorator_is_lazy(impl: t.Any) -> None:
    """Decorating needs no context; calling the decorated function does."""

    @impl.stream_with_context
    def generate() -> t.Iterator[str]:
        yield "x"

    with pytest.raises(RuntimeError):
        generate()


@pytest.mark.api("stream_with_context")
def test_stream_with_context_in_test_request_context(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context("/?name=ctx"):

        def generate() -> t.Iterator[str]:
            yield impl.request.args["name"]

        wrapped = impl.stream_with_context(generate())
    # The context is gone; iterating pushes it again.
    assert not impl.has_request_context()
    assert list(wrapped) == ["ctx"]
    assert not impl.has_request_context()


@pytest.mark.api("stream_with_context", "Flask.teardown_request")
def test_stream_with_context_teardown_runs_again_when_body_ends(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    log: list[t.Any] = []

    @app.teardown_request
    def teardown_request(exc: BaseException | None) -> None:
        log.append(("teardown_request", exc, impl.has_request_context()))

    @app.teardown_appcontext
    def teardown_appcontext(exc: BaseException | None) -> None:
        log.append(("teardown_appcontext", exc))

    @app.route("/")
    def index() -> t.Any:
        @impl.stream_with_context
        def generate() -> t.Iterator[str]:
            log.append("first")
            yield "a"
            log.append("second")
            yield impl.request.args["x"]
            log.append("end")

        return generate()

    rv = client.get("/?x=1", buffered=False)
    # The view returned: the contexts were popped, teardowns ran once; the test
    # client has read the first item.
    assert log == [
        ("teardown_request", None, True),
        ("teardown_appcontext", None),
        "first",
    ]
    log.clear()
    assert b"".join(rv.response) == b"a1"
    assert log == [
        "second",
        "end",
        ("teardown_request", None, True),
        ("teardown_appcontext", None),
    ]
    log.clear()
    rv.close()
    assert log == []


@pytest.mark.api("stream_with_context")
def test_stream_with_context_closed_early(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    log: list[t.Any] = []

    @app.teardown_request
    def teardown_request(exc: BaseException | None) -> None:
        log.append(("teardown_request", type(exc).__name__))

    @app.route("/")
    def index() -> t.Any:
        @impl.stream_with_context
        def generate() -> t.Iterator[str]:
            try:
                yield "a"
                yield "b"
            finally:
                log.append(("finally", impl.has_request_context()))

        return generate()

    rv = client.get("/", buffered=False)
    assert log == [("teardown_request", "NoneType")]
    log.clear()
    rv.close()
    assert log == [("finally", True), ("teardown_request", "GeneratorExit")]


@pytest.mark.api("stream_with_context")
def test_stream_with_context_error_in_body(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    """An error while streaming is past the error handlers: it propagates to the
    server, after the teardown functions saw it."""
    errors: list[t.Any] = []
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.teardown_request
    def teardown_request(exc: BaseException | None) -> None:
        errors.append(exc)

    @app.errorhandler(ZeroDivisionError)
    def handle(e: Exception) -> str:
        return "not called"

    @app.route("/")
    def index() -> t.Any:
        @impl.stream_with_context
        def generate() -> t.Iterator[str]:
            yield "a"
            raise ZeroDivisionError

        return generate()

    rv = client.get("/")
    assert rv.status_code == 200
    assert errors == [None]
    with pytest.raises(ZeroDivisionError):
        rv.get_data()
    assert errors[0] is None
    assert isinstance(errors[1], ZeroDivisionError)
    with pytest.raises(ZeroDivisionError):
        client.get("/", buffered=True)


@pytest.mark.api("Response")
def test_plain_generator_runs_outside_request_context(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/")
    def index() -> t.Any:
        def generate() -> t.Iterator[str]:
            yield str(impl.has_request_context())
            yield str(impl.has_app_context())

        return generate()

    assert client.get("/").data == b"FalseFalse"


# -- copy_current_request_context ---------------------------------------------------


@pytest.mark.api("copy_current_request_context")
def test_copy_current_request_context_in_thread(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    seen: dict[str, t.Any] = {}

    @app.route("/work")
    def index() -> str:
        impl.session["fizz"] = "buzz"
        impl.g.value = "from the view"

        @impl.copy_current_request_context
        def work(arg: str) -> None:
            seen["arg"] = arg
            seen["path"] = impl.request.path
            seen["args"] = impl.request.args["q"]
            seen["session"] = impl.session["fizz"]
            seen["app"] = impl.current_app._get_current_object()
            # The copy pushes its own app context: a fresh g.
            seen["g"] = impl.g.get("value")

        thread = threading.Thread(target=work, args=("x",))
        thread.start()
        thread.join()
        return "ok"

    assert client.get("/work?q=1").data == b"ok"
    assert seen == {
        "arg": "x",
        "path": "/work",
        "args": "1",
        "session": "buzz",
        "app": app,
        "g": None,
    }


@pytest.mark.api("copy_current_request_context")
def test_copy_current_request_context_after_request_ends(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    calls: list[t.Any] = []
    saved: list[t.Callable[[], t.Any]] = []

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        calls.append("teardown")

    @app.route("/")
    def index() -> str:
        @impl.copy_current_request_context
        def later() -> str:
            calls.append(impl.request.args["q"])
            return "result"

        saved.append(later)
        return "ok"

    client.get("/?q=value")
    assert calls == ["teardown"]
    assert saved[0]() == "result"
    # The copy is a request context of its own: popping it tears down again.
    assert calls == ["teardown", "value", "teardown"]
    assert not impl.has_request_context()


@pytest.mark.api("copy_current_request_context")
def test_copy_current_request_context_keeps_name(impl: t.Any, req_ctx: t.Any) -> None:
    def my_function() -> None:
        """Doc."""

    wrapped = impl.copy_current_request_context(my_function)
    assert wrapped.__name__ == "my_function"
    assert wrapped.__doc__ == "Doc."
    assert wrapped.__wrapped__ is my_function


@pytest.mark.api("copy_current_request_context")
def test_copy_current_request_context_outside_request_raises(
    impl: t.Any, app_ctx: t.Any
) -> None:
    with pytest.raises(RuntimeError) as exc_info:
        impl.copy_current_request_context(lambda: None)
    assert str(exc_info.value) == (
        "'copy_current_request_context' can only be used when a request"
        " context is active, such as in a view function."
    )


@pytest.mark.api("copy_current_request_context", "Flask.ensure_sync")
def test_copy_current_request_context_async_function(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    if impl.name == "flask":
        pytest.importorskip("asgiref")
    results: list[str] = []

    @app.route("/")
    def index() -> str:
        @impl.copy_current_request_context
        async def work() -> str:
            return impl.request.args["q"]

        thread = threading.Thread(target=lambda: results.append(work()))
        thread.start()
        thread.join()
        return "ok"

    assert client.get("/?q=async").data == b"ok"
    assert results == ["async"]
