"""The draft journal (app.services.journal) and what the program does with one left at sign-in:
saved with the version check; a file it cannot read is set aside and named, nothing saved."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.context import Actor
from app.services.database_keys import DatabaseKeys
from app.services.journal import JOURNAL_ENV, SET_ASIDE, DraftJournal, JournalEntry, journal_for
from app.ui.wizard.offline import save_left_journal

TYPED = "Behind the mosque on Kaisaniemenkatu, two men"


def _entry(services: Services, officer: Actor, place: str = TYPED) -> JournalEntry:
    opened = services.cases.create_draft(officer)
    return JournalEntry(opened.id, opened.version, "incident", replace(opened.record, place=place))


def test_a_journal_left_at_sign_in_is_saved_and_removed(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOURNAL_ENV, str(tmp_path / "journal"))
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    entry = _entry(fresh_demo, officer)
    journal = journal_for(fresh_demo.backend.engine)
    path = journal.write(officer, entry)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert TYPED.encode() not in path.read_bytes()
    assert list(path.parent.iterdir()) == [path]  # no staging file left
    # Another user of this computer is not offered it, and it stays for its own user.
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    assert journal.entries(supervisor) == ([], [])
    assert journal.entry(supervisor, entry.case_id) is None
    assert path.exists()

    parent = QWidget()
    qtbot.addWidget(parent)
    box = save_left_journal(parent, fresh_demo, officer)
    assert box is not None
    assert "saved now" in box.text()
    assert TYPED not in box.text()
    assert not path.exists()
    saved = fresh_demo.cases.open_for_editing(officer, entry.case_id, "check")
    assert saved.record.place == TYPED
    assert saved.wizard_step == "incident"
    assert save_left_journal(parent, fresh_demo, officer) is None  # nothing left


def test_a_journal_that_meets_a_newer_version_is_kept_and_the_conflict_told(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOURNAL_ENV, str(tmp_path / "journal"))
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    entry = _entry(fresh_demo, officer)
    path = journal_for(fresh_demo.backend.engine).write(officer, entry)
    fresh_demo.cases.save_draft(
        officer, entry.case_id, entry.version, replace(entry.record, place="Theirs")
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    box = save_left_journal(parent, fresh_demo, officer)
    assert box is not None
    assert "kept on this computer" in box.text()
    assert path.exists()  # both versions kept
    assert fresh_demo.cases.open_for_editing(officer, entry.case_id, "c").record.place == "Theirs"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["random", "truncated", "other_key", "flipped"]),
    noise=st.binary(min_size=0, max_size=3000),
    cut=st.integers(min_value=0, max_value=4095),
)
def test_a_garbage_journal_file_is_set_aside_and_told_nothing_saved(
    qtbot: QtBot,
    fresh_demo: Services,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    noise: bytes,
    cut: int,
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="journal-garbage-"))
    monkeypatch.setenv(JOURNAL_ENV, str(folder))
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    opened = fresh_demo.cases.create_draft(officer)
    entry = JournalEntry(opened.id, opened.version, "incident", replace(opened.record, place=TYPED))
    journal = journal_for(fresh_demo.backend.engine)
    path = journal.path(officer, opened.id)
    if kind == "other_key":  # made on another computer, or the key since lost
        keys = DatabaseKeys(Path(tempfile.mkdtemp(prefix="other-keys-")))
        other = DraftJournal(
            fresh_demo.backend.engine.url.render_as_string(hide_password=True), folder, keys
        )
        other.write(officer, entry)
        journal._key(create=True)  # this computer has a key of its own
    elif kind == "random":
        journal._key(create=True)
        folder.mkdir(exist_ok=True)
        path.write_bytes(noise)
    else:
        content = bytearray(journal.write(officer, entry).read_bytes())
        if kind == "truncated":
            content = content[: cut % max(len(content), 1)]
        else:
            for i, byte in enumerate(noise[:64] or b"\x01"):
                content[(cut + i * 61) % len(content)] ^= byte or 1
        path.write_bytes(bytes(content))
    parent = QWidget()
    qtbot.addWidget(parent)

    box = save_left_journal(parent, fresh_demo, officer)  # no traceback, whatever the bytes

    assert box is not None
    assert "cannot be read" in box.text()
    assert TYPED not in box.text()
    assert not path.exists()
    assert path.with_name(path.name + SET_ASIDE).exists()  # kept aside for an administrator
    after = fresh_demo.cases.open_for_editing(officer, opened.id, "check")
    assert after.version == opened.version  # nothing half-written
    assert after.record.place == opened.record.place
    box.close()
    for leftover in folder.iterdir():
        os.unlink(leftover)
    folder.rmdir()
