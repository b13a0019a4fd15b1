"""The support-services directory service: roles, validation, all-or-nothing import, audit."""

from __future__ import annotations

import csv
import errno
import io
from dataclasses import dataclass, replace
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.domain.case import Role, ServiceKind
from app.domain.directory import CSV_HEADER, ServiceEntry, parse_csv, split_list, to_csv
from app.domain.languages import language_code
from app.i18n.issues import describe
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.demo import sample_directory
from app.services.errors import PermissionDenied, Refused
from app.storage import tables as t
from tests.helpers import exported_text

PASSWORD = "correct horse"
HEADER = ",".join(CSV_HEADER)
LEGAL = ServiceEntry(
    code="legal-aid-office",
    name="Legal Aid Office",
    kind=ServiceKind.LEGAL_AID,
    languages=("pt", "en"),
    groups_served=("all",),
    area="Lisbon",
    address="Campus de Justiça",
    phone="+351 21 000 1600",
    email="legal@example.org",
    opening_hours="Mon–Fri 09:00–16:00",
)
SHELTER = ServiceEntry(
    code="safe-house-east",
    name="East Safe House",  # sorts first by name, last by code
    kind=ServiceKind.SHELTER,
    languages=("pt", "ar"),
    groups_served=("all",),
    address="Rua das Acácias 12",
    address_confidential=True,
    phone="+351 21 000 1800",
)
LGBTI = ServiceEntry(
    code="lgbti-helpline",
    name="LGBTI Support Line",
    kind=ServiceKind.VICTIM_SUPPORT,
    languages=("pt", "en", "es"),
    groups_served=("anti_lgbti",),
)


@dataclass(frozen=True)
class People:
    admin: Actor
    supervisor: Actor
    officer: Actor


@pytest.fixture
def people(services: Services) -> People:
    services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="admin",
        full_name="Rita Fonseca",
        password=PASSWORD,
    )
    admin = services.accounts.authenticate("admin", PASSWORD)
    for username, role in (("supervisor", Role.SUPERVISOR), ("officer", Role.OFFICER)):
        services.accounts.add_user(
            admin,
            username=username,
            full_name=username.title(),
            role=role,
            password=PASSWORD,
            station_code="LIS-01",
        )
    return People(
        admin=admin,
        supervisor=services.accounts.authenticate("supervisor", PASSWORD),
        officer=services.accounts.authenticate("officer", PASSWORD),
    )


def directory_events(services: Services, admin: Actor) -> list[tuple[str, str, str]]:
    """(username, action, code) of the directory's audit events, oldest first."""
    entries = services.audit.entries(admin)
    return [
        (e.username, e.action, e.object_ref)
        for e in reversed(entries)
        if e.object_type == "support_service"
    ]


def row_count(services: Services) -> int:
    with services.backend.reading() as session:
        return len(session.scalars(select(t.SupportService.id)).all())


# ------------------------------------------------------------------------------------ roles


def test_every_role_reads_only_administrators_change(services: Services, people: People) -> None:
    services.directory.save(people.admin, LEGAL)
    for actor in (people.officer, people.supervisor, people.admin):
        assert services.directory.list_services(actor) == [LEGAL]
        assert services.directory.get(actor, LEGAL.code) == LEGAL
    for actor in (people.officer, people.supervisor):
        with pytest.raises(PermissionDenied):
            services.directory.save(actor, replace(LEGAL, name="Changed"))
        with pytest.raises(PermissionDenied):
            services.directory.deactivate(actor, LEGAL.code)
        with pytest.raises(PermissionDenied):
            services.directory.import_csv(actor, to_csv([SHELTER]))
    with pytest.raises(PermissionDenied):
        exported_text(services.directory.export_csv, people.officer)
    assert exported_text(services.directory.export_csv, people.supervisor) == to_csv([LEGAL])
    assert services.directory.list_services(people.admin, include_inactive=True) == [LEGAL]


# ------------------------------------------------------------------------------ save, deactivate


def test_save_adds_then_updates_by_code(services: Services, people: People) -> None:
    assert services.directory.get(people.admin, LEGAL.code) is None
    services.directory.save(people.admin, LEGAL)
    changed = replace(LEGAL, name="Legal Aid Office (Campus)", languages=("pt", "en", "fr"))
    services.directory.save(people.admin, changed)
    assert services.directory.list_services(people.admin) == [changed]
    assert row_count(services) == 1
    assert directory_events(services, people.admin) == [
        ("admin", "create", LEGAL.code),
        ("admin", "update", LEGAL.code),
    ]


def test_save_tidies_the_form_text(services: Services, people: People) -> None:
    messy = replace(LGBTI, code=" lgbti-helpline ", name=" LGBTI Support Line ", languages=("pt ",))
    assert services.directory.save(people.admin, messy) == replace(LGBTI, languages=("pt",))
    assert services.directory.get(people.officer, LGBTI.code) == replace(LGBTI, languages=("pt",))


