"""The sqlite connection of a request, and the ``init-db`` command."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import click

from flaskcompat import Flask, current_app, g


def get_db() -> sqlite3.Connection:
    """The request's connection to the database, opened on first use."""
    if "db" not in g:
        g.db = sqlite3.connect(
            current_app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES
        )
        g.db.row_factory = sqlite3.Row
    return g.db  # type: ignore[no-any-return]


def close_db(e: BaseException | None = None) -> None:
    """Close the connection, if the request opened one."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_db() -> None:
    """Clear the existing data and create new tables."""
    db = get_db()
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf8"))


@click.command("init-db")
def init_db_command() -> None:
    """Clear the existing data and create new tables."""
    init_db()
    click.echo("Initialized the database.")


sqlite3.register_converter("timestamp", lambda v: datetime.fromisoformat(v.decode()))


def init_app(app: Flask) -> None:
    """Register the database functions with the app."""
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
