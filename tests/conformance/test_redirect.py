"""Conformance: ``redirect(location, code=302, Response=None)`` and
``Flask.redirect``: status, ``Location`` header (IRIs sent as URIs), HTML body."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("redirect")


def _body(location_html: str) -> bytes:
    return (
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
        "<h1>Redirecting...</h1>\n"
        "<p>You should be redirected automatically to the target URL: "
        f'<a href="{location_html}">{location_html}</a>. If not, click the link.\n'
    ).encode()


def _redirecting_client(impl: t.Any, app: t.Any, location: str, **kw: t.Any) -> t.Any:
    @app.route("/go")
    def go() -> t.Any:
        return impl.redirect(location, **kw)

    return app.test_client()


def test_default_redirect(impl: t.Any, app: t.Any) -> None:
    rv = _redirecting_client(impl, app, "/target").get("/go")
    assert rv.status_code == 302
    assert rv.status == "302 FOUND"
    assert rv.headers["Location"] == "/target"
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == _body("/target")
    assert rv.headers["Content-Length"] == str(len(rv.data))


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (301, "301 MOVED PERMANENTLY"),
        (302, "302 FOUND"),
        (303, "303 SEE OTHER"),
        (307, "307 TEMPORARY REDIRECT"),
        (308, "308 PERMANENT REDIRECT"),
    ],
)
def test_redirect_codes(impl: t.Any, app: t.Any, code: int, status: str) -> None:
    rv = _redirecting_client(impl, app, "/new", code=code).get("/go")
    assert rv.status_code == code
    assert rv.status == status
    assert rv.headers["Location"] == "/new"
    assert rv.data == _body("/new")


def test_redirect_object_in_request_context(impl: t.Any, req_ctx: t.Any) -> None:
    rv = impl.redirect("/somewhere", 301)
    assert isinstance(rv, impl.Response)
    assert rv.status_code == 301
    assert rv.location == "/somewhere"
    assert rv.headers["Location"] == "/somewhere"
    assert rv.mimetype == "text/html"
    assert rv.get_data() == _body("/somewhere")


def test_relative_location_is_not_made_absolute(impl: t.Any, app: t.Any) -> None:
    rv = _redirecting_client(impl, app, "../up?x=1").get("/go")
    assert rv.headers["Location"] == "../up?x=1"


def test_absolute_location_kept(impl: t.Any, app: t.Any) -> None:
    location = "https://example.com/p?a=1&b=2#frag"
    rv = _redirecting_client(impl, app, location).get("/go")
    assert rv.headers["Location"] == location
    assert rv.data == _body("https://example.com/p?a=1&amp;b=2#frag")


def test_protocol_relative_location_kept(impl: t.Any, app: t.Any) -> None:
    rv = _redirecting_client(impl, app, "//cdn.example.com/x").get("/go")
    assert rv.headers["Location"] == "//cdn.example.com/x"


def test_body_escapes_location(impl: t.Any, app: t.Any) -> None:
    rv = _redirecting_client(impl, app, "/a?x=\"<b>\"&y='1'").get("/go")
    assert rv.data == _body("/a?x=&#34;&lt;b&gt;&#34;&amp;y=&#39;1&#39;")


@pytest.mark.parametrize(
    ("location", "header"),
    [
        ("/x y", "/x%20y"),
        ("/ok?q=a b", "/ok?q=a%20b"),
        ("/caf\u00e9", "/caf%C3%A9"),
        ("http://example.com/\u00fc?q=\u00e4", "http://example.com/%C3%BC?q=%C3%A4"),
        ("http://\u00fcnicode.com/p\u00e4th", "http://xn--nicode-2ya.com/p%C3%A4th"),
        ("/already%20quoted?c=%41", "/already%20quoted?c=%41"),
    ],
)
def test_iri_location_sent_as_uri(
    impl: t.Any, app: t.Any, location: str, header: str
) -> None:
    rv = _redirecting_client(impl, app, location).get("/go")
    assert rv.headers["Location"] == header


def test_non_ascii_location_in_body_stays_unicode(impl: t.Any, app: t.Any) -> None:
    rv = _redirecting_client(impl, app, "/caf\u00e9").get("/go")
    assert rv.data == _body("/caf\u00e9")


@pytest.mark.parametrize("location", ["/a\r\nX-Evil: 1", "/a\nSet-Cookie: x=1"])
def test_newline_in_location_raises(impl: t.Any, req_ctx: t.Any, location: str) -> None:
    with pytest.raises(ValueError) as exc_info:
        impl.redirect(location)
    assert "newline" in str(exc_info.value)


def test_newline_in_location_never_reaches_headers(impl: t.Any, app: t.Any) -> None:
    app.testing = False
    rv = _redirecting_client(impl, app, "/a\r\nX-Evil: 1").get("/go")
    assert rv.status_code == 500
    assert "X-Evil" not in rv.headers
    assert "Location" not in rv.headers


def test_redirect_to_url_for(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/login")
    def login() -> str:
        return "login page"

    @app.route("/")
    def index() -> t.Any:
        return impl.redirect(impl.url_for("login", next="/"))

    rv = client.get("/")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/login?next=/"
    assert client.get("/", follow_redirects=True).data == b"login page"


def test_redirect_outside_of_any_context(impl: t.Any) -> None:
    rv = impl.redirect("/plain", code=303)
    assert rv.status_code == 303
    assert rv.headers["Location"] == "/plain"
    assert rv.get_data() == _body("/plain")


def test_custom_response_class_outside_context(impl: t.Any) -> None:
    class MyResponse(impl.Response):
        pass

    rv = impl.redirect("/x", Response=MyResponse)
    assert type(rv) is MyResponse
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/x"


def test_response_argument_ignored_in_app_context(impl: t.Any, app: t.Any) -> None:
    class AppResponse(impl.Response):
        pass

    class OtherResponse(impl.Response):
        pass

    app.response_class = AppResponse
    with app.app_context():
        assert type(impl.redirect("/x")) is AppResponse
        assert type(impl.redirect("/x", Response=OtherResponse)) is AppResponse


@pytest.mark.api("Flask")
def test_app_redirect(impl: t.Any, app: t.Any) -> None:
    rv = app.redirect("/from-app", code=307)
    assert isinstance(rv, app.response_class)
    assert rv.status_code == 307
    assert rv.headers["Location"] == "/from-app"
    assert rv.get_data() == _body("/from-app")


@pytest.mark.api("Flask")
def test_redirect_helper_calls_app_redirect(impl: t.Any) -> None:
    calls: list[tuple[str, int]] = []

    class MyFlask(impl.Flask):  # type: ignore[name-defined,misc]
        def redirect(self, location: str, code: int = 302) -> t.Any:
            calls.append((location, code))
            return super().redirect("/rewritten" + location, code)

    app = MyFlask("my_redirect_app")

    @app.route("/")
    def index() -> t.Any:
        return impl.redirect("/dest", 301)

    rv = app.test_client().get("/")
    assert calls == [("/dest", 301)]
    assert rv.status_code == 301
    assert rv.headers["Location"] == "/rewritten/dest"


def test_redirect_from_error_handler(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.errorhandler(401)
    def unauthorized(e: t.Any) -> t.Any:
        return impl.redirect("/login")

    @app.route("/private")
    def private() -> str:
        impl.abort(401)

    rv = client.get("/private")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/login"
