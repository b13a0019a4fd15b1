"""A child victim, as Directive 2012/29/EU Art. 22(4) and 24 require: who is a child, and what a
child's case needs before submission.

A child is under 18 on the day of the incident. The date of birth decides where it is known, then
the age band; the officer's "minor" tick only where neither is known. For a child victim:
protection needs are presumed (an assessment saying "no" gives the reason), a guardian or legal
representative is recorded as a person of the case (name, relation, contact, language), and a
consent is given by that guardian, the child's own views recorded beside it.
"""

from __future__ import annotations

from datetime import date

from app.domain.case import CaseRecord, ConsentPurpose, Person, PersonRole
from app.domain.validation import Issue

ADULT_AGE = 18
STORED_UNDER_18 = "under 18"  # the age band the wizard stores for a child (app.ui.labels)
ADULT_BANDS: tuple[str, ...] = ("18-29", "30-44", "45-64", "65+")


def age_on(born: date, on: date) -> int:
    """Full years from `born` to `on`: 18 on the 18th birthday itself."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_is_known(person: Person) -> bool:
    """Whether the birth date or a known age band decides, rather than the "minor" tick."""
    return person.date_of_birth is not None or person.age_band in (STORED_UNDER_18, *ADULT_BANDS)


def is_child(person: Person, on: date) -> bool:
    """Under 18 on `on`: from the date of birth, else the age band, else the "minor" tick."""
    if person.date_of_birth is not None:
        return age_on(person.date_of_birth, on) < ADULT_AGE
    if person.age_band == STORED_UNDER_18:
        return True
    if person.age_band in ADULT_BANDS:
        return False
    return person.is_minor


def age_day(record: CaseRecord) -> date:
    """The day a person's age counts on: the incident's, or the case's opening if not known."""
    return (record.occurred_at or record.created_at).date()


def child_victims(record: CaseRecord) -> tuple[Person, ...]:
    day = age_day(record)
    return tuple(v for v in record.victims() if is_child(v, day))


def guardians_of(record: CaseRecord, key: str) -> tuple[Person, ...]:
    """The guardians or legal representatives recorded for the person `key`."""
    return tuple(
        p for p in record.persons if p.role is PersonRole.GUARDIAN and p.guardian_of == key
    )


def leaflet_readers(record: CaseRecord) -> tuple[Person, ...]:
    """Whom a case's leaflet is printed for: each victim, and a child victim's guardians."""
    return tuple(p for v in record.victims() for p in (v, *guardians_of(record, v.key)))


def _guardian_gaps(guardian: Person) -> list[str]:
    gaps = []
    if not guardian.name.strip():
        gaps.append("guardian_name")
    if guardian.relation is None:
        gaps.append("guardian_relation")
    if not (guardian.phone.strip() or guardian.email.strip() or guardian.address.strip()):
        gaps.append("guardian_contact")
    if not guardian.language:
        gaps.append("guardian_language")
    return gaps


def child_issues(record: CaseRecord) -> list[Issue]:
    """What each child victim's case lacks: code `required`, a field id, the step and the child."""
    issues: list[Issue] = []
    for child in child_victims(record):
        guardians = guardians_of(record, child.key)
        if not guardians:
            issues.append(Issue("required", "guardian", {"step": "incident", "person": child.key}))
        else:
            # One complete guardian is enough; otherwise what the closest one lacks.
            gaps = min((_guardian_gaps(g) for g in guardians), key=len)
            issues += [
                Issue("required", gap, {"step": "incident", "person": child.key}) for gap in gaps
            ]
        said_no = [
            a
            for a in record.assessments
            if a.person_key == child.key and a.protection_needs is False
        ]
        if any(not a.no_needs_reason.strip() for a in said_no):
            issues.append(
                Issue("required", "no_needs_reason", {"step": "assessment", "person": child.key})
            )
        keys = {g.key for g in guardians}
        steps = {
            "coordination" if c.purpose is ConsentPurpose.CIVIL_SOCIETY_CONTACT else "referral"
            for c in record.consents
            # A consent lets data go: the guardian's; a refusal lets nothing go.
            if c.person_key == child.key and c.granted and c.guardian_key not in keys
        }
        for step in sorted(steps):
            issues.append(
                Issue("required", "consent_guardian", {"step": step, "person": child.key})
            )
    return issues
