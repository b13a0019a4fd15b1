"""The case's life through CaseService.apply: every (state, action, role, author or not), on both
engines. The expected table is written out here, apart from the workflow's own rules, so that a
change to either shows."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.domain import workflow
from app.domain.case import CaseStatus, ReviewDecision, Role
from app.domain.retention import Expiry
from app.domain.workflow import Action, Decision
from app.services import Services, audit
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, Refused
from app.storage import cases as repo
from app.storage.tables import AuditEvent, Case, User
from tests.helpers import Clock
from tests.services.test_cases import add_case, sign_in

S = CaseStatus
OFFICER, OTHER_OFFICER, AUTHOR_SUPERVISOR, SUPERVISOR, ADMIN = (
    "officer (author)",
    "another officer",
    "supervisor who edited it",
    "another supervisor",
    "administrator",
)
EVERYONE = (OFFICER, OTHER_OFFICER, AUTHOR_SUPERVISOR, SUPERVISOR, ADMIN)
ANY_SUPERVISOR = {AUTHOR_SUPERVISOR, SUPERVISOR}

# Who may take each action, from which states.
EXPECTED: dict[Action, tuple[set[CaseStatus], set[str]]] = {
    Action.SUBMIT: ({S.DRAFT, S.RETURNED}, {OFFICER, *ANY_SUPERVISOR}),
    Action.APPROVE: ({S.SUBMITTED, S.ESCALATED}, {SUPERVISOR}),
    Action.RETURN: ({S.SUBMITTED, S.ESCALATED}, {SUPERVISOR}),
    Action.ESCALATE: ({S.SUBMITTED}, ANY_SUPERVISOR),
    Action.PROPOSE_CLOSURE: ({S.APPROVED}, {OFFICER, *ANY_SUPERVISOR}),
    Action.CLOSE: ({S.CLOSURE_PROPOSED}, {SUPERVISOR}),
    Action.REOPEN: ({S.CLOSED, S.CLOSURE_PROPOSED}, ANY_SUPERVISOR),
    Action.SUPPLEMENT: ({S.APPROVED}, {OFFICER, *ANY_SUPERVISOR}),
    Action.ANONYMISE: ({S.CLOSED}, {ADMIN}),
}
AFTER = {
    Action.APPROVE: S.APPROVED,
    Action.RETURN: S.RETURNED,
    Action.ESCALATE: S.ESCALATED,
    Action.PROPOSE_CLOSURE: S.CLOSURE_PROPOSED,
    Action.CLOSE: S.CLOSED,
    Action.REOPEN: S.RETURNED,
    Action.SUPPLEMENT: S.APPROVED,
    Action.ANONYMISE: S.CLOSED,
}
# Actions that check the case's content once allowed: an incomplete test case is refused then.
CONTENT_CHECKED = {Action.SUBMIT, Action.SUPPLEMENT}


def decision(services: Services, action: Action, case_id: int) -> Decision:
    """A reason, and what the action needs besides: a reviewer at another station to escalate
    to, the (unchanged) record to correct."""
    if action is Action.ESCALATE:
        return Decision("because", escalated_to="lmarques")
    if action is Action.ANONYMISE:
        return Decision(expiry=Expiry(case=True))
    if action is Action.SUPPLEMENT:
        with services.backend.reading() as session:
            row = repo.load_case(session, case_id)
            assert row is not None
            return Decision("because", record=repo.to_record(row))
    return Decision("because")


def actors(services: Services) -> dict[str, Actor]:
    admin = sign_in(services, "admin")
    services.accounts.add_user(
        admin, username="chief", full_name="Second Supervisor", role=Role.SUPERVISOR,
        password="long enough now", station_code="LIS-01",
    )  # fmt: skip
    with services.backend.reading() as session:
        other = session.scalar(
            select(User.username)
            .where(User.role == "officer", User.username != "officer", User.station_id == 1)
            .limit(1)
        )
    assert other is not None
    return {
        OFFICER: sign_in(services, "officer"),
        OTHER_OFFICER: sign_in(services, other),
        AUTHOR_SUPERVISOR: sign_in(services, "supervisor"),
        SUPERVISOR: services.accounts.authenticate("chief", "long enough now"),
        ADMIN: admin,
    }


def case_in(services: Services, status: CaseStatus) -> tuple[int, int]:
    """A case of `officer` in `status`, which `supervisor` has also saved once."""
    reference = add_case(services, status=status, place="Rua Augusta")
    with services.backend.transaction() as session:
        row = session.scalars(select(Case).where(Case.reference == reference)).one()
        audit.record(session, services.backend.clock(), "supervisor", "update", "case", reference)
        return row.id, row.version


def test_every_state_action_and_person(people: Services) -> None:
    services = people
    who = actors(services)
    wrong = []
    for action, (states, allowed_people) in EXPECTED.items():
        for status in CaseStatus:
            for person in EVERYONE:
                case_id, version = case_in(services, status)
                allowed = status in states and person in allowed_people
                try:
                    done = services.cases.apply(
                        who[person], case_id, version, action, decision(services, action, case_id)
                    )
                except NotAllowed as refusal:
                    outcome = "refused" if refusal.issues else "refused without a reason"
                except Refused as refusal:  # allowed, but the case is incomplete
                    codes = {issue.code for issue in refusal.issues}
                    outcome = "allowed" if action in CONTENT_CHECKED and codes else "other"
                else:
                    outcome = "allowed" if done.record.status is AFTER[action] else "wrong state"
                if outcome != ("allowed" if allowed else "refused"):
                    wrong.append((action.value, status.value, person, outcome))
    assert wrong == []


@pytest.fixture
def people(services: Services) -> Services:
    services.demo.fill(0)
    return services


def test_four_eyes_a_supervisor_who_edited_the_case_cannot_approve_it(people: Services) -> None:
    who = actors(people)
    case_id, version = case_in(people, CaseStatus.SUBMITTED)
    with pytest.raises(NotAllowed) as refused:
        people.cases.apply(who[AUTHOR_SUPERVISOR], case_id, version, Action.APPROVE)
    assert str(refused.value) == (
        "Four eyes: you wrote or edited this case, so another supervisor must take this step."
    )
    approved = people.cases.apply(who[SUPERVISOR], case_id, version, Action.APPROVE, "fine")
    assert approved.record.status is CaseStatus.APPROVED
    assert approved.version == version + 1
    [review] = approved.record.reviews
    assert (review.decision, review.reviewer, review.comment) == (
        ReviewDecision.APPROVE,
        "chief",
        "fine",
    )
    with people.backend.reading() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(["approve", "refused"]))
            .order_by(AuditEvent.id)
        ).all()
    assert [(e.action, e.username) for e in events] == [
        ("refused", "supervisor"),
        ("approve", "chief"),
    ]
    assert json.loads(events[0].details)["why"] == "four_eyes"


def test_a_return_needs_a_comment_and_the_closure_a_note(people: Services) -> None:
    who = actors(people)
    case_id, version = case_in(people, CaseStatus.SUBMITTED)
    with pytest.raises(NotAllowed, match="comment: is required"):
        people.cases.apply(who[SUPERVISOR], case_id, version, Action.RETURN, "  ")
    returned = people.cases.apply(who[SUPERVISOR], case_id, version, Action.RETURN, "Add CCTV")
    assert returned.record.status is CaseStatus.RETURNED
    case_id, version = case_in(people, CaseStatus.APPROVED)
    proposed = people.cases.apply(who[OFFICER], case_id, version, Action.PROPOSE_CLOSURE, "Done")
    assert proposed.record.closure_note == "Done"
    closed = people.cases.apply(who[SUPERVISOR], case_id, proposed.version, Action.CLOSE)
    assert closed.record.closed_at == people.backend.clock()
    reopened = people.cases.apply(who[SUPERVISOR], case_id, closed.version, Action.REOPEN, "New")
    assert (reopened.record.status, reopened.record.closed_at) == (CaseStatus.RETURNED, None)


def test_a_stale_version_is_a_conflict_not_a_second_decision(people: Services) -> None:
    from app.services.errors import Conflict  # noqa: PLC0415

    who = actors(people)
    case_id, version = case_in(people, CaseStatus.SUBMITTED)
    people.cases.apply(
        who[SUPERVISOR], case_id, version, Action.ESCALATE, Decision("why", escalated_to="lmarques")
    )
    with pytest.raises(Conflict):
        people.cases.apply(who[SUPERVISOR], case_id, version, Action.APPROVE)


def test_the_screens_ask_what_is_allowed(people: Services) -> None:
    who = actors(people)
    case_id, _version = case_in(people, CaseStatus.SUBMITTED)
    follow_up = [a for a in Action if a in workflow.FOLLOW_UP]
    assert people.cases.allowed_actions(who[SUPERVISOR], case_id) == [
        Action.APPROVE,
        Action.RETURN,
        Action.ESCALATE,
        *follow_up,
    ]
    assert people.cases.allowed_actions(who[AUTHOR_SUPERVISOR], case_id) == [
        Action.ESCALATE,
        *follow_up,
    ]
    # The case's officer follows it up while it waits; deciding on it is the supervisor's.
    assert people.cases.allowed_actions(who[OFFICER], case_id) == follow_up


def test_the_review_queue_oldest_first_with_working_days(people: Services, clock: Clock) -> None:
    """Monday 4 May 2026 to Friday 8 May: four working days in Portugal (the demo's country)."""
    first = add_case(people, status=CaseStatus.SUBMITTED, place="A")
    add_case(people, status=CaseStatus.DRAFT, place="not for review")
    clock.advance(days=2)
    second = add_case(people, status=CaseStatus.ESCALATED, place="B")
    other_station = add_case(people, station="LIS-02", officer="tmartins", status=S.SUBMITTED)
    clock.advance(days=2)
    supervisor = sign_in(people, "supervisor")
    queue = people.cases.review_queue(supervisor)
    assert [(q.reference, q.working_days, q.overdue) for q in queue] == [
        (first, 4, True),
        (second, 2, False),
    ]
    assert queue[1].status is CaseStatus.ESCALATED
    assert [q.reference for q in people.cases.review_queue(sign_in(people, "admin"))] == [
        first,
        second,
        other_station,
    ]
    assert [q.overdue for q in people.cases.review_queue(supervisor, due_days=5)] == [False, False]
    with pytest.raises(PermissionDenied):
        people.cases.review_queue(sign_in(people, "officer"))
