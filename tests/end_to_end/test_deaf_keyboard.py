"""A deaf victim with a sign-language interpreter entered with the keyboard only, through the
real window (Dir. 2012/29/EU Art. 3 and 7): Finnish Sign Language preferred, Finnish read, the
leaflet in the language she reads, her consent given in sign language."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus, ConsentMethod, ConsentPurpose, PersonRole
from app.domain.languages import SpokenLanguage
from app.services import Services
from app.services.context import Actor
from app.ui.main_window import MainWindow
from app.ui.widgets.dates import TypedDateField
from app.ui.widgets.languages import READS
from app.ui.wizard.consent_dialog import ConsentDialog
from app.ui.wizard.pages.assessment import AssessmentPage
from app.ui.wizard.pages.classification import ClassificationPage
from app.ui.wizard.pages.communication import CommunicationPage
from app.ui.wizard.pages.coordination import CoordinationPage
from app.ui.wizard.pages.evidence import EvidencePage
from app.ui.wizard.pages.identification import IdentificationPage, PerceptionDialog
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
from app.ui.wizard.pages.referral import ReferralPage
from app.ui.wizard.pages.rights import RightsPage
from app.ui.wizard.pages.summary import SummaryPage
from tests.end_to_end.conftest import local_minute, shown_as_submitted, type_datetime
from tests.end_to_end.test_keyboard_only import (
    Qt,
    alt,
    alt_to_page,
    arrow_to,
    ctrl_n,
    enter_for_next,
    focus,
    press,
    submit_with_alt_s,
    tab_to,
    tick_in_focused_list,
    type_into_focus,
    wait_for_dialog,
    wait_for_dialog_closed,
)


# Typing a language opens the completer's popup, which the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_deaf_victim_with_an_interpreter_by_keyboard(
    qtbot: QtBot, main_window: MainWindow, station: Services, officer: Actor
) -> None:
    """A deaf woman mocked for signing on the metro: her sign language, the interpreter in it,
    the rights leaflet in Finnish, and a referral with consent given in sign language."""
    occurred = local_minute(datetime.now().astimezone() - timedelta(hours=2))
    wizard = ctrl_n(qtbot, main_window)
    case_id = wizard.case_id

    # ---- First response: Alt+D to immediate danger.
    alt(qtbot, "d")
    arrow_to(qtbot, False)

    # ---- What happened, and the victim through the person dialog.
    incident = enter_for_next(qtbot, wizard, IncidentPage)
    field = focus()
    assert isinstance(field, TypedDateField)
    type_datetime(qtbot, field, occurred)
    alt(qtbot, "p")
    type_into_focus(qtbot, "Metro Baixa-Chiado, platform to Odivelas")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "Chiado")
    press(qtbot, Qt.Key.Key_Tab)
    arrow_to(qtbot, "public_transport")
    alt(qtbot, "a")
    type_into_focus(
        qtbot, "Two men mimicked her signing, laughed at her and knocked her phone to the floor."
    )
    press(qtbot, Qt.Key.Key_Tab)
    tick_in_focused_list(qtbot, "assault")
    alt(qtbot, "y")
    arrow_to(qtbot, "victim")
    alt(qtbot, "v")  # "Add &victim"
    dialog = wait_for_dialog(qtbot, PersonDialog)
    alt(qtbot, "n")
    type_into_focus(qtbot, "Aino Virtanen")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog_closed(qtbot, dialog, wizard)
    assert [(p.key, p.role) for p in incident.persons()] == [("P1", PersonRole.VICTIM)]

    # ---- Communication: Finnish Sign Language by its name, Finnish by its code.
    communication = alt_to_page(qtbot, wizard, "n", CommunicationPage)
    form = communication.tabs.forms()["P1"]
    languages = form.languages
    alt(qtbot, "l")
    assert languages.isAncestorOf(focus())  # the picker's line
    type_into_focus(qtbot, "Finnish Sign Language")
    press(qtbot, Qt.Key.Key_Return)  # added; the first is preferred
    type_into_focus(qtbot, "fi")
    press(qtbot, Qt.Key.Key_Return)
    assert [x.code for x in languages.languages()] == ["fse", "fi"]
    # A sign language is not read: Tab to the table, Up to her sign language, Right to
    # "Reads it", Space.
    tab_to(qtbot, languages.table)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Right)
    assert (languages.table.currentRow(), languages.table.currentColumn()) == (0, READS)
    press(qtbot, Qt.Key.Key_Space)
    assert languages.languages() == (
        SpokenLanguage("fse", reads=False, preferred=True),
        SpokenLanguage("fi", reads=True, preferred=False),
    )
    # Alt+I: an interpreter, in her preferred language.
    alt(qtbot, "i")
    assert focus() is form.interpreter
    qtbot.waitUntil(form.interpreter.isChecked)
    assert form.interpreter_language.isEnabled()
    assert form.interpreter_language.code() == "fse"
    alt(qtbot, "e")
    assert focus() is form.accessibility
    type_into_focus(qtbot, "Finnish Sign Language interpreter; writes notes in Finnish")
    alt_to_page(qtbot, wizard, "n", EvidencePage)
    type_into_focus(qtbot, "Mimicked signing, no words")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)

    # ---- Identification: her perception, one indicator, the motive.
    identification = enter_for_next(qtbot, wizard, IdentificationPage)
    alt(qtbot, "a")
    perception = wait_for_dialog(qtbot, PerceptionDialog)
    assert perception.person.currentData() == "P1"
    alt(qtbot, "a")
    type_into_focus(qtbot, "They mocked my language because I cannot hear.")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)  # OK
    wait_for_dialog_closed(qtbot, perception, wizard)
    comments_tick, _comments_note = identification.indicators["comments_gestures"]
    alt(qtbot, "w")
    qtbot.waitUntil(comments_tick.isChecked)
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "Mimicked her signing, laughing")
    tab_to(qtbot, identification.motives.list)
    tick_in_focused_list(qtbot, "disability")

    classification = enter_for_next(qtbot, wizard, ClassificationPage)
    alt(qtbot, "h")
    qtbot.waitUntil(classification.buttons["hate_crime"].isChecked)

    # ---- Rights: the leaflet defaults to the language she reads among the printable ones.
    rights = enter_for_next(qtbot, wizard, RightsPage).tabs.forms()["P1"]
    assert rights.language.currentData() == "fi"
    alt(qtbot, "i")
    qtbot.waitUntil(rights.given.isChecked)
    assert rights.language.currentData() == "fi"
    alt(qtbot, "p")  # "Free inter&preter provided"
    assert focus() is rights.interpreter
    qtbot.waitUntil(rights.interpreter.isChecked)

    # ---- Assessment: her disability, the bias; protection needs by Alt+D.
    assessment = enter_for_next(qtbot, wizard, AssessmentPage).tabs.forms()["P1"]
    tab_to(qtbot, assessment.factor_lists["personal"].list)
    tick_in_focused_list(qtbot, "disability")
    press(qtbot, Qt.Key.Key_Tab)
    tick_in_focused_list(qtbot, "bias_motive")
    alt(qtbot, "d")
    assert focus() is assessment.protection
    arrow_to(qtbot, True)

    # ---- Referral: she accepts; the consent given in sign language, Alt+L.
    referral = enter_for_next(qtbot, wizard, ReferralPage).tabs.forms()["P1"]
    alt(qtbot, "p")
    type_into_focus(qtbot, "+351 915 000 222")  # text messages only
    alt(qtbot, "a")
    arrow_to(qtbot, "accepts")
    # No service of the directory lists her sign language nor Finnish: the services are not
    # filtered by a language, rather than by one that leaves none.
    assert referral.language_filter.currentData() == ""
    assert not referral.no_services.isVisible()
    alt(qtbot, "r")
    assert focus() is referral.table
    for _row in range(referral.table.rowCount()):
        entry = referral.selected_entry()
        if entry is not None and entry.code == "disability-rights":
            break
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # consent first
    consent = wait_for_dialog(qtbot, ConsentDialog)
    alt(qtbot, "l")  # "In sign &language"
    qtbot.waitUntil(consent.sign_language.isChecked)
    assert focus() is consent.sign_language
    alt(qtbot, "t")
    qtbot.waitUntil(consent.withdrawal.isChecked)
    alt(qtbot, "y")  # the service may report back to the police
    qtbot.waitUntil(consent.feedback_yes.isChecked)
    press(qtbot, Qt.Key.Key_Return)  # "Record consent"
    wait_for_dialog_closed(qtbot, consent, wizard)
    assert referral.referral_list.count() == 1
    alt(qtbot, "p")  # back to a one-line field: Enter goes on

    # ---- The record as the wizard holds it before submission.
    [aino] = wizard.record().victims()
    assert aino.languages == (
        SpokenLanguage("fse", reads=False, preferred=True),
        SpokenLanguage("fi", reads=True, preferred=False),
    )
    assert (aino.interpreter_needed, aino.interpreter_language) == (True, "fse")

    # ---- Coordination, summary, submit.
    coordination = enter_for_next(qtbot, wizard, CoordinationPage)
    alt(qtbot, "p")
    qtbot.waitUntil(coordination.prosecutor.check.isChecked)
    alt(qtbot, "o")
    type_into_focus(qtbot, "DIAP Lisboa")
    enter_for_next(qtbot, wizard, SummaryPage)
    submit_with_alt_s(qtbot, wizard)

    case = station.cases.open_case(officer, case_id, "check").record
    assert case.status is CaseStatus.SUBMITTED
    shown_as_submitted(qtbot, main_window, case.reference)
    [aino] = case.victims()
    assert (aino.name, aino.language) == ("Aino Virtanen", "fse")
    assert aino.languages == (
        SpokenLanguage("fse", reads=False, preferred=True),
        SpokenLanguage("fi", reads=True, preferred=False),
    )
    assert (aino.interpreter_needed, aino.interpreter_language) == (True, "fse")
    assert aino.accessibility_needs.startswith("Finnish Sign Language interpreter")
    [given] = case.rights
    assert (given.person_key, given.leaflet_language) == ("P1", "fi")
    assert given.interpreter_provided
    granted, feedback = case.consents
    assert (granted.purpose, feedback.purpose) == (
        ConsentPurpose.REFERRAL,
        ConsentPurpose.FEEDBACK_TO_POLICE,
    )
    assert granted.granted
    assert feedback.granted
    assert granted.method is feedback.method is ConsentMethod.SIGN_LANGUAGE
    assert granted.withdrawal_explained
    [made] = case.referrals
    assert made.consent_key == granted.key
    assert made.service_code == "disability-rights"
