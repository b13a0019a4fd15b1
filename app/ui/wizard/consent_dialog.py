"""Asking the victim's consent before anything about them goes to a service or an organisation.

One consent is one dated decision for one recipient and one purpose (GDPR Art. 4(11), 7(3)):
the method, the consent text's version and language, which data may go (special categories
only by a separate tick, GDPR Art. 9), and that withdrawing it was explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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


class ConsentDialog(QDialog):
    """Records a consent the victim gives. Shown window-modal with `open()`; read `answer()`
    once it is accepted."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        person: str,
        recipient: str,
        purpose: ConsentPurpose,
        language: str,
        scope: tuple[str, ...] = ALL_SCOPES,
        guardians: tuple[Person, ...] | None = None,
    ) -> None:
        """`guardians`: for a child (Art. 24), who may give the consent; None for an adult."""
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setWindowTitle(_("Consent of {person}").format(person=person))
        self.setMinimumWidth(520)

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

        method_box = QGroupBox(_("How the victim gave consent"))
        self.signed = QRadioButton(_("Si&gned the consent form"))
        self.oral = QRadioButton(_("&Oral consent, read out to them"))
        self.methods = QButtonGroup(self)
        self.methods.addButton(self.signed)
        self.methods.addButton(self.oral)
        method_layout = QHBoxLayout(method_box)
        method_layout.addWidget(self.signed)
        method_layout.addWidget(self.oral)
        method_layout.addStretch(1)

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
        special_note.setContentsMargins(22, 0, 0, 0)
        scope_layout.addWidget(special_note)

        self.withdrawal = QCheckBox(
            _("I explained that they can wi&thdraw this consent at any time, as easily")
        )
        self.error = FormErrorLabel()

        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton(
            _("&Record consent"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(version)
        layout.addWidget(method_box)
        layout.addWidget(scope_box)
        self.child = guardians is not None
        self.given_by = QComboBox()
        for guardian in guardians or ():
            self.given_by.addItem(person_name(guardian), guardian.key)
        self.child_views = QLineEdit()
        if self.child:  # asked of the guardian; the child is heard, their views kept apart
            child_form = QFormLayout()
            for caption, widget in (
                (_("Given &by the guardian:"), self.given_by),
                (_("The c&hild's own views:"), self.child_views),
            ):
                label = QLabel(caption)
                label.setBuddy(widget)
                child_form.addRow(label, widget)
            layout.addLayout(child_form)
        layout.addWidget(self.withdrawal)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for button in (self.signed, self.oral, self.withdrawal, *self.scopes.values()):
            button.toggled.connect(self._update)
        self._update()

    def _problem(self) -> str:
        if self.methods.checkedButton() is None:
            return _("Choose how the victim gave consent.")
        if not any(check.isChecked() for check in self.scopes.values()):
            return _("Tick what may be sent.")
        if not self.withdrawal.isChecked():
            return _("Explain that the consent can be withdrawn, then tick it.")
        return ""

    def _update(self) -> None:
        self.ok_button.setEnabled(not self._problem())

    def answer(self) -> ConsentAnswer:
        return ConsentAnswer(
            method=ConsentMethod.SIGNED if self.signed.isChecked() else ConsentMethod.ORAL,
            data_scope=tuple(s for s, check in self.scopes.items() if check.isChecked()),
            special_categories=self.special.isChecked(),
            withdrawal_explained=self.withdrawal.isChecked(),
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
