"""A child victim and her mother entered with the keyboard only, through the real window
(Dir. 2012/29/EU Art. 24: the guardian is a person of the case, with relation and language)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.case import ConsentMethod, ConsentPurpose, GuardianRelation, PersonRole
from app.domain.completeness import missing_for_submission
from app.services import Services
from app.services.context import Actor
from app.ui.main_window import MainWindow
from app.ui.wizard.consent_dialog import ConsentDialog
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
from app.ui.wizard.pages.referral import ReferralPage
from tests.end_to_end.test_keyboard_only import (
    Qt,
    alt,
    arrow_to,
    ctrl_n,
    focus,
    press,
    type_into_focus,
    wait_for_dialog,
    wait_for_dialog_closed,
    wait_for_page_after,
)


def test_a_child_and_her_guardian_by_keyboard(
    qtbot: QtBot, main_window: MainWindow, station: Services, officer: Actor
) -> None:
    wizard = ctrl_n(qtbot, main_window)
    for _page in range(len(wizard.pages)):  # Enter (Next) to the persons, wherever they come
        if isinstance(wizard.currentPage(), IncidentPage):
            break
        press(qtbot, Qt.Key.Key_Return)
    incident = wizard.currentPage()
    assert isinstance(incident, IncidentPage)

    # The girl: Alt+V, her name, the band "under 18" by the arrow keys; the minor box follows,
    # read-only.
    alt(qtbot, "v")
    dialog = wait_for_dialog(qtbot, PersonDialog)
    alt(qtbot, "n")
    assert focus() is dialog.name
    type_into_focus(qtbot, "Leila Haddad")
    alt(qtbot, "d")
    assert focus() is dialog.age_band
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.age_band_value() == "under 18"
    assert dialog.is_minor.isChecked()
    assert not dialog.is_minor.isEnabled()
    alt(qtbot, "n")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog_closed(qtbot, dialog, wizard)

    # Her mother: Alt+G adds a guardian of the selected child; relation, phone, language.
    alt(qtbot, "g")
    dialog = wait_for_dialog(qtbot, PersonDialog)
    assert dialog.guardian_of.isVisible()
    assert dialog.guardian_of.currentData() == "P1"
    alt(qtbot, "n")
    type_into_focus(qtbot, "Amina Haddad")
    alt(qtbot, "w")
    assert focus() is dialog.relation
    arrow_to(qtbot, GuardianRelation.PARENT.value)
    alt(qtbot, "p")
    assert focus() is dialog.phone
    type_into_focus(qtbot, "+351 910 000 000")
    alt(qtbot, "u")
    assert focus() is dialog.language
    arrow_to(qtbot, "ar")
    alt(qtbot, "n")
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog_closed(qtbot, dialog, wizard)

    child, guardian = wizard.record().persons
    assert (child.key, child.role, child.age_band) == ("P1", PersonRole.VICTIM, "under 18")
    assert (guardian.key, guardian.role, guardian.guardian_of) == ("P2", PersonRole.GUARDIAN, "P1")
    assert (guardian.name, guardian.relation, guardian.phone, guardian.language) == (
        "Amina Haddad", GuardianRelation.PARENT, "+351 910 000 000", "ar",
    )  # fmt: skip
    issues = missing_for_submission(wizard.record(), wizard.context.pack)
    assert not [i for i in issues if i.field.startswith("guardian")]
    # The table says who is the child.
    assert incident.people.item(0, 1).text() == "Leila Haddad — minor"
    assert incident.people.item(1, 0).text() == "Guardian"

    # ---- Referral (Alt+N to it): the girl accepts; the consent is her mother's, chosen by
    # Alt+B in the dialog, and the girl's own views are heard apart (Alt+H).
    while not isinstance(wizard.currentPage(), ReferralPage):
        before = wizard.currentPage()
        alt(qtbot, "n")
        wait_for_page_after(qtbot, wizard, before)
    referral = wizard.currentPage()
    assert isinstance(referral, ReferralPage)
    form = referral.tabs.forms()["P1"]
    alt(qtbot, "a")
    assert focus() is form.decision
    arrow_to(qtbot, "accepts")
    alt(qtbot, "r")
    assert focus() is form.table
    for _row in range(form.table.rowCount()):
        entry = form.selected_entry()
        if entry is not None and entry.code == "child-support-lisbon":
            break
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # consent first
    consent = wait_for_dialog(qtbot, ConsentDialog)
    alt(qtbot, "o")
    qtbot.waitUntil(consent.oral.isChecked)
    alt(qtbot, "u")  # "Given by the g&uardian"
    assert focus() is consent.given_by
    arrow_to(qtbot, "P2")
    alt(qtbot, "h")  # "The c&hild's own views"
    assert focus() is consent.child_views
    type_into_focus(qtbot, "She wants to talk to someone at school.")
    alt(qtbot, "t")
    qtbot.waitUntil(consent.withdrawal.isChecked)
    alt(qtbot, "y")  # the service may report back to the police
    qtbot.waitUntil(consent.feedback_yes.isChecked)
    alt(qtbot, "h")  # back to a one-line field, where Enter means "Record consent"
    press(qtbot, Qt.Key.Key_Return)
    wait_for_dialog_closed(qtbot, consent, wizard)
    assert form.referral_list.count() == 1

    granted, feedback = wizard.record().consents
    assert (granted.purpose, feedback.purpose) == (
        ConsentPurpose.REFERRAL,
        ConsentPurpose.FEEDBACK_TO_POLICE,
    )
    assert (granted.person_key, granted.guardian_key, granted.method) == (
        "P1", "P2", ConsentMethod.ORAL,
    )  # fmt: skip
    assert granted.child_views == "She wants to talk to someone at school."
    assert feedback.granted
    [made] = wizard.record().referrals
    assert (made.consent_key, made.service_code) == (granted.key, "child-support-lisbon")
