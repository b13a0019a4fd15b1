"""Retention of closed cases (LED Art. 5): what has expired on a given day, and the case with what
identifies a person taken out.

A closed case is kept whole for its period (the protocol pack's [retention], counted from its
closure; app.domain.protocol.Retention), then anonymised: it keeps what statistics need (dates,
district, place type, motives, offence types, classification, status and outcome, indicator
codes, each outcome's kind and day, and every person, consent, referral... as an entry of its
kind, so counts hold) and loses names, birth dates (an age band stays), addresses, contacts,
every typed text, the special categories and the attachments. Before that, a referral the
service declined or the victim withdrew loses its details after its own period from its end, and
attachments theirs.

`anonymise` is a pure function of the record, usable wherever a case must stop naming people
(e.g. to turn a real case into a training exercise).
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from app.domain.case import (
    Attachment,
    CaseLink,
    CaseRecord,
    CaseStatus,
    Consent,
    CoordinationEvent,
    FieldChange,
    FollowUp,
    IndicatorObservation,
    NeedsAssessment,
    Outcome,
    Perception,
    Person,
    Referral,
    ReferralStatus,
    ReferralStep,
    Review,
    RightsInformation,
    SectionComment,
    StepRecord,
)
from app.domain.child import ADULT_AGE, ADULT_BANDS, STORED_UNDER_18, age_day, age_on
from app.domain.protocol import Retention

T = TypeVar("T")

# The text fields that hold codes, keys, references and user names, never what someone typed
# about a person: anonymising keeps them. Every other text (and list of texts) is emptied, so a
# text field added later is taken out until it is named here.
KEPT: dict[type, frozenset[str]] = {
    CaseRecord: frozenset(
        {
            "reference", "station_code", "created_by", "officer", "protocol_pack",
            "protocol_version", "district", "place_type", "offence_types", "motives",
            "classification", "additional_classifications", "outcome", "escalated_to",
            "duplicate_of",
        }
    ),
    Person: frozenset({"key", "guardian_of", "age_band"}),  # a band the wizard stores only
    IndicatorObservation: frozenset({"indicator"}),
    Perception: frozenset({"person_key"}),
    RightsInformation: frozenset({"person_key", "given_by", "leaflet_language", "leaflet_version"}),
    StepRecord: frozenset({"step", "person_key", "by"}),
    NeedsAssessment: frozenset({"person_key", "assessed_by"}),
    Consent: frozenset(
        {
            "key", "person_key", "recorded_by", "data_scope", "text_version", "language",
            "withdrawn_by", "guardian_key",
        }
    ),
    Referral: frozenset({"key", "person_key", "created_by", "consent_key", "service_code",
                         "legal_basis"}),
    ReferralStep: frozenset({"by"}),
    CoordinationEvent: frozenset({"recorded_by", "consent_key"}),
    Attachment: frozenset({"media_type", "added_by"}),
    Review: frozenset({"reviewer", "checks", "escalated_to"}),
    SectionComment: frozenset({"section"}),
    FieldChange: frozenset({"path"}),
    FollowUp: frozenset({"done_by", "scheduled_by"}),
    CaseLink: frozenset({"other", "by"}),
    Outcome: frozenset({"recorded_by"}),  # its kind and day stay: the statistics count them
}  # fmt: skip
# Values of other kinds that identify a person: a birth date (its age band stays), a preference
# about messages, an attachment's bytes.
CLEARED: dict[type, frozenset[str]] = {
    Person: frozenset({"date_of_birth", "message_ok", "languages"}),
    Attachment: frozenset({"content"}),
}
AGE_BANDS = (STORED_UNDER_18, *ADULT_BANDS)  # what the wizard stores; anything else was typed
ENDED_UNUSED = frozenset({ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN})


@dataclass(frozen=True)
class Expiry:
    """What of a case has expired and still names someone: the whole case, or the details of
    refused or withdrawn referrals (by key) and the attachments."""

    case: bool = False
    referrals: tuple[str, ...] = ()
    attachments: bool = False

    def parts(self) -> tuple[str, ...]:
        """Its parts as codes, for the audit trail and the command line."""
        flags = (("case", self.case), ("referrals", bool(self.referrals)),
                 ("attachments", self.attachments))  # fmt: skip
        return tuple(name for name, on in flags if on)


NOTHING_EXPIRED = Expiry()


def anonymise(record: CaseRecord) -> CaseRecord:
    """The case with everything that identifies a person taken out (the module's first lines
    say what stays). A birth date leaves its age band on the day of the incident."""
    day = age_day(record)
    persons = tuple(replace(p, age_band=_age_band(p, day)) for p in record.persons)
    return _blanked(replace(record, persons=persons))


def anonymised(record: CaseRecord, expiry: Expiry) -> CaseRecord:
    """The case with what `expiry` names taken out."""
    if expiry.case:
        return anonymise(record)
    return replace(
        record,
        referrals=tuple(_blanked(r) if r.key in expiry.referrals else r for r in record.referrals),
        attachments=tuple(_blanked(a) for a in record.attachments)
        if expiry.attachments
        else record.attachments,
    )


def expired(record: CaseRecord, retention: Retention, today: date) -> Expiry:
    """What of the case has expired on `today` and still names someone. Only a closed case,
    counted from its closure day (a referral ended later: from its end); an open or reopened
    one is being worked on."""
    if record.status is not CaseStatus.CLOSED or record.closed_at is None:
        return NOTHING_EXPIRED
    closed = record.closed_at.date()
    if today >= years_after(closed, case_years(record, retention)):
        return Expiry(case=anonymise(record) != record)
    referrals = tuple(
        r.key
        for r in record.referrals
        if r.status in ENDED_UNUSED
        and today >= years_after(max(closed, ended_on(r)), retention.refused_or_withdrawn_referral)
        and _blanked(r) != r
    )
    attachments = today >= years_after(closed, retention.attachment) and any(
        _blanked(a) != a for a in record.attachments
    )
    return Expiry(referrals=referrals, attachments=attachments)


def case_years(record: CaseRecord, retention: Retention) -> int:
    """The years a closed case is kept whole: a non-crime period only when every
    classification it carries is a non-crime one; a crime's, or a case not classified, longer."""
    classes = {record.classification, *record.additional_classifications}
    if classes <= set(retention.non_crime_classifications):
        return retention.non_crime
    return retention.crime


