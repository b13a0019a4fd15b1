"""Encryption at rest of the embedded database (issue 13, part 7): a new file is encrypted with a
key kept outside it; without the key it cannot be read, with it it can; a plain database of the
first release is encrypted keeping every case and the audit chain; only an administrator prints
the recovery sheet or encrypts, and a refusal is audited with nothing changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlcipher3
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

from app.domain.case import CaseQuery
from app.services import Services, open_services
from app.services.database_keys import (
    DatabaseKeyProblem,
    DatabaseKeys,
    key_id,
    parse_key,
    parse_sheet_line,
    sheet_lines,
)
from app.services.encryption import restore_key
from app.services.errors import PermissionDenied
from app.storage.engine import DatabaseKeyError, file_state, make_engine
from app.storage.tables import AuditEvent
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock

REASON = "Encryption test"


def open_at(path: Path, clock: Clock, **kwargs: object) -> Services:
    return open_services(f"sqlite:///{path}", clock=clock, hasher=CHEAP_HASHER, **kwargs)  # type: ignore[arg-type]


def victim_names(services: Services) -> list[str]:
    admin = services.accounts.authenticate("admin", "demo")
    names = []
    for summary in services.cases.list_cases(admin, CaseQuery(), 5):
        record = services.cases.open_case(admin, summary.id, REASON).record
        names += [person.name for person in record.persons if len(person.name) > 5]
    return names


@pytest.fixture
def encrypted(tmp_path: Path, clock: Clock) -> tuple[Path, list[str]]:
    """A new embedded database with demo cases, closed; and victims' names typed in it."""
    path = tmp_path / "station.sqlite3"
    services = open_at(path, clock)
    services.demo.fill(5)
    names = victim_names(services)
    services.close()
    assert names
    return path, names


def test_a_new_database_is_encrypted_and_its_raw_bytes_hold_no_name(
    encrypted: tuple[Path, list[str]],
) -> None:
    path, names = encrypted
    assert file_state(path) == "encrypted"
    raw = b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*"))  # -wal too
    assert b"SQLite format 3" not in raw
    for name in names:
        assert name.encode() not in raw


@pytest.mark.parametrize("module", [sqlite3, sqlcipher3.dbapi2], ids=["stdlib", "sqlcipher"])
def test_without_the_key_the_file_is_not_a_database(
    encrypted: tuple[Path, list[str]], module: object
) -> None:
    connection = module.connect(str(encrypted[0]))  # type: ignore[attr-defined]
    with pytest.raises(module.DatabaseError, match="file is not a database"):  # type: ignore[attr-defined]
        connection.execute("SELECT count(*) FROM cases").fetchall()
    connection.close()


def test_with_the_kept_key_it_opens(encrypted: tuple[Path, list[str]], clock: Clock) -> None:
    path, names = encrypted
    key = DatabaseKeys().load(path)
    assert key is not None
    connection = sqlcipher3.dbapi2.connect(str(path))
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    assert connection.execute("SELECT count(*) FROM cases").fetchone()[0] == 5
    connection.close()
    services = open_at(path, clock)
    assert victim_names(services) == names
    services.close()


def test_a_wrong_key_is_said_in_words_without_the_key(
    encrypted: tuple[Path, list[str]], clock: Clock
) -> None:
    path, _names = encrypted
    engine = make_engine(f"sqlite:///{path}", key=b"\x01" * 32)
    with pytest.raises(DatabaseKeyError, match="the database key does not open this file"):
        engine.connect()
    engine.dispose()
    right = DatabaseKeys().load(path)
    assert right is not None
    DatabaseKeys().save(path, b"\x02" * 32)
    with pytest.raises(DatabaseKeyProblem, match="does not open the file") as refused:
        open_at(path, clock)
    assert right.hex() not in str(refused.value)
    assert (b"\x02" * 32).hex() not in str(refused.value)


