"""Case export and import: a lossless round trip, and files with errors refused as a whole."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.domain import case as d
from app.domain.exchange import FORMAT, FORMAT_VERSION, CaseDocument, StationInfo, UserInfo
from app.domain.languages import spoken
from app.domain.serialization import to_json
from app.files import OutputError, write_file
from app.services import Services, open_services
from app.services.audit import Delivery
from app.services.errors import NotAllowed, PermissionDenied, Refused
from app.storage.tables import AuditEvent, Case, Station, User
from tests.conftest import CHEAP_HASHER
from tests.helpers import exported_text

AT = datetime(2026, 3, 14, 18, 45, 12, 123456, tzinfo=UTC)
PHOTO = b"\x89PNG\r\n\x1a\n not really a photo, but bytes all the same \x00\xff"


def full_record() -> d.CaseRecord:
    """A case with every part of the record filled in, in Unicode the engines must keep."""
    return d.CaseRecord(
        reference="LIS-01-2026-000042",
        station_code="LIS-01",
        status=d.CaseStatus.SUBMITTED,
        created_at=AT,
        created_by="ana",
        officer="ana",
        protocol_pack="eu-baseline",
        protocol_version="1.0",
        reported_at=AT,
        attended_at=AT,
        immediate_danger=False,
        injuries=True,
        injuries_note="Cut above the left eye.",
        medical_help=True,
        medical_note="Treated by INEM paramedics.",
        response_delayed=True,
        delay_plan="Supervisor called the victim at 19:10.",
        occurred_at=AT,
        place="Rua do Benformoso 12",
        district="Intendente",
        place_type="street",
        narrative="Two men pushed the victim and shouted slurs. «Vai para a tua terra!»",
        reporter_type=d.ReporterType.VICTIM,
        offence_types=("assault", "threats"),
        verbatim_words="Vai para a tua terra!",
        evidence_notes="CCTV requested from the shop opposite.",
        indicators=(
            d.IndicatorObservation("comments_gestures", "Slurs about origin, verbatim above."),
            d.IndicatorObservation("lack_of_other_motive", "Nothing taken."),
        ),
        perceptions=(
            d.Perception(d.PerceptionSource.VICTIM, "Because of my skin colour.", "P1"),
            d.Perception(d.PerceptionSource.WITNESS, "They picked him out.", "P2"),
        ),
        officer_assessment="Indicators support a racist motive.",
        motives=("racist_xenophobic",),
        classification="hate_crime",
        community_impact="Second incident in the street this month.",
        mediation_proposed=False,
        persons=(
            d.Person(
                key="P1",
                role=d.PersonRole.VICTIM,
                name="Kofi Mensah-Ōkubo",
                date_of_birth=date(1990, 2, 28),
                languages=spoken("en"),
                interpreter_needed=False,
                safe_phone="+351 910 000 000",
                safe_times="After 18:00",
                message_ok=False,
                ethnicity="as stated by the victim",
            ),
            d.Person(key="P2", role=d.PersonRole.WITNESS, name="Joana Dias"),
            d.Person(key="P3", role=d.PersonRole.SUSPECT, description="Tall, shaved head, 30s"),
        ),
        rights=(d.RightsInformation("P1", AT, "ana", "en", "eu-2026.1", True, "C-77/26", False),),
        assessments=(
            d.NeedsAssessment(
                "P1",
                AT,
                "ana",
                factors=("bias_motive", "repeat_risk"),
                protection_needs=True,
                needs=("emotional", "legal"),
                measures=("same_interviewer",),
                risk_suggested=d.RiskLevel.MEDIUM,
                risk_level=d.RiskLevel.HIGH,
                risk_override_reason="The offenders live on the same street.",
            ),
        ),
        consents=(
            d.Consent(
                "C1",
                "P1",
                "Victim Support Lisbon",
                d.ConsentPurpose.REFERRAL,
                True,
                d.ConsentMethod.SIGNED,
                AT,
                "ana",
                ("identity", "contact"),
                False,
                "consent-2026.1",
                "en",
                True,
                None,
            ),
            d.Consent(
                "C2",
                "P1",
                "Migrant Support Centre",
                d.ConsentPurpose.CIVIL_SOCIETY_CONTACT,
                False,
                d.ConsentMethod.ORAL,
                AT,
                "ana",
            ),
        ),
        referrals=(
            d.Referral(
                "R1",
                "P1",
                "Victim Support Lisbon",
                d.ServiceKind.VICTIM_SUPPORT,
                AT,
                "ana",
                d.ReferralStatus.ACCEPTED,
                "C1",
                "victim-support-lisbon",
                "+351 21 000 1100",
                ("emotional",),
                d.Urgency.WITHIN_48_HOURS,
                AT,
                AT,
                "First call booked.",
            ),
        ),
        coordination=(
            d.CoordinationEvent(
                d.CoordinationKind.PROSECUTOR,
                "Lisbon hate-crime prosecutor",
                AT,
                "ana",
                "Report and indicator annex",
                "Statutory duty",
                "NUIPC 123/26.0",
            ),
        ),
        attachments=(
            d.Attachment(
                "wall.png",
                "image/png",
                hashlib.sha256(PHOTO).hexdigest(),
                len(PHOTO),
                AT,
                "ana",
                "Graffiti on the wall",
                PHOTO,
            ),
        ),
        reviews=(d.Review(d.ReviewDecision.RETURN, "carlos", AT, "Add the witness's words.", ()),),
        follow_ups=(d.FollowUp(date(2026, 3, 28), "Call the victim.", AT, "ana"),),
        outcomes=(
            d.Outcome(d.OutcomeKind.CHARGED, date(2026, 3, 30), "NUIPC 123/26.0", "", AT, "carlos"),
        ),
    )


def document(record: d.CaseRecord | None = None) -> dict[str, object]:
    doc = CaseDocument(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        station=StationInfo("LIS-01", "Lisbon Centre proximity station"),
        users=(
            UserInfo("ana", "Ana Ribeiro", d.Role.OFFICER, "PSP-4101"),
            UserInfo("carlos", "Carlos Mendes", d.Role.SUPERVISOR, "PSP-4102"),
        ),
        case=record or full_record(),
    )
    return to_json(doc)  # type: ignore[no-any-return]


def administrator(services: Services) -> d.Role:
    services.accounts.add_user(
        None,
        username="admin",
        full_name="Rita Fonseca",
        role=d.Role.ADMIN,
        password="a station passphrase",
        station_code="HQ",
        station_name="Force headquarters",
    )
    return d.Role.ADMIN


def sign_in_admin(services: Services):  # type: ignore[no-untyped-def]
    """The administrator of a database that has the station LIS-01 the test files' case is of."""
    administrator(services)
    with services.backend.transaction() as session:
        session.add(Station(code="LIS-01", name="Lisbon Centre proximity station", created_at=AT))
    return services.accounts.authenticate("admin", "a station passphrase")


