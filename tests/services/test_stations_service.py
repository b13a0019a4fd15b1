"""Stations: administrators add and change them, audited; nobody else may; garbage is refused
whole, and whoever prints for a victim learns whether the station's contacts are there."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.domain.case import Role
from app.domain.stations import EDITABLE, StationDetails
from app.services import Services
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused
from app.storage import tables as t

PASSWORD = "correct horse"
FARO = StationDetails(
    code="FAR-01", name="Faro proximity station", address="Rua de Santo António 1, Faro",
    phone="+351 289 000 000", email="far-01@police.example", opening_hours="Mon–Fri 08:00–20:00",
    language="pt", protocol_pack="eu-baseline", country="PT",
)  # fmt: skip


@pytest.fixture
def people(services: Services) -> dict[Role, Actor]:
    admin = services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon Centre", username="admin",
        full_name="Rita Fonseca", password=PASSWORD,
    )  # fmt: skip
    others = Role.SUPERVISOR, Role.OFFICER, Role.DATA_PROTECTION_OFFICER
    for username, role in ((role.value, role) for role in others):
        services.accounts.add_user(
            admin, username=username, full_name=username.title(), role=role,
            password=PASSWORD, station_code="LIS-01",
        )  # fmt: skip
    return {role: services.accounts.authenticate(role.value, PASSWORD) for role in Role}


def station_events(services: Services) -> list[tuple[str, str, str, object]]:
    """(user, action, station, details) of the stations' audit events, oldest first."""
    with services.backend.reading() as session:
        rows = session.scalars(
            select(t.AuditEvent)
            .where(t.AuditEvent.object_type == "station")
            .order_by(t.AuditEvent.id)
        )
        return [(e.username, e.action, e.object_ref, json.loads(e.details)) for e in rows]


def stations_table(services: Services) -> list[tuple[object, ...]]:
    with services.backend.reading() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(*t.Station.__table__.columns).order_by(t.Station.code)
            )
        ]


def test_an_administrator_adds_lists_and_changes_a_station(
    services: Services, people: dict[Role, Actor]
) -> None:
    admin = people[Role.ADMIN]
    assert services.stations.add_station(admin, FARO) == FARO
    listed = services.stations.list_stations(admin)
    assert [s.code for s in listed] == ["FAR-01", "LIS-01"]
    assert listed[0] == FARO
    changed = services.stations.update_station(
        admin, "FAR-01", phone=" +351 289 111 111 ", country="es", protocol_pack="es-2020"
    )
    assert changed == replace(FARO, phone="+351 289 111 111", country="ES", protocol_pack="es-2020")
    assert services.stations.list_stations(admin)[0] == changed
    # The set-up's station was made without contacts: it can now be given them.
    services.stations.update_station(admin, "LIS-01", address="Rua da Prata 120", phone="112")
    assert station_events(services)[1:] == [
        ("admin", "station_add", "FAR-01", {"fields": list(EDITABLE)}),
        ("admin", "station_set", "FAR-01", {"fields": ["phone", "protocol_pack", "country"]}),
        ("admin", "station_set", "LIS-01", {"fields": ["address", "phone"]}),
    ]


def test_a_change_that_changes_nothing_is_not_audited(
    services: Services, people: dict[Role, Actor]
) -> None:
    services.stations.add_station(people[Role.ADMIN], FARO)
    before = station_events(services)
    services.stations.update_station(people[Role.ADMIN], "FAR-01", name=f" {FARO.name} ")
    assert station_events(services) == before


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.DATA_PROTECTION_OFFICER])
def test_only_an_administrator_may_add_change_or_list_stations(
    services: Services, people: dict[Role, Actor], role: Role
) -> None:
    services.stations.add_station(people[Role.ADMIN], FARO)
    before = stations_table(services)
    actor = people[role]
    with pytest.raises(PermissionDenied):
        services.stations.add_station(actor, replace(FARO, code="FAR-02"))
    with pytest.raises(PermissionDenied):
        services.stations.update_station(actor, "FAR-01", phone="1")
    with pytest.raises(PermissionDenied):
        services.stations.update_station(actor, "FAR-01", protocol_pack="es-2020")
    with pytest.raises(PermissionDenied):
        services.stations.list_stations(actor)
    assert stations_table(services) == before
    refused = [e for e in services.audit.entries(people[Role.ADMIN]) if e.action == "refused"]
    assert [e.username for e in refused] == [role.value] * 4


