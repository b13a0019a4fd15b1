"""Reading printouts back: their text (pypdf), their fonts, and translations made in the test."""

from __future__ import annotations

import gettext
import io
import re
import unicodedata

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from pypdf import PdfReader

from app.documents import document_translations
from app.documents.text import Words

NO_CATALOG = gettext.NullTranslations()


def pages(pdf: bytes) -> list[str]:
    """Each page's text as pypdf reads it (right-to-left lines come back in logical order)."""
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def plain(text: str) -> str:
    """Text as typed: Arabic presentation forms back to letters, every run of spaces one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def text_of(pdf: bytes) -> str:
    return plain("\n".join(pages(pdf)))


def copies(pdf: bytes, service: str = "en", victim: str = "en", file: str = "en") -> dict[str, str]:
    """A referral sheet's text per copy, by the copy's title in its header, each title in the
    copy's language."""
    found: dict[str, str] = {}
    titles = {
        key: Words(document_translations(code), code)(title)
        for key, code, title in (
            ("service", service, "Copy for the support service"),
            ("victim", victim, "Copy for the person referred"),
            ("file", file, "Copy for the case file"),
        )
    }
    for page in pages(pdf):
        text = plain(page)
        key = next(k for k, title in titles.items() if title in text)
        found[key] = found.get(key, "") + text
    return found


def fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts the PDF uses, without the subset prefix."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def translations(locale: str, texts: dict[str, str]) -> gettext.GNUTranslations:
    """A compiled catalog of the `documents` domain holding just these translations."""
    catalog = Catalog(locale=locale, domain="documents")
    for source, translated in texts.items():
        catalog.add(source, translated)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Recording(gettext.NullTranslations):
    """English, remembering every text a printout asked to translate."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def gettext(self, message: str) -> str:
        self.asked.add(message)
        return message
