"""Validation results as data: a code, the field path and parameters. Screens word them."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime

from app.domain.case import (
    CaseRecord,
    ConsentPurpose,
    Person,
    PersonRole,
    consent_gap,
    coordination_purpose,
    objected,
)
from app.domain.languages import language_code

STATION_CODE = re.compile(r"^[A-Z]{2,5}(-[0-9A-Z]{1,4})?$")
REFERENCE = re.compile(
    r"^(?P<station>[A-Z]{2,5}(-[0-9A-Z]{1,4})?)-(?P<year>\d{4})-(?P<number>\d{6})$"
)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
# The last number a reference can carry: the station's next case must still fit the format.
LAST_CASE_NUMBER = 999_999

# The widths of the stored columns (app/storage/tables.py declares its columns with these).
KEY_LENGTH = 16  # person, consent and referral keys; short codes such as a leaflet language
NAME_LENGTH = 64  # user names, pick-list ids, protocol pack ids
VERSION_LENGTH = 32
MEDIA_TYPE_LENGTH = 100
FULL_NAME_LENGTH = 200
# A court's or prosecutor's reference ("R 25/1234", "ECLI:FI:KKO:2026:12"): longer is not one.
COURT_REFERENCE_LENGTH = 100
# The longest text of a field, by field name (the same name means the same column everywhere);
# for a list of texts, the longest item. Fields not named here are unlimited text.
LIMITS: dict[str, int] = {
    **dict.fromkeys(
        ("key", "person_key", "consent_key", "leaflet_language", "guardian_of", "guardian_key"),
        KEY_LENGTH,
    ),
    **dict.fromkeys(
        (
            "created_by", "officer", "given_by", "assessed_by", "recorded_by", "added_by",
            "reviewer", "username", "protocol_pack", "motives", "offence_types", "indicator",
            "escalated_to", "withdrawn_by",
        ),
        NAME_LENGTH,
    ),
    "protocol_version": VERSION_LENGTH,
    "media_type": MEDIA_TYPE_LENGTH,
    "full_name": FULL_NAME_LENGTH,
    "court_reference": COURT_REFERENCE_LENGTH,
}  # fmt: skip
# Dates a case can sensibly hold; outside them a time-zone offset could leave the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2200
LARGEST_NUMBER = 2**31 - 1  # a 32-bit column
# NUL and halves of UTF-16 surrogate pairs: no database or UTF-8 file can hold them.
BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Issue:
    code: str
    field: str
    params: Mapping[str, object] = dataclass_field(default_factory=dict)


def duplicates(values: Iterable[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _leaves(value: object, path: str, name: str) -> Iterator[tuple[str, str, object]]:
    """(path, field name, value) of every plain value inside a dataclass, lists item by item."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            inner = f"{path}.{f.name}" if path else f.name
            yield from _leaves(getattr(value, f.name), inner, f.name)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]", name)
    else:
        yield path, name, value


def value_issues(value: object, path: str, now: datetime) -> list[Issue]:
    """What the database cannot store, or no case can hold: texts with NUL or lone surrogates,
    longer than their column; dates out of range or, for what happened, in the future; numbers
    out of range."""
    issues: list[Issue] = []
    for where, name, leaf in _leaves(value, path, ""):
        if isinstance(leaf, str):
            if BAD_CHARACTER.search(leaf):
                issues.append(Issue("bad_character", where, {}))
            elif len(leaf) > LIMITS.get(name, len(leaf)):
                issues.append(Issue("too_long", where, {"max": LIMITS[name]}))
        elif isinstance(leaf, date):  # and datetime
            if not FIRST_YEAR <= leaf.year <= LAST_YEAR:
                issues.append(
                    Issue("date_out_of_range", where, {"first": FIRST_YEAR, "last": LAST_YEAR})
                )
            elif isinstance(leaf, datetime) and leaf > now:  # every moment recorded has happened
                issues.append(Issue("date_in_future", where, {}))
        elif (
            isinstance(leaf, int) and not isinstance(leaf, bool) and not 0 <= leaf <= LARGEST_NUMBER
        ):
            issues.append(Issue("number_out_of_range", where, {"max": LARGEST_NUMBER}))
    return issues


