"""The languages a person speaks: a searchable combo to add one (by name or ISO 639 code), and a
table of them with "reads" and "preferred", all by keyboard (Space ticks, Delete removes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.languages import SpokenLanguage, language_code, tidy
from app.i18n import _, babel_locale
from app.i18n.languages import language_names
from app.ui import labels
from app.ui.widgets.form_error import FormErrorLabel

READS, PREFERRED = 1, 2


class _Table(QTableWidget):
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class _Picker(QComboBox):
    """Enter adds what was typed, and is not also the window's default button (the wizard's
    Next); with nothing typed it is."""

    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentText().strip():
            self.add_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class LanguageList(QWidget):
    """Edits a tuple of SpokenLanguage; `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        add_row = QHBoxLayout()
        self.picker = _Picker()
        self.picker.setObjectName("languagePicker")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = language_names(babel_locale())
        for code, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            self.picker.addItem(f"{name} ({code})", code)
        completer = QCompleter(self.picker.model(), self.picker)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.setCompleter(completer)
        line = self.picker.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(_("Choose, or type a language or its code"))
        self.picker.add_requested.connect(self.add_typed)
        self.picker.setMinimumContentsLength(24)
        self.picker.setCurrentIndex(-1)
        add_row.addWidget(self.picker, 1)
        self.add_button = QPushButton(_("A&dd language"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        add_row.addWidget(self.add_button)
        outer.addLayout(add_row)
        self.error = FormErrorLabel()
        outer.addWidget(self.error)
        self.table = _Table(0, 3)
        self.table.setObjectName("languages")
        self.table.setHorizontalHeaderLabels([_("Language"), _("Reads it"), _("Preferred")])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (READS, PREFERRED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setMaximumHeight(130)
        self.table.itemChanged.connect(self._item_changed)
        self.table.delete_pressed.connect(self.remove_current)
        outer.addWidget(self.table)
        self.remove_button = QPushButton(_("Remo&ve language"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_current)
        outer.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._filling = False
        # As tall as what it holds: a form must not spread its parts over the page.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    # ------------------------------------------------------------------ values

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # every cell is filled by set_languages
        return item

    def languages(self) -> tuple[SpokenLanguage, ...]:
        listed = []
        for row in range(self.table.rowCount()):
            code = str(self._cell(row, 0).data(Qt.ItemDataRole.UserRole))
            reads = self._cell(row, READS).checkState() == Qt.CheckState.Checked
            chosen = self._cell(row, PREFERRED).checkState() == Qt.CheckState.Checked
            listed.append(SpokenLanguage(code, reads, chosen))
        return tidy(listed)

    def set_languages(self, languages: tuple[SpokenLanguage, ...]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
            for spoken in tidy(languages):
                row = self.table.rowCount()
                self.table.insertRow(row)
                name = QTableWidgetItem(labels.language_name(spoken.code))
                name.setData(Qt.ItemDataRole.UserRole, spoken.code)
                name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, 0, name)
                for column, ticked in ((READS, spoken.reads), (PREFERRED, spoken.preferred)):
                    item = QTableWidgetItem()
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                    self.table.setItem(row, column, item)
        finally:
            self._filling = False
        self.remove_button.setEnabled(self.table.rowCount() > 0)

    # ------------------------------------------------------------------ edits

    def typed_code(self) -> str | None:
        """The code of what is in the picker: an entry, an ISO 639 code or a name."""
        text = self.picker.currentText().strip()
        index = self.picker.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.picker.itemData(index))
        by_name = {
            self.picker.itemText(i).rsplit(" (", 1)[0].casefold(): str(self.picker.itemData(i))
            for i in range(self.picker.count())
        }
        return language_code(text) or by_name.get(text.casefold())

    def add_typed(self) -> None:
        text = self.picker.currentText().strip()
        if not text:
            return
        code = self.typed_code()
        if code is None:
            self.error.show_message(_("Not a language: type its name or its ISO 639 code."))
            return
        self.error.clear_message()
        current = self.languages()
        if code not in {x.code for x in current}:
            self.set_languages((*current, SpokenLanguage(code, reads=True)))
            self.changed.emit()
        self.picker.setCurrentIndex(-1)
        self.picker.setEditText("")
        row = next(
            r
            for r in range(self.table.rowCount())
            if self._cell(r, 0).data(Qt.ItemDataRole.UserRole) == code
        )
        self.table.setCurrentCell(row, 0)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        kept = [x for i, x in enumerate(self.languages()) if i != row]
        self.set_languages(tuple(kept))
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self.changed.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        listed = self.languages()
        if item.column() == PREFERRED and item.checkState() == Qt.CheckState.Checked:
            code = self._cell(item.row(), 0).data(Qt.ItemDataRole.UserRole)
            listed = tuple(SpokenLanguage(x.code, x.reads, x.code == code) for x in listed)
        row, column = item.row(), item.column()
        self.set_languages(listed)
        self.table.setCurrentCell(row, column)
        self.changed.emit()
