"""Printing from the database: who may print what, what is read, and the audit trail."""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import select

from app.documents import DOCUMENT_LANGUAGES, document_translations
from app.documents.text import Words
from app.domain.case import CaseRecord, Role
from app.files import OutputError, write_file
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.errors import NotFound, PermissionDenied, Refused
from app.storage import cases as repo
from app.storage.tables import AuditEvent, Station, User
from tests.documents import samples
from tests.documents.reading import copies, text_of
from tests.helpers import delivered

PASSWORD = "a long enough password"


@dataclass(frozen=True)
class People:
    admin: Actor
    officer: Actor
    elsewhere: Actor  # an officer of another station


@pytest.fixture
def people(services: Services) -> People:
    services.accounts.set_up(
        station_code="LIS-01",
        station_name=samples.STATION.name,
        username="admin",
        full_name="Rita Fonseca",
        password=PASSWORD,
    )
    admin = services.accounts.authenticate("admin", PASSWORD)
    services.accounts.add_user(
        admin, username="officer", full_name="Ana Ribeiro", role=Role.OFFICER,
        password=PASSWORD, station_code="LIS-01", badge_number="PSP-4411",
    )  # fmt: skip
    with services.backend.transaction() as session:
        session.add(Station(code="POR-01", name="Porto station", created_at=samples.AT))
    services.accounts.add_user(
        admin, username="porto", full_name="Paulo Rocha", role=Role.OFFICER,
        password=PASSWORD, station_code="POR-01",
    )  # fmt: skip
    with services.backend.transaction() as session:
        station = session.scalar(select(Station).where(Station.code == "LIS-01"))
        assert station is not None
        station.address, station.phone = samples.STATION.address, samples.STATION.phone
        station.email = samples.STATION.email
        user = session.scalar(select(User).where(User.username == "officer"))
        assert user is not None
        user.phone, user.email = samples.OFFICER.phone, samples.OFFICER.email
    for entry in (samples.APAV, samples.SHELTER):
        services.directory.save(admin, entry)
    return People(
        admin=admin,
        officer=services.accounts.authenticate("officer", PASSWORD),
        elsewhere=services.accounts.authenticate("porto", PASSWORD),
    )


def add(services: Services, record: CaseRecord = samples.CASE) -> str:
    """The sample case, stored as it is (its attachment with its bytes)."""
    attachment = replace(record.attachments[0], content=samples.PHOTO)
    record = replace(record, attachments=(attachment,))
    with services.backend.transaction() as session:
        station_id = session.scalar(select(Station.id).where(Station.code == "LIS-01"))
        user_id = session.scalar(select(User.id).where(User.username == "officer"))
        assert station_id is not None
        assert user_id is not None
        repo.add_case(
            session, record, station_id=station_id, user_ids={"officer": user_id},
            updated_by_id=user_id, now=services.backend.clock(),
        )  # fmt: skip
    return record.reference


def prints(services: Services) -> list[AuditEvent]:
    with services.backend.reading() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == "print").order_by(AuditEvent.id)
            )
        )