def test_the_key_file_is_the_accounts_only_and_refused_if_others_can_read_it(
    encrypted: tuple[Path, list[str]], clock: Clock
) -> None:
    path, _names = encrypted
    keys = DatabaseKeys()
    key_file = keys.key_file(path)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys.folder.stat().st_mode) == 0o700
    key_file.chmod(0o644)
    with pytest.raises(DatabaseKeyProblem, match="can be read by other accounts"):
        open_at(path, clock)


def test_the_key_is_never_in_the_database(encrypted: tuple[Path, list[str]], clock: Clock) -> None:
    path, _names = encrypted
    key = DatabaseKeys().load(path)
    assert key is not None
    services = open_at(path, clock)
    admin = services.accounts.authenticate("admin", "demo")
    services.encryption.recovery_sheet(admin, "en")
    with services.backend.reading() as session:
        details = [str(event.details) for event in session.scalars(select(AuditEvent))]
    services.close()
    assert not any(key.hex() in detail for detail in details)
    assert any(key_id(key) in detail for detail in details)


def test_the_stdlib_sqlite_creates_no_plain_database_and_opens_no_encrypted_one(
    encrypted: tuple[Path, list[str]], tmp_path: Path, clock: Clock
) -> None:
    with pytest.raises(DatabaseKeyProblem, match="cannot encrypt"):
        open_at(tmp_path / "new.sqlite3", clock, sqlite_driver="stdlib")
    assert file_state(tmp_path / "new.sqlite3") == "new"
    with pytest.raises(DatabaseKeyProblem, match="cannot encrypt"):
        open_at(encrypted[0], clock, sqlite_driver="stdlib")


# ---------------------------------------------------------------- a plain database is encrypted


@pytest.fixture
def plain(tmp_path: Path, sqlite_template: Path, clock: Clock) -> Path:
    path = tmp_path / "first-release.sqlite3"
    shutil.copy(sqlite_template, path)
    services = open_at(path, clock)
    services.demo.fill(8)
    services.close()
    assert file_state(path) == "plain"
    return path


def test_encrypting_keeps_every_case_and_the_audit_chain(plain: Path, clock: Clock) -> None:
    services = open_at(plain, clock)
    admin = services.accounts.authenticate("admin", "demo")
    names = victim_names(services)
    before = services.audit.verify(admin, None).count
    services.encryption.encrypt(admin)
    services.close()
    assert file_state(plain) == "encrypted"
    assert not plain.with_name(plain.name + "-wal").exists()
    raw = plain.read_bytes()
    assert all(name.encode() not in raw for name in names)
    reopened = open_at(plain, clock)
    admin = reopened.accounts.authenticate("admin", "demo")
    assert victim_names(reopened) == names
    report = reopened.audit.verify(admin, None)
    assert report.intact
    assert report.count > before  # the reads above, the sign-ins and the encryption itself
    with reopened.backend.reading() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
    assert "database_encrypt" in actions
    assert len(reopened.cases.list_cases(admin, CaseQuery(), 100)) == 8
    reopened.close()


@pytest.mark.parametrize("username", ["officer", "supervisor"])
def test_only_an_administrator_encrypts_or_prints_the_sheet_and_a_refusal_is_audited(
    plain: Path, clock: Clock, username: str
) -> None:
    services = open_at(plain, clock)
    actor = services.accounts.authenticate(username, "demo")
    before = plain.read_bytes()
    with pytest.raises(PermissionDenied):
        services.encryption.encrypt(actor)
    with pytest.raises(PermissionDenied):
        services.encryption.recovery_sheet(actor, "en")
    with services.backend.reading() as session:
        refusals = list(
            session.scalars(select(AuditEvent.details).where(AuditEvent.action == "refused"))
        )
    services.close()
    assert file_state(plain) == "plain"
    assert plain.read_bytes()[:100] == before[:100]
    assert DatabaseKeys().load(plain) is None
    calls = [str(details) for details in refusals]
    assert any("EncryptionService.encrypt" in call for call in calls)
    assert any("EncryptionService.recovery_sheet" in call for call in calls)


