"""Session cookies cross between Flask and flaskcompat: a cookie one writes, the
other reads, given the same secret key, including permanent sessions, every type
the tagged serializer supports, and key rotation with ``SECRET_KEY_FALLBACKS``.

This is the migration story: during a move from Flask to flaskcompat (or back), or
with both behind one domain, users stay logged in. The seed's older ``Session``
name is checked here too.
"""

from __future__ import annotations

import typing as t
import uuid
from datetime import datetime, timedelta, timezone

import flask
import pytest
from markupsafe import Markup

import flaskcompat

IMPLS = {"flask": flask, "flaskcompat": flaskcompat}

#: Every type the tagged serializer supports, nested as a session would be.
VALUES: dict[str, t.Any] = {
    "str": "Zoë ☃",
    "int": 42,
    "float": 1.25,
    "bool": True,
    "none": None,
    "list": [1, "a", [None]],
    "tuple": (1, "a", (2, [3])),
    "bytes": b"\x00\xff\x10 raw",
    "datetime": datetime(2020, 2, 29, 12, 30, 45, tzinfo=timezone.utc),
    "markup": Markup("<b>bold</b> &amp;"),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "dict": {"a": {"b": (b"x",)}},
    "tag_like": {" di": 2, " t": [1]},
    "one_key_tag": {" u": "not a uuid"},
    "list_of_tuples": [(1, 2), (3, 4)],
}


def make_app(name: str, secret_key: str = "shared secret", **config: t.Any) -> t.Any:
    """The same app on either implementation: ``/write`` stores :data:`VALUES`,
    ``/read`` describes the session, ``/permanent`` makes it permanent,
    ``/touch`` adds a key."""
    impl = IMPLS[name]
    app = impl.Flask(f"crossing_{name}")
    app.config.update(TESTING=True, SECRET_KEY=secret_key, **config)

    @app.route("/write")
    def write() -> str:
        impl.session.update(VALUES)
        return "written"

    @app.route("/read")
    def read() -> str:
        return repr(sorted((k, type(v).__name__, v) for k, v in impl.session.items()))

    @app.route("/permanent")
    def permanent() -> str:
        impl.session["user"] = "ann"
        impl.session.permanent = True
        return "permanent"

    @app.route("/touch")
    def touch() -> str:
        impl.session["touched"] = name
        return "touched"

    return app


def session_cookie(rv: t.Any) -> tuple[str, str]:
    """The session cookie's value and its attributes from a ``Set-Cookie``."""
    (header,) = rv.headers.getlist("Set-Cookie")
    value, _, attributes = header.partition("; ")
    assert value.startswith("session=")
    return value[len("session=") :], attributes


def read_with(name: str, cookie: str, **config: t.Any) -> str:
    client = make_app(name, **config).test_client()
    client.set_cookie("session", cookie)
    return client.get("/read").text  # type: ignore[no-any-return]


def expected_read(values: dict[str, t.Any]) -> str:
    return repr(sorted((k, type(v).__name__, v) for k, v in values.items()))


PAIRS = pytest.mark.parametrize(
    ("writer", "reader"), [("flask", "flaskcompat"), ("flaskcompat", "flask")]
)


@PAIRS
def test_tagged_values_cross(writer: str, reader: str) -> None:
    cookie, _ = session_cookie(make_app(writer).test_client().get("/write"))
    assert read_with(reader, cookie) == expected_read(VALUES)
    # and the reader reads exactly what the writer itself reads
    assert read_with(reader, cookie) == read_with(writer, cookie)


def test_both_write_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import itsdangerous

    monkeypatch.setattr(
        itsdangerous.TimestampSigner, "get_timestamp", lambda self: 1_700_000_000
    )
    headers = {
        name: make_app(name).test_client().get("/write").headers["Set-Cookie"]
        for name in IMPLS
    }
    assert headers["flask"] == headers["flaskcompat"]


@PAIRS
def test_permanent_session_crosses(writer: str, reader: str) -> None:
    rv = make_app(writer).test_client().get("/permanent")
    cookie, attributes = session_cookie(rv)
    assert "Expires=" in attributes
    client = make_app(reader).test_client()
    client.set_cookie("session", cookie)
    rv = client.get("/read")
    assert rv.text == expected_read({"_permanent": True, "user": "ann"})
    # The reader refreshes the permanent cookie; the writer reads the refresh.
    refreshed, attributes = session_cookie(rv)
    assert "Expires=" in attributes
    assert read_with(writer, refreshed) == rv.text