def test_each_printout_of_a_case_is_built_from_storage_and_audited(
    services: Services, people: People
) -> None:
    reference = add(services)
    documents = services.documents
    officer = people.officer
    sheet = delivered(documents.referral_sheet, officer, reference, "en", referral_key="R1",
                      reason="referral", service_language="en", file_language="en")  # fmt: skip
    report = delivered(documents.prosecutor_report, officer, reference, "en", reason="to court")
    receipt = delivered(documents.consent_receipt, officer, reference, "en", reason="receipt")
    personal = delivered(documents.leaflet, officer, "en", reference, reason="leaflet")
    found = copies(sheet)
    # The station's and the officer's contacts come from the database.
    for text in found.values():
        assert "Ana Ribeiro, badge PSP-4411" in text
        assert samples.OFFICER.phone in text
        assert samples.STATION.address in text
        assert samples.APAV.opening_hours in text  # the directory's entry, not the snapshot
    assert samples.PHOTO_SHA in text_of(report)
    assert "APAV Lisbon" in text_of(receipt)
    assert samples.SECRET_SHELTER_ADDRESS not in text_of(personal)
    assert "Casa Abrigo" in text_of(personal)
    assert "DEMO" not in text_of(sheet)
    events = prints(services)
    assert [(e.username, e.object_type, e.object_ref) for e in events] == [
        ("officer", "case", reference)
    ] * 4
    to = "screen"
    assert [json.loads(e.details) for e in events] == [
        {"document": "referral", "language": "en", "referral": "R1", "service_language": "en",
         "file_language": "en", "to": to},
        {"document": "prosecutor", "language": "en", "to": to},
        {"document": "consent", "language": "en", "person": "P1", "to": to},
        {"document": "leaflet", "language": "en", "person": "P1", "to": to},
    ]  # fmt: skip
    assert [e.reason for e in events] == ["referral", "to court", "receipt", "leaflet"]
    for event in events:  # ids and codes only
        for secret in (samples.VICTIM.name, samples.SAFE_PHONE, "APAV", samples.NARRATIVE):
            assert secret not in event.details + event.reason + event.object_ref


def test_the_standalone_leaflet_needs_no_case(services: Services, people: People) -> None:
    text = text_of(delivered(services.documents.leaflet, people.officer, "fi"))
    assert samples.STATION.phone in text
    assert Words(document_translations("fi"), "fi")("Your rights as a victim") in text
    assert "Oikeutesi" in text  # in Finnish, from its catalog
    [event] = prints(services)
    assert (event.object_type, event.object_ref) == ("leaflet", "")
    assert json.loads(event.details) == {"document": "leaflet", "language": "fi", "to": "screen"}


def test_the_stock_of_leaflets_in_every_language(services: Services, people: People) -> None:
    pdfs: dict[str, bytes] = {}

    def into_file(code: str) -> Delivery:
        return Delivery("file", lambda pdf: pdfs.setdefault(code, pdf))

    services.documents.leaflets(people.officer, DOCUMENT_LANGUAGES, into_file)
    assert list(pdfs) == list(DOCUMENT_LANGUAGES)
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs.values())
    assert [json.loads(e.details)["language"] for e in prints(services)] == list(pdfs)


def test_a_case_of_another_station_is_not_printed(services: Services, people: People) -> None:
    reference = add(services)
    documents, why = services.documents, {"reason": "check"}
    with pytest.raises(PermissionDenied):
        delivered(documents.prosecutor_report, people.elsewhere, reference, "en", **why)
    with pytest.raises(PermissionDenied):
        delivered(documents.leaflet, people.elsewhere, "en", reference, **why)
    # An administrator sees every station's cases.
    assert delivered(documents.prosecutor_report, people.admin, reference, "en", **why)
    with pytest.raises(NotFound):
        delivered(documents.consent_receipt, people.officer, "LIS-01-1999-000001", "en", **why)
    assert len(prints(services)) == 1


def test_an_unknown_language_is_refused(services: Services, people: People) -> None:
    reference = add(services)
    with pytest.raises(Refused, match="language: must be one of: en, es"):
        delivered(services.documents.prosecutor_report, people.officer, reference, "de",
                  reason="check")  # fmt: skip
    assert prints(services) == []


def test_which_referral_and_which_person_when_there_are_several(
    services: Services, people: People
) -> None:
    reference = add(services)
    sheet, receipt = services.documents.referral_sheet, services.documents.consent_receipt
    officer, why = people.officer, {"reason": "check"}
    with pytest.raises(Refused, match="referral: must be one of: R1, R2"):
        delivered(sheet, officer, reference, "en", **why)
    with pytest.raises(Refused, match="referral: must be one of: R1, R2"):
        delivered(sheet, officer, reference, "en", referral_key="R7", **why)
    pdf = delivered(sheet, officer, reference, "en", referral_key="R2", **why)
    assert samples.SECRET_SHELTER_ADDRESS not in text_of(pdf)
    with pytest.raises(Refused, match="person: must be one of: P1"):
        delivered(receipt, officer, reference, "en", person_key="P2", **why)
    assert len(prints(services)) == 1


