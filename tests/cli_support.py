"""Shared by the command-line tests: a clean process state per test, and app
modules written to a temporary directory for either side.

The command line changes process-wide state as Flask's does (``FLASK_DEBUG``,
``FLASK_RUN_FROM_CLI``, ``sys.path``, the modules it imports, the variables
``.env`` files set): :func:`cli_state` puts all of it back after each test.
"""

from __future__ import annotations

import importlib
import os
import sys
import textwrap
import typing as t
from pathlib import Path

import pytest

#: Variables the command line reads or sets; none is set when a test starts.
CLI_VARIABLES = (
    "FLASK_APP",
    "FLASK_DEBUG",
    "FLASK_RUN_FROM_CLI",
    "FLASK_SKIP_DOTENV",
    "FLASK_ENV_FILE",
    "PYTHONSTARTUP",
    "WERKZEUG_RUN_MAIN",
    "BOTTLE_CHILD",
)


@pytest.fixture
def cli_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> t.Iterator[Path]:
    """Run in ``tmp_path`` with no ``FLASK_*`` variables; restore the
    environment, ``sys.path`` and the module table afterwards."""
    saved_environ = dict(os.environ)
    saved_path = list(sys.path)
    saved_modules = set(sys.modules)
    for name in CLI_VARIABLES:
        os.environ.pop(name, None)
    monkeypatch.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.path[:] = saved_path
        root = str(tmp_path)
        for name in set(sys.modules) - saved_modules:
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            if module_file.startswith(root):
                del sys.modules[name]
        importlib.invalidate_caches()


def write_module(directory: Path, relpath: str, source: str, impl: str) -> Path:
    """Write ``source`` (``IMPL`` replaced by ``flask`` or ``flaskcompat``) to
    ``directory/relpath``, creating parent folders."""
    path = directory / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source).replace("IMPL", impl), "utf-8")
    importlib.invalidate_caches()
    return path
