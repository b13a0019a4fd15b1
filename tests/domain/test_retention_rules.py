"""Retention (app.domain.retention): what of a closed case has expired on a day, and anonymise(),
which keeps what statistics need and leaves no typed text, name, contact or special category."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.domain import case as d
from app.domain.protocol import Retention
from app.domain.retention import (
    NOTHING_EXPIRED,
    Expiry,
    age_band,
    anonymise,
    anonymised,
    case_years,
    expired,
    years_after,
    years_before,
)
from tests.domain.test_serialization import SETTINGS, dataclass_strategy
from tests.helpers import record

AT = datetime(2020, 3, 2, 10, 0, tzinfo=UTC)
CLOSED = datetime(2021, 6, 30, 9, 0, tzinfo=UTC)
POLICY = Retention(
    crime=10, non_crime=2, non_crime_classifications=("non_crime_incident", "discrimination"),
    refused_or_withdrawn_referral=1, attachment=3, audit_event=10,
)  # fmt: skip

# Written out here, apart from the module's own table: the texts that are codes, keys, user
# names or references, per class. Any other text of the case is something typed about a person.
CODES: dict[type, set[str]] = {
    d.CaseRecord: {
        "reference", "station_code", "created_by", "officer", "protocol_pack", "protocol_version",
        "district", "place_type", "offence_types", "motives", "classification",
        "additional_classifications", "outcome", "escalated_to", "duplicate_of",
    },
    d.Person: {"key", "guardian_of", "age_band"},
    d.IndicatorObservation: {"indicator"},
    d.Perception: {"person_key"},
    d.RightsInformation: {"person_key", "given_by", "leaflet_language", "leaflet_version"},
    d.StepRecord: {"step", "person_key", "by"},
    d.NeedsAssessment: {"person_key", "assessed_by"},
    d.Consent: {"key", "person_key", "recorded_by", "data_scope", "text_version", "language",
                "withdrawn_by", "guardian_key"},
    d.Referral: {"key", "person_key", "created_by", "consent_key", "service_code", "legal_basis"},
    d.ReferralStep: {"by"},
    d.CoordinationEvent: {"recorded_by", "consent_key"},
    d.Attachment: {"media_type", "added_by"},
    d.Review: {"reviewer", "checks", "escalated_to"},
    d.SectionComment: {"section"},
    d.FieldChange: {"path"},
    d.FollowUp: {"done_by", "scheduled_by"},
    d.CaseLink: {"other", "by"},
    d.Outcome: {"recorded_by"},
}  # fmt: skip
# Values of other kinds that identify a person.
PERSONAL = {d.Person: {"date_of_birth", "message_ok", "languages"}, d.Attachment: {"content"}}


def typed_texts(value: Any, path: str = "") -> list[str]:
    """The path of every typed text (not a code, not empty) and every personal value left."""
    found = []
    for field in dataclasses.fields(value):
        current = getattr(value, field.name)
        where = f"{path}{type(value).__name__}.{field.name}"
        if dataclasses.is_dataclass(current):
            found += typed_texts(current, f"{where}.")
        elif isinstance(current, tuple) and current and dataclasses.is_dataclass(current[0]):
            for item in current:
                found += typed_texts(item, f"{where}[].")
        elif field.name in PERSONAL.get(type(value), set()):
            if current not in (None, ()):
                found.append(where)
        elif isinstance(current, Enum) or field.name in CODES.get(type(value), set()):
            continue
        elif (isinstance(current, str) and current) or (
            isinstance(current, tuple) and any(not isinstance(v, Enum) for v in current)
        ):
            found.append(where)
    return found


def test_every_text_field_of_the_case_is_either_a_code_or_typed() -> None:
    """A new text field must be named a code here (and in retention.KEPT) or it is taken out:
    this list is the test's own, so the two are checked against each other."""
    from app.domain.retention import KEPT  # noqa: PLC0415

    assert {cls: set(names) for cls, names in KEPT.items()} == CODES


