"""A training exercise from a real case (issue 16, part D): the supervisor asks for it on an
approved or closed case (the case view's "Make a training exercise…"); the service reads the case
for the reason it was opened with and anonymises it (services.training.exercise_from_case); this
dialog shows the draft. The trainer rewrites the title and the situation, names the people as the
trainee will meet them (invented names), sees the model answer, and only "Save for review" or
"Use this exercise" writes it, into the TRAINING database."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseRecord, CoordinationKind, RiskLevel, ServiceKind
from app.domain.protocol import ProtocolPack
from app.domain.training import WorkedCase, may_make_exercise
from app.domain.training_cases import worked_case_toml
from app.domain.training_exercise import MADE_FROM
from app.i18n import _
from app.services.errors import ServiceError
from app.ui.labels import PERSON_ROLE, label, language_name

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

# Opens the training database for the trainer signed in to the real one, for one task (closed
# after it): set by the real main window that has a training database (app.ui.main_window);
# None where there is none, and the dialog says so.
TrainingOpener = Callable[[], AbstractContextManager[tuple["Services", "Actor"]]]
training_opener: TrainingOpener | None = None


def offered(actor: Actor, record: CaseRecord) -> bool:
    """Whether the case view offers "Make a training exercise…" (the service decides again)."""
    return may_make_exercise(actor.role) and record.status in MADE_FROM


def make_exercise(
    parent: QWidget, services: Services, actor: Actor, case_id: int, reason: str
) -> ExerciseReviewDialog | None:
    try:
        worked = services.training.exercise_from_case(actor, case_id, reason)
    except ServiceError as error:
        box = QMessageBox(QMessageBox.Icon.Warning, _("No exercise"), str(error), parent=parent)
        box.open()
        return None
    dialog = ExerciseReviewDialog(
        worked, services.backend.pack(worked.pack), training_opener, parent
    )
    dialog.open()
    return dialog


class ExerciseReviewDialog(QDialog):
    def __init__(
        self,
        worked: WorkedCase,
        pack: ProtocolPack,
        training: TrainingOpener | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.worked, self._pack, self._training = worked, pack, training
        self.setWindowTitle(_("Make a training exercise"))
        self.resize(900, 720)
        self.intro = QLabel(
            _(
                "The case has been anonymised. Write the situation as the trainee will meet it and"
                " give the people invented names: nothing here may lead back to the real case."
            )
        )
        self.intro.setWordWrap(True)
        self.title = QLineEdit(worked.title)
        self.title.setObjectName("exerciseTitle")
        self.situation = QPlainTextEdit(worked.situation)
        self.situation.setObjectName("situation")
        self.situation.setTabChangesFocus(True)
        self.people = QTableWidget(len(worked.people), 3)
        self.people.setObjectName("people")
        self.people.setTabKeyNavigation(False)
        self.people.setHorizontalHeaderLabels([_("Role"), _("Name"), _("What is seen of them")])
        self.people.horizontalHeader().setStretchLastSection(True)
        for row, person in enumerate(worked.people):
            role = QTableWidgetItem(_(PERSON_ROLE.get(person.role, person.role)))  # type: ignore[call-overload]
            role.setFlags(role.flags() & ~role.flags().ItemIsEditable)
            self.people.setItem(row, 0, role)
            self.people.setItem(row, 1, QTableWidgetItem(person.name))
            self.people.setItem(row, 2, QTableWidgetItem(person.description))
        self.answer = QTextBrowser()
        self.answer.setObjectName("modelAnswer")
        self.answer.setPlainText(self.model_text())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000")
        self.message.hide()
        self.save_button = QPushButton(_("&Save for review"))
        self.use_button = QPushButton(_("&Use this exercise"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.write(reviewed=False))
        self.use_button.clicked.connect(lambda: self.write(reviewed=True))
        form = QFormLayout()
        title_label = QLabel(_("&Title:"))
        title_label.setBuddy(self.title)
        situation_label = QLabel(_("S&ituation:"))
        situation_label.setBuddy(self.situation)
        people_label = QLabel(_("&People the trainee meets:"))
        people_label.setBuddy(self.people)
        answer_label = QLabel(_("&Model answer (from the case):"))
        answer_label.setBuddy(self.answer)
        form.addRow(title_label, self.title)
        form.addRow(situation_label, self.situation)
        form.addRow(people_label, self.people)
        form.addRow(answer_label, self.answer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def model_text(self) -> str:
        """The model answer, one topic a line, in the pack's labels."""
        model, pack = self.worked.model, self._pack

        def labels(kind: str, ids: frozenset[str]) -> str:
            return ", ".join(sorted(_(pack.label(kind, i)) for i in ids)) or "—"

        def yes_no(value: bool | None) -> str:
            return "—" if value is None else _("Yes") if value else _("No")

        lines = [
            (_("Classification"), _(pack.label("classifications", model.classification))),
            (_("Motives"), labels("motives", model.motives)),
            (_("Indicators"), labels("indicators", model.indicators)),
            (_("Offence types"), labels("offence_types", model.offence_types)),
            (_("Rights information"), language_name(model.rights_language) or "—"),
            (_("Protection needs"), yes_no(model.protection_needs)),
            (_("Risk level"), label(RiskLevel(model.risk_level)) if model.risk_level else "—"),
            (_("Needs"), labels("needs", model.needs)),
            (_("Measures"), labels("measures", model.measures)),
            (
                _("Referrals"),
                ", ".join(
                    label(ServiceKind(r.service_kind)) + ("" if r.granted else " ✗")
                    for r in model.referrals
                )
                or "—",
            ),
            (
                _("Coordination"),
                ", ".join(sorted(label(CoordinationKind(k)) for k in model.coordination)) or "—",
            ),
        ]
        return "\n".join(f"{name}: {value}" for name, value in lines)

    def edited(self) -> WorkedCase:
        """The exercise as the trainer left it."""
        people = []
        for row, person in enumerate(self.worked.people):
            name, seen = self.people.item(row, 1), self.people.item(row, 2)
            people.append(
                replace(
                    person,
                    name=name.text().strip() if name is not None else person.name,
                    description=seen.text().strip() if seen is not None else "",
                )
            )
        return replace(
            self.worked,
            title=self.title.text().strip() or self.worked.title,
            situation=self.situation.toPlainText().strip(),
            people=tuple(people),
        )

    def write(self, *, reviewed: bool) -> bool:
        if self._training is None:
            self._show(_("Open the training database to keep the exercise there."))
            return False
        exercise = self.edited()
        try:
            with self._training() as (services, actor):
                services.training.save_exercise(actor, exercise.id, worked_case_toml(exercise))
                if reviewed:
                    services.training.review_exercise(actor, exercise.id)
        except ServiceError as error:
            self._show(str(error))
            return False
        self.accept()
        return True

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
