"""The case list pages by key: walking it page after page (forwards from the start, backwards from
the end) gives exactly the rows of one unpaged query, in its order, for every sort and direction,
with ties (same place, same date, same officer) and cases without a date or a place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.domain.case import CaseQuery, CaseRecord, CaseStatus, CaseSummary
from app.services import Services
from app.services.context import Actor
from app.storage import cases as repo
from app.storage.tables import Station, User

EVERYTHING = 10_000
DATES = [None, datetime(2025, 3, 1, 10, tzinfo=UTC), datetime(2026, 1, 5, 18, 30, tzinfo=UTC)]
CASE = st.fixed_dictionaries(
    {
        "station": st.sampled_from(["LIS-01", "LIS-02"]),
        "officer": st.sampled_from(["officer", "supervisor"]),
        "status": st.sampled_from(list(CaseStatus)),
        "occurred_at": st.sampled_from(DATES),
        "place": st.sampled_from(["", "Rua A", "rua a", "Rua B", "Ärzte"]),
        "classification": st.sampled_from(["", "hate_crime", "hate_speech"]),
    }
)
QUERIES = [
    CaseQuery(sort_by=sort_by, descending=descending)
    for sort_by in repo.SORT_COLUMNS
    for descending in (False, True)
]


@pytest.fixture
def people(services: Services) -> Services:
    services.demo.fill(0)
    return services


def add_cases(services: Services, cases: list[dict[str, object]]) -> None:
    now = services.backend.clock()
    with services.backend.transaction() as session:
        for case in cases:
            station = str(case["station"])
            station_id = session.scalar(select(Station.id).where(Station.code == station))
            officer = str(case["officer"])
            user_id = session.scalar(select(User.id).where(User.username == officer))
            assert station_id is not None
            assert user_id is not None
            number = repo.next_case_number(session, station_id, now.year)
            record = CaseRecord(
                reference=f"{station}-{now.year}-{number:06d}",
                station_code=station,
                status=CaseStatus(str(case["status"])),
                created_at=now,
                created_by=officer,
                officer=officer,
                protocol_pack="eu-baseline",
                protocol_version="1.0",
                occurred_at=case["occurred_at"],  # type: ignore[arg-type]
                place=str(case["place"]),
                classification=str(case["classification"]),
            )
            repo.add_case(
                session, record, station_id=station_id, user_ids={officer: user_id},
                updated_by_id=user_id, now=now,
            )  # fmt: skip


def forwards(services: Services, actor: Actor, query: CaseQuery, size: int) -> list[int]:
    seen: list[CaseSummary] = []
    while page := services.cases.list_cases(
        actor, query, size, after=seen[-1].key if seen else None
    ):
        seen += page
    return [row.id for row in seen]


def backwards(services: Services, actor: Actor, query: CaseQuery, size: int) -> list[int]:
    seen = services.cases.list_cases(actor, query, size, last=True)
    while seen and (page := services.cases.list_cases(actor, query, size, before=seen[0].key)):
        seen = page + seen
    return [row.id for row in seen]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=st.lists(CASE, min_size=1, max_size=8), size=st.integers(2, 7))
def test_paging_by_key_gives_the_rows_of_one_unpaged_query(
    people: Services, cases: list[dict[str, object]], size: int
) -> None:
    # The cases of the examples before stay: the list only grows, with more and more ties.
    add_cases(people, cases)
    admin = people.accounts.authenticate("admin", "demo")
    for query in QUERIES:
        whole = [row.id for row in people.cases.list_cases(admin, query, EVERYTHING)]
        assert forwards(people, admin, query, size) == whole, query
        assert backwards(people, admin, query, size) == whole, query
        end = people.cases.list_cases(admin, query, size, last=True)
        assert [row.id for row in end] == whole[-size:], query


def test_a_filtered_list_pages_by_key_within_its_filter(people: Services) -> None:
    case = {"station": "LIS-01", "officer": "officer", "status": "submitted", "classification": ""}
    add_cases(people, [{**case, "place": "Rua A", "occurred_at": DATES[n % 3]} for n in range(9)])
    add_cases(people, [{**case, "place": "Largo", "occurred_at": DATES[n % 3]} for n in range(9)])
    admin = people.accounts.authenticate("admin", "demo")
    query = CaseQuery(text="rua", sort_by="place", descending=False)
    whole = [row.id for row in people.cases.list_cases(admin, query, EVERYTHING)]
    assert len(whole) == 9
    assert forwards(people, admin, query, 2) == whole == backwards(people, admin, query, 4)


def test_no_column_the_list_is_sorted_by_holds_null() -> None:
    """NULLs sort first on SQLite and last on PostgreSQL: none may reach a key."""
    for columns in repo.SORT_COLUMNS.values():
        assert not any(column.nullable for column in columns)


def test_a_key_of_another_order_is_refused(people: Services) -> None:
    admin = people.accounts.authenticate("admin", "demo")
    with pytest.raises(ValueError, match="not of this order"):
        people.cases.list_cases(admin, CaseQuery(sort_by="place"), 5, after=(1, 2, 3, 4))