@SETTINGS
@given(dataclass_strategy(d.CaseRecord))
def test_anonymise_never_leaves_a_typed_text_or_a_personal_value(case: d.CaseRecord) -> None:
    done = anonymise(case)
    assert typed_texts(done) == []
    # What statistics need stays, and every entry stays an entry of its kind: counts hold.
    kept = (
        "reference", "status", "occurred_at", "closed_at", "district", "place_type", "motives",
        "offence_types", "classification", "additional_classifications", "outcome",
    )  # fmt: skip
    assert [getattr(done, n) for n in kept] == [getattr(case, n) for n in kept]
    assert [i.indicator for i in done.indicators] == [i.indicator for i in case.indicators]
    assert [(p.key, p.role) for p in done.persons] == [(p.key, p.role) for p in case.persons]
    for part in ("perceptions", "rights", "assessments", "consents", "referrals",
                 "coordination", "attachments", "reviews", "follow_ups", "links"):  # fmt: skip
        assert len(getattr(done, part)) == len(getattr(case, part))
    assert [(o.kind, o.happened_on) for o in done.outcomes] == [
        (o.kind, o.happened_on) for o in case.outcomes
    ]
    assert [r.status for r in done.referrals] == [r.status for r in case.referrals]
    assert anonymise(done) == done  # a second time takes nothing more


def victim(**fields: Any) -> d.Person:
    return d.Person("P1", d.PersonRole.VICTIM, name="Kofi Mensah", phone="+351 900", **fields)


def test_a_birth_date_leaves_its_age_band_on_the_day_of_the_incident() -> None:
    case = record(
        occurred_at=AT,
        persons=(
            victim(date_of_birth=date(2004, 3, 3)),  # 15 the day before his 16th birthday
            d.Person("P2", d.PersonRole.WITNESS, date_of_birth=date(1950, 1, 1)),
            d.Person("P3", d.PersonRole.WITNESS, age_band="30-44"),
            d.Person("P4", d.PersonRole.WITNESS, age_band="about forty, tall"),
            d.Person("P5", d.PersonRole.WITNESS),
        ),
    )
    persons = anonymise(case).persons
    assert [(p.age_band, p.date_of_birth, p.name) for p in persons] == [
        ("under 18", None, ""), ("65+", None, ""), ("30-44", None, ""), ("", None, ""),
        ("", None, ""),
    ]  # fmt: skip
    assert [age_band(age) for age in (17, 18, 29, 30, 44, 45, 64, 65)] == [
        "under 18", "18-29", "18-29", "30-44", "30-44", "45-64", "45-64", "65+",
    ]  # fmt: skip


def closed(**fields: Any) -> d.CaseRecord:
    given = {"status": d.CaseStatus.CLOSED, "closed_at": CLOSED, "classification": "hate_crime",
             "persons": (victim(),), "narrative": "He shouted at Kofi."}  # fmt: skip
    return record(**(given | fields))


def test_a_case_expires_whole_after_its_period_from_closure() -> None:
    case = closed()
    assert case_years(case, POLICY) == 10
    assert expired(case, POLICY, date(2031, 6, 29)) == NOTHING_EXPIRED
    assert expired(case, POLICY, date(2031, 6, 30)) == Expiry(case=True)
    # Already anonymised: nothing left to take out.
    assert expired(anonymise(case), POLICY, date(2040, 1, 1)) == NOTHING_EXPIRED


def test_a_non_crime_case_is_kept_shorter_unless_another_classification_is_a_crime() -> None:
    incident = closed(classification="non_crime_incident")
    assert case_years(incident, POLICY) == 2
    assert expired(incident, POLICY, date(2023, 6, 30)).case
    both = replace(incident, additional_classifications=("hate_speech",))
    assert case_years(both, POLICY) == 10
    assert case_years(closed(classification=""), POLICY) == 10  # not classified: the longer


def test_an_open_or_reopened_case_never_expires() -> None:
    for status in d.CaseStatus:
        if status is not d.CaseStatus.CLOSED:
            assert expired(closed(status=status), POLICY, date(2099, 1, 1)) == NOTHING_EXPIRED
    assert expired(closed(closed_at=None), POLICY, date(2099, 1, 1)) == NOTHING_EXPIRED


