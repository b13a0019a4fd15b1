"""One engine per database URL, set up so SQLite and PostgreSQL behave the same for the app."""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "proximity_read_only"  # execution option of the engine behind read-only sessions
# Which SQLite the embedded database runs on: "bundled" (the current SQLite inside the sqlcipher3
# wheel, the default) or "stdlib" (the OS's, through Python's sqlite3: a tested fallback).
SQLITE_DRIVER_ENV = "PROXIMITY_DESK_SQLITE"
SQLITE_DRIVERS = ("bundled", "stdlib")


def sqlite_module(driver: str | None = None) -> ModuleType:
    """The DB-API module for SQLite. The OS's SQLite can be old and broken (Debian 12's 3.40.1
    crashes in the FTS5 trigram index), so the program brings a current one where it can."""
    driver = driver or os.environ.get(SQLITE_DRIVER_ENV) or "bundled"
    if driver not in SQLITE_DRIVERS:
        raise ValueError(f"{SQLITE_DRIVER_ENV} must be one of {', '.join(SQLITE_DRIVERS)}")
    if driver == "bundled":
        try:
            from sqlcipher3 import dbapi2  # noqa: PLC0415 - optional: no wheel on some platforms
        except ImportError:
            pass
        else:
            return dbapi2  # type: ignore[no-any-return]
    import sqlite3  # noqa: PLC0415

    return sqlite3


def make_engine(url: str, *, sqlite_driver: str | None = None, **kwargs: Any) -> Engine:
    # Bound values can be victim data: keep them out of every error message and crash report.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, module=sqlite_module(sqlite_driver), **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so that BEGIN IMMEDIATE below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A transaction that writes takes the write lock up front (IMMEDIATE): two programs'
        # transactions queue (busy timeout) instead of failing halfway when both read, then both
        # write. A read-only one does not, so that reads never wait for a writer (WAL).
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_session_factory(
    engine: Engine, *, read_only: bool = False, info: dict[str, Any] | None = None
) -> sessionmaker[Session]:
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False, info=info)


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def sqlite_version(engine: Engine) -> str:
    """The version of the SQLite library an engine runs on ("" for another database)."""
    if engine.dialect.name != "sqlite":
        return ""
    return str(engine.dialect.dbapi.sqlite_version)  # type: ignore[union-attr]
