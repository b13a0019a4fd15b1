"""Fixtures for the end-to-end tests: a demo station of its own per test (cheap password
hashing), the officer signed in, and the main window shown on a 1366x768 screen, in the locale
the real program sets for English. Also the few gestures every walk through the wizard needs:
typing a date and time into a date field, ticking pack items in a list, choosing in a combo."""

from __future__ import annotations

import os

# Before any QApplication exists: without a display pytest-qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QListWidget,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app import i18n
from app.domain.case import CaseStatus
from app.services import Services, open_services
from app.services.context import Actor
from app.ui.case_list.model import COUNTING
from app.ui.main_window import MainWindow
from app.ui.widgets.dates import TypedDateField
from app.ui.wizard.base import ITEM_ID
from app.ui.wizard.wizard import CaseWizard
from tests.conftest import CHEAP_HASHER

DEMO_CASES = 20
SCREEN = (1366, 768)
LANGUAGE = "en"
LATIN_1_MAX = 0xFF


@pytest.fixture(autouse=True, scope="session")
def _english() -> None:
    i18n.set_language(LANGUAGE)


@pytest.fixture(autouse=True)
def _program_locale() -> Iterator[None]:
    """The locale the real program sets for its language (app/main.py), so dates are shown and
    typed as an officer working in English sees them; the session's default comes back after."""
    before = QLocale()
    QLocale.setDefault(QLocale(LANGUAGE))
    yield
    QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def _no_blocking_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blocking message box fails the test instead of waiting for a click forever."""

    def unexpected(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(unexpected))


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Services]:
    """A demo database of this test alone: stations, users, the sample directory, 20 cases."""
    services = open_services(f"sqlite:///{tmp_path}/e2e.sqlite3", hasher=CHEAP_HASHER)
    services.demo.fill(DEMO_CASES)
    yield services
    COUNTING.waitForDone()  # no count may run on a closed database
    services.close()


@pytest.fixture
def officer(station: Services) -> Actor:
    """Ana Ribeiro, officer at LIS-01, signed in with her demo password."""
    return station.accounts.authenticate("officer", "demo")


@pytest.fixture
def main_window(qtbot: QtBot, station: Services, officer: Actor) -> Iterator[MainWindow]:
    """The main window as the officer sees it after signing in, on a 1366x768 screen."""
    window = MainWindow(station, officer)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    yield window
    # A wizard still open is saved and closed before the window and the database go.
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CaseWizard) and widget.isVisible():
            widget.close()
    window.close()
    COUNTING.waitForDone()


# ---------------------------------------------------------------------- after Submit


def closed(window: QWidget) -> bool:
    """Whether a window (deleted when closed, as the wizard is) is gone from the screen."""
    return not isValid(window) or not window.isVisible()


def shown_as_submitted(qtbot: QtBot, window: MainWindow, reference: str) -> None:
    """The main window's list shows the case as submitted, and the status bar says so."""
    model = window.case_list.model

    def listed() -> bool:
        rows = (model.case_at(row) for row in range(model.rowCount()))
        return any(c.reference == reference and c.status is CaseStatus.SUBMITTED for c in rows)

    qtbot.waitUntil(listed)
    assert window.statusBar().currentMessage() == f"Case {reference} was submitted for review."


# ---------------------------------------------------------------------- gestures


def local_minute(when: datetime) -> datetime:
    """`when` as a date field shows it: local time, to the minute."""
    return when.astimezone().replace(second=0, microsecond=0)


def typed_text(field: TypedDateField, when: datetime) -> str:
    """`when` as the officer types it: as the screen language writes it, local time, to the
    minute."""
    local = local_minute(when).replace(tzinfo=None)
    return field.locale().toString(QDateTime(local), field.displayFormat())


def type_datetime(qtbot: QtBot, field: TypedDateField, when: datetime) -> None:
    """Types `when` into the date field that has the keyboard focus, whole, as the screen
    language writes it: what the field showed is selected on the way in, so it is replaced."""
    assert field.hasFocus(), "type into the field that has the focus"
    type_text(qtbot, field, typed_text(field, when))
    assert field.hasFocus()


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Types `text` into `widget` key by key. QTest only knows ASCII keys, so a letter such as
    "ã" or "ç" is sent as the key event a Portuguese keyboard gives: its Latin-1 key code, and
    the letter as the event's text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        code = ord(char.upper())
        key = Qt.Key(code) if code <= LATIN_1_MAX else Qt.Key.Key_unknown
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, char, Qt.KeyboardModifier.NoModifier)


def tick(qtbot: QtBot, view: QListWidget, *ids: str) -> None:
    """Ticks pack items (by id) in a list from the keyboard: Home, Down to the item, Space."""
    view.setFocus()
    for wanted in ids:
        qtbot.keyClick(view, Qt.Key.Key_Home)
        for _row in range(view.count()):
            item = view.currentItem()
            if item is not None and item.data(ITEM_ID) == wanted:
                break
            qtbot.keyClick(view, Qt.Key.Key_Down)
        item = view.currentItem()
        assert item is not None
        assert item.data(ITEM_ID) == wanted, f"{wanted} is not in the list"
        assert item.checkState() == Qt.CheckState.Unchecked
        qtbot.keyClick(view, Qt.Key.Key_Space)
        assert item.checkState() == Qt.CheckState.Checked, f"Space did not tick {wanted}"


def choose(qtbot: QtBot, combo: QComboBox, data: object) -> None:
    """Chooses the entry holding `data` in a (not editable) combo box with the arrow keys, as
    the officer picks it: the combo's `activated` follows, as for a real choice."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _row in range(combo.count()):
        if combo.currentData() == data:
            break
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data, f"{data!r} is not offered"
