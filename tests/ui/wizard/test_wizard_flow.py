"""The wizard's flow (issue 11, point 10): communication comes after the page where the victims
are named, drafts and review notes still open on their page, and the summary is a recap of the
whole case with what is missing on top."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.case import CaseRecord, PersonRole, SectionComment
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.ui.wizard.pages import PAGE_CLASSES
from app.ui.wizard.pages.communication import CommunicationPage
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.pages.summary import SummaryPage, go_to
from app.ui.wizard.wizard import CaseWizard, open_wizard
from tests.services.test_drafts import complete
from tests.ui.wizard.test_wizard_pages_b import realistic

STEP_IDS = [cls.step_id for cls in PAGE_CLASSES]


@pytest.fixture(autouse=True)
def _no_blocking_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(unexpected))


def shown(qtbot: QtBot, wizard: CaseWizard) -> CaseWizard:
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    return wizard


# ---------------------------------------------------------------------- the order of the pages


def test_communication_follows_the_page_where_the_victims_are_named(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    assert STEP_IDS.index("incident") + 1 == STEP_IDS.index("communication")
    wizard = shown(
        qtbot, open_wizard(None, demo_services, officer, demo_services.cases.create_draft(officer))
    )
    incident = next(p for p in wizard.pages if isinstance(p, IncidentPage))
    assert incident.add_victim.isVisibleTo(incident)
    # One order: the wizard's pages follow the pack's steps (the review dialog, the gaps).
    steps = [s.id for s in wizard.context.pack.steps if s.id in STEP_IDS]
    assert [s for s in STEP_IDS if s in steps] == steps


def test_a_victim_named_on_the_page_before_has_a_tab_on_communication(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    wizard = shown(
        qtbot, open_wizard(None, demo_services, officer, demo_services.cases.create_draft(officer))
    )
    assert go_to(wizard, "incident")
    incident = wizard.currentPage()
    assert isinstance(incident, IncidentPage)
    incident.add_person(PersonRole.VICTIM).name.setText("Amina")
    assert incident.dialog is not None
    incident.dialog.accept()
    wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, CommunicationPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Amina"]


@pytest.mark.parametrize("step", STEP_IDS)
def test_a_draft_saved_on_a_step_reopens_on_it(
    qtbot: QtBot, demo_services: Services, officer: Actor, step: str
) -> None:
    draft = demo_services.cases.create_draft(officer)
    record = realistic(draft.record, demo_services.backend.clock())
    demo_services.cases.save_draft(officer, draft.id, draft.version, record, step)
    opened = demo_services.cases.open_case(officer, draft.id, "Own case work")
    wizard = shown(qtbot, open_wizard(None, demo_services, officer, opened))
    assert wizard.current_step() == step


@pytest.mark.parametrize(
    ("sections", "opens_on"),
    [
        (("communication",), "communication"),
        (("incident",), "incident"),
        # Both commented: the first of them in the wizard's order.
        (("communication", "incident"), "incident"),
        (("evidence", "communication"), "communication"),
    ],
)
def test_review_notes_open_the_page_of_their_section(
    qtbot: QtBot, fresh_demo: Services, sections: tuple[str, ...], opens_on: str
) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    draft = fresh_demo.cases.create_draft(officer)
    clock = SimpleNamespace(now=fresh_demo.backend.clock())
    saved = fresh_demo.cases.save_draft(
        officer,
        draft.id,
        draft.version,
        complete(draft.record, clock),  # type: ignore[arg-type]
    )
    case = fresh_demo.cases.submit(officer, draft.id, saved.version)
    comments = tuple(SectionComment(s, f"About {s}?") for s in sections)
    fresh_demo.cases.apply(
        supervisor, case.id, case.version, Action.RETURN,
        Decision(comment="Please look again.", sections=comments),
    )  # fmt: skip
    opened = fresh_demo.cases.open_case(officer, case.id, "Own case work")
    wizard = shown(qtbot, open_wizard(None, fresh_demo, officer, opened))
    assert wizard.current_step() == opens_on
    for page in wizard.pages:
        noted = not page.review_note.isHidden()
        assert noted == (page.step_id in sections), page.step_id
        if page.step_id in sections:
            assert f"Reviewer's comment: About {page.step_id}?" in page.review_note.text()


# ---------------------------------------------------------------------- the summary as a recap


def open_on_summary(
    qtbot: QtBot, services: Services, officer: Actor, record_of: Callable[[CaseRecord], CaseRecord]
) -> CaseWizard:
    """A draft left on the last step before the summary, open in the wizard."""
    draft = services.cases.create_draft(officer)
    record = record_of(draft.record)
    services.cases.save_draft(officer, draft.id, draft.version, record, "coordination")
    opened = services.cases.open_case(officer, draft.id, "Own case work")
    wizard = shown(qtbot, open_wizard(None, services, officer, opened))
    return wizard


def test_the_summary_shows_what_is_missing_first_and_enter_goes_to_its_page(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    def without_language(record: CaseRecord) -> CaseRecord:
        record = realistic(record, demo_services.backend.clock())
        persons = tuple(replace(p, languages=()) if p.key == "P2" else p for p in record.persons)
        return replace(record, persons=persons)

    wizard = open_on_summary(qtbot, demo_services, officer, without_language)
    wizard.next()  # from coordination to the summary
    page = wizard.currentPage()
    assert isinstance(page, SummaryPage)
    # What is missing on top, the keyboard on it; the case to read below.
    qtbot.waitUntil(page.gap_list.hasFocus)
    assert (
        page.gap_list.mapTo(page, page.gap_list.rect().bottomLeft()).y()
        < page.recap.mapTo(page, page.recap.rect().topLeft()).y()
    )
    line = "Communication: the language of Yusuf Haddad is missing"
    lines = page.lines()
    assert line in lines, lines
    qtbot.keyClick(page.gap_list, Qt.Key.Key_Home)
    for _row in range(lines.index(line)):
        qtbot.keyClick(page.gap_list, Qt.Key.Key_Down)
    assert page.gap_list.currentItem().text() == line
    qtbot.keyClick(page.gap_list, Qt.Key.Key_Return)
    communication = wizard.currentPage()
    assert isinstance(communication, CommunicationPage)
    assert communication.tabs.currentWidget() is communication.tabs.forms()["P2"]


def test_the_recap_shows_the_case_section_by_section(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    wizard = open_on_summary(
        qtbot, demo_services, officer, lambda r: realistic(r, demo_services.backend.clock())
    )
    page = next(p for p in wizard.pages if isinstance(p, SummaryPage))
    assert go_to(wizard, "summary")
    text = page.recap.toPlainText()
    for recorded in (
        "Amina Haddad", "Yusuf Haddad", "João Pereira", "Rua do Benformoso 12",
        "A man shouted about her headscarf and pushed her son to the ground.",
        "Because of my headscarf.", "Slurs about Muslims", "Hate crime", "Anti-Muslim",
    ):  # fmt: skip
        assert recorded in text, recorded
    headings = [
        "Persons", "Incident", "Motives and classification", "Identification",
        "Rights information", "Needs assessment", "Consents", "Referrals", "Coordination",
        "Bias evidence",
    ]  # fmt: skip
    lines = text.splitlines()
    at = [lines.index(heading) for heading in headings]
    assert at == sorted(at), text
    assert "History" not in text  # a recap of what was recorded, not the case's life
    # Changed on its page, the recap shows the change when the officer comes back.
    assert go_to(wizard, "incident")
    incident = wizard.currentPage()
    assert isinstance(incident, IncidentPage)
    incident.place.setText("Largo do Intendente")
    assert go_to(wizard, "summary")
    assert "Largo do Intendente" in page.recap.toPlainText()


def test_a_complete_case_shows_only_the_recap_and_enter_in_it_submits(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    clock = SimpleNamespace(now=fresh_demo.backend.clock())

    def submittable(record: CaseRecord) -> CaseRecord:
        record = complete(record, clock)  # type: ignore[arg-type]
        reason = "Threatened again by the same men"  # the level chosen differs from the suggestion
        assessments = tuple(replace(a, risk_override_reason=reason) for a in record.assessments)
        return replace(record, assessments=assessments)

    wizard = open_on_summary(qtbot, fresh_demo, officer, submittable)
    wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, SummaryPage)
    assert page.lines() == []
    assert page.gap_list.isHidden()
    assert "Kofi Mensah" in page.recap.toPlainText()
    page.recap.setFocus()
    with qtbot.waitSignal(wizard.submitted) as signal:
        qtbot.keyClick(page.recap, Qt.Key.Key_Return)  # Enter means Submit, as on every page
    assert signal.args[0].record.status.value == "submitted"
