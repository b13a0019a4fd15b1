"""The trainee's "Worked cases" view, by keyboard: choose a case, start it in the real wizard with
the situation beside it, submit, see the feedback, try again, open a past attempt's feedback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.training import Feedback, SituationPerson
from app.services import Services
from app.services.context import Actor
from app.services.training import TrainingService, mark_training
from app.ui.case_list.model import COUNTING
from app.ui.main_window import MainWindow
from app.ui.training.view import WorkedCasesView
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station
from tests.services.test_training_finish import WORKED
from tests.ui.conftest import make_services

NIGHT_BUS = replace(
    WORKED,
    title="A push and a slur on the night bus",
    covers=("crime",),
    people=(SituationPerson("victim", "Kofi Mensah", 34, ("en", "fr"), "He pushed me."),),
    explanations={"classification": "An assault with a racist slur is a hate crime."},
)
GRAFFITI = replace(WORKED, id="graffiti", title="Slogans on a wall", covers=("third_party_report",))


@pytest.fixture
def training(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Services, Actor]]:
    services = make_services(tmp_path / "t.db")
    actors = set_up_station(services)
    with services.backend.transaction() as session:
        mark_training(session)
    monkeypatch.setattr(
        TrainingService, "worked_cases", lambda _self, _actor: [NIGHT_BUS, GRAFFITI]
    )
    yield services, actors["officer"]
    COUNTING.waitForDone()
    services.close()


def worked_view(
    qtbot: QtBot, services: Services, actor: Actor
) -> tuple[MainWindow, WorkedCasesView]:
    window = MainWindow(services, actor, demo=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = next(v for v in window.views if isinstance(v, WorkedCasesView))
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.stack.currentWidget() is view
    return window, view


def test_a_worked_case_is_started_submitted_and_scored_then_tried_again(
    qtbot: QtBot, training: tuple[Services, Actor]
) -> None:
    services, officer = training
    window, view = worked_view(qtbot, services, officer)
    assert window.navigation.item(1).text() == "Worked cases"
    assert view.table.item(0, 0).text() == "A push and a slur on the night bus"
    assert view.table.item(0, 3).text() == ""  # what it practises would give the answer away
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.current() is GRAFFITI
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    assert "Kofi Mensah" in view.situation.toPlainText()
    assert "English" in view.situation.toPlainText()

    view.start_button.setFocus()
    qtbot.keyClick(view.start_button, Qt.Key.Key_Space)
    [(case_id, wizard)] = window.case_list._wizards.items()
    side = wizard.sideWidget()
    assert side is not None
    assert "He pushed me." in side.toPlainText()  # type: ignore[attr-defined]
    assert side.isVisible()
    page = wizard.currentPage()
    # Beside the page, not over it.
    assert side.mapTo(wizard, side.rect().topRight()).x() < page.mapTo(wizard, QPoint(0, 0)).x()
    assert wizard.status.isVisible()  # the wizard's own parts are all there still
    # F6 goes to the situation and back to the field the trainee was typing in.
    assert side.toPlainText().startswith("F6 moves between the situation and the page.")  # type: ignore[attr-defined]
    wizard.activateWindow()
    field = page.nextInFocusChain()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_F6)
    assert side.hasFocus()
    qtbot.keyClick(side, Qt.Key.Key_F6)
    assert field.hasFocus()

    # The trainee's record, saved and submitted; the wizard says it was submitted.
    draft = services.cases.open_for_editing(officer, case_id, "Own case work")
    record = complete(draft.record, Clock(draft.record.created_at))
    record = replace(record, classification="hate_speech")  # the model answer: a hate crime
    saved = services.cases.save_draft(officer, case_id, draft.version, record)
    wizard.submitted.emit(services.cases.submit(officer, case_id, saved.version))
    dialog = view.feedback_dialog
    assert dialog is not None
    assert dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "Your score: 7 of 8" in text
    assert "✗ Missed — Classification: Hate crime" in text
    assert "→ Chosen instead — Classification: Criminalised hate speech" in text
    assert "An assault with a racist slur is a hate crime." in text
    assert view.table.item(0, 1).text() == "1"
    assert view.table.item(0, 2).text() == "7 of 8"
    assert view.table.item(0, 3).text() == "a crime"  # told once tried

    # Enter is "Try again": a new attempt of the same case, in a wizard of its own.
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert len(services.training.attempts(officer)) == 2
    assert len(window.case_list._wizards) == 2

    # The past attempt's feedback, again.
    assert view.attempt_list.count() == 2
    view.attempt_list.setFocus()
    view.attempt_list.setCurrentRow(0)
    view.feedback_button.setFocus()
    qtbot.keyClick(view.feedback_button, Qt.Key.Key_Space)
    assert view.feedback_dialog is not dialog
    assert "Your score: 7 of 8" in view.feedback_dialog.text.toPlainText()  # type: ignore[union-attr]
    for open_wizard in list(window.case_list._wizards.values()):
        open_wizard.close()


def test_the_worked_cases_are_not_on_a_real_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = make_services(tmp_path / "t.db")
    officer = set_up_station(services)["officer"]
    window = MainWindow(services, officer, demo=False)
    qtbot.addWidget(window)
    assert not any(isinstance(v, WorkedCasesView) for v in window.views)
    COUNTING.waitForDone()
    services.close()


def test_tab_leaves_the_cases_and_every_dialog_of_the_training_window_says_training(
    qtbot: QtBot, training: tuple[Services, Actor]
) -> None:
    """A newcomer's keyboard: Tab goes from the list of cases to the situation (not cell by
    cell through fifteen rows); a dialog opened from the training window (the feedback here,
    the case view's consents or referrals alike) ends its title with " — TRAINING"."""
    services, officer = training
    window = MainWindow(services, officer)  # the database's own mark: TRAINING
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = next(v for v in window.views if isinstance(v, WorkedCasesView))
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    qtbot.keyClick(window.navigation, Qt.Key.Key_Tab)
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert view.situation.hasFocus()

    dialog = view.show_feedback(NIGHT_BUS, Feedback(points=(), steps=()))
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Feedback: A push and a slur on the night bus — TRAINING"
    dialog.retranslate()  # retitled (a language switch): marked once, not twice
    assert dialog.windowTitle().count("TRAINING") == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
