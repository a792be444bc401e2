"""Bottle's reloader standing for Werkzeug's (``werkzeug._reloader``): a parent
process restarts a child (``BOTTLE_CHILD``) that exits with status 3 when a
watched file changes; the child also watches ``extra_files`` and skips files
matching ``exclude_patterns``.
"""

from __future__ import annotations

import _thread
import fnmatch
import os
import subprocess
import sys
import tempfile
import time
import typing as t

import bottle

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIApplication


def _reloader_args() -> list[str]:
    """The command line that restarts this program (Werkzeug's rules: a
    script path, or ``-m package`` when started with ``python -m``)."""
    rv = [sys.executable]
    py_script = sys.argv[0]
    main_module = sys.modules["__main__"]
    package = getattr(main_module, "__package__", None)
    if package is None:
        rv.append(os.path.abspath(py_script))
    else:
        if os.path.isfile(py_script):
            name = os.path.splitext(os.path.basename(py_script))[0]
            py_module = package if name == "__main__" else f"{package}.{name}"
        else:
            py_module = py_script
        rv.extend(("-m", py_module.lstrip(".")))
    rv.extend(sys.argv[1:])
    return rv


def run_reloader_parent(interval: int) -> None:
    """Run this program as Bottle's reloader child until it exits other than
    with status 3 (restart); keep the lock file fresh meanwhile."""
    fd, lockfile = tempfile.mkstemp(prefix="bottle.", suffix=".lock")
    os.close(fd)
    environ = {**os.environ, "BOTTLE_CHILD": "true", "BOTTLE_LOCKFILE": lockfile}
    try:
        while os.path.exists(lockfile):
            child = subprocess.Popen(_reloader_args(), env=environ)
            while child.poll() is None:
                os.utime(lockfile, None)  # the child checks that we are alive
                time.sleep(interval)
            if child.returncode != 3:
                sys.exit(child.returncode)
            print(" * Detected change, reloading", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        if os.path.exists(lockfile):
            os.unlink(lockfile)


class _FileChecker(bottle.FileCheckerThread):  # type: ignore[misc]
    """Bottle's file checker, also watching ``extra_files`` and ignoring the
    files that match one of ``exclude_patterns``."""

    def __init__(
        self,
        lockfile: str,
        interval: int,
        extra_files: t.Iterable[str],
        exclude_patterns: t.Iterable[str],
    ) -> None:
        super().__init__(lockfile, interval)
        self.status: str | None = None  # "reload", "error" or "exit"
        self.extra_files = [os.path.abspath(f) for f in extra_files]
        self.exclude_patterns = list(exclude_patterns)
        # Taken now, before the server starts: a change made as soon as it
        # answers is seen (a snapshot taken by the thread could miss it).
        self.files = self.watched()

    def watched(self) -> dict[str, float]:
        """The files to watch and their modification times now."""
        paths = []
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", "") or ""
            if path[-4:] in (".pyo", ".pyc"):
                path = path[:-1]
            paths.append(path)
        paths.extend(self.extra_files)
        return {
            path: os.stat(path).st_mtime
            for path in paths
            if path
            and os.path.exists(path)
            and not any(fnmatch.fnmatch(path, p) for p in self.exclude_patterns)
        }

    def run(self) -> None:
        files = self.files
        while not self.status:
            if (
                not os.path.exists(self.lockfile)
                or os.stat(self.lockfile).st_mtime < time.time() - self.interval - 5
            ):
                self.status = "error"
                _thread.interrupt_main()
            for path, mtime in list(files.items()):
                if not os.path.exists(path) or os.stat(path).st_mtime > mtime:
                    self.status = "reload"
                    _thread.interrupt_main()
                    break
            time.sleep(self.interval)


def run_reloader_child(
    adapter: bottle.ServerAdapter,
    application: WSGIApplication,
    interval: int,
    extra_files: t.Iterable[str] | None,
    exclude_patterns: t.Iterable[str] | None,
) -> None:
    """Serve until a watched file changes, then exit with status 3."""
    lockfile = os.environ.get("BOTTLE_LOCKFILE", "")
    checker = _FileChecker(
        lockfile, interval, extra_files or (), exclude_patterns or ()
    )
    try:
        with checker:
            adapter.run(application)
    except (SystemExit, MemoryError):
        raise
    except Exception:
        import traceback

        traceback.print_exc()
        time.sleep(interval)
        sys.exit(3)
    if checker.status == "reload":
        sys.exit(3)
