"""Re-contacts of the victim (PROTOCOL.md: the check on the victim's safety and on the service's
help): each one due, when it was done, by whom, its result; "Record a contact…" closes the one
due with its result, "Set the next contact date…" schedules the next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Action, Decision
from app.i18n import N_, _, format_date, format_datetime
from app.ui.case_view.followup_form import FollowUpForm, titled
from app.ui.widgets.buttons import close_buttons
from app.ui.widgets.dates import DateField
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

LIST_BUTTON = N_("Re-contact&s…")  # the case view's button
RECORD_BUTTON = N_("&Record a contact…")
NEXT_BUTTON = N_("Set the &next contact date…")


class AheadDateField(DateField):
    """A date still to come: its calendar opens on days ahead (a recorded date's ends today)."""

    def open_calendar(self) -> None:
        super().open_calendar()
        if self.calendar is not None:
            self.calendar.setMaximumDate(QDate.currentDate().addYears(5))


class RecontactsDialog(QDialog):
    """The victim's re-contacts, the earliest due first; the two actions where the workflow
    allows this actor to follow the case up. `changed` carries the case after one."""

    changed = Signal(object)  # OpenedCase

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase, *, can_add: bool,
        user_names: dict[str, str] | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.opened = opened
        self.user_names = dict(user_names or opened.user_names)
        self.setWindowTitle(titled(_(LIST_BUTTON), opened.record.reference))
        self.resize(820, 360)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("recontacts")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        row_picker(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.record_button = QPushButton(_(RECORD_BUTTON))
        self.record_button.setObjectName("recordContact")
        self.record_button.clicked.connect(self.ask_contact)
        self.next_button = QPushButton(_(NEXT_BUTTON))
        self.next_button.setObjectName("nextContact")
        self.next_button.clicked.connect(self.ask_next_date)
        self.buttons = close_buttons()
        for button in (self.record_button, self.next_button):
            button.setVisible(can_add)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.show_contacts()

    def show_contacts(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Due on"), _("Done on"), _("By"), _("Note"), _("Result")]
        )
        contacts = sorted(self.opened.record.follow_ups, key=lambda f: f.due_on)
        self.table.setRowCount(len(contacts))
        for row, contact in enumerate(contacts):
            cells = (
                format_date(contact.due_on),
                format_datetime(contact.done_at) if contact.done_at else _("Not yet"),
                self.user_names.get(contact.done_by, contact.done_by),
                contact.note,
                contact.result,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if contacts:
            self.table.setCurrentCell(0, 0)

    def ask_contact(self) -> RecontactDialog:
        return self._ask(RecontactDialog(self.services, self.actor, self.opened, self))

    def ask_next_date(self) -> RecontactDialog:
        dialog = RecontactDialog(self.services, self.actor, self.opened, self, next_only=True)
        return self._ask(dialog)

    def _ask(self, dialog: RecontactDialog) -> RecontactDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self._changed)
        dialog.open()
        dialog.first_field().setFocus()
        return dialog

    def _changed(self, opened: OpenedCase) -> None:
        self.opened = opened
        self.user_names.update(opened.user_names)
        self.show_contacts()
        self.changed.emit(opened)


class RecontactDialog(FollowUpForm):
    """A contact made (its result, and the next date if one is set), or with `next_only` the
    next date alone, with a note of what to check then."""

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase,
        parent: QWidget | None = None, *, next_only: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(services, actor, opened, Action.RECONTACT, parent)
        self.next_only = next_only
        button = NEXT_BUTTON if next_only else RECORD_BUTTON
        self.setWindowTitle(titled(_(button), opened.record.reference))
        self.ok_button.setText(_("Save"))
        self.result_text = QPlainTextEdit()
        self.result_text.setObjectName("result")
        self.result_text.setTabChangesFocus(True)
        self.result_text.setFixedHeight(self.result_text.fontMetrics().height() * 5)
        self.next_on = AheadDateField()
        self.next_on.setObjectName("nextOn")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        if not next_only:
            self.add_row(_("&Result of the contact:"), self.result_text, "recontact.result")
        # Only a date asked: "nothing given" is said under it.
        fields = ("recontact.next_on", "recontact.result") if next_only else ("recontact.next_on",)
        self.add_row(_("&Next contact on:"), self.with_message(self.next_on), *fields)
        if next_only:
            self.add_row(_("N&ote (what to check then):"), self.note, "recontact.note")

    def first_field(self) -> QWidget:
        return self.next_on if self.next_only else self.result_text

    def decision(self) -> Decision:
        return Decision(
            contact_result="" if self.next_only else self.result_text.toPlainText().strip(),
            next_contact_on=self.next_on.value(),
            comment=self.note.text().strip() if self.next_only else "",
        )

    def submit(self) -> bool:
        if self.next_on.refused():  # typed text that is no date: said under the field
            return False
        return super().submit()
