"""The first scenarios (hello, json, query, form, template, not_found, routes100,
session, blueprint), each written three ways, with distinct inputs:

- ``*_flask(flask_module)``: Flask code written once against a module parameter,
  run on real Flask (``import flask``) and on flaskcompat (``import flaskcompat``);
- ``*_bottle()``: what a Bottle 0.13 user writes to give the same response;
- ``*_raw()``: a minimal WSGI callable doing the same work by hand, the floor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import typing as t
from types import ModuleType
from urllib.parse import parse_qs, quote_plus

import bottle
import jinja2
from scenario import (
    DISTINCT,
    NOT_FOUND_BODY,
    SECRET,
    TEMPLATE_DIR,
    Input,
    Scenario,
    flask_app,
    json_body,
    not_found,
    read_body,
    respond,
    spread,
)

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

TITLE = "Items & prices"
ITEMS = [{"name": f"item {i}", "price": i * 1.25} for i in range(1, 11)]
ROUTE_COUNT = 100
#: Distinct session cookies primed per implementation.
SESSIONS = 5_000


# hello: a plain text response. The path is always "/" (real traffic repeats it);
# the query string varies and is ignored.


def hello_inputs() -> list[Input]:
    return [Input("/", f"n={i}") for i in range(DISTINCT)]


def hello_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

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
        if environ["PATH_INFO"] != "/":
            return not_found(start_response)
        return respond(start_response, "Hello, World!")

    return app


# json: a dict returned from a view taking an <int:> argument


def json_inputs() -> list[Input]:
    return [Input(f"/items/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def _item(item_id: int) -> dict[str, t.Any]:
    return {"id": item_id, "name": f"item {item_id}", "tags": ["a", "b"]}


def json_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.route("/items/<int:item_id>")
    def item(item_id: int) -> dict[str, t.Any]:
        return {"id": item_id, "name": f"item {item_id}", "tags": ["a", "b"]}

    return app  # type: ignore[no-any-return]


def json_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.route("/items/<item_id:int>")
    def item(item_id: int) -> str:
        bottle.response.content_type = "application/json"
        return json_body(
            {"id": item_id, "name": f"item {item_id}", "tags": ["a", "b"]}
        )

    return app  # type: ignore[no-any-return]


def json_raw() -> WSGIApplication:
    pattern = re.compile(r"/items/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return not_found(start_response)
        return respond(
            start_response, json_body(_item(int(match.group(1)))), "application/json"
        )

    return app


# query: reading the query string (a str, an int with a default, a list)


def query_inputs() -> list[Input]:
    return [
        Input("/search", f"q=word{i}+x&page={i % 50 + 1}&tag=a{i % 7}&tag=b")
        for i in range(DISTINCT)
    ]


def query_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

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
        return respond(start_response, f"{q}|{page}|{','.join(args.get('tag', []))}")

    return app


# form: an urlencoded POST form


def form_inputs() -> list[Input]:
    return [
        Input("/submit", body=f"name=Ada+{i}&lang=python&lang=c{i % 9}".encode())
        for i in range(DISTINCT)
    ]


def form_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

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
        form = parse_qs(read_body(environ).decode())
        return respond(start_response, f"{form['name'][0]}: {','.join(form['lang'])}")

    return app


# template: render_template of a file with a 10-item loop; the title varies


def template_inputs() -> list[Input]:
    return [Input(f"/items/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def template_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.route("/items/<int:page>")
    def items(page: int) -> str:
        return flask.render_template(  # type: ignore[no-any-return]
            "items.html", title=f"{TITLE} {page}", items=ITEMS
        )

    return app  # type: ignore[no-any-return]


def template_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    template = bottle.Jinja2Template(
        name="items.html", lookup=[TEMPLATE_DIR], autoescape=True
    )

    @app.route("/items/<page:int>")
    def items(page: int) -> str:
        return template.render(  # type: ignore[no-any-return]
            title=f"{TITLE} {page}", items=ITEMS
        )

    return app  # type: ignore[no-any-return]


def jinja_env() -> jinja2.Environment:
    """Jinja alone: the templates directory, autoescape on (as Flask for .html)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True
    )


