"""A child victim and her mother entered with the keyboard only, through the real window
(Dir. 2012/29/EU Art. 24: the guardian is a person of the case, with relation and language)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.domain.case import GuardianRelation, PersonRole
from app.domain.completeness import missing_for_submission
from app.services import Services
from app.services.context import Actor
from app.ui.main_window import MainWindow
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
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
