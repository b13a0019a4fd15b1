"""Tables the screens share."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def row_picker(table: QTableView) -> None:
    """A read-only table of which one row is chosen at a time (with the arrows, then Enter), its
    rows unnumbered: the lists of cases, persons, files, services, stations."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
