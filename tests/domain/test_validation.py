"""validate_case_record: every consistency problem of a whole case, as data."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.case import (
    Attachment,
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    NeedsAssessment,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    RightsInformation,
    ServiceKind,
)
from app.domain.validation import (
    REFERENCE,
    STATION_CODE,
    Issue,
    consent_issues,
    duplicates,
    validate_case_record,
)
from tests.helpers import record

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
EARLIER = NOW - timedelta(hours=3)
CONTENT = b"\x89PNG screenshot of the post"


def consent(key: str = "C1", person_key: str = "P1", *, granted: bool = True) -> Consent:
    return Consent(
        key=key,
        person_key=person_key,
        recipient="Victim Support Lisbon",
        purpose=ConsentPurpose.REFERRAL,
        granted=granted,
        method=ConsentMethod.ORAL,
        recorded_at=EARLIER,
        recorded_by="officer",
    )


def referral(key: str = "R1", person_key: str = "P1", consent_key: str | None = "C1") -> Referral:
    return Referral(
        key=key,
        person_key=person_key,
        service_name="Victim Support Lisbon",
        service_kind=ServiceKind.VICTIM_SUPPORT,
        created_at=EARLIER,
        created_by="officer",
        consent_key=consent_key,
    )


def attachment(content: bytes | None = CONTENT, **changes: object) -> Attachment:
    value = Attachment(
        filename="post.png",
        media_type="image/png",
        sha256=hashlib.sha256(CONTENT).hexdigest(),
        size=len(CONTENT),
        added_at=EARLIER,
        added_by="officer",
        content=content,
    )
    return replace(value, **changes)  # type: ignore[arg-type]


def clean() -> CaseRecord:
    """A full, consistent case: every cross-reference resolves."""
    return record(
        created_at=EARLIER,
        occurred_at=EARLIER - timedelta(hours=1),
        reported_at=EARLIER,
        attended_at=EARLIER + timedelta(minutes=30),
        persons=(
            Person(key="P1", role=PersonRole.VICTIM, name="Amina Haddad"),
            Person(key="P2", role=PersonRole.WITNESS, name="Rui Gomes"),
        ),
        perceptions=(Perception(PerceptionSource.VICTIM, "Targeted for her scarf", "P1"),),
        rights=(RightsInformation("P1", EARLIER, "officer", "ar"),),
        assessments=(NeedsAssessment("P1", EARLIER, "officer"),),
        consents=(consent(),),
        referrals=(referral(),),
        coordination=(
            CoordinationEvent(
                CoordinationKind.PROSECUTOR,
                "Lisbon hate-crime prosecutor",
                EARLIER,
                "officer",
            ),
        ),
        attachments=(attachment(),),
    )


def codes(record: CaseRecord, now: datetime = NOW) -> list[tuple[str, str]]:
    return [(i.code, i.field) for i in validate_case_record(record, now)]


def test_a_clean_record_has_no_issues() -> None:
    assert validate_case_record(clean(), NOW) == []
    assert validate_case_record(replace(clean(), attachments=(attachment(None),)), NOW) == []


def test_victims_are_the_persons_in_the_victim_role() -> None:
    record = replace(
        clean(),
        persons=(
            Person(key="P1", role=PersonRole.WITNESS),
            Person(key="P2", role=PersonRole.VICTIM),
            Person(key="P3", role=PersonRole.SUSPECT),
            Person(key="P4", role=PersonRole.VICTIM),
        ),
    )
    assert [p.key for p in record.victims()] == ["P2", "P4"]
    assert replace(clean(), persons=()).victims() == ()


def test_a_minimal_draft_has_no_issues() -> None:
    draft = CaseRecord(
        reference="LIS-2026-000001",
        station_code="LIS",
        status=CaseStatus.DRAFT,
        created_at=NOW,
        created_by="officer",
        officer="officer",
        protocol_pack="eu-baseline",
        protocol_version="1.0",
    )
    assert validate_case_record(draft, NOW) == []


@pytest.mark.parametrize(
    "reference", ["LIS-01-26-000001", "lis-01-2026-000001", "LIS-01-2026-1", ""]
)
def test_bad_reference(reference: str) -> None:
    issues = validate_case_record(replace(clean(), reference=reference), NOW)
    assert issues == [Issue("bad_reference", "reference", {"value": reference})]


def test_reference_of_another_station() -> None:
    record = replace(clean(), reference="LIS-02-2026-000042")
    assert codes(record) == [("reference_station_mismatch", "reference")]


def test_reference_of_a_station_whose_code_is_a_prefix_of_the_case_station() -> None:
    """Station LIS must not accept the reference of station LIS-01 (a prefix, not the code)."""
    record = replace(clean(), station_code="LIS")
    assert codes(record) == [("reference_station_mismatch", "reference")]


@pytest.mark.parametrize("station", ["lis-01", "LISBOA-01", "L-01", "LIS-01234"])
def test_bad_station_code(station: str) -> None:
    reference = f"{station}-2026-000001"
    issues = validate_case_record(replace(clean(), station_code=station, reference=reference), NOW)
    assert Issue("bad_station_code", "station_code", {"value": station}) in issues


@pytest.mark.parametrize("name", ["occurred_at", "reported_at", "attended_at", "created_at"])
def test_date_in_future(name: str) -> None:
    record = replace(clean(), **{name: NOW + timedelta(seconds=1)})  # type: ignore[arg-type]
    assert codes(record) == [("date_in_future", name)]
    assert codes(replace(clean(), **{name: NOW})) == []  # type: ignore[arg-type]


def test_duplicate_keys() -> None:
    record = replace(
        clean(),
        persons=(*clean().persons, Person(key="P2", role=PersonRole.SUSPECT)),
        consents=(consent(), consent()),
        referrals=(referral(), referral(), referral("R2")),
    )
    issues = validate_case_record(record, NOW)
    assert issues == [
        Issue("duplicate_key", "persons", {"key": "P2"}),
        Issue("duplicate_key", "consents", {"key": "C1"}),
        Issue("duplicate_key", "referrals", {"key": "R1"}),
    ]


def test_unknown_person_in_every_part() -> None:
    base = clean()
    record = replace(
        base,
        perceptions=(*base.perceptions, Perception(PerceptionSource.WITNESS, "Heard it", "P7")),
        rights=(RightsInformation("P8", EARLIER, "officer", "pt"),),
        assessments=(NeedsAssessment("P9", EARLIER, "officer"),),
        consents=(consent(), consent("C2", "P5")),
        referrals=(referral(), referral("R2", "P6")),
    )
    assert validate_case_record(record, NOW) == [
        Issue("unknown_person", "perceptions[1].person_key", {"key": "P7"}),
        Issue("unknown_person", "rights[0].person_key", {"key": "P8"}),
        Issue("unknown_person", "assessments[0].person_key", {"key": "P9"}),
        Issue("unknown_person", "consents[1].person_key", {"key": "P5"}),
        Issue("unknown_person", "referrals[1].person_key", {"key": "P6"}),
    ]


def test_a_perception_without_a_person_is_fine() -> None:
    record = replace(clean(), perceptions=(Perception(PerceptionSource.OTHER, "Shopkeeper"),))
    assert codes(record) == []


def test_unknown_consent() -> None:
    base = clean()
    event = replace(base.coordination[0], consent_key="C9")
    record = replace(base, referrals=(referral(consent_key="C8"),), coordination=(event,))
    assert validate_case_record(record, NOW) == [
        Issue("unknown_consent", "referrals[0].consent_key", {"key": "C8"}),
        Issue("unknown_consent", "coordination[0].consent_key", {"key": "C9"}),
    ]
    without = replace(base, coordination=(replace(event, consent_key=None),))
    assert codes(without) == []  # coordination may have another basis


def test_referral_without_consent() -> None:
    record = replace(clean(), referrals=(referral(consent_key=None),))
    assert codes(record) == [("without_consent", "referrals[0].consent_key")]


def test_a_refused_consent_cannot_cover_a_referral() -> None:
    record = replace(clean(), consents=(consent(granted=False),))
    assert validate_case_record(record, NOW) == [
        Issue("consent_refused", "referrals[0].consent_key", {"key": "C1"})
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"withdrawn_at": EARLIER}, "consent_withdrawn"),
        ({"recipient": "Another service"}, "consent_other_recipient"),
        ({"purpose": ConsentPurpose.CIVIL_SOCIETY_CONTACT}, "consent_other_purpose"),
    ],
)
def test_a_consent_covers_only_its_recipient_and_purpose_until_withdrawn(
    change: dict[str, object], code: str
) -> None:
    record = replace(clean(), consents=(replace(consent(), **change),))
    assert codes(record) == [(code, "referrals[0].consent_key")]


def test_consent_issues_on_their_own() -> None:
    record = replace(clean(), consents=(consent(), consent("C2", granted=False)))
    recipient, purpose = "Victim Support Lisbon", ConsentPurpose.REFERRAL
    assert consent_issues("r", "C1", recipient, purpose, record) == []
    assert [i.code for i in consent_issues("r", "C2", recipient, purpose, record)] == [
        "consent_refused"
    ]
    assert [i.code for i in consent_issues("r", "C3", recipient, purpose, record)] == [
        "unknown_consent"
    ]
    assert [i.code for i in consent_issues("r", None, recipient, purpose, record)] == [
        "without_consent"
    ]


def test_civil_society_hears_of_a_victim_only_with_consent() -> None:
    contact = CoordinationEvent(
        kind=CoordinationKind.CIVIL_SOCIETY,
        recipient="Migrant Support Centre",
        sent_at=EARLIER,
        recorded_by="officer",
    )
    record = replace(clean(), coordination=(contact,))
    assert codes(record) == [("without_consent", "coordination[0].consent_key")]
    agreed = replace(
        consent("C2"),
        recipient="Migrant Support Centre",
        purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT,
    )
    covered = replace(
        record,
        consents=(*record.consents, agreed),
        coordination=(replace(contact, consent_key="C2"),),
    )
    assert codes(covered) == []
    # Without an individual victim (graffiti on a synagogue) no consent is needed.
    victimless = replace(
        record, persons=(), perceptions=(), rights=(), assessments=(), consents=(), referrals=(),
        no_individual_victim=True,
    )  # fmt: skip
    assert codes(victimless) == []


def test_no_later_date_than_now_anywhere() -> None:
    later = NOW + timedelta(minutes=5)
    record = replace(clean(), consents=(replace(consent(), recorded_at=later),))
    assert codes(record) == [("date_in_future", "consents[0].recorded_at")]


@pytest.mark.parametrize("sha", ["", "A" * 64, "g" * 64, "a" * 63])
def test_bad_sha256(sha: str) -> None:
    record = replace(clean(), attachments=(attachment(None, sha256=sha),))
    assert codes(record) == [("bad_sha256", "attachments[0].sha256")]


def test_sha256_mismatch() -> None:
    altered = CONTENT.replace(b"post", b"pots")
    record = replace(clean(), attachments=(attachment(), attachment(altered)))
    assert codes(record) == [("sha256_mismatch", "attachments[1].content")]


def test_size_mismatch() -> None:
    record = replace(clean(), attachments=(attachment(size=len(CONTENT) + 1),))
    assert codes(record) == [("size_mismatch", "attachments[0].size")]
    no_content = replace(clean(), attachments=(attachment(None, size=1),))
    assert codes(no_content) == []  # nothing to compare the size with


def test_victim_in_victimless_case() -> None:
    record = replace(clean(), no_individual_victim=True)
    assert codes(record) == [("victim_in_victimless_case", "no_individual_victim")]
    base = clean()
    witnesses_only = replace(
        base,
        no_individual_victim=True,
        persons=(Person(key="P1", role=PersonRole.WITNESS),),
    )
    assert codes(witnesses_only) == []


def test_several_problems_are_all_reported() -> None:
    record = replace(
        clean(),
        reference="LIS-01-2026-42",
        occurred_at=NOW + timedelta(days=1),
        referrals=(referral(consent_key=None),),
        attachments=(attachment(size=1),),
    )
    assert sorted(codes(record)) == [
        ("bad_reference", "reference"),
        ("date_in_future", "occurred_at"),
        ("size_mismatch", "attachments[0].size"),
        ("without_consent", "referrals[0].consent_key"),
    ]


def test_patterns_and_duplicates() -> None:
    assert STATION_CODE.match("LIS-01")
    assert STATION_CODE.match("PSP")
    assert not STATION_CODE.match("LIS-")
    match = REFERENCE.match("LIS-01-2026-000123")
    assert match is not None
    assert (match["station"], match["year"], match["number"]) == ("LIS-01", "2026", "000123")
    assert duplicates(["b", "a", "b", "c", "a", "b"]) == ["a", "b"]
    assert duplicates([]) == []


def test_a_future_closing_date_is_refused() -> None:
    closed = replace(clean(), status=CaseStatus.CLOSED, closed_at=NOW + timedelta(seconds=1))
    assert codes(closed) == [("date_in_future", "closed_at")]
    assert codes(replace(closed, closed_at=NOW)) == []


def test_values_no_database_can_store_are_refused_with_their_path() -> None:
    record = replace(
        clean(),
        place="a\x00b",
        narrative="\ud800",
        protocol_version="1." + "0" * 40,
        occurred_at=datetime(1, 1, 1, tzinfo=UTC),
        motives=("antisemitic", "antisemitic"),
        attachments=(attachment(content=None, size=2**40),),
    )
    assert sorted(codes(record)) == [
        ("bad_character", "narrative"),
        ("bad_character", "place"),
        ("date_out_of_range", "occurred_at"),
        ("duplicate_key", "motives"),
        ("number_out_of_range", "attachments[0].size"),
        ("too_long", "protocol_version"),
    ]
