"""The follow-up list through the services, on both engines: an officer's own referrals and
re-contacts, a supervisor's station, an administrator's stations; due and overdue counted in
working days of the station's country, over a public holiday."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain import case as d
from app.domain.followup_list import FollowUpKind
from app.domain.stations import StationDetails
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused
from app.services.followups import FollowUpItem
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station

# Thursday 4 June 2026 is Corpus Christi, a public holiday in Portugal.
WEDNESDAY = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)


def approved_case(services: Services, clock: Clock, officer: Actor, boss: Actor) -> tuple[int, int]:
    draft = services.cases.create_draft(officer)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    submitted = services.cases.submit(officer, draft.id, saved.version)
    approved = services.cases.apply(boss, draft.id, submitted.version, Action.APPROVE)
    return draft.id, approved.version


def send_referral(services: Services, who: Actor, case_id: int, version: int, at: datetime) -> int:
    step = d.ReferralStep(d.ReferralStatus.SENT, at, "", channel=d.SendChannel.EMAIL)
    decision = Decision(target="R1", step=step)
    return services.cases.apply(who, case_id, version, Action.REFERRAL_STEP, decision).version


def schedule(services: Services, who: Actor, case_id: int, version: int, on: date) -> int:
    decision = Decision(comment="Ask whether Kofi feels safe at home", next_contact_on=on)
    return services.cases.apply(who, case_id, version, Action.RECONTACT, decision).version


def lines(items: list[FollowUpItem]) -> list[tuple[str, FollowUpKind, date, int, str]]:
    return [(i.reference, i.kind, i.due_on, i.days_overdue, i.officer_name) for i in items]


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    return people(services)


def people(services: Services) -> dict[str, Actor]:
    """LIS-01 in Portugal (officer, other, boss, admin) and POR-01 with its supervisor porto."""
    actors = set_up_station(services)
    services.stations.update_station(actors["admin"], "LIS-01", country="PT")
    services.stations.add_station(actors["admin"], StationDetails("POR-01", "Porto", country="PT"))
    services.accounts.add_user(
        actors["admin"], username="porto", full_name="Porto Boss", role=d.Role.SUPERVISOR,
        password="a good password", station_code="POR-01",
    )  # fmt: skip
    return {**actors, "porto": services.accounts.authenticate("porto", "a good password")}


@pytest.fixture
def cases(services: Services, clock: Clock, who: dict[str, Actor]) -> dict[str, str]:
    return followed_up_cases(services, clock, who)


def followed_up_cases(services: Services, clock: Clock, who: dict[str, Actor]) -> dict[str, str]:
    """On Wednesday 3 June: the officer's case with a referral sent today (its answer due on
    Monday 8 June, over the holiday) and a re-contact on 10 June; the other officer's case with a
    referral sent today and a re-contact on Friday 5 June. Their references by officer."""
    clock.now = WEDNESDAY
    boss = who["boss"]
    references = {}
    for name, recontact in (("officer", date(2026, 6, 10)), ("other", date(2026, 6, 5))):
        officer = who[name]
        case_id, version = approved_case(services, clock, officer, boss)
        version = send_referral(services, officer, case_id, version, clock.now)
        schedule(services, officer, case_id, version, recontact)
        references[name] = services.cases.open_case(officer, case_id, "test").record.reference
    return references


def test_an_officer_sees_their_own_items_only(
    services: Services, clock: Clock, who: dict[str, Actor], cases: dict[str, str]
) -> None:
    """On the Wednesday two working days ahead is Monday 8 June in Portugal: the referral's answer
    is listed as due, the re-contact of 10 June is not yet; the other officer's are not shown."""
    mine, theirs = cases["officer"], cases["other"]
    referral = FollowUpKind.REFERRAL_ANSWER
    recontact = FollowUpKind.RECONTACT
    assert lines(services.followups.followups(who["officer"])) == [
        (mine, referral, date(2026, 6, 8), 0, "Officer")
    ]
    [item] = services.followups.followups(who["officer"])
    assert (item.service_name, item.station_code, item.overdue) == (
        "Victim Support Lisbon",
        "LIS-01",
        False,
    )
    assert lines(services.followups.followups(who["other"])) == [
        (theirs, recontact, date(2026, 6, 5), 0, "Other"),
        (theirs, referral, date(2026, 6, 8), 0, "Other"),
    ]
    assert services.followups.followups(who["officer"], overdue_only=True) == []
    assert "Kofi" not in repr(services.followups.followups(who["other"]))  # no note, no victim


