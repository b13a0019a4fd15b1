"""What became of the case in the justice system (issue 14): "Outcomes…" lists each outcome
entered (its kind, day, court reference, who entered it and when); "Add outcome…" enters one,
where the workflow lets this actor follow the case up (a closed case too: courts decide late)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import Outcome, OutcomeKind
from app.domain.validation import COURT_REFERENCE_LENGTH, Issue
from app.domain.workflow import Action, Decision
from app.i18n import N_, _, format_date, format_datetime
from app.ui import labels
from app.ui.case_view.followup_form import FollowUpForm, titled
from app.ui.widgets.buttons import close_buttons
from app.ui.widgets.dates import DateField
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

LIST_BUTTON = N_("O&utcomes…")  # the case view's button
ADD_BUTTON = N_("&Add outcome…")


class OutcomesDialog(QDialog):
    """The case's outcomes, in the order they happened; "Add outcome…" where this actor may.
    `changed` carries the case after one."""

    changed = Signal(object)  # OpenedCase

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase, *, can_add: bool,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.opened = opened
        self.user_names = dict(opened.user_names)
        self.setWindowTitle(titled(_(LIST_BUTTON), opened.record.reference))
        self.resize(820, 320)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("outcomes")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        row_picker(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_(ADD_BUTTON))
        self.add_button.setObjectName("addOutcome")
        self.add_button.setVisible(can_add)
        self.add_button.clicked.connect(self.ask_outcome)
        self.buttons = close_buttons()
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.show_outcomes()

    def show_outcomes(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Outcome"), _("Date"), _("Court reference"), _("By"), _("Recorded")]
        )
        outcomes = sorted(self.opened.record.outcomes, key=lambda o: o.happened_on)
        self.table.setRowCount(len(outcomes))
        for row, outcome in enumerate(outcomes):
            cells = (
                labels.label(outcome.kind),
                format_date(outcome.happened_on),
                outcome.court_reference,
                self.user_names.get(outcome.recorded_by, outcome.recorded_by),
                format_datetime(outcome.recorded_at) if outcome.recorded_at else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0 and outcome.note:
                    item.setToolTip(outcome.note)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if outcomes:
            self.table.setCurrentCell(0, 0)

    def ask_outcome(self) -> OutcomeDialog:
        dialog = OutcomeDialog(self.services, self.actor, self.opened, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self._changed)
        dialog.open()
        dialog.kind.setFocus()
        return dialog

    def _changed(self, opened: OpenedCase) -> None:
        self.opened = opened
        self.user_names.update(opened.user_names)
        self.show_outcomes()
        self.changed.emit(opened)


class OutcomeDialog(FollowUpForm):
    """One outcome: its kind, the day it happened (today unless changed), the court's or
    prosecutor's reference, a note."""

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, actor, opened, Action.OUTCOME, parent)
        self.setWindowTitle(titled(_(ADD_BUTTON), opened.record.reference))
        self.ok_button.setText(_("Save"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in OutcomeKind:
            self.kind.addItem(labels.label(kind), kind)
        self.happened_on = DateField()
        self.happened_on.setObjectName("happenedOn")
        self.happened_on.set_value(services.backend.clock().date())
        self.court_reference = QLineEdit()
        self.court_reference.setObjectName("courtReference")
        self.court_reference.setMaxLength(COURT_REFERENCE_LENGTH)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.add_row(_("&Outcome:"), self.kind, "outcome.kind")
        self.add_row(_("&Happened on:"), self.with_message(self.happened_on), "outcome.happened_on")
        self.add_row(_("Court &reference:"), self.court_reference, "outcome.court_reference")
        self.add_row(_("&Note on the outcome:"), self.note, "outcome.note")

    def decision(self) -> Decision:
        on = self.happened_on.value()
        assert on is not None  # submit asks for it first
        kind = OutcomeKind(self.kind.currentData())
        return Decision(outcome=Outcome(kind, on, self.court_reference.text(), self.note.text()))

    def submit(self) -> bool:
        if self.happened_on.refused():  # typed text that is no date: said under the field
            return False
        if self.happened_on.value() is None:
            self.show_issues([Issue("required", "outcome.happened_on")])
            return False
        return super().submit()
