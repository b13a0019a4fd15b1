"""What the report of a request of access (LED Art. 14) is printed from: plain data, read by
app.services.subject_access, never from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.documents.data import StationContact
from app.domain.case import (
    CaseRecord,
    Consent,
    NeedsAssessment,
    Perception,
    Person,
    PersonRole,
    Referral,
    RightsInformation,
)
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack

# How a disclosure left the station.
COORDINATION, PRINT, EXPORT = "coordination", "print", "export"


@dataclass(frozen=True)
class Disclosure:
    """One time the person's data left the station (or were printed or exported): when, how, to
    whom, what, by whom, and on what basis (a consent's key, a printout's reason)."""

    at: datetime
    how: str  # COORDINATION, PRINT or EXPORT
    recipient: str  # a coordination entry's recipient; a print's or export's destination code
    what: tuple[str, ...]  # SharedData values, or the printout's document name
    by: str  # the full name of who sent, printed or exported it
    basis: str = ""  # the consent it went under, or the reason given for a print or export


@dataclass(frozen=True)
class SubjectCase:
    """One case of the person: their record in it, the facts about them, and who received it."""

    record: CaseRecord  # the case's header and incident facts only are printed from it
    person: Person
    station: StationContact
    pack: ProtocolPack
    others: tuple[tuple[PersonRole, int], ...]  # the other persons' presence, by role
    perceptions: tuple[Perception, ...]
    rights: tuple[RightsInformation, ...]
    assessments: tuple[NeedsAssessment, ...]
    consents: tuple[Consent, ...]
    referrals: tuple[Referral, ...]
    disclosures: tuple[Disclosure, ...]


@dataclass(frozen=True)
class SubjectAccessData:
    cases: tuple[SubjectCase, ...]
    printed_at: datetime
    reason: str  # the request's reference, as the data-protection officer gave it
    answered_by: str  # the data-protection officer's full name
    demo: DatabaseMark = DatabaseMark.NONE

    @property
    def controllers(self) -> tuple[StationContact, ...]:
        """The stations that hold the cases, each once: the controllers of the data."""
        seen: dict[str, StationContact] = {}
        for case in self.cases:
            seen.setdefault(case.station.code, case.station)
        return tuple(seen.values())
