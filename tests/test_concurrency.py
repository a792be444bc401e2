"""Concurrency: each request sees only its own ``request``, ``g`` and ``session``.

Many threads send requests at once, each with a unique token in the query
string, a header, the JSON body and the session cookie; the view copies it into
``g`` and the session, sleeps a little so requests interleave, and echoes what
it sees from ``request``, ``g``, ``session`` and ``bottle.request``. No request
may see another's token. The teardown functions run for every request (those
whose view raised and those whose streamed body was closed early included), and
no context is left pushed in any thread afterwards.

Two drivers: threads calling the WSGI app directly, and real HTTP clients
against ``app.run`` (Bottle's wsgiref adapter, made multi-threaded) on
127.0.0.1 with an OS-chosen port. Every socket has a timeout.
"""

from __future__ import annotations

import collections
import http.client
import io
import json
import random
import socket
import socketserver
import struct
import sys
import threading
import time
import typing as t
import uuid
import wsgiref.simple_server
from urllib.parse import quote

import bottle
import pytest
from wsgi_support import WSGICall

import flaskcompat
from flaskcompat import g, request, session
from flaskcompat.ctx import has_app_context, has_request_context
from flaskcompat.globals import _cv_app, _cv_request

DIRECT_THREADS = 32
DIRECT_REQUESTS = 50  # per thread: 1600 requests
HTTP_THREADS = 16
HTTP_REQUESTS = 20  # per thread: 320 requests over HTTP
HTTP_DISCONNECTS = 8  # clients that close the socket mid-stream
TIMEOUT = 10.0  # seconds, for sockets and joins
SLEEPS = (0, 0, 0.001, 0.002)  # a view's sleep: enough for threads to interleave

#: The request kinds of the direct driver, by request number modulo 10.
KINDS = ("echo",) * 6 + ("boom", "stream_early", "stream_full", "echo")


class Recorder:
    """What the app's hooks saw, per token, under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.teardowns: collections.Counter[str] = collections.Counter()
        self.app_teardowns: collections.Counter[str] = collections.Counter()
        self.teardown_errors: dict[str, list[str | None]] = {}
        self.streams_closed: dict[str, int] = {}  # token -> chunks produced
        self.leaks: list[str] = []  # contexts found pushed after a request
        self.checked = 0  # threads checked for pushed contexts after a request
        self.mismatches: list[str] = []  # a hook saw another request's token

    def teardown(self, token: str, exc: BaseException | None) -> None:
        with self.lock:
            self.teardowns[token] += 1
            error = None if exc is None else f"{type(exc).__name__}: {exc}"
            self.teardown_errors.setdefault(token, []).append(error)

    def app_teardown(self, token: str) -> None:
        with self.lock:
            self.app_teardowns[token] += 1

    def stream_closed(self, token: str, produced: int) -> None:
        with self.lock:
            self.streams_closed[token] = produced

    def mismatch(self, message: str) -> None:
        with self.lock:
            self.mismatches.append(message)

    def check_no_context(self, where: str) -> None:
        """Record a context left pushed in the current thread."""
        leaked = _cv_request.get(None) is not None or _cv_app.get(None) is not None
        leaked = leaked or has_request_context() or has_app_context()
        with self.lock:
            self.checked += 1
            if leaked:
                self.leaks.append(where)


class Echo(t.NamedTuple):
    app: flaskcompat.Flask
    recorder: Recorder


def build_app() -> Echo:
    """The app under test: ``/echo`` (POST), ``/boom`` and ``/stream``."""
    app = flaskcompat.Flask("concurrency_app", static_folder=None)
    app.config["SECRET_KEY"] = "threads"
    rec = Recorder()

    @app.before_request
    def token_into_g() -> None:
        g.token = request.args["t"]

    @app.teardown_request
    def count_teardown(exc: BaseException | None) -> None:
        rec.teardown(request.args["t"], exc)

    @app.teardown_appcontext
    def count_app_teardown(exc: BaseException | None) -> None:
        rec.app_teardown(g.token)

    @app.route("/echo", methods=["POST"])
    def echo() -> dict[str, t.Any]:
        token = request.args["t"]
        g.header = request.headers["X-Token"]
        g.json = request.get_json()["t"]
        session["echo"] = token
        time.sleep(random.choice(SLEEPS))
        return {
            "query": request.args["t"],
            "header": request.headers["X-Token"],
            "json": request.get_json()["t"],
            "g": [g.token, g.header, g.json],
            "session": [session.get("t"), session["echo"]],
            "bottle": [
                bottle.request.query.get("t"),
                bottle.request.get_header("X-Token"),
                bottle.request.environ is request.environ,
            ],
        }

    @app.route("/boom")
    def boom() -> t.NoReturn:
        time.sleep(random.choice(SLEEPS))
        raise RuntimeError(request.args["t"])

    @app.route("/stream")
    def stream() -> flaskcompat.Response:
        token = request.args["t"]
        count = int(request.args.get("n", "3"))
        delay = float(request.args.get("delay", "0"))

        @flaskcompat.stream_with_context
        def generate() -> t.Iterator[str]:
            produced = 0
            try:
                for i in range(count):
                    time.sleep(delay)
                    seen = (request.args["t"], g.token, session.get("t"))
                    if seen != (token, token, token):
                        rec.mismatch(f"stream {token} saw {seen}")
                    produced += 1
                    yield f"{token} {i}\n"
            finally:
                rec.stream_closed(token, produced)

        return flaskcompat.Response(generate())

    return Echo(app, rec)


@pytest.fixture
def echo() -> t.Iterator[Echo]:
    built = build_app()
    built.app.logger.disabled = True  # /boom's 500s are on purpose
    yield built
    built.app.logger.disabled = False


def session_cookie(app: flaskcompat.Flask, token: str) -> str:
    """A signed session cookie holding ``{"t": token}``."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return serializer.dumps({"t": token})  # type: ignore[no-any-return]


