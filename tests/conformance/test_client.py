"""Conformance: the test client (``app.test_client()``, ``FlaskClient``), the
environ ``EnvironBuilder`` makes (also through ``app.test_request_context``) and the
responses the client returns.
"""

from __future__ import annotations

import datetime
import io
import typing as t

import pytest

CLIENT = pytest.mark.api("testing.FlaskClient")
BUILDER = pytest.mark.api("testing.EnvironBuilder", "Flask")


def _echo_view(impl: t.Any) -> t.Callable[[], dict[str, t.Any]]:
    """A view that describes the request it gets."""

    def echo() -> dict[str, t.Any]:
        r = impl.request
        return {
            "method": r.method,
            "path": r.path,
            "args": r.args.to_dict(flat=False),
            "form": r.form.to_dict(flat=False),
            "files": {
                k: [f.filename, f.content_type, f.read().decode()]
                for k, f in r.files.items()
            },
            "content_type": r.content_type,
            "content_length": r.content_length,
            "data": r.get_data(as_text=True),
        }

    return echo


@pytest.fixture
def echo(app: t.Any, impl: t.Any) -> t.Any:
    app.add_url_rule(
        "/echo",
        "echo",
        _echo_view(impl),
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    )
    return app


# -- request data -----------------------------------------------------------------


@CLIENT
def test_form_dict_is_urlencoded(client: t.Any, echo: t.Any) -> None:
    rv = client.post("/echo", data={"a": "1", "b": ["x", "y"], "c": "é &"})
    assert rv.json["form"] == {"a": ["1"], "b": ["x", "y"], "c": ["é &"]}
    assert rv.json["content_type"] == "application/x-www-form-urlencoded"
    assert rv.json["data"] == ""
    assert rv.json["method"] == "POST"


@CLIENT
def test_form_multidict(client: t.Any, echo: t.Any, impl: t.Any) -> None:
    data = impl.werkzeug.datastructures.MultiDict([("k", "1"), ("k", "2"), ("j", "3")])
    rv = client.put("/echo", data=data)
    assert rv.json["form"] == {"k": ["1", "2"], "j": ["3"]}
    assert rv.json["method"] == "PUT"


@CLIENT
def test_raw_str_body(client: t.Any, echo: t.Any) -> None:
    rv = client.post("/echo", data="héllo", content_type="text/plain")
    assert rv.json["data"] == "héllo"
    assert rv.json["content_length"] == len("héllo".encode())
    assert rv.json["content_type"] == "text/plain"
    assert rv.json["form"] == {}


@CLIENT
def test_raw_bytes_body_without_content_type(client: t.Any, echo: t.Any) -> None:
    rv = client.patch("/echo", data=b"\x00raw")
    assert rv.json["content_type"] is None
    assert rv.json["content_length"] == 4
    assert rv.json["method"] == "PATCH"


@CLIENT
def test_file_object_as_body(client: t.Any, echo: t.Any) -> None:
    rv = client.post("/echo", data=io.BytesIO(b"streamed"), content_type="text/x")
    assert rv.json["data"] == "streamed"
    assert rv.json["content_length"] == 8


@CLIENT
def test_files_as_tuples(client: t.Any, echo: t.Any) -> None:
    rv = client.post(
        "/echo",
        data={
            "name": "value",
            "upload": (io.BytesIO(b"file body"), "notes.txt"),
            "page": (io.BytesIO(b"<p>"), "p.bin", "text/html"),
        },
    )
    assert rv.json["content_type"].startswith("multipart/form-data; boundary=")
    assert rv.json["form"] == {"name": ["value"]}
    assert rv.json["files"] == {
        "upload": ["notes.txt", "text/plain", "file body"],
        "page": ["p.bin", "text/html", "<p>"],
    }


