"""Cases as the screens and the CLI see them: the paged list, opening one, creating a draft."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from app.domain.case import CaseQuery, CaseRecord, CaseStatus, CaseSummary, Role
from app.domain.exchange import named_users
from app.domain.protocol import ProtocolPack
from app.domain.validation import Issue
from app.services import audit
from app.services.context import Actor, Backend
from app.services.errors import NotFound, PermissionDenied, Refused
from app.storage import cases as repo
from app.storage.tables import Station, User


@dataclass(frozen=True)
class OpenedCase:
    id: int
    version: int
    record: CaseRecord
    # The full name of every user the record names by user name, for showing who did what.
    user_names: Mapping[str, str] = field(default_factory=dict)


def visible_station(actor: Actor) -> int | None:
    """Officers and supervisors see their station's cases; administrators see every station's."""
    return None if actor.role is Role.ADMIN else actor.station_id


class CaseService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def list_cases(
        self, actor: Actor, query: CaseQuery, offset: int = 0, limit: int = 200
    ) -> list[CaseSummary]:
        with self.backend.reading() as session:
            return repo.list_cases(session, query, visible_station(actor), offset, limit)

    def count_cases(self, actor: Actor, query: CaseQuery) -> int:
        with self.backend.reading() as session:
            return repo.count_cases(session, query, visible_station(actor))

    def officers(self, actor: Actor) -> list[tuple[int, str]]:
        with self.backend.reading() as session:
            return list(repo.officers(session, visible_station(actor)))

    def station_pack(self, actor: Actor) -> ProtocolPack:
        with self.backend.reading() as session:
            pack_id = session.scalar(
                select(Station.protocol_pack).where(Station.id == actor.station_id)
            )
        return self.backend.pack(pack_id or "eu-baseline")

    def open_case(self, actor: Actor, case_id: int, reason: str) -> OpenedCase:
        """Reads a whole case. Every read is written to the audit trail with its reason."""
        if not reason.strip():
            raise Refused([Issue("required", "reason", {})])
        with self.backend.transaction() as session:
            row = repo.load_case(session, case_id)
            if row is None:
                raise NotFound(case_id)
            station = visible_station(actor)
            if station is not None and row.station_id != station:
                raise PermissionDenied
            audit.record(
                session, self.backend.clock(), actor.username, "view", "case", row.reference, reason
            )
            record = repo.to_record(row)
            names = session.execute(
                select(User.username, User.full_name).where(User.username.in_(named_users(record)))
            )
            return OpenedCase(row.id, row.version, record, dict(names.all()))

    def create_draft(self, actor: Actor) -> OpenedCase:
        """A new case for the actor's station, with the next reference of this year."""
        actor.require(Role.OFFICER, Role.SUPERVISOR)
        now = self.backend.clock()
        with self.backend.transaction() as session:
            pack = self.backend.pack(
                session.scalar(select(Station.protocol_pack).where(Station.id == actor.station_id))
                or "eu-baseline"
            )
            number = repo.next_case_number(session, actor.station_id, now.year)
            record = CaseRecord(
                reference=f"{actor.station_code}-{now.year}-{number:06d}",
                station_code=actor.station_code,
                status=CaseStatus.DRAFT,
                created_at=now,
                created_by=actor.username,
                officer=actor.username,
                protocol_pack=pack.id,
                protocol_version=pack.version,
            )
            row = repo.add_case(
                session,
                record,
                station_id=actor.station_id,
                user_ids={actor.username: actor.user_id},
                updated_by_id=actor.user_id,
                now=now,
            )
            session.flush()
            audit.record(session, now, actor.username, "create", "case", record.reference)
            return OpenedCase(id=row.id, version=row.version, record=record)
