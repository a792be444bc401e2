"""Conformance: Flask's security defaults hold on flaskcompat.

- the session cookie is ``HttpOnly`` by default, ``Secure``/``SameSite``/
  ``Partitioned`` when configured, and a forged, truncated, re-signed or expired
  cookie gives an empty session (200), never an error or the forged data;
- templates autoescape (``.html``, ``.htm``, ``.xml``, ``.xhtml``, ``.svg`` and
  template strings): XSS payloads come out escaped, ``tojson`` is HTML-safe;
  error pages escape what they show and never reflect the URL;
- ``send_from_directory`` never serves a path outside its folder (blueprint
  static routes and a custom ``static_url_path`` included) and ``safe_join``
  refuses escapes;
- an unhandled exception gives the generic 500 page - no traceback, no
  exception text - unless ``TESTING``/``PROPAGATE_EXCEPTIONS``/debug make it
  propagate, as in Flask;
- the security-related configuration defaults are Flask's.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import logging
import sys
import time
import typing as t
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from markupsafe import Markup
from wsgi_support import call_wsgi, wsgi_environ

XSS = "<script>alert('x')</script>&\"'"
XSS_ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#34;&#39;"
XSS_JSON = (
    '"\\u003cscript\\u003ealert(\\u0027x\\u0027)\\u003c/script\\u003e\\u0026\\"\\u0027"'
)
SECRET_MESSAGE = "db password is hunter2"
INTERNAL_ERROR_BODY = (
    b"<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    b"<h1>Internal Server Error</h1>\n<p>The server encountered an internal error"
    b" and was unable to complete your request. Either the server is overloaded or"
    b" there is an error in the application.</p>\n"
)


def _get(
    app: t.Any, path: str, **headers: str
) -> tuple[str, list[tuple[str, str]], bytes]:
    """A raw WSGI GET: header values reach the app as the latin-1 text a server
    passes, and the raw header list comes back.
    """
    extra = {f"HTTP_{k.upper()}": v for k, v in headers.items()}
    return tuple(call_wsgi(app, wsgi_environ(path, **extra)))  # type: ignore[return-value]


# -- configuration defaults ------------------------------------------------------------


@pytest.mark.api("Config")
def test_security_config_defaults(impl: t.Any) -> None:
    config = impl.Flask("defaults").config
    assert {
        "DEBUG": False,
        "TESTING": False,
        "PROPAGATE_EXCEPTIONS": None,
        "TRAP_BAD_REQUEST_ERRORS": None,
        "TRAP_HTTP_EXCEPTIONS": False,
        "SECRET_KEY": None,
        "SECRET_KEY_FALLBACKS": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_SAMESITE": None,
        "SESSION_COOKIE_PARTITIONED": False,
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_REFRESH_EACH_REQUEST": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
        "MAX_CONTENT_LENGTH": None,
        "MAX_FORM_MEMORY_SIZE": 500_000,
        "MAX_FORM_PARTS": 1000,
        "MAX_COOKIE_SIZE": 4093,
        "TRUSTED_HOSTS": None,
        "USE_X_SENDFILE": False,
    }.items() <= config.items()


# -- session cookie attributes ---------------------------------------------------------


@pytest.fixture
def session_app(impl: t.Any, app: t.Any) -> t.Any:
    app.testing = False

    @app.route("/login")
    def login() -> str:
        impl.session["user"] = "alice"
        return "ok"

    @app.route("/logout")
    def logout() -> str:
        impl.session.clear()
        return "ok"

    @app.route("/session")
    def show() -> str:
        return repr(dict(impl.session))

    return app


def _set_cookie(headers: list[tuple[str, str]]) -> str:
    (cookie,) = [value for name, value in headers if name == "Set-Cookie"]
    return cookie


@pytest.mark.api("session", "sessions.SecureCookieSessionInterface")
@pytest.mark.parametrize(
    ("config", "attributes"),
    [
        ({}, "HttpOnly; Path=/"),
        ({"SESSION_COOKIE_SECURE": True}, "Secure; HttpOnly; Path=/"),
        ({"SESSION_COOKIE_SAMESITE": "Lax"}, "HttpOnly; Path=/; SameSite=Lax"),
        ({"SESSION_COOKIE_SAMESITE": "Strict"}, "HttpOnly; Path=/; SameSite=Strict"),
        (
            {"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": True},
            "Secure; HttpOnly; Path=/; SameSite=None",
        ),
        # Partitioned cookies must be Secure: Werkzeug adds it.
        ({"SESSION_COOKIE_PARTITIONED": True}, "Secure; HttpOnly; Path=/; Partitioned"),
        ({"SESSION_COOKIE_HTTPONLY": False}, "Path=/"),
    ],
)
def test_session_cookie_attributes(
    session_app: t.Any, config: dict[str, t.Any], attributes: str
) -> None:
    session_app.config.update(config)
    _, headers, _ = _get(session_app, "/login")
    value, _, rest = _set_cookie(headers).partition("; ")
    assert value.startswith("session=")
    assert rest == attributes
    # The cookie that deletes the session carries the same attributes.
    _, headers, _ = _get(session_app, "/logout", cookie=value)
    expires = "Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; "
    assert _set_cookie(headers) == "session=; " + expires + attributes


@pytest.mark.api("session")
def test_session_cookie_is_signed_not_encrypted_nor_forgeable(
    session_app: t.Any,
) -> None:
    """The payload is readable (base64 JSON) but the signature binds it: the
    same payload with another user is refused.
    """
    _, headers, _ = _get(session_app, "/login")
    value = _set_cookie(headers).partition("; ")[0].partition("=")[2]
    payload, timestamp, signature = value.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert data == {"user": "alice"}
    forged = _b64(json.dumps({"user": "admin"}, separators=(",", ":")).encode())
    cookie = f"session={forged}.{timestamp}.{signature}"
    assert _get(session_app, "/session", cookie=cookie)[2] == b"{}"
    assert (
        _get(session_app, "/session", cookie=f"session={value}")[2]
        == repr({"user": "alice"}).encode()
    )


# -- forged session cookies ------------------------------------------------------------


def _serializer(
    key: str,
    salt: str = "cookie-session",
    signer: type[TimestampSigner] = TimestampSigner,
    digest: t.Any = hashlib.sha1,
) -> URLSafeTimedSerializer:
    """The serializer Flask's session interface uses, with what can vary."""
    return URLSafeTimedSerializer(
        key,
        salt=salt,
        signer=signer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": digest},
    )


