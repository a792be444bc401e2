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
        "Rules match on the path only: Flask(host_matching=True) and"
        " Flask(subdomain_matching=True) raise NotImplementedError (a rule of"
        " another subdomain builds an external URL and never matches, as in Flask"
        " without subdomain matching). The CLI (app.cli, `flask run`,"
        " test_cli_runner) is not implemented; app.run serves through Bottle's"
        " server adapters (server='wsgiref' threaded by default, 'waitress', ...)."
        " Async views run in a new event loop in the calling thread, not in a"
        " thread of asgiref's."
    ),
    "Flask.test_cli_runner": "The CLI is not implemented (see Flask).",
    "Request": "Debug mode's DebugFilesKeyError hint is not given.",
    "testing.EnvironBuilder": (
        "Multipart bodies stay in memory; Werkzeug spools bodies over 500 KB to a"
        " temporary file."
    ),
    "testing.FlaskClient": "Subdomain routing is not implemented (see Flask).",
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
    "signals (extra `signals`: blinker)": (
        "With blinker installed (as in CI), the signal objects are blinker's and"
        " behave as Flask's. Without it, every signal can still be sent (a no-op"
        " returning []), and connecting a receiver raises RuntimeError"
        " ('Signalling support is unavailable because the blinker library is not"
        " installed.'), as Flask did before 2.3."
    ),
    "async views": (
        "Need no extra: flaskcompat runs coroutines with asyncio (Flask needs"
        " asgiref, its `async` extra)."
    ),
}
