"""Conformance: Flask's signals (blinker), who sends them, when, and with what.

Receivers are connected for the test's app only (``signal.connected_to(receiver,
app)``), so the two implementations' signals never see each other's requests.
"""

from __future__ import annotations

import importlib
import typing as t

import pytest

SIGNAL_NAMES = {
    "template_rendered": "template-rendered",
    "before_render_template": "before-render-template",
    "request_started": "request-started",
    "request_finished": "request-finished",
    "request_tearing_down": "request-tearing-down",
    "got_request_exception": "got-request-exception",
    "appcontext_tearing_down": "appcontext-tearing-down",
    "appcontext_pushed": "appcontext-pushed",
    "appcontext_popped": "appcontext-popped",
    "message_flashed": "message-flashed",
}


@pytest.fixture
def no_propagation(app: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unhandled errors answer 500, unlogged. The logger is shared by every app
    named like this one, so it is quieted for this test only."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(app.logger, "disabled", True)


def _signals_module(impl: t.Any) -> t.Any:
    return importlib.import_module(f"{impl.name}.signals")


# -- the signal objects -------------------------------------------------------------


@pytest.mark.api(*SIGNAL_NAMES)
def test_signals_are_named_blinker_signals(impl: t.Any) -> None:
    signals = _signals_module(impl)
    for attr, name in SIGNAL_NAMES.items():
        signal = getattr(impl, attr)
        assert signal is getattr(signals, attr)
        assert signal.name == name
        assert signals._signals[name] is signal


@pytest.mark.api("signals.Namespace")
def test_namespace_makes_one_signal_per_name(impl: t.Any) -> None:
    namespace = _signals_module(impl).Namespace()
    signal = namespace.signal("my-signal", doc="Sent when it happens.")
    assert namespace.signal("my-signal") is signal
    assert signal.name == "my-signal"
    assert signal.__doc__ == "Sent when it happens."
    received: list[tuple[t.Any, dict[str, t.Any]]] = []

    def receiver(sender: t.Any, **kwargs: t.Any) -> str:
        received.append((sender, kwargs))
        return "answer"

    with signal.connected_to(receiver):
        assert signal.send("me", value=1) == [(receiver, "answer")]
    assert received == [("me", {"value": 1})]
    assert signal.send("me") == []


# -- request signals ----------------------------------------------------------------


@pytest.mark.api("request_started", "request_finished")
def test_request_signals_order(impl: t.Any, app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    def started(sender: t.Any, **kwargs: t.Any) -> None:
        assert sender is app
        assert kwargs == {}
        assert impl.request.path == "/"
        calls.append("started-signal")

    def finished(sender: t.Any, **kwargs: t.Any) -> None:
        assert sender is app
        assert list(kwargs) == ["response"]
        assert kwargs["response"].data == b"stuff"
        calls.append("finished-signal")

    @app.before_request
    def before() -> None:
        calls.append("before-request")

    @app.after_request
    def after(response: t.Any) -> t.Any:
        calls.append("after-request")
        response.data = "stuff"
        return response

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        calls.append("teardown")

    @app.route("/")
    def index() -> str:
        calls.append("view")
        return "ignored"

    with (
        impl.request_started.connected_to(started, app),
        impl.request_finished.connected_to(finished, app),
    ):
        assert client.get("/").data == b"stuff"
    assert calls == [
        "started-signal",
        "before-request",
        "view",
        "after-request",
        "finished-signal",
        "teardown",
    ]


@pytest.mark.api("request_started", "request_finished")
def test_receivers_of_another_sender_are_not_called(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    other = impl.Flask("other")
    calls: list[t.Any] = []

    def receiver(sender: t.Any, **kwargs: t.Any) -> None:
        calls.append(sender)

    @app.route("/")
    def index() -> str:
        return "ok"

    with impl.request_started.connected_to(receiver, other):
        client.get("/")
    assert calls == []
    with impl.request_started.connected_to(receiver):  # any sender
        client.get("/")
    assert calls == [app]


@pytest.mark.api("request_started")
def test_request_started_receiver_error_is_handled_as_view_error(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    def receiver(sender: t.Any, **kwargs: t.Any) -> None:
        raise ZeroDivisionError

    @app.errorhandler(ZeroDivisionError)
    def handle(e: Exception) -> tuple[str, int]:
        return "handled", 418

    @app.route("/")
    def index() -> str:
        return "ok"

    with impl.request_started.connected_to(receiver, app):
        rv = client.get("/")
    assert rv.status_code == 418
    assert rv.data == b"handled"


@pytest.mark.api("request_finished")
def test_request_finished_for_http_errors(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    responses: list[t.Any] = []

    def receiver(sender: t.Any, response: t.Any) -> None:
        responses.append(response)

    @app.route("/gone")
    def gone() -> str:
        impl.abort(410)

    with impl.request_finished.connected_to(receiver, app):
        assert client.get("/missing").status_code == 404
        assert client.get("/gone").status_code == 410
    assert [r.status_code for r in responses] == [404, 410]


# -- got_request_exception ----------------------------------------------------------


@pytest.mark.api("got_request_exception", "request_finished")
@pytest.mark.usefixtures("no_propagation")
def test_got_request_exception_then_500(impl: t.Any, app: t.Any, client: t.Any) -> None:
    recorded: list[tuple[t.Any, dict[str, t.Any]]] = []
    finished: list[int] = []

    def record(sender: t.Any, **kwargs: t.Any) -> None:
        recorded.append((sender, kwargs))

    def record_finished(sender: t.Any, response: t.Any) -> None:
        finished.append(response.status_code)

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError("boom")

    with (
        impl.got_request_exception.connected_to(record, app),
        impl.request_finished.connected_to(record_finished, app),
    ):
        rv = client.get("/")
    assert rv.status_code == 500
    assert b"Internal Server Error" in rv.data
    assert len(recorded) == 1
    sender, kwargs = recorded[0]
    assert sender is app
    assert list(kwargs) == ["exception"]
    assert isinstance(kwargs["exception"], ZeroDivisionError)
    assert str(kwargs["exception"]) == "boom"
    assert finished == [500]


@pytest.mark.api("got_request_exception")
def test_got_request_exception_sent_before_propagating(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    recorded: list[BaseException] = []

    def record(sender: t.Any, exception: BaseException) -> None:
        recorded.append(exception)

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError

    with (
        impl.got_request_exception.connected_to(record, app),
        pytest.raises(ZeroDivisionError),
    ):
        client.get("/")
    assert len(recorded) == 1
    assert isinstance(recorded[0], ZeroDivisionError)


@pytest.mark.api("got_request_exception")
def test_got_request_exception_not_sent_for_handled_errors(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    recorded: list[BaseException] = []

    def record(sender: t.Any, exception: BaseException) -> None:
        recorded.append(exception)

    @app.errorhandler(ZeroDivisionError)
    def handle(e: Exception) -> str:
        return "handled"

    @app.route("/handled")
    def handled() -> str:
        raise ZeroDivisionError

    @app.route("/http")
    def http() -> str:
        impl.abort(403)

    with impl.got_request_exception.connected_to(record, app):
        assert client.get("/handled").data == b"handled"
        assert client.get("/http").status_code == 403
        assert client.get("/missing").status_code == 404
    assert recorded == []


@pytest.mark.api("got_request_exception")
@pytest.mark.usefixtures("no_propagation")
def test_got_request_exception_for_error_in_error_handler(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    recorded: list[BaseException] = []

    def record(sender: t.Any, exception: BaseException) -> None:
        recorded.append(exception)

    @app.errorhandler(ZeroDivisionError)
    def handle(e: Exception) -> str:
        raise KeyError("from the handler")

    @app.route("/")
    def index() -> str:
        raise ZeroDivisionError

    with impl.got_request_exception.connected_to(record, app):
        assert client.get("/").status_code == 500
    assert [type(e) for e in recorded] == [KeyError]


# -- teardown signals ---------------------------------------------------------------


@pytest.mark.api("request_tearing_down", "appcontext_tearing_down")
def test_tearing_down_signals_after_teardown_functions(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    calls: list[tuple[str, t.Any]] = []

    @app.teardown_request
    def teardown_request(exc: BaseException | None) -> None:
        calls.append(("teardown_request", exc))

    @app.teardown_appcontext
    def teardown_appcontext(exc: BaseException | None) -> None:
        calls.append(("teardown_appcontext", exc))

    def request_tearing_down(sender: t.Any, **kwargs: t.Any) -> None:
        assert sender is app
        assert impl.has_request_context()
        calls.append(("request_tearing_down", kwargs))

    def appcontext_tearing_down(sender: t.Any, **kwargs: t.Any) -> None:
        assert sender is app
        assert impl.has_app_context()
        assert not impl.has_request_context()
        calls.append(("appcontext_tearing_down", kwargs))

    @app.route("/")
    def index() -> str:
        return "ok"

    with (
        impl.request_tearing_down.connected_to(request_tearing_down, app),
        impl.appcontext_tearing_down.connected_to(appcontext_tearing_down, app),
    ):
        client.get("/")
    assert calls == [
        ("teardown_request", None),
        ("request_tearing_down", {"exc": None}),
        ("teardown_appcontext", None),
        ("appcontext_tearing_down", {"exc": None}),
    ]


@pytest.mark.api("request_tearing_down", "appcontext_tearing_down")
@pytest.mark.usefixtures("no_propagation")
def test_tearing_down_signals_get_the_unhandled_exception(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    recorded: list[tuple[str, t.Any]] = []

    def request_tearing_down(sender: t.Any, exc: BaseException | None) -> None:
        recorded.append(("request", exc))

    def appcontext_tearing_down(sender: t.Any, exc: BaseException | None) -> None:
        recorded.append(("app", exc))

    error = ZeroDivisionError("boom")

    @app.route("/")
    def index() -> str:
        raise error

    with (
        impl.request_tearing_down.connected_to(request_tearing_down, app),
        impl.appcontext_tearing_down.connected_to(appcontext_tearing_down, app),
    ):
        assert client.get("/").status_code == 500
    assert recorded == [("request", error), ("app", error)]


@pytest.mark.api("appcontext_tearing_down")
def test_appcontext_tearing_down_with_app_context(impl: t.Any, app: t.Any) -> None:
    recorded: list[t.Any] = []

    def receiver(sender: t.Any, **kwargs: t.Any) -> None:
        recorded.append(kwargs)

    error = ValueError("in the block")
    with impl.appcontext_tearing_down.connected_to(receiver, app):
        with app.app_context():
            pass
        with pytest.raises(ValueError), app.app_context():
            raise error
    assert recorded == [{"exc": None}, {"exc": error}]


# -- app context signals ------------------------------------------------------------


@pytest.mark.api("appcontext_pushed", "appcontext_popped")
def test_appcontext_signals(impl: t.Any, app: t.Any, client: t.Any) -> None:
    recorded: list[tuple[str, bool]] = []

    def pushed(sender: t.Any, **kwargs: t.Any) -> None:
        assert sender is app
        assert kwargs == {}
        recorded.append(("push", impl.has_app_context()))

    def popped(sender: t.Any, **kwargs: t.Any) -> None:
        assert sender is app
        assert kwargs == {}
        recorded.append(("pop", impl.has_app_context()))

    @app.route("/")
    def index() -> str:
        return "ok"

    with (
        impl.appcontext_pushed.connected_to(pushed, app),
        impl.appcontext_popped.connected_to(popped, app),
    ):
        client.get("/")
        assert recorded == [("push", True), ("pop", False)]
        recorded.clear()
        with app.app_context(), app.app_context():
            pass
        assert recorded == [("push", True), ("push", True), ("pop", True)] + [
            ("pop", False)
        ]
        recorded.clear()
        with app.test_request_context():
            pass
        assert recorded == [("push", True), ("pop", False)]


@pytest.mark.api("appcontext_pushed", "g")
def test_appcontext_pushed_can_set_g(impl: t.Any, app: t.Any, client: t.Any) -> None:
    """The recipe from Flask's testing docs: inject a user through ``g``."""

    def set_user(sender: t.Any, **kwargs: t.Any) -> None:
        impl.g.user = "john"

    @app.route("/")
    def index() -> str:
        return f"user: {impl.g.user}"

    with impl.appcontext_pushed.connected_to(set_user, app):
        assert client.get("/").data == b"user: john"


@pytest.mark.api("appcontext_popped")
def test_appcontext_popped_after_teardown(impl: t.Any, app: t.Any) -> None:
    calls: list[str] = []

    @app.teardown_appcontext
    def teardown(exc: BaseException | None) -> None:
        calls.append("teardown")

    def popped(sender: t.Any) -> None:
        calls.append("popped")

    with impl.appcontext_popped.connected_to(popped, app), app.app_context():
        pass
    assert calls == ["teardown", "popped"]


# -- async receivers ----------------------------------------------------------------


@pytest.mark.api("request_started", "request_finished", "Flask.ensure_sync")
def test_async_receivers_run_through_ensure_sync(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    if impl.name == "flask":
        pytest.importorskip("asgiref")
    calls: list[t.Any] = []

    async def started(sender: t.Any, **kwargs: t.Any) -> None:
        calls.append(("started", impl.request.path))

    async def finished(sender: t.Any, response: t.Any) -> None:
        calls.append(("finished", response.status_code))

    @app.route("/path")
    def index() -> str:
        return "ok"

    with (
        impl.request_started.connected_to(started, app),
        impl.request_finished.connected_to(finished, app),
    ):
        assert client.get("/path").data == b"ok"
    assert calls == [("started", "/path"), ("finished", 200)]


# -- template and flash signals -----------------------------------------------------


@pytest.mark.api("template_rendered", "render_template_string")
def test_template_rendered(impl: t.Any, app: t.Any, client: t.Any) -> None:
    recorded: list[tuple[t.Any, t.Any, dict[str, t.Any]]] = []

    def record(sender: t.Any, template: t.Any, context: dict[str, t.Any]) -> None:
        recorded.append((sender, template, context))

    @app.route("/")
    def index() -> str:
        return impl.render_template_string("{{ whiskey }}", whiskey=42)

    with impl.template_rendered.connected_to(record, app):
        assert client.get("/").data == b"42"
    assert len(recorded) == 1
    sender, template, context = recorded[0]
    assert sender is app
    assert template.render(whiskey=1) == "1"
    assert context["whiskey"] == 42
    assert context["request"].path == "/"


@pytest.mark.api("template_rendered", "render_template")
def test_template_rendered_for_file_template(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    recorded: list[str] = []

    def record(sender: t.Any, template: t.Any, context: dict[str, t.Any]) -> None:
        recorded.append(template.name)

    @app.route("/")
    def index() -> str:
        return impl.render_template("stream.html", items=[1, 2])

    with impl.template_rendered.connected_to(record, app):
        assert client.get("/").data == b"<1><2>"
    assert recorded == ["stream.html"]


@pytest.mark.api("before_render_template", "render_template_string")
def test_before_render_template_can_change_context(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    calls: list[str] = []

    def before(sender: t.Any, template: t.Any, context: dict[str, t.Any]) -> None:
        calls.append("before")
        context["whiskey"] = 43

    def rendered(sender: t.Any, template: t.Any, context: dict[str, t.Any]) -> None:
        calls.append("rendered")
        assert context["whiskey"] == 43

    @app.route("/")
    def index() -> str:
        return impl.render_template_string("{{ whiskey }}", whiskey=42)

    with (
        impl.before_render_template.connected_to(before, app),
        impl.template_rendered.connected_to(rendered, app),
    ):
        assert client.get("/").data == b"43"
    assert calls == ["before", "rendered"]


@pytest.mark.api("message_flashed", "flash")
def test_message_flashed(impl: t.Any, app: t.Any, client: t.Any) -> None:
    recorded: list[tuple[t.Any, dict[str, t.Any]]] = []

    def record(sender: t.Any, **kwargs: t.Any) -> None:
        recorded.append((sender, kwargs))

    @app.route("/")
    def index() -> str:
        impl.flash("This is a flash message", category="notice")
        impl.flash("another")
        return ""

    with impl.message_flashed.connected_to(record, app):
        client.get("/")
    assert recorded == [
        (app, {"message": "This is a flash message", "category": "notice"}),
        (app, {"message": "another", "category": "message"}),
    ]