class _ExpiredSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 32 * 86400  # PERMANENT_SESSION_LIFETIME is 31 days


class _FutureSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) + 86400


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forged_cookies() -> dict[str, str]:
    """Session cookie values an attacker could send; none may be trusted."""
    good = _serializer("test key").dumps({"user": "admin"})
    payload, timestamp, signature = good.split(".")
    evil = _b64(json.dumps({"user": "root"}).encode())
    one = _b64(b"\x00\x00\x00\x01")
    junk = _b64(zlib.compress(b"x" * 10))
    bomb = _b64(zlib.compress(b"[" * 1_000_000))
    flipped = signature[:5] + ("A" if signature[5] != "A" else "B") + signature[6:]
    return {
        "other-key": _serializer("other key").dumps({"user": "admin"}),
        "tampered-payload": f"{evil}.{timestamp}.{signature}",
        "tampered-timestamp": f"{payload}.{one}.{signature}",
        "flipped-signature": f"{payload}.{timestamp}.{flipped}",
        "truncated": good[:-5],
        "half": good[: len(good) // 2],
        "no-signature": f"{payload}.{timestamp}",
        "payload-only": payload,
        "empty": "",
        "dots": "...",
        "expired": _serializer("test key", signer=_ExpiredSigner).dumps({"u": 1}),
        "from-the-future": _serializer("test key", signer=_FutureSigner).dumps(
            {"u": 1}
        ),
        "other-salt": _serializer("test key", salt="other").dumps({"user": "admin"}),
        "sha256": _serializer("test key", digest=hashlib.sha256).dumps({"u": 1}),
        "compressed-garbage": f".{junk}.{timestamp}.{signature}",
        "zlib-bomb": f".{bomb}.{timestamp}.{signature}",
        "none-alg": _b64(b'{"alg":"none"}') + "..",
        "latin1-junk": "\xff\xfe\xfd",
        "nul-bytes": "\x00" * 10,
        "100k": "A" * 100_000,
        "base64-junk": "!!!!.!!!!.!!!!",
    }


FORGED = _forged_cookies()


@pytest.mark.api("session", "sessions.SecureCookieSessionInterface")
@pytest.mark.parametrize("name", list(FORGED))
def test_forged_session_cookie_gives_empty_session(
    session_app: t.Any, name: str
) -> None:
    status, headers, body = _get(
        session_app, "/session", cookie=f"session={FORGED[name]}"
    )
    assert (status, body) == ("200 OK", b"{}")
    # An empty session that was not modified sets no cookie.
    assert "Set-Cookie" not in dict(headers)


@pytest.mark.api("session")
@pytest.mark.parametrize("name", ["other-key", "tampered-payload", "100k"])
def test_first_of_duplicate_session_cookies_wins(session_app: t.Any, name: str) -> None:
    good = _serializer("test key").dumps({"user": "admin"})
    forged_first = f"session={FORGED[name]}; session={good}"
    assert _get(session_app, "/session", cookie=forged_first)[2] == b"{}"
    good_first = f"session={good}; session={FORGED[name]}"
    assert _get(session_app, "/session", cookie=good_first)[2] == b"{'user': 'admin'}"


# -- path traversal through file-serving routes ----------------------------------------

SECRET = b"TOP-SECRET-7d1e0b"
TRAVERSALS = [
    "../secret.txt",
    "..%2fsecret.txt",
    "%2e%2e/secret.txt",
    "%2e%2e%2fsecret.txt",
    "../../secret.txt",
    "b.txt/../../secret.txt",
    "..\\secret.txt",
    "..%5csecret.txt",
    "../static/ok.txt",
    "..%2fstatic%2fok.txt",
    "%00",
    "b.txt%00.png",
    "..%00/secret.txt",
    "%c0%ae%c0%ae/secret.txt",
    "....//secret.txt",
    "..;/secret.txt",
    ".%2e/secret.txt",
    "%252e%252e%252fsecret.txt",
    "~/secret.txt",
    "C:%5csecret.txt",
]


@pytest.fixture
def traversal_app(impl: t.Any, tmp_path: Path) -> t.Any:
    """An app with a blueprint static folder, a blueprint view serving an
    uploads folder and a custom static URL path; ``secret.txt`` beside them.
    """
    (tmp_path / "secret.txt").write_bytes(SECRET)
    for folder in ("static", "bp_static", "uploads"):
        (tmp_path / folder).mkdir()
    # Served at /assets/ok.txt only, never through the blueprint's routes.
    (tmp_path / "static" / "ok.txt").write_bytes(SECRET)
    (tmp_path / "bp_static" / "b.txt").write_bytes(b"bp file")
    (tmp_path / "uploads" / "b.txt").write_bytes(b"bp file")
    app = impl.Flask("traversal", root_path=str(tmp_path), static_url_path="/assets")
    bp = impl.Blueprint(
        "bp",
        "traversal",
        root_path=str(tmp_path),
        static_folder="bp_static",
        static_url_path="/files",
        url_prefix="/bp",
    )

    @bp.route("/uploads/<path:name>")
    def uploads(name: str) -> t.Any:
        return impl.send_from_directory(str(tmp_path / "uploads"), name)

    app.register_blueprint(bp)
    return app


@pytest.mark.api("Blueprint", "send_from_directory")
@pytest.mark.parametrize("path", TRAVERSALS)
@pytest.mark.parametrize("prefix", ["/bp/files/", "/bp/uploads/", "/assets/"])
def test_traversal_through_file_routes(
    traversal_app: t.Any, prefix: str, path: str
) -> None:
    client = traversal_app.test_client()
    rv = client.get(prefix + path, follow_redirects=True, buffered=True)
    assert rv.status_code in (400, 404), (prefix + path, rv.status_code)
    assert SECRET not in rv.data


@pytest.mark.api("Blueprint")
@pytest.mark.parametrize("prefix", ["/bp/files/", "/bp/uploads/"])
def test_blueprint_files_are_still_served(traversal_app: t.Any, prefix: str) -> None:
    rv = traversal_app.test_client().get(prefix + "b.txt", buffered=True)
    assert (rv.status_code, rv.data) == (200, b"bp file")


@pytest.mark.api("send_from_directory")
@pytest.mark.parametrize(
    "name",
    ["../secret.txt", "../../secret.txt", "a/../../secret.txt", "/secret.txt", ".."],
)
def test_send_from_directory_refuses_user_escapes(
    impl: t.Any, traversal_app: t.Any, tmp_path: Path, name: str
) -> None:
    """The directory is trusted, the name is not: ``../`` or an absolute path
    in the name is a 404, even for a file that exists.
    """
    with traversal_app.test_request_context():
        with pytest.raises(impl.werkzeug.exceptions.NotFound):
            impl.send_from_directory(str(tmp_path / "uploads"), name)
        # The trusted directory is relative to the app's root path.
        with pytest.raises(impl.werkzeug.exceptions.NotFound):
            impl.send_from_directory("uploads", name)
        rv = impl.send_from_directory("uploads", "b.txt")
        rv.direct_passthrough = False
        assert rv.get_data() == b"bp file"
        rv.close()


def _safe_join(impl: t.Any) -> t.Callable[..., str | None]:
    """``safe_join`` of ``werkzeug.security`` or ``flaskcompat.werkzeug.security``."""
    module = {
        "flask": "werkzeug.security",
        "flaskcompat": "flaskcompat.werkzeug.security",
    }
    return importlib.import_module(module[impl.name]).safe_join  # type: ignore[no-any-return]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX separators")
@pytest.mark.api("security.safe_join")
@pytest.mark.parametrize(
    "parts",
    [
        ("base", "..//x"),
        ("base", "a/../.."),
        ("base", "./.."),
        ("base", "../"),
        ("base", "a/b/../../../x"),
        ("base", "/"),
        ("base", "ok", "/abs"),
        ("base", "ok", ".."),
        ("base", "a", "b", "../../.."),
        ("", ".."),
        ("", "/etc/passwd"),
        ("base", "a/./../../x"),
    ],
)
def test_safe_join_refuses_escapes(impl: t.Any, parts: tuple[str, ...]) -> None:
    assert _safe_join(impl)(*parts) is None


# -- autoescaping ----------------------------------------------------------------------


@pytest.fixture
def template_app(impl: t.Any, tmp_path: Path) -> t.Any:
    """Templates of every extension print ``v`` plainly, as JSON and in an
    attribute; ``/t/<name>`` renders one with the XSS payload.
    """
    (tmp_path / "templates").mkdir()
    source = '{{ v }}|{{ v|tojson }}|<a title="{{ v }}">'
    for ext in ("html", "htm", "xml", "xhtml", "svg", "txt", "js", "HTML", "html.j2"):
        (tmp_path / "templates" / f"t.{ext}").write_text(source)
    app = impl.Flask("templates", root_path=str(tmp_path))
    app.config["SECRET_KEY"] = "test key"

    @app.route("/t/<path:name>")
    def render(name: str) -> str:
        return impl.render_template(name, v=XSS)  # type: ignore[no-any-return]

    return app


@pytest.mark.api("render_template", "Flask.select_jinja_autoescape")
@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("t.html", True),
        ("t.htm", True),
        ("t.xml", True),
        ("t.xhtml", True),
        ("t.svg", True),
        ("t.txt", False),
        ("t.js", False),
        ("t.HTML", False),  # the check is case-sensitive, as in Flask
        ("t.html.j2", False),
    ],
)
def test_autoescape_by_extension(template_app: t.Any, name: str, escaped: bool) -> None:
    rv = template_app.test_client().get(f"/t/{name}")
    plain = XSS_ESCAPED if escaped else XSS
    assert rv.data.decode() == f'{plain}|{XSS_JSON}|<a title="{plain}">'


