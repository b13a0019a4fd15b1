"""What a follow-up action on a submitted case must carry, and what it may not do.

The workflow (`app.domain.workflow`) says who may take a follow-up action and in which states;
this module checks the particulars (`Decision`) against the case: a referral step against the
referral's rules, a withdrawal against the consents, a coordination entry against the consent that
must cover it, a re-contact, a link. `app.domain.operations.follow_up` then makes the change.
"""

from __future__ import annotations

from datetime import date, datetime

from app.domain import referrals
from app.domain.case import (
    CaseLink,
    CaseRecord,
    ConsentPurpose,
    ConsentRule,
    CoordinationEvent,
    CoordinationKind,
    LinkKind,
    Referral,
    ReferralStatus,
    SharedData,
    consent_gap,
    coordination_purpose,
    objected,
)
from app.domain.outcomes import outcome_issues
from app.domain.validation import Issue, consent_issues, value_issues
from app.domain.workflow import Action, Decision

# A coordination entry with a recipient says what it sent; a community-impact note sends nothing.
SENDS_NOTHING = frozenset({CoordinationKind.COMMUNITY_IMPACT})
# What an entry of anonymised facts (no consent needed) may send: nothing that names a person.
ANONYMOUS = frozenset({SharedData.ANONYMISED_FACTS})


def sending_rule(record: CaseRecord, referral: Referral, opt_out: bool) -> ConsentRule | None:
    """Under which consent rule the referral may leave the station, or None if it may not: the
    victim's explicit consent covering this service, else an opt-out where the protocol pack
    allows one and the victim did not refuse or withdraw a consent for this service."""
    purpose = ConsentPurpose.REFERRAL
    if consent_gap(record.consents, referral.consent_key, referral.service_name, purpose) is None:
        return ConsentRule.EXPLICIT
    if opt_out and referral.consent_key is None:
        stopped = objected(record.consents, referral.person_key, referral.service_name, purpose)
        return None if stopped else ConsentRule.OPT_OUT
    return None


def referral_step_issues(
    record: CaseRecord, decision: Decision, now: datetime, opt_out: bool
) -> list[Issue]:
    referral = next((r for r in record.referrals if r.key == decision.target), None)
    if referral is None:
        return [Issue("unknown_referral", "referral", {"key": decision.target})]
    step = decision.step
    if step is None:
        return [Issue("required", "referral.status")]
    if step.status is ReferralStatus.WITHDRAWN and referral.consent_key is not None:
        # Withdrawing the consent withdraws its referrals, and tells whom to inform.
        return [Issue("withdraw_the_consent", "referral.status", {"key": referral.consent_key})]
    last_at = referral.steps[-1].at if referral.steps else None
    issues = referrals.step_issues(referral.status, last_at, step, now)
    issues += [i for i in value_issues(step, "referral", now) if i not in issues]  # once each
    if step.status is ReferralStatus.SENT and sending_rule(record, referral, opt_out) is None:
        key, service = referral.consent_key, referral.service_name
        issues += consent_issues("referral.consent", key, service, ConsentPurpose.REFERRAL, record)
    return issues


def withdrawal_issues(record: CaseRecord, decision: Decision, now: datetime) -> list[Issue]:
    consent = next((c for c in record.consents if c.key == decision.target), None)
    if consent is None:
        return [Issue("unknown_consent", "consent", {"key": decision.target})]
    if not consent.granted:
        return [Issue("consent_refused", "consent", {"key": consent.key})]
    if consent.withdrawn_at is not None:
        return [Issue("consent_withdrawn", "consent", {"key": consent.key})]
    at = decision.at or now
    if at > now:
        return [Issue("date_in_future", "consent.at")]
    if at < consent.recorded_at:
        return [Issue("withdrawn_before_given", "consent.at")]
    return []


