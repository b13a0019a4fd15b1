"""What the statistics count, and how (PROTOCOL.md c and g; USER-NEEDS.md 9). The database does
the counting (app/services/statistics.py, GROUP BY); these are the rules it applies, in one place,
and the method the view, the report and the annual return print.

- The unit is the **incident**: a case recorded as a duplicate of another counts as none (the
  case it duplicates is the incident); each case of a series is an incident of its own.
- A case with several motives (or offence types) counts **once** in the incident total and once
  under **each** of its motives: such a table's rows add up to more than the total, and says so.
- An incident is dated by when it happened (a draft without a date, by when it was written) and
  counted in the workstation's local calendar, as the case list filters.
- Drafts are left out unless asked for.
- Outcomes are dated actions: a case counts as **prosecuted** on the first day it was charged,
  prosecuted, convicted or acquitted, and as **sentenced** on the first day it was convicted, in
  the period those days fall in (as a force reports each year what its courts did that year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from app.domain.case import CaseStatus, OutcomeKind
from app.domain.validation import Issue


class Dimension(StrEnum):
    """What a table counts incidents by."""

    MONTH = "month"
    MOTIVE = "motive"
    OFFENCE_TYPE = "offence_type"
    CLASSIFICATION = "classification"
    PLACE_TYPE = "place_type"
    DISTRICT = "district"
    STATUS = "status"


# Where one incident may count under several values: the rows add up to more than the total.
UNDER_EACH = frozenset({Dimension.MOTIVE, Dimension.OFFENCE_TYPE})

# The protocol pack's pick-list each dimension's keys come from (the others: a month, a status, a
# district as typed), which names their rows.
PACK_LISTS = {
    Dimension.MOTIVE: "motives",
    Dimension.OFFENCE_TYPE: "offence_types",
    Dimension.CLASSIFICATION: "classifications",
    Dimension.PLACE_TYPE: "place_types",
}

# The key of incidents with no value recorded for a dimension (no district, no motive...).
NOT_RECORDED = ""

# The outcomes that make a case prosecuted, and sentenced (ODIHR's "prosecuted", "sentenced").
PROSECUTION = frozenset(
    {OutcomeKind.CHARGED, OutcomeKind.PROSECUTED, OutcomeKind.CONVICTED, OutcomeKind.ACQUITTED}
)
SENTENCE = frozenset({OutcomeKind.CONVICTED})

# The longest period one query covers: the trend chart draws a point per month.
MAX_YEARS = 20


@dataclass(frozen=True)
class StatsQuery:
    """Which incidents to count: those that happened from `start` to `end` (both included), of one
    station or (None) of every station the user answers for, in `statuses` (empty: every status
    after submission, and drafts too when `include_drafts`)."""

    start: date
    end: date
    station_code: str | None = None
    statuses: frozenset[CaseStatus] = frozenset()
    include_drafts: bool = False

    def counted_statuses(self) -> frozenset[CaseStatus]:
        chosen = self.statuses or frozenset(CaseStatus) - {CaseStatus.DRAFT}
        if self.include_drafts:
            return chosen | {CaseStatus.DRAFT}
        return chosen - {CaseStatus.DRAFT}

    def problems(self) -> list[Issue]:
        if self.end < self.start:
            return [Issue("period_reversed", "", {})]
        if self.end.year - self.start.year >= MAX_YEARS:
            return [Issue("period_too_long", "", {"years": MAX_YEARS})]
        return []

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as UTC instants, from the first moment of `start` to the first moment
        after `end`, in the local calendar."""
        return local_midnight(self.start), local_midnight(self.end + timedelta(days=1))


def year_query(year: int, station_code: str | None = None) -> StatsQuery:
    """A calendar year, as the annual return counts it."""
    return StatsQuery(date(year, 1, 1), date(year, 12, 31), station_code)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def months(start: date, end: date) -> tuple[str, ...]:
    """Every month the period touches, "YYYY-MM", oldest first (months without an incident are
    points of the trend too)."""
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(keys)


def month_bounds(start: date, end: date) -> tuple[tuple[str, datetime, datetime], ...]:
    """Each month of the period with its local bounds as UTC instants, clipped to the period."""
    result = []
    for key in months(start, end):
        year, month = int(key[:4]), int(key[5:])
        first = max(start, date(year, month, 1))
        after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        last = min(end, after - timedelta(days=1))
        result.append((key, local_midnight(first), local_midnight(last + timedelta(days=1))))
    return tuple(result)


@dataclass(frozen=True)
class Count:
    key: str  # a pack id, a month "YYYY-MM", a status, a district as typed; "" not recorded
    count: int


@dataclass(frozen=True)
class Table:
    """Incidents by one dimension. `incidents` is the total the table is about; where a case
    counts under each of its values (`under_each`), the rows add up to more than it."""

    dimension: Dimension
    counts: tuple[Count, ...]
    incidents: int

    @property
    def under_each(self) -> bool:
        return self.dimension in UNDER_EACH

    def count_of(self, key: str) -> int:
        return next((c.count for c in self.counts if c.key == key), 0)


def table(
    dimension: Dimension, counted: Mapping[str, int], incidents: int, period: StatsQuery
) -> Table:
    """The table in reading order: months oldest first with every month of the period, others
    most frequent first (then by key, so that equal counts keep one order), not recorded last."""
    if dimension is Dimension.MONTH:
        rows = [Count(key, counted.get(key, 0)) for key in months(period.start, period.end)]
    else:
        recorded = sorted(
            ((key, n) for key, n in counted.items() if key != NOT_RECORDED and n),
            key=lambda item: (-item[1], item[0]),
        )
        rows = [Count(key, n) for key, n in recorded]
        if counted.get(NOT_RECORDED):
            rows.append(Count(NOT_RECORDED, counted[NOT_RECORDED]))
    return Table(dimension, tuple(rows), incidents)


@dataclass(frozen=True)
class Outcomes:
    """What the courts did in the period (by the outcomes' dates), of the incidents the user
    answers for: `prosecuted` and `sentenced` count cases, `by_kind` each outcome entered."""

    recorded: int  # incidents of the period (the same total as the tables)
    prosecuted: int
    sentenced: int
    by_kind: tuple[Count, ...]  # every OutcomeKind in its order, 0 included


def first_day(
    outcomes: Iterable[tuple[OutcomeKind, date]], kinds: frozenset[OutcomeKind]
) -> date | None:
    """The day a case first had an outcome of `kinds` (the day it counts as prosecuted or
    sentenced), None if never."""
    return min((on for kind, on in outcomes if kind in kinds), default=None)


@dataclass(frozen=True)
class Statistics:
    query: StatsQuery
    incidents: int
    tables: Mapping[Dimension, Table] = field(default_factory=dict)
    outcomes: Outcomes | None = None
