"""examples/login_app.py answers the same on Flask and on flaskcompat: the example
is executed twice, its one import line switched, and every flow (form, flashed
messages, templates with a macro, the session cookie, the JSON endpoint) gives the
same responses."""

from __future__ import annotations

import re
import sys
import types
import typing as t
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "login_app.py"
IMPORT_LINE = "from flaskcompat import "
IMPLS = ("flask", "flaskcompat")


def load_example(impl: str) -> types.ModuleType:
    """Import examples/login_app.py, its import line switched to ``impl``."""
    source = EXAMPLE.read_text("utf-8")
    assert source.count(f"\n{IMPORT_LINE}") == 1, "the example has one import line"
    assert "import flask" not in source
    name = f"login_app_on_{impl}"
    module = types.ModuleType(name)
    module.__file__ = str(EXAMPLE)
    sys.modules[name] = module  # Flask(__name__) finds its root path through it
    code = compile(source.replace(IMPORT_LINE, f"from {impl} import "), EXAMPLE, "exec")
    exec(code, module.__dict__)
    return module


@pytest.fixture(params=IMPLS)
def example(request: pytest.FixtureRequest) -> Iterator[types.ModuleType]:
    module = load_example(request.param)
    module.app.testing = True
    try:
        yield module
    finally:
        del sys.modules[module.__name__]


def snapshot(rv: t.Any) -> dict[str, t.Any]:
    """What a browser sees of a response, without the signed cookie's bytes and
    the clock."""
    cookies = [
        re.sub(
            r"Expires=[^;]+",
            "Expires=<date>",
            re.sub(r"=[^;]*", "=<value>", c, count=1),
        )
        for c in rv.headers.getlist("Set-Cookie")
    ]
    return {
        "status": rv.status,
        "content_type": rv.headers.get("Content-Type"),
        "location": rv.headers.get("Location"),
        "vary": rv.headers.get("Vary"),
        "set_cookie": cookies,
        "body": rv.get_data(as_text=True),
    }


def flows(app: t.Any) -> dict[str, dict[str, t.Any]]:
    """Walk through the example as a user would; one snapshot per step."""
    client = app.test_client()
    steps: dict[str, t.Any] = {}
    steps["home"] = client.get("/")
    steps["form"] = client.get("/login")
    steps["me_anonymous"] = client.get("/api/me")
    steps["empty"] = client.post("/login", data={"username": "", "password": ""})
    steps["wrong"] = client.post(
        "/login", data={"username": "<ada>", "password": "nope"}
    )
    steps["login"] = client.post(
        "/login", data={"username": "ada", "password": "analytical"}
    )
    steps["welcome"] = client.get("/")
    steps["again"] = client.get("/")
    steps["me"] = client.get("/api/me")
    steps["logout_get"] = client.get("/logout")
    steps["logout"] = client.post("/logout", follow_redirects=True)
    steps["logout_again"] = client.post("/logout")
    steps["remember"] = client.post(
        "/login",
        data={"username": "alan", "password": "enigma", "remember": "on"},
        follow_redirects=True,
    )
    steps["me_permanent"] = client.get("/api/me")
    steps["missing"] = client.get("/nowhere")
    return {name: snapshot(rv) for name, rv in steps.items()}


def test_same_responses_on_flask_and_flaskcompat() -> None:
    results = {}
    for impl in IMPLS:
        module = load_example(impl)
        try:
            module.app.testing = True
            results[impl] = flows(module.app)
        finally:
            del sys.modules[module.__name__]
    for step, expected in results["flask"].items():
        assert results["flaskcompat"][step] == expected, step


def test_flows(example: types.ModuleType) -> None:
    steps = flows(example.app)
    assert "Hello, stranger!" in steps["home"]["body"]
    assert steps["home"]["set_cookie"] == []
    assert steps["home"]["vary"] == "Cookie"
    assert 'name="password"' in steps["form"]["body"]
    assert steps["me_anonymous"]["status"] == "401 UNAUTHORIZED"
    assert steps["me_anonymous"]["body"] == (
        '{"error":"not logged in","login":"/login"}\n'
    )
    assert steps["empty"]["status"] == "401 UNAUTHORIZED"
    assert '<li class="error">Both fields are required.</li>' in steps["empty"]["body"]
    # The message was flashed and shown in the same request: the session ends
    # up empty, so its cookie is deleted.
    assert steps["empty"]["set_cookie"] == [
        "session=<value>; Expires=<date>; Max-Age=0; HttpOnly; Path=/"
    ]
    wrong = steps["wrong"]["body"]
    assert '<li class="error">Invalid username or password.</li>' in wrong
    assert 'value="&lt;ada&gt;"' in wrong  # autoescaped
    assert steps["login"]["status"] == "302 FOUND"
    assert steps["login"]["location"] == "/"
    assert steps["login"]["set_cookie"] == ["session=<value>; HttpOnly; Path=/"]
    welcome = steps["welcome"]["body"]
    assert '<li class="success">Welcome back, Ada Lovelace!</li>' in welcome
    assert "<h1>Hello, Ada Lovelace!</h1>" in welcome
    assert "flashes" not in steps["again"]["body"]
    assert steps["me"]["body"] == (
        '{"name":"Ada Lovelace","permanent":false,"username":"ada"}\n'
    )
    assert steps["logout_get"]["status"] == "405 METHOD NOT ALLOWED"
    assert '<li class="message">You were logged out.</li>' in steps["logout"]["body"]
    assert "Hello, stranger!" in steps["logout"]["body"]
    assert steps["logout_again"]["set_cookie"] == []
    assert "Welcome back, Alan Turing!" in steps["remember"]["body"]
    assert steps["me_permanent"]["set_cookie"] == [
        "session=<value>; Expires=<date>; HttpOnly; Path=/"
    ]
    assert '"permanent":true' in steps["me_permanent"]["body"]
    assert steps["missing"]["status"] == "404 NOT FOUND"
    assert "Nothing lives at <code>/nowhere</code>." in steps["missing"]["body"]


def test_session_cookie_crosses_between_the_two() -> None:
    apps = {}
    for impl in IMPLS:
        module = load_example(impl)
        del sys.modules[module.__name__]
        apps[impl] = module.app
    rv = (
        apps["flask"]
        .test_client()
        .post("/login", data={"username": "ada", "password": "analytical"})
    )
    cookie = rv.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    client = apps["flaskcompat"].test_client()
    client.set_cookie("session", cookie)
    body = client.get("/").get_data(as_text=True)
    assert "Welcome back, Ada Lovelace!" in body
    assert "<h1>Hello, Ada Lovelace!</h1>" in body
