"""``werkzeug.serving``: :func:`run_simple`, the development server, served by
one of Bottle's server adapters, what ``app.run()`` and ``flaskcompat run``
share; :func:`is_running_from_reloader`; and :func:`make_server` with its
server classes (``wsgiref`` servers, for code that runs a server in a thread of
its own, as live-server test fixtures do).

``server`` names one of ``bottle.server_names`` (``"wsgiref"`` by default, made
multi-threaded or multi-process as Werkzeug's is; ``"waitress"``,
``"gunicorn"``, ``"cheroot"``, ... when their package is installed). Bottle is
met here as well as in :mod:`flaskcompat.bottle_host`: the Werkzeug layer may
not import that Flask-layer module. The reloader is Bottle's
(:mod:`._reloader`); the debugger is the debug page without a console.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import socketserver
import ssl
import sys
import typing as t
from wsgiref.simple_server import WSGIRequestHandler as _WSGIRefHandler
from wsgiref.simple_server import WSGIServer as _WSGIRefServer

import bottle

from . import _reloader
from ._shared_input import DechunkedInput as DechunkedInput
from ._shared_input import DechunkingRequestHandler

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIApplication

__all__ = [
    "DechunkedInput",
    "ServerError",
    "get_server_adapter",
    "BaseWSGIServer",
    "ForkingWSGIServer",
    "ThreadedWSGIServer",
    "WSGIRequestHandler",
    "is_running_from_reloader",
    "get_interface_ip",
    "get_sockaddr",
    "is_ssl_error",
    "make_server",
    "run_simple",
    "select_address_family",
]


def is_ssl_error(error: Exception | None = None) -> bool:
    """Whether ``error`` (default: the one being handled) is an SSL error."""
    if error is None:
        error = t.cast(Exception, sys.exc_info()[1])
    return isinstance(error, ssl.SSLError)


def select_address_family(host: str, port: int) -> socket.AddressFamily:
    """``AF_UNIX`` for ``unix://`` hosts, ``AF_INET6`` for IPv6 ones, else
    ``AF_INET``."""
    if host.startswith("unix://"):
        return socket.AF_UNIX
    if ":" in host and hasattr(socket, "AF_INET6"):
        return socket.AF_INET6
    return socket.AF_INET


def get_sockaddr(
    host: str, port: int, family: socket.AddressFamily
) -> tuple[str, int] | str:
    """The address to :meth:`socket.socket.bind` to for ``host:port``."""
    if family == getattr(socket, "AF_UNIX", None):
        return os.path.abspath(host.partition("://")[2])
    try:
        res = socket.getaddrinfo(
            host, port, family, socket.SOCK_STREAM, socket.IPPROTO_TCP
        )
    except socket.gaierror:
        return host, port
    return res[0][4]  # type: ignore[return-value]


def get_interface_ip(family: socket.AddressFamily) -> str:
    """The address of an external interface (no packet is sent), or the
    loopback address without one."""
    host = "fd31:f903:5ab5:1::1" if family == socket.AF_INET6 else "10.253.155.219"
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        try:
            s.connect((host, 58162))
        except OSError:
            return "::1" if family == socket.AF_INET6 else "127.0.0.1"
        return s.getsockname()[0]  # type: ignore[no-any-return]


class WSGIRequestHandler(_WSGIRefHandler):
    """The request handler of :class:`BaseWSGIServer` (wsgiref's)."""


class BaseWSGIServer(_WSGIRefServer):
    """A single-threaded WSGI server for ``app`` on ``host:port`` (port 0 picks
    a free one: see :attr:`port`); ``serve_forever()`` and ``shutdown()`` as
    any ``socketserver`` server."""

    multithread = False
    multiprocess = False

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        handler: type[WSGIRequestHandler] | None = None,
        passthrough_errors: bool = False,
        ssl_context: t.Any = None,
        fd: int | None = None,
    ) -> None:
        if ssl_context is not None or fd is not None:
            raise NotImplementedError(
                "flaskcompat's make_server serves plain HTTP on a new socket."
            )
        super().__init__((host, port), handler or WSGIRequestHandler)
        self.set_app(app)
        self.app = app
        self.passthrough_errors = passthrough_errors
        self.host = host
        self.port: int = self.server_address[1]


class ThreadedWSGIServer(socketserver.ThreadingMixIn, BaseWSGIServer):
    """A :class:`BaseWSGIServer` handling each request in a new thread."""

    multithread = True
    daemon_threads = True


class ForkingWSGIServer(socketserver.ForkingMixIn, BaseWSGIServer):
    """A :class:`BaseWSGIServer` handling each request in a child process."""

    multiprocess = True

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        processes: int = 40,
        handler: type[WSGIRequestHandler] | None = None,
        passthrough_errors: bool = False,
        ssl_context: t.Any = None,
        fd: int | None = None,
    ) -> None:
        super().__init__(host, port, app, handler, passthrough_errors, ssl_context, fd)
        self.max_children = processes


