"""The stations of the force, for administrators: the list, with a flag on each station whose
victims' printouts would lack its address or phone, and a form to add or change one.

Keyboard: the list moves with the arrows, Ctrl+N starts a new station, Ctrl+S saves."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.documents import DOCUMENT_LANGUAGES
from app.domain.marks import DatabaseMark
from app.domain.stations import EDITABLE, NO_CONTACTS, StationDetails, missing_contacts
from app.domain.validation import Issue
from app.domain.working_days import supported_countries
from app.i18n import _
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui.labels import country_name, language_name
from app.ui.widgets.banner import DemoBanner, demo_title
from app.ui.widgets.form_error import FormErrorLabel, add_row_with_error
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

NAME, ADDRESS, PHONE, CONTACTS = range(4)


class StationForm(QWidget):
    """Every field of one station; the code is typed only for a new one."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("station code, e.g. LIS-01"))
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.opening_hours = QLineEdit()
        self.opening_hours.setPlaceholderText(_("e.g. Mon–Fri 09:00–18:00"))
        self.language = QComboBox()
        self.language.addItem(_("Not recorded"), "")
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.protocol_pack = QComboBox()
        for pack_id, pack in sorted(services.backend.packs.items()):
            self.protocol_pack.addItem(f"{pack_id}: {_(pack.name)}", pack_id)
        self.country = QComboBox()
        self.country.addItem(_("Not recorded"), "")
        for name, code in sorted((country_name(code), code) for code in supported_countries()):
            self.country.addItem(name, code)
        self.errors: dict[str, FormErrorLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, label, widget in (
            ("code", _("Code:"), self.code),
            ("name", _("Name:"), self.name),
            ("address", _("Address:"), self.address),
            ("phone", _("Phone:"), self.phone),
            ("email", _("E-mail:"), self.email),
            ("opening_hours", _("Opening hours:"), self.opening_hours),
            ("language", _("Language:"), self.language),
            ("protocol_pack", _("Protocol pack:"), self.protocol_pack),
            ("country", _("Country:"), self.country),
        ):
            widget.setObjectName(field)
            self.errors[field] = add_row_with_error(form, label, widget, field)
        self.show_station(None)

    def show_station(self, station: StationDetails | None) -> None:
        """Shows a station; None empties the form for a new one."""
        self.clear_errors()
        shown = station or StationDetails(code="", name="")
        self.code.setText(shown.code)
        self.code.setReadOnly(station is not None)
        for line in (self.name, self.address, self.phone, self.email, self.opening_hours):
            line.setText(getattr(shown, line.objectName()))
        for combo in (self.language, self.protocol_pack, self.country):
            combo.setCurrentIndex(max(0, combo.findData(getattr(shown, combo.objectName()))))

    def station(self) -> StationDetails:
        return StationDetails(
            code=self.code.text(),
            name=self.name.text(),
            address=self.address.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            opening_hours=self.opening_hours.text(),
            language=str(self.language.currentData()),
            protocol_pack=str(self.protocol_pack.currentData()),
            country=str(self.country.currentData()),
        )

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_message()

    def show_issues(self, issues: list[Issue]) -> list[Issue]:
        """Shows each issue under its field (focus on the first); returns the others."""
        self.clear_errors()
        unplaced = [issue for issue in issues if issue.field not in self.errors]
        placed = [issue for issue in issues if issue.field in self.errors]
        for issue in placed:
            error = self.errors[issue.field]
            text = describe(replace(issue, field=""))  # the field's own label says which
            error.show_message(f"{error.text()}\n{text}" if error.text() else text)
        if placed:
            first = self.findChild(QWidget, placed[0].field)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced


class StationsDialog(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.stations: list[StationDetails] = []
        self._current: StationDetails | None = None  # the station in the form; None for a new one
        self.setWindowTitle(demo_title(_("Stations"), demo))
        intro = QLabel(
            _(
                "Every printout a victim takes home carries the address and phone of the case's"
                " station: a station without them is flagged."
            )
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("stations")
        self.table.setHorizontalHeaderLabels([_("Name"), _("Address"), _("Phone"), _("Contacts")])
        row_picker(self.table)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ADDRESS, QHeaderView.ResizeMode.Stretch)
        for column in (NAME, PHONE, CONTACTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(self._row_changed)

        self.form = StationForm(services)
        self.new_button = QPushButton(_("New"))
        self.save_button = QPushButton(_("Save"))
        self.new_button.clicked.connect(self.new_station)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_station)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.new_button)
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.save_button)
        details = QWidget()
        details_column = QVBoxLayout(details)
        details_column.setContentsMargins(0, 0, 0, 0)
        details_column.addWidget(self.form, 1)
        details_column.addLayout(edit_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([860, 420])

        self.message = FormErrorLabel()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        close_button = QPushButton(_("Close"))
        close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        if demo:
            layout.addWidget(DemoBanner(demo))
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a field must not press New or Save
        self.reload()
        self.resize(1300, 560)
        self.table.setFocus()

    # ------------------------------------------------------------------------------ the list

    def reload(self, select_code: str | None = None) -> None:
        keep = select_code or (self._current.code if self._current else None)
        try:
            self.stations = self.services.stations.list_stations(self.actor)
        except ServiceError as error:
            self.message.show_message(str(error))
            return
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.stations))
        for row, station in enumerate(self.stations):
            flag = describe(NO_CONTACTS) if missing_contacts(station) else ""
            for column, text in enumerate(
                (f"{station.code} · {station.name}", station.address, station.phone, flag)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == CONTACTS and flag:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        codes = [station.code for station in self.stations]
        if keep in codes:
            self.table.setCurrentCell(codes.index(keep), 0)
            self._show(self.stations[codes.index(keep)])
        elif self.stations and self._current is None:
            self.table.setCurrentCell(0, 0)
            self._show(self.stations[0])

    def flagged(self) -> list[str]:
        """The codes of the stations listed with the flag for missing contacts."""
        flags = (self.table.item(row, CONTACTS) for row in range(self.table.rowCount()))
        return [
            s.code for s, flag in zip(self.stations, flags, strict=True) if flag and flag.text()
        ]

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.stations):
            self._show(self.stations[row])

    def _show(self, station: StationDetails | None) -> None:
        self._current = station
        self.form.show_station(station)
        self.message.clear_message()

    # ------------------------------------------------------------------------------ editing

    def new_station(self) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        self._show(None)
        self.form.code.setFocus()

    def save(self) -> None:
        typed = self.form.station()
        stations = self.services.stations
        try:
            if self._current is None:
                saved = stations.add_station(self.actor, typed)
            else:
                changes = {name: getattr(typed, name) for name in EDITABLE}
                saved = stations.update_station(self.actor, self._current.code, **changes)
        except Refused as refused:
            unplaced = self.form.show_issues(refused.issues)
            self.message.show_message("\n".join(describe(issue) for issue in unplaced))
            return
        except ServiceError as error:
            self.message.show_message(str(error))
            return
        self._current = saved
        self.reload(select_code=saved.code)
        self.status.setText(_("Saved: {name}.").format(name=saved.name))


def open_stations(
    parent: QWidget, services: Services, actor: Actor, demo: DatabaseMark
) -> StationsDialog:
    dialog = StationsDialog(services, actor, parent, demo=demo)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
