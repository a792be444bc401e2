"""``werkzeug.serving``: :func:`run_simple`, the development server, served by
one of Bottle's server adapters (``wsgiref`` by default, made multi-threaded or
multi-process as Werkzeug's is), :func:`is_running_from_reloader`, and
:func:`make_server` with its server classes (``wsgiref`` servers, for code that
runs a server in a thread of its own, as live-server test fixtures do).

Werkzeug's interactive debugger and its SSL options are not reproduced; Bottle's
reloader stands for Werkzeug's (it restarts the process when a module changes).
"""

from __future__ import annotations

import os
import socket
import socketserver
import ssl
import sys
import typing as t
from wsgiref.simple_server import WSGIRequestHandler as _WSGIRefHandler
from wsgiref.simple_server import WSGIServer as _WSGIRefServer

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIApplication

__all__ = [
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


def _server_class(threaded: bool, processes: int) -> type[t.Any] | None:
    """The ``wsgiref`` server class for ``threaded``/``processes``, or ``None``
    for wsgiref's own single-threaded one."""
    if threaded and processes > 1:
        raise ValueError("Cannot have a multi-thread and multi-process server.")
    if not threaded and processes <= 1:
        return None
    import socketserver
    from wsgiref.simple_server import WSGIServer

    if threaded:

        class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
            daemon_threads = True

        return ThreadingWSGIServer

    class ForkingWSGIServer(socketserver.ForkingMixIn, WSGIServer):
        max_children = processes

    return ForkingWSGIServer


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
    server: str | t.Any | None = "wsgiref",
    **server_options: t.Any,
) -> None:
    """Serve ``application`` on ``hostname:port`` until interrupted.

    ``server`` names a Bottle server adapter (``"wsgiref"``, the default, also
    for ``None``, is threaded with ``threaded`` or forking with
    ``processes > 1``; ``"waitress"``, ``"gunicorn"``, ... need their package)
    and ``server_options`` go to it. ``use_reloader`` uses Bottle's reloader
    (``reloader_interval`` seconds); ``static_files`` serves directories with
    :class:`~.middleware.shared_data.SharedDataMiddleware`; ``request_handler``
    is wsgiref's handler class. ``use_debugger``, ``use_evalex``,
    ``extra_files``, ``exclude_patterns``, ``reloader_type`` and
    ``passthrough_errors`` are accepted and have no effect (there is no
    interactive debugger). ``ssl_context`` raises ``NotImplementedError``.
    """
    import bottle

    if not isinstance(port, int):
        raise TypeError("port must be an integer")
    if ssl_context is not None:
        raise NotImplementedError(
            "flaskcompat's run_simple serves plain HTTP: put a TLS-terminating"
            " proxy in front, or serve with a server that does TLS."
        )
    if server is None:
        server = "wsgiref"
    # Bottle's spellings of the reloader options win over Werkzeug's.
    use_reloader = server_options.pop("reloader", use_reloader)
    reloader_interval = server_options.pop("interval", reloader_interval)
    if static_files:
        from .middleware.shared_data import SharedDataMiddleware

        application = SharedDataMiddleware(application, static_files)
    if server == "wsgiref":
        server_class = _server_class(threaded, processes)
        if server_class is not None:
            server_options.setdefault("server_class", server_class)
        if request_handler is not None:
            server_options.setdefault("handler_class", request_handler)
    bottle.run(
        app=application,
        server=server,
        host=hostname,
        port=port,
        reloader=use_reloader,
        interval=reloader_interval,
        **server_options,
    )