def read_session(app: flaskcompat.Flask, set_cookie: str | None) -> dict[str, t.Any]:
    """The session a ``Set-Cookie`` header carries."""
    assert set_cookie is not None and set_cookie.startswith("session=")
    value = set_cookie.split(";", 1)[0][len("session=") :]
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return serializer.loads(value)  # type: ignore[no-any-return]


def check_echo(
    app: flaskcompat.Flask, token: str, body: bytes, set_cookie: str | None
) -> list[str]:
    """What is wrong with an ``/echo`` response for ``token`` (nothing: [])."""
    data = json.loads(body)
    expected = {
        "query": token,
        "header": token,
        "json": token,
        "g": [token, token, token],
        "session": [token, token],
        "bottle": [token, token, True],
    }
    problems = [
        f"{token}: {k}={data.get(k)!r}" for k in expected if data.get(k) != expected[k]
    ]
    if read_session(app, set_cookie) != {"t": token, "echo": token}:
        problems.append(f"{token}: saved session {read_session(app, set_cookie)!r}")
    return problems


# -- driving the WSGI app from threads ------------------------------------------


def make_environ(
    path: str, token: str, method: str = "GET", body: bytes = b"", query: str = ""
) -> dict[str, t.Any]:
    """A WSGI environ as a server passes it, with the token everywhere."""
    return {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": f"t={token}{query}",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_TOKEN": token,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def run_direct(echo: Echo, kind: str, token: str) -> list[str]:
    """One request of ``kind`` straight to the WSGI app; the problems seen."""
    app = echo.app
    path = {"echo": "/echo", "boom": "/boom"}.get(kind, "/stream")
    body = json.dumps({"t": token}).encode() if kind == "echo" else b""
    query = "&n=50&delay=0.001" if kind == "stream_early" else ""
    environ = make_environ(
        path, token, "POST" if kind == "echo" else "GET", body, query
    )
    environ["HTTP_COOKIE"] = f"session={session_cookie(app, token)}"
    call = WSGICall(app, environ)
    try:
        # stream_early: the client goes away after one chunk
        iterable = call.start()
        chunks = [next(iter(iterable))] if kind == "stream_early" else list(iterable)
    finally:
        call.close()
    ((status, headers),) = call.started
    response = b"".join(chunks)
    if kind == "echo":
        set_cookie = dict(headers).get("Set-Cookie")
        if status != "200 OK":
            return [f"{token}: echo answered {status}"]
        return check_echo(app, token, response, set_cookie)
    if kind == "boom":
        return [] if status.startswith("500 ") else [f"{token}: boom answered {status}"]
    if not response.startswith(f"{token} 0\n".encode()):
        return [f"{token}: stream sent {response[:50]!r}"]
    return []


def test_threads_driving_the_wsgi_app_see_only_their_request(echo: Echo) -> None:
    barrier = threading.Barrier(DIRECT_THREADS, timeout=TIMEOUT)
    problems: list[str] = []
    sent: dict[str, str] = {}  # token -> kind
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(DIRECT_REQUESTS):
                kind = KINDS[(n + i) % len(KINDS)]
                token = f"{n}-{i}-{uuid.uuid4().hex[:8]}"
                with lock:
                    sent[token] = kind
                found = run_direct(echo, kind, token)
                echo.recorder.check_no_context(f"worker {n} after {token}")
                if found:
                    with lock:
                        problems.extend(found)
        except Exception as e:  # reported by the main thread
            with lock:
                problems.append(f"worker {n}: {e!r}")

    threads = [
        threading.Thread(target=worker, args=(n,)) for n in range(DIRECT_THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"

    assert problems == []
    assert len(sent) == DIRECT_THREADS * DIRECT_REQUESTS
    check_teardowns(echo.recorder, sent)
    assert not has_request_context() and not has_app_context()


def check_teardowns(rec: Recorder, sent: dict[str, str]) -> None:
    """Every request's teardown functions ran, with its own token and error."""
    assert rec.mismatches == []
    assert rec.leaks == []
    # A stream_with_context body pushes the contexts again when iterated:
    # its end or close() pops them, running the teardown functions again.
    expected = {
        token: 2 if kind.startswith("stream") else 1 for token, kind in sent.items()
    }
    assert dict(rec.teardowns) == expected
    assert dict(rec.app_teardowns) == expected
    # The error each teardown got: the view's own; GeneratorExit for a body
    # closed early (the second teardown runs as the generator is closed).
    errors = {
        "echo": [None],
        "boom": ["RuntimeError: {}"],
        "stream_full": [None, None],
        "stream_early": [None, "GeneratorExit: "],
    }
    for token, kind in sent.items():
        expected_errors = [e and e.format(token) for e in errors[kind]]
        assert rec.teardown_errors[token] == expected_errors, (token, kind)
    streams = {token: kind for token, kind in sent.items() if kind.startswith("stream")}
    assert set(rec.streams_closed) == set(streams)
    for token, kind in streams.items():
        if kind == "stream_early":
            assert rec.streams_closed[token] < 50, "the early close did not stop it"
        else:
            assert rec.streams_closed[token] == 3


# -- a real threaded server: app.run ----------------------------------------------


class LeakCheck:
    """Wrap a WSGI body: after the server closes it, check (in the server's
    thread) that no context is left pushed."""

    def __init__(self, iterable: t.Iterable[bytes], rec: Recorder, where: str) -> None:
        self.iterable = iterable
        self.rec = rec
        self.where = where

    def __iter__(self) -> t.Iterator[bytes]:
        return iter(self.iterable)

    def close(self) -> None:
        close = getattr(self.iterable, "close", None)
        try:
            if close is not None:
                close()
        finally:
            self.rec.check_no_context(self.where)


class Server(t.NamedTuple):
    host: str
    port: int
    echo: Echo


@pytest.fixture
def server(echo: Echo, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[Server]:
    """``echo.app.run()`` in a background thread on 127.0.0.1, port 0.

    ``wsgiref.simple_server.make_server`` is wrapped to get hold of the server
    Bottle's adapter makes (its port, and ``shutdown()`` at the end); its class
    is the one ``run`` chose, with a longer listen queue.
    """
    real_make_server = wsgiref.simple_server.make_server
    made: list[wsgiref.simple_server.WSGIServer] = []
    ready = threading.Event()

    def make_server(
        host: str, port: int, app: t.Any, server_class: t.Any, handler_class: t.Any
    ) -> t.Any:
        assert issubclass(server_class, socketserver.ThreadingMixIn), server_class
        queued = type("QueuedServer", (server_class,), {"request_queue_size": 128})
        srv = real_make_server(host, port, app, queued, handler_class)
        made.append(srv)
        ready.set()
        return srv

    monkeypatch.setattr(wsgiref.simple_server, "make_server", make_server)
    app, rec = echo
    inner = app.wsgi_app

    def leak_checking(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        where = f"server thread after {environ.get('QUERY_STRING')}"
        return LeakCheck(inner(environ, start_response), rec, where)

    app.wsgi_app = leak_checking  # type: ignore[method-assign]
    thread = threading.Thread(
        target=app.run,
        kwargs={"host": "127.0.0.1", "port": 0, "quiet": True},
        daemon=True,
    )
    thread.start()
    assert ready.wait(TIMEOUT), "the server did not start"
    (srv,) = made
    try:
        yield Server("127.0.0.1", srv.server_port, echo)
    finally:
        srv.shutdown()
        thread.join(TIMEOUT)
        srv.server_close()
        assert not thread.is_alive()


def http_echo(srv: Server, token: str) -> list[str]:
    """One ``POST /echo`` over HTTP; the problems seen."""
    app = srv.echo.app
    conn = http.client.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
    try:
        conn.request(
            "POST",
            f"/echo?t={quote(token)}",
            body=json.dumps({"t": token}),
            headers={
                "Content-Type": "application/json",
                "X-Token": token,
                "Cookie": f"session={session_cookie(app, token)}",
            },
        )
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            return [f"{token}: {response.status} {body[:200]!r}"]
        return check_echo(app, token, body, response.getheader("Set-Cookie"))
    finally:
        conn.close()


def http_disconnect(srv: Server, token: str) -> list[str]:
    """Ask for a slow streamed body, read its first chunk, and hang up."""
    with socket.create_connection((srv.host, srv.port), timeout=TIMEOUT) as sock:
        sock.sendall(
            f"GET /stream?t={token}&n=50&delay=0.01 HTTP/1.1\r\n"
            f"Host: {srv.host}\r\nCookie: session={session_cookie(srv.echo.app, token)}"
            "\r\n\r\n".encode()
        )
        received = b""
        while f"{token} 0\n".encode() not in received:
            chunk = sock.recv(4096)
            if not chunk:
                return [f"{token}: connection closed early: {received[:200]!r}"]
            received += chunk
        # Reset the connection (no graceful close): the server's next write fails.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return []


def test_threaded_server_requests_see_only_their_request(server: Server) -> None:
    sent: dict[str, str] = {}
    problems: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(HTTP_THREADS + HTTP_DISCONNECTS, timeout=TIMEOUT)

    def client(n: int) -> None:
        try:
            barrier.wait()
            for i in range(HTTP_REQUESTS):
                token = f"h{n}-{i}-{uuid.uuid4().hex[:8]}"
                with lock:
                    sent[token] = "echo"
                found = http_echo(server, token)
                with lock:
                    problems.extend(found)
        except Exception as e:  # reported by the main thread
            with lock:
                problems.append(f"client {n}: {e!r}")

    def disconnecting_client(n: int) -> None:
        token = f"d{n}-{uuid.uuid4().hex[:8]}"
        with lock:
            sent[token] = "stream_early"
        try:
            barrier.wait()
            found = http_disconnect(server, token)
        except Exception as e:  # reported by the main thread
            found = [f"disconnecting client {n}: {e!r}"]
        with lock:
            problems.extend(found)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(HTTP_THREADS)]
    threads += [
        threading.Thread(target=disconnecting_client, args=(n,))
        for n in range(HTTP_DISCONNECTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    assert problems == []

    # The server notices a hang-up on its next write, then closes the body:
    # wait for every server thread to be done with its request.
    rec = server.echo.recorder
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with rec.lock:
            if rec.checked >= len(sent):
                break
        time.sleep(0.01)
    assert rec.checked == len(sent)
    assert len(sent) == HTTP_THREADS * HTTP_REQUESTS + HTTP_DISCONNECTS
    check_teardowns(rec, sent)
    assert not has_request_context() and not has_app_context()
