"""Fixtures of the tutorial's tests: an app on a temporary database filled from
``data.sql``, its test client and CLI runner, and a logged-in helper."""

from __future__ import annotations

import os
import tempfile
import typing as t

import pytest
from flaskr import create_app
from flaskr.db import get_db, init_db

with open(os.path.join(os.path.dirname(__file__), "data.sql"), "rb") as f:
    _data_sql = f.read().decode("utf8")


@pytest.fixture
def app() -> t.Iterator[t.Any]:
    """An app configured for testing, on a database of its own."""
    db_fd, db_path = tempfile.mkstemp()
    app = create_app({"TESTING": True, "DATABASE": db_path})
    with app.app_context():
        init_db()
        get_db().executescript(_data_sql)
    yield app
    os.close(db_fd)
    os.unlink(db_path)


@pytest.fixture
def client(app: t.Any) -> t.Any:
    return app.test_client()


@pytest.fixture
def runner(app: t.Any) -> t.Any:
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: t.Any) -> None:
        self._client = client

    def login(self, username: str = "test", password: str = "test") -> t.Any:
        return self._client.post(
            "/auth/login", data={"username": username, "password": password}
        )

    def logout(self) -> t.Any:
        return self._client.get("/auth/logout")


@pytest.fixture
def auth(client: t.Any) -> AuthActions:
    return AuthActions(client)
