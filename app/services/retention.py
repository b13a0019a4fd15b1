"""Retention of closed cases: `plan` says which have expired parts (app.domain.retention) under
their station's protocol pack, `run` anonymises them, each through the case's one path
(`CaseService.apply` with Action.ANONYMISE: the workflow's check, a version bump, an audit event
per case). Every run, a dry run too, is one RETENTION_RUN event with its counts. Administrators
only."""

from __future__ import annotations

import typing
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy import ColumnElement, and_, or_, select

from app.domain import audit_chain as chain
from app.domain import retention
from app.domain.audit_actions import AuditAction
from app.domain.case import CaseStatus, Role
from app.domain.protocol import Retention
from app.domain.retention import Expiry
from app.domain.validation import Issue
from app.domain.workflow import Action, Decision
from app.services import audit, audit_prune
from app.services.audit import PrunePlan
from app.services.cases import CaseService
from app.services.context import Actor, Backend
from app.services.errors import Conflict, NotAllowed, Refused
from app.services.guard import guarded
from app.storage import cases as repo
from app.storage.tables import AttachmentRow, Case, ReferralRow, Station


@dataclass(frozen=True)
class Expired:
    """One case with expired parts: what a run takes out of it (codes, never content)."""

    case_id: int
    reference: str
    version: int
    expiry: Expiry
    done: bool = False  # a run anonymised it (False in a plan, a dry run, or a case changed since)


@dataclass(frozen=True)
class RetentionRun:
    """What a run found and did, as the command line prints it."""

    today: date
    dry_run: bool
    cases: tuple[Expired, ...]
    # The audit trail keeps its events from this day on; older ones are past their period.
    audit_events_from: date
    # The whole years of audit events before this one are past their period (AuditService.prune).
    audit_before_year: int = 0
    audit_removal: PrunePlan | None = None  # what was (or, in a dry run, would be) removed
    audit_refusal: Issue | None = None  # why they were not (e.g. PostgreSQL: the owner's job)

    def counts(self) -> dict[str, int]:
        """How many cases, and how many of each part, were (or would be) anonymised."""
        counted = [c for c in self.cases if c.done or self.dry_run]
        counts = {"cases": len(counted), "skipped": len(self.cases) - len(counted)}
        for part in ("case", "referrals", "attachments"):
            counts[part] = sum(1 for c in counted if part in c.expiry.parts())
        return counts


@guarded
class RetentionService:
    def __init__(self, backend: Backend, cases: CaseService) -> None:
        self.backend = backend
        self.cases = cases

    def plan(self, actor: Actor, today: date) -> list[Expired]:
        """The closed cases, of every station, with parts expired on `today` under their
        station's pack, by reference. Reads the cases to decide but hands back references and
        part codes only; not itself audited (a run is)."""
        actor.require(Role.ADMIN)
        return self._plan(today)

    def _plan(self, today: date) -> list[Expired]:
        packs = {pack_id: self.backend.pack(pack_id) for pack_id in self._station_packs()}
        found = []
        with self.backend.reading() as session:
            candidates = session.execute(
                select(Case.id, Station.protocol_pack)
                .join(Station, Station.id == Case.station_id)
                .where(
                    Case.status == CaseStatus.CLOSED.value,
                    # Anonymised and not closed again since (a reopened case gains new text).
                    or_(Case.anonymised_at.is_(None), Case.closed_at > Case.anonymised_at),
                    or_(*(self._may_have_expired(i, p.retention, today) for i, p in packs.items())),
                )
                .order_by(Case.closed_at, Case.id)
            ).all()
            for case_id, pack_id in candidates:
                row = typing.cast(Case, repo.load_case(session, case_id))  # never deleted
                record = repo.to_record(row)
                expiry = retention.expired(record, packs[pack_id].retention, today)
                if expiry.parts():
                    found.append(Expired(case_id, record.reference, row.version, expiry))
        return sorted(found, key=lambda c: c.reference)

    @staticmethod
    def _may_have_expired(pack_id: str, periods: Retention, today: date) -> ColumnElement[bool]:
        """The database narrows to the cases of a pack's stations where something may have
        expired (nothing does before the closure plus its period); the domain decides."""

        def closed_by(years: int) -> ColumnElement[bool]:
            until = retention.years_before(today, years)
            return Case.closed_at <= datetime.combine(until, time.max, UTC)

        attachments = select(AttachmentRow.id).where(
            AttachmentRow.case_id == Case.id, AttachmentRow.sha256 != ""
        )
        referrals = select(ReferralRow.id).where(
            ReferralRow.case_id == Case.id,
            ReferralRow.status.in_([s.value for s in retention.ENDED_UNUSED]),
        )
        return and_(
            Station.protocol_pack == pack_id,
            or_(
                closed_by(periods.crime),
                and_(
                    Case.classification.in_(periods.non_crime_classifications),
                    closed_by(periods.non_crime),
                ),
                and_(closed_by(periods.attachment), attachments.exists()),
                and_(closed_by(periods.refused_or_withdrawn_referral), referrals.exists()),
            ),
        )

    def run(self, actor: Actor, today: date, dry_run: bool) -> RetentionRun:
        """Anonymises what `plan` finds (a dry run changes nothing), each case on the version
        it was planned at: one changed or reopened since is left for the next run. The run is
        one audit event with its counts, codes only."""
        actor.require(Role.ADMIN)
        planned = self._plan(today)
        cases = []
        for case in planned:
            done = False
            if not dry_run:
                try:
                    self.cases.apply(
                        actor, case.case_id, case.version, Action.ANONYMISE,
                        Decision(expiry=case.expiry),
                    )  # fmt: skip
                    done = True
                except (Conflict, NotAllowed):
                    pass  # changed since the plan: the next run looks again
            cases.append(Expired(case.case_id, case.reference, case.version, case.expiry, done))
        result = self._remove_old_audit_years(
            actor, RetentionRun(today, dry_run, tuple(cases), self._audit_events_from(today))
        )
        removal = result.audit_removal
        with self.backend.transaction() as session:
            audit.record(
                session, self.backend.clock(), actor.username, AuditAction.RETENTION_RUN,
                "retention", "", "",
                {"dry_run": dry_run, "today": today.isoformat(), **result.counts(),
                 "audit_events_from": result.audit_events_from.isoformat(),
                 "audit_events_removed": removal.count if removal else 0,
                 "audit_refused": result.audit_refusal.code if result.audit_refusal else ""},
            )  # fmt: skip
        return result

    def _remove_old_audit_years(self, actor: Actor, run: RetentionRun) -> RetentionRun:
        """The trail's own events past their period go by whole years behind a sealed anchor
        (app/services/audit_prune.py); never a year the run's day or the clock still keeps. On
        PostgreSQL the program's role may not remove them: the run says so, the owner runs
        `audit prune`."""
        years = audit_prune.retention_years(self.backend)
        day = min(run.today, self.backend.clock().date())
        before_year = chain.first_year_kept(day.year, years)
        try:
            if run.dry_run:
                with self.backend.reading() as session:
                    removal = audit_prune.plan(session, before_year)
            else:
                removal = audit_prune.prune(self.backend, actor, before_year, years)
        except Refused as refused:  # not the owner on PostgreSQL, or a trail that does not verify
            return replace(run, audit_before_year=before_year, audit_refusal=refused.issues[0])
        return replace(run, audit_before_year=before_year, audit_removal=removal)

    def _station_packs(self) -> set[str]:
        return audit_prune.station_packs(self.backend)

    def _audit_events_from(self, today: date) -> date:
        return retention.years_before(today, audit_prune.retention_years(self.backend))
