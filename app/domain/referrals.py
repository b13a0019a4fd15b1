"""A referral's life after it is proposed (PROTOCOL.md (a) step 7, (f), (g)).

Most services do not use this program, so their reply is entered by hand as a dated step, with who
entered it and a note. This module says which step may follow which, what each step must carry,
and when the service's answer is due in working days of the station's country.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from app.domain.case import Referral, ReferralStatus, ReferralStep
from app.domain.validation import Issue
from app.domain.working_days import add_working_days

S = ReferralStatus


# Which status may follow which. A referral sent again after no answer goes back to SENT; one
# that ended (declined, closed, withdrawn) stays ended: a new referral is made instead, so the
# record keeps what the first one became. Withdrawal ends any referral not ended yet.
NEXT: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    S.PROPOSED: frozenset({S.SENT, S.WITHDRAWN}),
    S.SENT: frozenset({S.RECEIVED, S.ACCEPTED, S.DECLINED, S.NO_ANSWER, S.WITHDRAWN}),
    S.RECEIVED: frozenset({S.ACCEPTED, S.DECLINED, S.NO_ANSWER, S.WITHDRAWN}),
    S.NO_ANSWER: frozenset({S.SENT, S.RECEIVED, S.ACCEPTED, S.DECLINED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.CONTACT_MADE, S.CLOSED, S.WITHDRAWN}),
    S.CONTACT_MADE: frozenset({S.CLOSED, S.WITHDRAWN}),
    S.DECLINED: frozenset(),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
ENDED = frozenset(status for status, following in NEXT.items() if not following)
# While the service has not answered, its answer is due by the deadline.
AWAITING_ANSWER = frozenset({S.SENT, S.RECEIVED, S.NO_ANSWER})
# The service's answer to a referral: when it came and what it said are kept on the referral.
ANSWERS = frozenset({S.ACCEPTED, S.DECLINED})
# What a step must say besides its date: the service's reason, the outcome, what was said.
NOTE_REQUIRED = frozenset({S.DECLINED, S.CLOSED, S.NO_ANSWER})


def step_issues(
    current: ReferralStatus, last_at: datetime | None, step: ReferralStep, now: datetime
) -> list[Issue]:
    """What is wrong with taking `step` on a referral that is `current` since `last_at`."""
    field = "referral.status"
    if step.status not in NEXT[current]:
        return [Issue("referral_step_not_allowed", field)]
    issues = []
    if step.at > now:
        issues.append(Issue("date_in_future", "referral.at"))
    if last_at is not None and step.at < last_at:
        issues.append(Issue("referral_step_before_last", "referral.at"))
    if step.status is S.SENT and step.channel is None:
        issues.append(Issue("required", "referral.channel"))
    if step.status is not S.SENT and step.channel is not None:
        issues.append(Issue("referral_channel_only_when_sent", "referral.channel"))
    if step.status in NOTE_REQUIRED and not step.note.strip():
        issues.append(Issue("required", "referral.note"))
    return issues


def take_step(referral: Referral, step: ReferralStep, now: datetime) -> Referral:
    """The referral after `step`, which must pass `step_issues` (ValueError otherwise): its
    status, the day it was sent or answered, and the step kept in its history."""
    last_at = referral.steps[-1].at if referral.steps else None
    if step_issues(referral.status, last_at, step, now):
        raise ValueError("a referral step that breaks its rules")
    answered = step.status in ANSWERS
    return replace(
        referral,
        status=step.status,
        steps=(*referral.steps, step),
        sent_at=step.at if step.status is S.SENT else referral.sent_at,
        reply_at=step.at if answered else referral.reply_at,
        reply_note=step.note if answered else referral.reply_note,
    )


def answer_due(sent_on: date, working_days: int, country: str) -> date:
    """The day the service's answer is due: `working_days` working days of the station's
    country after the day it was sent (the protocol pack sets the number)."""
    return add_working_days(sent_on, working_days, country)


def days_overdue(due: date, today: date) -> int:
    """Calendar days past the due date (0 when not yet due): what the follow-up list shows."""
    return max((today - due).days, 0)
