"""One request, one body: whichever of ``bottle.request`` and
``flaskcompat.request`` reads first, both see the same bytes; limits bind
both; nothing of a finished request stays reachable."""

from __future__ import annotations

import gc
import io
import json
import typing as t
import weakref

import bottle
import pytest
from wsgi_support import call_wsgi, wsgi_environ

from flaskcompat import Flask, request


class Environ(dict):  # type: ignore[type-arg]
    """A dict that can be weakly referenced."""


def call(app: t.Any, environ: dict[str, t.Any]) -> tuple[str, bytes]:
    rv = call_wsgi(app, environ)
    return rv.status, rv.body


def chunked(data: bytes, size: int = 4) -> bytes:
    out = b""
    for i in range(0, len(data), size):
        part = data[i : i + size]
        out += b"%x\r\n%s\r\n" % (len(part), part)
    return out + b"0\r\n\r\n"


@pytest.fixture
def app() -> Flask:
    legacy = bottle.Bottle()
    app = Flask(__name__, bottle=legacy)

    @legacy.post("/bottle-first")
    def bottle_first() -> str:
        first = bottle.request.body.read()
        return json.dumps([first.decode(), request.get_data(as_text=True)])

    @app.post("/flask-first")
    def flask_first() -> t.Any:
        first = request.get_data(as_text=True)
        return [first, bottle.request.body.read().decode()]

    @legacy.post("/bottle-forms")
    def bottle_forms() -> str:
        a = bottle.request.forms.get("a")
        return json.dumps([a, request.form.get("a")])

    @app.post("/flask-forms")
    def flask_forms() -> t.Any:
        return [request.form.get("a"), bottle.request.forms.get("a")]

    @legacy.post("/bottle-json")
    def bottle_json() -> str:
        return json.dumps([bottle.request.json, request.get_json()])

    @app.post("/flask-files")
    def flask_files() -> t.Any:
        f = request.files["f"]
        upload = bottle.request.files.get("f")
        return [f.read().decode(), upload.file.read().decode(), upload.filename]

    return app


BODY = b"hello world"


@pytest.mark.parametrize("path", ["/bottle-first", "/flask-first"])
@pytest.mark.parametrize(
    "framing", ["length", "chunked-terminated", "chunked-raw", "terminated-no-length"]
)
def test_both_sides_see_the_same_body(app: Flask, path: str, framing: str) -> None:
    extra: dict[str, t.Any] = {}
    body = BODY
    if framing == "chunked-terminated":  # the server decoded the chunks
        extra = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}
    elif framing == "chunked-raw":  # the chunked framing is still there
        extra = {"HTTP_TRANSFER_ENCODING": "chunked"}
        body = chunked(BODY)
    elif framing == "terminated-no-length":
        extra = {"wsgi.input_terminated": True}
    environ = wsgi_environ(path, method="POST", **extra)
    environ["wsgi.input"] = io.BytesIO(body)
    if framing == "length":
        environ["CONTENT_LENGTH"] = str(len(body))
    status, data = call(app, environ)
    assert status == "200 OK"
    assert json.loads(data) == ["hello world", "hello world"]


def test_forms_json_and_files_are_shared(app: Flask) -> None:
    client = app.test_client()
    for path in ("/bottle-forms", "/flask-forms"):
        assert json.loads(client.post(path, data={"a": "1"}).data) == ["1", "1"]
    rv = client.post("/bottle-json", json={"k": [1, 2]})
    assert json.loads(rv.data) == [{"k": [1, 2]}, {"k": [1, 2]}]
    rv = client.post("/flask-files", data={"f": (io.BytesIO(b"data"), "f.txt")})
    assert rv.json == ["data", "data", "f.txt"]


