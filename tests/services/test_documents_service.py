"""Printing from the database: who may print what, what is read, and the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import select

from app.documents import DOCUMENT_LANGUAGES, document_translations
from app.documents.text import Words
from app.domain.case import CaseRecord, Role
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotFound, PermissionDenied, Refused
from app.storage import cases as repo
from app.storage.tables import AuditEvent, Station, User
from tests.documents import samples
from tests.documents.reading import copies, text_of

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
    sheet = documents.referral_sheet(people.officer, reference, "en", referral_key="R1")
    report = documents.prosecutor_report(people.officer, reference, "en", reason="to court")
    receipt = documents.consent_receipt(people.officer, reference, "en")
    personal = documents.leaflet(people.officer, "en", reference)
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
    assert [json.loads(e.details) for e in events] == [
        {"document": "referral", "language": "en", "referral": "R1", "office_language": "en"},
        {"document": "prosecutor", "language": "en"},
        {"document": "consent", "language": "en", "person": "P1"},
        {"document": "leaflet", "language": "en", "person": "P1"},
    ]
    assert events[1].reason == "to court"
    for event in events:  # ids and codes only
        for secret in (samples.VICTIM.name, samples.SAFE_PHONE, "APAV", samples.NARRATIVE):
            assert secret not in event.details + event.reason + event.object_ref


def test_the_standalone_leaflet_needs_no_case(services: Services, people: People) -> None:
    text = text_of(services.documents.leaflet(people.officer, "fi"))
    assert samples.STATION.phone in text
    assert Words(document_translations("fi"), "fi")("Your rights as a victim") in text
    assert "Oikeutesi" in text  # in Finnish, from its catalog
    [event] = prints(services)
    assert (event.object_type, event.object_ref) == ("leaflet", "")
    assert json.loads(event.details) == {"document": "leaflet", "language": "fi"}


def test_the_stock_of_leaflets_in_every_language(services: Services, people: People) -> None:
    pdfs = services.documents.leaflets(people.officer, DOCUMENT_LANGUAGES)
    assert list(pdfs) == list(DOCUMENT_LANGUAGES)
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs.values())
    assert [json.loads(e.details)["language"] for e in prints(services)] == list(pdfs)


def test_a_case_of_another_station_is_not_printed(services: Services, people: People) -> None:
    reference = add(services)
    with pytest.raises(PermissionDenied):
        services.documents.prosecutor_report(people.elsewhere, reference, "en")
    with pytest.raises(PermissionDenied):
        services.documents.leaflet(people.elsewhere, "en", reference)
    # An administrator sees every station's cases.
    assert services.documents.prosecutor_report(people.admin, reference, "en")
    with pytest.raises(NotFound):
        services.documents.consent_receipt(people.officer, "LIS-01-1999-000001", "en")
    assert len(prints(services)) == 1


def test_an_unknown_language_is_refused(services: Services, people: People) -> None:
    reference = add(services)
    with pytest.raises(Refused, match="language: must be one of: en, es"):
        services.documents.prosecutor_report(people.officer, reference, "de")
    assert prints(services) == []


def test_which_referral_and_which_person_when_there_are_several(
    services: Services, people: People
) -> None:
    reference = add(services)
    with pytest.raises(Refused, match="referral: must be one of: R1, R2"):
        services.documents.referral_sheet(people.officer, reference, "en")
    with pytest.raises(Refused, match="referral: must be one of: R1, R2"):
        services.documents.referral_sheet(people.officer, reference, "en", referral_key="R7")
    sheet = services.documents.referral_sheet(people.officer, reference, "en", referral_key="R2")
    assert samples.SECRET_SHELTER_ADDRESS not in text_of(sheet)
    with pytest.raises(Refused, match="person: must be one of: P1"):
        services.documents.consent_receipt(people.officer, reference, "en", person_key="P2")
    assert len(prints(services)) == 1


def test_a_referral_without_a_valid_consent_is_not_printed(
    services: Services, people: People
) -> None:
    withdrawn = replace(samples.REFERRAL_CONSENT, withdrawn_at=samples.PRINTED)
    case = replace(samples.CASE, consents=(withdrawn, *samples.CASE.consents[1:]))
    reference = add(services, case)
    with pytest.raises(Refused, match="referral R1: consent C1 was withdrawn"):
        services.documents.referral_sheet(people.officer, reference, "en", referral_key="R1")
    assert prints(services) == []


def test_the_service_copy_is_in_the_office_language_the_victims_in_theirs(
    services: Services, people: People
) -> None:
    reference = add(services)
    pdf = services.documents.referral_sheet(
        people.officer, reference, "ar", referral_key="R1", office_language="xx"
    )
    # An unknown office language prints English; the victim's copy is in Arabic.
    assert set(copies(pdf, office="en", victim="ar")) == {"service", "victim", "file"}
    assert json.loads(prints(services)[0].details)["office_language"] == "en"


def test_a_demo_database_prints_demo(services: Services) -> None:
    services.demo.fill(0)
    officer = services.accounts.authenticate("officer", "demo")
    assert "DEMO — synthetic data" in text_of(services.documents.leaflet(officer, "en"))
