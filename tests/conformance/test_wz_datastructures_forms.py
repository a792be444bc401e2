"""``werkzeug.datastructures`` names extensions use (``WWWAuthenticate``,
``ContentSecurityPolicy``, ``Authorization.from_header``, ``FileStorage``),
``werkzeug.formparser`` and the ``werkzeug.sansio`` base classes."""

from __future__ import annotations

import importlib
import io
import typing as t

import pytest

api = pytest.mark.api


@api("werkzeug.datastructures.WWWAuthenticate")
def test_www_authenticate(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    auth = ds.WWWAuthenticate.from_header('Digest realm="site", nonce="abc", qop=auth')
    assert auth.type == "digest" and auth.realm == "site" and auth["nonce"] == "abc"
    assert auth.to_header() == 'Digest realm="site", nonce="abc", qop="auth"'
    bearer = ds.WWWAuthenticate("Bearer", token="tok")
    assert str(bearer) == "Bearer tok"
    basic = ds.WWWAuthenticate("basic")
    assert basic.to_header() == "Basic"
    basic.realm = "login required"
    assert basic.to_header() == 'Basic realm="login required"'
    del basic.realm
    assert "realm" not in basic and basic.get("realm", "x") == "x"
    assert ds.WWWAuthenticate.from_header("") is None
    assert ds.WWWAuthenticate("basic", {"a": "1"}) == ds.WWWAuthenticate.from_header(
        "Basic a=1"
    )


@api("werkzeug.datastructures.WWWAuthenticate", "Response")
def test_unauthorized_with_www_authenticate(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    @app.route("/private")
    def private() -> str:
        auth = impl.werkzeug.datastructures.WWWAuthenticate("basic", {"realm": "r"})
        raise impl.werkzeug.exceptions.Unauthorized(www_authenticate=auth)

    rv = client.get("/private")
    assert rv.status_code == 401 and rv.headers["WWW-Authenticate"] == "Basic realm=r"


@api("werkzeug.datastructures.ContentSecurityPolicy")
def test_content_security_policy(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    changes: list[str] = []
    csp = ds.ContentSecurityPolicy(on_update=lambda c: changes.append(c.to_header()))
    csp.default_src = "'self'"
    csp.img_src = "*"
    assert str(csp) == "default-src 'self'; img-src *"
    del csp.img_src
    csp.frame_ancestors = None
    assert changes == [
        "default-src 'self'",
        "default-src 'self'; img-src *",
        "default-src 'self'",
    ]
    assert repr(csp) == "<ContentSecurityPolicy default-src=\"'self'\">"


@api("werkzeug.datastructures.Authorization")
def test_authorization_from_header(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    basic = ds.Authorization.from_header("Basic dXNlcjpww6Fzcw==")
    assert (basic.type, basic.username, basic.password) == ("basic", "user", "páss")
    assert basic.to_header() == "Basic dXNlcjpww6Fzcw=="
    bearer = ds.Authorization.from_header("Bearer abc.def")
    assert (bearer.type, bearer.token) == ("bearer", "abc.def")
    assert ds.Authorization.from_header("Basic /w==") is None  # not UTF-8
    assert ds.Authorization.from_header(None) is None


@api("werkzeug.datastructures.FileStorage")
def test_file_storage(impl: t.Any, tmp_path: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    storage = ds.FileStorage(
        io.BytesIO(b"data"), "up.txt", "file", content_type="text/plain; charset=utf-8"
    )
    assert (storage.filename, storage.name, storage.mimetype) == (
        "up.txt",
        "file",
        "text/plain",
    )
    assert storage.mimetype_params == {"charset": "utf-8"}
    assert bool(storage) and storage.read() == b"data"
    storage.stream.seek(0)
    storage.save(str(tmp_path / "saved.txt"))
    assert (tmp_path / "saved.txt").read_bytes() == b"data"
    assert not ds.FileStorage()


@api("werkzeug.formparser.parse_form_data", "werkzeug.formparser.FormDataParser")
def test_parse_form_data(impl: t.Any) -> None:
    formparser = impl.werkzeug.formparser
    env = impl.werkzeug.test.create_environ(
        method="POST",
        data={"name": "ann", "up": (io.BytesIO(b"file body"), "a.txt")},
    )
    stream, form, files = formparser.parse_form_data(env)
    assert form["name"] == "ann"
    assert files["up"].filename == "a.txt" and files["up"].read() == b"file body"
    assert isinstance(files["up"], impl.werkzeug.datastructures.FileStorage)
    files["up"].close()
    env = impl.werkzeug.test.create_environ(method="POST", data={"a": "1", "b": "2"})
    _, form, files = formparser.FormDataParser().parse_from_environ(env)
    assert form.to_dict() == {"a": "1", "b": "2"} and not files
    _, form, _ = formparser.FormDataParser().parse(io.BytesIO(b"x"), "text/plain", 1)
    assert not form
    with pytest.raises(ValueError):
        formparser.FormDataParser(silent=False).parse(
            io.BytesIO(b"x"), "multipart/form-data", 1, {}
        )
    too_big = formparser.FormDataParser(max_form_memory_size=3)
    with pytest.raises(impl.werkzeug.exceptions.RequestEntityTooLarge):
        too_big.parse(io.BytesIO(b"a=1234"), "application/x-www-form-urlencoded", 6)


@api("werkzeug.sansio.request.Request", "werkzeug.sansio.response.Response")
def test_sansio_bases(impl: t.Any, app: t.Any) -> None:
    sansio = impl.werkzeug.sansio
    request_mod = importlib.import_module(f"{sansio.__name__}.request")
    response_mod = importlib.import_module(f"{sansio.__name__}.response")
    with app.test_request_context():
        assert isinstance(impl.request, request_mod.Request)
        assert isinstance(app.make_response("x"), response_mod.Response)
    assert issubclass(impl.werkzeug.wrappers.Response, response_mod.Response)


@api(
    "werkzeug.datastructures.ImmutableListMixin",
    "werkzeug.datastructures.ImmutableHeadersMixin",
)
def test_immutable_mixins(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures

    class Frozen(ds.ImmutableListMixin, list):  # type: ignore[misc]
        pass

    class FrozenHeaders(ds.ImmutableHeadersMixin, ds.Headers):  # type: ignore[misc]
        pass

    frozen = Frozen([1, 2])
    assert hash(frozen) == hash((1, 2)) and frozen == [1, 2]
    for change in (lambda: frozen.append(3), lambda: frozen.sort(), frozen.pop):
        with pytest.raises(TypeError, match="immutable"):
            change()
    headers = FrozenHeaders()  # filling it in __init__ would be a change too
    assert headers.get("A") is None
    with pytest.raises(TypeError, match="immutable"):
        headers["B"] = "2"
    with pytest.raises(TypeError, match="immutable"):
        headers.add("B", "2")


@api("Request.make_form_data_parser", "werkzeug.formparser.FormDataParser")
def test_request_parses_through_its_form_data_parser(
    impl: t.Any, app: t.Any, client: t.Any
) -> None:
    """A request class with its own ``form_data_parser_class`` parses with it."""
    calls: list[str] = []

    class Parser(impl.werkzeug.formparser.FormDataParser):  # type: ignore[misc]
        def parse(self, stream: t.Any, mimetype: str, *args: t.Any) -> t.Any:
            calls.append(mimetype)
            return super().parse(stream, mimetype, *args)

    class Request(app.request_class):  # type: ignore[misc,name-defined]
        form_data_parser_class = Parser

    app.request_class = Request

    @app.route("/form", methods=["POST"])
    def form() -> str:
        parser = impl.request.make_form_data_parser()
        assert isinstance(parser, Parser)
        return impl.request.form["a"]

    assert client.post("/form", data={"a": "1"}).get_data() == b"1"
    assert calls == ["application/x-www-form-urlencoded"]
