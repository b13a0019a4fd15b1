"""The wizard's autosave when the database is busy: what was typed stays, the save comes later."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import argon2
import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services import Services, open_services
from app.services.context import Actor
from app.services.database_keys import DatabaseKeys
from app.storage.engine import key_pragma, sqlite_module  # the program's SQLite: locks must meet
from app.ui.case_list.model import COUNTING
from app.ui.wizard import wizard as wizard_module
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.wizard import CaseWizard

TYPED = "Largo do Intendente, by the fountain"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "busy.sqlite3"


@pytest.fixture
def impatient(db_path: Path) -> Iterator[Services]:
    """Services on a SQLite file that wait only a tenth of a second for a lock."""
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    services = open_services(f"sqlite:///{db_path}", hasher=hasher, lock_timeout_ms=100)
    services.demo.fill(3)
    yield services
    COUNTING.waitForDone()
    services.close()


@pytest.fixture(autouse=True)
def _no_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """Being busy is said in the wizard's status, not in a box the officer must click away."""

    def unexpected(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(unexpected))


def test_a_busy_database_keeps_what_was_typed_and_the_save_is_retried(
    qtbot: QtBot, impatient: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wizard_module, "RETRY_MS", 50)
    officer: Actor = impatient.accounts.authenticate("officer", "demo")
    opened = impatient.cases.create_draft(officer)
    wizard = CaseWizard(impatient, officer, opened)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    while not isinstance(wizard.currentPage(), IncidentPage):
        wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, IncidentPage)

    other_program = sqlite_module().connect(db_path, isolation_level=None)
    key = DatabaseKeys().load(Path(db_path))  # the program's new database is encrypted
    assert key is not None
    other_program.execute(key_pragma(key))
    other_program.execute("BEGIN IMMEDIATE")  # holds the write lock past the timeout
    page.place.setText(TYPED)
    assert not wizard.save_now()
    status = wizard.status.text()
    assert "database busy" in status
    assert "trying again" in status
    assert "SQLITE_BUSY" in wizard.status.toolTip()
    assert wizard.record().place == TYPED  # nothing typed is lost
    assert page.place.text() == TYPED
    # The retry meets the lock still held: busy again, still kept.
    qtbot.wait(150)
    assert "database busy" in wizard.status.text()

    other_program.execute("ROLLBACK")
    other_program.close()
    qtbot.waitUntil(lambda: wizard.status.text().startswith("Draft saved"), timeout=3000)
    assert wizard.status.toolTip() == ""
    saved = impatient.cases.open_case(officer, opened.id, "check")
    assert saved.record.place == TYPED
    assert saved.version == wizard.version
