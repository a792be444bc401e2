"""examples/hello.py answers as Flask's quickstart does: through the test client
(on flaskcompat, and on Flask by switching its one import line) and over real
HTTP when started as ``python examples/hello.py``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import types
import typing as t
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hello.py"
IMPORT_LINE = "from flaskcompat import "


def load_example(impl: str) -> types.ModuleType:
    """Import examples/hello.py, its import line switched to ``impl``."""
    source = EXAMPLE.read_text("utf-8")
    assert source.count(f"\n{IMPORT_LINE}") == 1, "the example has one import line"
    name = f"hello_on_{impl}"
    module = types.ModuleType(name)
    module.__file__ = str(EXAMPLE)
    sys.modules[name] = module  # Flask(__name__) looks its module up
    code = compile(source.replace(IMPORT_LINE, f"from {impl} import "), EXAMPLE, "exec")
    exec(code, module.__dict__)
    return module


@pytest.fixture(params=["flaskcompat", "flask"])
def client(request: pytest.FixtureRequest) -> t.Iterator[t.Any]:
    module = load_example(request.param)
    try:
        yield module.app.test_client()
    finally:
        del sys.modules[module.__name__]


def test_index_links_to_every_page(client: t.Any) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "Hello, World!" in text
    for url in ("/hello/World", "/post/42", "/path/a/b/c", "/login?next=/"):
        assert f'href="{url}"' in text


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/hello/", 200, "<p>Hello, stranger!</p>"),
        ("/hello/<b>you", 200, "<p>Hello, &lt;b&gt;you!</p>"),
        ("/user/ada", 200, "User ada"),
        ("/post/42", 200, "Post 42"),
        ("/post/forty-two", 404, None),
        ("/path/a/b/c", 200, "Subpath a/b/c"),
        ("/nowhere", 404, None),
    ],
)
def test_variable_rules(client: t.Any, url: str, status: int, text: str | None) -> None:
    response = client.get(url)
    assert response.status_code == status
    if text is not None:
        assert response.get_data(as_text=True) == text


def test_login_methods_redirect_and_abort(client: t.Any) -> None:
    assert "<form" in client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"username": "ada"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/user/ada")
    assert client.post("/login", data={"username": "mallory"}).status_code == 401
    assert client.put("/login").status_code == 405


def test_json_api(client: t.Any) -> None:
    response = client.get("/api/users")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert response.get_json() == ["ada", "alan"]
    ada = client.get("/api/users/ada").get_json()
    assert ada == {"username": "ada", "name": "Ada Lovelace"}
    assert client.get("/api/users/bob").status_code == 404
    response = client.post("/api/echo", json={"answer": 42})
    assert response.status_code == 201
    assert response.get_json() == {"received": {"answer": 42}}


# -- python examples/hello.py ------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, deadline: float, server: subprocess.Popen[bytes]) -> str:
    """GET ``url`` once the server is up; fail if it dies or the deadline passes."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while True:
        try:
            with opener.open(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError) as exc:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"no answer from {url}: {exc}")
            time.sleep(0.1)


def test_runs_as_a_script_on_localhost(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), env.get("PYTHONPATH")])
    )
    log_path = tmp_path / "server.log"
    command = [sys.executable, str(EXAMPLE), "--port", str(port)]
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            command,
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
        ) as server,
    ):
        try:
            url = f"http://127.0.0.1:{port}/hello/HTTP"
            text = fetch(url, time.monotonic() + 30, server)
        except BaseException:
            print(log_path.read_text("utf-8", "replace"))  # shown on failure
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
    assert text == "<p>Hello, HTTP!</p>"
