"""Imports point down: the Werkzeug layer (``flaskcompat/werkzeug/``) never imports
the Flask layer above it at run time.

Every ``import``/``from`` statement of every module of the layer is read from its
source, function-level ones included; only those under ``if TYPE_CHECKING:`` are
left out (they never run).
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import flaskcompat

PACKAGE = pathlib.Path(flaskcompat.__file__).parent
WERKZEUG = PACKAGE / "werkzeug"
FLASK_LAYER = sorted(
    p.stem if p.is_file() else p.name
    for p in PACKAGE.iterdir()
    if p.name != "werkzeug"
    and not p.name.startswith("_")
    and (p.suffix == ".py" or (p / "__init__.py").exists())
)


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _targets(path: pathlib.Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The absolute module names an import statement loads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module or ""]
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - (node.level - 1)]
    if node.module:
        return [".".join([*base, node.module])]
    return [".".join([*base, alias.name]) for alias in node.names]


WERKZEUG_MODULES = sorted(WERKZEUG.rglob("*.py"))


def test_the_flask_layer_is_known() -> None:
    assert {"app", "helpers", "globals", "wrappers", "templating"} <= set(FLASK_LAYER)
    assert len(WERKZEUG_MODULES) > 20


@pytest.mark.parametrize(
    "path", WERKZEUG_MODULES, ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_werkzeug_layer_imports_point_down(path: pathlib.Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    upward = []
    for node in _runtime_imports(tree):
        for target in _targets(path, node):
            parts = target.split(".")
            if parts[0] in ("flask", "werkzeug"):
                upward.append(f"line {node.lineno}: {target} (a real package)")
            elif parts[0] == "flaskcompat" and (
                len(parts) == 1 or parts[1] != "werkzeug"
            ):
                upward.append(f"line {node.lineno}: {target}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: pathlib.Path) -> None:
    """The reader finds a function-level import that goes up, and ignores a
    ``TYPE_CHECKING`` one."""
    source = (
        "import typing as t\n"
        "if t.TYPE_CHECKING:\n    from ..app import Flask\n"
        "def f():\n    from ..helpers import redirect\n"
    )
    nodes = _runtime_imports(ast.parse(source))
    path = WERKZEUG / "routing" / "map.py"
    assert [_targets(path, n) for n in nodes] == [
        ["typing"],
        ["flaskcompat.werkzeug.helpers"],
    ]
    path = WERKZEUG / "utils.py"
    assert _targets(path, nodes[1]) == ["flaskcompat.helpers"]
