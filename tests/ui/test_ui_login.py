"""The sign-in window: success, refusals shown inline, lockout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.services import Services
from app.ui.login import LoginDialog


def make_login(qtbot: QtBot, services: Services | None) -> LoginDialog:
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    if services is not None:
        dialog.set_services(services)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def sign_in(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_sign_in_waits_for_the_database(qtbot: QtBot) -> None:
    dialog = make_login(qtbot, None)
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.status.text() == "Opening the database…"
    assert dialog.status.isVisible()


def test_sign_in_succeeds(qtbot: QtBot, fresh_demo: Services) -> None:
    dialog = make_login(qtbot, fresh_demo)
    assert dialog.sign_in_button.isEnabled()
    assert not dialog.status.isVisible()
    with qtbot.waitSignal(dialog.signed_in) as signal:
        sign_in(qtbot, dialog, "officer", "demo")
    actor = signal.args[0]
    assert actor.username == "officer"
    assert actor.station_code == "LIS-01"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""


def test_enter_signs_in(qtbot: QtBot, fresh_demo: Services) -> None:
    dialog = make_login(qtbot, fresh_demo)
    dialog.username.setText("supervisor")
    dialog.password.setText("demo")
    dialog.password.setFocus()
    with qtbot.waitSignal(dialog.signed_in) as signal:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert signal.args[0].username == "supervisor"


REFUSED = (
    "Wrong user name or password, or the account is locked. After 5 wrong passwords an account"
    " is locked for 15 minutes; an administrator can help sooner."
)


def test_wrong_password_is_said_inline_and_the_user_name_kept(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    dialog = make_login(qtbot, fresh_demo)
    with qtbot.assertNotEmitted(dialog.signed_in):
        sign_in(qtbot, dialog, "officer", "wrong")
    assert dialog.error.isVisible()
    assert dialog.error.text() == REFUSED
    assert dialog.username.text() == "officer"
    assert dialog.password.text() == ""
    assert dialog.isVisible()
    assert dialog.findChildren(QMessageBox) == []
    # A later success clears the message.
    sign_in(qtbot, dialog, "officer", "demo")
    assert not dialog.error.isVisible()


def test_unknown_user_gets_the_same_message(qtbot: QtBot, fresh_demo: Services) -> None:
    dialog = make_login(qtbot, fresh_demo)
    sign_in(qtbot, dialog, "nobody", "demo")
    assert dialog.error.text() == REFUSED


def test_five_wrong_passwords_lock_the_account(qtbot: QtBot, fresh_demo: Services) -> None:
    dialog = make_login(qtbot, fresh_demo)
    for _ in range(5):
        sign_in(qtbot, dialog, "officer", "wrong")
        assert dialog.error.text() == REFUSED
    # Locked: even the right password is refused, with the same words as for a name that does
    # not exist, so that nobody learns which names do.
    with qtbot.assertNotEmitted(dialog.signed_in):
        sign_in(qtbot, dialog, "officer", "demo")
    assert dialog.error.text() == REFUSED
    assert "locked" in REFUSED
    assert dialog.username.text() == "officer"


def test_database_failure_is_shown_in_the_window(qtbot: QtBot) -> None:
    dialog = make_login(qtbot, None)
    dialog.set_failed("The database could not be opened (no such host).")
    assert dialog.status.text() == "The database could not be opened."
    assert "no such host" in dialog.error.text()
    assert not dialog.sign_in_button.isEnabled()


def test_demo_banner_and_station(qtbot: QtBot) -> None:
    dialog = make_login(qtbot, None)
    assert dialog.banner is None
    assert "DEMO" not in dialog.windowTitle()
    dialog.set_demo(True)
    assert dialog.banner is not None
    assert dialog.banner.isVisible()
    assert "password demo" in dialog.banner.text()
    assert dialog.windowTitle().endswith("— DEMO")
    dialog.set_station("Lisbon <Centre>")
    assert dialog.station_label.isVisible()
    assert dialog.station_label.text() == "Station: Lisbon <Centre>"
    assert dialog.station_label.textFormat() == Qt.TextFormat.PlainText
