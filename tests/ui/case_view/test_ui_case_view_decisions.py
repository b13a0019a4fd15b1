"""Decisions in the case view: the buttons the workflow allows, a comment where one is required,
the view and the list refreshed, refusals shown; by keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.ui.case_view.view import CaseViewDialog, DecisionDialog
from tests.services.test_cases import add_case


def view_of(qtbot: QtBot, services: Services, actor: Actor, reference: str) -> CaseViewDialog:
    case_id, _version = services.cases.locate(actor, reference)
    opened = services.cases.open_case(actor, case_id, "Supervisor review")
    pack = services.backend.pack(opened.record.protocol_pack)
    view = CaseViewDialog(
        opened.record, pack, None, user_names=opened.user_names, printing=(services, actor),
        case=opened,
    )  # fmt: skip
    qtbot.addWidget(view)
    view.show()
    return view


@pytest.fixture
def submitted(fresh_demo: Services) -> str:
    return add_case(fresh_demo, status=CaseStatus.SUBMITTED, place="Rua Augusta")


def test_a_supervisor_approves_by_keyboard_alone(
    qtbot: QtBot, fresh_demo: Services, submitted: str
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, submitted)
    assert list(view.decision_buttons) == [Action.APPROVE, Action.RETURN, Action.ESCALATE]
    assert view.decision_buttons[Action.APPROVE].text() == "&Approve…"
    changed: list[bool] = []
    view.changed.connect(lambda: changed.append(True))
    dialog = view.ask_decision(Action.APPROVE)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert dialog.ok_button.isEnabled()  # a comment is optional to approve
    assert dialog.focusWidget() is dialog.comment  # the comment is typed straight away
    qtbot.keyClicks(dialog.comment, "Indicators well documented.")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Tab)  # Tab leaves the comment, not a tab in it
    assert dialog.focusWidget() is not dialog.comment
    assert dialog.comment.toPlainText() == "Indicators well documented."
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert view.record.status is CaseStatus.APPROVED
    assert changed == [True]
    assert view.record.reviews[-1].comment == "Indicators well documented."
    # Approved: read-only now; closing is proposed, a correction is a supplement.
    assert list(view.decision_buttons) == [Action.PROPOSE_CLOSURE, Action.SUPPLEMENT]
    assert "Approved" in view.text()


def test_return_needs_a_comment(qtbot: QtBot, fresh_demo: Services, submitted: str) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, submitted)
    dialog = view.ask_decision(Action.RETURN)
    assert isinstance(dialog, DecisionDialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.comment, "Add the witness's account, please.")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert view.record.status is CaseStatus.RETURNED
    assert view.decision_buttons == {}


def test_an_officer_sees_no_decision_on_a_case_under_review(
    qtbot: QtBot, fresh_demo: Services, submitted: str
) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    view = view_of(qtbot, fresh_demo, officer, submitted)
    assert view.decision_buttons == {}


def test_a_decision_someone_else_took_first_is_shown_not_taken(
    qtbot: QtBot, fresh_demo: Services, submitted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, submitted)
    case_id, version = fresh_demo.cases.locate(supervisor, submitted)
    fresh_demo.cases.apply(
        supervisor,
        case_id,
        version,
        Action.ESCALATE,
        Decision("coordinator", escalated_to="lmarques"),
    )
    warnings: list[str] = []
    monkeypatch.setattr(
        "app.ui.case_view.view.QMessageBox.warning",
        lambda _parent, _title, text: warnings.append(text),
    )
    assert not view.decide(Action.APPROVE, "")
    assert len(warnings) == 1
    assert "was changed by Carlos Mendes" in warnings[0]
    assert view.record.status is CaseStatus.SUBMITTED


def test_a_return_with_comments_on_sections_by_keyboard_alone(
    qtbot: QtBot, fresh_demo: Services, submitted: str
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, submitted)
    dialog = view.ask_decision(Action.RETURN)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert "incident" in dialog.sections
    assert "summary" not in dialog.sections
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Tab)  # from the comment to the first section
    first = dialog.focusWidget()
    assert first is dialog.sections[next(iter(dialog.sections))]
    while dialog.focusWidget() is not dialog.sections["incident"]:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "Which door of the building?")
    assert dialog.ok_button.isEnabled()  # a comment on one section is reason enough
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert view.record.status is CaseStatus.RETURNED
    [comment] = view.record.reviews[-1].sections
    assert (comment.section, comment.comment) == ("incident", "Which door of the building?")
    assert "Which door of the building?" in view.text()


def test_an_escalation_names_its_reviewer(
    qtbot: QtBot, fresh_demo: Services, submitted: str
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, submitted)
    dialog = view.ask_decision(Action.ESCALATE)
    assert dialog.reviewer is not None
    reviewers = [dialog.reviewer.itemData(i) for i in range(dialog.reviewer.count())]
    assert "lmarques" in reviewers
    assert "supervisor" not in reviewers
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert dialog.focusWidget() is dialog.reviewer  # the reviewer is chosen first
    qtbot.keyClick(dialog.reviewer, Qt.Key.Key_Down)  # by keyboard alone
    assert dialog.reviewer.currentData() == reviewers[0]
    assert not dialog.ok_button.isEnabled()  # the reason is still missing
    while dialog.reviewer.currentData() != "lmarques":
        qtbot.keyClick(dialog.reviewer, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.reviewer, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.comment
    qtbot.keyClicks(dialog.comment, "Second incident in this street.")
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert (view.record.status, view.record.escalated_to) == (CaseStatus.ESCALATED, "lmarques")
    assert "Luís Marques" in view.text()
