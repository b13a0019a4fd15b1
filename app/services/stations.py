"""The force's stations: administrators add and change them; whoever prints for a victim may ask
whether the station's contacts are there (app.domain.stations says which are needed).

Every change is audited with the names of the fields it changed: a station's contacts are the
police's own, but the trail keeps ids and codes only.
"""

from __future__ import annotations

from dataclasses import asdict, fields, replace

from sqlalchemy import select

from app.documents import DOCUMENT_LANGUAGES
from app.domain.audit_actions import AuditAction
from app.domain.case import Role
from app.domain.stations import (
    EDITABLE,
    StationDetails,
    missing_contacts,
    tidy,
    validate_station,
)
from app.domain.validation import Issue
from app.services import audit
from app.services.context import Actor, Backend
from app.services.errors import Refused
from app.services.guard import guarded
from app.storage.tables import Station

OBJECT_TYPE = "station"


def details_of(row: Station) -> StationDetails:
    return StationDetails(**{f.name: getattr(row, f.name) for f in fields(StationDetails)})


@guarded
class StationService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def list_stations(self, actor: Actor) -> list[StationDetails]:
        actor.require(Role.ADMIN)
        with self.backend.reading() as session:
            return [
                details_of(row) for row in session.scalars(select(Station).order_by(Station.code))
            ]

    def missing_contacts(self, actor: Actor, station_code: str) -> tuple[str, ...]:
        """What a printout for the victim would lack of this station's contacts (anyone signed
        in prints for victims). An unknown station lacks them all."""
        with self.backend.reading() as session:
            row = session.scalar(select(Station).where(Station.code == station_code))
            return missing_contacts(details_of(row) if row else StationDetails(station_code, ""))

    def official_language(self, actor: Actor, station_code: str) -> str:
        """The station's official document language, the one its officers write in ("" if not
        recorded, or for an unknown station); anyone signed in may ask."""
        with self.backend.reading() as session:
            row = session.scalar(select(Station).where(Station.code == station_code))
            return row.language if row else ""

    def add_station(self, actor: Actor, station: StationDetails) -> StationDetails:
        actor.require(Role.ADMIN)
        station = self._checked(tidy(station))
        with self.backend.transaction() as session:
            if session.scalar(select(Station.id).where(Station.code == station.code)):
                raise Refused([Issue("station_exists", "code", {"value": station.code})])
            session.add(Station(**asdict(station), created_at=self.backend.clock()))
            audit.record(
                session, self.backend.clock(), actor.username, AuditAction.STATION_ADD,
                OBJECT_TYPE, station.code, details={"fields": self._filled(station)},
            )  # fmt: skip
        return station

    def update_station(self, actor: Actor, code: str, **changes: str) -> StationDetails:
        """Changes the fields given (names of `app.domain.stations.EDITABLE`); the rest stay."""
        actor.require(Role.ADMIN)
        unknown = sorted(set(changes) - set(EDITABLE))
        if unknown:
            raise ValueError(f"not a station field: {unknown}")
        with self.backend.transaction() as session:
            row = session.scalar(select(Station).where(Station.code == code))
            if row is None:
                raise Refused([Issue("unknown_station", "code", {"value": code})])
            before = details_of(row)
            after = self._checked(tidy(replace(before, **changes)))
            changed = [name for name in EDITABLE if getattr(before, name) != getattr(after, name)]
            if not changed:
                return after
            for name in changed:
                setattr(row, name, getattr(after, name))
            audit.record(
                session, self.backend.clock(), actor.username, AuditAction.STATION_SET,
                OBJECT_TYPE, code, details={"fields": changed},
            )  # fmt: skip
            return after

    # ------------------------------------------------------------------ helpers

    def _checked(self, station: StationDetails) -> StationDetails:
        issues = validate_station(station, languages=DOCUMENT_LANGUAGES, packs=self.backend.packs)
        if issues:
            raise Refused(issues)
        return station

    @staticmethod
    def _filled(station: StationDetails) -> list[str]:
        return [name for name in EDITABLE if getattr(station, name)]
