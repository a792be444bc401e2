"""Conformance: ``Config`` - the loaders (``from_object``, ``from_pyfile``,
``from_envvar``, ``from_file``, ``from_mapping``, ``from_prefixed_env``),
``get_namespace``, their errors, the app's default configuration and the app
attributes that forward to config keys."""

from __future__ import annotations

import json
import os
import sys
import typing as t
from datetime import timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.api("Config")

CONFIG_SOURCE = 'TEST_KEY = "foo"\nSECRET_KEY = "config"\nlower_key = "skipped"\n'

#: ``Flask(...).config`` of Flask 3.1 (``FLASK_DEBUG`` unset).
FLASK_DEFAULT_CONFIG = {
    "DEBUG": False,
    "TESTING": False,
    "PROPAGATE_EXCEPTIONS": None,
    "SECRET_KEY": None,
    "SECRET_KEY_FALLBACKS": None,
    "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
    "USE_X_SENDFILE": False,
    "TRUSTED_HOSTS": None,
    "SERVER_NAME": None,
    "APPLICATION_ROOT": "/",
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_DOMAIN": None,
    "SESSION_COOKIE_PATH": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_PARTITIONED": False,
    "SESSION_COOKIE_SAMESITE": None,
    "SESSION_REFRESH_EACH_REQUEST": True,
    "MAX_CONTENT_LENGTH": None,
    "MAX_FORM_MEMORY_SIZE": 500_000,
    "MAX_FORM_PARTS": 1_000,
    "SEND_FILE_MAX_AGE_DEFAULT": None,
    "TRAP_BAD_REQUEST_ERRORS": None,
    "TRAP_HTTP_EXCEPTIONS": False,
    "EXPLAIN_TEMPLATE_LOADING": False,
    "PREFERRED_URL_SCHEME": "http",
    "TEMPLATES_AUTO_RELOAD": None,
    "MAX_COOKIE_SIZE": 4093,
    "PROVIDE_AUTOMATIC_OPTIONS": True,
}


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """``settings.py``, ``settings.json`` and ``settings.toml`` with the same keys."""
    (tmp_path / "settings.py").write_text(CONFIG_SOURCE)
    (tmp_path / "settings.json").write_text(
        json.dumps({"TEST_KEY": "foo", "SECRET_KEY": "config", "lower": 1})
    )
    (tmp_path / "settings.toml").write_text(
        'TEST_KEY = "foo"\nSECRET_KEY = "config"\nlower = 1\n'
    )
    return tmp_path


