"""``Flask(host_matching=True)``: rules matched on the request's host (``host=``,
variables in the host), ``static_host``, ``url_for`` across hosts, redirects,
404 for an unknown host and 400 for a malformed one."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("Flask", "url_for")


@pytest.fixture
def happ(impl: t.Any) -> t.Any:
    """A host-matching app: two fixed hosts, one host with a variable, static
    files on their own host."""
    app = impl.Flask(
        "conformance_app",
        host_matching=True,
        static_host="static.test",
        root_path=__file__.rsplit("/", 1)[0],
        static_folder="templates",
        static_url_path="/static",
    )
    app.config.update(TESTING=True)

    @app.route("/", host="a.test")
    def a_index() -> str:
        return "a index"

    @app.route("/", host="b.test:8080")
    def b_index() -> str:
        return "b index"

    @app.route("/page/<int:n>", host="a.test")
    def a_page(n: int) -> str:
        return f"a page {n}"

    @app.route("/page/<int:n>", host="b.test:8080")
    def b_page(n: int) -> str:
        return f"b page {n}"

    @app.route("/dir/", host="a.test")
    def a_dir() -> str:
        return "a dir"

    @app.route("/form", host="a.test", methods=["POST"])
    def a_form() -> str:
        return "posted"

    @app.route("/profile", host="<user>.users.test")
    def profile(user: str) -> str:
        return f"profile of {user}"

    @app.route("/links", host="a.test")
    def links() -> str:
        return " ".join(
            [
                impl.url_for("a_page", n=1),
                impl.url_for("b_page", n=2),
                impl.url_for("profile", user="joe", tab="x"),
                impl.url_for("a_index", _external=True),
                impl.url_for("static", filename="context.html"),
                impl.url_for("b_index", _scheme="https", _external=True),
            ]
        )

    return app


def _get(app: t.Any, path: str, host: str, **kw: t.Any) -> t.Any:
    return app.test_client().get(path, headers={"Host": host}, **kw)


def test_rules_match_on_their_host(happ: t.Any) -> None:
    assert _get(happ, "/", "a.test").text == "a index"
    assert _get(happ, "/", "b.test:8080").text == "b index"
    assert _get(happ, "/page/3", "a.test").text == "a page 3"
    assert _get(happ, "/page/4", "b.test:8080").text == "b page 4"


def test_host_is_case_insensitive_and_drops_the_standard_port(happ: t.Any) -> None:
    assert _get(happ, "/", "A.Test").text == "a index"
    assert _get(happ, "/", "a.test:80").text == "a index"
    # b.test's rule names port 8080: the bare name is another host
    assert _get(happ, "/", "b.test").status_code == 404


def test_unknown_host_is_404(happ: t.Any) -> None:
    assert _get(happ, "/", "c.test").status_code == 404
    assert _get(happ, "/page/1", "users.test").status_code == 404
    # the path exists only on another host: 404, not 405
    assert _get(happ, "/form", "b.test:8080").status_code == 404


def test_variable_in_the_host(happ: t.Any) -> None:
    assert _get(happ, "/profile", "joe.users.test").text == "profile of joe"
    assert _get(happ, "/profile", "ann.users.test").text == "profile of ann"
    assert _get(happ, "/profile", "users.test").status_code == 404


def test_method_not_allowed_on_the_host(happ: t.Any) -> None:
    rv = _get(happ, "/form", "a.test")
    assert rv.status_code == 405
    assert "POST" in rv.headers["Allow"]
    rv = happ.test_client().post("/form", headers={"Host": "a.test"})
    assert rv.text == "posted"


def test_strict_slash_redirect_keeps_the_host(happ: t.Any) -> None:
    rv = _get(happ, "/dir", "a.test")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://a.test/dir/"
    rv = _get(happ, "/dir", "a.test", query_string="q=1")
    assert rv.headers["Location"] == "http://a.test/dir/?q=1"


def test_url_for_across_hosts(happ: t.Any) -> None:
    assert _get(happ, "/links", "a.test").text.split() == [
        "/page/1",
        "http://b.test:8080/page/2",
        "http://joe.users.test/profile?tab=x",
        "http://a.test/",
        "http://static.test/static/context.html",
        "https://b.test:8080/",
    ]


def test_url_for_prefers_the_rule_of_the_current_host(impl: t.Any, happ: t.Any) -> None:
    @happ.route("/shared", host="a.test", endpoint="shared")
    @happ.route("/shared", host="b.test:8080", endpoint="shared")
    def shared() -> str:
        return impl.url_for("shared")

    assert _get(happ, "/shared", "a.test").text == "/shared"
    assert _get(happ, "/shared", "b.test:8080").text == "/shared"


def test_static_files_are_served_on_the_static_host(happ: t.Any) -> None:
    rv = _get(happ, "/static/context.html", "static.test")
    assert rv.status_code == 200
    assert b"{{" in rv.data
    rv.close()
    assert _get(happ, "/static/context.html", "a.test").status_code == 404


def test_url_for_outside_a_request_uses_server_name(impl: t.Any, happ: t.Any) -> None:
    happ.config["SERVER_NAME"] = "a.test"
    with happ.app_context():
        assert impl.url_for("a_index") == "http://a.test/"
        assert impl.url_for("b_page", n=5) == "http://b.test:8080/page/5"
    with happ.test_request_context("/", base_url="http://b.test:8080"):
        assert impl.url_for("b_index") == "/"
        assert impl.url_for("a_index") == "http://a.test/"


def test_server_name_does_not_restrict_host_matching(happ: t.Any) -> None:
    happ.config["SERVER_NAME"] = "a.test"
    assert _get(happ, "/", "b.test:8080").text == "b index"


def test_malformed_host_is_400(happ: t.Any) -> None:
    assert _get(happ, "/", "a..test").status_code == 400
    assert _get(happ, "/", ".a.test").status_code == 400
    assert _get(happ, "/", "a" * 64 + ".test").status_code == 400


@pytest.mark.parametrize(
    "host", ["a.test\x01", "a.\x7ftest", "a test", "a.test\x00", "a.test:8x"]
)
def test_host_with_invalid_characters_matches_no_host(happ: t.Any, host: str) -> None:
    # The host is read as empty, which no rule names.
    assert _get(happ, "/", host).status_code == 404


def test_static_host_requires_host_matching(impl: t.Any) -> None:
    with pytest.raises(AssertionError, match="static_host"):
        impl.Flask("conformance_app", static_host="static.test")
    with pytest.raises(AssertionError, match="static_host"):
        impl.Flask("conformance_app", host_matching=True)
    # without a static folder, no static route needs a host
    app = impl.Flask("conformance_app", host_matching=True, static_folder=None)
    assert app.url_map.host_matching


def test_url_map_adapter_matches_hosts(impl: t.Any) -> None:
    routing = impl.werkzeug.routing
    url_map = routing.Map(
        [
            routing.Rule("/", host="a.test", endpoint="a"),
            routing.Rule("/<int:n>", host="<name>.b.test", endpoint="b"),
        ],
        host_matching=True,
    )
    assert url_map.bind("a.test").match("/") == ("a", {})
    assert url_map.bind("x.b.test").match("/7") == ("b", {"name": "x", "n": 7})
    with pytest.raises(impl.werkzeug.exceptions.NotFound):
        url_map.bind("c.test").match("/")
    adapter = url_map.bind("a.test")
    assert adapter.build("a") == "/"
    assert adapter.build("b", {"name": "y", "n": 2}) == "http://y.b.test/2"
    with pytest.raises(RuntimeError, match="host matching"):
        url_map.bind("a.test", subdomain="x")


@pytest.mark.parametrize("host", ["a.test\x01", "\x7f", "a.test\x00", "a.other"])
def test_invalid_or_untrusted_host_is_400_with_trusted_hosts(
    happ: t.Any, host: str
) -> None:
    happ.config["TRUSTED_HOSTS"] = [".test"]
    assert _get(happ, "/", host).status_code == 400
    assert _get(happ, "/", "a.test").text == "a index"
