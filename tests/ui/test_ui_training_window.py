"""File > Training: the training main window beside the real one, marked TRAINING, with the
views that belong there, and the real database's bytes unchanged by it (issue 16 point 1)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.case import CaseQuery, CaseStatus
from app.domain.marks import DatabaseMark
from app.domain.training import CaseSource
from app.services import Services
from app.services.training_db import training_opened
from app.ui.case_list.model import COUNTING
from app.ui.case_view.exercise import ExerciseReviewDialog
from app.ui.case_view.view import CaseViewDialog
from app.ui.main_window import MainWindow
from app.ui.widgets.banner import TRAINING_BACKGROUND, DemoBanner


def digests(path: Path) -> dict[str, str]:
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # brought forward, offscreen
def test_file_training_opens_a_marked_training_window_and_the_real_bytes_stay(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path, sqlite_template: Path
) -> None:
    real = fresh_demo
    supervisor = real.accounts.authenticate("supervisor", "demo")  # signed in for real
    real_reference = real.cases.list_cases(supervisor, CaseQuery(), 1)[0].reference
    real.close()
    database = real.database_file()
    assert database is not None
    before = digests(database)
    shutil.copy(sqlite_template, tmp_path / "training.sqlite3")
    url = f"sqlite:///{tmp_path / 'training.sqlite3'}"

    window = MainWindow(real, supervisor, training_url=url)
    qtbot.addWidget(window)
    window.show()
    file_menu = window.menuBar().actions()[0].menu()
    [training_action] = [a for a in file_menu.actions() if a.objectName() == "training"]
    assert training_action.text() == "&Training"
    training_action.trigger()
    trainee = window.training_window
    assert trainee is not None
    assert trainee.isVisible()
    assert trainee.training
    assert trainee.demo is DatabaseMark.TRAINING
    assert trainee.windowTitle().endswith(" — TRAINING")
    assert trainee.banner is not None
    assert trainee.banner.isVisible()
    assert trainee.banner.objectName() == "trainingBanner"
    assert trainee.banner.palette().window().color().name() == TRAINING_BACKGROUND
    assert trainee.banner.text().startswith("TRAINING database: practice cases, not real.")
    # the real window is not marked; File > Training is not offered inside training
    assert window.banner is not None
    assert window.banner.text().startswith("DEMO")
    inside = trainee.menuBar().actions()[0].menu().actions()
    assert "training" not in [action.objectName() for action in inside]
    # views: the case list and the review queue; statistics, audit, accounts are not offered
    titles = [trainee.navigation.item(row).text() for row in range(trainee.navigation.count())]
    real_titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert "Statistics" in real_titles
    assert "Statistics" not in titles
    assert titles[0] == "Cases"
    # nothing real in training: the list, and a search for a real reference
    assert trainee.case_list.model.rowCount() == 0
    assert trainee.services.cases.list_cases(trainee.actor, CaseQuery(text=real_reference)) == []
    # the real wizard works there, marked too
    wizard = trainee.new_case()
    assert wizard is not None
    assert wizard.windowTitle().endswith(" — TRAINING")
    assert wizard.findChildren(DemoBanner)[0].objectName() == "trainingBanner"
    wizard.close()
    qtbot.waitUntil(lambda: trainee.case_list.model.rowCount() == 1)
    # File > Training again brings the same window forward
    assert window.open_training() is trainee

    trainee.close()
    window.close()
    COUNTING.waitForDone()
    real.close()
    assert digests(database) == before


def test_a_supervisor_turns_an_approved_real_case_into_an_exercise_trainees_then_get(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path, sqlite_template: Path
) -> None:
    real = fresh_demo
    supervisor = real.accounts.authenticate("supervisor", "demo")
    shutil.copy(sqlite_template, tmp_path / "training.sqlite3")
    url = f"sqlite:///{tmp_path / 'training.sqlite3'}"
    window = MainWindow(real, supervisor, training_url=url)  # the real window offers it
    qtbot.addWidget(window)
    query = CaseQuery(statuses=(CaseStatus.APPROVED, CaseStatus.CLOSED))
    approved = real.cases.list_cases(supervisor, query, 1)[0]
    opened = real.cases.open_case(supervisor, approved.id, "Training exercise")
    view = CaseViewDialog(
        opened.record, real.backend.pack(opened.record.protocol_pack), window,
        user_names=opened.user_names, printing=(real, supervisor), case=opened,
        reason="Training exercise",
    )  # fmt: skip
    qtbot.addWidget(view)
    assert view.exercise_button is not None
    dialog = view.make_exercise()
    assert isinstance(dialog, ExerciseReviewDialog)
    dialog.title.setText("A case from our station")
    dialog.situation.setPlainText("Late evening, a man is waiting for you at the tram stop.")
    assert dialog.write(reviewed=True)  # "Use this exercise"
    # the trainee finds it among the worked cases of the training database
    with training_opened(real, real.accounts.authenticate("officer", "demo"), url) as (
        training,
        trainee,
    ):
        made = [w for w in training.training.worked_cases(trainee) if w.title.startswith("A case")]
    assert [w.source for w in made] == [CaseSource.EXERCISE]
    assert made[0].model.classification == opened.record.classification
    assert opened.record.reference not in made[0].situation
    # the real trail says a case was turned into an exercise, by whom
    admin = real.accounts.authenticate("admin", "demo")
    made_events = [
        e
        for e in real.audit.entries(admin, approved.reference)
        if e.action == "training_exercise_made"
    ]
    assert [e.username for e in made_events] == ["supervisor"]
