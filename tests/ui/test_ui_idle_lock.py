"""The idle lock, by keyboard: it comes after the idle time, the wizard's typing is saved first,
nothing of a case stays on screen, the password restores the same screen, another user signs the
locked session out and its draft stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import Settings
from app.services import Services
from app.storage.tables import User
from app.ui.lock import LockScreen
from app.ui.main_window import MainWindow
from app.ui.startup import Startup
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.wizard import CaseWizard
from tests.ui.keyboard_checks import assert_unique, mnemonic

PLACE = "Rua Augusta 10, second floor"
SHOTS = Path("/tmp/h13d")


def typing_in_a_wizard(qtbot: QtBot, window: MainWindow) -> tuple[CaseWizard, str]:
    wizard = window.new_case()
    assert wizard is not None
    while not isinstance(wizard.currentPage(), IncidentPage):
        wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, IncidentPage)
    page.place.setFocus()
    qtbot.keyClicks(page.place, PLACE)  # typed; the autosave is still pending
    return wizard, wizard.record().reference


def saved_place(services: Services, reference: str) -> str:
    supervisor = services.accounts.authenticate("supervisor", "demo")
    case_id, _version = services.cases.locate(supervisor, reference)
    return services.cases.open_case(supervisor, case_id, "check").record.place


def shown_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def texts_of(window: QWidget) -> str:
    parts = [label.text() for label in window.findChildren(QLabel)]
    parts += [field.text() for field in window.findChildren(QLineEdit)]
    return " ".join([*parts, window.windowTitle()])


def failed_logins(services: Services, username: str) -> int:
    with services.backend.reading() as session:
        count = session.scalar(select(User.failed_logins).where(User.username == username))
        assert count is not None
        return count


def type_and_enter(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_lock_saves_hides_and_the_password_restores(qtbot: QtBot, fresh_demo: Services) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    window = MainWindow(fresh_demo, officer, idle_lock_ms=400)
    qtbot.addWidget(window)
    window.show()
    wizard, reference = typing_in_a_wizard(qtbot, window)
    typed_in = QApplication.focusWidget()
    qtbot.waitUntil(window.idle_lock.is_locked, timeout=5_000)

    # The typing is in the database, and nothing of the case is on screen.
    assert saved_place(fresh_demo, reference) == PLACE
    screen = window.idle_lock.screen
    assert isinstance(screen, LockScreen)
    assert shown_windows() == [screen]
    assert "Locked: Ana Ribeiro's session" in texts_of(screen)
    assert PLACE not in texts_of(screen)
    assert reference not in texts_of(screen)
    SHOTS.mkdir(exist_ok=True)
    assert screen.grab().save(str(SHOTS / "lock-en.png"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.password, timeout=3_000)

    # A wrong password does not unlock, and counts toward the lock-out.
    type_and_enter(qtbot, screen.password, "wrong")
    assert window.idle_lock.is_locked()
    assert screen.unlock_error.isVisible()
    assert "Wrong user name or password" in screen.unlock_error.text()
    assert screen.password.text() == ""
    assert failed_logins(fresh_demo, "officer") == 1
    assert shown_windows() == [screen]

    # The right one: the same screen, the same typing, the keyboard where it was.
    type_and_enter(qtbot, screen.password, "demo")
    assert not window.idle_lock.is_locked()
    assert window.isVisible()
    assert wizard.isVisible()
    page = wizard.currentPage()
    assert isinstance(page, IncidentPage)
    assert page.place.text() == PLACE
    assert QApplication.focusWidget() is typed_in
    assert failed_logins(fresh_demo, "officer") == 0
    admin = fresh_demo.accounts.authenticate("admin", "demo")
    actions = [e.action for e in fresh_demo.audit.entries(admin, limit=8)]
    assert {"session_locked", "session_unlocked", "login_failed"} <= set(actions)


def test_input_before_the_idle_time_keeps_it_unlocked(qtbot: QtBot, fresh_demo: Services) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    window = MainWindow(fresh_demo, officer, idle_lock_ms=500)
    qtbot.addWidget(window)
    window.show()
    for _ in range(8):  # 1.6 s of typing, never 0.5 s without
        qtbot.keyClick(window.case_list.search, Qt.Key.Key_X)
        qtbot.wait(200)
    assert not window.idle_lock.is_locked()
    qtbot.waitUntil(window.idle_lock.is_locked, timeout=5_000)


def test_a_modal_question_does_not_stay_over_the_lock(qtbot: QtBot, fresh_demo: Services) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    window = MainWindow(fresh_demo, officer, idle_lock_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    box = window.offer_resume() or window.print_leaflet()
    assert box.isVisible()
    screen = window.idle_lock.lock()
    assert shown_windows() == [screen]
    window.open_directory()  # a window opened while locked (e.g. by a timer) waits behind it
    qtbot.wait(50)
    assert shown_windows() == [screen]
    type_and_enter(qtbot, screen.password, "demo")
    assert box.isVisible()
    assert window.isVisible()


def test_another_user_signs_the_locked_session_out_and_its_draft_stays(
    qtbot: QtBot, tmp_path: Path, services_at: Callable[[Path], Services]
) -> None:
    def opener() -> Services:
        services = services_at(tmp_path / "demo.db")
        services.demo.fill(30)
        return services

    startup = Startup(Settings(database_url="sqlite:///unused.db"), opener=opener)
    qtbot.addWidget(startup.login)
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=10_000)
        login.username.setText("officer")
        login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            login.sign_in()
        first = signal.args[0]
        _wizard, reference = typing_in_a_wizard(qtbot, first)
        screen = first.idle_lock.lock()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)

        # By keyboard: Alt+A to the other form, a wrong password first, then the right one.
        qtbot.keyClick(screen.password, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: screen.pages.currentIndex() == 1)  # a mnemonic clicks a bit later
        assert QApplication.focusWidget() is screen.username
        qtbot.keyClicks(screen.username, "supervisor")
        qtbot.keyClick(screen.username, Qt.Key.Key_Tab)
        type_and_enter(qtbot, screen.other_password, "wrong")
        assert first.idle_lock.is_locked()
        assert screen.other_error.isVisible()
        qtbot.keyClick(screen.other_password, Qt.Key.Key_Escape)  # back, still locked
        assert screen.pages.currentIndex() == 0
        assert screen.isVisible()
        qtbot.keyClick(screen.password, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: screen.pages.currentIndex() == 1)
        qtbot.keyClicks(screen.username, "supervisor")
        qtbot.keyClick(screen.username, Qt.Key.Key_Tab)
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            type_and_enter(qtbot, screen.other_password, "demo")
        second = signal.args[0]
        qtbot.addWidget(second)
        assert "Carlos Mendes" in second.user_label.text()
        qtbot.waitUntil(lambda: shown_windows() == [second], timeout=3_000)
        services = startup.services
        assert services is not None
        assert saved_place(services, reference) == PLACE
        supervisor = services.accounts.authenticate("supervisor", "demo")
        events = [(e.username, e.action, e.object_ref) for e in services.audit.entries(supervisor)]
        assert ("supervisor", "session_taken_over", "officer") in events
    finally:
        startup.shutdown()


@pytest.mark.parametrize("language", ["fi", "es", "pt", "lv", "et", "bg", "it"])
def test_the_lock_screen_in_finnish(qtbot: QtBot, fresh_demo: Services, language: str) -> None:
    from app.ui.language import apply_screen_language  # noqa: PLC0415

    apply_screen_language(language)
    try:
        officer = fresh_demo.accounts.authenticate("officer", "demo")
        window = MainWindow(fresh_demo, officer, idle_lock_ms=60_000)
        qtbot.addWidget(window)
        window.show()
        screen = window.idle_lock.lock()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
        assert "Locked" not in texts_of(screen)
        buttons = (screen.unlock_button, screen.other_button, screen.back_button)
        assert_unique([(mnemonic(b.text()), b.text()) for b in buttons])  # one window
        SHOTS.mkdir(exist_ok=True)
        assert screen.grab().save(str(SHOTS / f"lock-{language}.png"))
        letter = mnemonic(screen.other_button.text())
        if letter.isascii():  # QTest types no Cyrillic letter with Alt
            qtbot.keyClick(screen.password, Qt.Key(ord(letter)), Qt.KeyboardModifier.AltModifier)
        else:
            screen.other_button.click()
        qtbot.waitUntil(lambda: screen.pages.currentIndex() == 1)
        assert screen.grab().save(str(SHOTS / f"lock-other-{language}.png"))
    finally:
        apply_screen_language("en")
