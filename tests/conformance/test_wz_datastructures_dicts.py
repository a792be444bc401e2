"""``werkzeug.datastructures``' dict family as extensions use it directly:
callback, combined, immutable and type-converting dicts, environ headers."""

from __future__ import annotations

import io
import typing as t

import pytest

api = pytest.mark.api


@api("werkzeug.datastructures.CallbackDict", "werkzeug.datastructures.UpdateDictMixin")
def test_callback_dict(impl: t.Any) -> None:
    seen: list[dict[str, t.Any]] = []
    cd = impl.werkzeug.datastructures.CallbackDict(
        {"a": 1}, lambda d: seen.append(dict(d))
    )
    cd["b"] = 2
    cd.setdefault("c", 3)
    cd.pop("a")
    cd.update(d=4)
    del cd["b"]
    assert seen == [
        {"a": 1, "b": 2},
        {"a": 1, "b": 2, "c": 3},
        {"b": 2, "c": 3},
        {"b": 2, "c": 3, "d": 4},
        {"c": 3, "d": 4},
    ]


@api("werkzeug.datastructures.CombinedMultiDict")
def test_combined_multi_dict(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    combined = ds.CombinedMultiDict(
        [ds.MultiDict([("a", "1"), ("b", "2")]), ds.MultiDict([("a", "3")])]
    )
    assert combined["a"] == "1" and combined.getlist("a") == ["1", "3"]
    assert sorted(combined.keys()) == ["a", "b"] and len(combined) == 2
    assert combined.to_dict(flat=False) == {"a": ["1", "3"], "b": ["2"]}
    with pytest.raises(TypeError):
        combined["c"] = "x"
    with pytest.raises(KeyError):
        combined["missing"]


@api(
    "werkzeug.datastructures.ImmutableDict",
    "werkzeug.datastructures.ImmutableMultiDict",
    "werkzeug.datastructures.ImmutableList",
    "werkzeug.datastructures.ImmutableDictMixin",
    "werkzeug.datastructures.ImmutableMultiDictMixin",
    "werkzeug.datastructures.ImmutableTypeConversionDict",
)
def test_immutable_structures(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    frozen = ds.ImmutableDict(a=1)
    assert hash(frozen) == hash(ds.ImmutableDict(a=1))
    multi = ds.ImmutableMultiDict([("a", "1"), ("a", "2")])
    converting = ds.ImmutableTypeConversionDict(n="5")
    assert converting.get("n", type=int) == 5
    for change in (
        lambda: frozen.__setitem__("b", 2),
        lambda: multi.add("a", "3"),
        lambda: multi.setlist("a", []),
        lambda: converting.update({"n": "6"}),
        lambda: ds.ImmutableList([1]).append(2),
    ):
        with pytest.raises(TypeError, match="immutable"):
            change()
    assert multi.copy().getlist("a") == ["1", "2"]
    assert type(multi.copy()) is ds.MultiDict


@api("werkzeug.datastructures.TypeConversionDict")
def test_type_conversion_dict(impl: t.Any) -> None:
    d = impl.werkzeug.datastructures.TypeConversionDict(n="42", bad="x")
    assert d.get("n", type=int) == 42
    assert d.get("bad", -1, type=int) == -1
    assert d.get("missing", "dflt") == "dflt"


@api("werkzeug.datastructures.EnvironHeaders")
def test_environ_headers(impl: t.Any) -> None:
    environ = {
        "CONTENT_TYPE": "text/plain",
        "CONTENT_LENGTH": "3",
        "HTTP_X_TOKEN": "abc",
        "wsgi.url_scheme": "http",
    }
    headers = impl.werkzeug.datastructures.EnvironHeaders(environ)
    assert headers["x-token"] == "abc" and headers["Content-Type"] == "text/plain"
    assert sorted(headers.keys()) == ["Content-Length", "Content-Type", "X-Token"]
    with pytest.raises(TypeError):
        headers["X-New"] = "1"


@api("werkzeug.datastructures.FileMultiDict")
def test_file_multi_dict(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    files = ds.FileMultiDict()
    files.add_file("up", io.BytesIO(b"x"), "a.txt", "text/plain")
    storage = files["up"]
    assert isinstance(storage, ds.FileStorage)
    assert (storage.filename, storage.content_type, storage.read()) == (
        "a.txt",
        "text/plain",
        b"x",
    )


@api("werkzeug.datastructures.iter_multi_items")
def test_iter_multi_items(impl: t.Any) -> None:
    ds = impl.werkzeug.datastructures
    assert list(ds.iter_multi_items({"a": [1, 2], "b": 3})) == [
        ("a", 1),
        ("a", 2),
        ("b", 3),
    ]
    assert list(ds.iter_multi_items(ds.MultiDict([("a", 1), ("a", 2)]))) == [
        ("a", 1),
        ("a", 2),
    ]
    assert list(ds.iter_multi_items([("x", 1)])) == [("x", 1)]


@api("werkzeug.local.release_local", "werkzeug.utils.ImportStringError")
def test_release_local_and_import_error(impl: t.Any) -> None:
    ns = impl.werkzeug.local.Local()
    ns.value = 1
    impl.werkzeug.local.release_local(ns)
    assert not hasattr(ns, "value")
    error = impl.werkzeug.utils.ImportStringError("a.b", ImportError("x"))
    assert isinstance(error, ImportError) and error.import_name == "a.b"


@api(
    "werkzeug.formparser.MultiPartParser", "werkzeug.formparser.default_stream_factory"
)
def test_multipart_parser(impl: t.Any) -> None:
    formparser = impl.werkzeug.formparser
    boundary, body = impl.werkzeug.test.encode_multipart(
        {
            "a": "1",
            "f": impl.werkzeug.datastructures.FileStorage(io.BytesIO(b"data"), "f.txt"),
        },
        "XyZ",
    )
    form, files = formparser.MultiPartParser().parse(
        io.BytesIO(body), boundary.encode(), len(body)
    )
    assert form["a"] == "1" and files["f"].read() == b"data"
    files["f"].close()
    container = formparser.default_stream_factory(None, "text/plain", "x.txt")
    container.write(b"abc")
    container.seek(0)
    assert container.read() == b"abc"
    container.close()


@api("werkzeug.datastructures.MultiDict")
def test_ordered_multi_dict_deprecated(impl: t.Any) -> None:
    """Werkzeug 3.1 still has ``OrderedMultiDict``, with a deprecation."""
    ds = impl.werkzeug.datastructures
    with pytest.warns(DeprecationWarning, match="'OrderedMultiDict' is deprecated"):
        cls = ds.OrderedMultiDict
        omd = cls([("a", "1"), ("b", "2"), ("a", "3")])
    assert list(omd.items(multi=True)) == [("a", "1"), ("b", "2"), ("a", "3")]
    assert omd["a"] == "1" and omd.getlist("a") == ["1", "3"]
    assert omd.get("b", type=int) == 2 and omd.get("x", "d") == "d"
    omd.add("b", "4")
    assert list(omd.values()) == ["1", "2"] and list(omd.keys()) == ["a", "b"]
    assert omd.pop("a") == "1"
    assert list(omd.items(multi=True)) == [("b", "2"), ("b", "4")]
    omd["c"] = "5"
    assert omd.to_dict(flat=False) == {"b": ["2", "4"], "c": ["5"]}
    with pytest.raises(KeyError):
        omd["missing"]
    with pytest.warns(DeprecationWarning):
        frozen = ds.ImmutableOrderedMultiDict([("x", "1"), ("y", "2")])
    assert list(frozen.items(multi=True)) == [("x", "1"), ("y", "2")]
    with pytest.raises(TypeError, match="immutable"):
        frozen.add("z", "3")
    assert hash(frozen) == hash(frozen)
