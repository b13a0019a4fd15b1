"""The DEMO and TRAINING banners: every window of a demo or a training database says so, in
colour."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from app.domain.marks import DatabaseMark
from app.ui.widgets.titles import demo_text, demo_title

__all__ = ["Banner", "DemoBanner", "demo_text", "demo_title"]

BANNER_BACKGROUND = "#f6c343"  # amber: readable with dark text, unlike anything else on screen
BANNER_TEXT = "#2b2100"
TRAINING_BACKGROUND = "#cfe6fb"  # light blue: practice, calm, unlike the demo's amber
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
    """The banner of a marked database: DEMO in amber, TRAINING in light blue."""

    def __init__(
        self, mark: DatabaseMark = DatabaseMark.DEMO, parent: QWidget | None = None
    ) -> None:
        training = mark is DatabaseMark.TRAINING
        background = TRAINING_BACKGROUND if training else BANNER_BACKGROUND
        super().__init__(demo_text(mark), background, parent)
        self.mark = mark
        self.setObjectName("trainingBanner" if training else "demoBanner")

    def retranslate(self) -> None:
        self.setText(demo_text(self.mark))
