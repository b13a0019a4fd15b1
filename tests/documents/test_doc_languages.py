"""Every printout in every document language: rendered, read back, every glyph drawn."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.documents import (
    DOCUMENT_LANGUAGES,
    consent,
    document_translations,
    leaflet,
    prosecutor,
    referral,
)
from app.documents.fonts import has_glyph
from app.documents.text import Words
from tests.documents import samples
from tests.documents.reading import Recording, text_of

Render = Callable[[object, str], bytes]
PRINTOUTS: dict[str, tuple[Render, tuple[str, ...]]] = {
    "leaflet": (
        lambda t, code: leaflet.render(samples.leaflet_data(), t, code),  # type: ignore[arg-type]
        ("Your rights as a victim", "Interpretation and translation", "Your personal data"),
    ),
    "leaflet-stock": (
        lambda t, code: leaflet.render(samples.leaflet_data(personal=False), t, code),  # type: ignore[arg-type]
        ("Your rights as a victim", "Your case and your contacts"),
    ),
    "referral": (
        lambda t, code: referral.render(samples.referral_data(), t, code),  # type: ignore[arg-type]
        ("Copy for the person referred", "If you change your mind", "Consent"),
    ),
    "prosecutor": (
        lambda t, code: prosecutor.render(samples.prosecutor_data(), t, code),  # type: ignore[arg-type]
        ("Report to the prosecutor", "Annex: bias indicators", "3. Evidence"),
    ),
    "consent": (
        lambda t, code: consent.render(samples.consent_data(), t, code),  # type: ignore[arg-type]
        ("Your consent: receipt", "How to withdraw your consent"),
    ),
}


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
@pytest.mark.parametrize("printout", list(PRINTOUTS))
def test_each_printout_in_each_language(printout: str, language: str) -> None:
    render, headings = PRINTOUTS[printout]
    translations = document_translations(language)
    text = text_of(render(translations, language))
    for heading in headings:
        assert Words(translations, language)(heading) in text
    if printout != "leaflet-stock":
        assert samples.REFERENCE in text
    missing = {c for c in text if not c.isspace() and not has_glyph(c)}
    assert missing == set()


def test_the_document_languages_are_those_of_the_issue() -> None:
    issue = ("en", "es", "pt", "fi", "sv", "lv", "et", "bg", "it", "fr", "ro", "ar", "ru", "uk")
    assert issue == DOCUMENT_LANGUAGES


def test_every_text_a_printout_asks_for_is_in_the_template() -> None:
    from tests.documents.test_doc_catalog import template_ids  # noqa: PLC0415

    recording = Recording()
    for render, _headings in PRINTOUTS.values():
        render(recording, "en")
    known = template_ids()
    # Case data (names, places) is never looked up; pick-list labels and fixed texts are.
    assert recording.asked - known == set()
    assert "Racist or xenophobic" in recording.asked
    assert "Assault or injury" in recording.asked
    assert "Comments, written statements or gestures" in recording.asked
