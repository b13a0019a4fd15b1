"""The support-services directory: everyone signed in reads it, administrators keep it.

Services are never deleted, only deactivated: referrals name them by code and keep a snapshot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.case import Role, ServiceKind
from app.domain.directory import (
    ALL_GROUPS,
    ServiceEntry,
    matches,
    parse_csv,
    tidy,
    to_csv,
    validate_entry,
)
from app.domain.validation import Issue
from app.services import audit
from app.services.audit import Delivery
from app.services.context import Actor, Backend
from app.services.errors import Refused
from app.services.guard import guarded
from app.storage.tables import SupportService

OBJECT_TYPE = "support_service"


def entry_of(row: SupportService) -> ServiceEntry:
    return ServiceEntry(
        code=row.code,
        name=row.name,
        kind=ServiceKind(row.kind),
        languages=tuple(row.languages),
        groups_served=tuple(row.groups_served),
        area=row.area,
        address=row.address,
        address_confidential=row.address_confidential,
        phone=row.phone,
        email=row.email,
        opening_hours=row.opening_hours,
        notes=row.notes,
        active=row.active,
    )


def store(session: Session, entry: ServiceEntry, now: datetime) -> bool:
    """Writes the entry over the row with its code, or adds one. True when it was new."""
    row = session.scalar(select(SupportService).where(SupportService.code == entry.code))
    new = row is None
    if row is None:
        row = SupportService(code=entry.code)
        session.add(row)
    row.name = entry.name
    row.kind = entry.kind.value
    row.languages = list(entry.languages)
    row.groups_served = list(entry.groups_served)
    row.area = entry.area
    row.address = entry.address
    row.address_confidential = entry.address_confidential
    row.phone = entry.phone
    row.email = entry.email
    row.opening_hours = entry.opening_hours
    row.notes = entry.notes
    row.active = entry.active
    row.updated_at = now
    return new


@guarded
class DirectoryService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def known_groups(self) -> frozenset[str]:
        """The groups a service may serve: every protocol pack's bias motives, and "all"."""
        motives = (item.id for pack in self.backend.packs.values() for item in pack.motives)
        return frozenset({*motives, ALL_GROUPS})

    def list_services(
        self,
        actor: Actor,
        *,
        need: str = "",
        language: str = "",
        group: str = "",
        kind: ServiceKind | None = None,
        include_inactive: bool = False,
    ) -> list[ServiceEntry]:
        """Any signed-in user. Sorted by name."""
        del actor  # every role reads the directory: officers refer from it
        stmt = select(SupportService)
        if kind is not None:
            stmt = stmt.where(SupportService.kind == kind.value)
        if not include_inactive:
            stmt = stmt.where(SupportService.active.is_(True))
        with self.backend.reading() as session:
            entries = [entry_of(row) for row in session.scalars(stmt)]
        # Languages and groups are JSON lists, queried differently by each engine; a directory has
        # tens or hundreds of rows, so they are filtered here.
        found = [e for e in entries if matches(e, need=need, language=language, group=group)]
        return sorted(found, key=lambda e: (e.name.casefold(), e.code))

    def get(self, actor: Actor, code: str) -> ServiceEntry | None:
        del actor  # as list_services: every role
        with self.backend.reading() as session:
            row = session.scalar(select(SupportService).where(SupportService.code == code))
            return None if row is None else entry_of(row)

    def save(self, actor: Actor, entry: ServiceEntry) -> ServiceEntry:
        """Adds the service, or changes the one with the same code. Administrators only."""
        actor.require(Role.ADMIN)
        entry = tidy(entry)
        issues = validate_entry(entry, self.known_groups())
        if issues:
            raise Refused(issues)
        now = self.backend.clock()
        with self.backend.transaction() as session:
            action = "create" if store(session, entry, now) else "update"
            audit.record(session, now, actor.username, action, OBJECT_TYPE, entry.code)
        return entry

    def deactivate(self, actor: Actor, code: str) -> None:
        """Hides the service from new referrals. Administrators only; saving it active undoes it."""
        actor.require(Role.ADMIN)
        now = self.backend.clock()
        with self.backend.transaction() as session:
            row = session.scalar(select(SupportService).where(SupportService.code == code))
            if row is None:
                raise Refused([Issue("unknown_service", "code", {"value": code})])
            if row.active:
                row.active = False
                row.updated_at = now
                audit.record(session, now, actor.username, "deactivate", OBJECT_TYPE, code)

    def import_csv(self, actor: Actor, text: str) -> int:
        """Adds the file's new services and updates the existing ones (by code); services not in
        the file stay as they are. Any problem in the file: Refused, and nothing is changed."""
        actor.require(Role.ADMIN)
        entries, issues = parse_csv(text, known_groups=self.known_groups())
        if issues:
            raise Refused(issues)
        now = self.backend.clock()
        with self.backend.transaction() as session:
            for entry in entries:
                store(session, entry, now)
                audit.record(session, now, actor.username, "import", OBJECT_TYPE, entry.code)
        return len(entries)

    def export_csv(self, actor: Actor, delivery: Delivery) -> None:
        """Delivers the whole directory, inactive services too, in the import format (UTF-8);
        audited once delivered, or as "export_failed"."""
        actor.require(Role.ADMIN, Role.SUPERVISOR)
        with self.backend.reading() as session:
            rows = session.scalars(select(SupportService).order_by(SupportService.code))
            entries = [entry_of(row) for row in rows]
        content = to_csv(entries).encode()
        audit.deliver(
            self.backend, actor.username, "export", "", "", {}, delivery, content, OBJECT_TYPE
        )