def test_save_refuses_bad_entries_naming_the_fields(services: Services, people: People) -> None:
    bad = replace(
        LEGAL, code="Legal Aid", name="", languages=("english",), groups_served=("lgbti",)
    )
    with pytest.raises(Refused) as refused:
        services.directory.save(people.admin, replace(bad, email="legal.example.org"))
    assert [(i.field, i.code) for i in refused.value.issues] == [
        ("code", "bad_service_code"),
        ("name", "required"),
        ("languages", "bad_language_code"),
        ("groups_served", "unknown_group"),  # checked against the protocol packs' motives
        ("email", "bad_email"),
    ]
    assert row_count(services) == 0
    assert directory_events(services, people.admin) == []


def test_deactivate_hides_but_never_deletes(services: Services, people: People) -> None:
    services.directory.save(people.admin, LEGAL)
    services.directory.save(people.admin, SHELTER)
    services.directory.deactivate(people.admin, LEGAL.code)
    services.directory.deactivate(people.admin, LEGAL.code)  # twice: one change, one event
    inactive = replace(LEGAL, active=False)
    assert services.directory.list_services(people.officer) == [SHELTER]
    assert services.directory.list_services(people.officer, include_inactive=True) == [
        SHELTER,
        inactive,
    ]
    assert services.directory.get(people.officer, LEGAL.code) == inactive
    assert directory_events(services, people.admin)[-1] == ("admin", "deactivate", LEGAL.code)
    assert [e[1] for e in directory_events(services, people.admin)].count("deactivate") == 1
    services.directory.save(people.admin, LEGAL)  # saving it active brings it back
    assert services.directory.list_services(people.officer) == [SHELTER, LEGAL]
    with pytest.raises(Refused) as refused:
        services.directory.deactivate(people.admin, "no-such-service")
    assert [(i.field, i.code) for i in refused.value.issues] == [("code", "unknown_service")]


# ------------------------------------------------------------------------------------ filters


def test_filters_by_need_language_group_and_kind(services: Services, people: People) -> None:
    services.directory.import_csv(people.admin, to_csv([LEGAL, SHELTER, LGBTI]))

    def codes(**filters: Any) -> list[str]:
        found = services.directory.list_services(people.officer, **filters)
        return [entry.code for entry in found]

    assert codes() == ["safe-house-east", "legal-aid-office", "lgbti-helpline"]  # by name
    assert codes(need="housing") == ["safe-house-east", "lgbti-helpline"]
    assert codes(need="legal") == ["legal-aid-office", "lgbti-helpline"]
    assert codes(need="medical") == []
    assert codes(language="ar") == ["safe-house-east"]
    assert codes(language="es") == ["lgbti-helpline"]
    assert codes(group="anti_roma") == ["safe-house-east", "legal-aid-office"]
    assert codes(group="anti_lgbti") == ["safe-house-east", "legal-aid-office", "lgbti-helpline"]
    assert codes(kind=ServiceKind.SHELTER) == ["safe-house-east"]
    assert codes(need="legal", language="pt", group="anti_roma") == ["legal-aid-office"]


# ------------------------------------------------------------------------------------ import


def test_import_adds_new_and_updates_existing_by_code(services: Services, people: People) -> None:
    services.directory.save(people.admin, LEGAL)
    services.directory.save(people.admin, LGBTI)
    moved = replace(LEGAL, address="Rua Nova 1", phone="+351 21 000 1601")
    assert services.directory.import_csv(people.admin, to_csv([moved, SHELTER])) == 2
    # LGBTI was not in the file: left as it was.
    assert services.directory.list_services(people.admin) == [SHELTER, moved, LGBTI]
    assert row_count(services) == 3
    assert directory_events(services, people.admin)[-2:] == [
        ("admin", "import", LEGAL.code),
        ("admin", "import", SHELTER.code),
    ]


def test_a_file_with_any_problem_imports_nothing(services: Services, people: People) -> None:
    services.directory.save(people.admin, LEGAL)
    before = exported_text(services.directory.export_csv, people.admin)
    events = directory_events(services, people.admin)
    good_rows = to_csv([replace(LEGAL, name="Renamed"), SHELTER]).splitlines()[1:]
    bad_row = "new-service,New Service,counselling,pt,all,,,,,,,,"
    text = "\n".join([HEADER, *good_rows, bad_row, good_rows[1]]) + "\n"
    with pytest.raises(Refused) as refused:
        services.directory.import_csv(people.admin, text)
    assert [(i.field, i.code) for i in refused.value.issues] == [
        ("line 4: kind", "not_one_of"),
        ("line 5: code", "duplicate_service_code"),
    ]
    assert str(refused.value).splitlines()[1] == (
        "line 5: code: the code safe-house-east is already used on line 3"
    )
    assert exported_text(services.directory.export_csv, people.admin) == before
    assert directory_events(services, people.admin) == [*events, ("admin", "export", "")]
    assert row_count(services) == 1


