"""Flask-Caching (SimpleCache): ``@cache.cached`` hit and miss, per query
string, ``@cache.memoize``, deletion, and responses that must not be cached."""

from __future__ import annotations

import typing as t

import flask
from flask_caching import Cache


def make_app() -> tuple[flask.Flask, Cache, dict[str, int]]:
    app = flask.Flask(__name__)
    cache = Cache(
        app, config={"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 60}
    )
    calls = {"page": 0, "search": 0, "square": 0, "error": 0}

    @app.route("/page")
    @cache.cached(timeout=60)
    def page() -> str:
        calls["page"] += 1
        return f"page rendered {calls['page']} time(s)"

    @app.route("/search")
    @cache.cached(query_string=True)
    def search() -> dict[str, t.Any]:
        calls["search"] += 1
        return {"q": flask.request.args.get("q"), "calls": calls["search"]}

    @cache.memoize(60)
    def square(n: int) -> int:
        calls["square"] += 1
        return n * n

    @app.route("/square/<int:n>")
    def square_view(n: int) -> str:
        return str(square(n))

    @app.route("/error")
    @cache.cached()
    def error() -> t.Any:
        calls["error"] += 1
        return "failed", 500

    return app, cache, calls


def scenario_cached_hit_and_miss() -> dict[str, t.Any]:
    app, cache, calls = make_app()
    client = app.test_client()
    first = client.get("/page").get_data(as_text=True)
    second = client.get("/page").get_data(as_text=True)
    assert first == second and calls["page"] == 1
    with app.test_request_context("/page"):
        key = "view/" + flask.request.path
        cached_before = cache.get(key) is not None
        cache.delete(key)
    third = client.get("/page").get_data(as_text=True)
    return {
        "bodies": [first, second, third],
        "calls": calls["page"],
        "cached_under_view_key": cached_before,
    }


def scenario_cached_query_string() -> dict[str, t.Any]:
    app, _, calls = make_app()
    client = app.test_client()
    bodies = [
        client.get(url).get_json()
        for url in ("/search?q=a", "/search?q=b", "/search?q=a")
    ]
    return {"bodies": bodies, "calls": calls["search"]}


def scenario_memoize() -> dict[str, t.Any]:
    app, _, calls = make_app()
    client = app.test_client()
    values = [client.get(f"/square/{n}").get_data(as_text=True) for n in (3, 4, 3)]
    return {"values": values, "calls": calls["square"]}


def scenario_error_responses_not_cached() -> dict[str, t.Any]:
    app, _, calls = make_app()
    client = app.test_client()
    statuses = [client.get("/error").status_code for _ in range(2)]
    return {"statuses": statuses, "calls": calls["error"]}


def scenario_template_fragment_cache() -> dict[str, t.Any]:
    app, _, _ = make_app()
    counter = {"n": 0}

    def bump() -> int:
        counter["n"] += 1
        return counter["n"]

    template = (
        "{% cache 60, 'sidebar' %}sidebar {{ bump() }}{% endcache %} / {{ bump() }}"
    )
    with app.test_request_context():
        first = flask.render_template_string(template, bump=bump)
        second = flask.render_template_string(template, bump=bump)
    return {"renders": [first, second]}


def scenario_unless_and_custom_key() -> dict[str, t.Any]:
    app = flask.Flask(__name__)
    cache = Cache(app, config={"CACHE_TYPE": "SimpleCache"})
    calls = {"n": 0}

    @app.route("/maybe")
    @cache.cached(unless=lambda: flask.request.args.get("fresh") == "1")
    def maybe() -> str:
        calls["n"] += 1
        return str(calls["n"])

    @app.route("/by-header")
    @cache.cached(
        make_cache_key=lambda: "lang:" + flask.request.headers.get("X-Lang", "")
    )
    def by_header() -> str:
        calls["n"] += 1
        return f"{flask.request.headers.get('X-Lang')} {calls['n']}"

    client = app.test_client()
    bodies = [
        client.get("/maybe").text,
        client.get("/maybe").text,
        client.get("/maybe?fresh=1").text,
        client.get("/by-header", headers={"X-Lang": "en"}).text,
        client.get("/by-header", headers={"X-Lang": "fr"}).text,
        client.get("/by-header", headers={"X-Lang": "en"}).text,
    ]
    return {"bodies": bodies}
