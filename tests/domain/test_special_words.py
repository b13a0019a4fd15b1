"""Free text checked for special-category words before a printout that says it holds none."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.case import Perception, PerceptionSource, Person, PersonRole
from app.domain.protocol import load_pack
from app.domain.special_words import WordMatch, prosecutor_texts, special_category_matches
from app.paths import protocols
from tests.helpers import record

EU = load_pack(protocols() / "eu-baseline.toml")


def test_word_beginnings_match_in_any_case_and_with_or_without_accents() -> None:
    texts = [
        ("narrative", "Insultaron a una mujer MUSULMANA y a su hijo."),
        ("evidence_notes", "Gritó contra los judios del barrio."),
    ]
    assert special_category_matches(texts, EU.words_for("es")) == [
        WordMatch("narrative", "MUSULMANA"),
        WordMatch("evidence_notes", "judios"),
    ]


def test_a_text_without_such_words_and_a_language_without_a_list_find_nothing() -> None:
    texts = [("narrative", "He was pushed at the bus stop and his phone was taken.")]
    assert special_category_matches(texts, EU.words_for("en")) == []
    assert special_category_matches([("narrative", "a Muslim woman")], EU.words_for("xx")) == []


def test_each_word_of_each_field_is_listed_once() -> None:
    texts = [("narrative", "gay, gay and gay"), ("officer_assessment", "gay")]
    assert special_category_matches(texts, ("gay",)) == [
        WordMatch("narrative", "gay"),
        WordMatch("officer_assessment", "gay"),
    ]


def test_the_prosecutor_texts_are_the_typed_texts_the_report_prints() -> None:
    case = record(
        narrative="Account.",
        classification_reason="Slurs about his religion.",
        persons=(Person("P1", PersonRole.VICTIM, description="Tall", religion="never printed"),),
        perceptions=(Perception(PerceptionSource.VICTIM, "Because I am Jewish.", "P1"),),
    )
    texts = dict(prosecutor_texts(case))
    assert texts == {
        "narrative": "Account.",
        "classification_reason": "Slurs about his religion.",
        "persons[0].description": "Tall",
        "perceptions[0].text": "Because I am Jewish.",
    }
    found = special_category_matches(prosecutor_texts(case), EU.words_for("en"))
    assert [m.word for m in found] == ["religion", "Jewish"]


@given(st.text(), st.lists(st.text(), max_size=5))
def test_the_check_never_raises_on_any_text(text: str, words: list[str]) -> None:
    for match in special_category_matches([("narrative", text)], words):
        assert match.field == "narrative"
        assert match.word in text
