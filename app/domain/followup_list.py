"""What the follow-up list shows (issue 12, "overdue, on start"): the referrals whose service has
not answered yet and the victim's re-contacts not done yet, when their date is near or past.

- Pending: a referral awaiting the service's answer (referrals.AWAITING_ANSWER) with its answer
  due date set when it was sent; a re-contact not done yet.
- Listed ("due or overdue"): its date is today or earlier, or within the next
  DUE_SOON_WORKING_DAYS working days of the station's country, so that on a Friday, or before a
  public holiday, the officer sees what falls due before the next working days are over.
- Overdue: its date has passed (before today); the days overdue are calendar days
  (referrals.days_overdue). Due today is due, not overdue. "Overdue only" keeps these.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from app.domain.referrals import days_overdue
from app.domain.working_days import add_working_days

# How far ahead the list looks, in working days of the station's country.
DUE_SOON_WORKING_DAYS = 2


class FollowUpKind(StrEnum):
    REFERRAL_ANSWER = "referral_answer"  # the service's answer to a referral
    RECONTACT = "recontact"  # a re-contact of the victim


def listed_until(today: date, country: str, overdue_only: bool = False) -> date:
    """The latest due date the list shows today: the day before today for overdue only."""
    if overdue_only:
        return date.fromordinal(today.toordinal() - 1)
    return add_working_days(today, DUE_SOON_WORKING_DAYS, country)


def is_listed(due: date, today: date, country: str, overdue_only: bool = False) -> bool:
    return due <= listed_until(today, country, overdue_only)


def is_overdue(due: date, today: date) -> bool:
    return days_overdue(due, today) > 0
