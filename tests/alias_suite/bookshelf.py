"""A small Flask app, as its author wrote it for Flask."""

from __future__ import annotations

import typing as t

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    get_flashed_messages,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import Forbidden, HTTPException, NotFound
from werkzeug.utils import secure_filename

api = Blueprint("api", __name__, url_prefix="/api")
BOOKS: dict[int, str] = {}


@api.get("/books")
def list_books() -> t.Any:
    return jsonify(sorted(BOOKS.values()))


@api.get("/books/<int:book_id>")
def get_book(book_id: int) -> t.Any:
    if book_id not in BOOKS:
        raise NotFound(f"no book {book_id}")
    return {"id": book_id, "title": BOOKS[book_id]}


@api.post("/books")
def add_book() -> t.Any:
    data = request.get_json()
    book_id = max(BOOKS, default=0) + 1
    BOOKS[book_id] = data["title"]
    return {"id": book_id}, 201, {"Location": url_for("api.get_book", book_id=book_id)}


@api.errorhandler(HTTPException)
def api_error(error: HTTPException) -> t.Any:
    return {"error": error.name, "description": error.description}, error.code


def create_app(test_config: dict[str, t.Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev", MAX_CONTENT_LENGTH=1024)
    if test_config:
        app.config.update(test_config)
    app.register_blueprint(api)

    @app.route("/")
    def index() -> str:
        return f"{len(BOOKS)} books; messages: {get_flashed_messages()}"

    @app.route("/login", methods=["POST"])
    def login() -> t.Any:
        session["user"] = request.form["user"]
        flash(f"welcome {session['user']}")
        return redirect(url_for("index"))

    @app.route("/admin")
    def admin() -> str:
        if session.get("user") != "admin":
            abort(403)
        return "admin area"

    @app.route("/upload", methods=["POST"])
    def upload() -> t.Any:
        file = request.files.get("file")
        if not isinstance(file, FileStorage) or not file.filename:
            abort(400, "no file")
        return {"saved_as": secure_filename(file.filename), "size": len(file.read())}

    @app.errorhandler(Forbidden)
    def forbidden(error: Forbidden) -> t.Any:
        return "go away", 403

    return app
