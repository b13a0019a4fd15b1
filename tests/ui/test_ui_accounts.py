"""The Accounts view and the password dialogs, driven with the keyboard alone; the sign-in of a
user whose password was reset goes through the change-password dialog first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.case import Role
from app.services import Services
from app.ui.accounts.password import PasswordDialog
from app.ui.accounts.view import AccountDialog, AccountsView
from app.ui.main_window import MainWindow
from app.ui.startup import Startup
from tests.ui.test_ui_startup import make_startup

ADMIN_PW = "a station passphrase"
PW = "a patrol passphrase"


def desk(services: Services) -> Services:
    services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon Centre", username="admin",
        full_name="Rita Fonseca", password=ADMIN_PW,
    )  # fmt: skip
    admin = services.accounts.authenticate("admin", ADMIN_PW)
    services.accounts.add_user(
        admin, username="ana", full_name="Ana Ribeiro", role=Role.OFFICER, password=PW,
        station_code="LIS-01",
    )  # fmt: skip
    return services


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, done: Callable[[], bool]) -> None:
    """Alt+key, the button's mnemonic, in the active window; a mnemonic clicks after a flash."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(done)


def test_the_keyboard_adds_deactivates_and_resets(qtbot: QtBot, sqlite_services: Services) -> None:
    services = desk(sqlite_services)
    admin = services.accounts.authenticate("admin", ADMIN_PW)
    view = AccountsView(services, admin, demo=False)
    qtbot.addWidget(view)
    view.show()
    assert [u.username for u in view.users] == ["admin", "ana"]
    assert view.table.item(1, 2).text() == "Officer"

    press(qtbot, view, Qt.Key.Key_A, lambda: view.dialog is not None)
    dialog = view.dialog
    assert isinstance(dialog, AccountDialog)
    qtbot.keyClicks(dialog.username, "eve")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.full_name, "Eve Costa")
    dialog.full_name.setFocus()
    for widget, text in ((dialog.password, "password1234"), (dialog.repeat, "password1234")):
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)  # refused: a common password
    assert "common passwords" in dialog.error.text()
    assert dialog.isVisible()
    for widget in (dialog.password, dialog.repeat):
        widget.clear()
        qtbot.keyClicks(widget, "a harbour passphrase")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert len(view.users) == 3
    assert services.accounts.authenticate("eve", "a harbour passphrase").role is Role.OFFICER

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Home)
    press(qtbot, view, Qt.Key.Key_D, lambda: "your own account" in view.error.text())  # oneself
    assert "your own account" in view.error.text()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.selected().username == "ana"  # type: ignore[union-attr]
    press(qtbot, view, Qt.Key.Key_D, lambda: view.table.item(1, 4).text() == "No")
    assert view.table.item(1, 4).text() == "No"
    assert view.active_button.text() == "&Reactivate"
    press(qtbot, view, Qt.Key.Key_R, lambda: view.table.item(1, 4).text() == "Yes")
    assert view.table.item(1, 4).text() == "Yes"

    view.dialog = None
    press(qtbot, view, Qt.Key.Key_P, lambda: view.dialog is not None)
    dialog = view.dialog
    assert isinstance(dialog, PasswordDialog)
    qtbot.keyClicks(dialog.new, "a temporary passphrase")
    qtbot.keyClick(dialog.new, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.repeat, "a temporary passphrase")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert view.table.item(1, 6).text() == "Yes"


def test_only_administrators_see_the_view(sqlite_services: Services) -> None:
    services = desk(sqlite_services)
    assert AccountsView.shown_to(services.accounts.authenticate("admin", ADMIN_PW))
    assert not AccountsView.shown_to(services.accounts.authenticate("ana", PW))


def test_after_a_reset_the_sign_in_asks_for_a_new_password_first(
    qtbot: QtBot, tmp_path: Path, services_at: Callable[[Path], Services]
) -> None:
    path = tmp_path / "reset.db"
    services = desk(services_at(path))
    admin = services.accounts.authenticate("admin", ADMIN_PW)
    services.accounts.reset_password(admin, "ana", "a temporary passphrase")
    startup: Startup = make_startup(qtbot, tmp_path, opener=lambda: services_at(path))
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=10_000)
        login.username.setText("ana")
        login.password.setText("a temporary passphrase")
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        dialog = startup.password_dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert dialog.isVisible()
        assert startup.main_window is None
        qtbot.keyClicks(dialog.old, "a temporary passphrase")
        qtbot.keyClick(dialog.old, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.new, "my own long passphrase")
        qtbot.keyClick(dialog.new, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.repeat, "my own long passphrase")
        with qtbot.waitSignal(startup.main_window_shown) as shown:
            qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        window = shown.args[0]
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert not services.accounts.authenticate(
            "ana", "my own long passphrase"
        ).must_change_password
    finally:
        startup.shutdown()
        services.close()
