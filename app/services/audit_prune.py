"""Removing old audit events: whole calendar years past their retention, oldest first, with a
prune anchor sealed by the trail's key, so that `audit verify` still proves what remains
(app/domain/audit_chain.py).

The removal runs in one transaction: check the whole trail, write the anchor, delete events 1 to
N (the DELETE trigger lets through no other), and record it. On PostgreSQL the program's role may
neither write an anchor nor delete an event: removal runs as the database owner.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.domain import audit_chain as chain
from app.domain.audit_actions import AuditAction
from app.domain.validation import Issue
from app.services import audit
from app.services.audit import PrunePlan
from app.services.context import Actor, Backend
from app.services.errors import AuditTrailBroken, DatabaseProblem, NotAllowed
from app.storage.tables import AuditEvent, AuditHead, AuditPrune, Station

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL: the role may not (or a trigger refused)


def retention_years(backend: Backend) -> int:
    """How many years the trail keeps its events: one trail for every station, so the longest
    period any station's protocol pack asks (`[retention] audit_event`)."""
    return max(backend.pack(pack).retention.audit_event for pack in station_packs(backend))


def station_packs(backend: Backend) -> set[str]:
    """The protocol packs the stations follow (the EU baseline before any station exists)."""
    with backend.reading() as session:
        return set(session.scalars(select(Station.protocol_pack).distinct())) or {"eu-baseline"}


def check_year(backend: Backend, before_year: int, keep_years: int) -> None:
    """Never a year of the retention window: refused (and recorded as a refused attempt)."""
    first_kept = chain.first_year_kept(backend.clock().year, keep_years)
    if before_year > first_kept:
        params = {"year": before_year, "first": first_kept, "years": keep_years}
        raise NotAllowed([Issue("audit_prune_too_recent", "before_year", params)])


def plan(session: Session, before_year: int) -> PrunePlan:
    """The events of the years before `before_year` at the start of the trail, by year (UTC)."""
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.at)
        .order_by(AuditEvent.id)
        .execution_options(yield_per=10_000)
    )
    try:
        last_id, years = chain.removable(((row.id, row.at.year) for row in rows), before_year)
    finally:
        rows.close()  # read only up to the first event kept
    return PrunePlan(before_year, tuple(years), last_id)


def prune(backend: Backend, actor: Actor, before_year: int, keep_years: int) -> PrunePlan:
    check_year(backend, before_year, keep_years)
    try:
        with backend.transaction() as session:
            done = _prune(backend, session, actor, before_year)
    except DatabaseProblem as problem:
        if problem.code != INSUFFICIENT_PRIVILEGE:
            raise
        raise NotAllowed([Issue("audit_prune_owner_only", "", {})]) from problem
    return done


def _prune(backend: Backend, session: Session, actor: Actor, before_year: int) -> PrunePlan:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": audit.CHAIN_LOCK})
    head = session.get(AuditHead, audit.HEAD_ID)
    if head is None:
        raise AuditTrailBroken
    key = audit.keys_of(session).load(head.key_id)
    found = plan(session, before_year)
    if not found.count:
        return found
    # A trail that does not verify keeps its evidence: nothing is removed from it.
    if audit.trail_findings(session, key, head):
        raise NotAllowed([Issue("audit_prune_not_intact", "", {})])
    last_hash = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == found.last_id))
    anchor = chain.PruneAnchor(
        key_id=head.key_id,
        last_id=found.last_id,
        last_hash=last_hash or "",
        year=found.years[-1][0],
        count=found.count,
        at=backend.clock().astimezone(UTC).replace(microsecond=0),
        username=actor.username,
    )
    anchor = replace(anchor, mac=chain.anchor_mac(key, anchor))
    session.add(AuditPrune(**vars(anchor)))
    session.flush()  # the anchor first: the DELETE trigger lets through events up to it only
    session.execute(delete(AuditEvent).where(AuditEvent.id <= found.last_id))
    details: dict[str, object] = {
        "before_year": before_year,
        "year": anchor.year,
        "count": found.count,
        "last_id": found.last_id,
    }
    audit.record(
        session, backend.clock(), actor.username, AuditAction.AUDIT_PRUNE, "audit_trail",
        details=details,
    )  # fmt: skip
    return found
