"""Developers' notes for compat_matrix.md: known, deliberate divergences from Flask.

Keys are the names used in the matrix: a top-level name (``"send_file"``), a tagged
dotted name (``"exceptions.NotFound"``) or a signature-table entry (``"Flask.run"``).
A note on a name marks it *partial* (or a signature *differs*): write one only where
flaskcompat knowingly behaves otherwise than Flask, in a short sentence saying how.
A key that names nothing in the matrix makes the generator fail, so notes cannot go
stale silently.
"""

from __future__ import annotations

NOTES: dict[str, str] = {
    "Flask": (
        "app.run and `flaskcompat run` serve through"
        " Bottle's server adapters (server='wsgiref' threaded by default,"
        " 'waitress', ...) with Bottle's reloader; debug mode shows a debug page"
        " without Werkzeug's interactive console."
        " Async views run in a new event loop in the calling thread, not in a"
        " thread of asgiref's."
    ),
    "cli.get_version": (
        "--version prints Python's, flaskcompat's (with the Flask API version it"
        " follows) and Bottle's versions, where Flask prints Flask's and Werkzeug's."
    ),
    "cli.run_command": (
        "Serves with Bottle's server adapters: --server NAME (wsgiref, threaded,"
        " by default; waitress, gunicorn, cheroot, ... when installed) and Bottle's"
        " reloader. --debugger shows a traceback page without Werkzeug's"
        " interactive console; --cert adhoc is refused, and --cert works on"
        " wsgiref, cheroot and gunicorn only."
    ),
    "testing.EnvironBuilder": (
        "Multipart bodies stay in memory; Werkzeug spools bodies over 500 KB to a"
        " temporary file."
    ),
    "__version__": (
        "Answers '3.1.3' (flaskcompat.FLASK_API_VERSION, the Flask release whose"
        " API flaskcompat follows) with Flask's DeprecationWarning; Flask answers"
        " its distribution's version."
    ),
    "werkzeug.serving.run_simple": (
        "Serves through Bottle's server adapters (server='wsgiref' by default,"
        " threaded or forking as asked; other keyword arguments go to the"
        " adapter). No interactive debugger (use_debugger, use_evalex ignored),"
        " no TLS (ssl_context raises NotImplementedError); the reloader is"
        " Bottle's (extra_files, exclude_patterns, reloader_type ignored)."
    ),
    "werkzeug.serving.make_server": (
        "Builds wsgiref servers (BaseWSGIServer and its threaded and forking"
        " subclasses are wsgiref's WSGIServer): ssl_context and fd raise"
        " NotImplementedError, requests are logged as wsgiref logs them."
    ),
    "werkzeug.test.stream_encode_multipart": (
        "The body stays in memory (use_tempfile and threshold are accepted)."
    ),
    "werkzeug.routing.Rule": (
        "websocket=True is accepted but ignored: such rules match and build as"
        " HTTP rules (no ws:// URLs, no WebsocketMismatch)."
    ),
    "werkzeug.sansio.request.Request": (
        "The same class as werkzeug.wrappers.Request: flaskcompat has no separate"
        " sans-IO request."
    ),
    "werkzeug.sansio.response.Response": (
        "The same class as werkzeug.wrappers.Response: flaskcompat has no separate"
        " sans-IO response."
    ),
}

#: What holds for an optional feature without its extra; a section of the matrix.
OPTIONAL: dict[str, str] = {
    "async views": (
        "Need no extra: flaskcompat runs coroutines with asyncio (Flask needs"
        " asgiref, its `async` extra)."
    ),
}
