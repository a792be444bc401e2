"""Load test: a flaskcompat app behind a real WSGI server on 127.0.0.1, driven by
a threaded keep-alive HTTP client that checks every answer.

Usage::

    python tests/load/run_load.py [--connections 32] [--duration 5]
                                  [--max-requests 500000] [--threads 8]
                                  [--server auto|waitress|wsgiref] [--json PATH]

The app (routes ``/hello``, ``/items/<int:id>`` answering JSON, ``POST /submit`` with
a form, ``/session/<int:n>`` reading and writing the session, and a 404 path) runs in
a subprocess under waitress (``--server auto`` picks waitress when installed, else
the standard library's threaded ``wsgiref`` server, one connection per request). Each
client thread sends requests on its own connection until the time or the request
budget is spent, and compares every status and body with what it expects; the
session route checks that the cookie of the previous answer carried the value it
wrote. Nothing is retried.

Exit status 0 when every request sent got a complete and correct answer and the
server counted exactly as many requests as were sent; 1 otherwise (2: bad usage).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import math
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"  # loopback only, never configurable
REPO = Path(__file__).resolve().parents[2]
#: Seconds to wait for one answer, and for the server to start or stop.
REQUEST_TIMEOUT = 10.0
STARTUP_TIMEOUT = 30.0
#: Problems quoted in the report (all are counted).
MAX_PROBLEMS = 10

KINDS = ("hello", "json", "form", "session", "missing")


# -- the server side (runs in the subprocess) -----------------------------------


def make_app() -> t.Any:
    """The flaskcompat app under load."""
    sys.path.insert(0, str(REPO))  # this checkout's flaskcompat, installed or not
    from flaskcompat import Flask, request, session

    app = Flask("load_app")
    app.config["SECRET_KEY"] = "load test"

    @app.route("/hello")
    def hello() -> str:
        return "Hello, World!"

    @app.route("/items/<int:item_id>")
    def item(item_id: int) -> dict[str, t.Any]:
        return {"id": item_id, "name": f"item {item_id}"}

    @app.route("/submit", methods=["POST"])
    def submit() -> str:
        return f"{request.form['name']}:{','.join(request.form.getlist('tag'))}"

    @app.route("/session/<int:n>")
    def session_round_trip(n: int) -> str:
        previous = session.get("last", "none")
        session["last"] = n
        return f"previous={previous}"

    return app


class Counted:
    """WSGI middleware counting the requests the server handed to the app."""

    def __init__(self, app: t.Any) -> None:
        self.app = app
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        with self._lock:
            self.count += 1
        return self.app(environ, start_response)


def _wsgiref_server(app: t.Any) -> t.Any:
    """The standard library's server, one thread per connection, quiet."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 256  # tens of clients connect at once

    class Handler(WSGIRequestHandler):
        def log_message(self, format: str, *args: t.Any) -> None:
            pass

    return make_server(HOST, 0, app, server_class=Server, handler_class=Handler)


def serve(server: str, threads: int) -> None:
    """The subprocess: print ``{"port": n}``, serve until stdin closes, then print
    ``{"served": count}`` and exit."""
    app = Counted(make_app())
    if server == "waitress":
        import logging

        from waitress import create_server  # type: ignore[import-untyped]

        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # depth notes
        waitress_server = create_server(app, host=HOST, port=0, threads=threads)
        port, run = waitress_server.effective_port, waitress_server.run
    else:
        wsgiref_server = _wsgiref_server(app)
        port, run = wsgiref_server.server_port, wsgiref_server.serve_forever

    def stop_at_eof() -> None:
        sys.stdin.read()  # the parent closes our stdin to stop us
        print(json.dumps({"served": app.count}), flush=True)
        os._exit(0)

    threading.Thread(target=stop_at_eof, daemon=True).start()
    print(json.dumps({"port": port}), flush=True)
    run()


# -- the client side -------------------------------------------------------------


@dataclass
class Tally:
    """What one client thread saw."""

    sent: int = 0
    ok: int = 0
    #: No complete answer: connection error, timeout, truncated body.
    errors: int = 0
    #: A complete answer with another status or body than expected.
    unexpected: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


class Budget:
    """At most ``limit`` requests in all, shared by the client threads."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True


@dataclass
class Request:
    method: str
    path: str
    status: int
    expected: bytes
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _json_body(item_id: int) -> bytes:
    """Flask's compact, sorted JSON with its trailing newline."""
    data = {"id": item_id, "name": f"item {item_id}"}
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode() + b"\n"


