"""A small login app: a form with flashed messages, Jinja templates sharing a
macro, the session, and a JSON endpoint - written against flaskcompat.

Run it with ``python examples/login_app.py`` and open http://127.0.0.1:5000/
(``--port`` picks another port); log in as ``ada`` / ``analytical``. To run the
very same app on Flask, change the one import line below to ``from flask import ...``.
The templates are in ``examples/templates/login_*.html``.
"""

from __future__ import annotations

import argparse
import os
import typing as t

from flaskcompat import (
    Flask,
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

app = Flask(__name__)
# A fixed key keeps sessions valid across restarts; set a secret one in production.
app.secret_key = os.environ.get("LOGIN_APP_SECRET_KEY", "dev - not secret")

#: username -> (password, full name). A real app stores password hashes.
USERS = {
    "ada": ("analytical", "Ada Lovelace"),
    "alan": ("enigma", "Alan Turing"),
}


def current_user() -> str | None:
    """The logged-in username, if any."""
    return session.get("user")


@app.route("/")
def index() -> str:
    user = current_user()
    return render_template(
        "login_index.html", user=user, name=USERS[user][1] if user else None
    )


@app.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if request.method == "GET":
        return render_template("login_form.html", username="")
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    if not username or not password:
        flash("Both fields are required.", "error")
    elif USERS.get(username, ("",))[0] != password:
        flash("Invalid username or password.", "error")
    else:
        session["user"] = username
        session.permanent = request.form.get("remember") == "on"
        flash(f"Welcome back, {USERS[username][1]}!", "success")
        return redirect(url_for("index"))
    return render_template("login_form.html", username=username), 401


@app.route("/logout", methods=["POST"])
def logout() -> Response:
    if session.pop("user", None) is not None:
        flash("You were logged out.")
    return redirect(url_for("index"))


@app.route("/api/me")
def api_me() -> Response | tuple[Response, int]:
    user = current_user()
    if user is None:
        return jsonify(error="not logged in", login=url_for("login")), 401
    return jsonify(username=user, name=USERS[user][1], permanent=session.permanent)


@app.errorhandler(404)
def not_found(error: t.Any) -> tuple[str, int]:
    return render_template("login_404.html", path=request.path), 404


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve the login example.")
    parser.add_argument("--port", type=int, default=5000, help="default: 5000")
    app.run(host="127.0.0.1", port=parser.parse_args().port)
