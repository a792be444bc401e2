"""The site during its migration: the legacy Bottle app hosts a Flask app;
one ``before_request`` check guards both halves.

Run it from ``examples/``: ``python -m bottle_migration`` (then open
http://127.0.0.1:5000/login and log in as ada / secret).
"""

from __future__ import annotations

import os
import tempfile
import typing as t

from flaskcompat import Flask, jsonify, redirect, request, session, url_for

from .legacy import create_legacy, init_db
from .notes import bp as notes_bp

PUBLIC = {"/login", "/account/login"}


def create_app(db_path: str | None = None, secret_key: str = "dev") -> Flask:
    """The app: ``db_path`` is the sqlite file (a temporary one by default)."""
    if db_path is None:
        db_path = os.path.join(tempfile.mkdtemp(), "notes.db")
    init_db(db_path)
    legacy = create_legacy(db_path)
    app = Flask(__name__, bottle=legacy, static_folder=None)
    app.secret_key = secret_key
    app.register_blueprint(notes_bp)

    @app.before_request
    def require_login() -> t.Any:
        """Every URL but the login pages needs a user, Bottle's included."""
        if request.path in PUBLIC or "user" in session:
            return None
        if request.path.startswith("/api/"):
            return jsonify(error="login required"), 401
        return redirect(url_for("login"))  # the Bottle route named "login"

    return app
