"""A person's languages: ISO 639 codes told apart, the preferred and the reading one, validation."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.case import CaseRecord, CaseStatus, Person, PersonRole
from app.domain.languages import (
    SpokenLanguage,
    language_code,
    preferred,
    reading,
    served,
    spoken,
    tidy,
    unknown_codes,
)
from app.domain.validation import language_issues

NOW = datetime(2026, 3, 14, 18, 45, tzinfo=UTC)


def test_romani_romanian_and_sign_languages_are_told_apart() -> None:
    assert language_code("rom") == "rom"  # Romani
    assert language_code("ro") == "ro"  # Romanian
    assert language_code("fse") == "fse"  # Finnish Sign Language
    assert language_code("fi") == "fi"  # Finnish
    assert len({language_code(c) for c in ("rom", "ro", "fse", "fi", "ase", "bfi", "gsg")}) == 7


def test_one_language_has_one_code() -> None:
    for typed in ("ro", "RO", "ron", "rum", " ro ", "ro-MD", "ro_RO"):
        assert language_code(typed) == "ro"
    assert language_code("fin") == "fi"


def test_what_is_no_iso_639_code_is_refused() -> None:
    for typed in ("", "Romanian", "xx", "qqq", "r", "1a", "ро", "rom;ro", "de-"):
        assert language_code(typed) is None, typed


def test_the_preferred_one_is_the_marked_one_else_the_first() -> None:
    assert preferred(()) == ""
    assert preferred(spoken("rom", "ro")) == "rom"
    marked = (SpokenLanguage("rom"), SpokenLanguage("ro", preferred=True))
    assert preferred(marked) == "ro"


def test_the_reading_one_is_the_preferred_if_read_else_the_first_read() -> None:
    romani_speaker = (
        SpokenLanguage("rom", reads=False, preferred=True),
        SpokenLanguage("ro", reads=True),
        SpokenLanguage("hu", reads=True),
    )
    assert preferred(romani_speaker) == "rom"
    assert reading(romani_speaker) == "ro"
    assert reading(romani_speaker, among=("hu", "en")) == "hu"  # e.g. only what can be printed
    assert reading(romani_speaker, among=("en",)) == ""
    assert reading((SpokenLanguage("fse", reads=False),)) == ""
    assert reading(spoken("fi", "fse")) == "fi"


def test_tidy_keeps_each_language_once_and_exactly_one_preferred() -> None:
    typed = (
        SpokenLanguage("RON", reads=False),
        SpokenLanguage("rom", preferred=True),
        SpokenLanguage("ro", preferred=True),
        SpokenLanguage("Arabic (Egypt)"),
    )
    assert tidy(typed) == (
        SpokenLanguage("ro", reads=False),
        SpokenLanguage("rom", preferred=True),
        SpokenLanguage("Arabic (Egypt)"),
    )
    assert tidy((SpokenLanguage("fse"),)) == (SpokenLanguage("fse", preferred=True),)
    assert unknown_codes(tidy(typed)) == ("Arabic (Egypt)",)


def test_a_person_says_their_preferred_and_reading_language() -> None:
    person = Person(
        "P1",
        PersonRole.VICTIM,
        languages=(SpokenLanguage("fse", reads=False, preferred=True), SpokenLanguage("fi")),
    )
    assert person.language == "fse"
    assert person.reading_language == "fi"
    assert Person("P2", PersonRole.WITNESS).language == ""


def test_validation_points_at_each_bad_code_without_quoting_it() -> None:
    person = Person(
        "P1",
        PersonRole.VICTIM,
        languages=(
            SpokenLanguage("ro", preferred=True),
            SpokenLanguage("Romanes"),
            SpokenLanguage("ro", preferred=True),
        ),
        interpreter_needed=True,
        interpreter_language="sign",
    )
    found = [(i.code, i.field, i.params) for i in language_issues(person, "persons[0]")]
    assert found == [
        ("unknown_language", "persons[0].languages[1].code", {}),
        ("duplicate_key", "persons[0].languages", {"key": "ro"}),
        ("several_preferred", "persons[0].languages", {}),
        ("unknown_language", "persons[0].interpreter_language", {}),
    ]
    good = Person(
        "P1", PersonRole.VICTIM, languages=spoken("rom", "ro"), interpreter_language="rom"
    )
    assert language_issues(good, "persons[0]") == []


def test_a_case_with_a_bad_language_code_cannot_be_submitted() -> None:
    from app.domain.validation import validate_case_record  # noqa: PLC0415

    record = CaseRecord(
        reference="LIS-2026-000001",
        station_code="LIS",
        status=CaseStatus.DRAFT,
        created_at=NOW,
        created_by="officer",
        officer="officer",
        protocol_pack="eu-baseline",
        protocol_version="1.0",
        persons=(Person("P1", PersonRole.VICTIM, languages=(SpokenLanguage("xx"),)),),
    )
    fields = [i.field for i in validate_case_record(record, NOW) if i.code == "unknown_language"]
    assert fields == ["persons[0].languages[0].code"]


def test_services_are_looked_for_in_the_persons_language_one_works_in() -> None:
    signer = (SpokenLanguage("fse", reads=False, preferred=True), SpokenLanguage("fi"))
    assert served(signer, {"fse", "fi"}) == "fse"  # the preferred one first
    assert served(signer, {"pt", "fi"}) == "fi"  # else another of theirs
    assert served(signer, {"pt", "en"}) == ""  # else any language
    assert served((), {"pt"}) == ""