@CLIENT
def test_file_storage_and_list_of_files(client: t.Any, app: t.Any, impl: t.Any) -> None:
    @app.post("/up")
    def up() -> dict[str, t.Any]:
        files = impl.request.files
        fs = files["fs"]
        return {
            "many": [f.filename for f in files.getlist("many")],
            "fs": [fs.filename, fs.mimetype, fs.read().decode()],
        }

    fs = impl.werkzeug.datastructures.FileStorage(
        io.BytesIO(b"data"), filename="d.csv", content_type="text/csv"
    )
    rv = client.post(
        "/up",
        data={
            "fs": fs,
            "many": [(io.BytesIO(b"1"), "one.txt"), (io.BytesIO(b"2"), "two.txt")],
        },
    )
    assert rv.json == {
        "many": ["one.txt", "two.txt"],
        "fs": ["d.csv", "text/csv", "data"],
    }


@CLIENT
def test_unnamed_file_object_is_sent_as_a_field(client: t.Any, echo: t.Any) -> None:
    rv = client.post("/echo", data={"plain": io.BytesIO(b"no name")})
    assert rv.json["files"] == {}
    assert rv.json["form"] == {"plain": ["no name"]}


@CLIENT
def test_json_uses_app_json_provider(client: t.Any, app: t.Any, impl: t.Any) -> None:
    @app.post("/j")
    def j() -> dict[str, t.Any]:
        return {"json": impl.request.json, "ct": impl.request.content_type}

    rv = client.post("/j", json={"when": datetime.date(2024, 1, 2), "n": [1, 2]})
    assert rv.json == {
        "json": {"when": "Tue, 02 Jan 2024 00:00:00 GMT", "n": [1, 2]},
        "ct": "application/json",
    }


@CLIENT
def test_json_keeps_an_explicit_content_type(
    client: t.Any, app: t.Any, impl: t.Any
) -> None:
    @app.post("/j")
    def j() -> str:
        return t.cast(str, impl.request.content_type)

    rv = client.post("/j", json=[1], content_type="application/vnd.api+json")
    assert rv.text == "application/vnd.api+json"


@CLIENT
def test_json_and_data_together_raise(client: t.Any) -> None:
    with pytest.raises(TypeError):
        client.post("/", json={}, data="x")


@CLIENT
def test_query_string_forms(client: t.Any, echo: t.Any, impl: t.Any) -> None:
    rv = client.get("/echo", query_string={"a": ["1", "2"], "b": "é"})
    assert rv.json["args"] == {"a": ["1", "2"], "b": ["é"]}
    assert rv.request.query_string == b"a=1&a=2&b=%C3%A9"

    rv = client.get("/echo", query_string="x=1&x=2")
    assert rv.json["args"] == {"x": ["1", "2"]}

    md = impl.werkzeug.datastructures.MultiDict([("m", "1"), ("m", "2")])
    assert client.get("/echo", query_string=md).json["args"] == {"m": ["1", "2"]}

    rv = client.get("/echo?y=3&z=%20")
    assert rv.json["args"] == {"y": ["3"], "z": [" "]}


@CLIENT
def test_query_string_in_path_and_argument_raises(client: t.Any) -> None:
    with pytest.raises(ValueError):
        client.get("/echo?a=1", query_string={"b": "2"})


@CLIENT
def test_headers_forms(client: t.Any, app: t.Any, impl: t.Any) -> None:
    @app.route("/h")
    def h() -> dict[str, t.Any]:
        return {
            "a": impl.request.headers.get("X-A"),
            "b": impl.request.headers.get("X-B"),
        }

    assert client.get("/h", headers={"X-A": "1"}).json == {"a": "1", "b": None}
    pairs = [("X-A", "1"), ("X-A", "2"), ("X-B", "b")]
    assert client.get("/h", headers=pairs).json == {"a": "1, 2", "b": "b"}
    headers = impl.werkzeug.datastructures.Headers([("X-B", "from headers")])
    assert client.get("/h", headers=headers).json == {"a": None, "b": "from headers"}


@CLIENT
def test_content_type_and_mimetype_arguments(client: t.Any, echo: t.Any) -> None:
    rv = client.post("/echo", data="{}", content_type="application/json; charset=x")
    assert rv.json["content_type"] == "application/json; charset=x"
    rv = client.post("/echo", data="<p>", mimetype="text/html")
    assert rv.json["content_type"] == "text/html; charset=utf-8"