def local_supervisor(services: Services, admin):  # type: ignore[no-untyped-def]
    services.accounts.add_user(
        admin, username="chief", full_name="Local chief", role=d.Role.SUPERVISOR,
        password="supervisor password", station_code="LIS-01",
    )  # fmt: skip
    return services.accounts.authenticate("chief", "supervisor password")


def local_officer(services: Services, admin, username: str = "officer"):  # type: ignore[no-untyped-def]
    services.accounts.add_user(
        admin, username=username, full_name=f"Local {username}", role=d.Role.OFFICER,
        password="a patrol passphrase", station_code="LIS-01",
    )  # fmt: skip
    return services.accounts.authenticate(username, "a patrol passphrase")


def counts(services: Services) -> tuple[int, ...]:
    with services.backend.transaction() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Case, User, Station, AuditEvent)
        )


def test_export_import_export_gives_the_same_document(services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    admin = sign_in_admin(services)
    original = json.dumps(document(), ensure_ascii=False, indent=2) + "\n"
    assert services.exchange.import_case(admin, original) == "LIS-01-2026-000042"
    # A supervisor exports the special categories (app.domain.access); an administrator does not.
    chief = local_supervisor(services, admin)
    exported = exported_text(services.exchange.export_case, chief, "LIS-01-2026-000042", "transfer")
    # The case as it was, its people named with the file's station: ana is ana@LIS-01 now.
    renamed = json.loads(original)
    renamed["users"][0]["username"] = "ana@LIS-01"
    renamed["users"][1]["username"] = "carlos@LIS-01"
    expected = json.dumps(renamed, ensure_ascii=False).replace('"ana"', '"ana@LIS-01"')
    expected = expected.replace('"carlos"', '"carlos@LIS-01"')
    assert json.loads(exported) == json.loads(expected)

    # ... and into a second, empty database, as another force would.
    other = open_services(
        f"sqlite:///{tmp_path}/other.sqlite3", clock=services.backend.clock, hasher=CHEAP_HASHER
    )
    other_admin = sign_in_admin(other)
    other.exchange.import_case(other_admin, exported)
    other_chief = local_supervisor(other, other_admin)
    again = exported_text(other.exchange.export_case, other_chief, "LIS-01-2026-000042", "check")
    assert again == exported
    other.close()


def test_outcomes_travel_and_a_file_written_before_them_still_imports(services: Services) -> None:
    admin = sign_in_admin(services)
    with_them = document(replace(full_record(), reference="LIS-01-2026-000043"))
    services.exchange.import_case(admin, json.dumps(with_them))
    older = document()
    del older["case"]["outcomes"]  # type: ignore[index]
    services.exchange.import_case(admin, json.dumps(older))
    chief = local_supervisor(services, admin)
    for reference, expected in (("LIS-01-2026-000043", 1), ("LIS-01-2026-000042", 0)):
        case_id, _version = services.cases.locate(chief, reference)
        outcomes = services.cases.open_case(chief, case_id, "check").record.outcomes
        assert len(outcomes) == expected
    [outcome] = services.cases.open_case(
        chief, services.cases.locate(chief, "LIS-01-2026-000043")[0], "check"
    ).record.outcomes
    assert (outcome.kind, outcome.court_reference, outcome.recorded_by) == (
        d.OutcomeKind.CHARGED,
        "NUIPC 123/26.0",
        "carlos@LIS-01",
    )
    # One that does not say who entered it is refused, with where.
    nameless = document(replace(full_record(), reference="LIS-01-2026-000044"))
    del nameless["case"]["outcomes"][0]["recorded_by"]  # type: ignore[index]
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(nameless))
    assert "case.outcomes[0].recorded_by" in [i.field for i in refused.value.issues]


