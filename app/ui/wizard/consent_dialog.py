"""Asking the victim's consent before anything about them goes to a service or an organisation.

One consent is one dated decision for one recipient and one purpose (GDPR Art. 4(11), 7(3)):
the method, the consent text's version and language, which data may go (special categories
only by a separate tick, GDPR Art. 9), and that withdrawing it was explained.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseRecord, Consent, ConsentMethod, ConsentPurpose, Person
from app.domain.child import age_day, guardians_of, is_child
from app.i18n import N_, _
from app.ui import labels
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.wording import person_name

TEXT_VERSION = "consent-2026.1"
DATA_SCOPES: tuple[tuple[str, str], ...] = (
    ("identity", N_("&Identity: name, age")),
    ("contact", N_("Safe &contact details")),
    ("incident", N_("&What happened")),
    ("needs", N_("Support &needs")),
)
ALL_SCOPES: tuple[str, ...] = tuple(scope for scope, _label in DATA_SCOPES)


@dataclass(frozen=True)
class ConsentAnswer:
    """What the victim said, as the dialog recorded it."""

    method: ConsentMethod
    data_scope: tuple[str, ...]
    special_categories: bool
    withdrawal_explained: bool
    # For a referral: whether the service may tell the police how it went (asked every time).
    feedback_to_police: bool | None = None
    # A child's consent: the guardian who gave it, and the child's own views (Art. 24)
    guardian_key: str = ""
    child_views: str = ""


def make_consent(
    answer: ConsentAnswer,
    *,
    key: str,
    person_key: str,
    recipient: str,
    purpose: ConsentPurpose,
    language: str,
    recorded_at: datetime,
    recorded_by: str,
) -> Consent:
    return Consent(
        key=key,
        person_key=person_key,
        recipient=recipient,
        purpose=purpose,
        granted=True,
        method=answer.method,
        recorded_at=recorded_at,
        recorded_by=recorded_by,
        data_scope=answer.data_scope,
        special_categories=answer.special_categories,
        text_version=TEXT_VERSION,
        language=language,
        withdrawal_explained=answer.withdrawal_explained,
        guardian_key=answer.guardian_key,
        child_views=answer.child_views,
    )


def feedback_consent(consent: Consent, agreed: bool, key: str) -> Consent:
    """The answer about feedback to the police, asked with a referral's consent: its own decision
    for the same service, given (or refused) the same way."""
    return replace(
        consent,
        key=key,
        purpose=ConsentPurpose.FEEDBACK_TO_POLICE,
        granted=agreed,
        data_scope=(),
        special_categories=False,
    )


DIALOG_WIDTH = 520


class ConsentDialog(QDialog):
    """Records a consent the victim gives, or (`refusal`) how they refused. Shown window-modal
    with `open()`; read `answer()` once it is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        person: str,
        recipient: str,
        purpose: ConsentPurpose,
        language: str,
        scope: tuple[str, ...] = ALL_SCOPES,
        refusal: bool = False,
        guardians: tuple[Person, ...] | None = None,
    ) -> None:
        """`guardians`: for a child (Art. 24), who may give the consent; None for an adult."""
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle(_("Consent of {person}").format(person=person))
        self.setMinimumWidth(DIALOG_WIDTH)

        question = QLabel(
            _(
                "Ask {person} whether {recipient} may receive their details."
                " Purpose: {purpose}. Send only what the victim agrees to."
            ).format(person=person, recipient=recipient, purpose=labels.label(purpose))
        )
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        version = QLabel(
            _("Consent text {version}, in {language}.").format(
                version=TEXT_VERSION, language=labels.language_name(language) or _("no language")
            )
        )
        version.setTextFormat(Qt.TextFormat.PlainText)
        # Two regimes (PROTOCOL.md h): the police's own processing is not based on consent.
        basis = QLabel(
            _(
                "The police keep the case under Directive (EU) 2016/680 (law enforcement), not on"
                " consent. {recipient} uses what it receives under the GDPR, on this consent"
                " (Art. 6(1)(a); Art. 9(2)(a) for special categories)."
            ).format(recipient=recipient)
        )
        basis.setObjectName("consentLegalBasis")
        basis.setWordWrap(True)
        basis.setTextFormat(Qt.TextFormat.PlainText)

        if refusal:
            question.setText(
                _("{person} declines a referral to support. Record how they said so.").format(
                    person=person
                )
            )
        # No method is preselected: the officer chooses how the answer was given.
        method_box = QGroupBox(
            _("How the victim said no") if refusal else _("How the victim gave consent")
        )
        self.signed = QRadioButton(_("Si&gned the form"))
        self.oral = QRadioButton(_("&Oral, read out to them"))
        self.interpreter = QRadioButton(_("Oral, through an int&erpreter"))
        self.sign_language = QRadioButton(_("In sign &language"))
        self.method_buttons: dict[ConsentMethod, QRadioButton] = {
            ConsentMethod.SIGNED: self.signed,
            ConsentMethod.ORAL: self.oral,
            ConsentMethod.INTERPRETER: self.interpreter,
            ConsentMethod.SIGN_LANGUAGE: self.sign_language,
        }
        self.methods = QButtonGroup(self)
        method_layout = QGridLayout(method_box)
        for i, button in enumerate(self.method_buttons.values()):
            self.methods.addButton(button)
            method_layout.addWidget(button, i // 2, i % 2)

        # Asked with every referral, so the service's sheet never has to guess (PROTOCOL.md f 10).
        self.feedback_box = QGroupBox(_("May the service tell the police how it went?"))
        self.feedback_yes = QRadioButton(_("&Yes, it may report back"))
        self.feedback_no = QRadioButton(_("No, it must not report &back"))
        self.feedback = QButtonGroup(self)
        feedback_layout = QHBoxLayout(self.feedback_box)
        for button in (self.feedback_yes, self.feedback_no):
            self.feedback.addButton(button)
            feedback_layout.addWidget(button)
        feedback_layout.addStretch(1)
        self.asks_feedback = purpose is ConsentPurpose.REFERRAL and not refusal
        self.refusal = refusal

        scope_box = QGroupBox(_("What may be sent"))
        scope_layout = QVBoxLayout(scope_box)
        self.scopes: dict[str, QCheckBox] = {}
        for scope_id, text in DATA_SCOPES:
            check = QCheckBox(_(text))
            check.setChecked(scope_id in scope)
            self.scopes[scope_id] = check
            scope_layout.addWidget(check)
        self.special = QCheckBox(_("Also &special categories"))
        scope_layout.addWidget(self.special)
        special_note = QLabel(
            _(
                "Ethnicity, religion, sexual orientation, health: sent only with this separate"
                " tick (GDPR Art. 9)."
            )
        )
        special_note.setWordWrap(True)
        # A group box does not grow for a wrapped label's lines: reserve them at the width the
        # dialog opens with.
        special_note.setMinimumHeight(special_note.heightForWidth(DIALOG_WIDTH - 60))
        special_note.setContentsMargins(22, 0, 0, 0)
        scope_layout.addWidget(special_note)

        self.withdrawal = QCheckBox(
            _("I explained that they can wi&thdraw this consent at any time, as easily")
        )
        self.error = FormErrorLabel()

        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton(
            _("&Record the refusal") if refusal else _("&Record consent"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(version)
        layout.addWidget(basis)
        layout.addWidget(method_box)
        layout.addWidget(scope_box)
        layout.addWidget(self.feedback_box)
        self.child = guardians is not None
        self.given_by = QComboBox()
        for guardian in guardians or ():
            self.given_by.addItem(person_name(guardian), guardian.key)
        self.child_views = QLineEdit()
        if self.child:  # asked of the guardian; the child is heard, their views kept apart
            child_form = QFormLayout()
            for caption, widget in (
                (_("Given by the g&uardian:"), self.given_by),
                (_("The c&hild's own views:"), self.child_views),
            ):
                label = QLabel(caption)
                label.setBuddy(widget)
                child_form.addRow(label, widget)
            layout.addLayout(child_form)
        layout.addWidget(self.withdrawal)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for part in (basis, scope_box, self.withdrawal):
            part.setHidden(refusal)
        self.feedback_box.setVisible(self.asks_feedback)

        toggles: tuple[QAbstractButton, ...] = (
            *self.method_buttons.values(), self.feedback_yes, self.feedback_no, self.withdrawal,
            *self.scopes.values(),
        )  # fmt: skip
        for toggle in toggles:
            toggle.toggled.connect(self._update)
        self._update()
        # Qt opens a dialog with wrapped texts at its minimum height, squeezing the ticks.
        self.resize(DIALOG_WIDTH, self.heightForWidth(DIALOG_WIDTH))

    def method(self) -> ConsentMethod | None:
        return next((m for m, b in self.method_buttons.items() if b.isChecked()), None)

    def _problem(self) -> str:
        if self.method() is None:
            return _("Choose how the victim gave consent.")
        if self.refusal:
            return ""
        if not any(check.isChecked() for check in self.scopes.values()):
            return _("Tick what may be sent.")
        if self.asks_feedback and self.feedback.checkedButton() is None:
            return _("Ask whether the service may tell the police how it went.")
        if not self.withdrawal.isChecked():
            return _("Explain that the consent can be withdrawn, then tick it.")
        return ""

    def _update(self) -> None:
        self.ok_button.setEnabled(not self._problem())

    def answer(self) -> ConsentAnswer:
        """What was recorded; only once accepted (a method is then always chosen)."""
        method = self.method()
        if method is None:
            raise ValueError("no method chosen: the dialog was not accepted")
        refused = self.refusal
        return ConsentAnswer(
            method=method,
            data_scope=() if refused else tuple(s for s, c in self.scopes.items() if c.isChecked()),
            special_categories=self.special.isChecked() and not refused,
            withdrawal_explained=self.withdrawal.isChecked() and not refused,
            feedback_to_police=self.feedback_yes.isChecked() if self.asks_feedback else None,
            guardian_key=str(self.given_by.currentData() or "") if self.child else "",
            child_views=self.child_views.text().strip() if self.child else "",
        )

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error.show_message(problem)
            return
        super().accept()


def child_guardians(record: CaseRecord, person: Person) -> tuple[Person, ...] | None:
    """Who gives consent for `person`: their guardians if a child (app.domain.child), else None."""
    return guardians_of(record, person.key) if is_child(person, age_day(record)) else None


def next_key(prefix: str, used: set[str]) -> str:
    """A key not used yet in the case: the prefix and the highest number so far plus one."""
    numbers = [
        int(key[len(prefix) :])
        for key in used
        if key.startswith(prefix) and key[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1}"
