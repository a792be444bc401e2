"""``subdomain_matching`` with ``SERVER_NAME``: ``subdomain=`` on rules, blueprints
and nested blueprints, variable subdomains, the default subdomain, ports,
``url_for`` across subdomains, static files, redirects, 404/400, and what
``subdomain=`` means without subdomain matching."""

from __future__ import annotations

import typing as t

import pytest

pytestmark = pytest.mark.api("Flask", "url_for", "Blueprint")

SERVER = "example.test:5000"


@pytest.fixture
def sapp(impl: t.Any) -> t.Any:
    """A subdomain-matching app: the bare domain, a fixed ``api`` subdomain, a
    variable one, a blueprint on ``admin`` with a nested one on ``deep``."""
    app = impl.Flask(
        "conformance_app",
        subdomain_matching=True,
        root_path=__file__.rsplit("/", 1)[0],
        static_folder="templates",
        static_url_path="/static",
    )
    app.config.update(TESTING=True, SERVER_NAME=SERVER)

    @app.route("/")
    def index() -> str:
        return "index " + " ".join(
            [
                impl.url_for("index"),
                impl.url_for("api_root"),
                impl.url_for("user_home", user="bob"),
                impl.url_for("admin.panel"),
                impl.url_for("admin.deep.inner", x=1),
            ]
        )

    @app.route("/", subdomain="api")
    def api_root() -> str:
        return "api " + impl.url_for("api_root") + " " + impl.url_for("index")

    @app.route("/items/", subdomain="api", methods=["GET", "POST"])
    def api_items() -> str:
        return "items"

    @app.route("/home", subdomain="<user>")
    def user_home(user: str) -> str:
        return f"home of {user} " + impl.url_for("user_home", user=user)

    admin = impl.Blueprint(
        "admin",
        __name__,
        subdomain="admin",
        static_folder="templates",
        static_url_path="/admin-static",
    )

    @admin.route("/panel")
    def panel() -> str:
        return "panel " + impl.url_for(".panel") + " " + impl.url_for("index")

    deep = impl.Blueprint("deep", __name__, subdomain="deep")

    @deep.route("/inner")
    def inner() -> str:
        return "inner " + impl.url_for(".inner") + " " + impl.url_for("admin.panel")

    admin.register_blueprint(deep)
    app.register_blueprint(admin)
    return app


def _get(app: t.Any, path: str, sub: str | None = None, **kw: t.Any) -> t.Any:
    host = f"{sub}.{SERVER}" if sub else SERVER
    return app.test_client().get(path, headers={"Host": host}, **kw)


def test_rules_match_their_subdomain(sapp: t.Any) -> None:
    assert _get(sapp, "/").text.startswith("index ")
    assert _get(sapp, "/", "api").text.startswith("api ")
    assert _get(sapp, "/home", "ann").text.startswith("home of ann ")
    assert _get(sapp, "/home", "a.b").text.startswith("home of a.b ")


def test_rules_do_not_match_other_subdomains(sapp: t.Any) -> None:
    assert _get(sapp, "/", "www").status_code == 404
    assert _get(sapp, "/home").status_code == 404
    assert _get(sapp, "/items/").status_code == 404
    assert _get(sapp, "/panel").status_code == 404
    assert _get(sapp, "/panel", "api").status_code == 404


def test_blueprint_subdomains_nest(sapp: t.Any) -> None:
    assert (
        _get(sapp, "/panel", "admin").text == "panel /panel http://example.test:5000/"
    )
    rv = _get(sapp, "/inner", "deep.admin")
    assert rv.text == "inner /inner http://admin.example.test:5000/panel"
    assert _get(sapp, "/inner", "deep").status_code == 404
    assert _get(sapp, "/inner", "admin").status_code == 404


def test_url_for_across_subdomains(sapp: t.Any) -> None:
    assert _get(sapp, "/").text.split()[1:] == [
        "/",
        "http://api.example.test:5000/",
        "http://bob.example.test:5000/home",
        "http://admin.example.test:5000/panel",
        "http://deep.admin.example.test:5000/inner?x=1",
    ]
    assert _get(sapp, "/", "api").text == "api / http://example.test:5000/"
    assert _get(sapp, "/home", "ann").text == "home of ann /home"


