"""Scenarios that defeat route-match caches (issue 9): distinct ids and paths over
many rules, URL building with distinct values, and an app co-hosting Flask rules
and legacy Bottle routes on one ``bottle.Bottle``."""

from __future__ import annotations

import re
import typing as t
from types import ModuleType
from urllib.parse import quote

import bottle
from scenario import (
    BENCH_DIR,
    DISTINCT,
    Input,
    Scenario,
    flask_app,
    json_body,
    not_found,
    respond,
    spread,
)

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SEGMENT_RULES = 1_000
PREFIXES = 10
RULES_PER_PREFIX = 500  # half static, half with an <int:>
COHOSTED = 100  # Flask rules, and as many Bottle routes


# json_distinct: /user/<int:id> → jsonify, 20,000 distinct ids


def json_distinct_inputs() -> list[Input]:
    return [Input(f"/user/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def _user(user_id: int) -> dict[str, t.Any]:
    return {"id": user_id, "name": f"user {user_id}", "active": user_id % 2 == 0}


def json_distinct_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.route("/user/<int:user_id>")
    def user(user_id: int) -> t.Any:
        return flask.jsonify(
            id=user_id, name=f"user {user_id}", active=user_id % 2 == 0
        )

    return app  # type: ignore[no-any-return]


def json_distinct_bottle() -> WSGIApplication:
    app = bottle.Bottle()

    @app.route("/user/<user_id:int>")
    def user(user_id: int) -> str:
        bottle.response.content_type = "application/json"
        return json_body(_user(user_id))

    return app  # type: ignore[no-any-return]


def json_distinct_raw() -> WSGIApplication:
    pattern = re.compile(r"/user/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return not_found(start_response)
        body = json_body(_user(int(match.group(1))))
        return respond(start_response, body, "application/json")

    return app


# segment1000: 1,000 dynamic rules sharing one segment, /p/r{k}-<int:id>


def segment1000_inputs() -> list[Input]:
    return [Input(f"/p/r{spread(i, SEGMENT_RULES)}-{i}") for i in range(DISTINCT)]


def segment1000_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
    for k in range(SEGMENT_RULES):

        def view(id: int, k: int = k) -> str:
            return f"r{k}: {id}"

        app.add_url_rule(f"/p/r{k}-<int:id>", f"r{k}", view)
    return app  # type: ignore[no-any-return]


def segment1000_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    for k in range(SEGMENT_RULES):

        def view(id: int, k: int = k) -> str:
            return f"r{k}: {id}"

        app.route(f"/p/r{k}-<id:int>", callback=view)
    return app  # type: ignore[no-any-return]


def segment1000_raw() -> WSGIApplication:
    pattern = re.compile(r"/p/r(0|[1-9]\d*)-(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None or int(match.group(1)) >= SEGMENT_RULES:
            return not_found(start_response)
        return respond(start_response, f"r{match.group(1)}: {int(match.group(2))}")

    return app


# url_for20: a view building 20 URLs with distinct values


def url_for20_inputs() -> list[Input]:
    return [Input(f"/links/{spread(i, DISTINCT)}") for i in range(DISTINCT)]


def url_for20_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)

    @app.route("/")
    def index() -> str:
        return "index"

    @app.route("/user/<int:user_id>")
    def user(user_id: int) -> str:
        return "user"

    @app.route("/post/<int:year>/<slug>")
    def post(year: int, slug: str) -> str:
        return "post"

    @app.route("/search")
    def search() -> str:
        return "search"

    @app.route("/links/<int:n>")
    def links(n: int) -> str:
        url_for = flask.url_for
        urls = [url_for("index"), url_for("search")]  # static rules
        for k in range(6):  # one converter
            urls.append(url_for("user", user_id=n + k))
        for k in range(6):  # two converters
            urls.append(url_for("post", year=2000 + k, slug=f"s{n}-{k}"))
        for k in range(4):  # query arguments
            urls.append(url_for("search", q=f"q{n}", page=k))
        urls.append(url_for("user", user_id=n, _external=True))
        urls.append(url_for("post", year=n % 3000, slug=f"e{n}", _external=True))
        return "\n".join(urls)

    return app  # type: ignore[no-any-return]


def url_for20_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    app.route("/", name="index", callback=lambda: "index")
    app.route("/user/<user_id:int>", name="user", callback=lambda user_id: "user")
    app.route(
        "/post/<year:int>/<slug>", name="post", callback=lambda year, slug: "post"
    )
    app.route("/search", name="search", callback=lambda: "search")

    @app.route("/links/<n:int>")
    def links(n: int) -> str:
        get_url = app.get_url
        urls = [get_url("index"), get_url("search")]
        for k in range(6):
            urls.append(get_url("user", user_id=n + k))
        for k in range(6):
            urls.append(get_url("post", year=2000 + k, slug=f"s{n}-{k}"))
        for k in range(4):
            urls.append(get_url("search", q=f"q{n}", page=k))
        parts = bottle.request.urlparts
        root = f"{parts.scheme}://{parts.netloc}"
        urls.append(root + get_url("user", user_id=n))
        urls.append(root + get_url("post", year=n % 3000, slug=f"e{n}"))
        return "\n".join(urls)

    return app  # type: ignore[no-any-return]


def url_for20_raw() -> WSGIApplication:
    pattern = re.compile(r"/links/(\d+)\Z")

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None:
            return not_found(start_response)
        n = int(match.group(1))
        urls = ["/", "/search"]
        urls += [f"/user/{n + k}" for k in range(6)]
        urls += [f"/post/{2000 + k}/{quote(f's{n}-{k}')}" for k in range(6)]
        urls += [f"/search?q={quote(f'q{n}')}&page={k}" for k in range(4)]
        root = f"{environ['wsgi.url_scheme']}://{environ['HTTP_HOST']}"
        urls.append(f"{root}/user/{n}")
        urls.append(f"{root}/post/{n % 3000}/{quote(f'e{n}')}")
        return respond(start_response, "\n".join(urls))

    return app


# routes5000: 5,000 rules over 10 prefixes, half static, half with an <int:>


def routes5000_inputs() -> list[Input]:
    inputs = []
    for i in range(DISTINCT):
        prefix, rest = divmod(spread(i, PREFIXES * RULES_PER_PREFIX), RULES_PER_PREFIX)
        j, static = divmod(rest, 2)
        path = f"/api{prefix}/s{j}" if static else f"/api{prefix}/d{j}/{i}"
        inputs.append(Input(path))
    return inputs


def _routes5000() -> t.Iterator[tuple[int, int]]:
    for prefix in range(PREFIXES):
        for j in range(RULES_PER_PREFIX // 2):
            yield prefix, j


def routes5000_flask(flask: ModuleType) -> WSGIApplication:
    app = flask_app(flask)
    for prefix, j in _routes5000():

        def page(p: int = prefix, j: int = j) -> str:
            return f"s {p}.{j}"

        def record(id: int, p: int = prefix, j: int = j) -> str:
            return f"d {p}.{j}: {id}"

        app.add_url_rule(f"/api{prefix}/s{j}", f"s{prefix}_{j}", page)
        app.add_url_rule(f"/api{prefix}/d{j}/<int:id>", f"d{prefix}_{j}", record)
    return app  # type: ignore[no-any-return]


def routes5000_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    for prefix, j in _routes5000():

        def page(p: int = prefix, j: int = j) -> str:
            return f"s {p}.{j}"

        def record(id: int, p: int = prefix, j: int = j) -> str:
            return f"d {p}.{j}: {id}"

        app.route(f"/api{prefix}/s{j}", callback=page)
        app.route(f"/api{prefix}/d{j}/<id:int>", callback=record)
    return app  # type: ignore[no-any-return]


def routes5000_raw() -> WSGIApplication:
    """A dict for the static paths, a dict keyed by the path minus its last
    segment for the dynamic ones: the floor a trie reaches."""
    static = {f"/api{p}/s{j}": f"s {p}.{j}" for p, j in _routes5000()}
    dynamic = {f"/api{p}/d{j}": f"d {p}.{j}" for p, j in _routes5000()}

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        path = environ["PATH_INFO"]
        text = static.get(path)
        if text is not None:
            return respond(start_response, text)
        head, _, tail = path.rpartition("/")
        text = dynamic.get(head)
        if text is None or not tail.isdigit():
            return not_found(start_response)
        return respond(start_response, f"{text}: {int(tail)}")

    return app


# cohosted: Flask(__name__, bottle=legacy): 100 Flask rules beside 100 routes of
# a legacy bottle.Bottle, requests alternating between the two


def cohosted_inputs() -> list[Input]:
    inputs = []
    for i in range(DISTINCT):
        side = "f" if i % 2 == 0 else "b"
        inputs.append(Input(f"/{side}{spread(i // 2, COHOSTED)}/{i}"))
    return inputs


def _legacy_routes(app: t.Any) -> None:
    for k in range(COHOSTED):

        def old(item: int, k: int = k) -> str:
            return f"bottle {k}: {item}"

        app.route(f"/b{k}/<item:int>", callback=old)


def cohosted_flask(flask: ModuleType) -> WSGIApplication:
    legacy = bottle.Bottle()
    _legacy_routes(legacy)
    app = flask.Flask("bench_app", root_path=BENCH_DIR, bottle=legacy)
    for k in range(COHOSTED):

        def new(item: int, k: int = k) -> str:
            return f"flask {k}: {item}"

        app.add_url_rule(f"/f{k}/<int:item>", f"f{k}", new)
    return app  # type: ignore[no-any-return]


def cohosted_bottle() -> WSGIApplication:
    app = bottle.Bottle()
    _legacy_routes(app)
    for k in range(COHOSTED):

        def new(item: int, k: int = k) -> str:
            return f"flask {k}: {item}"

        app.route(f"/f{k}/<item:int>", callback=new)
    return app  # type: ignore[no-any-return]


def cohosted_raw() -> WSGIApplication:
    pattern = re.compile(r"/([fb])(0|[1-9]\d*)/(\d+)\Z")
    names = {"f": "flask", "b": "bottle"}

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        match = pattern.match(environ["PATH_INFO"])
        if match is None or int(match.group(2)) >= COHOSTED:
            return not_found(start_response)
        side, k, item = match.groups()
        return respond(start_response, f"{names[side]} {k}: {int(item)}")

    return app


SCENARIOS = [
    Scenario(
        "json_distinct", "jsonify, 20,000 distinct ids", "GET", "GET /user/<id>",
        json_distinct_inputs, json_distinct_flask, json_distinct_bottle,
        json_distinct_raw, requires=("jsonify",),
        bottle_note="json.dumps(compact, sort_keys) + newline, as Flask's provider",
    ),
    Scenario(
        "segment1000", "1,000 dynamic rules in one segment", "GET",
        "GET /p/r<k>-<id>", segment1000_inputs, segment1000_flask,
        segment1000_bottle, segment1000_raw,
        note="rules /p/r{k}-<int:id>, k < 1,000; the raw floor is one regex",
    ),
    Scenario(
        "url_for20", "20 url_for calls, distinct values", "GET", "GET /links/<n>",
        url_for20_inputs, url_for20_flask, url_for20_bottle, url_for20_raw,
        requires=("url_for",),
        bottle_note="app.get_url (extra keywords become the query string); "
        "_external: request.urlparts scheme and host + get_url",
        note="2 static rules, 6 with one converter, 6 with two, 4 with query "
        "arguments, 2 _external; the raw floor formats strings",
    ),
    Scenario(
        "routes5000", "5,000 rules, 10 prefixes", "GET",
        "GET /api<p>/s<j> | /api<p>/d<j>/<id>", routes5000_inputs,
        routes5000_flask, routes5000_bottle, routes5000_raw,
        note="2,500 static paths (each requested 4 times per 20,000) and "
        "10,000 distinct dynamic paths; the raw floor is two dict lookups",
    ),
    Scenario(
        "cohosted", "100 Flask rules + 100 legacy Bottle routes", "GET",
        "GET /f<k>/<i> | /b<k>/<i>", cohosted_inputs, cohosted_flask,
        cohosted_bottle, cohosted_raw, requires=("Flask",),
        flask_unavailable="Flask cannot host a Bottle app's routes",
        bottle_note="bare Bottle with the same 200 routes",
        note="flaskcompat.Flask(__name__, bottle=legacy), requests alternating "
        "between the Flask rules and the legacy Bottle routes",
    ),
]  # fmt: skip
