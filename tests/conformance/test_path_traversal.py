"""Conformance: hostile paths never leave the served folder.

Every path below is sent to ``send_from_directory`` in a view and to the static
route; each must end in 404 (or 400) on both implementations, and the secret
files placed beside the folders must never appear in a response. The raw
strings are also passed to ``send_from_directory`` directly, where they must
raise ``NotFound``. Legitimate names that merely look odd are still served.
"""

from __future__ import annotations

import importlib
import os
import typing as t
from pathlib import Path

import pytest

pytestmark = pytest.mark.api("send_from_directory")

SECRET = b"TOP-SECRET-c2f9e1d4"
OK = b"ok file contents"

# URL-level attacks: appended to "/files/" and "/static/" as they are (the test
# client percent-decodes them into PATH_INFO as a server would).
HOSTILE_URLS = [
    "../secret.txt",
    "../../secret.txt",
    "..%2fsecret.txt",
    "..%2f..%2fsecret.txt",
    "%2e%2e/secret.txt",
    "%2e%2e%2fsecret.txt",
    "%2E%2E%2Fsecret.txt",
    ".%2e/secret.txt",
    "%2e./secret.txt",
    "..%5csecret.txt",
    "%2e%2e%5csecret.txt",
    "..%5c..%5csecret.txt",
    "%252e%252e%252fsecret.txt",
    "..%252fsecret.txt",
    "sub/../../secret.txt",
    "sub%2f..%2f..%2fsecret.txt",
    "ok.txt/../../secret.txt",
    "./../secret.txt",
    "./././../secret.txt",
    "....//secret.txt",
    "..../secret.txt",
    "..;/secret.txt",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "../../../../../../../../../../etc/passwd",
    "ok.txt%00.png",
    "..%00/secret.txt",
    "%00../secret.txt",
    "..%2fsecret.txt%00",
    "%c0%ae%c0%ae/secret.txt",
    "%c0%ae%c0%ae%c0%afsecret.txt",
    "%c0%2e%c0%2e/secret.txt",
    "..%c0%afsecret.txt",
    "%e0%80%ae%e0%80%ae/secret.txt",
    "~/secret.txt",
    "%7e/secret.txt",
    "~root/.bashrc",
    "%e2%80%a5/secret.txt",
    "%e2%80%a4%e2%80%a4/secret.txt",
    "%ef%bc%8e%ef%bc%8e%ef%bc%8fsecret.txt",
    "..%e2%88%95secret.txt",
    "..%u2216secret.txt",
    "C:/secret.txt",
    "C:%5csecret.txt",
    "c:..%5csecret.txt",
    "C:%2f..%2fsecret.txt",
    "%5c%5clocalhost%5cc$%5csecret.txt",
    "//localhost/secret.txt",
    "..%2fsecret.txt.",
    "../secret.txt%20",
    "../secret.txt::$DATA",
    "...%2fsecret.txt",
    "x" * 5000,
    "a/" * 2000 + "../../secret.txt",
]

