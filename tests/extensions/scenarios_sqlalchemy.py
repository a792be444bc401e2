"""Flask-SQLAlchemy: models on sqlite, ``get_or_404`` -> 404 (caught as
Werkzeug's ``NotFound`` too), ``first_or_404``, ``paginate`` from the request's
``page``/``per_page`` arguments."""

from __future__ import annotations

import typing as t

import flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from support import summary
from werkzeug.exceptions import NotFound


def make_app(record_queries: bool = False) -> tuple[flask.Flask, SQLAlchemy, t.Any]:
    class Base(DeclarativeBase):  # one per app: each app defines its own Book
        pass

    app = flask.Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config["SQLALCHEMY_RECORD_QUERIES"] = record_queries
    db = SQLAlchemy(app, model_class=Base)

    class Book(db.Model):  # type: ignore[name-defined,misc]
        id: Mapped[int] = mapped_column(primary_key=True)
        title: Mapped[str]

    with app.app_context():
        db.create_all()
        db.session.add_all(Book(title=f"Book {i}") for i in range(1, 26))
        db.session.commit()

    @app.route("/books/<int:book_id>")
    def book(book_id: int) -> dict[str, t.Any]:
        found = db.get_or_404(Book, book_id)
        return {"id": found.id, "title": found.title}

    @app.route("/by-title/<title>")
    def by_title(title: str) -> dict[str, t.Any]:
        found = db.first_or_404(db.select(Book).filter_by(title=title))
        return {"id": found.id}

    @app.route("/books")
    def books() -> dict[str, t.Any]:
        page = db.paginate(db.select(Book).order_by(Book.id), max_per_page=10)
        return {
            "ids": [b.id for b in page.items],
            "page": page.page,
            "pages": page.pages,
            "total": page.total,
            "has_next": page.has_next,
            "has_prev": page.has_prev,
            "next_num": page.next_num,
            "iter_pages": list(page.iter_pages()),
        }

    @app.route("/safe/<int:book_id>")
    def safe(book_id: int) -> str:
        try:
            db.get_or_404(Book, book_id)
        except NotFound as error:
            return f"caught NotFound {error.code}"
        return "found"

    return app, db, Book


def scenario_models_roundtrip() -> dict[str, t.Any]:
    app, db, Book = make_app()
    with app.app_context():
        db.session.add(Book(title="New"))
        db.session.commit()
        titles = db.session.scalars(db.select(Book.title).where(Book.id > 24)).all()
        count = db.session.scalar(db.select(db.func.count(Book.id)))
    return {"titles": titles, "count": count, "tables": sorted(db.metadata.tables)}


def scenario_get_or_404() -> dict[str, t.Any]:
    app, _, _ = make_app()
    client = app.test_client()
    found = client.get("/books/3")
    missing = client.get("/books/999")
    assert found.status_code == 200 and missing.status_code == 404
    return {
        "found": summary(found),
        "missing": summary(missing, "Content-Type"),
        "first_or_404": summary(client.get("/by-title/nope"), body=False),
    }


def scenario_not_found_is_werkzeug_notfound() -> dict[str, t.Any]:
    app, _, _ = make_app()
    return summary(app.test_client().get("/safe/999"))


def scenario_paginate() -> dict[str, t.Any]:
    app, _, _ = make_app()
    client = app.test_client()
    first = client.get("/books")
    third = client.get("/books?page=3&per_page=10")
    capped = client.get("/books?per_page=50")
    beyond = client.get("/books?page=9&per_page=10")
    bad = client.get("/books?page=zero")
    assert third.get_json()["ids"] == list(range(21, 26))
    assert beyond.status_code == 404
    return {
        "first": first.get_json(),
        "third": third.get_json(),
        "capped": capped.get_json(),
        "beyond": beyond.status_code,
        "bad_page": bad.status_code,
    }


def scenario_session_removed_at_teardown_and_recorded_queries() -> dict[str, t.Any]:
    from flask_sqlalchemy.record_queries import get_recorded_queries

    app, db, Book = make_app(record_queries=True)
    with app.app_context():
        book = db.session.get(Book, 1)
        inside = book in db.session
    with app.app_context():
        fresh_session = book not in db.session
    with app.test_request_context():
        db.session.scalars(db.select(Book).limit(2)).all()
        queries = get_recorded_queries()
    assert queries, "no query recorded"
    return {
        "inside": inside,
        "fresh_session": fresh_session,
        "recorded": len(queries),
        "statement_starts": [q.statement.split()[0] for q in queries],
    }
