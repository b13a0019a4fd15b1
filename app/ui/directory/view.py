"""The support-services directory dialog: a searchable list for everyone; for administrators an
editor, and CSV import and export (the format is in docs/service-directory.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import Role, ServiceKind
from app.domain.directory import ALL_GROUPS, CHILDREN, ServiceEntry, split_list
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack
from app.domain.text import normalise_for_search
from app.domain.validation import Issue
from app.files import OutputError, write_file
from app.i18n import _, ngettext
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui import labels
from app.ui.directory.model import AREA, KIND, LANGUAGES, NAME, PHONE, ServiceTableModel
from app.ui.widgets.banner import DemoBanner, demo_title
from app.ui.widgets.buttons import close_buttons
from app.ui.widgets.form_error import FormErrorLabel, add_row_with_error
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

CSV_FILTER = "CSV (*.csv)"
FILTER_CHARACTERS = 8


class GroupList(QListWidget):
    """The groups a service serves, as check boxes: "all", child victims, the pack's motives."""

    def __init__(self, pack: ProtocolPack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._add(ALL_GROUPS, _("All groups"))
        self._add(CHILDREN, _("Child victims"))
        for item in pack.motives:
            self._add(item.id, _(item.label))
        # Tall enough for every group of the pack: a short list would hide some of them.
        rows = min(self.count(), 16)
        self.setFixedHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4)

    def _add(self, group: str, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self)
        item.setData(Qt.ItemDataRole.UserRole, group)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]

    def set_groups(self, groups: tuple[str, ...]) -> None:
        known = {item.data(Qt.ItemDataRole.UserRole) for item in self._items()}
        for group in groups:
            if group not in known:  # served group of another pack: kept, shown by its id
                self._add(group, group)
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in groups
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def groups(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )


