"""Which language each printed copy starts in: its reader's, with fallbacks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.documents import DOCUMENT_LANGUAGES, DOCUMENTS
from app.domain.case import RightsInformation
from app.domain.copies import COPIES, Readers, copy_languages, person_languages, reader_language
from app.domain.languages import SpokenLanguage
from tests.documents import samples

PRINTABLE = DOCUMENT_LANGUAGES
# A victim who reads Arabic, a service working in Finnish, a station whose language is Swedish.
THREE = Readers(person=("ar",), service=("fi", "en"), station="sv", screen="lv")


def test_every_printout_has_its_copies() -> None:
    assert set(COPIES) == set(DOCUMENTS)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("leaflet", {"victim": "ar"}),
        ("referral", {"service": "fi", "victim": "ar", "file": "sv"}),
        ("prosecutor", {"prosecutor": "sv"}),
        ("consent", {"person": "ar"}),
    ],
)
def test_each_copy_starts_in_its_readers_language(document: str, expected: dict[str, str]) -> None:
    assert copy_languages(document, THREE, PRINTABLE) == expected


def test_the_first_printable_language_of_a_reader_counts() -> None:
    # Chinese and Bengali are not printed: the service's copy takes its next language.
    readers = Readers(person=("pa", "pt-BR"), service=("zh", "bn", "pt", "en"), station="sv")
    assert copy_languages("referral", readers, PRINTABLE) == {
        "service": "pt", "victim": "pt", "file": "sv",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("readers", "expected"),
    [
        # The reader's language unknown or unprintable: the station's, then the screen's.
        (Readers(person=("pa",), service=(), station="sv", screen="lv"), "sv"),
        (Readers(person=(), service=("zh",), station="", screen="lv"), "lv"),
        (Readers(person=("pa",), service=("zh",), station="xx", screen="ja"), "en"),
        (Readers(), "en"),
    ],
)
def test_fallbacks_station_then_screen_then_english(readers: Readers, expected: str) -> None:
    for document, copies in COPIES.items():
        for copy, _reader in copies:
            assert reader_language(document, copy, readers, PRINTABLE) == expected


def test_a_persons_copies_follow_their_leaflet_language_then_the_one_they_speak() -> None:
    victim = samples.CASE.persons[0]
    assert person_languages(samples.CASE, victim) == ("pa",)
    rights = replace(samples.CASE.rights[0], leaflet_language="ar")
    case = replace(samples.CASE, rights=(rights,))
    assert person_languages(case, victim) == ("ar", "pa")
    other = RightsInformation("P2", samples.AT, "officer", "bg")
    assert person_languages(replace(case, rights=(other,)), victim) == ("pa",)
    # A signer who reads Finnish: her copies in Finnish, not in the sign language first.
    signer = replace(
        victim, languages=(SpokenLanguage("fse", reads=False, preferred=True), SpokenLanguage("fi"))
    )
    assert person_languages(replace(case, rights=()), signer) == ("fi", "fse")
    assert copy_languages(
        "consent", Readers(person=("fi", "fse"), station="pt"), DOCUMENT_LANGUAGES
    ) == {"person": "fi"}


@given(
    person=st.lists(st.text(max_size=12), max_size=4),
    service=st.lists(st.text(max_size=12), max_size=4),
    station=st.text(max_size=12),
    screen=st.text(max_size=12),
)
def test_any_languages_recorded_give_a_printable_language(
    person: list[str], service: list[str], station: str, screen: str
) -> None:
    readers = Readers(tuple(person), tuple(service), station, screen)
    for document in COPIES:
        for code in copy_languages(document, readers, PRINTABLE).values():
            assert code in PRINTABLE
