"""Flask 2.2's deprecated JSON config keys still work on flaskcompat.

``JSON_AS_ASCII``, ``JSON_SORT_KEYS``, ``JSONIFY_PRETTYPRINT_REGULAR`` and
``JSONIFY_MIMETYPE`` are not in the default config (Flask 3.1 has none of them);
set in ``app.config`` to anything but ``None`` they override the provider's
attribute and warn when they take effect, as Flask 2.2's ``DefaultJSONProvider``
did. Flask 3.1 ignores them, so these tests are flaskcompat-only.
"""

from __future__ import annotations

import typing as t
import warnings

import pytest

import flaskcompat
from flaskcompat import Flask, json, jsonify

LEGACY_KEYS = (
    "JSON_AS_ASCII",
    "JSON_SORT_KEYS",
    "JSONIFY_PRETTYPRINT_REGULAR",
    "JSONIFY_MIMETYPE",
)


def deprecated(key: str, attribute: str) -> t.Any:
    return pytest.warns(
        DeprecationWarning,
        match=rf"^The '{key}' config key is deprecated and was removed in Flask 2\.3\."
        rf" Set 'app\.json\.{attribute}' instead\.$",
    )


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, SECRET_KEY="test key")

    @app.route("/")
    def index() -> dict[str, t.Any]:
        return {"b": "é", "a": 1}

    return app


def test_keys_are_not_in_the_default_config(app: Flask) -> None:
    for key in LEGACY_KEYS:
        assert key not in Flask.default_config
        assert key not in app.config


def test_unset_or_none_keys_do_not_warn(app: Flask) -> None:
    for key in LEGACY_KEYS:
        app.config[key] = None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert app.test_client().get("/").data == b'{"a":1,"b":"\\u00e9"}\n'
        with app.app_context():
            assert json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'


def test_json_as_ascii(app: Flask) -> None:
    app.config["JSON_AS_ASCII"] = False
    with deprecated("JSON_AS_ASCII", "ensure_ascii"):
        assert app.test_client().get("/").data == '{"a":1,"b":"é"}\n'.encode()
    with deprecated("JSON_AS_ASCII", "ensure_ascii"), app.app_context():
        assert json.dumps("é") == '"é"'
    # The key wins over the provider's attribute, an explicit argument over both.
    app.config["JSON_AS_ASCII"] = True
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    with deprecated("JSON_AS_ASCII", "ensure_ascii"):
        assert app.json.dumps("é") == '"\\u00e9"'
        assert app.json.dumps("é", ensure_ascii=False) == '"é"'


def test_json_sort_keys(app: Flask) -> None:
    app.config["JSON_SORT_KEYS"] = False
    with deprecated("JSON_SORT_KEYS", "sort_keys"):
        assert app.test_client().get("/").data == b'{"b":"\\u00e9","a":1}\n'
    with deprecated("JSON_SORT_KEYS", "sort_keys"), app.app_context():
        assert jsonify(z=1, a=2).data == b'{"z":1,"a":2}\n'
    app.config["JSON_SORT_KEYS"] = True
    app.json.sort_keys = False  # type: ignore[attr-defined]
    with deprecated("JSON_SORT_KEYS", "sort_keys"):
        assert app.json.dumps({"b": 1, "a": 2}) == '{"a": 2, "b": 1}'


def test_jsonify_prettyprint_regular(app: Flask) -> None:
    app.config["JSONIFY_PRETTYPRINT_REGULAR"] = True
    with deprecated("JSONIFY_PRETTYPRINT_REGULAR", "compact"):
        assert app.test_client().get("/").data == (
            b'{\n  "a": 1,\n  "b": "\\u00e9"\n}\n'
        )
    # False means compact, even in debug mode.
    app.config["JSONIFY_PRETTYPRINT_REGULAR"] = False
    app.debug = True
    with deprecated("JSONIFY_PRETTYPRINT_REGULAR", "compact"), app.app_context():
        assert jsonify([1, 2]).data == b"[1,2]\n"


def test_jsonify_mimetype(app: Flask) -> None:
    app.config["JSONIFY_MIMETYPE"] = "application/vnd.api+json"
    with deprecated("JSONIFY_MIMETYPE", "mimetype"):
        rv = app.test_client().get("/")
    assert rv.headers["Content-Type"] == "application/vnd.api+json"
    assert rv.get_json() == {"a": 1, "b": "é"}


def test_keys_from_a_config_file(app: Flask, tmp_path: t.Any) -> None:
    (tmp_path / "settings.py").write_text(
        "JSON_SORT_KEYS = False\nJSONIFY_MIMETYPE = 'text/json'\n"
    )
    app.config.from_pyfile(str(tmp_path / "settings.py"))
    with pytest.warns(DeprecationWarning) as record:
        rv = app.test_client().get("/")
    assert sorted({str(w.message).split("'")[1] for w in record}) == [
        "JSONIFY_MIMETYPE",
        "JSON_SORT_KEYS",
    ]
    assert rv.data == b'{"b":"\\u00e9","a":1}\n'
    assert rv.headers["Content-Type"] == "text/json; charset=utf-8"


def test_session_cookie_follows_the_keys(app: Flask) -> None:
    # The tagged serializer dumps through app.json, as Flask 2.2's did.
    app.config["JSON_AS_ASCII"] = False

    @app.route("/set")
    def set_view() -> str:
        flaskcompat.session["name"] = "é"
        return ""

    with deprecated("JSON_AS_ASCII", "ensure_ascii"):
        rv = app.test_client().get("/set")
    assert rv.headers["Set-Cookie"].startswith("session=eyJuYW1lIjoiw6kifQ.")
