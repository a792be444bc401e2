"""Faults: an exception raised by a view, a ``before_request`` or ``after_request``
hook, an error handler, a teardown function or a streamed body, side by side on real
Flask (the oracle) and on flaskcompat.

Every scenario states what Flask 3.1 does and checks it on both: the status (the 500
page, or the exception propagated when ``TESTING`` or ``PROPAGATE_EXCEPTIONS`` says
so), the teardown functions (they run and see the exception), the
``got_request_exception`` signal (blinker is installed), the log line, and the app
afterwards: no context left pushed, and the next request is served normally. Each
runs through the raw WSGI call ``app(environ, start_response)`` and through the
test client.
"""

from __future__ import annotations

import io
import logging
import types
import typing as t
from dataclasses import dataclass, field
from wsgiref.util import setup_testing_defaults

import flask
import pytest
from wsgi_support import WSGICall

import flaskcompat

IMPLS = {"flask": flask, "flaskcompat": flaskcompat}
APP_NAME = "faults_app"

#: How the app treats an unhandled exception: ``page`` answers the 500 page,
#: ``testing`` (TESTING=True) and ``propagate`` (PROPAGATE_EXCEPTIONS=True)
#: re-raise it out of the WSGI call.
MODES = {
    "page": {"PROPAGATE_EXCEPTIONS": False},
    "testing": {"TESTING": True},
    "propagate": {"PROPAGATE_EXCEPTIONS": True},
}


class Boom(Exception):
    """The injected fault."""


class HandlerBoom(Exception):
    """Raised by the 500 error handler itself."""


@dataclass
class Outcome:
    """What one request gave: the status (``start_response``'s or the test
    response's), the body read before any error, and the error and where it came
    out: ``"call"`` (the WSGI call or ``client.get``) or ``"body"`` (iterating the
    body)."""

    status: int | None = None
    body: bytes = b""
    error: BaseException | None = None
    raised_at: str | None = None


@dataclass
class Rig:
    """One app with every hook instrumented; ``fault`` names where ``Boom`` is
    raised while :attr:`armed` (only the request to ``/fault``)."""

    impl: types.ModuleType
    fault: str
    mode: str
    via: str
    armed: bool = False
    teardown_request: list[BaseException | None] = field(default_factory=list)
    teardown_appcontext: list[BaseException | None] = field(default_factory=list)
    after_request: list[int] = field(default_factory=list)
    signalled: list[BaseException] = field(default_factory=list)
    handled: list[t.Any] = field(default_factory=list)
    view_called: bool = False
    app: t.Any = None

    def __post_init__(self) -> None:
        impl = self.impl
        app = impl.Flask(APP_NAME)
        app.config.update(SECRET_KEY="faults", **MODES[self.mode])
        self.app = app

        def fault(where: str) -> None:
            if self.armed and self.fault == where:
                raise Boom(where)

        @app.route("/ok")
        def ok() -> str:
            return "ok"

        @app.route("/fault")
        def fault_view() -> t.Any:
            self.view_called = True
            if self.fault == "errorhandler":
                raise LookupError("handled by a handler that fails")
            if self.fault == "stream":
                return app.response_class(self._body())
            if self.fault == "stream_with_context":
                return app.response_class(impl.stream_with_context(self._body()))
            fault("view")
            fault("500 handler")
            return "fault view"

        @app.before_request
        def before() -> None:
            fault("before_request")

        @app.after_request
        def after(response: t.Any) -> t.Any:
            self.after_request.append(response.status_code)
            fault("after_request")
            return response

        @app.errorhandler(LookupError)
        def lookup_error(e: LookupError) -> str:
            self.handled.append(e)
            fault("errorhandler")
            return "handled"

        @app.errorhandler(500)
        def server_error(e: t.Any) -> tuple[str, int]:
            self.handled.append(e)
            if self.armed and self.fault == "500 handler":
                raise HandlerBoom("the 500 handler failed")
            return "custom 500 page", 500

        @app.teardown_request
        def teardown_request(exc: BaseException | None) -> None:
            self.teardown_request.append(exc)
            fault("teardown_request")

        @app.teardown_appcontext
        def teardown_appcontext(exc: BaseException | None) -> None:
            self.teardown_appcontext.append(exc)
            fault("teardown_appcontext")

        def on_exception(sender: t.Any, exception: BaseException, **kw: t.Any) -> None:
            self.signalled.append(exception)

        impl.got_request_exception.connect(on_exception, app, weak=False)

    def _body(self) -> t.Iterator[bytes]:
        yield b"first chunk;"
        if self.fault == "stream_with_context":
            assert self.impl.has_request_context()
        if self.armed:
            raise Boom(self.fault)
        yield b"rest"

    def request(self, path: str) -> Outcome:
        """Send ``GET path`` through :attr:`via` and read the whole body."""
        if self.via == "wsgi":
            return self._wsgi(path)
        return self._client(path)

    def _wsgi(self, path: str) -> Outcome:
        outcome = Outcome()
        environ: dict[str, t.Any] = {
            "PATH_INFO": path,
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": io.StringIO(),
        }
        setup_testing_defaults(environ)

        call = WSGICall(self.app, environ)
        try:
            body = call.start()
        except Exception as e:
            outcome.error, outcome.raised_at = e, "call"
        else:
            try:
                for chunk in body:
                    outcome.body += chunk
            except Exception as e:
                outcome.error, outcome.raised_at = e, "body"
            finally:
                call.close()
        if call.started:
            outcome.status = int(call.started[-1][0].split()[0])
        return outcome

    def _client(self, path: str) -> Outcome:
        outcome = Outcome()
        try:
            response = self.app.test_client().get(path)
        except Exception as e:
            outcome.error, outcome.raised_at = e, "call"
            return outcome
        outcome.status = response.status_code
        try:
            for chunk in response.iter_encoded():
                outcome.body += chunk
        except Exception as e:
            outcome.error, outcome.raised_at = e, "body"
        finally:
            response.close()
        return outcome

    def fault_request(self) -> Outcome:
        """``GET /fault`` with the fault armed."""
        self.armed = True
        try:
            return self.request("/fault")
        finally:
            self.armed = False

    def assert_recovered(self) -> None:
        """No context is left pushed, and the next request works and tears down
        cleanly, without a signal."""
        assert not self.impl.has_request_context()
        assert not self.impl.has_app_context()
        signalled = len(self.signalled)
        del self.teardown_request[:], self.teardown_appcontext[:]
        outcome = self.request("/ok")
        assert (outcome.status, outcome.body, outcome.error) == (200, b"ok", None)
        assert self.teardown_request == [None]
        assert self.teardown_appcontext == [None]
        assert len(self.signalled) == signalled
        assert not self.impl.has_request_context()
        assert not self.impl.has_app_context()


