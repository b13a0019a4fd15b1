"""The case list: search, filters and the paged table. Enter or a double-click opens a case."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import workflow
from app.domain.case import CaseQuery, CaseStatus, CaseSummary, Role
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack
from app.i18n import _, format_datetime, format_number, ngettext
from app.ui import labels
from app.ui.case_list.ends import ListEnds
from app.ui.case_list.model import (
    CLASSIFICATION,
    DATE,
    MOTIVES,
    OFFICER,
    PLACE,
    REFERENCE,
    STATUS,
    CaseTableModel,
)
from app.ui.case_view.view import CaseViewDialog, ReasonDialog, open_case
from app.ui.widgets.dates import DateField
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.widgets.tables import row_picker
from app.ui.wording import REASONS

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor
    from app.ui.wizard.wizard import CaseWizard

SEARCH_DELAY_MS = 250
# The cases an officer may go on working on in the wizard (the workflow's rule); every other case
# opens read-only.
EDITABLE = tuple(status for status in CaseStatus if workflow.editable(status))


class DateFilter(QWidget):
    """A check box and a date: the date is used only while the box is ticked."""

    def __init__(self, default: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.edit = DateField()
        self.edit.set_value(default)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addWidget(self.edit.message)

    def follow_locale(self) -> None:
        """Dates in the screen language's format (again after a language switch)."""
        self.edit.follow_locale()

    def value(self) -> date | None:
        return self.edit.value() if self.check.isChecked() else None