@pytest.mark.parametrize("path", ["/bottle-forms", "/flask-forms"])
def test_chunked_form_read_by_bottle_first_under_a_server(
    app: Flask, path: str
) -> None:
    # gunicorn and waitress decode the chunks and set wsgi.input_terminated.
    environ = wsgi_environ(
        path,
        method="POST",
        content_type="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )
    environ["wsgi.input"] = io.BytesIO(b"a=xyz")
    status, data = call(app, environ)
    assert status == "200 OK"
    assert json.loads(data) == ["xyz", "xyz"]


@pytest.mark.parametrize("path", ["/bottle-first", "/flask-first"])
def test_malformed_chunked_body_is_400_on_both_sides(app: Flask, path: str) -> None:
    environ = wsgi_environ(path, method="POST", HTTP_TRANSFER_ENCODING="chunked")
    environ["wsgi.input"] = io.BytesIO(b"zz\r\nhello\r\n")
    assert call(app, environ)[0] == "400 BAD REQUEST"


@pytest.mark.parametrize("path", ["/bottle-first", "/flask-first"])
def test_short_body_is_400_not_empty(app: Flask, path: str) -> None:
    environ = wsgi_environ(path, method="POST", body=b"abc")
    environ["CONTENT_LENGTH"] = "10"
    assert call(app, environ)[0] == "400 BAD REQUEST"


@pytest.mark.parametrize("path", ["/bottle-first", "/bottle-forms", "/flask-first"])
def test_max_content_length_binds_both(app: Flask, path: str) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 100
    client = app.test_client()
    rv = client.post(path, data=b"x" * 5000, content_type="application/octet-stream")
    assert rv.status_code == 413
    # Without a length, the body is cut at the limit: Bottle gets a 413.
    environ = wsgi_environ(
        "/bottle-first",
        method="POST",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )
    environ["wsgi.input"] = io.BytesIO(b"y" * 5000)
    assert call(app, environ)[0].startswith("413")


def test_no_environ_is_retained_after_a_request(app: Flask) -> None:
    seen: list[str] = []

    @app.route("/auth")
    def auth() -> str:
        seen.append(bottle.request.get_header("Authorization"))
        return "ok"

    environ = Environ(wsgi_environ("/auth", HTTP_AUTHORIZATION="Bearer secret-token"))
    ref = weakref.ref(environ)
    assert call(app, environ) == ("200 OK", b"ok")
    assert seen == ["Bearer secret-token"]
    del environ
    gc.collect()
    assert ref() is None
    with pytest.raises(RuntimeError):
        bottle.request.get_header("Authorization")
    with pytest.raises(RuntimeError):
        bottle.response.status_code  # noqa: B018


def test_no_environ_is_retained_after_a_bottle_route(app: Flask) -> None:
    environ = Environ(wsgi_environ("/bottle-first", method="POST", body=b"x"))
    ref = weakref.ref(environ)
    assert call(app, environ)[0] == "200 OK"
    del environ
    gc.collect()
    assert ref() is None
    with pytest.raises(RuntimeError):
        bottle.request.environ  # noqa: B018


def test_nested_request_restores_the_outer_binding() -> None:
    inner = Flask("inner")

    @inner.route("/in")
    def inside() -> str:
        return bottle.request.path

    outer = bottle.Bottle()
    outer.config["catchall"] = False
    outer.mount("/mnt/", inner)
    seen: list[str] = []

    @outer.hook("after_request")
    def after() -> None:
        seen.append(bottle.request.environ["PATH_INFO"])

    status, data = call(outer, wsgi_environ("/mnt/in"))
    assert (status, data) == ("200 OK", b"/in")
    assert seen == ["/mnt/in"]


def test_app_run_default_server_keeps_chunked_bodies() -> None:
    from flaskcompat.werkzeug._shared_input import DechunkedInput

    raw = io.BytesIO(chunked(b"0123456789abcdef", 5) + b"GET / HTTP/1.1\r\n")
    reader = io.BufferedReader(DechunkedInput(raw))
    assert reader.read() == b"0123456789abcdef"
    # The rest of the connection is left unread.
    assert raw.read() == b"GET / HTTP/1.1\r\n"


def test_no_environ_retained_by_server_threads(app: Flask) -> None:
    """8 requests through 4 threads (as a threaded server runs them): every
    environ is freed, and no thread's bottle.request shows the last user's
    token afterwards."""
    import threading

    refs: list[weakref.ref[Environ]] = []
    after: list[str] = []
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        for i in range(2):
            environ = Environ(
                wsgi_environ(
                    "/flask-first",
                    method="POST",
                    body=b"x",
                    HTTP_AUTHORIZATION=f"Bearer user-{n}-{i}",
                )
            )
            refs.append(weakref.ref(environ))
            assert call(app, environ)[0] == "200 OK"
            del environ
        barrier.wait(timeout=10)
        try:
            after.append(str(bottle.request.get_header("Authorization")))
        except RuntimeError:
            after.append("unbound")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    gc.collect()
    assert len(refs) == 8
    assert [ref() for ref in refs] == [None] * 8
    assert after == ["unbound"] * 4
