"""Languages' names in each screen language, from CLDR and ISO 639-3: never a bare code."""

from __future__ import annotations

import pytest

from app.documents import DOCUMENT_LANGUAGES
from app.documents.text import Words
from app.i18n.languages import language_name, language_names
from app.ui.language import SCREEN_LANGUAGES
from tests.documents.reading import NO_CATALOG

# Romani, Romanian, Finnish Sign Language, and sign languages CLDR lacks or has.
TOLD_APART = ("rom", "ro", "fse")
SIGN_LANGUAGES = ("fse", "bfi", "gsg", "fsl", "ssp", "swl", "ase")


@pytest.mark.parametrize("locale", sorted(SCREEN_LANGUAGES))
def test_romani_romanian_and_finnish_sign_language_have_distinct_names(locale: str) -> None:
    names = [language_name(code, locale) for code in TOLD_APART]
    assert len(set(names)) == len(names), names
    for code, name in zip(TOLD_APART, names, strict=True):
        assert name, code
        assert name.casefold() != code, (code, name)


@pytest.mark.parametrize("locale", sorted({*SCREEN_LANGUAGES, *DOCUMENT_LANGUAGES}))
def test_sign_languages_are_named_even_where_cldr_lacks_them(locale: str) -> None:
    for code in SIGN_LANGUAGES:
        name = language_name(code, locale)
        assert len(name) > 3, (code, name)
        assert language_names(locale)[code] == name


def test_a_name_comes_in_the_locale_else_in_english() -> None:
    assert language_name("ro", "fi") == "romania"  # CLDR
    assert language_name("fse", "et") == "soome viipekeel"  # ISO 639-3, pycountry's Estonian
    assert language_name("fse", "bg") == "Finnish Sign Language"  # no Bulgarian name: English
    assert language_name("RON", "en") == language_name("ro", "en") == "Romanian"
    assert language_name("Romanes (Kalderash)", "en") == "Romanes (Kalderash)"  # an old note


def test_printouts_name_languages_in_the_document_language() -> None:
    assert Words(NO_CATALOG, "bg").language("rom") == "ромски"
    assert Words(NO_CATALOG, "en").language("fse") == "Finnish Sign Language"
    assert Words(NO_CATALOG, "en").language("") == ""
