"""The case view's follow-up (issue 12, points 3, 6, 7): the coordination log, the victim's
re-contacts and links, each driven by the keyboard alone; refusals shown by their fields with
nothing typed lost; the offer of the likely same incident, in the case view and on the wizard's
summary page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus, CoordinationKind, LinkKind, SharedData
from app.domain.workflow import Action
from app.services import Services
from app.ui.case_view.coordination import AddCoordinationDialog, CoordinationLogDialog
from app.ui.case_view.links import LinkDialog
from app.ui.case_view.recontact import RecontactDialog, RecontactsDialog
from app.ui.case_view.view import CaseViewDialog
from app.ui.widgets.dates import TypedDateField
from app.ui.wizard.pages.summary import SummaryPage, go_to
from app.ui.wizard.wizard import open_wizard
from tests.services.test_cases import add_case
from tests.ui.case_view.test_ui_case_view_decisions import view_of
from tests.ui.keyboard_checks import assert_unique, visible_mnemonics

PLACE = "Rua Inventada 7"  # no demo case is there
MOTIVES = ("racist_xenophobic",)


ALT = Qt.KeyboardModifier.AltModifier
D = TypeVar("D", bound=QDialog)


def alt(qtbot: QtBot, window: QWidget, letter: str) -> None:
    """Alt and an underlined letter in the active window, as the officer presses them."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key(ord(letter.upper())), ALT)


