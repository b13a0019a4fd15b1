"""First start on a new, encrypted database: after the administrator is created, the recovery
sheet must be acknowledged before the program goes on. Driven with the keyboard."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import i18n
from app.services import Services, open_services
from app.ui.first_start import FirstStartDialog
from app.ui.recovery_sheet import RecoverySheetDialog
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock
from tests.ui.conftest import make_services
from tests.ui.test_ui_first_start import fill, make_dialog
from tests.ui.test_ui_startup import make_startup

SHOTS = Path(os.environ.get("PROXIMITY_DESK_SHOTS", "/tmp/h13h"))


@pytest.fixture
def new_services(tmp_path: Path, clock: Clock) -> Iterator[Services]:
    services = open_services(
        f"sqlite:///{tmp_path / 'new.sqlite3'}", clock=clock, hasher=CHEAP_HASHER
    )
    yield services
    services.close()


def set_up(qtbot: QtBot, services: Services) -> tuple[FirstStartDialog, RecoverySheetDialog]:
    dialog = make_dialog(qtbot, services)
    fill(dialog)
    dialog.password.setFocus()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.recovery_sheet is not None and dialog.recovery_sheet.isVisible())
    sheet = dialog.recovery_sheet
    assert isinstance(sheet, RecoverySheetDialog)
    return dialog, sheet


def test_the_recovery_sheet_must_be_acknowledged_with_the_keyboard(
    qtbot: QtBot, new_services: Services
) -> None:
    assert new_services.encryption.state() == "encrypted"
    dialog, sheet = set_up(qtbot, new_services)
    assert not new_services.accounts.needs_setup()  # the administrator exists already
    qtbot.keyClick(sheet, Qt.Key.Key_Escape)
    assert sheet.isVisible()  # not before it is acknowledged
    assert not sheet.continue_button.isEnabled()
    # Open the sheet from the keyboard: the preview shows one page.
    assert sheet.open_button.hasFocus() or sheet.focusWidget() is sheet.open_button
    qtbot.keyClick(sheet.open_button, Qt.Key.Key_Space)
    assert sheet.preview is not None
    assert sheet.preview.page_count() == 1
    sheet.preview.close()
    sheet.activateWindow()
    qtbot.waitUntil(sheet.isActiveWindow)
    qtbot.keyClick(sheet.focusWidget(), Qt.Key.Key_Tab)
    assert sheet.focusWidget() is sheet.done_box
    qtbot.keyClick(sheet.done_box, Qt.Key.Key_Space)
    assert sheet.done_box.isChecked()
    with qtbot.waitSignal(dialog.set_up_done):
        qtbot.keyClick(sheet.done_box, Qt.Key.Key_Return)
    assert not sheet.isVisible()


def test_on_a_plain_database_no_sheet_is_asked(qtbot: QtBot, empty_services: Services) -> None:
    assert empty_services.encryption.state() == "plain"
    dialog = make_dialog(qtbot, empty_services)
    fill(dialog)
    with qtbot.waitSignal(dialog.set_up_done):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.recovery_sheet is None


@pytest.mark.parametrize("code", ["en", "fi"])
def test_screenshot(qtbot: QtBot, new_services: Services, code: str) -> None:
    i18n.set_language(code)
    _dialog, sheet = set_up(qtbot, new_services)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert sheet.grab().save(str(SHOTS / f"recovery-sheet-{code}.png"))


@pytest.mark.parametrize("plain", [True, False], ids=["plain", "encrypted"])
def test_the_sign_in_window_says_how_to_encrypt_a_plain_database(
    qtbot: QtBot, tmp_path: Path, sqlite_template: Path, plain: bool
) -> None:
    path = tmp_path / "station.db"
    if plain:
        shutil.copy(sqlite_template, path)

    def opener() -> Services:
        services = make_services(path)
        services.demo.fill(3)
        return services

    startup = make_startup(qtbot, tmp_path, opener=opener)
    try:
        startup.start()
        qtbot.waitUntil(startup.login.sign_in_button.isEnabled, timeout=10_000)
        shown = startup.login.status.isVisible() and "db encrypt" in startup.login.status.text()
        assert shown == plain
    finally:
        startup.shutdown()
