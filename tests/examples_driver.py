"""Run the examples in examples/ from their Flask import lines and record the
responses as JSON: ``python examples_driver.py EXAMPLES_DIR OUT.json [--alias]``.

EXAMPLES_DIR is a copy of examples/ whose import lines say ``from flask import``
(tests/test_examples_alias.py makes it). With ``--alias`` flaskcompat.alias is
installed first (the no-Flask virtualenv); without it the examples get real Flask.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import typing as t
from pathlib import Path

HEADERS = ("Content-Type", "Location", "Allow", "X-API-Version", "Cache-Control")

# (method, url, keyword arguments for the test client)
Request = tuple[str, str, dict[str, t.Any]]

HELLO: list[Request] = [
    ("GET", "/", {}),
    ("GET", "/hello/", {}),
    ("GET", "/hello/<b>you", {}),
    ("GET", "/user/ada", {}),
    ("GET", "/post/42", {}),
    ("GET", "/post/forty-two", {}),
    ("GET", "/path/a/b/c", {}),
    ("GET", "/login?next=/", {}),
    ("POST", "/login", {"data": {"username": "ada"}}),
    ("POST", "/login", {"data": {"username": "mallory"}}),
    ("DELETE", "/login", {}),
    ("GET", "/api/users", {}),
    ("GET", "/api/users/alan", {}),
    ("GET", "/api/users/nobody", {}),
    ("POST", "/api/echo", {"json": {"a": [1, 2]}}),
    ("POST", "/api/echo", {"data": "not json", "content_type": "application/json"}),
    ("GET", "/nowhere", {}),
]

LOGIN_APP: list[Request] = [
    ("GET", "/", {}),
    ("GET", "/api/me", {}),
    ("GET", "/login", {}),
    ("POST", "/login", {"data": {"username": "ada", "password": "wrong"}}),
    ("POST", "/login", {"data": {"username": "", "password": ""}}),
    (
        "POST",
        "/login",
        {"data": {"username": "ada", "password": "analytical", "remember": "on"}},
    ),
    ("GET", "/", {}),
    ("GET", "/api/me", {}),
    ("POST", "/logout", {"follow_redirects": True}),
    ("GET", "/api/me", {}),
    ("GET", "/missing", {}),
]

MULTI_BLUEPRINT: list[Request] = [
    ("GET", "/", {}),
    ("GET", "/?page=2", {}),
    ("GET", "/items/1", {}),
    ("GET", "/items/99", {}),
    ("GET", "/downloads/price-list.csv", {}),
    ("GET", "/downloads/../settings.json", {}),
    ("GET", "/admin/", {}),
    ("GET", "/admin/static/admin.css", {}),
    ("GET", "/admin/login", {}),
    ("POST", "/admin/login", {"data": {"token": "wrong"}}),
    ("POST", "/admin/login", {"data": {"token": "letmein"}}),
    ("GET", "/admin/", {}),
    ("POST", "/admin/items", {"data": {"name": "Spoon", "price": "2.5"}}),
    ("GET", "/api/v1/items/", {}),
    ("GET", "/api/v1/items/1", {}),
    ("GET", "/api/v1/items/99", {}),
    ("POST", "/api/v1/items/", {"json": {"name": "Cup", "price": 4}}),
    ("POST", "/api/v1/items/", {"json": {"name": "Cup"}}),
    ("PATCH", "/api/v1/items/2", {"json": {"price": 30}}),
    ("DELETE", "/api/v1/items/3", {}),
    ("PUT", "/api/v1/items/3", {}),
    ("POST", "/admin/logout", {}),
    ("GET", "/admin/", {}),
]


def _load_file(path: Path, name: str) -> t.Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _record(client: t.Any, requests: list[Request]) -> list[dict[str, t.Any]]:
    results = []
    for method, url, kwargs in requests:
        response = client.open(url, method=method, **kwargs)
        cookies = [h.split("=", 1)[0] for h in response.headers.getlist("Set-Cookie")]
        headers = {h: response.headers.get(h) for h in HEADERS}
        if headers["Allow"]:  # Werkzeug's order comes from a set: it varies by run
            headers["Allow"] = ", ".join(sorted(headers["Allow"].split(", ")))
        results.append(
            {
                "request": f"{method} {url}",
                "status": response.status_code,
                "headers": headers,
                "cookies": cookies,
                "body": response.get_data(as_text=True),
            }
        )
        response.close()
    return results


def main(argv: list[str]) -> int:
    examples, out = Path(argv[0]), argv[1]
    if "--alias" in argv[2:]:
        import flaskcompat.alias

        flaskcompat.alias.install()
    import flask

    sys.path.insert(0, str(examples))
    hello = _load_file(examples / "hello.py", "hello")
    login_app = _load_file(examples / "login_app.py", "login_app")
    import multi_blueprint

    shop = multi_blueprint.create_app({"TESTING": True})
    results = {
        "flask": flask.__name__,
        "hello": _record(hello.app.test_client(), HELLO),
        "login_app": _record(login_app.app.test_client(), LOGIN_APP),
        "multi_blueprint": _record(shop.test_client(), MULTI_BLUEPRINT),
    }
    with open(out, "w", encoding="utf-8") as file:
        json.dump(results, file, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
