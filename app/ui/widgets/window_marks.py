"""The mark on every window opened from a training window: its dialogs (the case view's
consents, referrals, outcomes, the feedback, a message box, a file dialog...) end their title with
" — TRAINING" as the window itself does, whoever wrote them. One filter on the application,
owned by the training window (gone with it), rather than a line in each dialog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.marks import DatabaseMark
from app.ui.widgets.titles import demo_title


class WindowMarks(QObject):
    """Marks each window shown (or retitled) whose parents lead to `owner`."""

    def __init__(self, owner: QWidget, mark: DatabaseMark) -> None:
        super().__init__(owner)
        self.owner, self.mark = owner, mark
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in (QEvent.Type.Show, QEvent.Type.WindowTitleChange)
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.owner
            and self._opened_from_owner(watched)
        ):
            self.mark_window(watched)
        return False

    def _opened_from_owner(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.owner:
                return True
            parent = parent.parentWidget()
        return False

    def mark_window(self, window: QWidget) -> None:
        title = window.windowTitle()
        mark = demo_title("", self.mark).strip()  # "— TRAINING", as the language writes it
        if mark and mark not in title:
            window.setWindowTitle(demo_title(title, self.mark))