def referral(key: str, status: d.ReferralStatus, ended: datetime) -> d.Referral:
    step = d.ReferralStep(status, ended, "officer", "She said her husband must not know.")
    return d.Referral(key, "P1", "Victim Support Lisbon", d.ServiceKind.VICTIM_SUPPORT, AT,
                      "officer", status=status, service_contact="+351 21 0000",
                      steps=(step,) if status is not d.ReferralStatus.PROPOSED else ())  # fmt: skip


def test_refused_or_withdrawn_referrals_and_attachments_expire_first() -> None:
    later = datetime(2022, 1, 10, tzinfo=UTC)  # withdrawn after the case closed
    photo = d.Attachment("kofi.jpg", "image/jpeg", "ab" * 32, 3, AT, "officer", "His face")
    case = closed(
        referrals=(
            referral("R1", d.ReferralStatus.DECLINED, AT),
            referral("R2", d.ReferralStatus.WITHDRAWN, later),
            referral("R3", d.ReferralStatus.ACCEPTED, AT),
            referral("R4", d.ReferralStatus.PROPOSED, AT),
        ),
        attachments=(photo,),
    )
    # Counted from the closure, or a referral's end after it.
    assert expired(case, POLICY, date(2022, 6, 29)) == NOTHING_EXPIRED
    assert expired(case, POLICY, date(2022, 6, 30)) == Expiry(referrals=("R1",))
    assert expired(case, POLICY, date(2023, 1, 10)) == Expiry(referrals=("R1", "R2"))
    assert expired(case, POLICY, date(2024, 6, 30)) == Expiry(
        referrals=("R1", "R2"), attachments=True
    )
    expiry = expired(case, POLICY, date(2024, 6, 30))
    assert expiry.parts() == ("referrals", "attachments")
    done = anonymised(case, expiry)
    details = [
        (r.key, r.service_name, r.service_contact, r.steps[0].note) for r in done.referrals[:2]
    ]
    assert details[:2] == [
        ("R1", "", "", ""), ("R2", "", "", ""),
    ]  # fmt: skip
    assert done.referrals[2:] == case.referrals[2:]
    assert done.attachments[0].filename == done.attachments[0].description == ""
    assert (done.narrative, done.persons) == (case.narrative, case.persons)  # the rest stays
    assert expired(done, POLICY, date(2024, 6, 30)) == NOTHING_EXPIRED
    assert anonymised(case, Expiry(case=True)) == anonymise(case)
    assert Expiry(case=True).parts() == ("case",)


def test_a_referral_without_steps_ended_when_it_was_answered() -> None:
    answered = datetime(2023, 2, 1, tzinfo=UTC)
    old = replace(referral("R1", d.ReferralStatus.DECLINED, AT), steps=(), reply_at=answered)
    case = closed(referrals=(old,))
    assert expired(case, POLICY, date(2024, 1, 31)) == NOTHING_EXPIRED
    assert expired(case, POLICY, date(2024, 2, 1)) == Expiry(referrals=("R1",))


def test_years_count_whole_years_and_a_29_february_ends_on_the_28th() -> None:
    assert years_after(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert years_after(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert years_before(date(2026, 12, 7), 10) == date(2016, 12, 7)


CLOSED_CASES = dataclass_strategy(
    d.CaseRecord,
    status=st.just(d.CaseStatus.CLOSED),
    closed_at=st.datetimes(datetime(2000, 1, 1), datetime(2090, 1, 1), timezones=st.just(UTC)),
)


@SETTINGS
@given(CLOSED_CASES, st.dates(date(2000, 1, 1), date(2100, 1, 1)))
def test_what_expired_is_taken_out_and_then_nothing_has(case: d.CaseRecord, today: date) -> None:
    expiry = expired(case, POLICY, today)
    if not expiry.parts():
        return
    assert case.status is d.CaseStatus.CLOSED
    done = anonymised(case, expiry)
    assert done != case
    assert not expired(done, POLICY, today).parts()
