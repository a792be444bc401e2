"""Each installed Bottle server adapter (wsgiref, app.run's default; waitress;
gunicorn on POSIX) serves a Flask route, a Bottle route and chunked POSTs,
started on 127.0.0.1 through ``app.run(server=...)``."""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest

SERVER_APP = Path(__file__).with_name("server_app.py")

SERVERS = [
    "wsgiref",
    pytest.param(
        "waitress",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("waitress") is None, reason="waitress missing"
        ),
    ),
    pytest.param(
        "gunicorn",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("gunicorn") is None or os.name != "posix",
            reason="gunicorn missing or not POSIX",
        ),
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> t.Iterator[int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(SERVER_APP), request.param, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):  # up to 20 s
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read().decode() if proc.stderr else "died")
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()


def fetch(
    port: int,
    method: str,
    path: str,
    body: t.Any = None,
    headers: dict[str, str] | None = None,
    encode_chunked: bool = False,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(
            method,
            path,
            body=body,
            headers=headers or {},
            encode_chunked=encode_chunked,
        )
        rv = conn.getresponse()
        return rv.status, rv.read()
    finally:
        conn.close()


def test_flask_and_bottle_routes(server: int) -> None:
    assert fetch(server, "GET", "/flask") == (200, b"flask route")
    assert fetch(server, "GET", "/bottle") == (200, b"bottle route")
    assert fetch(server, "GET", "/missing")[0] == 404


@pytest.mark.parametrize("path", ["/bottle-first", "/flask-first"])
def test_chunked_post(server: int, path: str) -> None:
    chunks = iter([b"hello", b" ", b"world"])
    status, data = fetch(
        server,
        "POST",
        path,
        body=chunks,
        headers={"Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    assert status == 200
    assert json.loads(data) == {"bottle": "hello world", "flask": "hello world"}


def test_chunked_form_read_by_bottle_first(server: int) -> None:
    status, data = fetch(
        server,
        "POST",
        "/forms-bottle-first",
        body=iter([b"a=", b"xyz"]),
        headers={
            "Transfer-Encoding": "chunked",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        encode_chunked=True,
    )
    assert (status, json.loads(data)) == (200, ["xyz", "xyz"])


def test_post_without_content_length(server: int) -> None:
    status, data = fetch(server, "POST", "/bottle-first")
    assert status == 200
    assert json.loads(data) == {"bottle": "", "flask": ""}
