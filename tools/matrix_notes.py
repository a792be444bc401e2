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
        " without subdomain matching). app.run and `flaskcompat run` serve through"
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
    "Request": (
        "Parses with flaskcompat's own code, not Werkzeug's FormDataParser:"
        " make_form_data_parser and the parser hooks are not there (override"
        " _get_file_stream to store uploads elsewhere). Debug mode's"
        " DebugFilesKeyError hint is not given."
    ),
    "Request.make_form_data_parser": "Werkzeug's FormDataParser is not reproduced.",
    "testing.EnvironBuilder": (
        "Multipart bodies stay in memory; Werkzeug spools bodies over 500 KB to a"
        " temporary file."
    ),
    "testing.FlaskClient": (
        "Lists Werkzeug's Client parameters (application, response_wrapper,"
        " use_cookies, allow_subdomain_redirects) instead of passing *args and"
        " **kwargs through; every call Flask's accepts works. Subdomain routing is"
        " not implemented (see Flask)."
    ),
}

#: What holds for an optional feature without its extra; a section of the matrix.
OPTIONAL: dict[str, str] = {
    "async views": (
        "Need no extra: flaskcompat runs coroutines with asyncio (Flask needs"
        " asgiref, its `async` extra)."
    ),
}
