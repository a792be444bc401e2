"""The alias: ``flask.X`` is ``flaskcompat.X`` and ``werkzeug.X`` is
``flaskcompat.werkzeug.X``, so unmodified Flask code and extensions run on
flaskcompat, whether or not real Flask or Werkzeug is installed.

:func:`install` puts a finder first on :data:`sys.meta_path` and the modules
flaskcompat has already imported into :data:`sys.modules` under their Flask and
Werkzeug names; ``import flask.sessions`` then returns the module object
``flaskcompat.sessions`` itself (no copy), so ``isinstance`` checks and module
globals are shared by both names. A name of Flask's or Werkzeug's that
flaskcompat does not provide raises :class:`ModuleNotFoundError` saying so.

Ways in, none of which edits the app:

- the CLI calls :func:`cli_setup` before it imports the app (``--no-alias`` turns
  it off);
- ``pytest -p flaskcompat.alias`` runs an existing Flask test suite: the plugin
  installs the alias before pytest imports any ``conftest.py``;
- a WSGI server imports the app through :func:`load`:
  ``gunicorn 'flaskcompat.alias:load("myapp:app")'``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
import typing as t

__all__ = ["AliasError", "cli_setup", "install", "installed", "load", "uninstall"]

# The packages the alias stands in for -> the flaskcompat package that answers.
_ROOTS: dict[str, str] = {"flask": "flaskcompat", "werkzeug": "flaskcompat.werkzeug"}


# Flask 3.1's and Werkzeug 3.1's modules: the names the alias may map. A module
# here that flaskcompat does not have raises ModuleNotFoundError; a name not
# here (``flask.werkzeug``, ``flask.alias``: flaskcompat's own modules) is not
# Flask's and is not mapped either.
def _modules(root: str, *submodules: str) -> frozenset[str]:
    return frozenset([root, *(f"{root}.{sub}" for sub in submodules)])


FLASK_MODULES = _modules(
    "flask",
    *("__main__", "app", "blueprints", "cli", "config", "ctx", "debughelpers"),
    *("globals", "helpers", "json", "json.provider", "json.tag", "logging"),
    *("sansio", "sansio.app", "sansio.blueprints", "sansio.scaffold", "sessions"),
    *("signals", "templating", "testing", "typing", "views", "wrappers"),
)
WERKZEUG_MODULES = _modules(
    "werkzeug",
    *("_internal", "_reloader", "exceptions", "formparser", "http", "local"),
    *("security", "serving", "test", "testapp", "urls", "user_agent", "utils", "wsgi"),
    *("datastructures", "datastructures.accept", "datastructures.auth"),
    *("datastructures.cache_control", "datastructures.csp", "datastructures.etag"),
    *("datastructures.file_storage", "datastructures.headers"),
    *("datastructures.mixins", "datastructures.range", "datastructures.structures"),
    *("debug", "debug.console", "debug.repr", "debug.tbtools"),
    *("middleware", "middleware.dispatcher", "middleware.http_proxy"),
    *("middleware.lint", "middleware.profiler", "middleware.proxy_fix"),
    *("middleware.shared_data", "routing", "routing.converters"),
    *("routing.exceptions", "routing.map", "routing.matcher", "routing.rules"),
    *("sansio", "sansio.http", "sansio.multipart", "sansio.request"),
    *("sansio.response", "sansio.utils"),
    *("wrappers", "wrappers.request", "wrappers.response"),
)
SURFACE = FLASK_MODULES | WERKZEUG_MODULES


class AliasError(RuntimeError):
    """The alias cannot be installed: real Flask or Werkzeug is already in use."""


def target_name(name: str) -> str | None:
    """The flaskcompat module standing for ``name`` (``flask.ctx`` ->
    ``flaskcompat.ctx``), or None when ``name`` is not under flask/werkzeug."""
    root, dot, rest = name.partition(".")
    package = _ROOTS.get(root)
    if package is None:
        return None
    return package + dot + rest


def _not_provided(name: str) -> ModuleNotFoundError:
    return ModuleNotFoundError(
        f"No module named {name!r}: flaskcompat does not provide it"
        f" (the flaskcompat alias maps {name.partition('.')[0]} onto flaskcompat)",
        name=name,
    )


def _is_ours(name: str, module: object) -> bool:
    """``module`` (found in sys.modules as ``name``) is flaskcompat's."""
    return getattr(module, "__name__", None) == target_name(name)


