"""`stats report` on the command line: a supervisor writes the report (owner-only, never over a
file without --force); an officer, the data-protection officer and a supervisor naming another
station are refused, audited, with nothing written; garbage is refused without a traceback."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import PASSWORD_ENV
from app.services import open_services
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock
from tests.services.test_statistics_report import world
from tests.test_cli import (  # noqa: F401 - the same clean environment
    Cli,
    clean_environment,
    pdf_text,
)

PERIOD = ("--from", "2026-01-01", "--to", "2026-04-30")


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    path = tmp_path / "desk.db"
    clock = Clock(datetime(2026, 5, 4, 9, 30, tzinfo=UTC) - timedelta(hours=1))
    services = open_services(f"sqlite:///{path}", clock=clock, hasher=CHEAP_HASHER)
    try:
        world.__wrapped__(services, clock)  # type: ignore[attr-defined]
    finally:
        services.close()
    return Cli(path, capsys)


def test_a_supervisor_writes_the_report(desk: Cli, tmp_path: Path) -> None:
    out_file = tmp_path / "report.pdf"
    args = ["--user", "boss", "stats", "report", *PERIOD, "--out", str(out_file)]
    code, _out, err = desk(*args)
    assert (code, err) == (0, "")
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    text = pdf_text(out_file)
    assert "Incidents 2 " in " ".join(text.split())
    before = out_file.read_bytes()
    code, _out, err = desk(*args)
    assert code == 2
    assert "--force" in err
    assert out_file.read_bytes() == before
    assert desk(*args, "--force", "--lang", "fi")[0] == 0
    assert "Viharikokset" in pdf_text(out_file)
    [details] = desk.query("SELECT details FROM audit_events WHERE action = 'stats_report' LIMIT 1")
    assert '"station": "LIS-01"' in details
    assert str(tmp_path) not in details


@pytest.mark.parametrize(
    ("user", "station"), [("officer", []), ("dpo", []), ("boss", ["--station", "POR-01"])]
)
def test_others_are_refused_through_the_command_line(
    desk: Cli, tmp_path: Path, user: str, station: list[str]
) -> None:
    out_file = tmp_path / "report.pdf"
    code, _out, err = desk("--user", user, "stats", "report", *PERIOD, *station,
                           "--out", str(out_file))  # fmt: skip
    assert code == 1
    assert "Traceback" not in err
    assert not out_file.exists()
    assert desk.query(
        f"SELECT count(*) FROM audit_events WHERE action = 'refused' AND username = '{user}'"
    ) == [1]
    assert desk.query("SELECT count(*) FROM audit_events WHERE action = 'stats_report'") == [0]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=st.text(max_size=12), end=st.text(max_size=12), station=st.text(max_size=10))
def test_garbage_on_the_command_line_is_refused_without_a_traceback(
    desk: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    start: str,
    end: str,
    station: str,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "a station passphrase")  # the administrator's: any station
    if any("\x00" in s or s.startswith("-") for s in (start, end, station)):
        return  # no process receives a NUL in its arguments; a dash starts an option
    out_file = tmp_path / "garbage.pdf"
    code, _out, err = desk("--user", "admin", "stats", "report", "--from", start, "--to", end,
                           "--station", station, "--out", str(out_file))  # fmt: skip
    assert "Traceback" not in err
    assert code in (0, 1, 2)
    if code != 0:
        assert not out_file.exists()
    out_file.unlink(missing_ok=True)


def test_the_administrator_names_a_station(
    desk: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "a station passphrase")
    out_file = tmp_path / "porto.pdf"
    code, _out, err = desk("--user", "admin", "stats", "report", *PERIOD, "--station", "POR-01",
                           "--out", str(out_file))  # fmt: skip
    assert (code, err) == (0, "")
    assert "Porto Norte" in pdf_text(out_file)
    code, _out, err = desk("--user", "admin", "stats", "report", *PERIOD, "--station", "XX-99",
                           "--out", str(out_file), "--force")  # fmt: skip
    assert code == 1
    assert "Traceback" not in err
