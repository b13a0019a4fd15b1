"""Printouts of a case (and the standalone rights leaflet): the service reads what the printout
needs, hands it to app.documents as plain data, delivers the PDF (to a file, to the preview) and
writes every print to the audit trail once it was delivered, or as failed: which document, which
case, which language, where to; ids and codes only, never the victim's data.

A case is printed by whoever may open it (their station's cases; an administrator's, any), for a
reason, as it is opened for one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents import (
    CONSENT,
    DOCUMENT_LANGUAGES,
    DOCUMENTS,
    LEAFLET,
    PROSECUTOR,
    REFERRAL,
    document_translations,
)
from app.documents.data import (
    CheckpointSheetData,
    ConsentReceiptData,
    LeafletCase,
    LeafletData,
    OfficerContact,
    ProsecutorReportData,
    ReferralSheetData,
    StationContact,
)
from app.domain import copies
from app.domain.access import Use
from app.domain.audit_chain import Checkpoint
from app.domain.case import (
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    Person,
    Referral,
    ReferralStatus,
    Role,
    SharedData,
    covering_consent,
    feedback_answer,
)
from app.domain.child import age_day, guardians_of, is_child, leaflet_readers
from app.domain.directory import ServiceEntry
from app.domain.exchange import named_users, station_of
from app.domain.marks import DatabaseMark
from app.domain.recipients import prosecutor_report_sends, referral_sheet_sends, sheet_issues
from app.domain.validation import Issue, consent_issues
from app.domain.workflow import Action, Decision
from app.i18n import _
from app.services import audit
from app.services.audit import Delivery
from app.services.cases import (
    OpenedCase,
    as_seen,
    check_follow_up,
    follow_up,
    may_see,
    opened_case,
)
from app.services.context import Actor, Backend
from app.services.directory import entry_of
from app.services.errors import NotFound, PermissionDenied, Refused
from app.services.guard import guarded
from app.services.marks import database_mark
from app.storage import cases as repo
from app.storage.tables import Case, Station, SupportService, User

# Referrals the victim is no longer waiting for: not listed in their leaflet.
ENDED = frozenset({ReferralStatus.WITHDRAWN, ReferralStatus.DECLINED})
# Where a printout is only shown: it has not left the station (printed, or saved to a file).
SCREEN = "screen"


@dataclass(frozen=True)
class _Loaded:
    """What a case's printouts are built from, read in one transaction."""

    record: CaseRecord
    station: StationContact
    station_language: str  # the station's official document language; empty: not recorded
    officers: dict[str, OfficerContact]  # by user name: every user the record names
    services: dict[str, ServiceEntry]  # by code: the directory entries of the case's referrals
    demo: DatabaseMark

    def officer(self, username: str) -> OfficerContact:
        return self.officers.get(username) or OfficerContact(username)


def station_contact(row: Station) -> StationContact:
    return StationContact(row.code, row.name, row.address, row.phone, row.email, row.opening_hours)


def officer_contact(user: User) -> OfficerContact:
    return OfficerContact(user.full_name, user.badge_number, user.phone, user.email)


def snapshot_entry(referral: Referral) -> ServiceEntry:
    """A referral's service as it was sent, for a service no longer in the directory."""
    return ServiceEntry(
        code=referral.service_code or "-",
        name=referral.service_name,
        kind=referral.service_kind,
        phone=referral.service_contact,
    )


@dataclass(frozen=True)
class Printed:
    """A printout that was delivered, as the audit trail names it: the preview sends the same PDF
    on to a printer or a file with `DocumentService.send`."""

    document: str
    language: str
    reference: str = ""  # empty for the station's standalone leaflet
    reason: str = ""
    details: Mapping[str, object] = field(default_factory=dict)
    # A printout for a recipient of a submitted case: the coordination entry it adds by itself
    # when it leaves the station (dated then), listing exactly what it carries.
    coordination: CoordinationEvent | None = None


