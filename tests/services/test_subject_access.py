"""Requests of access (LED Art. 14): the data-protection officer finds a person across every
station's cases (a homonym born another day is told apart), and the report holds everything
about the persons picked and whom it was disclosed to, nothing of the other persons; every other
role is refused and the refusal audited; the report is audited without the name. Both engines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import case as d
from app.domain.languages import spoken
from app.domain.stations import StationDetails
from app.domain.subject_access import name_matches, search_words
from app.domain.workflow import Action
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused, SessionEnded
from tests.documents.reading import text_of
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station
from tests.services.test_guard import set_user

BORN = date(1985, 2, 1)
OTHER_BIRTH = date(1990, 5, 5)


def set_up(services: Services) -> dict[str, Actor]:
    who = set_up_station(services)
    admin = who["admin"]
    services.stations.add_station(admin, StationDetails("POR-01", "Porto Norte"))
    for username, role, station in (
        ("dpo", d.Role.DATA_PROTECTION_OFFICER, "LIS-01"),
        ("porto", d.Role.OFFICER, "POR-01"),
    ):
        services.accounts.add_user(
            admin, username=username, full_name=username.title(), role=role,
            password="a good password", station_code=station,
        )  # fmt: skip
        who[username] = services.accounts.authenticate(username, "a good password")
    return who


def draft_with(services: Services, clock: Clock, officer: Actor, *persons: d.Person) -> str:
    draft = services.cases.create_draft(officer)
    record = replace(complete(draft.record, clock), persons=persons)
    services.cases.save_draft(officer, draft.id, draft.version, record)
    return draft.record.reference


@pytest.fixture
def world(services: Services, clock: Clock) -> dict[str, object]:
    """Kofi Mensah, victim at Lisbon (approved, referral sheet printed for the service), also at
    Porto under his alias; a homonym born another day, witness at Lisbon; other persons about."""
    who = set_up(services)
    officer = who["officer"]
    victim = d.Person(
        "P1", d.PersonRole.VICTIM, name="Kofi Mensah", date_of_birth=BORN, phone="912 000 111",
        religion="Muslim", health="Broken wrist", languages=spoken("en"),
    )  # fmt: skip
    witness = d.Person("P2", d.PersonRole.WITNESS, name="Ana Lopes", phone="933 444 555")
    suspect = d.Person("P3", d.PersonRole.SUSPECT, name="Rui Tavares", religion="Catholic")
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    [consent] = record.consents
    consent = replace(consent, data_scope=("identity", "contact"), special_categories=True)
    record = replace(record, persons=(victim, witness, suspect), consents=(consent,))
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    case = services.cases.submit(officer, draft.id, saved.version)
    services.cases.apply(who["boss"], draft.id, case.version, Action.APPROVE)
    lisbon = draft.record.reference
    shown: list[bytes] = []
    printed = services.documents.referral_sheet(
        officer, lisbon, "en", delivery=Delivery("screen", shown.append), reason="referral"
    )
    clock.advance(minutes=5)
    services.documents.send(officer, printed, shown[0], Delivery("printer", lambda _pdf: None))
    porto = draft_with(
        services, clock, who["porto"],
        d.Person("P1", d.PersonRole.VICTIM, name="K. M.", alias="KOFI MENSAH", age_band="40-49"),
    )  # fmt: skip
    homonym = draft_with(
        services, clock, officer,
        d.Person("P1", d.PersonRole.VICTIM, name="Maria Silva"),
        d.Person("P2", d.PersonRole.WITNESS, name="Kofi Mensah", date_of_birth=OTHER_BIRTH),
    )  # fmt: skip
    return {"who": who, "lisbon": lisbon, "porto": porto, "homonym": homonym}


def test_the_officer_finds_the_person_across_stations_and_tells_homonyms_apart(
    services: Services, world: dict[str, object]
) -> None:
    dpo = world["who"]["dpo"]  # type: ignore[index]
    found = services.subject_access.find(dpo, "kofi MENSÁH")
    assert {(c.reference, c.person_key, c.station_code) for c in found} == {
        (world["lisbon"], "P1", "LIS-01"),
        (world["porto"], "P1", "POR-01"),
        (world["homonym"], "P2", "LIS-01"),
    }
    [homonym] = [c for c in found if c.reference == world["homonym"]]
    assert (homonym.role, homonym.date_of_birth) == (d.PersonRole.WITNESS, OTHER_BIRTH)
    born = services.subject_access.find(dpo, "Mensah", born=BORN)
    # The Porto case has no birth date: it may be him, the officer judges by the age band.
    assert {c.reference for c in born} == {world["lisbon"], world["porto"]}
    assert [c.age_band for c in born if c.reference == world["porto"]] == ["40-49"]


def test_the_report_holds_the_persons_data_and_disclosures_and_nothing_of_the_others(
    services: Services, world: dict[str, object]
) -> None:
    dpo = world["who"]["dpo"]  # type: ignore[index]
    lisbon, porto = str(world["lisbon"]), str(world["porto"])
    data = services.subject_access.report(dpo, [(lisbon, "P1"), (porto, "P1")], "DPO-2026-17")
    first, second = data.cases
    assert (first.person.religion, first.person.health) == ("Muslim", "Broken wrist")
    assert first.others == ((d.PersonRole.WITNESS, 1), (d.PersonRole.SUSPECT, 1))
    assert [c.key for c in first.consents] == ["C1"]
    assert [r.service_name for r in first.referrals] == ["Victim Support Lisbon"]
    assert [(x.how, x.recipient) for x in first.disclosures] == [
        ("coordination", "Victim Support Lisbon"),
        ("print", "printer"),
    ]
    assert first.disclosures[0].basis == "C1"
    assert first.disclosures[0].what[-1] == "special_categories"
    assert second.person.alias == "KOFI MENSAH"
    assert second.disclosures == ()
    assert [c.code for c in data.controllers] == ["LIS-01", "POR-01"]
    pdf: list[bytes] = []
    services.subject_access.print_report(dpo, data, "en", Delivery("file", pdf.append))
    text = text_of(pdf[0])
    held = ("Kofi Mensah", "912 000 111", "Muslim", "Broken wrist", "KOFI MENSAH",
            "Victim Support Lisbon", "Printed on paper", "DPO-2026-17", "Porto Norte")  # fmt: skip
    assert [h for h in held if h not in text] == []
    others = ("Ana Lopes", "933 444 555", "Rui Tavares", "Catholic", "Maria Silva")
    assert [o for o in others if o in text] == []
    assert "Witness (1)" in text
    assert "Suspect (1)" in text


def test_the_report_is_audited_with_references_and_counts_never_the_name(
    services: Services, world: dict[str, object]
) -> None:
    who: dict[str, Actor] = world["who"]  # type: ignore[assignment]
    lisbon = str(world["lisbon"])
    services.subject_access.find(who["dpo"], "Kofi Mensah")
    data = services.subject_access.report(who["dpo"], [(lisbon, "P1")], "DPO-2026-17")
    services.subject_access.print_report(who["dpo"], data, "fi", Delivery("file", lambda _p: None))
    printed, asked, found = services.audit.entries(who["admin"])[:3]
    assert (found.action, found.reason) == ("subject_access", "")
    assert found.details == {"step": "find", "found": 3, "cases": sorted(
        [lisbon, str(world["porto"]), str(world["homonym"])]
    )}  # fmt: skip
    assert (asked.action, asked.username, asked.reason) == ("subject_access", "dpo", "DPO-2026-17")
    assert asked.details == {
        "step": "report", "cases": [lisbon], "persons": 1, "consents": 1, "referrals": 1,
        "disclosures": 2,
    }  # fmt: skip
    assert (printed.action, printed.object_type) == ("print", "subject_access")
    assert printed.details == {
        "document": "subject_access", "language": "fi", "cases": [lisbon], "to": "file"
    }  # fmt: skip
    everything = repr(services.audit.entries(who["admin"]))
    assert "Kofi" not in everything
    assert "Mensah" not in everything


@pytest.mark.parametrize("role", ["officer", "boss", "admin", "porto"])
def test_every_other_role_is_refused_with_nothing_read_and_the_refusal_audited(
    services: Services, world: dict[str, object], role: str
) -> None:
    who: dict[str, Actor] = world["who"]  # type: ignore[assignment]
    lisbon = str(world["lisbon"])
    before = len(services.audit.entries(who["admin"]))
    with pytest.raises(PermissionDenied):
        services.subject_access.find(who[role], "Kofi Mensah")
    with pytest.raises(PermissionDenied):
        services.subject_access.report(who[role], [(lisbon, "P1")], "curious")
    refusals = services.audit.entries(who["admin"])[:2]
    assert len(services.audit.entries(who["admin"])) == before + 2
    assert [(e.action, e.username, e.details["why"]) for e in refusals] == [
        ("refused", who[role].username, "role")
    ] * 2
    assert "Kofi" not in repr(refusals)


def test_a_deactivated_officer_is_refused(services: Services, world: dict[str, object]) -> None:
    who: dict[str, Actor] = world["who"]  # type: ignore[assignment]
    set_user(services, "dpo", active=False)
    with pytest.raises(SessionEnded):
        services.subject_access.find(who["dpo"], "Kofi Mensah")
    assert services.audit.entries(who["admin"])[0].details["why"] == "session_ended"


def test_a_pick_that_names_nothing_is_refused_and_nothing_audited(
    services: Services, world: dict[str, object]
) -> None:
    who: dict[str, Actor] = world["who"]  # type: ignore[assignment]
    before = len(services.audit.entries(who["admin"]))
    with pytest.raises(Refused) as refused:
        services.subject_access.report(
            who["dpo"], [("LIS-01-2026-999999", "P1"), (str(world["lisbon"]), "P9")], "DPO-1"
        )
    assert [(i.code, i.field) for i in refused.value.issues] == [
        ("unknown_case", "pick 1"), ("unknown_person", "pick 2")
    ]  # fmt: skip
    with pytest.raises(Refused):
        services.subject_access.report(who["dpo"], [(str(world["lisbon"]), "P1")], "  ")
    assert len(services.audit.entries(who["admin"])) == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(max_size=60))
def test_any_typed_name_finds_only_matching_persons_or_is_refused(
    sqlite_services: Services, name: str
) -> None:
    services = sqlite_services
    if services.accounts.needs_setup():
        who = set_up(services)
        draft = services.cases.create_draft(who["officer"])
        person = d.Person("P1", d.PersonRole.VICTIM, name="Łukasz Żółć", alias="Luke")
        services.cases.save_draft(
            who["officer"], draft.id, draft.version, replace(draft.record, persons=(person,))
        )
    dpo = services.accounts.authenticate("dpo", "a good password")
    if not search_words(name):
        with pytest.raises(Refused) as refused:
            services.subject_access.find(dpo, name)
        assert [i.code for i in refused.value.issues] == ["required"]
        return
    found = services.subject_access.find(dpo, name)
    expected = name_matches(search_words(name), "Łukasz Żółć", "Luke")
    assert [c.person_key for c in found] == (["P1"] if expected else [])