class CaseListWidget(QWidget):
    case_opened = Signal(object)  # the CaseViewDialog shown
    wizard_opened = Signal(object)  # the CaseWizard shown, for the officer's own draft

    def __init__(
        self,
        services: Services,
        actor: Actor,
        pack: ProtocolPack,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._pack = pack
        self._demo = demo
        self._reason_dialog: ReasonDialog | None = None
        self._pending_case: int | None = None
        self._wizards: dict[int, CaseWizard] = {}  # one wizard per case: two would conflict
        self.continue_question: QMessageBox | None = None

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)  # not a query per key press
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.apply_filters)  # Enter: no need to wait

        # The texts of these come from _set_texts, in the screen language.
        self.status = QComboBox()
        # Item data are plain strings: Qt would hand a StrEnum back as a str anyway.
        for value in ("", *CaseStatus):
            self.status.addItem("", str(value))
        self.motive = QComboBox()
        for motive_id in ("", *(item.id for item in pack.motives)):
            self.motive.addItem("", motive_id)
        self.officer = QComboBox()
        self.officer.addItem("", None)
        for officer_id, name in services.cases.officers(actor):
            self.officer.addItem(name, officer_id)

        today = QDate.currentDate()
        self.date_from = DateFilter(today.addMonths(-1).toPython())  # type: ignore[arg-type]
        self.date_to = DateFilter(today.toPython())  # type: ignore[arg-type]
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")

        for combo in (self.status, self.motive, self.officer):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.apply_filters)
        for date_filter in (self.date_from, self.date_to):
            date_filter.check.toggled.connect(self.apply_filters)
            date_filter.edit.value_changed.connect(self.apply_filters)

        # Why the list could not be read (the database busy or out of reach): the rows shown
        # stay, and searching again tries afresh.
        self.error_line = FormErrorLabel()
        self.error_line.setObjectName("caseListError")
        self.model = CaseTableModel(services, actor, pack, self)
        self.model.total_changed.connect(self._show_total)
        self.model.modelReset.connect(self._show_total)
        self.model.modelReset.connect(self.error_line.clear_message)
        self.model.failed.connect(self._query_failed)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        row_picker(self.table)
        self.ends = ListEnds(self.table, self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self._size_columns()
        # `activated` comes for Enter and for a double-click alike.
        self.table.activated.connect(self._activated)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status)
        filters.addWidget(self.motive)
        filters.addWidget(self.officer)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addSpacing(12)
        dates.addWidget(self.date_to)
        dates.addSpacing(12)
        dates.addWidget(self.clear_button)
        dates.addStretch(1)
        dates.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.error_line)
        layout.addWidget(self.table, 1)
        self._set_texts()
        if self.model.error():
            self._query_failed(self.model.error())

    def _set_texts(self) -> None:
        self.count_label.setToolTip(_("A duplicate counts once with the case it duplicates."))
        self.search.setPlaceholderText(_("Search reference, place, words of the account…"))
        self.status.setItemText(0, _("All statuses"))
        for index, status in enumerate(CaseStatus, start=1):
            self.status.setItemText(index, labels.label(status))
        self.motive.setItemText(0, _("All motives"))
        for index, item in enumerate(self._pack.motives, start=1):
            self.motive.setItemText(index, _(item.label))
        self.officer.setItemText(0, _("All officers"))
        self.date_from.check.setText(_("From:"))
        self.date_to.check.setText(_("To:"))
        self.clear_button.setText(_("Clear filters"))
        self._show_total()

    def retranslate(self) -> None:
        """Everything in the new screen language, filters, selection and scrolling kept; each
        open wizard is built again in it, with what was typed."""
        self._set_texts()
        for date_filter in (self.date_from, self.date_to):
            date_filter.follow_locale()
        self.model.retranslate()
        self._size_columns()
        if self._reason_dialog is not None:  # built again in the new language when next asked
            self._reason_dialog.deleteLater()
            self._reason_dialog = None
        for case_id, wizard in list(self._wizards.items()):
            self._show_wizard(wizard.rebuilt(), case_id)

    # ------------------------------------------------------------------ filters

    def current_query(self) -> CaseQuery:
        status = self.status.currentData()
        officer = self.officer.currentData()
        old = self.model.query()
        return CaseQuery(
            text=self.search.text().strip(),
            statuses=(CaseStatus(status),) if status else (),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            motive=str(self.motive.currentData() or ""),
            officer_id=officer if isinstance(officer, int) else None,
            sort_by=old.sort_by,
            descending=old.descending,
        )

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        # After a failed query the same one is worth trying again.
        if (query != self.model.query() or self.model.error()) and self.model.set_query(query):
            self.table.scrollToTop()

    def _query_failed(self, message: str) -> None:
        self.error_line.show_message(message)
        if self.model.total() is None:
            self.count_label.setText("")

    def clear_filters(self) -> None:
        widgets = (
            self.search,
            self.status,
            self.motive,
            self.officer,
            self.date_from.check,
            self.date_from.edit,
            self.date_to.check,
            self.date_to.edit,
        )
        # One query for the whole reset, not one per widget.
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search.clear()
            for combo in (self.status, self.motive, self.officer):
                combo.setCurrentIndex(0)
            for date_filter in (self.date_from, self.date_to):
                date_filter.check.setChecked(False)
                date_filter.edit.setEnabled(False)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.apply_filters()

    def _show_total(self, *_args: object) -> None:
        total = self.model.total()
        if total is None:
            self.count_label.setText(_("Counting…"))
        else:
            self.count_label.setText(
                ngettext("{n} case", "{n} cases", total).format(n=format_number(total))
            )

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column == MOTIVES:
            # The model keeps its order; the arrow goes back to the column it is sorted by.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.query().descending
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(self.model.sort_column(), order)
            header.blockSignals(False)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        sample_date = format_datetime(datetime(2026, 12, 28, 23, 59, tzinfo=UTC))
        # Typical texts in the screen language: the longest would starve the place column.
        samples = {
            REFERENCE: "LIS-01-2026-000000",
            DATE: sample_date,
            MOTIVES: _(self._pack.label("motives", "unknown")),
            CLASSIFICATION: _(self._pack.label("classifications", "hate_speech")),
            STATUS: max((labels.label(s) for s in CaseStatus), key=metrics.horizontalAdvance),
            OFFICER: "Mariana Costa",
        }
        padding = 28  # cell margins, and room for the sort arrow in the header
        for column, sample in samples.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(title))
            self.table.setColumnWidth(column, width + padding)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The place is the longest text: it takes the room the others leave.
        header.setSectionResizeMode(PLACE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("M" * 6))
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 10)  # compact: more cases on the screen

    # ------------------------------------------------------------------ opening a case

    def selected_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> QDialog:
        """The officer's own draft or returned case: offers to continue working on it. Any other
        case: asks why it is consulted (every view is audited with its reason), then shows it."""
        case = self.model.case_at(row)
        if self.is_own_editable(case):
            return self.ask_continue(case)
        return self.ask_reason(case)

    def ask_reason(self, case: CaseSummary) -> ReasonDialog:
        if self._reason_dialog is None:
            # One dialog, reused: it outlives the key or click that answered it.
            self._reason_dialog = ReasonDialog(self)
            self._reason_dialog.accepted.connect(self._reason_given)
        self._pending_case = case.id
        self._reason_dialog.ask(case.reference)
        return self._reason_dialog

    def _reason_given(self) -> None:
        if self._reason_dialog is not None and self._pending_case is not None:
            case_id, self._pending_case = self._pending_case, None
            self._open(case_id, self._reason_dialog.reason())

    def _open(self, case_id: int, reason: str) -> None:
        view: CaseViewDialog | None = open_case(
            self, self._services, self._actor, case_id, reason, demo=self._demo
        )
        if view is not None:
            view.changed.connect(self.reload)
            self.case_opened.emit(view)

    # ------------------------------------------------------------------ own work: the wizard

    def is_own_editable(self, case: CaseSummary) -> bool:
        """The actor's own draft or returned case (officers and supervisors write cases)."""
        if case.status not in EDITABLE or self._actor.role not in (Role.OFFICER, Role.SUPERVISOR):
            return False
        query = CaseQuery(text=case.reference, statuses=EDITABLE, officer_id=self._actor.user_id)
        found = self._services.cases.list_cases(self._actor, query, 20)
        return any(mine.id == case.id for mine in found)

    def ask_continue(self, case: CaseSummary) -> QMessageBox:
        """Continue working on one's own case in the wizard, or only look at it."""
        text = (
            _("Case {reference} is your draft.")
            if case.status is CaseStatus.DRAFT
            else _("Case {reference} was returned to you by the supervisor.")
        ).format(reference=case.reference)
        box = QMessageBox(QMessageBox.Icon.Question, _("Your case"), text, parent=self)
        box.setObjectName("continueOwnCase")
        box.setInformativeText(_("Continue working on it in the wizard, or only look at it?"))
        go_on = box.addButton(_("&Continue working on it"), QMessageBox.ButtonRole.AcceptRole)
        view = box.addButton(_("&Only view it"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel).setText(_("Cancel"))
        box.setDefaultButton(go_on)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is go_on:
                self.continue_case(case.id)
            elif button is view:
                self.ask_reason(case)

        box.buttonClicked.connect(answered)
        self.continue_question = box
        box.open()
        return box

    def continue_case(self, case_id: int) -> CaseWizard | None:
        """Opens the actor's own case in the wizard (audited as own case work)."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        wizard = self._wizards.get(case_id)
        if wizard is not None:
            wizard.activateWindow()
            return wizard
        try:
            # The wizard saves the whole record: it has the values (a reveal, audited).
            opened = self._services.cases.open_for_editing(self._actor, case_id, _(REASONS[0]))
        except ServiceError as error:
            QMessageBox.warning(self, _("The case cannot be opened"), str(error))
            return None
        return self.edit(opened)

    def edit(self, opened: OpenedCase) -> CaseWizard:
        """Shows an opened (or new) case in the wizard; the list follows what it saves."""
        from app.ui.wizard.wizard import open_wizard  # noqa: PLC0415 - loaded when first needed

        wizard = self._wizards.get(opened.id)
        if wizard is not None:
            wizard.activateWindow()
            return wizard
        return self._show_wizard(
            open_wizard(self.window(), self._services, self._actor, opened, self._demo), opened.id
        )

    def _show_wizard(self, wizard: CaseWizard, case_id: int) -> CaseWizard:
        self._wizards[case_id] = wizard
        wizard.finished.connect(lambda _result: self._wizard_closed(case_id, wizard))
        self.wizard_opened.emit(wizard)
        return wizard

    def _wizard_closed(self, case_id: int, wizard: CaseWizard) -> None:
        if self._wizards.get(case_id) is wizard:  # not one replaced after a language switch
            del self._wizards[case_id]
        self.reload()

    def reload(self) -> None:
        """Reads the list again (a case was saved or submitted)."""
        self.model.refresh()
