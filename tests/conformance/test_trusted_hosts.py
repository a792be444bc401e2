"""``TRUSTED_HOSTS``: a request for another host is a 400, never served."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("Flask", "exceptions.SecurityError")


@pytest.fixture
def trusted_app(app: t.Any, impl: t.Any) -> t.Any:
    app.config["TRUSTED_HOSTS"] = ["example.com", ".example.org"]

    @app.route("/")
    def index() -> str:
        return f"host={impl.request.host}"

    return app


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("example.com", 200),
        ("www.example.org", 200),
        ("example.org", 200),
        ("evil.com", 400),
        ("example.com.evil.com", 400),
    ],
)
def test_trusted_hosts(trusted_app: t.Any, host: str, status: int) -> None:
    rv = trusted_app.test_client().get("/", headers={"Host": host})
    assert rv.status_code == status
    if status == 200:
        assert rv.data == f"host={host}".encode()


def test_untrusted_host_in_test_request_context(
    trusted_app: t.Any, impl: t.Any
) -> None:
    with trusted_app.test_request_context("/", base_url="http://evil.com"):
        assert isinstance(
            impl.request.routing_exception, impl.werkzeug.exceptions.SecurityError
        )
