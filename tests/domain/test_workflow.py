"""The workflow's rules as plain functions: each refusal names its reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain import operations, workflow
from app.domain.case import CaseStatus, ReviewDecision, Role
from app.domain.workflow import Action, Participant
from tests.helpers import record

AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
OWN_OFFICER = Participant(Role.OFFICER, is_officer=True, wrote_or_edited=True)
STRANGER_SUPERVISOR = Participant(Role.SUPERVISOR, is_officer=False, wrote_or_edited=False)
EDITING_SUPERVISOR = Participant(Role.SUPERVISOR, is_officer=False, wrote_or_edited=True)
ADMIN = Participant(Role.ADMIN, is_officer=False, wrote_or_edited=False)


@pytest.mark.parametrize(
    ("status", "action", "who", "comment", "code"),
    [
        (CaseStatus.SUBMITTED, Action.APPROVE, ADMIN, "", "role_may_not"),
        (CaseStatus.DRAFT, Action.APPROVE, STRANGER_SUPERVISOR, "", "not_in_this_state"),
        (
            CaseStatus.APPROVED,
            Action.PROPOSE_CLOSURE,
            Participant(Role.OFFICER, is_officer=False, wrote_or_edited=False),
            "done",
            "not_your_case",
        ),
        (CaseStatus.SUBMITTED, Action.APPROVE, EDITING_SUPERVISOR, "", "four_eyes"),
        (CaseStatus.SUBMITTED, Action.RETURN, STRANGER_SUPERVISOR, " \n", "required"),
    ],
)
def test_each_refusal_says_why(
    status: CaseStatus, action: Action, who: Participant, comment: str, code: str
) -> None:
    [issue] = workflow.check(status, action, who, comment)
    assert issue.code == code


def test_what_the_screens_offer() -> None:
    assert workflow.allowed_actions(CaseStatus.DRAFT, OWN_OFFICER) == [Action.SAVE, Action.SUBMIT]
    assert workflow.allowed_actions(CaseStatus.SUBMITTED, EDITING_SUPERVISOR) == [Action.ESCALATE]
    assert workflow.allowed_actions(CaseStatus.CLOSED, ADMIN) == []
    assert [s for s in CaseStatus if workflow.editable(s)] == [
        CaseStatus.DRAFT,
        CaseStatus.RETURNED,
    ]


def test_a_decision_goes_into_the_record_and_its_history() -> None:
    submitted = record(status=CaseStatus.SUBMITTED, created_by="ana", officer="ana")
    approved = operations.decide(submitted, Action.APPROVE, "boss", AT)
    assert (approved.status, approved.closure_note, approved.closed_at) == (
        CaseStatus.APPROVED,
        "",
        None,
    )
    case = record(status=CaseStatus.APPROVED, created_by="ana", officer="ana")
    proposed = operations.decide(case, Action.PROPOSE_CLOSURE, "ana", AT, " Victim informed. ")
    assert (proposed.status, proposed.closure_note) == (
        CaseStatus.CLOSURE_PROPOSED,
        "Victim informed.",
    )
    closed = operations.decide(proposed, Action.CLOSE, "boss", AT)
    assert (closed.status, closed.closed_at) == (CaseStatus.CLOSED, AT)
    reopened = operations.decide(closed, Action.REOPEN, "boss", AT, "New evidence")
    assert (reopened.status, reopened.closed_at) == (CaseStatus.RETURNED, None)
    assert [r.decision for r in reopened.reviews] == [
        ReviewDecision.PROPOSE_CLOSURE,
        ReviewDecision.CLOSE,
        ReviewDecision.REOPEN,
    ]
    assert operations.wrote_or_edited(reopened, frozenset(), "ana")  # wrote it
    assert not operations.wrote_or_edited(reopened, frozenset(), "boss")  # only decided
    assert operations.wrote_or_edited(reopened, frozenset({"boss"}), "boss")  # saved it
