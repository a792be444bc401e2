"""The benchmark's scenarios, each built three ways.

- ``flask_style(flask_module)``: Flask code written once against a module parameter,
  run on real Flask (``import flask``) and on flaskcompat (``import flaskcompat``);
- ``bottle_app()``: what a Bottle 0.13 user writes to give the same response;
- ``raw_app()``: a minimal WSGI callable doing the same work by hand, the floor.

All three must answer a scenario's request with the same status and body;
``bench/run.py`` and ``bench/server.py`` check that before timing anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import typing as t
from dataclasses import dataclass
from io import BytesIO
from types import ModuleType
from urllib.parse import parse_qs

import bottle
import jinja2

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
#: The checkout whose flaskcompat is measured (put first on ``sys.path`` by harness).
REPO_DIR = os.path.dirname(BENCH_DIR)
TEMPLATE_DIR = os.path.join(BENCH_DIR, "templates")
SECRET = "bench-secret-key"
TITLE = "Items & prices"
ITEMS = [{"name": f"item {i}", "price": i * 1.25} for i in range(1, 11)]
# Werkzeug's NotFound page, byte for byte: what Flask answers an unknown URL with.
NOT_FOUND_BODY = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
    "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you "
    "entered the URL manually please check your spelling and try again.</p>\n"
)
HTML = "text/html; charset=utf-8"
ROUTE_COUNT = 100


def _flask_app(flask: ModuleType) -> t.Any:
    """A Flask (or flaskcompat) app rooted in ``bench/`` (templates in
    ``bench/templates``, no static folder)."""
    return flask.Flask("bench_app", root_path=BENCH_DIR)


def _json_body(data: object) -> str:
    """Flask's JSON response body: compact, sorted keys, trailing newline."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"


def _respond(
    start_response: StartResponse,
    body: str,
    content_type: str = HTML,
    status: str = "200 OK",
    headers: tuple[tuple[str, str], ...] = (),
) -> list[bytes]:
    data = body.encode()
    start_response(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(data))), *headers],
    )
    return [data]


def _read_body(environ: WSGIEnvironment) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream: BytesIO = environ["wsgi.input"]
    return stream.read(length)


# hello: a plain text response


def hello_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)

    @app.route("/")
    def hello() -> str:
        return "Hello, World!"

    return app  # type: ignore[no-any-return]


def _hello_bottle() -> t.Any:
    app = bottle.Bottle()

    @app.route("/")
    def hello() -> str:
        return "Hello, World!"

    return app


def hello_bottle() -> WSGIApplication:
    return _hello_bottle()  # type: ignore[no-any-return]


def hello_raw() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        return _respond(start_response, "Hello, World!")

    return app


# json: a JSON response from a view taking an <int:> argument


def json_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)

    @app.route("/items/<int:item_id>")
    def item(item_id: int) -> dict[str, t.Any]:
        return {"id": item_id, "name": f"item {item_id}", "tags": ["a", "b"]}

    return app  # type: ignore[no-any-return]


def json_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.route("/items/<item_id:int>")
    def item(item_id: int) -> str:
        bottle.response.content_type = "application/json"
        return _json_body(
            {"id": item_id, "name": f"item {item_id}", "tags": ["a", "b"]}
        )

    return app  # type: ignore[no-any-return]


def json_raw() -> WSGIApplication:
    pattern = re.compile(r"/items/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return _respond(start_response, NOT_FOUND_BODY, status="404 NOT FOUND")
        item_id = int(match.group(1))
        data = {"id": item_id, "name": f"item {item_id}", "tags": ["a", "b"]}
        return _respond(start_response, _json_body(data), "application/json")

    return app


# query: reading the query string (a str, an int with a default, a list)


def query_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)

    @app.route("/search")
    def search() -> str:
        args = flask.request.args
        q = args.get("q", "")
        page = args.get("page", 1, type=int)
        tags = args.getlist("tag")
        return f"{q}|{page}|{','.join(tags)}"

    return app  # type: ignore[no-any-return]


def query_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.route("/search")
    def search() -> str:
        query = bottle.request.query.decode()  # UTF-8, as Flask decodes
        q = query.get("q", "")
        page = query.get("page", 1, type=int)
        tags = query.getall("tag")
        return f"{q}|{page}|{','.join(tags)}"

    return app  # type: ignore[no-any-return]


def query_raw() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        args = parse_qs(environ.get("QUERY_STRING", ""))
        q = args.get("q", [""])[0]
        try:
            page = int(args.get("page", ["1"])[0])
        except ValueError:
            page = 1
        return _respond(start_response, f"{q}|{page}|{','.join(args.get('tag', []))}")

    return app


