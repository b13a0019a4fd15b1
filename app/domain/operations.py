"""Every change the case's life makes to a record, as a pure function: record in, record out.

The workflow (`app.domain.workflow`) says whether an action may be taken; these say what it does.
Each decision is kept in the record's reviews with who took it, when and why, so the case carries
its own history.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from app.domain import outcomes, referrals, retention
from app.domain.case import (
    CaseLink,
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentRule,
    CoordinationEvent,
    FieldChange,
    FollowUp,
    LinkKind,
    NeedsAssessment,
    Outcome,
    Perception,
    Referral,
    ReferralStatus,
    ReferralStep,
    Review,
    ReviewDecision,
    RightsInformation,
)
from app.domain.serialization import JsonValue, to_json
from app.domain.workflow import NOTHING, Action, Decision, next_status

PersonPart = Perception | RightsInformation | NeedsAssessment | Consent | Referral
# What the case's life keeps for itself: a correction or a resubmission never changes these, and
# they are not among its changes.
HEADER_FIELDS = frozenset(
    {
        "reference", "station_code", "status", "created_at", "created_by", "officer",
        "protocol_pack", "protocol_version", "closure_note", "closed_at", "escalated_to",
        "attachments", "reviews", "outcomes",
    }
)  # fmt: skip


def decide(
    record: CaseRecord,
    action: Action,
    by: str,
    at: datetime,
    decision: Decision = NOTHING,
    submitted_before: CaseRecord | None = None,
) -> CaseRecord:
    """The record after a decision: its new status and the decision in its history.

    A resubmission (`submitted_before`: the record as it was last submitted) keeps what changed
    since; a supplement carries the corrected record and keeps what it changed; a return keeps
    its comments on sections; an escalation names the reviewer it now waits for. Proposing a
    closure keeps the note, closing dates the case, reopening clears the date (the note stays in
    the history)."""
    before = record
    if action is Action.SUPPLEMENT and decision.record is not None:
        record = corrected(record, decision.record)
    compared = submitted_before if action is Action.SUBMIT else before
    review = Review(
        # Each decision of the workflow is kept under the same name in the case's history.
        decision=ReviewDecision(action.value),
        reviewer=by,
        at=at,
        comment=decision.comment.strip(),
        checks=decision.checks if action is Action.APPROVE else (),
        sections=tuple(
            replace(s, comment=s.comment.strip()) for s in decision.sections if s.comment.strip()
        )
        if action is Action.RETURN
        else (),
        changes=changes(compared, record)
        if compared is not None and action in (Action.SUBMIT, Action.SUPPLEMENT)
        else (),
        escalated_to=decision.escalated_to.strip() if action is Action.ESCALATE else "",
        hate_flag_removed=compared is not None and drops_hate_flag(compared, record),
    )
    changed = replace(
        record,
        status=next_status(record.status, action),
        reviews=(*record.reviews, review),
        escalated_to=review.escalated_to,
    )
    if action is Action.PROPOSE_CLOSURE:
        return replace(changed, closure_note=review.comment)
    if action is Action.CLOSE:
        return replace(changed, closed_at=at)
    if action is Action.REOPEN:
        return replace(changed, closed_at=None)
    return changed


def open_return(record: CaseRecord) -> Review | None:
    """The decision a returned case is being worked on for, a return or a reopening: its
    comments guide the officer."""
    if record.status is not CaseStatus.RETURNED or not record.reviews:
        return None
    last = record.reviews[-1]
    return last if last.decision in (ReviewDecision.RETURN, ReviewDecision.REOPEN) else None


def corrected(record: CaseRecord, correction: CaseRecord) -> CaseRecord:
    """`record` with the content of `correction`: its header and history stay as they are."""
    content = {name: value for name, value in vars(correction).items() if name not in HEADER_FIELDS}
    return replace(record, **content)


def drops_hate_flag(before: CaseRecord, after: CaseRecord) -> bool:
    """Whether a change takes away the case's bias motive: it had at least one, it has none."""
    return bool(before.motives) and not after.motives


def changes(before: CaseRecord, after: CaseRecord) -> tuple[FieldChange, ...]:
    """Every value of the case's content that differs, by path. Items with a key (persons,
    consents) are matched by it, so removing one person is one change, not a shift of all."""
    old, new = _flat(before), _flat(after)
    return tuple(
        FieldChange(path, _text(old.get(path)), _text(new.get(path)))
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path)
    )


def _flat(record: CaseRecord) -> dict[str, JsonValue]:
    data = to_json(record)
    out: dict[str, JsonValue] = {}
    for name, value in data.items():
        if name not in HEADER_FIELDS:
            _flatten(name, value, out)
    return out