def ended_on(referral: Referral) -> date:
    """The day a referral ended: its last step's, or when it was answered or made."""
    if referral.steps:
        return referral.steps[-1].at.date()
    return (referral.reply_at or referral.created_at).date()


def years_after(start: date, years: int) -> date:
    """The same day `years` later (a 29 February: the 28th)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def years_before(today: date, years: int) -> date:
    """The day from which `years` of records are kept: anything dated before it has expired."""
    return years_after(today, -years)


# ------------------------------------------------------------------ taking out


def _blanked(value: T) -> T:
    """`value` (a dataclass of the case) with each text not named in KEPT emptied, each value
    named in CLEARED taken out, and its inner parts blanked the same way."""
    cls = type(value)
    kept, cleared = KEPT.get(cls, frozenset()), CLEARED.get(cls, frozenset())
    hints = typing.get_type_hints(cls)
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(typing.cast(Any, value)):
        current = getattr(value, field.name)
        if field.name in cleared:
            changes[field.name] = _cleared(hints[field.name])
        elif isinstance(current, tuple) and any(dataclasses.is_dataclass(v) for v in current):
            changes[field.name] = tuple(_blanked(v) for v in current)
        elif field.name in kept or _coded(current):
            continue
        elif isinstance(current, str):
            changes[field.name] = ""
        elif isinstance(current, tuple):
            changes[field.name] = ()
    if isinstance(value, Person) and value.age_band not in AGE_BANDS:
        changes["age_band"] = ""
    return typing.cast(T, replace(typing.cast(Any, value), **changes))


def _coded(value: object) -> bool:
    """A value of one of the case's enumerations (a role, a status, what a coordination sent)."""
    items = value if isinstance(value, tuple) else (value,)
    return all(isinstance(item, Enum) for item in items)


def _cleared(tp: Any) -> object:
    """The empty value of a field's type: () for a list, else None (each such field may be)."""
    return () if typing.get_origin(tp) is tuple else None


def _age_band(person: Person, on: date) -> str:
    """The person's age band: the one recorded, or the one their birth date gives on `on`."""
    if person.age_band in AGE_BANDS or person.date_of_birth is None:
        return person.age_band
    return age_band(age_on(person.date_of_birth, on))


def age_band(age: int) -> str:
    """The band of an age, as the wizard stores it."""
    if age < ADULT_AGE:
        return STORED_UNDER_18
    bounds = ((29, "18-29"), (44, "30-44"), (64, "45-64"))
    return next((band for top, band in bounds if age <= top), "65+")