def test_a_referral_without_a_valid_consent_is_not_printed(
    services: Services, people: People
) -> None:
    withdrawn = replace(samples.REFERRAL_CONSENT, withdrawn_at=samples.PRINTED)
    case = replace(samples.CASE, consents=(withdrawn, *samples.CASE.consents[1:]))
    reference = add(services, case)
    with pytest.raises(Refused, match="referral R1: consent C1 was withdrawn"):
        delivered(services.documents.referral_sheet, people.officer, reference, "en",
                  referral_key="R1", reason="check")  # fmt: skip
    assert prints(services) == []


def readers_of_three_languages(services: Services, people: People) -> str:
    """The sample case with a victim who reads Arabic, a service that works in Finnish and a
    station whose official language is Swedish."""
    services.directory.save(people.admin, replace(samples.APAV, languages=("fi", "en")))
    with services.backend.transaction() as session:
        station = session.scalar(select(Station).where(Station.code == "LIS-01"))
        assert station is not None
        station.language = "sv"
    rights = replace(samples.CASE.rights[0], leaflet_language="ar")
    return add(services, replace(samples.CASE, rights=(rights, *samples.CASE.rights[1:])))


def test_each_copy_starts_in_its_readers_language(services: Services, people: People) -> None:
    reference = readers_of_three_languages(services, people)
    documents = services.documents
    languages = {
        (kind, copy): code
        for kind in ("leaflet", "referral", "prosecutor", "consent")
        for copy, code in documents.copy_languages(
            people.officer, kind, reference, person_key="P1", referral_key="R1", screen="lv"
        ).items()
    }
    assert languages == {
        ("leaflet", "victim"): "ar",
        ("referral", "service"): "fi",
        ("referral", "victim"): "ar",
        ("referral", "file"): "sv",
        ("prosecutor", "prosecutor"): "sv",
        ("consent", "person"): "ar",
    }
    # The station's stock leaflet: the station's language; an unknown person: theirs too.
    assert documents.copy_languages(people.officer, "leaflet") == {"victim": "sv"}
    unknown = documents.copy_languages(people.officer, "consent", reference, person_key="P9")
    assert unknown == {"person": "sv"}
    with pytest.raises(Refused):
        documents.copy_languages(people.officer, "poster", reference)
    with pytest.raises(PermissionDenied):
        documents.copy_languages(people.elsewhere, "referral", reference, referral_key="R1")


def test_a_referral_sheet_prints_each_copy_in_its_readers_language(
    services: Services, people: People
) -> None:
    reference = readers_of_three_languages(services, people)
    pdf = delivered(
        services.documents.referral_sheet, people.officer, reference, "ar",
        referral_key="R1", reason="check",
    )  # fmt: skip
    found = copies(pdf, service="fi", victim="ar", file="sv")
    assert set(found) == {"service", "victim", "file"}
    assert "Ohjaus tukipalveluun" in found["service"]
    assert "Hänvisning till en stödtjänst" in found["file"]
    details = json.loads(prints(services)[0].details)
    assert (details["service_language"], details["file_language"]) == ("fi", "sv")
    # The officer's choice wins; an unknown language is refused.
    pdf = delivered(
        services.documents.referral_sheet, people.officer, reference, "ar",
        referral_key="R1", reason="check", service_language="en", file_language="bg",
    )  # fmt: skip
    assert set(copies(pdf, service="en", victim="ar", file="bg")) == {"service", "victim", "file"}
    with pytest.raises(Refused):
        delivered(
            services.documents.referral_sheet, people.officer, reference, "ar",
            referral_key="R1", reason="check", service_language="xx",
        )  # fmt: skip


def test_a_demo_database_prints_demo(services: Services) -> None:
    services.demo.fill(0)
    officer = services.accounts.authenticate("officer", "demo")
    assert "DEMO — synthetic data" in text_of(delivered(services.documents.leaflet, officer, "en"))