def test_url_for_outside_a_request(impl: t.Any, sapp: t.Any) -> None:
    with sapp.app_context():
        assert impl.url_for("index") == "http://example.test:5000/"
        assert impl.url_for("api_root") == "http://api.example.test:5000/"
        assert impl.url_for("user_home", user="z") == "http://z.example.test:5000/home"
        assert (
            impl.url_for("api_root", _scheme="https", _external=True)
            == "https://api.example.test:5000/"
        )
    with sapp.test_request_context("/", subdomain="api"):
        assert impl.url_for("api_root") == "/"
        assert impl.url_for("index") == "http://example.test:5000/"


def test_test_client_subdomain_argument(sapp: t.Any) -> None:
    rv = sapp.test_client().get("/", subdomain="api")
    assert rv.text.startswith("api ")
    assert rv.request.host == "api.example.test:5000"


def test_strict_slash_redirect_stays_on_the_subdomain(sapp: t.Any) -> None:
    rv = _get(sapp, "/items", "api", query_string="a=1")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://api.example.test:5000/items/?a=1"
    rv = sapp.test_client().post("/items", subdomain="api")
    assert rv.status_code == 308


def test_method_not_allowed_on_a_subdomain(sapp: t.Any) -> None:
    rv = sapp.test_client().delete("/items/", subdomain="api")
    assert rv.status_code == 405
    assert set(rv.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_static_files_on_the_default_and_blueprint_subdomains(sapp: t.Any) -> None:
    rv = _get(sapp, "/static/context.html")
    assert rv.status_code == 200
    rv.close()
    rv = _get(sapp, "/admin-static/context.html", "admin")
    assert rv.status_code == 200
    rv.close()
    assert _get(sapp, "/admin-static/context.html").status_code == 404
    assert _get(sapp, "/static/context.html", "admin").status_code == 404
    with sapp.test_request_context("/", subdomain="admin"):
        url_for = sapp.url_for
        assert url_for("admin.static", filename="a.css") == "/admin-static/a.css"
        assert url_for("static", filename="a.css") == (
            "http://example.test:5000/static/a.css"
        )


def test_host_outside_server_name_warns_and_matches_no_fixed_subdomain(
    sapp: t.Any,
) -> None:
    client = sapp.test_client()
    with pytest.warns(UserWarning, match="doesn't match configured server name"):
        rv = client.get("/", headers={"Host": "other.test"})
    assert rv.status_code == 404
    with pytest.warns(UserWarning, match="doesn't match configured server name"):
        rv = client.get("/home", headers={"Host": "example.test"})
    # the port is part of the server name; the variable rule takes the
    # "<invalid>" subdomain, which builds quoted, as another subdomain
    assert rv.text == "home of <invalid> http://%3Cinvalid%3E.example.test:5000/home"


def test_standard_port_in_server_name(impl: t.Any) -> None:
    app = impl.Flask("conformance_app", subdomain_matching=True, static_folder=None)
    app.config["SERVER_NAME"] = "example.test:80"

    @app.route("/", subdomain="api")
    def api() -> str:
        return impl.url_for("api", _external=True)

    rv = app.test_client().get("/", headers={"Host": "api.example.test"})
    assert rv.text == "http://api.example.test/"


def test_default_subdomain(impl: t.Any) -> None:
    app = impl.Flask("conformance_app", subdomain_matching=True, static_folder=None)
    app.config["SERVER_NAME"] = "example.test"
    app.url_map.default_subdomain = "www"

    @app.route("/")
    def index() -> str:
        return "www " + impl.url_for("index") + " " + impl.url_for("api")

    @app.route("/", subdomain="api")
    def api() -> str:
        return "api " + impl.url_for("index")

    client = app.test_client()
    assert client.get("/", subdomain="www").text == "www / http://api.example.test/"
    assert client.get("/", subdomain="api").text == "api http://www.example.test/"
    assert client.get("/").status_code == 404
    with app.app_context():
        assert impl.url_for("index") == "http://www.example.test/"


def test_register_blueprint_subdomain_option(impl: t.Any) -> None:
    app = impl.Flask("conformance_app", subdomain_matching=True, static_folder=None)
    app.config["SERVER_NAME"] = "example.test"
    bp = impl.Blueprint("bp", __name__, subdomain="one")
    child = impl.Blueprint("child", __name__)

    @bp.route("/")
    def index() -> str:
        return "bp"

    @child.route("/c")
    def c() -> str:
        return "child"

    bp.register_blueprint(child)
    app.register_blueprint(bp, subdomain="two")
    app.register_blueprint(bp, name="again")
    client = app.test_client()
    assert client.get("/", subdomain="two").text == "bp"
    assert client.get("/", subdomain="one").text == "bp"
    # a child without a subdomain takes its parent's
    assert client.get("/c", subdomain="two").text == "child"
    assert client.get("/c", subdomain="one").text == "child"
    with app.app_context():
        assert impl.url_for("bp.child.c") == "http://two.example.test/c"
        assert impl.url_for("again.child.c") == "http://one.example.test/c"


def test_server_name_without_subdomain_matching_does_not_restrict(
    impl: t.Any,
) -> None:
    app = impl.Flask("conformance_app", static_folder=None)
    app.config["SERVER_NAME"] = "example.test"

    @app.route("/")
    def index() -> str:
        return "index " + impl.url_for("api", _external=True)

    @app.route("/", subdomain="api")
    def api() -> str:
        return "never matched"

    client = app.test_client()
    assert client.get("/", headers={"Host": "other.test"}).text == (
        "index http://api.example.test/"
    )
    assert client.get("/", subdomain="api").text.startswith("index ")


def test_subdomain_rules_without_subdomain_matching_only_build(
    impl: t.Any,
) -> None:
    app = impl.Flask("conformance_app", static_folder=None)

    @app.route("/only", subdomain="api")
    def only() -> str:
        return "never matched"

    @app.route("/")
    def index() -> str:
        return impl.url_for("only")

    client = app.test_client()
    assert client.get("/").text == "http://api.localhost/only"
    assert client.get("/only").status_code == 404
    assert client.get("/only", headers={"Host": "api.localhost"}).status_code == 404


def test_malformed_host_is_400_without_server_name(impl: t.Any) -> None:
    app = impl.Flask("conformance_app", subdomain_matching=True, static_folder=None)

    @app.route("/")
    def index() -> str:
        return "index"

    client = app.test_client()
    assert client.get("/", headers={"Host": "a..test"}).status_code == 400
    assert client.get("/", headers={"Host": "x" * 64 + ".test"}).status_code == 400
    assert client.get("/", headers={"Host": "a.test"}).text == "index"


def test_map_bind_to_environ_computes_the_subdomain(impl: t.Any) -> None:
    routing = impl.werkzeug.routing
    url_map = routing.Map(
        [
            routing.Rule("/", endpoint="index"),
            routing.Rule("/", subdomain="<lang>", endpoint="lang"),
        ]
    )
    environ = {
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "de.example.test",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
    }
    adapter = url_map.bind_to_environ(environ, server_name="example.test")
    assert adapter.subdomain == "de"
    assert adapter.match() == ("lang", {"lang": "de"})
    assert adapter.build("index") == "http://example.test/"
    assert adapter.build("lang", {"lang": "fr"}) == "http://fr.example.test/"
    root = url_map.bind("example.test")
    assert root.match("/") == ("index", {})
    assert root.build("lang", {"lang": "it"}, force_external=True) == (
        "http://it.example.test/"
    )


def test_rule_factories_with_subdomains(impl: t.Any) -> None:
    routing = impl.werkzeug.routing
    url_map = routing.Map(
        [
            routing.Subdomain(
                "<lang>",
                [
                    routing.Submount(
                        "/blog",
                        [
                            routing.EndpointPrefix(
                                "blog.", [routing.Rule("/<int:id>", endpoint="post")]
                            )
                        ],
                    )
                ],
            )
        ]
    )
    adapter = url_map.bind("example.test", subdomain="en")
    assert adapter.match("/blog/3") == ("blog.post", {"lang": "en", "id": 3})
    assert adapter.build("blog.post", {"lang": "fr", "id": 4}) == (
        "http://fr.example.test/blog/4"
    )
