"""Conformance: ``send_file``, ``send_from_directory`` and the static route.

Paths and file objects, MIME types, ``Content-Disposition`` names, ``ETag`` and
``Last-Modified``, ``Cache-Control``/``max_age``, conditional requests (304/412),
ranges (206/416), ``USE_X_SENDFILE`` and closing the file, as Flask 3.1 on
Werkzeug 3.1 does them.
"""

from __future__ import annotations

import email.utils
import io
import os
import typing as t
import wsgiref.util
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zlib import adler32

import pytest

CONTENT = b"hello world 0123456789"
SIZE = len(CONTENT)

send_file = pytest.mark.api("send_file")
send_from_directory = pytest.mark.api("send_from_directory")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The app's root path: ``a.txt``, a few typed files, ``static/`` and
    ``uploads/``.
    """
    (tmp_path / "a.txt").write_bytes(CONTENT)
    (tmp_path / "empty.txt").write_bytes(b"")
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "style.css").write_bytes(b"body { color: red }")
    (static / "css" / "nested.css").write_bytes(b"p {}")
    uploads = tmp_path / "uploads"
    (uploads / "sub").mkdir(parents=True)
    (uploads / "report.txt").write_bytes(CONTENT)
    (uploads / "sub" / "deep.txt").write_bytes(b"deep")
    return tmp_path


@pytest.fixture
def app(impl: t.Any, root: Path) -> t.Any:
    app = impl.Flask("send_file_app", root_path=str(root))
    app.config.update(TESTING=True)
    return app


class _Client:
    """A test client whose responses are read in full and closed
    (``buffered=True``), so that no sent file is left open.
    """

    def __init__(self, client: t.Any) -> None:
        self._client = client

    def get(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self._client.get(*args, buffered=True, **kwargs)

    def head(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self._client.head(*args, buffered=True, **kwargs)

    def post(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return self._client.post(*args, buffered=True, **kwargs)


def _client(app: t.Any) -> _Client:
    return _Client(app.test_client())


def _etag(path: str) -> str:
    """The ETag Werkzeug computes for ``path``: mtime, size, adler32 of the path."""
    st = os.stat(path)
    check = adler32(path.encode()) & 0xFFFFFFFF
    return f'"{st.st_mtime}-{st.st_size}-{check}"'


def _file_route(impl: t.Any, app: t.Any, **kwargs: t.Any) -> t.Any:
    """``/f`` sends ``a.txt`` with ``kwargs``; returns a test client."""

    @app.route("/f", methods=["GET", "HEAD", "POST"])
    def f() -> t.Any:
        return impl.send_file("a.txt", **kwargs)

    return _client(app)


# -- paths -------------------------------------------------------------------


@send_file
def test_path_relative_to_root_path(impl: t.Any, app: t.Any, root: Path) -> None:
    rv = _file_route(impl, app).get("/f")
    path = os.path.join(str(root), "a.txt")
    assert rv.status_code == 200
    assert rv.data == CONTENT
    assert rv.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert rv.headers["Content-Length"] == str(SIZE)
    assert rv.headers["Content-Disposition"] == "inline; filename=a.txt"
    assert rv.headers["Cache-Control"] == "no-cache"
    assert "Expires" not in rv.headers
    assert rv.headers["Accept-Ranges"] == "bytes"
    assert rv.headers["ETag"] == _etag(path)
    mtime = os.stat(path).st_mtime
    assert rv.headers["Last-Modified"] == email.utils.formatdate(mtime, usegmt=True)
    assert "Date" in rv.headers
    assert [k for k, _ in rv.headers] == [
        "Content-Disposition",
        "Content-Type",
        "Content-Length",
        "Last-Modified",
        "Cache-Control",
        "ETag",
        "Date",
        "Accept-Ranges",
    ]


@send_file
def test_absolute_path_and_pathlike(impl: t.Any, app: t.Any, root: Path) -> None:
    @app.route("/abs")
    def absolute() -> t.Any:
        return impl.send_file(str(root / "a.txt"))

    @app.route("/pathlib")
    def pathlike() -> t.Any:
        return impl.send_file(root / "a.txt")

    client = _client(app)
    for url in ("/abs", "/pathlib"):
        rv = client.get(url)
        assert rv.status_code == 200
        assert rv.data == CONTENT
        assert rv.headers["ETag"] == _etag(str(root / "a.txt"))


@send_file
def test_missing_path_raises(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context(), pytest.raises(FileNotFoundError):
        impl.send_file("does-not-exist.txt")


@send_file
def test_head_request(impl: t.Any, app: t.Any) -> None:
    rv = _file_route(impl, app).head("/f")
    assert rv.status_code == 200
    assert rv.data == b""
    assert rv.headers["Content-Length"] == str(SIZE)


@send_file
def test_outside_request_context(impl: t.Any, app: t.Any) -> None:
    with pytest.raises(RuntimeError):
        impl.send_file("a.txt")


@send_file
def test_response_object(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        rv = impl.send_file(io.BytesIO(b"xyz"), mimetype="text/plain")
        assert isinstance(rv, app.response_class)
        assert rv.direct_passthrough is True
        assert rv.status_code == 200
        assert rv.mimetype == "text/plain"
        rv.direct_passthrough = False
        assert rv.data == b"xyz"
        rv.close()


# -- MIME types and names ------------------------------------------------------


@send_file
@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("page.html", "text/html; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("image.png", "image/png"),
        ("photo.jpg", "image/jpeg"),
        ("data.json", "application/json"),
        ("doc.pdf", "application/pdf"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("blob.unknownext", "application/octet-stream"),
        ("noextension", "application/octet-stream"),
    ],
)
def test_mimetype_guessed_from_name(
    impl: t.Any, app: t.Any, root: Path, name: str, content_type: str
) -> None:
    (root / name).write_bytes(b"data")

    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file(name)

    rv = _client(app).get("/f")
    assert rv.headers["Content-Type"] == content_type
    assert rv.data == b"data"


@send_file
def test_explicit_mimetype(impl: t.Any, app: t.Any) -> None:
    rv = _file_route(impl, app, mimetype="application/x-custom").get("/f")
    assert rv.headers["Content-Type"] == "application/x-custom"


@send_file
def test_encoding_guessed_inline_only(impl: t.Any, app: t.Any) -> None:
    @app.route("/<int:attach>")
    def f(attach: int) -> t.Any:
        return impl.send_file(
            io.BytesIO(b"gz"), download_name="a.tar.gz", as_attachment=bool(attach)
        )

    client = _client(app)
    inline = client.get("/0")
    assert inline.headers["Content-Type"] == "application/x-tar"
    assert inline.headers["Content-Encoding"] == "gzip"
    assert [k for k, _ in inline.headers][:2] == [
        "Content-Encoding",
        "Content-Disposition",
    ]
    attached = client.get("/1")
    assert attached.headers["Content-Type"] == "application/x-tar"
    assert "Content-Encoding" not in attached.headers


@send_file
@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("index.html", "filename=index.html"),
        ("with space.txt", 'filename="with space.txt"'),
        ('quo"te.txt', 'filename="quo\\"te.txt"'),
        ("Vögel.txt", "filename=Vogel.txt; filename*=UTF-8''V%C3%B6gel.txt"),
        (
            "Ñandú／pingüino.txt",
            'filename="Nandu/pinguino.txt"; '
            "filename*=UTF-8''%C3%91and%C3%BA%EF%BC%8Fping%C3%BCino.txt",
        ),
        (
            "日本語.txt",
            "filename=.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.txt",
        ),
        ("€ rate.txt", "filename=\" rate.txt\"; filename*=UTF-8''%E2%82%AC%20rate.txt"),
    ],
)
@pytest.mark.parametrize("as_attachment", [True, False])
def test_download_name(
    impl: t.Any, app: t.Any, name: str, disposition: str, as_attachment: bool
) -> None:
    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file(
            io.BytesIO(b"x"),
            mimetype="text/plain",
            download_name=name,
            as_attachment=as_attachment,
        )

    rv = _client(app).get("/f")
    kind = "attachment" if as_attachment else "inline"
    assert rv.headers["Content-Disposition"] == f"{kind}; {disposition}"


@send_file
def test_download_name_overrides_path_name(impl: t.Any, app: t.Any) -> None:
    rv = _file_route(impl, app, download_name="report.csv", as_attachment=True).get(
        "/f"
    )
    assert rv.headers["Content-Disposition"] == "attachment; filename=report.csv"
    assert rv.headers["Content-Type"] == "text/csv; charset=utf-8"


# -- file objects --------------------------------------------------------------


@send_file
def test_bytesio(impl: t.Any, app: t.Any) -> None:
    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file(io.BytesIO(CONTENT), download_name="data.bin")

    rv = _client(app).get("/f")
    assert rv.status_code == 200
    assert rv.data == CONTENT
    assert rv.headers["Content-Type"] == "application/octet-stream"
    assert rv.headers["Content-Length"] == str(SIZE)
    assert rv.headers["Content-Disposition"] == "inline; filename=data.bin"
    assert "ETag" not in rv.headers
    assert "Last-Modified" not in rv.headers


@send_file
def test_bytesio_mimetype_only_has_no_disposition(impl: t.Any, app: t.Any) -> None:
    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file(io.BytesIO(b"{}"), mimetype="application/json")

    rv = _client(app).get("/f")
    assert rv.headers["Content-Type"] == "application/json"
    assert "Content-Disposition" not in rv.headers


@send_file
def test_file_object_without_name_or_mimetype(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        with pytest.raises(TypeError, match="Unable to detect the MIME type"):
            impl.send_file(io.BytesIO(b"x"))
        with pytest.raises(TypeError, match="No name provided for attachment"):
            impl.send_file(io.BytesIO(b"x"), mimetype="text/plain", as_attachment=True)


@send_file
def test_text_mode_files_raise(impl: t.Any, app: t.Any, root: Path) -> None:
    with app.test_request_context():
        with pytest.raises(ValueError, match="binary mode"):
            impl.send_file(io.StringIO("text"), mimetype="text/plain")
        with open(root / "a.txt") as f, pytest.raises(ValueError, match="binary"):
            impl.send_file(f, mimetype="text/plain")


@send_file
def test_open_binary_file_is_streamed_and_closed(
    impl: t.Any, app: t.Any, root: Path
) -> None:
    opened: list[t.IO[bytes]] = []

    @app.route("/f")
    def f() -> t.Any:
        opened.append(open(root / "a.txt", "rb"))  # noqa: SIM115
        return impl.send_file(opened[-1], mimetype="text/plain")

    rv = app.test_client().get("/f")
    assert rv.status_code == 200
    assert "Content-Length" not in rv.headers
    assert "ETag" not in rv.headers
    assert rv.headers["Accept-Ranges"] == "bytes"
    assert rv.data == CONTENT
    assert not opened[-1].closed
    rv.close()
    assert opened[-1].closed


@send_file
def test_path_file_closed_when_response_closes(impl: t.Any, app: t.Any) -> None:
    with app.test_request_context():
        rv = impl.send_file("a.txt")
        file = rv.response.file
        assert not file.closed
        rv.close()
        assert file.closed


@send_file
def test_server_file_wrapper_is_used(impl: t.Any, app: t.Any) -> None:
    wrapped: list[t.Any] = []

    class Wrapper(wsgiref.util.FileWrapper):
        def __init__(self, filelike: t.Any, blksize: int = 8192) -> None:
            wrapped.append(blksize)
            super().__init__(filelike, blksize)

    client = _file_route(impl, app)
    rv = client.get("/f", environ_overrides={"wsgi.file_wrapper": Wrapper})
    assert rv.data == CONTENT
    assert wrapped == [8192]
    # A file wrapper that cannot seek still serves ranges.
    rv = client.get(
        "/f",
        headers={"Range": "bytes=6-10"},
        environ_overrides={"wsgi.file_wrapper": Wrapper},
    )
    assert rv.status_code == 206
    assert rv.data == b"world"


# -- ETag, Last-Modified, caching ----------------------------------------------


@send_file
def test_etag_options(impl: t.Any, app: t.Any) -> None:
    @app.route("/<kind>")
    def f(kind: str) -> t.Any:
        etag: bool | str = {"off": False, "custom": "my-tag"}[kind]
        return impl.send_file("a.txt", etag=etag)

    client = _client(app)
    assert "ETag" not in client.get("/off").headers
    assert client.get("/custom").headers["ETag"] == '"my-tag"'
    assert (
        client.get("/custom", headers={"If-None-Match": '"my-tag"'}).status_code == 304
    )


@send_file
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            "Thu, 02 Jan 2020 03:04:05 GMT",
        ),
        (datetime(2020, 1, 2, 3, 4, 5), "Thu, 02 Jan 2020 03:04:05 GMT"),
        (1577934245, "Thu, 02 Jan 2020 03:04:05 GMT"),
        (1577934245.5, "Thu, 02 Jan 2020 03:04:05 GMT"),
    ],
)
def test_last_modified_argument(
    impl: t.Any, app: t.Any, value: t.Any, expected: str
) -> None:
    rv = _file_route(impl, app, last_modified=value).get("/f")
    assert rv.headers["Last-Modified"] == expected


@send_file
@pytest.mark.parametrize(
    ("max_age", "cache_control", "expires"),
    [
        (None, "no-cache", False),
        (60, "public, max-age=60", True),
        (0, "no-cache, max-age=0", True),
    ],
)
def test_max_age_argument(
    impl: t.Any,
    app: t.Any,
    max_age: int | None,
    cache_control: str,
    expires: bool,
) -> None:
    rv = _file_route(impl, app, max_age=max_age).get("/f")
    assert rv.headers["Cache-Control"] == cache_control
    assert ("Expires" in rv.headers) is expires
    if max_age:
        sent = email.utils.parsedate_to_datetime(rv.headers["Expires"])
        delta = sent - datetime.now(timezone.utc)
        assert timedelta(seconds=max_age - 5) < delta <= timedelta(seconds=max_age)


@send_file
def test_max_age_callable(impl: t.Any, app: t.Any, root: Path) -> None:
    seen: list[str | None] = []

    def max_age(path: str | None) -> int:
        seen.append(path)
        return 30

    rv = _file_route(impl, app, max_age=max_age).get("/f")
    assert rv.headers["Cache-Control"] == "public, max-age=30"
    assert seen == [os.path.join(str(root), "a.txt")]


@send_file
@pytest.mark.parametrize(
    ("config", "cache_control"),
    [(3600, "public, max-age=3600"), (timedelta(hours=2), "public, max-age=7200")],
)
def test_send_file_max_age_default(
    impl: t.Any, app: t.Any, config: t.Any, cache_control: str
) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = config
    client = _file_route(impl, app)
    assert client.get("/f").headers["Cache-Control"] == cache_control


@send_file
def test_get_send_file_max_age_override(impl: t.Any, root: Path) -> None:
    seen: list[str | None] = []

    class App(impl.Flask):  # type: ignore[name-defined, misc]
        def get_send_file_max_age(self, filename: str | None) -> int | None:
            seen.append(filename)
            return 10

    app = App("send_file_app", root_path=str(root))

    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file("a.txt")

    rv = _client(app).get("/f")
    assert rv.headers["Cache-Control"] == "public, max-age=10"
    assert seen == [os.path.join(str(root), "a.txt")]


# -- conditional requests ------------------------------------------------------


@send_file
def test_if_none_match(impl: t.Any, app: t.Any, root: Path) -> None:
    client = _file_route(impl, app)
    etag = _etag(os.path.join(str(root), "a.txt"))
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        rv = client.get("/f", headers={"If-None-Match": header})
        assert rv.status_code == 304, header
        assert rv.data == b""
        assert rv.headers["ETag"] == etag
        for name in ("Content-Type", "Content-Length", "Last-Modified"):
            assert name not in rv.headers
        assert rv.headers["Cache-Control"] == "no-cache"
    assert client.get("/f", headers={"If-None-Match": '"other"'}).status_code == 200


@send_file
def test_if_modified_since(impl: t.Any, app: t.Any) -> None:
    client = _file_route(impl, app)
    last_modified = client.get("/f").headers["Last-Modified"]
    rv = client.get("/f", headers={"If-Modified-Since": last_modified})
    assert rv.status_code == 304
    assert rv.data == b""
    past = "Thu, 01 Jan 2015 00:00:00 GMT"
    rv = client.get("/f", headers={"If-Modified-Since": past})
    assert rv.status_code == 200
    assert rv.data == CONTENT
    rv = client.get("/f", headers={"If-Modified-Since": "not a date"})
    assert rv.status_code == 200


@send_file
def test_if_match(impl: t.Any, app: t.Any, root: Path) -> None:
    client = _file_route(impl, app)
    etag = _etag(os.path.join(str(root), "a.txt"))
    assert client.get("/f", headers={"If-Match": etag}).status_code == 200
    assert client.get("/f", headers={"If-Match": '"other"'}).status_code == 412


@send_file
def test_conditional_only_for_get_and_head(impl: t.Any, app: t.Any) -> None:
    client = _file_route(impl, app)
    rv = client.post("/f", headers={"If-None-Match": "*", "Range": "bytes=0-1"})
    assert rv.status_code == 200
    assert rv.data == CONTENT
    assert "Accept-Ranges" not in rv.headers
    assert "Date" not in rv.headers
    assert client.head("/f", headers={"If-None-Match": "*"}).status_code == 304


@send_file
def test_conditional_false(impl: t.Any, app: t.Any) -> None:
    client = _file_route(impl, app, conditional=False)
    rv = client.get("/f", headers={"If-None-Match": "*", "Range": "bytes=0-1"})
    assert rv.status_code == 200
    assert rv.data == CONTENT
    assert "Accept-Ranges" not in rv.headers


# -- ranges --------------------------------------------------------------------


@send_file
@pytest.mark.parametrize(
    ("header", "content_range", "body"),
    [
        ("bytes=0-4", "bytes 0-4/22", b"hello"),
        ("bytes=6-10", "bytes 6-10/22", b"world"),
        ("bytes=12-", "bytes 12-21/22", b"0123456789"),
        ("bytes=-3", "bytes 19-21/22", b"789"),
        ("bytes=0-1000", "bytes 0-21/22", CONTENT),
        ("bytes=21-21", "bytes 21-21/22", b"9"),
        ("BYTES = 0-0", "bytes 0-0/22", b"h"),
    ],
)
def test_range(
    impl: t.Any, app: t.Any, header: str, content_range: str, body: bytes
) -> None:
    rv = _file_route(impl, app).get("/f", headers={"Range": header})
    assert rv.status_code == 206
    assert rv.headers["Content-Range"] == content_range
    assert rv.headers["Content-Length"] == str(len(body))
    assert rv.headers["Accept-Ranges"] == "bytes"
    assert rv.data == body


@send_file
def test_range_on_bytesio(impl: t.Any, app: t.Any) -> None:
    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file(io.BytesIO(CONTENT), mimetype="text/plain")

    rv = _client(app).get("/f", headers={"Range": "bytes=6-"})
    assert rv.status_code == 206
    assert rv.headers["Content-Range"] == "bytes 6-21/22"
    assert rv.data == CONTENT[6:]


@send_file
@pytest.mark.parametrize(
    "header",
    [
        "bytes=22-",
        "bytes=-1000",
        "bytes=100-200",
        "bytes=0-1,3-4",
        "bytes=0-1, 5-",
        "bytes=5-2",
        "bytes=abc",
        "bytes=",
        "bytes=-",
        "bytes=+1-2",
        "items=0-1",
        "garbage",
    ],
)
def test_unsatisfiable_range(impl: t.Any, app: t.Any, header: str) -> None:
    rv = _file_route(impl, app).get("/f", headers={"Range": header})
    assert rv.status_code == 416
    assert rv.status == "416 REQUESTED RANGE NOT SATISFIABLE"
    assert rv.headers["Content-Range"] == f"bytes */{SIZE}"
    assert CONTENT not in rv.data


@send_file
def test_unsatisfiable_range_closes_file(impl: t.Any, app: t.Any, root: Path) -> None:
    f = open(root / "a.txt", "rb")  # noqa: SIM115
    with app.test_request_context(headers={"Range": "bytes=50-"}):
        with pytest.raises(impl.werkzeug.exceptions.RequestedRangeNotSatisfiable):
            impl.send_file(io.BytesIO(CONTENT), mimetype="text/plain")
        with pytest.raises(impl.werkzeug.exceptions.RequestedRangeNotSatisfiable):
            impl.send_file("a.txt")
    # Open files have no known length: no range processing at all.
    with app.test_request_context(headers={"Range": "bytes=50-"}):
        rv = impl.send_file(f, mimetype="text/plain")
        assert rv.status_code == 200
        rv.close()
    assert f.closed


@send_file
def test_range_of_empty_file_is_ignored(impl: t.Any, app: t.Any) -> None:
    @app.route("/f")
    def f() -> t.Any:
        return impl.send_file("empty.txt")

    rv = _client(app).get("/f", headers={"Range": "bytes=0-10"})
    assert rv.status_code == 200
    assert rv.data == b""


@send_file
def test_if_range(impl: t.Any, app: t.Any, root: Path) -> None:
    client = _file_route(impl, app)
    etag = _etag(os.path.join(str(root), "a.txt"))
    last_modified = client.get("/f").headers["Last-Modified"]
    cases = [
        (etag, 206),
        ('"stale"', 200),
        (f"W/{etag}", 206),
        (last_modified, 206),
        ("Thu, 01 Jan 2015 00:00:00 GMT", 200),
    ]
    for if_range, status in cases:
        rv = client.get("/f", headers={"Range": "bytes=0-4", "If-Range": if_range})
        assert rv.status_code == status, if_range
        assert rv.data == (b"hello" if status == 206 else CONTENT)
    # If-Range without Range is ignored.
    assert client.get("/f", headers={"If-Range": '"stale"'}).status_code == 200


# -- X-Sendfile ----------------------------------------------------------------


@send_file
def test_use_x_sendfile(impl: t.Any, app: t.Any, root: Path) -> None:
    app.config["USE_X_SENDFILE"] = True

    @app.route("/memory")
    def memory() -> t.Any:
        return impl.send_file(io.BytesIO(b"mem"), mimetype="text/plain")

    client = _file_route(impl, app)
    rv = client.get("/f")
    assert rv.status_code == 200
    assert rv.headers["X-Sendfile"] == os.path.join(str(root), "a.txt")
    assert rv.headers["Content-Length"] == str(SIZE)
    assert rv.data == b""
    rv = client.get("/f", headers={"If-None-Match": "*"})
    assert rv.status_code == 304
    assert "X-Sendfile" not in rv.headers
    rv = client.get("/memory")
    assert "X-Sendfile" not in rv.headers
    assert rv.data == b"mem"


@send_file
def test_use_x_sendfile_from_directory(impl: t.Any, app: t.Any, root: Path) -> None:
    app.config["USE_X_SENDFILE"] = True

    @app.route("/u/<path:name>")
    def upload(name: str) -> t.Any:
        return impl.send_from_directory("uploads", name)

    rv = _client(app).get("/u/report.txt")
    assert rv.headers["X-Sendfile"] == os.path.join(str(root), "uploads", "report.txt")
    assert rv.data == b""


# -- send_from_directory -------------------------------------------------------


@pytest.fixture
def upload_client(impl: t.Any, app: t.Any) -> t.Any:
    @app.route("/u/<path:name>")
    def upload(name: str) -> t.Any:
        return impl.send_from_directory("uploads", name)

    @app.route("/dl/<path:name>")
    def download(name: str) -> t.Any:
        return impl.send_from_directory("uploads", name, as_attachment=True, max_age=5)

    return _client(app)


@send_from_directory
def test_send_from_directory(upload_client: t.Any, root: Path) -> None:
    rv = upload_client.get("/u/report.txt")
    assert rv.status_code == 200
    assert rv.data == CONTENT
    assert rv.headers["Content-Disposition"] == "inline; filename=report.txt"
    assert rv.headers["ETag"] == _etag(os.path.join(str(root), "uploads/report.txt"))
    rv = upload_client.get("/u/sub/deep.txt")
    assert rv.status_code == 200
    assert rv.data == b"deep"


@send_from_directory
def test_send_from_directory_kwargs(upload_client: t.Any) -> None:
    rv = upload_client.get("/dl/report.txt")
    assert rv.headers["Content-Disposition"] == "attachment; filename=report.txt"
    assert rv.headers["Cache-Control"] == "public, max-age=5"


@send_from_directory
@pytest.mark.parametrize(
    "name", ["missing.txt", "sub", "sub/", "sub/missing.txt", "report.txt/x"]
)
def test_send_from_directory_not_a_file(upload_client: t.Any, name: str) -> None:
    assert upload_client.get(f"/u/{name}").status_code == 404


@send_from_directory
def test_send_from_directory_absolute_directory(
    impl: t.Any, app: t.Any, root: Path
) -> None:
    with app.test_request_context():
        rv = impl.send_from_directory(root / "uploads", "report.txt")
        assert rv.status_code == 200
        rv.close()
        with pytest.raises(impl.werkzeug.exceptions.NotFound):
            impl.send_from_directory(str(root / "uploads"), "../a.txt")


@send_from_directory
def test_send_from_directory_conditional(upload_client: t.Any) -> None:
    rv = upload_client.get("/u/report.txt", headers={"Range": "bytes=0-4"})
    assert rv.status_code == 206
    assert rv.data == b"hello"
    etag = rv.headers["ETag"]
    rv = upload_client.get("/u/report.txt", headers={"If-None-Match": etag})
    assert rv.status_code == 304


# -- the static route ------------------------------------------------------------


@send_from_directory
@pytest.mark.api("Flask")
def test_static_route(app: t.Any, root: Path) -> None:
    client = _client(app)
    rv = client.get("/static/style.css")
    assert rv.status_code == 200
    assert rv.data == b"body { color: red }"
    assert rv.headers["Content-Type"] == "text/css; charset=utf-8"
    assert rv.headers["Cache-Control"] == "no-cache"
    assert rv.headers["ETag"] == _etag(os.path.join(str(root), "static", "style.css"))
    assert client.get("/static/css/nested.css").data == b"p {}"
    assert client.get("/static/missing.css").status_code == 404
    assert client.get("/static/css").status_code == 404
    rv = client.get("/static/style.css", headers={"If-None-Match": rv.headers["ETag"]})
    assert rv.status_code == 304


@send_from_directory
@pytest.mark.api("Flask")
def test_static_route_max_age_and_url(app: t.Any) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 120
    with app.test_request_context():
        from_url_for = app.url_for("static", filename="style.css")
    assert from_url_for == "/static/style.css"
    rv = _client(app).get(from_url_for)
    assert rv.headers["Cache-Control"] == "public, max-age=120"


@send_from_directory
@pytest.mark.api("Flask")
def test_static_url_path_and_folder(impl: t.Any, root: Path) -> None:
    app = impl.Flask(
        "send_file_app",
        root_path=str(root),
        static_folder="uploads",
        static_url_path="/assets",
    )
    client = _client(app)
    assert client.get("/assets/report.txt").data == CONTENT
    assert client.get("/static/style.css").status_code == 404


@send_from_directory
@pytest.mark.api("Flask")
def test_static_max_age_override(impl: t.Any, root: Path) -> None:
    class App(impl.Flask):  # type: ignore[name-defined, misc]
        def get_send_file_max_age(self, filename: str | None) -> int | None:
            return 7 if filename and filename.endswith(".css") else None

    client = _client(App("send_file_app", root_path=str(root)))
    assert client.get("/static/style.css").headers["Cache-Control"] == (
        "public, max-age=7"
    )
