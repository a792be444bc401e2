"""Conformance: the examples of Flask's Quickstart guide, as written there (only
``render_template`` calls are replaced by literal strings), and the responses a
Flask user sees when requesting them."""

from __future__ import annotations

import io
import logging
import typing as t

import pytest
from markupsafe import escape

pytestmark = pytest.mark.api("Flask")


@pytest.mark.api("Flask")
def test_minimal_application(impl: t.Any) -> None:
    app = impl.Flask(__name__)

    @app.route("/")
    def hello_world() -> str:
        return "<p>Hello, World!</p>"

    rv = app.test_client().get("/")
    assert rv.status_code == 200
    assert rv.headers["Content-Type"] == "text/html; charset=utf-8"
    assert rv.data == b"<p>Hello, World!</p>"


def test_html_escaping(app: t.Any, client: t.Any) -> None:
    @app.route("/<name>")
    def hello(name: str) -> str:
        return f"Hello, {escape(name)}!"

    assert client.get("/World").data == b"Hello, World!"
    rv = client.get("/<script>alert('x')")
    assert rv.data == b"Hello, &lt;script&gt;alert(&#39;x&#39;)!"


def test_routing(app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "Index Page"

    @app.route("/hello")
    def hello() -> str:
        return "Hello, World"

    assert client.get("/").data == b"Index Page"
    assert client.get("/hello").data == b"Hello, World"
    assert client.get("/hello/").status_code == 404
    assert client.get("/nothing").status_code == 404


def test_variable_rules(app: t.Any, client: t.Any) -> None:
    @app.route("/user/<username>")
    def show_user_profile(username: str) -> str:
        # show the user profile for that user
        return f"User {escape(username)}"

    @app.route("/post/<int:post_id>")
    def show_post(post_id: int) -> str:
        # show the post with the given id, the id is an integer
        return f"Post {post_id}"

    @app.route("/path/<path:subpath>")
    def show_subpath(subpath: str) -> str:
        # show the subpath after /path/
        return f"Subpath {escape(subpath)}"

    assert client.get("/user/john").data == b"User john"
    assert client.get("/user/a%20b").data == b"User a b"
    assert client.get("/user/a/b").status_code == 404
    assert client.get("/post/42").data == b"Post 42"
    assert client.get("/post/007").data == b"Post 7"
    assert client.get("/post/abc").status_code == 404
    assert client.get("/post/-1").status_code == 404
    assert client.get("/path/some/deep/file.txt").data == b"Subpath some/deep/file.txt"
    assert client.get("/path/").status_code == 404


@pytest.mark.parametrize(
    ("converter", "good", "value", "bad"),
    [
        ("string", "abc", "abc", "a/b"),
        ("int", "12", "12 int", "1.5"),
        ("float", "1.5", "1.5 float", "15"),
        ("path", "a/b/c", "a/b/c", ""),
        ("uuid", "12345678-1234-5678-1234-567812345678", "uuid", "1234"),
    ],
)
def test_converter_types(
    app: t.Any, client: t.Any, converter: str, good: str, value: str, bad: str
) -> None:
    @app.route(f"/c/<{converter}:value>")
    def view(value: t.Any) -> str:
        if isinstance(value, (int, float)):
            return f"{value} {type(value).__name__}"
        if converter == "uuid":
            return type(value).__name__.lower()
        return str(value)

    assert client.get(f"/c/{good}").data == value.encode()
    assert client.get(f"/c/{bad}").status_code == 404


def test_unique_urls_redirection_behavior(app: t.Any, client: t.Any) -> None:
    @app.route("/projects/")
    def projects() -> str:
        return "The project page"

    @app.route("/about")
    def about() -> str:
        return "The about page"

    assert client.get("/projects/").data == b"The project page"
    rv = client.get("/projects")
    assert rv.status_code == 308
    assert rv.headers["Location"] == "http://localhost/projects/"
    assert client.get("/projects", follow_redirects=True).data == b"The project page"
    assert client.get("/about").data == b"The about page"
    assert client.get("/about/").status_code == 404


@pytest.mark.api("Flask", "url_for")
def test_url_building(impl: t.Any, app: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        return "index"

    @app.route("/login")
    def login() -> str:
        return "login"

    @app.route("/user/<username>")
    def profile(username: str) -> str:
        return f"{username}'s profile"

    with app.test_request_context():
        assert impl.url_for("index") == "/"
        assert impl.url_for("login") == "/login"
        assert impl.url_for("login", next="/") == "/login?next=/"
        assert impl.url_for("profile", username="John Doe") == "/user/John%20Doe"


@pytest.mark.api("Flask", "request")
def test_http_methods(impl: t.Any, app: t.Any, client: t.Any) -> None:
    def do_the_login() -> str:
        return "logging in"

    def show_the_login_form() -> str:
        return "login form"

    @app.route("/login", methods=["GET", "POST"])
    def login() -> str:
        if impl.request.method == "POST":
            return do_the_login()
        else:
            return show_the_login_form()

    assert client.get("/login").data == b"login form"
    assert client.post("/login").data == b"logging in"
    assert client.head("/login").status_code == 200
    assert client.put("/login").status_code == 405
    rv = client.options("/login")
    assert set(rv.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_http_method_decorators(app: t.Any, client: t.Any) -> None:
    @app.get("/login")
    def login_get() -> str:
        return "show_the_login_form()"

    @app.post("/login")
    def login_post() -> str:
        return "do_the_login()"

    assert client.get("/login").data == b"show_the_login_form()"
    assert client.post("/login").data == b"do_the_login()"
    assert client.delete("/login").status_code == 405


@pytest.mark.api("url_for")
def test_static_files_url(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        assert impl.url_for("static", filename="style.css") == "/static/style.css"


@pytest.mark.api("request")
def test_context_locals_example(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context("/hello", method="POST"):
        # now you can do something with the request until the
        # end of the with block, such as basic assertions:
        assert impl.request.path == "/hello"
        assert impl.request.method == "POST"


@pytest.mark.api("request")
def test_request_object_form_and_args(impl: t.Any, app: t.Any, client: t.Any) -> None:
    def valid_login(username: str, password: str) -> bool:
        return username == "admin" and password == "secret"

    def log_the_user_in(username: str) -> str:
        return f"welcome {username}"

    @app.route("/login", methods=["POST", "GET"])
    def login() -> str:
        error = None
        if impl.request.method == "POST":
            if valid_login(
                impl.request.form["username"], impl.request.form["password"]
            ):
                return log_the_user_in(impl.request.form["username"])
            else:
                error = "Invalid username/password"
        # the code below is executed if the request method
        # was GET or the credentials were invalid
        return f"login.html error={error}"

    @app.route("/search")
    def search() -> str:
        searchword = impl.request.args.get("key", "")
        return f"searching {searchword!r}"

    ok = {"username": "admin", "password": "secret"}
    bad = {"username": "admin", "password": "nope"}
    assert client.post("/login", data=ok).data == b"welcome admin"
    assert client.post("/login", data=bad).data == (
        b"login.html error=Invalid username/password"
    )
    assert client.get("/login").data == b"login.html error=None"
    assert client.post("/login", data={"username": "x"}).status_code == 400
    assert client.get("/search?key=flask").data == b"searching 'flask'"
    assert client.get("/search").data == b"searching ''"


@pytest.mark.api("request")
def test_file_uploads(impl: t.Any, app: t.Any, client: t.Any, tmp_path: t.Any) -> None:
    @app.route("/upload", methods=["GET", "POST"])
    def upload_file() -> str:
        if impl.request.method == "POST":
            f = impl.request.files["the_file"]
            f.save(str(tmp_path / "uploaded_file.txt"))
            return f"saved {f.filename}"
        return "upload form"

    data = {"the_file": (io.BytesIO(b"file contents"), "notes.txt")}
    rv = client.post("/upload", data=data, content_type="multipart/form-data")
    assert rv.data == b"saved notes.txt"
    assert client.get("/upload").data == b"upload form"
    assert (tmp_path / "uploaded_file.txt").read_bytes() == b"file contents"


@pytest.mark.api("request", "make_response")
def test_cookies(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> str:
        username = impl.request.cookies.get("username")
        # use cookies.get(key) instead of cookies[key] to not get a
        # KeyError if the cookie is missing.
        return f"username={username}"

    @app.route("/set")
    def set_cookie() -> t.Any:
        resp = impl.make_response("index.html")
        resp.set_cookie("username", "the username")
        return resp

    assert client.get("/").data == b"username=None"
    rv = client.get("/set")
    assert rv.data == b"index.html"
    assert rv.headers["Set-Cookie"] == 'username="the username"; Path=/'
    assert client.get("/").data == b"username=the username"


@pytest.mark.api("redirect", "abort", "url_for")
def test_redirects_and_errors(impl: t.Any, app: t.Any, client: t.Any) -> None:
    @app.route("/")
    def index() -> t.Any:
        return impl.redirect(impl.url_for("login"))

    @app.route("/login")
    def login() -> str:
        impl.abort(401)
        raise AssertionError("this_is_never_executed()")

    rv = client.get("/")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/login"
    rv = client.get("/login")
    assert rv.status_code == 401
    assert b"<title>401 Unauthorized</title>" in rv.data
    assert client.get("/", follow_redirects=True).status_code == 401


def test_custom_error_page(app: t.Any, client: t.Any) -> None:
    @app.errorhandler(404)
    def page_not_found(error: t.Any) -> t.Any:
        return "page_not_found.html", 404

    rv = client.get("/does-not-exist")
    assert rv.status_code == 404
    assert rv.data == b"page_not_found.html"


@pytest.mark.api("make_response")
def test_about_responses_make_response_in_error_handler(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.errorhandler(404)
    def not_found(error: t.Any) -> t.Any:
        resp = impl.make_response("error.html", 404)
        resp.headers["X-Something"] = "A value"
        return resp

    rv = client.get("/missing")
    assert rv.status_code == 404
    assert rv.headers["X-Something"] == "A value"
    assert rv.data == b"error.html"


@pytest.mark.api("url_for", "jsonify")
def test_apis_with_json(impl: t.Any, app: t.Any, client: t.Any) -> None:
    class User:
        def __init__(self, username: str, theme: str, image: str) -> None:
            self.username, self.theme, self.image = username, theme, image

        def to_json(self) -> dict[str, str]:
            return {"username": self.username, "theme": self.theme}

    users = [User("ann", "dark", "ann.png"), User("bob", "light", "bob.png")]

    def get_current_user() -> User:
        return users[0]

    def get_all_users() -> list[User]:
        return users

    @app.route("/images/<filename>")
    def user_image(filename: str) -> str:
        return filename

    @app.route("/me")
    def me_api() -> dict[str, t.Any]:
        user = get_current_user()
        return {
            "username": user.username,
            "theme": user.theme,
            "image": impl.url_for("user_image", filename=user.image),
        }

    @app.route("/users")
    def users_api() -> list[t.Any]:
        users = get_all_users()
        return [user.to_json() for user in users]

    rv = client.get("/me")
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.data == b'{"image":"/images/ann.png","theme":"dark","username":"ann"}\n'
    rv = client.get("/users")
    assert rv.headers["Content-Type"] == "application/json"
    assert rv.get_json() == [
        {"theme": "dark", "username": "ann"},
        {"theme": "light", "username": "bob"},
    ]


@pytest.mark.api("session", "redirect", "url_for")
def test_sessions(impl: t.Any, app: t.Any) -> None:
    # Set the secret key to some random bytes. Keep this really secret!
    app.secret_key = b'_5#y2L"F4Q8z\n\xec]/'

    @app.route("/")
    def index() -> str:
        if "username" in impl.session:
            return f"Logged in as {impl.session['username']}"
        return "You are not logged in"

    @app.route("/login", methods=["GET", "POST"])
    def login() -> t.Any:
        if impl.request.method == "POST":
            impl.session["username"] = impl.request.form["username"]
            return impl.redirect(impl.url_for("index"))
        return """
        <form method="post">
            <p><input type=text name=username>
            <p><input type=submit value=Login>
        </form>
    """

    @app.route("/logout")
    def logout() -> t.Any:
        # remove the username from the session if it's there
        impl.session.pop("username", None)
        return impl.redirect(impl.url_for("index"))

    client = app.test_client()
    assert client.get("/").data == b"You are not logged in"
    assert b'<form method="post">' in client.get("/login").data
    rv = client.post("/login", data={"username": "ann"})
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/"
    assert "session=" in rv.headers["Set-Cookie"]
    assert client.get("/").data == b"Logged in as ann"
    rv = client.get("/logout", follow_redirects=True)
    assert rv.data == b"You are not logged in"
    assert app.test_client().get("/").data == b"You are not logged in"


def test_logging(app: t.Any, caplog: pytest.LogCaptureFixture) -> None:
    assert app.logger.name == "conformance_app"
    with caplog.at_level(logging.DEBUG, logger="conformance_app"):
        app.logger.debug("A value for debugging")
        app.logger.warning("A warning occurred (%d apples)", 42)
        app.logger.error("An error occurred")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("DEBUG", "A value for debugging"),
        ("WARNING", "A warning occurred (42 apples)"),
        ("ERROR", "An error occurred"),
    ]
