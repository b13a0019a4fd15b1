"""Which language each printed copy starts in: its reader's (issue 11, point 4).

Every printout has one copy or more, each read by someone: the victim (or whoever the printout is
for), the support service, or the police (the case file, the prosecutor). A copy defaults to its
reader's language when documents can be printed in it, else to the station's official language,
else to the officer's screen language, else English. The officer may still change each one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from app.domain.case import CaseRecord, Person

# Whose language a copy is read in.
PERSON, SERVICE, STATION = "person", "service", "station"
# The copies of each printout (named as app.documents names the printouts), in print order,
# with their reader. The prosecutor reads the station's official language, as the file does.
COPIES: dict[str, tuple[tuple[str, str], ...]] = {
    "leaflet": (("victim", PERSON),),
    "referral": (("service", SERVICE), ("victim", PERSON), ("file", STATION)),
    "prosecutor": (("prosecutor", STATION),),
    "consent": (("person", PERSON),),
}
FALLBACK = "en"


@dataclass(frozen=True)
class Readers:
    """The languages of a printout's readers, each list in order of preference (ISO 639 codes,
    a region such as pt-BR allowed); an empty one is not recorded."""

    person: tuple[str, ...] = ()
    service: tuple[str, ...] = ()  # a directory entry's languages: the first is its working one
    station: str = ""  # the station's official document language
    screen: str = ""  # the officer's screen language: the last guess before English


def person_languages(record: CaseRecord, person: Person) -> tuple[str, ...]:
    """A person's languages for their copies: the leaflet language they were given their rights
    in (a language they read, chosen among the printable ones), then the languages they read,
    the preferred one first, then the one they prefer although they do not read it."""
    leaflets = [r.leaflet_language for r in record.rights if r.person_key == person.key]
    read = [x.code for x in sorted(person.languages, key=lambda x: not x.preferred) if x.reads]
    return tuple(dict.fromkeys(code for code in (*leaflets, *read, person.language) if code))


def _first_printable(codes: Iterable[str], printable: Collection[str]) -> str:
    for code in codes:
        base = code.split("-")[0].strip().lower()
        if base in printable:
            return base
    return ""


def reader_language(document: str, copy: str, readers: Readers, printable: Collection[str]) -> str:
    """The language `copy` of `document` starts in: its reader's first printable language, then
    the station's, the screen's, and English. `printable`: the document languages."""
    reader = dict(COPIES[document])[copy]
    own = {PERSON: readers.person, SERVICE: readers.service, STATION: (readers.station,)}[reader]
    fallbacks = (readers.station, readers.screen)
    return _first_printable((*own, *fallbacks), printable) or FALLBACK


def copy_languages(document: str, readers: Readers, printable: Collection[str]) -> dict[str, str]:
    """Each copy of `document` with the language it starts in."""
    return {
        copy: reader_language(document, copy, readers, printable) for copy, _ in COPIES[document]
    }
