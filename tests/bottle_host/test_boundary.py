"""The boundary in named places: flaskcompat/bottle_host.py is the only module
of the Flask layer that imports Bottle (the app, the router, the request, the
plugins and hooks); in the Werkzeug layer, which may not import bottle_host,
only the development server (werkzeug/serving.py and its reloader,
werkzeug/_reloader.py) does, for Bottle's server adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import flaskcompat

PACKAGE = Path(flaskcompat.__file__).parent


def imports_bottle(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
            alias.name.split(".")[0] == "bottle" for alias in node.names
        ):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == "bottle"
        ):
            return True
    return False


def test_only_bottle_host_imports_bottle() -> None:
    found = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if imports_bottle(path)
    )
    assert found == ["bottle_host.py", "werkzeug/_reloader.py", "werkzeug/serving.py"]


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from bottle import Bottle\n")
    assert imports_bottle(module)
    module.write_text("from .bottle_host import run\n")
    assert not imports_bottle(module)
