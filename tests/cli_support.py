"""Shared by the command-line tests: a clean process state per test, and app
modules written to a temporary directory for either side.

The command line changes process-wide state as Flask's does (``FLASK_DEBUG``,
``FLASK_RUN_FROM_CLI``, ``sys.path``, the modules it imports, the variables
``.env`` files set): :func:`cli_state` puts all of it back after each test.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import typing as t
import urllib.error
import urllib.request
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


# -- a real server started by the command line ------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 just now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(
    url: str, server: subprocess.Popen[bytes], timeout: float = 30
) -> tuple[int, str]:
    """Status and text of ``GET url`` once the server answers; fail if it
    exits or does not answer in time. Error statuses are returned too."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with opener.open(url, timeout=5) as response:
                return int(response.status), response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code), error.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError) as exc:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}")
            if time.monotonic() > deadline:
                pytest.fail(f"no answer from {url}: {exc}")
            time.sleep(0.1)


@contextlib.contextmanager
def cli_server(
    args: list[str], cwd: Path, log_path: Path, env: dict[str, str] | None = None
) -> t.Iterator[subprocess.Popen[bytes]]:
    """``python -m flaskcompat ARGS`` from ``cwd``, with this checkout's
    flaskcompat importable; its output goes to ``log_path`` (printed when the
    block fails); it is stopped (SIGTERM, then SIGKILL) when the block ends."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    for name in CLI_VARIABLES:
        full_env.pop(name, None)
    full_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    full_env.update(env or {})
    command = [sys.executable, "-m", "flaskcompat", *args]
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            command,
            cwd=cwd,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # the reloader's child is stopped with it
        ) as server,
    ):
        try:
            yield server
        except BaseException:
            print(log_path.read_text("utf-8", "replace"))  # shown on failure
            raise
        finally:
            _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after 10 s."""
    if server.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
