"""Before a printout that says it holds no special-category data, the typed texts it prints are
checked for words that may reveal it: the officer goes back to edit, or prints all the same
(issue 11, point 9). With the keyboard."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.context import Actor
from app.ui.printing import LEAFLET, PROSECUTOR, PrintDialog
from tests.ui.test_printing import case_with_referral, print_events

NARRATIVE = "A Muslim woman was pushed off the tram and insulted."


def dialog_for(qtbot: QtBot, services: Services, officer: Actor, kind: str) -> PrintDialog:
    record = case_with_referral(services, officer)
    record = replace(record, narrative=NARRATIVE, classification_reason="Slurs about Islam.")
    dialog = PrintDialog(services, officer, record)
    qtbot.addWidget(dialog)
    dialog.document.setCurrentIndex(dialog.document.findData(kind))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.reason.setEditText("Prosecutor's request")
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def asked(qtbot: QtBot, dialog: PrintDialog) -> QMessageBox:
    dialog.preview_button.setFocus()
    qtbot.keyClick(dialog.preview_button, Qt.Key.Key_Space)  # Show…
    box = dialog.words_warning
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    return box


def test_the_words_found_are_shown_and_going_back_prints_nothing(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    dialog = dialog_for(qtbot, demo_services, officer, PROSECUTOR)
    before = len(print_events(demo_services, dialog.record.reference))  # type: ignore[union-attr]
    box = asked(qtbot, dialog)
    text = box.text()
    # Each word under the section it was typed in, as the officer goes back to it.
    assert "• What happened: Muslim" in text
    assert "• Classification: Islam" in text
    assert "not a guarantee" in text
    assert box.defaultButton().text() == "&Go back and edit"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # back to the case, to edit
    assert not dialog.isVisible()
    assert dialog.preview is None
    reference = dialog.record.reference  # type: ignore[union-attr]
    assert print_events(demo_services, reference)[before:] == []


def test_the_officer_may_confirm_and_print(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    dialog = dialog_for(qtbot, demo_services, officer, PROSECUTOR)
    box = asked(qtbot, dialog)
    anyway = next(b for b in box.buttons() if b.text() == "Print &anyway")
    anyway.setFocus()
    qtbot.keyClick(anyway, Qt.Key.Key_Space)
    assert dialog.preview is not None
    qtbot.addWidget(dialog.preview)


def test_a_printout_for_the_victim_is_not_checked(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    dialog = dialog_for(qtbot, demo_services, officer, LEAFLET)
    assert dialog.special_words() == []


def test_the_words_of_the_station_s_and_the_screen_s_language_are_found_too(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    """The officer types in the station's language (the demo's is Portuguese) or the screen's
    (English), whatever language the printout is in: Finnish here."""
    dialog = dialog_for(qtbot, demo_services, officer, PROSECUTOR)
    dialog.record = replace(
        dialog.record,  # type: ignore[type-var]
        narrative="Insultou uma mulher muçulmana e o filho.",
        classification_reason="A Muslim family.",
    )
    dialog.language.setCurrentIndex(dialog.language.findData("fi"))
    found = [(m.field, m.word) for m in dialog.special_words()]
    assert ("narrative", "muçulmana") in found
    assert ("classification_reason", "Muslim") in found