def test_import_refuses_groups_the_protocol_does_not_know(
    services: Services, people: People
) -> None:
    with pytest.raises(Refused) as refused:
        services.directory.import_csv(people.admin, to_csv([replace(LGBTI, groups_served=("x",))]))
    assert [(i.field, i.code) for i in refused.value.issues] == [
        ("line 2: groups_served", "unknown_group")
    ]
    assert row_count(services) == 0


def test_export_then_import_gives_the_same_directory(services: Services, people: People) -> None:
    services.directory.import_csv(people.admin, to_csv([LEGAL, SHELTER, LGBTI]))
    services.directory.deactivate(people.admin, LGBTI.code)
    exported = exported_text(services.directory.export_csv, people.admin)
    entries, issues = parse_csv(exported)
    assert issues == []
    assert entries == [LEGAL, replace(LGBTI, active=False), SHELTER]  # by code, inactive too
    assert services.directory.import_csv(people.admin, exported) == 3
    assert exported_text(services.directory.export_csv, people.admin) == exported
    assert ("admin", "export", "") in directory_events(services, people.admin)


# --------------------------------------------------------------------------------------- demo


def test_the_demo_fill_loads_the_sample_directory(services: Services) -> None:
    services.demo.fill(300)
    admin = services.accounts.authenticate("admin", "demo")
    everything = services.directory.list_services(admin, include_inactive=True)
    assert sorted(everything, key=lambda e: e.code) == sorted(
        sample_directory(), key=lambda e: e.code
    )
    shelter = services.directory.get(admin, "safe-house-east")
    assert shelter is not None
    assert shelter.address_confidential
    # The demo's referrals name active services that serve the case's first motive.
    active = {e.code: e for e in services.directory.list_services(admin)}
    with services.backend.reading() as session:
        referrals = session.execute(
            select(t.ReferralRow.service_code, t.CaseMotive.motive)
            .join(t.CaseMotive, t.CaseMotive.case_id == t.ReferralRow.case_id)
            .where(t.CaseMotive.position == 0)
        ).all()
    assert referrals
    for code, motive in referrals:
        served = active[code].groups_served
        assert "all" in served or motive in served


def test_an_export_that_could_not_be_written_is_logged_as_failed(
    services: Services, people: People
) -> None:
    services.directory.save(people.admin, LEGAL)

    def full_disk(_content: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        services.directory.export_csv(people.admin, Delivery("file", full_disk))
    assert directory_events(services, people.admin)[-1] == ("admin", "export_failed", "")
    assert ("admin", "export", "") not in directory_events(services, people.admin)


# What an administrator's spreadsheet may hold in the languages column, garbage included.
LANGUAGE_CELLS = st.lists(
    st.one_of(
        st.sampled_from(["rom", "ro", "RON", "fse", "ase", "bfi", "pt-BR", "Romanian", "xx", "r"]),
        # Line breaks in a cell are the file's structure, tested apart (test_directory.py).
        st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=8),
    ),
    max_size=4,
).map(";".join)


def with_languages(cells: list[str]) -> str:
    """A directory file of one good row per cell, each with that languages cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for n, cell in enumerate(cells):
        row = to_csv([replace(LEGAL, code=f"service-{n}", languages=())]).splitlines()[1]
        values = next(csv.reader(io.StringIO(row)))
        values[CSV_HEADER.index("languages")] = cell
        writer.writerow(values)
    return out.getvalue()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(LANGUAGE_CELLS, min_size=1, max_size=3))
@example(cells=["Romanian", ","])  # a comma alone: no language, as in the forms (found by CI)
def test_language_codes_in_a_file_import_whole_or_not_at_all(
    services: Services, people: People, cells: list[str]
) -> None:
    """Any text in the languages column: each row with a bad code is named, nothing is half
    imported, and no traceback."""
    before = exported_text(services.directory.export_csv, people.admin)
    bad_lines = {
        f"line {n + 2}: languages"
        for n, cell in enumerate(cells)
        if any(language_code(x) is None for x in split_list(cell))
    }
    if bad_lines:
        with pytest.raises(Refused) as refused:
            services.directory.import_csv(people.admin, with_languages(cells))
        assert {i.field for i in refused.value.issues} == bad_lines
        assert all(describe(issue) for issue in refused.value.issues)
        assert exported_text(services.directory.export_csv, people.admin) == before
    else:
        assert services.directory.import_csv(people.admin, with_languages(cells)) == len(cells)
        for entry in services.directory.list_services(people.admin):
            assert all(language_code(code) == code for code in entry.languages)
