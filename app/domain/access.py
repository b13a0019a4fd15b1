"""Access by role and need: the one table that says which cases a role sees, and how it sees the
special categories of a person (app.domain.case.SPECIAL_CATEGORY_FIELDS; LED Art. 10) on screen,
on paper and in an exported case file. The services read it; no screen or command decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from app.domain.case import SPECIAL_CATEGORY_FIELDS, CaseRecord, FieldChange, Person, Role

# What a redacted record holds in place of a recorded special value: "recorded, hidden". Screens
# and printouts show it in their own words; a save carrying it never overwrites the real value
# (`keep_hidden`). The brackets are not letters, so no typed value is taken for it by chance.
HIDDEN = "\u27e8recorded, hidden\u27e9"
# A special value's path in a record, as the changes of its history name it.
SPECIAL_PATH = re.compile(rf"^persons\[\d+\]\.({'|'.join(sorted(SPECIAL_CATEGORY_FIELDS))})$")


class Scope(StrEnum):
    """Which cases a role opens for work."""

    STATION = "station"  # its station's, and those escalated to it from another
    ALL = "all"
    NONE = "none"


class Use(StrEnum):
    SCREEN = "screen"
    PRINT = "print"
    EXPORT = "export"


class Special(StrEnum):
    """How a role sees the special categories in one use."""

    FULL = "full"  # the values
    ON_REVEAL = "on_reveal"  # "recorded, hidden" until an explicit reveal, which is audited
    EXISTS = "exists"  # only that a value is recorded
    NONE = "none"  # the use itself is not the role's (an officer exports nothing)


@dataclass(frozen=True)
class Access:
    cases: Scope
    screen: Special
    print: Special
    export: Special
    statistics: Scope  # counts only, no person: whose cases the role's figures cover


# Role -> what it may do. Why each line (README, "Data protection"):
# - an officer works the case and talks with the victim: values on screen after a reveal; the
#   referral sheet prints them, and only with the victim's separate consent (app.documents.
#   referral); officers do not export;
# - a supervisor reviews and sends the case on: the same, and exports with the values (a case
#   moving to the force's coordinator or another station keeps what the victim agreed to);
# - an administrator runs the system: sees that a value exists, never the value;
# - the data-protection officer opens no case for work; what they print is the right-of-access
#   report (LED Art. 14), which must give the person everything held about them;
# - statistics (counts, no person) are for who answers for a station's or the force's figures:
#   a supervisor their station's, an administrator every station's; not an officer nor the DPO.
TABLE: dict[Role, Access] = {
    Role.OFFICER: Access(Scope.STATION, Special.ON_REVEAL, Special.FULL, Special.NONE, Scope.NONE),
    Role.SUPERVISOR: Access(
        Scope.STATION, Special.ON_REVEAL, Special.FULL, Special.FULL, Scope.STATION
    ),
    Role.ADMIN: Access(Scope.ALL, Special.EXISTS, Special.EXISTS, Special.EXISTS, Scope.ALL),
    Role.DATA_PROTECTION_OFFICER: Access(
        Scope.NONE, Special.EXISTS, Special.FULL, Special.FULL, Scope.NONE
    ),
}


def case_scope(role: Role) -> Scope:
    return TABLE[role].cases


def statistics_scope(role: Role) -> Scope:
    return TABLE[role].statistics


def may_open(role: Role, own_station: int, case_station: int, escalated_to_me: bool) -> bool:
    """Whether a role at `own_station` opens a case of `case_station` for work."""
    scope = case_scope(role)
    if scope is Scope.ALL:
        return True
    return scope is Scope.STATION and (case_station == own_station or escalated_to_me)


def special_access(role: Role, use: Use) -> Special:
    access = TABLE[role]
    return {Use.SCREEN: access.screen, Use.PRINT: access.print, Use.EXPORT: access.export}[use]


def may_see_special(role: Role, use: Use) -> bool:
    """Whether the role may have the values in this use at all (at once or after a reveal)."""
    return special_access(role, use) in (Special.FULL, Special.ON_REVEAL)


def recorded_special(person: Person) -> tuple[str, ...]:
    """The special-category fields recorded for the person, in a fixed order."""
    return tuple(f for f in sorted(SPECIAL_CATEGORY_FIELDS) if getattr(person, f))


def hidden_fields(record: CaseRecord) -> tuple[str, ...]:
    """Where a redaction hides something: "persons[i].field" paths (names, never values)."""
    return tuple(
        f"persons[{i}].{name}"
        for i, person in enumerate(record.persons)
        for name in recorded_special(person)
    )


def _with(person: Person, values: dict[str, str]) -> Person:
    """The person with these special-category fields (all text) set."""
    changed: dict[str, Any] = values
    return replace(person, **changed)


def _hidden_change(change: FieldChange) -> FieldChange:
    if not SPECIAL_PATH.match(change.path):
        return change
    return replace(change, before=change.before and HIDDEN, after=change.after and HIDDEN)


def redact(record: CaseRecord) -> CaseRecord:
    """The record with each recorded special value replaced by HIDDEN, in its persons and in the
    changes its history lists; an empty value stays empty."""
    persons = tuple(
        _with(person, dict.fromkeys(recorded_special(person), HIDDEN)) for person in record.persons
    )
    reviews = tuple(
        replace(review, changes=tuple(_hidden_change(c) for c in review.changes))
        for review in record.reviews
    )
    return replace(record, persons=persons, reviews=reviews)


def carries_hidden(record: CaseRecord) -> bool:
    return any(
        getattr(person, name) == HIDDEN
        for person in record.persons
        for name in SPECIAL_CATEGORY_FIELDS
    )


def keep_hidden(new: CaseRecord, stored: CaseRecord | None) -> CaseRecord:
    """`new` with every HIDDEN value put back as `stored` holds it (the same person, by key; empty
    for a person it does not know, or with no stored record: an imported case file whose values
    were withheld): a redacted record saved back never overwrites a value."""
    if not carries_hidden(new):
        return new
    known = {person.key: person for person in stored.persons} if stored else {}

    def restored(person: Person) -> Person:
        before = known.get(person.key)
        return _with(
            person,
            {
                name: getattr(before, name) if before is not None else ""
                for name in SPECIAL_CATEGORY_FIELDS
                if getattr(person, name) == HIDDEN
            },
        )

    return replace(new, persons=tuple(restored(person) for person in new.persons))
