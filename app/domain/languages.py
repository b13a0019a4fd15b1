"""The languages a person speaks, as ISO 639 codes: which they read, which they prefer.

Codes are ISO 639-1 where the language has one ("ro" Romanian), ISO 639-3 otherwise ("rom"
Romani, "fse" Finnish Sign Language), so one language has one code and Romani, Romanian and each
national sign language stay apart. The set of codes is ISO 639-3's, from the `pycountry` package.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

# A language tag: the language, then perhaps a script or a region ("pt-BR", "sr_Latn").
_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class SpokenLanguage:
    """One language of a person: an ISO 639 code, whether they read it, whether they prefer it."""

    code: str
    reads: bool = True
    preferred: bool = False


@cache
def _iso639() -> dict[str, str]:
    """Every ISO 639-1, -2/B and -3 code -> the code the program keeps for that language."""
    import pycountry  # noqa: PLC0415 - 8,000 languages read on first use, not at start-up

    codes: dict[str, str] = {}
    for entry in pycountry.languages:
        kept = str(getattr(entry, "alpha_2", "") or entry.alpha_3)
        for attribute in ("alpha_3", "bibliographic", "alpha_2"):
            code = getattr(entry, attribute, "")
            if code:
                codes[str(code)] = kept
    return codes


def language_code(text: str) -> str | None:
    """The code kept for an ISO 639 code as typed ("RO", "ron", "rum" -> "ro"); None if `text`
    is no ISO 639 language code. A region or script after the code ("pt-BR") is dropped."""
    tag = _TAG.fullmatch(text.strip())
    return _iso639().get(tag[1].lower()) if tag else None


def preferred(languages: Iterable[SpokenLanguage]) -> str:
    """The code of the language the person prefers: the one marked so, else the first; ""."""
    listed = tuple(languages)
    chosen = next((x for x in listed if x.preferred), listed[0] if listed else None)
    return chosen.code if chosen else ""


def reading(languages: Iterable[SpokenLanguage], among: Collection[str] | None = None) -> str:
    """The code of the language to give the person something to read in: the preferred one if
    they read it, else the first they read; only those `among` (e.g. the printable ones) if
    given; "" if there is none."""
    listed = tuple(languages)
    read = [x for x in listed if x.reads and (among is None or x.code in among)]
    chosen = next((x for x in read if x.code == preferred(listed)), read[0] if read else None)
    return chosen.code if chosen else ""


def served(languages: Iterable[SpokenLanguage], offered: Collection[str]) -> str:
    """The person's language to look for services in: the preferred one if a service works in
    it, else the first of their other languages one does; "" if none (any language then)."""
    listed = tuple(languages)
    first = preferred(listed)
    ordered = [first, *(x.code for x in listed if x.code != first)] if first else []
    return next((code for code in ordered if code in offered), "")


def tidy(languages: Iterable[SpokenLanguage]) -> tuple[SpokenLanguage, ...]:
    """The list as it is kept: codes normalised, each language once (its first entry), exactly
    one preferred when there are any (the first marked, else the first). A code that is no ISO
    639 code is kept as it is (an old record's language), for validation to point at."""
    kept: dict[str, SpokenLanguage] = {}
    for entry in languages:
        code = language_code(entry.code) or entry.code.strip()
        if code and code not in kept:
            kept[code] = SpokenLanguage(code, entry.reads, entry.preferred)
    favourite = preferred(kept.values())
    return tuple(SpokenLanguage(x.code, x.reads, x.code == favourite) for x in kept.values())


def unknown_codes(languages: Iterable[SpokenLanguage]) -> tuple[str, ...]:
    """The codes of the list that are no ISO 639 code, in order."""
    return tuple(x.code for x in languages if language_code(x.code) != x.code)


def spoken(*codes: str) -> tuple[SpokenLanguage, ...]:
    """Languages read and spoken, the first preferred: `spoken("ro", "rom")`."""
    return tidy(SpokenLanguage(code, reads=True) for code in codes)
