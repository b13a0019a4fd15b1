"""`proximity-desk db encrypt|recovery-sheet|restore-key`: administrators only, audited; a
restored key must open the file; garbage keys are refused with nothing kept."""

from __future__ import annotations

import builtins
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import PASSWORD_ENV
from app.services.database_keys import DatabaseKeys, sheet_lines
from app.storage.engine import file_state
from tests.test_cli import Cli, clean_environment  # noqa: F401 - its autouse fixture


@pytest.fixture
def plain_cli(
    tmp_path: Path,
    sqlite_template: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    path = tmp_path / "first.sqlite3"
    shutil.copy(sqlite_template, path)
    cli = Cli(path, capsys)
    assert cli("demo", "--cases", "5")[0] == 0
    monkeypatch.setenv(PASSWORD_ENV, "demo")
    return cli


def test_a_plain_database_is_named_and_an_administrator_encrypts_it(plain_cli: Cli) -> None:
    code, _out, err = plain_cli("--user", "officer", "db", "encrypt")
    assert code == 1
    assert "role does not allow" in err
    assert "not encrypted" in err  # said at every command until it is
    assert file_state(plain_cli.path) == "plain"
    assert "refused" in plain_cli.query("SELECT action FROM audit_events")
    cases = plain_cli.counts()["cases"]
    code, out, _err = plain_cli("--user", "admin", "db", "encrypt")
    assert code == 0, _err
    assert "recovery-sheet" in out
    assert file_state(plain_cli.path) == "encrypted"
    assert plain_cli.counts()["cases"] == cases
    code, out, err = plain_cli("--user", "admin", "audit", "verify")
    assert code == 0, err
    assert "not encrypted" not in err
    code, _out, err = plain_cli("--user", "admin", "db", "encrypt")
    assert (code, err.strip()) == (1, "The database is already encrypted.")


def test_the_recovery_sheet_is_for_an_administrator_and_audited(
    plain_cli: Cli, tmp_path: Path
) -> None:
    assert plain_cli("--user", "admin", "db", "encrypt")[0] == 0
    sheet = tmp_path / "sheet.pdf"
    code, _out, err = plain_cli("--user", "supervisor", "db", "recovery-sheet", "--out", str(sheet))
    assert code == 1
    assert "role does not allow" in err
    assert not sheet.exists()
    code, _out, err = plain_cli("--user", "admin", "db", "recovery-sheet", "--out", str(sheet))
    assert code == 0, err
    assert sheet.read_bytes().startswith(b"%PDF")
    assert "database_recovery_sheet" in plain_cli.query("SELECT action FROM audit_events")


def test_restore_key_from_the_sheet_on_a_new_computer(
    plain_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert plain_cli("--user", "admin", "db", "encrypt")[0] == 0
    key = DatabaseKeys().load(plain_cli.path)
    assert key is not None
    moved = Cli(tmp_path / "moved" / "station.sqlite3", plain_cli.capsys)
    moved.path.parent.mkdir()
    shutil.copy(plain_cli.path, moved.path)
    code, _out, err = moved("--user", "admin", "audit", "verify")
    assert code == 1
    assert "restore-key --from-sheet" in err
    typed = iter(
        ["0000 0000 0000 0000 00"]  # a mistyped first line is asked again
        + [f"{line} {check}" for line, check in sheet_lines(key)]
    )
    monkeypatch.setattr(builtins, "input", lambda _prompt="": next(typed))
    code, _out, err = moved("db", "restore-key", "--from-sheet")
    assert code == 0, err
    assert "check letters are wrong" in err
    assert DatabaseKeys().load(moved.path) == key
    assert moved("--user", "admin", "audit", "verify")[0] == 0


def test_a_key_that_does_not_open_the_file_is_not_kept(plain_cli: Cli, tmp_path: Path) -> None:
    assert plain_cli("--user", "admin", "db", "encrypt")[0] == 0
    moved = Cli(tmp_path / "moved.sqlite3", plain_cli.capsys)
    shutil.copy(plain_cli.path, moved.path)
    code, _out, err = moved("db", "restore-key", "--key", "ab" * 32)
    assert code == 1
    assert "does not open" in err
    assert "ab" * 32 not in err
    assert DatabaseKeys().load(moved.path) is None


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.text(max_size=80).filter(lambda text: not text.startswith("-")))
def test_garbage_keys_are_refused_and_nothing_is_kept(
    garbage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(tmp_path / "nothing-here.sqlite3", capsys)
    code, _out, err = cli("db", "restore-key", "--key", garbage)
    assert code in (1, 2)
    assert "Traceback" not in err
    assert DatabaseKeys().load(cli.path) is None
    assert not cli.path.exists() or file_state(cli.path) == "new"
