"""The trainer's view and the exercise review dialog, driven with the keyboard: every trainee's
attempts with the score by step, one trainee's progress, Enter opens the training case read-only,
the training record in the preview; the reviewed exercise lands in the training database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path

import argon2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain import case as d
from app.domain.training_exercise import exercise_from_record
from app.services import Services, open_services
from app.services.context import Actor
from app.ui.case_view.exercise import ExerciseReviewDialog
from app.ui.training.trainer import TrainerView
from tests.documents.samples import CASE, pack
from tests.helpers import Clock
from tests.services.test_drafts import set_up_station
from tests.services.test_training_attempts import make_training
from tests.services.test_training_trainer import BUS, SHOP, C, I, scored


@pytest.fixture
def trained(tmp_path: Path, clock: Clock) -> Iterator[tuple[Services, dict[str, Actor]]]:
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    services = open_services(f"sqlite:///{tmp_path / 't.db'}", clock=clock, hasher=hasher)
    who = set_up_station(services)
    make_training(services)
    officer, other = who["officer"], who["other"]
    scored(services, officer, BUS, C(0, 1), I(1, 4))
    clock.advance(days=2)
    scored(services, other, BUS, C(1, 1), I(4, 4))
    clock.advance(days=2)
    scored(
        services,
        officer,
        SHOP,
        C(1, 1),
        I(3, 4),
    )
    yield services, who
    services.close()


def cells(table: object) -> list[list[str]]:
    return [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]  # type: ignore[attr-defined]
        for r in range(table.rowCount())  # type: ignore[attr-defined]
    ]


def test_the_trainer_sees_everyone_then_one_trainees_progress_and_opens_an_attempt(
    qtbot: QtBot, trained: tuple[Services, dict[str, Actor]]
) -> None:
    services, who = trained
    assert not TrainerView.shown_to(who["officer"])
    assert TrainerView.shown_to(who["boss"])
    view = TrainerView(services, who["boss"], demo=False)
    qtbot.addWidget(view)
    view.show()
    rows = cells(view.table)
    assert [r[0] for r in rows] == ["Officer", "Officer", "Other"]  # oldest first per trainee
    assert [r[2] for r in rows] == ["Night bus", "Graffiti on the shop", "Night bus"]
    assert rows[0][-1] == "1/5 (20 %)"
    assert rows[1][-1] == "4/5 (80 %)"
    assert "0/1" in rows[0]
    assert "3/4" in rows[1]
    assert not view.print_button.isEnabled()
    assert view.progress.isHidden()
    view.trainee.setFocus()
    qtbot.keyClick(view.trainee, Qt.Key.Key_Down)  # the first trainee: Officer
    assert view.chosen() == "officer"
    assert view.table.rowCount() == 2
    progress = cells(view.progress)
    assert ["25 %", "75 % ↑", "50 %"] in [row[1:] for row in progress]  # identification
    assert ["0 %", "100 % ↑", "50 %"] in [row[1:] for row in progress]  # classification
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    case_view = view.views[-1]
    assert case_view.decision_buttons == {}
    assert case_view.print_button is None
    preview = view.print_record()
    assert preview is not None
    preview.close()
    case_view.close()


def test_the_review_dialog_keeps_the_trainers_words_and_the_exercise_once_used(
    qtbot: QtBot, trained: tuple[Services, dict[str, Actor]]
) -> None:
    services, who = trained
    worked = exercise_from_record(replace(CASE, status=d.CaseStatus.APPROVED), pack(), "exercise_t")
    dialog = ExerciseReviewDialog(worked, pack(), lambda: nullcontext((services, who["boss"])))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setFocus()
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Turban on the tram")
    assert "Classification: Hate crime" in dialog.answer.toPlainText()
    dialog.people.item(0, 1).setText("Jaspal Kaur")
    assert dialog.write(reviewed=True)
    [(exercise_id, source)] = services.training.exercise_sources(who["officer"])
    assert exercise_id == "exercise_t"
    assert 'title = "Turban on the tram"' in source
    assert 'name = "Jaspal Kaur"' in source
    assert "Harpreet" not in source
    QApplication.processEvents()


def test_without_the_training_database_nothing_is_written(
    qtbot: QtBot, trained: tuple[Services, dict[str, Actor]]
) -> None:
    worked = exercise_from_record(replace(CASE, status=d.CaseStatus.APPROVED), pack(), "exercise_u")
    dialog = ExerciseReviewDialog(worked, pack(), None)
    qtbot.addWidget(dialog)
    assert not dialog.write(reviewed=False)
    assert not dialog.message.isHidden()
