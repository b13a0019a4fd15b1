"""The counting rules' own parts (app.domain.statistics): which statuses a query counts, the
periods it refuses, the months of a period in the local calendar, a table's reading order and
totals, and the day a case counts as prosecuted or sentenced."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain import statistics as s
from app.domain.case import CaseStatus, OutcomeKind
from app.domain.statistics import NOT_RECORDED, Count, Dimension, StatsQuery

YEAR = s.year_query(2026)


def test_drafts_only_when_asked() -> None:
    assert CaseStatus.DRAFT not in YEAR.counted_statuses()
    assert YEAR.counted_statuses() == frozenset(CaseStatus) - {CaseStatus.DRAFT}
    with_drafts = StatsQuery(YEAR.start, YEAR.end, include_drafts=True)
    assert with_drafts.counted_statuses() == frozenset(CaseStatus)
    # A status filter that names drafts without the box ticked still leaves them out.
    drafts = StatsQuery(YEAR.start, YEAR.end, statuses=frozenset({CaseStatus.DRAFT}))
    assert drafts.counted_statuses() == frozenset()
    closed = StatsQuery(YEAR.start, YEAR.end, statuses=frozenset({CaseStatus.CLOSED}))
    assert closed.counted_statuses() == {CaseStatus.CLOSED}


def test_periods_refused() -> None:
    assert YEAR.problems() == []
    assert [i.code for i in StatsQuery(date(2026, 2, 1), date(2026, 1, 31)).problems()] == [
        "period_reversed"
    ]
    assert StatsQuery(date(2007, 1, 1), date(2026, 12, 31)).problems() == []
    assert [i.code for i in StatsQuery(date(2006, 1, 1), date(2026, 1, 1)).problems()] == [
        "period_too_long"
    ]


def test_a_year() -> None:
    assert (YEAR.start, YEAR.end, YEAR.station_code) == (date(2026, 1, 1), date(2026, 12, 31), None)
    assert s.year_query(2025, "LIS-01").station_code == "LIS-01"
    start, end = YEAR.bounds()
    assert start == s.local_midnight(date(2026, 1, 1))
    assert end == s.local_midnight(date(2027, 1, 1))
    assert start.tzinfo is UTC


def test_months_of_a_period() -> None:
    assert s.months(date(2025, 11, 20), date(2026, 2, 3)) == (
        "2025-11", "2025-12", "2026-01", "2026-02"
    )  # fmt: skip
    assert s.months(date(2026, 5, 5), date(2026, 5, 5)) == ("2026-05",)
    bounds = s.month_bounds(date(2025, 12, 20), date(2026, 1, 10))
    assert [key for key, _a, _b in bounds] == ["2025-12", "2026-01"]
    # Clipped to the period, each from local midnight to the next month's (or the period's end).
    assert bounds[0][1:] == (
        s.local_midnight(date(2025, 12, 20)),
        s.local_midnight(date(2026, 1, 1)),
    )
    assert bounds[1][1:] == (
        s.local_midnight(date(2026, 1, 1)),
        s.local_midnight(date(2026, 1, 11)),
    )


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(0, 2000))
def test_month_bounds_tile_the_period(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    bounds = s.month_bounds(start, end)
    assert bounds[0][1] == s.local_midnight(start)
    assert bounds[-1][2] == s.local_midnight(end + timedelta(days=1))
    for (_k, _a, before_end), (_k2, after_start, _b) in itertools.pairwise(bounds):
        assert before_end == after_start
    assert len({key for key, _a, _b in bounds}) == len(bounds)


def test_a_table_reads_most_frequent_first_not_recorded_last() -> None:
    counted = {"b": 2, NOT_RECORDED: 5, "a": 2, "c": 7, "zero": 0}
    table = s.table(Dimension.MOTIVE, counted, 10, YEAR)
    assert table.counts == (Count("c", 7), Count("a", 2), Count("b", 2), Count(NOT_RECORDED, 5))
    assert table.under_each
    assert table.incidents == 10
    assert table.count_of("a") == 2
    assert table.count_of("zero") == 0
    assert not s.table(Dimension.DISTRICT, {}, 0, YEAR).under_each
    assert s.table(Dimension.DISTRICT, {}, 0, YEAR).counts == ()


def test_a_month_table_has_every_month() -> None:
    half = StatsQuery(date(2026, 1, 1), date(2026, 3, 31))
    table = s.table(Dimension.MONTH, {"2026-02": 4}, 4, half)
    assert table.counts == (Count("2026-01", 0), Count("2026-02", 4), Count("2026-03", 0))


def test_the_day_a_case_counts_as_prosecuted_or_sentenced() -> None:
    outcomes = [
        (OutcomeKind.SENT_TO_PROSECUTOR, date(2025, 1, 5)),
        (OutcomeKind.CONVICTED, date(2026, 3, 1)),
        (OutcomeKind.CHARGED, date(2025, 6, 1)),
    ]
    assert s.first_day(outcomes, s.PROSECUTION) == date(2025, 6, 1)
    assert s.first_day(outcomes, s.SENTENCE) == date(2026, 3, 1)
    assert s.first_day(outcomes[:1], s.PROSECUTION) is None
    assert OutcomeKind.SENT_TO_PROSECUTOR not in s.PROSECUTION
    assert OutcomeKind.DISCONTINUED not in s.PROSECUTION
    assert s.SENTENCE <= s.PROSECUTION


def test_local_midnight_is_utc() -> None:
    moment = s.local_midnight(date(2026, 7, 1))
    assert moment.tzinfo is UTC
    assert moment.astimezone().replace(tzinfo=None) == datetime(2026, 7, 1)