class Client:
    """One connection's requests: ``kind`` number ``n`` of client ``index``, with
    the session cookie and the value the previous session request stored."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.cookie = ""
        self.last = "none"

    def request(self, kind: str, n: int) -> Request:
        if kind == "hello":
            return Request("GET", "/hello", 200, b"Hello, World!")
        if kind == "json":
            item_id = self.index * 1_000_000 + n
            return Request("GET", f"/items/{item_id}", 200, _json_body(item_id))
        if kind == "form":
            name = f"client{self.index}"
            form = urlencode([("name", name), ("tag", "a"), ("tag", str(n))])
            return Request(
                "POST",
                "/submit",
                200,
                f"{name}:a,{n}".encode(),
                body=form.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        if kind == "session":
            headers = {"Cookie": self.cookie} if self.cookie else {}
            expected = f"previous={self.last}".encode()
            return Request("GET", f"/session/{n}", 200, expected, headers=headers)
        return Request("GET", f"/missing/{n}", 404, b"<title>404 Not Found</title>")

    def answered(self, kind: str, n: int, response: http.client.HTTPResponse) -> None:
        """Remember the session cookie and the value now stored."""
        if kind == "session":
            cookie = response.getheader("Set-Cookie") or ""
            self.cookie = cookie.partition(";")[0]
            self.last = str(n)


def _check(req: Request, status: int, length: str | None, data: bytes) -> str:
    """Why the answer is wrong, or ``""``."""
    if length is not None and int(length) != len(data):
        return f"Content-Length {length}, {len(data)} bytes read"
    if status != req.status:
        return f"status {status}, expected {req.status}"
    # A 404 page is checked for its title, every other body byte for byte.
    right = req.expected in data if req.status == 404 else data == req.expected
    return "" if right else f"body {data[:80]!r}, expected {req.expected[:80]!r}"


def drive(
    port: int, connections: int, duration: float, max_requests: int
) -> tuple[list[Tally], float]:
    """Run ``connections`` client threads against the port for ``duration``
    seconds or ``max_requests`` requests in all; returns each thread's tally and
    the elapsed time."""
    deadline = time.perf_counter() + duration
    budget = Budget(max_requests)
    tallies = [Tally() for _ in range(connections)]

    def worker(index: int) -> None:
        tally, client = tallies[index], Client(index)
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        n = 0
        try:
            while time.perf_counter() < deadline and budget.take():
                kind = KINDS[(index + n) % len(KINDS)]
                req = client.request(kind, n)
                tally.sent += 1
                tally.kinds[kind] += 1
                start = time.perf_counter()
                try:
                    conn.request(req.method, req.path, req.body, req.headers)
                    response = conn.getresponse()
                    data = response.read()
                except (OSError, http.client.HTTPException) as e:
                    tally.errors += 1
                    tally.problem(f"{req.method} {req.path}: {e!r}")
                    conn.close()  # the next request reconnects
                    n += 1
                    continue
                tally.latencies.append(time.perf_counter() - start)
                length = response.getheader("Content-Length")
                wrong = _check(req, response.status, length, data)
                if wrong:
                    tally.unexpected += 1
                    tally.problem(f"{req.method} {req.path}: {wrong}")
                else:
                    tally.ok += 1
                    client.answered(kind, n, response)
                n += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tallies, time.perf_counter() - started


# -- the report --------------------------------------------------------------------


@dataclass
class Report:
    """The figures of one run; :attr:`passed` when nothing was lost or wrong."""

    server: str
    connections: int
    seconds: float
    sent: int
    ok: int
    errors: int
    unexpected: int
    by_kind: dict[str, int]
    latency_ms: dict[str, float]
    #: Requests the server handed to the app (None: not counted).
    served: int | None = None
    #: The server's resident memory (KiB) after start-up and after the load.
    rss_kib: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0

    @property
    def passed(self) -> bool:
        counted = self.served is None or self.served == self.sent
        return self.sent > 0 and self.ok == self.sent and counted

    def to_json(self) -> dict[str, t.Any]:
        return {**asdict(self), "rate": self.rate, "passed": self.passed}

    def lines(self) -> list[str]:
        lat = self.latency_ms
        served = "not counted" if self.served is None else str(self.served)
        out = [
            f"flaskcompat load test: {self.server} on {HOST},"
            f" {self.connections} connections, {self.seconds:.1f} s",
            f"requests sent        {self.sent}",
            f"complete and correct {self.ok}",
            f"errors               {self.errors}",
            f"unexpected answers   {self.unexpected}",
            f"served (server)      {served}",
            f"req/s                {self.rate:.0f}",
            f"latency ms           p50 {lat.get('p50', math.nan):.2f}"
            f"  p99 {lat.get('p99', math.nan):.2f}  max {lat.get('max', math.nan):.2f}",
            "by route             "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.by_kind.items())),
        ]
        if len(self.rss_kib) == 2:
            first, last = (kib / 1024 for kib in self.rss_kib)
            out.append(f"server RSS MiB       {first:.1f} -> {last:.1f}")
        out += [f"problem: {p}" for p in self.problems]
        out.append("result: " + ("PASS" if self.passed else "FAIL"))
        return out


def summarize(
    server: str, tallies: list[Tally], seconds: float, served: int | None = None
) -> Report:
    """Add up the client threads' tallies."""
    ordered = sorted(x for tally in tallies for x in tally.latencies)
    latency: dict[str, float] = {}
    if ordered:
        for name, percent in (("p50", 50), ("p99", 99)):
            rank = max(0, math.ceil(percent / 100 * len(ordered)) - 1)
            latency[name] = ordered[rank] * 1e3
        latency["max"] = ordered[-1] * 1e3
    kinds: Counter[str] = Counter()
    for tally in tallies:
        kinds.update(tally.kinds)
    report = Report(
        server=server,
        connections=len(tallies),
        seconds=seconds,
        sent=sum(tally.sent for tally in tallies),
        ok=sum(tally.ok for tally in tallies),
        errors=sum(tally.errors for tally in tallies),
        unexpected=sum(tally.unexpected for tally in tallies),
        by_kind=dict(kinds),
        latency_ms=latency,
        served=served,
    )
    for tally in tallies:
        report.problems += tally.problems[: MAX_PROBLEMS - len(report.problems)]
    if served is not None and served != report.sent:
        report.problems.append(
            f"the server served {served}, the client sent {report.sent}"
        )
    return report


