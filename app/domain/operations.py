"""Every change the case's life makes to a record, as a pure function: record in, record out.

The workflow (`app.domain.workflow`) says whether an action may be taken; these say what it does.
Each decision is kept in the record's reviews with who took it, when and why, so the case carries
its own history.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from app.domain.case import CaseRecord, Review, ReviewDecision
from app.domain.workflow import Action, next_status


def decide(
    record: CaseRecord, action: Action, by: str, at: datetime, comment: str = ""
) -> CaseRecord:
    """The record after a decision: its new status and the decision in its history. Proposing a
    closure keeps the note, closing dates the case, reopening clears the date (the note stays in
    the history)."""
    # Each decision of the workflow is kept under the same name in the case's history.
    review = Review(
        decision=ReviewDecision(action.value), reviewer=by, at=at, comment=comment.strip()
    )
    changed = replace(
        record, status=next_status(record.status, action), reviews=(*record.reviews, review)
    )
    if action is Action.PROPOSE_CLOSURE:
        return replace(changed, closure_note=comment.strip())
    if action is Action.CLOSE:
        return replace(changed, closed_at=at)
    if action is Action.REOPEN:
        return replace(changed, closed_at=None)
    return changed


def wrote_or_edited(record: CaseRecord, editors: frozenset[str], username: str) -> bool:
    """Whether `username` had a hand in the case: wrote it, is its officer, saved it (`editors`:
    who saved it, from the audit trail), or submitted it or proposed its closure."""
    authors = {record.created_by, record.officer}
    authors |= {
        r.reviewer
        for r in record.reviews
        if r.decision in (ReviewDecision.SUBMIT, ReviewDecision.PROPOSE_CLOSURE)
    }
    return username in authors | editors