def test_a_deactivated_administrator_may_not_encrypt(plain: Path, clock: Clock) -> None:
    services = open_at(plain, clock)
    admin = services.accounts.authenticate("admin", "demo")
    with services.backend.transaction() as session:
        from app.storage.tables import User  # noqa: PLC0415

        row = session.get(User, admin.user_id)
        assert row is not None
        row.active = False
    from app.services.errors import SessionEnded  # noqa: PLC0415

    with pytest.raises(SessionEnded):
        services.encryption.encrypt(admin)
    services.close()
    assert file_state(plain) == "plain"


def test_the_recovery_sheet_prints_the_key_by_lines_with_check_letters(
    encrypted: tuple[Path, list[str]], clock: Clock
) -> None:
    path, _names = encrypted
    key = DatabaseKeys().load(path)
    assert key is not None
    services = open_at(path, clock)
    pdf = services.encryption.recovery_sheet(services.accounts.authenticate("admin", "demo"), "fi")
    services.close()
    text = "".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(pdf)).pages)
    for line, check in sheet_lines(key):
        assert line in text
        assert check in text
    assert key_id(key) in text


def test_postgresql_has_no_key_to_print(postgresql_services: Services) -> None:
    """On PostgreSQL the server's disk and TLS are the protection (README); no file key."""
    postgresql_services.demo.fill(1)
    admin = postgresql_services.accounts.authenticate("admin", "demo")
    assert postgresql_services.encryption.state() == "server"
    with pytest.raises(DatabaseKeyProblem, match="not an encrypted file"):
        postgresql_services.encryption.recovery_sheet(admin, "en")


# ---------------------------------------------------------------- a new computer


def test_a_copied_database_opens_once_its_key_is_restored(
    encrypted: tuple[Path, list[str]], tmp_path: Path, clock: Clock
) -> None:
    path, names = encrypted
    key = DatabaseKeys().load(path)
    assert key is not None
    new_machine = tmp_path / "new-machine"
    new_machine.mkdir()
    copy = new_machine / "station.sqlite3"
    shutil.copy(path, copy)
    with pytest.raises(DatabaseKeyProblem, match="restore-key"):
        open_at(copy, clock)
    url = f"sqlite:///{copy}"
    with pytest.raises(DatabaseKeyProblem, match="does not open"):
        restore_key(url, b"\x03" * 32, DatabaseKeys())
    assert DatabaseKeys().load(copy) is None
    typed = "".join(parse_sheet_line(f"{line}  {check}") or "" for line, check in sheet_lines(key))
    restore_key(url, bytes.fromhex(typed), DatabaseKeys())
    services = open_at(copy, clock)
    assert victim_names(services) == names
    services.close()


def test_a_mistyped_sheet_line_is_caught_by_its_check_letters() -> None:
    line, check = sheet_lines(bytes(range(32)))[0]
    assert parse_sheet_line(f"{line} {check}") == line.replace(" ", "")
    wrong = ("f" if line[0] != "f" else "e") + line[1:]
    assert parse_sheet_line(f"{wrong} {check}") is None


@given(st.text(max_size=120))
def test_any_typed_key_is_either_32_bytes_or_refused(typed: str) -> None:
    key = parse_key(typed)
    assert key is None or len(key) == 32
    assert parse_sheet_line(typed) is None or len(parse_sheet_line(typed) or "") == 16


def test_keys_of_two_files_of_one_name_differ(tmp_path: Path) -> None:
    keys = DatabaseKeys()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert keys.key_file(tmp_path / "a" / "x.sqlite3") != keys.key_file(
        tmp_path / "b" / "x.sqlite3"
    )
    assert os.environ["PROXIMITY_DESK_DB_KEYS"] in str(keys.folder)
