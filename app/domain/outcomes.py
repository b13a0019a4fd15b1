"""What an outcome of a case must carry (issue 14): what became of it in the justice system, as
the information comes back to the station, entered as a dated action on a submitted case.

Courts decide years later, so an outcome is taken in every state after submission, a closed case
too, and the state stays (app.domain.workflow: Action.OUTCOME). What may follow what is not
enforced: a station may learn of a conviction without ever hearing of the charge. The same kind
on the same day twice is a duplicate entry, refused.
"""

from __future__ import annotations

from datetime import datetime

from app.domain.case import CaseRecord, Outcome
from app.domain.validation import Issue, value_issues


def outcome_issues(record: CaseRecord, outcome: Outcome | None, now: datetime) -> list[Issue]:
    """What is wrong with adding `outcome` to `record` on `now` (empty: nothing)."""
    if outcome is None:
        return [Issue("required", "outcome.kind")]
    issues = value_issues(outcome, "outcome", now)  # the court reference's length too
    if issues:
        return issues
    if outcome.happened_on > now.date():
        issues.append(Issue("date_in_future", "outcome.happened_on"))
    elif record.occurred_at is not None and outcome.happened_on < record.occurred_at.date():
        issues.append(Issue("outcome_before_incident", "outcome.happened_on"))
    if any(
        o.kind is outcome.kind and o.happened_on == outcome.happened_on for o in record.outcomes
    ):
        params = {"kind": outcome.kind.value, "on": outcome.happened_on.isoformat()}
        issues.append(Issue("duplicate_outcome", "outcome.kind", params))
    return issues


def entered(outcome: Outcome, by: str, at: datetime) -> Outcome:
    """The outcome as the case keeps it: its texts trimmed, who entered it and when."""
    return Outcome(
        outcome.kind,
        outcome.happened_on,
        outcome.court_reference.strip(),
        outcome.note.strip(),
        recorded_at=at,
        recorded_by=by,
    )
