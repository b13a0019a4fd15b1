"""The case list's two ends: Ctrl+End (or End on the scroll bar, or its "Bottom") shows the last
cases at once, read backwards by key, without paging through the million before them; Ctrl+Home
(Home, "Top") the first. Scrolling up from the end reads the pages before it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSlider, QTableView

from app.ui.case_list.model import CaseTableModel


class ListEnds(QObject):
    def __init__(self, table: QTableView, model: CaseTableModel) -> None:
        super().__init__(table)
        self._table = table
        self._model = model
        self._leaving = False  # for the first page: the top of the rows shown reads nothing
        table.installEventFilter(self)
        bar = table.verticalScrollBar()
        bar.actionTriggered.connect(self._bar_action)
        bar.valueChanged.connect(self._scrolled)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if event.key() == Qt.Key.Key_End:
                    self.to_end()
                    return True
                if event.key() == Qt.Key.Key_Home:
                    self.to_start()
                    return True
        return False

    def _bar_action(self, action: int) -> None:
        if action == QAbstractSlider.SliderAction.SliderToMaximum.value:
            self.to_end()
        elif action == QAbstractSlider.SliderAction.SliderToMinimum.value:
            self.to_start()

    def to_end(self) -> None:
        if self._model.jump_to_end() and self._model.rowCount():
            self._go_to(self._model.rowCount() - 1)
            self._table.scrollToBottom()

    def to_start(self) -> None:
        # At the top before the first page comes: left at the bottom, the view would page on
        # (and the top of the rows shown now must not read the page before them).
        self._leaving = True
        try:
            self._table.scrollToTop()
        finally:
            self._leaving = False
        if self._model.jump_to_start() and self._model.rowCount():
            self._go_to(0)
            self._table.scrollToTop()

    def _go_to(self, row: int) -> None:
        column = max(self._table.currentIndex().column(), 0)
        self._table.setCurrentIndex(self._model.index(row, column))

    def _scrolled(self, value: int) -> None:
        """At the top of a list shown from its end: the page before comes above, and the rows in
        view stay where they were."""
        if (
            value != self._table.verticalScrollBar().minimum()
            or not self._model.can_fetch_earlier()
        ):
            return
        added = self._model.fetch_earlier()
        if added:  # the row that was at the top is there again
            self._table.updateGeometries()  # the scroll bar's range, with the rows added
            top = self._model.index(added, 0)
            self._table.scrollTo(top, QTableView.ScrollHint.PositionAtTop)