def test_an_import_creates_no_account_and_credits_no_local_namesake(services: Services) -> None:
    admin = sign_in_admin(services)
    ana_here = local_officer(services, admin, "ana")  # not the Ana Ribeiro of the file
    accounts = services.accounts.list_users(admin)
    before = counts(services)

    services.exchange.import_case(admin, json.dumps(document()))

    assert services.accounts.list_users(admin) == accounts
    assert counts(services)[1:3] == before[1:3]  # users, stations
    (summary,) = services.cases.list_cases(admin, d.CaseQuery())
    opened = services.cases.open_case(admin, summary.id, "check")
    record = opened.record
    assert (record.officer, record.created_by) == ("ana@LIS-01", "ana@LIS-01")
    assert {r.reviewer for r in record.reviews} == {"carlos@LIS-01"}
    assert opened.user_names == {
        "ana@LIS-01": "Ana Ribeiro (LIS-01, imported)",
        "carlos@LIS-01": "Carlos Mendes (LIS-01, imported)",
    }
    assert summary.officer_name == "Ana Ribeiro"
    # The local ana is not the officer of the imported case: she neither finds nor edits it.
    assert services.cases.list_cases(ana_here, d.CaseQuery(officer_id=ana_here.user_id)) == []
    with pytest.raises(NotAllowed):
        services.cases.save_draft(ana_here, summary.id, opened.version, record, "")
    assert services.cases.allowed_actions(ana_here, summary.id) == []


