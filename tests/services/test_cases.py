"""The case list (filters, search, paging, order), opening a case and creating a draft."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.case import CaseQuery, CaseRecord, CaseStatus, CaseSummary, SortKey, incidents
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotFound, PermissionDenied, ServiceError
from app.storage import cases as repo
from app.storage.tables import Station, User
from tests.helpers import Clock

DEMO_CASES = 300
EVERYTHING = 10_000  # more than any test database holds


@pytest.fixture
def demo(services: Services) -> Services:
    services.demo.fill(DEMO_CASES)
    return services


@pytest.fixture
def people(services: Services) -> Services:
    """The demo stations and users, without cases: tests add the cases they need."""
    services.demo.fill(0)
    return services


def sign_in(services: Services, username: str) -> Actor:
    return services.accounts.authenticate(username, "demo")


def add_case(
    services: Services,
    *,
    station: str = "LIS-01",
    officer: str = "officer",
    status: CaseStatus = CaseStatus.SUBMITTED,
    occurred_at: datetime | None = None,
    place: str = "",
    district: str = "",
    narrative: str = "",
    motives: Sequence[str] = (),
) -> str:
    """Adds a case through the repository, numbered like a draft; returns its reference."""
    now = services.backend.clock()
    with services.backend.transaction() as session:
        station_id = session.scalar(select(Station.id).where(Station.code == station))
        user_id = session.scalar(select(User.id).where(User.username == officer))
        assert station_id is not None
        assert user_id is not None
        number = repo.next_case_number(session, station_id, now.year)
        record = CaseRecord(
            reference=f"{station}-{now.year}-{number:06d}",
            station_code=station,
            status=status,
            created_at=now,
            created_by=officer,
            officer=officer,
            protocol_pack="eu-baseline",
            protocol_version="1.0",
            occurred_at=occurred_at,
            place=place,
            district=district,
            narrative=narrative,
            motives=tuple(motives),
        )
        repo.add_case(
            session,
            record,
            station_id=station_id,
            user_ids={officer: user_id},
            updated_by_id=user_id,
            now=now,
        )
    return record.reference


def everything(services: Services, actor: Actor, query: CaseQuery) -> list[CaseSummary]:
    return services.cases.list_cases(actor, query, EVERYTHING)


def references(services: Services, actor: Actor, text: str) -> set[str]:
    return {r.reference for r in everything(services, actor, CaseQuery(text=text))}


def local_date(value: datetime | None) -> date:
    assert value is not None
    return value.astimezone().date()


# ------------------------------------------------------------------ order and paging


def test_default_order_is_newest_first(demo: Services) -> None:
    admin = sign_in(demo, "admin")
    rows = everything(demo, admin, CaseQuery())
    assert len(rows) == DEMO_CASES
    dates = [r.occurred_at for r in rows]
    assert all(d is not None for d in dates)
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_a_draft_without_a_date_is_listed_first_on_every_engine(people: Services) -> None:
    """PostgreSQL puts NULL first in a descending order, SQLite last: the list must not differ."""
    officer = sign_in(people, "officer")
    for days in (1, 2, 3):
        add_case(people, occurred_at=people.backend.clock() - timedelta(days=days))
    draft = people.cases.create_draft(officer)
    newest_first = everything(people, officer, CaseQuery())
    oldest_first = everything(people, officer, CaseQuery(descending=False))
    assert newest_first[0].reference == draft.record.reference
    assert oldest_first[-1].reference == draft.record.reference


def test_count_equals_the_rows_paged_through(demo: Services) -> None:
    supervisor = sign_in(demo, "supervisor")
    admin = sign_in(demo, "admin")
    queries = [
        CaseQuery(),
        CaseQuery(text="victim"),
        CaseQuery(statuses=(CaseStatus.CLOSED,)),
        CaseQuery(text="rua", motive="racist_xenophobic", descending=False),
    ]
    assert any(r.duplicate_of_id for r in everything(demo, admin, CaseQuery()))
    for actor in (supervisor, admin):
        for query in queries:
            seen: list[CaseSummary] = []
            while page := demo.cases.list_cases(
                actor, query, 37, after=seen[-1].key if seen else None
            ):
                seen += page
            assert len(seen) == len({r.id for r in seen})
            # A duplicate listed with its original counts once (the demo has one).
            assert demo.cases.count_cases(actor, query) == incidents(seen) > 0


@pytest.mark.parametrize("page_size", [1, 50, 299])
def test_pages_are_consecutive_slices_of_the_whole_list(demo: Services, page_size: int) -> None:
    admin = sign_in(demo, "admin")
    query = CaseQuery(sort_by="place")
    listed = everything(demo, admin, query)
    whole = [r.id for r in listed]
    for offset in (0, page_size, 2 * page_size, DEMO_CASES - 1):
        if offset > len(listed):
            continue
        after = listed[offset - 1].key if offset else None
        page = [r.id for r in demo.cases.list_cases(admin, query, page_size, after=after)]
        assert page == whole[offset : offset + page_size]
    assert demo.cases.list_cases(admin, query, page_size, after=listed[-1].key) == []


SORT_KEYS: dict[str, Callable[[CaseSummary], Any]] = {
    "occurred_at": lambda r: r.occurred_at,
    "place": lambda r: r.place,
    "classification": lambda r: r.classification,
    "status": lambda r: r.status.value,
    "officer": lambda r: r.officer_name,
}


@pytest.mark.parametrize("sort_by", sorted(SORT_KEYS))
def test_each_sort_key_orders_both_ways_with_ties_by_id(demo: Services, sort_by: str) -> None:
    admin = sign_in(demo, "admin")
    key = SORT_KEYS[sort_by]
    ascending = everything(demo, admin, CaseQuery(sort_by=sort_by, descending=False))
    descending = everything(demo, admin, CaseQuery(sort_by=sort_by, descending=True))
    assert len(ascending) == DEMO_CASES
    assert len({key(r) for r in ascending}) > 1  # the order is not trivially true
    pairs = [(key(r), r.id) for r in ascending]
    assert pairs == sorted(pairs)
    assert [r.id for r in descending] == [r.id for r in reversed(ascending)]


def test_sort_by_reference_follows_year_then_number(demo: Services) -> None:
    officer = sign_in(demo, "officer")  # one station: the reference order is year, number

    def year_number(row: CaseSummary) -> tuple[int, int]:
        _station, year, number = row.reference.rsplit("-", 2)
        return int(year), int(number)

    ascending = everything(demo, officer, CaseQuery(sort_by="reference", descending=False))
    descending = everything(demo, officer, CaseQuery(sort_by="reference"))
    keys = [year_number(r) for r in ascending]
    assert len(set(keys)) == len(keys) > 1
    assert keys == sorted(keys)
    assert [r.id for r in descending] == [r.id for r in reversed(ascending)]


def test_an_unknown_sort_key_falls_back_to_the_date(demo: Services) -> None:
    admin = sign_in(demo, "admin")
    by_date = everything(demo, admin, CaseQuery())
    assert everything(demo, admin, CaseQuery(sort_by="password_hash")) == by_date


# ------------------------------------------------------------------ filters


def test_status_filter_returns_exactly_the_cases_with_those_statuses(demo: Services) -> None:
    admin = sign_in(demo, "admin")
    everyone = everything(demo, admin, CaseQuery())
    for statuses in [(CaseStatus.CLOSED,), (CaseStatus.APPROVED, CaseStatus.SUBMITTED)]:
        rows = everything(demo, admin, CaseQuery(statuses=statuses))
        assert rows
        assert all(r.status in statuses for r in rows)
        assert [r.id for r in rows] == [r.id for r in everyone if r.status in statuses]


def test_date_filter_includes_both_end_days(demo: Services) -> None:
    admin = sign_in(demo, "admin")
    everyone = everything(demo, admin, CaseQuery())
    days = sorted({local_date(r.occurred_at) for r in everyone})
    start, end = days[len(days) // 3], days[len(days) // 2]
    rows = everything(demo, admin, CaseQuery(date_from=start, date_to=end))
    expected = [r.id for r in everyone if start <= local_date(r.occurred_at) <= end]
    assert [r.id for r in rows] == expected
    assert {local_date(rows[0].occurred_at), local_date(rows[-1].occurred_at)} == {start, end}
    only_from = everything(demo, admin, CaseQuery(date_from=start))
    assert [r.id for r in only_from] == [
        r.id for r in everyone if local_date(r.occurred_at) >= start
    ]
    only_to = everything(demo, admin, CaseQuery(date_to=end))
    assert [r.id for r in only_to] == [r.id for r in everyone if local_date(r.occurred_at) <= end]


def test_date_filter_bounds_are_the_first_and_last_moment_of_the_day(people: Services) -> None:
    officer = sign_in(people, "officer")
    day = date(2026, 3, 10)

    def at(d: date, t: time) -> datetime:
        return datetime.combine(d, t).astimezone().astimezone(UTC)  # local wall-clock time

    inside = {
        add_case(people, occurred_at=at(day, time.min)),
        add_case(people, occurred_at=at(day + timedelta(days=1), time(23, 59, 59))),
    }
    add_case(people, occurred_at=at(day - timedelta(days=1), time(23, 59, 59)))
    add_case(people, occurred_at=at(day + timedelta(days=2), time.min))
    add_case(people)  # no date: outside any date range
    query = CaseQuery(date_from=day, date_to=day + timedelta(days=1))
    assert {r.reference for r in everything(people, officer, query)} == inside
    assert people.cases.count_cases(officer, query) == 2


def test_motive_filter_matches_any_of_a_cases_motives(demo: Services) -> None:
    admin = sign_in(demo, "admin")
    everyone = everything(demo, admin, CaseQuery())
    second_motives = {r.motives[1] for r in everyone if len(r.motives) > 1}
    assert second_motives  # some cases have two motives
    for motive in ["racist_xenophobic", *sorted(second_motives)[:2]]:
        rows = everything(demo, admin, CaseQuery(motive=motive))
        assert rows
        assert all(motive in r.motives for r in rows)
        assert [r.id for r in rows] == [r.id for r in everyone if motive in r.motives]
    assert everything(demo, admin, CaseQuery(motive="no_such_motive")) == []


def test_motive_filter_agrees_with_the_opened_case(demo: Services) -> None:
    supervisor = sign_in(demo, "supervisor")
    row = everything(demo, supervisor, CaseQuery(motive="anti_lgbti"))[0]
    opened = demo.cases.open_case(supervisor, row.id, "checking the motive filter")
    assert "anti_lgbti" in opened.record.motives
    assert opened.record.motives == row.motives


def test_officer_filter_returns_only_that_officers_cases(demo: Services) -> None:
    admin = sign_in(demo, "admin")
    everyone = everything(demo, admin, CaseQuery())
    names = dict(demo.cases.officers(admin))
    assert len(set(names.values())) == len(names)  # names tell officers apart here
    found = 0
    for officer_id, name in names.items():
        rows = everything(demo, admin, CaseQuery(officer_id=officer_id))
        assert all(r.officer_name == name for r in rows)
        assert [r.id for r in rows] == [r.id for r in everyone if r.officer_name == name]
        found += len(rows)
    assert found == DEMO_CASES


def test_filters_combine(demo: Services) -> None:
    supervisor = sign_in(demo, "supervisor")
    everyone = everything(demo, supervisor, CaseQuery())
    officer_id, name = next(
        (i, n) for i, n in demo.cases.officers(supervisor) if n == "Ana Ribeiro"
    )
    query = CaseQuery(
        statuses=(CaseStatus.CLOSED,), motive="racist_xenophobic", officer_id=officer_id
    )
    rows = everything(demo, supervisor, query)
    expected = [
        r.id
        for r in everyone
        if r.status is CaseStatus.CLOSED
        and "racist_xenophobic" in r.motives
        and r.officer_name == name
    ]
    assert [r.id for r in rows] == expected
    assert rows


# ------------------------------------------------------------------ text search


def test_search_needs_every_word(people: Services) -> None:
    officer = sign_in(people, "officer")
    both = add_case(people, place="Rua Augusta", narrative="Graffiti on the door.")
    add_case(people, place="Rua Augusta", narrative="Insults shouted.")
    add_case(people, place="Rua do Ouro", narrative="Graffiti on the wall.")
    assert references(people, officer, "augusta graffiti") == {both}
    assert references(people, officer, "  GRAFFITI   augusta ") == {both}
    assert len(references(people, officer, "graffiti")) == 2
    assert references(people, officer, "augusta graffiti nowhere") == set()
    assert people.cases.count_cases(officer, CaseQuery(text="augusta graffiti")) == 1


def test_search_ignores_case_and_accents(people: Services) -> None:
    officer = sign_in(people, "officer")
    lisboa = add_case(people, place="Avenida de Lisboa", district="Areeiro")
    alcantara = add_case(people, place="Doca", district="Alcântara")
    add_case(people, place="Rua de Braga", district="Benfica")
    assert references(people, officer, "LISBOA") == {lisboa}
    assert references(people, officer, "lisboa") == {lisboa}
    assert references(people, officer, "Alcantara") == {alcantara}
    assert references(people, officer, "ALCÂNTARA") == {alcantara}
    assert references(people, officer, "alcântara") == {alcantara}


def test_search_finds_a_reference_fragment(people: Services) -> None:
    officer = sign_in(people, "officer")
    refs = [add_case(people, place=f"Place {n}") for n in range(12)]
    assert refs[10].endswith("-000011")
    assert references(people, officer, refs[10]) == {refs[10]}
    assert references(people, officer, refs[10].lower()) == {refs[10]}
    assert references(people, officer, "000011") == {refs[10]}
    # 000001, 000010, 000011 and 000012 all contain 00001
    assert references(people, officer, "00001") == {refs[0], *refs[9:]}


def test_percent_and_underscore_are_taken_literally(people: Services) -> None:
    officer = sign_in(people, "officer")
    percent = add_case(people, narrative="He said 100% of them must go.")
    add_case(people, narrative="About 1000 people marched.")
    underscore = add_case(people, narrative="Posted as user_88 online.")
    add_case(people, narrative="Posted as userX88 online.")
    backslash = add_case(people, narrative="Scrawled a\\b on the wall.")
    add_case(people, narrative="Scrawled ab on the wall.")
    assert references(people, officer, "100%") == {percent}
    assert references(people, officer, "%") == {percent}
    assert references(people, officer, "user_88") == {underscore}
    assert references(people, officer, "_") == {underscore}
    assert references(people, officer, "a\\b") == {backslash}
    assert people.cases.count_cases(officer, CaseQuery(text="100%")) == 1


SEARCHES = ["", "rua", "victim rua", "alcantara", "lis-01-20", "100%", "user_88", "zz", "a"]


def test_both_sqlite_search_paths_give_the_same_rows(
    sqlite_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = sqlite_services
    services.demo.fill(DEMO_CASES)
    # Added after the fill: on SQLite the case ids are not affected by the demo's explicit ids.
    add_case(services, narrative="He said 100% of them must go.")
    add_case(services, narrative="Posted as user_88 online.")
    add_case(services, narrative="About 1000 people marched; user888 posted.")
    admin = sign_in(services, "admin")

    def after(query: CaseQuery) -> SortKey | None:  # the key of the fifth row
        first = services.cases.list_cases(admin, query, 5)
        return first[-1].key if len(first) == 5 else None

    def results() -> Iterator[tuple[str, list[int], list[int], int]]:
        for text in SEARCHES:
            query = CaseQuery(text=text)
            asc = CaseQuery(text=text, sort_by="place", descending=False)
            listed = list(everything(services, admin, query))
            yield (
                text,
                [r.id for r in listed],
                [r.id for r in services.cases.list_cases(admin, asc, 20, after=after(asc))],
                (services.cases.count_cases(admin, query), incidents(listed)),
            )

    monkeypatch.setattr(repo, "DENSE_MATCHES", 0)  # always the plain scan
    scan = list(results())
    monkeypatch.setattr(repo, "DENSE_MATCHES", 10**9)  # always the trigram index
    index = list(results())
    assert scan == index
    for text, _rows, _page, (count, listed) in scan:
        assert count == listed, text
    assert {text for text, rows, _page, _count in scan if rows} >= {"", "rua", "100%"}


# ------------------------------------------------------------------ stations


def test_an_officer_sees_only_the_own_stations_cases(demo: Services) -> None:
    officer = sign_in(demo, "officer")
    supervisor = sign_in(demo, "supervisor")
    admin = sign_in(demo, "admin")
    all_rows = everything(demo, admin, CaseQuery())
    stations = {r.reference[:6] for r in all_rows}
    assert stations == {"LIS-01", "LIS-02"}
    own = [r for r in all_rows if r.reference.startswith("LIS-01-")]
    for actor in (officer, supervisor):
        rows = everything(demo, actor, CaseQuery())
        assert [r.id for r in rows] == [r.id for r in own]
        assert demo.cases.count_cases(actor, CaseQuery()) == incidents(own)
        searched = everything(demo, actor, CaseQuery(text="lis-02"))
        assert searched == []
    # The demo's one duplicate counts once with its original (both at LIS-01).
    assert demo.cases.count_cases(admin, CaseQuery()) == DEMO_CASES - 1
    assert demo.cases.count_cases(admin, CaseQuery(text="lis-02")) == DEMO_CASES - len(own)


def test_officers_lists_only_the_stations_users_for_an_officer(demo: Services) -> None:
    officer = sign_in(demo, "officer")
    admin = sign_in(demo, "admin")
    with demo.backend.transaction() as session:
        by_station = {
            code: {
                name
                for (name,) in session.execute(
                    select(User.full_name).join(Station).where(Station.code == code)
                )
            }
            for code in ("LIS-01", "LIS-02")
        }
    names = [name for _id, name in demo.cases.officers(officer)]
    assert set(names) == by_station["LIS-01"]
    assert "Tiago Martins" not in names  # an officer of LIS-02
    assert names == sorted(names)
    assert {n for _id, n in demo.cases.officers(admin)} == by_station["LIS-01"] | by_station[
        "LIS-02"
    ]


def test_station_pack_is_the_eu_baseline(people: Services) -> None:
    pack = people.cases.station_pack(sign_in(people, "officer"))
    assert pack.id == "eu-baseline"
    assert pack is people.backend.packs["eu-baseline"]


# ------------------------------------------------------------------ opening a case


def test_opening_a_case_is_audited_with_its_reason(demo: Services) -> None:
    officer = sign_in(demo, "officer")
    supervisor = sign_in(demo, "supervisor")
    row = everything(demo, officer, CaseQuery())[5]
    opened = demo.cases.open_case(officer, row.id, "Victim called for an update")
    assert opened.id == row.id
    assert opened.record.reference == row.reference
    assert opened.version == 1
    entries = demo.audit.entries(supervisor, object_ref=row.reference)
    assert [(e.username, e.action, e.object_type, e.reason) for e in entries] == [
        ("officer", "view", "case", "Victim called for an update")
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_opening_a_case_without_a_reason_is_refused(demo: Services, reason: str) -> None:
    officer = sign_in(demo, "officer")
    supervisor = sign_in(demo, "supervisor")
    row = everything(demo, officer, CaseQuery())[0]
    with pytest.raises(ServiceError):
        demo.cases.open_case(officer, row.id, reason)
    assert demo.audit.entries(supervisor, object_ref=row.reference) == []


def test_opening_another_stations_case_is_refused(demo: Services) -> None:
    officer = sign_in(demo, "officer")
    admin = sign_in(demo, "admin")
    other = everything(demo, admin, CaseQuery(text="lis-02"))[0]
    with pytest.raises(PermissionDenied):
        demo.cases.open_case(officer, other.id, "curious")
    assert demo.audit.entries(admin, object_ref=other.reference) == []
    assert demo.cases.open_case(admin, other.id, "audit check").record.station_code == "LIS-02"


def test_opening_an_unknown_case_is_not_found(demo: Services) -> None:
    officer = sign_in(demo, "officer")
    with pytest.raises(NotFound):
        demo.cases.open_case(officer, 999_999, "reason")


# ------------------------------------------------------------------ drafts


def test_drafts_are_numbered_per_station_and_year(people: Services, clock: Clock) -> None:
    officer = sign_in(people, "officer")
    supervisor = sign_in(people, "supervisor")
    other_station = sign_in(people, "tmartins")
    first = people.cases.create_draft(officer)
    assert first.record.reference == "LIS-01-2026-000001"
    assert (first.record.status, first.record.officer, first.record.created_at) == (
        CaseStatus.DRAFT,
        "officer",
        clock.now,
    )
    assert first.record.protocol_pack == "eu-baseline"
    assert people.cases.create_draft(supervisor).record.reference == "LIS-01-2026-000002"
    assert people.cases.create_draft(other_station).record.reference == "LIS-02-2026-000001"
    clock.now = datetime(2027, 1, 1, 0, 30, tzinfo=UTC)
    assert people.cases.create_draft(officer).record.reference == "LIS-01-2027-000001"
    assert people.cases.create_draft(officer).record.reference == "LIS-01-2027-000002"
    opened = people.cases.open_case(officer, first.id, "continue the draft")
    assert opened.record == first.record
    entries = people.audit.entries(supervisor, object_ref="LIS-01-2026-000001")
    assert [e.action for e in entries] == ["view", "create"]


def test_a_draft_after_a_demo_fill_follows_the_highest_number(demo: Services) -> None:
    officer = sign_in(demo, "officer")
    admin = sign_in(demo, "admin")
    year = demo.backend.clock().year
    highest = max(
        int(r.reference.rsplit("-", 1)[1])
        for r in everything(demo, admin, CaseQuery())
        if r.reference.startswith(f"LIS-01-{year}-")
    )
    draft = demo.cases.create_draft(officer)
    assert draft.record.reference == f"LIS-01-{year}-{highest + 1:06d}"
    # One draft more, one duplicate counted with its original.
    assert demo.cases.count_cases(admin, CaseQuery()) == DEMO_CASES
    opened = demo.cases.open_case(officer, draft.id, "continue the draft")
    assert opened.record.reference == draft.record.reference


def test_an_administrator_cannot_create_a_draft(people: Services) -> None:
    admin = sign_in(people, "admin")
    with pytest.raises(PermissionDenied):
        people.cases.create_draft(admin)
    assert people.cases.count_cases(admin, CaseQuery()) == 0
