"""The no-Flask virtualenv: Python with the pinned Flask extensions and their
non-Flask dependencies, flaskcompat's dependencies and pytest, and NO flask and
NO werkzeug distribution. The extension, example and alias tests run code in it
(flaskcompat from this checkout, through ``PYTHONPATH``) with the alias installed.

``python tests/extvenv.py`` builds it (``.ci/run`` does, before pytest); the tests
build it on first use otherwise, once per session (a file lock keeps parallel
runs from building it twice). It lives at ``.venv-ext`` in the repository root
(``FLASKCOMPAT_EXT_VENV`` picks another path) and is rebuilt when its inputs
(tests/extensions/requirements.txt and deps.txt, pyproject.toml's dependencies,
the Python version) change.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import typing as t
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXT_DIR = ROOT / "tests" / "extensions"
REQUIREMENTS = EXT_DIR / "requirements.txt"  # the extensions, --no-deps
DEPS = EXT_DIR / "deps.txt"  # their dependencies that are not Flask's
STAMP = "flaskcompat-ext-stamp"


def venv_path() -> Path:
    return Path(os.environ.get("FLASKCOMPAT_EXT_VENV") or ROOT / ".venv-ext")


def venv_python(path: Path | None = None) -> Path:
    path = path or venv_path()
    if os.name == "nt":  # pragma: no cover
        return path / "Scripts" / "python.exe"
    return path / "bin" / "python"


def runtime_dependencies() -> list[str]:
    """flaskcompat's ``[project] dependencies`` from pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    match = re.search(r"^dependencies\s*=\s*\[(.*?)^\]", text, re.S | re.M)
    if match is None:
        raise RuntimeError("pyproject.toml has no [project] dependencies list")
    return re.findall(r'"([^"]+)"', match.group(1))


def _inputs() -> list[str]:
    return [
        *runtime_dependencies(),
        "click",  # the CLI's (flaskcompat.cli)
        "blinker",  # signals (Flask-Login sends them)
        "pytest",  # tests/alias_suite runs under `pytest -p flaskcompat.alias`
    ]


def _stamp() -> str:
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    digest.update(REQUIREMENTS.read_bytes())
    digest.update(DEPS.read_bytes())
    digest.update("\n".join(_inputs()).encode())
    return digest.hexdigest()


def is_current(path: Path | None = None) -> bool:
    path = path or venv_path()
    stamp = path / STAMP
    return (
        venv_python(path).exists()
        and stamp.exists()
        and stamp.read_text("utf-8").strip() == _stamp()
    )


CHECK_NO_FLASK = """
import importlib.metadata as m, importlib.util as u
for name in ("flask", "werkzeug"):
    try:
        m.distribution(name)
    except m.PackageNotFoundError:
        pass
    else:
        raise SystemExit(name + " is installed in the no-Flask virtualenv")
    if u.find_spec(name) is not None:
        raise SystemExit(name + " is importable in the no-Flask virtualenv")
"""


def _run(args: list[str | Path], log: t.TextIO) -> None:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    env.pop("PYTHONPATH", None)
    log.write("$ " + " ".join(map(str, args)) + "\n")
    log.flush()
    subprocess.run(
        [str(a) for a in args],
        check=True,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )


def build(path: Path | None = None, log: t.TextIO = sys.stderr) -> Path:
    """Create (or recreate) the virtualenv; return its python."""
    path = path or venv_path()
    _run([sys.executable, "-m", "venv", "--clear", path], log)
    python = venv_python(path)
    pip = [python, "-m", "pip", "install", "--quiet"]
    _run([*pip, "-r", DEPS, *_inputs()], log)
    _run([*pip, "--no-deps", "-r", REQUIREMENTS], log)
    _run([python, "-c", CHECK_NO_FLASK], log)
    (path / STAMP).write_text(_stamp() + "\n", "utf-8")
    return python


def ensure(log: t.TextIO = sys.stderr) -> Path:
    """The virtualenv's python, built first if it is missing or stale. Holds a
    file lock while it checks and builds."""
    path = venv_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.parent / f"{path.name}.lock"
    with open(lock_path, "w") as lock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not is_current(path):
                build(path, log)
        finally:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return venv_python(path)


def child_env(alias: bool) -> dict[str, str]:
    """The environment for a child process: flaskcompat from this checkout (the
    no-Flask side), the test helpers importable, warnings as errors."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    paths = [str(ROOT / "tests"), str(EXT_DIR)]
    if alias:
        paths.insert(0, str(ROOT))
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


_RESULT: list[Path | BaseException] = []


def require() -> Path:
    """For a session fixture: the no-Flask python, built once per session. When
    it cannot be built, skip with the reason, or fail under CI (CI=true)."""
    import pytest

    if not _RESULT:
        try:
            _RESULT.append(ensure())
        except (OSError, subprocess.CalledProcessError) as exc:
            _RESULT.append(exc)
    result = _RESULT[0]
    if isinstance(result, Path):
        return result
    reason = (
        f"the no-Flask virtualenv could not be built ({result});"
        " build it with: python tests/extvenv.py"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


if __name__ == "__main__":
    print(ensure(sys.stdout))