def for_recipient(
    record: CaseRecord,
    kind: CoordinationKind,
    recipient: str,
    sent: tuple[SharedData, ...],
    consent_key: str | None = None,
) -> CoordinationEvent | None:
    """The coordination entry a printout for a recipient adds once it leaves the station; none
    for a draft, whose log is kept only from its submission (app.domain.workflow.FOLLOW_UP)."""
    if record.status is CaseStatus.DRAFT:
        return None
    return CoordinationEvent(
        kind=kind, recipient=recipient, sent_at=record.created_at, recorded_by="",
        consent_key=consent_key, data_sent=sent, automatic=True,
    )  # fmt: skip


def check_reason(reason: str) -> None:
    """A case is printed for a reason, as it is opened for one (the audit trail keeps it)."""
    if not reason.strip():
        raise Refused([Issue("required", "reason", {})])


def check_language(language: str) -> None:
    if language not in DOCUMENT_LANGUAGES:
        allowed = ", ".join(DOCUMENT_LANGUAGES)
        raise Refused([Issue("not_one_of", "language", {"allowed": allowed})])


def choose_person(candidates: Iterable[Person], person_key: str, field: str) -> Person:
    """The person named by `person_key`, or the only candidate; Refused names the choices."""
    people = list(candidates)
    if person_key:
        for person in people:
            if person.key == person_key:
                return person
    elif len(people) == 1:
        return people[0]
    if not people:
        raise Refused([Issue("nobody_to_print_for", field, {})])
    allowed = ", ".join(person.key for person in people)
    raise Refused([Issue("not_one_of", field, {"allowed": allowed})])


def choose_referral(record: CaseRecord, referral_key: str) -> Referral:
    """The referral named by `referral_key`, or the case's only one."""
    if referral_key:
        found = next((r for r in record.referrals if r.key == referral_key), None)
        if found is not None:
            return found
    elif len(record.referrals) == 1:
        return record.referrals[0]
    if not record.referrals:
        raise Refused([Issue("no_referral", "referrals", {})])
    allowed = ", ".join(r.key for r in record.referrals)
    raise Refused([Issue("not_one_of", "referral", {"allowed": allowed})])


def required_consent(record: CaseRecord, referral: Referral, purpose: ConsentPurpose) -> Consent:
    """The consent covering this referral, or Refused saying what is wrong."""
    key, recipient = referral.consent_key, referral.service_name
    consent = covering_consent(record.consents, key, recipient, purpose)
    if consent is None:
        field = f"referral {referral.key}"
        raise Refused(consent_issues(field, key, recipient, purpose, record))
    return consent


