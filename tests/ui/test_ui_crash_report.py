"""An unexpected error's report names where it happened, never what its message said."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.main import crash_report, report_unexpected, unexpected_message
from app.storage.engine import sqlite_module  # the program's SQLite: locks must meet


def refuse(value: str) -> None:
    raise ValueError(f"cannot use {value!r}")  # a message quoting case data


def test_the_report_leaves_the_message_out() -> None:
    typed = "Amina Haddad, Rua do Benformoso 12"  # what an officer typed
    try:
        refuse(typed)
    except ValueError:
        kind, _error, trace = sys.exc_info()
    assert kind is not None
    report = crash_report(kind, trace)
    assert report.startswith("Unexpected error: builtins.ValueError")
    assert "in refuse" in report  # where it happened
    assert "Amina" not in report
    assert "Benformoso" not in report


def error_under_a_held_write_lock(tmp_path: Path) -> Exception:
    """A real driver error: SQLite's write lock held by another connection, no waiting."""
    from sqlalchemy import text  # noqa: PLC0415 - only this test needs the database

    from app.storage.engine import make_engine  # noqa: PLC0415

    path = tmp_path / "locked.sqlite3"
    other = sqlite_module().connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    engine = make_engine(f"sqlite:///{path}", lock_timeout_ms=0)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES ('Amina Haddad')"))
    except Exception as error:  # the point: what escaped
        return error
    finally:
        engine.dispose()
        other.close()
    raise AssertionError("the lock was not held")


def test_a_database_error_names_its_kind_and_code_never_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services.errors import DatabaseProblem  # noqa: PLC0415

    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, _t, text, *_a: shown.append(text))
    )
    for error, expected in (
        # A driver's error that escaped the services, and a refusal of theirs.
        (error_under_a_held_write_lock(tmp_path), "database busy, SQLITE_BUSY"),
        (DatabaseProblem("SQLITE_CORRUPT_VTAB"), "database error, SQLITE_CORRUPT_VTAB"),
    ):
        try:
            raise error
        except Exception:  # as sys.excepthook gets it
            kind, value, trace = sys.exc_info()
        assert kind is not None
        assert value is not None
        report_unexpected(kind, value, trace)
        assert f"Something went wrong ({expected})." in shown[-1]
        report = crash_report(kind, trace, value)
        assert f"({expected})" in report.splitlines()[0]
        assert "database is locked" not in report  # the driver's message is left out
        assert "Amina" not in report


def test_the_dialog_for_a_database_error(qtbot: QtBot, tmp_path: Path) -> None:
    """Looked at by eye: /tmp/crash-dialog-database.png."""
    from app.services.errors import DatabaseBusy  # noqa: PLC0415

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "Unexpected error",
        unexpected_message(DatabaseBusy, DatabaseBusy("SQLITE_BUSY")),
    )
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert "database busy, SQLITE_BUSY" in box.text()
    box.grab().save(str(Path(tempfile.gettempdir()) / "crash-dialog-database.png"))
