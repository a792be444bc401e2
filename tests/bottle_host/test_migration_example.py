"""examples/bottle_migration: a Bottle site half ported to a Flask blueprint,
driven through the test client and through a real server."""

from __future__ import annotations

import http.client
import sys
import threading
import typing as t
import urllib.parse
from pathlib import Path
from wsgiref.simple_server import WSGIServer, make_server

import pytest

from flaskcompat import Flask
from flaskcompat.werkzeug._shared_input import DechunkingRequestHandler

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    for name in list(sys.modules):
        if name.startswith("bottle_migration"):
            monkeypatch.delitem(sys.modules, name)
    from bottle_migration.app import create_app

    return t.cast(Flask, create_app(str(tmp_path / "notes.db"), secret_key="test"))


def test_auth_check_covers_both_halves(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/notes").headers["Location"] == "/login"  # Flask half
    assert client.get("/notes/1").headers["Location"] == "/login"  # Bottle half
    rv = client.get("/api/notes")
    assert (rv.status_code, rv.json) == (401, {"error": "login required"})
    assert b"Log in (Bottle)" in client.get("/login").data
    assert b"Log in (Flask)" in client.get("/account/login").data


@pytest.mark.parametrize("login_url", ["/login", "/account/login"])
def test_login_on_either_side_holds_on_both(app: Flask, login_url: str) -> None:
    client = app.test_client()
    rv = client.post(login_url, data={"name": "ada", "password": "nope"})
    assert b"Wrong name or password." in rv.data
    rv = client.post(login_url, data={"name": "ada", "password": "secret"})
    assert rv.headers["Location"].endswith("/notes")
    # Flask half: the blueprint, its sqlite connection from the Bottle plugin.
    rv = client.post("/notes", data={"text": "buy milk"})
    assert rv.headers["Location"] == "/notes/1"  # url_for of a Bottle route
    # Bottle half: a Bottle template and the JSON API.
    rv = client.get("/notes/1")
    assert b"ada's note 1: buy milk" in rv.data
    rv = client.get("/api/notes")
    assert rv.json == {"user": "ada", "notes": [{"id": 1, "text": "buy milk"}]}
    assert b'<a href="/notes/1">buy milk</a>' in client.get("/notes").data
    assert client.get("/notes/2").status_code == 404
    client.get("/logout")
    assert client.get("/api/notes").status_code == 401


class Browser:
    """http.client with one cookie, enough for this site."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            rv = conn.getresponse()
            data = rv.read()
            set_cookie = rv.getheader("Set-Cookie")
            if set_cookie:
                self.cookie = set_cookie.split(";", 1)[0]
            return rv.status, dict(rv.getheaders()), data
        finally:
            conn.close()


def test_the_site_behind_a_real_server(app: Flask) -> None:
    server: WSGIServer = make_server(
        "127.0.0.1",
        0,
        app,
        handler_class=type("Quiet", (DechunkingRequestHandler,), {"quiet": True}),
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.start()
    try:
        browser = Browser(server.server_port)
        assert browser.request("GET", "/api/notes")[0] == 401
        status, headers, _ = browser.request(
            "POST", "/login", {"name": "ada", "password": "secret"}
        )
        assert status == 303
        status, headers, _ = browser.request(
            "POST", "/notes", {"text": "from a server"}
        )
        assert (status, headers["Location"]) == (302, "/notes/1")
        status, _, data = browser.request("GET", "/notes/1")
        assert status == 200
        assert b"from a server" in data
        status, _, data = browser.request("GET", "/api/notes")
        assert status == 200
        assert b'"from a server"' in data
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
