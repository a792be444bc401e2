"""tools/compat_matrix.py: the committed matrix is fresh, and its building blocks
work out signatures and statuses as documented."""

from __future__ import annotations

import difflib
import importlib.util
import inspect
import subprocess
import sys
import types
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "compat_matrix.py"
COMMITTED = ROOT / "compat_matrix.md"


def _load_tool() -> types.ModuleType:
    """Import tools/compat_matrix.py by path (``tools`` is no package)."""
    spec = importlib.util.spec_from_file_location("compat_matrix", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


cm = _load_tool()


# -- the committed matrix --------------------------------------------------


def test_committed_matrix_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "compat_matrix.md"
    proc = subprocess.run(
        [sys.executable, str(TOOL), "--output", str(fresh)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"the generator failed:\n{proc.stdout}{proc.stderr}"
    if not COMMITTED.exists():
        pytest.fail(f"compat_matrix.md is missing: run `{cm.COMMAND}` and commit it")
    committed = COMMITTED.read_text("utf-8")
    regenerated = fresh.read_text("utf-8")
    if committed != regenerated:
        diff = difflib.unified_diff(
            committed.splitlines(keepends=True),
            regenerated.splitlines(keepends=True),
            "compat_matrix.md (committed)",
            "compat_matrix.md (regenerated)",
        )
        pytest.fail(
            f"compat_matrix.md is stale: run `{cm.COMMAND}` and commit it\n"
            + "".join(list(diff)[:200]),
            pytrace=False,
        )


# -- signature_problems ----------------------------------------------------


def ref(a: int, b: int = 1, *args: int, c: int, d: int = 2, **kw: int) -> None:
    """The reference signature the cases below are compared with."""


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        (lambda a, b=1, *args, c, d=2, **kw: None, []),
        (lambda a, b=1, *args, c, d=2, e=3, **kw: None, []),
        (lambda a, b=1, *more, c, d=2, **options: None, []),
        (
            lambda a, b=1, c=0, *args, d=2, **kw: None,
            ["c takes arguments meant for *args"],
        ),
        (lambda a, b, *args, c, d=2, **kw: None, ["b has no default"]),
        (
            lambda b=1, a=0, *args, c, d=2, **kw: None,
            ["a at position 1", "b at position 0"],
        ),
        (lambda a, *, b=1, c, d=2, **kw: None, ["b is keyword-only", "no *args"]),
        (lambda a, b=1, *args, c, d=2: None, ["no **kw"]),
        (lambda a, b=1, x=0, *, c, d=2, **kw: None, ["no *args"]),
        (lambda a, b=1, *args, c, d=2, e, **kw: None, ["extra required e"]),
        (lambda a, /, b=1, *args, c, d=2, **kw: None, ["a is positional-only"]),
        (lambda a, *args, c, d=2, **kw: None, ["missing b"]),
    ],
)
def test_signature_problems(got: t.Callable[..., None], expected: list[str]) -> None:
    problems = cm.signature_problems(inspect.signature(ref), inspect.signature(got))
    assert problems == expected


def test_signature_problems_positional_only_may_be_renamed() -> None:
    def flask_side(a: int, /, b: int = 1) -> None: ...
    def compat_side(value: int, b: int = 1) -> None: ...
    def too_short() -> None: ...

    ref_sig = inspect.signature(flask_side)
    assert cm.signature_problems(ref_sig, inspect.signature(compat_side)) == []
    assert cm.signature_problems(ref_sig, inspect.signature(too_short)) == [
        "missing a",
        "missing b",
    ]


# -- name_row --------------------------------------------------------------


def _runs(test: str, flask: str, compat: str, name: str = "url_for") -> list[t.Any]:
    """The two runs of one conformance test, with the given outcomes."""
    node = f"tests/conformance/test_x.py::{test}"
    return [
        cm.TestResult(f"{node}[flask]", (name,), "flask", f"{node}[]", flask),
        cm.TestResult(
            f"{node}[flaskcompat]", (name,), "flaskcompat", f"{node}[]", compat
        ),
    ]


def test_name_row_conforms() -> None:
    row = cm.name_row(
        "url_for", True, _runs("test_a", "passed", "passed"), False, [], ""
    )
    assert (row.status, row.flask, row.compat, row.note) == (
        "conforms",
        "1/1",
        "1/1",
        "",
    )


def test_name_row_failure_makes_partial() -> None:
    results = _runs("test_a", "passed", "passed") + _runs("test_b", "passed", "failed")
    row = cm.name_row("url_for", True, results, False, [], "")
    assert row.status == "partial"
    assert (row.flask, row.compat) == ("2/2", "1/2")
    assert row.note == "fails: test_x.py::test_b"


def test_name_row_ignores_tests_that_fail_on_flask() -> None:
    row = cm.name_row(
        "url_for", True, _runs("test_a", "failed", "failed"), False, [], ""
    )
    assert row.status == "untested"
    assert (row.flask, row.compat, row.note) == ("0/1", "0/1", "")


def test_name_row_signature_and_note_make_partial() -> None:
    results = _runs("test_a", "passed", "passed")
    row = cm.name_row("url_for", True, results, False, ["missing _anchor"], "")
    assert (row.status, row.note) == ("partial", "signature: missing _anchor")
    row = cm.name_row("url_for", True, results, False, [], "Builds URLs lazily.")
    assert (row.status, row.note) == ("partial", "Builds URLs lazily.")


def test_name_row_missing_and_untested() -> None:
    results = _runs("test_a", "passed", "failed")
    row = cm.name_row("url_for", False, results, False, ["not in flaskcompat"], "")
    assert (row.status, row.note) == ("missing", "")
    row = cm.name_row("escape", True, [], True, [], "")
    assert (row.status, row.flask, row.compat) == ("untested", "—", "0/0")


# -- build_matrix and to_markdown --------------------------------------------


def test_build_matrix_rejects_a_note_naming_nothing() -> None:
    with pytest.raises(SystemExit, match="no_such_name"):
        cm.build_matrix({}, {}, ["url_for"], None, "", {"no_such_name": "x"})


def test_build_matrix_rejects_an_unknown_api_name() -> None:
    results = {r.nodeid: r for r in _runs("test_a", "passed", "passed", "routing.Nope")}
    with pytest.raises(SystemExit, match="routing.Nope"):
        cm.build_matrix(results, {}, ["url_for"], None, "", {})


def test_markdown_is_deterministic_and_escaped() -> None:
    runs = _runs("test_a", "failed", "passed") + _runs("test_b", "passed", "passed")
    runs += _runs("test_c", "passed", "passed", "exceptions.NotFound")
    notes = {"url_for": "a | b"}

    def markdown(order: list[t.Any]) -> str:
        results = {r.nodeid: r for r in order}
        matrix = cm.build_matrix(results, {}, ["url_for", "g"], None, "Err: x", notes)
        return str(cm.to_markdown(matrix))

    text = markdown(runs)
    assert text == markdown(runs[::-1])
    assert "| `url_for` | missing | 1/2 | 2/2 | a \\| b |" in text
    assert "| `exceptions.NotFound` | missing | 1/1 | 1/1 |  |" in text
    assert "- `test_x.py::test_a[flask]`: failed on Flask" in text
    assert "**flaskcompat does not import**: `Err: x`" in text
