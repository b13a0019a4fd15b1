"""The annual hate-crime return to OSCE/ODIHR (PROTOCOL.md c): the incidents the pack counts as
hate crimes ([odihr] classifications) by ODIHR bias category, with what the courts did in the
year, and by bias category and incident type. The pack's [odihr] maps say which category each
motive is, and which type each offence type; the database counts (app/services/statistics.py),
this module puts the counts in ODIHR's order and prints them.

The counting rules are app.domain.statistics's: a duplicate counts once, a case with two motives
once in the totals and once under each motive's category (twice in the same category: once).
A motive or offence type without a mapping is listed with its count (`unmapped`), never dropped.

Small cells: where a setting asks (`small_cell_threshold`, app.config), a count from 1 to the
threshold less one prints as "<threshold", so that a rare incident does not point at a person;
0 prints as 0. Totals are suppressed by the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.protocol import ODIHR_CATEGORIES, ODIHR_INCIDENT_TYPES

MOTIVE = "motive"
OFFENCE_TYPE = "offence_type"


@dataclass(frozen=True)
class Figures:
    """One row of the return: incidents recorded, cases prosecuted and sentenced in the year,
    and incidents of each of ODIHR_INCIDENT_TYPES, in that order."""

    recorded: int
    prosecuted: int
    sentenced: int
    by_type: tuple[int, ...]


@dataclass(frozen=True)
class Unmapped:
    """Incidents counted as hate crimes whose motive (or offence type) the pack does not map:
    `key` the pack's id, "" where none is recorded."""

    kind: str  # MOTIVE or OFFENCE_TYPE
    key: str
    incidents: int


@dataclass(frozen=True)
class Counts:
    """What the database counted, by key; a key left out counts 0."""

    recorded: Mapping[str, int]  # by bias category
    prosecuted: Mapping[str, int]
    sentenced: Mapping[str, int]
    by_type: Mapping[tuple[str, str], int]  # (category, incident type)
    total: Figures  # each incident once, whatever its motives
    unmapped_motives: Mapping[str, int]
    unmapped_offences: Mapping[str, int]


@dataclass(frozen=True)
class OdihrReturn:
    year: int
    station_code: str | None  # None: every station
    classifications: tuple[str, ...]  # what is counted as a hate crime
    rows: tuple[tuple[str, Figures], ...]  # every ODIHR category, in ODIHR's order
    total: Figures
    unmapped: tuple[Unmapped, ...]
    threshold: int = 0  # small-cell suppression, 0 = off

    def shown(self, count: int) -> str:
        """A count as the return prints it."""
        return shown(count, self.threshold)


def build(
    year: int,
    station_code: str | None,
    classifications: tuple[str, ...],
    counts: Counts,
    threshold: int = 0,
) -> OdihrReturn:
    rows = tuple(
        (
            category,
            Figures(
                counts.recorded.get(category, 0),
                counts.prosecuted.get(category, 0),
                counts.sentenced.get(category, 0),
                tuple(counts.by_type.get((category, kind), 0) for kind in ODIHR_INCIDENT_TYPES),
            ),
        )
        for category in ODIHR_CATEGORIES
    )
    unmapped = _unmapped(MOTIVE, counts.unmapped_motives)
    unmapped += _unmapped(OFFENCE_TYPE, counts.unmapped_offences)
    return OdihrReturn(year, station_code, classifications, rows, counts.total, unmapped, threshold)


def _unmapped(kind: str, counted: Mapping[str, int]) -> tuple[Unmapped, ...]:
    """Most frequent first, then by id; none recorded ("") last."""
    order = sorted(counted.items(), key=lambda item: (item[0] == "", -item[1], item[0]))
    return tuple(Unmapped(kind, key, n) for key, n in order if n)


def shown(count: int, threshold: int) -> str:
    if 0 < count < threshold:
        return f"<{threshold}"
    return str(count)