# -- running it ----------------------------------------------------------------------


def _rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _read_line(proc: subprocess.Popen[str], timeout: float) -> dict[str, t.Any]:
    """The next JSON line the server prints, within ``timeout`` seconds."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else ""
    if not line:
        raise RuntimeError(f"the server said nothing (exit code {proc.poll()})")
    return t.cast(dict[str, t.Any], json.loads(line))


class Server:
    """The server subprocess: :attr:`port` once started; :meth:`stop` returns
    the number of requests it served."""

    def __init__(self, server: str, threads: int) -> None:
        # Closed by kill(), which the caller runs in a finally block.
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        command = [sys.executable, __file__, "--serve", server, str(threads)]
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.port: int = _read_line(self.proc, STARTUP_TIMEOUT)["port"]

    def rss_kib(self) -> int | None:
        return _rss_kib(self.proc.pid)

    def stop(self) -> int:
        """Close the server's stdin; it answers with its count and exits."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        served: int = _read_line(self.proc, STARTUP_TIMEOUT)["served"]
        self.proc.wait(timeout=STARTUP_TIMEOUT)
        return served

    def kill(self) -> str:
        """Make sure this subprocess is gone; return what it wrote to stderr."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.log.seek(0)
        text = self.log.read()
        self.log.close()
        return text


def pick_server(name: str) -> str:
    if name != "auto":
        return name
    return "waitress" if importlib.util.find_spec("waitress") else "wsgiref"


def run(
    server: str, threads: int, connections: int, duration: float, max_requests: int
) -> Report:
    """Start the server, drive it, stop it, and report."""
    proc = Server(server, threads)
    try:
        rss = [proc.rss_kib()]
        tallies, seconds = drive(proc.port, connections, duration, max_requests)
        rss.append(proc.rss_kib())
        served = proc.stop()
    finally:
        stderr = proc.kill()
    label = f"waitress ({threads} threads)" if server == "waitress" else server
    report = summarize(label, tallies, seconds, served)
    report.rss_kib = [kib for kib in rss if kib is not None]
    if stderr.strip() and not report.passed:
        report.problems.append("server stderr: " + stderr.strip()[-2000:])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds")
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument(
        "--server", choices=["auto", "waitress", "wsgiref"], default="auto"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0
    if not (0 < args.duration <= 600 and 0 < args.connections <= 256):
        parser.error("--duration must be in (0, 600], --connections in [1, 256]")
    server = pick_server(args.server)
    report = run(
        server, args.threads, args.connections, args.duration, args.max_requests
    )
    print("\n".join(report.lines()))
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
