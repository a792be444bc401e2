"""Flask-Migrate: ``db init``, ``db migrate`` and ``db upgrade`` on sqlite,
through Flask-Migrate's Python API and through its ``db`` command group on
``app.cli`` (what ``flask db ...`` / ``flaskcompat db ...`` run)."""

from __future__ import annotations

import logging
import os
import typing as t

import flask
import sqlalchemy as sa
from flask_migrate import Migrate, downgrade, init, migrate, upgrade
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Flask-Migrate.init_app registers the `db` command group on app.cli (flask.cli).
NEEDS: dict[str, str] = {}


def make_app(path: str) -> tuple[flask.Flask, SQLAlchemy]:
    class Base(DeclarativeBase):
        pass

    app = flask.Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    db = SQLAlchemy(app, model_class=Base)

    class Author(db.Model):  # type: ignore[name-defined,misc]
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(sa.String(80), unique=True)

    Migrate(app, db)
    return app, db


def _tables(db: SQLAlchemy) -> list[str]:
    return sorted(sa.inspect(db.engine).get_table_names())


def _migrated(name: str) -> tuple[flask.Flask, SQLAlchemy, list[str]]:
    logging.disable(logging.WARNING)  # alembic reports each step on stderr
    path = os.path.abspath(f"{name}.sqlite")
    app, db = make_app(path)
    with app.app_context():
        init(directory=f"migrations-{name}")
        before = _tables(db)
        migrate(directory=f"migrations-{name}", message="authors")
        upgrade(directory=f"migrations-{name}")
    return app, db, before


def scenario_upgrade_on_sqlite() -> dict[str, t.Any]:
    app, db, before = _migrated("up")
    with app.app_context():
        after = _tables(db)
        version = db.session.execute(sa.text("select count(*) from alembic_version"))
        db.session.execute(sa.text("insert into author (name) values ('ada')"))
        db.session.commit()
        columns = [c["name"] for c in sa.inspect(db.engine).get_columns("author")]
        versions = sorted(os.listdir("migrations-up/versions"))
    assert "author" in after
    return {
        "before": before,
        "after": after,
        "alembic_version_rows": version.scalar(),
        "columns": columns,
        "revision_files": len([v for v in versions if v.endswith(".py")]),
    }


def scenario_downgrade_to_base() -> dict[str, t.Any]:
    app, db, _ = _migrated("down")
    with app.app_context():
        downgrade(directory="migrations-down", revision="base")
        after = _tables(db)
    assert "author" not in after
    return {"after": after}


def scenario_db_commands() -> dict[str, t.Any]:
    """``db init``, ``db migrate``, ``db upgrade``, ``db current`` as commands."""
    logging.disable(logging.WARNING)
    app, db = make_app(os.path.abspath("cli.sqlite"))
    runner = app.test_cli_runner()
    codes = []
    for args in (
        ["db", "init", "-d", "migrations-cli"],
        ["db", "migrate", "-d", "migrations-cli", "-m", "authors"],
        ["db", "upgrade", "-d", "migrations-cli"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, (args, result.output, result.exception)
        codes.append(result.exit_code)
    with app.app_context():
        after = _tables(db)
    return {"codes": codes, "after": after}
