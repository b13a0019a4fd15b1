"""A case with everything a printout prints, and secrets none may print where they do not belong.

Values named SECRET_* must never appear in the victim's or the service's copy (or at all, for the
confidential shelter address)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache

from app import paths
from app.documents.data import (
    ConsentReceiptData,
    LeafletCase,
    LeafletData,
    OfficerContact,
    ProsecutorReportData,
    ReferralSheetData,
    StationContact,
)
from app.domain import case as d
from app.domain.directory import ServiceEntry
from app.domain.languages import spoken
from app.domain.protocol import ProtocolPack, load_pack

AT = datetime(2026, 3, 14, 18, 45, tzinfo=UTC)
PRINTED = datetime(2026, 3, 15, 10, 5, tzinfo=UTC)
REFERENCE = "LIS-01-2026-000042"
PHOTO = b"\x89PNG\r\n\x1a\n a photo of the graffiti"
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()

SECRET_SHELTER_ADDRESS = "Travessa Escondida 7"
SECRET_HOME_ADDRESS = "Rua Morais Soares 99"
SECRET_RELIGION = "Sikh"
SECRET_HEALTH = "Diabetes type 1"
SECRET_PRIVATE_PHONE = "+351 96 555 0000"
SAFE_PHONE = "+351 91 234 5678"
NARRATIVE = "Two men pushed the victim at the tram stop and shouted slurs about his turban."

STATION = StationContact(
    "LIS-01",
    "Lisbon Centre proximity station",
    "Rua da Prata 120, 1100-420 Lisbon",
    "+351 21 000 0101",
    "lis01@police.example",
)
OFFICER = OfficerContact("Ana Ribeiro", "PSP-4411", "+351 21 000 0111", "a.ribeiro@police.example")

APAV = ServiceEntry(
    code="apav-lisboa",
    name="APAV Lisbon",
    kind=d.ServiceKind.VICTIM_SUPPORT,
    languages=("pt", "en", "pa"),
    address="Rua José Estêvão 135, Lisbon",
    phone="+351 116 006",
    email="apav@support.example",
    opening_hours="Mon–Fri 9:00–18:00",
)
SHELTER = ServiceEntry(
    code="casa-abrigo",
    name="Casa Abrigo",
    kind=d.ServiceKind.SHELTER,
    languages=("pt",),
    address=SECRET_SHELTER_ADDRESS,
    address_confidential=True,
    phone="+351 21 999 0000",
)

VICTIM = d.Person(
    key="P1",
    role=d.PersonRole.VICTIM,
    name="Harpreet Singh",
    date_of_birth=date(1990, 6, 2),
    gender="male",
    address=SECRET_HOME_ADDRESS,
    phone=SECRET_PRIVATE_PHONE,
    languages=spoken("pa"),
    interpreter_needed=True,
    interpreter_language="pa",
    safe_phone=SAFE_PHONE,
    safe_times="Weekdays after 18:00",
    message_ok=False,
    preferred_channel="Phone call",
    do_not_contact_via="Letters to the home address",
    religion=SECRET_RELIGION,
    health=SECRET_HEALTH,
)
WITNESS = d.Person(
    key="P2", role=d.PersonRole.WITNESS, name="Marta Lopes", phone="+351 93 111 2222"
)
SUSPECT = d.Person(key="P3", role=d.PersonRole.SUSPECT, description="Man, about 30, shaved head")

REFERRAL_CONSENT = d.Consent(
    key="C1",
    person_key="P1",
    recipient="APAV Lisbon",
    purpose=d.ConsentPurpose.REFERRAL,
    granted=True,
    method=d.ConsentMethod.SIGNED,
    recorded_at=AT,
    recorded_by="officer",
    data_scope=("identity", "contact"),
    special_categories=False,
    text_version="consent-2026.1",
    language="pa",
    withdrawal_explained=True,
)
SHELTER_CONSENT = d.Consent(
    key="C2",
    person_key="P1",
    recipient="Casa Abrigo",
    purpose=d.ConsentPurpose.REFERRAL,
    granted=True,
    method=d.ConsentMethod.ORAL,
    recorded_at=AT,
    recorded_by="officer",
    data_scope=("identity", "contact", "incident", "needs"),
    special_categories=True,
    text_version="consent-2026.1",
    language="pa",
    withdrawal_explained=True,
)
REFUSAL = d.Consent(
    key="C3",
    person_key="P1",
    recipient="SOS Racismo",
    purpose=d.ConsentPurpose.CIVIL_SOCIETY_CONTACT,
    granted=False,
    method=d.ConsentMethod.ORAL,
    recorded_at=AT,
    recorded_by="officer",
)
REFERRAL = d.Referral(
    key="R1",
    person_key="P1",
    service_name="APAV Lisbon",
    service_kind=d.ServiceKind.VICTIM_SUPPORT,
    created_at=AT,
    created_by="officer",
    consent_key="C1",
    service_code="apav-lisboa",
    needs=("emotional", "legal"),
    urgency=d.Urgency.WITHIN_48_HOURS,
)
SHELTER_REFERRAL = d.Referral(
    key="R2",
    person_key="P1",
    service_name="Casa Abrigo",
    service_kind=d.ServiceKind.SHELTER,
    created_at=AT,
    created_by="officer",
    consent_key="C2",
    service_code="casa-abrigo",
    needs=("housing", "safety"),
    urgency=d.Urgency.SAME_DAY,
)
ASSESSMENT = d.NeedsAssessment(
    person_key="P1",
    assessed_at=AT,
    assessed_by="officer",
    factors=("bias_motive", "offender_knows_address", "health"),
    protection_needs=True,
    needs=("emotional", "legal", "housing"),
    measures=("avoid_offender_contact",),
    risk_suggested=d.RiskLevel.HIGH,
    risk_level=d.RiskLevel.HIGH,
)

CASE = d.CaseRecord(
    reference=REFERENCE,
    station_code="LIS-01",
    status=d.CaseStatus.SUBMITTED,
    created_at=AT,
    created_by="officer",
    officer="officer",
    protocol_pack="eu-baseline",
    protocol_version="1.0",
    reported_at=AT,
    attended_at=AT,
    immediate_danger=False,
    injuries=True,
    injuries_note="Bruised arm.",
    medical_help=False,
    occurred_at=AT,
    place="Tram stop, Largo Martim Moniz",
    district="Mouraria",
    place_type="public_transport",
    narrative=NARRATIVE,
    reporter_type=d.ReporterType.VICTIM,
    offence_types=("assault", "threats"),
    verbatim_words="Go back to your country, you <don't> belong here & never will.",
    evidence_notes="CCTV requested from the tram company.",
    indicators=(
        d.IndicatorObservation("comments_gestures", "Slurs about the turban, verbatim above."),
        d.IndicatorObservation("lack_of_other_motive", "Nothing was taken."),
    ),
    perceptions=(
        d.Perception(d.PerceptionSource.VICTIM, "Because of my turban and my skin.", "P1"),
        d.Perception(d.PerceptionSource.WITNESS, "They picked him out of the crowd.", "P2"),
    ),
    officer_assessment="The slurs and the absence of any other motive point to a racist motive.",
    motives=("racist_xenophobic", "other_religion"),
    classification="hate_crime",
    persons=(VICTIM, WITNESS, SUSPECT),
    rights=(
        d.RightsInformation(
            person_key="P1",
            given_at=AT,
            given_by="officer",
            leaflet_language="pa",
            leaflet_version="eu-2026.1",
            acknowledgement_given=True,
            complaint_number="C-2026-77",
            interpreter_provided=True,
        ),
    ),
    assessments=(ASSESSMENT,),
    consents=(REFERRAL_CONSENT, SHELTER_CONSENT, REFUSAL),
    referrals=(REFERRAL, SHELTER_REFERRAL),
    coordination=(
        d.CoordinationEvent(
            kind=d.CoordinationKind.PROSECUTOR,
            recipient="Lisbon hate-crime prosecutor",
            sent_at=AT,
            recorded_by="officer",
            reference_number="PROC-2026-991",
        ),
    ),
    attachments=(
        d.Attachment(
            filename="graffiti.png",
            media_type="image/png",
            sha256=PHOTO_SHA,
            size=len(PHOTO),
            added_at=AT,
            added_by="officer",
            description="Graffiti on the shelter of the tram stop",
        ),
    ),
)


@cache
def pack() -> ProtocolPack:
    return load_pack(paths.protocols() / "eu-baseline.toml")


def referral_data(referral: d.Referral = REFERRAL, **changes: object) -> ReferralSheetData:
    consent = next(c for c in CASE.consents if c.key == referral.consent_key)
    service = APAV if referral.service_code == APAV.code else SHELTER
    data = ReferralSheetData(
        reference=REFERENCE,
        referral=referral,
        consent=consent,
        victim=VICTIM,
        service=service,
        officer=OFFICER,
        station=STATION,
        pack=pack(),
        printed_at=PRINTED,
        demo=False,
        occurred_at=CASE.occurred_at,
        place=CASE.place,
        district=CASE.district,
        offence_types=CASE.offence_types,
        motives=CASE.motives,
        narrative=CASE.narrative,
        assessment=ASSESSMENT,
        immediate_danger=CASE.immediate_danger,
        other_agencies=CASE.coordination,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def leaflet_data(personal: bool = True, demo: bool = False) -> LeafletData:
    case = LeafletCase(REFERENCE, OFFICER, (APAV, SHELTER), "C-2026-77") if personal else None
    return LeafletData(STATION, PRINTED, demo, case)


def prosecutor_data(**changes: object) -> ProsecutorReportData:
    data = ProsecutorReportData(
        case=CASE,
        pack=pack(),
        station=STATION,
        officer=OFFICER,
        printed_at=PRINTED,
        user_names={"officer": "Ana Ribeiro"},
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def consent_data(**changes: object) -> ConsentReceiptData:
    data = ConsentReceiptData(
        reference=REFERENCE,
        person=VICTIM,
        consents=CASE.consents,
        officer=OFFICER,
        station=STATION,
        printed_at=PRINTED,
    )
    return replace(data, **changes)  # type: ignore[arg-type]