def _flatten(path: str, value: JsonValue, out: dict[str, JsonValue]) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            if name != "key":
                _flatten(f"{path}.{name}", inner, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, item in enumerate(value):
            _flatten(f"{path}[{item.get('key') or index}]", item, out)
    else:
        out[path] = value


def _text(value: JsonValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def person_references(record: CaseRecord, key: str) -> dict[str, int]:
    """How many items of each part of the case name the person `key`: a person the case still
    refers to cannot be removed (their perception, rights, consents... would be orphaned)."""
    parts: dict[str, Sequence[PersonPart]] = {
        "perceptions": record.perceptions,
        "rights": record.rights,
        "assessments": record.assessments,
        "consents": record.consents,
        "referrals": record.referrals,
    }
    counts = {
        part: sum(1 for item in items if item.person_key == key) for part, items in parts.items()
    }
    # A child's guardians, and the consents a guardian gave for the child, name them too.
    counts["guardians"] = sum(1 for p in record.persons if p.guardian_of == key)
    counts["consents"] += sum(1 for c in record.consents if c.guardian_key == key)
    return {part: n for part, n in counts.items() if n}


def withdraw_consent(
    consents: Sequence[Consent], key: str, at: datetime, by: str = "", note: str = ""
) -> tuple[Consent, ...]:
    """The consents with `key` withdrawn at `at`, by whom and how (a withdrawal is dated once:
    the first stays)."""
    return tuple(
        replace(c, withdrawn_at=at, withdrawn_by=by, withdrawal_note=note)
        if c.key == key and c.withdrawn_at is None
        else c
        for c in consents
    )


def removable_referral(referral: Referral) -> bool:
    """Only a referral not yet sent may be taken back: a sent one stays on record."""
    return referral.status is ReferralStatus.PROPOSED


def wrote_or_edited(record: CaseRecord, editors: frozenset[str], username: str) -> bool:
    """Whether `username` had a hand in the case: wrote it, is its officer, saved it (`editors`:
    who saved it, from the audit trail), or submitted it, proposed its closure or corrected it."""
    authors = {record.created_by, record.officer}
    authors |= {
        r.reviewer
        for r in record.reviews
        if r.decision
        in (ReviewDecision.SUBMIT, ReviewDecision.PROPOSE_CLOSURE, ReviewDecision.SUPPLEMENT)
    }
    return username in authors | editors


# ------------------------------------------------------------------ the follow-up of a case


@dataclass(frozen=True)
class Sending:
    """What the station adds to a referral when it is sent: the answer's due day (working days
    of its country), and the consent rule and legal basis it goes under."""

    answer_due_on: date
    consent_rule: ConsentRule
    legal_basis: str


def follow_up(
    record: CaseRecord, action: Action, by: str, at: datetime, decision: Decision,
    sending: Sending | None = None,
) -> CaseRecord:  # fmt: skip
    """The record after a follow-up action whose particulars passed
    `app.domain.followup.follow_up_issues`; the case's state stays. A referral step is kept in
    the referral's history (`sending` dates the answer when it is sent); a withdrawal dates the
    consent and withdraws every referral under it that had not ended; a coordination entry, a
    link and an outcome are added; a re-contact closes the one due with its result and
    schedules the next."""
    if action is Action.REFERRAL_STEP:
        step = typing.cast(ReferralStep, decision.step)
        step = replace(step, by=by, note=step.note.strip())
        changed = [
            _sent(referrals.take_step(r, step, at), sending) if r.key == decision.target else r
            for r in record.referrals
        ]
        return replace(record, referrals=tuple(changed))
    if action is Action.WITHDRAW_CONSENT:
        when = decision.at or at
        note = decision.comment.strip()
        return replace(
            record,
            consents=withdraw_consent(record.consents, decision.target, when, by, note),
            referrals=tuple(
                _withdrawn(r, when, by, note, at) if r.consent_key == decision.target else r
                for r in record.referrals
            ),
        )
    if action is Action.COORDINATE:
        event = typing.cast(CoordinationEvent, decision.coordination)
        event = replace(event, recorded_by=by)
        return replace(record, coordination=(*record.coordination, event))
    if action is Action.RECONTACT:
        return replace(record, follow_ups=_recontacted(record.follow_ups, by, at, decision))
    if action is Action.LINK:
        link = replace(typing.cast(CaseLink, decision.link), by=by, at=at)
        duplicate_of = link.other if link.kind is LinkKind.DUPLICATE else record.duplicate_of
        return replace(record, links=(*record.links, link), duplicate_of=duplicate_of)
    if action is Action.OUTCOME:
        outcome = outcomes.entered(typing.cast(Outcome, decision.outcome), by, at)
        return replace(record, outcomes=(*record.outcomes, outcome))
    raise ValueError(f"not a follow-up action: {action}")


def _sent(referral: Referral, sending: Sending | None) -> Referral:
    if referral.status is not ReferralStatus.SENT or sending is None:
        return referral
    return replace(
        referral,
        answer_due_on=sending.answer_due_on,
        consent_rule=sending.consent_rule,
        legal_basis=sending.legal_basis,
    )


def _withdrawn(referral: Referral, when: datetime, by: str, note: str, now: datetime) -> Referral:
    """A referral whose consent was withdrawn: withdrawn too, unless it had ended; its step is
    dated no earlier than the referral's last (a reply entered after the victim withdrew)."""
    if referral.status in referrals.ENDED:
        return referral
    last = referral.steps[-1].at if referral.steps else referral.created_at
    step = ReferralStep(ReferralStatus.WITHDRAWN, min(max(when, last), now), by, note)
    return referrals.take_step(referral, step, now)


def _recontacted(
    follow_ups: Sequence[FollowUp], by: str, at: datetime, decision: Decision
) -> tuple[FollowUp, ...]:
    """The re-contacts after one: the earliest still open is done with its result (or, when none
    was scheduled, the contact is recorded as done today); the next date is scheduled."""
    kept = list(follow_ups)
    result = decision.contact_result.strip()
    if result:
        open_ones = [i for i, f in enumerate(kept) if f.done_at is None]
        if open_ones:
            first = min(open_ones, key=lambda i: kept[i].due_on)
            kept[first] = replace(kept[first], done_at=at, done_by=by, result=result)
        else:
            kept.append(FollowUp(at.date(), "", at, by, result, by))
    if decision.next_contact_on is not None:
        note = decision.comment.strip()
        kept.append(FollowUp(decision.next_contact_on, note, scheduled_by=by))
    return tuple(kept)


def anonymise(record: CaseRecord, expiry: retention.Expiry) -> CaseRecord:
    """The closed case with what has expired taken out (app.domain.retention); its state, dates
    and history of decisions stay, their typed comments go with the rest."""
    return retention.anonymised(record, expiry)
