"""The case list's ends with the keyboard: Ctrl+End shows the last page at once without reading
the pages before it, scrolling up from there reads them, Ctrl+Home goes back to the first; End
on the scroll bar does what Ctrl+End does."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.case import CaseQuery
from app.domain.protocol import ProtocolPack
from app.services import Services
from app.services.context import Actor
from app.ui.case_list.model import PAGE_SIZE
from app.ui.case_list.view import CaseListWidget

EVERYTHING = 10_000


def reads(monkeypatch: pytest.MonkeyPatch, services: Services) -> list[str]:
    """What the list reads from now on: 'first', 'after', 'before' or 'last'."""
    asked: list[str] = []
    original = services.cases.list_cases

    def spy(actor: Actor, query: CaseQuery, limit: int = 200, **where: Any) -> Any:
        asked.append(next((k for k, v in where.items() if v not in (None, False)), "first"))
        return original(actor, query, limit, **where)

    monkeypatch.setattr(services.cases, "list_cases", spy)
    return asked


def test_ctrl_end_shows_the_last_page_and_ctrl_home_the_first(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    monkeypatch: pytest.MonkeyPatch,
    demo_services: Services,
    admin: Actor,
    pack: ProtocolPack,
) -> None:
    widget = CaseListWidget(demo_services, admin, pack)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    qtbot.waitExposed(widget)
    model, table = widget.model, widget.table
    whole = [r.id for r in demo_services.cases.list_cases(admin, model.query(), EVERYTHING)]
    assert len(whole) > 2 * PAGE_SIZE
    qtbot.waitUntil(lambda: model.total() is not None)
    total = model.total()
    asked = reads(monkeypatch, demo_services)
    table.setFocus()

    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["last"]  # not a page before it
    shown = [model.case_at(r).id for r in range(model.rowCount())]
    assert shown == whole[-PAGE_SIZE:]
    assert table.currentIndex().row() == model.rowCount() - 1
    assert model.total() == total  # the same query: the count stands
    assert not model.canFetchMore()
    qtmodeltester.check(model)

    # Up from the end: the pages before come above, the rows in view stay in view.
    table.verticalScrollBar().setValue(0)
    assert asked[-1] == "before"
    shown = [model.case_at(r).id for r in range(model.rowCount())]
    assert shown == whole[-len(shown) :]
    assert len(shown) == 2 * PAGE_SIZE
    assert table.rowAt(0) >= PAGE_SIZE - 1
    qtmodeltester.check(model)

    # Home: the first rows (read again, or already there from scrolling up), and no paging on.
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    shown = [model.case_at(r).id for r in range(model.rowCount())]
    assert shown == whole[: len(shown)]
    assert table.currentIndex().row() == 0
    assert table.rowAt(0) == 0
    assert "after" not in asked

    # End on the scroll bar: the end again.
    bar = table.verticalScrollBar()
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_End)
    assert model.case_at(model.rowCount() - 1).id == whole[-1]
    assert table.currentIndex().row() == model.rowCount() - 1
    assert "after" not in asked  # the list never paged through from the start


def test_end_on_the_scroll_bar_reads_only_the_last_page(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    demo_services: Services,
    admin: Actor,
    pack: ProtocolPack,
) -> None:
    widget = CaseListWidget(demo_services, admin, pack)
    qtbot.addWidget(widget)
    widget.show()
    whole = [r.id for r in demo_services.cases.list_cases(admin, CaseQuery(), EVERYTHING)]
    asked = reads(monkeypatch, demo_services)
    bar = widget.table.verticalScrollBar()
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_End)
    assert asked == ["last"]
    model = widget.model
    assert [model.case_at(r).id for r in range(model.rowCount())] == whole[-PAGE_SIZE:]


def test_ctrl_end_on_a_short_list_reads_nothing_more(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    demo_services: Services,
    admin: Actor,
    pack: ProtocolPack,
) -> None:
    widget = CaseListWidget(demo_services, admin, pack)
    qtbot.addWidget(widget)
    widget.show()
    widget.search.setText("LIS-02")
    widget.apply_filters()
    model = widget.model
    while model.canFetchMore():
        model.fetchMore()
    loaded = [model.case_at(r).id for r in range(model.rowCount())]
    asked = reads(monkeypatch, demo_services)
    qtbot.keyClick(widget.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert asked == []
    assert [model.case_at(r).id for r in range(model.rowCount())] == loaded
    assert widget.table.currentIndex().row() == len(loaded) - 1
