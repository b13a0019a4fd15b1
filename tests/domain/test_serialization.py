"""Dataclasses to JSON and back: a lossless round trip, and every reading problem with its path."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.case import (
    Attachment,
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Person,
    PersonRole,
    Referral,
    ServiceKind,
)
from app.domain.exchange import (
    FORMAT,
    FORMAT_VERSION,
    CaseDocument,
    StationInfo,
    UserInfo,
    document_to_json,
    parse_document,
)
from app.domain.serialization import from_json, to_json
from app.domain.validation import Issue
from tests.helpers import record

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
AWARE = st.datetimes(timezones=st.just(UTC))
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def strategy(tp: Any) -> st.SearchStrategy[Any]:
    """A strategy for any type that occurs in the case dataclasses, every field filled."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return st.none() | strategy(inner)
    if origin is tuple:
        return st.lists(strategy(typing.get_args(tp)[0]), max_size=2).map(tuple)
    if dataclasses.is_dataclass(tp):
        return dataclass_strategy(tp)  # type: ignore[arg-type]
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return st.sampled_from(tp)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        bool: st.booleans(),
        int: st.integers(),
        str: st.text(max_size=12),
        datetime: AWARE,
        date: st.dates(),
        bytes: st.binary(max_size=48),
    }
    return simple[tp]


