"""Request hooks: before/after/teardown request, teardown_appcontext,
after_this_request, URL processors and ``g`` across one request."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("Flask")


def _index(app: t.Any, body: str = "view") -> None:
    @app.route("/")
    def index() -> str:
        return body


# -- before_request -------------------------------------------------------------


def test_before_request_order(app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    @app.before_request
    def first() -> None:
        calls.append("first")

    @app.before_request
    def second() -> None:
        calls.append("second")

    @app.route("/")
    def index() -> str:
        calls.append("view")
        return "ok"

    client.get("/")
    assert calls == ["first", "second", "view"]


def test_before_request_returns_the_function(app: t.Any) -> None:
    def hook() -> None:
        return None

    assert app.before_request(hook) is hook
    assert app.after_request(hook) is hook  # type: ignore[arg-type]
    assert app.teardown_request(hook) is hook
    assert app.teardown_appcontext(hook) is hook


def test_before_request_short_circuits(app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    @app.before_request
    def stop() -> t.Any:
        calls.append("stop")
        return "stopped", 403

    @app.before_request
    def never() -> None:
        calls.append("never")

    @app.after_request
    def after(response: t.Any) -> t.Any:
        calls.append(f"after {response.status_code}")
        return response

    @app.route("/")
    def index() -> str:
        calls.append("view")
        return "view"

    rv = client.get("/")
    assert rv.status_code == 403
    assert rv.data == b"stopped"
    assert calls == ["stop", "after 403"]


def test_before_request_runs_for_unknown_url(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    seen: list[t.Any] = []

    @app.before_request
    def hook() -> None:
        seen.append(impl.request.endpoint)

    assert client.get("/missing").status_code == 404
    assert seen == [None]


def test_before_request_can_answer_unknown_url(app: t.Any, client: t.Any) -> None:
    @app.before_request
    def hook() -> str:
        return "intercepted"

    rv = client.get("/missing")
    assert rv.status_code == 200
    assert rv.data == b"intercepted"


# -- after_request ----------------------------------------------------------


def test_after_request_reverse_order(app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    @app.after_request
    def first(response: t.Any) -> t.Any:
        calls.append("first")
        return response

    @app.after_request
    def second(response: t.Any) -> t.Any:
        calls.append("second")
        return response

    _index(app)
    client.get("/")
    assert calls == ["second", "first"]


def test_after_request_modifies_response(app: t.Any, client: t.Any) -> None:
    @app.after_request
    def add_header(response: t.Any) -> t.Any:
        response.headers["X-Hook"] = "yes"
        return response

    _index(app)
    rv = client.get("/")
    assert rv.headers["X-Hook"] == "yes"
    assert rv.data == b"view"


def test_after_request_replaces_response(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.after_request
    def replace(response: t.Any) -> t.Any:
        return impl.Response(b"replaced " + response.get_data(), status=201)

    _index(app)
    rv = client.get("/")
    assert rv.status_code == 201
    assert rv.data == b"replaced view"


def test_after_request_runs_for_error_responses(app: t.Any, client: t.Any) -> None:
    statuses: list[int] = []

    @app.after_request
    def record(response: t.Any) -> t.Any:
        statuses.append(response.status_code)
        return response

    client.get("/missing")
    assert statuses == [404]


def test_after_request_runs_for_unhandled_500(app: t.Any, client: t.Any) -> None:
    app.config["TESTING"] = False
    statuses: list[int] = []

    @app.after_request
    def record(response: t.Any) -> t.Any:
        statuses.append(response.status_code)
        response.headers["X-After"] = "1"
        return response

    @app.route("/")
    def index() -> str:
        raise RuntimeError("boom")

    rv = client.get("/")
    assert rv.status_code == 500
    assert rv.headers["X-After"] == "1"
    assert statuses == [500]


# -- after_this_request -----------------------------------------------------


@pytest.mark.api("after_this_request")
def test_after_this_request(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        @impl.after_this_request
        def add_cookie_header(response: t.Any) -> t.Any:
            response.headers["X-This"] = "once"
            return response

        return "view"

    @app.route("/other")
    def other() -> str:
        return "other"

    assert client.get("/").headers["X-This"] == "once"
    assert "X-This" not in client.get("/other").headers


@pytest.mark.api("after_this_request")
def test_after_this_request_runs_before_after_request(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    calls: list[str] = []

    @app.after_request
    def app_hook(response: t.Any) -> t.Any:
        calls.append("after_request")
        return response

    @app.route("/")
    def index() -> str:
        @impl.after_this_request
        def one(response: t.Any) -> t.Any:
            calls.append("this 1")
            return response

        @impl.after_this_request
        def two(response: t.Any) -> t.Any:
            calls.append("this 2")
            return response

        return "view"

    client.get("/")
    assert calls == ["this 1", "this 2", "after_request"]


@pytest.mark.api("after_this_request")
def test_after_this_request_from_before_request(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.before_request
    def hook() -> None:
        @impl.after_this_request
        def tag(response: t.Any) -> t.Any:
            response.headers["X-Before"] = "tagged"
            return response

    _index(app)
    assert client.get("/").headers["X-Before"] == "tagged"


# -- teardown -----------------------------------------------------------------


def test_teardown_receives_none_on_success(app: t.Any, client: t.Any) -> None:
    seen: list[tuple[str, t.Any]] = []

    @app.teardown_request
    def td_request(exc: BaseException | None) -> None:
        seen.append(("request", exc))

    @app.teardown_appcontext
    def td_app(exc: BaseException | None) -> None:
        seen.append(("app", exc))

    _index(app)
    assert client.get("/").data == b"view"
    assert seen == [("request", None), ("app", None)]


def test_teardown_request_reverse_order(app: t.Any, client: t.Any) -> None:
    calls: list[str] = []

    @app.teardown_request
    def first(exc: BaseException | None) -> None:
        calls.append("first")

    @app.teardown_request
    def second(exc: BaseException | None) -> None:
        calls.append("second")

    _index(app)
    client.get("/")
    assert calls == ["second", "first"]


def test_teardown_runs_on_404(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.teardown_request
    def td(exc: BaseException | None) -> None:
        seen.append(exc)

    assert client.get("/missing").status_code == 404
    assert seen == [None]


def test_teardown_receives_exception_handled_as_500(app: t.Any, client: t.Any) -> None:
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    seen: list[tuple[str, t.Any]] = []
    error = ValueError("view failed")

    @app.teardown_request
    def td_request(exc: BaseException | None) -> None:
        seen.append(("request", exc))

    @app.teardown_appcontext
    def td_app(exc: BaseException | None) -> None:
        seen.append(("app", exc))

    @app.route("/")
    def index() -> str:
        raise error

    rv = client.get("/")
    assert rv.status_code == 500
    assert seen == [("request", error), ("app", error)]


def test_teardown_receives_propagated_exception(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []
    error = KeyError("k")

    @app.teardown_request
    def td(exc: BaseException | None) -> None:
        seen.append(exc)

    @app.route("/")
    def index() -> str:
        raise error

    with pytest.raises(KeyError):
        client.get("/")
    assert seen == [error]


def test_teardown_none_when_errorhandler_handles(app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.errorhandler(ValueError)
    def handle(e: ValueError) -> t.Any:
        return "handled", 400

    @app.teardown_request
    def td(exc: BaseException | None) -> None:
        seen.append(exc)

    @app.route("/")
    def index() -> str:
        raise ValueError("x")

    rv = client.get("/")
    assert rv.status_code == 400
    assert rv.data == b"handled"
    assert seen == [None]


def test_teardown_request_runs_for_test_request_context(app: t.Any) -> None:
    seen: list[t.Any] = []

    @app.teardown_request
    def td(exc: BaseException | None) -> None:
        seen.append(exc)

    with app.test_request_context():
        assert seen == []
    assert seen == [None]


def test_teardown_appcontext_runs_for_app_context(app: t.Any) -> None:
    seen: list[t.Any] = []

    @app.teardown_appcontext
    def td(exc: BaseException | None) -> None:
        seen.append(exc)

    with app.app_context():
        pass
    assert seen == [None]


# -- g ----------------------------------------------------------------------


@pytest.mark.api("g")
def test_g_shared_across_hooks_and_view(impl: t.Any, app: t.Any, client: t.Any) -> None:
    seen: list[t.Any] = []

    @app.before_request
    def set_user() -> None:
        impl.g.user = "alice"

    @app.route("/")
    def index() -> str:
        impl.g.seen_in_view = True
        return f"hello {impl.g.user}"

    @app.after_request
    def after(response: t.Any) -> t.Any:
        seen.append(("after", impl.g.user, impl.g.seen_in_view))
        return response

    @app.teardown_request
    def td(exc: BaseException | None) -> None:
        seen.append(("teardown_request", impl.g.user))

    @app.teardown_appcontext
    def td_app(exc: BaseException | None) -> None:
        seen.append(("teardown_appcontext", impl.g.get("user")))

    assert client.get("/").data == b"hello alice"
    assert seen == [
        ("after", "alice", True),
        ("teardown_request", "alice"),
        ("teardown_appcontext", "alice"),
    ]


@pytest.mark.api("g")
def test_g_is_fresh_per_request(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        before = "count" in impl.g
        impl.g.count = impl.g.get("count", 0) + 1
        return f"{before} {impl.g.count}"

    assert client.get("/").data == b"False 1"
    assert client.get("/").data == b"False 1"


# -- URL processors ---------------------------------------------------------


def test_url_value_preprocessor_pops_values(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    seen: list[tuple[t.Any, t.Any]] = []

    @app.url_value_preprocessor
    def pull(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        seen.append((endpoint, dict(values or {})))
        if values:
            impl.g.shop = values.pop("shop")

    @app.route("/<shop>/items/<int:item_id>")
    def item(item_id: int) -> str:
        return f"{impl.g.shop} {item_id}"

    assert client.get("/acme/items/3").data == b"acme 3"
    assert seen == [("item", {"shop": "acme", "item_id": 3})]


def test_url_value_preprocessor_runs_before_before_request(
    app: t.Any, client: t.Any
) -> None:
    calls: list[str] = []

    @app.before_request
    def before() -> None:
        calls.append("before_request")

    @app.url_value_preprocessor
    def pre(endpoint: str | None, values: dict[str, t.Any] | None) -> None:
        calls.append("url_value_preprocessor")

    _index(app)
    client.get("/")
    assert calls == ["url_value_preprocessor", "before_request"]


def test_url_defaults_hook_sees_endpoint(impl: t.Any, app: t.Any) -> None:
    seen: list[tuple[str, dict[str, t.Any]]] = []

    @app.url_defaults
    def defaults(endpoint: str, values: dict[str, t.Any]) -> None:
        seen.append((endpoint, dict(values)))
        if endpoint == "shop_page":
            values.setdefault("shop", "main")

    @app.route("/<shop>/page")
    def shop_page(shop: str) -> str:
        return shop

    with app.test_request_context():
        assert impl.url_for("shop_page", q="1") == "/main/page?q=1"
    assert seen == [("shop_page", {"q": "1"})]
