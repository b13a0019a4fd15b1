"""Outcomes through the services on both engines: the officer of the case and its station's
supervisors enter them on a submitted case, a closed one too; nobody else, not on a draft, not
dated ahead, no garbage. Each refusal leaves the case as it was; the trail keeps the kind and the
day, never the court reference or the note."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.domain import case as d
from app.domain.retention import Expiry
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, Refused, ServiceError
from tests.helpers import Clock
from tests.services.test_follow_up_attacks import SECRET, approved, two_stations, version_of


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    return two_stations(services)


def outcome(kind: d.OutcomeKind, on: date, reference: str = SECRET) -> Decision:
    return Decision(outcome=d.Outcome(kind, on, reference, note=SECRET))


def stored(services: Services, case_id: int) -> list[tuple[str, str, str]]:
    with services.backend.reading() as session:
        rows = session.execute(
            text(
                "SELECT kind, court_reference, recorded_by FROM case_outcomes"
                f" WHERE case_id = {case_id} ORDER BY id"
            )
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_the_officer_and_the_supervisor_record_outcomes_on_a_closed_case(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer, boss = who["officer"], who["boss"]
    case_id, version, reference = approved(services, clock, officer, boss)
    version = services.cases.apply(
        officer, case_id, version, Action.PROPOSE_CLOSURE, "done"
    ).version
    version = services.cases.apply(boss, case_id, version, Action.CLOSE).version
    today = clock.now.date()
    done = services.cases.apply(
        officer, case_id, version, Action.OUTCOME,
        outcome(d.OutcomeKind.SENT_TO_PROSECUTOR, today, " R 26/1 "),
    )  # fmt: skip
    assert done.version == version + 1
    assert done.record.status is d.CaseStatus.CLOSED
    clock.advance(days=400)
    later = clock.now.date()
    done = services.cases.apply(
        boss, case_id, done.version, Action.OUTCOME, outcome(d.OutcomeKind.CONVICTED, later)
    )
    assert [
        (o.kind, o.happened_on, o.court_reference, o.recorded_by) for o in done.record.outcomes
    ] == [
        (d.OutcomeKind.SENT_TO_PROSECUTOR, today, "R 26/1", "officer"),
        (d.OutcomeKind.CONVICTED, later, SECRET, "boss"),
    ]
    # Read back from the database, after a fresh open.
    opened = services.cases.open_case(officer, case_id, "check")
    assert opened.record.outcomes == done.record.outcomes
    assert stored(services, case_id) == [
        ("sent_to_prosecutor", "R 26/1", "officer"),
        ("convicted", SECRET, "boss"),
    ]
    with services.backend.reading() as session:
        rows = session.execute(
            text(
                "SELECT username, details, reason FROM audit_events"
                f" WHERE action = 'outcome' AND object_ref = '{reference}' ORDER BY id"
            )
        ).all()
    assert [(u, json.loads(details)) for u, details, _reason in rows] == [
        ("officer", {"kind": "sent_to_prosecutor", "on": today.isoformat()}),
        ("boss", {"kind": "convicted", "on": later.isoformat()}),
    ]
    assert all(SECRET not in (reason or "") for *_rest, reason in rows)
    assert services.audit.verify(who["admin"]).intact


def test_nobody_else_records_one_and_a_refusal_changes_nothing(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, version, _reference = approved(services, clock, who["officer"], who["boss"])
    today = clock.now.date()
    charged = outcome(d.OutcomeKind.CHARGED, today)
    for stranger, error in (
        ("other", NotAllowed),  # an officer of the station, not of the case
        ("admin", NotAllowed),  # administrators do not work cases
        ("officer2", PermissionDenied),  # another station
        ("boss2", PermissionDenied),
    ):
        with pytest.raises(error):
            services.cases.apply(who[stranger], case_id, version, Action.OUTCOME, charged)
    dpo = services.accounts.add_user(
        who["admin"], username="dpo", full_name="Dpo", role=d.Role.DATA_PROTECTION_OFFICER,
        password="a good password", station_code="LIS-01",
    )  # fmt: skip
    assert dpo
    with pytest.raises(ServiceError):
        services.cases.apply(
            services.accounts.authenticate("dpo", "a good password"), case_id, version,
            Action.OUTCOME, charged,
        )  # fmt: skip
    draft = services.cases.create_draft(who["officer"])
    with pytest.raises(NotAllowed) as refused:
        services.cases.apply(who["officer"], draft.id, draft.version, Action.OUTCOME, charged)
    assert refused.value.issues[0].code == "not_in_this_state"
    ahead = outcome(d.OutcomeKind.CHARGED, today + timedelta(days=1))
    with pytest.raises(Refused) as refused:
        services.cases.apply(who["officer"], case_id, version, Action.OUTCOME, ahead)
    assert [i.code for i in refused.value.issues] == ["date_in_future"]
    done = services.cases.apply(who["officer"], case_id, version, Action.OUTCOME, charged)
    with pytest.raises(Refused) as refused:
        services.cases.apply(who["officer"], case_id, done.version, Action.OUTCOME, charged)
    assert [i.code for i in refused.value.issues] == ["duplicate_outcome"]
    assert version_of(services, case_id) == done.version
    assert len(stored(services, case_id)) == 1
    assert stored(services, draft.id) == []
    # A deactivated account's open session is stopped too.
    services.accounts.deactivate(who["admin"], "officer")
    with pytest.raises(ServiceError):
        services.cases.apply(who["officer"], case_id, done.version, Action.OUTCOME, charged)
    # Each refusal is in the trail, with the call and the case, never what was typed.
    with services.backend.reading() as session:
        refusals = session.execute(
            text("SELECT object_ref, details FROM audit_events WHERE action = 'refused'")
        ).all()
    on_the_case = [json.loads(d) for ref, d in refusals if ref == str(case_id)]
    assert {d["call"] for d in on_the_case} == {"CaseService.apply"}
    # Four strangers, the DPO and the deactivated account.
    assert len(on_the_case) == 6
    assert all(SECRET not in json.dumps(d) for _ref, d in refusals)
    assert services.audit.verify(who["admin"]).intact


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(reference=st.text(max_size=200), note=st.text(max_size=40), days=st.integers(-5000, 5000))
def test_garbage_is_refused_whole_or_stored_whole(
    sqlite_services: Services, clock: Clock, reference: str, note: str, days: int
) -> None:
    services = sqlite_services
    with services.backend.reading() as session:
        known = session.execute(text("SELECT count(*) FROM users")).scalar_one()
    actors = (
        two_stations(services)
        if not known
        else {
            "officer": services.accounts.authenticate("officer", "a good password"),
            "boss": services.accounts.authenticate("boss", "a good password"),
        }
    )
    case_id, version, _reference = approved(services, clock, actors["officer"], actors["boss"])
    on = clock.now.date() + timedelta(days=days)
    decision = Decision(outcome=d.Outcome(d.OutcomeKind.ACQUITTED, on, reference, note))
    try:
        done = services.cases.apply(actors["officer"], case_id, version, Action.OUTCOME, decision)
    except Refused:
        assert version_of(services, case_id) == version
        assert stored(services, case_id) == []
        return
    assert done.record.outcomes[-1].court_reference == reference.strip()
    assert stored(services, case_id) == [("acquitted", reference.strip(), "officer")]


def test_anonymising_a_closed_case_keeps_its_outcomes_kind_and_day(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer, boss = who["officer"], who["boss"]
    case_id, version, _reference = approved(services, clock, officer, boss)
    today = clock.now.date()
    version = services.cases.apply(
        officer, case_id, version, Action.OUTCOME, outcome(d.OutcomeKind.ACQUITTED, today)
    ).version
    version = services.cases.apply(
        officer, case_id, version, Action.PROPOSE_CLOSURE, "done"
    ).version
    version = services.cases.apply(boss, case_id, version, Action.CLOSE).version
    services.cases.apply(
        who["admin"], case_id, version, Action.ANONYMISE, Decision(expiry=Expiry(case=True))
    )
    assert stored(services, case_id) == [("acquitted", "", "officer")]
    with services.backend.reading() as session:
        [(happened_on, note)] = session.execute(
            text(f"SELECT happened_on, note FROM case_outcomes WHERE case_id = {case_id}")
        ).all()
    assert (str(happened_on)[:10], note) == (today.isoformat(), "")