@pytest.mark.api("render_template_string", "stream_template_string", "flash")
def test_template_strings_autoescape(impl: t.Any, app: t.Any) -> None:
    @app.route("/string")
    def string() -> str:
        impl.flash(XSS)
        return impl.render_template_string(  # type: ignore[no-any-return]
            "{{ v }}|{{ v|safe }}|{{ m }}|{{ m2 }}"
            "|{% for f in get_flashed_messages() %}{{ f }}{% endfor %}"
            "|{% autoescape false %}{{ v }}{% endautoescape %}",
            v=XSS,
            m=Markup("<b>ok</b>"),
            m2=Markup("<b>%s</b>") % XSS,
        )

    @app.route("/stream")
    def stream() -> t.Any:
        return impl.stream_template_string("{{ v }}", v=XSS)

    client = app.test_client()
    assert client.get("/string").data.decode() == (
        f"{XSS_ESCAPED}|{XSS}|<b>ok</b>|<b>{XSS_ESCAPED}</b>|{XSS_ESCAPED}|{XSS}"
    )
    assert client.get("/stream").data.decode() == XSS_ESCAPED


@pytest.mark.api("abort", "jsonify")
def test_error_pages_and_json_do_not_render_user_input(impl: t.Any, app: t.Any) -> None:
    @app.route("/abort")
    def abort_view() -> str:
        impl.abort(400, description=impl.request.args["v"])

    @app.route("/json")
    def json_view() -> t.Any:
        return impl.jsonify(v=impl.request.args["v"])

    client = app.test_client()
    rv = client.get("/abort", query_string={"v": XSS})
    assert rv.status_code == 400
    assert f"<p>{XSS_ESCAPED}</p>".encode() in rv.data
    assert XSS.encode() not in rv.data
    rv = client.get("/missing" + XSS.replace("'", "%27"))
    assert rv.status_code == 404
    assert b"script" not in rv.data
    rv = client.get("/json", query_string={"v": XSS})
    assert rv.mimetype == "application/json"  # never rendered as HTML


