"""The words of a printout in its own language: gettext of the `documents` domain and Babel formats.

Extraction (babel-documents.cfg, app/documents/extract.py) finds two markers:
- `tr("...")` translates a text where it is printed (`tr` is a `Words` object);
- `D_("...")` only marks a text kept in a table; it is translated where it is printed.
The screens' `_`, `N_` and `gettext` are never used here: their texts belong to app.pot.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format

from app.domain.protocol import ProtocolPack
from app.i18n import format_size
from app.i18n.languages import language_name


def D_(message: str) -> str:
    """Marks a document text for extraction; it is translated where it is printed."""
    return message


@cache
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


class Words:
    """Translates and formats for one document language. Called `tr` where it is used."""

    def __init__(self, translations: gettext.NullTranslations, locale: str) -> None:
        self._translate = translations.gettext
        self.locale = _locale(locale)
        self.rtl = self.locale.character_order == "right-to-left"

    def __call__(self, message: str) -> str:
        """The text in the document's language (English when the catalog lacks it)."""
        return self._translate(message) if message else ""

    def fill(self, template: str, **values: object) -> str:
        """The template with its {placeholders} filled in. In a right-to-left language each value
        is isolated (U+2068 ... U+2069), so that a phone number, a reference or an English name
        keeps its own order inside an Arabic sentence."""
        if self.rtl:
            values = {key: f"\u2068{value}\u2069" for key, value in values.items()}
        return template.format(**values)

    def item(self, pack: ProtocolPack, kind: str, item_id: str) -> str:
        """A protocol-pack label (motive, offence type, indicator, need ...) in this language."""
        return self(pack.label(kind, item_id))

    def items(self, pack: ProtocolPack, kind: str, ids: tuple[str, ...]) -> str:
        """Several labels, one a line: labels such as "Racist or xenophobic" do not read well
        in a sentence-like list."""
        return "\n".join(self.item(pack, kind, item_id) for item_id in ids)

    def label(self, table: dict[StrEnum, str], value: StrEnum | None) -> str:
        """An enumeration value by its table of D_-marked English texts; the id if it is missing."""
        if value is None:
            return ""
        text = table.get(value)
        return self(text) if text else str(value)

    def join(self, parts: Iterable[str]) -> str:
        """Items of a list on one line, as the language lists them ("a, b and c")."""
        from babel.lists import format_list  # noqa: PLC0415

        texts = [p for p in parts if p]
        return format_list(texts, locale=self.locale) if texts else ""

    def yes_no(self, value: bool | None) -> str:
        if value is None:
            return self(D_("Not recorded"))
        return self(D_("Yes")) if value else self(D_("No"))

    def when(self, value: datetime | None) -> str:
        """Date and time in the workstation's time zone, e.g. "14 Mar 2026, 18:45"."""
        if value is None:
            return ""
        local = value.astimezone()
        pattern = str(get_datetime_format("medium", locale=self.locale))
        return (
            pattern.replace("'", "")
            .replace("{0}", format_time(local, "short", locale=self.locale))
            .replace("{1}", format_date(local.date(), "medium", locale=self.locale))
        )

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone().date()
        return format_date(value, "medium", locale=self.locale)

    def language(self, code: str) -> str:
        """A language code as its name in this language, e.g. "pt" -> "Portuguese"."""
        return language_name(code, self.locale) if code else ""

    def size(self, n: int) -> str:
        """A file size, e.g. "2.4 MB", as the screens show it, in the document's language."""
        return format_size(n, self.locale)
