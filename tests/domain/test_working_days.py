"""Working days of a country: weekends and public holidays do not count."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.working_days import is_working_day, working_days_since


def test_a_portuguese_week_with_a_holiday() -> None:
    # 1 December is Restoration of Independence in Portugal; 8 December Immaculate Conception.
    assert not is_working_day(date(2026, 12, 1), "PT")
    assert is_working_day(date(2026, 12, 1), "")  # no country: weekdays only
    assert working_days_since(date(2026, 11, 27), date(2026, 12, 4), "PT") == 4  # Fri to Fri
    assert working_days_since(date(2026, 11, 27), date(2026, 12, 4), "") == 5
    assert working_days_since(date(2026, 12, 4), date(2026, 12, 4), "PT") == 0


def test_an_unknown_country_counts_weekdays() -> None:
    assert working_days_since(date(2026, 11, 27), date(2026, 12, 4), "XX") == 5


@given(
    start=st.dates(date(2000, 1, 1), date(2100, 1, 1)),
    first=st.integers(0, 40),
    second=st.integers(0, 40),
)
def test_periods_add_up_and_a_week_has_at_most_five(start: date, first: int, second: int) -> None:
    middle, end = start + timedelta(days=first), start + timedelta(days=first + second)
    whole = working_days_since(start, end, "PT")
    assert whole == working_days_since(start, middle, "PT") + working_days_since(middle, end, "PT")
    assert whole <= (first + second) // 7 * 5 + min((first + second) % 7, 5)
