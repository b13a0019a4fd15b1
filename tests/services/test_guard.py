"""Every call on behalf of a user: the account must still be active and unlocked, and a refused
attempt is in the audit trail with the call and the case, never with data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.domain.case import CaseQuery
from app.services import Services
from app.services.audit import Delivery
from app.services.errors import PermissionDenied, SessionEnded
from app.storage.tables import AuditEvent, User
from tests.helpers import Clock

NOWHERE = Delivery("screen", lambda _content: None)


@pytest.fixture
def demo(services: Services) -> Services:
    services.demo.fill(5)
    return services


def refusals(services: Services) -> list[tuple[str, str, str, str]]:
    with services.backend.reading() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "refused").order_by(AuditEvent.id)
        )
        return [
            (e.username, e.object_ref, json.loads(e.details)["call"], json.loads(e.details)["why"])
            for e in events
        ]


def set_user(services: Services, username: str, **values: object) -> None:
    with services.backend.transaction() as session:
        session.execute(update(User).where(User.username == username).values(**values))


def test_a_deactivated_account_stops_its_open_session(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    [first] = demo.cases.list_cases(officer, CaseQuery(), 1)
    set_user(demo, "officer", active=False)
    for attempt in (
        lambda: demo.cases.list_cases(officer, CaseQuery(), 1),
        lambda: demo.cases.open_case(officer, first.id, "check"),
        lambda: demo.cases.create_draft(officer),
        lambda: demo.documents.leaflet(officer, "en", delivery=NOWHERE),
    ):
        with pytest.raises(SessionEnded, match="deactivated or locked"):
            attempt()
    assert [r[2:] for r in refusals(demo)] == [
        ("CaseService.list_cases", "session_ended"),
        ("CaseService.open_case", "session_ended"),
        ("CaseService.create_draft", "session_ended"),
        ("DocumentService.leaflet", "session_ended"),
    ]
    assert refusals(demo)[1][1] == str(first.id)  # which case, by its id


def test_a_locked_account_stops_its_open_session_until_the_lock_ends(
    demo: Services, clock: Clock
) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    before = demo.cases.count_cases(officer, CaseQuery())
    set_user(demo, "officer", locked_until=clock.now + timedelta(minutes=15))
    with pytest.raises(SessionEnded):
        demo.cases.count_cases(officer, CaseQuery())
    clock.advance(minutes=16)
    assert demo.cases.count_cases(officer, CaseQuery()) == before


def test_a_refused_role_is_recorded_with_the_call_and_the_case(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    [case] = demo.cases.list_cases(officer, CaseQuery(), 1)
    with pytest.raises(PermissionDenied):
        demo.exchange.export_case(officer, case.reference, "curious", NOWHERE)
    with pytest.raises(PermissionDenied):
        demo.audit.entries(officer)
    assert refusals(demo) == [
        ("officer", case.reference, "ExchangeService.export_case", "role"),
        ("officer", "", "AuditService.entries", "role"),
    ]
    supervisor = demo.accounts.authenticate("supervisor", "demo")
    assert demo.audit.verify(supervisor).intact  # the refusals are sealed like any event


def test_a_refused_attempt_never_records_free_text(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    with pytest.raises(PermissionDenied):
        demo.exchange.export_case(officer, "Kofi Mensah, 12 Rua X", "x", NOWHERE)
    assert refusals(demo) == [("officer", "", "ExchangeService.export_case", "role")]