def modal(qtbot: QtBot, kind: type[D]) -> D:
    """The dialog of `kind` that opened (a button's mnemonic presses it after a flash)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def typed_date(field: TypedDateField, day: date) -> str:
    """A date as the officer types it in the screen language."""
    return field.locale().toString(QDate(day.year, day.month, day.day), field.displayFormat())


def error(dialog: QWidget, name: str) -> str:
    label = dialog.findChild(QWidget, f"{name}_error")
    assert label is not None, name
    return label.text() if label.isVisible() else ""  # type: ignore[attr-defined]


@pytest.fixture
def own_case(fresh_demo: Services) -> str:
    at = fresh_demo.backend.clock() - timedelta(days=1)
    return add_case(
        fresh_demo, status=CaseStatus.SUBMITTED, place=PLACE, occurred_at=at, motives=MOTIVES
    )


def officer_view(qtbot: QtBot, services: Services, reference: str) -> CaseViewDialog:
    officer = services.accounts.authenticate("officer", "demo")
    return view_of(qtbot, services, officer, reference)


def test_a_coordination_entry_by_keyboard_refused_then_added(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    button = view.follow_ups.buttons[Action.COORDINATE]
    assert button.isEnabled()
    assert button.text() == "Coordination lo&g…"
    alt(qtbot, view, "g")
    log = modal(qtbot, CoordinationLogDialog)
    assert log.table.rowCount() == 0
    alt(qtbot, log, "a")
    dialog = modal(qtbot, AddCoordinationDialog)
    qtbot.waitUntil(dialog.kind.hasFocus)
    assert dialog.chosen_kind() is CoordinationKind.PROSECUTOR
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Lisbon prosecutor's office")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # the date: now
    assert focused() is dialog.sent_at
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "NUIPC 123/26")
    # Nothing ticked as sent: refused under "What was sent", everything typed kept.
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert error(dialog, "coordination_data_sent") == "Is required"
    assert dialog.recipient.text() == "Lisbon prosecutor's office"
    assert dialog.reference.text() == "NUIPC 123/26"
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.data_boxes[SharedData.REPORT]
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert log.table.rowCount() == 1
    [event] = view.record.coordination
    assert (event.kind, event.recipient, event.reference_number, event.data_sent) == (
        CoordinationKind.PROSECUTOR, "Lisbon prosecutor's office", "NUIPC 123/26",
        (SharedData.REPORT,),
    )  # fmt: skip
    assert event.basis == "Statutory duty"
    assert not event.automatic
    cells = [log.table.item(0, c).text() for c in range(log.table.columnCount())]
    assert cells[6] == "By hand"


def test_a_community_impact_note_has_a_text_instead_of_data(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    log = view.follow_ups.show_log()
    assert log is not None
    log.ask_entry()
    dialog = modal(qtbot, AddCoordinationDialog)
    qtbot.waitUntil(dialog.kind.hasFocus)
    while dialog.chosen_kind() is not CoordinationKind.COMMUNITY_IMPACT:
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert not dialog.data.isVisible()
    assert dialog.note.isVisible()
    assert not dialog.under.isVisible()
    alt(qtbot, dialog, "c")
    assert focused() is dialog.note
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # an empty note: refused by its field
    qtbot.keyClicks(dialog.note, "Families of the street fear going out in the evening.")
    assert error(dialog, "coordination_content") == ""  # cleared only on the next try
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    [event] = view.record.coordination
    assert event.kind is CoordinationKind.COMMUNITY_IMPACT
    assert event.data_sent == ()
    assert event.content == "Families of the street fear going out in the evening."


def test_a_civil_society_contact_goes_under_anonymised_facts(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    log = view.follow_ups.show_log()
    assert log is not None
    log.ask_entry()
    dialog = modal(qtbot, AddCoordinationDialog)
    while dialog.chosen_kind() is not CoordinationKind.CIVIL_SOCIETY:
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.under.isVisible()
    assert dialog.under.currentText() == "Anonymised facts only"
    alt(qtbot, dialog, "r")
    qtbot.keyClicks(focused(), "SOS Racismo")
    alt(qtbot, dialog, "w")
    assert focused() is dialog.data_boxes[SharedData.REPORT]
    for _box in range(list(SharedData).index(SharedData.ANONYMISED_FACTS)):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.data_boxes[SharedData.ANONYMISED_FACTS]
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    [event] = view.record.coordination
    assert (event.anonymised, event.consent_key, event.basis) == (
        True, None, "Anonymised facts for community reassurance",
    )  # fmt: skip
    assert "Anonymised facts only" in [
        log.table.item(0, c).text() for c in range(log.table.columnCount())
    ]


def test_recontacts_a_date_refused_then_a_contact_recorded(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    alt(qtbot, view, "s")
    contacts = modal(qtbot, RecontactsDialog)
    alt(qtbot, contacts, "n")
    dialog = modal(qtbot, RecontactDialog)
    assert dialog.next_only
    assert focused() is dialog.next_on
    today = fresh_demo.backend.clock().date()
    qtbot.keyClicks(dialog.next_on, typed_date(dialog.next_on, today))
    qtbot.keyClick(dialog.next_on, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Ask whether the service called")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()  # today is no date ahead: refused by the date, the note kept
    assert error(dialog, "recontact_next_on")
    assert dialog.note.text() == "Ask whether the service called"
    alt(qtbot, dialog, "n")
    qtbot.keyClicks(dialog.next_on, typed_date(dialog.next_on, today + timedelta(days=14)))
    qtbot.keyClick(dialog.next_on, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert contacts.table.rowCount() == 1
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is contacts)
    alt(qtbot, contacts, "r")
    record = modal(qtbot, RecontactDialog)
    assert not record.next_only
    assert focused() is record.result_text
    qtbot.keyClicks(record.result_text, "Safe; the service called her")
    qtbot.keyClick(record.result_text, Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    [contact] = view.record.follow_ups
    assert (contact.due_on, contact.result, contact.done_by, contact.note) == (
        today + timedelta(days=14), "Safe; the service called her", "officer",
        "Ask whether the service called",
    )  # fmt: skip
    assert contacts.table.item(0, 4).text() == "Safe; the service called her"


def test_the_likely_same_incident_is_offered_and_linked_by_keyboard(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    at = fresh_demo.backend.clock() - timedelta(days=1, hours=3)
    earlier = add_case(
        fresh_demo, status=CaseStatus.APPROVED, place=PLACE.upper(), occurred_at=at,
        motives=MOTIVES, officer="lmarques",
    )  # fmt: skip
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    offer = view.follow_ups.offer
    assert offer.isVisible()
    [line] = offer.lines()
    assert line.startswith(f"Possibly the same incident as {earlier} (")
    [button] = offer.buttons
    assert button.text() == "L&ink…"
    assert_unique(visible_mnemonics(view))
    alt(qtbot, view, "i")
    dialog = modal(qtbot, LinkDialog)
    assert dialog.other.text() == earlier
    assert focused() is dialog.kind
    assert not dialog.basis.isVisible()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # a series: what it shares is asked
    assert dialog.basis.isVisible()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Up)
    alt(qtbot, dialog, "n")
    qtbot.keyClicks(focused(), "Same attack, reported by a witness")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    [link] = view.record.links
    assert (link.other, link.kind, link.note) == (
        earlier, LinkKind.SAME_INCIDENT, "Same attack, reported by a witness",
    )  # fmt: skip
    assert not offer.isVisible()  # linked: offered no more
    text = view.text()
    assert "Linked cases" in text
    assert earlier in text


def test_a_link_refused_is_shown_by_its_field(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    alt(qtbot, view, "w")
    dialog = modal(qtbot, LinkDialog)
    assert focused() is dialog.other
    qtbot.keyClicks(dialog.other, own_case)
    qtbot.keyClick(dialog.other, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert error(dialog, "link_other")
    alt(qtbot, dialog, "o")
    qtbot.keyClicks(dialog.other, "LIS-01-2026-999999")
    qtbot.keyClick(dialog.other, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert error(dialog, "link_other")
    assert view.record.links == ()


def test_a_draft_is_offered_the_link_for_after_submission(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    at = fresh_demo.backend.clock() - timedelta(days=1)
    draft = add_case(
        fresh_demo, status=CaseStatus.DRAFT, place=PLACE, occurred_at=at, motives=MOTIVES
    )
    view = officer_view(qtbot, fresh_demo, draft)
    assert view.follow_ups is not None
    assert not any(b.isEnabled() for b in view.follow_ups.buttons.values())
    offer = view.follow_ups.offer
    assert offer.isVisible()
    assert offer.buttons == []
    [line] = offer.lines()
    assert own_case in line
    assert "once the case is submitted." in line


def test_the_wizard_summary_offers_the_link(
    qtbot: QtBot, fresh_demo: Services, own_case: str
) -> None:
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    at = fresh_demo.backend.clock() - timedelta(days=1)
    draft = add_case(
        fresh_demo, status=CaseStatus.DRAFT, place=PLACE, occurred_at=at, motives=MOTIVES
    )
    case_id, _version = fresh_demo.cases.locate(officer, draft)
    opened = fresh_demo.cases.open_case(officer, case_id, "Own case work")
    wizard = open_wizard(None, fresh_demo, officer, opened)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    assert go_to(wizard, "summary")
    page = wizard.currentPage()
    assert isinstance(page, SummaryPage)
    qtbot.waitUntil(page.link_offer.isVisible)
    assert page.link_offer.buttons == []
    [line] = page.link_offer.lines()
    assert own_case in line
    assert "once the case is submitted." in line