@guarded
class DocumentService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # ------------------------------------------------------------------ the printouts

    def leaflet(
        self,
        actor: Actor,
        language: str,
        reference: str = "",
        *,
        delivery: Delivery,
        person_key: str = "",
        reason: str = "",
    ) -> Printed:
        """The victim-rights leaflet: the station's standalone one, or personalised for a case
        (its reference, the officer, the services chosen with the victim)."""
        check_language(language)
        if reference:
            check_reason(reason)
        else:
            with self.backend.reading() as session:
                station = session.get(Station, actor.station_id)
                if station is None:
                    raise PermissionDenied
                data = LeafletData(
                    station_contact(station), self.backend.clock(), database_mark(session)
                )
            return self._leaflet(actor, data, Printed(LEAFLET, language, "", reason), delivery)
        loaded = self._load(actor, reference)
        record = loaded.record
        details: dict[str, object] = {}
        services: list[ServiceEntry] = []
        complaint = ""
        if record.victims() or person_key:
            reader = choose_person(leaflet_readers(record), person_key, "person")
            details["person"] = reader.key
            # A guardian's copy is about the child they represent (Dir. 2012/29/EU Art. 24).
            person = next((v for v in record.victims() if v.key == reader.guardian_of), reader)
            for referral in record.referrals:
                if referral.person_key == person.key and referral.status not in ENDED:
                    entry = loaded.services.get(referral.service_code) or snapshot_entry(referral)
                    if entry not in services:
                        services.append(entry)
            complaint = next(
                (r.complaint_number for r in record.rights if r.person_key == person.key), ""
            )
        data = LeafletData(
            loaded.station,
            self.backend.clock(),
            loaded.demo,
            LeafletCase(
                record.reference, loaded.officer(record.officer), tuple(services), complaint
            ),
        )
        printed = Printed(LEAFLET, language, reference, reason, details)
        return self._leaflet(actor, data, printed, delivery)

    def _leaflet(
        self, actor: Actor, data: LeafletData, printed: Printed, delivery: Delivery
    ) -> Printed:
        from app.documents import leaflet  # noqa: PLC0415 - reportlab only when printing

        language = printed.language
        pdf = leaflet.render(data, document_translations(language), language)
        self.send(actor, printed, pdf, delivery)
        return printed

    def checkpoint_sheet(self, actor: Actor, point: Checkpoint, language: str) -> bytes:
        """An audit checkpoint on one page, in the station's language, to sign and file."""
        from app.documents import checkpoint  # noqa: PLC0415 - reportlab only when printing

        actor.require(Role.SUPERVISOR, Role.ADMIN)
        check_language(language)
        with self.backend.reading() as session:
            station = session.get(Station, actor.station_id)
            if station is None:
                raise PermissionDenied
            data = CheckpointSheetData(
                station=station_contact(station),
                printed_at=self.backend.clock(),
                demo=database_mark(session),
                taken_by=actor.full_name,
                count=point.count,
                last_id=point.last_id,
                last_hash=point.last_hash,
                key_id=point.key_id,
                sealed_at=point.at,
                mac=point.mac,
            )
        return checkpoint.render(data, document_translations(language), language)

    def leaflets(
        self, actor: Actor, languages: Iterable[str], delivery: Callable[[str], Delivery]
    ) -> None:
        """The standalone leaflet in each language, for the station's stock: `delivery(code)`
        says where each goes."""
        for code in languages:
            self.leaflet(actor, code, delivery=delivery(code))

    def copy_languages(
        self,
        actor: Actor,
        document: str,
        reference: str = "",
        *,
        person_key: str = "",
        referral_key: str = "",
        screen: str = "",
    ) -> dict[str, str]:
        """The language each copy of a printout starts in, by its reader (app/domain/copies.py):
        for the person `person_key` (or the referral's victim), the service of `referral_key`,
        and the station of the case (of the officer, for the standalone leaflet). Unknown keys
        count as readers whose language is not recorded: the officer is choosing."""
        if document not in copies.COPIES:
            raise Refused([Issue("not_one_of", "document", {"allowed": ", ".join(DOCUMENTS)})])
        if not reference:
            with self.backend.reading() as session:
                station = session.get(Station, actor.station_id)
                if station is None:
                    raise PermissionDenied
                readers = copies.Readers(station=station.language, screen=screen)
            return copies.copy_languages(document, readers, DOCUMENT_LANGUAGES)
        loaded = self._load(actor, reference)
        return copies.copy_languages(
            document, self._readers(loaded, person_key, referral_key, screen), DOCUMENT_LANGUAGES
        )

    @staticmethod
    def _readers(
        loaded: _Loaded, person_key: str, referral_key: str, screen: str = ""
    ) -> copies.Readers:
        record = loaded.record
        referral = next((r for r in record.referrals if r.key == referral_key), None)
        if referral is not None:
            person_key = referral.person_key
        person = next((p for p in record.persons if p.key == person_key), None)
        service = loaded.services.get(referral.service_code) if referral else None
        return copies.Readers(
            person=copies.person_languages(record, person) if person else (),
            service=service.languages if service else (),
            station=loaded.station_language,
            screen=screen,
        )

    def referral_sheet(
        self,
        actor: Actor,
        reference: str,
        language: str,
        *,
        delivery: Delivery,
        reason: str,
        referral_key: str = "",
        service_language: str = "",
        file_language: str = "",
    ) -> Printed:
        """The referral sheet in three copies: the victim's in `language`, the service's in
        `service_language` and the file's in `file_language`; an empty one is its reader's
        (app/domain/copies.py). Refused without a valid consent for the referral."""
        check_language(language)
        for given in (service_language, file_language):
            if given:
                check_language(given)
        check_reason(reason)
        loaded = self._load(actor, reference)
        record = loaded.record
        referral = choose_referral(record, referral_key)
        issues = sheet_issues(referral)
        if issues:
            raise Refused(issues)
        defaults = copies.copy_languages(
            REFERRAL, self._readers(loaded, "", referral.key), DOCUMENT_LANGUAGES
        )
        service_language = service_language or defaults["service"]
        file_language = file_language or defaults["file"]
        consent = required_consent(record, referral, ConsentPurpose.REFERRAL)
        victim = choose_person(
            (p for p in record.persons if p.key == referral.person_key), "", "person"
        )
        assessment = next((a for a in record.assessments if a.person_key == victim.key), None)
        data = ReferralSheetData(
            reference=record.reference,
            referral=referral,
            consent=consent,
            victim=victim,
            service=loaded.services.get(referral.service_code) or snapshot_entry(referral),
            officer=loaded.officer(referral.created_by),
            station=loaded.station,
            pack=self.backend.pack(record.protocol_pack),
            printed_at=self.backend.clock(),
            demo=loaded.demo,
            feedback=feedback_answer(record.consents, referral.person_key, referral.service_name),
            child=is_child(victim, age_day(record)),
            guardians=guardians_of(record, victim.key),
            occurred_at=record.occurred_at,
            place=record.place,
            district=record.district,
            offence_types=record.offence_types,
            motives=record.motives,
            narrative=record.narrative,
            assessment=assessment,
            immediate_danger=record.immediate_danger,
            other_agencies=record.coordination,
        )
        from app.documents import referral as sheet  # noqa: PLC0415 - reportlab only when printing

        pdf = sheet.render(
            data,
            document_translations(language),
            language,
            copy_languages={
                "service": (document_translations(service_language), service_language),
                "file": (document_translations(file_language), file_language),
            },
        )
        details = {
            "referral": referral.key,
            "service_language": service_language,
            "file_language": file_language,
        }
        entry = for_recipient(
            record, CoordinationKind.SUPPORT_SERVICE, referral.service_name,
            referral_sheet_sends(consent, victim), consent.key,
        )  # fmt: skip
        printed = Printed(REFERRAL, language, reference, reason, details, entry)
        self.send(actor, printed, pdf, delivery)
        return printed

    def prosecutor_report(
        self,
        actor: Actor,
        reference: str,
        language: str,
        *,
        delivery: Delivery,
        reason: str,
        office: str = "",
    ) -> Printed:
        """The report to the prosecutor with the bias-indicator annex, for `office` (by default
        the office the case's coordination log last names for the prosecutor)."""
        check_language(language)
        check_reason(reason)
        loaded = self._load(actor, reference)
        record = loaded.record
        office = office.strip() or next(
            (
                c.recipient
                for c in reversed(record.coordination)
                if c.kind is CoordinationKind.PROSECUTOR and c.recipient.strip()
            ),
            _("Public prosecutor's office"),
        )
        data = ProsecutorReportData(
            case=record,
            pack=self.backend.pack(record.protocol_pack),
            station=loaded.station,
            officer=loaded.officer(record.officer),
            printed_at=self.backend.clock(),
            demo=loaded.demo,
            user_names={name: o.name for name, o in loaded.officers.items()},
        )
        from app.documents import prosecutor  # noqa: PLC0415 - reportlab only when printing

        entry = for_recipient(
            record, CoordinationKind.PROSECUTOR, office, prosecutor_report_sends(record)
        )
        printed = Printed(PROSECUTOR, language, reference, reason, coordination=entry)
        pdf = prosecutor.render(data, document_translations(language), language)
        self.send(actor, printed, pdf, delivery)
        return printed

    def consent_receipt(
        self,
        actor: Actor,
        reference: str,
        language: str,
        *,
        delivery: Delivery,
        reason: str,
        person_key: str = "",
    ) -> Printed:
        """Every consent decision of one person, for them to keep."""
        check_language(language)
        check_reason(reason)
        loaded = self._load(actor, reference)
        record = loaded.record
        keys = {c.person_key for c in record.consents}
        person = choose_person((p for p in record.persons if p.key in keys), person_key, "person")
        data = ConsentReceiptData(
            reference=record.reference,
            person=person,
            consents=tuple(c for c in record.consents if c.person_key == person.key),
            officer=loaded.officer(record.officer),
            station=loaded.station,
            printed_at=self.backend.clock(),
            demo=loaded.demo,
        )
        from app.documents import consent  # noqa: PLC0415 - reportlab only when printing

        printed = Printed(CONSENT, language, reference, reason, {"person": person.key})
        pdf = consent.render(data, document_translations(language), language)
        self.send(actor, printed, pdf, delivery)
        return printed

    def send(
        self, actor: Actor, printed: Printed, pdf: bytes, delivery: Delivery
    ) -> OpenedCase | None:
        """Delivers a printout: written to the audit trail (action "print", where to, ids and
        codes only) once `delivery` succeeded, or as "print_failed" with the error's kind. Every
        printout goes through here: rendered for a file or the preview, and sent on from the
        preview to a printer or a file.

        A printout for a recipient that leaves the station (not only shown) adds its
        coordination entry by itself, in the same transaction as its log, through the one
        follow-up path (app.services.cases.follow_up): the case's version goes up, and the case
        as it now stands is returned for the screen to refresh (None: the case did not change).
        Whoever may not add to the case's log (the workflow's follow-up rule) may not send it
        out: refused before anything leaves."""
        if printed.document not in DOCUMENTS:
            raise ValueError(f"unknown document: {printed.document}")
        entry = printed.coordination if delivery.to != SCREEN else None
        changed: list[OpenedCase] = []

        def coordinate(session: Session, *, check_only: bool = False) -> None:
            assert entry is not None
            now = self.backend.clock()
            row = self._row(session, actor, printed.reference)
            decision = Decision(printed.reason, coordination=replace(entry, sent_at=now))
            if check_only:
                record = repo.to_record(row)
                action = Action.COORDINATE
                check_follow_up(self.backend, session, actor, row, record, action, decision, now)
                return
            follow_up(self.backend, session, actor, row, Action.COORDINATE, decision, now)
            changed.append(opened_case(session, row, actor))

        if entry is not None:
            with self.backend.reading() as session:  # refused before anything leaves
                coordinate(session, check_only=True)
        audit.deliver(
            self.backend, actor.username, "print", printed.reference, printed.reason,
            {"document": printed.document, "language": printed.language, **printed.details},
            delivery, pdf, object_type="case" if printed.reference else "leaflet",
            then=coordinate if entry is not None else None,
        )  # fmt: skip
        return changed[0] if changed else None

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _row(session: Session, actor: Actor, reference: str) -> Case:
        case_id = session.scalar(select(Case.id).where(Case.reference == reference))
        row = repo.load_case(session, case_id) if case_id is not None else None
        if row is None:
            raise NotFound(reference)
        if not may_see(actor, row.station_id, row.escalated_to):
            raise PermissionDenied
        return row

    def _load(self, actor: Actor, reference: str) -> _Loaded:
        with self.backend.reading() as session:
            row = self._row(session, actor, reference)
            # The special categories as the actor's role prints them (app.domain.access).
            record = as_seen(actor, repo.to_record(row), Use.PRINT)
            return _Loaded(
                record=record,
                station=station_contact(row.station),
                station_language=row.station.language,
                officers=self._officers(session, row, named_users(record)),
                services=self._services(session, record),
                demo=database_mark(session),
            )

    @staticmethod
    def _officers(session: Session, row: Case, usernames: set[str]) -> dict[str, OfficerContact]:
        users = session.scalars(select(User).where(User.username.in_(usernames)))
        officers = {user.username: officer_contact(user) for user in users}
        for imported in repo.imported_users(row, usernames):
            # Someone of another database: the station in brackets, in any document language.
            name = f"{imported.full_name} ({station_of(imported.username)})"
            officers[imported.username] = OfficerContact(name, imported.badge_number)
        return officers

    @staticmethod
    def _services(session: Session, record: CaseRecord) -> dict[str, ServiceEntry]:
        codes = {r.service_code for r in record.referrals if r.service_code}
        if not codes:
            return {}
        rows = session.scalars(select(SupportService).where(SupportService.code.in_(codes)))
        return {row.code: entry_of(row) for row in rows}
