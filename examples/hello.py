"""Flask's quickstart, served by flaskcompat.

Run it with ``python examples/hello.py`` and open http://127.0.0.1:5000/ (``--port``
picks another port). To run the very same app on Flask, change the one import line
below to ``from flask import ...``.
"""

from __future__ import annotations

import argparse
import typing as t

from markupsafe import escape

from flaskcompat import Flask, Response, abort, jsonify, redirect, request, url_for

app = Flask(__name__)

USERS = {"ada": "Ada Lovelace", "alan": "Alan Turing"}


@app.route("/")
def index() -> str:
    links = "".join(
        f'<li><a href="{url}">{url}</a></li>'
        for url in (
            url_for("hello"),
            url_for("hello", name="World"),
            url_for("show_user_profile", username="ada"),
            url_for("show_post", post_id=42),
            url_for("show_subpath", subpath="a/b/c"),
            url_for("login", next="/"),
            url_for("api_users"),
            url_for("api_user", username="ada"),
        )
    )
    return f"<h1>Hello, World!</h1><ul>{links}</ul>"


# -- variable rules ----------------------------------------------------------


@app.route("/hello/")
@app.route("/hello/<name>")
def hello(name: str | None = None) -> str:
    return f"<p>Hello, {escape(name or 'stranger')}!</p>"


@app.route("/user/<username>")
def show_user_profile(username: str) -> str:
    return f"User {escape(username)}"


@app.route("/post/<int:post_id>")
def show_post(post_id: int) -> str:
    return f"Post {post_id}"


@app.route("/path/<path:subpath>")
def show_subpath(subpath: str) -> str:
    return f"Subpath {escape(subpath)}"


# -- HTTP methods, redirect and abort ----------------------------------------


@app.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    if request.method == "GET":
        return '<form method="post"><input name="username"><button>Go</button></form>'
    username = request.form.get("username", "")
    if username not in USERS:
        abort(401)
    return redirect(url_for("show_user_profile", username=username))


# -- a JSON API ----------------------------------------------------------------


@app.route("/api/users")
def api_users() -> Response:
    return jsonify(sorted(USERS))


@app.route("/api/users/<username>")
def api_user(username: str) -> dict[str, t.Any]:
    if username not in USERS:
        abort(404)
    return {"username": username, "name": USERS[username]}


@app.route("/api/echo", methods=["POST"])
def api_echo() -> tuple[dict[str, t.Any], int]:
    data = request.get_json()
    return {"received": data}, 201


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve the quickstart app.")
    parser.add_argument("--port", type=int, default=5000, help="default: 5000")
    app.run(host="127.0.0.1", port=parser.parse_args().port)
