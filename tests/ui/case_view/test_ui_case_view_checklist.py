"""The hate-case checklist beside the case: each check with its state in words, its reasons and a
link to its protocol step; the approve dialog's judgement checks; by keyboard alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from app.domain import checklist as domain_checklist
from app.domain.case import CaseStatus
from app.domain.checklist import JUDGEMENT_CHECKS, AuditFacts
from app.domain.protocol import load_pack
from app.domain.workflow import Action
from app.i18n.issues import MESSAGES
from app.paths import protocols
from app.services import Services
from app.services.context import Actor
from app.ui.case_view.view import CaseViewDialog, DecisionDialog
from app.ui.wording import CHECK_TITLES
from tests.helpers import Clock, record
from tests.services.test_drafts import complete

PACK = load_pack(protocols() / "eu-baseline.toml")


def submitted_case(services: Services) -> int:
    """A complete hate crime, submitted by the demo officer; its leaflet version is missing."""
    officer = services.accounts.authenticate("officer", "demo")
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, Clock(services.backend.clock()))
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    return services.cases.submit(officer, draft.id, saved.version).id


def view_of(qtbot: QtBot, services: Services, actor: Actor, case_id: int) -> CaseViewDialog:
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
def case_id(fresh_demo: Services) -> int:
    return submitted_case(fresh_demo)


def test_the_checklist_stands_beside_the_case_with_states_in_words(
    qtbot: QtBot, fresh_demo: Services, case_id: int
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, case_id)
    assert view.splitter.widget(0) is view.browser
    assert view.splitter.widget(1) is view.checklist
    assert view.checklist.isVisible()
    text = view.checklist.browser.toPlainText()
    assert "✓ Met\nClassification, motives and offence types recorded and consistent" in text
    assert (
        "✗ Not met\nRights given in a language the victim understands, leaflet version logged\n"
        "Victims whose leaflet version is not recorded: 1"
    ) in text
    assert (
        "– Not applicable\nInterpreter arranged where needed\nNo victim needs an interpreter."
        in (text)
    )
    assert "? Supervisor's judgement\nCommunity tension considered" in text
    assert view.checklist.heading.text() == "Hate-case chec&klist"


def test_following_a_check_by_keyboard_shows_its_step_and_its_section(
    qtbot: QtBot, fresh_demo: Services, case_id: int
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, case_id)
    view.resize(1180, 500)  # short: the case's sections lie below the fold
    with qtbot.waitActive(view):
        view.activateWindow()
    assert "Follow a check" in view.checklist.guidance.text()
    assert view.focusWidget() is view.browser
    qtbot.keyClick(view.browser, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # its heading
    assert view.focusWidget() is view.checklist.browser
    requested: list[str] = []
    view.checklist.step_requested.connect(requested.append)
    # Tab walks the links of the checklist: the fourth is the rights information.
    for _ in range(4):
        qtbot.keyClick(view.checklist.browser, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.checklist.browser
    qtbot.keyClick(view.checklist.browser, Qt.Key.Key_Return)
    assert requested == ["rights"]
    guidance = view.checklist.guidance.text()
    assert guidance.startswith("Protocol step: Inform the victim of their rights\n• Give the")
    assert view.browser.verticalScrollBar().value() > 0  # the case scrolled to its rights


def test_the_supervisor_ticks_judgement_checks_when_approving_by_keyboard(
    qtbot: QtBot, fresh_demo: Services, case_id: int
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, case_id)
    dialog = view.ask_decision(Action.APPROVE)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    assert dialog.judgement is not None
    assert list(dialog.judgement.boxes) == list(JUDGEMENT_CHECKS)
    assert "Rights given in a language" in dialog.judgement.unmet.text()  # seen before approving
    assert dialog.focusWidget() is dialog.comment
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Backtab)  # back from the comment to the checks
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    assert dialog.focusWidget() is dialog.judgement.boxes["attendance"]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    assert dialog.focusWidget() is dialog.judgement.boxes["proportionality"]
    dialog.comment.setFocus()
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert view.record.status is CaseStatus.APPROVED
    assert view.record.reviews[-1].checks == ("proportionality", "attendance")
    # The checklist now shows them confirmed.
    assert "✓ Met\nWhether to attend the scene considered" in view.checklist.browser.toPlainText()


def test_other_decisions_ask_no_checks(qtbot: QtBot, fresh_demo: Services, case_id: int) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    view = view_of(qtbot, fresh_demo, supervisor, case_id)
    dialog = view.ask_decision(Action.RETURN)
    assert isinstance(dialog, DecisionDialog)
    assert dialog.judgement is None
    assert dialog.findChildren(QCheckBox) == []
    dialog.reject()


def test_the_officer_sees_the_checklist_of_their_case(
    qtbot: QtBot, fresh_demo: Services, case_id: int
) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    view = view_of(qtbot, fresh_demo, officer, case_id)
    assert view.checklist.isVisible()
    assert "Victims whose leaflet version is not recorded: 1" in (
        view.checklist.browser.toPlainText()
    )


def test_a_view_without_services_shows_no_checklist(
    qtbot: QtBot, fresh_demo: Services, case_id: int
) -> None:
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    opened = fresh_demo.cases.open_case(supervisor, case_id, "Supervisor review")
    view = CaseViewDialog(opened.record, fresh_demo.backend.pack("eu-baseline"))
    qtbot.addWidget(view)
    view.show()
    assert not view.checklist.isVisible()


def test_every_check_has_a_title_and_every_reason_a_message() -> None:
    ids = [c.id for c in domain_checklist.checklist(record(), PACK, AuditFacts())]
    assert set(ids) == set(CHECK_TITLES)
    source = Path(domain_checklist.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'"(check_\w+)"', source))
    assert len(codes) > 25
    assert codes <= set(MESSAGES)
