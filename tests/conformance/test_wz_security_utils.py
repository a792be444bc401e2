"""``werkzeug.security`` and ``werkzeug.utils``: password hashes in Werkzeug's
format, safe paths and file names, redirects and the small helpers extensions
import."""

from __future__ import annotations

import hashlib
import sys
import typing as t

import pytest

api = pytest.mark.api


# ---------------------------------------------------------------- security


@api(
    "werkzeug.security.generate_password_hash", "werkzeug.security.check_password_hash"
)
@pytest.mark.parametrize(
    ("method", "prefix"),
    [
        ("scrypt", "scrypt:32768:8:1$"),
        ("scrypt:1024:8:1", "scrypt:1024:8:1$"),
        ("pbkdf2", "pbkdf2:sha256:1000000$"),
        ("pbkdf2:sha512:1000", "pbkdf2:sha512:1000$"),
    ],
)
def test_password_hash_format_and_check(impl: t.Any, method: str, prefix: str) -> None:
    sec = impl.werkzeug.security
    pwhash = sec.generate_password_hash("sëcret", method)
    assert pwhash.startswith(prefix)
    _, salt, digest = pwhash.split("$")
    assert len(salt) == 16 and all(c in sec.SALT_CHARS for c in salt)
    assert int(digest, 16) >= 0
    assert sec.check_password_hash(pwhash, "sëcret")
    assert not sec.check_password_hash(pwhash, "secret")


@api(
    "werkzeug.security.generate_password_hash", "werkzeug.security.check_password_hash"
)
def test_password_hash_known_vector(impl: t.Any) -> None:
    """A hash stored by a Werkzeug site (fixed salt) verifies."""
    sec = impl.werkzeug.security
    digest = hashlib.pbkdf2_hmac("sha256", b"pw", b"abcdefghijklmnop", 1000).hex()
    stored = f"pbkdf2:sha256:1000$abcdefghijklmnop${digest}"
    assert sec.check_password_hash(stored, "pw")
    assert not sec.check_password_hash(stored, "pw2")


@api(
    "werkzeug.security.check_password_hash", "werkzeug.security.generate_password_hash"
)
def test_bad_hashes_and_methods(impl: t.Any) -> None:
    sec = impl.werkzeug.security
    assert sec.check_password_hash("", "x") is False
    assert sec.check_password_hash("plain$text", "x") is False
    with pytest.raises(ValueError, match="Invalid hash method"):
        sec.generate_password_hash("x", "md5")
    with pytest.raises(ValueError, match="'scrypt' takes 3 arguments"):
        sec.generate_password_hash("x", "scrypt:1:2")
    with pytest.raises(ValueError, match="'pbkdf2' takes 2 arguments"):
        sec.generate_password_hash("x", "pbkdf2:a:b:c")
    assert len(sec.generate_password_hash("x", "pbkdf2:sha256:1", 4).split("$")[1]) == 4


@api("werkzeug.security.gen_salt")
def test_gen_salt(impl: t.Any) -> None:
    sec = impl.werkzeug.security
    salt = sec.gen_salt(40)
    assert len(salt) == 40 and set(salt) <= set(sec.SALT_CHARS)
    assert sec.gen_salt(40) != salt
    with pytest.raises(ValueError):
        sec.gen_salt(0)


@api("werkzeug.security.safe_join")
@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("a", "b/c"), "a/b/c"),
        (("a", "b/../c"), "a/c"),
        (("a", "../b"), None),
        (("a", "/etc/passwd"), None),
        (("a", ".."), None),
        (("", "x"), "./x"),
        (("a", "", "b"), "a/b"),
    ],
)
def test_safe_join(impl: t.Any, parts: tuple[str, ...], expected: str | None) -> None:
    assert impl.werkzeug.security.safe_join(*parts) == expected


# ---------------------------------------------------------------- utils


@api("werkzeug.utils.secure_filename")
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("My cool movie.mov", "My_cool_movie.mov"),
        ("../../../etc/passwd", "etc_passwd"),
        ("i contain cool \xfcml\xe4uts.txt", "i_contain_cool_umlauts.txt"),
        ("__filename__", "filename"),
        ("foo$&^*)bar", "foobar"),
        ("...", ""),
        ("日本語.png", "png"),
        ("a\tb\nc.txt", "a_b_c.txt"),
        ("  ", ""),
        ("CON.txt", "CON.txt"),
        ("a/b\\c.txt", "a_bc.txt"),
        ("\u00e9t\u00e9 2024.pdf", "ete_2024.pdf"),
    ],
)
def test_secure_filename(impl: t.Any, name: str, expected: str) -> None:
    assert impl.werkzeug.utils.secure_filename(name) == expected


@api("werkzeug.utils.redirect")
def test_utils_redirect(impl: t.Any) -> None:
    utils = impl.werkzeug.utils
    rv = utils.redirect("/ünïcode?a=<b>", 301)
    assert rv.status_code == 301
    assert rv.headers["Location"] == "/ünïcode?a=<b>"
    assert "&lt;b&gt;" in rv.get_data(as_text=True)
    assert rv.mimetype == "text/html"
    assert isinstance(rv, impl.werkzeug.wrappers.Response)
    custom = type("Custom", (impl.werkzeug.wrappers.Response,), {})
    assert type(utils.redirect("/x", Response=custom)) is custom


