"""What the case's decisions carry, through CaseService.apply on both engines: a return's comments
on sections and what changed on resubmission, a dropped bias motive, an escalation to a named
reviewer at another station, and supplements to an approved case."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from app.domain import workflow
from app.domain.case import CaseStatus, ReviewDecision, SectionComment
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.cases import OpenedCase
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, Refused
from app.storage.tables import AuditEvent
from tests.helpers import Clock
from tests.services.test_cases import sign_in
from tests.services.test_drafts import complete


@pytest.fixture
def people(services: Services) -> dict[str, Actor]:
    services.demo.fill(0)
    return {name: sign_in(services, name) for name in ("officer", "supervisor", "lmarques")}


def submitted(services: Services, officer: Actor, clock: Clock) -> OpenedCase:
    draft = services.cases.create_draft(officer)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, replace(complete(draft.record, clock), motives=("race",))
    )
    return services.cases.submit(officer, draft.id, saved.version)


def details(services: Services, action: str) -> dict[str, object]:
    with services.backend.reading() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()
    assert event is not None
    return dict(json.loads(event.details))


def test_a_return_with_comments_on_sections_then_what_changed_on_resubmission(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    comments = (SectionComment("incident", "Which door?"), SectionComment("rights", "Leaflet?"))
    returned = services.cases.apply(
        supervisor, case.id, case.version, Action.RETURN, Decision(sections=comments)
    )
    assert returned.record.reviews[-1].sections == comments
    assert details(services, "return")["sections"] == ["incident", "rights"]

    fixed = replace(returned.record, place="Rua do Benformoso 12, door B")
    saved = services.cases.save_draft(officer, case.id, returned.version, fixed)
    again = services.cases.submit(officer, case.id, saved.version)
    [change] = again.record.reviews[-1].changes
    assert (change.path, change.before, change.after) == (
        "place",
        "Rua do Benformoso 12",
        "Rua do Benformoso 12, door B",
    )
    assert not again.record.reviews[-1].hate_flag_removed
    assert details(services, "submit")["changed"] == ["place"]  # paths, never values


def test_dropping_every_bias_motive_needs_a_reason_and_is_marked(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    returned = services.cases.apply(supervisor, case.id, case.version, Action.RETURN, "Check")
    no_bias = replace(returned.record, motives=(), classification="discrimination")
    saved = services.cases.save_draft(officer, case.id, returned.version, no_bias)
    with pytest.raises(NotAllowed) as refused:
        services.cases.submit(officer, case.id, saved.version)
    assert [i.code for i in refused.value.issues] == ["hate_flag_reason"]
    again = services.cases.apply(
        officer, case.id, saved.version, Action.SUBMIT, "Witnesses: a quarrel over parking."
    )
    assert again.record.reviews[-1].hate_flag_removed
    assert details(services, "submit")["hate_flag_removed"] is True


def test_an_escalation_goes_to_a_named_reviewer_who_alone_decides(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor, coordinator = people["officer"], people["supervisor"], people["lmarques"]
    case = submitted(services, officer, clock)
    assert ("lmarques", "Luís Marques", "LIS-02") in services.cases.reviewers(supervisor)
    assert all(r[0] != "supervisor" for r in services.cases.reviewers(supervisor))
    with pytest.raises(PermissionDenied):  # another station's case, not escalated to her
        services.cases.open_case(coordinator, case.id, "curious")
    for nobody in ("officer", "supervisor", "ghost"):  # not a reviewer, oneself, no such user
        with pytest.raises(Refused, match="cannot review cases"):
            services.cases.apply(
                supervisor, case.id, case.version, Action.ESCALATE,
                Decision(comment="Tension in the area", escalated_to=nobody),
            )  # fmt: skip
    escalated = services.cases.apply(
        supervisor, case.id, case.version, Action.ESCALATE,
        Decision(comment="Tension in the area", escalated_to="lmarques"),
    )  # fmt: skip
    assert (escalated.record.status, escalated.record.escalated_to) == (
        CaseStatus.ESCALATED,
        "lmarques",
    )
    assert [q.reference for q in services.cases.review_queue(coordinator)] == [
        case.record.reference
    ]
    with pytest.raises(NotAllowed, match="escalated"):
        services.cases.apply(supervisor, case.id, escalated.version, Action.APPROVE)
    opened = services.cases.open_case(coordinator, case.id, "escalated to me")
    approved = services.cases.apply(coordinator, case.id, opened.version, Action.APPROVE)
    assert (approved.record.status, approved.record.escalated_to) == (CaseStatus.APPROVED, "")
    with pytest.raises(PermissionDenied):  # no longer hers
        services.cases.open_case(coordinator, case.id, "again")


def test_an_approved_case_is_corrected_only_by_a_supplement(
    services: Services, people: dict[str, Actor], clock: Clock
) -> None:
    officer, supervisor = people["officer"], people["supervisor"]
    case = submitted(services, officer, clock)
    approved = services.cases.apply(supervisor, case.id, case.version, Action.APPROVE)
    corrected = replace(approved.record, place="Rua do Benformoso 14", status=CaseStatus.DRAFT)
    with pytest.raises(Refused, match="cannot be changed"):
        services.cases.save_draft(officer, case.id, approved.version, corrected)
    with pytest.raises(NotAllowed, match="comment"):
        services.cases.apply(
            officer, case.id, approved.version, Action.SUPPLEMENT, Decision(record=corrected)
        )
    with pytest.raises(Refused):  # a supplement cannot leave the case incomplete
        services.cases.apply(
            officer, case.id, approved.version, Action.SUPPLEMENT,
            Decision(comment="Wrong number", record=replace(corrected, place="")),
        )  # fmt: skip
    done = services.cases.apply(
        officer, case.id, approved.version, Action.SUPPLEMENT,
        Decision(comment="Wrong house number", record=corrected),
    )  # fmt: skip
    assert (done.record.status, done.record.place) == (CaseStatus.APPROVED, "Rua do Benformoso 14")
    entry = done.record.reviews[-1]
    assert (entry.decision, entry.reviewer, entry.comment) == (
        ReviewDecision.SUPPLEMENT,
        "officer",
        "Wrong house number",
    )
    assert [(c.path, c.before, c.after) for c in entry.changes] == [
        ("place", "Rua do Benformoso 12", "Rua do Benformoso 14")
    ]
    reopened = services.cases.open_case(supervisor, case.id, "check")
    assert reopened.record == done.record
    # The officer who corrected it may not close it: the supplement is a hand in the case.
    proposed = services.cases.apply(
        officer, case.id, done.version, Action.PROPOSE_CLOSURE, "Victim informed"
    )
    assert services.cases.allowed_actions(supervisor, case.id) == [
        Action.CLOSE,
        Action.REOPEN,
        *(a for a in Action if a in workflow.FOLLOW_UP),
    ]
    assert proposed.record.status is CaseStatus.CLOSURE_PROPOSED


GARBAGE = st.text(max_size=80)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    action=st.sampled_from([Action.RETURN, Action.ESCALATE, Action.APPROVE]),
    comment=GARBAGE,
    sections=st.lists(st.tuples(GARBAGE, GARBAGE), max_size=3),
    escalated_to=GARBAGE,
    checks=st.lists(GARBAGE, max_size=3),
)
def test_a_decision_carrying_garbage_is_taken_whole_or_refused_whole(
    sqlite_services: Services,
    action: Action,
    comment: str,
    sections: list[tuple[str, str]],
    escalated_to: str,
    checks: list[str],
) -> None:
    """Whatever a screen or the command line passes (typed text, unknown sections, reviewers and
    checks): a refusal with reasons and the case unchanged, or the decision taken; no traceback."""
    services = sqlite_services
    if services.accounts.needs_setup():
        services.demo.fill(0)
    officer, supervisor = (sign_in(services, n) for n in ("officer", "supervisor"))
    case = services.cases.create_draft(officer)
    case_id, version = case.id, case.version
    with services.backend.transaction() as session:  # straight to review, as the demo does
        session.execute(
            text("UPDATE cases SET status = 'submitted' WHERE id = :id"), {"id": case_id}
        )
    decision = Decision(
        comment=comment,
        sections=tuple(SectionComment(s, c) for s, c in sections),
        escalated_to=escalated_to,
        checks=tuple(checks),
    )
    reasons: list[object] = []
    try:
        done = services.cases.apply(supervisor, case_id, version, action, decision)
    except Refused as refusal:
        reasons = list(refusal.issues)
    if reasons:
        after = services.cases.open_case(supervisor, case_id, "check")
        assert (after.version, after.record.status, after.record.reviews) == (
            version,
            CaseStatus.SUBMITTED,
            (),
        )
        return
    assert done.version == version + 1
    assert done.record.reviews[-1].decision.value == action.value
