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
import importlib.metadata
import importlib.util
import inspect
import io
import os
import sys
import textwrap
import types
import typing as t
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "compat_matrix.md"
NOTES_FILE = ROOT / "tools" / "matrix_notes.py"
COMMAND = "python tools/compat_matrix.py"
CONFORMANCE_DIR = "tests/conformance/"
# The only test module that must never run inside the generator: it runs the generator.
SELF_TEST = "tests/test_compat_matrix.py"

# Names the seed exported that Flask 3.1 no longer has; flaskcompat keeps them.
LEGACY_NAMES = ("Markup", "Session", "escape", "safe_join")
# flask.cli's public names: each gets a row, tagged by a test or not.
CLI_NAMES = tuple(
    f"cli.{name}"
    for name in (
        "AppGroup",
        "CertParamType",
        "FlaskGroup",
        "NoAppException",
        "ScriptInfo",
        "SeparatedPathType",
        "find_app_by_string",
        "find_best_app",
        "get_version",
        "load_dotenv",
        "locate_app",
        "main",
        "pass_script_info",
        "prepare_import",
        "routes_command",
        "run_command",
        "shell_command",
        "show_server_banner",
        "with_appcontext",
    )
)
# Module attributes of ``flask`` answered by its ``__getattr__`` (deprecated ones).
FLASK_MODULE_ATTRIBUTES = ("__version__",)
# Classes whose public methods get a row each in the signature table.
METHOD_CLASSES = ("Flask", "Request", "Response", "Config", "Blueprint")
# Where a dotted ``api`` name (``exceptions.NotFound``) is looked up on each side.
FLASK_ROOTS = ("flask", "werkzeug")
COMPAT_ROOTS = ("flaskcompat", "flaskcompat.werkzeug")
# A name spelled ``werkzeug.<module>.<name>`` is looked up in Werkzeug alone (and in
# ``flaskcompat.werkzeug``): the Werkzeug section lists Werkzeug's public names so.
WERKZEUG_PREFIX = "werkzeug."
# Werkzeug's modules whose public names the Werkzeug section lists (the surface
# apps and extensions import; ``""`` is the package itself).
WERKZEUG_MODULES = (
    "",
    "datastructures",
    "exceptions",
    "formparser",
    "http",
    "local",
    "middleware.dispatcher",
    "middleware.proxy_fix",
    "middleware.shared_data",
    "routing",
    "sansio.request",
    "sansio.response",
    "security",
    "serving",
    "test",
    "urls",
    "user_agent",
    "utils",
    "wrappers",
    "wsgi",
)

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

    __test__ = False  # not a pytest test class, despite its name

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
            callspec = getattr(item, "callspec", None)
            params: dict[str, t.Any] = dict(callspec.params) if callspec else {}
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
    args = ["tests", f"--ignore={SELF_TEST}", f"--rootdir={ROOT}", "-o", "addopts="]
    args += ["--import-mode=importlib", "-p", "no:cacheprovider", "-p", "no:randomly"]
    args += ["-q", "--tb=no", "--no-header"]
    output = io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    os.environ.pop("PYTEST_ADDOPTS", None)  # a "-k" there would skew the matrix
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
    """The names ``flask/__init__.py`` imports from its own submodules, and
    :data:`FLASK_MODULE_ATTRIBUTES`."""
    import flask

    tree = ast.parse(Path(str(flask.__file__)).read_text("utf-8"))
    names = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    return [name for name in names if not name.startswith("_")] + list(
        FLASK_MODULE_ATTRIBUTES
    )