def language_issues(person: Person, path: str) -> list[Issue]:
    """A person's languages and interpreter language are ISO 639 codes (app.domain.languages)."""
    issues = [
        Issue("unknown_language", f"{path}.languages[{j}].code", {})
        for j, spoken in enumerate(person.languages)
        if language_code(spoken.code) != spoken.code
    ]
    codes = [spoken.code for spoken in person.languages]
    issues += [Issue("duplicate_key", f"{path}.languages", {"key": c}) for c in duplicates(codes)]
    if sum(spoken.preferred for spoken in person.languages) > 1:
        issues.append(Issue("several_preferred", f"{path}.languages", {}))
    chosen = person.interpreter_language
    if chosen and language_code(chosen) != chosen:
        issues.append(Issue("unknown_language", f"{path}.interpreter_language", {}))
    return issues


def validate_case_record(
    record: CaseRecord, now: datetime, referral_opt_out: bool = False
) -> list[Issue]:
    """Checks a whole case for consistency: references between its parts, dates, hashes, and
    values the database could not store. `referral_opt_out`: the case's protocol pack lets a
    referral name no consent, unless the person objected (app.domain.followup.sending_rule)."""
    issues: list[Issue] = value_issues(record, "", now)
    reference = REFERENCE.match(record.reference)
    if reference is None:
        issues.append(Issue("bad_reference", "reference", {"value": record.reference}))
    elif reference["station"] != record.station_code:
        issues.append(Issue("reference_station_mismatch", "reference", {}))
    if not STATION_CODE.match(record.station_code):
        issues.append(Issue("bad_station_code", "station_code", {"value": record.station_code}))
    person_keys = [p.key for p in record.persons]
    issues += [Issue("duplicate_key", "persons", {"key": k}) for k in duplicates(person_keys)]
    consent_keys = [c.key for c in record.consents]
    issues += [Issue("duplicate_key", "consents", {"key": k}) for k in duplicates(consent_keys)]
    referral_keys = [r.key for r in record.referrals]
    issues += [Issue("duplicate_key", "referrals", {"key": k}) for k in duplicates(referral_keys)]
    # Pick-list ids are chosen once each.
    indicators = [i.indicator for i in record.indicators]
    for part, ids in (
        ("motives", record.motives),
        ("offence_types", record.offence_types),
        ("indicators", indicators),
    ):
        issues += [Issue("duplicate_key", part, {"key": k}) for k in duplicates(ids)]

    def check_person(path: str, key: str | None) -> None:
        if key is not None and key not in person_keys:
            issues.append(Issue("unknown_person", path, {"key": key}))

    for i, person in enumerate(record.persons):
        issues += language_issues(person, f"persons[{i}]")
        check_person(f"persons[{i}].guardian_of", person.guardian_of or None)
    for i, perception in enumerate(record.perceptions):
        check_person(f"perceptions[{i}].person_key", perception.person_key)
    for i, rights in enumerate(record.rights):
        check_person(f"rights[{i}].person_key", rights.person_key)
    for i, step in enumerate(record.recorded_steps):
        check_person(f"recorded_steps[{i}].person_key", step.person_key)
    for i, assessment in enumerate(record.assessments):
        check_person(f"assessments[{i}].person_key", assessment.person_key)
    for i, consent in enumerate(record.consents):
        check_person(f"consents[{i}].person_key", consent.person_key)
        check_person(f"consents[{i}].guardian_key", consent.guardian_key or None)
    for i, referral in enumerate(record.referrals):
        check_person(f"referrals[{i}].person_key", referral.person_key)
        if (
            referral_opt_out
            and referral.consent_key is None
            and not objected(
                record.consents, referral.person_key, referral.service_name, ConsentPurpose.REFERRAL
            )
        ):
            continue
        issues += consent_issues(
            f"referrals[{i}].consent_key",
            referral.consent_key,
            referral.service_name,
            ConsentPurpose.REFERRAL,
            record,
        )
    for i, event in enumerate(record.coordination):
        path = f"coordination[{i}].consent_key"
        purpose = coordination_purpose(event, bool(record.victims()))
        if purpose is not None:
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
    # An outcome is kept with who entered it and when (a case file must say so too).
    for i, outcome in enumerate(record.outcomes):
        if outcome.recorded_at is None or not outcome.recorded_by:
            issues.append(Issue("required", f"outcomes[{i}].recorded_by", {}))
    if record.no_individual_victim and any(p.role is PersonRole.VICTIM for p in record.persons):
        issues.append(Issue("victim_in_victimless_case", "no_individual_victim", {}))
    return issues


def consent_issues(
    path: str, key: str | None, recipient: str, purpose: ConsentPurpose, record: CaseRecord
) -> list[Issue]:
    """Something is shared with `recipient` for `purpose` only under a consent that covers it."""
    gap = consent_gap(record.consents, key, recipient, purpose)
    if gap is None:
        return []
    return [Issue(gap.value, path, {"key": key} if key is not None else {})]
