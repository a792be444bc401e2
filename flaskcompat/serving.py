"""Serving an app with Bottle's server adapters: what ``app.run()`` and
``flaskcompat run`` share (Werkzeug's ``run_simple``, on Bottle's servers).

``server`` names one of ``bottle.server_names`` (``"wsgiref"`` by default,
made multi-threaded when ``threaded``; ``"waitress"``, ``"gunicorn"``,
``"cheroot"``, ... when their package is installed). The reloader is Bottle's:
a parent process restarts a child (``BOTTLE_CHILD``) that exits with status 3
when a watched file changes.
"""

from __future__ import annotations

import _thread
import contextlib
import fnmatch
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import typing as t

import bottle

if t.TYPE_CHECKING:  # pragma: no cover
    import ssl

    from _typeshed.wsgi import WSGIApplication

#: The package each of Bottle's server adapters imports (None: the stdlib's).
SERVER_PACKAGES: dict[str, str | None] = {
    "aiohttp": "aiohttp_wsgi",
    "auto": None,
    "bjoern": "bjoern",
    "cgi": None,
    "cheroot": "cheroot",
    "cherrypy": "cherrypy",
    "diesel": "diesel",
    "eventlet": "eventlet",
    "fapws3": "fapws",
    "flup": "flup",
    "gae": "google.appengine",
    "gevent": "gevent",
    "gunicorn": "gunicorn",
    "meinheld": "meinheld",
    "paste": "paste",
    "tornado": "tornado",
    "twisted": "twisted",
    "uvloop": "uvloop",
    "waitress": "waitress",
    "wsgiref": None,
}

#: The adapters that can serve HTTPS here, and how each is given the files.
TLS_SERVERS = ("wsgiref", "cheroot", "gunicorn")

_DEV_WARNING = (
    "WARNING: This is a development server. Do not use it in a production"
    " deployment. Use a production WSGI server instead."
)


class ServerError(RuntimeError):
    """The chosen server cannot serve: unknown, not installed, or no TLS."""


def is_running_from_reloader() -> bool:
    """Whether this process is the reloader's child (Bottle's ``BOTTLE_CHILD``)."""
    return os.environ.get("BOTTLE_CHILD") == "true"


def get_server_adapter(name: str) -> type[bottle.ServerAdapter]:
    """The Bottle adapter class called ``name``; :class:`ServerError` when
    Bottle has none of that name or its package is not installed."""
    adapter = bottle.server_names.get(name)
    if adapter is None:
        known = ", ".join(sorted(bottle.server_names))
        raise ServerError(f"Unknown server {name!r}. Bottle's servers are: {known}.")
    package = SERVER_PACKAGES.get(name)
    if package is not None and importlib.util.find_spec(package.split(".")[0]) is None:
        dist = package.split(".")[0].replace("_", "-")
        raise ServerError(
            f"The {name!r} server needs the {dist!r} package, which is not"
            f" installed. Install it with 'pip install {dist}', or choose another"
            " server."
        )
    return t.cast("type[bottle.ServerAdapter]", adapter)