@CLIENT
def test_all_method_shortcuts(client: t.Any, app: t.Any, impl: t.Any) -> None:
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]

    @app.route("/m", methods=methods)
    def m() -> str:
        return t.cast(str, impl.request.method)

    for name in methods:
        assert getattr(client, name.lower())("/m").text == name
    rv = client.head("/m")
    assert rv.status_code == 200
    assert rv.data == b""
    assert client.open("/m", method="put").text == "PUT"


@CLIENT
def test_open_with_builder_and_environ(client: t.Any, echo: t.Any, impl: t.Any) -> None:
    builder = impl.testing.EnvironBuilder(echo, "/echo", method="POST", data="body")
    rv = client.open(builder)
    assert rv.json["method"] == "POST"
    assert rv.json["data"] == "body"
    assert rv.request.remote_addr == "127.0.0.1"

    builder = impl.testing.EnvironBuilder(echo, "/echo", query_string="q=1")
    rv = client.open(builder.get_environ())
    assert rv.json["args"] == {"q": ["1"]}
    assert rv.request.remote_addr == "127.0.0.1"


@CLIENT
def test_open_with_request_object(client: t.Any, echo: t.Any, impl: t.Any) -> None:
    builder = impl.testing.EnvironBuilder(echo, "/echo", method="PUT", data="x")
    rv = client.open(impl.Request(builder.get_environ()))
    assert rv.json["method"] == "PUT"
    assert rv.json["data"] == "x"
    assert rv.request.environ["REMOTE_ADDR"] == "127.0.0.1"


# -- responses ----------------------------------------------------------------------


@pytest.mark.api("testing.FlaskClient", "Response")
def test_response_attributes(client: t.Any, app: t.Any, impl: t.Any) -> None:
    @app.route("/r")
    def r() -> t.Any:
        return impl.jsonify(value="é"), 201, {"X-Extra": "yes"}

    rv = client.get("/r?z=1")
    assert isinstance(rv, app.response_class)
    assert rv.status == "201 CREATED"
    assert rv.status_code == 201
    assert rv.headers["X-Extra"] == "yes"
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.mimetype == "application/json"
    assert rv.is_json
    assert rv.data == b'{"value":"\\u00e9"}\n'
    assert rv.get_data(as_text=True) == '{"value":"\\u00e9"}\n'
    assert rv.text == rv.get_data(as_text=True)
    assert rv.json == {"value": "é"}
    assert rv.get_json() == {"value": "é"}
    assert rv.history == ()
    assert rv.request.path == "/r"
    assert rv.request.method == "GET"
    assert rv.request.args["z"] == "1"


@pytest.mark.api("testing.FlaskClient", "Response")
def test_text_response_has_no_json(client: t.Any, app: t.Any) -> None:
    @app.route("/t")
    def t_() -> str:
        return "plain"

    rv = client.get("/t")
    assert rv.mimetype == "text/html"
    assert rv.json is None
    assert rv.text == "plain"
    assert client.get("/missing").status_code == 404
    assert client.get("/missing").status == "404 NOT FOUND"


@pytest.mark.api("testing.FlaskClient", "Response")
def test_custom_response_class(app: t.Any, impl: t.Any) -> None:
    class MyResponse(impl.Response):
        @property
        def shout(self) -> str:
            return t.cast(str, self.get_data(as_text=True).upper())

    app.response_class = MyResponse

    @app.route("/")
    def index() -> str:
        return "quiet"

    rv = app.test_client().get("/")
    assert isinstance(rv, MyResponse)
    assert rv.shout == "QUIET"


@pytest.mark.api("testing.FlaskClient", "Response")
def test_streamed_response(client: t.Any, app: t.Any, impl: t.Any) -> None:
    @app.route("/s")
    def s() -> t.Any:
        def gen() -> t.Iterator[str]:
            yield "a"
            yield "b"
            yield "c"

        return impl.Response(gen(), mimetype="text/plain")

    assert client.get("/s").data == b"abc"
    assert client.get("/s", buffered=True).text == "abc"


