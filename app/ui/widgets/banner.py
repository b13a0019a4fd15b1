"""The DEMO banner: every window of a demo database says so, in colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from app.ui.widgets.titles import demo_text, demo_title

__all__ = ["DemoBanner", "demo_text", "demo_title"]

BANNER_BACKGROUND = "#f6c343"  # amber: readable with dark text, unlike anything else on screen
BANNER_TEXT = "#2b2100"


class DemoBanner(QLabel):
    # Palette and frame, not a style sheet: the sign-in window shows it, and must appear fast.
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(demo_text(), parent)
        self.setObjectName("demoBanner")
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BANNER_BACKGROUND))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(BANNER_TEXT))
        self.setPalette(palette)
        self.setFrameShape(QFrame.Shape.Box)
        self.setMargin(6)
        font = QFont(self.font())
        font.setBold(True)
        self.setFont(font)

    def retranslate(self) -> None:
        self.setText(demo_text())
