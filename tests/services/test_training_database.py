"""The training database: prepared for the user signed in to the real one, never a real database,
and nothing crosses between them (issue 16 point 1)."""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.domain.case import CaseQuery, CaseStatus, Role, ServiceKind
from app.domain.marks import DatabaseMark
from app.domain.training import WorkedCase
from app.domain.workflow import Action
from app.services import Services, open_services
from app.services.context import Actor
from app.services.errors import ServiceError, TrainingRefused
from app.services.training_db import FICTIONAL_SERVICES, open_training
from app.storage import tables as t
from tests.conftest import empty_postgresql
from tests.helpers import Clock, delivered
from tests.services.test_drafts import complete, set_up_station

WORKED = WorkedCase(id="night_bus", version=1, title="Night bus", pack="eu-baseline", situation="")


@pytest.fixture
def training_url(tmp_path: Path, sqlite_template: Path) -> str:
    """An empty migrated file (a copy of the template: migrating a new one takes longer)."""
    path = tmp_path / "training.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def opened() -> Iterator[list[Services]]:
    """Training services a test opened, closed after it."""
    kept: list[Services] = []
    yield kept
    for services in kept:
        services.close()


def enter(real: Services, actor: Actor, url: str, kept: list[Services]) -> tuple[Services, Actor]:
    training, trainee = open_training(real, actor, url)
    kept.append(training)
    return training, trainee


def real_case(real: Services, officer: Actor, boss: Actor, clock: Clock) -> str:
    draft = real.cases.create_draft(officer)
    saved = real.cases.save_draft(officer, draft.id, draft.version, complete(draft.record, clock))
    submitted = real.cases.submit(officer, saved.id, saved.version)
    real.cases.apply(boss, submitted.id, submitted.version, Action.APPROVE)
    return draft.record.reference


def test_the_training_database_is_prepared_for_the_user_signed_in(
    services: Services, training_url: str, opened: list[Services]
) -> None:
    actors = set_up_station(services)
    training, trainee = enter(services, actors["officer"], training_url, opened)
    assert training.training.is_training()
    assert training.mark() is DatabaseMark.TRAINING
    assert (trainee.username, trainee.role, trainee.station_code, trainee.station_name) == (
        "officer", actors["officer"].role, "LIS-01", "Lisbon Centre",
    )  # fmt: skip
    with training.backend.reading() as session:
        [user] = session.scalars(select(t.User)).all()
        assert user.password_hash == ""  # nobody signs in to it
        services_kept = {s.code: s for s in session.scalars(select(t.SupportService))}
    assert {entry.kind for entry in FICTIONAL_SERVICES} == set(ServiceKind)
    assert set(services_kept) == {entry.code for entry in FICTIONAL_SERVICES}
    assert all("(fictional)" in s.name for s in services_kept.values())
    assert services_kept["training-shelter"].address_confidential
    with pytest.raises(ServiceError):
        training.accounts.authenticate("officer", "a good password")
    # refreshed at every entry: a new role in the real database, and a second user
    services.accounts.set_user(actors["admin"], "officer", role=Role.SUPERVISOR)
    training.close()
    opened.clear()
    training, trainee = enter(services, actors["officer"], training_url, opened)
    enter(services, actors["boss"], training_url, opened)
    assert trainee.role is Role.SUPERVISOR
    with training.backend.reading() as session:
        assert session.scalar(select(func.count()).select_from(t.User)) == 2
        assert session.scalar(select(func.count()).select_from(t.SupportService)) == len(
            FICTIONAL_SERVICES
        )


def test_a_database_with_cases_is_never_opened_as_training(
    services: Services, training_url: str, clock: Clock, opened: list[Services]
) -> None:
    actors = set_up_station(services)
    real_case(services, actors["officer"], actors["boss"], clock)
    url = services.backend.engine.url.render_as_string(hide_password=False)
    with pytest.raises(TrainingRefused):  # the station's own database
        open_training(services, actors["officer"], url)
    # another database, with a case, not marked training: a real one
    other = open_services(training_url, clock=clock)
    opened.append(other)
    set_up_station(other)
    other.cases.create_draft(other.accounts.authenticate("officer", "a good password"))
    with pytest.raises(TrainingRefused):
        open_training(services, actors["officer"], training_url)
    assert not other.training.is_training()
    assert other.mark() is DatabaseMark.NONE


