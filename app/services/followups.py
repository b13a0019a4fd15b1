"""The follow-up list: referrals awaiting a service's answer and re-contacts of the victim, due or
overdue (app.domain.followup_list says which), for the officer's cases or the station's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute

from app.domain import followup_list, referrals
from app.domain.access import Scope, case_scope
from app.domain.case import Role
from app.domain.followup_list import FollowUpKind
from app.domain.validation import Issue
from app.i18n import _
from app.services.context import Actor, Backend
from app.services.errors import PermissionDenied, Refused
from app.services.guard import guarded
from app.storage.tables import Case, FollowUpRow, ReferralRow, Station, User


@dataclass(frozen=True)
class FollowUpItem:
    """One line of the follow-up list: references and names only, nothing typed about the victim
    (a re-contact's note stays in the case)."""

    case_id: int
    reference: str
    kind: FollowUpKind
    service_name: str  # the service whose answer is awaited; "" for a re-contact
    due_on: date
    days_overdue: int  # calendar days past the due date, 0 when not yet overdue
    officer_name: str
    station_code: str

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    def what(self) -> str:
        """What is due, in the screen language (the list and the command line say it alike)."""
        if self.kind is FollowUpKind.REFERRAL_ANSWER:
            return _("Referral answer: {service}").format(service=self.service_name)
        return _("Re-contact with the victim")


@guarded
class FollowUpService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def followups(
        self, actor: Actor, overdue_only: bool = False, station_code: str | None = None
    ) -> list[FollowUpItem]:
        """The referrals awaiting their service's answer and the open re-contacts that are due or
        overdue (app.domain.followup_list: due within the next working days of the station's
        country, or past; `overdue_only` keeps the past ones), the most overdue first. An officer
        sees those of their own cases, a supervisor the station's, an administrator every
        station's or the one named; an officer or supervisor naming another station is refused.
        Nothing of a case's content is read, so nothing to audit (as the review queue)."""
        today = self.backend.clock().date()
        with self.backend.reading() as session:
            stations = select(Station.id, Station.code, Station.country)
            if station_code is not None:
                stations = stations.where(Station.code == station_code)
            scope = case_scope(actor.role)  # app.domain.access
            if scope is Scope.NONE:
                return []
            if scope is not Scope.ALL:
                if station_code not in (None, actor.station_code):
                    raise PermissionDenied
                stations = stations.where(Station.id == actor.station_id)
            countries = {row.id: row.country for row in session.execute(stations)}
            if not countries:
                raise Refused([Issue("unknown_station", "station", {"value": station_code})])
            # The database keeps what may be listed by the indexed due dates; the per-country
            # rule then decides each line.
            latest = max(
                followup_list.listed_until(today, country, overdue_only)
                for country in countries.values()
            )
            referral_due = ReferralRow.answer_due_on
            pending_referrals = self._scoped(
                select(ReferralRow.service_name, referral_due.label("due_on")),
                ReferralRow.case_id, actor, countries,
            ).where(
                ReferralRow.status.in_([status.value for status in referrals.AWAITING_ANSWER]),
                referral_due.is_not(None),
                referral_due <= latest,
            )  # fmt: skip
            open_recontacts = self._scoped(
                select(FollowUpRow.due_on), FollowUpRow.case_id, actor, countries
            ).where(FollowUpRow.done_at.is_(None), FollowUpRow.due_on <= latest)
            rows = [
                (FollowUpKind.REFERRAL_ANSWER, row) for row in session.execute(pending_referrals)
            ] + [(FollowUpKind.RECONTACT, row) for row in session.execute(open_recontacts)]
        items = [
            FollowUpItem(
                row.case_id,
                row.reference,
                kind,
                getattr(row, "service_name", ""),
                row.due_on,
                referrals.days_overdue(row.due_on, today),
                row.full_name,
                row.code,
            )
            for kind, row in rows
            if followup_list.is_listed(row.due_on, today, row.country, overdue_only)
        ]
        return sorted(items, key=lambda i: (i.due_on, i.reference, i.kind, i.service_name))

    @staticmethod
    def _scoped(
        stmt: Select[*tuple[Any, ...]],
        case_id: InstrumentedAttribute[int],
        actor: Actor,
        countries: dict[int, str],
    ) -> Select[*tuple[Any, ...]]:
        """`stmt` joined to its case, the case's officer and station, kept to the cases the actor
        follows up: their own (an officer), or those of the stations in `countries`."""
        stmt = (
            stmt.add_columns(
                Case.id.label("case_id"), Case.reference, User.full_name, Station.code,
                Station.country,
            )
            .join(Case, Case.id == case_id)
            .join(User, User.id == Case.officer_id)
            .join(Station, Station.id == Case.station_id)
            .where(Case.station_id.in_(countries))
        )  # fmt: skip
        if actor.role is Role.OFFICER:
            stmt = stmt.where(Case.officer_id == actor.user_id)
        return stmt
