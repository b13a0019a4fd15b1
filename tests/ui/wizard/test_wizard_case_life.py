"""The wizard in the case's life: a returned case opens on its first commented page with each
comment beside its fields; dropping every bias motive asks why; an approved case is corrected by
a supplement, from the case view, kept only with its reason."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus, ReviewDecision, SectionComment
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.cases import OpenedCase
from app.services.context import Actor
from app.ui.case_view.view import CaseViewDialog
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.wizard import CaseWizard, open_wizard
from tests.services.test_drafts import complete


def submitted_case(services: Services, officer: Actor) -> OpenedCase:
    draft = services.cases.create_draft(officer)
    clock = SimpleNamespace(now=services.backend.clock())
    saved = services.cases.save_draft(
        officer,
        draft.id,
        draft.version,
        complete(draft.record, clock),  # type: ignore[arg-type]
    )
    return services.cases.submit(officer, draft.id, saved.version)


@pytest.fixture
def people(fresh_demo: Services) -> tuple[Actor, Actor]:
    return (
        fresh_demo.accounts.authenticate("officer", "demo"),
        fresh_demo.accounts.authenticate("supervisor", "demo"),
    )


def shown(qtbot: QtBot, wizard: CaseWizard) -> CaseWizard:
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # looked at after it closes
    qtbot.addWidget(wizard)
    return wizard


def test_a_returned_case_opens_on_its_first_commented_page(
    qtbot: QtBot, fresh_demo: Services, people: tuple[Actor, Actor]
) -> None:
    officer, supervisor = people
    case = submitted_case(fresh_demo, officer)
    comments = (SectionComment("rights", "Which leaflet?"), SectionComment("evidence", "CCTV?"))
    fresh_demo.cases.apply(
        supervisor, case.id, case.version, Action.RETURN,
        Decision(comment="Two points, please.", sections=comments),
    )  # fmt: skip
    opened = fresh_demo.cases.open_case(officer, case.id, "Own case work")
    wizard = shown(qtbot, open_wizard(None, fresh_demo, officer, opened))
    page = wizard.currentPage()
    assert page.step_id == "evidence"  # the wizard's order, not the order of the comments
    assert page.review_note.isVisible()
    assert page.review_note.text() == (
        "Carlos Mendes returned the case: Two points, please.\n\nReviewer's comment: CCTV?"
    )
    notes = {p.step_id: p.review_note.text() for p in wizard.pages if not p.review_note.isHidden()}
    assert notes["rights"] == "Reviewer's comment: Which leaflet?"
    assert set(notes) == {"evidence", "rights"}


def test_dropping_every_bias_motive_asks_why_and_is_marked(
    qtbot: QtBot,
    fresh_demo: Services,
    people: tuple[Actor, Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    officer, supervisor = people
    case = submitted_case(fresh_demo, officer)
    returned = fresh_demo.cases.apply(supervisor, case.id, case.version, Action.RETURN, "Sure?")
    no_bias = replace(returned.record, motives=())
    saved = fresh_demo.cases.save_draft(officer, case.id, returned.version, no_bias)
    wizard = shown(qtbot, open_wizard(None, fresh_demo, officer, saved))
    summary = wizard.pages[-1]
    assert not any("bias motive" in line for line in summary.lines())  # a reason, not a motive
    questions: list[str] = []
    answers = iter([("  ", True), ("A quarrel over parking, witnesses agree.", True)])

    def answer(_parent: object, _title: str, question: str) -> tuple[str, bool]:
        questions.append(question)
        return next(answers)

    monkeypatch.setattr("app.ui.wizard.wizard.QInputDialog.getMultiLineText", answer)
    with qtbot.waitSignal(wizard.submitted) as done:
        wizard.accept()
    assert len(questions) == 2  # a blank reason is asked again
    assert "Every bias motive was removed" in questions[0]
    entry = done.args[0].record.reviews[-1]
    assert (entry.decision, entry.hate_flag_removed, entry.comment) == (
        ReviewDecision.SUBMIT,
        True,
        "A quarrel over parking, witnesses agree.",
    )


def test_an_approved_case_is_corrected_from_the_case_view_by_a_supplement(
    qtbot: QtBot,
    fresh_demo: Services,
    people: tuple[Actor, Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    officer, supervisor = people
    case = submitted_case(fresh_demo, officer)
    fresh_demo.cases.apply(supervisor, case.id, case.version, Action.APPROVE)
    opened = fresh_demo.cases.open_case(officer, case.id, "Own case work")
    pack = fresh_demo.backend.pack(opened.record.protocol_pack)
    view = CaseViewDialog(
        opened.record, pack, None, user_names=opened.user_names,
        printing=(fresh_demo, officer), case=opened,
    )  # fmt: skip
    qtbot.addWidget(view)
    assert Action.SUPPLEMENT in view.decision_buttons
    wizard = view.correct()
    assert wizard is not None
    shown(qtbot, wizard)
    assert wizard.supplement
    assert wizard.windowTitle().startswith("Correcting case ")
    incident = next(p for p in wizard.pages if isinstance(p, IncidentPage))
    incident.place.setText("Rua do Benformoso 14")
    assert "save the supplement" in wizard.status.text()
    wizard.save_now()  # a page change or the timer saves nothing in a correction
    assert fresh_demo.cases.open_case(officer, case.id, "check").record.place == (
        "Rua do Benformoso 12"
    )
    monkeypatch.setattr(
        "app.ui.wizard.wizard.QInputDialog.getMultiLineText",
        lambda *_args: ("Wrong house number.", True),
    )
    wizard.accept()
    assert view.record.status is CaseStatus.APPROVED
    assert view.record.place == "Rua do Benformoso 14"
    entry = view.record.reviews[-1]
    assert (entry.decision, entry.comment) == (ReviewDecision.SUPPLEMENT, "Wrong house number.")
    assert "What this supplement changed" in view.text()
    assert "Rua do Benformoso 12\nRua do Benformoso 14" in view.text()


def test_closing_a_correction_unsaved_asks_first(
    qtbot: QtBot,
    fresh_demo: Services,
    people: tuple[Actor, Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    officer, supervisor = people
    case = submitted_case(fresh_demo, officer)
    approved = fresh_demo.cases.apply(supervisor, case.id, case.version, Action.APPROVE)
    wizard = shown(qtbot, open_wizard(None, fresh_demo, officer, approved, supplement=True))
    asked: list[str] = []
    monkeypatch.setattr(
        "app.ui.wizard.wizard.QMessageBox.question",
        lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.No,
    )
    wizard.reject()  # nothing changed: closes without asking
    assert asked == []
    wizard = shown(qtbot, open_wizard(None, fresh_demo, officer, approved, supplement=True))
    next(p for p in wizard.pages if isinstance(p, IncidentPage)).place.setText("Elsewhere")
    wizard.reject()
    assert len(asked) == 1
    assert wizard.isVisible()  # "No": the correction stays open
