"""A case's life: its states, the actions between them, who may take each, and the guards.

Every screen asks `allowed_actions` before it shows a button, and every service asks `check` before
it changes a case: no screen or service keeps its own list of editable states. A refusal is a list
of Issues, worded where it is shown.

Four eyes: nobody approves, returns or closes a case they wrote or edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.case import (
    CaseLink,
    CaseRecord,
    CaseStatus,
    CoordinationEvent,
    Outcome,
    ReferralStep,
    Role,
    SectionComment,
)
from app.domain.retention import NOTHING_EXPIRED, Expiry
from app.domain.validation import Issue


class Action(StrEnum):
    SAVE = "save"  # the officer's own changes to a draft or a returned case
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ESCALATE = "escalate"
    PROPOSE_CLOSURE = "propose_closure"
    CLOSE = "close"
    REOPEN = "reopen"
    SUPPLEMENT = "supplement"  # a correction to an approved case, with its reason
    # The follow-up of a submitted case (approved ones too, which stay read-only otherwise): the
    # state stays, the record gains a dated entry.
    REFERRAL_STEP = "referral_step"  # a referral sent, answered, closed... (app.domain.referrals)
    WITHDRAW_CONSENT = "withdraw_consent"  # stops every referral the consent covered
    COORDINATE = "coordinate"  # a coordination log entry: what left the station, to whom
    RECONTACT = "recontact"  # a re-contact of the victim: its result, the next date
    LINK = "link"  # same incident, series or duplicate of another case
    # What became of the case in the justice system (app.domain.outcomes): courts decide years
    # later, so a closed case takes it too.
    OUTCOME = "outcome"
    # Retention (app.domain.retention): a closed case past its period stops naming people.
    ANONYMISE = "anonymise"


WORKING = frozenset({CaseStatus.DRAFT, CaseStatus.RETURNED})
IN_REVIEW = frozenset({CaseStatus.SUBMITTED, CaseStatus.ESCALATED})
AFTER_SUBMISSION = frozenset(CaseStatus) - {CaseStatus.DRAFT}
FOLLOW_UP = frozenset(
    {
        Action.REFERRAL_STEP, Action.WITHDRAW_CONSENT, Action.COORDINATE, Action.RECONTACT,
        Action.LINK, Action.OUTCOME,
    }
)  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """Where an action may start, where it leads (None: the state stays), and who may take it."""

    from_states: frozenset[CaseStatus]
    to_state: CaseStatus | None
    roles: frozenset[Role]
    four_eyes: bool = False  # refused to whoever wrote or edited the case
    own_case: bool = False  # an officer only on a case of their own
    needs_comment: bool = False  # a reason, a comment or a closure note


RULES: Mapping[Action, Rule] = {
    Action.SAVE: Rule(WORKING, None, frozenset({Role.OFFICER, Role.SUPERVISOR}), own_case=True),
    Action.SUBMIT: Rule(
        WORKING, CaseStatus.SUBMITTED, frozenset({Role.OFFICER, Role.SUPERVISOR}), own_case=True
    ),
    Action.APPROVE: Rule(IN_REVIEW, CaseStatus.APPROVED, frozenset({Role.SUPERVISOR}), True),
    Action.RETURN: Rule(
        IN_REVIEW, CaseStatus.RETURNED, frozenset({Role.SUPERVISOR}), True, needs_comment=True
    ),
    Action.ESCALATE: Rule(
        frozenset({CaseStatus.SUBMITTED}),
        CaseStatus.ESCALATED,
        frozenset({Role.SUPERVISOR}),
        needs_comment=True,
    ),
    Action.PROPOSE_CLOSURE: Rule(
        frozenset({CaseStatus.APPROVED}),
        CaseStatus.CLOSURE_PROPOSED,
        frozenset({Role.OFFICER, Role.SUPERVISOR}),
        own_case=True,
        needs_comment=True,
    ),
    Action.CLOSE: Rule(
        frozenset({CaseStatus.CLOSURE_PROPOSED}),
        CaseStatus.CLOSED,
        frozenset({Role.SUPERVISOR}),
        four_eyes=True,
    ),
    Action.REOPEN: Rule(
        frozenset({CaseStatus.CLOSED, CaseStatus.CLOSURE_PROPOSED}),
        CaseStatus.RETURNED,
        frozenset({Role.SUPERVISOR}),
        needs_comment=True,
    ),
    Action.SUPPLEMENT: Rule(
        frozenset({CaseStatus.APPROVED}),
        None,
        frozenset({Role.OFFICER, Role.SUPERVISOR}),
        own_case=True,
        needs_comment=True,
    ),
    # The officer follows up their own cases, a supervisor any case of the station.
    **{
        action: Rule(
            AFTER_SUBMISSION, None, frozenset({Role.OFFICER, Role.SUPERVISOR}), own_case=True
        )
        for action in FOLLOW_UP
    },
    Action.ANONYMISE: Rule(frozenset({CaseStatus.CLOSED}), None, frozenset({Role.ADMIN})),
}


@dataclass(frozen=True)
class Decision:
    """What an action carries besides itself: why, and its particulars."""

    comment: str = ""  # the reason, comment or closure note
    sections: tuple[SectionComment, ...] = ()  # return: comments attached to sections
    checks: tuple[str, ...] = ()  # approve: the judgement checks the supervisor confirms
    escalated_to: str = ""  # escalate: the user name of the higher reviewer
    record: CaseRecord | None = None  # save: what was typed; supplement: the corrected record
    wizard_step: str = ""  # save: the wizard page the draft was left on
    # The follow-up actions' particulars (app.domain.followup checks them).
    target: str = ""  # referral step: the referral's key; withdrawal: the consent's key
    step: ReferralStep | None = None  # referral step
    at: datetime | None = None  # withdrawal: when the victim withdrew (now if not given)
    coordination: CoordinationEvent | None = None  # coordinate
    contact_result: str = ""  # re-contact: what the contact found (none: only a new date)
    next_contact_on: date | None = None  # re-contact: the next date, if any
    link: CaseLink | None = None  # link
    outcome: Outcome | None = None  # outcome: its kind, day, court reference and note
    expiry: Expiry = NOTHING_EXPIRED  # anonymise: what has expired

    def explained(self) -> bool:
        return bool(self.comment.strip() or any(s.comment.strip() for s in self.sections))


NOTHING = Decision()  # an action that carries nothing


@dataclass(frozen=True)
class Participant:
    """Who asks, as the workflow sees them: their role, and their part in this case."""

    role: Role
    is_officer: bool  # the case's officer
    wrote_or_edited: bool  # created, saved, submitted or proposed its closure
    escalated_to_other: bool = False  # the case waits for another reviewer's decision


def check(
    status: CaseStatus,
    action: Action,
    who: Participant,
    decision: Decision = NOTHING,
    drops_hate_flag: bool = False,
) -> list[Issue]:
    """Why `who` may not take `action` on a case in `status` now; empty when they may.
    `drops_hate_flag`: the change removes every bias motive the case was submitted with
    (app.domain.operations.drops_hate_flag), which needs a reason the reviewer sees."""
    rule = RULES[action]
    if who.role not in rule.roles:
        return [Issue("role_may_not", "", {"action": action.value})]
    if status not in rule.from_states:
        code = "not_editable" if action is Action.SAVE else "not_in_this_state"
        return [Issue(code, "status", {"action": action.value, "status": status})]
    if rule.own_case and who.role is Role.OFFICER and not who.is_officer:
        return [Issue("not_your_case", "", {"action": action.value})]
    if rule.four_eyes and who.wrote_or_edited:
        return [Issue("four_eyes", "", {"action": action.value})]
    if status is CaseStatus.ESCALATED and who.escalated_to_other and action in DECIDED_IN_REVIEW:
        return [Issue("escalated_to_other", "", {"action": action.value})]
    if action is Action.ESCALATE and not decision.escalated_to.strip():
        return [Issue("required", "escalated_to", {})]
    if (rule.needs_comment or drops_hate_flag) and not decision.explained():
        code = "hate_flag_reason" if drops_hate_flag else "required"
        return [Issue(code, "comment", {})]
    return []


# The decisions on a case in review, which an escalation reserves to its reviewer.
DECIDED_IN_REVIEW = frozenset({Action.APPROVE, Action.RETURN})


def allowed_actions(status: CaseStatus, who: Participant) -> list[Action]:
    """The actions `who` may take on a case in `status`, in the order a screen shows them
    (a comment or a reviewer, where needed, is asked for when the action is chosen)."""
    asked_later = Decision(comment="-", escalated_to="-")
    return [a for a in Action if not check(status, a, who, asked_later)]


def next_status(status: CaseStatus, action: Action) -> CaseStatus:
    return RULES[action].to_state or status


def editable(status: CaseStatus) -> bool:
    """Whether the officer's own changes may be saved in this state."""
    return status in RULES[Action.SAVE].from_states
