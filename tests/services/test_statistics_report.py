"""The printed statistics report (issue 14, part D): on a small database built by hand, the PDF
holds the right totals (a duplicate once, a draft left out, a case with two motives once in the
total and under each motive, outcomes by their dates), says which total each table shows, and
holds the method; in Finnish and Arabic too. An officer, the data-protection officer and a
supervisor naming another station are refused, audited; a report is audited with its period,
station and language. Both engines."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from app.domain import case as d
from app.domain.audit_actions import AuditAction
from app.domain.stations import StationDetails
from app.domain.statistics import StatsQuery
from app.services import Services
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused
from app.storage.tables import AuditEvent, Case, OutcomeRow
from tests.documents.reading import text_of
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station

PERIOD = StatsQuery(date(2026, 1, 1), date(2026, 4, 30))


def case_at(
    services: Services, clock: Clock, officer: Actor, day: date, *, submit: bool = True, **facts
) -> str:
    draft = services.cases.create_draft(officer)
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    record = replace(complete(draft.record, clock), occurred_at=at, **facts)
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    if submit:
        services.cases.submit(officer, draft.id, saved.version)
    return draft.record.reference


@pytest.fixture
def world(services: Services, clock: Clock) -> dict[str, Actor]:
    """At Lisbon: a case with two motives (March, charged then convicted in April), a case with
    one (April), its duplicate, a draft; at Porto one case. Lisbon's figures: 2 incidents."""
    who = set_up_station(services)
    admin = who["admin"]
    services.stations.add_station(admin, StationDetails("POR-01", "Porto Norte"))
    for username, role, station in (
        ("dpo", d.Role.DATA_PROTECTION_OFFICER, "LIS-01"),
        ("porto", d.Role.OFFICER, "POR-01"),
        ("porto_boss", d.Role.SUPERVISOR, "POR-01"),
    ):
        services.accounts.add_user(
            admin, username=username, full_name=username.title(), role=role,
            password="a good password", station_code=station,
        )  # fmt: skip
        who[username] = services.accounts.authenticate(username, "a good password")
    officer = who["officer"]
    two = case_at(
        services, clock, officer, date(2026, 3, 10), motives=("racist_xenophobic", "anti_muslim"),
        district="Mouraria",
    )  # fmt: skip
    one = case_at(services, clock, officer, date(2026, 4, 2), district="Mouraria")
    duplicate = case_at(services, clock, officer, date(2026, 4, 2))
    case_at(services, clock, officer, date(2026, 4, 5), submit=False)
    case_at(services, clock, who["porto"], date(2026, 4, 6))
    with services.backend.transaction() as session:
        ids: dict[str, int] = dict(session.execute(select(Case.reference, Case.id)).all())
        session.execute(
            update(Case).where(Case.id == ids[duplicate]).values(duplicate_of_id=ids[one])
        )
        for kind, on in (("charged", date(2026, 4, 20)), ("convicted", date(2026, 4, 28))):
            session.add(
                OutcomeRow(
                    case_id=ids[two], kind=kind, happened_on=on, court_reference="",
                    note="", recorded_at=clock.now, recorded_by="boss",
                )
            )  # fmt: skip
    return who


def test_the_report_holds_the_right_figures_and_the_method(
    services: Services, world: dict[str, Actor]
) -> None:
    text = text_of(services.statistics.statistics_report(world["boss"], PERIOD, "en"))
    assert "Hate incidents: statistics" in text
    assert "Lisbon Centre" in text
    assert "Porto" not in text
    assert "Printed by Boss" in text
    assert "Incidents 2 " in text  # a duplicate once, the draft and Porto's case left out
    assert "Of the 2 incidents; the rows add up to 2." in text
    # Two motives: once in the total, once under each; the table says the rows add up to more.
    assert "Racist or xenophobic 2 100%" in text
    assert "Anti-Muslim 1 50%" in text
    assert "so the rows add up to more than 2" in text
    assert "March 2026 1 50%" in text
    assert "April 2026 1 50%" in text
    assert "Mouraria 2 100%" in text
    assert "Prosecuted 1 " in text
    assert "Sentenced 1 " in text
    assert "Charged 1 " in text
    assert "Convicted 1 " in text
    assert "Method: what is counted how" in text
    assert "A case recorded as a duplicate of another is not counted again" in text
    assert "Draft cases, not yet submitted, are not counted." in text
    assert "Kofi" not in text  # counts only
    drafts = replace(PERIOD, include_drafts=True)
    with_drafts = text_of(services.statistics.statistics_report(world["boss"], drafts, "en"))
    assert "Incidents 3 " in with_drafts
    assert "Draft cases are included, as asked for this report." in with_drafts