@pytest.mark.api("testing.FlaskClient", "Response")
def test_call_on_close_runs(client: t.Any, app: t.Any, impl: t.Any) -> None:
    called: list[str] = []

    @app.route("/c")
    def c() -> t.Any:
        rv = impl.make_response("closing")
        rv.call_on_close(lambda: called.append("closed"))
        return rv

    client.get("/c", buffered=True)
    assert called == ["closed"]
    rv = client.get("/c")
    assert rv.data == b"closing"
    assert called == ["closed"]
    rv.close()
    assert called == ["closed", "closed"]


# -- redirects ----------------------------------------------------------------------


@pytest.fixture
def redirects(app: t.Any, impl: t.Any) -> t.Any:
    @app.route("/a", methods=["GET", "POST"])
    def a() -> t.Any:
        return impl.redirect("/b?from=a")

    @app.route("/b", methods=["GET", "POST"])
    def b() -> t.Any:
        return impl.redirect("/end", 301)

    @app.route("/keep", methods=["POST", "PUT"])
    def keep() -> t.Any:
        return impl.redirect("/end", int(impl.request.args["code"]))

    @app.route("/end", methods=["GET", "POST", "PUT", "HEAD"])
    def end() -> dict[str, t.Any]:
        r = impl.request
        return {
            "method": r.method,
            "data": r.get_data(as_text=True),
            "content_type": r.content_type,
        }

    return app


@CLIENT
def test_redirect_is_not_followed_by_default(client: t.Any, redirects: t.Any) -> None:
    rv = client.get("/a")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/b?from=a"
    assert rv.history == ()


@CLIENT
def test_follow_redirect_chain_with_history(client: t.Any, redirects: t.Any) -> None:
    rv = client.get("/a", follow_redirects=True)
    assert rv.status_code == 200
    assert rv.json["method"] == "GET"
    assert rv.request.path == "/end"
    assert [r.status_code for r in rv.history] == [302, 301]
    assert [r.request.path for r in rv.history] == ["/a", "/b"]
    assert rv.history[1].request.args["from"] == "a"
    assert rv.history[1].history == (rv.history[0],)


@CLIENT
@pytest.mark.parametrize("code", [307, 308])
def test_307_and_308_keep_method_and_body(
    client: t.Any, redirects: t.Any, code: int
) -> None:
    rv = client.put(
        f"/keep?code={code}",
        data="payload",
        content_type="text/plain",
        follow_redirects=True,
    )
    assert rv.json == {"method": "PUT", "data": "payload", "content_type": "text/plain"}
    assert rv.history[0].status_code == code


@CLIENT
@pytest.mark.parametrize("code", [301, 302, 303])
def test_post_redirect_becomes_get_without_body(
    client: t.Any, redirects: t.Any, code: int
) -> None:
    rv = client.post(f"/keep?code={code}", data={"x": "1"}, follow_redirects=True)
    assert rv.json == {"method": "GET", "data": "", "content_type": None}


@CLIENT
def test_head_stays_head_on_redirect(client: t.Any, redirects: t.Any) -> None:
    rv = client.head("/a", follow_redirects=True)
    assert rv.status_code == 200
    assert rv.request.method == "HEAD"
    assert rv.data == b""


@CLIENT
def test_redirect_loop_and_external_redirect_raise(
    client: t.Any, app: t.Any, impl: t.Any
) -> None:
    @app.route("/loop")
    def loop() -> t.Any:
        return impl.redirect("/loop")

    @app.route("/away")
    def away() -> t.Any:
        return impl.redirect("https://example.com/")

    with pytest.raises(Exception, match="Loop detected"):
        client.get("/loop", follow_redirects=True)
    with pytest.raises(RuntimeError, match="external redirects"):
        client.get("/away", follow_redirects=True)


