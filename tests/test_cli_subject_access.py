"""`subject-access find` and `report` on the command line: the data-protection officer finds a
person and writes the report (owner-only, never over a file without --force); every other role
is refused through the command line too, audited, with nothing written."""

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
from tests.services.test_subject_access import world
from tests.test_cli import (  # noqa: F401 - the same clean environment
    Cli,
    clean_environment,
    pdf_text,
)


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Cli, dict[str, object]]:
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    path = tmp_path / "desk.db"
    clock = Clock(datetime.now(UTC) - timedelta(hours=1))
    services = open_services(f"sqlite:///{path}", clock=clock, hasher=CHEAP_HASHER)
    try:
        made = world.__wrapped__(services, clock)  # type: ignore[attr-defined]
    finally:
        services.close()
    return Cli(path, capsys), made


def test_the_officer_finds_and_reports_through_the_command_line(
    desk: tuple[Cli, dict[str, object]], tmp_path: Path
) -> None:
    cli, made = desk
    code, out, err = cli("--user", "dpo", "subject-access", "find", "kofi mensah", "--born",
                         "1985-02-01")  # fmt: skip
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines[:-1]] == [
        f"{made['lisbon']}:P1", f"{made['porto']}:P1"
    ]  # fmt: skip
    assert lines[-1] == "Persons found: 2"
    out_file = tmp_path / "answer.pdf"
    picks = ["--pick", f"{made['lisbon']}:P1", "--pick", f"{made['porto']}:P1"]
    args = ["--user", "dpo", "subject-access", "report", *picks, "--reason", "DPO-2026-17",
            "--out", str(out_file)]  # fmt: skip
    code, out, err = cli(*args)
    assert (code, err) == (0, "")
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    text = pdf_text(out_file)
    assert "Muslim" in text
    assert "Ana Lopes" not in text
    before = out_file.read_bytes()
    code, _out, err = cli(*args)
    assert code == 2
    assert "--force" in err
    assert out_file.read_bytes() == before
    assert cli(*args, "--force", "--lang", "ar")[0] == 0
    [reason] = cli.query(
        "SELECT reason FROM audit_events WHERE action = 'subject_access' AND reason != '' LIMIT 1"
    )
    assert reason == "DPO-2026-17"
    assert cli.query("SELECT count(*) FROM audit_events WHERE details LIKE '%Kofi%'") == [0]


@pytest.mark.parametrize("user", ["officer", "boss", "admin", "porto"])
def test_every_other_role_is_refused_through_the_command_line(
    desk: tuple[Cli, dict[str, object]], tmp_path: Path, user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, made = desk
    if user == "admin":
        monkeypatch.setenv(PASSWORD_ENV, "a station passphrase")
    refusals = cli.query("SELECT count(*) FROM audit_events WHERE action = 'refused'")[0]
    code, out, err = cli("--user", user, "subject-access", "find", "Kofi Mensah")
    assert (code, out) == (1, "")
    assert "Your role does not allow this." in err
    out_file = tmp_path / "answer.pdf"
    pick = f"{made['lisbon']}:P1"
    code, _out, err = cli("--user", user, "subject-access", "report", "--pick", pick,
                          "--reason", "x", "--out", str(out_file))  # fmt: skip
    assert code == 1
    assert not out_file.exists()
    after = cli.query("SELECT count(*) FROM audit_events WHERE action = 'refused'")[0]
    assert after == refusals + 2


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(pick=st.text(max_size=40), born=st.text(max_size=12))
def test_garbage_on_the_command_line_is_refused_without_a_traceback(
    desk: tuple[Cli, dict[str, object]], tmp_path: Path, pick: str, born: str
) -> None:
    cli, _made = desk
    if "\x00" in pick or pick.startswith("-") or born.startswith("-"):
        return  # no process receives a NUL in its arguments; a dash starts an option
    out_file = tmp_path / "garbage.pdf"
    code, _out, err = cli("--user", "dpo", "subject-access", "find", "Kofi", "--born", born)
    assert "Traceback" not in err
    code, _out, err = cli("--user", "dpo", "subject-access", "report", "--pick", pick,
                          "--reason", "DPO-1", "--out", str(out_file))  # fmt: skip
    assert "Traceback" not in err
    assert code == 1
    assert not out_file.exists()
