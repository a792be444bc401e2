"""Generate ``compat_matrix.md`` from the conformance suite.

The generator runs ``tests/conformance`` in-process (plus the flaskcompat-only tests
tagged with one of the seed's older names), records for every test its ``api`` marker
names, its ``impl`` side and its outcome, compares the signatures of Flask's public
callables with flaskcompat's, and writes one row per public name of Flask's API.

Usage (from anywhere; paths are relative to the repository)::

    python tools/compat_matrix.py                # write compat_matrix.md
    python tools/compat_matrix.py --check        # exit 1 with a diff when it is stale
    python tools/compat_matrix.py --output PATH  # write (or check) another file

The output is deterministic: sorted rows, no timestamps, durations or local paths.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import difflib
import importlib
import inspect
import io
import os
import sys
import types
import typing as t
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "compat_matrix.md"
COMMAND = "python tools/compat_matrix.py"
CONFORMANCE_DIR = "tests/conformance/"
# The only test module that must never run inside the generator: it runs the generator.
SELF_TEST = "tests/test_compat_matrix.py"

# Names the seed exported that Flask 3.1 no longer has; flaskcompat keeps them.
LEGACY_NAMES = ("Markup", "Session", "escape", "safe_join")
# Classes whose public methods get a row each in the signature table.
METHOD_CLASSES = ("Flask", "Request", "Response", "Config", "Blueprint")
# Where a dotted ``api`` name (``exceptions.NotFound``) is looked up on each side.
FLASK_ROOTS = ("flask", "werkzeug")
COMPAT_ROOTS = ("flaskcompat",)

CONFORMS, PARTIAL, MISSING, UNTESTED = "conforms", "partial", "missing", "untested"
STATUSES = (CONFORMS, PARTIAL, MISSING, UNTESTED)
COMPATIBLE, DIFFERS = "compatible", "differs"

_P = inspect.Parameter
_POSITIONAL = (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)
_KIND_TEXT = {
    _P.POSITIONAL_ONLY: "positional-only",
    _P.POSITIONAL_OR_KEYWORD: "positional-or-keyword",
    _P.VAR_POSITIONAL: "*args",
    _P.KEYWORD_ONLY: "keyword-only",
    _P.VAR_KEYWORD: "**kwargs",
}


# --------------------------------------------------------------------------- results


@dataclasses.dataclass
class TestResult:
    """One collected test: its ``api`` names, its side and its outcome."""

    nodeid: str
    names: tuple[str, ...]
    impl: str | None  # "flask", "flaskcompat", or None for flaskcompat-only tests
    twin: str  # the same for a test's flask and flaskcompat runs
    outcome: str = "passed"  # passed, failed, error, skipped, xfailed, xpassed

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def short_id(self) -> str:
        return self.nodeid.removeprefix(CONFORMANCE_DIR).removeprefix("tests/")


class Collector:
    """A pytest plugin that keeps the tests feeding the matrix and records them."""

    def __init__(self) -> None:
        self.results: dict[str, TestResult] = {}
        self.unfed: dict[str, str] = {}  # conformance nodeid -> why it feeds nothing
        self.collect_errors: list[str] = []

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        keep: list[pytest.Item] = []
        drop: list[pytest.Item] = []
        for item in items:
            names = tuple(
                str(name) for mark in item.iter_markers("api") for name in mark.args
            )
            params: dict[str, t.Any] = dict(getattr(item, "callspec", None).params)
            impl = params.pop("impl", None)
            if item.nodeid.startswith(CONFORMANCE_DIR):
                if impl is None:
                    self.unfed[item.nodeid] = "does not use the impl fixture"
                elif not names:
                    self.unfed[item.nodeid] = "has no api marker"
            elif not set(names) & set(LEGACY_NAMES):
                drop.append(item)
                continue
            keep.append(item)
            twin = f"{item.nodeid.split('[')[0]}{sorted(map(repr, params.items()))}"
            self.results[item.nodeid] = TestResult(item.nodeid, names, impl, twin)
        items[:] = keep
        if drop:
            config.hook.pytest_deselected(items=drop)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append(report.nodeid or "<session>")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = self.results.get(report.nodeid)
        if result is None or result.outcome in ("failed", "error"):
            return
        if report.failed:
            result.outcome = "failed" if report.when == "call" else "error"
        elif report.skipped and result.outcome == "passed":
            result.outcome = "xfailed" if hasattr(report, "wasxfail") else "skipped"
        elif report.passed and hasattr(report, "wasxfail"):
            result.outcome = "xpassed"


def run_tests() -> Collector:
    """Run the suite in-process from the repository root and collect the outcomes."""
    collector = Collector()
    args = [
        "tests",
        f"--ignore={SELF_TEST}",
        f"--rootdir={ROOT}",
        "-o",
        "addopts=",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "-q",
        "--tb=no",
        "--no-header",
    ]
    output = io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(output):
            code = pytest.main(args, plugins=[collector])
    finally:
        os.chdir(cwd)
    if collector.collect_errors or code not in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
    ):
        sys.stderr.write(output.getvalue())
        raise SystemExit(
            f"compat_matrix: pytest could not run the suite (exit {int(code)}); "
            f"collection errors: {', '.join(collector.collect_errors) or 'none'}"
        )
    if not collector.results:
        raise SystemExit("compat_matrix: pytest collected no conformance test")
    return collector


# --------------------------------------------------------------------------- names


def flask_exports() -> list[str]:
    """The names ``flask/__init__.py`` imports from its own submodules."""
    import flask

    tree = ast.parse(Path(str(flask.__file__)).read_text("utf-8"))
    names = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    return [name for name in names if not name.startswith("_")]


def import_flaskcompat() -> tuple[types.ModuleType | None, str]:
    """Import flaskcompat; on failure return ``None`` and a path-free reason."""
    try:
        return importlib.import_module("flaskcompat"), ""
    except Exception as exc:  # any failure means: every name is missing
        lines = str(exc).splitlines()
        reason = f"{type(exc).__name__}: {lines[0] if lines else ''}"
        return None, reason.replace(str(ROOT) + os.sep, "")


_NOT_FOUND = object()


def resolve(roots: t.Sequence[str], dotted: str) -> t.Any:
    """Look ``dotted`` up under the first root module that has it, else ``_NOT_FOUND``.

    A segment is an attribute or, failing that, a submodule. An object that raises
    something else than ``AttributeError`` when asked (a context-local proxy outside
    a context) cannot be checked statically and counts as found.
    """
    for root in roots:
        try:
            obj: t.Any = importlib.import_module(root)
        except Exception:
            continue
        for segment in dotted.split("."):
            try:
                obj = getattr(obj, segment)
                continue
            except AttributeError:
                pass
            except Exception:
                return obj
            if not isinstance(obj, types.ModuleType):
                obj = _NOT_FOUND
                break
            try:
                obj = importlib.import_module(f"{obj.__name__}.{segment}")
            except ImportError:
                obj = _NOT_FOUND
                break
        if obj is not _NOT_FOUND:
            return obj
    return _NOT_FOUND


def sort_key(name: str) -> tuple[str, str]:
    return (name.lower(), name)


# --------------------------------------------------------------------------- signatures


class _Default:
    """A default shown by a short, machine-independent text."""

    def __init__(self, value: t.Any) -> None:
        simple = value is None or isinstance(value, (bool, int, float, str, bytes))
        text = repr(value) if simple else "..."
        self.text = text if len(text) <= 30 else "..."

    def __repr__(self) -> str:
        return self.text


def render(sig: inspect.Signature) -> str:
    """A signature without annotations, with safe defaults."""
    params = [
        p.replace(
            annotation=_P.empty,
            default=_P.empty if p.default is _P.empty else _Default(p.default),
        )
        for p in sig.parameters.values()
    ]
    return str(sig.replace(parameters=params, return_annotation=_P.empty))


def signature_of(obj: t.Any) -> inspect.Signature | None:
    try:
        return inspect.signature(obj)
    except (TypeError, ValueError):
        return None


def method_signature(cls: type, name: str) -> inspect.Signature | None:
    """The signature of ``cls.name`` as a caller of an instance sees it."""
    for klass in cls.__mro__:
        if name in vars(klass):
            raw = vars(klass)[name]
            break
    else:
        return None
    if isinstance(raw, staticmethod):
        return signature_of(raw.__func__)
    if isinstance(raw, (classmethod, types.FunctionType)):
        func = raw.__func__ if isinstance(raw, classmethod) else raw
        sig = signature_of(func)
        if sig is None or not sig.parameters:
            return None
        return sig.replace(parameters=list(sig.parameters.values())[1:])
    return None


def signature_problems(ref: inspect.Signature, got: inspect.Signature) -> list[str]:
    """How ``got`` fails to accept every call that ``ref`` accepts; empty if it does.

    Every parameter of ``ref`` must exist in ``got`` with the same name, a kind that
    accepts the same calls (positional ones at the same position) and a default where
    ``ref`` has one; ``got`` may add parameters that have defaults.
    """
    problems: list[str] = []
    got_params = got.parameters
    got_positional = [p for p in got_params.values() if p.kind in _POSITIONAL]
    got_kinds = {p.kind for p in got_params.values()}
    matched: set[str] = set()
    position = 0
    for p in ref.parameters.values():
        if p.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD):
            if p.kind not in got_kinds:
                problems.append(f"no {_KIND_TEXT[p.kind].replace('args', p.name)}")
            matched.update(q.name for q in got_params.values() if q.kind == p.kind)
            continue
        q: inspect.Parameter | None
        if p.kind == _P.POSITIONAL_ONLY:
            q = got_positional[position] if position < len(got_positional) else None
        else:
            q = got_params.get(p.name)
        if q is None:
            problems.append(f"missing {p.name}")
        elif p.kind in _POSITIONAL and q.kind not in _POSITIONAL:
            problems.append(f"{p.name} is {_KIND_TEXT[q.kind]}")
        elif p.kind in _POSITIONAL and got_positional.index(q) != position:
            problems.append(f"{p.name} at position {got_positional.index(q)}")
        elif p.kind == _P.POSITIONAL_OR_KEYWORD and q.kind == _P.POSITIONAL_ONLY:
            problems.append(f"{p.name} is positional-only")
        elif p.kind == _P.KEYWORD_ONLY and q.kind not in (
            _P.KEYWORD_ONLY,
            _P.POSITIONAL_OR_KEYWORD,
        ):
            problems.append(f"{p.name} is {_KIND_TEXT[q.kind]}")
        elif p.default is not _P.empty and q.default is _P.empty:
            problems.append(f"{p.name} has no default")
        if q is not None:
            matched.add(q.name)
        if p.kind in _POSITIONAL:
            position += 1
    for q in got_params.values():
        is_var = q.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD)
        if q.name not in matched and not is_var and q.default is _P.empty:
            problems.append(f"extra required {q.name}")
    return problems


@dataclasses.dataclass
class SignatureRow:
    """One callable of Flask compared with its flaskcompat counterpart."""

    name: str
    flask: str
    status: str  # compatible, differs, missing
    problems: list[str]
    note: str = ""


def _compare(name: str, ref: inspect.Signature, got: t.Any) -> SignatureRow:
    if got is _NOT_FOUND:
        return SignatureRow(name, render(ref), MISSING, ["not in flaskcompat"])
    if isinstance(got, inspect.Signature):
        problems = signature_problems(ref, got)
    else:
        problems = ["not a callable with a signature"]
    return SignatureRow(name, render(ref), DIFFERS if problems else COMPATIBLE, problems)


def compare_callable(name: str, ref: t.Any, got: t.Any) -> SignatureRow | None:
    """Compare two callables (a function or a class's constructor)."""
    ref_sig = signature_of(ref)
    if ref_sig is None:
        return None
    got_sig = _NOT_FOUND if got is _NOT_FOUND else signature_of(got)
    return _compare(name, ref_sig, got_sig)


def public_methods(cls: type) -> list[str]:
    """Public methods defined by ``cls`` or its Flask and Werkzeug bases."""
    names = {
        name
        for klass in cls.__mro__
        if klass.__module__.split(".")[0] in FLASK_ROOTS
        for name, raw in vars(klass).items()
        if not name.startswith("_")
        and isinstance(raw, (types.FunctionType, staticmethod, classmethod))
    }
    return sorted(names, key=sort_key)


def is_callable_api(obj: t.Any) -> bool:
    return inspect.isclass(obj) or inspect.isroutine(obj)


def signature_rows(
    exports: list[str], compat: types.ModuleType | None
) -> list[SignatureRow]:
    import flask

    rows: list[SignatureRow] = []
    for name in sorted(exports, key=sort_key):
        ref = getattr(flask, name)
        if not is_callable_api(ref):
            continue
        got = resolve(COMPAT_ROOTS, name) if compat is not None else _NOT_FOUND
        row = compare_callable(name, ref, got)
        if row is not None:
            rows.append(row)
        if name not in METHOD_CLASSES:
            continue
        for method in public_methods(ref):
            ref_sig = method_signature(ref, method)
            if ref_sig is None:
                continue
            got_sig: t.Any = _NOT_FOUND
            if inspect.isclass(got) and hasattr(got, method):
                got_sig = method_signature(got, method)
            rows.append(_compare(f"{name}.{method}", ref_sig, got_sig))
    return rows


# --------------------------------------------------------------------------- matrix


@dataclasses.dataclass
class NameRow:
    """One public name: its status, its test counts on each side and a note."""

    name: str
    status: str
    flask: str  # "passing/total", or an em dash where Flask has no such name
    compat: str
    note: str


def _count(results: list[TestResult]) -> str:
    return f"{sum(r.passed for r in results)}/{len(results)}"


def _first(items: list[str], limit: int = 3) -> str:
    text = ", ".join(items[:limit])
    return text + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def name_row(
    name: str,
    exported: bool,
    results: list[TestResult],
    legacy: bool,
    sig_problems: list[str],
    note: str,
) -> NameRow:
    """Work out one name's status from its tests, its signature and its note.

    A flaskcompat test whose Flask twin does not pass proves nothing (it is listed
    as a wrong test) and does not count towards the status.
    """
    flask_side = [r for r in results if r.impl == "flask"]
    compat_side = [r for r in results if r.impl != "flask"]
    wrong = {r.twin for r in flask_side if not r.passed}
    trusted = [r for r in compat_side if r.twin not in wrong]
    failing = sorted(r.short_id for r in trusted if not r.passed)
    parts = [note] if note else []
    if failing:
        parts.append(f"fails: {_first(failing)}")
    if sig_problems:
        parts.append(f"signature: {_first(sig_problems)}")
    if not exported:
        status = MISSING
    elif failing or sig_problems or note:
        status = PARTIAL
    elif not trusted:
        status = UNTESTED
    else:
        status = CONFORMS
    return NameRow(
        name,
        status,
        "—" if legacy else _count(flask_side),
        _count(compat_side),
        "; ".join(parts),
    )
