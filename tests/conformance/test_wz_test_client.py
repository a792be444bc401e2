"""``werkzeug.test``: Werkzeug's test ``Client`` on a plain WSGI app,
``create_environ``, ``run_wsgi_app`` and ``TestResponse``; Flask's client is a
subclass of it."""

from __future__ import annotations

import io
import sys
import typing as t

import pytest

api = pytest.mark.api


def _wsgi_app(impl: t.Any) -> t.Any:
    """A plain WSGI app made of Werkzeug's request and response objects."""
    wrappers = impl.werkzeug.wrappers

    def app(environ: t.Any, start_response: t.Any) -> t.Any:
        request = wrappers.Request(environ)
        if request.path == "/login":
            response = wrappers.Response("in")
            response.set_cookie("sid", "abc", path="/")
            response.set_cookie("other", "x", path="/deep")
        elif request.path == "/logout":
            response = wrappers.Response("out")
            response.delete_cookie("sid")
        elif request.path == "/go":
            response = impl.werkzeug.utils.redirect("/echo?from=go", 302)
        elif request.path == "/loop":
            response = impl.werkzeug.utils.redirect("/loop", 307)
        else:
            cookies = ",".join(f"{k}={v}" for k, v in sorted(request.cookies.items()))
            body = (
                f"{request.method} {request.full_path} {cookies} {request.get_data()!r}"
            )
            response = wrappers.Response(body)
        return response(environ, start_response)

    return app


@api("werkzeug.test.Client", "werkzeug.test.TestResponse")
def test_client_on_plain_wsgi_app(impl: t.Any) -> None:
    test = impl.werkzeug.test
    client = test.Client(_wsgi_app(impl))
    rv = client.post("/echo", query_string={"a": "1"}, data=b"body")
    assert isinstance(rv, test.TestResponse)
    assert rv.text == "POST /echo?a=1  b'body'"
    assert rv.request.path == "/echo" and rv.history == ()
    assert repr(client).startswith("<Client <function")


@api("werkzeug.test.Client", "werkzeug.test.Cookie")
def test_client_cookies(impl: t.Any) -> None:
    client = impl.werkzeug.test.Client(_wsgi_app(impl))
    client.get("/login")
    cookie = client.get_cookie("sid")
    assert isinstance(cookie, impl.werkzeug.test.Cookie)
    assert (cookie.key, cookie.value, cookie.domain, cookie.path) == (
        "sid",
        "abc",
        "localhost",
        "/",
    )
    assert client.get("/echo").text.split()[2] == "sid=abc"
    assert client.get("/deep/x").text.split()[2] == "other=x,sid=abc"
    client.set_cookie("extra", "1")
    assert client.get("/echo").text.split()[2] == "extra=1,sid=abc"
    client.delete_cookie("extra")
    client.get("/logout")
    assert client.get_cookie("sid") is None
    no_jar = impl.werkzeug.test.Client(_wsgi_app(impl), use_cookies=False)
    with pytest.raises(TypeError, match="Cookies are disabled"):
        no_jar.get_cookie("sid")


@api("werkzeug.test.Client", "werkzeug.test.ClientRedirectError")
def test_client_redirects(impl: t.Any) -> None:
    test = impl.werkzeug.test
    client = test.Client(_wsgi_app(impl))
    rv = client.post("/go", data=b"x", follow_redirects=True)
    assert rv.text == "GET /echo?from=go  b''"
    assert [r.status_code for r in rv.history] == [302]
    assert client.get("/go").status_code == 302
    with pytest.raises(test.ClientRedirectError, match="Loop detected"):
        client.get("/loop", follow_redirects=True)


@api("werkzeug.test.Client")
def test_client_response_wrapper(impl: t.Any) -> None:
    wrappers = impl.werkzeug.wrappers

    class MyResponse(wrappers.Response):
        marker = "mine"

    client = impl.werkzeug.test.Client(_wsgi_app(impl), MyResponse)
    rv = client.get("/echo")
    assert isinstance(rv, MyResponse) and rv.marker == "mine"
    assert isinstance(rv, impl.werkzeug.test.TestResponse)


@api("werkzeug.test.create_environ", "werkzeug.test.EnvironBuilder")
def test_create_environ(impl: t.Any) -> None:
    env = impl.werkzeug.test.create_environ(
        "/p?q=1", "https://example.org:8443/app/", method="PUT", data="x"
    )
    assert (env["REQUEST_METHOD"], env["SCRIPT_NAME"], env["PATH_INFO"]) == (
        "PUT",
        "/app",
        "/p",
    )
    assert (env["QUERY_STRING"], env["wsgi.url_scheme"], env["HTTP_HOST"]) == (
        "q=1",
        "https",
        "example.org:8443",
    )
    assert env["wsgi.input"].read() == b"x" and env["CONTENT_LENGTH"] == "1"


@api("werkzeug.test.run_wsgi_app")
def test_run_wsgi_app(impl: t.Any) -> None:
    test = impl.werkzeug.test
    env = test.create_environ("/echo")
    app_iter, status, headers = test.run_wsgi_app(_wsgi_app(impl), env, buffered=True)
    assert status == "200 OK"
    assert isinstance(headers, impl.werkzeug.datastructures.Headers)
    assert b"".join(app_iter) == b"GET /echo?  b''"


@api("werkzeug.test.Client", "testing.FlaskClient")
def test_flask_client_is_a_werkzeug_client(impl: t.Any, app: t.Any) -> None:
    client = app.test_client()
    assert isinstance(client, impl.werkzeug.test.Client)
    assert issubclass(impl.testing.FlaskClient, impl.werkzeug.test.Client)
    rv = client.get("/missing")
    assert isinstance(rv, impl.werkzeug.test.TestResponse)
    assert isinstance(rv, app.response_class)


@api(
    "werkzeug.Client",
    "werkzeug.run_simple",
    "werkzeug.Request",
    "werkzeug.Response",
    "werkzeug.wrappers.Request",
    "werkzeug.wrappers.Response",
    "werkzeug.wrappers.ResponseStream",
)
def test_package_names(impl: t.Any) -> None:
    package = impl.werkzeug.serving.__name__.rpartition(".")[0]
    module = sys.modules[package]
    assert module.Client is impl.werkzeug.test.Client
    assert module.run_simple is impl.werkzeug.serving.run_simple
    assert module.Request is impl.werkzeug.wrappers.Request
    assert module.Response is impl.werkzeug.wrappers.Response
    assert not hasattr(module, "__version__")  # removed in Werkzeug 3.0
    response = impl.werkzeug.wrappers.Response()
    stream = response.stream
    assert isinstance(stream, impl.werkzeug.wrappers.ResponseStream)
    stream.write(b"written")
    assert response.get_data() == b"written"


@api("werkzeug.test.encode_multipart", "werkzeug.test.stream_encode_multipart")
def test_encode_multipart(impl: t.Any) -> None:
    test = impl.werkzeug.test
    upload = impl.werkzeug.datastructures.FileStorage(
        io.BytesIO(b"data"), "a.txt", content_type="text/plain"
    )
    boundary, body = test.encode_multipart({"a": "1", "f": upload}, "B")
    assert boundary == "B"
    assert body == (
        b'\r\n--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'
        b'\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="a.txt"'
        b"\r\nContent-Type: text/plain\r\n\r\ndata\r\n--B--\r\n"
    )
    stream, length, boundary = test.stream_encode_multipart({"x": "y"})
    data = stream.read()
    assert len(data) == length and boundary.encode() in data