@pytest.fixture(autouse=True)
def _restore_logger() -> t.Iterator[None]:
    """The apps share one logger: give back its state after each test."""
    logger = logging.getLogger(APP_NAME)
    disabled, level, handlers = logger.disabled, logger.level, list(logger.handlers)
    yield
    logger.disabled = disabled
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture(params=list(IMPLS))
def impl(request: pytest.FixtureRequest) -> types.ModuleType:
    return IMPLS[request.param]


@pytest.fixture(params=["wsgi", "client"])
def via(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


def _logged_exception(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == APP_NAME and r.levelno == logging.ERROR and r.exc_info
    ]


def _is_500_page(outcome: Outcome, body: bytes) -> bool:
    return outcome.status == 500 and outcome.error is None and body in outcome.body


# -- an exception while dispatching: 500 page or propagation ----------------


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize(
    "fault", ["view", "before_request", "after_request", "errorhandler"]
)
def test_dispatch_fault(
    impl: types.ModuleType,
    via: str,
    fault: str,
    mode: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rig = Rig(impl, fault, mode, via)
    outcome = rig.fault_request()

    assert rig.view_called is (fault != "before_request")
    if fault == "errorhandler":
        assert isinstance(rig.handled[0], LookupError)
    [boom] = rig.signalled
    assert isinstance(boom, Boom) and boom.args == (fault,)
    # The teardown functions run once and see the exception, whatever the mode.
    assert rig.teardown_request == [boom]
    assert rig.teardown_appcontext == [boom]
    if mode == "page":
        # The 500 handler gets an InternalServerError wrapping the exception;
        # the after_request hooks run on its response (a failing hook is called
        # again there, fails again, and that is logged, not raised).
        assert _is_500_page(outcome, b"custom 500 page")
        assert rig.handled[-1].original_exception is boom
        assert rig.after_request[-1] == 500
        logged = _logged_exception(caplog)
        assert logged[0] == "Exception on /fault [GET]"
        if fault == "after_request":
            assert rig.after_request == [200, 500]
            assert logged[1:] == [
                "Request finalizing failed with an error while handling an error"
            ]
        else:
            assert logged[1:] == []
    else:
        assert outcome.error is boom and outcome.raised_at == "call"
        assert rig.after_request == ([200] if fault == "after_request" else [])
        assert _logged_exception(caplog) == []
    rig.assert_recovered()


def test_default_500_page(impl: types.ModuleType, via: str) -> None:
    """Without a 500 handler the page is the standard Internal Server Error."""
    rig = Rig(impl, "view", "page", via)
    del rig.app.error_handler_spec[None][500]
    outcome = rig.fault_request()
    assert _is_500_page(outcome, b"<title>500 Internal Server Error</title>")
    rig.assert_recovered()


@pytest.mark.parametrize("mode", list(MODES))
def test_failing_500_handler(impl: types.ModuleType, via: str, mode: str) -> None:
    """When the 500 handler itself raises, that exception leaves the app even
    in ``page`` mode; the teardown functions still see the original one."""
    rig = Rig(impl, "500 handler", mode, via)
    outcome = rig.fault_request()
    [boom] = rig.signalled
    assert rig.teardown_request == [boom]
    assert rig.teardown_appcontext == [boom]
    assert outcome.raised_at == "call"
    if mode == "page":
        assert isinstance(outcome.error, HandlerBoom)
        assert rig.handled[0].original_exception is boom
    else:
        assert outcome.error is boom
        assert rig.handled == []
    rig.assert_recovered()


def test_base_exception_propagates(impl: types.ModuleType, via: str) -> None:
    """A BaseException (here KeyboardInterrupt) is never turned into a 500: it
    propagates, no signal is sent, and the teardown functions see it."""
    rig = Rig(impl, "none", "page", via)

    @rig.app.route("/interrupt")
    def interrupt() -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as info:
        rig.request("/interrupt")
    assert rig.signalled == []
    assert rig.teardown_request == [info.value]
    assert rig.teardown_appcontext == [info.value]
    rig.assert_recovered()


# -- an exception in a teardown function ---------------------------------------


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("fault", ["teardown_request", "teardown_appcontext"])
def test_teardown_fault(
    impl: types.ModuleType, via: str, fault: str, mode: str
) -> None:
    """The response was already started when the contexts are popped: the
    teardown's exception leaves the app in every mode, no signal is sent, the
    application context's teardown still runs and both contexts are popped."""
    rig = Rig(impl, fault, mode, via)
    outcome = rig.fault_request()
    assert isinstance(outcome.error, Boom) and outcome.raised_at == "call"
    if via == "wsgi":
        assert outcome.status == 200  # start_response was called first
    assert rig.after_request == [200]
    assert rig.teardown_request == [None]
    assert rig.teardown_appcontext == [None]
    assert rig.signalled == []
    rig.assert_recovered()


@pytest.mark.parametrize("fault", ["teardown_request", "teardown_appcontext"])
def test_teardown_fault_after_view_fault(
    impl: types.ModuleType, via: str, fault: str
) -> None:
    """A view fails, the 500 page is made, then a teardown function fails too:
    the teardown's exception leaves the app, the teardowns saw the view's."""
    rig = Rig(impl, fault, "page", via)

    @rig.app.route("/both")
    def both() -> str:
        raise ValueError("view")

    rig.armed = True
    try:
        outcome = rig.request("/both")
    finally:
        rig.armed = False
    [view_error] = rig.signalled
    assert isinstance(view_error, ValueError)
    assert isinstance(outcome.error, Boom) and outcome.raised_at == "call"
    if via == "wsgi":
        assert outcome.status == 500
    assert rig.teardown_request == [view_error]
    assert rig.teardown_appcontext == [view_error]
    rig.assert_recovered()


# -- an exception in the middle of a streamed body -----------------------------


@pytest.mark.parametrize("mode", list(MODES))
def test_stream_fault(impl: types.ModuleType, via: str, mode: str) -> None:
    """The status and the first chunk are out when the generator fails: the
    error comes out of the body's iteration in every mode. The contexts were
    popped (teardowns without error) before the body was read; no signal."""
    rig = Rig(impl, "stream", mode, via)
    outcome = rig.fault_request()
    assert outcome.status == 200
    assert outcome.body == b"first chunk;"
    assert isinstance(outcome.error, Boom) and outcome.raised_at == "body"
    assert rig.teardown_request == [None]
    assert rig.teardown_appcontext == [None]
    assert rig.after_request == [200]
    assert rig.signalled == []
    rig.assert_recovered()


@pytest.mark.parametrize("mode", list(MODES))
def test_stream_with_context_fault(impl: types.ModuleType, via: str, mode: str) -> None:
    """With ``stream_with_context`` the contexts are pushed again around the
    body: the generator's exception pops them and the teardown functions run a
    second time, seeing it."""
    rig = Rig(impl, "stream_with_context", mode, via)
    outcome = rig.fault_request()
    assert outcome.status == 200
    assert outcome.body == b"first chunk;"
    assert isinstance(outcome.error, Boom) and outcome.raised_at == "body"
    assert rig.teardown_request == [None, outcome.error]
    assert rig.teardown_appcontext == [None, outcome.error]
    assert rig.signalled == []
    rig.assert_recovered()


@pytest.mark.parametrize("fault", ["stream", "stream_with_context"])
def test_stream_closed_early(impl: types.ModuleType, fault: str) -> None:
    """A client gone after the first chunk: the server closes the body without
    reading on. A ``stream_with_context`` body pops its contexts on close, and
    its teardown functions see the ``GeneratorExit`` that closing raised in it."""
    rig = Rig(impl, fault, "page", "wsgi")
    environ: dict[str, t.Any] = {"PATH_INFO": "/fault", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    call = WSGICall(rig.app, environ)
    assert next(iter(call.start())) == b"first chunk;"
    call.close()
    assert rig.teardown_request[0] is None
    assert rig.teardown_appcontext[0] is None
    if fault == "stream":
        assert len(rig.teardown_request) == len(rig.teardown_appcontext) == 1
    else:
        assert [type(e) for e in rig.teardown_request[1:]] == [GeneratorExit]
        assert [type(e) for e in rig.teardown_appcontext[1:]] == [GeneratorExit]
    rig.assert_recovered()
