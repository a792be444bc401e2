"""Fixtures of the flaskcompat-only security tests: an app and a raw WSGI call
that returns the status line and header list exactly as ``start_response`` got
them.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

import pytest
from wsgi_support import call_wsgi, wsgi_environ

import flaskcompat


@dataclass
class Result:
    """What the app handed to ``start_response``, and the body."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes


class Call(t.Protocol):
    def __call__(
        self,
        path: str,
        query: str = "",
        method: str = "GET",
        body: bytes = b"",
        content_type: str | None = None,
        **extra: t.Any,
    ) -> Result: ...


@pytest.fixture
def app() -> flaskcompat.Flask:
    """A production-like app: not in testing mode, so a view error is a 500."""
    app = flaskcompat.Flask("security_app")
    app.config["SECRET_KEY"] = "test key"
    return app


@pytest.fixture
def call(app: flaskcompat.Flask) -> Call:
    """Call ``app`` with a WSGI environ as a server builds it (``PATH_INFO``
    and header values are latin-1 text of the raw bytes).
    """

    def call(
        path: str,
        query: str = "",
        method: str = "GET",
        body: bytes = b"",
        content_type: str | None = None,
        **extra: t.Any,
    ) -> Result:
        environ = wsgi_environ(path, query, method, body, content_type, **extra)
        rv = call_wsgi(app, environ)
        return Result(rv.status, rv.headers, rv.body)

    return call
