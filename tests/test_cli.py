"""The command line, run in-process: exit codes, messages, and nothing half-done on refusal."""

from __future__ import annotations

import getpass
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.cli import NEW_PASSWORD_ENV, PASSWORD_ENV, main
from app.config import CONFIG_ENV, DB_ENV, LANG_ENV
from app.documents import DOCUMENT_LANGUAGES, document_translations
from app.documents.text import Words
from app.services import context
from tests.helpers import keyed_engine

ROOT = Path(__file__).resolve().parents[1]
Result = tuple[int, str, str]
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Cli:
    """Runs `proximity-desk --db URL ...` in this process against one SQLite file."""

    def __init__(self, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.capsys = capsys

    def __call__(self, *args: str) -> Result:
        code = main(["--db", self.url, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def query(self, sql: str) -> list[Any]:
        engine = keyed_engine(self.url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(text(sql)).scalars())
        finally:
            engine.dispose()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        engine = keyed_engine(self.url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(sql))]
        finally:
            engine.dispose()

    def counts(self) -> dict[str, int]:
        return {
            table: self.query(f"SELECT count(*) FROM {table}")[0]
            for table in ("cases", "users", "stations", "audit_events")
        }


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (DB_ENV, LANG_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV):
        monkeypatch.delenv(name, raising=False)

    def no_prompt(prompt: str = "") -> str:
        raise AssertionError(f"the command prompted: {prompt!r}")

    monkeypatch.setattr(getpass, "getpass", no_prompt)
    # Argon2 at production cost takes a noticeable time per hash, and every command hashes once.
    monkeypatch.setattr(context, "PasswordHasher", lambda: CHEAP_HASHER)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "x.db", capsys)


@pytest.fixture
def demo_cli(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    code, _out, _err = cli("demo", "--cases", "50")
    assert code == 0
    monkeypatch.setenv(PASSWORD_ENV, "demo")
    return cli


@pytest.fixture
def target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Cli:
    """A second, real database whose administrator `chief` imports cases."""
    other = Cli(tmp_path / "target.db", capsys)
    monkeypatch.setenv(NEW_PASSWORD_ENV, "a sergeant passphrase")
    assert other("user", "add", "chief", "--role", "admin", "--station", "LIS-01")[0] == 0
    monkeypatch.delenv(NEW_PASSWORD_ENV)
    return other


def a_reference(cli: Cli, station: str = "LIS-01") -> str:
    reference: str = cli.query(
        f"SELECT reference FROM cases WHERE reference LIKE '{station}-%' ORDER BY id LIMIT 1"
    )[0]
    return reference


def export(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "case.json"
    reference = a_reference(cli)
    code, _out, err = cli(
        "--user", "supervisor", "case", "export", reference, "--out", str(out), "--reason", "r"
    )
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


# ------------------------------------------------------------------ usage


def test_help_exits_0_and_lists_the_commands(cli: Cli) -> None:
    code, out, _err = cli("--help")
    assert code == 0
    for command in ("db", "user", "demo", "case", "audit"):
        assert command in out
    assert not cli.path.exists()  # --help touches no database


def test_an_unknown_command_is_a_usage_error(cli: Cli) -> None:
    code, _out, err = cli("frobnicate")
    assert code == 2
    assert "frobnicate" in err


def test_a_missing_option_is_a_usage_error(cli: Cli) -> None:
    code, _out, err = cli("case", "export", "LIS-01-2026-000001", "--reason", "r")
    assert code == 2
    assert "--out" in err


def test_a_negative_number_of_demo_cases_is_a_usage_error(cli: Cli) -> None:
    code, _out, err = cli("demo", "--cases", "-1")
    assert code == 2
    assert "--cases" in err


def test_a_broken_settings_file_is_a_usage_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "settings.toml"
    broken.write_text("database_url = ", encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(broken))
    code, _out, err = cli("db", "upgrade")
    assert code == 2
    assert str(broken) in err


# ------------------------------------------------------------------ db and accounts


def test_db_upgrade_creates_the_database(cli: Cli) -> None:
    code, out, err = cli("db", "upgrade")
    assert (code, err) == (0, "")
    assert "up to date" in out
    assert cli.counts() == {"cases": 0, "users": 0, "stations": 0, "audit_events": 0}
    assert cli("db", "upgrade")[0] == 0  # again: nothing to do


def test_the_first_account_then_the_next_ones_need_a_signed_in_user(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NEW_PASSWORD_ENV, "a station passphrase")
    code, out, err = cli("user", "add", "admin", "--role", "admin", "--station", "LIS-01")
    assert (code, err) == (0, "")
    assert "admin" in out
    assert "LIS-01" in out
    assert cli.query("SELECT username FROM users") == ["admin"]
    assert cli.query("SELECT code FROM stations") == ["LIS-01"]

    monkeypatch.setenv(NEW_PASSWORD_ENV, "a patrol passphrase")
    code, _out, err = cli("user", "add", "ana", "--role", "officer", "--station", "LIS-01")
    assert code == 2
    assert "--user" in err
    assert cli.query("SELECT username FROM users") == ["admin"]

    monkeypatch.setenv(PASSWORD_ENV, "a station passphrase")
    code, _out, err = cli(
        "--user", "admin", "user", "add", "ana", "--role", "officer", "--station", "LIS-01"
    )
    assert (code, err) == (0, "")
    assert sorted(cli.query("SELECT username FROM users")) == ["admin", "ana"]


@pytest.mark.parametrize(
    ("answers", "code", "users"),
    [
        (["long enough now", "long enough now"], 0, ["admin"]),
        (["long enough now", "long enuogh now"], 2, []),
    ],
)
def test_the_new_password_is_asked_twice(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, answers: list[str], code: int, users: list[str]
) -> None:
    prompts: list[str] = []

    def prompt(text: str = "") -> str:
        prompts.append(text)
        return answers[len(prompts) - 1]

    monkeypatch.setattr(getpass, "getpass", prompt)
    result, _out, err = cli("user", "add", "admin", "--role", "admin", "--station", "LIS-01")
    assert result == code
    assert len(prompts) == 2
    assert "admin" in prompts[0]
    assert ("differ" in err) == (code == 2)
    assert cli.query("SELECT username FROM users") == users


@pytest.mark.parametrize(
    ("station", "password", "fields"),
    [
        ("lisbon", "long enough now", ["station"]),
        ("LIS-01", "short", ["password"]),
        ("LIS 01", "short", ["password", "station"]),
    ],
)
def test_bad_account_input_is_refused_one_line_per_problem(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, station: str, password: str, fields: list[str]
) -> None:
    monkeypatch.setenv(NEW_PASSWORD_ENV, password)
    code, out, err = cli("user", "add", "admin", "--role", "admin", "--station", station)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert sorted(line.split(":")[0] for line in lines) == fields
    assert cli.counts()["users"] == 0
    assert cli.counts()["stations"] == 0


def test_the_first_account_must_be_an_administrator(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NEW_PASSWORD_ENV, "long enough now")
    code, _out, err = cli("user", "add", "ana", "--role", "officer", "--station", "LIS-01")
    assert code == 1
    assert err.startswith("role: ")
    assert cli.counts()["users"] == 0


# ------------------------------------------------------------------ demo and export


def test_demo_fills_the_database(cli: Cli) -> None:
    code, out, err = cli("demo", "--cases", "50")
    assert (code, err) == (0, "")
    assert "50" in out
    assert re.search(r"^50 cases written in 0 min \d+ s\.$", out, re.MULTILINE), out
    assert cli.counts()["cases"] == 50
    assert cli.query("SELECT value FROM app_meta WHERE key = 'demo'") == ["1"]


def test_demo_is_refused_on_a_real_database(target: Cli) -> None:
    before = target.counts()
    code, _out, err = target("demo", "--cases", "5")
    assert code == 1
    assert err.strip()
    assert target.counts() == before


def test_a_supervisor_exports_a_case_with_a_reason(demo_cli: Cli, tmp_path: Path) -> None:
    reference = a_reference(demo_cli)
    out = tmp_path / "case.json"
    code, stdout, err = demo_cli(
        "--user", "supervisor", "case", "export", reference,
        "--out", str(out), "--reason", "requested by the prosecutor",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert reference in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "proximity-desk-case"
    assert data["format_version"] == 1
    assert data["case"]["reference"] == reference
    assert data["station"]["code"] == "LIS-01"
    reasons = demo_cli.query(
        f"SELECT reason FROM audit_events WHERE action = 'export' AND object_ref = '{reference}'"
    )
    assert reasons == ["requested by the prosecutor"]


def test_an_officer_may_not_export(demo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "case.json"
    reference = a_reference(demo_cli)
    code, _out, err = demo_cli(
        "--user", "officer", "case", "export", reference, "--out", str(out), "--reason", "r"
    )
    assert code == 1
    assert "role" in err
    assert not out.exists()


def test_exporting_an_unknown_case(demo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "case.json"
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "export", "LIS-01-1999-000001",
        "--out", str(out), "--reason", "r",
    )  # fmt: skip
    assert code == 1
    assert "no case" in err
    assert not out.exists()


def test_a_command_acting_as_a_user_needs_user(demo_cli: Cli, tmp_path: Path) -> None:
    code, _out, err = demo_cli(
        "case", "export", a_reference(demo_cli), "--out", str(tmp_path / "f"), "--reason", "r"
    )
    assert code == 2
    assert "--user" in err


def test_a_wrong_password_is_refused(
    demo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "not the password")
    out = tmp_path / "case.json"
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "export", a_reference(demo_cli),
        "--out", str(out), "--reason", "r",
    )  # fmt: skip
    assert code == 1
    assert "password" in err
    assert not out.exists()


# ------------------------------------------------------------------ import


def new_audit_actions(target: Cli, before: int) -> list[str]:
    return target.query(f"SELECT action FROM audit_events WHERE id > {before} ORDER BY id")


def test_an_exported_case_imports_into_another_database(
    demo_cli: Cli, target: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(demo_cli, tmp_path)
    monkeypatch.setenv(PASSWORD_ENV, "a sergeant passphrase")
    code, out, err = target("--user", "chief", "case", "import", str(tmp_path / "case.json"))
    assert (code, err) == (0, "")
    assert data["case"]["reference"] in out
    assert target.query("SELECT reference FROM cases") == [data["case"]["reference"]]
    code, _out, err = target("--user", "chief", "case", "import", str(tmp_path / "case.json"))
    assert code == 1
    assert err.startswith("case.reference: ")
    assert target.counts()["cases"] == 1


def test_an_import_with_three_problems_names_each_and_changes_nothing(
    demo_cli: Cli, target: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(demo_cli, tmp_path)
    data["case"]["status"] = "lost"
    data["case"]["colour"] = "red"
    data["case"]["occurred_at"] = "2025-01-01T10:00:00"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    before = target.counts()
    monkeypatch.setenv(PASSWORD_ENV, "a sergeant passphrase")
    code, out, err = target("--user", "chief", "case", "import", str(broken))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 3
    assert sorted(line.split(": ", 1)[0] for line in lines) == [
        "case.colour",
        "case.occurred_at",
        "case.status",
    ]
    after = target.counts()
    assert {k: after[k] for k in ("cases", "users", "stations")} == {
        k: before[k] for k in ("cases", "users", "stations")
    }
    # Signing in is audited; the refused import itself leaves nothing.
    assert new_audit_actions(target, before["audit_events"]) == ["login"]


def test_a_file_that_is_not_json_is_refused(
    target: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_json = tmp_path / "case.json"
    not_json.write_text("format: proximity-desk-case\n", encoding="utf-8")
    before = target.counts()
    monkeypatch.setenv(PASSWORD_ENV, "a sergeant passphrase")
    code, _out, err = target("--user", "chief", "case", "import", str(not_json))
    assert code == 1
    assert err == "line 1: is not valid JSON (column 1: Expecting value)\n"
    assert target.counts()["cases"] == before["cases"]
    assert new_audit_actions(target, before["audit_events"]) == ["login"]


def test_a_file_that_is_not_utf8_is_refused_like_any_bad_input(
    demo_cli: Cli, target: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(demo_cli, tmp_path)
    latin1 = tmp_path / "latin1.json"
    text = json.dumps(data, ensure_ascii=False, indent=2).replace('"status"', '"stätus"', 1)
    latin1.write_bytes(text.encode("latin-1", errors="replace"))
    # The first character that latin-1 writes as a byte UTF-8 cannot read (the ä, or a name's í).
    first = next(i for i, c in enumerate(text) if 0x80 <= ord(c) <= 0xFF)
    line = text[:first].count("\n") + 1
    before = target.counts()
    monkeypatch.setenv(PASSWORD_ENV, "a sergeant passphrase")
    code, out, err = target("--user", "chief", "case", "import", str(latin1))
    assert (code, out, err) == (1, "", f"line {line}: is not UTF-8 text\n")
    assert target.counts() == before  # not even a sign-in: the file is read first


def test_every_refused_problem_is_one_path_and_problem_line(
    demo_cli: Cli, target: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = export(demo_cli, tmp_path)
    data["case"]["place"] = "a\x00b"
    data["case"]["motives"] = ["racist_xenophobic", "racist_xenophobic"]
    data["case"]["closed_at"] = "2999-01-01T00:00:00+00:00"
    data["case"]["reference"] = data["case"]["reference"][:-6] + "999999"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    before = target.counts()
    monkeypatch.setenv(PASSWORD_ENV, "a sergeant passphrase")
    code, out, err = target("--user", "chief", "case", "import", str(broken))
    assert (code, out) == (1, "")
    assert sorted(line.split(": ", 1)[0] for line in err.splitlines()) == [
        "case.closed_at",
        "case.motives",
        "case.place",
        "case.reference",
    ]
    assert target.counts()["cases"] == before["cases"]


def test_a_file_that_cannot_be_read_is_a_usage_error(target: Cli, tmp_path: Path) -> None:
    code, _out, err = target("--user", "chief", "case", "import", str(tmp_path / "missing.json"))
    assert code == 2
    assert "missing.json" in err


# ------------------------------------------------------------------ audit


def test_audit_verify(demo_cli: Cli) -> None:
    code, out, err = demo_cli("--user", "supervisor", "audit", "verify")
    assert (code, err) == (0, "")
    assert "intact" in out
    first = demo_cli.query("SELECT min(id) FROM audit_events")[0]
    engine = keyed_engine(demo_cli.url)
    with engine.begin() as connection:  # anyone with the file can drop the append-only triggers
        connection.execute(text("DROP TRIGGER audit_events_no_update"))
        connection.execute(
            text("UPDATE audit_events SET username = 'x' WHERE id = :id"), {"id": first}
        )
    engine.dispose()
    code, _out, err = demo_cli("--user", "supervisor", "audit", "verify")
    assert code == 1
    assert err.splitlines() == [
        f"Audit event {first} does not match its seal: it was altered, renumbered, swapped or"
        " written without the station's key."
    ]


def test_audit_verify_and_checkpoint_are_for_supervisors_and_administrators(
    demo_cli: Cli, tmp_path: Path
) -> None:
    for command in (["verify"], ["checkpoint", "--out", str(tmp_path / "c.json")]):
        code, _out, err = demo_cli("--user", "officer", "audit", *command)
        assert (code, err.strip()) == (1, "Your role does not allow this.")
    assert not (tmp_path / "c.json").exists()
    assert demo_cli.query("SELECT count(*) FROM audit_events WHERE action = 'refused'") == [2]
    code, _out, err = demo_cli("audit", "verify")  # who checks is recorded: a user is needed
    assert code == 2
    assert "--user" in err


def test_a_checkpoint_finds_a_tail_cut_with_the_head_rolled_back(
    demo_cli: Cli, tmp_path: Path
) -> None:
    # An old copy of the database file, as someone who wants to hide later events keeps one.
    [old_head] = demo_cli.rows("SELECT count, last_id, last_hash, mac FROM audit_head")
    for _ in range(3):
        demo_cli("--user", "officer", "leaflet", "--lang", "en", "--out", str(tmp_path / "l.pdf"))
    checkpoint, sheet = tmp_path / "checkpoint.json", tmp_path / "checkpoint.pdf"
    code, out, err = demo_cli(
        "--user", "supervisor", "audit", "checkpoint", "--out", str(checkpoint),
        "--sheet", str(sheet),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert str(checkpoint) in out
    written = json.loads(checkpoint.read_text(encoding="utf-8"))
    assert written["count"] == demo_cli.query("SELECT count(*) FROM audit_events")[0]
    assert sheet.read_bytes().startswith(b"%PDF")
    verify = ("--user", "supervisor", "audit", "verify", "--checkpoint", str(checkpoint))
    assert demo_cli(*verify)[0] == 0
    # With the database file but not the key: cut the later events, put the old head back.
    engine = keyed_engine(demo_cli.url)
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_events_no_delete"))
        connection.execute(text("DELETE FROM audit_events WHERE id > :id"), {"id": old_head[1]})
        connection.execute(
            text("UPDATE audit_head SET count = :c, last_id = :i, last_hash = :h, mac = :m"),
            dict(zip("cihm", old_head, strict=True)),
        )
    engine.dispose()
    code, _out, err = demo_cli(*verify)
    assert code == 1
    assert "events were removed since" in err


# ------------------------------------------------------------------ the real program


@pytest.mark.slow
def test_python_m_app_help() -> None:
    env = {**os.environ, CONFIG_ENV: os.devnull}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "db" in result.stdout
    assert "case" in result.stdout


def test_services_export_and_import_round_trip_and_a_bad_file_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path}/d.sqlite3"
    assert main(["--db", db, "demo", "--cases", "5"]) == 0
    monkeypatch.setenv("PROXIMITY_DESK_PASSWORD", "demo")
    exported = tmp_path / "services.csv"
    assert main(["--db", db, "--user", "admin", "services", "export", str(exported)]) == 0
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("code,name,kind,")
    assert main(["--db", db, "--user", "admin", "services", "import", str(exported)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace(",victim_support,", ",helpdesk,", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db, "--user", "admin", "services", "import", str(bad)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("line ")
    assert "kind" in error
    assert main(["--db", db, "--user", "admin", "services", "export", str(exported)]) == 2
    assert capsys.readouterr().err == f"{exported} already exists. Give --force to replace it.\n"
    force = ["--db", db, "--user", "admin", "services", "export", str(exported), "--force"]
    assert main(force) == 0
    assert exported.read_text(encoding="utf-8") == text  # the refused file changed nothing


# ------------------------------------------------------------------ printouts


def a_referred_reference(cli: Cli) -> str:
    """A case of LIS-01 with one referral, made the demo officer's own: a printout for a
    recipient of a submitted case is sent out by whoever may add to its coordination log."""
    reference: str = cli.query(
        "SELECT c.reference FROM cases c JOIN referrals r ON r.case_id = c.id"
        " WHERE c.reference LIKE 'LIS-01-%' ORDER BY c.id LIMIT 1"
    )[0]
    engine = keyed_engine(cli.url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE cases SET officer_id = (SELECT id FROM users WHERE username = 'officer')"
                " WHERE reference = :reference"
            ),
            {"reference": reference},
        )
    engine.dispose()
    return reference


def pdf_text(path: Path) -> str:
    from tests.documents.reading import text_of  # noqa: PLC0415 - pypdf only for these tests

    return text_of(path.read_bytes())


DEMO_NOTICE = "DEMO — synthetic data, not a real case. Do not use."  # app/documents/layout.py


def test_print_each_case_document(demo_cli: Cli, tmp_path: Path) -> None:
    reference = a_referred_reference(demo_cli)
    demo_banner = Words(document_translations("bg"), "bg")(DEMO_NOTICE)
    assert demo_banner.startswith("DEMO — синтетични данни")
    for document in ("referral", "prosecutor", "consent"):
        out = tmp_path / f"{document}.pdf"
        code, stdout, err = demo_cli(
            "--user", "officer", "print", document, reference, "--lang", "bg", "--out", str(out),
            "--reason", "For the victim",
        )  # fmt: skip
        assert (code, err) == (0, ""), document
        assert str(out) in stdout
        text = pdf_text(out)
        assert reference in text
        assert demo_banner in text  # a demo database's printouts say so, in Bulgarian here
    details = demo_cli.query(
        f"SELECT details FROM audit_events WHERE action = 'print' AND object_ref = '{reference}'"
    )
    assert [json.loads(d)["document"] for d in details] == ["referral", "prosecutor", "consent"]


def test_each_copy_prints_in_its_readers_language_not_the_screens(
    demo_cli: Cli, tmp_path: Path
) -> None:
    reference = a_referred_reference(demo_cli)  # a Lisbon case: station and services speak pt
    out = tmp_path / "referral.pdf"
    code, _out, err = demo_cli(
        "--lang", "lv", "--user", "officer", "print", "referral", reference,
        "--lang", "ar", "--out", str(out), "--reason", "Referral",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, _out, err = demo_cli(
        "--lang", "lv", "--user", "officer", "print", "referral", reference, "--lang", "ar",
        "--service-lang", "fi", "--file-lang", "bg", "--out", str(out), "--reason", "Referral",
        "--force",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Екземпляр за архива" in pdf_text(out)  # the file copy, in Bulgarian
    code, _out, err = demo_cli(
        "--lang", "lv", "--user", "officer", "print", "prosecutor", reference,
        "--out", str(tmp_path / "report.pdf"), "--reason", "Court",
    )  # fmt: skip
    assert (code, err) == (0, "")
    details = demo_cli.query("SELECT details FROM audit_events WHERE action = 'print' ORDER BY id")
    assert [json.loads(d) for d in details] == [
        {"document": "referral", "language": "ar", "service_language": "pt",
         "file_language": "pt", "referral": "R1", "to": "file"},
        {"document": "referral", "language": "ar", "service_language": "fi",
         "file_language": "bg", "referral": "R1", "to": "file"},
        {"document": "prosecutor", "language": "pt", "to": "file"},
    ]  # fmt: skip


def test_the_leaflet_standalone_personalised_and_in_every_language(
    demo_cli: Cli, tmp_path: Path
) -> None:
    reference = a_referred_reference(demo_cli)
    standalone, personal = tmp_path / "stock.pdf", tmp_path / "case.pdf"
    assert (
        demo_cli("--user", "officer", "leaflet", "--lang", "uk", "--out", str(standalone))[0] == 0
    )
    code, _out, err = demo_cli(
        "--user", "officer", "leaflet", "--lang", "en", "--out", str(personal), "--case", reference,
        "--reason", "For the victim",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert reference not in pdf_text(standalone)
    assert reference in pdf_text(personal)
    folder = tmp_path / "stock" / "2026"  # made, as mkdir -p would
    code, stdout, err = demo_cli(
        "--user", "officer", "leaflet", "--all-languages", "--out-dir", str(folder)
    )
    assert (code, err) == (0, "")
    assert "14 leaflets" in stdout
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"leaflet-{code}.pdf" for code in DOCUMENT_LANGUAGES
    )


@pytest.mark.parametrize(
    "args",
    [
        ("leaflet", "--lang", "en"),  # no file
        ("leaflet", "--all-languages"),  # no folder
        ("leaflet", "--all-languages", "--out-dir", ".", "--case", "LIS-01-2026-000001"),
        ("leaflet", "--lang", "en", "--out", "x.pdf", "--person", "P1"),  # a person needs a case
    ],
)
def test_a_leaflet_command_missing_its_parts_is_a_usage_error(
    demo_cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    before = demo_cli.counts()
    code, _out, err = demo_cli("--user", "officer", *args)
    assert code == 2
    assert err.strip() == (
        "Give --out FILE (with --case REF for a case's leaflet; --lang CODE, else the"
        " reader's language), or --all-languages --out-dir DIR."
    )
    assert demo_cli.counts() == before


def test_printing_refusals_are_one_line_and_write_nothing(demo_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    reference = a_referred_reference(demo_cli)
    cases = [
        (("print", "prosecutor", "LIS-01-1999-000001"), 1, "There is no case LIS-01-1999-000001."),
        (("print", "referral", reference, "--referral", "R9"), 1, "referral: must be one of: R1"),
        (("print", "consent", reference, "--person", "P9"), 1, "person: must be one of: P1"),
    ]
    for args, expected_code, message in cases:
        code, _out, err = demo_cli(
            "--user", "officer", *args, "--lang", "en", "--out", str(out), "--reason", "r"
        )
        assert (code, err.strip()) == (expected_code, message)
        assert not out.exists()
    code, _out, err = demo_cli("--user", "officer", "leaflet", "--lang", "de", "--out", str(out))
    assert code == 2
    assert "invalid choice: 'de'" in err
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    code, _out, err = demo_cli(
        "--user", "officer", "leaflet", "--all-languages", "--out-dir", str(blocked / "stock")
    )
    assert code == 2
    assert err.startswith("Cannot write")
    assert demo_cli.query("SELECT count(*) FROM audit_events WHERE action = 'print'") == [0]


def test_printing_a_case_of_another_station_is_refused(demo_cli: Cli, tmp_path: Path) -> None:
    reference = a_reference(demo_cli, "LIS-02")
    out = tmp_path / "x.pdf"
    code, _out, err = demo_cli(
        "--user", "officer", "print", "prosecutor", reference, "--lang", "en", "--out", str(out),
        "--reason", "r",
    )  # fmt: skip
    assert (code, err.strip()) == (1, "Your role does not allow this.")
    assert not out.exists()


def test_without_a_password_or_a_terminal_the_command_says_what_to_do(
    demo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PASSWORD_ENV)

    def no_terminal(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("app.cli.getpass.getpass", no_terminal)
    code, _out, err = demo_cli(
        "--user", "officer", "leaflet", "--lang", "en", "--out", str(tmp_path / "x.pdf")
    )
    assert (code, err.strip()) == (
        2, "No password: set PROXIMITY_DESK_PASSWORD or run the command in a terminal."
    )  # fmt: skip


# ------------------------------------------------------------------ files written


def file_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_every_file_written_is_the_owner_s_only(demo_cli: Cli, tmp_path: Path) -> None:
    reference = a_referred_reference(demo_cli)
    files = {
        "case.json": ("--user", "supervisor", "case", "export", reference, "--reason", "r",
                      "--out"),
        "services.csv": ("--user", "admin", "services", "export"),
        "report.pdf": ("--user", "officer", "print", "prosecutor", reference, "--lang", "en",
                       "--reason", "r", "--out"),
        "leaflet.pdf": ("--user", "officer", "leaflet", "--lang", "en", "--out"),
    }  # fmt: skip
    for name, args in files.items():
        assert demo_cli(*args, str(tmp_path / name)) == (0, ANY, ""), name
        if sys.platform != "win32":
            assert file_mode(tmp_path / name) == 0o600, name
    if sys.platform != "win32":
        assert file_mode(demo_cli.path) == 0o600  # the database made by `demo`


def test_out_never_overwrites_without_force(demo_cli: Cli, tmp_path: Path) -> None:
    reference = a_referred_reference(demo_cli)
    out = tmp_path / "report.pdf"
    out.write_bytes(b"an earlier report")
    command = ("--user", "officer", "print", "prosecutor", reference, "--lang", "en",
               "--reason", "r", "--out", str(out))  # fmt: skip
    code, _out, err = demo_cli(*command)
    assert (code, err) == (2, f"{out} already exists. Give --force to replace it.\n")
    assert out.read_bytes() == b"an earlier report"
    assert demo_cli.query("SELECT action FROM audit_events WHERE action LIKE 'print%'") == []
    assert demo_cli(*command, "--force")[0] == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("x.db")] == ["report.pdf"]


def test_the_stock_of_leaflets_is_checked_before_any_is_written(
    demo_cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "leaflet-fi.pdf").write_bytes(b"last year's")
    command = ("--user", "officer", "leaflet", "--all-languages", "--out-dir", str(tmp_path))
    code, _out, err = demo_cli(*command)
    assert code == 2
    assert "leaflet-fi.pdf already exists" in err
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["leaflet-fi.pdf"]
    assert demo_cli(*command, "--force")[0] == 0
    assert len(list(tmp_path.glob("*.pdf"))) == len(DOCUMENT_LANGUAGES)


def test_the_database_in_use_is_never_an_output_even_with_force(
    demo_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = a_referred_reference(demo_cli)
    # What the database holds, not its bytes: SQLite moves its write-ahead log into the file when
    # a connection closes (a checkpoint), which changes bytes but never data.
    before = demo_cli.counts()
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "innocent.pdf"
    targets = [str(demo_cli.path), "x.db", "./sub/../x.db", "x.db-wal"]
    if sys.platform != "win32":
        link.symlink_to(demo_cli.path)
        targets.append(link.name)
    for target in targets:
        for args in (
            ("--user", "officer", "print", "prosecutor", reference, "--lang", "en",
             "--reason", "r", "--out", target),
            ("--user", "supervisor", "case", "export", reference, "--reason", "r",
             "--out", target),
            ("--user", "admin", "services", "export", target),
            ("--user", "officer", "leaflet", "--lang", "en", "--out", target),
        ):  # fmt: skip
            code, _out, err = demo_cli(*args, "--force")
            message = f"{Path(target)} is the database in use: choose another file.\n"
            assert (code, err) == (2, message)
    assert demo_cli.query("SELECT count(*) FROM users")[0] > 0  # still a database (encrypted)
    assert demo_cli.query("PRAGMA integrity_check") == ["ok"]
    assert demo_cli.counts() == before
    assert before["cases"] == 50


def test_a_file_that_cannot_be_written_is_logged_as_failed_not_done(
    demo_cli: Cli, tmp_path: Path
) -> None:
    reference = a_referred_reference(demo_cli)
    out = tmp_path / "no such folder" / "report.pdf"
    code, _out, err = demo_cli(
        "--user", "officer", "print", "prosecutor", reference, "--lang", "en",
        "--reason", "For court", "--out", str(out),
    )  # fmt: skip
    assert (code, err) == (2, f"Cannot write {out}: No such file or directory\n")
    assert not out.parent.exists()
    events = demo_cli.query(
        "SELECT action || ' ' || details FROM audit_events WHERE action LIKE 'print%'"
    )
    assert [(e.split(" ", 1)[0], json.loads(e.split(" ", 1)[1])) for e in events] == [
        ("print_failed",
         {"document": "prosecutor", "language": "en", "to": "file", "error": "ENOENT"}),
    ]  # fmt: skip
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "export", reference, "--reason", "r", "--out", str(out)
    )
    assert code == 2
    assert demo_cli.query("SELECT action FROM audit_events WHERE action LIKE 'export%'") == [
        "export_failed"
    ]


def test_printing_a_case_needs_a_reason(demo_cli: Cli, tmp_path: Path) -> None:
    reference = a_referred_reference(demo_cli)
    out = tmp_path / "x.pdf"
    code, _out, err = demo_cli(
        "--user", "officer", "print", "prosecutor", reference, "--lang", "en", "--out", str(out)
    )
    assert code == 2
    assert "the following arguments are required: --reason" in err
    for args in (
        ("print", "consent", reference, "--reason", " "),
        ("leaflet", "--case", reference),
    ):
        code, _out, err = demo_cli("--user", "officer", *args, "--lang", "en", "--out", str(out))
        assert (code, err) == (1, "reason: is required\n")
    assert not out.exists()
    assert demo_cli.query("SELECT count(*) FROM audit_events WHERE action LIKE 'print%'") == [0]


# ------------------------------------------------------------------ a case's life


def a_case(cli: Cli, status: str, officer: str) -> str:
    """A LIS-01 case of `officer`, put in `status` (the demo has few cases in each state)."""
    reference: str = cli.query(
        "SELECT c.reference FROM cases c JOIN users u ON u.id = c.officer_id"
        f" WHERE u.username = '{officer}' AND c.reference LIKE 'LIS-01-%' ORDER BY c.id LIMIT 1"
    )[0]
    engine = keyed_engine(cli.url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE cases SET status = :status WHERE reference = :reference"),
            {"status": status, "reference": reference},
        )
    engine.dispose()
    return reference


def test_the_steps_of_a_case_take_the_services_path_and_refuse_with_the_reason(
    demo_cli: Cli,
) -> None:
    reference = a_case(demo_cli, "submitted", "officer")
    code, _out, err = demo_cli("--user", "officer", "case", "approve", reference)
    assert (code, err.strip()) == (1, "Your role does not allow this step.")
    code, _out, err = demo_cli("--user", "supervisor", "case", "return", reference)
    assert (code, err.strip()) == (1, "comment: is required")
    code, out, err = demo_cli(
        "--user", "supervisor", "case", "approve", reference, "--comment", "ok"
    )
    assert (code, out.strip(), err) == (0, f"Case {reference}: approved.", "")
    code, _out, err = demo_cli("--user", "supervisor", "case", "approve", reference)
    assert code == 1
    assert err.strip() == "status: a case with the status approved cannot take this step"
    [details] = demo_cli.query(
        f"SELECT details FROM audit_events WHERE action = 'approve' AND object_ref = '{reference}'"
    )
    assert json.loads(details) == {"status": "approved"}
    refusals = demo_cli.query("SELECT count(*) FROM audit_events WHERE action = 'refused'")
    assert refusals == [3]


def test_four_eyes_holds_on_the_command_line(demo_cli: Cli) -> None:
    """A case the supervisor saved once: they may not approve it."""
    reference = a_case(demo_cli, "submitted", "officer")
    engine = keyed_engine(demo_cli.url)
    with engine.begin() as connection:  # the case's officer is now the supervisor
        connection.execute(
            text(
                "UPDATE cases SET officer_id = (SELECT id FROM users WHERE username = 'supervisor')"
                " WHERE reference = :reference"
            ),
            {"reference": reference},
        )
    engine.dispose()
    code, _out, err = demo_cli("--user", "supervisor", "case", "approve", reference)
    assert code == 1
    assert "Four eyes" in err
    assert demo_cli.query(f"SELECT status FROM cases WHERE reference = '{reference}'") == [
        "submitted"
    ]
    code, _out, err = demo_cli("--user", "supervisor", "case", "approve", "LIS-01-2026-999998")
    assert (code, err.strip()) == (1, "There is no case LIS-01-2026-999998.")


def test_a_return_on_a_section_and_an_escalation_to_a_named_reviewer(demo_cli: Cli) -> None:
    reference = a_case(demo_cli, "submitted", "officer")
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "return", reference, "--section", "nowhere",
        "--comment", "Which street?",
    )  # fmt: skip
    assert (code, err.strip()) == (1, "sections: nowhere is not a section of this case")
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "escalate", reference, "--comment", "x"
    )
    assert code == 2  # argparse: --to is required
    assert "--to" in err
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "escalate", reference, "--comment", "Tension",
        "--to", "officer",
    )  # fmt: skip
    assert (code, err.strip()) == (
        1,
        "escalated_to: officer cannot review cases: choose another active supervisor",
    )
    code, out, _err = demo_cli(
        "--user", "supervisor", "case", "return", reference, "--section", "incident",
        "--comment", "Which street?",
    )  # fmt: skip
    assert (code, out.strip()) == (0, f"Case {reference}: returned.")
    [(section, comment)] = demo_cli.rows(
        "SELECT r.sections, r.comment FROM review_actions r JOIN cases c ON c.id = r.case_id"
        f" WHERE c.reference = '{reference}' AND r.decision = 'return' ORDER BY r.id DESC LIMIT 1"
    )
    assert (json.loads(section), comment) == (
        [{"section": "incident", "comment": "Which street?"}],
        "",
    )


def test_an_approval_confirms_judgement_checks_by_name(demo_cli: Cli) -> None:
    """A case waiting for its first review (checks confirmed at an approval stay met)."""
    reference = a_case(demo_cli, "submitted", "officer")
    engine = keyed_engine(demo_cli.url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "DELETE FROM review_actions WHERE case_id ="
                " (SELECT id FROM cases WHERE reference = :reference)"
            ),
            {"reference": reference},
        )
    engine.dispose()
    code, _out, err = demo_cli(
        "--user", "supervisor", "case", "approve", reference, "--confirm", "nonsense"
    )
    assert code == 1
    assert "nonsense" in err
    code, out, _err = demo_cli(
        "--user", "supervisor", "case", "approve", reference,
        "--confirm", "proportionality", "--confirm", "attendance",
    )  # fmt: skip
    assert (code, out.strip(), _err) == (0, f"Case {reference}: approved.", "")
    [checks] = demo_cli.query(
        "SELECT r.checks FROM review_actions r JOIN cases c ON c.id = r.case_id"
        f" WHERE c.reference = '{reference}' ORDER BY r.id DESC LIMIT 1"
    )
    assert json.loads(checks) == ["proportionality", "attendance"]


# ------------------------------------------------------------------------------------ stations

STATIONS_SQL = (
    "SELECT code, name, address, phone, email, opening_hours, language, protocol_pack, country"
    " FROM stations ORDER BY code"
)


def test_an_administrator_adds_changes_and_lists_stations(demo_cli: Cli) -> None:
    admin = ("--user", "admin", "station")
    code, out, err = demo_cli(
        *admin, "add", "FAR-01", "--name", "Faro", "--email", "far-01@police.example",
        "--hours", "Mon–Fri 08:00–20:00", "--language", "pt", "--country", "pt",
    )  # fmt: skip
    assert (code, out, err) == (0, "Saved: FAR-01.\n", "")
    code, out, _err = demo_cli(*admin, "list")
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "FAR-01\tFaro\teu-baseline pt PT\tNo address or phone for the victim's printouts"
    )
    assert lines[1:] == [
        "LIS-01\tLisbon Centre proximity station\teu-baseline pt PT",
        "LIS-02\tLisbon East proximity station\teu-baseline pt PT",
    ]
    code, _out, err = demo_cli(*admin, "set", "FAR-01", "--address", "Rua 1", "--phone", "112")
    assert (code, err) == (0, "")
    assert demo_cli(*admin, "pack", "FAR-01", "es-2020")[0] == 0  # the older command still works
    assert demo_cli(*admin, "set", "FAR-01", "--pack", "es-2020")[0] == 0
    assert demo_cli.rows(STATIONS_SQL)[0] == (
        "FAR-01", "Faro", "Rua 1", "112", "far-01@police.example", "Mon–Fri 08:00–20:00", "pt",
        "es-2020", "PT",
    )  # fmt: skip
    assert "No address" not in demo_cli(*admin, "list")[1]
    actions = demo_cli.query(
        "SELECT action FROM audit_events WHERE object_type = 'station' AND object_ref = 'FAR-01'"
    )
    assert actions == ["station_add", "station_set", "station_set"]  # the second pack is no change


@pytest.mark.parametrize("user", ["officer", "supervisor"])
def test_only_an_administrator_may_change_stations_from_the_command_line(
    demo_cli: Cli, user: str
) -> None:
    before = demo_cli.rows(STATIONS_SQL)
    for args in (
        ("add", "FAR-01", "--name", "Faro"),
        ("set", "LIS-01", "--phone", "1"),
        ("pack", "LIS-01", "es-2020"),
        ("list",),
    ):
        code, out, err = demo_cli("--user", user, "station", *args)
        assert (code, out, err) == (1, "", "Your role does not allow this.\n")
    assert demo_cli.rows(STATIONS_SQL) == before


def test_a_refused_station_names_each_problem_and_writes_nothing(demo_cli: Cli) -> None:
    before = demo_cli.rows(STATIONS_SQL)
    code, out, err = demo_cli(
        "--user", "admin", "station", "add", "faro", "--email", "far", "--language", "xx",
        "--pack", "fr-2030", "--country", "ZZ",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert [line.split(":")[0] for line in err.splitlines()] == [
        "code", "name", "email", "language", "protocol_pack", "country",
    ]  # fmt: skip
    assert demo_cli.rows(STATIONS_SQL) == before


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    action=st.sampled_from(["add", "set"]),
    code=st.text(max_size=8),
    options=st.lists(
        st.tuples(
            st.sampled_from(
                ["--name", "--address", "--phone", "--email", "--hours", "--language", "--pack",
                 "--country"]
            ),
            st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=10),
        ),
        max_size=4,
    ),
)  # fmt: skip
def test_garbage_on_the_station_command_is_refused_whole(
    demo_cli: Cli, action: str, code: str, options: list[tuple[str, str]]
) -> None:
    before = demo_cli.rows(STATIONS_SQL)
    args = [part for option, value in options for part in (f"{option}={value}",)]
    result, out, err = demo_cli("--user", "admin", "station", action, *args, "--", code)
    assert "Traceback" not in err
    if result != 0:
        assert result in (1, 2)
        assert out == ""
        assert demo_cli.rows(STATIONS_SQL) == before


def test_a_leaflet_without_lang_is_in_its_readers_language(demo_cli: Cli, tmp_path: Path) -> None:
    """As the print dialog starts: the station's official language for the stock (Portuguese at
    the demo's Lisbon station), the victim's leaflet language for a case."""
    stock = tmp_path / "stock.pdf"
    assert demo_cli("--user", "officer", "leaflet", "--out", str(stock))[0] == 0
    assert "Os seus direitos" in pdf_text(stock)
    reference = a_referred_reference(demo_cli)
    personal = tmp_path / "case.pdf"
    code, _out, err = demo_cli(
        "--user", "officer", "leaflet", "--out", str(personal), "--case", reference,
        "--reason", "For the victim",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert reference in pdf_text(personal)


def test_followups_lists_what_is_due_and_refuses_another_station(demo_cli: Cli) -> None:
    """A referral of the officer's case five days past its answer's due date, and a re-contact due
    today: one line each, the overdue one alone with --overdue; a supervisor of another station
    may not ask for LIS-01's."""
    today = datetime.now(UTC).date()
    reference = a_case(demo_cli, "approved", "officer")
    [case_id] = demo_cli.query(f"SELECT id FROM cases WHERE reference = '{reference}'")
    engine = keyed_engine(demo_cli.url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM referrals WHERE case_id = :id"), {"id": case_id})
        connection.execute(
            text(
                "INSERT INTO referrals (case_id, key, person_key, service_code, service_name,"
                " service_kind, service_contact, needs, urgency, status, created_at, created_by,"
                " reply_note, steps, answer_due_on, legal_basis) VALUES (:id, 'R9', 'P1', '',"
                " 'Victim Support Lisbon', 'victim_support', '', '[]', 'normal', 'sent', :now,"
                " 'officer', '', '[]', :due, '')"
            ),
            {"id": case_id, "now": datetime.now(UTC), "due": today - timedelta(days=5)},
        )
        connection.execute(
            text(
                "INSERT INTO follow_ups (case_id, due_on, note, done_by, result, scheduled_by)"
                " VALUES (:id, :due, 'Ask about the neighbour', '', '', 'officer')"
            ),
            {"id": case_id, "due": today},
        )
    engine.dispose()
    answer = f"{reference}\tReferral answer: Victim Support Lisbon\t{today - timedelta(days=5)}\t5"
    recontact = f"{reference}\tRe-contact with the victim\t{today}\t0"
    for user in ("officer", "supervisor", "admin"):
        code, out, err = demo_cli("--user", user, "followups")
        assert (code, err) == (0, "")
        assert {answer, recontact} <= set(out.splitlines())
        assert "neighbour" not in out  # a re-contact's note stays in the case
    code, out, _err = demo_cli("--user", "officer", "followups", "--overdue", "--station", "LIS-01")
    assert code == 0
    assert answer in out.splitlines()
    assert recontact not in out.splitlines()
    assert all(int(line.split("\t")[3]) > 0 for line in out.splitlines())
    code, out, err = demo_cli("--user", "lmarques", "followups", "--station", "LIS-01")
    assert (code, out, err) == (1, "", "Your role does not allow this.\n")
    code, out, err = demo_cli("--user", "lmarques", "followups")
    assert code == 0
    assert reference not in out
    code, out, err = demo_cli("--user", "admin", "followups", "--station", "NOPE-01")
    assert (code, out, err) == (1, "", "station: there is no station NOPE-01\n")


def test_the_timeline_of_a_case_one_line_per_entry_read_with_a_reason(demo_cli: Cli) -> None:
    reference = a_case(demo_cli, "submitted", "officer")
    approve = ("--user", "supervisor", "case", "approve", reference, "--comment", "Well done")
    assert demo_cli(*approve)[0] == 0
    code, out, err = demo_cli(
        "--user", "supervisor", "case", "timeline", reference, "--reason", "Supervision"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "Case created" in lines[0]
    assert lines[-1].endswith("Approved — Well done")
    reasons = demo_cli.query(
        f"SELECT reason FROM audit_events WHERE action = 'view' AND object_ref = '{reference}'"
    )
    assert reasons == ["Supervision"]
    code, _out, err = demo_cli("--user", "supervisor", "case", "timeline", reference)
    assert code == 2
    assert "--reason" in err
