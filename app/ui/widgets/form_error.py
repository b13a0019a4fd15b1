"""A red-ish line of text under a form field or a form: hidden while there is nothing to say."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

ERROR_COLOUR = "#b3261e"


class FormErrorLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # A palette, not a style sheet: this label is on the sign-in window, and the first style
        # sheet of a program costs start-up time.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        self.setPalette(palette)
        self.hide()

    def show_message(self, text: str) -> None:
        # Imported here: the Qt namespace costs ~12 ms, too much before the first window is up.
        from PySide6.QtCore import Qt  # noqa: PLC0415

        self.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote what was typed
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


def grow_to_fit(window: QWidget) -> None:
    """Makes a window tall enough for messages that just appeared (wrapped labels included),
    without changing its width."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    if layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    else:
        height = layout.totalSizeHint().height()
    if height > window.height():
        window.resize(width, height)


def add_row_with_error(
    form: QFormLayout, label: str, widget: QWidget, field: str
) -> FormErrorLabel:
    """A form row whose field has its own error line just under it, named `<field>_error`."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    error = FormErrorLabel()
    error.setObjectName(f"{field}_error")
    column.addWidget(error)
    form.addRow(label, box)
    return error