class _AliasLoader(importlib.abc.Loader):
    """Loads ``flask.X`` by putting the module ``flaskcompat.X`` in its place."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # a placeholder; exec_module swaps in the real module

    def exec_module(self, module: types.ModuleType) -> None:
        # The import system returns what sys.modules holds after exec_module, so
        # the placeholder is dropped and the flaskcompat module is used as is.
        sys.modules[module.__name__] = importlib.import_module(self.target)


class _AliasFinder(importlib.abc.MetaPathFinder):
    """First on sys.meta_path: answers every ``flask``/``werkzeug`` import."""

    def find_spec(
        self,
        fullname: str,
        path: t.Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        target_module = target_name(fullname)
        if target_module is None:
            return None
        if fullname not in SURFACE:
            raise _not_provided(fullname)
        try:
            found = importlib.util.find_spec(target_module)
        except ModuleNotFoundError:
            found = None
        if found is None:
            raise _not_provided(fullname)
        return importlib.machinery.ModuleSpec(
            fullname,
            _AliasLoader(target_module),
            is_package=found.submodule_search_locations is not None,
        )


_FINDER = _AliasFinder()


def installed() -> bool:
    """Whether :func:`install` is in effect."""
    return _FINDER in sys.meta_path


def _foreign_modules() -> list[str]:
    """Names of real flask/werkzeug modules already imported."""
    return sorted(
        name
        for name, module in list(sys.modules.items())
        if module is not None
        and target_name(name) is not None
        and not _is_ours(name, module)
    )


def install() -> None:
    """Make ``flask``, ``flask.<sub>``, ``werkzeug`` and ``werkzeug.<sub>`` resolve
    to flaskcompat's modules. Idempotent. Raises :class:`AliasError` when real
    Flask or Werkzeug modules are already imported (objects from them would not
    be flaskcompat's: install the alias before anything imports flask)."""
    if installed():
        return
    foreign = _foreign_modules()
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise AliasError(
            "flaskcompat.alias cannot make flask/werkzeug resolve to flaskcompat:"
            f" the real modules are already imported ({shown}). Install the alias"
            " before anything imports flask or werkzeug."
        )
    importlib.import_module("flaskcompat.werkzeug")
    sys.meta_path.insert(0, _FINDER)
    for name, module in list(sys.modules.items()):
        if not name.startswith("flaskcompat"):
            continue
        root, dot, rest = name.partition(".")
        if root != "flaskcompat":
            continue
        if rest == "werkzeug" or rest.startswith("werkzeug."):
            alias = rest
        else:
            alias = "flask" + dot + rest
        if alias in SURFACE:
            sys.modules[alias] = module


def uninstall() -> None:
    """Undo :func:`install` (for tests): remove the finder and every
    ``flask``/``werkzeug`` entry of sys.modules that is flaskcompat's."""
    while _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name, module in list(sys.modules.items()):
        if target_name(name) is not None and _is_ours(name, module):
            del sys.modules[name]


def cli_setup(enabled: bool = True) -> bool:
    """What the ``flaskcompat`` CLI calls before it imports the app: install the
    alias unless ``enabled`` is false (``--no-alias``). Returns whether the
    alias is installed. :class:`AliasError` (real Flask already imported) is
    the CLI's to report."""
    if enabled:
        install()
    return installed()


def load(spec: str) -> t.Any:
    """Install the alias, then import and return the app ``spec`` names:
    ``"module:name"`` (``name`` defaults to ``app``), or ``"module:factory()"``
    to call an app factory without arguments. For WSGI servers:
    ``gunicorn 'flaskcompat.alias:load("myapp:app")'``."""
    install()
    module_name, _, attr = spec.partition(":")
    attr = attr.strip() or "app"
    call = attr.endswith("()")
    if call:
        attr = attr[:-2]
    module = importlib.import_module(module_name.strip())
    try:
        obj = getattr(module, attr)
    except AttributeError:
        message = f"module {module_name!r} has no attribute {attr!r}"
        raise AttributeError(message) from None
    return obj() if call else obj


# pytest plugin (``pytest -p flaskcompat.alias``). pytest calls pytest_addoption
# when it registers the plugin: before it loads installed plugins (pytest-flask
# imports flask) and before any conftest.py. pytest_configure covers a plugin
# named in ``pytest_plugins``.
_installed_by_plugin = False


def pytest_addoption(parser: t.Any, pluginmanager: t.Any) -> None:
    """Install the alias as soon as pytest loads the plugin."""
    _plugin_install()


def pytest_configure(config: t.Any) -> None:
    """Install the alias (a no-op if already installed)."""
    _plugin_install()


def pytest_unconfigure(config: t.Any) -> None:
    """Remove the alias the plugin installed."""
    global _installed_by_plugin
    if _installed_by_plugin:
        uninstall()
        _installed_by_plugin = False


def pytest_report_header(config: t.Any) -> str:
    """Say in pytest's header which modules ``flask`` and ``werkzeug`` are."""
    flask = sys.modules.get("flask")
    return (
        f"flaskcompat.alias: flask is {getattr(flask, '__name__', None)}"
        f" ({getattr(flask, '__file__', None)})"
    )


def _plugin_install() -> None:
    global _installed_by_plugin
    if not installed():
        install()
        _installed_by_plugin = True
