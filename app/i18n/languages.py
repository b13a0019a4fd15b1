"""Languages' names in a given language: the one place screens and printouts get them from.

CLDR (through Babel) names most languages in each locale; it lacks most sign languages (Finnish
`fse`, British `bfi`, German `gsg`...), which come from ISO 639-3 with the translations that the
`pycountry` package ships, and in English where a locale has none. Never a bare code.
"""

from __future__ import annotations

import gettext
from functools import cache
from typing import TYPE_CHECKING

from app.domain.languages import language_code

if TYPE_CHECKING:
    from babel import Locale


def language_name(code: str, locale: str | Locale) -> str:
    """The name of the language `code` in `locale`, e.g. ("fse", "fi") -> "soome viipekeel" in
    Estonian; a text that is no ISO 639 code (an old record's note) is given as it is."""
    kept = language_code(code)
    if kept is None:
        return code.strip()
    return _cldr_names(str(locale)).get(kept) or _iso_name(kept, str(locale))


@cache
def language_names(locale: str) -> dict[str, str]:
    """Code -> name in `locale` of the languages to offer by name: CLDR's, and ISO 639-3's sign
    languages. Any other ISO 639 code may still be typed."""
    import pycountry  # noqa: PLC0415 - slow, only when a language is picked

    cldr = _cldr_names(locale)
    names = {code: name for code, name in cldr.items() if language_code(code) == code}
    for entry in pycountry.languages:
        if "Sign Language" in entry.name and getattr(entry, "type", "") == "L":
            names.setdefault(entry.alpha_3, _iso_name(entry.alpha_3, locale))
    return names


@cache
def _cldr_names(locale: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - slow import, not at start-up

    try:
        return {str(code): str(name) for code, name in Locale.parse(locale).languages.items()}
    except (UnknownLocaleError, ValueError, TypeError):
        return {}


def _iso_name(code: str, locale: str) -> str:
    import pycountry  # noqa: PLC0415 - slow, only for a language CLDR does not name

    entry = pycountry.languages.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    english = str(entry.name) if entry is not None else code
    return _iso_catalog(locale).gettext(english)


@cache
def _iso_catalog(locale: str) -> gettext.NullTranslations:
    import pycountry  # noqa: PLC0415

    wanted = [locale, locale.split("_", maxsplit=1)[0]]
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=wanted, fallback=True)
