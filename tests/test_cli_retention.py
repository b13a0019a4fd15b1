"""`proximity-desk --user NAME retention run [--dry-run] [--today DATE]`, run in-process: one line
per case then the totals; a dry run changes nothing; every other role is refused (exit 1, the
refusal audited, nothing changed), and garbage for --today never gives a traceback."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.cli import PASSWORD_ENV
from app.domain.case import Role
from app.services import open_services
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock, keyed_engine
from tests.services.test_drafts import set_up_station
from tests.services.test_retention_run import NAME, closed_case
from tests.test_cli import Cli, clean_environment  # noqa: F401 - the same clean environment

PASSWORDS = {"admin": "a station passphrase"}  # the others': "a good password"
FAR = "2045-01-01"  # past every period of the cases below


@dataclass
class Desk:
    cli: Cli
    monkeypatch: pytest.MonkeyPatch
    reference: str

    def run(self, user: str, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv(PASSWORD_ENV, PASSWORDS.get(user, "a good password"))
        code, out, err = self.cli("--user", user, "retention", "run", *args)
        assert "Traceback" not in err
        return code, out, err

    def state(self) -> list[tuple[object, ...]]:
        """Every case's version and narrative, and the count of audit events of each kind."""
        return self.cli.rows("SELECT reference, version, narrative FROM cases ORDER BY id")


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Desk:
    path = tmp_path / "desk.db"
    clock = Clock(datetime.now(UTC) - timedelta(hours=1))
    services = open_services(f"sqlite:///{path}", clock=clock, hasher=CHEAP_HASHER)
    try:
        who = set_up_station(services)
        services.accounts.add_user(
            who["admin"], username="dpo", full_name="Data Protection", password="a good password",
            role=Role.DATA_PROTECTION_OFFICER, station_code="LIS-01",
        )  # fmt: skip
        case_id = closed_case(services, clock, who)
        services.cases.create_draft(who["officer"])  # open: never touched
        reference = services.cases.open_case(who["admin"], case_id, "set-up").record.reference
    finally:
        services.close()
    return Desk(Cli(path, capsys), monkeypatch, reference)


def test_a_dry_run_lists_what_would_change_then_the_run_changes_it(desk: Desk) -> None:
    before = desk.state()
    code, out, err = desk.run("admin", "--dry-run", "--today", FAR)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{desk.reference}\twould be anonymised\tthe whole case",
        "Dry run, nothing changed. Cases: 1 (the whole case: 1, referral details: 0,"
        " attachments: 0); left for the next run: 0.",
        "Audit events before 2016: 0 would be removed.",
    ]
    assert desk.state() == before
    code, out, _err = desk.run("admin", "--today", FAR)
    assert code == 0
    assert out.splitlines()[0] == f"{desk.reference}\tanonymised\tthe whole case"
    [closed, still_open] = desk.state()
    assert closed[1] == before[0][1] + 1
    assert NAME not in str(closed)
    assert still_open == before[1]
    # A second run has nothing to do; both runs are in the trail.
    code, out, _err = desk.run("admin", "--today", FAR)
    assert code == 0
    assert out.startswith("Cases: 0 (the whole case: 0, referral details: 0, attachments: 0);")
    runs = desk.cli.query("SELECT details FROM audit_events WHERE action = 'retention_run'")
    assert [json.loads(r)["cases"] for r in runs] == [1, 1, 0]


def test_nothing_has_expired_today(desk: Desk) -> None:
    code, out, _err = desk.run("admin", "--dry-run")
    assert code == 0
    assert out.startswith("Dry run, nothing changed. Cases: 0 ")


@pytest.mark.parametrize("user", ["officer", "boss", "dpo"])
def test_every_other_role_is_refused_and_audited(desk: Desk, user: str) -> None:
    before = desk.state()
    for args in (("--today", FAR), ("--dry-run", "--today", FAR)):
        code, out, err = desk.run(user, *args)
        assert (code, out, err.strip()) == (1, "", "Your role does not allow this.")
    assert desk.state() == before
    refused = desk.cli.query("SELECT details FROM audit_events WHERE action = 'refused'")
    assert [json.loads(r) for r in refused] == [{"call": "RetentionService.run", "why": "role"}] * 2
    assert desk.cli.query("SELECT count(*) FROM audit_events WHERE action = 'retention_run'") == [0]


def test_a_deactivated_administrator_is_refused(desk: Desk) -> None:
    before = desk.state()
    engine = keyed_engine(desk.cli.url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE users SET active = false WHERE username = 'admin'"))
    engine.dispose()
    code, out, err = desk.run("admin", "--today", FAR)
    assert (code, out) == (1, "")
    assert err.strip()
    assert desk.state() == before
    assert desk.cli.query("SELECT count(*) FROM audit_events WHERE action = 'retention_run'") == [0]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=20).filter(lambda s: not s.startswith("-")))
def test_garbage_for_today_is_refused_without_a_traceback(desk: Desk, garbage: str) -> None:
    before = desk.state()
    code, out, err = desk.run("admin", "--dry-run", "--today", garbage)
    if code == 0:  # a real date, e.g. "2026-01-01"
        assert out
    else:
        assert code in (1, 2)
        assert err.strip()
    assert desk.state() == before
