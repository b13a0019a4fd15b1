"""Tables the screens share."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget, QTableWidgetItem


def row_picker(table: QTableView) -> None:
    """A read-only table of which one row is chosen at a time (with the arrows, then Enter), its
    rows unnumbered: the lists of cases, persons, files, services, stations."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()


def fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Fills a read-only table, its columns as wide as their text; the selected row stays
    selected (the first, or the last when there are fewer rows now)."""
    chosen = max(table.currentRow(), 0)
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    if rows:
        table.selectRow(min(chosen, len(rows) - 1))
