"""The review queue in the main window's navigation: supervisors see their station's cases waiting
for review, oldest first, overdue ones marked; a case opens with its reason, by keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus
from app.domain.workflow import Action, Decision
from app.services import Services
from app.ui.followup.view import FollowUpView
from app.ui.main_window import MainWindow
from app.ui.review.queue import ReviewQueueView
from tests.services.test_cases import add_case


@pytest.fixture
def waiting(fresh_demo: Services) -> list[str]:
    return [
        add_case(fresh_demo, status=CaseStatus.SUBMITTED, place="Rua Augusta"),
        add_case(fresh_demo, status=CaseStatus.ESCALATED, place="Largo do Carmo"),
    ]


def window_for(qtbot: QtBot, services: Services, username: str) -> MainWindow:
    window = MainWindow(services, services.accounts.authenticate(username, "demo"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_supervisor_has_the_queue_in_the_navigation(
    qtbot: QtBot, fresh_demo: Services, waiting: list[str]
) -> None:
    window = window_for(qtbot, fresh_demo, "supervisor")
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles[0] == "Cases"
    assert titles[1].startswith("Review queue (")
    window.navigation.setCurrentRow(1)
    queue = window.stack.currentWidget()
    assert isinstance(queue, ReviewQueueView)
    shown = [queue.table.item(row, 0).text() for row in range(queue.table.rowCount())]
    assert shown[-2:] == waiting  # the newest last: oldest first
    assert queue.table.item(0, 4).text()  # the age in working days
    # Enter on the chosen row asks the reason, then opens the case with its decisions.
    queue.table.setFocus()
    queue.table.setCurrentCell(len(shown) - 2, 0)
    with qtbot.waitSignal(queue.case_opened) as opened:
        qtbot.keyClick(queue.table, Qt.Key.Key_Return)
        assert queue._reason_dialog is not None
        assert queue._reason_dialog.reason() == "Supervisor review"
        queue._reason_dialog.accept()
    view = opened.args[0]
    qtbot.addWidget(view)
    assert view.record.reference == waiting[0]
    assert list(view.decision_buttons)  # approve, return, escalate


def test_an_officer_has_no_queue(qtbot: QtBot, fresh_demo: Services) -> None:
    window = window_for(qtbot, fresh_demo, "officer")
    assert [type(view) for view in window.views] == [FollowUpView]  # their follow-up list only


def test_an_escalated_case_says_whom_it_waits_for(
    qtbot: QtBot, fresh_demo: Services, waiting: list[str]
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    case_id, version = fresh_demo.cases.locate(supervisor, waiting[0])
    decision = Decision("Tension in the street", escalated_to="lmarques")
    fresh_demo.cases.apply(supervisor, case_id, version, Action.ESCALATE, decision)
    for username in ("supervisor", "lmarques"):  # the station's queue, and the reviewer's
        window = window_for(qtbot, fresh_demo, username)
        window.navigation.setCurrentRow(1)
        queue = window.stack.currentWidget()
        assert isinstance(queue, ReviewQueueView)
        rows = {
            queue.table.item(row, 0).text(): queue.table.item(row, 1).text()
            for row in range(queue.table.rowCount())
        }
        assert rows[waiting[0]] == "Escalated to Luís Marques"
