"""The ``impl`` fixture: every conformance test runs once on real Flask (the oracle)
and once on flaskcompat.

A test is written against ``impl`` only. ``impl.Flask``, ``impl.request``, ... are the
top-level names of ``flask`` or ``flaskcompat``; Werkzeug's modules are reached as
``impl.werkzeug.<module>`` (``werkzeug.routing`` on one side,
``flaskcompat.werkzeug.routing`` on the other), so a test never imports werkzeug or
flaskcompat itself.
"""

from __future__ import annotations

import importlib
import logging
import types
import typing as t

import pytest

IMPL_NAMES = ("flask", "flaskcompat")

# submodule attribute -> (module on the Flask side, module on the flaskcompat side)
_SUBMODULES: dict[str, tuple[str, str]] = {
    "testing": ("flask.testing", "flaskcompat.testing"),
    "ctx": ("flask.ctx", "flaskcompat.ctx"),
    "wrappers": ("flask.wrappers", "flaskcompat.wrappers"),
    "json_module": ("flask.json", "flaskcompat.json"),
    "cli": ("flask.cli", "flaskcompat.cli"),
}


class WerkzeugModules:
    """``impl.werkzeug``: ``impl.werkzeug.routing`` imports ``werkzeug.routing`` or
    ``flaskcompat.werkzeug.routing`` on first use."""

    def __init__(self, package: str) -> None:
        self._package = package

    def __getattr__(self, name: str) -> types.ModuleType:
        module = importlib.import_module(f"{self._package}.{name}")
        setattr(self, name, module)
        return module


class Impl:
    """One implementation under test: ``flask`` or ``flaskcompat``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.module: types.ModuleType = importlib.import_module(name)
        side = IMPL_NAMES.index(name)
        self.werkzeug = WerkzeugModules(("werkzeug", "flaskcompat.werkzeug")[side])
        for attr, modules in _SUBMODULES.items():
            setattr(self, attr, importlib.import_module(modules[side]))

    def __getattr__(self, attr: str) -> t.Any:
        return getattr(self.module, attr)

    def __repr__(self) -> str:
        return f"<Impl {self.name}>"


_CACHE: dict[str, Impl] = {}


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """A test marked ``divergence(reason)`` documents a known difference: its
    flaskcompat run must fail (strict xfail), its Flask run must pass."""
    for item in items:
        marker = item.get_closest_marker("divergence")
        callspec = getattr(item, "callspec", None)
        if marker is None or callspec is None:
            continue
        if callspec.params.get("impl") == "flaskcompat":
            reason = marker.args[0] if marker.args else "known divergence"
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))


@pytest.fixture(params=IMPL_NAMES)
def impl(request: pytest.FixtureRequest) -> Impl:
    name = request.param
    if name not in _CACHE:
        _CACHE[name] = Impl(name)
    return _CACHE[name]


@pytest.fixture
def app(impl: Impl) -> t.Iterator[t.Any]:
    """A fresh app in testing mode, as Flask's own test-suite builds it.

    Every app of this name shares one ``logging`` logger: its state is restored
    after the test so no test's logging set-up leaks into another.
    """
    logger = logging.getLogger("conformance_app")
    disabled, level, handlers = logger.disabled, logger.level, list(logger.handlers)
    app = impl.Flask("conformance_app", root_path=__file__.rsplit("/", 1)[0])
    app.config.update(TESTING=True, SECRET_KEY="test key")
    yield app
    logger.disabled = disabled
    logger.setLevel(level)  # setLevel also clears logging's level cache
    logger.handlers[:] = handlers


@pytest.fixture
def client(app: t.Any) -> t.Any:
    return app.test_client()


@pytest.fixture
def app_ctx(app: t.Any) -> t.Iterator[t.Any]:
    with app.app_context() as ctx:
        yield ctx


@pytest.fixture
def req_ctx(app: t.Any) -> t.Iterator[t.Any]:
    with app.test_request_context() as ctx:
        yield ctx
