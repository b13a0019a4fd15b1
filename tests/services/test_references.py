"""Case references are unique per station and year, also when workstations create cases at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.domain.case import Role
from app.services import Services, open_services
from app.storage import cases as repo
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock

WORKSTATIONS = 6
CASES_EACH = 5


@pytest.fixture
def slow_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each transaction open a little after taking a number, so that they overlap."""
    original = repo.add_case

    def add_case_slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        row = original(*args, **kwargs)
        time.sleep(0.01)
        return row

    monkeypatch.setattr(repo, "add_case", add_case_slowly)


def test_concurrent_workstations_never_share_a_reference(
    services: Services, database_url: str, clock: Clock, slow_commits: None
) -> None:
    admin = services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon", username="admin",
        full_name="Admin", password="a station passphrase",
    )  # fmt: skip
    for n in range(WORKSTATIONS):
        services.accounts.add_user(
            admin, username=f"officer{n}", full_name=f"Officer {n}", role=Role.OFFICER,
            password="a patrol passphrase", station_code="LIS-01",
        )  # fmt: skip
    start = threading.Barrier(WORKSTATIONS)

    def workstation(n: int) -> list[str]:
        # Each workstation is its own program: its own engine and connections.
        own = open_services(database_url, clock=clock, hasher=CHEAP_HASHER, migrate=False)
        officer = own.accounts.authenticate(f"officer{n}", "a patrol passphrase")
        start.wait()
        references = [own.cases.create_draft(officer).record.reference for _ in range(CASES_EACH)]
        own.close()
        return references

    with ThreadPoolExecutor(WORKSTATIONS) as pool:
        made = [ref for refs in pool.map(workstation, range(WORKSTATIONS)) for ref in refs]

    total = WORKSTATIONS * CASES_EACH
    assert len(set(made)) == total
    assert sorted(made) == [f"LIS-01-2026-{n:06d}" for n in range(1, total + 1)]


def test_numbers_restart_each_year(services: Services, clock: Clock) -> None:
    admin = services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon", username="admin",
        full_name="Admin", password="a station passphrase",
    )  # fmt: skip
    services.accounts.add_user(
        admin, username="officer", full_name="Officer", role=Role.OFFICER,
        password="a patrol passphrase", station_code="LIS-01",
    )  # fmt: skip
    officer = services.accounts.authenticate("officer", "a patrol passphrase")
    assert services.cases.create_draft(officer).record.reference == "LIS-01-2026-000001"
    assert services.cases.create_draft(officer).record.reference == "LIS-01-2026-000002"
    clock.now = clock.now.replace(year=2027, month=1, day=1)
    assert services.cases.create_draft(officer).record.reference == "LIS-01-2027-000001"
