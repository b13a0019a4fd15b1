"""The statistics count in the database, never row by row: one set of figures takes the same
number of SQL statements for 10 cases as for 200, on both engines (issue 14, point 6; how fast
it is at scale is bench/statistics.py's to measure, not a test's)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import event, select

from app.domain.case import OutcomeKind
from app.domain.statistics import StatsQuery
from app.services import Services
from app.services.statistics import ALL, FIRST
from app.storage import tables as t

# The demo's cases happened within three years of the test clock (2026-05-04).
PERIOD = StatsQuery(date(2023, 5, 1), date(2026, 5, 4))


def statements(services: Services, work: Callable[[], object]) -> int:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        seen.append(sql)

    engine = services.backend.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def add_outcomes(services: Services) -> None:
    """Every case sent to the prosecutor, every other one charged and convicted too."""
    now = services.backend.clock()
    with services.backend.transaction() as session:
        for n, (case_id, listed_at) in enumerate(
            session.execute(select(t.Case.id, t.Case.listed_at))
        ):
            kinds = [OutcomeKind.SENT_TO_PROSECUTOR]
            if n % 2:
                kinds += [OutcomeKind.CHARGED, OutcomeKind.CONVICTED]
            for step, kind in enumerate(kinds):
                session.add(
                    t.OutcomeRow(
                        case_id=case_id, kind=kind.value,
                        happened_on=listed_at.date() + timedelta(days=30 * (step + 1)),
                        recorded_at=now, recorded_by="admin",
                    )
                )  # fmt: skip


def figures_statements(services: Services) -> tuple[dict[str, int], int]:
    admin = services.accounts.authenticate("admin", "demo")
    supervisor = services.accounts.authenticate("supervisor", "demo")
    counts = {}
    for who, actor in (("admin", admin), ("supervisor", supervisor)):
        for what, dimensions, outcomes in (("first", FIRST, False), ("all", ALL, True)):
            counts[f"{who} {what}"] = statements(
                services,
                lambda actor=actor, dimensions=dimensions, outcomes=outcomes: (
                    services.statistics.statistics(
                        actor, PERIOD, dimensions=dimensions, with_outcomes=outcomes
                    )
                ),
            )
    incidents = services.statistics.statistics(admin, PERIOD, dimensions=()).incidents
    return counts, incidents


def test_the_figures_take_as_many_statements_for_200_cases_as_for_10(services: Services) -> None:
    services.demo.fill(10)
    add_outcomes(services)
    few, few_incidents = figures_statements(services)

    services.demo.fill(190)  # a second fill adds cases
    with services.backend.transaction() as session:
        session.query(t.OutcomeRow).delete()
    add_outcomes(services)
    many, many_incidents = figures_statements(services)

    assert many_incidents > 10 * few_incidents / 2  # the counted cases did grow
    assert many == few
    # At most the account check and two BEGINs (SQLite's; psycopg's are implicit), a statement
    # per table (the total comes with the months), three for the outcomes.
    assert many["admin first"] <= 3 + len(FIRST)
    assert many["admin all"] <= 3 + len(ALL) + 3
