"""Case export and import as JSON (docs/case-format.md)."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import select

from app.domain.case import Role
from app.domain.exchange import (
    FORMAT,
    FORMAT_VERSION,
    CaseDocument,
    StationInfo,
    UserInfo,
    document_to_json,
    named_users,
    parse_document,
)
from app.domain.filenames import safe_filename
from app.domain.validation import Issue
from app.services import audit
from app.services.audit import Delivery
from app.services.cases import visible_station
from app.services.context import Actor, Backend
from app.services.errors import NotFound, PermissionDenied, Refused
from app.services.guard import guarded
from app.storage import cases as repo
from app.storage.tables import Case, Station, User


@guarded
class ExchangeService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def export_case(self, actor: Actor, reference: str, reason: str, delivery: Delivery) -> None:
        """Delivers the case as a JSON document (UTF-8). The export and its reason go to the audit
        trail once it was delivered, or as "export_failed"."""
        actor.require(Role.SUPERVISOR, Role.ADMIN)
        if not reason.strip():
            raise Refused([Issue("required", "reason", {})])
        with self.backend.reading() as session:
            case_id = session.scalar(select(Case.id).where(Case.reference == reference))
            row = repo.load_case(session, case_id, with_content=True) if case_id else None
            if row is None:
                raise NotFound(reference)
            station = visible_station(actor)
            if station is not None and row.station_id != station:
                raise PermissionDenied
            record = repo.to_record(row, with_content=True)
            users = session.scalars(
                select(User).where(User.username.in_(named_users(record))).order_by(User.username)
            )
            document = CaseDocument(
                format=FORMAT,
                format_version=FORMAT_VERSION,
                station=StationInfo(code=row.station.code, name=row.station.name),
                users=tuple(
                    UserInfo(u.username, u.full_name, Role(u.role), u.badge_number) for u in users
                ),
                case=record,
            )
        text = json.dumps(document_to_json(document), ensure_ascii=False, indent=2) + "\n"
        audit.deliver(
            self.backend, actor.username, "export", reference, reason, {}, delivery, text.encode()
        )

    def import_case(self, actor: Actor, text: str) -> str:
        """Adds the case of a JSON document, all or nothing. Returns its reference.

        A missing station is created; a missing user becomes an account that cannot sign in, so the
        case keeps naming who did what.
        """
        actor.require(Role.SUPERVISOR, Role.ADMIN)
        now = self.backend.clock()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise Refused([Issue("not_json", "", {"detail": str(error)})]) from error
        document, issues = parse_document(data, now)
        if document is None:
            raise Refused(issues)
        record = document.case
        # Attachment names come from outside as much as the officer's own files do.
        record = replace(
            record,
            attachments=tuple(
                replace(a, filename=safe_filename(a.filename)) for a in record.attachments
            ),
        )
        with self.backend.transaction() as session:
            if session.scalar(select(Case.id).where(Case.reference == record.reference)):
                raise Refused([Issue("reference_exists", "case.reference", {})])
            station = session.scalar(select(Station).where(Station.code == document.station.code))
            if station is None:
                station = Station(
                    code=document.station.code, name=document.station.name, created_at=now
                )
                session.add(station)
                session.flush()
            elif actor.role is not Role.ADMIN and station.id != actor.station_id:
                raise PermissionDenied
            user_ids: dict[str, int] = {}
            for info in document.users:
                user = session.scalar(select(User).where(User.username == info.username))
                if user is None:
                    user = User(
                        username=info.username,
                        full_name=info.full_name,
                        badge_number=info.badge_number,
                        role=info.role.value,
                        station_id=station.id,
                        password_hash="",
                        active=False,
                        failed_logins=0,
                        created_at=now,
                    )
                    session.add(user)
                    session.flush()
                user_ids[info.username] = user.id
            repo.add_case(
                session,
                record,
                station_id=station.id,
                user_ids=user_ids,
                updated_by_id=actor.user_id,
                now=now,
            )
            year, number = (int(p) for p in record.reference.rsplit("-", 2)[1:])
            repo.bump_case_number(session, station.id, year, number)
            audit.record(session, now, actor.username, "import", "case", record.reference)
        return record.reference
