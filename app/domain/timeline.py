"""A case's timeline: everything that happened to it, oldest first, from its record and its audit
trail, as codes and parameters (the screens and the command line put them into words).

The record is the source of every fact it dates (creation, decisions, referral steps, consents,
coordination, rights, assessments, attachments, re-contacts, links, outcomes): it says more than
the audit event of the same action (a decision's checks and sections, a step's note), so those
events are not repeated. The trail adds what the record does not keep: saves, views, prints,
exports, an import, an attachment removed, who withdrew a consent and when a re-contact was
scheduled.

Saves are summarised: one entry per run of one user's saves with nothing else in the trail between
and no pause longer than SITTING_GAP. A supervisor reads who worked on the case, in which sittings
and between which decisions; a run cut at midnight would split a night shift and depend on the
time zone, and one autosave per line would drown the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from app.domain.audit_actions import AuditAction
from app.domain.case import CaseRecord, Referral, ReferralStatus, ReferralStep

# A longer pause between two saves starts another sitting.
SITTING_GAP = timedelta(hours=4)


class EntryKind(StrEnum):
    CREATED = "created"
    IMPORTED = "imported"
    SAVES = "saves"  # a run of saves: params count; `until` the last
    DECISION = "decision"  # a review entry: params decision (ReviewDecision), checks, ...
    RIGHTS_GIVEN = "rights_given"
    STEP_RECORDED = "step_recorded"  # a step the protocol pack adds (StepRecord)
    ASSESSMENT = "assessment"
    CONSENT_GIVEN = "consent_given"
    CONSENT_REFUSED = "consent_refused"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    REFERRAL_PROPOSED = "referral_proposed"
    REFERRAL_STEP = "referral_step"
    COORDINATION = "coordination"
    RECONTACT_DONE = "recontact_done"
    RECONTACT_SCHEDULED = "recontact_scheduled"
    LINKED = "linked"
    OUTCOME = "outcome"  # what became of the case: params kind, on, court_reference
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_REMOVED = "attachment_removed"
    VIEWED = "viewed"
    PRINTED = "printed"
    EXPORTED = "exported"
    ANONYMISED = "anonymised"  # retention took out what identified people (app.domain.retention)
    OTHER = "other"  # any other event of the case's trail: params action


class Group(StrEnum):
    """What the timeline can be filtered by."""

    DECISIONS = "decisions"
    REFERRALS = "referrals"
    CONSENTS = "consents"
    COORDINATION = "coordination"
    ACCESS = "access"  # views, prints and exports
    RECORD = "record"  # the rest: writing the case and following the victim up


GROUPS: Mapping[EntryKind, Group] = {
    EntryKind.DECISION: Group.DECISIONS,
    EntryKind.REFERRAL_PROPOSED: Group.REFERRALS,
    EntryKind.REFERRAL_STEP: Group.REFERRALS,
    EntryKind.CONSENT_GIVEN: Group.CONSENTS,
    EntryKind.CONSENT_REFUSED: Group.CONSENTS,
    EntryKind.CONSENT_WITHDRAWN: Group.CONSENTS,
    EntryKind.COORDINATION: Group.COORDINATION,
    EntryKind.VIEWED: Group.ACCESS,
    EntryKind.PRINTED: Group.ACCESS,
    EntryKind.EXPORTED: Group.ACCESS,
}


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened: when, what, who (a user name; "" where nobody is recorded), the
    codes and values that say more (keys, statuses, counts, dates), and `note`: a text typed in
    the case (a comment, a step's note, a re-contact's result) or the reason given for a view, a
    print or an export."""

    at: datetime
    kind: EntryKind
    who: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    note: str = ""
    until: datetime | None = None  # a run of saves: when the last was made

    @property
    def group(self) -> Group:
        return GROUPS.get(self.kind, Group.RECORD)