def test_an_imported_reference_is_not_given_again(services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    admin = sign_in_admin(services)
    services.exchange.import_case(admin, json.dumps(document()))
    officer = local_officer(services, admin)
    assert clock.now.year == 2026
    assert services.cases.create_draft(officer).record.reference == "LIS-01-2026-000043"


def test_a_file_with_errors_is_refused_whole_with_one_line_per_problem(
    services: Services,
) -> None:
    admin = sign_in_admin(services)
    before = counts(services)
    bad = document()
    case = bad["case"]
    assert isinstance(case, dict)
    case["status"] = "lost"
    case["persons"][0]["role"] = "bystander"
    case["occurred_at"] = "2026-03-14 18:45"
    case["referrals"][0]["consent_key"] = "C2"  # a refused consent cannot cover a referral
    del case["officer"]
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(bad))
    lines = str(refused.value).splitlines()
    assert lines == [
        "case.status: must be one of: draft, submitted, returned, approved, escalated,"
        " closure_proposed, closed",
        "case.officer: is missing",
        "case.occurred_at: needs a time-zone offset, like +02:00 or Z",
        "case.persons[0].role: must be one of: victim, witness, suspect, reporter, guardian",
    ]
    assert counts(services) == before

    # Type-correct but inconsistent: caught by the second pass, still nothing written.
    inconsistent = document(
        replace(full_record(), referrals=(replace(full_record().referrals[0], consent_key="C2"),))
    )
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(inconsistent))
    assert str(refused.value) == ("case.referrals[0].consent_key: consent C2 was refused")
    assert counts(services) == before


def test_an_altered_attachment_is_refused(services: Services) -> None:
    admin = sign_in_admin(services)
    doc = document()
    case = doc["case"]
    assert isinstance(case, dict)
    case["attachments"][0]["content"] = "QUJD"  # "ABC": not the bytes the hash was made of
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(doc))
    assert "case.attachments[0].content: does not match its SHA-256" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", "line 1: is not valid JSON (column 2: Expecting property name"),
        ("[" * 1000 + "]" * 1000, "line 1: nests lists or objects deeper than 20 levels"),
        ('{"format": "something-else"}', "format: is not a Proximity Desk case file"),
        (
            json.dumps({"format": FORMAT, "format_version": 99}),
            "format_version: version 99 is not supported (this program reads 1)",
        ),
    ],
)
def test_files_that_are_not_case_files(services: Services, text: str, expected: str) -> None:
    admin = sign_in_admin(services)
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, text)
    assert expected in str(refused.value)


def test_a_reference_already_present_is_refused(services: Services) -> None:
    admin = sign_in_admin(services)
    services.exchange.import_case(admin, json.dumps(document()))
    before = counts(services)
    with pytest.raises(Refused, match="already in the database"):
        services.exchange.import_case(admin, json.dumps(document()))
    assert counts(services) == before


def test_officers_neither_export_nor_import(services: Services) -> None:
    admin = sign_in_admin(services)
    services.exchange.import_case(admin, json.dumps(document()))
    officer = local_officer(services, admin)
    with pytest.raises(PermissionDenied):
        exported_text(services.exchange.export_case, officer, "LIS-01-2026-000042", "curious")
    with pytest.raises(PermissionDenied):
        services.exchange.import_case(officer, json.dumps(document()))


def test_only_administrators_import(services: Services) -> None:
    admin = sign_in_admin(services)
    services.accounts.add_user(
        admin, username="chief", full_name="C", role=d.Role.SUPERVISOR,
        password="a review passphrase", station_code="LIS-01",
    )  # fmt: skip
    supervisor = services.accounts.authenticate("chief", "a review passphrase")
    cases, users, stations, events = counts(services)
    with pytest.raises(PermissionDenied):
        services.exchange.import_case(supervisor, json.dumps(document()))
    assert counts(services) == (cases, users, stations, events + 1)  # the refusal, logged
    [refusal] = [e for e in services.audit.entries(admin) if e.action == "refused"]
    assert (refusal.username, refusal.object_ref) == ("chief", "")


def test_the_station_must_exist(services: Services) -> None:
    admin = sign_in_admin(services)
    other = full_record()
    other = replace(other, reference="PRT-02-2026-000042", station_code="PRT-02")
    doc = document(other)
    doc["station"] = {"code": "PRT-02", "name": "Porto"}
    before = counts(services)
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(doc))
    assert str(refused.value) == "station.code: there is no station PRT-02"
    assert counts(services) == before


