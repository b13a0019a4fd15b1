"""The file a dialog writes to: a typed name, or one chosen with Choose… in the system's save
dialog, which asks before it names a file that exists. Only that asked-for file may be replaced:
a name typed (or changed) afterwards never replaces a file, app.files refuses it in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from app.i18n import _


class FileField(QWidget):
    """`title`: the save dialog's; `suggested`: the name it starts with; `name_filter`: e.g.
    "PDF documents (*.pdf)". The line edit (`edit`) is what a label's Alt+letter goes to."""

    def __init__(
        self,
        title: str,
        suggested: Callable[[], str],
        name_filter: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._title, self._suggested, self._filter = title, suggested, name_filter
        self._confirmed: Path | None = None  # the file the save dialog asked to replace
        self.edit = QLineEdit()
        self.edit.textEdited.connect(self._typed)
        self.choose = QPushButton(_("C&hoose…"))
        self.choose.clicked.connect(self.choose_file)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose)
        self.setFocusProxy(self.edit)

    def _typed(self) -> None:
        self._confirmed = None  # a typed name never replaces a file

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window(), self._title, self._suggested(), self._filter
        )
        if path:
            self.edit.setText(path)
            self._confirmed = Path(path)

    def target(self) -> tuple[Path, bool] | None:
        """The file, and whether it may replace one (chosen, and asked); None if none given."""
        text = self.edit.text().strip()
        if not text:
            return None
        path = Path(text)
        return path, path == self._confirmed