@CLIENT
def test_subdomain_redirects_need_permission(impl: t.Any) -> None:
    app = impl.Flask("sub_app", subdomain_matching=True)
    app.config["SERVER_NAME"] = "example.com"

    @app.route("/go")
    def go() -> t.Any:
        return impl.redirect("http://api.example.com/target")

    @app.route("/target", subdomain="api")
    def target() -> str:
        return "in api"

    with pytest.raises(RuntimeError, match="subdomain redirects is not enabled"):
        app.test_client().get("/go", follow_redirects=True)
    client = app.test_client(allow_subdomain_redirects=True)
    rv = client.get("/go", follow_redirects=True)
    assert rv.text == "in api"
    assert rv.request.host == "api.example.com"


# -- cookies ------------------------------------------------------------------------


@pytest.fixture
def cookie_app(app: t.Any, impl: t.Any) -> t.Any:
    @app.route("/set/<name>/<value>")
    def set_(name: str, value: str) -> t.Any:
        rv = impl.make_response("set")
        rv.set_cookie(name, value, path=impl.request.args.get("path", "/"))
        return rv

    @app.route("/del/<name>")
    def del_(name: str) -> t.Any:
        rv = impl.make_response("deleted")
        rv.delete_cookie(name, path=impl.request.args.get("path", "/"))
        return rv

    @app.route("/get")
    @app.route("/sub/get")
    @app.route("/subway/get")
    def get() -> dict[str, str]:
        return dict(impl.request.cookies)

    return app


@CLIENT
def test_cookie_set_by_view_is_sent_back(client: t.Any, cookie_app: t.Any) -> None:
    assert client.get("/get").json == {}
    client.get("/set/flavour/oat")
    assert client.get("/get").json == {"flavour": "oat"}
    cookie = client.get_cookie("flavour")
    assert cookie is not None
    assert (cookie.key, cookie.value) == ("flavour", "oat")
    assert (cookie.domain, cookie.path) == ("localhost", "/")
    assert cookie.expires is None
    assert cookie.max_age is None


@CLIENT
def test_cookie_deleted_by_view(client: t.Any, cookie_app: t.Any) -> None:
    client.get("/set/a/1")
    client.get("/set/b/2")
    assert client.get("/get").json == {"a": "1", "b": "2"}
    client.get("/del/a")
    assert client.get("/get").json == {"b": "2"}
    assert client.get_cookie("a") is None


@CLIENT
def test_cookie_path_scoping(client: t.Any, cookie_app: t.Any) -> None:
    client.get("/set/scoped/yes?path=/sub")
    assert client.get("/sub/get").json == {"scoped": "yes"}
    assert client.get("/get").json == {}
    assert client.get("/subway/get").json == {}
    assert client.get_cookie("scoped") is None
    assert client.get_cookie("scoped", path="/sub") is not None
    client.get("/del/scoped?path=/sub")
    assert client.get("/sub/get").json == {}


@CLIENT
def test_cookie_without_path_is_scoped_to_the_request_directory(
    client: t.Any, cookie_app: t.Any, impl: t.Any
) -> None:
    @cookie_app.route("/sub/page")
    def page() -> t.Any:
        rv = impl.make_response("x")
        rv.set_cookie("nopath", "1", path=None)
        rv.set_cookie("domain", "2", domain="localhost")
        return rv

    client.get("/sub/page")
    nopath = client.get_cookie("nopath", path="/sub")
    assert (nopath.path, nopath.origin_only) == ("/sub", True)
    domain = client.get_cookie("domain")
    assert (domain.domain, domain.origin_only) == ("localhost", False)
    assert client.get("/get").json == {"domain": "2"}
    assert client.get("/sub/get").json == {"domain": "2", "nopath": "1"}


@CLIENT
def test_cookie_jar_replaces_a_cookie_header(client: t.Any, cookie_app: t.Any) -> None:
    assert client.get("/get", headers={"Cookie": "manual=1"}).json == {}
    client.set_cookie("jar", "1")
    assert client.get("/get", headers={"Cookie": "manual=1"}).json == {"jar": "1"}


