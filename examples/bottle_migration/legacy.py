"""The legacy Bottle site, as it was before the migration started - except
that its login now writes Flask's ``session`` (step 2 of README.md).

A plugin injects a sqlite connection into every callback that takes ``db``;
pages are Bottle templates (``views/*.tpl``); ``/api/notes`` is a JSON API
answered through Bottle's JSON plugin.
"""

from __future__ import annotations

import inspect
import sqlite3
import typing as t
from pathlib import Path

import bottle

from flaskcompat import session

VIEWS = str(Path(__file__).with_name("views"))


class SQLitePlugin:
    """Pass a sqlite3 connection as ``db`` to the callbacks that take it;
    commit after the callback, close always."""

    name = "sqlite"
    api = 2

    def __init__(self, path: str) -> None:
        self.path = path

    def apply(self, callback: t.Callable[..., t.Any], route: t.Any) -> t.Any:
        target = route.get_undecorated_callback()
        if "db" not in inspect.signature(target).parameters:
            return callback

        def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
            db = sqlite3.connect(self.path)
            db.row_factory = sqlite3.Row
            try:
                kwargs["db"] = db
                rv = callback(*args, **kwargs)
                db.commit()
                return rv
            finally:
                db.close()

        return wrapper


def init_db(path: str) -> None:
    """Create the tables and the demo user (password ``secret``)."""
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, password TEXT);
            CREATE TABLE IF NOT EXISTS notes (
                id INTEGER PRIMARY KEY, owner TEXT, text TEXT);
            INSERT OR IGNORE INTO users VALUES ('ada', 'secret');
            """
        )
    # A sqlite3 connection used as a context manager commits but stays open.
    db.close()


def create_legacy(db_path: str) -> bottle.Bottle:
    """The Bottle app: login, one note page, the JSON API."""
    legacy = bottle.Bottle()
    legacy.install(SQLitePlugin(db_path))

    @legacy.get("/login", name="login")
    @bottle.view("login", template_lookup=[VIEWS])
    def login_form() -> dict[str, t.Any]:
        return {"error": None}

    @legacy.post("/login")
    def login(db: sqlite3.Connection) -> t.Any:
        name = bottle.request.forms.get("name", "")
        password = bottle.request.forms.get("password", "")
        row = db.execute(
            "SELECT password FROM users WHERE name = ?", (name,)
        ).fetchone()
        if row is None or row["password"] != password:
            return bottle.template(
                "login", template_lookup=[VIEWS], error="Wrong name or password."
            )
        session["user"] = name  # was: response.set_cookie(..., secret=...)
        bottle.redirect("/notes")

    @legacy.get("/logout")
    def logout() -> None:
        session.clear()
        bottle.redirect("/login")

    @legacy.get("/notes/<note_id:int>", name="note")
    @bottle.view("note", template_lookup=[VIEWS])
    def note(note_id: int, db: sqlite3.Connection) -> dict[str, t.Any]:
        row = db.execute(
            "SELECT id, text FROM notes WHERE id = ? AND owner = ?",
            (note_id, session["user"]),
        ).fetchone()
        if row is None:
            bottle.abort(404, "No such note.")
        return {"note": dict(row), "user": session["user"]}

    @legacy.get("/api/notes")
    def api_notes(db: sqlite3.Connection) -> dict[str, t.Any]:
        rows = db.execute(
            "SELECT id, text FROM notes WHERE owner = ? ORDER BY id",
            (session["user"],),
        ).fetchall()
        return {"user": session["user"], "notes": [dict(r) for r in rows]}

    return legacy