@pytest.fixture
def config_module(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable module ``conformance_settings`` (and a class in it)."""
    (config_dir / "conformance_settings.py").write_text(
        CONFIG_SOURCE + "\nclass Production:\n    TEST_KEY = 'prod'\n    DEBUG = True\n"
    )
    monkeypatch.syspath_prepend(str(config_dir))
    monkeypatch.delitem(sys.modules, "conformance_settings", raising=False)
    return "conformance_settings"


def _loaded(app: t.Any) -> None:
    assert app.secret_key == "config"
    assert app.config["TEST_KEY"] == "foo"
    assert "lower_key" not in app.config
    assert "lower" not in app.config


# -- defaults and attributes ------------------------------------------------------


@pytest.mark.api("Config", "Flask")
def test_default_config(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app = impl.Flask("defaults", root_path=str(tmp_path))
    assert dict(app.config) == FLASK_DEFAULT_CONFIG
    assert list(app.config) == list(FLASK_DEFAULT_CONFIG)
    assert isinstance(app.config, impl.Config)
    assert app.config.root_path == str(tmp_path)
    assert dict(impl.Flask.default_config) == {**FLASK_DEFAULT_CONFIG, "DEBUG": None}
    with pytest.raises(TypeError):
        impl.Flask.default_config["DEBUG"] = True


@pytest.mark.api("Config", "Flask")
@pytest.mark.parametrize(("value", "debug"), [("1", True), ("0", False), ("no", False)])
def test_flask_debug_env(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch, value: str, debug: bool
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", value)
    app = impl.Flask("debug_env")
    assert app.config["DEBUG"] is debug
    assert app.debug is debug


@pytest.mark.api("Config", "Flask")
def test_config_attributes(impl: t.Any, app: t.Any) -> None:
    app.debug = True
    assert app.config["DEBUG"] is True
    app.config["DEBUG"] = False
    assert app.debug is False
    app.testing = False
    assert app.config["TESTING"] is False
    app.config["TESTING"] = True
    assert app.testing is True
    app.secret_key = "s3cr3t"
    assert app.config["SECRET_KEY"] == "s3cr3t"
    app.config["SECRET_KEY"] = b"bytes"
    assert app.secret_key == b"bytes"
    assert app.permanent_session_lifetime == timedelta(days=31)
    app.config["PERMANENT_SESSION_LIFETIME"] = 42
    assert app.permanent_session_lifetime == timedelta(seconds=42)
    app.permanent_session_lifetime = timedelta(hours=1)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=1)
    assert impl.Flask.secret_key.__name__ == "SECRET_KEY"
    assert impl.Flask.testing.__name__ == "TESTING"


@pytest.mark.api("Config", "Flask")
def test_instance_relative_config(impl: t.Any, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "settings.py").write_text(CONFIG_SOURCE)
    app = impl.Flask("rel", instance_path=str(instance), instance_relative_config=True)
    assert app.config.root_path == str(instance)
    assert app.config.from_pyfile("settings.py") is True
    _loaded(app)


@pytest.mark.api("Config", "Flask")
def test_custom_config_class(impl: t.Any, config_module: str) -> None:
    class Config(impl.Config):  # type: ignore[misc,name-defined]
        pass

    class Flask(impl.Flask):  # type: ignore[misc,name-defined]
        config_class = Config

    app = Flask("custom")
    assert type(app.config) is Config
    app.config.from_object(config_module)
    _loaded(app)


def test_plain_config(impl: t.Any, tmp_path: Path) -> None:
    config = impl.Config(tmp_path)
    assert config == {}
    assert config.root_path == tmp_path
    config = impl.Config(str(tmp_path), {"A": 1, "b": 2})
    assert config == {"A": 1, "b": 2}
    assert repr(config) == "<Config {'A': 1, 'b': 2}>"


# -- from_object -----------------------------------------------------------------


def test_from_object_module_and_string(
    impl: t.Any, app: t.Any, config_module: str
) -> None:
    assert app.config.from_object(config_module) is None
    _loaded(app)
    app.config.from_object(f"{config_module}.Production")
    assert app.config["TEST_KEY"] == "prod"
    assert app.config["DEBUG"] is True
    app.config["TEST_KEY"] = "x"
    app.config.from_object(f"{config_module}:Production")
    assert app.config["TEST_KEY"] == "prod"
    assert "Production" not in app.config


def test_from_object_class_and_instance(impl: t.Any, app: t.Any) -> None:
    class Base:
        TEST_KEY = "foo"

    class Test(Base):
        SECRET_KEY = "config"
        lower_key = "skipped"

        @property
        def COMPUTED(self) -> str:  # noqa: N802 - config keys are upper-case
            return "computed"

    app.config.from_object(Test)
    _loaded(app)
    assert isinstance(app.config["COMPUTED"], property)
    app.config.from_object(Test())
    assert app.config["COMPUTED"] == "computed"


def test_from_object_dict_loads_nothing(impl: t.Any, app: t.Any) -> None:
    before = dict(app.config)
    app.config.from_object({"TEST_KEY": "foo"})
    assert dict(app.config) == before


def test_from_object_import_error(impl: t.Any, app: t.Any) -> None:
    with pytest.raises(ImportError) as exc_info:
        app.config.from_object("no_such_module_for_conformance.Config")
    assert exc_info.value.import_name == "no_such_module_for_conformance.Config"  # type: ignore[attr-defined]
    assert str(exc_info.value).startswith(
        "import_string() failed for 'no_such_module_for_conformance.Config'"
    )


# -- from_pyfile and from_envvar ---------------------------------------------------


def test_from_pyfile(impl: t.Any, config_dir: Path) -> None:
    app = impl.Flask("pyfile", root_path=str(config_dir))
    assert app.config.from_pyfile("settings.py") is True
    _loaded(app)
    app2 = impl.Flask("pyfile2")
    assert app2.config.from_pyfile(str(config_dir / "settings.py")) is True
    _loaded(app2)
    assert app2.config.from_pyfile(config_dir / "settings.py") is True


def test_from_pyfile_sees_its_file(impl: t.Any, tmp_path: Path) -> None:
    (tmp_path / "cfg.py").write_text(
        "import os\nHERE = __file__\nNAME = __name__\nJOINED = os.sep\n"
    )
    app = impl.Flask("pyfile", root_path=str(tmp_path))
    app.config.from_pyfile("cfg.py")
    assert app.config["HERE"] == str(tmp_path / "cfg.py")
    assert app.config["NAME"] == "config"
    assert app.config["JOINED"] == os.sep
    assert "os" not in app.config


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-15", "latin-1"])
def test_from_pyfile_weird_encoding(impl: t.Any, tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "my_config.py"
    f.write_text(f'# -*- coding: {encoding} -*-\nTEST_VALUE = "föö"\n', encoding)
    app = impl.Flask("enc")
    app.config.from_pyfile(os.fspath(f))
    assert app.config["TEST_VALUE"] == "föö"


def test_from_pyfile_missing(impl: t.Any, tmp_path: Path) -> None:
    app = impl.Flask("missing", root_path=str(tmp_path))
    with pytest.raises(OSError) as exc_info:
        app.config.from_pyfile("missing.cfg")
    assert type(exc_info.value) is FileNotFoundError
    assert str(exc_info.value) == (
        "[Errno 2] Unable to load configuration file (No such file or directory):"
        f" '{tmp_path / 'missing.cfg'}'"
    )
    assert app.config.from_pyfile("missing.cfg", silent=True) is False
    assert app.config.from_pyfile(str(tmp_path), silent=True) is False
    with pytest.raises(IsADirectoryError, match="Unable to load configuration file"):
        app.config.from_pyfile(str(tmp_path))


def test_from_pyfile_errors_propagate(impl: t.Any, tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("X = 1 / 0\n")
    app = impl.Flask("bad", root_path=str(tmp_path))
    with pytest.raises(ZeroDivisionError):
        app.config.from_pyfile("bad.py", silent=True)


def test_from_envvar(
    impl: t.Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FOO_SETTINGS", raising=False)
    app = impl.Flask("envvar")
    with pytest.raises(RuntimeError) as exc_info:
        app.config.from_envvar("FOO_SETTINGS")
    assert str(exc_info.value) == (
        "The environment variable 'FOO_SETTINGS' is not set and as such"
        " configuration could not be loaded. Set this variable and make it"
        " point to a configuration file"
    )
    assert app.config.from_envvar("FOO_SETTINGS", silent=True) is False
    monkeypatch.setenv("FOO_SETTINGS", "")
    with pytest.raises(RuntimeError, match="'FOO_SETTINGS' is not set"):
        app.config.from_envvar("FOO_SETTINGS")
    monkeypatch.setenv("FOO_SETTINGS", str(config_dir / "settings.py"))
    assert app.config.from_envvar("FOO_SETTINGS") is True
    _loaded(app)


def test_from_envvar_missing_file(
    impl: t.Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOO_SETTINGS", "missing.cfg")
    app = impl.Flask("envvar", root_path=str(tmp_path))
    with pytest.raises(OSError) as exc_info:
        app.config.from_envvar("FOO_SETTINGS")
    msg = str(exc_info.value)
    assert msg.startswith(
        "[Errno 2] Unable to load configuration file (No such file or directory):"
    )
    assert msg.endswith("missing.cfg'")
    assert app.config.from_envvar("FOO_SETTINGS", silent=True) is False


# -- from_file and from_mapping ------------------------------------------------------


def test_from_file_json_and_toml(impl: t.Any, config_dir: Path) -> None:
    app = impl.Flask("file", root_path=str(config_dir))
    assert app.config.from_file("settings.json", load=json.load) is True
    _loaded(app)
    tomllib = pytest.importorskip("tomllib")
    app = impl.Flask("file", root_path=str(config_dir))
    assert app.config.from_file("settings.toml", tomllib.load, text=False) is True
    _loaded(app)
    app = impl.Flask("file")
    assert app.config.from_file(config_dir / "settings.json", json.load) is True
    _loaded(app)


def test_from_file_text_mode(impl: t.Any, tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text('{"NAME": "h\\u00e9"}')
    seen: list[t.Any] = []

    def load(f: t.IO[t.Any]) -> dict[str, t.Any]:
        seen.append(f.read())
        return {"A": 1}

    config = impl.Config(tmp_path)
    config.from_file("c.json", load)
    config.from_file("c.json", load, text=False)
    assert seen == ['{"NAME": "h\\u00e9"}', b'{"NAME": "h\\u00e9"}']
    assert config == {"A": 1}


def test_from_file_missing(impl: t.Any, tmp_path: Path) -> None:
    app = impl.Flask("missing", root_path=str(tmp_path))
    with pytest.raises(OSError) as exc_info:
        app.config.from_file("missing.json", load=json.load)
    assert str(exc_info.value) == (
        "[Errno 2] Unable to load configuration file (No such file or directory):"
        f" '{tmp_path / 'missing.json'}'"
    )
    assert app.config.from_file("missing.json", load=json.load, silent=True) is False
    assert app.config.from_file(str(tmp_path), json.load, silent=True) is False


def test_from_file_bad_data(impl: t.Any, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{nope")
    config = impl.Config(tmp_path)
    with pytest.raises(json.JSONDecodeError):
        config.from_file("bad.json", json.load, silent=True)


def test_from_mapping(impl: t.Any, app: t.Any) -> None:
    assert app.config.from_mapping({"SECRET_KEY": "config", "TEST_KEY": "foo"})
    _loaded(app)
    app = impl.Flask("m")
    app.config.from_mapping([("SECRET_KEY", "config"), ("TEST_KEY", "foo")])
    _loaded(app)
    app = impl.Flask("m")
    app.config.from_mapping(SECRET_KEY="config", TEST_KEY="foo", skip_key="skip")
    _loaded(app)
    assert "skip_key" not in app.config
    app.config.from_mapping({"TEST_KEY": "a"}, TEST_KEY="b")
    assert app.config["TEST_KEY"] == "b"
    assert app.config.from_mapping() is True
    with pytest.raises(TypeError):
        app.config.from_mapping({}, {})


# -- from_prefixed_env -------------------------------------------------------------


def test_from_prefixed_env(impl: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_STRING", "value")
    monkeypatch.setenv("FLASK_BOOL", "true")
    monkeypatch.setenv("FLASK_INT", "1")
    monkeypatch.setenv("FLASK_FLOAT", "1.2")
    monkeypatch.setenv("FLASK_LIST", "[1, 2]")
    monkeypatch.setenv("FLASK_DICT", '{"k": "v"}')
    monkeypatch.setenv("FLASK_NULL", "null")
    monkeypatch.setenv("FLASK_lower", "1")
    monkeypatch.setenv("NOT_FLASK_OTHER", "other")
    app = impl.Flask("env")
    assert app.config.from_prefixed_env() is True
    assert app.config["STRING"] == "value"
    assert app.config["BOOL"] is True
    assert app.config["INT"] == 1
    assert app.config["FLOAT"] == 1.2
    assert app.config["LIST"] == [1, 2]
    assert app.config["DICT"] == {"k": "v"}
    assert app.config["NULL"] is None
    assert app.config["lower"] == 1
    assert "OTHER" not in app.config


def test_from_prefixed_env_custom_prefix_and_loads(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_A", "a")
    monkeypatch.setenv("NOT_FLASK_A", "b")
    monkeypatch.setenv("NOT_FLASK_N", "12")
    app = impl.Flask("env")
    app.config.from_prefixed_env("NOT_FLASK", loads=str.upper)
    assert app.config["A"] == "B"
    assert app.config["N"] == "12"

    def fail(value: str) -> t.Any:
        raise ValueError(value)

    app.config.from_prefixed_env(loads=fail)
    assert app.config["A"] == "a"


def test_from_prefixed_env_nested(impl: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_EXIST__ok", "other")
    monkeypatch.setenv("FLASK_EXIST__inner__ik", "2")
    monkeypatch.setenv("FLASK_EXIST__new__more", '{"k": false}')
    monkeypatch.setenv("FLASK_NEW__K", "v")
    app = impl.Flask("env")
    app.config["EXIST"] = {"ok": "value", "flag": True, "inner": {"ik": 1}}
    app.config.from_prefixed_env()
    assert app.config["EXIST"] == {
        "ok": "other",
        "flag": True,
        "inner": {"ik": 2},
        "new": {"more": {"k": False}},
    }
    assert app.config["NEW"] == {"K": "v"}


def test_from_prefixed_env_nested_into_a_value(
    impl: t.Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_A", "1")
    monkeypatch.setenv("FLASK_A__B", "2")
    app = impl.Flask("env")
    with pytest.raises(TypeError):
        app.config.from_prefixed_env()


# -- get_namespace -------------------------------------------------------------------


def test_get_namespace(impl: t.Any, app: t.Any) -> None:
    app.config["FOO_OPTION_1"] = "foo option 1"
    app.config["FOO_OPTION_2"] = "foo option 2"
    app.config["BAR_STUFF_1"] = "bar stuff 1"
    app.config["BAR_STUFF_2"] = "bar stuff 2"
    assert app.config.get_namespace("FOO_") == {
        "option_1": "foo option 1",
        "option_2": "foo option 2",
    }
    assert app.config.get_namespace("BAR_", lowercase=False) == {
        "STUFF_1": "bar stuff 1",
        "STUFF_2": "bar stuff 2",
    }
    assert app.config.get_namespace("FOO_", trim_namespace=False) == {
        "foo_option_1": "foo option 1",
        "foo_option_2": "foo option 2",
    }
    assert app.config.get_namespace("BAR_", lowercase=False, trim_namespace=False) == {
        "BAR_STUFF_1": "bar stuff 1",
        "BAR_STUFF_2": "bar stuff 2",
    }
    assert app.config.get_namespace("NOPE_") == {}
    assert list(app.config.get_namespace("SESSION_COOKIE_"))[:2] == ["name", "domain"]
