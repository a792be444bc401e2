"""What every scenario module shares: the ``Scenario`` record, the distinct request
inputs it cycles through, and small helpers the apps use to answer alike."""

from __future__ import annotations

import json
import os
import sys
import typing as t
from dataclasses import dataclass
from io import BytesIO
from types import ModuleType

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
#: The checkout whose flaskcompat is measured (put first on ``sys.path`` by harness).
REPO_DIR = os.path.dirname(BENCH_DIR)
TEMPLATE_DIR = os.path.join(BENCH_DIR, "templates")
SECRET = "bench-secret-key"
HTML = "text/html; charset=utf-8"
#: How many distinct inputs a path-varying scenario cycles through: more than any
#: bounded per-path cache would keep (a 4,096-entry cache never sees a repeat).
DISTINCT = 20_000
# Werkzeug's NotFound page, byte for byte: what Flask answers an unknown URL with.
NOT_FOUND_BODY = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
    "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you "
    "entered the URL manually please check your spelling and try again.</p>\n"
)


@dataclass(frozen=True)
class Input:
    """One request of a scenario: what varies from one request to the next."""

    path: str
    query: str = ""
    body: bytes = b""
    #: Index of the primed cookie to send (scenarios with ``prime``), else -1.
    cookie: int = -1


@dataclass(frozen=True)
class Scenario:
    """One kind of request, the distinct inputs it cycles through, the ways to
    answer it (Flask-style source, Bottle, raw WSGI) and the status expected."""

    name: str
    title: str
    method: str
    #: The request, for the tables, e.g. ``GET /user/<id>``.
    shown: str
    inputs: t.Callable[[], list[Input]]
    flask_style: t.Callable[[ModuleType], WSGIApplication]
    bottle_app: t.Callable[[], WSGIApplication]
    raw_app: t.Callable[[], WSGIApplication]
    status: int = 200
    content_type: str = ""
    #: Names the Flask-style source needs from its module (checked on flaskcompat).
    requires: tuple[str, ...] = ()
    #: Why real Flask cannot run this scenario at all (its cells read n/a).
    flask_unavailable: str = ""
    #: ``GET`` path template (``{i}``) each implementation answers once per cookie
    #: index before timing; the Set-Cookie it returns is sent with the inputs whose
    #: ``cookie`` is that index. Each implementation reads its own cookie format.
    prime: str = ""
    #: Number of cookies to prime (``prime`` scenarios).
    primed: int = 0
    #: How the Bottle version does it, where a reader could wonder.
    bottle_note: str = ""
    #: Other remarks for the notes (what the raw floor does, what varies).
    note: str = ""

    def base_environ(self) -> WSGIEnvironment:
        """The environ every request of this scenario starts from (each input
        sets its path, query, body length and cookie; ``wsgi.input`` is new per
        call)."""
        environ: WSGIEnvironment = {
            "REQUEST_METHOD": self.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": "/",
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "localhost",
            "HTTP_USER_AGENT": "flaskcompat-bench",
            "HTTP_ACCEPT": "*/*",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        if self.method == "POST":
            environ["CONTENT_LENGTH"] = "0"
            environ["CONTENT_TYPE"] = self.content_type
        return environ

    def overrides(self, item: Input, cookies: list[str]) -> dict[str, str]:
        """The environ keys ``item`` sets on top of :meth:`base_environ`."""
        keys = {"PATH_INFO": item.path, "QUERY_STRING": item.query}
        if self.method == "POST":
            keys["CONTENT_LENGTH"] = str(len(item.body))
        if item.cookie >= 0:
            keys["HTTP_COOKIE"] = cookies[item.cookie]
        return keys


def flask_app(flask: ModuleType, **options: t.Any) -> t.Any:
    """A Flask (or flaskcompat) app rooted in ``bench/`` (templates in
    ``bench/templates``, no static folder)."""
    return flask.Flask("bench_app", root_path=BENCH_DIR, **options)


def json_body(data: object) -> str:
    """Flask's JSON response body: compact, sorted keys, trailing newline."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"


def respond(
    start_response: StartResponse,
    body: str | bytes,
    content_type: str = HTML,
    status: str = "200 OK",
    headers: tuple[tuple[str, str], ...] = (),
) -> list[bytes]:
    """A raw WSGI answer with Content-Type and Content-Length."""
    data = body.encode() if isinstance(body, str) else body
    start_response(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(data))), *headers],
    )
    return [data]


def not_found(start_response: StartResponse) -> list[bytes]:
    return respond(start_response, NOT_FOUND_BODY, status="404 NOT FOUND")


def read_body(environ: WSGIEnvironment) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream: BytesIO = environ["wsgi.input"]
    return stream.read(length)


def spread(i: int, n: int) -> int:
    """The ``i``-th of ``n`` values in a scattered (not sequential) order."""
    return (i * 7919) % n
