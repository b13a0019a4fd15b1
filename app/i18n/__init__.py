"""The gettext functions every visible text goes through, and Babel formatting helpers.

Two domains: `app` for the screens and `documents` for printouts. English is the source language.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from app import paths
from app.i18n.pseudo import PseudoTranslations, is_pseudo

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "app"
_catalog: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(code: str) -> None:
    """Switches the screen language; a language without a compiled catalog falls back to English.
    The pseudo-language `en-XA` (app/i18n/pseudo.py) lengthens and marks every text instead."""
    global _catalog, _language  # noqa: PLW0603 - one current screen language per process
    _catalog = PseudoTranslations() if is_pseudo(code) else translations_for(DOMAIN, code)
    _language = code


def translations_for(domain: str, code: str) -> gettext.NullTranslations:
    try:
        folder = paths.translations()
    except FileNotFoundError:
        return gettext.NullTranslations()
    return gettext.translation(domain, folder, languages=[code], fallback=True)


def language() -> str:
    return _language


def _(message: str) -> str:
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined; it is translated where it is shown."""
    return message


def babel_locale() -> str:
    """The Babel locale of the screen language: English formats for the pseudo-language."""
    return "en" if is_pseudo(_language) else _language.replace("-", "_")


def format_datetime(value: datetime | None, fmt: str = "short") -> str:
    if value is None:
        return ""
    from babel.dates import format_datetime as babel_format  # noqa: PLC0415 - slow import

    return babel_format(value.astimezone(), fmt, locale=babel_locale())


def format_time(value: datetime, fmt: str = "medium") -> str:
    from babel.dates import format_time as babel_format  # noqa: PLC0415

    return babel_format(value.astimezone(), fmt, locale=babel_locale())


def format_date(value: date | datetime | None, fmt: str = "short") -> str:
    if value is None:
        return ""
    from babel.dates import format_date as babel_format  # noqa: PLC0415

    if isinstance(value, datetime):
        value = value.astimezone().date()
    return babel_format(value, fmt, locale=babel_locale())


def format_number(value: Any) -> str:
    from babel.numbers import format_decimal  # noqa: PLC0415

    return format_decimal(value, locale=babel_locale())


def format_size(n: int, locale: str | Locale | None = None) -> str:
    """A file size, e.g. "2.4 MB", in the language's units, decimal sign and plural (binary
    multiples, as file managers count): the same on the screens and on every printout."""
    from babel.units import format_unit  # noqa: PLC0415

    where = locale or babel_locale()
    for unit, factor in (("digital-megabyte", 1024 * 1024), ("digital-kilobyte", 1024)):
        if n >= factor:
            return format_unit(round(n / factor, 1), unit, length="short", locale=where)
    return format_unit(n, "digital-byte", length="short", locale=where)
