"""A printout for a recipient, sent on from the preview, adds its coordination entry: the case
view shows the case as it now stands, and a decision taken after printing meets no false
Conflict. Refused sending says why in the preview and leaves nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.domain.case import CaseQuery, CaseStatus, CoordinationKind
from app.domain.workflow import Action
from app.services import Services
from app.services.context import Actor
from app.ui import preview
from app.ui.case_view.view import CaseViewDialog, open_case
from app.ui.printing import PROSECUTOR, PrintDialog


@pytest.fixture
def demo(services_at: Callable[[Path], Services], tmp_path: Path) -> Services:
    services = services_at(tmp_path / "demo.db")
    services.demo.fill(500)
    return services


def submitted_view(qtbot: QtBot, services: Services, actor: Actor) -> CaseViewDialog:
    query = CaseQuery(statuses=(CaseStatus.SUBMITTED,))
    summary = services.cases.list_cases(actor, query, 1)[0]
    view = open_case(None, services, actor, summary.id, "Review")  # type: ignore[arg-type]
    assert view is not None
    qtbot.addWidget(view)
    return view


def prosecutor_preview(view: CaseViewDialog) -> preview.PreviewDialog:
    dialog = view.ask_what_to_print()
    assert isinstance(dialog, PrintDialog)
    dialog.document.setCurrentIndex(dialog.document.findData(PROSECUTOR))
    dialog.reason.setEditText("Prosecutor's request")
    shown = dialog.show_printout(warned=True, words_checked=True)
    assert shown is not None
    return shown


def test_a_decision_after_printing_for_the_prosecutor_meets_no_conflict(
    qtbot: QtBot, demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    supervisor = demo.accounts.authenticate("supervisor", "demo")
    view = submitted_view(qtbot, demo, supervisor)
    assert view._case is not None
    before = view._case.version
    warnings: list[str] = []
    monkeypatch.setattr(preview.QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    monkeypatch.setattr(
        "app.ui.case_view.view.QMessageBox.warning", lambda *args: warnings.append(args[2])
    )
    shown = prosecutor_preview(view)
    qtbot.addWidget(shown)
    assert view._case.version == before  # only shown: nothing left
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, name: (str(tmp_path / name), True))
    assert shown.save_document()
    assert view._case.version == before + 1
    entry = view.record.coordination[-1]
    assert (entry.kind, entry.automatic, entry.recorded_by) == (
        CoordinationKind.PROSECUTOR,
        True,
        "supervisor",
    )
    assert view.decide(Action.RETURN, "Add the witness's account, please.")
    assert warnings == []
    assert view.record.status is CaseStatus.RETURNED


def test_who_may_not_send_it_out_is_told_in_the_preview(
    qtbot: QtBot, demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An administrator may read and show a case's printout, but not send it to the
    prosecutor: that is the officer's or a supervisor's, who log it."""
    admin = demo.accounts.authenticate("admin", "demo")
    view = submitted_view(qtbot, demo, admin)
    shown = prosecutor_preview(view)
    qtbot.addWidget(shown)
    warnings: list[str] = []
    monkeypatch.setattr(preview.QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, name: (str(tmp_path / name), True))
    assert not shown.save_document()
    assert warnings == ["Your role does not allow this step."]
    assert list(tmp_path.glob("*.pdf")) == []
