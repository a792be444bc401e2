"""examples/multi_blueprint/ behaves the same on flaskcompat and on Flask: the
package is loaded twice, once as written and once with the one import line of
its ``framework.py`` switched to ``flask``, and each flow runs on both."""

from __future__ import annotations

import importlib.util
import sys
import types
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "multi_blueprint"
IMPORT_LINE = "from flaskcompat import ("
IMPLS = ("flaskcompat", "flask")


def load_example(impl: str) -> types.ModuleType:
    """Import the example as the package ``multi_blueprint_on_<impl>``."""
    source = (EXAMPLE / "framework.py").read_text("utf-8")
    assert source.count(f"\n{IMPORT_LINE}") == 1, "framework.py has one import line"
    name = f"multi_blueprint_on_{impl}"
    spec = importlib.util.spec_from_file_location(
        name, EXAMPLE / "__init__.py", submodule_search_locations=[str(EXAMPLE)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    framework = types.ModuleType(f"{name}.framework")
    framework.__file__ = str(EXAMPLE / "framework.py")
    framework.__package__ = name
    sys.modules[framework.__name__] = framework
    package.framework = framework  # as importing the submodule would
    code = compile(
        source.replace(IMPORT_LINE, f"from {impl} import ("),
        framework.__file__,
        "exec",
    )
    exec(code, framework.__dict__)
    spec.loader.exec_module(package)
    return package


def unload_example(impl: str) -> None:
    name = f"multi_blueprint_on_{impl}"
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


@pytest.fixture(scope="module")
def packages() -> t.Iterator[dict[str, types.ModuleType]]:
    loaded = {impl: load_example(impl) for impl in IMPLS}
    try:
        yield loaded
    finally:
        for impl in IMPLS:
            unload_example(impl)


@pytest.fixture(params=IMPLS)
def impl(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(
    packages: dict[str, types.ModuleType],
    impl: str,
    monkeypatch: pytest.MonkeyPatch,
) -> t.Any:
    monkeypatch.delenv("MULTI_BLUEPRINT_PAGE_SIZE", raising=False)
    return packages[impl].create_app({"TESTING": True})


@pytest.fixture
def client(app: t.Any) -> t.Any:
    return app.test_client()


def test_loaded_on_the_right_framework(packages: dict[str, types.ModuleType]) -> None:
    for impl, package in packages.items():
        assert package.framework.Flask.__module__ == f"{impl}.app"
        assert type(package.create_app()).__module__ == f"{impl}.app"


# -- configuration -----------------------------------------------------------------


def test_config_sources(
    packages: dict[str, types.ModuleType], impl: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MULTI_BLUEPRINT_PAGE_SIZE", "2")
    monkeypatch.setenv("MULTI_BLUEPRINT_FEATURES__beta", "true")
    app = packages[impl].create_app({"ADMIN_TOKEN": "t0k3n"})
    assert app.config["SECRET_KEY"] == "dev"  # default_settings.py
    assert app.config["SITE_NAME"] == "Blueprint Shop"  # settings.json
    assert app.config["CURRENCY"] == "EUR"
    assert app.config["PAGE_SIZE"] == 2  # the environment, parsed as JSON
    assert app.config["FEATURES"] == {"beta": True}
    assert app.config["ADMIN_TOKEN"] == "t0k3n"  # create_app's mapping
    assert "lowercase_names_are_not_loaded" not in app.config
    assert list(app.blueprints) == ["shop", "admin", "api", "api.v1"]


def test_apps_are_independent(packages: dict[str, types.ModuleType], impl: str) -> None:
    first = packages[impl].create_app({"TESTING": True}).test_client()
    second = packages[impl].create_app({"TESTING": True}).test_client()
    assert first.delete("/api/v1/items/1").status_code == 204
    assert first.get("/api/v1/items/1").status_code == 404
    assert second.get("/api/v1/items/1").status_code == 200


# -- public pages and downloads --------------------------------------------------------


def test_index_page(client: t.Any) -> None:
    response = client.get("/")
    assert (response.status_code, response.mimetype) == (200, "text/html")
    text = response.get_data(as_text=True)
    assert "<title>Blueprint Shop</title>" in text
    assert '<link rel="stylesheet" href="/static/site.css">' in text
    assert '<a href="/items/1">Teapot</a> 18.50 EUR' in text
    assert '<a href="/items/3">Mug</a> 6.25 EUR' in text
    assert 'href="/downloads/price-list.csv"' in text
    assert 'href="/api/v1/items/"' in text
    assert 'href="/admin/"' in text


def test_paging(packages: dict[str, types.ModuleType], impl: str) -> None:
    client = packages[impl].create_app({"PAGE_SIZE": 2}).test_client()
    assert "Mug" not in client.get("/").get_data(as_text=True)
    assert "Mug" in client.get("/?page=2").get_data(as_text=True)
    assert "Nothing on page 3." in client.get("/?page=3").get_data(as_text=True)


def test_item_page_and_app_404(client: t.Any) -> None:
    text = client.get("/items/2").get_data(as_text=True)
    assert "<title>Kettle - Blueprint Shop</title>" in text
    assert "<p>32.00 EUR</p>" in text
    for url in ("/items/99", "/nowhere", "/api/nowhere"):
        response = client.get(url)
        assert response.status_code == 404
        assert f"There is nothing at {url}." in response.get_data(as_text=True)


def test_static_files(client: t.Any) -> None:
    response = client.get("/static/site.css")
    assert (response.status_code, response.mimetype) == (200, "text/css")
    assert b"font-family" in response.data
    response.close()
    # The admin blueprint's own static folder needs no login.
    response = client.get("/admin/static/admin.css")
    assert (response.status_code, response.mimetype) == (200, "text/css")
    assert b"nav {" in response.data
    response.close()
    assert client.get("/admin/static/missing.css").status_code == 404


def test_download(client: t.Any) -> None:
    response = client.get("/downloads/price-list.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=price-list.csv"
    )
    assert response.data.startswith(b"item,price\n")
    response.close()
    assert client.get("/downloads/missing.csv").status_code == 404
    assert client.get("/downloads/../settings.json").status_code == 404


# -- admin -----------------------------------------------------------------------


def test_admin_requires_login(client: t.Any) -> None:
    response = client.get("/admin/")
    assert response.status_code == 401
    text = response.get_data(as_text=True)
    assert "Log in first" in text
    assert '<a href="/admin/login">Log in</a> to see /admin/.' in text
    assert 'href="/admin/static/admin.css"' in text
    assert client.post("/admin/items", data={"name": "x"}).status_code == 401


def test_admin_flow(client: t.Any) -> None:
    assert "Admin login" in client.get("/admin/login").get_data(as_text=True)
    response = client.post("/admin/login", data={"token": "nope"})
    assert response.status_code == 200
    assert '<p class="flash error">Wrong token.</p>' in response.get_data(as_text=True)

    response = client.post("/admin/login", data={"token": "letmein"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    text = client.get("/admin/").get_data(as_text=True)
    assert '<p class="flash message">Welcome back.</p>' in text
    assert "<h1>3 items</h1>" in text
    assert '<a href="/admin/">Dashboard</a> <a href="/">Shop</a>' in text

    response = client.post("/admin/items", data={"name": "Spoon", "price": "1.5"})
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")
    text = client.get("/admin/").get_data(as_text=True)
    assert "Added Spoon." in text
    assert "<td>4</td><td>Spoon</td><td>1.50 EUR</td>" in text
    response = client.post("/admin/items", data={"name": "Fork"}, follow_redirects=True)
    assert "An item needs a name and a price." in response.get_data(as_text=True)

    response = client.post("/admin/logout")
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert client.get("/admin/").status_code == 401
    assert client.get("/admin/logout").status_code == 405


def test_admin_context_is_blueprint_scoped(app: t.Any) -> None:
    with app.test_request_context("/"):
        assert render(app, "{{ admin_nav is defined }}") == "False"
    with app.test_request_context("/admin/"):
        assert render(app, "{{ admin_nav is defined }}") == "True"


def render(app: t.Any, source: str) -> str:
    module = sys.modules[type(app).__module__.partition(".")[0]]
    return str(module.render_template_string(source))


# -- JSON API --------------------------------------------------------------------


def test_api_list_and_get(client: t.Any) -> None:
    response = client.get("/api/v1/items/")
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert response.headers["X-API-Version"] == "1"
    assert response.get_json() == {
        "page": 1,
        "items": [
            {"id": 1, "name": "Teapot", "price": 18.5},
            {"id": 2, "name": "Kettle", "price": 32.0},
            {"id": 3, "name": "Mug", "price": 6.25},
        ],
    }
    assert client.get("/api/v1/items/?page=2").get_json() == {"page": 2, "items": []}
    assert client.get("/api/v1/items/2").get_json() == {
        "id": 2,
        "name": "Kettle",
        "price": 32.0,
    }
    response = client.get("/api/v1/items")
    assert (response.status_code, response.headers["Location"]) == (
        308,
        "http://localhost/api/v1/items/",
    )


def test_api_create_update_delete(client: t.Any) -> None:
    response = client.post("/api/v1/items/", json={"name": "Tray", "price": 9})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/items/4"
    assert response.get_json() == {"id": 4, "name": "Tray", "price": 9}
    response = client.patch("/api/v1/items/4", json={"price": 7.5})
    assert response.get_json() == {"id": 4, "name": "Tray", "price": 7.5}
    assert client.delete("/api/v1/items/4").status_code == 204
    assert client.delete("/api/v1/items/4").status_code == 404


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "body"),
    [
        (
            "get",
            "/api/v1/items/99",
            {},
            404,
            {"error": "Not Found", "description": "No item 99."},
        ),
        (
            "post",
            "/api/v1/items/",
            {"json": {"name": "x"}},
            400,
            {"error": "Bad Request", "description": "'name' and 'price' are required."},
        ),
        (
            "post",
            "/api/v1/items/",
            {"data": "not json"},
            400,
            {"error": "Bad Request", "description": "Send a JSON object."},
        ),
        (
            "patch",
            "/api/v1/items/1",
            {"json": {"price": "free"}},
            400,
            {"error": "Bad Request", "description": "'price' must be a number."},
        ),
    ],
)
def test_api_errors(
    client: t.Any,
    method: str,
    url: str,
    kwargs: dict[str, t.Any],
    status: int,
    body: dict[str, str],
) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status
    assert response.get_json() == body


def test_api_methods(client: t.Any) -> None:
    assert client.put("/api/v1/items/1").status_code == 405
    allow = client.options("/api/v1/items/1").headers["Allow"]
    assert sorted(allow.split(", ")) == ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH"]
    response = client.head("/api/v1/items/1")
    assert (response.status_code, response.data) == (200, b"")


# -- the same responses on both -------------------------------------------------------

FLOW: list[tuple[str, str, dict[str, t.Any]]] = [
    ("get", "/", {}),
    ("get", "/?page=2", {}),
    ("get", "/items/1", {}),
    ("get", "/items/42", {}),
    ("get", "/static/site.css", {}),
    ("get", "/downloads/price-list.csv", {}),
    ("get", "/admin/", {}),
    ("get", "/admin/static/admin.css", {}),
    ("get", "/admin/login", {}),
    ("post", "/admin/login", {"data": {"token": "wrong"}}),
    ("post", "/admin/login", {"data": {"token": "letmein"}}),
    ("get", "/admin/", {}),
    ("post", "/admin/items", {"data": {"name": "Bowl", "price": "4"}}),
    ("get", "/admin/", {}),
    ("get", "/api/v1/items/", {}),
    ("post", "/api/v1/items/", {"json": {"name": "Cup", "price": 3}}),
    ("patch", "/api/v1/items/5", {"json": {"name": "Big cup"}}),
    ("get", "/api/v1/items/5", {}),
    ("delete", "/api/v1/items/5", {}),
    ("get", "/api/v1/items/5", {}),
    ("put", "/api/v1/items/1", {}),
    ("get", "/api/v1/items", {}),
    ("post", "/admin/logout", {}),
    ("get", "/admin/", {}),
]
COMPARED_HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "Cache-Control",
    "Location",
    "X-API-Version",
)


def _run_flow(package: types.ModuleType) -> list[tuple[t.Any, ...]]:
    client = package.create_app({"TESTING": True}).test_client()
    seen = []
    for method, url, kwargs in FLOW:
        response = getattr(client, method)(url, **kwargs)
        headers = {name: response.headers.get(name) for name in COMPARED_HEADERS}
        seen.append((method, url, response.status_code, headers, response.data))
        response.close()
    return seen


def test_same_responses_on_both(packages: dict[str, types.ModuleType]) -> None:
    on_flask = _run_flow(packages["flask"])
    on_flaskcompat = _run_flow(packages["flaskcompat"])
    for expected, got in zip(on_flask, on_flaskcompat):
        assert got == expected
    assert len(on_flaskcompat) == len(FLOW)