def test_a_supervisor_sees_the_station_and_overdue_counts_over_the_holiday(
    services: Services, clock: Clock, who: dict[str, Actor], cases: dict[str, str]
) -> None:
    """The referrals sent on Wednesday are due on Monday: not overdue on Friday (two weekdays after
    Wednesday, were Thursday not a holiday), one day overdue on Tuesday."""
    mine, theirs = cases["officer"], cases["other"]
    referral = FollowUpKind.REFERRAL_ANSWER
    recontact = FollowUpKind.RECONTACT
    clock.now = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)  # Friday
    boss = who["boss"]
    assert services.followups.followups(boss, overdue_only=True) == []
    assert [i.days_overdue for i in services.followups.followups(boss)] == [0, 0, 0]
    clock.now = datetime(2026, 6, 9, 9, 0, tzinfo=UTC)  # Tuesday
    assert lines(services.followups.followups(boss)) == [
        (theirs, recontact, date(2026, 6, 5), 4, "Other"),
        (mine, referral, date(2026, 6, 8), 1, "Officer"),
        (theirs, referral, date(2026, 6, 8), 1, "Other"),
        (mine, recontact, date(2026, 6, 10), 0, "Officer"),  # due tomorrow
    ]
    overdue = services.followups.followups(boss, overdue_only=True)
    assert [(i.reference, i.kind) for i in overdue] == [
        (theirs, recontact),
        (mine, referral),
        (theirs, referral),
    ]
    assert all(i.overdue for i in overdue)
    station = services.followups.followups(boss, station_code="LIS-01")
    assert station == services.followups.followups(boss)


def test_an_answer_or_a_contact_takes_the_item_off_the_list(
    services: Services, clock: Clock, who: dict[str, Actor], cases: dict[str, str]
) -> None:
    clock.now = datetime(2026, 6, 9, 9, 0, tzinfo=UTC)
    officer = who["other"]
    case_id, version = services.cases.locate(officer, cases["other"])
    answer = d.ReferralStep(d.ReferralStatus.ACCEPTED, clock.now, "", "They call him today")
    version = services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP, Decision(target="R1", step=answer)
    ).version
    assert [i.kind for i in services.followups.followups(officer)] == [FollowUpKind.RECONTACT]
    services.cases.apply(
        officer, case_id, version, Action.RECONTACT, Decision(contact_result="Safe at home")
    )
    assert services.followups.followups(officer) == []


def test_stations_other_than_ones_own(
    services: Services, clock: Clock, who: dict[str, Actor], cases: dict[str, str]
) -> None:
    """An administrator sees every station's or the one named; a supervisor or an officer naming
    another station is refused, and a station that does not exist is named as such."""
    clock.now = datetime(2026, 6, 9, 9, 0, tzinfo=UTC)
    admin, porto = who["admin"], who["porto"]
    everything = services.followups.followups(admin)
    assert len(everything) == 4
    assert services.followups.followups(admin, station_code="LIS-01") == everything
    assert services.followups.followups(admin, station_code="POR-01") == []
    assert services.followups.followups(porto) == []
    for stranger in (porto, who["officer"]):
        other_station = "POR-01" if stranger is who["officer"] else "LIS-01"
        with pytest.raises(PermissionDenied):
            services.followups.followups(stranger, station_code=other_station)
    assert len(services.followups.followups(who["officer"], station_code="LIS-01")) == 2
    with pytest.raises(Refused) as refused:
        services.followups.followups(admin, station_code="NOPE-01")
    assert [(i.code, i.params) for i in refused.value.issues] == [
        ("unknown_station", {"value": "NOPE-01"})
    ]