# Attacks on the Python API: passed to send_from_directory("uploads", path).
HOSTILE_PATHS = [
    "..",
    "../",
    "../secret.txt",
    "../../secret.txt",
    "sub/../../secret.txt",
    "./../secret.txt",
    "/etc/passwd",
    "//etc/passwd",
    "..\\secret.txt",
    "\\..\\secret.txt",
    "\\\\server\\share\\secret.txt",
    "C:\\secret.txt",
    "C:/secret.txt",
    "c:secret.txt",
    "\x00",
    "ok.txt\x00.png",
    "../secret.txt\x00",
    "~",
    "~/secret.txt",
    "\uff0e\uff0e/secret.txt",
    "\u2025/secret.txt",
    "..\u2215secret.txt",
    "secret.txt.",
    "...",
    "x" * 5000,
    "a/" * 2000,
    "",
    ".",
    "./",
    "sub",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """``tmp_path/secret.txt`` and ``app/secret.txt`` beside ``app/static`` and
    ``app/uploads``, which hold ``ok.txt`` and a few oddly named files.
    """
    (tmp_path / "secret.txt").write_bytes(SECRET)
    app_root = tmp_path / "app"
    app_root.mkdir()
    (app_root / "secret.txt").write_bytes(SECRET)
    for folder in ("static", "uploads"):
        (app_root / folder / "sub").mkdir(parents=True)
        (app_root / folder / "ok.txt").write_bytes(OK)
        for name in ("a..b.txt", "..hidden", "~tilde.txt", "with space.txt"):
            (app_root / folder / name).write_bytes(OK)
    (app_root / "staticx").mkdir()
    (app_root / "staticx" / "secret.txt").write_bytes(SECRET)
    return app_root


@pytest.fixture
def client(impl: t.Any, root: Path) -> t.Any:
    app = impl.Flask("traversal_app", root_path=str(root))
    app.config.update(TESTING=True)

    @app.route("/files/<path:name>")
    def files(name: str) -> t.Any:
        return impl.send_from_directory("uploads", name)

    return app.test_client()


def _assert_refused(client: t.Any, url: str) -> None:
    rv = client.get(url, follow_redirects=True, buffered=True)
    assert rv.status_code in (400, 404), (url[:80], rv.status_code)
    assert SECRET not in rv.data
    assert OK not in rv.data
    assert b"root:" not in rv.data


@pytest.mark.parametrize("path", HOSTILE_URLS)
def test_hostile_url_send_from_directory(client: t.Any, path: str) -> None:
    _assert_refused(client, f"/files/{path}")


@pytest.mark.api("Flask")
@pytest.mark.parametrize("path", HOSTILE_URLS)
def test_hostile_url_static_route(client: t.Any, path: str) -> None:
    _assert_refused(client, f"/static/{path}")


@pytest.mark.api("Flask")
@pytest.mark.parametrize(
    "path", ["../staticx/secret.txt", "..%2fstaticx%2fsecret.txt", "../uploads/ok.txt"]
)
def test_sibling_folder_with_common_prefix(client: t.Any, path: str) -> None:
    _assert_refused(client, f"/static/{path}")


def test_absolute_path_of_secret(client: t.Any, tmp_path: Path) -> None:
    secret = str(tmp_path / "secret.txt")
    _assert_refused(client, f"/files/{secret}")
    _assert_refused(client, f"/files/%2f{secret.lstrip('/')}")
    climb = "..%2f" * 30 + secret.lstrip("/").replace("/", "%2f")
    _assert_refused(client, f"/files/{climb}")
    _assert_refused(client, f"/static/{climb}")


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_path_raises_not_found(
    impl: t.Any, client: t.Any, root: Path, path: str
) -> None:
    app = client.application
    with app.test_request_context(), pytest.raises(impl.werkzeug.exceptions.NotFound):
        impl.send_from_directory("uploads", path)
    with app.test_request_context(), pytest.raises(impl.werkzeug.exceptions.NotFound):
        impl.send_from_directory(str(root / "static"), path)


@pytest.mark.parametrize(
    "name", ["ok.txt", "a..b.txt", "..hidden", "~tilde.txt", "with%20space.txt"]
)
def test_odd_but_legitimate_names_are_served(client: t.Any, name: str) -> None:
    for prefix in ("/files/", "/static/"):
        rv = client.get(prefix + name, buffered=True)
        assert rv.status_code == 200, prefix + name
        assert rv.data == OK


def _safe_join(impl: t.Any) -> t.Callable[..., str | None]:
    """``safe_join`` of ``werkzeug.security`` or ``flaskcompat.werkzeug.security``, the
    check ``send_from_directory`` relies on.
    """
    module = {
        "flask": "werkzeug.security",
        "flaskcompat": "flaskcompat.werkzeug.security",
    }
    return importlib.import_module(module[impl.name]).safe_join  # type: ignore[no-any-return]


@pytest.mark.skipif(os.name == "nt", reason="POSIX separators")
@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("static", "a.txt"), "static/a.txt"),
        (("static", "a", "b.txt"), "static/a/b.txt"),
        (("static", "a/./b/../c.txt"), "static/a/c.txt"),
        (("static", ""), "static"),
        (("static", "."), "static/."),
        (("", "a.txt"), "./a.txt"),
        (("static", "..hidden"), "static/..hidden"),
        (("static", "a..b"), "static/a..b"),
        (("static", "~"), "static/~"),
        (("static", "C:/x"), "static/C:/x"),
        (("static", "..\\x"), "static/..\\x"),
        (("static", "a\x00b"), "static/a\x00b"),
        (("static", ".."), None),
        (("static", "../x"), None),
        (("static", "a/../../x"), None),
        (("static", "/etc/passwd"), None),
        (("static", "//etc"), None),
        (("static", "a", "../../x"), None),
    ],
)
def test_safe_join(impl: t.Any, parts: tuple[str, ...], expected: str | None) -> None:
    assert _safe_join(impl)(*parts) == expected
