"""The older file-sending spellings (flaskcompat only: Flask 3.1 removed them).

Flask 2.0 renamed ``send_file``'s ``attachment_filename``, ``add_etags`` and
``cache_timeout`` to ``download_name``, ``etag`` and ``max_age``, and
``send_from_directory``'s ``filename`` to ``path``, and deprecated
``flask.safe_join``; the old names still work here, with a
``DeprecationWarning`` that points at the caller.
"""

from __future__ import annotations

import io
import typing as t
from pathlib import Path

import pytest

import flaskcompat
from flaskcompat.werkzeug.exceptions import NotFound

CONTENT = b"legacy content"


@pytest.fixture
def app(tmp_path: Path) -> flaskcompat.Flask:
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "report.txt").write_bytes(CONTENT)
    (tmp_path / "a.txt").write_bytes(CONTENT)
    app = flaskcompat.Flask("legacy_app", root_path=str(tmp_path))
    app.config["TESTING"] = True
    return app


@pytest.mark.api("send_file")
def test_attachment_filename(app: flaskcompat.Flask) -> None:
    with app.test_request_context():
        with pytest.warns(DeprecationWarning, match="'download_name'") as record:
            rv = flaskcompat.send_file(
                io.BytesIO(CONTENT), as_attachment=True, attachment_filename="r.csv"
            )
        assert record[0].filename == __file__
        assert rv.headers["Content-Disposition"] == "attachment; filename=r.csv"
        assert rv.headers["Content-Type"] == "text/csv; charset=utf-8"
        rv.close()


@pytest.mark.api("send_file")
def test_attachment_filename_wins_over_download_name(app: flaskcompat.Flask) -> None:
    with app.test_request_context(), pytest.warns(DeprecationWarning):
        rv = flaskcompat.send_file(
            "a.txt", download_name="new.txt", attachment_filename="old.txt"
        )
        assert rv.headers["Content-Disposition"] == "inline; filename=old.txt"
        rv.close()


@pytest.mark.api("send_file")
def test_add_etags(app: flaskcompat.Flask) -> None:
    with app.test_request_context():
        with pytest.warns(DeprecationWarning, match="'add_etags'.*'etag'") as record:
            rv = flaskcompat.send_file("a.txt", add_etags=False)
        assert record[0].filename == __file__
        assert "ETag" not in rv.headers
        rv.close()


@pytest.mark.api("send_file")
def test_cache_timeout(app: flaskcompat.Flask) -> None:
    with app.test_request_context():
        with pytest.warns(DeprecationWarning, match="'cache_timeout'.*'max_age'"):
            rv = flaskcompat.send_file("a.txt", cache_timeout=60)
        assert rv.headers["Cache-Control"] == "public, max-age=60"
        rv.close()


@pytest.mark.api("send_file")
def test_new_names_do_not_warn(app: flaskcompat.Flask) -> None:
    with app.test_request_context():
        rv = flaskcompat.send_file(
            "a.txt", download_name="x.txt", etag=False, max_age=5
        )
        rv.close()


@pytest.mark.api("send_from_directory")
def test_send_from_directory_filename(app: flaskcompat.Flask) -> None:
    @app.route("/u/<path:name>")
    def upload(name: str) -> t.Any:
        return flaskcompat.send_from_directory("uploads", filename=name)

    client = app.test_client()
    with pytest.warns(DeprecationWarning, match="'filename'.*'path'") as record:
        rv = client.get("/u/report.txt", buffered=True)
    assert record[0].filename == __file__
    assert rv.data == CONTENT
    with pytest.warns(DeprecationWarning):
        assert client.get("/u/../a.txt", buffered=True).status_code == 404


@pytest.mark.api("send_from_directory")
def test_send_from_directory_legacy_send_file_kwargs(app: flaskcompat.Flask) -> None:
    with app.test_request_context():
        with pytest.warns(DeprecationWarning, match="'cache_timeout'") as record:
            rv = flaskcompat.send_from_directory(
                "uploads", "report.txt", cache_timeout=30
            )
        assert record[0].filename == __file__
        assert rv.headers["Cache-Control"] == "public, max-age=30"
        rv.close()


@pytest.mark.api("send_from_directory")
def test_send_from_directory_needs_a_path(app: flaskcompat.Flask) -> None:
    with app.test_request_context(), pytest.raises(TypeError, match="'path'"):
        flaskcompat.send_from_directory("uploads")


@pytest.mark.api("safe_join")
def test_safe_join_is_exported() -> None:
    assert flaskcompat.safe_join is flaskcompat.helpers.safe_join


@pytest.mark.api("safe_join")
@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("static", "css/site.css"), "static/css/site.css"),
        (("static", "a", "b.txt"), "static/a/b.txt"),
        (("/srv/files", "x/../y.txt"), "/srv/files/y.txt"),
        (("", "y.txt"), "./y.txt"),
        (("static", ""), "static"),
    ],
)
def test_safe_join(parts: tuple[str, ...], expected: str) -> None:
    with pytest.warns(DeprecationWarning, match="safe_join") as record:
        assert flaskcompat.safe_join(*parts) == expected
    assert record[0].filename == __file__


@pytest.mark.api("safe_join")
@pytest.mark.parametrize(
    "untrusted", ["../secret", "a/../../secret", "/etc/passwd", "..", "//x"]
)
def test_safe_join_raises_not_found(untrusted: str) -> None:
    with pytest.warns(DeprecationWarning), pytest.raises(NotFound):
        flaskcompat.safe_join("/srv/files", untrusted)


@pytest.mark.api("safe_join")
def test_security_safe_join_returns_none() -> None:
    from flaskcompat.werkzeug.security import safe_join

    assert safe_join("/srv/files", "../secret") is None
    assert safe_join("/srv/files", "a", "b") == "/srv/files/a/b"
