"""The audit trail: a hash chain that shows altered and deleted rows, read by supervisors only."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.domain.case import CaseQuery, Role
from app.services import Services
from app.services.context import Actor
from app.services.errors import PermissionDenied
from tests.helpers import Clock


def several_actions(services: Services, clock: Clock) -> tuple[Actor, Actor]:
    """Set-up, accounts, sign-ins, a draft and a view: returns (supervisor, officer)."""
    services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="admin",
        full_name="Rita Fonseca",
        password="correct horse",
    )
    admin = services.accounts.authenticate("admin", "correct horse")
    for username, role in (("boss", Role.SUPERVISOR), ("ana", Role.OFFICER)):
        services.accounts.add_user(
            admin,
            username=username,
            full_name=username.title(),
            role=role,
            password="long enough",
            station_code="LIS-01",
        )
    clock.advance(minutes=5)
    supervisor = services.accounts.authenticate("boss", "long enough")
    officer = services.accounts.authenticate("ana", "long enough")
    draft = services.cases.create_draft(officer)
    clock.advance(minutes=1)
    services.cases.open_case(supervisor, draft.id, "daily review")
    return supervisor, officer


def event_ids(services: Services) -> list[int]:
    with services.backend.engine.connect() as connection:
        return list(connection.execute(text("SELECT id FROM audit_events ORDER BY id")).scalars())


def execute(services: Services, sql: str, **params: object) -> None:
    with services.backend.engine.begin() as connection:
        connection.execute(text(sql), params)


def test_an_untouched_trail_verifies(services: Services, clock: Clock) -> None:
    assert services.audit.verify() == []
    several_actions(services, clock)
    assert len(event_ids(services)) >= 8
    assert services.audit.verify() == []


@pytest.mark.parametrize(
    ("column", "value"), [("reason", "nothing to see"), ("username", "someone_else")]
)
def test_an_altered_row_is_named(services: Services, clock: Clock, column: str, value: str) -> None:
    several_actions(services, clock)
    ids = event_ids(services)
    target = ids[len(ids) // 2]
    execute(
        services,
        f"UPDATE audit_events SET {column} = :value WHERE id = :id",
        value=value,
        id=target,
    )
    assert services.audit.verify() == [target]


def test_an_altered_last_row_is_named(services: Services, clock: Clock) -> None:
    several_actions(services, clock)
    last = event_ids(services)[-1]
    execute(services, "UPDATE audit_events SET reason = '' WHERE id = :id", id=last)
    assert services.audit.verify() == [last]


def test_a_deleted_row_is_reported_at_the_next_one(services: Services, clock: Clock) -> None:
    several_actions(services, clock)
    ids = event_ids(services)
    middle = len(ids) // 2
    execute(services, "DELETE FROM audit_events WHERE id = :id", id=ids[middle])
    assert services.audit.verify() == [ids[middle + 1]]


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next(
    services: Services, clock: Clock
) -> None:
    several_actions(services, clock)
    ids = event_ids(services)
    execute(
        services,
        "UPDATE audit_events SET hash = :hash WHERE id = :id",
        hash="f" * 64,
        id=ids[2],
    )
    assert services.audit.verify() == [ids[2], ids[3]]


def test_only_supervisors_and_administrators_read_the_trail(
    services: Services, clock: Clock
) -> None:
    supervisor, officer = several_actions(services, clock)
    with pytest.raises(PermissionDenied):
        services.audit.entries(officer)
    entries = services.audit.entries(supervisor)
    assert [e.id for e in entries] == sorted(event_ids(services), reverse=True)  # newest first
    assert entries[0].action == "view"
    assert entries[0].username == "boss"
    assert entries[0].reason == "daily review"
    assert entries[0].at == clock.now
    assert entries[-1].action == "setup"
    assert len(services.audit.entries(supervisor, limit=3)) == 3
    admin = services.accounts.authenticate("admin", "correct horse")
    reference = entries[0].object_ref
    assert [e.action for e in services.audit.entries(admin, object_ref=reference)] == [
        "view",
        "create",
    ]


def test_the_trail_holds_no_victim_data(services: Services) -> None:
    services.demo.fill(60)
    supervisor = services.accounts.authenticate("supervisor", "demo")
    rows = services.cases.list_cases(supervisor, CaseQuery(), 0, 60)
    opened = [services.cases.open_case(supervisor, row.id, "quality check") for row in rows]
    names = {p.name for case in opened for p in case.record.persons}
    phones = {p.safe_phone for case in opened for p in case.record.persons}
    assert len(names) > 5
    with services.backend.engine.connect() as connection:
        audit_rows = connection.execute(text("SELECT * FROM audit_events")).all()
        all_names = set(connection.execute(text("SELECT name FROM persons")).scalars())
    assert {r.action for r in audit_rows} >= {"demo_fill", "login", "view"}
    trail = "\n".join(str(value) for row in audit_rows for value in row)
    for secret in names | all_names | phones:
        assert secret not in trail
        assert secret.split()[-1] not in trail  # not even the family name
