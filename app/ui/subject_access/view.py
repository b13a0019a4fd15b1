"""Requests of access (LED Art. 14), for the data-protection officer only: a name (and, to tell
homonyms apart, a birth date) lists the persons of every station's cases it may be; the officer
ticks the right ones, gives the request's reference and prints the report through the preview.
The service decides who may and audits it; this screen only asks and shows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.documents import DOCUMENT_LANGUAGES
from app.domain.case import Role
from app.domain.marks import DatabaseMark
from app.i18n import _, format_date
from app.services.errors import ServiceError
from app.ui.labels import label, language_name
from app.ui.preview import NotSent, PreviewDialog, show_preview
from app.ui.views import REQUESTS_OF_ACCESS, register
from app.ui.widgets.form_error import FormErrorLabel

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services import Services
    from app.services.context import Actor
    from app.services.subject_access import Candidate


@register(REQUESTS_OF_ACCESS)
class SubjectAccessView(QWidget):
    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor, self._demo = services, actor, demo
        self.candidates: list[Candidate] = []
        self.preview: PreviewDialog | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.born = QLineEdit()
        self.born.setObjectName("born")
        self.born.setPlaceholderText("YYYY-MM-DD")
        self.find_button = QPushButton()
        self.find_button.setObjectName("find")
        self.find_button.clicked.connect(self.find_persons)
        self.name.returnPressed.connect(self.find_persons)
        self.born.returnPressed.connect(self.find_persons)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("candidates")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; Space ticks a row
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.found = QLabel()
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.print_button = QPushButton()
        self.print_button.setObjectName("printReport")
        self.print_button.clicked.connect(self.print_report)
        self.error = FormErrorLabel()

        self.name_label, self.born_label = QLabel(), QLabel()
        self.reason_label, self.language_label = QLabel(), QLabel()
        for text_label, field in (
            (self.name_label, self.name), (self.born_label, self.born),
            (self.reason_label, self.reason), (self.language_label, self.language),
        ):  # fmt: skip
            text_label.setBuddy(field)
        search = QFormLayout()
        search.addRow(self.name_label, self.name)
        search.addRow(self.born_label, self.born)
        search_row = QHBoxLayout()
        search_row.addLayout(search, 1)
        search_row.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignBottom)
        answer = QFormLayout()
        answer.addRow(self.reason_label, self.reason)
        answer.addRow(self.language_label, self.language)
        print_row = QHBoxLayout()
        print_row.addStretch(1)
        print_row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(search_row)
        layout.addWidget(self.found)
        layout.addWidget(self.table, 1)
        layout.addLayout(answer)
        layout.addWidget(self.error)
        layout.addLayout(print_row)
        self.setTabOrder(self.name, self.born)
        self.setTabOrder(self.born, self.find_button)
        self.setTabOrder(self.find_button, self.table)
        self.setTabOrder(self.table, self.reason)
        self.setTabOrder(self.reason, self.language)
        self.setTabOrder(self.language, self.print_button)
        self.retranslate()

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return actor.role is Role.DATA_PROTECTION_OFFICER

    def navigation_title(self) -> str:
        return _("Requests of access")

    def refresh(self) -> None:
        """Nothing is listed before a name is asked for: nothing to read again."""

    def retranslate(self) -> None:
        self.heading.setText(
            _(
                "What the program holds about a person, for their request of access (LED Art."
                " 14): find them by name across every station, tick the right persons, and print"
                " the report for them. The report is audited."
            )
        )
        self.name_label.setText(_("&Name or alias:"))
        self.born_label.setText(_("&Born on (optional):"))
        self.find_button.setText(_("&Search"))
        self.reason_label.setText(_("Request &reference:"))
        self.language_label.setText(_("Printout lan&guage:"))
        self.print_button.setText(_("&Print report…"))
        chosen = self.language.currentData() or "en"
        self.language.clear()
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(DOCUMENT_LANGUAGES.index(chosen))
        self._fill()

    def find_persons(self) -> None:
        born: date | None = None
        if self.born.text().strip():
            try:
                born = date.fromisoformat(self.born.text().strip())
            except ValueError:
                self.error.show_message(_("The birth date must be a date like 2026-05-31."))
                return
        try:
            self.candidates = self._services.subject_access.find(
                self._actor, self.name.text(), born
            )
        except ServiceError as error:
            self.error.show_message(str(error))
            return
        self.error.hide()
        self._fill()
        if self.candidates:
            self.table.setFocus()
            self.table.setCurrentCell(0, 0)

    def _fill(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Reference"), _("Station"), _("Role"), _("Born or age"), _("Occurred")]
        )
        self.found.setText(
            _("{n} found: tick each person who is the one asking (Space).").format(
                n=len(self.candidates)
            )
        )
        ticked = set(self.picks())
        self.table.setRowCount(len(self.candidates))
        for row, c in enumerate(self.candidates):
            born = format_date(c.date_of_birth, "medium") if c.date_of_birth else c.age_band
            cells = [
                c.reference,
                c.station_code,
                label(c.role),
                born,
                format_date(c.occurred_at, "medium"),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setFlags(cell.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    picked = (c.reference, c.person_key) in ticked
                    cell.setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)
                self.table.setItem(row, column, cell)

    def picks(self) -> list[tuple[str, str]]:
        """The (case reference, person key) of each ticked row."""
        found = []
        for row, c in enumerate(self.candidates):
            cell = self.table.item(row, 0)
            if cell is not None and cell.checkState() == Qt.CheckState.Checked:
                found.append((c.reference, c.person_key))
        return found

    def print_report(self) -> PreviewDialog | None:
        from app.services.audit import Delivery  # noqa: PLC0415 - with the services

        access, actor = self._services.subject_access, self._actor
        language = str(self.language.currentData())
        shown: list[bytes] = []
        try:
            data = access.report(actor, self.picks(), self.reason.text())
            access.print_report(actor, data, language, Delivery("screen", shown.append))
        except ServiceError as error:
            self.error.show_message(str(error))
            return None
        self.error.hide()
        [pdf] = shown

        def send(to: str, write: Callable[[bytes], None]) -> None:
            try:
                access.send(actor, data, language, pdf, Delivery(to, write))
            except ServiceError as error:
                raise NotSent(str(error)) from error

        self.preview = show_preview(
            self, pdf, _("Requests of access"), f"access-{language}.pdf", send,
            demo=self._demo, database=self._services.database_file(),
        )  # fmt: skip
        return self.preview
