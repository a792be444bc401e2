"""Conformance: the session (``session``, ``flask.sessions``): the signed cookie's
exact bytes and attributes, when it is written, refreshed or deleted, ``Vary:
Cookie``, expiry, key rotation, tampered cookies, the null session and custom
session interfaces.

Signatures carry a timestamp; the ``clock`` fixture pins itsdangerous's clock so the
cookies can be compared byte for byte with the ones Flask writes.
"""

from __future__ import annotations

import hashlib
import importlib
import random
import typing as t
import uuid
from datetime import datetime, timedelta, timezone

import itsdangerous
import pytest
from markupsafe import Markup

SESSION = pytest.mark.api("session")
INTERFACE = pytest.mark.api(
    "session", "sessions.SecureCookieSessionInterface", "sessions.SessionInterface"
)

#: 2023-11-14 22:13:20 UTC, the time every pinned signature is made at.
NOW = 1_700_000_000
NULL_SESSION_MSG = (
    "The session is unavailable because no secret key was set.  Set the"
    " secret_key on the application to something unique and secret."
)


def sessions_module(impl: t.Any) -> t.Any:
    return importlib.import_module(f"{impl.name}.sessions")


class Clock:
    """itsdangerous's clock, pinned: ``clock.now`` is the signing time."""

    def __init__(self, now: int) -> None:
        self.now = now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(NOW)
    monkeypatch.setattr(
        itsdangerous.TimestampSigner, "get_timestamp", lambda self: clock.now
    )
    return clock


def set_cookies(rv: t.Any) -> list[str]:
    return rv.headers.getlist("Set-Cookie")  # type: ignore[no-any-return]


def cookie_value(rv: t.Any, name: str = "session") -> str:
    (header,) = set_cookies(rv)
    assert header.startswith(f"{name}=")
    return header.split(";", 1)[0][len(name) + 1 :]


@pytest.fixture
def views(app: t.Any, impl: t.Any) -> t.Any:
    """``/set/<key>/<value>``, ``/get/<key>``, ``/untouched``, ``/clear``,
    ``/permanent`` and ``/dump`` (the session as JSON)."""
    session = impl.session

    @app.route("/set/<key>/<value>")
    def set_value(key: str, value: str) -> str:
        session[key] = value
        return "set"

    @app.route("/get/<key>")
    def get_value(key: str) -> str:
        return repr(session.get(key))

    @app.route("/untouched")
    def untouched() -> str:
        return "untouched"

    @app.route("/clear")
    def clear() -> str:
        session.clear()
        return "cleared"

    @app.route("/permanent")
    def permanent() -> str:
        session["p"] = 1
        session.permanent = True
        return "permanent"

    @app.route("/dump")
    def dump() -> dict[str, t.Any]:
        return {k: repr(v) for k, v in session.items()}

    return app


def parse_expires(header: str) -> datetime:
    for part in header.split("; "):
        if part.startswith("Expires="):
            return datetime.strptime(part[8:], "%a, %d %b %Y %H:%M:%S GMT").replace(
                tzinfo=timezone.utc
            )
    raise AssertionError(f"no Expires in {header!r}")


def signer_for(key: str, serializer: t.Any) -> itsdangerous.URLSafeTimedSerializer:
    """Flask's session signing scheme, built from itsdangerous directly."""
    return itsdangerous.URLSafeTimedSerializer(
        key,
        salt="cookie-session",
        serializer=serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )


# -- the module and the session object ---------------------------------------------


@INTERFACE
def test_sessions_module_names(impl: t.Any, app: t.Any) -> None:
    mod = sessions_module(impl)
    for name in (
        "SessionMixin",
        "SecureCookieSession",
        "NullSession",
        "SessionInterface",
        "SecureCookieSessionInterface",
        "session_json_serializer",
    ):
        assert hasattr(mod, name), name
    si = app.session_interface
    assert isinstance(si, mod.SecureCookieSessionInterface)
    assert type(impl.Flask.session_interface) is mod.SecureCookieSessionInterface
    assert si.salt == "cookie-session"
    assert si.key_derivation == "hmac"
    assert si.digest_method().name == "sha1"
    assert si.digest_method(b"x").hexdigest() == hashlib.sha1(b"x").hexdigest()
    assert si.session_class is mod.SecureCookieSession
    assert si.serializer is mod.session_json_serializer
    assert si.null_session_class is mod.NullSession
    assert si.pickle_based is False
    assert issubclass(mod.NullSession, mod.SecureCookieSession)
    assert issubclass(mod.SecureCookieSession, mod.SessionMixin)
    assert issubclass(mod.SecureCookieSession, dict)


