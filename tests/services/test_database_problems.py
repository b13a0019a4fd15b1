"""A database that is busy, out of reach or failing gives a refusal naming the kind of problem
and the database's own code, never a driver's traceback and never a value being written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from app.domain.case import CaseQuery, Role
from app.services import Services, open_services
from app.services.context import Actor, Backend
from app.services.errors import DatabaseBusy, DatabaseProblem, DatabaseUnavailable
from app.storage.engine import make_engine
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock

TYPED = "Rua do Benformoso 12, Amina Haddad"  # what the officer typed: never in a message


@pytest.fixture
def impatient(database_url: str, clock: Clock) -> Iterator[Services]:
    """Services that wait only a fifth of a second for another transaction's lock."""
    built = open_services(database_url, clock=clock, hasher=CHEAP_HASHER, lock_timeout_ms=200)
    yield built
    built.close()


def officer_of(services: Services) -> Actor:
    admin = services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon Centre", username="admin",
        full_name="Rita Fonseca", password="a station passphrase",
    )  # fmt: skip
    services.accounts.add_user(
        admin, username="officer", full_name="Ana Ribeiro", role=Role.OFFICER,
        password="a good password", station_code="LIS-01",
    )  # fmt: skip
    return services.accounts.authenticate("officer", "a good password")


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Another program's transaction holding the write lock (reads still go on)."""
    engine = make_engine(url, poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        if engine.dialect.name == "sqlite":
            pass  # the engine's BEGIN IMMEDIATE takes SQLite's write lock
        else:
            connection.execute(text("LOCK TABLE cases IN EXCLUSIVE MODE"))
        yield
    engine.dispose()


def test_a_lock_held_past_the_timeout_says_busy_loses_nothing_and_a_retry_saves(
    impatient: Services, database_url: str
) -> None:
    officer = officer_of(impatient)
    draft = impatient.cases.create_draft(officer)
    typed = replace(draft.record, place=TYPED)
    with write_lock_held(database_url):
        with pytest.raises(DatabaseBusy) as busy:
            impatient.cases.save_draft(officer, draft.id, draft.version, typed)
        # Reading goes on meanwhile: the list still shows the case.
        assert [c.id for c in impatient.cases.list_cases(officer, CaseQuery())] == [draft.id]
    message = str(busy.value)
    assert "busy" in message
    assert busy.value.code in {"SQLITE_BUSY", "55P03"}
    assert busy.value.code in message
    assert "Benformoso" not in message
    assert "Amina" not in message
    assert "Benformoso" not in repr(busy.value.__cause__)  # the driver's error: no values either
    # Nothing was half-written, and the same save works once the lock is gone.
    assert impatient.cases.open_case(officer, draft.id, "check").version == draft.version
    saved = impatient.cases.save_draft(officer, draft.id, draft.version, typed)
    assert saved.version == draft.version + 1
    assert impatient.cases.open_case(officer, draft.id, "check").record.place == TYPED


def unreachable_url(database_url: str, tmp_path: Path) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'no such folder' / 'cases.sqlite3'}"
    return "postgresql+psycopg://app@127.0.0.1:9/nowhere"  # nothing listens on port 9


def test_a_database_out_of_reach_says_so_with_the_code(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(unreachable_url(database_url, tmp_path), connect_args={})
    backend = Backend(engine, hasher=CHEAP_HASHER)
    with pytest.raises(DatabaseUnavailable) as unreachable, backend.reading() as session:
        session.execute(text("SELECT 1"))
    engine.dispose()
    assert "cannot be reached" in str(unreachable.value)
    assert unreachable.value.code in {"SQLITE_CANTOPEN", "OperationalError"}


def test_any_other_database_error_names_its_code_and_no_value(services: Services) -> None:
    insert = text(
        "INSERT INTO stations (code, name, protocol_pack, created_at) "
        "VALUES ('LIS-01', :name, 'eu-baseline', CURRENT_TIMESTAMP)"
    )

    def add_the_station_twice() -> None:  # the second breaks the unique station code
        with services.backend.transaction() as session:
            session.execute(insert, {"name": TYPED})
            session.execute(insert, {"name": TYPED})

    with pytest.raises(DatabaseProblem) as failed:
        add_the_station_twice()
    assert type(failed.value) is DatabaseProblem
    # The bundled SQLite module reports primary codes, the stdlib one extended ones.
    assert failed.value.code in {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT", "23505"}
    assert failed.value.code in str(failed.value)
    assert "Amina" not in str(failed.value)
    with services.backend.reading() as session:  # rolled back: nothing half-written
        assert session.scalar(text("SELECT count(*) FROM stations")) == 0
