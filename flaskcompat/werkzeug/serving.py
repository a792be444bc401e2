"""``werkzeug.serving``: :func:`run_simple`, the development server, served by
one of Bottle's server adapters (``wsgiref`` by default, made multi-threaded or
multi-process as Werkzeug's is), and :func:`is_running_from_reloader`.

Werkzeug's interactive debugger and its SSL options are not reproduced; Bottle's
reloader stands for Werkzeug's (it restarts the process when a module changes).
"""

from __future__ import annotations

import os
import typing as t

if t.TYPE_CHECKING:  # pragma: no cover
    from _typeshed.wsgi import WSGIApplication

__all__ = ["is_running_from_reloader", "run_simple"]


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
    server: str | t.Any = "wsgiref",
    **server_options: t.Any,
) -> None:
    """Serve ``application`` on ``hostname:port`` until interrupted.

    ``server`` names a Bottle server adapter (``"wsgiref"``, the default, is
    threaded with ``threaded`` or forking with ``processes > 1``;
    ``"waitress"``, ``"gunicorn"``, ... need their package) and
    ``server_options`` go to it. ``use_reloader`` uses Bottle's reloader
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
