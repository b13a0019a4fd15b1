"""`audit prune --before-year Y [--dry-run]`, run in-process on SQLite (PostgreSQL's owner and
program role: tests/storage/test_roles.py): what it removes and prints, what `audit verify` says
after it, with a checkpoint written before; and the attacks through the command line, refused with
nothing removed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import PASSWORD_ENV
from app.services import Services, open_services
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock
from tests.services.test_audit_prune import years_of_events
from tests.test_cli import Cli, clean_environment  # noqa: F401 - the same clean environment

OLD_CHECKPOINT = "2015.json"
PASSWORDS = {"admin": "correct horse", "boss": "long enough words", "ana": "long enough words"}


@pytest.fixture
def old_trail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Events of 2012 to 2015 and of 2026, made through the services; a checkpoint written at the
    start of 2015 in OLD_CHECKPOINT."""
    cli = Cli(tmp_path / "x.db", capsys)
    services = open_services(cli.url, clock=Clock(datetime.now(UTC)), hasher=CHEAP_HASHER)

    def checkpoint(services: Services) -> None:
        supervisor = services.accounts.authenticate("boss", PASSWORDS["boss"])
        text, _point = services.audit.checkpoint(supervisor)
        (tmp_path / OLD_CHECKPOINT).write_text(text, encoding="utf-8")
        services.accounts.authenticate("ana", PASSWORDS["ana"])  # an event after it

    try:
        years_of_events(services, services.backend.clock, checkpoint)  # type: ignore[arg-type]
    finally:
        services.close()
    return cli


def run(cli: Cli, monkeypatch: pytest.MonkeyPatch, user: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORDS[user])
    code, out, err = cli("--user", user, "audit", *args)
    assert "Traceback" not in err
    return code, out, err


def test_dry_run_then_prune_then_verify(
    old_trail: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli = old_trail
    checkpoint = tmp_path / "before.json"
    assert run(cli, monkeypatch, "boss", "checkpoint", "--out", str(checkpoint))[0] == 0
    before = cli.rows("SELECT * FROM audit_events ORDER BY id")
    code, out, err = run(cli, monkeypatch, "admin", "prune", "--before-year", "2014", "--dry-run")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("2012: ")
    assert lines[1].startswith("2013: ")
    assert "would be removed" in lines[2]
    assert "nothing was changed" in lines[2]
    after_dry_run = cli.rows("SELECT * FROM audit_events ORDER BY id")
    assert after_dry_run[: len(before)] == before
    assert len(after_dry_run) == len(before) + 1  # the sign-in; the dry run writes nothing
    code, out, err = run(cli, monkeypatch, "admin", "prune", "--before-year", "2014")
    assert (code, err) == (0, "")
    assert "removed (up to event" in out.splitlines()[-1]
    [details] = cli.query("SELECT details FROM audit_events WHERE action = 'audit_prune'")
    assert json.loads(details)["before_year"] == 2014
    assert cli.query("SELECT count(*) FROM audit_prunes") == [1]
    # `audit verify` proves the rest and says from where; the checkpoint is checked in full.
    code, out, err = run(cli, monkeypatch, "boss", "verify", "--checkpoint", str(checkpoint))
    assert (code, err) == (0, "")
    assert "intact" in out
    assert "were removed on" in out
    assert "written before" not in out
    # The years to 2015 go too: the checkpoint of 2015 predates that, and verify says so.
    old = tmp_path / OLD_CHECKPOINT
    assert run(cli, monkeypatch, "boss", "verify", "--checkpoint", str(old))[0] == 0
    assert run(cli, monkeypatch, "admin", "prune", "--before-year", "2016")[0] == 0
    code, out, err = run(cli, monkeypatch, "boss", "verify", "--checkpoint", str(old))
    assert (code, err) == (0, "")
    assert "written before that removal" in out
    code, out, err = run(cli, monkeypatch, "boss", "verify", "--checkpoint", str(checkpoint))
    assert (code, err) == (0, "")
    assert "written before" not in out
    code, out, _err = run(cli, monkeypatch, "admin", "prune", "--before-year", "2016")
    assert (code, out.strip()) == (0, "No audit events before 2016 to remove.")


@pytest.mark.parametrize("user", ["boss", "ana"])
def test_only_an_administrator_prunes(
    old_trail: Cli, monkeypatch: pytest.MonkeyPatch, user: str
) -> None:
    before = old_trail.query("SELECT id FROM audit_events ORDER BY id")
    for dry_run in ([], ["--dry-run"]):
        code, out, err = run(
            old_trail, monkeypatch, user, "prune", "--before-year", "2014", *dry_run
        )
        assert (code, out, err.strip()) == (1, "", "Your role does not allow this.")
    assert old_trail.query("SELECT id FROM audit_events ORDER BY id")[: len(before)] == before
    assert old_trail.query("SELECT count(*) FROM audit_events WHERE action = 'refused'") == [2]


def test_a_year_of_the_retention_window_is_refused(
    old_trail: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = old_trail.query("SELECT id FROM audit_events ORDER BY id")
    code, out, err = run(old_trail, monkeypatch, "admin", "prune", "--before-year", "2020")
    assert (code, out) == (1, "")
    assert err.startswith("before_year: the years before 2020 include some still within")
    assert "only those before 2016 can be removed" in err
    assert old_trail.query("SELECT id FROM audit_events ORDER BY id")[: len(before)] == before
    [why] = old_trail.query("SELECT details FROM audit_events WHERE action = 'refused'")
    assert json.loads(why)["why"] == "audit_prune_too_recent"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(year=st.one_of(st.text(max_size=12), st.integers(-(10**30), 10**30).map(str)))
def test_garbage_years_never_remove_what_they_should_not(
    old_trail: Cli, monkeypatch: pytest.MonkeyPatch, year: str
) -> None:
    """Any text for the year: a usage error, a refusal or a removal of whole old years only;
    never a traceback, and the trail always verifies after it."""
    code, _out, _err = run(old_trail, monkeypatch, "admin", "prune", f"--before-year={year}")
    assert code in (0, 1, 2)
    assert min(old_trail.query("SELECT at FROM audit_events"))[:4] >= "2012"
    kept = old_trail.query("SELECT count(*) FROM audit_events WHERE at >= '2016'")[0]
    assert kept > 0
    assert run(old_trail, monkeypatch, "boss", "verify")[0] == 0
