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
    line = page.tabs.forms()["P1"].language.lineEdit()
    assert line is not None
    line.setFocus()
    qtbot.keyClicks(line, "Ara")
    qtbot.keyClick(line, Qt.Key.Key_Escape)  # closes the suggestions
    qtbot.keyClick(line, Qt.Key.Key_Escape)  # and once more, on the field itself
    assert wizard.isVisible()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    assert wizard.currentPage() is page
