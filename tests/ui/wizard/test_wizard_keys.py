"""Keys that must not lose the officer's place: Escape closes a list of suggestions, never the
wizard."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.case import Person, PersonRole
from app.services import Services
from app.services.context import Actor
from app.ui.wizard.pages.communication import CommunicationPage
from app.ui.wizard.wizard import open_wizard


# The suggestions are a popup, which the offscreen platform cannot raise or give the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_escape_in_suggestions_and_on_a_page_keeps_the_wizard_open(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    opened = demo_services.cases.create_draft(officer)
    victim = Person("P1", PersonRole.VICTIM, name="Amina Haddad")
    opened = demo_services.cases.save_draft(
        officer, opened.id, opened.version, replace(opened.record, persons=(victim,)),
        "communication",
    )  # fmt: skip
    wizard = open_wizard(None, demo_services, officer, opened)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    page = wizard.currentPage()
    assert isinstance(page, CommunicationPage)
    line = page.tabs.forms()["P1"].languages.picker.lineEdit()
    assert line is not None
    line.setFocus()
    qtbot.keyClicks(line, "Ara")
    qtbot.keyClick(line, Qt.Key.Key_Escape)  # closes the suggestions
    qtbot.keyClick(line, Qt.Key.Key_Escape)  # and once more, on the field itself
    assert wizard.isVisible()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    assert wizard.currentPage() is page


@pytest.mark.qt_log_ignore("This plugin does not support")  # the completer's popup, offscreen
def test_two_languages_are_added_and_marked_with_the_keyboard(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    from app.domain.languages import SpokenLanguage  # noqa: PLC0415

    opened = demo_services.cases.create_draft(officer)
    victim = Person("P1", PersonRole.VICTIM, name="Amina Haddad")
    opened = demo_services.cases.save_draft(
        officer, opened.id, opened.version, replace(opened.record, persons=(victim,)),
        "communication",
    )  # fmt: skip
    wizard = open_wizard(None, demo_services, officer, opened)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    page = wizard.currentPage()
    assert isinstance(page, CommunicationPage)
    form = page.tabs.forms()["P1"]
    picker = form.languages.picker
    line = picker.lineEdit()
    assert line is not None
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    form.accessibility.setFocus()
    qtbot.keyClick(wizard, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # "&Languages..."
    assert picker.hasFocus()
    qtbot.keyClicks(line, "Romany")  # by its name
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.keyClicks(line, "fse")  # by its code: a sign language CLDR does not name
    qtbot.keyClick(line, Qt.Key.Key_Return)
    table = form.languages.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Romany (rom)",
        "Finnish Sign Language (fse)",
    ]
    # Romani is not read; Finnish Sign Language is preferred. Space ticks, arrows move.
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    expected = (
        SpokenLanguage("rom", reads=False),
        SpokenLanguage("fse", reads=True, preferred=True),
    )
    assert form.languages.languages() == expected
    # Nonsense is refused with a message, and nothing is added.
    line.setFocus()
    qtbot.keyClicks(line, "Klingonish")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert form.languages.error.isVisibleTo(form)
    assert form.languages.languages() == expected
    person = next(p for p in wizard.record().persons if p.key == "P1")
    assert person.languages == expected
    assert person.language == "fse"
    # Delete removes the current language.
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert form.languages.languages() == (SpokenLanguage("fse", reads=True, preferred=True),)
