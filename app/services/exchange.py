"""Case export and import as JSON (docs/case-format.md)."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.domain import access
from app.domain.access import Special, Use, keep_hidden
from app.domain.case import Role
from app.domain.exchange import (
    FORMAT,
    FORMAT_VERSION,
    CaseDocument,
    StationInfo,
    UserInfo,
    as_imported,
    document_to_json,
    named_users,
    qualified,
    read_document,
    renamed,
)
from app.domain.validation import Issue
from app.services import audit
from app.services.audit import Delivery
from app.services.cases import as_seen, may_see
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
        level = access.special_access(actor.role, Use.EXPORT)
        if level is Special.NONE:
            raise PermissionDenied
        if not reason.strip():
            raise Refused([Issue("required", "reason", {})])
        with self.backend.reading() as session:
            case_id = session.scalar(select(Case.id).where(Case.reference == reference))
            row = repo.load_case(session, case_id, with_content=True) if case_id else None
            if row is None:
                raise NotFound(reference)
            if not may_see(actor, row.station_id, row.escalated_to):
                raise PermissionDenied
            record = repo.to_record(row, with_content=True)
            # A role that may not export the special categories finds each withheld, and the file
            # says so where it stands: app.domain.access.HIDDEN, "recorded, hidden".
            record = as_seen(actor, record, Use.EXPORT)
            # Accounts are named with their station, as this case's imported people already are.
            named = named_users(record)
            accounts = list(session.scalars(select(User).where(User.username.in_(named))))
            names = {u.username: qualified(u.username, u.station.code) for u in accounts}
            users = [
                UserInfo(names[u.username], u.full_name, Role(u.role), u.badge_number)
                for u in accounts
            ]
            users += repo.imported_users(row, named)
            record = renamed(record, names)
            document = CaseDocument(
                format=FORMAT,
                format_version=FORMAT_VERSION,
                station=StationInfo(code=row.station.code, name=row.station.name),
                users=tuple(sorted(users, key=lambda u: u.username)),
                case=record,
            )
        text = json.dumps(document_to_json(document), ensure_ascii=False, indent=2) + "\n"
        audit.deliver(
            self.backend, actor.username, "export", reference, reason, {}, delivery, text.encode()
        )

    def import_case(self, actor: Actor, text: str) -> str:
        """Adds the case of a JSON document, all or nothing. Returns its reference.

        Only an administrator imports, into a station that exists here. Nobody the file names
        becomes an account: each is kept as the file's name, role and station, under a user name
        no account can have, so the case's history stays theirs (app.domain.exchange.as_imported).
        """
        actor.require(Role.ADMIN)
        now = self.backend.clock()
        document, issues = read_document(text, now)
        if document is None:
            raise Refused(issues)
        document = as_imported(document)
        # Values withheld from the file are not known here: they stay empty.
        record = keep_hidden(document.case, None)
        with self.backend.transaction() as session:
            issues = []
            if session.scalar(select(Case.id).where(Case.reference == record.reference)):
                issues.append(Issue("reference_exists", "case.reference", {}))
            station_id = session.scalar(
                select(Station.id).where(Station.code == record.station_code)
            )
            if station_id is None:
                issues.append(
                    Issue("unknown_station", "station.code", {"value": record.station_code})
                )
            if record.duplicate_of and not session.scalar(
                select(Case.id).where(Case.reference == record.duplicate_of)
            ):
                issues.append(Issue("unknown_case", "case.duplicate_of", {}))
            if issues or station_id is None:
                raise Refused(issues)
            repo.add_case(
                session,
                record,
                station_id=station_id,
                user_ids={},
                updated_by_id=actor.user_id,
                now=now,
                imported_users=document.users,
            )
            year, number = (int(p) for p in record.reference.rsplit("-", 2)[1:])
            repo.bump_case_number(session, station_id, year, number)
            audit.record(session, now, actor.username, "import", "case", record.reference)
        return record.reference
