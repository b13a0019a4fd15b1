"""The directory's table model. A directory has tens or hundreds of services: held in memory."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.domain.directory import ServiceEntry
from app.i18n import N_, _
from app.ui import labels

NAME, KIND, LANGUAGES, AREA, PHONE = range(5)
HEADERS = (N_("Name"), N_("Kind"), N_("Languages"), N_("Area"), N_("Phone"))
CODE_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class ServiceTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[ServiceEntry] = []

    def set_entries(self, entries: list[ServiceEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> ServiceEntry:
        return self._entries[row]

    def row_of(self, code: str) -> int | None:
        return next((i for i, e in enumerate(self._entries) if e.code == code), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NAME:
                return (
                    entry.name if entry.active else _("{name} (inactive)").format(name=entry.name)
                )
            if column == KIND:
                return labels.label(entry.kind)
            if column == LANGUAGES:
                return ", ".join(entry.languages)
            if column == AREA:
                return entry.area
            return entry.phone
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return entry.name  # a long name is elided in its column
        if role == Qt.ItemDataRole.ToolTipRole and column == LANGUAGES:
            return "\n".join(labels.language_name(code) for code in entry.languages) or None
        if role == Qt.ItemDataRole.ForegroundRole and not entry.active:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == CODE_ROLE:
            return entry.code
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return _(HEADERS[section])
        return None
