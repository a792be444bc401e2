"""Conformance: message flashing (``flash``, ``get_flashed_messages``): messages
stored in the session for the next request, read once per request, categories and
filters, the session cookie they leave, and the ``message_flashed`` signal."""

from __future__ import annotations

import importlib
import typing as t

import pytest
from markupsafe import Markup

pytestmark = pytest.mark.api("flash", "get_flashed_messages")


@pytest.fixture
def flash_app(app: t.Any, impl: t.Any) -> t.Any:
    """``/flash?m=<msg>&c=<category>`` (repeatable), ``/show`` (messages as
    JSON; ``?cat=1`` with categories, ``?only=<category>`` filters) and a
    login form that redirects with a message."""

    @app.route("/flash")
    def flash_view() -> str:
        messages = impl.request.args.getlist("m")
        categories = impl.request.args.getlist("c")
        for i, message in enumerate(messages):
            if i < len(categories):
                impl.flash(message, categories[i])
            else:
                impl.flash(message)
        return "flashed"

    @app.route("/show")
    def show() -> t.Any:
        return impl.jsonify(
            impl.get_flashed_messages(
                with_categories=bool(impl.request.args.get("cat")),
                category_filter=impl.request.args.getlist("only"),
            )
        )

    @app.route("/login", methods=["POST"])
    def login() -> t.Any:
        if impl.request.form.get("password") != "secret":
            impl.flash("Invalid password", "error")
            return impl.redirect(impl.url_for("show", cat=1))
        impl.flash("You were logged in")
        return impl.redirect(impl.url_for("show"))

    return app


def test_flash_across_a_redirect(flash_app: t.Any) -> None:
    client = flash_app.test_client()
    rv = client.post("/login", data={"password": "nope"}, follow_redirects=True)
    assert rv.request.path == "/show"
    assert rv.json == [["error", "Invalid password"]]
    rv = client.post("/login", data={"password": "secret"}, follow_redirects=True)
    assert rv.json == ["You were logged in"]
    assert client.get("/show").json == []


def test_messages_are_read_once(flash_app: t.Any) -> None:
    client = flash_app.test_client()
    client.get("/flash?m=one&m=two")
    client.get("/flash?m=three")
    assert client.get("/show").json == ["one", "two", "three"]
    assert client.get("/show").json == []


def test_categories(flash_app: t.Any) -> None:
    client = flash_app.test_client()
    url = "/flash?m=a&c=message&m=b&c=error&m=c&c=info&m=d&c=error"
    client.get(url)
    assert client.get("/show?cat=1").json == [
        ["message", "a"],
        ["error", "b"],
        ["info", "c"],
        ["error", "d"],
    ]
    client.get(url)
    assert client.get("/show?only=error").json == ["b", "d"]
    client.get(url)
    assert client.get("/show?only=error&only=info&cat=1").json == [
        ["error", "b"],
        ["info", "c"],
        ["error", "d"],
    ]
    # Filtered-out messages are gone too: the whole list left the session.
    assert client.get("/show").json == []


