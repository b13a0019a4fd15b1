"""The audit trail: sealed with a key the database does not hold, append-only, and every way of
rewriting it is found and named by `verify` (on both engines)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text

from app.domain import audit_chain as chain
from app.domain.case import CaseQuery, Role
from app.i18n.issues import describe
from app.services import Services, open_services
from app.services.context import Actor
from app.services.errors import (
    AuditKeyExposed,
    AuditKeyMissing,
    AuditTrailBroken,
    DatabaseProblem,
    PermissionDenied,
    Refused,
)
from app.storage.engine import is_postgresql, make_engine
from app.storage.tables import AuditEvent
from tests.conftest import CHEAP_HASHER
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
            password="long enough now",
            station_code="LIS-01",
        )
    clock.advance(minutes=5)
    supervisor = services.accounts.authenticate("boss", "long enough now")
    officer = services.accounts.authenticate("ana", "long enough now")
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


def tamper(services: Services, *statements: str, **params: object) -> None:
    """What someone holding the database can do: on SQLite drop the triggers, on PostgreSQL act
    as the owner with triggers off. The key file is not theirs."""
    with services.backend.engine.begin() as connection:
        if is_postgresql(services.backend.engine):
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        for statement in statements:
            connection.execute(text(statement), params)


def codes(services: Services, actor: Actor, checkpoint: str | None = None) -> list[str]:
    return [finding.code for finding in services.audit.verify(actor, checkpoint).findings]


def rows(services: Services) -> list[dict[str, object]]:
    with services.backend.reading() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [
            {column.name: getattr(event, column.name) for column in AuditEvent.__table__.columns}
            for event in events
        ]


def test_an_untouched_trail_verifies(services: Services, clock: Clock) -> None:
    supervisor, _officer = several_actions(services, clock)
    ids = event_ids(services)
    assert len(ids) >= 8
    assert ids == list(range(1, len(ids) + 1))  # given one after the other: part of the seal
    report = services.audit.verify(supervisor)
    assert report.intact
    assert report.count == len(ids)
    # The check itself is in the trail, and the trail still verifies after it.
    assert rows(services)[-1]["action"] == "audit_verify"
    assert json.loads(str(rows(services)[-1]["details"])) == {"findings": 0, "intact": True}
    assert services.audit.verify(supervisor).intact


def test_only_supervisors_and_administrators_verify(services: Services, clock: Clock) -> None:
    _supervisor, officer = several_actions(services, clock)
    with pytest.raises(PermissionDenied):
        services.audit.verify(officer)
    with pytest.raises(PermissionDenied):
        services.audit.checkpoint(officer)


def test_the_program_cannot_update_or_delete_audit_rows(services: Services, clock: Clock) -> None:
    several_actions(services, clock)
    statements = ["UPDATE audit_events SET reason = 'x'", "DELETE FROM audit_events"]
    if is_postgresql(services.backend.engine):
        statements.append("TRUNCATE audit_events")
    for statement in statements:
        with pytest.raises(DatabaseProblem) as refused, services.backend.transaction() as s:
            s.execute(text(statement))
        # The triggers' refusal: SQLite's RAISE(ABORT), PostgreSQL's insufficient_privilege.
        assert refused.value.code in {"SQLITE_CONSTRAINT_TRIGGER", "SQLITE_CONSTRAINT", "42501"}
    assert len(event_ids(services)) >= 8


TAMPERINGS = {
    "last rows removed": (
        ["DELETE FROM audit_events WHERE id > (SELECT max(id) - 2 FROM audit_events)"],
        {"audit_cut_off"},
    ),
    "all rows removed": (["DELETE FROM audit_events"], {"audit_emptied"}),
    "a forged row appended": (
        [
            "INSERT INTO audit_events (id, at, username, action, object_type, object_ref, reason,"
            " details, previous_hash, hash) SELECT max(id) + 1, max(at), 'boss', 'view', 'case',"
            " '', 'nothing', '{}', max(hash), max(hash) FROM audit_events"
        ],
        {"audit_after_head"},
    ),
    "ids renumbered to close a gap": (
        [
            "DELETE FROM audit_events WHERE id = 5",
            "UPDATE audit_events SET id = -id WHERE id > 5",
            "UPDATE audit_events SET id = -id - 1 WHERE id < 0",
        ],
        {"audit_altered", "audit_cut_off"},
    ),
    "ids shifted": (["UPDATE audit_events SET id = id + 1000"], {"audit_gap", "audit_after_head"}),
    "a row altered": (
        ["UPDATE audit_events SET reason = 'routine' WHERE id = 5"],
        {"audit_altered"},
    ),
    "a row deleted": (
        ["DELETE FROM audit_events WHERE id = 5"],
        {"audit_gap", "audit_broken_link"},
    ),
    "two rows swapped": (
        [
            "UPDATE audit_events SET id = -5 WHERE id = 5",
            "UPDATE audit_events SET id = 5 WHERE id = 6",
            "UPDATE audit_events SET id = 6 WHERE id = -5",
        ],
        {"audit_altered"},
    ),
    "the head rewritten": (
        ["UPDATE audit_head SET count = count - 2, last_id = last_id - 2"],
        {"audit_head_forged"},
    ),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_each_tampering_is_found_and_named(
    services: Services, clock: Clock, tampering: str
) -> None:
    supervisor, _officer = several_actions(services, clock)
    statements, expected = TAMPERINGS[tampering]
    tamper(services, *statements)
    findings = services.audit.verify(supervisor).findings
    assert {f.code for f in findings} >= expected, tampering
    for finding in findings:  # each in words, naming the event where there is one
        message = describe(finding)
        assert message
        assert "{" not in message
        if "id" in finding.params:
            assert str(finding.params["id"]) in message


def test_rows_deleted_and_the_chain_recomputed_are_found(services: Services, clock: Clock) -> None:
    supervisor, _officer = several_actions(services, clock)
    kept = [row for row in rows(services) if row["id"] != 4]
    tamper(services, "DELETE FROM audit_events WHERE id >= 4")
    previous = str(kept[2]["hash"])
    for new_id, row in enumerate(kept[3:], start=4):
        forged = row | {"id": new_id, "previous_hash": previous}
        forged["hash"] = previous = chain.legacy_hash(chain.ChainEvent(**forged))
        tamper(
            services,
            "INSERT INTO audit_events (id, at, username, action, object_type, object_ref, reason,"
            " details, previous_hash, hash) VALUES (:id, :at, :username, :action, :object_type,"
            " :object_ref, :reason, :details, :previous_hash, :hash)",
            **forged,
        )
    tamper(
        services,
        "UPDATE audit_head SET count = count - 1, last_id = last_id - 1, last_hash = :hash",
        hash=previous,
    )
    found = codes(services, supervisor)
    assert found.count("audit_altered") == len(kept) - 3
    assert "audit_head_forged" in found


def test_a_tail_cut_with_the_head_rolled_back_shows_against_a_checkpoint(
    services: Services, clock: Clock
) -> None:
    """The head copied from an old backup matches a shorter trail: only a checkpoint kept elsewhere
    still shows the cut."""
    supervisor, _officer = several_actions(services, clock)
    with services.backend.engine.connect() as connection:
        old_head = dict(connection.execute(text("SELECT * FROM audit_head")).one()._mapping)
    checkpoint, point = services.audit.checkpoint(supervisor)
    assert point.count == old_head["count"] + 1  # the checkpoint is itself an event
    services.cases.open_case(supervisor, 1, "follow-up")
    assert codes(services, supervisor, checkpoint) == []
    tamper(
        services,
        "DELETE FROM audit_events WHERE id > :last",
        "UPDATE audit_head SET count = :count, last_id = :last, last_hash = :hash, mac = :mac",
        last=old_head["last_id"],
        count=old_head["count"],
        hash=old_head["last_hash"],
        mac=old_head["mac"],
    )
    assert codes(services, supervisor, checkpoint) == ["checkpoint_cut_off"]
    assert codes(services, supervisor) == []  # the database alone looks whole
    # The checks wrote new events where the removed ones were: not the checkpoint's last event.
    assert codes(services, supervisor, checkpoint) == ["checkpoint_mismatch"]


def test_a_checkpoint_that_was_edited_or_belongs_elsewhere_is_refused(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    supervisor, _officer = several_actions(services, clock)
    checkpoint, _point = services.audit.checkpoint(supervisor)
    edited = json.loads(checkpoint) | {"count": 1}
    assert codes(services, supervisor, json.dumps(edited)) == ["checkpoint_forged"]
    elsewhere = open_services(
        f"sqlite:///{tmp_path / 'other.sqlite3'}", hasher=CHEAP_HASHER, audit_keys=tmp_path
    )
    other_supervisor, _ = several_actions(elsewhere, clock)
    assert codes(elsewhere, other_supervisor, checkpoint) == ["checkpoint_other_trail"]
    elsewhere.close()
    for garbage in ("", "{}", "[1]", '{"format": "proximity-desk-audit-checkpoint"}'):
        with pytest.raises(Refused):
            services.audit.verify(supervisor, garbage)


def test_without_its_key_file_nothing_is_recorded_or_verified(
    services: Services, clock: Clock, tmp_path: Path
) -> None:
    _supervisor, _officer = several_actions(services, clock)
    url = services.backend.engine.url.render_as_string(hide_password=False)
    stranger = open_services(url, hasher=CHEAP_HASHER, audit_keys=tmp_path / "another")
    with pytest.raises(AuditKeyMissing, match=r"\.key"):
        stranger.accounts.authenticate("boss", "long enough now")
    stranger.close()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_key_files_are_the_owners_alone_and_others_are_refused(
    sqlite_services: Services, clock: Clock
) -> None:
    several_actions(sqlite_services, clock)
    key_file = Path(os.environ["PROXIMITY_DESK_AUDIT_KEYS"]) / f"{head_key_id(sqlite_services)}.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key_file.chmod(0o644)
    url = sqlite_services.backend.engine.url.render_as_string(hide_password=False)
    fresh = open_services(url, hasher=CHEAP_HASHER)  # no key read yet in this process
    with pytest.raises(AuditKeyExposed):
        fresh.accounts.authenticate("boss", "long enough now")
    key_file.chmod(0o600)
    fresh.close()


def head_key_id(services: Services) -> str:
    with services.backend.engine.connect() as connection:
        return str(connection.execute(text("SELECT key_id FROM audit_head")).scalar())


def test_a_database_whose_trail_was_removed_records_nothing(
    services: Services, clock: Clock
) -> None:
    supervisor, _officer = several_actions(services, clock)
    tamper(services, "DELETE FROM audit_events", "DELETE FROM audit_head")
    assert codes(services, supervisor) == ["audit_head_missing"]
    with pytest.raises(AuditTrailBroken):  # no new chain is started over the removed one
        services.accounts.authenticate("boss", "long enough now")


def test_only_supervisors_and_administrators_read_the_trail(
    services: Services, clock: Clock
) -> None:
    supervisor, officer = several_actions(services, clock)
    with pytest.raises(PermissionDenied):
        services.audit.entries(officer)
    entries = services.audit.entries(supervisor)
    assert [e.id for e in entries] == sorted(event_ids(services), reverse=True)  # newest first
    assert (entries[0].action, entries[0].username) == ("refused", "ana")  # the attempt above
    assert entries[1].action == "view"
    assert entries[1].username == "boss"
    assert entries[1].reason == "daily review"
    assert entries[1].at == clock.now
    assert entries[-1].action == "setup"
    assert len(services.audit.entries(supervisor, limit=3)) == 3
    admin = services.accounts.authenticate("admin", "correct horse")
    reference = entries[1].object_ref
    assert [e.action for e in services.audit.entries(admin, object_ref=reference)] == [
        "view",
        "create",
    ]


def test_the_trail_holds_no_victim_data(services: Services) -> None:
    services.demo.fill(60)
    supervisor = services.accounts.authenticate("supervisor", "demo")
    rows = services.cases.list_cases(supervisor, CaseQuery(), 60)
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


def test_a_first_release_trail_is_sealed_from_its_end_on(tmp_path: Path, clock: Clock) -> None:
    """A database of the first release: its unkeyed events are kept, anchored by the first sealed
    event, so that rewriting them (even with their unkeyed hashes recomputed) still shows."""
    from alembic import command  # noqa: PLC0415

    from app.storage.migrate import alembic_config  # noqa: PLC0415

    url = f"sqlite:///{tmp_path / 'first-release.sqlite3'}"
    engine = make_engine(url)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    legacy = legacy_events(3, clock)
    with engine.begin() as connection:
        for event in legacy:
            connection.execute(insert(AuditEvent), [vars(event)])
    engine.dispose()

    services = open_services(url, clock=clock, hasher=CHEAP_HASHER, audit_keys=tmp_path)
    supervisor, _officer = several_actions(services, clock)
    assert event_ids(services)[:4] == [1, 2, 3, 4]
    assert codes(services, supervisor) == []
    rewritten = legacy_events(3, clock, reason="nothing happened")
    tamper(services, "DELETE FROM audit_events WHERE id <= 3")
    with services.backend.engine.begin() as connection:
        connection.execute(insert(AuditEvent), [vars(event) for event in rewritten])
    assert codes(services, supervisor) == ["audit_broken_link"]  # at the first sealed event
    services.close()


def legacy_events(count: int, clock: Clock, reason: str = "") -> list[chain.ChainEvent]:
    events, previous = [], chain.GENESIS
    for number in range(1, count + 1):
        event = chain.ChainEvent(
            id=number, at=clock.now, username="old", action="login", object_type="user",
            object_ref="old", reason=reason, details="{}", previous_hash=previous,
        )  # fmt: skip
        previous = chain.legacy_hash(event)
        events.append(replace(event, hash=previous))
    return events