def test_a_reference_with_the_last_number_is_refused(services: Services) -> None:
    """Importing LIS-01-2026-999999 would make the station's next case LIS-01-2026-1000000."""
    admin = sign_in_admin(services)
    before = counts(services)
    doc = document(replace(full_record(), reference="LIS-01-2026-999999"))
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(doc))
    assert str(refused.value).startswith("case.reference: has the last number of the format")
    assert counts(services) == before
    doc = document(replace(full_record(), reference="LIS-01-2026-999998"))
    services.exchange.import_case(admin, json.dumps(doc))
    officer = local_officer(services, admin)
    assert services.cases.create_draft(officer).record.reference == "LIS-01-2026-999999"


def test_a_future_closing_date_is_refused(services: Services, clock) -> None:  # type: ignore[no-untyped-def]
    admin = sign_in_admin(services)
    closed = replace(
        full_record(), status=d.CaseStatus.CLOSED, closed_at=clock.now + timedelta(minutes=1)
    )
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(document(closed)))
    assert str(refused.value) == "case.closed_at: is in the future"


def test_a_case_it_names_as_duplicate_of_must_be_here(services: Services) -> None:
    admin = sign_in_admin(services)
    doc = document(replace(full_record(), duplicate_of="LIS-01-2026-000001"))
    with pytest.raises(Refused) as refused:
        services.exchange.import_case(admin, json.dumps(doc))
    assert str(refused.value) == "case.duplicate_of: names a case that is not in the database"


def test_every_export_is_in_the_audit_trail_with_its_reason(services: Services) -> None:
    admin = sign_in_admin(services)
    services.exchange.import_case(admin, json.dumps(document()))
    exported_text(services.exchange.export_case, admin, "LIS-01-2026-000042", "Court order 12/2026")
    entries = services.audit.entries(admin, object_ref="LIS-01-2026-000042")
    assert [(e.action, e.reason) for e in entries] == [
        ("export", "Court order 12/2026"),
        ("import", ""),
    ]
    with pytest.raises(Refused):
        exported_text(services.exchange.export_case, admin, "LIS-01-2026-000042", "  ")


def test_an_export_is_logged_as_done_only_once_its_file_was_written(
    services: Services, tmp_path: Path
) -> None:
    admin = sign_in_admin(services)
    services.exchange.import_case(admin, json.dumps(document()))
    target = tmp_path / "missing folder" / "case.json"

    def into_file(content: bytes) -> None:
        write_file(target, content, force=False, database=None)

    with pytest.raises(OutputError):
        services.exchange.export_case(
            admin, "LIS-01-2026-000042", "Court order", Delivery("file", into_file)
        )
    assert not target.parent.exists()
    with services.backend.reading() as session:
        events = [
            (e.action, e.reason, json.loads(e.details))
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            if e.action.startswith("export")
        ]
    assert events == [("export_failed", "Court order", {"to": "file", "error": "ENOENT"})]
    target.parent.mkdir()
    services.exchange.export_case(
        admin, "LIS-01-2026-000042", "Court order", Delivery("file", into_file)
    )
    assert json.loads(target.read_text(encoding="utf-8"))["case"]["reference"] == (
        "LIS-01-2026-000042"
    )
    actions = [e.action for e in services.audit.entries(admin, object_ref="LIS-01-2026-000042")]
    assert actions[:2] == ["export", "export_failed"]  # newest first


def test_an_imported_attachment_keeps_a_safe_name_only(services: Services) -> None:
    admin = sign_in_admin(services)
    record = full_record()
    unsafe = replace(record.attachments[0], filename="..\\..\\evil\u202egpj.exe")
    services.exchange.import_case(
        admin, json.dumps(document(replace(record, attachments=(unsafe,))))
    )
    exported = json.loads(
        exported_text(services.exchange.export_case, admin, "LIS-01-2026-000042", "check")
    )
    assert exported["case"]["attachments"][0]["filename"] == "evilgpj.exe"
