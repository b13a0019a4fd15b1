"""Statistics: incidents counted in the database, one GROUP BY per table, never row by row
(app.domain.statistics says what is counted how). Counts only: nothing about a person is read, so
a view of the figures is not audited; what leaves the program (an export, a report) is."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, distinct, exists, func, literal, null, select
from sqlalchemy.orm import Session

from app.domain import odihr
from app.domain import statistics as d
from app.domain.access import Scope, statistics_scope
from app.domain.audit_actions import AuditAction
from app.domain.case import OutcomeKind
from app.domain.protocol import ODIHR_INCIDENT_TYPES, Odihr, ProtocolPack
from app.domain.statistics import Count, Dimension, Outcomes, Statistics, StatsQuery
from app.domain.validation import Issue
from app.services import audit
from app.services import statistics_files as files
from app.services.audit import Delivery
from app.services.context import Actor, Backend
from app.services.documents import check_language
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
        return self._count(actor, query, dimensions, with_outcomes)

    def _count(
        self,
        actor: Actor,
        query: StatsQuery,
        dimensions: Iterable[Dimension] = ALL,
        with_outcomes: bool = True,
        step: Callable[[], None] = lambda: None,
    ) -> Statistics:
        """`statistics` without its audit of a refusal (the report and exports audit their own),
        calling `step` after each query (an export's progress, and its cancel)."""
        if problems := query.problems():
            raise Refused(problems)
        dimensions = tuple(dimensions)
        with self.backend.reading() as session:
            counted = Counted(session, query, self._station_id(session, actor, query))
            by = {}
            for dim in dimensions:
                by[dim] = counted.by(dim)
                step()
            # Each incident of the period falls in exactly one of its months: their sum is the
            # total, without another pass over the cases.
            if Dimension.MONTH in by:
                incidents = sum(by[Dimension.MONTH].values())
            else:
                incidents = counted.incidents()
            tables = {dim: d.table(dim, by[dim], incidents, query) for dim in dimensions}
            outcomes = counted.outcomes(incidents) if with_outcomes else None
            step()
        return Statistics(query, incidents, tables, outcomes)

    # ---------------------------------------------------------------------- the printed report

    def statistics_report(self, actor: Actor, query: StatsQuery, language: str) -> bytes:
        """The statistics report as PDF in a document language, of the figures `statistics`
        gives the same user (the same role rules), audited as "stats_report"."""
        from app.services.statistics_report import report  # noqa: PLC0415 - reportlab

        check_language(language)
        return report(self.backend, actor, self._count(actor, query), language)

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

    # ------------------------------------------- the annual return and the exports (audited)

    def annual_return(
        self, actor: Actor, year: int, station_code: str | None, threshold: int = 0
    ) -> odihr.OdihrReturn:
        """The year's ODIHR return of the station (None: every station the user answers for),
        counts of `threshold` and more shown, smaller ones suppressed (0: none)."""
        code = own_station(actor, station_code)
        return self._annual_return(actor, year, code, threshold, Steps(None, 0))

    def _annual_return(
        self, actor: Actor, year: int, station_code: str | None, threshold: int, steps: Steps
    ) -> odihr.OdihrReturn:
        query = replace(_year(year), station_code=station_code)
        with self.backend.reading() as session:
            station_id = self._station_id(session, actor, query)
            pack = self._pack(session, station_id)
            counts = OdihrCounted(Counted(session, query, station_id), pack.odihr, steps).counts()
        return odihr.build(year, station_code, pack.odihr.classifications, counts, threshold)

    def _pack(self, session: Session, station_id: int | None) -> ProtocolPack:
        """The pack whose maps the return follows: the station's; for every station, the one
        they all follow (maps of different packs may disagree: refused, ask station by
        station)."""
        stmt = select(Station.protocol_pack).distinct()
        if station_id is not None:
            stmt = stmt.where(Station.id == station_id)
        packs = sorted(session.scalars(stmt))
        if len(packs) > 1:
            raise Refused([Issue("packs_differ", "station", {"packs": ", ".join(packs)})])
        return self.backend.pack(packs[0] if packs else "eu-baseline")

    def export(
        self,
        actor: Actor,
        year: int,
        station_code: str | None,
        fmt: str,
        delivery: Delivery,
        progress: Progress | None = None,
        threshold: int = 0,
    ) -> bool:
        """Writes the year's figures in `fmt` (EXPORT_FORMATS) through `delivery` (app.files
        writes a whole file or nothing), telling `progress` how far it is; False if the user
        cancelled (nothing written, nothing logged). Audited "stats_export" with the year,
        station, format and number of rows, or "stats_export_failed"."""
        if fmt not in EXPORT_FORMATS:
            raise Refused([Issue("not_one_of", "format", {"allowed": ", ".join(EXPORT_FORMATS)})])
        station_code = own_station(actor, station_code)
        try:
            content, rows = self._export(actor, year, station_code, fmt, progress, threshold)
        except Cancelled:
            return False
        details = {"year": year, "station": station_code or "", "format": fmt, "rows": rows}
        audit.deliver(
            self.backend, actor.username, AuditAction.STATS_EXPORT, str(year), "", details,
            delivery, content, "statistics",
        )  # fmt: skip
        return True

    def _export(
        self, actor: Actor, year: int, station_code: str | None, fmt: str,
        progress: Progress | None, threshold: int,
    ) -> tuple[bytes, int]:  # fmt: skip
        if fmt == "odihr":
            steps = Steps(progress, OdihrCounted.STEPS + 1)
            the_return = self._annual_return(actor, year, station_code, threshold, steps)
            content, rows = files.odihr_xlsx(the_return, self._labels(actor, station_code))
            steps.step()
            return content, rows
        query = replace(_year(year), station_code=station_code)
        steps = Steps(progress, len(ALL) + 2)
        figures = self._count(actor, query, step=steps.step)
        labels = self._labels(actor, station_code)
        write = files.tables_csv if fmt == "csv" else files.tables_xlsx
        content, rows = write(figures, labels, threshold)
        steps.step()
        return content, rows

    def _labels(self, actor: Actor, station_code: str | None) -> ProtocolPack:
        """The pack whose labels name the rows (the station's, else the user's station's)."""
        with self.backend.reading() as session:
            code = station_code or actor.station_code
            pack_id = session.scalar(select(Station.protocol_pack).where(Station.code == code))
        return self.backend.pack(pack_id or "eu-baseline")


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


# ------------------------------------------------------------ the annual return, and exports
# (issue 14, point 4.) The counting stays here, in GROUP BY queries over the incidents `Counted`
# selects; app.domain.odihr puts the counts in ODIHR's order, app.services.statistics_files
# writes them out.

# The formats of `export`: the ODIHR return (an XLSX workbook), every table in long form (CSV),
# every table on a sheet of its own (XLSX).
EXPORT_FORMATS = ("odihr", "csv", "xlsx")
FIRST_YEAR = 1900  # before any force kept such records: a typing error
# Told how far an export is: (steps done, steps in all); returning False cancels it.
Progress = Callable[[int, int], bool]


class Cancelled(Exception):
    """The user cancelled an export: nothing was written."""


class Steps:
    """An export's steps, each reported to `progress` as it is done."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and not self.progress(self.done, self.total):
            raise Cancelled


def _mapped(column: Any, mapping: tuple[tuple[str, str], ...]) -> Any:
    """The ODIHR value of a pack id, in SQL: NULL for an id not mapped (or mapped to "")."""
    pairs = {key: value for key, value in mapping if value}
    return case(pairs, value=column, else_=null()) if pairs else null()


class OdihrCounted:
    """The GROUP BY queries of the return over `counted`'s incidents of the pack's hate-crime
    classifications: the year's incidents by their date, the courts' outcomes by theirs."""

    def __init__(self, counted: Counted, odihr: Odihr, steps: Steps) -> None:
        self.counted, self.odihr, self.steps = counted, odihr, steps
        self.session = counted.session
        self.category = _mapped(CaseMotive.motive, odihr.bias)
        self.kind = _mapped(CaseOffence.offence_type, odihr.incident_types)

    def where(self, *, dated: bool = True) -> list[ColumnElement[bool]]:
        hate_crime = Case.classification.in_(sorted(self.odihr.classifications))
        return [*self.counted._incident(dated=dated), hate_crime]

    def _counts(self, stmt: Select[Any]) -> dict[Any, int]:
        """{key (or (key, key)): n} of a statement selecting its keys, then a count."""
        rows = self.session.execute(stmt).all()
        self.steps.step()
        return {(tuple(row[:-1]) if len(row) > 2 else row[0]): int(row[-1]) for row in rows}

    def _first(self, kinds: frozenset[OutcomeKind]) -> Any:
        """The cases first prosecuted (or sentenced) in the year: app.domain.statistics."""
        first = (
            select(OutcomeRow.case_id, func.min(OutcomeRow.happened_on).label("first"))
            .where(OutcomeRow.kind.in_(sorted(kinds)))
            .group_by(OutcomeRow.case_id)
            .subquery()
        )
        start, end = self.counted.query.start, self.counted.query.end
        return select(first.c.case_id).where(first.c.first >= start, first.c.first <= end)

    def _by_category(self, *, outcome: frozenset[OutcomeKind] | None = None) -> dict[str, int]:
        incidents = func.count(distinct(Case.id))
        stmt = select(self.category, incidents).select_from(CaseMotive)
        stmt = stmt.join(Case, Case.id == CaseMotive.case_id)
        where = self.where(dated=outcome is None)
        if outcome is not None:
            where.append(Case.id.in_(self._first(outcome)))
        return self._counts(stmt.where(*where, self.category.is_not(None)).group_by(self.category))

    def _total(self, *, outcome: frozenset[OutcomeKind] | None = None) -> int:
        where = self.where(dated=outcome is None)
        if outcome is not None:
            where.append(Case.id.in_(self._first(outcome)))
        total = self.session.execute(select(func.count()).select_from(Case).where(*where))
        self.steps.step()
        return int(total.scalar_one())

    def _unmapped(
        self, row: Any, column: Any, mapping: tuple[tuple[str, str], ...]
    ) -> dict[str, int]:
        """Incidents by each id the map lacks, and those with none recorded ("")."""
        known = sorted(key for key, _value in mapping)
        stmt = select(column, func.count(distinct(Case.id))).select_from(row)
        stmt = stmt.join(Case, Case.id == row.case_id).where(*self.where())
        if known:
            stmt = stmt.where(column.not_in(known))
        counts: dict[str, int] = self._counts(stmt.group_by(column))
        none = select(func.count()).select_from(Case)
        none = none.where(*self.where(), ~exists().where(row.case_id == Case.id))
        counts[d.NOT_RECORDED] = int(self.session.execute(none).scalar_one())
        return counts

    def counts(self) -> odihr.Counts:
        incidents = func.count(distinct(Case.id))
        by_type = (
            select(self.category, self.kind, incidents)
            .select_from(CaseMotive)
            .join(Case, Case.id == CaseMotive.case_id)
            .join(CaseOffence, CaseOffence.case_id == Case.id)
            .where(*self.where(), self.category.is_not(None), self.kind.is_not(None))
            .group_by(self.category, self.kind)
        )
        types = (
            select(self.kind, incidents)
            .select_from(CaseOffence)
            .join(Case, Case.id == CaseOffence.case_id)
            .where(*self.where(), self.kind.is_not(None))
            .group_by(self.kind)
        )
        typed = self._counts(types)
        total = odihr.Figures(
            self._total(),
            self._total(outcome=d.PROSECUTION),
            self._total(outcome=d.SENTENCE),
            tuple(typed.get(kind, 0) for kind in ODIHR_INCIDENT_TYPES),
        )
        return odihr.Counts(
            recorded=self._by_category(),
            prosecuted=self._by_category(outcome=d.PROSECUTION),
            sentenced=self._by_category(outcome=d.SENTENCE),
            by_type=self._counts(by_type),
            total=total,
            unmapped_motives=self._unmapped(CaseMotive, CaseMotive.motive, self.odihr.bias),
            unmapped_offences=self._unmapped(
                CaseOffence, CaseOffence.offence_type, self.odihr.incident_types
            ),
        )

    STEPS = 10  # the queries of `counts`


def own_station(actor: Actor, station_code: str | None) -> str | None:
    """The station a return or an export names: a supervisor's figures are their station's,
    though they name none (app.domain.access)."""
    if station_code is None and statistics_scope(actor.role) is Scope.STATION:
        return actor.station_code
    return station_code


def _year(year: int) -> StatsQuery:
    if not FIRST_YEAR <= year <= date.max.year:
        raise Refused([Issue("bad_year", "year", {"value": year, "first": FIRST_YEAR})])
    return d.year_query(year)
