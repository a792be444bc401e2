from __future__ import annotations

import io

import flask
import pytest
import werkzeug
from flask import Flask, json
from flask.testing import FlaskClient
from werkzeug.datastructures import Headers, MultiDict
from werkzeug.exceptions import NotFound, abort
from werkzeug.test import EnvironBuilder


def test_index(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.text == "2 books; messages: []"


def test_api_lists_and_gets(client: FlaskClient) -> None:
    assert client.get("/api/books").json == ["Dune", "Emma"]
    assert client.get("/api/books/2").json == {"id": 2, "title": "Emma"}


def test_api_not_found_is_json(client: FlaskClient) -> None:
    response = client.get("/api/books/9")
    assert response.status_code == 404
    assert response.json == {"error": "Not Found", "description": "no book 9"}


def test_api_post_sets_location(client: FlaskClient) -> None:
    response = client.post("/api/books", json={"title": "Ulysses"})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/books/3"
    assert client.get(response.headers["Location"]).json["title"] == "Ulysses"


def test_login_flashes_and_redirects(client: FlaskClient) -> None:
    response = client.post("/login", data={"user": "ada"}, follow_redirects=True)
    assert response.request.path == "/"
    assert "welcome ada" in response.text
    with client.session_transaction() as sess:
        assert sess["user"] == "ada"


def test_admin_forbidden_then_allowed(client: FlaskClient) -> None:
    forbidden = client.get("/admin")
    assert forbidden.status_code == 403 and forbidden.text == "go away"
    client.post("/login", data={"user": "admin"})
    assert client.get("/admin").text == "admin area"


def test_upload(client: FlaskClient) -> None:
    data = {"file": (io.BytesIO(b"12345"), "../my notes.txt")}
    response = client.post("/upload", data=data)
    assert response.json == {"saved_as": "my_notes.txt", "size": 5}
    assert client.post("/upload", data={}).status_code == 400


def test_upload_too_large(client: FlaskClient) -> None:
    data = {"file": (io.BytesIO(b"x" * 4096), "big.bin")}
    assert client.post("/upload", data=data).status_code == 413


def test_method_not_allowed_lists_methods(client: FlaskClient) -> None:
    response = client.delete("/api/books")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_request_context_and_url_for(app: Flask) -> None:
    with app.test_request_context("/api/books?page=2"):
        assert flask.request.args["page"] == "2"
        assert flask.url_for("api.get_book", book_id=1, _external=True) == (
            "http://localhost/api/books/1"
        )


def test_werkzeug_names(app: Flask) -> None:
    headers = Headers([("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
    assert headers.getlist("set-cookie") == ["a=1", "b=2"]
    assert MultiDict([("k", "1"), ("k", "2")]).getlist("k") == ["1", "2"]
    environ = EnvironBuilder("/x", method="POST", data={"a": "b"}).get_environ()
    assert environ["REQUEST_METHOD"] == "POST"
    with pytest.raises(NotFound):
        abort(404)
    assert isinstance(werkzeug.exceptions.NotFound(), werkzeug.exceptions.HTTPException)


def test_json_provider(app: Flask) -> None:
    with app.app_context():
        assert json.loads(json.dumps({"b": 1, "a": [1, 2]})) == {"a": [1, 2], "b": 1}
        assert flask.jsonify(ok=True).mimetype == "application/json"