@api("werkzeug.utils.append_slash_redirect")
@pytest.mark.parametrize(
    ("path", "query", "location"),
    [
        ("/user/42", "", "42/"),
        ("/", "", "./"),
        ("/a/", "", "./"),
        ("/a/b", "x=1", "b/?x=1"),
    ],
)
def test_append_slash_redirect(
    impl: t.Any, path: str, query: str, location: str
) -> None:
    environ = {"PATH_INFO": path, "QUERY_STRING": query}
    rv = impl.werkzeug.utils.append_slash_redirect(environ)
    assert rv.status_code == 308
    assert rv.headers["Location"] == location
    assert impl.werkzeug.utils.append_slash_redirect(environ, 301).status_code == 301


@api("werkzeug.utils.import_string")
def test_import_string(impl: t.Any) -> None:
    utils = impl.werkzeug.utils
    assert utils.import_string("os.path.join") is __import__("os").path.join
    assert utils.import_string("os.path:join") is __import__("os").path.join
    assert utils.import_string("collections") is sys.modules["collections"]
    assert utils.import_string("no_such_module_xyz", silent=True) is None
    with pytest.raises(utils.ImportStringError) as info:
        utils.import_string("os.no_such_name")
    assert isinstance(info.value, ImportError)
    assert info.value.import_name == "os.no_such_name"


@api("werkzeug.utils.find_modules")
def test_find_modules(impl: t.Any) -> None:
    utils = impl.werkzeug.utils
    found = set(utils.find_modules("json"))
    assert {"json.decoder", "json.encoder", "json.scanner"} <= found
    assert "json.tool" in found
    with pytest.raises(ValueError, match="is not a package"):
        list(utils.find_modules("json.decoder"))


@api("werkzeug.utils.get_content_type")
@pytest.mark.parametrize(
    ("mimetype", "expected"),
    [
        ("text/html", "text/html; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/json", "application/json"),
        ("image/png", "image/png"),
    ],
)
def test_get_content_type(impl: t.Any, mimetype: str, expected: str) -> None:
    assert impl.werkzeug.utils.get_content_type(mimetype, "utf-8") == expected


@api("werkzeug.utils.cached_property")
def test_cached_property(impl: t.Any) -> None:
    calls: list[int] = []

    class Thing:
        @impl.werkzeug.utils.cached_property
        def value(self) -> int:
            calls.append(1)
            return len(calls)

    thing = Thing()
    assert thing.value == 1 and thing.value == 1 and calls == [1]
    thing.value = 16
    assert thing.value == 16
    del thing.value
    assert thing.value == 2
    assert isinstance(Thing.__dict__["value"], property)

    class Slotted:
        __slots__ = ("_cache_value",)

        @impl.werkzeug.utils.cached_property
        def value(self) -> str:
            return "slot"

    assert Slotted().value == "slot"


@api("werkzeug.utils.environ_property", "werkzeug.utils.header_property")
def test_environ_and_header_property(impl: t.Any) -> None:
    utils = impl.werkzeug.utils

    class Obj:
        environ = {"wsgi.x": "1", "bad": "x"}
        x = utils.environ_property("wsgi.x", load_func=int)
        bad = utils.environ_property("bad", default=-1, load_func=int)
        missing = utils.environ_property("nope", "dflt")
        headers = impl.werkzeug.datastructures.Headers()
        token = utils.header_property("X-Token", read_only=False)

    obj = Obj()
    assert (obj.x, obj.bad, obj.missing) == (1, -1, "dflt")
    with pytest.raises(AttributeError):
        obj.x = 2
    obj.token = "abc"
    assert obj.headers["X-Token"] == "abc" and obj.token == "abc"
    del obj.token
    assert "X-Token" not in obj.headers


@api("werkzeug.utils.send_file", "werkzeug.utils.send_from_directory")
def test_send_file_and_directory(impl: t.Any, tmp_path: t.Any) -> None:
    utils = impl.werkzeug.utils
    (tmp_path / "a.txt").write_bytes(b"hello")
    environ = impl.werkzeug.test.create_environ()
    rv = utils.send_file(str(tmp_path / "a.txt"), environ, as_attachment=True)
    rv.direct_passthrough = False
    assert rv.get_data() == b"hello"
    assert rv.headers["Content-Disposition"] == "attachment; filename=a.txt"
    assert rv.mimetype == "text/plain"
    rv.close()
    rv = utils.send_from_directory(str(tmp_path), "a.txt", environ)
    rv.direct_passthrough = False
    assert rv.get_data() == b"hello"
    rv.close()
    not_found = impl.werkzeug.exceptions.NotFound
    for bad in ("../a.txt", "missing.txt"):
        with pytest.raises(not_found):
            utils.send_from_directory(str(tmp_path), bad, environ)