def dataclass_strategy(cls: type[Any], **fixed: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = {
        f.name: fixed[f.name] if f.name in fixed else strategy(hints[f.name])
        for f in dataclasses.fields(cls)
    }
    return st.builds(cls, **fields)


def round_trip(cls: type[Any], value: object) -> tuple[object, list[Issue]]:
    issues: list[Issue] = []
    text = json.dumps(to_json(value))
    return from_json(cls, json.loads(text), "", issues), issues


@SETTINGS
@given(st.data())
@pytest.mark.parametrize("cls", [Person, Consent, Referral])
def test_parts_survive_a_round_trip(cls: type[Any], data: st.DataObject) -> None:
    value = data.draw(dataclass_strategy(cls))
    assert round_trip(cls, value) == (value, [])


@SETTINGS
@given(dataclass_strategy(Attachment, content=st.binary(min_size=1, max_size=200)))
def test_an_attachment_with_content_survives_a_round_trip(attachment: Attachment) -> None:
    assert attachment.content is not None
    data = to_json(attachment)
    assert isinstance(data["content"], str)  # base64 text, not bytes
    assert round_trip(Attachment, attachment) == (attachment, [])


@SETTINGS
@given(dataclass_strategy(CaseRecord))
def test_a_whole_case_survives_a_round_trip(record: CaseRecord) -> None:
    assert round_trip(CaseRecord, record) == (record, [])


@SETTINGS
@given(
    st.builds(
        CaseRecord,
        reference=st.just("LIS-01-2026-000001"),
        station_code=st.just("LIS-01"),
        status=st.sampled_from(CaseStatus),
        created_at=AWARE,
        created_by=st.just("officer"),
        officer=st.just("officer"),
        protocol_pack=st.just("eu-baseline"),
        protocol_version=st.just("1.0"),
        occurred_at=st.none() | AWARE,
        persons=st.lists(dataclass_strategy(Person), max_size=3).map(tuple),
        consents=st.lists(dataclass_strategy(Consent), max_size=2).map(tuple),
        referrals=st.lists(dataclass_strategy(Referral), max_size=2).map(tuple),
        attachments=st.lists(dataclass_strategy(Attachment), max_size=2).map(tuple),
        motives=st.lists(st.sampled_from(["anti_roma", "antisemitic"]), max_size=2).map(tuple),
    )
)
def test_a_case_with_defaults_left_out_survives_a_round_trip(record: CaseRecord) -> None:
    data = to_json(record)
    trimmed = {k: v for k, v in data.items() if v not in ("", [], None, False)}
    issues: list[Issue] = []
    assert from_json(CaseRecord, trimmed, "case", issues) == record
    assert issues == []


def test_every_field_is_written_in_plain_json_types() -> None:
    person = Person(key="P1", role=PersonRole.VICTIM, date_of_birth=date(1990, 2, 3))
    data = to_json(person)
    assert set(data) == {f.name for f in dataclasses.fields(Person)}
    assert data["role"] == "victim"
    assert data["date_of_birth"] == "1990-02-03"
    assert data["message_ok"] is None
    consent = to_json(consent_value())
    assert consent["recorded_at"] == "2026-05-04T09:30:00+00:00"
    assert consent["data_scope"] == ["identity", "contact"]


# ------------------------------------------------------------------ reading problems


def consent_value() -> Consent:
    return Consent(
        key="C1",
        person_key="P1",
        recipient="Victim Support Lisbon",
        purpose=ConsentPurpose.REFERRAL,
        granted=True,
        method=ConsentMethod.SIGNED,
        recorded_at=NOW,
        recorded_by="officer",
        data_scope=("identity", "contact"),
    )


def attachment_value() -> Attachment:
    content = b"photo bytes"
    return Attachment(
        filename="wall.jpg",
        media_type="image/jpeg",
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        added_at=NOW,
        added_by="officer",
        content=content,
    )


def record_value() -> CaseRecord:
    return record(
        reference="LIS-01-2026-000001",
        created_at=NOW,
        persons=(
            Person(key="P1", role=PersonRole.VICTIM, name="Amina Haddad"),
            Person(key="P2", role=PersonRole.WITNESS, name="Rui Gomes"),
        ),
        consents=(consent_value(),),
        referrals=(
            Referral(
                key="R1",
                person_key="P1",
                service_name="Victim Support Lisbon",
                service_kind=ServiceKind.VICTIM_SUPPORT,
                created_at=NOW,
                created_by="officer",
                consent_key="C1",
            ),
        ),
        attachments=(attachment_value(),),
    )


def read(cls: type[Any], data: Any, path: str = "") -> tuple[object, list[Issue]]:
    issues: list[Issue] = []
    return from_json(cls, data, path, issues), issues


def problems(cls: type[Any], data: Any, path: str = "") -> list[tuple[str, str]]:
    value, issues = read(cls, data, path)
    assert value is None  # any problem refuses the whole value
    return [(i.code, i.field) for i in issues]


PROBLEMS: list[tuple[str, Any, tuple[str, str]]] = [
    ("key", None, ("missing", "key")),
    ("name", 5, ("expected_text", "name")),
    ("name", None, ("missing", "name")),
    ("is_minor", "yes", ("expected_boolean", "is_minor")),
    ("is_minor", 1, ("expected_boolean", "is_minor")),
    ("date_of_birth", "31/05/1990", ("expected_date", "date_of_birth")),
    ("date_of_birth", 1990, ("expected_date", "date_of_birth")),
]


@pytest.mark.parametrize(("name", "value", "expected"), PROBLEMS)
def test_a_wrong_value_is_named_with_its_field(
    name: str, value: Any, expected: tuple[str, str]
) -> None:
    data = to_json(Person(key="P1", role=PersonRole.VICTIM))
    data[name] = value
    assert problems(Person, data) == [expected]


def test_a_missing_required_field() -> None:
    data = to_json(Person(key="P1", role=PersonRole.VICTIM))
    del data["role"]
    del data["name"]  # has a default: may be left out
    assert problems(Person, data) == [("missing", "role")]


def test_an_unknown_field() -> None:
    data = to_json(Person(key="P1", role=PersonRole.VICTIM))
    data["shoe_size"] = 42
    assert problems(Person, data, "person") == [("unknown_field", "person.shoe_size")]


def test_not_one_of_lists_the_allowed_values() -> None:
    data = to_json(Person(key="P1", role=PersonRole.VICTIM))
    data["role"] = "bystander"
    _value, issues = read(Person, data)
    assert issues == [
        Issue("not_one_of", "role", {"allowed": "victim, witness, suspect, reporter, guardian"})
    ]
    data["role"] = ["victim"]
    assert problems(Person, data) == [("not_one_of", "role")]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2026-05-04T09:30:00", "datetime_without_offset"),
        ("2026-05-04", "datetime_without_offset"),
        ("yesterday", "expected_datetime"),
        (1_777_777_777, "expected_datetime"),
    ],
)
def test_datetimes_need_an_offset(value: Any, code: str) -> None:
    data = to_json(consent_value())
    data["recorded_at"] = value
    assert problems(Consent, data) == [(code, "recorded_at")]


@pytest.mark.parametrize("value", ["2026-05-04T09:30:00Z", "2026-05-04T11:30:00+02:00"])
def test_a_datetime_with_an_offset_is_read(value: str) -> None:
    data = to_json(consent_value())
    data["recorded_at"] = value
    consent, issues = read(Consent, data)
    assert issues == []
    assert isinstance(consent, Consent)
    assert consent.recorded_at == NOW


