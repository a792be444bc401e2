from __future__ import annotations

import sqlite3
import typing as t

import pytest
from flaskr.db import get_db


def test_get_close_db(app: t.Any) -> None:
    with app.app_context():
        db = get_db()
        assert db is get_db()
    with pytest.raises(sqlite3.ProgrammingError) as e:
        db.execute("SELECT 1")
    assert "closed" in str(e.value)


def test_init_db_command(runner: t.Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class Recorder:
        called = False

    def fake_init_db() -> None:
        Recorder.called = True

    monkeypatch.setattr("flaskr.db.init_db", fake_init_db)
    result = runner.invoke(args=["init-db"])
    assert "Initialized" in result.output
    assert Recorder.called


def test_init_db_command_creates_the_tables(app: t.Any, runner: t.Any) -> None:
    # app.cli's own commands get no app context (`flask --app flaskr init-db`
    # gets one from the flask command); push one as that command would.
    with app.app_context():
        result = runner.invoke(args=["init-db"])
    assert (result.exit_code, result.output) == (0, "Initialized the database.\n")
    with app.app_context():
        tables = get_db().execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        assert [row[0] for row in tables] == ["post", "sqlite_sequence", "user"]
        assert get_db().execute("SELECT COUNT(*) FROM post").fetchone()[0] == 0
