"""A ``Flask`` subclass that overrides a step of the request pipeline has its
override called for every request, and its result used, as Flask's
``wsgi_app`` calls each step through ``self``."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("Flask")

#: The steps of a request a subclass may override (sorted by name).
STEPS = [
    "app_context",
    "dispatch_request",
    "do_teardown_appcontext",
    "do_teardown_request",
    "ensure_sync",
    "finalize_request",
    "full_dispatch_request",
    "make_response",
    "preprocess_request",
    "process_response",
    "request_context",
]


def _subclass(impl: t.Any, step: str, calls: list[str]) -> t.Any:
    """A Flask subclass whose ``step`` records its call, then does Flask's work."""
    base = getattr(impl.Flask, step)

    def override(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        calls.append(step)
        return base(self, *args, **kwargs)

    return type("Custom", (impl.Flask,), {step: override})


@pytest.mark.parametrize("step", STEPS)
def test_an_overridden_step_runs_for_each_request(impl: t.Any, step: str) -> None:
    calls: list[str] = []
    app = _subclass(impl, step, calls)(__name__)

    @app.route("/")
    def index() -> t.Any:
        return impl.jsonify(ok=True)

    client = app.test_client()
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert response.get_json() == {"ok": True}
    assert calls.count(step) >= 2


def test_an_overridden_process_response_changes_the_response(impl: t.Any) -> None:
    class Custom(impl.Flask):  # type: ignore[misc]
        def process_response(self, response: t.Any) -> t.Any:
            response = super().process_response(response)
            response.headers["X-Processed"] = "yes"
            return response

    app = Custom(__name__)
    app.add_url_rule("/", "index", lambda: "hello")
    response = app.test_client().get("/")
    assert response.headers["X-Processed"] == "yes"
    assert response.data == b"hello"


def test_an_overridden_dispatch_request_answers(impl: t.Any) -> None:
    class Custom(impl.Flask):  # type: ignore[misc]
        def dispatch_request(self) -> t.Any:
            return "dispatched: " + impl.request.path

    app = Custom(__name__)
    app.add_url_rule("/a", "a", lambda: "view")
    assert app.test_client().get("/a").data == b"dispatched: /a"


def test_an_overridden_make_response_sees_a_response_object(impl: t.Any) -> None:
    seen: list[str] = []

    class Custom(impl.Flask):  # type: ignore[misc]
        def make_response(self, rv: t.Any) -> t.Any:
            seen.append(type(rv).__name__)
            return super().make_response(rv)

    app = Custom(__name__)
    app.add_url_rule("/", "index", lambda: impl.jsonify([1]))
    assert app.test_client().get("/").get_json() == [1]
    assert seen == ["Response"]
