"""The translators' template matches the code, and every screen and printout language is complete
and sound."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from app import paths
from app.documents import DOCUMENT_LANGUAGES

SCREEN_LANGUAGES = ("es", "pt", "fi", "lv", "et", "bg", "it")
ROOT = paths.CHECKOUT
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def msgids(source: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in source if m.id}


def mnemonics(text: str) -> int:
    return len(re.findall(r"&", text.replace("&&", "")))


def test_the_template_holds_exactly_the_texts_of_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "app.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "--no-location", "-o", str(fresh), "app", "resources/protocols",
         "resources/training"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    committed = catalog(ROOT / "translations" / "app.pot")
    assert msgids(catalog(fresh)) == msgids(committed), (
        "translations/app.pot is out of date: see the README, Translations"
    )


CATALOGS = [("app", code) for code in SCREEN_LANGUAGES] + [
    ("documents", code) for code in DOCUMENT_LANGUAGES if code != "en"
]


@pytest.mark.parametrize(("domain", "language"), CATALOGS)
def test_every_text_is_translated_with_its_placeholders_and_shortcut(
    domain: str, language: str
) -> None:
    path = ROOT / "translations" / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.is_file(), f"no {domain} catalog for {language}"
    translated = catalog(path, language)
    template = catalog(ROOT / "translations" / f"{domain}.pot")
    assert msgids(translated) >= msgids(template), "run pybabel update (README, Translations)"
    problems = []
    for message in translated:
        if not message.id or message.id not in template:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in forms:
            if not text:
                problems.append(f"untranslated: {source!r}")
            elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {source!r} -> {text!r}")
            elif mnemonics(text) != mnemonics(source):
                problems.append(f"shortcut (&) lost or added: {source!r} -> {text!r}")
    # Babel's own checks: %-placeholders, and as many plural forms as the language has.
    for message, errors in translated.check():
        problems.extend(f"{error}: {message.id!r}" for error in errors)
    assert problems == []
    assert "review by a native" in path.read_text(encoding="utf-8").split("msgid", 1)[0]
