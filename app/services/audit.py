"""The audit trail: every view, print, export, change and refusal, with who, when and why (LED
Art. 25).

Events are sealed with a key kept outside the database, in a key file readable by the program's
account only (app/domain/audit_chain.py says what the seals prove). `audit verify` names every
altered, forged, renumbered, swapped or missing event; a checkpoint written to a file the station
keeps elsewhere also shows a tail cut off together with the head.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import event as orm_event
from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import Session

from app.domain import audit_chain as chain
from app.domain.case import Role
from app.domain.validation import Issue
from app.services.context import AUDIT_KEYS, Actor, AuditKeys, Backend
from app.services.errors import AuditTrailBroken, Refused
from app.services.guard import guarded
from app.storage.tables import AuditEvent, AuditHead, AuditPrune, Meta, User

# Any constant: PostgreSQL's advisory lock makes appends to the chain take turns across stations.
CHAIN_LOCK = 7_235_001
PENDING = "audit_pending"  # the key of Session.info: (its transaction, events not yet appended)
HEAD_ID = 1
CHECKPOINT_FORMAT = "proximity-desk-audit-checkpoint"
CHECKPOINT_VERSION = 1


def keys_of(session: Session) -> AuditKeys:
    keys: AuditKeys = session.info[AUDIT_KEYS]
    return keys


def _chain_event(event: AuditEvent) -> chain.ChainEvent:
    return chain.ChainEvent(
        id=event.id,
        at=event.at,
        username=event.username,
        action=event.action,
        object_type=event.object_type,
        object_ref=event.object_ref,
        reason=event.reason,
        details=event.details,
        previous_hash=event.previous_hash,
        hash=event.hash,
    )


def _chain_head(row: AuditHead) -> chain.ChainHead:
    return chain.ChainHead(
        row.key_id, row.sealed_from, row.count, row.last_id, row.last_hash, row.mac
    )


def _anchor(row: AuditPrune) -> chain.PruneAnchor:
    return chain.PruneAnchor(
        row.key_id, row.last_id, row.last_hash, row.year, row.count, row.at, row.username, row.mac
    )


def anchors(session: Session) -> list[chain.PruneAnchor]:
    """The prune anchors, oldest first: where old years of the trail were removed."""
    return [
        _anchor(row) for row in session.scalars(select(AuditPrune).order_by(AuditPrune.last_id))
    ]


def trail_findings(session: Session, key: bytes, head: AuditHead) -> list[Issue]:
    """Every problem of the trail's events, links, head and prune anchors."""
    events = (
        _chain_event(e)
        for e in session.scalars(
            select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=1000)
        )
    )
    return chain.verify(key, events, _chain_head(head), anchors(session))


def _holds_records(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(User.id.is_not(None)))))


def start_trail(session: Session) -> None:
    """Starts the sealed trail of a new, empty database with a new key (first set-up, the first
    account from the command line, a demo fill). A database that already holds records keeps its
    trail: this never starts one over a trail that was removed."""
    if session.get(AuditHead, HEAD_ID) is not None or _holds_records(session):
        return
    if session.scalar(select(exists().where(AuditEvent.id.is_not(None)))):
        return  # events without a head: adopted if legacy, refused otherwise (record)
    key = keys_of(session).create()
    _new_head(session, key, sealed_from=1, count=0, last_id=0, last_hash=chain.GENESIS)


def _new_head(
    session: Session, key: bytes, *, sealed_from: int, count: int, last_id: int, last_hash: str
) -> AuditHead:
    head = AuditHead(
        id=HEAD_ID,
        key_id=chain.key_id(key),
        sealed_from=sealed_from,
        count=count,
        last_id=last_id,
        last_hash=last_hash,
    )
    head.mac = chain.head_mac(key, _chain_head(head))
    session.add(head)
    session.flush()
    return head


