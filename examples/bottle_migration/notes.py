"""The half of the site already ported to Flask style: a blueprint. Its
views take ``db`` too: the Bottle app's sqlite plugin wraps them as it wraps
the Bottle callbacks."""

from __future__ import annotations

import sqlite3
import typing as t

from flaskcompat import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

bp = Blueprint("notes", __name__)


@bp.get("/notes")
def index(db: sqlite3.Connection) -> str:
    rows = db.execute(
        "SELECT id, text FROM notes WHERE owner = ? ORDER BY id", (session["user"],)
    ).fetchall()
    return render_template("notes.html", notes=rows, user=session["user"])


@bp.post("/notes")
def create(db: sqlite3.Connection) -> t.Any:
    text = request.form.get("text", "").strip()
    if not text:
        flash("A note needs some text.")
        return redirect(url_for("notes.index"))
    cursor = db.execute(
        "INSERT INTO notes (owner, text) VALUES (?, ?)", (session["user"], text)
    )
    flash("Note saved.")
    # ``note`` is the name of a route still served by the Bottle app.
    return redirect(url_for("note", note_id=cursor.lastrowid))


@bp.route("/account/login", methods=["GET", "POST"])
def login(db: sqlite3.Connection) -> t.Any:
    """The new login page; the old one (Bottle's /login) works as well."""
    error = None
    if request.method == "POST":
        row = db.execute(
            "SELECT password FROM users WHERE name = ?", (request.form["name"],)
        ).fetchone()
        if row is not None and row["password"] == request.form["password"]:
            session["user"] = request.form["name"]
            return redirect(url_for("notes.index"))
        error = "Wrong name or password."
    return render_template("login.html", error=error)