def werkzeug_public_names() -> list[str]:
    """Werkzeug's public classes and functions in :data:`WERKZEUG_MODULES`, as
    ``werkzeug.<module>.<name>``: a module's ``__all__``, else the names it
    defines (or, for a package, its submodules define)."""
    names: set[str] = set()
    for module_name in WERKZEUG_MODULES:
        full = f"werkzeug.{module_name}".rstrip(".")
        module = importlib.import_module(full)
        public = getattr(module, "__all__", None)
        for name in public if public is not None else vars(module):
            obj = getattr(module, name, None)
            if name.startswith("_") or not is_callable_api(obj):
                continue
            defined_in = getattr(obj, "__module__", "") or ""
            own = defined_in == full or defined_in.startswith(f"{full}.")
            if public is not None or own or module_name == "":
                names.add(f"{full}.{name}")
    return sorted(names, key=sort_key)


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
    a context) cannot be checked statically and counts as found. Looking up a
    deprecated name (``flaskcompat.escape``) warns; the lookup stays quiet.
    """
    if dotted.startswith(WERKZEUG_PREFIX):
        dotted = dotted.removeprefix(WERKZEUG_PREFIX)
        roots = [root for root in roots if root.endswith("werkzeug")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _resolve(roots, dotted)


def _resolve(roots: t.Sequence[str], dotted: str) -> t.Any:
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
            except Exception:  # absent, or broken: either way not usable
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
    ``ref`` has one; ``got`` may add parameters that have defaults, but no positional
    one that would take the values of ``ref``'s ``*args``.
    """
    problems: list[str] = []
    got_params = got.parameters
    got_positional = [p for p in got_params.values() if p.kind in _POSITIONAL]
    got_kinds = {p.kind for p in got_params.values()}
    matched: set[str] = set()
    position = 0
    for p in ref.parameters.values():
        if p.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD):
            stars = "*" if p.kind == _P.VAR_POSITIONAL else "**"
            if p.kind not in got_kinds:
                problems.append(f"no {stars}{p.name}")
            elif p.kind == _P.VAR_POSITIONAL:
                problems.extend(
                    f"{q.name} takes arguments meant for {stars}{p.name}"
                    for q in got_positional[position:]
                )
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
    status = DIFFERS if problems else COMPATIBLE
    return SignatureRow(name, render(ref), status, problems)


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
    names: list[str], compat: types.ModuleType | None
) -> list[SignatureRow]:
    """Compare every callable among ``names`` (Flask exports or dotted names) and
    the public methods of ``METHOD_CLASSES``."""
    rows: list[SignatureRow] = []
    for name in sorted(names, key=sort_key):
        ref = resolve(FLASK_ROOTS, name)
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
    as a wrong test) and does not count towards the status. Failing tests are named
    without their parameters. A missing name shows only its note: its failures and
    signature go without saying.
    """
    flask_side = [r for r in results if r.impl == "flask"]
    compat_side = [r for r in results if r.impl != "flask"]
    wrong = {r.twin for r in flask_side if not r.passed}
    trusted = [r for r in compat_side if r.twin not in wrong]
    failing = sorted({r.short_id.split("[")[0] for r in trusted if not r.passed})
    parts = [note] if note else []
    if exported and failing:
        parts.append(f"fails: {_first(failing)}")
    if exported and sig_problems:
        parts.append(f"signature: {_first(sig_problems)}")
    if not exported:
        status = MISSING
    elif parts:
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


# --------------------------------------------------------------------------- assembly


@dataclasses.dataclass
class Matrix:
    """Everything ``compat_matrix.md`` shows."""

    flask_version: str  # "major.minor": patch releases must not change the output
    import_error: str  # why flaskcompat did not import, or ""
    names: list[NameRow]
    groups: dict[str, list[str]]  # section title -> names, in display order
    signatures: list[SignatureRow]
    results: list[TestResult]  # the tests that feed the matrix
    wrong: list[TestResult]  # Flask-side runs that do not pass
    unfed: dict[str, str]


def _notes_module() -> types.ModuleType:
    """tools/matrix_notes.py, loaded by path: ``tools`` is no package."""
    spec = importlib.util.spec_from_file_location("matrix_notes", NOTES_FILE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"compat_matrix: cannot load {NOTES_FILE.name}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_notes() -> dict[str, str]:
    """``NOTES`` of tools/matrix_notes.py."""
    return dict(_notes_module().NOTES)


def load_optional() -> dict[str, str]:
    """``OPTIONAL`` of tools/matrix_notes.py: what holds without an optional extra."""
    return dict(getattr(_notes_module(), "OPTIONAL", {}))


def tagged_dotted_names(exports: list[str], results: list[TestResult]) -> list[str]:
    """The dotted names used in ``api`` markers; fail on a name Flask does not have."""
    known = {*exports, *LEGACY_NAMES, *CLI_NAMES}
    dotted: set[str] = set()
    unknown: dict[str, str] = {}
    for result in results:
        for name in result.names:
            if name in known or name in dotted:
                continue
            if "." in name and resolve(FLASK_ROOTS, name) is not _NOT_FOUND:
                dotted.add(name)
            else:
                unknown.setdefault(name, result.nodeid)
    if unknown:
        listed = ", ".join(f"{n!r} ({unknown[n]})" for n in sorted(unknown))
        raise SystemExit(
            f"compat_matrix: api markers name nothing in Flask's API: {listed}"
        )
    return sorted(dotted, key=sort_key)


def _signature_summary(name: str, signatures: list[SignatureRow]) -> list[str]:
    """The signature problems of ``name`` itself and, rolled up, of its methods."""
    problems: list[str] = []
    methods = [row for row in signatures if row.name.startswith(f"{name}.")]
    bad = sum(row.status != COMPATIBLE for row in methods)
    if bad:
        problems.append(f"{bad} of {len(methods)} methods differ or are missing")
    for row in signatures:
        if row.name == name and row.status == DIFFERS:
            problems.extend(row.problems)
    return problems


def build_matrix(
    results: dict[str, TestResult],
    unfed: dict[str, str],
    exports: list[str],
    compat: types.ModuleType | None,
    import_error: str,
    notes: dict[str, str],
) -> Matrix:
    """Assemble the rows; fail on a note whose key names nothing in the matrix."""
    feeding = [results[nodeid] for nodeid in sorted(results) if nodeid not in unfed]
    dotted = tagged_dotted_names(exports, feeding)
    tagged_werkzeug = {n for n in dotted if n.startswith(WERKZEUG_PREFIX)}
    werkzeug_names = sorted({*werkzeug_public_names(), *tagged_werkzeug}, key=sort_key)
    groups = {
        "Flask's top-level names": sorted(exports, key=sort_key),
        "Names from Flask's submodules and Werkzeug tagged by the tests": [
            name for name in dotted if not name.startswith(WERKZEUG_PREFIX)
        ],
        "Names of `flask.cli` (the command line)": sorted(CLI_NAMES, key=sort_key),
        "Older names kept from the seed (not in Flask 3.1)": sorted(
            LEGACY_NAMES, key=sort_key
        ),
        "Werkzeug's public names": werkzeug_names,
    }
    signatures = signature_rows([*exports, *dotted, *CLI_NAMES], compat)
    all_names = [name for names in groups.values() for name in names]
    unknown = sorted(set(notes) - set(all_names) - {row.name for row in signatures})
    if unknown:
        raise SystemExit(
            f"compat_matrix: {NOTES_FILE.name} has notes for names that are not in"
            f" the matrix: {', '.join(unknown)}"
        )
    for row in signatures:
        row.note = notes.get(row.name, "")
        if row.note and row.status == COMPATIBLE:
            row.status = DIFFERS
    tests: dict[str, list[TestResult]] = {name: [] for name in all_names}
    for result in feeding:
        for name in dict.fromkeys(result.names):
            tests[name].append(result)
            # "exceptions.NotFound" is Werkzeug's: it feeds that row too.
            long_name = f"{WERKZEUG_PREFIX}{name}"
            if (
                long_name in tests
                and long_name not in result.names
                and resolve(FLASK_ROOTS, name) is resolve(FLASK_ROOTS, long_name)
            ):
                tests[long_name].append(result)
    rows = [
        name_row(
            name,
            compat is not None and resolve(COMPAT_ROOTS, name) is not _NOT_FOUND,
            tests[name],
            name in LEGACY_NAMES,
            _signature_summary(name, signatures),
            notes.get(name, ""),
        )
        for name in all_names
    ]
    wrong = [
        results[nodeid]
        for nodeid in sorted(results)
        if results[nodeid].impl == "flask" and not results[nodeid].passed
    ]
    return Matrix(
        flask_version=".".join(importlib.metadata.version("flask").split(".")[:2]),
        import_error=import_error,
        names=rows,
        groups=groups,
        signatures=signatures,
        results=feeding,
        wrong=wrong,
        unfed=unfed,
    )


# --------------------------------------------------------------------------- markdown

LEGEND = {
    CONFORMS: "exported, and every trusted conformance test passes on flaskcompat",
    PARTIAL: "exported, but a test fails, a signature differs or a note says how"
    " flaskcompat knowingly differs",
    MISSING: "flaskcompat does not have the name",
    UNTESTED: "exported with a compatible signature, but no conformance test yet",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
    lines.extend(f"| {' | '.join(_cell(cell) for cell in row)} |" for row in rows)
    return lines


def _paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, 88, break_long_words=False, break_on_hyphens=False)


def to_markdown(matrix: Matrix) -> str:
    """The text of ``compat_matrix.md``: only sorted, machine-independent content."""
    by_name = {row.name: row for row in matrix.names}
    lines = [
        "# Compatibility matrix: flaskcompat vs Flask",
        "",
        f"<!-- Generated by `{COMMAND}`; do not edit by hand. -->",
        "",
        *_paragraph(
            f"Generated by `{COMMAND}` from the conformance suite, where every test"
            f" runs on Flask {matrix.flask_version} (the oracle) and on flaskcompat,"
            " and from a comparison of signatures. Known divergences are explained"
            " in `tools/matrix_notes.py`. CI fails when this file is stale."
        ),
        "",
        "## Summary",
        "",
    ]
    if matrix.import_error:
        lines += [f"**flaskcompat does not import**: `{matrix.import_error}`", ""]
    counts = [
        (f"**{status}**", str(sum(row.status == status for row in matrix.names)))
        for status in STATUSES
    ]
    lines += _table(("Status", "Names"), [*counts, ("total", str(len(matrix.names)))])
    sides = {
        "Conformance tests on Flask": "flask",
        "Conformance tests on flaskcompat": "flaskcompat",
        "flaskcompat-only tests of the older names": None,
    }
    signature_counts = ", ".join(
        f"{sum(row.status == status for row in matrix.signatures)} {status}"
        for status in (COMPATIBLE, DIFFERS, MISSING)
    )
    lines += [
        "",
        *(
            f"- {label}: {_count([r for r in matrix.results if r.impl == impl])} passed"
            for label, impl in sides.items()
        ),
        f"- Wrong tests (they fail on Flask): {len(matrix.wrong)}",
        f"- Signatures: {signature_counts} (of {len(matrix.signatures)})",
        "",
        "Statuses:",
        "",
        *(f"- **{status}**: {text}." for status, text in LEGEND.items()),
        "",
        *_paragraph(
            "The test columns count passing/total runs on each side. A flaskcompat"
            " test whose Flask twin fails proves nothing: it is listed under *Wrong"
            " tests* and does not count towards the status."
        ),
    ]
    optional = load_optional()
    if optional:
        lines += ["", "## Optional features", ""]
        for feature in sorted(optional, key=sort_key):
            lines += _paragraph(f"- **{feature}**: {optional[feature]}")
    for title, names in matrix.groups.items():
        lines += ["", f"## {title}", ""]
        rows = [by_name[name] for name in names]
        lines += _table(
            ("Name", "Status", "Flask tests", "flaskcompat tests", "Notes"),
            [(f"`{r.name}`", r.status, r.flask, r.compat, r.note) for r in rows],
        )
    missing = [f"`{row.name}`" for row in matrix.names if row.status == MISSING]
    lines += ["", "## Missing from flaskcompat", "", ", ".join(missing) or "None."]
    lines += [
        "",
        "## Signatures",
        "",
        *_paragraph(
            "Every public callable of Flask, and every public method of "
            f"{', '.join(f'`{name}`' for name in METHOD_CLASSES)}, against its"
            " flaskcompat counterpart: flaskcompat must accept every call that"
            " Flask accepts."
        ),
        "",
    ]
    lines += _table(
        ("Callable", "Status", "Flask signature", "Problems and notes"),
        [
            (
                f"`{row.name}`",
                row.status,
                f"`{row.flask}`",
                "; ".join([*row.problems, *([row.note] if row.note else [])]),
            )
            for row in matrix.signatures
        ],
    )
    lines += ["", "## Wrong tests", ""]
    lines += [f"- `{r.short_id}`: {r.outcome} on Flask" for r in matrix.wrong] or [
        "None: every conformance test passes on Flask."
    ]
    if matrix.unfed:
        lines += ["", "## Conformance tests that feed nothing", ""]
        lines += [
            f"- `{nodeid.removeprefix(CONFORMANCE_DIR)}`: {why}"
            for nodeid, why in sorted(matrix.unfed.items())
        ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- command


def generate() -> str:
    """Run the suite and return the text of the matrix."""
    if str(ROOT) not in sys.path:  # measure this checkout's flaskcompat
        sys.path.insert(0, str(ROOT))
    run = run_tests()
    compat, error = import_flaskcompat()
    exports, notes = flask_exports(), load_notes()
    return to_markdown(
        build_matrix(run.results, run.unfed, exports, compat, error, notes)
    )


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check(path: Path, text: str) -> int:
    """Exit status 0 when ``path`` holds ``text``, else 1 after printing a diff."""
    old = path.read_text("utf-8") if path.exists() else ""
    shown = _shown(path)
    if old == text:
        print(f"{shown} is up to date")
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            text.splitlines(keepends=True),
            f"{shown} (committed)",
            f"{shown} (regenerated)",
        )
    )
    print(f"{shown} is stale: run `{COMMAND}` and commit it", file=sys.stderr)
    return 1


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="compat_matrix.py", description="Generate compat_matrix.md."
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 with a diff if stale"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="PATH",
        help="the file to write or check, relative to the repository",
    )
    args = parser.parse_args(argv)
    output: Path = ROOT / args.output
    text = generate()
    if args.check:
        return check(output, text)
    with open(output, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
    print(f"wrote {_shown(output)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
