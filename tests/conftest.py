"""Shared fixtures. Storage and service tests run on SQLite and, given a URL, on PostgreSQL.

PROXIMITY_DESK_TEST_PG_URL=postgresql+psycopg://...   run the PostgreSQL half too
PROXIMITY_DESK_REQUIRE_PG=1                          fail instead of skipping without it (CI)
"""

from __future__ import annotations

import gc
import os
import sys

# Before anything creates a QApplication: without a display pytest-qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings come from the test, never from the developer's own settings file.
os.environ["PROXIMITY_DESK_CONFIG"] = os.devnull
# Audit keys go to a folder of the test run, never to the developer's own (child processes too).
import tempfile

os.environ["PROXIMITY_DESK_AUDIT_KEYS"] = tempfile.mkdtemp(prefix="proximity-desk-test-keys-")
# So do the embedded databases' encryption keys (never the OS keyring).
os.environ["PROXIMITY_DESK_DB_KEYS"] = tempfile.mkdtemp(prefix="proximity-desk-test-db-keys-")
# And the draft journal of a dropped network (app.services.journal).
os.environ["PROXIMITY_DESK_JOURNAL"] = tempfile.mkdtemp(prefix="proximity-desk-test-journal-")

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QLocale
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.services import Services, open_services
from app.storage.engine import make_engine
from app.storage.migrate import upgrade
from app.storage.tables import Base
from app.ui.collector import collect_due
from tests.helpers import Clock

STARTING_LOCALE = QLocale()  # Qt's default locale before any test
PG_URL = os.environ.get("PROXIMITY_DESK_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("PROXIMITY_DESK_REQUIRE_PG") == "1"
# Argon2 at production cost takes ~130 ms a hash; tests use the cheapest parameters.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)  # the tests' clock


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database, copied for each test: migrating once is much faster."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgresql_url() -> str:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("PROXIMITY_DESK_REQUIRE_PG=1 but PROXIMITY_DESK_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL half skipped: set PROXIMITY_DESK_TEST_PG_URL to run it")
    url = worker_database(PG_URL)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    return url


def worker_database(url: str) -> str:
    """Each pytest-xdist worker gets a database of its own on the same server (created once)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    server = make_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        known = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if connection.execute(known, {"name": name}).first() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def empty_postgresql(url: str) -> None:
    engine = make_engine(url)
    names = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        # As the database's owner would: the audit trail is otherwise append-only (triggers).
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """An empty, migrated database of each engine."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgresql_url")
    empty_postgresql(url)
    return url


@pytest.fixture
def services(database_url: str, clock: Clock) -> Iterator[Services]:
    built = open_services(database_url, clock=clock, hasher=CHEAP_HASHER)
    yield built
    built.close()


@pytest.fixture
def postgresql_services(postgresql_url: str, clock: Clock) -> Iterator[Services]:
    """For behaviour only PostgreSQL has (its READ COMMITTED interleavings)."""
    empty_postgresql(postgresql_url)
    built = open_services(postgresql_url, clock=clock, hasher=CHEAP_HASHER)
    yield built
    built.close()


@pytest.fixture
def sqlite_services(tmp_path: Path, sqlite_template: Path, clock: Clock) -> Iterator[Services]:
    """For tests about behaviour that does not depend on the engine (SQLite only, faster)."""
    path = tmp_path / "test.sqlite3"
    shutil.copy(sqlite_template, path)
    built = open_services(f"sqlite:///{path}", clock=clock, hasher=CHEAP_HASHER)
    yield built
    built.close()


@pytest.fixture(autouse=True, scope="session")
def collect_in_the_main_thread() -> Iterator[None]:
    """As the program does (app.ui.collector): no automatic collection, which could free Qt
    widgets in the case list's counting thread and crash; the main thread collects after each
    test instead."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def collected() -> Iterator[None]:
    yield
    stop_idle_locks()
    collect_due()


def stop_idle_locks() -> None:
    """A main window a test left open keeps its idle lock watching the whole program: minutes
    later, in another test, it would lock and hide that test's windows."""
    lock = sys.modules.get("app.ui.lock")
    if lock is None:
        return
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415 - only once Qt is in use

    for window in QApplication.topLevelWidgets():
        for idle_lock in window.findChildren(lock.IdleLock):
            idle_lock.stop()
        if isinstance(window, lock.LockScreen):  # its main window already gone
            window.hide()
            window.deleteLater()


@pytest.fixture(autouse=True)
def english() -> None:
    """Tests read English messages: a test that switched the language leaves no trace, in Qt's
    default locale either (dates typed by a later test are written in it: a Finnish or CLDR
    English time has characters QTest cannot type)."""
    from app import i18n  # noqa: PLC0415

    i18n.set_language("en")
    QLocale.setDefault(STARTING_LOCALE)