def events_of(services: Services) -> list[tuple[str, str, dict[str, object]]]:
    with services.backend.reading() as session:
        return [
            (e.action, e.object_ref, json.loads(e.details))
            for e in session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.in_(["print", "print_failed"]))
                .order_by(AuditEvent.id)
            )
        ]


@pytest.mark.parametrize("reason", ["", "  \t "])
def test_a_case_is_not_printed_without_a_reason(
    services: Services, people: People, reason: str
) -> None:
    reference = add(services)
    documents, officer = services.documents, people.officer
    for call, extra in (
        (documents.referral_sheet, {"referral_key": "R1"}),
        (documents.prosecutor_report, {}),
        (documents.consent_receipt, {}),
    ):
        with pytest.raises(Refused, match=r"^reason: is required$"):
            delivered(call, officer, reference, "en", reason=reason, **extra)
    with pytest.raises(Refused, match=r"^reason: is required$"):
        delivered(documents.leaflet, officer, "en", reference, reason=reason)
    assert prints(services) == []
    # The station's standalone leaflet is about no case: it needs no reason.
    assert delivered(documents.leaflet, officer, "en", reason=reason)


def test_a_printout_is_logged_as_done_only_once_it_was_written(
    services: Services, people: People, tmp_path: Path
) -> None:
    reference = add(services)
    missing = tmp_path / "no such folder" / "report.pdf"

    def into_missing_folder(pdf: bytes) -> None:
        write_file(missing, pdf, force=False, database=None)

    with pytest.raises(OutputError) as raised:
        services.documents.prosecutor_report(
            people.officer, reference, "en", reason="to court",
            delivery=Delivery("file", into_missing_folder),
        )  # fmt: skip
    assert raised.value.kind == "failed"
    assert not missing.parent.exists()
    assert events_of(services) == [
        ("print_failed", reference,
         {"document": "prosecutor", "language": "en", "to": "file", "error": "ENOENT"}),
    ]  # fmt: skip
    # Written: logged as done.
    written = tmp_path / "report.pdf"
    services.documents.prosecutor_report(
        people.officer, reference, "en", reason="to court",
        delivery=Delivery("file", lambda pdf: write_file(written, pdf, force=False, database=None)),
    )  # fmt: skip
    assert written.read_bytes().startswith(b"%PDF-")
    assert [action for action, _ref, _details in events_of(services)] == ["print_failed", "print"]


def test_a_printout_sent_on_from_the_preview_is_logged_each_time(
    services: Services, people: People
) -> None:
    shown: list[bytes] = []
    printed = services.documents.leaflet(
        people.officer, "ar", delivery=Delivery("screen", shown.append)
    )
    [pdf] = shown

    def jammed(_pdf: bytes) -> None:
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(OSError, match="I/O error"):
        services.documents.send(people.officer, printed, pdf, Delivery("printer", jammed))
    services.documents.send(people.officer, printed, pdf, Delivery("printer", lambda _pdf: None))
    leaflet = {"document": "leaflet", "language": "ar"}
    assert events_of(services) == [
        ("print", "", {**leaflet, "to": "screen"}),
        ("print_failed", "", {**leaflet, "to": "printer", "error": "EIO"}),
        ("print", "", {**leaflet, "to": "printer"}),
    ]


def test_nothing_to_print_is_said_in_a_sentence(services: Services, people: People) -> None:
    """A case with no referral, or nobody the printout is for: why nothing was printed."""
    reference = add(services, replace(samples.CASE, referrals=(), consents=(), persons=()))
    officer, why = people.officer, {"reason": "check"}
    with pytest.raises(Refused, match=r"^referrals: nothing was printed: the case has no referral"):
        delivered(services.documents.referral_sheet, officer, reference, "en", **why)
    with pytest.raises(Refused, match="nothing was printed: the case names nobody"):
        delivered(services.documents.consent_receipt, officer, reference, "en", **why)
    assert prints(services) == []
