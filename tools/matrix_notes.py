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
        "The CLI (app.cli, `flask run`,"
        " test_cli_runner) is not implemented; app.run serves through Bottle's"
        " server adapters (server='wsgiref' threaded by default, 'waitress', ...)."
        " Async views run in a new event loop in the calling thread, not in a"
        " thread of asgiref's."
    ),
    "Flask.test_cli_runner": "The CLI is not implemented (see Flask).",
    "Request": (
        "Parses with flaskcompat's own code, not Werkzeug's FormDataParser:"
        " make_form_data_parser and the parser hooks are not there (override"
        " _get_file_stream to store uploads elsewhere)."
    ),
    "Request.make_form_data_parser": "Werkzeug's FormDataParser is not reproduced.",
    "testing.EnvironBuilder": (
        "Multipart bodies stay in memory; Werkzeug spools bodies over 500 KB to a"
        " temporary file."
    ),
    "testing.FlaskClient": (
        "Lists Werkzeug's Client parameters (application, response_wrapper,"
        " use_cookies, allow_subdomain_redirects) instead of passing *args and"
        " **kwargs through; every call Flask's accepts works."
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