def test_refusals_name_each_field_and_change_nothing(
    services: Services, people: dict[Role, Actor]
) -> None:
    admin = people[Role.ADMIN]
    services.stations.add_station(admin, FARO)
    before = stations_table(services)
    with pytest.raises(Refused) as refused:
        services.stations.update_station(
            admin, "FAR-01", name="", email="far", language="xx", protocol_pack="fr", country="ZZ"
        )
    assert [(i.field, i.code) for i in refused.value.issues] == [
        ("name", "required"),
        ("email", "bad_email_shape"),
        ("language", "not_one_of"),
        ("protocol_pack", "not_one_of"),
        ("country", "unknown_country"),
    ]
    with pytest.raises(Refused, match="code: there is already a station FAR-01"):
        services.stations.add_station(admin, FARO)
    with pytest.raises(Refused, match="code: there is no station NOP-01"):
        services.stations.update_station(admin, "NOP-01", phone="1")
    assert stations_table(services) == before


def test_whoever_prints_learns_which_contacts_are_missing(
    services: Services, people: dict[Role, Actor]
) -> None:
    services.stations.add_station(people[Role.ADMIN], replace(FARO, address="", phone=""))
    for actor in people.values():
        assert services.stations.missing_contacts(actor, "FAR-01") == ("address", "phone")
        assert services.stations.missing_contacts(actor, "LIS-01") == ("address", "phone")
    services.stations.update_station(people[Role.ADMIN], "FAR-01", address="Rua 1", phone="112")
    assert services.stations.missing_contacts(people[Role.OFFICER], "FAR-01") == ()


def test_whoever_prints_learns_the_station_s_official_language(
    services: Services, people: dict[Role, Actor]
) -> None:
    """Typed texts are checked for special-category words in it too (issue 11, point 9)."""
    services.stations.add_station(people[Role.ADMIN], replace(FARO, language="bg"))
    for actor in people.values():
        assert services.stations.official_language(actor, "FAR-01") == "bg"
        assert services.stations.official_language(actor, "NOP-01") == ""  # no such station
    services.stations.update_station(people[Role.ADMIN], "FAR-01", language="")
    assert services.stations.official_language(people[Role.OFFICER], "FAR-01") == ""


def test_the_demo_stations_keep_their_contacts(services: Services) -> None:
    services.demo.fill(0)
    admin = services.accounts.authenticate("admin", "demo")
    for station in services.stations.list_stations(admin):
        assert services.stations.missing_contacts(admin, station.code) == ()
        assert (station.language, station.country, station.email) != ("", "", "")


texts = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=8),
    st.sampled_from(["", " ", "PT", "pt", "fi", "es-2020", "a@b.pt", "LIS-01", "x" * 400]),
)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=texts, changes=st.dictionaries(st.sampled_from(EDITABLE), texts, max_size=5))
def test_garbage_is_refused_whole_or_stored_as_checked(
    services: Services, people: dict[Role, Actor], code: str, changes: dict[str, str]
) -> None:
    admin = people[Role.ADMIN]
    before = stations_table(services)
    events = len(station_events(services))
    for call in (
        lambda: services.stations.update_station(admin, "LIS-01", **changes),
        lambda: services.stations.add_station(admin, replace(FARO, code=code, **changes)),
    ):
        refusal: Refused | None = None
        try:
            call()
        except Refused as refused:
            refusal = refused
        if refusal is not None:  # every problem named, nothing written
            assert refusal.issues
            assert stations_table(services) == before
            assert len(station_events(services)) == events
        else:  # stored as validated: it lists back tidy
            listed = services.stations.list_stations(admin)
            assert all(s.name == s.name.strip() and s.name for s in listed)
        before, events = stations_table(services), len(station_events(services))
    with services.backend.reading() as session:
        session.execute(select(func.count()).select_from(t.Station))  # the database still answers
