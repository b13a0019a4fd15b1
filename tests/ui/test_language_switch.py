"""Switching the screen language while the program runs, remembering it per user, and dates typed
in the screen language's own format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app import i18n
from app.config import Settings
from app.i18n import translations_for
from app.services import Services
from app.services.errors import ServiceError
from app.ui.case_list.model import REFERENCE
from app.ui.language import SCREEN_LANGUAGES, apply_screen_language, date_time_format
from app.ui.main_window import MainWindow
from app.ui.startup import Startup
from app.ui.widgets.dates import DateTimeField
from app.ui.wizard.pages.first_response import FirstResponsePage

MakeServices = Callable[[Path], Services]


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_screen_language("en")


def finnish(text: str) -> str:
    translated = translations_for("app", "fi").gettext(text)
    assert translated != text, f"no Finnish for {text!r}: are the catalogs compiled?"
    return translated


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_the_language_menu_lists_each_language_in_itself(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    window = MainWindow(fresh_demo, fresh_demo.accounts.authenticate("officer", "demo"))
    qtbot.addWidget(window)
    entries = {a.text(): a.isChecked() for a in window.language_menu.actions()}
    assert list(entries) == list(SCREEN_LANGUAGES.values())
    assert "Suomi" in entries
    assert "Български" in entries
    assert [name for name, checked in entries.items() if checked] == ["English"]


def test_a_switch_changes_every_open_screen_and_keeps_what_was_typed(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    actor = fresh_demo.accounts.authenticate("officer", "demo")
    window = MainWindow(fresh_demo, actor)
    qtbot.addWidget(window)
    window.show()
    window.case_list.status.setCurrentIndex(1)  # a filter set before the switch stays set
    old = window.new_case()
    assert old is not None
    case_id = old.case_id
    old.next()
    step = old.current_step()
    assert step != "first_response"
    first = old.pages[0]
    assert isinstance(first, FirstResponsePage)
    # Typed a moment ago: the autosave has not run yet when the language changes.
    first.injuries_note.setText("Cut on the left hand")
    old.move(40, 30)
    old.resize(1000, 700)

    window.language_menu.actions()[list(SCREEN_LANGUAGES).index("fi")].trigger()

    assert i18n.language() == "fi"
    assert menu_titles(window) == [finnish("&File"), finnish("&Language"), finnish("&Help")]
    assert [a.isChecked() for a in window.language_menu.actions() if a.text() == "Suomi"] == [True]
    case_list = window.case_list
    header = case_list.model.headerData(REFERENCE, Qt.Orientation.Horizontal)
    assert header == finnish("Reference")
    assert case_list.status.itemText(0) == finnish("All statuses")
    assert case_list.status.currentIndex() == 1
    assert case_list.search.placeholderText() == finnish(
        "Search reference, place, words of the account…"
    )
    # Qt's own buttons too (its catalog ships with PySide6).
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Peru"

    new = case_list._wizards[case_id]
    assert new is not old
    assert not old.isVisible()
    assert new.isVisible()
    assert new.size() == old.size()
    assert new.current_step() == step
    assert new.buttonText(QWizard.WizardButton.NextButton) == finnish("&Next >")
    assert new.windowTitle().startswith(finnish("Case {reference}").split("{")[0])
    new_first = new.pages[0]
    assert isinstance(new_first, FirstResponsePage)
    assert new_first.injuries_note.text() == "Cut on the left hand"
    assert new.save_now()
    stored = fresh_demo.cases.open_case(actor, case_id, "check").record
    assert stored.injuries_note == "Cut on the left hand"

    # Remembered for the officer's next sign-in.
    assert fresh_demo.accounts.authenticate("officer", "demo").language == "fi"

    window.language_menu.actions()[0].trigger()
    assert menu_titles(window) == ["&File", "&Language", "&Help"]
    assert case_list._wizards[case_id].buttonText(QWizard.WizardButton.NextButton) == "&Next >"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    case_list._wizards[case_id].close()
    assert case_id not in case_list._wizards  # the list forgets the wizard closed last


def test_a_failed_remembering_still_switches_and_says_so(
    qtbot: QtBot, fresh_demo: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(fresh_demo, fresh_demo.accounts.authenticate("officer", "demo"))
    qtbot.addWidget(window)
    warnings: list[str] = []
    monkeypatch.setattr(
        "app.ui.main_window.QMessageBox.warning", lambda _p, title, _t: warnings.append(title)
    )

    def refuse(*_args: object) -> None:
        raise ServiceError("database gone")

    monkeypatch.setattr(fresh_demo.accounts, "set_language", refuse)
    window.switch_language("bg")
    assert menu_titles(window)[0] == translations_for("app", "bg").gettext("&File")
    assert warnings == [translations_for("app", "bg").gettext("Language not remembered")]


def test_sign_in_takes_the_user_s_remembered_language(
    qtbot: QtBot, tmp_path: Path, services_at: MakeServices
) -> None:
    services = services_at(tmp_path / "demo.db")
    services.demo.fill(10)
    services.accounts.set_language(services.accounts.authenticate("officer", "demo"), "fi")
    startup = Startup(Settings(database_url="sqlite://"), opener=lambda: services)
    qtbot.addWidget(startup.login)
    try:
        startup.start()
        qtbot.waitUntil(startup.login.sign_in_button.isEnabled, timeout=10_000)
        assert startup.login.sign_in_button.text() == "Sign in"  # English until signed in
        startup.login.username.setText("officer")
        startup.login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            startup.login.sign_in_button.click()
        window = signal.args[0]
        qtbot.addWidget(window)
        assert i18n.language() == "fi"
        assert menu_titles(window)[0] == finnish("&File")
    finally:
        startup.shutdown()


def type_text(widget: QWidget, text: str) -> None:
    """Key presses for each character, also those QTest cannot map to a key (a narrow no-break
    space in a time, a Cyrillic "г.")."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("code", list(SCREEN_LANGUAGES))
def test_dates_are_typed_in_the_screen_language_s_format(qtbot: QtBot, code: str) -> None:
    apply_screen_language(code)
    field = DateTimeField()
    qtbot.addWidget(field)
    assert field.displayFormat() == date_time_format()
    assert "yyyy" in field.displayFormat()
    # Two-digit and one-digit parts: Qt moves on by itself after "21" but not after "3".
    for wanted in (datetime(2026, 10, 21, 14, 35), datetime(2026, 3, 1, 9, 5)):
        field.set_value(None)
        typed = QDateTime(wanted).toString(field.displayFormat())
        type_text(field, typed)
        assert field.value() == wanted.astimezone(UTC), (code, field.displayFormat(), typed)