def make_server(
    host: str,
    port: int,
    app: WSGIApplication,
    threaded: bool = False,
    processes: int = 1,
    request_handler: type[WSGIRequestHandler] | None = None,
    passthrough_errors: bool = False,
    ssl_context: t.Any = None,
    fd: int | None = None,
) -> BaseWSGIServer:
    """A server for ``app``, threaded or forking as asked, not yet serving."""
    if threaded and processes > 1:
        raise ValueError("Cannot have a multi-thread and multi-process server.")
    if threaded:
        return ThreadedWSGIServer(
            host, port, app, request_handler, passthrough_errors, ssl_context, fd
        )
    if processes > 1:
        return ForkingWSGIServer(
            host,
            port,
            app,
            processes,
            request_handler,
            passthrough_errors,
            ssl_context,
            fd,
        )
    return BaseWSGIServer(
        host, port, app, request_handler, passthrough_errors, ssl_context, fd
    )


def is_running_from_reloader() -> bool:
    """Whether this process is the child a reloader started (Werkzeug's
    ``WERKZEUG_RUN_MAIN`` or Bottle's ``BOTTLE_CHILD``)."""
    return (
        os.environ.get("WERKZEUG_RUN_MAIN") == "true"
        or os.environ.get("BOTTLE_CHILD") == "true"
    )


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


def server_names() -> list[str]:
    """The names of Bottle's server adapters, sorted."""
    return sorted(bottle.server_names)


def bottle_version() -> str:
    """The version of the Bottle that serves."""
    return str(bottle.__version__)


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


def _forking_server_class(processes: int) -> type[t.Any]:
    """wsgiref's ``WSGIServer`` forking a child per request, at most
    ``processes`` at a time."""
    from wsgiref.simple_server import WSGIServer

    namespace = {"max_children": processes}
    return type("ForkingWSGIServer", (socketserver.ForkingMixIn, WSGIServer), namespace)


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
    reloader_type: str = "auto",
    threaded: bool = False,
    processes: int = 1,
    request_handler: type[t.Any] | None = None,
    static_files: dict[str, str | tuple[str, str]] | None = None,
    passthrough_errors: bool = False,
    ssl_context: t.Any = None,
    *,
    server: str | None = "wsgiref",
    **options: t.Any,
) -> None:
    """Serve ``application`` on ``hostname:port`` with Bottle's ``server``
    adapter until interrupted; the other ``options`` go to the adapter.

    ``use_debugger`` wraps the app in the debug page
    (:class:`flaskcompat.werkzeug.debug.DebuggedApplication`; it has no
    console, so ``use_evalex`` changes nothing). ``quiet=True`` silences the
    request log and the start-up lines. ``threaded``/``processes``,
    ``request_handler`` and ``passthrough_errors`` shape the ``wsgiref``
    server; ``static_files`` serves folders through
    :class:`~.middleware.shared_data.SharedDataMiddleware`; ``reloader_type``
    is accepted and changes nothing (there is one reloader). Bottle's own
    spellings ``reloader=`` and ``interval=`` are accepted too.
    """
    if not isinstance(port, int):
        raise TypeError("port must be an integer")
    if threaded and processes > 1:
        raise ValueError("Cannot have a multi-thread and multi-process server.")
    server = server or "wsgiref"
    use_reloader = bool(options.pop("reloader", use_reloader))
    reloader_interval = int(options.pop("interval", reloader_interval))
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
    if server == "wsgiref" and processes > 1 and "server_class" not in options:
        options["server_class"] = _forking_server_class(processes)
    if server == "wsgiref" and "handler_class" not in options:
        # Decodes chunked request bodies, as Werkzeug's development server does.
        options["handler_class"] = request_handler or type(
            "RequestHandler", (DechunkingRequestHandler,), {"quiet": quiet}
        )
    if static_files:
        from .middleware.shared_data import SharedDataMiddleware

        application = SharedDataMiddleware(application, static_files)
    if use_debugger:
        from .debug import DebuggedApplication

        application = DebuggedApplication(application, evalex=use_evalex)
    if not is_running_from_reloader() and not quiet:
        scheme = "https" if ssl_context is not None else "http"
        lines = [_DEV_WARNING] if server == "wsgiref" else []
        lines += _display_urls(hostname, port, scheme)
        lines.append("Press CTRL+C to quit")
        print("\n".join(lines), file=sys.stderr, flush=True)
    if use_reloader and not is_running_from_reloader():
        print(" * Restarting with Bottle's reloader", file=sys.stderr, flush=True)
        _reloader.run_reloader_parent(reloader_interval)
        return
    adapter = adapter_class(host=hostname, port=port, **options)
    adapter.quiet = adapter.quiet or quiet
    if use_reloader:
        _reloader.run_reloader_child(
            adapter, application, reloader_interval, extra_files, exclude_patterns
        )
    else:
        with contextlib.suppress(KeyboardInterrupt):
            adapter.run(application)


