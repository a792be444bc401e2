from __future__ import annotations

import typing as t

import pytest
from bookshelf import BOOKS, create_app
from flask import Flask
from flask.testing import FlaskClient


@pytest.fixture
def app() -> t.Iterator[Flask]:
    BOOKS.clear()
    BOOKS.update({1: "Dune", 2: "Emma"})
    app = create_app({"TESTING": True})
    yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