def _adopt_legacy(session: Session) -> tuple[bytes, AuditHead]:
    """The trail of the first release, hashed without a key: sealed from its end on, which anchors
    it. Only a trail the migration marked as such; a head that went missing otherwise means the
    trail was removed, and nothing more is recorded."""
    legacy = session.get(Meta, "audit_legacy")
    if legacy is None:
        raise AuditTrailBroken
    count, last_id = session.execute(
        select(func.count(AuditEvent.id), func.coalesce(func.max(AuditEvent.id), 0))
    ).one()
    last_hash = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == last_id))
    key = keys_of(session).create()
    head = _new_head(
        session,
        key,
        sealed_from=last_id + 1,
        count=count,
        last_id=last_id,
        last_hash=last_hash or chain.GENESIS,
    )
    session.delete(legacy)
    return key, head


def record(
    session: Session,
    at: datetime,
    username: str,
    action: str,
    object_type: str,
    object_ref: str = "",
    reason: str = "",
    details: dict[str, object] | None = None,
) -> None:
    """Records one event of the transaction `session` is in. `details` must never hold victim
    data: ids and codes only. The event joins the chain when the transaction commits, as its very
    last statements (`append_pending`): the one lock that makes stations take turns is then held
    for the append and the commit only, never while a workstation's save does its work. Gone
    with the transaction if it rolls back, like every change it records."""
    event = AuditEvent(
        at=at.astimezone(UTC).replace(microsecond=0),
        username=username,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        reason=reason,
        details=json.dumps(details or {}, sort_keys=True),
    )
    _pending(session).append(event)


def _pending(session: Session) -> list[AuditEvent]:
    """The events recorded in the transaction `session` is in: those of one that rolled back
    are never appended."""
    transaction = session.get_transaction()
    held = session.info.get(PENDING)
    if held is None or held[0] is not transaction:
        held = session.info[PENDING] = (transaction, [])
    events: list[AuditEvent] = held[1]
    return events


def append_pending(session: Session) -> None:
    """Seals the events recorded in this transaction onto the chain, in the order recorded.
    Called before every commit; a unit of work that reads the trail back before it commits (a
    checkpoint) calls it first."""
    pending = _pending(session)
    session.info.pop(PENDING)
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    head = session.get(AuditHead, HEAD_ID)
    if head is None:
        start_trail(session)  # the first event of a new, empty database
        head = session.get(AuditHead, HEAD_ID)
    if head is None:
        key, head = _adopt_legacy(session)
    else:
        key = keys_of(session).load(head.key_id)
    # After the head, unless someone slipped a row in there: verify names that row, and the trail
    # goes on after it rather than refusing every action from then on.
    last_id = max(head.last_id, session.scalar(select(func.max(AuditEvent.id))) or 0)
    for event in pending:
        last_id += 1
        event.id, event.previous_hash = last_id, head.last_hash
        event.hash = chain.seal(key, _chain_event(event))
        session.add(event)
        head.count, head.last_id, head.last_hash = head.count + 1, event.id, event.hash
    head.mac = chain.head_mac(key, _chain_head(head))
    session.flush()


@orm_event.listens_for(Session, "before_commit")
def _append_before_commit(session: Session) -> None:
    append_pending(session)


@dataclass(frozen=True)
class Delivery:
    """Where a printout or an export goes: `write` puts its bytes there (a file, the preview, a
    printer) and raises if it cannot; `to` names the place in the audit trail."""

    to: str
    write: Callable[[bytes], None]


