"""Statistics: incidents counted in the database, one GROUP BY per table, never row by row
(app.domain.statistics says what is counted how). Counts only: nothing about a person is read, so
a view of the figures is not audited; what leaves the program (an export, a report) is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.orm import Session

from app.domain import statistics as d
from app.domain.access import Scope, statistics_scope
from app.domain.case import OutcomeKind
from app.domain.statistics import Count, Dimension, Outcomes, Statistics, StatsQuery
from app.domain.validation import Issue
from app.services.context import Actor, Backend
from app.services.errors import PermissionDenied, Refused
from app.services.guard import guarded
from app.storage.tables import Case, CaseMotive, CaseOffence, OutcomeRow, Station

# The case's own columns a table groups by; the others are a month, or rows of their own.
CASE_COLUMNS = {
    Dimension.CLASSIFICATION: Case.classification,
    Dimension.PLACE_TYPE: Case.place_type,
    Dimension.DISTRICT: Case.district,
    Dimension.STATUS: Case.status,
}
UNDER_EACH_ROWS: dict[Dimension, Any] = {
    Dimension.MOTIVE: (CaseMotive, CaseMotive.motive),
    Dimension.OFFENCE_TYPE: (CaseOffence, CaseOffence.offence_type),
}
# The view's first figures: the total, the trend and the motives; the rest follow.
FIRST = (Dimension.MONTH, Dimension.MOTIVE)
ALL = tuple(Dimension)


@guarded
class StatisticsService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def statistics(
        self,
        actor: Actor,
        query: StatsQuery,
        dimensions: Iterable[Dimension] = ALL,
        with_outcomes: bool = True,
    ) -> Statistics:
        """The incidents `query` selects, counted by each of `dimensions`, and what the courts
        did in the period. A supervisor counts their station's (naming another is refused), an
        administrator every station's or the one named; an officer or the data-protection
        officer is refused."""
        if problems := query.problems():
            raise Refused(problems)
        dimensions = tuple(dimensions)
        with self.backend.reading() as session:
            counted = Counted(session, query, self._station_id(session, actor, query))
            by = {dim: counted.by(dim) for dim in dimensions}
            # Each incident of the period falls in exactly one of its months: their sum is the
            # total, without another pass over the cases.
            if Dimension.MONTH in by:
                incidents = sum(by[Dimension.MONTH].values())
            else:
                incidents = counted.incidents()
            tables = {dim: d.table(dim, by[dim], incidents, query) for dim in dimensions}
            outcomes = counted.outcomes(incidents) if with_outcomes else None
        return Statistics(query, incidents, tables, outcomes)

    def stations(self, actor: Actor) -> list[tuple[str, str]]:
        """(code, name) of the stations whose figures the user may see, for the filter."""
        scope = statistics_scope(actor.role)
        if scope is Scope.NONE:
            raise PermissionDenied
        with self.backend.reading() as session:
            stmt = select(Station.code, Station.name).order_by(Station.code)
            if scope is Scope.STATION:
                stmt = stmt.where(Station.id == actor.station_id)
            return [(row.code, row.name) for row in session.execute(stmt)]

    @staticmethod
    def _station_id(session: Session, actor: Actor, query: StatsQuery) -> int | None:
        scope = statistics_scope(actor.role)  # app.domain.access
        if scope is Scope.NONE:
            raise PermissionDenied
        if scope is Scope.STATION:
            if query.station_code not in (None, actor.station_code):
                raise PermissionDenied
            return actor.station_id
        if query.station_code is None:
            return None
        station_id = session.scalar(select(Station.id).where(Station.code == query.station_code))
        if station_id is None:
            raise Refused([Issue("unknown_station", "station", {"value": query.station_code})])
        return int(station_id)


class Counted:
    """The queries of one set of figures: each a GROUP BY over the incidents `query` selects."""

    def __init__(self, session: Session, query: StatsQuery, station_id: int | None) -> None:
        self.session = session
        self.query = query
        self.station_id = station_id

    def _incident(self, *, dated: bool = True) -> list[ColumnElement[bool]]:
        """What makes a case an incident of these figures: not a duplicate (the case it
        duplicates is the incident), a counted status, the station; and, unless `dated` is
        False, the period."""
        conditions: list[ColumnElement[bool]] = [
            Case.duplicate_of_id.is_(None),
            Case.status.in_(sorted(self.query.counted_statuses())),
        ]
        if self.station_id is not None:
            conditions.append(Case.station_id == self.station_id)
        if dated:
            start, end = self.query.bounds()
            conditions += [Case.listed_at >= start, Case.listed_at < end]
        return conditions

    def incidents(self) -> int:
        stmt = select(func.count()).select_from(Case).where(*self._incident())
        return int(self.session.execute(stmt).scalar_one())

    def by(self, dimension: Dimension) -> dict[str, int]:
        if dimension is Dimension.MONTH:
            return self._grouped(self._month(), select_from=Case)
        if dimension in CASE_COLUMNS:
            column = func.coalesce(CASE_COLUMNS[dimension], literal(d.NOT_RECORDED))
            return self._grouped(column, select_from=Case)
        # One pass: a case without a row of its own joins NULL, i.e. counts as not recorded.
        row, column = UNDER_EACH_ROWS[dimension]
        return self._grouped(
            func.coalesce(column, literal(d.NOT_RECORDED)),
            select_from=Case,
            join=(row, row.case_id == Case.id),
        )

    def _grouped(
        self, column: Any, *, select_from: Any, join: tuple[Any, Any] | None = None
    ) -> dict[str, int]:
        key = column.label("key")
        stmt: Select[Any] = select(key, func.count().label("n")).select_from(select_from)
        if join is not None:
            stmt = stmt.outerjoin(*join)
        stmt = stmt.where(*self._incident()).group_by(key)
        return {str(row.key): int(row.n) for row in self.session.execute(stmt)}

    def _month(self) -> Any:
        """The month an incident falls in, in the local calendar: its bounds are computed here,
        so that both engines agree without time zones in SQL. A binary search of the months (a
        handful of comparisons per case, not one per month: 5 years are 60 of them)."""
        bounds = [
            (key, end) for key, _start, end in d.month_bounds(self.query.start, self.query.end)
        ]

        def search(months: list[tuple[str, Any]]) -> Any:
            if len(months) == 1:
                return literal(months[0][0])
            middle = len(months) // 2
            return case(
                (Case.listed_at < months[middle - 1][1], search(months[:middle])),
                else_=search(months[middle:]),
            )

        return search(bounds)

    def outcomes(self, incidents: int) -> Outcomes:
        """Cases prosecuted and sentenced in the period, by the first day of each (app.domain.
        statistics), and each outcome entered in the period by kind. Not the incident's date:
        a court decides years later, and the year's figures say what the courts did that year."""
        start, end = self.query.start, self.query.end
        base = [OutcomeRow.happened_on >= start, OutcomeRow.happened_on <= end]
        by_kind = select(OutcomeRow.kind, func.count().label("n")).join(
            Case, Case.id == OutcomeRow.case_id
        )
        by_kind = by_kind.where(*base, *self._incident(dated=False)).group_by(OutcomeRow.kind)
        entered = {row.kind: int(row.n) for row in self.session.execute(by_kind)}
        return Outcomes(
            recorded=incidents,
            prosecuted=self._first_in_period(d.PROSECUTION),
            sentenced=self._first_in_period(d.SENTENCE),
            by_kind=tuple(Count(kind.value, entered.get(kind.value, 0)) for kind in OutcomeKind),
        )

    def _first_in_period(self, kinds: frozenset[OutcomeKind]) -> int:
        first = (
            select(OutcomeRow.case_id, func.min(OutcomeRow.happened_on).label("first"))
            .join(Case, Case.id == OutcomeRow.case_id)
            .where(OutcomeRow.kind.in_(sorted(kinds)), *self._incident(dated=False))
            .group_by(OutcomeRow.case_id)
            .subquery()
        )
        stmt = (
            select(func.count())
            .select_from(first)
            .where(first.c.first >= self.query.start, first.c.first <= self.query.end)
        )
        return int(self.session.execute(stmt).scalar_one())
