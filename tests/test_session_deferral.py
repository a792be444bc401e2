"""flaskcompat opens the default cookie session on first use when the request
carries no session cookie (Flask opens it on every push). These tests pin that
the deferral is invisible: same cookies, same Vary, and eager opening for any
other session interface."""

from __future__ import annotations

import typing as t

import pytest

from flaskcompat import Flask, session
from flaskcompat.sessions import SecureCookieSessionInterface


class CountingInterface(SecureCookieSessionInterface):
    """The default behaviour, counting how often a session is opened."""

    opened = 0

    def open_session(self, app: t.Any, request: t.Any) -> t.Any:
        type(self).opened += 1
        return super().open_session(app, request)


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "deferral"

    @app.route("/plain")
    def plain() -> str:
        return "plain"

    @app.route("/read")
    def read() -> str:
        return str(session.get("n", 0))

    @app.route("/write")
    def write() -> str:
        session["n"] = session.get("n", 0) + 1
        session.permanent = True
        return "written"

    return app


def test_untouched_session_without_cookie_sets_nothing(app: Flask) -> None:
    rv = app.test_client().get("/plain")
    assert "Set-Cookie" not in rv.headers
    assert "Vary" not in rv.headers


def test_reading_without_cookie_varies_but_sets_nothing(app: Flask) -> None:
    rv = app.test_client().get("/read")
    assert rv.data == b"0"
    assert rv.headers["Vary"] == "Cookie"
    assert "Set-Cookie" not in rv.headers


def test_permanent_session_is_refreshed_even_when_untouched(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/write")
    assert "session=" in first.headers["Set-Cookie"]
    # Not touched by the view, but a permanent session is refreshed each
    # request (SESSION_REFRESH_EACH_REQUEST): the cookie is opened at push.
    again = client.get("/plain")
    assert "session=" in again.headers["Set-Cookie"]
    assert client.get("/read").data == b"1"


def test_deferred_only_for_the_default_interface(app: Flask) -> None:
    CountingInterface.opened = 0
    app.session_interface = CountingInterface()
    app.test_client().get("/plain")
    assert CountingInterface.opened == 1  # a subclass may rely on eager opening


def test_copied_context_shares_the_session(app: Flask) -> None:
    with app.test_request_context("/"):
        from flaskcompat.globals import request_ctx

        copy = request_ctx.copy()
        assert copy._session is request_ctx._session
