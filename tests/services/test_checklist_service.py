"""The hate-case checklist through the services, on both engines: from the stored record, its pack
and the audit trail, read only; the judgement checks a supervisor confirms kept with the
approval, anything else refused."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.domain.case import CaseStatus, RightsInformation
from app.domain.checklist import JUDGEMENT_CHECKS, CheckState
from app.domain.validation import Issue
from app.domain.workflow import Action, Decision
from app.services import Services, audit
from app.services.cases import OpenedCase
from app.services.context import Actor
from app.services.errors import NotFound, PermissionDenied, Refused
from app.storage.tables import AuditEvent
from tests.helpers import Clock
from tests.services.test_cases import sign_in
from tests.services.test_drafts import complete


@pytest.fixture
def people(services: Services) -> dict[str, Actor]:
    services.demo.fill(0)
    names = ("officer", "supervisor", "lmarques", "admin")
    return {name: sign_in(services, name) for name in names}


def submitted(services: Services, officer: Actor, clock: Clock) -> OpenedCase:
    """A complete hate crime whose leaflet version is not recorded."""
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    return services.cases.submit(officer, draft.id, saved.version)


def states(services: Services, actor: Actor, case_id: int) -> dict[str, CheckState]:
    return {c.id: c.state for c in services.cases.checklist(actor, case_id)}


def events(services: Services) -> int:
    with services.backend.reading() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_the_checklist_of_a_stored_case_read_only(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    before = events(services)
    checks = {c.id: c for c in services.cases.checklist(supervisor, case.id)}
    assert events(services) == before  # read only: nothing written, not even an audit event
    assert checks["classification"].state is CheckState.MET
    assert checks["rights"].state is CheckState.NOT_MET
    assert checks["rights"].reasons == (Issue("check_leaflet_version", "", {"count": 1}),)
    assert checks["prosecutor"].reasons == (Issue("check_prosecutor_no_reference", "", {}),)
    assert {i for i, c in checks.items() if c.state is CheckState.JUDGEMENT} == set(
        JUDGEMENT_CHECKS
    )
    # The officer sees the same list (what the review will ask); the administrator too.
    assert states(services, officer, case.id) == {i: c.state for i, c in checks.items()}
    assert states(services, people["admin"], case.id) == {i: c.state for i, c in checks.items()}


def test_a_view_without_a_reason_in_the_trail_is_flagged(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    services.cases.open_case(supervisor, case.id, "Supervisor review")
    assert states(services, supervisor, case.id)["audit_reasons"] is CheckState.MET
    # The services never log a view without a reason; an older trail (or an import) might.
    with services.backend.transaction() as session:
        audit.record(session, clock(), "officer", "view", "case", case.record.reference, " ")
        audit.record(session, clock(), "officer", "export", "case", "LIS-01-2026-999999", "")
    [check] = [c for c in services.cases.checklist(supervisor, case.id) if c.id == "audit_reasons"]
    assert (check.state, check.reasons) == (
        CheckState.NOT_MET,
        (Issue("check_consultation_without_reason", "", {"count": 1}),),
    )


def test_the_supervisor_confirms_judgement_checks_on_approval(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    # The leaflet's version is missing: approval is still the supervisor's call.
    confirmed = ("proportionality", "attendance")
    approved = services.cases.apply(
        supervisor, case.id, case.version, Action.APPROVE, Decision("Fine.", checks=confirmed)
    )
    assert approved.record.status is CaseStatus.APPROVED
    assert approved.record.reviews[-1].checks == confirmed
    after = states(services, supervisor, case.id)
    assert [after[i] for i in JUDGEMENT_CHECKS] == [
        CheckState.MET, CheckState.JUDGEMENT, CheckState.MET,
    ]  # fmt: skip
    assert after["rights"] is CheckState.NOT_MET


@pytest.mark.parametrize("confirmed", [("rights",), ("made_up", "attendance")])
def test_a_confirmation_of_a_check_that_needs_no_judgement_is_refused(
    services: Services, people: dict[str, Actor], clock: Clock, confirmed: tuple[str, ...]
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    with pytest.raises(Refused) as refused:
        services.cases.apply(
            supervisor, case.id, case.version, Action.APPROVE, Decision(checks=confirmed)
        )
    assert refused.value.issues == [Issue("unknown_check", "checks", {"check": confirmed[0]})]
    opened = services.cases.open_case(supervisor, case.id, "Supervisor review")
    assert (opened.version, opened.record.status) == (case.version, CaseStatus.SUBMITTED)


def test_a_leaflet_in_the_victims_language_with_its_version_meets_the_rights_check(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer = people["officer"]
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    [given] = record.rights
    record = replace(record, rights=(replace(given, leaflet_version="2026-01"),))
    assert isinstance(record.rights[0], RightsInformation)
    services.cases.save_draft(officer, draft.id, draft.version, record)
    assert states(services, officer, draft.id)["rights"] is CheckState.MET


def test_the_checklist_is_only_for_those_who_may_see_the_case(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    case = submitted(services, people["officer"], clock)
    with pytest.raises(PermissionDenied):
        services.cases.checklist(people["lmarques"], case.id)  # another station's supervisor
    with pytest.raises(NotFound):
        services.cases.checklist(people["supervisor"], case.id + 1000)