@CLIENT
def test_client_set_get_delete_cookie(client: t.Any, cookie_app: t.Any) -> None:
    client.set_cookie("k", "v")
    client.set_cookie("other", "o", path="/sub")
    assert client.get("/get").json == {"k": "v"}
    assert client.get("/sub/get").json == {"k": "v", "other": "o"}
    cookie = client.get_cookie("k")
    assert (cookie.key, cookie.value, cookie.domain, cookie.path) == (
        "k",
        "v",
        "localhost",
        "/",
    )
    client.delete_cookie("k")
    assert client.get_cookie("k") is None
    assert client.get("/get").json == {}
    client.set_cookie("gone", "x", max_age=0)
    assert client.get_cookie("gone") is None


@CLIENT
def test_client_cookie_expiry_values(client: t.Any, cookie_app: t.Any) -> None:
    when = datetime.datetime(2100, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    client.set_cookie("e", "1", expires=when, max_age=60)
    cookie = client.get_cookie("e")
    assert cookie.expires == when
    assert cookie.max_age == 60
    client.set_cookie("e", "", expires=0)
    assert client.get_cookie("e") is None


@CLIENT
def test_cookie_domains(client: t.Any, cookie_app: t.Any) -> None:
    client.set_cookie("wide", "1", domain="example.com", origin_only=False)
    client.set_cookie("exact", "2", domain="example.com")
    assert client.get("/get", base_url="http://api.example.com").json == {"wide": "1"}
    assert client.get("/get", base_url="http://example.com").json == {
        "wide": "1",
        "exact": "2",
    }
    assert client.get("/get").json == {}


@CLIENT
def test_cookies_disabled(app: t.Any, cookie_app: t.Any) -> None:
    client = app.test_client(use_cookies=False)
    client.get("/set/a/1")
    assert client.get("/get").json == {}
    with pytest.raises(TypeError):
        client.get_cookie("a")
    with pytest.raises(TypeError):
        client.set_cookie("a", "1")


# -- preserved contexts and sessions ------------------------------------------------


@pytest.fixture
def session_app(app: t.Any, impl: t.Any) -> t.Any:
    @app.route("/store/<value>")
    def store(value: str) -> str:
        impl.session["value"] = value
        impl.g.seen = value
        return "stored"

    @app.route("/read")
    def read() -> str:
        return str(impl.session.get("value"))

    return app


@CLIENT
def test_with_client_keeps_request_and_session(
    client: t.Any, session_app: t.Any, impl: t.Any
) -> None:
    with client:
        client.get("/store/first?x=1")
        assert impl.request.path == "/store/first"
        assert impl.request.args["x"] == "1"
        assert impl.session["value"] == "first"
        assert impl.g.seen == "first"
        client.get("/store/second")
        assert impl.request.path == "/store/second"
        assert impl.session["value"] == "second"
    assert not impl.has_request_context()
    assert not impl.has_app_context()


@CLIENT
def test_without_with_no_context_is_kept(
    client: t.Any, session_app: t.Any, impl: t.Any
) -> None:
    client.get("/store/x")
    assert not impl.has_request_context()


@CLIENT
def test_with_client_keeps_context_of_redirect_target(
    client: t.Any, redirects: t.Any, impl: t.Any
) -> None:
    with client:
        client.get("/a", follow_redirects=True)
        assert impl.request.path == "/end"
    assert not impl.has_request_context()


@CLIENT
def test_teardown_runs_again_when_the_block_ends(
    client: t.Any, app: t.Any, impl: t.Any
) -> None:
    torn: list[str] = []

    @app.route("/")
    def index() -> str:
        return "ok"

    @app.teardown_request
    def teardown(exc: BaseException | None) -> None:
        torn.append(impl.request.path)

    with client:
        client.get("/")
        assert torn == ["/"]
    assert torn == ["/", "/"]


@CLIENT
def test_nested_with_client_raises(client: t.Any) -> None:
    with client:
        nested = pytest.raises(RuntimeError, match="Cannot nest client invocations")
        with nested, client:
            pass


@CLIENT
def test_session_transaction_round_trip(client: t.Any, session_app: t.Any) -> None:
    with client.session_transaction() as sess:
        assert dict(sess) == {}
        sess["value"] = "from test"
    assert client.get("/read").text == "from test"
    client.get("/store/from-view")
    with client.session_transaction() as sess:
        assert sess["value"] == "from-view"


@CLIENT
def test_session_transaction_without_secret_key(
    client: t.Any, session_app: t.Any
) -> None:
    session_app.secret_key = None
    msg = "Session backend did not open a session"
    with pytest.raises(RuntimeError, match=msg), client.session_transaction():
        pass


@CLIENT
def test_session_transaction_without_cookies(app: t.Any) -> None:
    client = app.test_client(use_cookies=False)
    with pytest.raises(TypeError), client.session_transaction():
        pass


@CLIENT
def test_custom_test_client_class(app: t.Any, impl: t.Any) -> None:
    class MyClient(impl.testing.FlaskClient):
        marker = "mine"

    app.test_client_class = MyClient
    client = app.test_client()
    assert isinstance(client, MyClient)
    assert client.application is app


# -- environ values -----------------------------------------------------------------


@CLIENT
def test_client_environ_defaults(client: t.Any, app: t.Any, impl: t.Any) -> None:
    @app.route("/env")
    def env() -> dict[str, t.Any]:
        e = impl.request.environ
        keys = ("REMOTE_ADDR", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME")
        return {k: e[k] for k in keys} | {"ua": impl.request.user_agent.string}

    rv = client.get("/env")
    assert rv.json == {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SCRIPT_NAME": "",
        "ua": client.environ_base["HTTP_USER_AGENT"],
    }
    assert rv.json["ua"]
    client.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert client.get("/env").json["REMOTE_ADDR"] == "10.1.2.3"
    rv = client.get("/env", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert rv.json["REMOTE_ADDR"] == "10.9.9.9"


@CLIENT
def test_client_uses_server_name(client: t.Any, app: t.Any, impl: t.Any) -> None:
    app.config["SERVER_NAME"] = "example.com:8080"

    @app.route("/env")
    def env() -> dict[str, t.Any]:
        e = impl.request.environ
        return {k: e[k] for k in ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT")}

    assert client.get("/env").json == {
        "HTTP_HOST": "example.com:8080",
        "SERVER_NAME": "example.com",
        "SERVER_PORT": "8080",
    }


@BUILDER
def test_request_context_defaults(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context():
        e = impl.request.environ
        assert e["REQUEST_METHOD"] == "GET"
        assert e["PATH_INFO"] == "/"
        assert e["QUERY_STRING"] == ""
        assert e["SERVER_NAME"] == "localhost"
        assert e["SERVER_PORT"] == "80"
        assert e["HTTP_HOST"] == "localhost"
        assert e["SERVER_PROTOCOL"] == "HTTP/1.1"
        assert e["wsgi.url_scheme"] == "http"
        assert e["wsgi.version"] == (1, 0)
        assert e["wsgi.multithread"] is False
        assert e["wsgi.multiprocess"] is False
        assert e["wsgi.run_once"] is False
        assert "REMOTE_ADDR" not in e
        assert "CONTENT_TYPE" not in e
        assert "CONTENT_LENGTH" not in e
        assert impl.request.remote_addr is None


@BUILDER
def test_request_context_path_query_and_method(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/ä/b?x=1", method="PUT"):
        e = impl.request.environ
        assert e["PATH_INFO"] == "/ä/b".encode().decode("latin1")
        assert e["QUERY_STRING"] == "x=1"
        assert e["REQUEST_URI"] == "/ä/b?x=1".encode().decode("latin1")
        assert impl.request.path == "/ä/b"
        assert impl.request.method == "PUT"
    with app.test_request_context("/q", query_string={"a": "1", "b": ["2", "3"]}):
        assert impl.request.query_string == b"a=1&b=2&b=3"


@BUILDER
def test_request_context_data_json_and_headers(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", data={"f": "v"}):
        assert impl.request.form["f"] == "v"
        assert impl.request.environ["CONTENT_LENGTH"] == "3"
    with app.test_request_context("/", method="POST", json={"k": 1}):
        assert impl.request.json == {"k": 1}
        assert impl.request.environ["CONTENT_TYPE"] == "application/json"
    with app.test_request_context("/", headers={"X-Token": "t", "Cookie": "c=1"}):
        assert impl.request.environ["HTTP_X_TOKEN"] == "t"
        assert impl.request.cookies["c"] == "1"


@BUILDER
def test_request_context_base_url(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/p", base_url="https://example.com:8443/root/"):
        e = impl.request.environ
        assert e["wsgi.url_scheme"] == "https"
        assert e["HTTP_HOST"] == "example.com:8443"
        assert e["SERVER_NAME"] == "example.com"
        assert e["SERVER_PORT"] == "8443"
        assert e["SCRIPT_NAME"] == "/root"
        assert e["PATH_INFO"] == "/p"
        assert impl.request.url == "https://example.com:8443/root/p"
    with app.test_request_context("https://other.org/x?y=1"):
        assert impl.request.url == "https://other.org/x?y=1"
        assert impl.request.environ["SERVER_PORT"] == "443"


@BUILDER
def test_request_context_from_config(app: t.Any, impl: t.Any) -> None:
    app.config.update(
        SERVER_NAME="example.org",
        APPLICATION_ROOT="/app",
        PREFERRED_URL_SCHEME="https",
    )
    with app.test_request_context("/x"):
        e = impl.request.environ
        assert e["HTTP_HOST"] == "example.org"
        assert e["SCRIPT_NAME"] == "/app"
        assert e["wsgi.url_scheme"] == "https"
        assert impl.request.url == "https://example.org/app/x"
    with app.test_request_context("/x", subdomain="api", url_scheme="http"):
        assert impl.request.url == "http://api.example.org/app/x"


@BUILDER
def test_base_url_with_subdomain_is_refused(app: t.Any) -> None:
    with pytest.raises(AssertionError):
        app.test_request_context("/", base_url="http://a/", subdomain="x")


@BUILDER
def test_builder_attributes(app: t.Any, impl: t.Any) -> None:
    builder = impl.testing.EnvironBuilder(
        app, "/p?q=1", method="POST", data={"a": "b"}, headers={"X": "1"}
    )
    assert builder.app is app
    assert builder.path == "/p"
    assert builder.query_string == "q=1"
    assert builder.base_url == "http://localhost/"
    assert builder.method == "POST"
    assert builder.content_type == "application/x-www-form-urlencoded"
    assert builder.form["a"] == "b"
    assert builder.server_name == "localhost"
    assert builder.server_port == 80
    environ = builder.get_environ()
    assert environ["wsgi.input"].read() == b"a=b"
    assert environ["HTTP_X"] == "1"
    builder.close()
    assert builder.closed


@BUILDER
def test_builder_environ_overrides_and_streams(app: t.Any, impl: t.Any) -> None:
    errors = io.StringIO()
    builder = impl.testing.EnvironBuilder(
        app,
        environ_base={"REMOTE_ADDR": "1.1.1.1", "PATH_INFO": "/ignored"},
        environ_overrides={"SERVER_PORT": "99", "custom.key": "v"},
        input_stream=io.BytesIO(b"xyz"),
        errors_stream=errors,
        multithread=True,
    )
    environ = builder.get_environ()
    assert environ["REMOTE_ADDR"] == "1.1.1.1"
    assert environ["PATH_INFO"] == "/"
    assert environ["SERVER_PORT"] == "99"
    assert environ["custom.key"] == "v"
    assert environ["CONTENT_LENGTH"] == "3"
    assert environ["wsgi.input"].read() == b"xyz"
    assert environ["wsgi.errors"] is errors
    assert environ["wsgi.multithread"] is True
