"""What each printout is drawn from: plain frozen objects that the document service builds from the
case record, the station, the officers and the directory. The printouts never read the database.

Pick-list values stay ids, as in the case record; the printout labels them with the case's
protocol pack in the document's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.case import (
    CaseRecord,
    Consent,
    CoordinationEvent,
    FeedbackAnswer,
    NeedsAssessment,
    Person,
    Referral,
)
from app.domain.directory import ServiceEntry
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack


@dataclass(frozen=True)
class StationContact:
    """The police station and how to reach it."""

    code: str
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""


@dataclass(frozen=True)
class OfficerContact:
    """An officer as printed: name, badge number, and how to reach them."""

    name: str
    badge_number: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class LeafletCase:
    """What personalises a leaflet: the victim's case, their officer, the services chosen."""

    reference: str
    officer: OfficerContact
    # The services the victim was referred to (or chose), from the directory. A confidential
    # address is never printed (app.domain.directory.address_for_victim).
    services: tuple[ServiceEntry, ...] = ()
    complaint_number: str = ""


@dataclass(frozen=True)
class LeafletData:
    station: StationContact
    printed_at: datetime
    demo: DatabaseMark = DatabaseMark.NONE
    case: LeafletCase | None = None  # None: the standalone leaflet of the station's stock


@dataclass(frozen=True)
class ReferralSheetData:
    """One referral of one victim to one service, under the consent that covers it."""

    reference: str
    referral: Referral
    consent: Consent
    victim: Person
    service: ServiceEntry  # the directory entry, or one made from the referral's snapshot
    officer: OfficerContact
    station: StationContact
    pack: ProtocolPack
    printed_at: datetime
    demo: DatabaseMark = DatabaseMark.NONE
    # Whether the service may tell the police how the referral went: asked, or not.
    feedback: FeedbackAnswer = FeedbackAnswer.NOT_ASKED
    # Under 18 on the incident's day (app.domain.child), and their guardians
    child: bool = False
    guardians: tuple[Person, ...] = ()
    occurred_at: datetime | None = None
    place: str = ""
    district: str = ""
    offence_types: tuple[str, ...] = ()
    motives: tuple[str, ...] = ()
    narrative: str = ""
    assessment: NeedsAssessment | None = None
    immediate_danger: bool | None = None
    other_agencies: tuple[CoordinationEvent, ...] = ()


@dataclass(frozen=True)
class ProsecutorReportData:
    """The whole case for the prosecutor (a statutory transfer, LED), with the officers' names."""

    case: CaseRecord
    pack: ProtocolPack
    station: StationContact
    officer: OfficerContact
    printed_at: datetime
    demo: DatabaseMark = DatabaseMark.NONE
    # Full names of the users the record names by user name.
    user_names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ConsentReceiptData:
    """Every consent decision of one person in a case, for that person to keep."""

    reference: str
    person: Person
    consents: tuple[Consent, ...]
    officer: OfficerContact
    station: StationContact
    printed_at: datetime
    demo: DatabaseMark = DatabaseMark.NONE


@dataclass(frozen=True)
class CheckpointSheetData:
    """The audit trail's sealed head at one moment, for a supervisor to sign and file."""

    station: StationContact
    printed_at: datetime
    demo: DatabaseMark
    taken_by: str
    count: int
    last_id: int
    last_hash: str
    key_id: str
    sealed_at: datetime
    mac: str


def guardian_names(child: Person, guardians: Iterable[Person]) -> str:
    """A child's guardians as printed: name and how to reach them; the free text of a case
    recorded before guardians were persons (migration 0008) where none is recorded."""
    lines = (" · ".join(x for x in (g.name or g.alias, g.phone, g.email) if x) for g in guardians)
    return "; ".join(line for line in lines if line) or child.guardian