@pytest.mark.parametrize("value", ["not base64!", "cGhvdG8=x", 17, "ÿÿÿÿ"])
def test_attachment_content_must_be_base64(value: Any) -> None:
    data = to_json(attachment_value())
    data["content"] = value
    assert problems(Attachment, data) == [("expected_base64", "content")]


@pytest.mark.parametrize("value", ["11", 11.0, True])
def test_sizes_are_whole_numbers(value: Any) -> None:
    data = to_json(attachment_value())
    data["size"] = value
    assert problems(Attachment, data) == [("expected_integer", "size")]


def test_lists_and_objects_are_checked() -> None:
    data = to_json(consent_value())
    data["data_scope"] = "identity"
    assert problems(Consent, data) == [("expected_list", "data_scope")]
    assert problems(Consent, ["not", "an", "object"], "consent") == [("expected_object", "consent")]


def test_nested_paths_name_the_item() -> None:
    data = to_json(record_value())
    data["persons"][1]["role"] = "bystander"
    data["persons"][0]["is_minor"] = "no"
    data["referrals"][0]["consent_key"] = 7
    data["attachments"][0]["content"] = "%%%"
    data["consents"][0] = "C1"
    assert problems(CaseRecord, data, "case") == [
        ("expected_boolean", "case.persons[0].is_minor"),
        ("not_one_of", "case.persons[1].role"),
        ("expected_object", "case.consents[0]"),
        ("expected_text", "case.referrals[0].consent_key"),
        ("expected_base64", "case.attachments[0].content"),
    ]


def test_several_problems_are_reported_together() -> None:
    data = to_json(record_value())
    del data["officer"]
    data["colour"] = "red"
    data["status"] = "lost"
    data["created_at"] = "2026-05-04T09:30:00"
    del data["persons"][1]["key"]
    found = problems(CaseRecord, data, "case")
    assert sorted(found) == sorted(
        [
            ("unknown_field", "case.colour"),
            ("not_one_of", "case.status"),
            ("datetime_without_offset", "case.created_at"),
            ("missing", "case.officer"),
            ("missing", "case.persons[1].key"),
        ]
    )


@dataclasses.dataclass(frozen=True)
class Measured:
    weight: float


def test_a_type_without_a_json_reading_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="float"):
        read(Measured, {"weight": 1.5})


def test_a_clean_record_reads_back() -> None:
    record = record_value()
    assert read(CaseRecord, to_json(record), "case") == (record, [])


# ------------------------------------------------------------------ the case document


def document_data() -> dict[str, Any]:
    document = CaseDocument(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        station=StationInfo(code="LIS-01", name="Lisbon Centre"),
        users=(UserInfo(username="officer", full_name="Ana Ribeiro", role="officer"),),  # type: ignore[arg-type]
        case=record_value(),
    )
    data: dict[str, Any] = json.loads(json.dumps(document_to_json(document)))
    return data


def test_a_sound_document_is_read() -> None:
    document, issues = parse_document(document_data(), NOW)
    assert issues == []
    assert document is not None
    assert document.case == record_value()
    assert document.users[0].role == "officer"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(format="something-else"), [("unsupported_format", "format")]),
        (lambda d: d.update(format_version=99), [("unsupported_version", "format_version")]),
        (lambda d: d["case"].update(status="lost"), [("not_one_of", "case.status")]),
        (
            lambda d: d["case"].update(station_code="LIS-02"),
            [
                ("reference_station_mismatch", "case.reference"),
                ("reference_station_mismatch", "station.code"),
            ],
        ),
        (lambda d: d.update(users=[]), [("user_not_in_document", "users")]),
        (
            lambda d: d["case"]["referrals"][0].update(consent_key="C9"),
            [("unknown_consent", "case.referrals[0].consent_key")],
        ),
    ],
)
def test_a_document_with_problems_is_refused_whole(
    change: Any, expected: list[tuple[str, str]]
) -> None:
    data = document_data()
    change(data)
    document, issues = parse_document(data, NOW)
    assert document is None
    assert [(i.code, i.field) for i in issues] == expected


def test_an_unsupported_version_names_both_versions() -> None:
    data = document_data()
    data["format_version"] = 2
    _document, issues = parse_document(data, NOW)
    assert issues == [
        Issue("unsupported_version", "format_version", {"version": 2, "supported": 1})
    ]
    assert parse_document([1, 2], NOW) == (None, [Issue("unsupported_format", "format", {})])
