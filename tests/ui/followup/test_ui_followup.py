"""The follow-up list in the main window's navigation: the officer's own referrals and re-contacts
due or overdue, the overdue count in the navigation bar, overdue rows marked in words; Enter opens
the case with its reason; a change to the case refreshes the list and the count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import argon2
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain import case as d
from app.domain.workflow import Action, Decision
from app.services import Services, open_services
from app.services.context import Actor
from app.ui.case_list.model import COUNTING
from app.ui.followup.view import FollowUpView
from app.ui.main_window import MainWindow
from tests.helpers import Clock
from tests.services.test_followups import WEDNESDAY, followed_up_cases, people

TUESDAY = datetime(2026, 6, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def followed(tmp_path: Path) -> Iterator[tuple[Services, dict[str, Actor], dict[str, str]]]:
    """Referrals sent on Wednesday 3 June (due Monday 8 June over Corpus Christi), re-contacts on
    5 and 10 June; it is now Tuesday 9 June."""
    clock = Clock(WEDNESDAY)
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    services = open_services(f"sqlite:///{tmp_path / 't.db'}", clock=clock, hasher=hasher)
    who = people(services)
    references = followed_up_cases(services, clock, who)
    clock.now = TUESDAY
    yield services, who, references
    COUNTING.waitForDone()
    services.close()


def window_for(qtbot: QtBot, services: Services, actor: Actor) -> MainWindow:
    window = MainWindow(services, actor, demo=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def rows(view: FollowUpView) -> list[list[str]]:
    table = view.table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_the_officer_sees_their_items_and_the_overdue_count(
    qtbot: QtBot, followed: tuple[Services, dict[str, Actor], dict[str, str]]
) -> None:
    services, who, references = followed
    window = window_for(qtbot, services, who["officer"])
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == ["Cases", "Follow-up (1 overdue)"]
    window.navigation.setCurrentRow(1)
    view = window.stack.currentWidget()
    assert isinstance(view, FollowUpView)
    mine = references["officer"]
    assert rows(view) == [
        [mine, "Referral answer: Victim Support Lisbon", "6/8/26", "1 — overdue", "Officer"],
        [mine, "Re-contact with the victim", "6/10/26", "0", "Officer"],
    ]
    assert view.table.item(0, 0).font().bold()
    assert not view.table.item(1, 0).font().bold()
    view.overdue_only.setChecked(True)
    assert [row[1] for row in rows(view)] == ["Referral answer: Victim Support Lisbon"]
    assert view.empty.isHidden()
    # Enter on the chosen row asks the reason, then opens the case.
    view.table.setFocus()
    view.table.setCurrentCell(0, 0)
    with qtbot.waitSignal(view.case_opened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
        assert view._reason_dialog is not None
        assert view._reason_dialog.reason() == "Own case work"
        view._reason_dialog.accept()
    case_view = opened.args[0]
    qtbot.addWidget(case_view)
    assert case_view.record.reference == mine
    # The service's answer, entered elsewhere, takes the item off and the count with it.
    case_id, version = services.cases.locate(who["officer"], mine)
    answer = d.ReferralStep(d.ReferralStatus.ACCEPTED, TUESDAY, "", "They call him today")
    services.cases.apply(
        who["officer"], case_id, version, Action.REFERRAL_STEP, Decision(target="R1", step=answer)
    )
    case_view.changed.emit()
    assert rows(view) == []
    assert not view.empty.isHidden()
    assert window.navigation.item(1).text() == "Follow-up"


def test_the_supervisor_sees_the_station_after_the_review_queue(
    qtbot: QtBot, followed: tuple[Services, dict[str, Actor], dict[str, str]]
) -> None:
    services, who, references = followed
    window = window_for(qtbot, services, who["boss"])
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles[1].startswith("Review queue (")
    assert titles[2] == "Follow-up (3 overdue)"
    window.navigation.setCurrentRow(2)
    view = window.stack.currentWidget()
    assert isinstance(view, FollowUpView)
    assert [(row[0], row[3], row[4]) for row in rows(view)] == [
        (references["other"], "4 — overdue", "Other"),
        (references["officer"], "1 — overdue", "Officer"),
        (references["other"], "1 — overdue", "Other"),
        (references["officer"], "0", "Officer"),
    ]
    view.table.setCurrentCell(1, 0)
    dialog = view.ask_reason(1)
    assert dialog is not None
    assert dialog.reason() == "Supervisor review"