def coordination_issues(record: CaseRecord, event: CoordinationEvent, now: datetime) -> list[Issue]:
    issues = value_issues(event, "coordination", now)
    if event.kind not in SENDS_NOTHING:
        if not event.recipient.strip():
            issues.append(Issue("required", "coordination.recipient"))
        if not event.data_sent:
            issues.append(Issue("required", "coordination.data_sent"))
    elif not event.content.strip():
        issues.append(Issue("required", "coordination.content"))
    named = [data.value for data in event.data_sent if data not in ANONYMOUS]
    if event.anonymised and named:
        issues.append(Issue("not_anonymised", "coordination.data_sent", {"data": ", ".join(named)}))
    purpose = coordination_purpose(event, bool(record.victims()))
    if purpose is not None:
        key, recipient = event.consent_key, event.recipient
        issues += consent_issues("coordination.consent", key, recipient, purpose, record)
    elif event.consent_key not in {None, *(c.key for c in record.consents)}:
        issues.append(Issue("unknown_consent", "coordination.consent", {"key": event.consent_key}))
    return issues


def recontact_issues(decision: Decision, today: date, now: datetime) -> list[Issue]:
    if not decision.contact_result.strip() and decision.next_contact_on is None:
        return [Issue("required", "recontact.result")]
    issues = value_issues(decision.contact_result, "recontact.result", now)
    if decision.next_contact_on is not None and decision.next_contact_on <= today:
        issues.append(Issue("date_not_ahead", "recontact.next_on"))
    return issues


def link_issues(record: CaseRecord, decision: Decision, now: datetime) -> list[Issue]:
    """A case links once to another case, never to itself; a series says what it shares; a case
    duplicates at most one case, and never one that duplicates it."""
    link = decision.link
    if link is None:
        return [Issue("required", "link.other")]
    issues = value_issues(link, "link", now)
    if link.other == record.reference:
        issues.append(Issue("link_to_itself", "link.other"))
    if any(existing.other == link.other for existing in record.links):
        issues.append(Issue("already_linked", "link.other", {"reference": link.other}))
    if link.kind is LinkKind.SERIES and link.basis is None:
        issues.append(Issue("required", "link.basis"))
    if link.kind is not LinkKind.SERIES and link.basis is not None:
        issues.append(Issue("basis_only_for_series", "link.basis"))
    if link.kind is LinkKind.DUPLICATED:
        issues.append(Issue("link_from_the_duplicate", "link.kind"))
    if link.kind is LinkKind.DUPLICATE and record.duplicate_of:
        issues.append(Issue("already_duplicate", "link.kind", {"reference": record.duplicate_of}))
    return issues


def duplicate_issues(record: CaseRecord, link: CaseLink, other_duplicate_of: str) -> list[Issue]:
    """A duplicate points at the original case: never at a case that is itself a duplicate
    (`other_duplicate_of`), and a case that others duplicate does not become a duplicate. The
    counts take one step from a duplicate to its original, so a chain or a circle would count
    one incident twice, or not at all."""
    if link.kind is not LinkKind.DUPLICATE:
        return []
    if other_duplicate_of:
        return [Issue("duplicate_of_a_duplicate", "link.other", {"reference": other_duplicate_of})]
    duplicates = [other.other for other in record.links if other.kind is LinkKind.DUPLICATED]
    if duplicates:
        return [Issue("has_duplicates", "link.kind", {"reference": duplicates[0]})]
    return []


def follow_up_issues(
    record: CaseRecord, action: Action, decision: Decision, now: datetime, opt_out: bool = False
) -> list[Issue]:
    """What is wrong with the particulars of a follow-up action on `record` (empty: none).
    `opt_out`: the protocol pack lets a referral go without explicit consent."""
    if action is Action.REFERRAL_STEP:
        return referral_step_issues(record, decision, now, opt_out)
    if action is Action.WITHDRAW_CONSENT:
        return withdrawal_issues(record, decision, now)
    if action is Action.COORDINATE:
        if decision.coordination is None:
            return [Issue("required", "coordination.kind")]
        return coordination_issues(record, decision.coordination, now)
    if action is Action.RECONTACT:
        return recontact_issues(decision, now.date(), now)
    if action is Action.LINK:
        return link_issues(record, decision, now)
    if action is Action.OUTCOME:
        return outcome_issues(record, decision.outcome, now)
    raise ValueError(f"not a follow-up action: {action}")


def services_to_inform(record: CaseRecord, consent_key: str) -> tuple[Referral, ...]:
    """The services that received a referral under the consent and must be told it was
    withdrawn: those withdrawn with it after they had been sent."""
    return tuple(
        r
        for r in record.referrals
        if r.consent_key == consent_key
        and r.status is ReferralStatus.WITHDRAWN
        and r.sent_at is not None
    )
