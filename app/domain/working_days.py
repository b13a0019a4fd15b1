"""Working days, as a country's calendar has them: weekdays that are not public holidays.

The calendar is the `holidays` package's, never a hand-made one. A station without a country
counts weekdays only.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    if not country:
        return frozenset()
    try:
        return frozenset(holidays.country_holidays(country, years=year))
    except NotImplementedError:  # a code the package does not know: weekdays only
        return frozenset()


def is_working_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(country, day.year)


def working_days_since(start: date, today: date, country: str) -> int:
    """The working days after `start` up to and including `today` (0 on the same day)."""
    day, count = start + timedelta(days=1), 0
    while day <= today:
        count += is_working_day(day, country)
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int, country: str) -> date:
    """The day `days` working days after `start` (a deadline: 2 working days after a Friday
    referral is the Tuesday, or later across a public holiday)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= is_working_day(day, country)
    return day


@cache
def supported_countries() -> tuple[str, ...]:
    """The two-letter ISO 3166 codes whose public holidays the calendar knows (PT, FI...)."""
    return tuple(
        sorted(c for c in holidays.list_supported_countries() if len(c) == 2 and c.isupper())
    )


def is_supported_country(country: str) -> bool:
    return country in supported_countries()
