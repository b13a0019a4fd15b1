"""Requests of access (LED Art. 14): for the data-protection officer only, the persons a name may
be across every station's cases, then everything held about the ones picked, with everyone it
was disclosed to (the coordination log and the audit trail's prints and exports).

Every other role is refused, and the refusal is in the audit trail (app.services.guard). A report
is audited as "subject_access" (step "report") with the cases' references and counts, and so is
the list of candidates (step "find"): never the name searched, which would put the person's name
in the trail.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.documents import DOCUMENT_LANGUAGES, document_translations
from app.documents.data import StationContact
from app.documents.subject_access_data import (
    COORDINATION,
    EXPORT,
    PRINT,
    Disclosure,
    SubjectAccessData,
    SubjectCase,
)
from app.domain import access
from app.domain import subject_access as rules
from app.domain.access import Use
from app.domain.audit_actions import AuditAction
from app.domain.case import CaseRecord, Person, PersonRole, Role
from app.domain.validation import Issue
from app.services import audit
from app.services.audit import Delivery
from app.services.context import Actor, Backend
from app.services.documents import station_contact
from app.services.errors import Refused
from app.services.guard import guarded
from app.services.marks import database_mark
from app.storage import cases as repo
from app.storage.tables import AuditEvent, Case, PersonRow, Station, User

OBJECT_TYPE = "subject_access"
# Prints and exports of a case are its disclosures; one only shown on screen left nothing.
DISCLOSING = {AuditAction.PRINT.value: PRINT, AuditAction.EXPORT.value: EXPORT}
SHOWN_ONLY = "screen"
# Rows read from the database at a time while a name is looked for.
BATCH = 2_000


@dataclass(frozen=True)
class Candidate:
    """A person who may be the one asking: enough to tell homonyms apart, nothing more."""

    reference: str
    station_code: str
    person_key: str
    role: PersonRole
    date_of_birth: date | None
    age_band: str
    occurred_at: datetime | None

    @property
    def pick(self) -> str:
        """How the command line names it: REF:KEY."""
        return f"{self.reference}:{self.person_key}"


def parse_pick(text: str) -> tuple[str, str]:
    """ "LIS-01-2026-000123:P1" -> (reference, key); the key is after the last colon."""
    reference, _colon, key = text.strip().rpartition(":")
    return reference, key


@guarded
class SubjectAccessService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def find(self, actor: Actor, name: str, born: date | None = None) -> list[Candidate]:
        """The persons of every station's cases whose name or alias holds each word of `name`
        (case and accents folded as the case search does), born on `born` or with no birth date
        recorded. Only names are read for the match, never a whole case. Audited as the first
        step of the request, with the references found."""
        actor.require(Role.DATA_PROTECTION_OFFICER)
        words = rules.search_words(name)
        if not words:
            raise Refused([Issue("required", "name", {})])
        stmt = (
            select(
                Case.reference, Station.code, Case.occurred_at, PersonRow.key, PersonRow.role,
                PersonRow.name, PersonRow.alias, PersonRow.date_of_birth, PersonRow.age_band,
            )
            .join(Case, Case.id == PersonRow.case_id)
            .join(Station, Station.id == Case.station_id)
            .where(or_(PersonRow.name != "", PersonRow.alias != ""))
        )  # fmt: skip
        if born is not None:
            stmt = stmt.where(
                or_(PersonRow.date_of_birth == born, PersonRow.date_of_birth.is_(None))
            )
        found: list[Candidate] = []
        with self.backend.reading() as session:
            for row in session.execute(stmt.execution_options(yield_per=BATCH)):
                if rules.name_matches(words, row.name, row.alias):
                    found.append(
                        Candidate(
                            row.reference, row.code, row.key, PersonRole(row.role),
                            row.date_of_birth, row.age_band, row.occurred_at,
                        )
                    )  # fmt: skip
        # Listing who they may be already shows birth dates and roles: a consultation, logged
        # with the references found, never the name searched (LED Art. 25).
        with self.backend.transaction() as session:
            audit.record(
                session, self.backend.clock(), actor.username, AuditAction.SUBJECT_ACCESS,
                OBJECT_TYPE, "", "", details={
                    "step": "find", "found": len(found),
                    "cases": sorted({c.reference for c in found}),
                },
            )  # fmt: skip
        return sorted(found, key=lambda c: (c.reference, c.person_key))

    def report(
        self, actor: Actor, picks: Sequence[tuple[str, str]], reason: str
    ) -> SubjectAccessData:
        """Everything held about each picked (case reference, person key): the person's whole
        record (special categories included: the person is entitled to them), the case's facts
        about them, their consents and referrals, and every disclosure of it; the other persons
        only as their roles. Audited once, with the references and counts."""
        actor.require(Role.DATA_PROTECTION_OFFICER)
        issues = [] if reason.strip() else [Issue("required", "reason", {})]
        if not picks:
            issues.append(Issue("required", "pick", {}))
        if issues:
            raise Refused(issues)
        now = self.backend.clock()
        cases: list[SubjectCase] = []
        with self.backend.transaction() as session:
            for number, (reference, key) in enumerate(picks, start=1):
                case_id = session.scalar(select(Case.id).where(Case.reference == reference))
                row = repo.load_case(session, case_id) if case_id is not None else None
                if row is None:
                    issues.append(Issue("unknown_case", f"pick {number}", {}))
                    continue
                record = repo.to_record(row)
                if not access.may_see_special(actor.role, Use.PRINT):  # the one table decides
                    record = access.redact(record)
                person = next((p for p in record.persons if p.key == key), None)
                if person is None:
                    issues.append(Issue("unknown_person", f"pick {number}", {"key": key[:40]}))
                    continue
                cases.append(self._case(session, record, person, station_contact(row.station)))
            if issues:
                raise Refused(issues)
            demo = database_mark(session)
            audit.record(
                session, now, actor.username, AuditAction.SUBJECT_ACCESS, OBJECT_TYPE, "",
                reason, details={
                    "step": "report",
                    "cases": sorted({c.record.reference for c in cases}),
                    "persons": len(cases),
                    "consents": sum(len(c.consents) for c in cases),
                    "referrals": sum(len(c.referrals) for c in cases),
                    "disclosures": sum(len(c.disclosures) for c in cases),
                },
            )  # fmt: skip
        return SubjectAccessData(tuple(cases), now, reason, actor.full_name, demo)

    def print_report(
        self, actor: Actor, data: SubjectAccessData, language: str, delivery: Delivery
    ) -> bytes:
        """The report as PDF in `language`, handed to `delivery` (the preview, a printer, a
        file) and logged as a print of the request (the cases' references, where to)."""
        from app.documents import subject_access  # noqa: PLC0415 - reportlab only when printing

        actor.require(Role.DATA_PROTECTION_OFFICER)
        if language not in DOCUMENT_LANGUAGES:
            allowed = ", ".join(DOCUMENT_LANGUAGES)
            raise Refused([Issue("not_one_of", "language", {"allowed": allowed})])
        pdf = subject_access.render(data, document_translations(language), language)
        self.send(actor, data, language, pdf, delivery)
        return pdf

    def send(
        self, actor: Actor, data: SubjectAccessData, language: str, pdf: bytes, delivery: Delivery
    ) -> None:
        """Sends a rendered report on (from the preview to a printer or a file), logged."""
        actor.require(Role.DATA_PROTECTION_OFFICER)
        details = {"document": OBJECT_TYPE, "language": language,
                   "cases": sorted({c.record.reference for c in data.cases})}  # fmt: skip
        audit.deliver(
            self.backend, actor.username, AuditAction.PRINT, "", data.reason, details, delivery,
            pdf, object_type=OBJECT_TYPE,
        )  # fmt: skip

    def _case(
        self, session: Session, record: CaseRecord, person: Person, station: StationContact
    ) -> SubjectCase:
        key = person.key
        consents = tuple(c for c in record.consents if c.person_key == key)
        consent_keys = {c.key for c in consents}
        names = self._names(session, record)
        disclosures = [
            Disclosure(
                e.sent_at, COORDINATION, e.recipient, tuple(s.value for s in e.data_sent),
                names.get(e.recorded_by, e.recorded_by), e.consent_key or "",
            )
            for e in record.coordination
            if rules.carried(e, person, consent_keys)
        ]  # fmt: skip
        disclosures += self._prints_and_exports(session, record.reference)
        others = rules.others_by_role(record.persons, key)
        return SubjectCase(
            record=record,
            person=person,
            station=station,
            pack=self.backend.pack(record.protocol_pack),
            others=tuple(others.items()),
            perceptions=tuple(p for p in record.perceptions if p.person_key == key),
            rights=tuple(r for r in record.rights if r.person_key == key),
            assessments=tuple(a for a in record.assessments if a.person_key == key),
            consents=consents,
            referrals=tuple(r for r in record.referrals if r.person_key == key),
            disclosures=tuple(sorted(disclosures, key=lambda d: d.at)),
        )

    @staticmethod
    def _names(session: Session, record: CaseRecord) -> dict[str, str]:
        usernames = {e.recorded_by for e in record.coordination}
        rows = session.execute(
            select(User.username, User.full_name).where(User.username.in_(usernames))
        )
        return {row.username: row.full_name for row in rows}

    @staticmethod
    def _prints_and_exports(session: Session, reference: str) -> list[Disclosure]:
        """The case's prints and exports from the audit trail (not those only shown)."""
        events = session.execute(
            select(AuditEvent, User.full_name)
            .outerjoin(User, User.username == AuditEvent.username)
            .where(
                AuditEvent.object_type == "case",
                AuditEvent.object_ref == reference,
                AuditEvent.action.in_(list(DISCLOSING)),
            )
            .order_by(AuditEvent.id)
        )
        found = []
        for event, full_name in events:
            details = json.loads(event.details or "{}")
            to = str(details.get("to", ""))
            if to == SHOWN_ONLY:
                continue
            document = str(details.get("document", "case_file"))
            found.append(
                Disclosure(
                    event.at, DISCLOSING[event.action], to, (document,),
                    full_name or event.username, event.reason,
                )
            )  # fmt: skip
        return found
