"""`audit list` and `audit export`, run in-process: the filters, a supervisor kept to their
station, the export for the data-protection officer only (audited), and garbage refused by
option with exit 1 and no traceback."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import PASSWORD_ENV
from app.services import open_services
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock
from tests.services.test_audit_search import PASSWORD, Trail, trail
from tests.test_cli import Cli, clean_environment  # noqa: F401 - the same clean environment


@pytest.fixture
def desk(tmp_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> tuple[Cli, Trail]:  # fmt: skip
    path = tmp_path / "desk.sqlite3"
    services = open_services(f"sqlite:///{path}", clock=clock, hasher=CHEAP_HASHER)
    try:
        made = trail(services, clock)
    finally:
        services.close()
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return Cli(path, capsys), made


def test_list_filters_and_pages(desk: tuple[Cli, Trail]) -> None:
    cli, t = desk
    code, out, err = cli("--user", "admin", "audit", "list", "--case", t.lisbon_case)
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(cells[2], cells[3]) for cells in lines] == [("boss", "view"), ("ana", "create")]
    assert lines[0][6] == "=HYPERLINK(daily review)"
    code, out, err = cli("--user", "admin", "audit", "list", "--action", "create", "--limit", "2")
    assert code == 0
    assert [line.split("\t")[5] for line in out.splitlines()] == [t.porto_case, t.lisbon_case]
    last_id = out.splitlines()[-1].split("\t")[0]
    assert f"--before {last_id}" in err
    code, out, _err = cli(
        "--user", "admin", "audit", "list", "--action", "create", "--before", last_id,
        "--from", "2026-05-04", "--to", "2026-05-04",
    )  # fmt: skip
    created = [line.split("\t")[5] for line in out.splitlines()]
    assert created == ["rui", "chefe", "dpo", "ana", "boss"]


def test_a_supervisor_lists_only_their_station(desk: tuple[Cli, Trail]) -> None:
    cli, t = desk
    code, out, _err = cli("--user", "boss", "audit", "list", "--limit", "1000")
    assert code == 0
    users = {line.split("\t")[2] for line in out.splitlines()}
    assert "ana" in users
    assert not users & {"chefe", "rui"}
    assert t.porto_case not in out
    code, out, err = cli("--user", "boss", "audit", "list", "--case", t.porto_case)
    assert (code, out) == (0, "")
    assert "No audit event matches." in err


def test_export_for_the_data_protection_officer(desk: tuple[Cli, Trail], tmp_path: Path) -> None:
    cli, t = desk
    out_file = tmp_path / "trail.csv"
    code, out, err = cli("--user", "dpo", "audit", "export", "--out", str(out_file),
                         "--case", t.lisbon_case)  # fmt: skip
    assert code == 0, err
    assert out.startswith("Audit events written to")
    assert out.endswith(": 2.\n")
    assert os.stat(out_file).st_mode & 0o077 == 0  # owner only
    rows = list(csv.reader(io.StringIO(out_file.read_text("utf-8"))))
    assert rows[2][6] == "'=HYPERLINK(daily review)"
    [details] = cli.query("SELECT details FROM audit_events WHERE action = 'audit_export'")
    assert details == f'{{"case": "{t.lisbon_case}", "count": 2, "to": "file"}}'
    # never over an existing file without --force
    code, _out, err = cli("--user", "dpo", "audit", "export", "--out", str(out_file))
    assert code == 2
    assert "--force" in err
    code, _out, _err = cli("--user", "dpo", "audit", "export", "--out", str(out_file), "--force")
    assert code == 0
    assert cli.query("SELECT count(*) FROM audit_events WHERE action = 'audit_export'") == [2]


@pytest.mark.parametrize("who", ["boss", "ana", "chefe"])
def test_others_may_not_export_and_it_is_audited(
    desk: tuple[Cli, Trail], tmp_path: Path, who: str
) -> None:
    cli, _t = desk
    before = cli.counts()["audit_events"]
    code, _out, err = cli("--user", who, "audit", "export", "--out", str(tmp_path / "x.csv"))
    assert code == 1
    assert "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()
    assert cli.counts()["audit_events"] == before + 2  # the sign-in and the refusal
    [call] = cli.query(
        f"SELECT details FROM audit_events WHERE action = 'refused' AND username = '{who}'"
    )
    assert "AuditSearchService.export_csv" in call


def test_an_officer_may_not_list(desk: tuple[Cli, Trail]) -> None:
    cli, _t = desk
    code, out, err = cli("--user", "ana", "audit", "list")
    assert (code, out) == (1, "")
    assert "Traceback" not in err


def test_wrong_values_are_named(desk: tuple[Cli, Trail]) -> None:
    cli, _t = desk
    code, out, err = cli(
        "--user", "admin", "audit", "list", "--case", "nope", "--by", "A B", "--action", "x",
        "--from", "yesterday", "--to", "2026-13-01", "--limit", "0",
    )  # fmt: skip
    assert (code, out) == (1, "")
    for option in ("--from", "--to"):
        assert option in err
    code, _out, err = cli("--user", "admin", "audit", "list", "--case", "nope", "--limit", "0")
    assert code == 1
    assert "case: " in err
    assert "limit: " in err


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(st.text(max_size=12).filter(lambda v: "\x00" not in v), min_size=5, max_size=5)
)
def test_garbage_options_never_a_traceback(desk: tuple[Cli, Trail], values: list[str]) -> None:
    cli, _t = desk
    case, by, action, first, last = values
    code, _out, err = cli(
        "--user", "admin", "audit", "list", f"--case={case}", f"--by={by}",
        f"--action={action}", f"--from={first}", f"--to={last}",
    )  # fmt: skip
    assert code in (0, 1, 2)
    assert "Traceback" not in err
