"""The audit trail: every view, print, export and change, with who, when and why (LED Art. 25).

Each event stores the hash of the one before it, so an edited or deleted row breaks the chain and
`audit verify` names where.
"""

from __future__ import annotations

import errno
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.domain.case import Role
from app.services.context import Actor, Backend
from app.storage.tables import AuditEvent

GENESIS = "0" * 64
# Any constant: PostgreSQL's advisory lock makes appends to the chain take turns across stations.
CHAIN_LOCK = 7_235_001


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.previous_hash,
            event.at.isoformat(),
            event.username,
            event.action,
            event.object_type,
            event.object_ref,
            event.reason,
            event.details,
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


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
    """Appends one event. `details` must never hold victim data: ids and codes only."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    previous = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        at=at.astimezone(UTC).replace(microsecond=0),
        username=username,
        action=action,
        object_type=object_type,
        object_ref=object_ref,
        reason=reason,
        details=json.dumps(details or {}, sort_keys=True),
        previous_hash=previous or GENESIS,
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()


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
) -> None:
    """Hands `content` over, then writes `action` to the trail: it is logged as done only once
    `delivery` succeeded. If it failed, `<action>_failed` is logged with the error's kind, and
    the error goes on to the caller."""
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
    with backend.transaction() as session:
        record(session, backend.clock(), username, action, object_type, object_ref, reason, details)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    object_type: str
    object_ref: str
    reason: str


class AuditService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def verify(self) -> list[int]:
        """Ids of the events whose chain is broken; empty when the trail is intact."""
        broken: list[int] = []
        previous = GENESIS
        with self.backend.reading() as session:
            for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
                if event.previous_hash != previous or _digest(event) != event.hash:
                    broken.append(event.id)
                previous = event.hash
        return broken

    def entries(self, actor: Actor, object_ref: str = "", limit: int = 200) -> list[AuditEntry]:
        actor.require(Role.SUPERVISOR, Role.ADMIN)
        with self.backend.reading() as session:
            stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
            if object_ref:
                stmt = stmt.where(AuditEvent.object_ref == object_ref)
            return [
                AuditEntry(e.id, e.at, e.username, e.action, e.object_type, e.object_ref, e.reason)
                for e in session.scalars(stmt)
            ]