def template_raw() -> WSGIApplication:
    template = jinja_env().get_template("items.html")
    pattern = re.compile(r"/items/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return not_found(start_response)
        page = int(match.group(1))
        return respond(
            start_response, template.render(title=f"{TITLE} {page}", items=ITEMS)
        )

    return app


# not_found: unknown URLs answered by the framework's 404 page


def not_found_inputs() -> list[Input]:
    return [Input(f"/missing/page{i}") for i in range(DISTINCT)]


def not_found_flask(flask: ModuleType) -> WSGIApplication:
    return hello_flask(flask)


def not_found_bottle() -> WSGIApplication:
    app = _hello_bottle()

    @app.error(404)
    def page_not_found(error: bottle.HTTPError) -> str:
        return NOT_FOUND_BODY

    return app  # type: ignore[no-any-return]


# routes100: 100 routes (50 static, 50 with an <int:>), every one requested


def routes100_inputs() -> list[Input]:
    inputs = []
    for i in range(DISTINCT):
        k = spread(i, ROUTE_COUNT)  # odd: static route k // 2; even: dynamic
        inputs.append(Input(f"/s{k // 2}" if k % 2 else f"/d{k // 2}/{i}"))
    return inputs


def routes100_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
    for i in range(ROUTE_COUNT // 2):

        def page(i: int = i) -> str:
            return f"page {i}"

        def record(record_id: int, i: int = i) -> str:
            return f"route {i}: {record_id}"

        app.add_url_rule(f"/s{i}", f"page{i}", page)
        app.add_url_rule(f"/d{i}/<int:record_id>", f"record{i}", record)
    return app  # type: ignore[no-any-return]


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
    dynamic = re.compile(r"/d(\d+)/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path = environ["PATH_INFO"]
        if path in static:
            return respond(start_response, static[path])
        match = dynamic.match(path)
        if match is None or int(match.group(1)) >= half:
            return not_found(start_response)
        return respond(
            start_response, f"route {int(match.group(1))}: {int(match.group(2))}"
        )

    return app


# session: read and write a counter in the session (a signed cookie); each
# implementation primes SESSIONS distinct cookies (visits = i) first


def session_inputs() -> list[Input]:
    return [Input("/visit", cookie=spread(i, SESSIONS)) for i in range(SESSIONS)]


def session_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
    app.secret_key = SECRET

    @app.route("/start/<int:count>")
    def start(count: int) -> str:
        flask.session["visits"] = count
        return "started"

    @app.route("/visit")
    def visit() -> str:
        count = flask.session.get("visits", 0) + 1
        flask.session["visits"] = count
        return f"visits: {count}"

    return app  # type: ignore[no-any-return]


def session_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    def save(count: int) -> None:
        bottle.response.set_cookie(
            "visits", str(count), secret=SECRET, path="/", httponly=True
        )

    @app.route("/start/<count:int>")
    def start(count: int) -> str:
        save(count)
        return "started"

    @app.route("/visit")
    def visit() -> str:
        count = int(bottle.request.get_cookie("visits", "0", secret=SECRET)) + 1
        save(count)
        return f"visits: {count}"

    return app  # type: ignore[no-any-return]


def sign(payload: bytes) -> bytes:
    """HMAC-SHA256 of ``payload`` with the bench's secret, URL-safe base64."""
    digest = hmac.new(SECRET.encode(), payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest)


def load_session(cookie_header: str) -> dict[str, t.Any]:
    """The raw floor's session: base64 JSON, a dot, its signature."""
    for part in cookie_header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == "session":
            payload, _, signature = value.encode().rpartition(b".")
            if hmac.compare_digest(sign(payload), signature):
                data: dict[str, t.Any] = json.loads(base64.urlsafe_b64decode(payload))
                return data
    return {}


def session_cookie(session: dict[str, t.Any]) -> tuple[str, str]:
    payload = base64.urlsafe_b64encode(json.dumps(session).encode())
    value = (payload + b"." + sign(payload)).decode()
    return ("Set-Cookie", f"session={value}; HttpOnly; Path=/")


def session_raw() -> WSGIApplication:
    """A JSON payload signed with HMAC-SHA256, the least a signed session does."""
    start = re.compile(r"/start/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path = environ["PATH_INFO"]
        match = start.match(path)
        if match is not None:
            cookie = session_cookie({"visits": int(match.group(1))})
            return respond(start_response, "started", headers=(cookie,))
        if path != "/visit":
            return not_found(start_response)
        session = load_session(environ.get("HTTP_COOKIE", ""))
        session["visits"] = count = session.get("visits", 0) + 1
        headers = (session_cookie(session),)
        return respond(start_response, f"visits: {count}", headers=headers)

    return app


# blueprint: a route in a blueprint (bottle: a mounted sub-app) with a before hook


def blueprint_inputs() -> list[Input]:
    return [Input(f"/shop/hello/{quote_plus(f'bob{i}')}") for i in range(DISTINCT)]


def blueprint_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
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
            return not_found(start_response)
        load_user(environ)
        return respond(start_response, f"{environ['bench.user']} greets {name}")

    return app


def not_found_raw() -> WSGIApplication:
    return hello_raw()


SCENARIOS = [
    Scenario(
        "hello", "hello text", "GET", "GET /?n=<i>", hello_inputs,
        hello_flask, hello_bottle, hello_raw,
        note="the path is always / (real traffic repeats it); the ignored query "
        "string varies",
    ),
    Scenario(
        "json", "dict → JSON, <int:> argument", "GET", "GET /items/<id>",
        json_inputs, json_flask, json_bottle, json_raw,
        bottle_note="json.dumps(compact, sort_keys) + newline, as Flask's provider",
    ),
    Scenario(
        "query", "query args", "GET", "GET /search?q=<i>&page=..&tag=..&tag=b",
        query_inputs, query_flask, query_bottle, query_raw,
    ),
    Scenario(
        "form", "urlencoded form POST", "POST", "POST /submit (name=<i>&lang=..)",
        form_inputs, form_flask, form_bottle, form_raw,
        content_type="application/x-www-form-urlencoded",
    ),
    Scenario(
        "template", "render_template, 10-item loop", "GET", "GET /items/<page>",
        template_inputs, template_flask, template_bottle, template_raw,
        requires=("render_template",),
        bottle_note="Jinja2 through bottle.Jinja2Template (compiled once, "
        "autoescape=True), not SimpleTemplate: all render the same file",
    ),
    Scenario(
        "not_found", "404", "GET", "GET /missing/page<i>", not_found_inputs,
        not_found_flask, not_found_bottle, not_found_raw, status=404,
        bottle_note="@app.error(404) returns Werkzeug's 404 page text",
    ),
    Scenario(
        "routes100", "100 routes, all requested", "GET", "GET /s<k> | /d<k>/<id>",
        routes100_inputs, routes100_flask, routes100_bottle, routes100_raw,
    ),
    Scenario(
        "session", "session counter read+write", "GET", "GET /visit (cookie <i>)",
        session_inputs, session_flask, session_bottle, session_raw,
        prime="/start/{i}", primed=SESSIONS,
        bottle_note="no sessions in Bottle: a signed cookie through "
        "request.get_cookie/response.set_cookie(secret=...) "
        "(HMAC over a pickled value)",
        note=f"{SESSIONS:,} distinct cookies, each implementation's own format",
    ),
    Scenario(
        "blueprint", "blueprint + before_request", "GET", "GET /shop/hello/bob<i>",
        blueprint_inputs, blueprint_flask, blueprint_bottle, blueprint_raw,
        requires=("Blueprint",),
        bottle_note="sub-app mounted at /shop/; Bottle 0.13 merges a mounted "
        "app's routes and skips its hooks, so the before-request step is "
        "a plugin of the sub-app",
    ),
]  # fmt: skip
