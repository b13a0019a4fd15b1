"""Validation results as data: a code, the field path and parameters. Screens word them."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from app.domain.case import CaseRecord, ConsentPurpose, CoordinationKind, PersonRole

STATION_CODE = re.compile(r"^[A-Z]{2,5}(-[0-9A-Z]{1,4})?$")
REFERENCE = re.compile(
    r"^(?P<station>[A-Z]{2,5}(-[0-9A-Z]{1,4})?)-(?P<year>\d{4})-(?P<number>\d{6})$"
)
SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Issue:
    code: str
    field: str
    params: Mapping[str, object] = dataclass_field(default_factory=dict)


def duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def validate_case_record(record: CaseRecord, now: datetime) -> list[Issue]:
    """Checks a whole case for consistency: references between its parts, dates, hashes."""
    issues: list[Issue] = []
    reference = REFERENCE.match(record.reference)
    if reference is None:
        issues.append(Issue("bad_reference", "reference", {"value": record.reference}))
    elif reference["station"] != record.station_code:
        issues.append(Issue("reference_station_mismatch", "reference", {}))
    if not STATION_CODE.match(record.station_code):
        issues.append(Issue("bad_station_code", "station_code", {"value": record.station_code}))
    for name in ("occurred_at", "reported_at", "attended_at", "created_at"):
        value = getattr(record, name)
        if value is not None and value > now:
            issues.append(Issue("date_in_future", name, {}))
    dated = (
        ("rights", "given_at"),
        ("assessments", "assessed_at"),
        ("consents", "recorded_at"),
        ("coordination", "sent_at"),
    )
    for part, name in dated:
        for i, item in enumerate(getattr(record, part)):
            if getattr(item, name) > now:
                issues.append(Issue("date_in_future", f"{part}[{i}].{name}", {}))

    person_keys = [p.key for p in record.persons]
    issues += [Issue("duplicate_key", "persons", {"key": k}) for k in duplicates(person_keys)]
    consent_keys = [c.key for c in record.consents]
    issues += [Issue("duplicate_key", "consents", {"key": k}) for k in duplicates(consent_keys)]
    referral_keys = [r.key for r in record.referrals]
    issues += [Issue("duplicate_key", "referrals", {"key": k}) for k in duplicates(referral_keys)]

    def check_person(path: str, key: str | None) -> None:
        if key is not None and key not in person_keys:
            issues.append(Issue("unknown_person", path, {"key": key}))

    for i, perception in enumerate(record.perceptions):
        check_person(f"perceptions[{i}].person_key", perception.person_key)
    for i, rights in enumerate(record.rights):
        check_person(f"rights[{i}].person_key", rights.person_key)
    for i, assessment in enumerate(record.assessments):
        check_person(f"assessments[{i}].person_key", assessment.person_key)
    for i, consent in enumerate(record.consents):
        check_person(f"consents[{i}].person_key", consent.person_key)
    for i, referral in enumerate(record.referrals):
        check_person(f"referrals[{i}].person_key", referral.person_key)
        issues += consent_issues(
            f"referrals[{i}].consent_key",
            referral.consent_key,
            referral.service_name,
            ConsentPurpose.REFERRAL,
            record,
        )
    for i, event in enumerate(record.coordination):
        path = f"coordination[{i}].consent_key"
        if event.kind is CoordinationKind.CIVIL_SOCIETY and record.victims():
            # Civil society hears of a victim only as far as the victim agreed.
            purpose = ConsentPurpose.CIVIL_SOCIETY_CONTACT
            issues += consent_issues(path, event.consent_key, event.recipient, purpose, record)
        elif event.consent_key is not None and event.consent_key not in consent_keys:
            issues.append(Issue("unknown_consent", path, {"key": event.consent_key}))
    for i, attachment in enumerate(record.attachments):
        path = f"attachments[{i}]"
        if not SHA256.match(attachment.sha256):
            issues.append(Issue("bad_sha256", f"{path}.sha256", {}))
        if attachment.content is not None:
            if hashlib.sha256(attachment.content).hexdigest() != attachment.sha256:
                issues.append(Issue("sha256_mismatch", f"{path}.content", {}))
            if len(attachment.content) != attachment.size:
                issues.append(Issue("size_mismatch", f"{path}.size", {}))
    if record.no_individual_victim and any(p.role is PersonRole.VICTIM for p in record.persons):
        issues.append(Issue("victim_in_victimless_case", "no_individual_victim", {}))
    return issues


def consent_issues(
    path: str, key: str | None, recipient: str, purpose: ConsentPurpose, record: CaseRecord
) -> list[Issue]:
    """Something is shared with `recipient` for `purpose` only under a consent that covers it."""
    if key is None:
        return [Issue("without_consent", path, {})]
    consent = next((c for c in record.consents if c.key == key), None)
    if consent is None:
        return [Issue("unknown_consent", path, {"key": key})]
    problem = (
        "consent_refused" if not consent.granted
        else "consent_withdrawn" if consent.withdrawn_at is not None
        else "consent_other_recipient" if consent.recipient != recipient
        else "consent_other_purpose" if consent.purpose is not purpose
        else ""
    )  # fmt: skip
    return [Issue(problem, path, {"key": key})] if problem else []
