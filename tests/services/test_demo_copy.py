"""The demo's fill on PostgreSQL writes by COPY (app.storage.bulk): the same rows an insert
writes, found by the search, and never into a real database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from app.domain.case import CaseQuery
from app.services import Services
from app.services.errors import Refused
from app.storage import bulk
from app.storage.tables import Base
from tests.conftest import empty_postgresql

CASES = 200
# Each fill hashes the demo password with a new salt and seals the trail with a new key: the
# values that may differ (the trail's verification is checked apart).
SALTED = {
    "users": {"password_hash"},
    "audit_events": {"hash"},
    "audit_head": {"key_id", "last_hash", "mac"},
}


def contents(services: Services) -> dict[str, list[Any]]:
    """Every table's rows, in id order where there is one, and what they fill the sequences to."""
    out: dict[str, list[Any]] = {}
    with services.backend.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            names = [c.name for c in table.columns if c.name not in SALTED.get(table.name, ())]
            listed = ", ".join(f'"{n}"' for n in names)
            rows = connection.execute(text(f"SELECT {listed} FROM {table.name}")).all()
            out[table.name] = sorted((tuple(map(repr, row)) for row in rows), key=repr)
        sequences = text("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        out["sequences"] = [tuple(row) for row in connection.execute(sequences)]
    return out


def test_copy_writes_exactly_the_rows_the_insert_writes(
    postgresql_services: Services, postgresql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgresql_services.demo.fill(CASES)
    copied = contents(postgresql_services)
    empty_postgresql(postgresql_url)
    with monkeypatch.context() as patched:
        patched.setattr(bulk, "write", bulk.insert_rows)
        postgresql_services.demo.fill(CASES)
    inserted = contents(postgresql_services)
    assert len(copied["cases"]) == CASES
    assert all(copied[n] for n in ("persons", "review_actions", "case_outcomes", "referrals"))
    assert [n for n in inserted if copied[n] != inserted[n]] == []


def test_the_search_finds_a_case_filled_by_copy(postgresql_services: Services) -> None:
    postgresql_services.demo.fill(CASES)
    admin = postgresql_services.accounts.authenticate("admin", "demo")
    with postgresql_services.backend.engine.connect() as connection:
        reference = connection.execute(text("SELECT max(reference) FROM cases")).scalar_one()
    found = postgresql_services.cases.list_cases(admin, CaseQuery(text=reference.lower()))
    assert [s.reference for s in found] == [reference]
    benformoso = postgresql_services.cases.count_cases(admin, CaseQuery(text="benformoso"))
    assert 0 < benformoso < CASES


def test_copy_refuses_a_real_database_before_writing(postgresql_services: Services) -> None:
    postgresql_services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="chief",
        full_name="Real Chief",
        password="correct horse",
    )
    with pytest.raises(Refused) as refused:
        postgresql_services.demo.fill(CASES)
    assert [i.code for i in refused.value.issues] == ["not_a_demo_database"]
    with postgresql_services.backend.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM cases")).scalar_one() == 0
