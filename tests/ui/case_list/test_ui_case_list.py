"""The case list: the paged model, search, filters, sorting, and who sees which station."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.case import CaseQuery, CaseStatus, incidents
from app.domain.protocol import ProtocolPack
from app.services import Services
from app.services.context import Actor
from app.ui.case_list.model import DATE, MOTIVES, PAGE_SIZE, REFERENCE, STATUS, CaseTableModel
from app.ui.case_list.view import CaseListWidget
from app.ui.language import date_format, date_time_format

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def load_all(model: CaseTableModel) -> None:
    while model.canFetchMore():
        model.fetchMore()


def make_list(qtbot: QtBot, services: Services, actor: Actor, pack: ProtocolPack) -> CaseListWidget:
    widget = CaseListWidget(services, actor, pack)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose(combo: Any, predicate: Callable[[Any], bool]) -> None:
    index = next(i for i in range(combo.count()) if predicate(combo.itemData(i)))
    combo.setCurrentIndex(index)


# ---------------------------------------------------------------------- the model


def test_model_passes_the_model_tester(
    qtmodeltester: ModelTester, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    qtmodeltester.check(model)


def test_model_pages_two_hundred_rows_at_a_time(
    monkeypatch: pytest.MonkeyPatch, demo_services: Services, admin: Actor, pack: ProtocolPack
) -> None:
    asked: list[tuple[bool, int]] = []
    original = demo_services.cases.list_cases

    def spy(actor: Actor, query: CaseQuery, limit: int = 200, **where: Any) -> Any:
        asked.append((where.get("after") is not None, limit))
        return original(actor, query, limit, **where)

    monkeypatch.setattr(demo_services.cases, "list_cases", spy)
    model = CaseTableModel(demo_services, admin, pack)
    assert model.rowCount() == PAGE_SIZE == 200
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    assert model.rowCount() == 500  # the admin sees all 500 demo cases
    assert not model.canFetchMore()
    model.fetchMore()  # nothing left: no query
    assert asked == [(False, 200), (True, 200), (True, 200)]  # by key, after the last row
    references = [model.case_at(row).reference for row in range(model.rowCount())]
    assert len(set(references)) == 500


def test_model_counts_after_the_first_page(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    assert model.total() is None  # counted a moment after the first page
    with qtbot.waitSignal(model.total_changed) as signal:
        pass
    expected = demo_services.cases.count_cases(officer, CaseQuery())
    assert signal.args == [expected]
    assert model.total() == expected


def test_model_shows_labels_not_ids(
    demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    case = model.case_at(0)
    assert model.data(model.index(0, REFERENCE)) == case.reference
    assert model.data(model.index(0, STATUS)) == case.status.value.capitalize()
    motives = model.data(model.index(0, MOTIVES))
    assert motives == ", ".join(pack.label("motives", m) for m in case.motives)
    assert model.headerData(DATE, Qt.Orientation.Horizontal) == "Date"
    place_tip = model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert place_tip == f"{case.place}\nDistrict: {case.district}"
    assert model.data(model.index(0, REFERENCE), Qt.ItemDataRole.ToolTipRole) == case.reference


def test_sort_by_date_both_ways(
    demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    model.sort(DATE, Qt.SortOrder.AscendingOrder)
    load_all(model)
    dates = [model.case_at(row).occurred_at or EPOCH for row in range(model.rowCount())]
    assert dates == sorted(dates)
    model.sort(DATE, Qt.SortOrder.DescendingOrder)
    assert model.query().descending
    load_all(model)
    dates = [model.case_at(row).occurred_at or EPOCH for row in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    listed = [model.case_at(row) for row in range(model.rowCount())]
    assert incidents(listed) == demo_services.cases.count_cases(officer, CaseQuery())


def test_sort_by_reference_and_not_by_motives(
    demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    model.sort(REFERENCE, Qt.SortOrder.AscendingOrder)
    assert model.query().sort_by == "reference"
    model.sort(MOTIVES, Qt.SortOrder.DescendingOrder)
    assert model.query().sort_by == "reference"
    assert not model.query().descending


def test_officer_never_sees_another_station(
    demo_services: Services, officer: Actor, admin: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    load_all(model)
    references = [model.case_at(row).reference for row in range(model.rowCount())]
    assert references
    assert all(ref.startswith("LIS-01-") for ref in references)
    everyone = CaseTableModel(demo_services, admin, pack)
    load_all(everyone)
    all_refs = {everyone.case_at(row).reference for row in range(everyone.rowCount())}
    assert any(ref.startswith("LIS-02-") for ref in all_refs)


# ---------------------------------------------------------------------- the widget


def test_search_is_debounced_and_filters(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    qtbot.keyClicks(widget.search, "Benformoso")
    assert widget.model.query().text == ""  # not yet: a query per word, not per key
    qtbot.waitUntil(lambda: widget.model.query().text == "Benformoso", timeout=2000)
    model = widget.model
    load_all(model)
    assert 0 < model.rowCount() < demo_services.cases.count_cases(officer, CaseQuery())
    assert all("Benformoso" in model.case_at(r).place for r in range(model.rowCount()))


def test_search_finds_a_reference(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    reference = widget.model.case_at(5).reference
    widget.search.setText(reference)
    widget.apply_filters()
    assert widget.model.rowCount() == 1
    assert widget.model.case_at(0).reference == reference
    qtbot.waitUntil(lambda: widget.count_label.text() == "1 case")


def test_status_filter(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    choose(widget.status, lambda data: data == CaseStatus.CLOSED)
    assert widget.status.currentText() == "Closed"
    model = widget.model
    load_all(model)
    assert model.rowCount() > 0
    assert {model.case_at(r).status for r in range(model.rowCount())} == {CaseStatus.CLOSED}
    assert {model.data(model.index(r, STATUS)) for r in range(model.rowCount())} == {"Closed"}
    expected = demo_services.cases.count_cases(officer, CaseQuery(statuses=(CaseStatus.CLOSED,)))
    qtbot.waitUntil(lambda: widget.count_label.text() == f"{expected} cases")


def test_motive_filter(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    choose(widget.motive, lambda data: data == "anti_roma")
    assert widget.motive.currentText() == "Anti-Roma"
    model = widget.model
    load_all(model)
    assert model.rowCount() > 0
    assert all("anti_roma" in model.case_at(r).motives for r in range(model.rowCount()))


def test_officer_filter(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    names = [widget.officer.itemText(i) for i in range(widget.officer.count())]
    assert names[0] == "All officers"
    assert "João Sousa" in names
    assert "Tiago Martins" not in names  # an officer of LIS-02
    widget.officer.setCurrentIndex(names.index("João Sousa"))
    model = widget.model
    load_all(model)
    assert model.rowCount() > 0
    assert {model.case_at(r).officer_name for r in range(model.rowCount())} == {"João Sousa"}


def test_date_filter(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    newest = widget.model.case_at(0).occurred_at
    assert newest is not None
    last = newest.astimezone().date()
    first = last - timedelta(days=60)
    widget.date_from.edit.set_value(first)
    widget.date_to.edit.set_value(last)
    assert widget.model.query().date_from is None  # unticked dates do not filter
    assert not widget.date_from.edit.isEnabled()
    widget.date_from.check.setChecked(True)
    widget.date_to.check.setChecked(True)
    assert widget.date_from.edit.isEnabled()
    assert widget.model.query().date_from == first
    assert widget.model.query().date_to == last
    model = widget.model
    load_all(model)
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        occurred = model.case_at(row).occurred_at
        assert occurred is not None
        assert first <= occurred.astimezone().date() <= last
    assert model.rowCount() < demo_services.cases.count_cases(officer, CaseQuery())


def test_clear_filters(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    widget.search.setText("rua")
    choose(widget.status, lambda data: data == CaseStatus.APPROVED)
    widget.date_from.check.setChecked(True)
    assert widget.model.query() != CaseQuery()
    widget.clear_filters()
    assert widget.model.query() == CaseQuery()
    assert widget.search.text() == ""
    assert widget.status.currentIndex() == 0
    assert not widget.date_from.check.isChecked()
    assert not widget.date_from.edit.isEnabled()


def test_header_click_sorts_and_motives_keeps_the_order(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    header = widget.table.horizontalHeader()
    assert header.sortIndicatorSection() == DATE
    widget.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    assert widget.model.query().sort_by == "occurred_at"
    assert not widget.model.query().descending
    widget.table.sortByColumn(MOTIVES, Qt.SortOrder.AscendingOrder)
    assert widget.model.query().sort_by == "occurred_at"
    assert header.sortIndicatorSection() == DATE


def test_count_label_and_columns(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    total = demo_services.cases.count_cases(officer, CaseQuery())
    qtbot.waitUntil(lambda: widget.count_label.text() == f"{total} cases")
    metrics = widget.table.fontMetrics()
    for column in (REFERENCE, DATE):
        widest = max(
            metrics.horizontalAdvance(str(widget.model.data(widget.model.index(r, column))))
            for r in range(widget.model.rowCount())
        )
        assert widget.table.columnWidth(column) > widest  # not cut off


def test_date_format_has_a_four_digit_year() -> None:
    assert "yyyy" in date_format(QLocale("en"))
    assert "yyyy" in date_format(QLocale("fi"))
    assert "yyyy" in date_time_format(QLocale("bg"))  # Bulgarian's own short format has "yy"
    assert "yy" in QLocale("bg").dateTimeFormat(QLocale.FormatType.ShortFormat)
