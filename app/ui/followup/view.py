"""The follow-up list: referrals awaiting a service's answer and re-contacts of the victim, due or
overdue, the most overdue first (app.domain.followup_list says which). The officer sees their own
cases', a supervisor the station's; the count of overdue items shows in the navigation bar.
Opening one asks the reason, as the review queue does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from app.domain.case import Role
from app.domain.followup_list import DUE_SOON_WORKING_DAYS
from app.domain.marks import DatabaseMark
from app.i18n import _, format_date
from app.services.errors import ServiceError
from app.ui.case_view.view import CaseViewDialog, ReasonDialog, open_case
from app.ui.review.queue import QueueTable
from app.ui.views import FOLLOW_UP, register
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor
    from app.services.followups import FollowUpItem


@register(FOLLOW_UP, training=None)
class FollowUpView(QWidget):
    case_opened = Signal(object)  # the CaseViewDialog

    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor, self._demo = services, actor, demo
        self.items: list[FollowUpItem] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.overdue_only = QCheckBox()
        self.overdue_only.setObjectName("overdueOnly")
        self.overdue_only.toggled.connect(self.refresh)
        self.empty = QLabel()
        self.table = QueueTable(0, 5)
        self.table.setObjectName("followUps")
        row_picker(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.ask_reason(row))
        self.table.activated_row.connect(self.ask_reason)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a40000")
        self.error.hide()
        self._reason_dialog: ReasonDialog | None = None
        self._pending: int | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.overdue_only)
        layout.addWidget(self.error)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.refresh()

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return actor.role in (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)

    def overdue_count(self) -> int:
        return sum(item.overdue for item in self.items)

    def navigation_title(self) -> str:
        overdue = self.overdue_count()
        if overdue:
            return _("Follow-up ({n} overdue)").format(n=overdue)
        return _("Follow-up")

    def refresh(self) -> None:
        try:
            self.items = self._services.followups.followups(
                self._actor, overdue_only=self.overdue_only.isChecked()
            )
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.error.hide()
        self._fill()

    def retranslate(self) -> None:
        self._fill()

    def _fill(self) -> None:
        self.heading.setText(
            _(
                "Referrals awaiting the service's answer and re-contacts of the victim, due within"
                " {days} working days or overdue, the most overdue first."
            ).format(days=DUE_SOON_WORKING_DAYS)
        )
        self.overdue_only.setText(_("&Overdue only"))
        self.empty.setText(_("Nothing is due or overdue."))
        self.empty.setVisible(not self.items)
        self.table.setHorizontalHeaderLabels(
            [_("Reference"), _("Follow-up"), _("Due date"), _("Days overdue"), _("Officer")]
        )
        current = self.table.currentRow()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            days = str(item.days_overdue)
            if item.overdue:  # marked in words and in bold, not by colour alone
                days = _("{days} — overdue").format(days=item.days_overdue)
            cells = [item.reference, item.what(), format_date(item.due_on), days, item.officer_name]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if item.overdue:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, column, cell)
        if self.items:
            self.table.setCurrentCell(min(max(current, 0), len(self.items) - 1), 0)

    def ask_reason(self, row: int) -> ReasonDialog | None:
        if not 0 <= row < len(self.items):
            return None
        if self._reason_dialog is None:
            self._reason_dialog = ReasonDialog(self)
            self._reason_dialog.accepted.connect(self._reason_given)
        item = self.items[row]
        self._pending = item.case_id
        self._reason_dialog.ask(item.reference)
        # "Own case work", or for a supervisor "Supervisor review"
        self._reason_dialog.combo.setCurrentIndex(int(self._actor.role is Role.SUPERVISOR))
        return self._reason_dialog

    def _reason_given(self) -> None:
        if self._reason_dialog is None or self._pending is None:
            return
        case_id, self._pending = self._pending, None
        view: CaseViewDialog | None = open_case(
            self, self._services, self._actor, case_id, self._reason_dialog.reason(),
            demo=self._demo,
        )  # fmt: skip
        if view is not None:
            view.changed.connect(self.refresh)
            self.case_opened.emit(view)
