"""The workflow's rules as plain functions: each refusal names its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.domain import operations, workflow
from app.domain.case import (
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    FieldChange,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    Review,
    ReviewDecision,
    Role,
    SectionComment,
    ServiceKind,
)
from app.domain.workflow import Action, Decision, Participant
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
        (CaseStatus.SUBMITTED, Action.ESCALATE, STRANGER_SUPERVISOR, "why", "required"),
        (
            CaseStatus.ESCALATED,
            Action.APPROVE,
            Participant(Role.SUPERVISOR, False, False, escalated_to_other=True),
            "",
            "escalated_to_other",
        ),
        (CaseStatus.APPROVED, Action.SUPPLEMENT, OWN_OFFICER, "", "required"),
    ],
)
def test_each_refusal_says_why(
    status: CaseStatus, action: Action, who: Participant, comment: str, code: str
) -> None:
    [issue] = workflow.check(status, action, who, Decision(comment=comment))
    assert issue.code == code


def test_a_return_is_explained_by_a_comment_on_a_section_alone() -> None:
    on_section = Decision(sections=(SectionComment("incident", "Which street?"),))
    assert (
        workflow.check(CaseStatus.SUBMITTED, Action.RETURN, STRANGER_SUPERVISOR, on_section) == []
    )
    blank = Decision(sections=(SectionComment("incident", "  "),))
    assert workflow.check(CaseStatus.SUBMITTED, Action.RETURN, STRANGER_SUPERVISOR, blank)


def test_dropping_the_bias_motive_needs_a_reason() -> None:
    [issue] = workflow.check(CaseStatus.RETURNED, Action.SUBMIT, OWN_OFFICER, drops_hate_flag=True)
    assert (issue.code, issue.field) == ("hate_flag_reason", "comment")
    explained = Decision(comment="CCTV shows a dispute over parking, no bias.")
    assert not workflow.check(CaseStatus.RETURNED, Action.SUBMIT, OWN_OFFICER, explained, True)
    assert not workflow.check(CaseStatus.RETURNED, Action.SUBMIT, OWN_OFFICER)


def test_what_the_screens_offer() -> None:
    assert workflow.allowed_actions(CaseStatus.DRAFT, OWN_OFFICER) == [Action.SAVE, Action.SUBMIT]
    follow_up = [a for a in Action if a in workflow.FOLLOW_UP]
    assert workflow.allowed_actions(CaseStatus.SUBMITTED, EDITING_SUPERVISOR) == [
        Action.ESCALATE,
        *follow_up,
    ]
    # Retention's anonymisation only: an administrator takes no decision of the case's life.
    assert workflow.allowed_actions(CaseStatus.CLOSED, ADMIN) == [Action.ANONYMISE]
    assert workflow.allowed_actions(CaseStatus.CLOSURE_PROPOSED, ADMIN) == []
    assert workflow.allowed_actions(CaseStatus.APPROVED, OWN_OFFICER) == [
        Action.PROPOSE_CLOSURE,
        Action.SUPPLEMENT,
        *follow_up,
    ]
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
    proposed = operations.decide(
        case, Action.PROPOSE_CLOSURE, "ana", AT, Decision(comment=" Victim informed. ")
    )
    assert (proposed.status, proposed.closure_note) == (
        CaseStatus.CLOSURE_PROPOSED,
        "Victim informed.",
    )
    closed = operations.decide(proposed, Action.CLOSE, "boss", AT)
    assert (closed.status, closed.closed_at) == (CaseStatus.CLOSED, AT)
    reopened = operations.decide(closed, Action.REOPEN, "boss", AT, Decision(comment="New"))
    assert (reopened.status, reopened.closed_at) == (CaseStatus.RETURNED, None)
    assert [r.decision for r in reopened.reviews] == [
        ReviewDecision.PROPOSE_CLOSURE,
        ReviewDecision.CLOSE,
        ReviewDecision.REOPEN,
    ]
    assert operations.wrote_or_edited(reopened, frozenset(), "ana")  # wrote it
    assert not operations.wrote_or_edited(reopened, frozenset(), "boss")  # only decided
    assert operations.wrote_or_edited(reopened, frozenset({"boss"}), "boss")  # saved it


VICTIM = Person(key="P1", role=PersonRole.VICTIM, name="Amina K.")


def test_a_return_keeps_its_comments_on_sections_and_an_escalation_its_reviewer() -> None:
    submitted = record(status=CaseStatus.SUBMITTED, motives=("race",))
    comments = (SectionComment("incident", " Which street? "), SectionComment("rights", " "))
    returned = operations.decide(
        submitted, Action.RETURN, "boss", AT, Decision(comment="See notes", sections=comments)
    )
    assert returned.reviews[-1].sections == (SectionComment("incident", "Which street?"),)
    escalated = operations.decide(
        submitted, Action.ESCALATE, "boss", AT, Decision(comment="Tension", escalated_to="chief")
    )
    assert (escalated.status, escalated.escalated_to) == (CaseStatus.ESCALATED, "chief")
    assert escalated.reviews[-1].escalated_to == "chief"
    approved = operations.decide(escalated, Action.APPROVE, "chief", AT, Decision(checks=("x",)))
    assert (approved.escalated_to, approved.reviews[-1].checks) == ("", ("x",))


def test_a_resubmission_keeps_what_changed_and_a_dropped_motive() -> None:
    as_submitted = record(status=CaseStatus.SUBMITTED, motives=("race",), place="Rua Augusta")
    worked_on = record(status=CaseStatus.RETURNED, motives=(), place="Rua da Prata")
    again = operations.decide(
        worked_on, Action.SUBMIT, "ana", AT, Decision(comment="No bias after all"), as_submitted
    )
    entry = again.reviews[-1]
    assert entry.changes == (
        FieldChange("motives", "race", ""),
        FieldChange("place", "Rua Augusta", "Rua da Prata"),
    )
    assert entry.hate_flag_removed
    first = operations.decide(worked_on, Action.SUBMIT, "ana", AT)
    assert (first.reviews[-1].changes, first.reviews[-1].hate_flag_removed) == ((), False)


def test_a_supplement_corrects_the_content_and_keeps_the_header_and_history() -> None:
    draft = record(status=CaseStatus.DRAFT, persons=(VICTIM,), motives=("race",))
    submitted = operations.decide(draft, Action.SUBMIT, "ana", AT)
    approved = operations.decide(submitted, Action.APPROVE, "boss", AT)
    correction = record(
        status=CaseStatus.DRAFT,
        reference="FORGED-1",
        persons=(VICTIM, Person(key="P2", role=PersonRole.WITNESS, name="Rui")),
        motives=("race",),
        injuries=True,
    )
    supplemented = operations.decide(
        approved, Action.SUPPLEMENT, "ana", AT, Decision(comment="Witness found", record=correction)
    )
    assert (supplemented.status, supplemented.reference) == (
        CaseStatus.APPROVED,
        "LIS-01-2026-000042",
    )
    assert [r.decision for r in supplemented.reviews] == [
        ReviewDecision.SUBMIT,
        ReviewDecision.APPROVE,
        ReviewDecision.SUPPLEMENT,
    ]
    changed = {c.path: (c.before, c.after) for c in supplemented.reviews[-1].changes}
    assert changed["injuries"] == ("", "true")
    assert changed["persons[P2].name"] == ("", "Rui")
    assert "persons[P1].name" not in changed  # matched by key, not by position
    assert operations.wrote_or_edited(supplemented, frozenset(), "ana")


def test_a_returned_case_is_worked_on_for_its_last_return() -> None:
    first = Review(ReviewDecision.RETURN, "boss", AT, "first")
    last = Review(ReviewDecision.RETURN, "boss", AT, "second")
    submitted = Review(ReviewDecision.SUBMIT, "ana", AT)
    assert (
        operations.open_return(record(status=CaseStatus.RETURNED, reviews=(first, submitted, last)))
        == last
    )
    assert operations.open_return(record(status=CaseStatus.SUBMITTED, reviews=(first,))) is None
    reopened = Review(ReviewDecision.REOPEN, "boss", AT, "new evidence")
    assert (
        operations.open_return(record(status=CaseStatus.RETURNED, reviews=(reopened,))) == reopened
    )
    assert operations.open_return(record(status=CaseStatus.RETURNED)) is None
    odd = record(status=CaseStatus.RETURNED, reviews=(submitted,))
    assert operations.open_return(odd) is None


def test_a_person_the_case_still_refers_to_is_counted_by_part() -> None:
    at = AT
    case = record(
        persons=(VICTIM,),
        perceptions=(Perception(PerceptionSource.VICTIM, "Because of my origin.", "P1"),),
        consents=(
            Consent("C1", "P1", "Victim Support", ConsentPurpose.REFERRAL, True,
                    ConsentMethod.ORAL, at, "ana"),
            Consent("C2", "P1", "Legal aid", ConsentPurpose.REFERRAL, False,
                    ConsentMethod.ORAL, at, "ana"),
        ),
    )  # fmt: skip
    assert operations.person_references(case, "P1") == {"perceptions": 1, "consents": 2}
    assert operations.person_references(case, "P9") == {}
    # A child's guardian names the child; the consent the guardian gave names the guardian.
    mother = Person("P2", PersonRole.GUARDIAN, name="Amina", guardian_of="P1")
    given_by_her = replace(case.consents[0], guardian_key="P2")
    child_case = replace(case, persons=(VICTIM, mother), consents=(given_by_her,))
    assert operations.person_references(child_case, "P1") == {
        "perceptions": 1, "consents": 1, "guardians": 1,
    }  # fmt: skip
    assert operations.person_references(child_case, "P2") == {"consents": 1}


def test_a_withdrawal_is_dated_once_and_only_a_referral_not_sent_is_taken_back() -> None:
    given = Consent(
        "C1", "P1", "Victim Support", ConsentPurpose.REFERRAL, True, ConsentMethod.ORAL, AT, "ana"
    )
    later = datetime(2026, 5, 5, tzinfo=UTC)
    [withdrawn] = operations.withdraw_consent((given,), "C1", later)
    assert withdrawn.withdrawn_at == later
    assert operations.withdraw_consent((withdrawn,), "C1", AT) == (withdrawn,)  # the first date
    assert operations.withdraw_consent((given,), "C9", later) == (given,)
    proposed = Referral("R1", "P1", "Victim Support", ServiceKind.VICTIM_SUPPORT, AT, "ana")
    assert operations.removable_referral(proposed)
    assert not operations.removable_referral(replace(proposed, status=ReferralStatus.SENT))


def test_a_submitted_case_is_followed_up_in_every_state_by_its_officer_and_supervisors() -> None:
    """Referral steps, withdrawals, coordination, re-contacts and links: on any case after its
    submission, approved and closed ones included; never on a draft; an officer only on their
    own case, never an administrator."""
    for action in workflow.FOLLOW_UP:
        for status in CaseStatus:
            after_submission = status is not CaseStatus.DRAFT
            assert bool(workflow.check(status, action, OWN_OFFICER)) is not after_submission
            assert bool(workflow.check(status, action, EDITING_SUPERVISOR)) is not after_submission
            assert workflow.check(status, action, ADMIN)
            other_officer = Participant(Role.OFFICER, is_officer=False, wrote_or_edited=False)
            assert workflow.check(status, action, other_officer)
        assert workflow.next_status(CaseStatus.APPROVED, action) is CaseStatus.APPROVED
