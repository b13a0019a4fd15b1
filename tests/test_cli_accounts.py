"""The account commands (`user list|deactivate|reactivate|reset-password|set|password`), run
in-process: what each does, and the attacks on their rules through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import NEW_PASSWORD_ENV, PASSWORD_ENV
from tests.test_cli import Cli, clean_environment  # noqa: F401 - the same clean environment

ADMIN_PW = "a station passphrase"
PW = "a patrol passphrase"


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    cli = Cli(tmp_path / "x.db", capsys)
    monkeypatch.setenv(NEW_PASSWORD_ENV, ADMIN_PW)
    assert cli("user", "add", "admin", "--role", "admin", "--station", "LIS-01")[0] == 0
    monkeypatch.setenv(PASSWORD_ENV, ADMIN_PW)
    monkeypatch.setenv(NEW_PASSWORD_ENV, PW)
    for name, role in (("ana", "officer"), ("boss", "supervisor")):
        code, _out, err = cli(
            "--user", "admin", "user", "add", name, "--role", role, "--station", "LIS-01"
        )
        assert (code, err) == (0, "")
    monkeypatch.delenv(NEW_PASSWORD_ENV)
    return cli


def state(desk: Cli) -> list[tuple[object, ...]]:
    return desk.rows(
        "SELECT username, role, station_id, active, password_hash, must_change_password"
        " FROM users ORDER BY username"
    )


def test_list_deactivate_reactivate_and_set(desk: Cli) -> None:
    code, out, _err = desk("--user", "admin", "user", "list")
    assert code == 0
    assert out.splitlines()[1].split("\t") == ["ana", "ana", "officer", "LIS-01", "active"]
    assert desk("--user", "admin", "user", "deactivate", "ana")[0] == 0
    assert "deactivated" in desk("--user", "admin", "user", "list")[1].splitlines()[1]
    assert desk("--user", "admin", "user", "reactivate", "ana")[0] == 0
    code, out, _err = desk(
        "--user", "admin", "user", "set", "ana", "--role", "data_protection_officer"
    )
    assert (code, out) == (0, "Account ana: data_protection_officer at station LIS-01, active.\n")
    assert desk("--user", "admin", "user", "set", "ana")[0] == 2  # neither --role nor --station


def test_a_reset_password_is_changed_before_any_other_command(
    desk: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NEW_PASSWORD_ENV, "a temporary passphrase")
    assert desk("--user", "admin", "user", "reset-password", "ana")[0] == 0
    assert "must change password" in desk("--user", "admin", "user", "list")[1]
    monkeypatch.setenv(PASSWORD_ENV, "a temporary passphrase")
    code, _out, err = desk("--user", "ana", "followups")
    assert code == 1
    assert "proximity-desk --user ana user password" in err
    monkeypatch.setenv(NEW_PASSWORD_ENV, "password12345")  # a common one
    assert desk("--user", "ana", "user", "password")[0] == 1
    monkeypatch.setenv(NEW_PASSWORD_ENV, "my own passphrase")
    code, out, _err = desk("--user", "ana", "user", "password")
    assert (code, out) == (0, "Your password has been changed.\n")
    monkeypatch.setenv(PASSWORD_ENV, "my own passphrase")
    assert desk("--user", "ana", "followups")[0] == 0
    actions = desk.query("SELECT action FROM audit_events WHERE object_ref = 'ana' ORDER BY id")
    assert {"password_reset", "password_change"} <= set(actions)


@pytest.mark.parametrize(
    "command",
    [
        ["user", "deactivate", "admin"],
        ["user", "reactivate", "ana"],
        ["user", "reset-password", "admin"],
        ["user", "set", "boss", "--role", "admin"],
    ],
)
def test_another_role_is_refused_audited_and_nothing_changes(
    desk: Cli, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    before = state(desk)
    monkeypatch.setenv(PASSWORD_ENV, PW)
    monkeypatch.setenv(NEW_PASSWORD_ENV, "a temporary passphrase")
    code, _out, err = desk("--user", "boss", *command)
    assert (code, err) == (1, "Your role does not allow this.\n")
    assert state(desk) == before
    assert desk.query("SELECT username FROM audit_events WHERE action = 'refused'") == ["boss"]


def test_the_last_administrator_and_oneself_are_refused(desk: Cli) -> None:
    before = state(desk)
    code, _out, err = desk("--user", "admin", "user", "deactivate", "admin")
    assert (code, err) == (
        1,
        "You cannot deactivate your own account: ask another administrator.\n",
    )
    code, _out, err = desk("--user", "admin", "user", "set", "admin", "--role", "officer")
    assert code == 1
    assert "last active administrator" in err
    assert state(desk) == before
    assert len(desk.query("SELECT id FROM audit_events WHERE action = 'refused'")) == 2


def test_a_deactivated_account_cannot_use_the_commands(
    desk: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desk("--user", "admin", "user", "set", "boss", "--role", "admin")[0] == 0
    assert desk("--user", "admin", "user", "deactivate", "boss")[0] == 0
    before = state(desk)
    monkeypatch.setenv(PASSWORD_ENV, PW)
    assert desk("--user", "boss", "user", "reactivate", "boss")[0] == 1
    assert state(desk) == before


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=40
    ),
    password=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=80
    ),
)
def test_garbage_names_and_passwords_are_refused_cleanly(
    desk: Cli, monkeypatch: pytest.MonkeyPatch, name: str, password: str
) -> None:
    if name in {"admin", "ana", "boss"} or name.startswith("-"):
        return
    before = state(desk)
    monkeypatch.setenv(NEW_PASSWORD_ENV, password)
    for action in ("deactivate", "reset-password", "reactivate"):
        code, _out, err = desk("--user", "admin", "user", action, name)
        assert code in {1, 2}
        assert "Traceback" not in err
    assert state(desk) == before
