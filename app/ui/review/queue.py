"""The review queue: the station's cases waiting for a supervisor, oldest first, with their age in
working days and a mark past the due time. Opening one asks the reason, as the case list does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import Role
from app.domain.marks import DatabaseMark
from app.i18n import _, format_datetime, ngettext
from app.services.errors import ServiceError
from app.ui import labels
from app.ui.case_view.view import CaseViewDialog, ReasonDialog, open_case
from app.ui.views import REVIEW_QUEUE, register
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import QueuedCase
    from app.services.context import Actor


class QueueTable(QTableWidget):
    """Enter opens the chosen case (keyboard alone)."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.activated_row.emit(self.currentRow())
            return
        super().keyPressEvent(event)


@register(REVIEW_QUEUE, training=None)
class ReviewQueueView(QWidget):
    case_opened = Signal(object)  # the CaseViewDialog

    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor, self._demo = services, actor, demo
        self.queue: list[QueuedCase] = []
        self._due_days = services.cases.station_pack(actor).review_due_working_days
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QueueTable(0, 5)
        self.table.setObjectName("reviewQueue")
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
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.refresh()

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return actor.role in (Role.SUPERVISOR, Role.ADMIN)

    def navigation_title(self) -> str:
        overdue = sum(case.overdue for case in self.queue)
        if overdue:
            return _("Review queue ({n}, {overdue} overdue)").format(
                n=len(self.queue), overdue=overdue
            )
        return _("Review queue ({n})").format(n=len(self.queue))

    def refresh(self) -> None:
        try:
            self.queue = self._services.cases.review_queue(self._actor)
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
            ngettext(
                "{n} case waits for review, oldest first. Overdue: more than {days} working days.",
                "{n} cases wait for review, oldest first. Overdue: more than {days} working days.",
                len(self.queue),
            ).format(n=len(self.queue), days=self._due_days)
        )
        self.table.setHorizontalHeaderLabels(
            [_("Reference"), _("Status"), _("Officer"), _("Waiting since"), _("Working days")]
        )
        self.table.setRowCount(len(self.queue))
        for row, case in enumerate(self.queue):
            age = str(case.working_days)
            if case.overdue:
                age = _("{days} — overdue").format(days=case.working_days)
            status = labels.label(case.status)
            if case.escalated_to:
                status = _("Escalated to {name}").format(name=case.escalated_to)
            cells = [
                case.reference,
                status,
                case.officer_name,
                format_datetime(case.waiting_since),
                age,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if case.overdue:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        if self.queue and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)

    def ask_reason(self, row: int) -> ReasonDialog | None:
        if not 0 <= row < len(self.queue):
            return None
        if self._reason_dialog is None:
            self._reason_dialog = ReasonDialog(self)
            self._reason_dialog.accepted.connect(self._reason_given)
        self._pending = self.queue[row].id
        self._reason_dialog.ask(self.queue[row].reference)
        self._reason_dialog.combo.setCurrentIndex(1)  # "Supervisor review"
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