def _wsgiref_server_class(
    threaded: bool, ssl_context: ssl.SSLContext | None
) -> type[t.Any]:
    """wsgiref's ``WSGIServer``: one thread per request when ``threaded``,
    over TLS when given a context."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIServer

    def server_bind(self: t.Any) -> None:
        WSGIServer.server_bind(self)
        self.socket = ssl_context.wrap_socket(  # type: ignore[union-attr]
            self.socket, server_side=True
        )

    def setup_environ(self: t.Any) -> None:
        WSGIServer.setup_environ(self)
        self.base_environ["HTTPS"] = "on"

    namespace: dict[str, t.Any] = {"daemon_threads": True}
    if ssl_context is not None:
        namespace.update(server_bind=server_bind, setup_environ=setup_environ)
    if threaded:
        return type("ThreadingWSGIServer", (ThreadingMixIn, WSGIServer), namespace)
    return type("TLSWSGIServer", (WSGIServer,), namespace)


def _tls_options(
    server: str, ssl_context: t.Any
) -> tuple[dict[str, t.Any], ssl.SSLContext | None]:
    """The adapter options for ``ssl_context`` (a ``(cert, key)`` pair or an
    ``ssl.SSLContext``), and the context wsgiref should wrap its socket in."""
    import ssl

    if server not in TLS_SERVERS:
        raise ServerError(
            f"The {server!r} server cannot serve HTTPS here (--cert): use one of"
            f" {', '.join(TLS_SERVERS)}, or a TLS-terminating proxy."
        )
    if ssl_context == "adhoc":
        raise ServerError(
            "Ad-hoc certificates are not supported: pass a certificate and a key"
            " file (--cert and --key)."
        )
    if isinstance(ssl_context, ssl.SSLContext):
        if server != "wsgiref":
            raise ServerError(
                f"The {server!r} server takes certificate files, not an SSLContext."
            )
        return {}, ssl_context
    certfile, keyfile = ssl_context
    if server == "wsgiref":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        return {}, context
    return {"certfile": certfile, "keyfile": keyfile}, None


def _display_urls(host: str, port: int, scheme: str) -> list[str]:
    """Werkzeug's "Running on" lines for ``host``."""
    lines = []
    if host in ("0.0.0.0", "::"):
        lines.append(f" * Running on all addresses ({host})")
        host = "127.0.0.1" if host == "0.0.0.0" else "[::1]"
    elif ":" in host:
        host = f"[{host}]"
    lines.append(f" * Running on {scheme}://{host}:{port}")
    return lines


def run_simple(
    hostname: str,
    port: int,
    application: WSGIApplication,
    use_reloader: bool = False,
    use_debugger: bool = False,
    use_evalex: bool = True,
    extra_files: t.Iterable[str] | None = None,
    exclude_patterns: t.Iterable[str] | None = None,
    reloader_interval: int = 1,
    threaded: bool = False,
    ssl_context: t.Any = None,
    *,
    server: str = "wsgiref",
    **options: t.Any,
) -> None:
    """Serve ``application`` on ``hostname:port`` with Bottle's ``server``
    adapter until interrupted; the other ``options`` go to the adapter.

    ``use_debugger`` wraps the app in the debug page
    (:class:`flaskcompat.werkzeug.debug.DebuggedApplication`; it has no
    console, so ``use_evalex`` changes nothing). ``quiet=True`` silences the
    request log and the start-up lines.
    """
    adapter_class = get_server_adapter(server)
    quiet = bool(options.pop("quiet", False))
    tls_context: ssl.SSLContext | None = None
    if ssl_context is not None:
        tls_options, tls_context = _tls_options(server, ssl_context)
        options.update(tls_options)
    if (
        server == "wsgiref"
        and "server_class" not in options
        and (threaded or tls_context is not None)
    ):
        options["server_class"] = _wsgiref_server_class(threaded, tls_context)
    if use_debugger:
        from .werkzeug.debug import DebuggedApplication

        application = DebuggedApplication(application, evalex=use_evalex)
    if not is_running_from_reloader() and not quiet:
        scheme = "https" if ssl_context is not None else "http"
        lines = [_DEV_WARNING] if server == "wsgiref" else []
        lines += _display_urls(hostname, port, scheme)
        lines.append("Press CTRL+C to quit")
        print("\n".join(lines), file=sys.stderr, flush=True)
    if use_reloader and not is_running_from_reloader():
        print(" * Restarting with Bottle's reloader", file=sys.stderr, flush=True)
        _run_reloader_parent(reloader_interval)
        return
    adapter = adapter_class(host=hostname, port=port, **options)
    adapter.quiet = adapter.quiet or quiet
    if use_reloader:
        _run_reloader_child(
            adapter, application, reloader_interval, extra_files, exclude_patterns
        )
    else:
        with contextlib.suppress(KeyboardInterrupt):
            adapter.run(application)


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


def _run_reloader_parent(interval: int) -> None:
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
        files = self.watched()
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


def _run_reloader_child(
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
