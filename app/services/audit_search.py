"""The audit viewer's searches: the trail filtered by case, user, action and days, paged by key
(newest first: `id < :before ORDER BY id DESC LIMIT n`, never OFFSET, so the millionth event
costs what the first does), its export to CSV for the data-protection officer, and what the last
`audit verify` and checkpoint were.

Who sees what: an administrator and a data-protection officer every station's events; a
supervisor those of their station: events about its cases, its accounts or the station itself,
and the other events its users did (`of_station`). Each is an EXISTS on a unique index
(cases.reference, users.username, stations.code), so a page stops after the events it shows.

Each search (its first page, not the page turns) is itself audited: the trail shows who did what
to which case and why (reasons are typed text), so reading it is a consultation of personal data
like any other (LED Art. 25), and the supervisory authority asks who looked.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import Session

from app.domain.audit_actions import AuditAction
from app.domain.audit_search import PAGE_SIZE, AuditFilter, filter_issues
from app.domain.case import Role
from app.domain.directory import neutralise
from app.domain.validation import Issue
from app.services import audit
from app.services.audit import AuditEntry, Delivery, to_entry
from app.services.context import Actor, Backend
from app.services.errors import Refused
from app.services.guard import guarded
from app.storage.tables import AuditEvent, Case, Station, User

SEARCHERS = (Role.ADMIN, Role.SUPERVISOR, Role.DATA_PROTECTION_OFFICER)
EXPORTERS = (Role.ADMIN, Role.DATA_PROTECTION_OFFICER)
CSV_HEADER = ("id", "at", "username", "action", "object_type", "object_ref", "reason", "details")
TRAIL = "audit_trail"  # the object type of events about the trail itself
STATION_OBJECTS = ("case", "user", "station")  # object types that belong to one station
MAX_ID = 2**31 - 1
NARROW_RANGE = timedelta(days=7)  # the largest id the column holds on PostgreSQL


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]  # newest first
    older: bool  # more events match before the last one shown
    newer: bool  # more events match after the first one shown


@dataclass(frozen=True)
class TrailStatus:
    """The last `audit verify` (its details say intact and how many findings) and the last
    checkpoint, from the trail itself; None if there was none."""

    last_verify: AuditEntry | None
    last_checkpoint: AuditEntry | None


def day_bounds(search: AuditFilter) -> tuple[datetime | None, datetime | None]:
    """The range of days as instants: from the first day's start to the end of the last, on this
    computer's clock (the station's), both days included."""

    def start(day: date) -> datetime:
        return datetime.combine(day, time.min).astimezone().astimezone(UTC)

    begin = start(search.date_from) if search.date_from else None
    end = None
    if search.date_to:
        end = start(search.date_to + timedelta(days=1)) if search.date_to < date.max else None
    return begin, end


@guarded
class AuditSearchService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def search(
        self,
        actor: Actor,
        search: AuditFilter,
        *,
        before: int | None = None,
        after: int | None = None,
        limit: int = PAGE_SIZE,
    ) -> AuditPage:
        """A page of the events that match, newest first: the newest ones, or those just older
        than the event `before`, or just newer than the event `after`. A first page is audited
        (with the filter's codes), the page turns of the same search are not."""
        actor.require(*SEARCHERS)
        issues = filter_issues(search, limit)
        for name, key in (("before", before), ("after", after)):
            if key is not None and (not isinstance(key, int) or isinstance(key, bool) or key < 0):
                issues.append(Issue("number_out_of_range", name, {"max": MAX_ID}))
        if issues:
            raise Refused(issues)
        with self.backend.reading() as session:
            matching = self._matching(actor, search)
            if after is not None:
                rows = list(session.execute(
                    matching.where(AuditEvent.id > after).order_by(AuditEvent.id).limit(limit + 1)
                ))  # fmt: skip
                newer = len(rows) > limit
                rows = rows[:limit][::-1]
                older = bool(rows) and self._any(session, matching, AuditEvent.id < rows[-1].id)
            else:
                stmt = matching.order_by(AuditEvent.id.desc()).limit(limit + 1)
                if before is not None:
                    stmt = stmt.where(AuditEvent.id < before)
                rows = list(session.execute(stmt))
                older = len(rows) > limit
                rows = rows[:limit]
                newer = before is not None and self._any(
                    session, matching, AuditEvent.id > (rows[0].id if rows else before - 1)
                )
            page = AuditPage(tuple(entry_of(row) for row in rows), older, newer)
        if before is None and after is None:
            with self.backend.transaction() as session:
                audit.record(
                    session, self.backend.clock(), actor.username,
                    AuditAction.AUDIT_SEARCH.value, TRAIL, details=search.codes(),
                )  # fmt: skip
        return page

    def export_csv(self, actor: Actor, search: AuditFilter, delivery: Delivery) -> int:
        """Every event that matches, oldest first, as CSV (UTF-8; cells that a spreadsheet would
        take for a formula neutralised); audited once delivered with the filter's codes and the
        count, or as `audit_export_failed`. Returns the count."""
        actor.require(*EXPORTERS)
        issues = filter_issues(search)
        if issues:
            raise Refused(issues)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        count = 0
        with self.backend.reading() as session:
            stmt = self._matching(actor, search).order_by(AuditEvent.id)
            for row in session.execute(stmt.execution_options(yield_per=1000)):
                cells = (
                    str(row.id), row.at.astimezone(UTC).isoformat(), row.username, row.action,
                    row.object_type, row.object_ref, row.reason, row.details,
                )  # fmt: skip
                writer.writerow([neutralise(cell) for cell in cells])
                count += 1
        details: dict[str, Any] = {**search.codes(), "count": count}
        audit.deliver(
            self.backend, actor.username, AuditAction.AUDIT_EXPORT.value, "", "", details, delivery,
            out.getvalue().encode("utf-8"), TRAIL,
        )  # fmt: skip
        return count

    def status(self, actor: Actor) -> TrailStatus:
        """The last verify and checkpoint, by anyone (the trail is one for every station)."""
        actor.require(*SEARCHERS)
        with self.backend.reading() as session:

            def last(action: AuditAction) -> AuditEntry | None:
                row = session.scalar(
                    select(AuditEvent)
                    .where(AuditEvent.action == action.value)
                    .order_by(AuditEvent.id.desc())
                    .limit(1)
                )
                return to_entry(row) if row is not None else None

            return TrailStatus(last(AuditAction.AUDIT_VERIFY), last(AuditAction.AUDIT_CHECKPOINT))

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _any(session: Session, matching: Select[Any], where: Any) -> bool:
        return session.scalar(matching.where(where).limit(1)) is not None

    def _matching(self, actor: Actor, search: AuditFilter) -> Select[Any]:
        # The columns, not ORM objects: a page of rows is read a third faster.
        stmt = select(*AuditEvent.__table__.columns)
        if search.case_ref:
            stmt = stmt.where(
                AuditEvent.object_type == "case", AuditEvent.object_ref == search.case_ref
            )
        if search.username:
            stmt = stmt.where(AuditEvent.username == search.username)
        begin, end = day_bounds(search)
        if search.action:
            action: Any = AuditEvent.action
            few_days = begin is not None and end is not None and end - begin <= NARROW_RANGE
            if few_days and not search.case_ref and not search.username:
                # The time index finds a few days' events at once; the (action, id) index would
                # walk every such event since (SQLite has no statistics to tell: 600 ms a page
                # instead of 2 over a million events, bench/audit_trail.py).
                action = AuditEvent.action.concat("")
            stmt = stmt.where(action == search.action)
        if begin is not None:
            stmt = stmt.where(AuditEvent.at >= begin)
        if end is not None:
            stmt = stmt.where(AuditEvent.at < end)
        if actor.role is Role.SUPERVISOR:
            stmt = stmt.where(of_station(actor.station_id))
        return stmt


def entry_of(row: Any) -> AuditEntry:
    return AuditEntry(
        row.id, row.at, row.username, row.action, row.object_type, row.object_ref, row.reason,
        json.loads(row.details or "{}"),
    )  # fmt: skip


def of_station(station_id: int) -> ColumnElement[bool]:
    """An event of the station: about one of its cases, one of its accounts or the station
    itself; or about nothing of a station (a search of the trail, a verify), or refused, and done
    by one of its users. So an administrator's change to another station's account is that
    station's, and an officer's refused attempt their own station's."""
    by_its_user = and_(
        or_(AuditEvent.object_type.not_in(STATION_OBJECTS), AuditEvent.action == "refused"),
        exists().where(User.username == AuditEvent.username, User.station_id == station_id),
    )
    about_case = and_(
        AuditEvent.object_type == "case",
        exists().where(Case.reference == AuditEvent.object_ref, Case.station_id == station_id),
    )
    about_user = and_(
        AuditEvent.object_type == "user",
        exists().where(User.username == AuditEvent.object_ref, User.station_id == station_id),
    )
    about_station = and_(
        AuditEvent.object_type == "station",
        exists().where(Station.code == AuditEvent.object_ref, Station.id == station_id),
    )
    return or_(by_its_user, about_case, about_user, about_station)


def details_text(entry: AuditEntry) -> str:
    """The details as JSON, for the command line."""
    return json.dumps(dict(entry.details), sort_keys=True, ensure_ascii=False)
