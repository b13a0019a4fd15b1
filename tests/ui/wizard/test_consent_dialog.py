"""The consent dialog with the keyboard: no method is assumed, each is reached by its letter, and
a referral's consent asks about feedback to the police before it can be recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import i18n
from app.domain.case import ConsentMethod, ConsentPurpose, GuardianRelation, Person, PersonRole
from app.ui.language import SCREEN_LANGUAGES
from app.ui.wizard.consent_dialog import ConsentDialog
from tests.ui.keyboard_checks import assert_unique, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


def alt(qtbot: QtBot, dialog: ConsentDialog, letter: str) -> None:
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key(ord(letter.upper())), ALT)


def shown(qtbot: QtBot, purpose: ConsentPurpose, *, refusal: bool = False) -> ConsentDialog:
    dialog = ConsentDialog(
        None, person="Amina Haddad", recipient="Victim Support Lisbon", purpose=purpose,
        language="ar", refusal=refusal,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


@pytest.mark.parametrize(
    ("letter", "method"),
    [("g", ConsentMethod.SIGNED), ("o", ConsentMethod.ORAL),
     ("e", ConsentMethod.INTERPRETER), ("l", ConsentMethod.SIGN_LANGUAGE)],
)  # fmt: skip
def test_a_consent_needs_a_method_chosen_with_the_keyboard(
    qtbot: QtBot, letter: str, method: ConsentMethod
) -> None:
    dialog = shown(qtbot, ConsentPurpose.REFERRAL)
    assert dialog.method() is None  # nothing preselected
    alt(qtbot, dialog, "t")  # withdrawal explained
    qtbot.waitUntil(dialog.withdrawal.isChecked)
    alt(qtbot, dialog, "b")  # no feedback to the police
    qtbot.waitUntil(dialog.feedback_no.isChecked)
    assert not dialog.ok_button.isEnabled()  # still no method
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter records nothing
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "Choose how the victim gave consent."
    alt(qtbot, dialog, letter)
    qtbot.waitUntil(lambda: dialog.method() is method)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    answer = dialog.answer()
    assert answer.method is method
    assert answer.feedback_to_police is False


def test_a_referral_consent_asks_about_feedback_before_it_is_recorded(qtbot: QtBot) -> None:
    dialog = shown(qtbot, ConsentPurpose.REFERRAL)
    alt(qtbot, dialog, "o")
    alt(qtbot, dialog, "t")
    qtbot.waitUntil(dialog.withdrawal.isChecked)
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.error.text() == "Ask whether the service may tell the police how it went."
    alt(qtbot, dialog, "y")
    qtbot.waitUntil(dialog.feedback_yes.isChecked)
    assert dialog.ok_button.isEnabled()
    assert dialog.answer().feedback_to_police is True


def test_other_purposes_do_not_ask_about_feedback(qtbot: QtBot) -> None:
    dialog = shown(qtbot, ConsentPurpose.CIVIL_SOCIETY_CONTACT)
    assert not dialog.feedback_box.isVisible()
    alt(qtbot, dialog, "l")
    alt(qtbot, dialog, "t")
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    assert dialog.answer().feedback_to_police is None


def test_a_refusal_asks_only_how_it_was_given(qtbot: QtBot) -> None:
    dialog = shown(qtbot, ConsentPurpose.REFERRAL, refusal=True)
    assert not dialog.feedback_box.isVisible()
    assert not dialog.withdrawal.isVisible()
    assert dialog.ok_button.text() == "&Record the refusal"
    assert not dialog.ok_button.isEnabled()
    alt(qtbot, dialog, "e")
    qtbot.waitUntil(dialog.ok_button.isEnabled)
    answer = dialog.answer()
    assert answer.method is ConsentMethod.INTERPRETER
    assert answer.data_scope == ()
    assert not answer.withdrawal_explained


def test_the_dialog_names_both_regimes(qtbot: QtBot) -> None:
    dialog = shown(qtbot, ConsentPurpose.REFERRAL)
    basis = dialog.findChild(type(dialog.error).__mro__[1], "consentLegalBasis")
    assert basis is not None
    assert "Directive (EU) 2016/680" in basis.text()
    assert "Victim Support Lisbon uses what it receives under the GDPR" in basis.text()


@pytest.fixture
def screen_language() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.usefixtures("screen_language")
@pytest.mark.parametrize("language", sorted(SCREEN_LANGUAGES))
def test_a_childs_consent_has_unique_mnemonics(qtbot: QtBot, language: str) -> None:
    """The guardian who gives a child's consent is reached by a letter of its own (it once
    shared Alt+B with "report back", which Alt+B reached first)."""
    i18n.set_language(language)
    mother = Person(
        "P2", PersonRole.GUARDIAN, "Amina Haddad", guardian_of="P1",
        relation=GuardianRelation.PARENT,
    )  # fmt: skip
    dialog = ConsentDialog(
        None, person="Leila Haddad", recipient="Child Victims Support Lisbon",
        purpose=ConsentPurpose.REFERRAL, language="ar", guardians=(mother,),
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.given_by.isVisible()
    assert dialog.feedback_box.isVisible()
    assert_unique(visible_mnemonics(dialog))