@PAIRS
def test_lifetime_is_checked_by_the_reader(writer: str, reader: str) -> None:
    import itsdangerous

    signed_at = 1_700_000_000
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            itsdangerous.TimestampSigner, "get_timestamp", lambda self: signed_at
        )
        cookie, _ = session_cookie(make_app(writer).test_client().get("/permanent"))
        mp.setattr(
            itsdangerous.TimestampSigner,
            "get_timestamp",
            lambda self: signed_at + 3601,
        )
        assert read_with(reader, cookie, PERMANENT_SESSION_LIFETIME=3600) == "[]"
        assert read_with(
            reader, cookie, PERMANENT_SESSION_LIFETIME=timedelta(hours=2)
        ) == expected_read({"_permanent": True, "user": "ann"})


@PAIRS
def test_secret_key_rotation_across(writer: str, reader: str) -> None:
    # The writer still runs with the old key ...
    old_cookie, _ = session_cookie(
        make_app(writer, secret_key="old").test_client().get("/touch")
    )
    # ... the reader was deployed with the new one and the old as a fallback.
    rotated = {"secret_key": "new", "SECRET_KEY_FALLBACKS": ["older", "old"]}
    assert read_with(reader, old_cookie, secret_key="new") == "[]"
    assert read_with(reader, old_cookie, **rotated) == expected_read(
        {"touched": writer}
    )
    # The reader re-signs with the new key once the session changes ...
    client = make_app(reader, **rotated).test_client()
    client.set_cookie("session", old_cookie)
    new_cookie, _ = session_cookie(client.get("/touch"))
    # ... which the writer, deployed with the new key, reads; the old key cannot.
    assert read_with(writer, new_cookie, secret_key="new") == expected_read(
        {"touched": reader}
    )
    assert read_with(writer, new_cookie, secret_key="old") == "[]"


@PAIRS
def test_tampered_cookie_is_rejected_by_both(writer: str, reader: str) -> None:
    cookie, _ = session_cookie(make_app(writer).test_client().get("/touch"))
    payload, timestamp, signature = cookie.split(".")
    forged = f"eyJ0b3VjaGVkIjoiYWRtaW4ifQ.{timestamp}.{signature}"
    assert read_with(reader, forged) == "[]"
    assert read_with(writer, forged) == "[]"
    assert read_with(reader, cookie, secret_key="other") == "[]"


@PAIRS
def test_flashed_messages_cross(writer: str, reader: str) -> None:
    writer_impl, reader_impl = IMPLS[writer], IMPLS[reader]
    app = make_app(writer)

    @app.route("/flash")
    def flash_view() -> str:
        writer_impl.flash(Markup("<i>saved</i>"), "success")
        writer_impl.flash("plain")
        return ""

    cookie, _ = session_cookie(app.test_client().get("/flash"))
    other = make_app(reader)

    @other.route("/show")
    def show() -> str:
        return repr(reader_impl.get_flashed_messages(with_categories=True))

    client = other.test_client()
    client.set_cookie("session", cookie)
    rv = client.get("/show")
    assert rv.text == "[('success', Markup('<i>saved</i>')), ('message', 'plain')]"
    # Reading the last messages deletes the cookie.
    assert rv.headers["Set-Cookie"].startswith("session=; Expires=Thu, 01 Jan 1970")


@PAIRS
def test_session_transaction_cookie_crosses(writer: str, reader: str) -> None:
    client = make_app(writer).test_client()
    with client.session_transaction() as sess:
        sess["from"] = ("transaction", writer)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert read_with(reader, cookie.value) == expected_read(
        {"from": ("transaction", writer)}
    )


@pytest.mark.api("Session")
def test_seed_session_name_is_the_cookie_session() -> None:
    # The seed exported ``Session``; it stays the cookie session class, so code
    # written against the seed (``isinstance(session, Session)``) keeps working.
    assert flaskcompat.Session is flaskcompat.sessions.SecureCookieSession
    app = make_app("flaskcompat")
    with app.test_request_context():
        assert isinstance(
            flaskcompat.session._get_current_object(), flaskcompat.Session
        )
    sess = flaskcompat.Session({"a": 1})
    assert sess.modified is False
    sess["b"] = 2
    assert sess.modified is True