def error_kind(error: BaseException) -> str:
    """What went wrong, for the audit trail: an errno name, a kind, or the exception's class;
    never its message, which may hold a path or data."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, OSError) and cause.errno is not None:
            return errno.errorcode.get(cause.errno, type(cause).__name__)
        cause = cause.__cause__
    kind = getattr(error, "kind", None)
    return kind if isinstance(kind, str) else type(error).__name__


def deliver(
    backend: Backend,
    username: str,
    action: str,
    object_ref: str,
    reason: str,
    details: Mapping[str, object],
    delivery: Delivery,
    content: bytes,
    object_type: str = "case",
    then: Callable[[Session], None] | None = None,
) -> None:
    """Hands `content` over, then writes `action` to the trail: it is logged as done only once
    `delivery` succeeded. If it failed, `<action>_failed` is logged with the error's kind, and
    the error goes on to the caller. `then` makes the change the delivery brings (a coordination
    entry) in the same transaction as its log; should it fail after all (someone changed the
    case meanwhile), what was delivered is still logged, with the kind of that failure."""
    details = {**details, "to": delivery.to}
    try:
        delivery.write(content)
    except Exception as error:
        with backend.transaction() as session:
            record(
                session, backend.clock(), username, f"{action}_failed", object_type, object_ref,
                reason, {**details, "error": error_kind(error)},
            )  # fmt: skip
        raise
    try:
        with backend.transaction() as session:
            if then is not None:
                then(session)
            record(
                session, backend.clock(), username, action, object_type, object_ref, reason,
                details,
            )  # fmt: skip
    except Exception as error:
        if then is None:
            raise
        with backend.transaction() as session:
            record(
                session, backend.clock(), username, action, object_type, object_ref, reason,
                {**details, "not_logged": error_kind(error)},
            )  # fmt: skip
        raise


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    object_type: str
    object_ref: str
    reason: str
    details: Mapping[str, object] = field(default_factory=dict)  # ids and codes, never values


def to_entry(event: AuditEvent) -> AuditEntry:
    details = json.loads(event.details or "{}")
    return AuditEntry(
        event.id, event.at, event.username, event.action, event.object_type, event.object_ref,
        event.reason, details,
    )  # fmt: skip


@dataclass(frozen=True)
class AuditReport:
    """What `audit verify` found: no findings means intact."""

    count: int
    last_id: int
    last_hash: str  # to compare with a checkpoint sheet by eye
    findings: tuple[Issue, ...]
    # Where old years were removed (the chain is proven from its last_id + 1 on), and whether the
    # checkpoint given was written before that removal: then only its count could be checked.
    pruned: chain.PruneAnchor | None = None
    checkpoint_predates_prune: bool = False

    @property
    def intact(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class PrunePlan:
    """What a removal of old years takes, or took: events 1 to `last_id`, by year."""

    before_year: int
    years: tuple[tuple[int, int], ...]  # (year, events), oldest first
    last_id: int

    @property
    def count(self) -> int:
        return sum(events for _year, events in self.years)


@guarded
class AuditService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def verify(self, actor: Actor, checkpoint: str | None = None) -> AuditReport:
        """Checks every event's seal and link, the head, and a checkpoint file's text if given.
        The check itself is recorded (with its result, never the findings' details). The
        data-protection officer checks the trail too."""
        actor.require(Role.SUPERVISOR, Role.ADMIN, Role.DATA_PROTECTION_OFFICER)
        point = parse_checkpoint(checkpoint) if checkpoint is not None else None
        with self.backend.reading() as session:
            report = self._verify(session, point)
        self._record_check(actor, "audit_verify", report)
        return report

    def checkpoint(self, actor: Actor) -> tuple[str, chain.Checkpoint]:
        """The sealed head now, as the text of a checkpoint file, and as data for the sheet."""
        actor.require(Role.SUPERVISOR, Role.ADMIN)
        with self.backend.transaction() as session:
            record(session, self.backend.clock(), actor.username, "audit_checkpoint", "audit_trail")
            append_pending(session)  # the head below is the one with it
            head = session.get(AuditHead, HEAD_ID)
            assert head is not None  # the event above made one
            key = keys_of(session).load(head.key_id)
            point = chain.Checkpoint(
                key_id=head.key_id,
                count=head.count,
                last_id=head.last_id,
                last_hash=head.last_hash,
                at=self.backend.clock().astimezone(UTC).replace(microsecond=0),
            )
            point = replace(point, mac=chain.checkpoint_mac(key, point))
        document = {
            "format": CHECKPOINT_FORMAT,
            "format_version": CHECKPOINT_VERSION,
            "station": actor.station_code,
            "key_id": point.key_id,
            "count": point.count,
            "last_id": point.last_id,
            "last_hash": point.last_hash,
            "at": point.at.isoformat(),
            "mac": point.mac,
        }
        return json.dumps(document, indent=2) + "\n", point

    def prune_plan(
        self, actor: Actor, before_year: int, keep_years: int | None = None
    ) -> PrunePlan:
        """Which years `prune` would remove, and how many events: changes nothing."""
        from app.services import audit_prune  # noqa: PLC0415 - it builds on this module

        actor.require(Role.ADMIN)
        keep_years = keep_years or audit_prune.retention_years(self.backend)
        audit_prune.check_year(self.backend, before_year, keep_years)
        with self.backend.reading() as session:
            return audit_prune.plan(session, before_year)

    def prune(self, actor: Actor, before_year: int, keep_years: int | None = None) -> PrunePlan:
        """Removes the years before `before_year` (all past `keep_years`), with a sealed anchor;
        on PostgreSQL as the database owner only. Returns what was removed."""
        from app.services import audit_prune  # noqa: PLC0415 - it builds on this module

        actor.require(Role.ADMIN)
        keep_years = keep_years or audit_prune.retention_years(self.backend)
        return audit_prune.prune(self.backend, actor, before_year, keep_years)

    def entries(self, actor: Actor, object_ref: str = "", limit: int = 200) -> list[AuditEntry]:
        actor.require(Role.SUPERVISOR, Role.ADMIN)
        with self.backend.reading() as session:
            stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            if object_ref:
                stmt = stmt.where(AuditEvent.object_ref == object_ref)
            return [to_entry(e) for e in session.scalars(stmt)]

    # ------------------------------------------------------------------ helpers

    def _verify(self, session: Session, point: chain.Checkpoint | None) -> AuditReport:
        row = session.get(AuditHead, HEAD_ID)
        count, last_id = session.execute(
            select(func.count(AuditEvent.id), func.coalesce(func.max(AuditEvent.id), 0))
        ).one()
        if row is None:
            legacy = session.get(Meta, "audit_legacy") is not None
            broken = not legacy and (count or _holds_records(session))
            missing = [Issue("audit_head_missing", "", {})] if broken else []
            return AuditReport(count, last_id, "", tuple(missing))
        key = keys_of(session).load(row.key_id)
        findings = trail_findings(session, key, row)
        anchor = chain.newest_anchor(key, anchors(session))
        predates = False
        if point is not None:
            at_point = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == point.last_id))
            findings += chain.verify_checkpoint(key, point, count, at_point, anchor)
            predates = chain.predates(point, anchor)
        last_hash = session.scalar(select(AuditEvent.hash).where(AuditEvent.id == last_id))
        return AuditReport(count, last_id, last_hash or "", tuple(findings), anchor, predates)

    def _record_check(self, actor: Actor, action: str, report: AuditReport) -> None:
        details: dict[str, object] = {"intact": report.intact, "findings": len(report.findings)}
        try:
            with self.backend.transaction() as session:
                record(
                    session, self.backend.clock(), actor.username, action, "audit_trail",
                    details=details,
                )  # fmt: skip
        except AuditTrailBroken:
            pass  # the report says why; a trail without its head takes no more events


def parse_checkpoint(text_: str) -> chain.Checkpoint:
    """A checkpoint file's text, checked field by field; Refused names what is wrong."""
    try:
        data = json.loads(text_)
    except json.JSONDecodeError as error:
        params = {"column": error.colno, "detail": error.msg}
        raise Refused([Issue("not_json", f"line {error.lineno}", params)]) from error
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise Refused([Issue("not_a_checkpoint", "format", {})])
    issues = []
    fields: dict[str, object] = {}
    for name, kind in (
        ("key_id", str), ("count", int), ("last_id", int), ("last_hash", str), ("mac", str),
    ):  # fmt: skip
        value = data.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            issues.append(Issue("missing", name, {}))
        fields[name] = value
    try:
        at = datetime.fromisoformat(str(data.get("at")))
        if at.tzinfo is None:
            raise ValueError
    except ValueError:
        issues.append(Issue("expected_datetime", "at", {}))
        at = datetime.now(UTC)
    if issues:
        raise Refused(issues)
    return chain.Checkpoint(at=at, **fields)  # type: ignore[arg-type]
