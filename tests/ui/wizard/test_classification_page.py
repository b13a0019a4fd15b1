"""The classification page with the keyboard: the main classification, the others that also
apply where the pack allows several, and the reason (issue 11, point 7)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.case import Person, PersonRole
from app.domain.completeness import missing_for_submission
from app.domain.languages import spoken
from app.services import Services
from app.services.context import Actor
from app.ui.wizard.base import WizardContext
from app.ui.wizard.pages.classification import ClassificationPage
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.pages.rights import RightsPage
from app.ui.wizard.wizard import CaseWizard
from tests.ui.wizard.test_wizard_pages_a import go_to, wizard  # noqa: F401 - the fixture

ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_main_others_and_reason_with_the_keyboard(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    wizard: CaseWizard,  # noqa: F811
) -> None:
    page = go_to(wizard, ClassificationPage)
    # Nothing to add to before a main classification is chosen.
    assert not any(box.isEnabled() for box in page.also_boxes.values())
    page.reason.setFocus()
    qtbot.keyClick(wizard, Qt.Key.Key_L, ALT)  # C&lassification
    assert page.unset.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # to the choice above "not classified yet"
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    assert page.classification() == "hate_crime"
    assert not page.also_boxes["hate_crime"].isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_P, ALT)  # Also a&pplies: the first that can be ticked
    assert page.also_boxes["hate_speech"].hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(wizard, Qt.Key.Key_W, ALT)  # &Why this classification
    assert page.reason.hasFocus()
    qtbot.keyClicks(page.reason, "Beaten and filmed; the film was posted with slurs.")
    record = wizard.record()
    assert record.classification == "hate_crime"
    assert record.additional_classifications == ("hate_speech",)
    assert record.classification_reason == "Beaten and filmed; the film was posted with slurs."
    assert wizard.save_now()

    # Reopened, it shows what was saved.
    again = ClassificationPage(
        WizardContext(demo_services, officer, wizard.context.pack, wizard.context.case_id)
    )
    qtbot.addWidget(again)
    again.load(record)
    assert again.classification() == "hate_crime"
    assert again.also_boxes["hate_speech"].isChecked()
    assert again.reason.toPlainText() == record.classification_reason
    # Unclassified again: no others are kept.
    again.unset.setChecked(True)
    assert again.store(record).additional_classifications == ()


def test_a_pack_with_one_classification_shows_no_others(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    wizard: CaseWizard,  # noqa: F811
) -> None:
    pack = replace(wizard.context.pack, several_classifications=False)
    page = ClassificationPage(WizardContext(demo_services, officer, pack, wizard.context.case_id))
    qtbot.addWidget(page)
    page.show()
    assert not page.also.isVisible()
    assert not page.also_caption.isVisible()


def test_the_spanish_reason_gap_shows_beside_the_reason(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    wizard: CaseWizard,  # noqa: F811
) -> None:
    es = demo_services.backend.pack("es-2020")
    page = go_to(wizard, ClassificationPage)
    issues = [i for i in missing_for_submission(wizard.record(), es) if "reason" in i.field]
    page.show_issues(issues)
    line = next(line for name, line in page._error_lines if name == "classification_reason")
    assert line.text() == "Is required"


def test_the_rights_page_records_the_spanish_offer_of_legal_actions(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    wizard: CaseWizard,  # noqa: F811
) -> None:
    es = demo_services.backend.pack("es-2020")
    page = RightsPage(WizardContext(demo_services, officer, es, wizard.context.case_id))
    qtbot.addWidget(page)
    victim = Person("P1", PersonRole.VICTIM, name="Kofi Mensah", languages=spoken("es"))
    record = replace(wizard.record(), persons=(victim,))
    page.load(record)
    answer = page.tabs.forms()["P1"].steps["offer_of_legal_actions"]
    assert answer.currentText() == "Not recorded yet"
    assert page.store(record).recorded_steps == ()
    answer.setFocus()
    qtbot.keyClick(answer, Qt.Key.Key_Down)  # Yes
    [step] = page.store(record).recorded_steps
    assert (step.step, step.person_key, step.done, step.by) == (
        "offer_of_legal_actions", "P1", True, "officer"
    )  # fmt: skip
    # Stored again unchanged, it keeps when it was recorded.
    page.load(replace(record, recorded_steps=(replace(step, at=step.at.replace(year=2025)),)))
    assert page.store(record).recorded_steps[0].at.year == 2025


def test_a_classification_that_does_not_fit_the_offences_is_flagged_with_the_guidance(
    wizard: CaseWizard,  # noqa: F811
) -> None:
    incident = go_to(wizard, IncidentPage)
    incident.offence_types.set_selected([])
    page = go_to(wizard, ClassificationPage)
    page.choose("hate_crime")
    assert not page.mismatch.isHidden()
    assert page.mismatch.text().startswith(
        "Classified as a crime, but no criminal offence type is recorded. A criminal offence"
    )  # the issue, then the pack's guidance for the classification chosen
    page.choose("non_crime_incident")
    assert page.mismatch.isHidden()
    while not isinstance(wizard.currentPage(), IncidentPage):  # < Back to what happened
        wizard.back()
    incident.offence_types.set_selected(["assault"])
    page = go_to(wizard, ClassificationPage)
    assert page.mismatch.text().startswith(
        "An offence type is recorded, but the classification is not a crime. Not a crime"
    )
    page.choose("hate_crime")
    assert page.mismatch.isHidden()