class TrailEvent(Protocol):
    """An audit event of the case, as app.services.audit.AuditEntry carries it."""

    @property
    def at(self) -> datetime: ...
    @property
    def username(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def object_type(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def details(self) -> Mapping[str, object]: ...


# Events whose fact the record keeps, with more: never an entry of their own.
IN_THE_RECORD = frozenset(
    {
        AuditAction.CREATE, AuditAction.SUBMIT, AuditAction.APPROVE, AuditAction.RETURN,
        AuditAction.ESCALATE, AuditAction.PROPOSE_CLOSURE, AuditAction.CLOSE, AuditAction.REOPEN,
        AuditAction.SUPPLEMENT, AuditAction.REFERRAL_STEP, AuditAction.COORDINATE,
        AuditAction.LINK, AuditAction.OUTCOME,
    }
)  # fmt: skip
FROM_THE_TRAIL: Mapping[str, EntryKind] = {
    AuditAction.IMPORT: EntryKind.IMPORTED,
    AuditAction.VIEW: EntryKind.VIEWED,
    AuditAction.PRINT: EntryKind.PRINTED,
    AuditAction.PRINT_FAILED: EntryKind.PRINTED,
    AuditAction.EXPORT: EntryKind.EXPORTED,
    AuditAction.EXPORT_FAILED: EntryKind.EXPORTED,
    AuditAction.DETACH: EntryKind.ATTACHMENT_REMOVED,
    AuditAction.ANONYMISE: EntryKind.ANONYMISED,
}


def timeline(record: CaseRecord, events: Iterable[TrailEvent]) -> tuple[TimelineEntry, ...]:
    """Everything that happened to the case, oldest first. `events` are its audit events in the
    order they were written. Entries of the same second keep the record's facts first, then the
    trail's events in their order: the audit trail keeps whole seconds only."""
    trail = list(events)
    entries = [*_from_record(record, trail), *_from_trail(record, trail)]
    return tuple(sorted(entries, key=lambda e: e.at.replace(microsecond=0)))


def _from_record(record: CaseRecord, trail: list[TrailEvent]) -> Iterable[TimelineEntry]:
    yield TimelineEntry(record.created_at, EntryKind.CREATED, record.created_by)
    for review in record.reviews:
        params: dict[str, object] = {"decision": review.decision}
        if review.checks:
            params["checks"] = review.checks
        if review.sections:
            params["sections"] = tuple(s.section for s in review.sections)
        if review.changes:
            params["changes"] = len(review.changes)
        if review.escalated_to:
            params["escalated_to"] = review.escalated_to
        if review.hate_flag_removed:
            params["hate_flag_removed"] = True
        yield TimelineEntry(review.at, EntryKind.DECISION, review.reviewer, params, review.comment)
    for rights in record.rights:
        params = {"person": rights.person_key, "language": rights.leaflet_language}
        yield TimelineEntry(rights.given_at, EntryKind.RIGHTS_GIVEN, rights.given_by, params)
    for done in record.recorded_steps:
        params = {"step": done.step, "person": done.person_key, "done": done.done}
        yield TimelineEntry(done.at, EntryKind.STEP_RECORDED, done.by, params)
    for assessment in record.assessments:
        params = {"person": assessment.person_key, "risk": assessment.risk_level}
        yield TimelineEntry(
            assessment.assessed_at, EntryKind.ASSESSMENT, assessment.assessed_by, params
        )
    yield from _consents(record, trail)
    for referral in record.referrals:
        about = {"referral": referral.key, "service": referral.service_name}
        yield TimelineEntry(
            referral.created_at, EntryKind.REFERRAL_PROPOSED, referral.created_by, about
        )
        for step in _steps(referral):
            params = {**about, "status": step.status}
            if step.channel is not None:
                params["channel"] = step.channel
            yield TimelineEntry(step.at, EntryKind.REFERRAL_STEP, step.by, params, step.note)
    for event in record.coordination:
        params = {
            "kind": event.kind,
            "recipient": event.recipient,
            "data_sent": event.data_sent,
            "automatic": event.automatic,
        }
        if event.reference_number:
            params["reference_number"] = event.reference_number
        yield TimelineEntry(
            event.sent_at, EntryKind.COORDINATION, event.recorded_by, params, event.content
        )
    for follow_up in record.follow_ups:
        if follow_up.done_at is not None:
            params = {"due_on": follow_up.due_on}
            yield TimelineEntry(
                follow_up.done_at, EntryKind.RECONTACT_DONE, follow_up.done_by, params,
                follow_up.result,
            )  # fmt: skip
    for link in record.links:
        params = {"other": link.other, "kind": link.kind}
        if link.basis is not None:
            params["basis"] = link.basis
        yield TimelineEntry(link.at, EntryKind.LINKED, link.by, params, link.note)
    for outcome in record.outcomes:
        if outcome.recorded_at is not None:
            params = {"kind": outcome.kind, "on": outcome.happened_on}
            if outcome.court_reference:
                params["court_reference"] = outcome.court_reference
            yield TimelineEntry(
                outcome.recorded_at, EntryKind.OUTCOME, outcome.recorded_by, params, outcome.note
            )
    for attachment in record.attachments:
        params = {"filename": attachment.filename, "size": attachment.size}
        yield TimelineEntry(
            attachment.added_at, EntryKind.ATTACHMENT_ADDED, attachment.added_by, params,
            attachment.description,
        )  # fmt: skip


def _steps(referral: Referral) -> tuple[ReferralStep, ...]:
    """A referral's steps; one recorded before referrals kept them (an older case, a case file
    from an older release) has only its dates: sent, and the service's answer."""
    if referral.steps:
        return referral.steps
    steps = []
    if referral.sent_at is not None:
        steps.append(ReferralStep(ReferralStatus.SENT, referral.sent_at, ""))
    answer = referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)
    if referral.reply_at is not None and answer:
        steps.append(ReferralStep(referral.status, referral.reply_at, "", referral.reply_note))
    return tuple(steps)


def _consents(record: CaseRecord, trail: list[TrailEvent]) -> Iterable[TimelineEntry]:
    """Each consent given or refused, and withdrawn: when the victim withdrew it, who recorded
    it and how, from the record (a withdrawal recorded before the record kept who: from its
    audit event)."""
    withdrawals = {
        str(e.details.get("consent")): e for e in trail if e.action == AuditAction.WITHDRAW_CONSENT
    }
    for consent in record.consents:
        params: dict[str, object] = {
            "consent": consent.key,
            "person": consent.person_key,
            "recipient": consent.recipient,
            "purpose": consent.purpose,
        }
        kind = EntryKind.CONSENT_GIVEN if consent.granted else EntryKind.CONSENT_REFUSED
        yield TimelineEntry(consent.recorded_at, kind, consent.recorded_by, params)
        if consent.withdrawn_at is not None:
            event = withdrawals.get(consent.key)
            by = consent.withdrawn_by or (event.username if event else "")
            yield TimelineEntry(
                consent.withdrawn_at, EntryKind.CONSENT_WITHDRAWN, by, params,
                consent.withdrawal_note,
            )  # fmt: skip


def _from_trail(record: CaseRecord, trail: list[TrailEvent]) -> Iterable[TimelineEntry]:
    # An attachment still in the record has its entry there, with its name.
    attached = {(a.added_by, a.added_at.replace(microsecond=0)) for a in record.attachments}
    run: list[TrailEvent] = []
    for event in trail:
        if event.action == AuditAction.UPDATE:
            if run and (run[-1].username != event.username or event.at - run[-1].at > SITTING_GAP):
                yield _saves(run)
                run = []
            run.append(event)
            continue
        if run:
            yield _saves(run)
            run = []
        entry = _event_entry(event, attached)
        if entry is not None:
            yield entry
    if run:
        yield _saves(run)


def _saves(run: list[TrailEvent]) -> TimelineEntry:
    return TimelineEntry(
        run[0].at, EntryKind.SAVES, run[0].username, {"count": len(run)}, until=run[-1].at
    )


def _event_entry(event: TrailEvent, attached: set[tuple[str, datetime]]) -> TimelineEntry | None:
    action = event.action
    if action in IN_THE_RECORD or action == AuditAction.WITHDRAW_CONSENT:
        return None
    if action == AuditAction.ATTACH:
        if (event.username, event.at.replace(microsecond=0)) in attached:
            return None
        return TimelineEntry(event.at, EntryKind.ATTACHMENT_ADDED, event.username)
    params: dict[str, object]
    if action == AuditAction.RECONTACT:
        try:
            params = {"due_on": date.fromisoformat(str(event.details["next_contact_on"]))}
        except (KeyError, ValueError):
            return None  # only a result: the record's re-contact says it
        return TimelineEntry(
            event.at, EntryKind.RECONTACT_SCHEDULED, event.username, params, event.reason
        )
    kind = FROM_THE_TRAIL.get(action)
    if kind is None:
        return TimelineEntry(event.at, EntryKind.OTHER, event.username, {"action": action})
    # What was printed or exported, and where to: ids and codes (no lists, no nested values).
    params = {k: v for k, v in event.details.items() if isinstance(v, str | int)}
    if action.endswith("_failed"):
        params["failed"] = True
    if event.object_type == "attachment":
        params["attachment"] = True
    return TimelineEntry(event.at, kind, event.username, params, event.reason)
