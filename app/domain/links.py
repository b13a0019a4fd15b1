"""Which cases are likely the same incident: the offer of a link (issue 12, PROTOCOL.md (f)).

Two reports of one incident (the victim and a witness, two officers on the same call) are linked
by the officer, never by the program: this rule only says when to offer it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from app.domain.text import normalise_for_search

# How far apart two reports of one incident may be dated: a night that crosses midnight, a report
# dated by the day it was made.
DAYS_APART = 1


@dataclass(frozen=True)
class Incident:
    """What the offer compares: where and when a case happened, and its bias motives."""

    reference: str
    occurred_at: datetime | None
    place: str
    motives: frozenset[str]


def likely_same(case: Incident, other: Incident, linked: Collection[str] = ()) -> bool:
    """Whether to offer linking `case` with `other`: not itself, not linked already (`linked`:
    the references `case` is linked with), the same place once case and accents are ignored,
    dated the same day or a day apart, and at least one bias motive in common."""
    if other.reference == case.reference or other.reference in linked:
        return False
    if case.occurred_at is None or other.occurred_at is None:
        return False
    if abs((case.occurred_at.date() - other.occurred_at.date()).days) > DAYS_APART:
        return False
    place = normalise_for_search(case.place)
    return (
        bool(place)
        and place == normalise_for_search(other.place)
        and bool(case.motives & other.motives)
    )
