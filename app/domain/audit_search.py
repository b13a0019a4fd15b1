"""What a search of the audit trail may ask for: a case reference, a user name, an action, a range
of days (both included). Filters come from outside (a screen, the command line), so each is
checked here, every problem named at once, before any query is built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.audit_actions import AuditAction
from app.domain.validation import REFERENCE, USERNAME, Issue

PAGE_SIZE = 50  # events a page of the viewer shows
MAX_PAGE = 1000  # the most events one page (`audit list --limit`) may ask for
FIRST_DAY = date(2000, 1, 1)  # before the program existed: anything earlier is a typing error


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields filter nothing. `date_from` and `date_to` are days of the station's clock."""

    case_ref: str = ""
    username: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def codes(self) -> dict[str, object]:
        """The filter as the audit trail records it (an export's details): ids and codes only,
        the fields that were given."""
        given = {
            "case": self.case_ref,
            "by": self.username,
            "action": self.action,
            "from_day": self.date_from.isoformat() if self.date_from else "",
            "to_day": self.date_to.isoformat() if self.date_to else "",
        }
        return {name: value for name, value in given.items() if value}


def filter_issues(search: AuditFilter, limit: int = PAGE_SIZE) -> list[Issue]:
    """Every problem of a filter and a page size, by field; none means it may be run."""
    issues: list[Issue] = []
    if not isinstance(search.case_ref, str) or (
        search.case_ref and not REFERENCE.match(search.case_ref)
    ):
        issues.append(Issue("bad_reference", "case", {}))
    if not isinstance(search.username, str) or (
        search.username and not USERNAME.match(search.username)
    ):
        issues.append(Issue("bad_username", "by", {}))
    actions = {action.value for action in AuditAction}
    if not isinstance(search.action, str) or (search.action and search.action not in actions):
        issues.append(Issue("not_one_of", "action", {"allowed": ", ".join(sorted(actions))}))
    days = {"from": search.date_from, "to": search.date_to}
    for name, day in days.items():
        if day is not None and (not _is_day(day) or not day >= FIRST_DAY):
            issues.append(Issue("date_out_of_range", name, {"first": FIRST_DAY.year, "last": 9999}))
    first, last = search.date_from, search.date_to
    if first is not None and last is not None and _is_day(first) and _is_day(last) and first > last:
        issues.append(Issue("from_after_to", "from", {"to": last.isoformat()}))
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        issues.append(Issue("count_out_of_range", "limit", {"min": 1, "max": MAX_PAGE}))
    return issues


def _is_day(value: object) -> bool:
    return type(value) is date  # a datetime is not a day
