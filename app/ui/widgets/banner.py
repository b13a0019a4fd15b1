"""The DEMO banner: every window of a demo database says so, in colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from app.ui.widgets.titles import demo_text, demo_title

__all__ = ["Banner", "DemoBanner", "demo_text", "demo_title"]

BANNER_BACKGROUND = "#f6c343"  # amber: readable with dark text, unlike anything else on screen
BANNER_TEXT = "#2b2100"
OFFLINE_BACKGROUND = "#ffd9d6"  # light red: something is wrong, nothing is lost


class Banner(QLabel):
    """A line of bold text across a window, boxed, in its own colour."""

    # Palette and frame, not a style sheet: the sign-in window shows one, and must appear fast.
    def __init__(self, text: str, background: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(BANNER_TEXT))
        self.setPalette(palette)
        self.setFrameShape(QFrame.Shape.Box)
        self.setMargin(6)
        font = QFont(self.font())
        font.setBold(True)
        self.setFont(font)


class DemoBanner(Banner):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(demo_text(), BANNER_BACKGROUND, parent)
        self.setObjectName("demoBanner")

    def retranslate(self) -> None:
        self.setText(demo_text())
