"""Engines per URL: SQLite set up like a server database, PostgreSQL on psycopg 3, UTC times."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from app.storage.engine import (
    LOCK_TIMEOUT_MS,
    is_postgresql,
    make_engine,
    make_session_factory,
    sqlite_file,
)
from app.storage.tables import PersonRow, Station


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    yield engine
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    built.dispose()


def test_sqlite_connections_get_wal_foreign_keys_and_a_busy_timeout(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == LOCK_TIMEOUT_MS == 10_000
    assert not is_postgresql(sqlite_engine)


def test_sqlite_enforces_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.begin() as connection:
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(
            text("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id REFERENCES parent(id))")
        )
    with pytest.raises(Exception, match="FOREIGN KEY"), sqlite_engine.begin() as connection:
        connection.execute(text("INSERT INTO child (id, parent_id) VALUES (1, 42)"))


@pytest.mark.parametrize(
    "url", ["postgresql://app@db.example/force", "postgresql://app:secret@localhost:5433/x"]
)
def test_a_postgresql_url_gets_the_psycopg_driver(url: str) -> None:
    engine = make_engine(url)  # no connection is made
    assert engine.url.drivername == "postgresql+psycopg"
    assert is_postgresql(engine)
    assert engine.pool._pre_ping


def test_an_explicit_driver_is_kept() -> None:
    assert make_engine("postgresql+psycopg://app@db/x").url.drivername == "postgresql+psycopg"


def add_station(engine: Engine, created_at: datetime) -> None:
    with make_session_factory(engine).begin() as session:
        session.add(Station(code="LIS-01", name="Lisbon", created_at=created_at))


def test_a_naive_datetime_is_refused(engine: Engine) -> None:
    with pytest.raises(StatementError) as raised:
        add_station(engine, datetime(2026, 5, 4, 9, 30))  # naive: the point
    assert isinstance(raised.value.orig, ValueError)
    assert "naive" in str(raised.value.orig)
    with make_session_factory(engine)() as session:
        assert session.scalars(select(Station)).all() == []


@pytest.mark.parametrize("hours", [2, -5, 0])
def test_an_aware_datetime_comes_back_as_the_same_instant_in_utc(
    engine: Engine, hours: int
) -> None:
    written = datetime(2026, 3, 29, 1, 30, 15, 250_000, tzinfo=timezone(timedelta(hours=hours)))
    add_station(engine, written)
    with make_session_factory(engine)() as session:
        read = session.scalars(select(Station.created_at)).one()
    assert read == written
    assert read.tzinfo is not None
    assert read.utcoffset() == timedelta(0)
    assert read.replace(tzinfo=None) == written.astimezone(UTC).replace(tzinfo=None)


def test_database_errors_never_carry_the_values_written(database_url: str) -> None:
    """A failed write's message may reach a screen or a crash report: no victim data in it."""
    engine = make_engine(database_url)
    with pytest.raises(IntegrityError) as failure, engine.begin() as connection:
        # No such case: the foreign key refuses the row.
        connection.execute(
            insert(PersonRow).values(case_id=999_999, key="P1", role="victim", name="Amina Haddad")
        )
    engine.dispose()
    assert "Amina Haddad" not in str(failure.value)


def test_every_connection_waits_for_a_lock_as_long_as_its_engine_says(database_url: str) -> None:
    """SQLite's busy timeout, PostgreSQL's lock_timeout (which is otherwise for ever)."""
    for timeout_ms, shown in ((LOCK_TIMEOUT_MS, ("10000", "10s")), (250, ("250", "250ms"))):
        engine = make_engine(database_url, lock_timeout_ms=timeout_ms)
        with engine.connect() as connection:
            sql = "SHOW lock_timeout" if is_postgresql(engine) else "PRAGMA busy_timeout"
            assert str(connection.exec_driver_sql(sql).scalar()) in shown
        engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_sqlite_database_and_its_wal_files_are_the_owner_s_only(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    old = os.umask(0o022)  # the usual umask, which would leave the files readable by all
    try:
        engine = make_engine(f"sqlite:///{path}")
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        with engine.connect() as connection:  # the WAL files exist while a connection is open
            assert connection.exec_driver_sql("SELECT x FROM t").scalar() == 1
            made = sorted(p.name for p in tmp_path.iterdir())
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        engine.dispose()
    finally:
        os.umask(old)
    assert made == ["desk.sqlite3", "desk.sqlite3-shm", "desk.sqlite3-wal"]
    assert modes == dict.fromkeys(made, 0o600)


def test_the_sqlite_file_of_a_url() -> None:
    assert sqlite_file("sqlite:///data/desk.sqlite3") == Path("data/desk.sqlite3")
    assert sqlite_file("sqlite:////var/lib/desk.sqlite3") == Path("/var/lib/desk.sqlite3")
    assert sqlite_file("sqlite+pysqlite:///x.db?timeout=5") == Path("x.db")
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql+psycopg://app@localhost/desk") is None