def training_session(
    real: Services, actors: dict[str, Actor], url: str, clock: Clock, kept: list[Services]
) -> tuple[Services, Actor, str]:
    """A whole training session through the services: an attempt, saved, submitted, its leaflet
    printed, approved by a supervisor. Returns the training services, the supervisor there and
    the case's reference."""
    training, officer = enter(real, actors["officer"], url, kept)
    attempt_id, draft = training.training.start_attempt(officer, WORKED)
    record = complete(draft.record, clock)
    saved = training.cases.save_draft(officer, draft.id, draft.version, record)
    submitted = training.cases.submit(officer, saved.id, saved.version)
    pdf = delivered(
        training.documents.leaflet, officer, "en", submitted.record.reference,
        person_key="P1", reason="practice",
    )  # fmt: skip
    assert "TRAINING" in str(PdfReader(io.BytesIO(pdf)).metadata.title)  # type: ignore[union-attr]
    training.training.store_result(officer, attempt_id, ())
    _same, boss = enter(real, actors["boss"], url, kept)
    approved = training.cases.apply(boss, submitted.id, submitted.version, Action.APPROVE)
    assert approved.record.status is CaseStatus.APPROVED
    return training, boss, submitted.record.reference


def audit_count(services: Services) -> int:
    with services.backend.reading() as session:
        return int(session.scalar(select(func.count()).select_from(t.AuditEvent)) or 0)


def test_nothing_crosses_between_the_real_and_the_training_database(
    services: Services, training_url: str, clock: Clock, opened: list[Services]
) -> None:
    actors = set_up_station(services)
    reference = real_case(services, actors["officer"], actors["boss"], clock)
    real_cases = services.cases.list_cases(actors["boss"], CaseQuery())
    trail = audit_count(services)

    training, boss, practised = training_session(services, actors, training_url, clock, opened)

    # nothing of training in the real database: cases, audit trail, statistics' source
    assert services.cases.list_cases(actors["boss"], CaseQuery()) == real_cases
    assert services.cases.list_cases(actors["boss"], CaseQuery(text=practised)) == []
    assert audit_count(services) == trail
    # nothing real in training: its list and a search for the real reference
    listed = training.cases.list_cases(boss, CaseQuery())
    assert [case.reference for case in listed] == [practised]
    assert training.cases.list_cases(boss, CaseQuery(text=reference)) == []


def file_digests(path: Path) -> dict[str, str]:
    """SHA-256 of the database's files: the main file, and its -wal and -shm if present."""
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def test_training_leaves_the_real_database_bytes_unchanged(
    sqlite_services: Services, training_url: str, clock: Clock, opened: list[Services]
) -> None:
    real = sqlite_services
    actors = set_up_station(real)
    actors["officer"] = real.accounts.authenticate("officer", "a good password")  # for real
    actors["boss"] = real.accounts.authenticate("boss", "a good password")
    real_case(real, actors["officer"], actors["boss"], clock)
    real.close()  # everything written reaches the main file; reading opens it again
    database = real.database_file()
    assert database is not None
    before = file_digests(database)

    training_session(real, actors, training_url, clock, opened)

    for services in opened:
        services.close()
    real.close()
    assert file_digests(database) == before


def test_a_force_keeps_training_on_a_postgresql_database_of_its_own(
    sqlite_services: Services, postgresql_url: str, opened: list[Services]
) -> None:
    """Two workstations (each its own real file here) practise on one training database on the
    server: the trainer sees every trainee's attempts."""
    empty_postgresql(postgresql_url)
    actors = set_up_station(sqlite_services)
    training, officer = enter(sqlite_services, actors["officer"], postgresql_url, opened)
    assert training.training.is_training()
    attempt_id, opened_case = training.training.start_attempt(officer, WORKED)
    assert opened_case.record.reference.endswith("-900001")
    _again, boss = enter(sqlite_services, actors["boss"], postgresql_url, opened)
    assert [a.id for a in _again.training.attempts(boss)] == [attempt_id]