@SESSION
def test_session_in_a_request(impl: t.Any, app: t.Any) -> None:
    mod = sessions_module(impl)
    with app.test_request_context() as ctx:
        sess = impl.session._get_current_object()
        assert type(sess) is mod.SecureCookieSession
        assert sess is ctx.session
        assert sess.accessed is True
        assert sess.modified is False
        assert sess.new is False
        assert sess.permanent is False
        assert dict(sess) == {}
        assert repr(sess) == "<SecureCookieSession {}>"


@SESSION
def test_accessed_is_set_by_the_request_context(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context() as ctx:
        assert ctx._session.accessed is False
        ctx.session.get("x")
        assert ctx._session.accessed is True


@pytest.mark.api("session", "sessions.SecureCookieSession")
@pytest.mark.parametrize(
    ("change", "modified"),
    [
        (lambda s: s.__setitem__("b", 1), True),
        (lambda s: s.__delitem__("a"), True),
        (lambda s: s.pop("a"), True),
        (lambda s: s.pop("missing", None), False),
        (lambda s: s.setdefault("a", 2), False),
        (lambda s: s.setdefault("b", 2), True),
        (lambda s: s.update(b=1), True),
        (lambda s: s.update({}), True),
        (lambda s: s.popitem(), True),
        (lambda s: s.clear(), True),
        (lambda s: s.__ior__({"c": 1}), True),
        (lambda s: s["a"].append(2), False),
        (lambda s: s.get("a"), False),
        (lambda s: setattr(s, "permanent", True), True),
        (lambda s: setattr(s, "permanent", False), True),
    ],
)
def test_modified_tracks_the_dict_only(
    impl: t.Any, change: t.Callable[[t.Any], t.Any], modified: bool
) -> None:
    sess = sessions_module(impl).SecureCookieSession({"a": [1]})
    assert sess.modified is False
    change(sess)
    assert sess.modified is modified


@pytest.mark.api("session", "sessions.SessionMixin")
def test_permanent_reflects_the_key(impl: t.Any) -> None:
    sess = sessions_module(impl).SecureCookieSession()
    sess.permanent = 1
    assert sess == {"_permanent": True}
    assert sess.permanent is True
    sess["_permanent"] = 0
    assert sess.permanent == 0
    sess.permanent = False
    assert sess == {"_permanent": False}


@pytest.mark.api("session", "sessions.SessionMixin")
def test_session_mixin_defaults(impl: t.Any) -> None:
    mixin = sessions_module(impl).SessionMixin

    class DictSession(dict, mixin):  # type: ignore[type-arg,misc]
        pass

    sess = DictSession()
    assert (sess.new, sess.modified, sess.accessed, sess.permanent) == (
        False,
        True,
        False,
        False,
    )


# -- the cookie's bytes ---------------------------------------------------------------


@SESSION
def test_cookie_is_flasks_exact_bytes(views: t.Any, clock: Clock) -> None:
    rv = views.test_client().get("/set/user/ann")
    assert set_cookies(rv) == [
        "session=eyJ1c2VyIjoiYW5uIn0.ZVPxAA.TfqE3ERHKuzhSHZ46cCi-_NsKKM;"
        " HttpOnly; Path=/"
    ]
    assert rv.headers["Vary"] == "Cookie"


@SESSION
def test_tagged_values_cookie_is_flasks_exact_bytes(
    impl: t.Any, app: t.Any, clock: Clock
) -> None:
    @app.route("/")
    def index() -> str:
        impl.session.update(
            t=(1, "a", (2,)),
            b=b"\x00\xffbytes",
            d=datetime(2020, 2, 29, 12, 30, 45, 123456, tzinfo=timezone.utc),
            m=Markup("<b>bold</b>"),
            u=uuid.UUID("12345678-1234-5678-1234-567812345678"),
            n={" t": [1], "k": [(1, 2)]},
            z=None,
        )
        return ""

    rv = app.test_client().get("/")
    assert set_cookies(rv) == [
        "session=.eJx1jbEKwjAURX8l3PmBSdqqDW3BRSdB1EGQDE3bQYx1aREs-XeTUHF"
        "yOZfHOfAmGKgJzBObQ37rLkfbvMoSjtBG44lTPRCTOdt2hkkuORNSJVylGdvtzyF"
        "9xNQThanM07bFwlRB9FEMUFehCXe_35OkdtoXw68g1KD5mO0YrSeETNJsuVr_2_D"
        "tDdWP1roPTG03DA.ZVPxAA.CfjxOOchyqY2mD1R8daBHqKTu00;"
        " HttpOnly; Path=/"
    ]


@SESSION
def test_tagged_values_come_back_as_their_types(impl: t.Any, app: t.Any) -> None:
    values = {
        "tuple": (1, "a", (2, [3])),
        "bytes": b"\x00\xffbytes",
        "datetime": datetime(2020, 2, 29, 12, 30, 45, 123456),
        "markup": Markup("<b>bold</b>"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "tag_like": {" t": [1]},
        "nested": {"k": [(1, 2), {"b": b"x"}]},
        "int_keys": {1: "one"},
    }

    @app.route("/write")
    def write() -> str:
        impl.session.update(values)
        return ""

    @app.route("/read")
    def read() -> str:
        return repr(sorted((k, type(v).__name__, v) for k, v in impl.session.items()))

    client = app.test_client()
    client.get("/write")
    expected = dict(
        values,
        datetime=datetime(2020, 2, 29, 12, 30, 45, tzinfo=timezone.utc),
        int_keys={"1": "one"},
    )
    assert client.get("/read").text == repr(
        sorted((k, type(v).__name__, v) for k, v in expected.items())
    )


# -- cookie attributes ----------------------------------------------------------------


COOKIE_ATTRIBUTES = [
    # (config, with "SESSION_COOKIE_" left out of the keys; the cookie's attributes)
    ({}, "HttpOnly; Path=/"),
    ({"NAME": "sid"}, "HttpOnly; Path=/"),
    ({"DOMAIN": "example.com"}, "Domain=example.com; HttpOnly; Path=/"),
    ({"DOMAIN": ".example.com"}, "Domain=example.com; HttpOnly; Path=/"),
    ({"PATH": "/app"}, "HttpOnly; Path=/app"),
    ({"APPLICATION_ROOT": "/root"}, "HttpOnly; Path=/root"),
    ({"APPLICATION_ROOT": "/root", "PATH": "/p"}, "HttpOnly; Path=/p"),
    ({"HTTPONLY": False}, "Path=/"),
    ({"SECURE": True}, "Secure; HttpOnly; Path=/"),
    ({"SAMESITE": "Lax"}, "HttpOnly; Path=/; SameSite=Lax"),
    ({"SAMESITE": "Strict"}, "HttpOnly; Path=/; SameSite=Strict"),
    ({"SAMESITE": "None"}, "HttpOnly; Path=/; SameSite=None"),
    ({"PARTITIONED": True}, "Secure; HttpOnly; Path=/; Partitioned"),
    (
        {"NAME": "sid", "DOMAIN": "example.org", "PATH": "/x", "SECURE": True}
        | {"SAMESITE": "Strict", "PARTITIONED": True},
        "Domain=example.org; Secure; HttpOnly; Path=/x; SameSite=Strict; Partitioned",
    ),
]


@INTERFACE
@pytest.mark.parametrize(("config", "attributes"), COOKIE_ATTRIBUTES)
def test_cookie_attributes(
    views: t.Any, clock: Clock, config: dict[str, t.Any], attributes: str
) -> None:
    views.config.update(
        {
            k if k == "APPLICATION_ROOT" else f"SESSION_COOKIE_{k}": v
            for k, v in config.items()
        }
    )
    name = config.get("NAME", "session")
    rv = views.test_client().get("/set/user/ann")
    assert set_cookies(rv) == [
        f"{name}=eyJ1c2VyIjoiYW5uIn0.ZVPxAA.TfqE3ERHKuzhSHZ46cCi-_NsKKM; {attributes}"
    ]


@INTERFACE
def test_invalid_samesite_raises(views: t.Any) -> None:
    views.config["SESSION_COOKIE_SAMESITE"] = "sideways"
    with pytest.raises(ValueError):
        views.test_client().get("/set/a/b")


@INTERFACE
def test_cookie_getters(impl: t.Any, app: t.Any) -> None:
    si = app.session_interface
    assert si.get_cookie_name(app) == "session"
    assert si.get_cookie_domain(app) is None
    assert si.get_cookie_path(app) == "/"
    assert si.get_cookie_httponly(app) is True
    assert si.get_cookie_secure(app) is False
    assert si.get_cookie_samesite(app) is None
    assert si.get_cookie_partitioned(app) is False
    app.config.update(
        SESSION_COOKIE_NAME="n",
        SESSION_COOKIE_DOMAIN="d.example",
        APPLICATION_ROOT="/root",
        SESSION_COOKIE_HTTPONLY=False,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PARTITIONED=True,
    )
    assert si.get_cookie_name(app) == "n"
    assert si.get_cookie_domain(app) == "d.example"
    assert si.get_cookie_path(app) == "/root"
    assert si.get_cookie_httponly(app) is False
    assert si.get_cookie_secure(app) is True
    assert si.get_cookie_samesite(app) == "Lax"
    assert si.get_cookie_partitioned(app) is True


@INTERFACE
def test_test_client_sends_secure_cookie_over_http(views: t.Any) -> None:
    views.config["SESSION_COOKIE_SECURE"] = True
    client = views.test_client()
    client.get("/set/user/ann")
    assert client.get("/get/user").text == "'ann'"
    assert client.get("/get/user", base_url="https://localhost").text == "'ann'"


# -- when the cookie is written -------------------------------------------------------


@SESSION
def test_untouched_session_sets_nothing(views: t.Any) -> None:
    client = views.test_client()
    rv = client.get("/untouched")
    assert set_cookies(rv) == []
    assert "Vary" not in rv.headers
    client.get("/set/a/b")
    rv = client.get("/untouched")
    assert set_cookies(rv) == []
    assert "Vary" not in rv.headers


@SESSION
def test_read_session_adds_vary_only(views: t.Any) -> None:
    client = views.test_client()
    rv = client.get("/get/a")
    assert rv.text == "None"
    assert set_cookies(rv) == []
    assert rv.headers["Vary"] == "Cookie"
    client.get("/set/a/b")
    rv = client.get("/get/a")
    assert rv.text == "'b'"
    assert set_cookies(rv) == []
    assert rv.headers["Vary"] == "Cookie"


@SESSION
def test_vary_is_merged_with_the_views_vary(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        impl.session.get("x")
        return "", {"Vary": "Accept-Encoding"}

    @app.route("/both")
    def both() -> t.Any:
        impl.session.get("x")
        return "", {"Vary": "Accept-Encoding, cookie"}

    client = app.test_client()
    assert client.get("/").headers.getlist("Vary") == ["Accept-Encoding, Cookie"]
    assert client.get("/both").headers.getlist("Vary") == ["Accept-Encoding, cookie"]


@SESSION
def test_emptied_session_deletes_the_cookie(views: t.Any) -> None:
    client = views.test_client()
    client.get("/set/a/b")
    rv = client.get("/clear")
    assert set_cookies(rv) == [
        "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"
    ]
    assert rv.headers["Vary"] == "Cookie"
    assert client.get_cookie("session") is None
    assert client.get("/get/a").text == "None"


@INTERFACE
def test_deletion_uses_the_cookie_attributes(views: t.Any) -> None:
    views.config.update(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH="/x",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PARTITIONED=True,
    )
    rv = views.test_client().get("/clear")
    assert set_cookies(rv) == [
        "sid=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;"
        " Secure; HttpOnly; Path=/x; SameSite=Lax; Partitioned"
    ]


@SESSION
def test_pop_last_key_deletes_the_cookie(impl: t.Any, views: t.Any) -> None:
    @views.route("/pop")
    def pop() -> str:
        return str(impl.session.pop("a", None))

    client = views.test_client()
    client.get("/set/a/b")
    rv = client.get("/pop")
    assert rv.text == "b"
    assert set_cookies(rv)[0].startswith("session=; Expires=Thu, 01 Jan 1970")
    rv = client.get("/pop")
    assert rv.text == "None"
    assert set_cookies(rv) == []


@SESSION
def test_nested_change_needs_modified_flag(impl: t.Any, app: t.Any) -> None:
    @app.route("/init")
    def init() -> str:
        impl.session["items"] = []
        return ""

    @app.route("/append/<flag>")
    def append(flag: str) -> str:
        impl.session["items"].append(flag)
        if flag == "mark":
            impl.session.modified = True
        return ""

    @app.route("/items")
    def items() -> str:
        return ",".join(impl.session["items"])

    client = app.test_client()
    client.get("/init")
    assert set_cookies(client.get("/append/lost")) == []
    assert client.get("/items").text == ""
    assert len(set_cookies(client.get("/append/mark"))) == 1
    assert client.get("/items").text == "mark"


@SESSION
def test_session_changed_in_hooks_is_saved(impl: t.Any, views: t.Any) -> None:
    @views.after_request
    def after(response: t.Any) -> t.Any:
        impl.session["after"] = "yes"
        return response

    @views.errorhandler(404)
    def not_found(e: t.Any) -> t.Any:
        impl.session["error"] = "seen"
        return "missing", 404

    client = views.test_client()
    rv = client.get("/nowhere")
    assert rv.status_code == 404
    assert rv.headers["Vary"] == "Cookie"
    assert client.get("/dump").json == {"after": "'yes'", "error": "'seen'"}


@SESSION
def test_session_survives_a_redirect(impl: t.Any, app: t.Any) -> None:
    @app.route("/login")
    def login() -> t.Any:
        impl.session["user"] = "ann"
        return impl.redirect("/me")

    @app.route("/me")
    def me() -> str:
        return impl.session.get("user", "nobody")

    rv = app.test_client().get("/login", follow_redirects=True)
    assert rv.text == "ann"
    assert [r.status_code for r in rv.history] == [302]


@SESSION
def test_too_large_cookie_warns(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        # random, so that itsdangerous's compression does not shrink it
        impl.session["big"] = random.Random(0).randbytes(3000).hex()
        return ""

    with pytest.warns(UserWarning, match="The 'session' cookie is too large"):
        rv = app.test_client().get("/")
    assert len(set_cookies(rv)) == 1


# -- permanent sessions and expiry ----------------------------------------------------


@SESSION
@pytest.mark.parametrize(
    ("lifetime", "seconds"),
    [
        (None, 31 * 24 * 3600),
        (3600, 3600),
        (timedelta(hours=2), 7200),
        (timedelta(minutes=1, seconds=30), 90),
    ],
)
def test_permanent_session_expires(views: t.Any, lifetime: t.Any, seconds: int) -> None:
    if lifetime is not None:
        views.config["PERMANENT_SESSION_LIFETIME"] = lifetime
    assert views.permanent_session_lifetime == timedelta(seconds=seconds)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    rv = views.test_client().get("/permanent")
    after = datetime.now(timezone.utc)
    (header,) = set_cookies(rv)
    assert header.endswith("; HttpOnly; Path=/")
    assert "Max-Age" not in header
    expires = parse_expires(header)
    assert before + timedelta(seconds=seconds) <= expires
    assert expires <= after + timedelta(seconds=seconds)


@INTERFACE
def test_get_expiration_time(impl: t.Any, app: t.Any) -> None:
    si = app.session_interface
    sess = sessions_module(impl).SecureCookieSession()
    assert si.get_expiration_time(app, sess) is None
    sess.permanent = True
    app.permanent_session_lifetime = 60
    expires = si.get_expiration_time(app, sess)
    assert expires.tzinfo is timezone.utc
    delta = expires - datetime.now(timezone.utc)
    assert timedelta(seconds=50) < delta <= timedelta(seconds=60)


@SESSION
def test_permanent_session_is_refreshed_each_request(views: t.Any) -> None:
    client = views.test_client()
    client.get("/permanent")
    for url in ("/untouched", "/get/p"):
        rv = client.get(url)
        (header,) = set_cookies(rv)
        assert "Expires=" in header
        assert rv.headers["Vary"] == "Cookie"


@SESSION
def test_no_refresh_each_request(views: t.Any) -> None:
    views.config["SESSION_REFRESH_EACH_REQUEST"] = False
    client = views.test_client()
    assert len(set_cookies(client.get("/permanent"))) == 1
    rv = client.get("/untouched")
    assert set_cookies(rv) == []
    assert "Vary" not in rv.headers
    assert set_cookies(client.get("/get/p")) == []
    assert len(set_cookies(client.get("/set/a/b"))) == 1


@SESSION
def test_non_permanent_session_is_not_refreshed(views: t.Any) -> None:
    client = views.test_client()
    client.get("/set/a/b")
    assert set_cookies(client.get("/get/a")) == []


@INTERFACE
@pytest.mark.parametrize(
    ("modified", "permanent", "refresh", "expected"),
    [
        (False, False, True, False),
        (True, False, True, True),
        (False, True, True, True),
        (False, True, False, False),
        (True, True, False, True),
    ],
)
def test_should_set_cookie(
    impl: t.Any,
    app: t.Any,
    modified: bool,
    permanent: bool,
    refresh: bool,
    expected: bool,
) -> None:
    app.config["SESSION_REFRESH_EACH_REQUEST"] = refresh
    sess = sessions_module(impl).SecureCookieSession({"_permanent": permanent})
    sess.modified = modified
    assert bool(app.session_interface.should_set_cookie(app, sess)) is expected


@SESSION
@pytest.mark.parametrize(
    ("age", "valid"), [(0, True), (3600, True), (3601, False), (-1, False)]
)
def test_expired_cookie_gives_an_empty_session(
    views: t.Any, clock: Clock, age: int, valid: bool
) -> None:
    views.permanent_session_lifetime = 3600
    client = views.test_client()
    client.get("/set/a/b")
    clock.now += age
    rv = client.get("/get/a")
    assert rv.status_code == 200
    assert rv.text == ("'b'" if valid else "None")
    assert set_cookies(rv) == []


# -- bad cookies ----------------------------------------------------------------------


def flip(value: str, index: int) -> str:
    """``value`` with the character at ``index`` replaced by another one."""
    return value[:index] + ("A" if value[index] != "A" else "B") + value[index + 1 :]


def _good_cookie(client: t.Any) -> str:
    return cookie_value(client.get("/set/a/b"))


@SESSION
@pytest.mark.parametrize(
    "mangle",
    [
        lambda v: "",
        lambda v: "garbage",
        lambda v: "a.b.c",
        lambda v: "....",
        lambda v: ".",
        lambda v: "%%%\\x00",
        lambda v: "e30.." + v.rsplit(".", 1)[1],
        # another signature (its first character: every bit of it counts)
        lambda v: flip(v, v.rindex(".") + 1),
        lambda v: flip(v, 0),
        lambda v: "eyJhIjoiYyJ9" + v[v.index(".") :],
        lambda v: v.rsplit(".", 1)[0],
        lambda v: v + ".extra",
        lambda v: "." + v,
        lambda v: v.replace(".", "!", 1),
        lambda v: "\u00e9t\u00e9",
    ],
)
def test_bad_cookie_gives_an_empty_session(
    views: t.Any, mangle: t.Callable[[str], str]
) -> None:
    client = views.test_client()
    value = _good_cookie(client)
    client.set_cookie("session", mangle(value))
    rv = client.get("/dump")
    assert rv.status_code == 200
    assert rv.json == {}
    assert set_cookies(rv) == []
    rv = client.get("/set/c/d")
    assert rv.status_code == 200
    assert client.get("/dump").json == {"c": "'d'"}


@SESSION
def test_validly_signed_non_json_payload_is_not_caught(views: t.Any) -> None:
    # Only a holder of the secret key can make such a cookie: Flask lets the
    # error through (a 500) rather than treat it as a bad signature.
    signer = itsdangerous.URLSafeTimedSerializer(
        "test key",
        salt="cookie-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    # The signature is right but the payload is not JSON.
    bad = signer.make_signer().sign(b"bm90IGpzb24").decode()
    client = views.test_client()
    client.set_cookie("session", bad)
    with pytest.raises(itsdangerous.BadPayload):
        client.get("/dump")
    views.testing = False
    assert client.get("/dump").status_code == 500


@SESSION
def test_cookie_from_another_key_gives_an_empty_session(
    impl: t.Any, views: t.Any
) -> None:
    other = signer_for("other key", sessions_module(impl).session_json_serializer)
    client = views.test_client()
    client.set_cookie("session", other.dumps({"a": "b"}))
    assert client.get("/dump").json == {}


@SESSION
def test_cookie_made_with_itsdangerous_is_read(impl: t.Any, views: t.Any) -> None:
    signer = signer_for("test key", sessions_module(impl).session_json_serializer)
    client = views.test_client()
    client.set_cookie("session", signer.dumps({"a": "b", "t": (1, 2)}))
    assert client.get("/dump").json == {"a": "'b'", "t": "(1, 2)"}


@SESSION
def test_session_from_request_context_cookie_header(impl: t.Any, app: t.Any) -> None:
    signer = signer_for("test key", sessions_module(impl).session_json_serializer)
    cookie = f"session={signer.dumps({'user': 'ann'})}"
    with app.test_request_context(headers={"Cookie": cookie}):
        assert impl.session["user"] == "ann"
        assert impl.session.modified is False


# -- secret keys ----------------------------------------------------------------------


@pytest.mark.api("session", "sessions.SecureCookieSessionInterface")
def test_secret_key_fallbacks_rotation(impl: t.Any, views: t.Any) -> None:
    serializer = sessions_module(impl).session_json_serializer
    client = views.test_client()
    client.set_cookie("session", signer_for("old key", serializer).dumps({"a": "b"}))
    assert client.get("/dump").json == {}
    views.config["SECRET_KEY_FALLBACKS"] = ["older key", "old key"]
    assert client.get("/dump").json == {"a": "'b'"}
    # A modified session is signed with the current key only.
    rv = client.get("/set/c/d")
    new_value = cookie_value(rv)
    assert signer_for("test key", serializer).loads(new_value) == {"a": "b", "c": "d"}
    with pytest.raises(itsdangerous.BadSignature):
        signer_for("old key", serializer).loads(new_value)


@pytest.mark.api("session", "sessions.SecureCookieSessionInterface")
def test_bytes_secret_key(impl: t.Any, views: t.Any, clock: Clock) -> None:
    views.secret_key = b"test key"
    rv = views.test_client().get("/set/user/ann")
    assert cookie_value(rv) == "eyJ1c2VyIjoiYW5uIn0.ZVPxAA.TfqE3ERHKuzhSHZ46cCi-_NsKKM"


@pytest.mark.api("session", "sessions.SecureCookieSessionInterface")
def test_get_signing_serializer(impl: t.Any, app: t.Any) -> None:
    si = app.session_interface
    s = si.get_signing_serializer(app)
    assert isinstance(s, itsdangerous.URLSafeTimedSerializer)
    assert s.loads(s.dumps({"a": (1,)})) == {"a": (1,)}
    app.config["SECRET_KEY_FALLBACKS"] = ["old"]
    old = signer_for("old", si.serializer).dumps({"x": 1})
    assert si.get_signing_serializer(app).loads(old) == {"x": 1}
    app.secret_key = None
    assert si.get_signing_serializer(app) is None
    app.secret_key = ""
    assert si.get_signing_serializer(app) is None


@pytest.mark.api("session", "sessions.NullSession")
def test_no_secret_key_gives_a_null_session(impl: t.Any, views: t.Any) -> None:
    views.secret_key = None
    mod = sessions_module(impl)
    with views.test_request_context():
        sess = impl.session._get_current_object()
        assert type(sess) is mod.NullSession
        assert views.session_interface.is_null_session(sess)
        assert sess.get("x") is None
        assert "x" not in sess
        assert dict(sess) == {}
        assert sess.permanent is False
        for write in (
            lambda: sess.__setitem__("a", 1),
            lambda: sess.__delitem__("a"),
            lambda: sess.clear(),
            lambda: sess.pop("a", None),
            lambda: sess.popitem(),
            lambda: sess.update(a=1),
            lambda: sess.setdefault("a", 1),
            lambda: setattr(sess, "permanent", True),
        ):
            with pytest.raises(RuntimeError) as exc_info:
                write()
            assert str(exc_info.value) == NULL_SESSION_MSG
    rv = views.test_client().get("/get/a")
    assert rv.text == "None"
    assert set_cookies(rv) == []
    assert "Vary" not in rv.headers


@pytest.mark.api("session", "sessions.NullSession")
def test_writing_a_null_session_in_a_view(views: t.Any) -> None:
    views.secret_key = None
    with pytest.raises(RuntimeError) as exc_info:
        views.test_client().get("/set/a/b")
    assert str(exc_info.value) == NULL_SESSION_MSG
    views.testing = False
    assert views.test_client().get("/set/a/b").status_code == 500


# -- custom interfaces ----------------------------------------------------------------


@INTERFACE
def test_custom_session_interface(impl: t.Any, app: t.Any) -> None:
    mod = sessions_module(impl)
    store: dict[str, dict[str, t.Any]] = {}
    calls: list[str] = []

    class DictSession(dict, mod.SessionMixin):  # type: ignore[type-arg,misc]
        pass

    class StoreInterface(mod.SessionInterface):  # type: ignore[misc,name-defined]
        def open_session(self, app: t.Any, request: t.Any) -> t.Any:
            calls.append(f"open {request.path}")
            sid = request.args.get("sid")
            if sid is None:
                return None
            return DictSession(store.get(sid, {}), sid=sid)

        def save_session(self, app: t.Any, session: t.Any, response: t.Any) -> None:
            calls.append(f"save {response.status_code}")
            store[session["sid"]] = dict(session)

    app.session_interface = StoreInterface()

    @app.route("/")
    def index() -> str:
        impl.session["n"] = impl.session.get("n", 0) + 1
        return str(impl.session["n"])

    @app.route("/kind")
    def kind() -> str:
        return type(impl.session._get_current_object()).__name__

    client = app.test_client()
    assert client.get("/?sid=a").text == "1"
    assert client.get("/?sid=a").text == "2"
    assert store == {"a": {"sid": "a", "n": 2}}
    assert client.get("/kind").text == "NullSession"
    assert calls == ["open /", "save 200", "open /", "save 200", "open /kind"]
    with pytest.raises(RuntimeError):
        client.get("/")


@INTERFACE
def test_custom_null_session_class(impl: t.Any, app: t.Any) -> None:
    mod = sessions_module(impl)

    class QuietNull(mod.NullSession):  # type: ignore[misc,name-defined]
        pass

    class Interface(mod.SecureCookieSessionInterface):  # type: ignore[misc,name-defined]
        null_session_class = QuietNull

    app.session_interface = Interface()
    app.secret_key = None
    with app.test_request_context():
        assert type(impl.session._get_current_object()) is QuietNull
        assert app.session_interface.is_null_session(impl.session)
    assert not app.session_interface.is_null_session(mod.NullSession())


@INTERFACE
def test_custom_session_class_and_salt(impl: t.Any, app: t.Any, clock: Clock) -> None:
    mod = sessions_module(impl)

    class MySession(mod.SecureCookieSession):  # type: ignore[misc,name-defined]
        pass

    class Interface(mod.SecureCookieSessionInterface):  # type: ignore[misc,name-defined]
        session_class = MySession
        salt = "my-salt"

    app.session_interface = Interface()

    @app.route("/")
    def index() -> str:
        impl.session["k"] = type(impl.session._get_current_object()).__name__
        return impl.session["k"]

    client = app.test_client()
    rv = client.get("/")
    assert rv.text == "MySession"
    assert (
        cookie_value(rv) == "eyJrIjoiTXlTZXNzaW9uIn0.ZVPxAA.QQhQOEYixjKefiqZ-i99VbO_yT4"
    )


@INTERFACE
def test_base_interface_methods_are_abstract(impl: t.Any, app: t.Any) -> None:
    si = sessions_module(impl).SessionInterface()
    with app.test_request_context() as ctx:
        with pytest.raises(NotImplementedError):
            si.open_session(app, ctx.request)
        with pytest.raises(NotImplementedError):
            si.save_session(app, ctx.session, app.response_class())
    assert type(si.make_null_session(app)).__name__ == "NullSession"
