"""What the follow-up list shows: due within the next working days of the station's country, or
past (overdue); due today is not overdue."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.followup_list import (
    DUE_SOON_WORKING_DAYS,
    is_listed,
    is_overdue,
    listed_until,
)
from app.domain.working_days import add_working_days

FRIDAY = date(2026, 12, 4)


def test_the_list_looks_ahead_over_the_weekend() -> None:
    """On a Friday the list shows what falls due on Monday and Tuesday, not Wednesday."""
    assert DUE_SOON_WORKING_DAYS == 2
    assert listed_until(FRIDAY, "") == date(2026, 12, 8)
    assert is_listed(date(2026, 12, 8), FRIDAY, "")
    assert not is_listed(date(2026, 12, 9), FRIDAY, "")


def test_a_public_holiday_pushes_the_horizon() -> None:
    """Wednesday 3 June 2026: Thursday is Corpus Christi in Portugal, so two working days ahead is
    Monday 8 June there, and Friday 5 June where no holiday is counted."""
    wednesday = date(2026, 6, 3)
    assert listed_until(wednesday, "PT") == date(2026, 6, 8)
    assert listed_until(wednesday, "") == date(2026, 6, 5)
    assert is_listed(date(2026, 6, 8), wednesday, "PT")
    assert not is_listed(date(2026, 6, 8), wednesday, "")


def test_overdue_means_past_the_due_date() -> None:
    assert not is_overdue(FRIDAY, FRIDAY)
    assert is_overdue(FRIDAY, FRIDAY + timedelta(days=1))
    assert not is_listed(FRIDAY, FRIDAY, "", overdue_only=True)  # due today: not overdue yet
    assert is_listed(FRIDAY - timedelta(days=1), FRIDAY, "", overdue_only=True)


@given(
    today=st.dates(date(2000, 1, 1), date(2090, 12, 31)),
    offset=st.integers(-400, 400),
    country=st.sampled_from(["", "PT", "FI", "ES", "XX"]),
)
def test_every_overdue_date_is_listed_and_nothing_beyond_the_horizon(
    today: date, offset: int, country: str
) -> None:
    due = today + timedelta(days=offset)
    horizon = add_working_days(today, DUE_SOON_WORKING_DAYS, country)
    assert is_listed(due, today, country) == (due <= horizon)
    assert is_listed(due, today, country, overdue_only=True) == is_overdue(due, today)
    assert is_overdue(due, today) == (offset < 0)
    if is_listed(due, today, country, overdue_only=True):
        assert is_listed(due, today, country)