def test_the_report_in_finnish_and_arabic(services: Services, world: dict[str, Actor]) -> None:
    finnish = text_of(services.statistics.statistics_report(world["boss"], PERIOD, "fi"))
    assert "Viharikokset ja -tapaukset: tilastot" in finnish
    assert "Menetelmä: mitä lasketaan ja miten" in finnish
    assert "maaliskuu 2026 1 50 %" in finnish
    arabic = text_of(services.statistics.statistics_report(world["boss"], PERIOD, "ar"))
    assert "الطريقة" in arabic
    assert "Incidents by month" not in arabic


def test_an_administrator_counts_every_station_or_one(
    services: Services, world: dict[str, Actor]
) -> None:
    every = text_of(services.statistics.statistics_report(world["admin"], PERIOD, "en"))
    assert "Every station" in every
    assert "Incidents 3 " in every
    porto = replace(PERIOD, station_code="POR-01")
    one = text_of(services.statistics.statistics_report(world["admin"], porto, "en"))
    assert "Porto Norte" in one
    assert "Incidents 1 " in one


def refusals(services: Services, username: str) -> list[str]:
    with services.backend.reading() as session:
        rows = session.scalars(
            select(AuditEvent.details).where(
                AuditEvent.username == username, AuditEvent.action == AuditAction.REFUSED
            )
        )
        return [str(row) for row in rows]


@pytest.mark.parametrize(
    ("user", "station"),
    [("officer", None), ("dpo", None), ("boss", "POR-01"), ("porto_boss", "LIS-01")],
)
def test_others_are_refused_and_audited(
    services: Services, world: dict[str, Actor], user: str, station: str | None
) -> None:
    with pytest.raises(PermissionDenied):
        services.statistics.statistics_report(
            world[user], replace(PERIOD, station_code=station), "en"
        )
    [refusal] = refusals(services, user)
    assert "statistics_report" in refusal
    assert reports(services) == []


def reports(services: Services) -> list[dict[str, object]]:
    with services.backend.reading() as session:
        rows = session.execute(
            select(AuditEvent.username, AuditEvent.details).where(
                AuditEvent.action == AuditAction.STATS_REPORT
            )
        )
        return [{"user": user, **json.loads(details)} for user, details in rows]


def test_a_report_is_audited_with_its_period_station_and_language(
    services: Services, world: dict[str, Actor]
) -> None:
    services.statistics.statistics_report(world["boss"], PERIOD, "fi")
    services.statistics.statistics_report(world["admin"], PERIOD, "en")
    assert reports(services) == [
        {"user": "boss", "start": "2026-01-01", "end": "2026-04-30", "station": "LIS-01",
         "language": "fi", "drafts": False,
         "statuses": ["approved", "closed", "closure_proposed", "escalated", "returned",
                      "submitted"]},
        {"user": "admin", "start": "2026-01-01", "end": "2026-04-30", "station": "",
         "language": "en", "drafts": False,
         "statuses": ["approved", "closed", "closure_proposed", "escalated", "returned",
                      "submitted"]},
    ]  # fmt: skip


def test_a_wrong_language_or_period_is_refused_with_nothing_audited(
    services: Services, world: dict[str, Actor]
) -> None:
    with pytest.raises(Refused):
        services.statistics.statistics_report(world["boss"], PERIOD, "xx")
    reversed_ = StatsQuery(date(2026, 4, 30), date(2026, 1, 1))
    with pytest.raises(Refused):
        services.statistics.statistics_report(world["boss"], reversed_, "en")
    assert reports(services) == []
