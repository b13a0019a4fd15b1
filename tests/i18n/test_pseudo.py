"""The pseudo-language `en-XA`: longer, accented and marked texts that still format, keep their
shortcut letter and their plural forms; Babel formats them as English."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app import i18n, paths
from app.i18n.pseudo import END, PSEUDO_LANGUAGE, START, PseudoTranslations, is_pseudo, pseudo

TEMPLATE = paths.CHECKOUT / "translations" / "app.pot"
FIELD = re.compile(r"\{([a-z_]*)\}")
PRINTF = re.compile(r"%(?:\([a-z_]+\))?[sd]")


def template_texts(path: Path = TEMPLATE) -> list[str]:
    """Every English text of the screens: singulars and plurals."""
    with path.open("rb") as f:
        catalog = read_po(f)
    texts: list[str] = []
    for message in catalog:
        if message.id:
            texts.extend(message.id if isinstance(message.id, tuple) else (message.id,))
    return texts


def shortcuts(text: str) -> list[str]:
    """The letters after a single "&" (a "&&" is a literal ampersand)."""
    return re.findall(r"&([^&])", text.replace("&&", ""))


TEXTS = template_texts()


def test_every_text_is_at_least_40_percent_longer_and_marked() -> None:
    short = [t for t in TEXTS if len(pseudo(t)) < 1.4 * len(t)]
    assert short == []
    assert all(pseudo(t).startswith(START) and pseudo(t).endswith(END) for t in TEXTS)


def test_letters_are_accented_and_the_text_stays_recognisable() -> None:
    assert pseudo("Search") == "⟦Šéàŕçĥ ~~~⟧"
    assert pseudo("Proximity Desk — Sign in").startswith("⟦Þŕöẋîḿîţý Ďéšķ — Šîĝñ îñ ")
    unchanged = [t for t in TEXTS if any(c in string.ascii_letters for c in t) and pseudo(t) == t]
    assert unchanged == []


def test_placeholders_are_kept_so_the_text_still_formats() -> None:
    for text in TEXTS:
        made = pseudo(text)
        names = FIELD.findall(text)
        assert FIELD.findall(made) == names, text
        assert PRINTF.findall(made) == PRINTF.findall(text), text
        values = {name: f"<{name}>" for name in names}
        if names:
            formatted = made.format(**values)
            assert all(value in formatted for value in values.values()), text
    assert (
        pseudo("Case {reference} was submitted for review.")
        .format(reference="LIS-01-2026-000042")
        .startswith("⟦Çàšé LIS-01-2026-000042 ŵàš")
    )
    assert "(öŕ éñṽ PROXIMITY_DESK_LANG) " in pseudo("screen language (or env %s)") % (
        "PROXIMITY_DESK_LANG"
    )
    assert pseudo("%(prog)s: %d of 100 %%").startswith("⟦%(prog)s: %d öƒ 100 %% ")
    assert pseudo("{{shown}} and {n:>3}").format(n=7).startswith("⟦{šĥöŵñ} àñď   7 ")


def test_the_shortcut_letter_and_every_ampersand_are_kept() -> None:
    for text in TEXTS:
        made = pseudo(text)
        assert made.count("&") == text.count("&"), text
        assert shortcuts(made) == shortcuts(text), text
    assert pseudo("Save and &close").startswith("⟦Šàṽé àñď &cļöšé ")
    assert "&&" in pseudo("Salt && pepper")
    assert all(
        c in string.ascii_letters for t in TEXTS for c in shortcuts(pseudo(t)) if c.isalpha()
    )


def test_plural_forms_follow_the_number() -> None:
    catalog = PseudoTranslations()
    one = catalog.ngettext("{n} case", "{n} cases", 1)
    many = catalog.ngettext("{n} case", "{n} cases", 2)
    none = catalog.ngettext("{n} case", "{n} cases", 0)
    assert one == pseudo("{n} case")
    assert many == none == pseudo("{n} cases")
    assert many.format(n=2).startswith("⟦2 çàšéš ")
    assert catalog.gettext("") == ""


def test_set_language_uses_it_and_babel_formats_in_english() -> None:
    i18n.set_language(PSEUDO_LANGUAGE)
    try:
        assert i18n.language() == PSEUDO_LANGUAGE
        assert i18n._("Sign in") == pseudo("Sign in")
        assert i18n.ngettext("{n} case", "{n} cases", 3) == pseudo("{n} cases")
        assert i18n.babel_locale() == "en"
        assert i18n.format_number(1234.5) == "1,234.5"
        assert i18n.format_date(datetime(2026, 3, 14, 12, tzinfo=UTC), "medium") == "Mar 14, 2026"
        # The printouts' own domain is not affected: English, as for any language without one.
        documents = i18n.translations_for("documents", PSEUDO_LANGUAGE)
        assert not isinstance(documents, PseudoTranslations)
        assert documents.gettext("Sign in") == "Sign in"
    finally:
        i18n.set_language("en")
    assert i18n._("Sign in") == "Sign in"


@pytest.mark.parametrize("code", ["en-XA", "en_XA", "EN-xa"])
def test_the_code_is_recognised_in_any_spelling(code: str) -> None:
    assert is_pseudo(code)
    assert not is_pseudo("en")
