"""The statistics counted right, on both engines: a small database built by hand, row by row, and
every figure of it checked (app.domain.statistics says the rules: a duplicate counts once, each
case of a series counts, a case with two motives counts once in the total and under each motive,
drafts only when asked, months in the local calendar, prosecutions and sentences by their dates),
and who may see which station's figures."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.case import CaseStatus, OutcomeKind
from app.domain.statistics import NOT_RECORDED, Dimension, StatsQuery, local_midnight
from app.services import Services
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused
from app.storage import tables as t
from tests.services.test_drafts import set_up_station

FIRST_HALF = StatsQuery(date(2026, 1, 1), date(2026, 6, 30))


def noon(day: date) -> datetime:
    return local_midnight(day) + timedelta(hours=12)


@dataclass
class Incident:
    number: int
    at: datetime
    status: CaseStatus = CaseStatus.APPROVED
    motives: tuple[str, ...] = ("racist_xenophobic",)
    offences: tuple[str, ...] = ("assault",)
    classification: str = "hate_crime"
    place_type: str = "street"
    district: str = "Arroios"
    station: str = "LIS-01"
    duplicate_of: int | None = None
    outcomes: tuple[tuple[OutcomeKind, date], ...] = ()
    series_with: tuple[int, ...] = field(default=())


CASES = (
    Incident(
        1, noon(date(2026, 1, 10)),
        outcomes=(
            (OutcomeKind.SENT_TO_PROSECUTOR, date(2026, 2, 1)),
            (OutcomeKind.CHARGED, date(2026, 3, 1)),
            (OutcomeKind.CONVICTED, date(2026, 5, 20)),
        ),
    ),
    # Two motives and two offence types: one incident, counted under each.
    Incident(
        2, noon(date(2026, 1, 20)), CaseStatus.CLOSED, ("anti_muslim", "racist_xenophobic"),
        ("threats", "harassment"),
        # Charged before the period: prosecuted then, not in it; acquitted in it.
        outcomes=(
            (OutcomeKind.CHARGED, date(2025, 12, 15)),
            (OutcomeKind.ACQUITTED, date(2026, 4, 10)),
        ),
    ),
    Incident(3, noon(date(2026, 2, 5)), CaseStatus.SUBMITTED, ("anti_lgbti",), ("criminal_damage",),
             place_type="school", district="Mouraria"),
    # A duplicate of case 3: no incident of its own, nor its outcome.
    Incident(4, noon(date(2026, 2, 6)), motives=("anti_lgbti",), offences=("criminal_damage",),
             duplicate_of=3, outcomes=((OutcomeKind.CONVICTED, date(2026, 3, 3)),)),
    # A series: each case is an incident.
    Incident(5, noon(date(2026, 3, 1)), motives=("antisemitic",), offences=("desecration",),
             place_type="place_of_worship", district=""),
    Incident(6, noon(date(2026, 3, 8)), CaseStatus.CLOSURE_PROPOSED, ("antisemitic",),
             ("desecration",), place_type="place_of_worship", district="", series_with=(5,)),
    # A draft: left out unless asked for.
    Incident(7, noon(date(2026, 3, 10)), CaseStatus.DRAFT, ("unknown",), (), place_type=""),
    # Half an hour into April by the local clock: April, whatever UTC says.
    Incident(8, local_midnight(date(2026, 4, 1)) + timedelta(minutes=30), CaseStatus.RETURNED,
             (), ("public_order",), "non_crime_incident", "", "Intendente"),
    Incident(9, noon(date(2026, 2, 15)), motives=("disability",), place_type="home",
             district="Baixa", station="PRT-01",
             outcomes=((OutcomeKind.CONVICTED, date(2026, 6, 1)),)),
    # Half an hour before the period by the local clock; prosecuted within it.
    Incident(10, local_midnight(date(2026, 1, 1)) - timedelta(minutes=30),
             outcomes=((OutcomeKind.CHARGED, date(2026, 2, 10)),)),
)  # fmt: skip


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    actors = set_up_station(services)
    build(services, actors)
    return actors


def build(services: Services, actors: dict[str, Actor]) -> None:
    at = datetime(2026, 7, 1, tzinfo=UTC)
    with services.backend.transaction() as session:
        lisbon = session.query(t.Station).filter_by(code="LIS-01").one()
        porto = t.Station(code="PRT-01", name="Porto", created_at=at)
        session.add(porto)
        session.flush()
        stations = {"LIS-01": lisbon.id, "PRT-01": porto.id}
        officer = actors["officer"].user_id
        rows: dict[int, t.Case] = {}
        for incident in CASES:
            row = t.Case(
                reference=f"TEST-{incident.number}", station_id=stations[incident.station],
                year=2026, number=incident.number, status=incident.status.value,
                created_at=at, created_by_id=officer, officer_id=officer, updated_at=at,
                updated_by_id=officer, protocol_pack="eu-baseline", protocol_version="1.0",
                listed_at=incident.at, occurred_at=incident.at,
                classification=incident.classification, place_type=incident.place_type,
                district=incident.district,
                duplicate_of_id=rows[incident.duplicate_of].id if incident.duplicate_of else None,
            )  # fmt: skip
            row.motives = [
                t.CaseMotive(motive=m, position=i) for i, m in enumerate(incident.motives)
            ]
            row.offence_types = [
                t.CaseOffence(offence_type=o, position=i) for i, o in enumerate(incident.offences)
            ]
            row.outcomes = [
                t.OutcomeRow(kind=kind.value, happened_on=on, recorded_at=at, recorded_by="boss")
                for kind, on in incident.outcomes
            ]
            session.add(row)
            session.flush()
            rows[incident.number] = row
            for other in incident.series_with:
                session.add(
                    t.CaseLinkRow(case_id=row.id, other_id=rows[other].id, kind="series",
                                  basis="place", created_at=at, created_by="officer")
                )  # fmt: skip


def counts(services: Services, actor: Actor, query: StatsQuery = FIRST_HALF) -> dict[str, object]:
    figures = services.statistics.statistics(actor, query)
    assert figures.outcomes is not None
    result: dict[str, object] = {
        dim.value: {c.key: c.count for c in table.counts} for dim, table in figures.tables.items()
    }
    result["incidents"] = figures.incidents
    result["totals"] = {dim.value: table.incidents for dim, table in figures.tables.items()}
    result["outcomes"] = (
        figures.outcomes.recorded,
        figures.outcomes.prosecuted,
        figures.outcomes.sentenced,
        {c.key: c.count for c in figures.outcomes.by_kind},
    )
    return result


def test_every_figure_of_a_small_database(services: Services, who: dict[str, Actor]) -> None:
    figures = counts(services, who["admin"])
    # 1, 2, 3, 5, 6, 8, 9: not the duplicate (4), the draft (7), nor 10 (before the period).
    assert figures["incidents"] == 7
    assert figures["totals"] == dict.fromkeys([d.value for d in Dimension], 7)
    assert figures["month"] == {
        "2026-01": 2, "2026-02": 2, "2026-03": 2, "2026-04": 1, "2026-05": 0, "2026-06": 0
    }  # fmt: skip
    assert figures["motive"] == {
        "racist_xenophobic": 2, "antisemitic": 2, "anti_muslim": 1, "anti_lgbti": 1,
        "disability": 1, NOT_RECORDED: 1,
    }  # fmt: skip
    assert figures["offence_type"] == {
        "assault": 2, "desecration": 2, "threats": 1, "harassment": 1, "criminal_damage": 1,
        "public_order": 1,
    }  # fmt: skip
    assert figures["classification"] == {"hate_crime": 6, "non_crime_incident": 1}
    assert figures["place_type"] == {
        "street": 2, "place_of_worship": 2, "school": 1, "home": 1, NOT_RECORDED: 1
    }  # fmt: skip
    assert figures["district"] == {
        "Arroios": 2, "Baixa": 1, "Intendente": 1, "Mouraria": 1, NOT_RECORDED: 2
    }  # fmt: skip
    assert figures["status"] == {
        "approved": 3, "closed": 1, "submitted": 1, "closure_proposed": 1, "returned": 1
    }  # fmt: skip
    # Prosecuted in the period: 1 (charged 1 March), 9 (convicted 1 June), 10 (charged 10 Feb,
    # an incident of the year before); not 2, first charged in December 2025; not the duplicate.
    assert figures["outcomes"] == (
        7, 3, 2,
        {"sent_to_prosecutor": 1, "charged": 2, "prosecuted": 0, "convicted": 2, "acquitted": 1,
         "discontinued": 0},
    )  # fmt: skip


def test_tables_read_most_frequent_first_and_say_which_total(
    services: Services, who: dict[str, Actor]
) -> None:
    figures = services.statistics.statistics(who["admin"], FIRST_HALF)
    motives = figures.tables[Dimension.MOTIVE]
    assert [c.key for c in motives.counts] == [
        "antisemitic", "racist_xenophobic", "anti_lgbti", "anti_muslim", "disability", NOT_RECORDED
    ]  # fmt: skip
    assert motives.under_each
    assert sum(c.count for c in motives.counts) == 8 > motives.incidents
    classification = figures.tables[Dimension.CLASSIFICATION]
    assert not classification.under_each
    assert sum(c.count for c in classification.counts) == classification.incidents == 7


def test_drafts_only_when_asked(services: Services, who: dict[str, Actor]) -> None:
    figures = counts(services, who["admin"], replace(FIRST_HALF, include_drafts=True))
    assert figures["incidents"] == 8
    assert figures["motive"]["unknown"] == 1  # type: ignore[index]
    assert figures["offence_type"][NOT_RECORDED] == 1  # type: ignore[index]
    assert figures["status"]["draft"] == 1  # type: ignore[index]
    only_drafts = replace(FIRST_HALF, statuses=frozenset({CaseStatus.DRAFT}))
    assert counts(services, who["admin"], only_drafts)["incidents"] == 0


def test_a_status_filter(services: Services, who: dict[str, Actor]) -> None:
    approved = replace(FIRST_HALF, statuses=frozenset({CaseStatus.APPROVED}))
    figures = counts(services, who["admin"], approved)
    assert figures["incidents"] == 3  # 1, 5, 9
    # Case 10 is approved: its charge in February counts, as do 1's and 9's.
    assert figures["outcomes"][:3] == (3, 3, 2)  # type: ignore[index]


def test_a_station_and_who_sees_it(services: Services, who: dict[str, Actor]) -> None:
    admin, boss = who["admin"], who["boss"]
    assert counts(services, admin, replace(FIRST_HALF, station_code="PRT-01"))["incidents"] == 1
    lisbon = counts(services, boss)
    assert lisbon["incidents"] == 6
    assert lisbon["outcomes"][1:3] == (2, 1)  # type: ignore[index]
    assert counts(services, boss, replace(FIRST_HALF, station_code="LIS-01"))["incidents"] == 6
    with pytest.raises(PermissionDenied):
        services.statistics.statistics(boss, replace(FIRST_HALF, station_code="PRT-01"))
    for role in ("officer", "other"):
        with pytest.raises(PermissionDenied):
            services.statistics.statistics(who[role], FIRST_HALF)
        with pytest.raises(PermissionDenied):
            services.statistics.stations(who[role])
    assert services.statistics.stations(boss) == [("LIS-01", "Lisbon Centre")]
    assert [code for code, _name in services.statistics.stations(admin)] == ["LIS-01", "PRT-01"]
    with pytest.raises(Refused) as refused:
        services.statistics.statistics(admin, replace(FIRST_HALF, station_code="NOPE"))
    assert refused.value.issues[0].code == "unknown_station"


def test_a_period_that_is_not_one_is_refused(services: Services, who: dict[str, Actor]) -> None:
    with pytest.raises(Refused) as refused:
        services.statistics.statistics(who["admin"], StatsQuery(date(2026, 2, 1), date(2026, 1, 1)))
    assert refused.value.issues[0].code == "period_reversed"
    with pytest.raises(Refused) as refused:
        services.statistics.statistics(who["admin"], StatsQuery(date(2000, 1, 1), date(2026, 1, 1)))
    assert refused.value.issues[0].code == "period_too_long"


def test_one_day_and_the_months_it_touches(services: Services, who: dict[str, Actor]) -> None:
    day = counts(services, who["admin"], StatsQuery(date(2026, 4, 1), date(2026, 4, 1)))
    assert day["incidents"] == 1
    assert day["month"] == {"2026-04": 1}
    before = counts(services, who["admin"], StatsQuery(date(2025, 12, 31), date(2025, 12, 31)))
    assert before["incidents"] == 1  # case 10
    assert before["month"] == {"2025-12": 1}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    start=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
    end=st.dates(date(1900, 1, 1), date(2200, 1, 1)),
    statuses=st.frozensets(st.sampled_from(CaseStatus)),
    drafts=st.booleans(),
    station=st.none() | st.text(max_size=20),
)
def test_any_query_gives_figures_or_a_refusal(
    sqlite_services: Services,
    start: date,
    end: date,
    statuses: frozenset[CaseStatus],
    drafts: bool,
    station: str | None,
) -> None:
    """Whatever the view or the command line passes: figures that add up, or a refusal."""
    services = sqlite_services
    with services.backend.reading() as session:
        known = session.query(t.User).count()
    if not known:
        build(services, set_up_station(services))
    admin = services.accounts.authenticate("admin", "a station passphrase")
    query = StatsQuery(start, end, station, statuses, drafts)
    expected = {i.code for i in query.problems()}
    if not expected and station not in (None, "LIS-01", "PRT-01"):
        expected = {"unknown_station"}
    if expected:
        with pytest.raises(Refused) as refused:
            services.statistics.statistics(admin, query)
        assert {i.code for i in refused.value.issues} == expected
        return
    figures = services.statistics.statistics(admin, query)
    for dimension, table in figures.tables.items():
        total = sum(c.count for c in table.counts)
        if dimension in (Dimension.MOTIVE, Dimension.OFFENCE_TYPE):
            assert total >= figures.incidents
        else:
            assert total == figures.incidents