# -- unhandled exceptions --------------------------------------------------------------


@pytest.fixture
def failing_app(app: t.Any) -> t.Any:
    @app.route("/fail")
    def fail() -> str:
        raise RuntimeError(SECRET_MESSAGE)

    return app


def _assert_generic_500(status: str, body: bytes) -> None:
    assert status == "500 INTERNAL SERVER ERROR"
    assert body == INTERNAL_ERROR_BODY
    for leak in (
        SECRET_MESSAGE,
        "hunter2",
        "RuntimeError",
        "Traceback",
        'File "',
        ".py",
    ):
        assert leak.encode() not in body


@pytest.mark.api("Flask.handle_exception")
@pytest.mark.parametrize(
    "config",
    [
        {"TESTING": False},
        {"TESTING": True, "PROPAGATE_EXCEPTIONS": False},
        # No debugger in either: debug mode alone does not show a traceback.
        {"TESTING": False, "DEBUG": True, "PROPAGATE_EXCEPTIONS": False},
    ],
)
def test_500_page_shows_no_traceback(
    failing_app: t.Any, config: dict[str, t.Any], caplog: pytest.LogCaptureFixture
) -> None:
    failing_app.config.update(config)
    if "DEBUG" in config:
        failing_app.debug = config["DEBUG"]
    with caplog.at_level(logging.ERROR, logger=failing_app.logger.name):
        status, _, body = _get(failing_app, "/fail")
    _assert_generic_500(status, body)
    # The details go to the log, not to the client.
    (record,) = caplog.records
    assert record.getMessage() == "Exception on /fail [GET]"
    assert record.exc_info is not None and SECRET_MESSAGE in str(record.exc_info[1])