# form: an urlencoded POST form


def form_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)

    @app.post("/submit")
    def submit() -> str:
        form = flask.request.form
        return f"{form['name']}: {','.join(form.getlist('lang'))}"

    return app  # type: ignore[no-any-return]


def form_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.post("/submit")
    def submit() -> str:
        forms = bottle.request.forms.decode()
        return f"{forms['name']}: {','.join(forms.getall('lang'))}"

    return app  # type: ignore[no-any-return]


def form_raw() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        form = parse_qs(_read_body(environ).decode())
        return _respond(start_response, f"{form['name'][0]}: {','.join(form['lang'])}")

    return app


# template: a Jinja template with a 10-item loop


def template_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)

    @app.route("/items")
    def items() -> str:
        return flask.render_template(  # type: ignore[no-any-return]
            "items.html", title=TITLE, items=ITEMS
        )

    return app  # type: ignore[no-any-return]


def template_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    template = bottle.Jinja2Template(
        name="items.html", lookup=[TEMPLATE_DIR], autoescape=True
    )

    @app.route("/items")
    def items() -> str:
        return template.render(title=TITLE, items=ITEMS)  # type: ignore[no-any-return]

    return app  # type: ignore[no-any-return]


def template_raw() -> WSGIApplication:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True
    )
    template = env.get_template("items.html")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        return _respond(start_response, template.render(title=TITLE, items=ITEMS))

    return app


# not_found: an unknown URL answered by the framework's 404 page


def not_found_flask(flask: ModuleType) -> WSGIApplication:
    return hello_flask(flask)


def not_found_bottle() -> WSGIApplication:
    app = _hello_bottle()

    @app.error(404)
    def not_found(error: bottle.HTTPError) -> str:
        return NOT_FOUND_BODY

    return app  # type: ignore[no-any-return]


def not_found_raw() -> WSGIApplication:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        if environ["PATH_INFO"] == "/":
            return _respond(start_response, "Hello, World!")
        return _respond(start_response, NOT_FOUND_BODY, status="404 NOT FOUND")

    return app


# routes100: the last-registered of 100 routes (50 static, 50 with an <int:>)


def routes100_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)
    routes100_rules(app)
    return app  # type: ignore[no-any-return]