def test_default_category_is_message(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        impl.flash("hello")
        assert impl.session["_flashes"] == [("message", "hello")]


def test_within_one_request(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        assert impl.get_flashed_messages() == []
        impl.flash("first")
        impl.flash("second", "warning")
        # The messages were read once already: the empty list is cached.
        assert impl.get_flashed_messages() == []
        assert impl.session["_flashes"] == [
            ("message", "first"),
            ("warning", "second"),
        ]
    with app.test_request_context():
        impl.flash("first")
        impl.flash("second", "warning")
        assert impl.get_flashed_messages() == ["first", "second"]
        assert "_flashes" not in impl.session
        impl.flash("third")
        assert impl.get_flashed_messages(with_categories=True) == [
            ("message", "first"),
            ("warning", "second"),
        ]
        assert impl.session["_flashes"] == [("message", "third")]


def test_return_types(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        impl.flash("a", "x")
        impl.flash(Markup("<b>b</b>"), "y")
        plain = impl.get_flashed_messages()
        tagged = impl.get_flashed_messages(with_categories=True)
        filtered = impl.get_flashed_messages(True, ["y"])
    assert plain == ["a", Markup("<b>b</b>")]
    assert type(plain) is list
    assert tagged == [("x", "a"), ("y", Markup("<b>b</b>"))]
    assert all(type(f) is tuple for f in tagged)
    assert filtered == [("y", Markup("<b>b</b>"))]


def test_message_types_survive_the_cookie(impl: t.Any, app: t.Any) -> None:
    @app.route("/set")
    def set_view() -> str:
        impl.flash(Markup("<em>safe</em>"), "html")
        impl.flash("plain <em>", "text")
        return ""

    @app.route("/get")
    def get_view() -> str:
        return repr(impl.get_flashed_messages(with_categories=True))

    client = app.test_client()
    client.get("/set")
    assert client.get("/get").text == (
        "[('html', Markup('<em>safe</em>')), ('text', 'plain <em>')]"
    )


def test_session_cookie_after_reading(flash_app: t.Any) -> None:
    client = flash_app.test_client()
    rv = client.get("/flash?m=x")
    assert len(rv.headers.getlist("Set-Cookie")) == 1
    assert rv.headers["Vary"] == "Cookie"
    rv = client.get("/show")
    # Reading emptied the session: the cookie is deleted.
    assert rv.headers.getlist("Set-Cookie") == [
        "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"
    ]
    rv = client.get("/show")
    assert rv.headers.getlist("Set-Cookie") == []
    assert rv.headers["Vary"] == "Cookie"


def test_flashes_are_kept_beside_other_session_data(
    impl: t.Any, flash_app: t.Any
) -> None:
    @flash_app.route("/user")
    def user() -> str:
        impl.session["user"] = "ann"
        return ""

    @flash_app.route("/keys")
    def keys() -> str:
        return ",".join(sorted(impl.session))

    client = flash_app.test_client()
    client.get("/user")
    client.get("/flash?m=hi")
    assert client.get("/keys").text == "_flashes,user"
    assert client.get("/show").json == ["hi"]
    assert client.get("/keys").text == "user"


def test_session_transaction_sees_flashes(flash_app: t.Any) -> None:
    client = flash_app.test_client()
    client.get("/flash?m=hi&c=info")
    with client.session_transaction() as sess:
        assert sess["_flashes"] == [("info", "hi")]
        sess["_flashes"].append(("error", "added"))
        sess.modified = True
    assert client.get("/show?cat=1").json == [["info", "hi"], ["error", "added"]]


def test_flash_outside_a_request_raises(impl: t.Any, app: t.Any) -> None:
    for call in (lambda: impl.flash("x"), impl.get_flashed_messages):
        with pytest.raises(RuntimeError) as exc_info:
            call()
        assert str(exc_info.value).startswith("Working outside of request context.")
    with app.app_context():
        with pytest.raises(RuntimeError) as exc_info:
            impl.flash("x")
        assert str(exc_info.value).startswith("Working outside of request context.")


def test_flash_without_secret_key_raises(impl: t.Any, app: t.Any) -> None:
    app.secret_key = None
    with app.test_request_context():
        assert impl.get_flashed_messages() == []
        with pytest.raises(RuntimeError) as exc_info:
            impl.flash("x")
    assert str(exc_info.value).startswith("The session is unavailable because no")


@pytest.mark.api("flash", "signals.message_flashed")
def test_message_flashed_signal(impl: t.Any, app: t.Any) -> None:
    signals = importlib.import_module(f"{impl.name}.signals")
    recorded: list[tuple[t.Any, str, str]] = []

    def record(sender: t.Any, message: str, category: str) -> None:
        recorded.append((sender, message, category))

    with signals.message_flashed.connected_to(record, app), app.test_request_context():
        impl.flash("hello")
        impl.flash("careful", "warning")
    assert recorded == [(app, "hello", "message"), (app, "careful", "warning")]