@pytest.mark.api("Flask.handle_exception")
def test_error_in_error_handler_shows_no_traceback(failing_app: t.Any) -> None:
    failing_app.testing = False

    @failing_app.errorhandler(404)
    def broken_handler(e: Exception) -> str:
        raise ValueError("handler secret hunter2")

    status, _, body = _get(failing_app, "/missing")
    _assert_generic_500(status, body)


@pytest.mark.api("Flask.handle_exception")
@pytest.mark.parametrize(
    "config",
    [
        {"TESTING": True},
        {"PROPAGATE_EXCEPTIONS": True},
        {"TESTING": False, "DEBUG": True},
    ],
)
def test_exception_propagates_when_configured(
    failing_app: t.Any, config: dict[str, t.Any]
) -> None:
    failing_app.testing = False
    failing_app.config.update(config)
    if "DEBUG" in config:
        failing_app.debug = config["DEBUG"]
    with pytest.raises(RuntimeError, match=SECRET_MESSAGE):
        _get(failing_app, "/fail")


@pytest.mark.api("exceptions.BadRequestKeyError")
@pytest.mark.parametrize("debug", [False, True])
def test_missing_form_key_is_named_only_in_debug_mode(
    impl: t.Any, app: t.Any, debug: bool
) -> None:
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.config["TRAP_BAD_REQUEST_ERRORS"] = False
    app.debug = debug

    @app.route("/form")
    def form() -> str:
        return impl.request.args["secret_field_name"]  # type: ignore[no-any-return]

    status, _, body = _get(app, "/form")
    assert status == "400 BAD REQUEST"
    assert (b"secret_field_name" in body) is debug


@pytest.mark.api("Config")
@pytest.mark.parametrize(
    "host", ["evil.com", "localhost.evil.com", "evil.com:80", "", "localhost\r\nX: 1"]
)
def test_trusted_hosts_refuse_other_hosts(impl: t.Any, app: t.Any, host: str) -> None:
    app.config["TRUSTED_HOSTS"] = ["localhost"]

    @app.route("/")
    def index() -> str:
        return impl.url_for("index", _external=True)  # type: ignore[no-any-return]

    assert _get(app, "/", host=host)[0] == "400 BAD REQUEST"
    assert _get(app, "/", host="localhost")[2] == b"http://localhost/"
