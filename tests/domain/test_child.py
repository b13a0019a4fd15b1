"""A child victim (Dir. 2012/29/EU Art. 22(4), 24): who is a child, and what their case needs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain.case import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    GuardianRelation,
    NeedsAssessment,
    Person,
    PersonRole,
)
from app.domain.child import age_is_known, child_issues, guardians_of, is_child
from app.domain.completeness import missing_for_submission
from app.domain.languages import spoken
from app.domain.protocol import load_pack
from app.domain.validation import Issue, validate_case_record
from app.paths import protocols
from tests.helpers import record

INCIDENT = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)
AT = datetime(2026, 3, 14, 19, 0, tzinfo=UTC)


def child(**fields: object) -> Person:
    return Person("P1", PersonRole.VICTIM, name="Leila", date_of_birth=date(2012, 5, 2), **fields)  # type: ignore[arg-type]


def guardian(**fields: object) -> Person:
    values: dict[str, object] = {
        "name": "Amina Haddad",
        "relation": GuardianRelation.PARENT,
        "phone": "+351 910 000 000",
        "languages": spoken("ar"),
        "guardian_of": "P1",
    }
    return Person("P2", PersonRole.GUARDIAN, **(values | fields))  # type: ignore[arg-type]


def consent(**fields: object) -> Consent:
    values: dict[str, object] = {
        "key": "C1", "person_key": "P1", "recipient": "Child Victims Support Lisbon",
        "purpose": ConsentPurpose.REFERRAL, "granted": True, "method": ConsentMethod.SIGNED,
        "recorded_at": AT, "recorded_by": "officer",
    }  # fmt: skip
    return Consent(**(values | fields))  # type: ignore[arg-type]


def codes(issues: list[Issue]) -> list[str]:
    return [issue.field for issue in issues]


# ------------------------------------------------------------------ who is a child


def test_the_age_counts_on_the_incident_day_from_the_birth_date() -> None:
    born = Person("P1", PersonRole.VICTIM, date_of_birth=date(2008, 3, 15))
    assert is_child(born, date(2026, 3, 14))  # 17 the day before the 18th birthday
    assert not is_child(born, date(2026, 3, 15))  # 18 on the birthday itself
    # The incident's day counts, not the day the case is opened.
    case = record(
        occurred_at=INCIDENT, persons=(born,), created_at=datetime(2026, 4, 1, tzinfo=UTC)
    )
    assert [v.key for v in case.victims() if is_child(v, case.occurred_at.date())] == ["P1"]  # type: ignore[union-attr]


def test_a_birth_date_decides_over_the_band_and_the_tick() -> None:
    adult = Person("P1", PersonRole.VICTIM, date_of_birth=date(1990, 1, 1), is_minor=True,
                   age_band="under 18")  # fmt: skip
    assert not is_child(adult, date(2026, 3, 14))
    assert age_is_known(adult)


@pytest.mark.parametrize(
    ("band", "minor", "expected"),
    [("under 18", False, True), ("30-44", True, False), ("", True, True), ("", False, False),
     ("about twelve", True, True)],
)  # fmt: skip
def test_without_a_birth_date_the_band_decides_then_the_tick(
    band: str, minor: bool, expected: bool
) -> None:
    person = Person("P1", PersonRole.VICTIM, age_band=band, is_minor=minor)
    assert is_child(person, date(2026, 3, 14)) is expected
    # The officer's tick counts only where the band is not one the program knows.
    assert age_is_known(person) is (band in ("under 18", "30-44"))


# ------------------------------------------------------------------ what a child's case needs


def test_a_child_without_a_guardian_lacks_one() -> None:
    case = record(occurred_at=INCIDENT, persons=(child(),))
    assert child_issues(case) == [
        Issue("required", "guardian", {"step": "incident", "person": "P1"})
    ]


def test_a_guardian_has_name_relation_contact_and_language() -> None:
    bare = Person("P2", PersonRole.GUARDIAN, guardian_of="P1")
    case = record(occurred_at=INCIDENT, persons=(child(), bare))
    assert codes(child_issues(case)) == [
        "guardian_name", "guardian_relation", "guardian_contact", "guardian_language",
    ]  # fmt: skip
    complete = record(occurred_at=INCIDENT, persons=(child(), guardian()))
    assert child_issues(complete) == []
    assert guardians_of(complete, "P1") == (guardian(),)
    # A guardian of someone else does not count.
    other = record(occurred_at=INCIDENT, persons=(child(), guardian(guardian_of="P9")))
    assert codes(child_issues(other)) == ["guardian"]


def test_an_adult_needs_no_guardian() -> None:
    adult = Person("P1", PersonRole.VICTIM, date_of_birth=date(1990, 1, 1))
    assert child_issues(record(occurred_at=INCIDENT, persons=(adult,))) == []


def test_no_protection_needs_for_a_child_needs_a_reason() -> None:
    said_no = NeedsAssessment("P1", AT, "officer", protection_needs=False)
    case = record(occurred_at=INCIDENT, persons=(child(), guardian()), assessments=(said_no,))
    assert child_issues(case) == [
        Issue("required", "no_needs_reason", {"step": "assessment", "person": "P1"})
    ]
    reasoned = NeedsAssessment("P1", AT, "officer", protection_needs=False, no_needs_reason="  ")
    assert codes(child_issues(record(occurred_at=INCIDENT, persons=(child(), guardian()),
                                     assessments=(reasoned,)))) == ["no_needs_reason"]  # fmt: skip
    given = NeedsAssessment(
        "P1", AT, "officer", protection_needs=False,
        no_needs_reason="Older sister at home; the insult was one-off, no contact since.",
    )  # fmt: skip
    presumed = NeedsAssessment("P1", AT, "officer", protection_needs=True)
    for assessment in (given, presumed):
        case = record(
            occurred_at=INCIDENT, persons=(child(), guardian()), assessments=(assessment,)
        )
        assert child_issues(case) == []


def test_a_childs_consent_is_given_by_their_guardian() -> None:
    persons = (child(), guardian())
    alone = record(occurred_at=INCIDENT, persons=persons, consents=(consent(),))
    assert child_issues(alone) == [
        Issue("required", "consent_guardian", {"step": "referral", "person": "P1"})
    ]
    by_someone_else = consent(guardian_key="P7", purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT)
    other = record(occurred_at=INCIDENT, persons=persons, consents=(by_someone_else,))
    assert child_issues(other) == [
        Issue("required", "consent_guardian", {"step": "coordination", "person": "P1"})
    ]
    refused = record(occurred_at=INCIDENT, persons=persons, consents=(consent(granted=False),))
    assert child_issues(refused) == []  # a refusal lets nothing go
    heard = consent(guardian_key="P2", child_views="Wants to talk to someone at school first.")
    assert child_issues(record(occurred_at=INCIDENT, persons=persons, consents=(heard,))) == []


def test_submission_names_what_a_child_victims_case_lacks() -> None:
    pack = load_pack(protocols() / "eu-baseline.toml")
    case = record(occurred_at=INCIDENT, persons=(child(),), consents=(consent(),))
    missing = [i for i in missing_for_submission(case, pack) if i.params.get("person") == "P1"]
    assert {"guardian", "consent_guardian"} <= set(codes(missing))
    complete = record(
        occurred_at=INCIDENT, persons=(child(), guardian()), consents=(consent(guardian_key="P2"),)
    )
    assert not {"guardian", "consent_guardian"} & set(codes(missing_for_submission(complete, pack)))


def test_a_guardian_and_a_guardians_consent_name_a_person_of_the_case() -> None:
    """A case file cannot make someone the guardian of nobody, or have a consent given by a
    guardian who is not in the case."""
    dangling = record(
        occurred_at=INCIDENT,
        persons=(child(), guardian(guardian_of="P9")),
        consents=(consent(guardian_key="P7"),),
    )
    found = {(i.code, i.field) for i in validate_case_record(dangling, AT)}
    assert ("unknown_person", "persons[1].guardian_of") in found
    assert ("unknown_person", "consents[0].guardian_key") in found
    whole = record(
        occurred_at=INCIDENT, persons=(child(), guardian()), consents=(consent(guardian_key="P2"),)
    )
    assert not [i for i in validate_case_record(whole, AT) if i.code == "unknown_person"]