def routes100_rules(app: t.Any) -> None:
    """The 100 Flask rules of ``routes100`` (``cohosted`` has them too)."""
    for i in range(ROUTE_COUNT // 2):

        def page(i: int = i) -> str:
            return f"page {i}"

        def record(record_id: int, i: int = i) -> str:
            return f"route {i}: {record_id}"

        app.add_url_rule(f"/s{i}", f"page{i}", page)
        app.add_url_rule(f"/d{i}/<int:record_id>", f"record{i}", record)


def routes100_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    for i in range(ROUTE_COUNT // 2):

        def page(i: int = i) -> str:
            return f"page {i}"

        def record(record_id: int, i: int = i) -> str:
            return f"route {i}: {record_id}"

        app.route(f"/s{i}", callback=page)
        app.route(f"/d{i}/<record_id:int>", callback=record)
    return app  # type: ignore[no-any-return]


def routes100_raw() -> WSGIApplication:
    half = ROUTE_COUNT // 2
    static = {f"/s{i}": f"page {i}" for i in range(half)}
    dynamic = re.compile(
        "(?:" + "|".join(rf"/d{i}/(\d+)" for i in range(half)) + r")\Z"
    )

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path = environ["PATH_INFO"]
        if path in static:
            return _respond(start_response, static[path])
        match = dynamic.match(path)
        if match is None or match.lastindex is None:
            return _respond(start_response, NOT_FOUND_BODY, status="404 NOT FOUND")
        record_id = int(match.group(match.lastindex))
        return _respond(start_response, f"route {match.lastindex - 1}: {record_id}")

    return app


# cohosted: 100 Flask rules on a Bottle host that has 100 Bottle routes; one
# request answered by a Flask rule, one by a Bottle route. Flask cannot host
# Bottle routes: its app registers all 200 as Flask rules.


def _cohosted_bottle_routes(app: t.Any) -> None:
    for i in range(ROUTE_COUNT // 2):

        def old_page(i: int = i) -> str:
            return f"old page {i}"

        def old_record(record_id: int, i: int = i) -> str:
            return f"old route {i}: {record_id}"

        app.route(f"/old{i}", callback=old_page)
        app.route(f"/olds{i}/<record_id:int>", callback=old_record)


def cohosted_flask(flask: ModuleType) -> WSGIApplication:
    if flask.__name__ == "flaskcompat":
        legacy = bottle.Bottle()
        _cohosted_bottle_routes(legacy)
        app = flask.Flask(__name__, bottle=legacy, root_path=str(BENCH_DIR))
    else:
        app = _flask_app(flask)
        for i in range(ROUTE_COUNT // 2):

            def old_page(i: int = i) -> str:
                return f"old page {i}"

            def old_record(record_id: int, i: int = i) -> str:
                return f"old route {i}: {record_id}"

            app.add_url_rule(f"/old{i}", f"old_page{i}", old_page)
            app.add_url_rule(f"/olds{i}/<int:record_id>", f"old_record{i}", old_record)
    routes100_rules(app)
    return app  # type: ignore[no-any-return]


def cohosted_bottle() -> WSGIApplication:
    app = routes100_bottle()
    _cohosted_bottle_routes(app)
    return app


def cohosted_raw() -> WSGIApplication:
    half = ROUTE_COUNT // 2
    inner = routes100_raw()
    dynamic = re.compile(
        "(?:" + "|".join(rf"/olds{i}/(\d+)" for i in range(half)) + r")\Z"
    )

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> t.Any:
        match = dynamic.match(environ["PATH_INFO"])
        if match is None or match.lastindex is None:
            return inner(environ, start_response)
        record_id = int(match.group(match.lastindex))
        return _respond(start_response, f"old route {match.lastindex - 1}: {record_id}")

    return app


# session: read and write the session (a signed cookie)


def session_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)
    app.secret_key = SECRET

    @app.route("/visit")
    def visit() -> str:
        count = flask.session.get("visits", 0) + 1
        flask.session["visits"] = count
        return f"visits: {count}"

    return app  # type: ignore[no-any-return]


def session_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.route("/visit")
    def visit() -> str:
        count = int(bottle.request.get_cookie("visits", "0", secret=SECRET)) + 1
        bottle.response.set_cookie(
            "visits", str(count), secret=SECRET, path="/", httponly=True
        )
        return f"visits: {count}"

    return app  # type: ignore[no-any-return]


def _sign(payload: bytes) -> bytes:
    digest = hmac.new(SECRET.encode(), payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest)


def session_raw() -> WSGIApplication:
    """A JSON payload signed with HMAC-SHA256, the least a signed session does."""

    def load(cookie_header: str) -> dict[str, t.Any]:
        for part in cookie_header.split(";"):
            name, _, value = part.strip().partition("=")
            if name == "session":
                payload, _, signature = value.encode().rpartition(b".")
                if hmac.compare_digest(_sign(payload), signature):
                    data: dict[str, t.Any] = json.loads(
                        base64.urlsafe_b64decode(payload)
                    )
                    return data
        return {}

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        session = load(environ.get("HTTP_COOKIE", ""))
        session["visits"] = count = session.get("visits", 0) + 1
        payload = base64.urlsafe_b64encode(json.dumps(session).encode())
        cookie = (
            f"session={(payload + b'.' + _sign(payload)).decode()}; HttpOnly; Path=/"
        )
        return _respond(
            start_response, f"visits: {count}", headers=(("Set-Cookie", cookie),)
        )

    return app


# blueprint: a route in a blueprint (bottle: a mounted sub-app) with a before hook


def blueprint_flask(flask: ModuleType) -> WSGIApplication:
    app = _flask_app(flask)
    shop = flask.Blueprint("shop", "bench_app", url_prefix="/shop")

    @shop.before_request
    def load_user() -> None:
        flask.g.user = "ada"

    @shop.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"{flask.g.user} greets {name}"

    app.register_blueprint(shop)
    return app  # type: ignore[no-any-return]


def blueprint_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    shop = bottle.Bottle()

    def load_user(callback: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            bottle.request.environ["bench.user"] = "ada"
            return callback(*args, **kwargs)

        return wrapper

    shop.install(load_user)

    @shop.route("/hello/<name>")
    def hello(name: str) -> str:
        return f"{bottle.request.environ['bench.user']} greets {name}"

    app.mount("/shop/", shop)
    return app  # type: ignore[no-any-return]


def blueprint_raw() -> WSGIApplication:
    prefix = "/shop/hello/"

    def load_user(environ: WSGIEnvironment) -> None:
        environ["bench.user"] = "ada"

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path: str = environ["PATH_INFO"]
        name = path[len(prefix) :]
        if not path.startswith(prefix) or not name or "/" in name:
            return _respond(start_response, NOT_FOUND_BODY, status="404 NOT FOUND")
        load_user(environ)
        return _respond(start_response, f"{environ['bench.user']} greets {name}")

    return app


@dataclass(frozen=True)
class Scenario:
    """One request, the three ways to answer it, and the answer expected."""

    name: str
    title: str
    method: str
    path: str
    flask_style: t.Callable[[ModuleType], WSGIApplication]
    bottle_app: t.Callable[[], WSGIApplication]
    raw_app: t.Callable[[], WSGIApplication]
    status: int = 200
    query: str = ""
    body: bytes = b""
    content_type: str = ""
    #: Names the Flask-style source needs from its module (checked on flaskcompat).
    requires: tuple[str, ...] = ()
    #: Send one request first and replay its Set-Cookie on every timed request.
    primes_cookie: bool = False
    #: How the Bottle version does it, where a reader could wonder.
    bottle_note: str = ""

    @property
    def target(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    @property
    def request_line(self) -> str:
        return f"{self.method} {self.target}"

    def environ(self, cookie: str = "") -> WSGIEnvironment:
        """A template environ for this request (``wsgi.input`` is set per call)."""
        environ: WSGIEnvironment = {
            "REQUEST_METHOD": self.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": self.path,
            "QUERY_STRING": self.query,
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
        if self.body or self.method == "POST":
            environ["CONTENT_LENGTH"] = str(len(self.body))
            environ["CONTENT_TYPE"] = self.content_type
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        return environ


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario(
            "hello", "hello text", "GET", "/", hello_flask, hello_bottle, hello_raw
        ),
        Scenario(
            "json",
            "JSON, <int:> argument",
            "GET",
            "/items/42",
            json_flask,
            json_bottle,
            json_raw,
            bottle_note="json.dumps(compact, sort_keys) + newline, as Flask's provider",
        ),
        Scenario(
            "query",
            "query args",
            "GET",
            "/search",
            query_flask,
            query_bottle,
            query_raw,
            query="q=hello+world&page=2&tag=a&tag=b",
        ),
        Scenario(
            "form",
            "urlencoded form POST",
            "POST",
            "/submit",
            form_flask,
            form_bottle,
            form_raw,
            body=b"name=Ada+Lovelace&lang=python&lang=c",
            content_type="application/x-www-form-urlencoded",
        ),
        Scenario(
            "template",
            "Jinja template, 10-item loop",
            "GET",
            "/items",
            template_flask,
            template_bottle,
            template_raw,
            requires=("render_template",),
            bottle_note="Jinja2 through bottle.Jinja2Template (compiled once, "
            "autoescape=True), not SimpleTemplate: all render the same file",
        ),
        Scenario(
            "not_found",
            "404",
            "GET",
            "/missing/page",
            not_found_flask,
            not_found_bottle,
            not_found_raw,
            status=404,
            bottle_note="@app.error(404) returns Werkzeug's 404 page text",
        ),
        Scenario(
            "routes100",
            "1 of 100 routes",
            "GET",
            f"/d{ROUTE_COUNT // 2 - 1}/7",
            routes100_flask,
            routes100_bottle,
            routes100_raw,
        ),
        Scenario(
            "cohosted_flask",
            "Flask rule of 100 + 100 Bottle routes",
            "GET",
            f"/d{ROUTE_COUNT // 2 - 1}/7",
            cohosted_flask,
            cohosted_bottle,
            cohosted_raw,
            bottle_note="all 200 routes in one Bottle app; Flask has all 200 as "
            "Flask rules (it cannot host Bottle routes)",
        ),
        Scenario(
            "cohosted_bottle",
            "Bottle route of 100 + 100 Flask rules",
            "GET",
            f"/olds{ROUTE_COUNT // 2 - 1}/7",
            cohosted_flask,
            cohosted_bottle,
            cohosted_raw,
            bottle_note="all 200 routes in one Bottle app; Flask has all 200 as "
            "Flask rules (it cannot host Bottle routes)",
        ),
        Scenario(
            "session",
            "session read+write",
            "GET",
            "/visit",
            session_flask,
            session_bottle,
            session_raw,
            primes_cookie=True,
            bottle_note="no sessions in Bottle: a signed cookie through "
            "request.get_cookie/response.set_cookie(secret=...) "
            "(HMAC-SHA256 over a pickled value)",
        ),
        Scenario(
            "blueprint",
            "blueprint + before_request",
            "GET",
            "/shop/hello/bob",
            blueprint_flask,
            blueprint_bottle,
            blueprint_raw,
            requires=("Blueprint",),
            bottle_note="sub-app mounted at /shop/; Bottle 0.13 merges a mounted "
            "app's routes and skips its hooks, so the before-request step is "
            "a plugin of the sub-app",
        ),
    ]
}
