"""Conformance: the request object (``impl.request`` / ``impl.Request``).

Each attribute is checked against what Flask 3.1 (on Werkzeug 3.1) gives for the same
request, built either with ``app.test_request_context(...)`` or through the test client.
"""

from __future__ import annotations

import io
import typing as t
from pathlib import Path

import pytest

pytestmark = pytest.mark.api("request", "Request")


# --- the class -------------------------------------------------------------------


def test_request_is_an_instance_of_request_class(impl: t.Any, app: t.Any) -> None:
    assert app.request_class is impl.Request
    with app.test_request_context("/"):
        assert isinstance(impl.request, impl.Request)


def test_custom_request_class_is_used(impl: t.Any, app: t.Any) -> None:
    class MyRequest(impl.Request):
        @property
        def flavour(self) -> str:
            return "custom:" + self.path

    app.request_class = MyRequest

    @app.route("/p")
    def view() -> str:
        return t.cast(str, impl.request.flavour)

    assert app.test_client().get("/p").data == b"custom:/p"


def test_request_class_built_from_environ(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context("/p/q?x=1&x=2", method="PUT"):
        environ = impl.request.environ
    req = impl.Request(environ)
    assert req.path == "/p/q"
    assert req.method == "PUT"
    assert req.args.getlist("x") == ["1", "2"]


# --- method, path, URL parts -------------------------------------------------------


def test_method_is_upper_case(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="post"):
        assert impl.request.method == "POST"


def test_path_and_full_path(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/a/b?x=1&y=2"):
        assert impl.request.path == "/a/b"
        assert impl.request.full_path == "/a/b?x=1&y=2"


def test_full_path_has_question_mark_without_query_string(
    app: t.Any, impl: t.Any
) -> None:
    with app.test_request_context("/a"):
        assert impl.request.full_path == "/a?"
        assert impl.request.query_string == b""


def test_query_string_is_raw_bytes(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/a?x=1&y=%C3%A9+z"):
        assert impl.request.query_string == b"x=1&y=%C3%A9+z"


def test_url_parts_for_default_host(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/a/b?x=1"):
        r = impl.request
        assert r.url == "http://localhost/a/b?x=1"
        assert r.base_url == "http://localhost/a/b"
        assert r.url_root == "http://localhost/"
        assert r.host_url == "http://localhost/"
        assert r.host == "localhost"
        assert r.scheme == "http"
        assert r.is_secure is False
        assert r.script_root == ""


def test_url_parts_with_base_url_and_script_root(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/a", base_url="https://example.com:8443/root/"):
        r = impl.request
        assert r.path == "/a"
        assert r.script_root == "/root"
        assert r.url == "https://example.com:8443/root/a"
        assert r.base_url == "https://example.com:8443/root/a"
        assert r.url_root == "https://example.com:8443/root/"
        assert r.host_url == "https://example.com:8443/"
        assert r.host == "example.com:8443"
        assert r.scheme == "https"
        assert r.is_secure is True
        assert r.environ["SCRIPT_NAME"] == "/root"


def test_url_with_non_ascii_path(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/ä b/c"):
        assert impl.request.path == "/ä b/c"
        assert impl.request.url == "http://localhost/ä%20b/c"
        assert impl.request.base_url == "http://localhost/ä%20b/c"


def test_url_includes_query_string_from_dict(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/x", query_string={"q": "a b"}):
        assert impl.request.query_string == b"q=a+b"
        assert impl.request.url == "http://localhost/x?q=a+b"
        assert impl.request.full_path == "/x?q=a+b"


def test_host_header_is_used_for_host_and_url(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/x", headers={"Host": "other.example:81"}):
        assert impl.request.host == "other.example:81"
        assert impl.request.url == "http://other.example:81/x"


def test_https_url_scheme_makes_request_secure(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/x", environ_overrides={"wsgi.url_scheme": "https"}):
        assert impl.request.is_secure is True
        assert impl.request.scheme == "https"
        assert impl.request.url == "https://localhost/x"


def test_environ_is_the_wsgi_environ(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/x?a=1", method="DELETE"):
        env = impl.request.environ
        assert env["REQUEST_METHOD"] == "DELETE"
        assert env["PATH_INFO"] == "/x"
        assert env["QUERY_STRING"] == "a=1"


# --- headers, cookies, client info -------------------------------------------------


def test_headers_are_case_insensitive(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", headers={"X-Token": "abc"}):
        h = impl.request.headers
        assert h["X-Token"] == "abc"
        assert h["x-token"] == "abc"
        assert h.get("X-TOKEN") == "abc"
        assert "x-TOKEN" in h
        assert h.get("X-Missing") is None


def test_missing_header_item_raises_key_error(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/"), pytest.raises(KeyError):
        impl.request.headers["X-Missing"]


def test_headers_get_with_type(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", headers={"X-N": "5", "X-Junk": "five"}):
        assert impl.request.headers.get("X-N", type=int) == 5
        assert impl.request.headers.get("X-Junk", type=int) is None
        assert impl.request.headers.get("X-Absent", 3, type=int) == 3


def test_repeated_header_is_joined_in_environ(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", headers=[("X-Multi", "1"), ("X-Multi", "2")]):
        assert impl.request.headers["X-Multi"] == "1, 2"


def test_cookies_are_parsed(app: t.Any, impl: t.Any) -> None:
    cookie = 'a=1; b="q r"; c=%C3%A9'
    with app.test_request_context("/", headers={"Cookie": cookie}):
        c = impl.request.cookies
        assert c["a"] == "1"
        assert c["b"] == "q r"
        assert c["c"] == "%C3%A9"
        assert c.get("zzz") is None


def test_cookies_empty_without_header(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/"):
        assert dict(impl.request.cookies) == {}


def test_remote_addr_from_test_client(app: t.Any, impl: t.Any) -> None:
    @app.route("/")
    def view() -> str:
        return str(impl.request.remote_addr)

    assert app.test_client().get("/").data == b"127.0.0.1"


def test_remote_addr_from_environ_base(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "10.0.0.7"}):
        assert impl.request.remote_addr == "10.0.0.7"
        assert list(impl.request.access_route) == ["10.0.0.7"]


def test_access_route_from_x_forwarded_for(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/",
        headers={"X-Forwarded-For": "1.2.3.4, 5.6.7.8"},
        environ_base={"REMOTE_ADDR": "9.9.9.9"},
    ):
        assert list(impl.request.access_route) == ["1.2.3.4", "5.6.7.8"]
        # remote_addr is not rewritten without ProxyFix
        assert impl.request.remote_addr == "9.9.9.9"


def test_user_agent_str_is_the_header(app: t.Any, impl: t.Any) -> None:
    ua = "Mozilla/5.0 (X11; Linux x86_64) Test/1.0"
    with app.test_request_context("/", headers={"User-Agent": ua}):
        assert str(impl.request.user_agent) == ua
        assert impl.request.user_agent.string == ua


def test_user_agent_empty_without_header(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/"):
        assert str(impl.request.user_agent) == ""


# --- routing information -----------------------------------------------------------


def test_endpoint_view_args_and_url_rule(app: t.Any, impl: t.Any) -> None:
    @app.route("/w/<name>")
    def w(name: str) -> dict[str, t.Any]:
        r = impl.request
        return {
            "endpoint": r.endpoint,
            "view_args": r.view_args,
            "rule": str(r.url_rule),
            "rule_attr": r.url_rule.rule,
            "blueprint": r.blueprint,
        }

    assert app.test_client().get("/w/zz").json == {
        "endpoint": "w",
        "view_args": {"name": "zz"},
        "rule": "/w/<name>",
        "rule_attr": "/w/<name>",
        "blueprint": None,
    }


def test_url_rule_methods(app: t.Any, impl: t.Any) -> None:
    @app.route("/m", methods=["POST"])
    def m() -> str:
        return ",".join(sorted(impl.request.url_rule.methods))

    assert app.test_client().post("/m").data == b"OPTIONS,POST"


def test_routing_info_is_set_in_test_request_context(app: t.Any, impl: t.Any) -> None:
    @app.route("/n/<int:n>")
    def n(n: int) -> str:
        return ""

    with app.test_request_context("/n/4"):
        assert impl.request.endpoint == "n"
        assert impl.request.view_args == {"n": 4}


def test_routing_info_is_none_when_nothing_matched(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/nothing-here"):
        assert impl.request.endpoint is None
        assert impl.request.view_args is None
        assert impl.request.url_rule is None
        assert impl.request.blueprint is None


@pytest.mark.api("Blueprint")
def test_blueprint_name(app: t.Any, impl: t.Any) -> None:
    bp = impl.Blueprint("shop", __name__)

    @bp.route("/item/<int:n>")
    def item(n: int) -> dict[str, t.Any]:
        r = impl.request
        return {"bp": r.blueprint, "ep": r.endpoint, "va": r.view_args}

    app.register_blueprint(bp, url_prefix="/s")
    assert app.test_client().get("/s/item/3").json == {
        "bp": "shop",
        "ep": "shop.item",
        "va": {"n": 3},
    }


# --- args: MultiDict semantics --------------------------------------------------------


@pytest.mark.api("datastructures.MultiDict")
def test_args_get_returns_first_value(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=1&a=2&b=x"):
        assert impl.request.args.get("a") == "1"
        assert impl.request.args["a"] == "1"
        assert impl.request.args.get("zz") is None
        assert impl.request.args.get("zz", "dflt") == "dflt"


@pytest.mark.api("datastructures.MultiDict")
def test_args_getlist_keeps_repeated_keys_in_order(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=3&b=x&a=1&a=2"):
        assert impl.request.args.getlist("a") == ["3", "1", "2"]
        assert impl.request.args.getlist("missing") == []


@pytest.mark.api("datastructures.MultiDict")
def test_args_get_with_type(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?n=12&bad=abc"):
        args = impl.request.args
        assert args.get("n", type=int) == 12
        assert args.get("bad", type=int) is None
        assert args.get("bad", 7, type=int) == 7
        assert args.get("absent", 5, type=int) == 5
        assert args.get("n", default=0, type=int) == 12


@pytest.mark.api("datastructures.MultiDict")
def test_args_getlist_with_type_drops_bad_values(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=1&a=x&a=3"):
        assert impl.request.args.getlist("a", type=int) == [1, 3]


@pytest.mark.api("datastructures.MultiDict")
def test_args_to_dict(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=1&a=2&b=x"):
        assert impl.request.args.to_dict() == {"a": "1", "b": "x"}
        assert impl.request.args.to_dict(flat=False) == {"a": ["1", "2"], "b": ["x"]}


@pytest.mark.api("datastructures.MultiDict")
def test_args_iteration_yields_unique_keys(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=1&b=2&a=3"):
        args = impl.request.args
        assert list(args) == ["a", "b"]
        assert list(args.keys()) == ["a", "b"]
        assert len(args) == 2
        assert list(args.items()) == [("a", "1"), ("b", "2")]
        assert list(args.items(multi=True)) == [("a", "1"), ("a", "3"), ("b", "2")]
        assert list(args.values()) == ["1", "2"]
        assert list(args.lists()) == [("a", ["1", "3"]), ("b", ["2"])]


@pytest.mark.api("datastructures.MultiDict")
def test_args_keep_blank_values(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=&b"):
        assert "a" in impl.request.args
        assert impl.request.args["a"] == ""
        assert impl.request.args["b"] == ""


@pytest.mark.api("datastructures.MultiDict")
def test_args_are_immutable(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?a=1"):
        with pytest.raises(TypeError):
            impl.request.args["a"] = "2"
        copy = impl.request.args.copy()
        copy["a"] = "2"
        assert copy["a"] == "2"
        assert impl.request.args["a"] == "1"


@pytest.mark.api("datastructures.MultiDict", "exceptions.BadRequestKeyError")
def test_args_missing_key_is_a_400_key_error(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/"):
        with pytest.raises(KeyError) as info:
            impl.request.args["nope"]
        assert isinstance(info.value, impl.werkzeug.exceptions.BadRequest)
        assert info.value.code == 400


def test_args_decode_utf8_plus_and_percent_escapes(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/?y=%C3%A9+z&p=a%2Bb&s=%E2%98%83&k%C3%BC=v"):
        args = impl.request.args
        assert args["y"] == "é z"
        assert args["p"] == "a+b"
        assert args["s"] == "☃"
        assert args["kü"] == "v"


# --- form, values ------------------------------------------------------------------


def test_form_from_urlencoded_body(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", data={"a": "1", "b": "two"}):
        assert impl.request.content_type == "application/x-www-form-urlencoded"
        assert impl.request.form.to_dict() == {"a": "1", "b": "two"}


def test_form_repeated_keys(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", data={"a": ["1", "2"]}):
        assert impl.request.form.getlist("a") == ["1", "2"]
        assert impl.request.form["a"] == "1"


def test_form_decodes_utf8(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/",
        method="POST",
        data="x=%C3%A9+f&y=\u2603&z=a%2Bb",
        content_type="application/x-www-form-urlencoded",
    ):
        assert impl.request.form.to_dict() == {"x": "é f", "y": "☃", "z": "a+b"}


def test_form_is_empty_for_json_body(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", json={"a": 1}):
        assert dict(impl.request.form) == {}
        assert dict(impl.request.files) == {}


def test_files_is_empty_for_urlencoded_body(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", data={"f": "not a file"}):
        assert dict(impl.request.files) == {}
        assert impl.request.form["f"] == "not a file"


def test_values_combines_args_then_form_on_post(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="POST", data={"a": "form", "c": "3"}, query_string="a=arg&b=2"
    ):
        v = impl.request.values
        assert v["a"] == "arg"
        assert v.getlist("a") == ["arg", "form"]
        assert v["b"] == "2"
        assert v["c"] == "3"


def test_values_on_get_does_not_include_form(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="GET", data={"f": "1"}, query_string="a=2"
    ):
        assert impl.request.values.to_dict() == {"a": "2"}
        assert "f" not in impl.request.values


# --- files -------------------------------------------------------------------------


@pytest.mark.api("datastructures.FileStorage")
def test_file_upload_attributes(app: t.Any, impl: t.Any) -> None:
    data = {"f": (io.BytesIO(b"abc"), "hello world.txt")}
    with app.test_request_context("/", method="POST", data=data):
        assert impl.request.mimetype == "multipart/form-data"
        f = impl.request.files["f"]
        assert f.filename == "hello world.txt"
        assert f.name == "f"
        assert f.mimetype == "text/plain"
        assert f.content_type == "text/plain"
        assert f.read() == b"abc"


@pytest.mark.api("datastructures.FileStorage")
def test_file_upload_explicit_content_type(app: t.Any, impl: t.Any) -> None:
    data = {"f": (io.BytesIO(b"1,2"), "d.bin", "text/csv")}
    with app.test_request_context("/", method="POST", data=data):
        f = impl.request.files["f"]
        assert f.mimetype == "text/csv"
        assert f.read() == b"1,2"


@pytest.mark.api("datastructures.FileStorage")
def test_several_files_under_one_key(app: t.Any, impl: t.Any) -> None:
    data = {"f": [(io.BytesIO(b"one"), "a.txt"), (io.BytesIO(b"two"), "b.txt")]}
    with app.test_request_context("/", method="POST", data=data):
        files = impl.request.files.getlist("f")
        assert [f.filename for f in files] == ["a.txt", "b.txt"]
        assert [f.read() for f in files] == [b"one", b"two"]
        assert impl.request.files["f"].filename == "a.txt"


@pytest.mark.api("datastructures.FileStorage")
def test_file_save(app: t.Any, impl: t.Any, tmp_path: Path) -> None:
    data = {"f": (io.BytesIO(b"saved bytes"), "s.txt")}
    with app.test_request_context("/", method="POST", data=data):
        impl.request.files["f"].save(str(tmp_path / "out"))
    assert (tmp_path / "out").read_bytes() == b"saved bytes"


@pytest.mark.api("datastructures.FileStorage")
def test_file_save_to_file_object(app: t.Any, impl: t.Any) -> None:
    data = {"f": (io.BytesIO(b"into buffer"), "s.txt")}
    buf = io.BytesIO()
    with app.test_request_context("/", method="POST", data=data):
        impl.request.files["f"].save(buf)
    assert buf.getvalue() == b"into buffer"


@pytest.mark.api("datastructures.FileStorage")
def test_file_stream(app: t.Any, impl: t.Any) -> None:
    data = {"f": (io.BytesIO(b"streamed"), "s.txt")}
    with app.test_request_context("/", method="POST", data=data):
        assert impl.request.files["f"].stream.read() == b"streamed"


@pytest.mark.api("datastructures.FileStorage")
def test_multipart_form_fields_and_files_together(app: t.Any, impl: t.Any) -> None:
    data = {"name": "Zoë ☃", "f": (io.BytesIO(b"x"), "ünï.txt")}
    with app.test_request_context("/", method="POST", data=data):
        assert impl.request.form.to_dict() == {"name": "Zoë ☃"}
        assert impl.request.files["f"].filename == "ünï.txt"
        assert "f" not in impl.request.form
        assert "name" not in impl.request.files


@pytest.mark.api("datastructures.FileStorage")
def test_hand_written_multipart_body(app: t.Any, impl: t.Any) -> None:
    body = (
        b"--BB\r\n"
        b'Content-Disposition: form-data; name="a"\r\n\r\n'
        b"Zo\xc3\xab\r\n"
        b"--BB\r\n"
        b'Content-Disposition: form-data; name="f"; filename="x.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
        b"hello\r\n"
        b"--BB--\r\n"
    )
    with app.test_request_context(
        "/", method="POST", data=body, content_type="multipart/form-data; boundary=BB"
    ):
        assert impl.request.form["a"] == "Zoë"
        f = impl.request.files["f"]
        assert (f.filename, f.mimetype, f.read()) == ("x.txt", "text/plain", b"hello")


# --- JSON --------------------------------------------------------------------------


def test_json_body(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", json={"a": [1, 2], "b": None}):
        assert impl.request.is_json is True
        assert impl.request.mimetype == "application/json"
        assert impl.request.json == {"a": [1, 2], "b": None}
        assert impl.request.get_json() == {"a": [1, 2], "b": None}


def test_json_scalar_body(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="POST", data="42", content_type="application/json"
    ):
        assert impl.request.get_json() == 42


def test_get_json_is_cached(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", json={"a": 1}):
        first = impl.request.get_json()
        assert impl.request.get_json() is first
        assert impl.request.json is first


def test_json_with_charset_parameter(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/",
        method="POST",
        data='{"a": "é"}',
        content_type="application/json; charset=utf-8",
    ):
        assert impl.request.is_json is True
        assert impl.request.get_json() == {"a": "é"}


@pytest.mark.parametrize(
    "mimetype", ["application/vnd.api+json", "application/problem+json"]
)
def test_plus_json_mimetypes_count_as_json(
    app: t.Any, impl: t.Any, mimetype: str
) -> None:
    with app.test_request_context(
        "/", method="POST", data='{"a": 1}', content_type=mimetype
    ):
        assert impl.request.is_json is True
        assert impl.request.get_json() == {"a": 1}


@pytest.mark.api("exceptions.UnsupportedMediaType")
def test_get_json_with_non_json_content_type_raises_415(
    app: t.Any, impl: t.Any
) -> None:
    with app.test_request_context(
        "/", method="POST", data='{"a": 1}', content_type="text/plain"
    ):
        assert impl.request.is_json is False
        with pytest.raises(impl.werkzeug.exceptions.UnsupportedMediaType) as info:
            impl.request.get_json()
        assert info.value.code == 415
        assert info.value.description == (
            "Did not attempt to load JSON data because the request Content-Type"
            " was not 'application/json'."
        )


@pytest.mark.api("exceptions.UnsupportedMediaType")
def test_json_property_with_non_json_content_type_raises_415(
    app: t.Any, impl: t.Any
) -> None:
    with (
        app.test_request_context("/", method="POST", data="{}"),
        pytest.raises(impl.werkzeug.exceptions.UnsupportedMediaType),
    ):
        impl.request.json  # noqa: B018


def test_get_json_force_ignores_content_type(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="POST", data='{"a": 2}', content_type="text/plain"
    ):
        assert impl.request.get_json(force=True) == {"a": 2}


def test_get_json_silent_returns_none_for_wrong_content_type(
    app: t.Any, impl: t.Any
) -> None:
    with app.test_request_context(
        "/", method="POST", data='{"a": 2}', content_type="text/plain"
    ):
        assert impl.request.get_json(silent=True) is None


def test_get_json_silent_returns_none_for_malformed_json(
    app: t.Any, impl: t.Any
) -> None:
    with app.test_request_context(
        "/", method="POST", data="{bad", content_type="application/json"
    ):
        assert impl.request.get_json(silent=True) is None
        assert impl.request.get_json(force=True, silent=True) is None


@pytest.mark.api("exceptions.BadRequest")
def test_get_json_malformed_raises_400(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="POST", data="{bad", content_type="application/json"
    ):
        with pytest.raises(impl.werkzeug.exceptions.BadRequest) as info:
            impl.request.get_json()
        assert info.value.code == 400


# --- data, content type, length ------------------------------------------------------


def test_data_and_get_data(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="POST", data="héllo", content_type="text/plain; charset=utf-8"
    ):
        assert impl.request.data == b"h\xc3\xa9llo"
        assert impl.request.get_data() == b"h\xc3\xa9llo"
        assert impl.request.get_data(as_text=True) == "héllo"


def test_get_data_with_binary_body(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/",
        method="POST",
        data=b"\x00\x01\xff",
        content_type="application/octet-stream",
    ):
        assert impl.request.get_data() == b"\x00\x01\xff"
        assert impl.request.content_length == 3


def test_data_is_empty_after_form_parsing(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", data={"a": "1"}):
        assert impl.request.form["a"] == "1"
        assert impl.request.data == b""


def test_get_data_before_form_still_parses_form(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/", method="POST", data={"a": "1"}):
        assert impl.request.get_data() == b"a=1"
        assert impl.request.form["a"] == "1"


def test_content_type_mimetype_and_params(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/",
        method="POST",
        data=b"abc",
        content_type="text/plain; charset=latin-1; format=flowed",
    ):
        r = impl.request
        assert r.content_type == "text/plain; charset=latin-1; format=flowed"
        assert r.mimetype == "text/plain"
        assert r.mimetype_params == {"charset": "latin-1", "format": "flowed"}
        assert r.content_length == 3
        assert r.is_json is False


def test_content_headers_absent_on_bodyless_get(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context("/"):
        r = impl.request
        assert r.content_type is None
        assert r.mimetype == ""
        assert r.mimetype_params == {}
        assert r.content_length is None
        assert r.get_data() == b""


def test_mimetype_is_lower_cased(app: t.Any, impl: t.Any) -> None:
    with app.test_request_context(
        "/", method="POST", data="{}", content_type="Application/JSON"
    ):
        assert impl.request.mimetype == "application/json"
        assert impl.request.is_json is True


# --- MAX_CONTENT_LENGTH --------------------------------------------------------------


@pytest.mark.api("exceptions.RequestEntityTooLarge")
def test_max_content_length_applies_to_get_data(app: t.Any, impl: t.Any) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10
    with app.test_request_context("/", method="POST", data="y" * 11):
        with pytest.raises(impl.werkzeug.exceptions.RequestEntityTooLarge) as info:
            impl.request.get_data()
        assert info.value.code == 413


def test_max_content_length_exact_size_is_allowed(app: t.Any, impl: t.Any) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10
    with app.test_request_context("/", method="POST", data="y" * 10):
        assert impl.request.get_data() == b"y" * 10
