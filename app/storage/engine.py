"""One engine per database URL, set up so SQLite and PostgreSQL behave the same for the app."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, NamedTuple

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

# How long a transaction waits for another's lock (SQLite's busy timeout, PostgreSQL's
# lock_timeout) before it gives up and the person is told the database is busy.
LOCK_TIMEOUT_MS = 10_000
# libpq's: a connection attempt, and a connection whose network went away without a word.
PG_NETWORK_TIMEOUTS = {
    "connect_timeout": 5,  # seconds
    "tcp_user_timeout": 10_000,  # milliseconds unacknowledged before the connection is dropped
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}
READ_ONLY = "proximity_read_only"  # execution option of the engine behind read-only sessions
# Which SQLite the embedded database runs on: "bundled" (the current SQLite inside the sqlcipher3
# wheel, the default) or "stdlib" (the OS's, through Python's sqlite3: a tested fallback).
SQLITE_DRIVER_ENV = "PROXIMITY_DESK_SQLITE"
SQLITE_DRIVERS = ("bundled", "stdlib")
# The first bytes of every plain SQLite file; an encrypted (SQLCipher) file starts with noise.
PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32  # SQLCipher's raw AES-256 key


class DatabaseKeyError(Exception):
    """The embedded database and its key do not go together. The message never holds the key."""

    def __init__(self, kind: Literal["wrong", "cannot_encrypt"]) -> None:
        self.kind = kind
        super().__init__(
            "the database key does not open this file"
            if kind == "wrong"
            else "this SQLite library cannot encrypt (no SQLCipher)"
        )


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


def can_encrypt(module: ModuleType) -> bool:
    """Whether a SQLite DB-API module is SQLCipher's (the stdlib's sqlite3 cannot encrypt)."""
    return module.__name__.startswith("sqlcipher3")


def file_state(path: Path) -> Literal["new", "plain", "encrypted"]:
    """Whether a database file is still to be made, a plain SQLite file or an encrypted one."""
    try:
        with path.open("rb") as file:
            header = file.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return "new"
    if not header:
        return "new"  # made empty (0600) by _create_owner_only, nothing written yet
    return "plain" if header == PLAIN_HEADER else "encrypted"


def make_engine(
    url: str,
    *,
    key: bytes | None = None,
    sqlite_driver: str | None = None,
    lock_timeout_ms: int = LOCK_TIMEOUT_MS,
    **kwargs: Any,
) -> Engine:
    # Bound values can be victim data: keep them out of every error message and crash report.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        module = sqlite_module(sqlite_driver)
        if key is not None and not can_encrypt(module):
            raise DatabaseKeyError("cannot_encrypt")
        if path is not None:
            _create_owner_only(path)
        engine = create_engine(parsed, module=module, **kwargs)
        _configure_sqlite(engine, lock_timeout_ms, key)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        # Without it a PostgreSQL transaction waits for a lock for ever.
        connect_args = dict(kwargs.pop("connect_args", {}))
        options = connect_args.get("options", "")
        connect_args["options"] = f"{options} -c lock_timeout={int(lock_timeout_ms)}".strip()
        # A server out of reach is said in seconds, not after the operating system's TCP
        # timeouts (minutes): the wizard then keeps the typing in its journal.
        for name, value in PG_NETWORK_TIMEOUTS.items():
            connect_args.setdefault(name, value)
        kwargs["connect_args"] = connect_args
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite database URL; None for another engine or an in-memory database."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):  # a URI filename (?uri=true): left to SQLite
        return None
    return Path(database)


def _create_owner_only(path: Path) -> None:
    """A new database file is made readable by its owner only (0600) before SQLite opens it:
    SQLite gives its -wal and -shm files the database file's permissions."""
    with contextlib.suppress(FileExistsError, FileNotFoundError):  # no folder: SQLite says so
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def key_pragma(key: bytes) -> str:
    """SQLCipher's PRAGMA for a raw 256-bit key: used as it is, without the key derivation (PBKDF2,
    256,000 rounds) a passphrase would cost at every connection."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def check_key(cursor: Any) -> None:
    """SQLCipher reads the file only at the first statement after the key: a wrong key (or none,
    for an encrypted file) fails there with "file is not a database"."""
    try:
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except Exception as error:  # the driver's DatabaseError; its module varies
        if "not a database" in str(error):
            raise DatabaseKeyError("wrong") from None  # its message can quote nothing secret
        raise


def _configure_sqlite(engine: Engine, busy_timeout_ms: int, key: bytes | None) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so that BEGIN IMMEDIATE below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # SQLCipher's own log would print "hmac check failed" for a wrong key: the program says
        # it in words instead (the stdlib's SQLite ignores an unknown PRAGMA).
        cursor.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:  # before anything else reads the file
            cursor.execute(key_pragma(key))
        check_key(cursor)  # an encrypted file without its key fails here too, clearly
        # The timeout first: switching to WAL may itself have to wait for another connection.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
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


class Failure(NamedTuple):
    """What kind of database failure an error is, and the database's own code for it: enough
    to act on and to look up, and never the statement's values."""

    kind: Literal["busy", "unavailable", "error"]
    code: str  # e.g. SQLITE_BUSY, SQLITE_CORRUPT_VTAB, or a PostgreSQL SQLSTATE such as 55P03


# SQLite's primary result codes (the low byte of an extended one).
_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_UNAVAILABLE = {10, 14}  # SQLITE_IOERR, SQLITE_CANTOPEN: the file cannot be read
# PostgreSQL: lock_not_available (lock_timeout), deadlock_detected, serialization_failure.
_PG_BUSY = {"55P03", "40P01", "40001"}
# Connection exceptions (class 08), the server shutting down or starting, too many connections.
_PG_UNAVAILABLE_CLASSES = ("08",)
_PG_UNAVAILABLE = {"57P01", "57P02", "57P03", "53300"}


def classify(error: DBAPIError) -> Failure:
    """The kind and code of a database error, from the driver's codes only (never its message,
    which can quote what was being written)."""
    driver_error = error.orig
    sqlite_code = getattr(driver_error, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        name = str(getattr(driver_error, "sqlite_errorname", "") or f"SQLITE_{sqlite_code}")
        if sqlite_code & 0xFF in _SQLITE_BUSY:
            return Failure("busy", name)
        if sqlite_code & 0xFF in _SQLITE_UNAVAILABLE:
            return Failure("unavailable", name)
        return Failure("error", name)
    sqlstate = getattr(driver_error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        if sqlstate in _PG_BUSY:
            return Failure("busy", sqlstate)
        if sqlstate.startswith(_PG_UNAVAILABLE_CLASSES) or sqlstate in _PG_UNAVAILABLE:
            return Failure("unavailable", sqlstate)
        return Failure("error", sqlstate)
    # No code at all: a connection that failed or broke before the server could answer.
    code = type(driver_error).__name__ if driver_error is not None else type(error).__name__
    if error.connection_invalidated or isinstance(error, OperationalError):
        return Failure("unavailable", code)
    return Failure("error", code)
