"""A police station as the force has it: its contacts, which every printout the victim takes home
carries, and the settings its cases are handled under (protocol pack, language, country).

A victim must be able to reach the police from what they take home: a station is ready to print
for a victim when it has a name, an address and a phone number (`VICTIM_CONTACTS`). E-mail and
opening hours are printed when recorded.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, fields, replace

from app.domain.validation import BAD_CHARACTER, FULL_NAME_LENGTH, NAME_LENGTH, STATION_CODE, Issue
from app.domain.working_days import is_supported_country

# What a printout for the victim cannot do without (the name is always required).
VICTIM_CONTACTS = ("address", "phone")
# How a station without them is flagged to the administrator (CLI and screen alike).
NO_CONTACTS = Issue("no_victim_contacts", "", {})
# local@domain.tld, without blanks: the shape a mail program accepts, not a full RFC 5322 check.
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# The longest text of each field (name and pack as their columns; the others as people type them).
LIMITS: dict[str, int] = {
    "name": FULL_NAME_LENGTH,
    "address": 300,
    "phone": 40,
    "email": 254,
    "opening_hours": 200,
    "protocol_pack": NAME_LENGTH,
}


@dataclass(frozen=True)
class StationDetails:
    code: str
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    language: str = ""  # the station's official document language; empty: not recorded
    protocol_pack: str = "eu-baseline"
    country: str = ""  # ISO 3166 code whose public holidays count; empty: weekdays only


# The fields an administrator may change (the code names the station and stays).
EDITABLE = tuple(f.name for f in fields(StationDetails) if f.name != "code")


def tidy(station: StationDetails) -> StationDetails:
    """Without surrounding blanks, the country in capitals, as people type them."""
    texts = {f.name: str(getattr(station, f.name)).strip() for f in fields(StationDetails)}
    texts["country"] = texts["country"].upper()
    return replace(station, **texts)


def missing_contacts(station: StationDetails) -> tuple[str, ...]:
    """The contacts a printout for the victim needs that the station lacks, by field name."""
    return tuple(name for name in VICTIM_CONTACTS if not getattr(station, name).strip())


def validate_station(
    station: StationDetails, *, languages: Collection[str], packs: Collection[str]
) -> list[Issue]:
    """Problems of a station, each named by its field. `languages`: the document languages;
    `packs`: the protocol packs available."""
    issues: list[Issue] = []
    if not STATION_CODE.match(station.code):
        issues.append(Issue("bad_station_code", "code", {"value": station.code}))
    if not station.name.strip():
        issues.append(Issue("required", "name", {}))
    for name, limit in LIMITS.items():
        text = getattr(station, name)
        if BAD_CHARACTER.search(text):
            issues.append(Issue("bad_character", name, {}))
        elif len(text) > limit:
            issues.append(Issue("too_long", name, {"max": limit}))
    if station.email and not BAD_CHARACTER.search(station.email) and not EMAIL.match(station.email):
        issues.append(Issue("bad_email_shape", "email", {}))
    if station.language and station.language not in languages:
        issues.append(Issue("not_one_of", "language", {"allowed": ", ".join(languages)}))
    if station.protocol_pack not in packs:
        issues.append(Issue("not_one_of", "protocol_pack", {"allowed": ", ".join(sorted(packs))}))
    if station.country and not is_supported_country(station.country):
        issues.append(Issue("unknown_country", "country", {}))
    return issues