class ServiceForm(QWidget):
    """Every field of one service; read-only for those who may not change the directory."""

    def __init__(self, pack: ProtocolPack, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editable = editable
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. victim-support-lisbon"))
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind in ServiceKind:
            self.kind.addItem(labels.label(kind), kind.value)
        self.languages = QLineEdit()
        self.languages.setPlaceholderText(_("Language codes, e.g. pt; en; ar"))
        self.groups_served = GroupList(pack)
        self.area = QLineEdit()
        self.address = QLineEdit()
        self.address_confidential = QCheckBox(_("Confidential address"))
        confidential_note = QLabel(_("A confidential address is never printed for the victim."))
        confidential_note.setWordWrap(True)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.opening_hours = QLineEdit()
        self.opening_hours.setPlaceholderText(_("e.g. Mon–Fri 09:00–18:00"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        self.active = QCheckBox(_("Active: offered for new referrals"))

        # Issue.field (the CSV column the service names) -> the message under that field.
        self.errors: dict[str, FormErrorLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        address_box = QWidget()
        address_column = QVBoxLayout(address_box)
        address_column.setContentsMargins(0, 0, 0, 0)
        address_column.addWidget(self.address)
        address_column.addWidget(self.address_confidential)
        address_column.addWidget(confidential_note)
        for field, label, widget, focus in (
            ("code", _("Code:"), self.code, self.code),
            ("name", _("Name:"), self.name, self.name),
            ("kind", _("Kind:"), self.kind, self.kind),
            ("languages", _("Languages:"), self.languages, self.languages),
            ("groups_served", _("Groups served:"), self.groups_served, self.groups_served),
            ("area", _("Area:"), self.area, self.area),
            ("address", _("Address:"), address_box, self.address),
            ("phone", _("Phone:"), self.phone, self.phone),
            ("email", _("E-mail:"), self.email, self.email),
            ("opening_hours", _("Opening hours:"), self.opening_hours, self.opening_hours),
            ("notes", _("Notes:"), self.notes, self.notes),
            ("active", "", self.active, self.active),
        ):
            focus.setObjectName(field)
            self.errors[field] = add_row_with_error(form, label, widget, field)
        if not editable:
            for line in self.findChildren(QLineEdit):
                line.setReadOnly(True)
            self.notes.setReadOnly(True)
            for widget in (self.kind, self.address_confidential, self.active, self.groups_served):
                widget.setEnabled(False)
        self.show_entry(None)

    def show_entry(self, entry: ServiceEntry | None) -> None:
        """Shows a service; None empties the form for a new one (only then is the code typed)."""
        self.clear_errors()
        shown = entry or ServiceEntry(code="", name="", kind=ServiceKind.VICTIM_SUPPORT)
        self.code.setText(shown.code)
        self.code.setReadOnly(entry is not None or not self.editable)
        self.name.setText(shown.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(shown.kind.value)))
        self.languages.setText("; ".join(shown.languages))
        self.groups_served.set_groups(shown.groups_served)
        self.area.setText(shown.area)
        self.address.setText(shown.address)
        self.address_confidential.setChecked(shown.address_confidential)
        self.phone.setText(shown.phone)
        self.email.setText(shown.email)
        self.opening_hours.setText(shown.opening_hours)
        self.notes.setPlainText(shown.notes)
        self.active.setChecked(shown.active)

    def entry(self) -> ServiceEntry:
        return ServiceEntry(
            code=self.code.text(),
            name=self.name.text(),
            kind=ServiceKind(self.kind.currentData()),
            languages=split_list(self.languages.text()),
            groups_served=self.groups_served.groups(),
            area=self.area.text(),
            address=self.address.text(),
            address_confidential=self.address_confidential.isChecked(),
            phone=self.phone.text(),
            email=self.email.text(),
            opening_hours=self.opening_hours.text(),
            notes=self.notes.toPlainText(),
            active=self.active.isChecked(),
        )

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_message()

    def show_issues(self, issues: list[Issue]) -> list[Issue]:
        """Shows each issue under its field; returns those that name no field of the form."""
        self.clear_errors()
        unplaced: list[Issue] = []
        shown: dict[str, list[str]] = {}
        for issue in issues:
            if issue.field not in self.errors:
                unplaced.append(issue)
                continue
            # Worded without the field id: the field's own label says which one.
            shown.setdefault(issue.field, []).append(describe(replace(issue, field="")))
        for field, lines in shown.items():
            self.errors[field].show_message("\n".join(lines))
        if shown:
            first = self.findChild(QWidget, next(iter(shown)))
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced


class ImportProblemsDialog(QDialog):
    """Every problem of a refused file, one a line, ready to copy."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import refused"))
        self.heading = QLabel(
            ngettext(
                "Nothing was imported: the file has {n} problem. Correct it and import the"
                " whole file again.",
                "Nothing was imported: the file has {n} problems. Correct them and import the"
                " whole file again.",
                len(lines),
            ).format(n=len(lines))
        )
        self.heading.setWordWrap(True)
        self.problems = QPlainTextEdit("\n".join(lines))
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = close_buttons()
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        self.resize(720, 360)


class DirectoryDialog(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.editable = actor.role is Role.ADMIN
        self.problems: ImportProblemsDialog | None = None
        self._fetched: list[ServiceEntry] = []
        self._current: ServiceEntry | None = None  # the service in the form, None for a new one
        demo = services.mark() if demo is None else demo
        self.setWindowTitle(demo_title(_("Support services"), demo))
        pack = services.cases.station_pack(actor)

        intro = QLabel(
            _(
                "The services officers refer victims to. Select one to see or change it; new"
                " referrals offer only active services."
            )
            if self.editable
            else _(
                "The services officers refer victims to. Only an administrator can change"
                " this directory."
            )
        )
        intro.setWordWrap(True)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search names, areas, notes…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.kind = QComboBox()
        self.kind.addItem(_("All kinds"), "")
        for kind in ServiceKind:
            self.kind.addItem(labels.label(kind), kind.value)
        self.need = QComboBox()
        self.need.addItem(_("Any need"), "")
        for item in pack.needs:
            self.need.addItem(_(item.label), item.id)
        self.language = QComboBox()
        self.group = QComboBox()
        self.group.addItem(_("Any group"), "")
        for item in pack.motives:
            self.group.addItem(_(item.label), item.id)
        self.show_inactive = QCheckBox(_("Show inactive"))
        self.show_inactive.setVisible(self.editable)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for text, combo in (
            (_("Kind:"), self.kind),
            (_("Need:"), self.need),
            (_("Language:"), self.language),
            (_("Group served:"), self.group),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            # As narrow as a few words, not as the longest need: the row must fit a 1366-pixel
            # screen in every language (the open list still shows every entry whole).
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(FILTER_CHARACTERS)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        filters.addWidget(self.show_inactive)

        self.model = ServiceTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        row_picker(self.table)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (KIND, AREA, PHONE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # A service may speak a dozen languages: the column elides, the tooltip names them all.
        header.setSectionResizeMode(LANGUAGES, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LANGUAGES, 130)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.form = ServiceForm(pack, self.editable)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.new_button = QPushButton(_("New"))
        self.save_button = QPushButton(_("Save"))
        self.deactivate_button = QPushButton(_("Deactivate"))
        self.new_button.clicked.connect(self.new_service)
        self.save_button.clicked.connect(self.save)
        self.deactivate_button.clicked.connect(self.deactivate)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.new_button)
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.deactivate_button)
        edit_buttons.addWidget(self.save_button)
        details = QWidget()
        details_column = QVBoxLayout(details)
        details_column.setContentsMargins(0, 0, 0, 0)
        details_column.addWidget(scroll, 1)
        details_column.addLayout(edit_buttons)
        for button in (self.new_button, self.save_button, self.deactivate_button):
            button.setVisible(self.editable)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([780, 520])

        self.message = FormErrorLabel()  # refusals and service errors
        self.status = QLabel()  # what was just done, and how many services are shown
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.import_button = QPushButton(_("Import CSV…"))
        self.export_button = QPushButton(_("Export CSV…"))
        self.import_button.setVisible(self.editable)
        self.export_button.setVisible(actor.role in (Role.ADMIN, Role.SUPERVISOR))
        self.import_button.clicked.connect(self._choose_import_file)
        self.export_button.clicked.connect(self._choose_export_file)
        close_button = QPushButton(_("Close"))
        close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        if demo:
            layout.addWidget(DemoBanner(demo))
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        # Enter in the search or a field must not press New or Save behind the user's back.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        self._fill_languages()
        self.search.textChanged.connect(self._search_changed)
        for combo in (self.kind, self.need, self.language, self.group):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.show_inactive.toggled.connect(self._filters_changed)
        self.reload()
        self.resize(1280, 720)
        self.search.setFocus()

    # ------------------------------------------------------------------------------ the list

    def _fill_languages(self) -> None:
        """The language filter offers the languages the directory's services speak."""
        chosen = self.language.currentData() or ""
        everyone = self.services.directory.list_services(self.actor, include_inactive=True)
        codes = sorted({code for entry in everyone for code in entry.languages})
        self.language.blockSignals(True)  # refilling is not a filter change
        self.language.clear()
        self.language.addItem(_("Any language"), "")
        for code in codes:
            self.language.addItem(labels.language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.blockSignals(False)

    def _filters_changed(self) -> None:
        self.reload()

    def _search_changed(self) -> None:
        self._apply_search(self.selected_code())

    def reload(self, select_code: str | None = None) -> None:
        """Fetches the services for the filters; keeps (or moves to) the selected one."""
        keep = select_code or self.selected_code()
        kind = self.kind.currentData()
        self._fetched = self.services.directory.list_services(
            self.actor,
            need=str(self.need.currentData() or ""),
            language=str(self.language.currentData() or ""),
            group=str(self.group.currentData() or ""),
            kind=ServiceKind(kind) if kind else None,
            include_inactive=self.editable and self.show_inactive.isChecked(),
        )
        self._apply_search(keep)

    def _apply_search(self, keep: str | None) -> None:
        """Shows the fetched services that contain every word searched for."""
        words = normalise_for_search(self.search.text()).split()
        shown = [
            entry
            for entry in self._fetched
            if all(
                word
                in normalise_for_search(
                    f"{entry.name} {entry.code} {entry.area} {entry.phone} {entry.notes}"
                )
                for word in words
            )
        ]
        self.model.set_entries(shown)
        self.status.setText(
            ngettext("{n} service shown.", "{n} services shown.", len(shown)).format(n=len(shown))
        )
        row = self.model.row_of(keep) if keep else None
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        elif self._current is not None or not self.editable:
            self._show(None)  # the service in the form is no longer listed

    def selected_code(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.entry(index.row()).code if index.isValid() else None

    def _row_changed(self) -> None:
        index = self.table.selectionModel().currentIndex()
        self._show(self.model.entry(index.row()) if index.isValid() else None)

    def _show(self, entry: ServiceEntry | None) -> None:
        self._current = entry
        self.form.show_entry(entry)
        self.deactivate_button.setEnabled(entry is not None and entry.active)
        self.message.clear_message()

    # ------------------------------------------------------------------------------ editing

    def new_service(self) -> None:
        self.table.selectionModel().clearCurrentIndex()
        self.table.clearSelection()
        self._show(None)
        self.form.code.setFocus()

    def save(self) -> None:
        try:
            saved = self.services.directory.save(self.actor, self.form.entry())
        except Refused as refused:
            unplaced = self.form.show_issues(refused.issues)
            self.message.show_message("\n".join(describe(issue) for issue in unplaced))
            return
        except ServiceError as error:
            self.message.show_message(str(error))
            return
        self._fill_languages()
        self.reload(select_code=saved.code)
        if self.selected_code() != saved.code:  # the filters hide it: the form still shows it
            self._show(saved)
        self.status.setText(_("Saved: {name}.").format(name=saved.name))

    def deactivate(self) -> None:
        if self._current is None:
            return
        try:
            self.services.directory.deactivate(self.actor, self._current.code)
        except ServiceError as error:
            self.message.show_message(str(error))
            return
        name = self._current.name
        self.reload(select_code=self._current.code)
        self.status.setText(
            _("Deactivated: {name}. Tick Active and save to offer it again.").format(name=name)
        )

    # ------------------------------------------------------------------------------ files

    def _choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import support services"), "", CSV_FILTER + ";;" + _("All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def _choose_export_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export support services"), "support-services.csv", CSV_FILTER
        )
        if path:
            self.export_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Imports the whole file, or nothing; the problems of a refused file are listed."""
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            self._show_problems([_("The file is not UTF-8 text. Save it as CSV in UTF-8.")])
            return
        except OSError as error:
            self._show_problems([_("The file cannot be read: {error}").format(error=error)])
            return
        try:
            count = self.services.directory.import_csv(self.actor, text)
        except Refused as refused:
            self._show_problems([describe(issue) for issue in refused.issues])
            return
        except ServiceError as error:
            self.message.show_message(str(error))
            return
        self._fill_languages()
        self.reload()
        self.status.setText(
            ngettext(
                "Imported {n} service from {file}.", "Imported {n} services from {file}.", count
            ).format(n=count, file=path.name)
        )

    def _show_problems(self, lines: list[str]) -> None:
        self.problems = ImportProblemsDialog(lines, self)
        self.problems.open()  # not exec(): the list stays usable behind it

    def export_file(self, path: Path) -> None:
        """`path` as the save dialog gave it, which asked before replacing a file."""
        from app.services.audit import Delivery  # noqa: PLC0415 - SQLAlchemy, with the services

        database = self.services.database_file()

        def write(content: bytes) -> None:
            write_file(path, content, force=True, database=database)

        try:
            self.services.directory.export_csv(self.actor, Delivery("file", write))
        except ServiceError as error:
            self.message.show_message(str(error))
            return
        except OutputError as error:
            reason = error.strerror or str(error)
            self.message.show_message(_("The file cannot be written: {error}").format(error=reason))
            return
        self.status.setText(_("Exported the directory to {file}.").format(file=path.name))
