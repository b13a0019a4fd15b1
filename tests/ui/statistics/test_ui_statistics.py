"""The statistics view in the main window's navigation, by keyboard alone: Tab goes through the
filters in order, a new period typed and Enter counts again; the figures on screen are the
service's, table by table; a supervisor sees their station's only and is offered no station; an
officer or the data-protection officer does not get the view; a reversed period is refused in
words; a view closed while counting takes no harm."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.statistics import Dimension, StatsQuery
from app.i18n import format_number
from app.services import Services
from app.services.context import Actor
from app.services.statistics import ALL, FIRST
from app.ui.case_list.model import COUNTING
from app.ui.main_window import MainWindow
from app.ui.statistics import words
from app.ui.statistics.view import StatisticsView, default_period
from app.ui.widgets.dates import DateField
from tests.ui.keyboard_checks import assert_unique, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


def statistics_view(
    qtbot: QtBot, services: Services, actor: Actor
) -> tuple[MainWindow, StatisticsView]:
    window = MainWindow(services, actor, demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    [view] = [v for v in window.views if isinstance(v, StatisticsView)]
    window.navigation.setCurrentRow(window.views.index(view) + 1)  # shown: counts
    assert window.stack.currentWidget() is view
    with qtbot.waitActive(window):
        window.activateWindow()
    view.wait()
    return window, view


def expected(services: Services, actor: Actor, view: StatisticsView) -> dict[str, object]:
    """What the view must show: the service's own figures for the view's query, in words."""
    query = view.current_query()
    assert query is not None
    figures = services.statistics.statistics(actor, query)
    shown: dict[str, object] = {"total": words.total_words(figures.incidents, query)}
    for dimension, table in figures.tables.items():
        shown[dimension.value] = [
            (words.key_name(dimension, c.key, view._packs), format_number(c.count))
            for c in table.counts
        ]
    assert figures.outcomes is not None
    shown["outcomes"] = [
        (name, format_number(n)) for name, n in words.outcome_rows(figures.outcomes)
    ]
    return shown


def on_screen(view: StatisticsView) -> dict[str, object]:
    shown: dict[str, object] = {"total": view.total.text()}
    for dimension, section in view.sections.items():
        shown[dimension.value] = section.table.rows()
    shown["outcomes"] = view.outcomes.table.rows()
    return shown


def type_date(qtbot: QtBot, field: DateField, day: date) -> None:
    text = QLocale().toString(QDate(day.year, day.month, day.day), field.displayFormat())
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_an_administrator_filters_by_keyboard_and_sees_the_services_figures(
    qtbot: QtBot, demo_services: Services
) -> None:
    admin = demo_services.accounts.authenticate("admin", "demo")
    window, view = statistics_view(qtbot, demo_services, admin)
    today = demo_services.backend.clock().astimezone().date()
    assert view.current_query() == StatsQuery(*default_period(today))
    assert on_screen(view) == expected(demo_services, admin, view)
    assert view.figures is not None
    assert view.figures.incidents > 0
    motives = view.sections[Dimension.MOTIVE]
    assert "rows add up to more than the" in motives.note.text()
    assert view.station.isVisible()
    assert_unique(visible_mnemonics(window))

    # the Tab chain: the period, the station, the status, drafts, then Show figures
    qtbot.keyClick(window, Qt.Key.Key_M, ALT)  # Fro&m
    assert view.date_from.hasFocus()
    chain = [view.date_to, view.station, view.status, view.drafts, view.show_button]
    for field in chain:
        qtbot.keyClick(QWidget.focusWidget(view) or view, Qt.Key.Key_Tab)
        assert field.hasFocus(), field.objectName()

    # a shorter period, typed, then Enter: every table counts again
    before = on_screen(view)
    qtbot.keyClick(window, Qt.Key.Key_M, ALT)
    start = date(today.year, today.month, 1)
    type_date(qtbot, view.date_from, start)
    qtbot.keyClick(view.date_from, Qt.Key.Key_Return)
    view.wait()
    assert view.current_query() == StatsQuery(start, today)
    assert view.sections[Dimension.MONTH].table.rowCount() == 1
    assert on_screen(view) != before
    assert on_screen(view) == expected(demo_services, admin, view)

    # one station, and drafts too, by keyboard
    qtbot.keyClick(window, Qt.Key.Key_S, ALT)  # &Station
    assert view.station.hasFocus()
    qtbot.keyClick(view.station, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_D, ALT)  # Include &drafts
    qtbot.waitUntil(view.drafts.isChecked)  # a mnemonic clicks after a short flash
    view.wait()
    query = view.current_query()
    assert query is not None
    assert query.station_code == view.station.currentData()
    assert query.include_drafts
    assert "drafts included" in view.total.text()
    assert on_screen(view) == expected(demo_services, admin, view)


def test_a_supervisor_sees_their_station_only(qtbot: QtBot, demo_services: Services) -> None:
    supervisor = demo_services.accounts.authenticate("supervisor", "demo")
    _window, view = statistics_view(qtbot, demo_services, supervisor)
    assert not view.station.isVisibleTo(view), "no station to choose"
    assert view.own_station.text() == supervisor.station_name
    assert view.filter_labels[2].text() == "Station:", "no Alt+letter to a fixed station"
    assert on_screen(view) == expected(demo_services, supervisor, view)
    query = view.current_query()
    assert query is not None
    assert query.station_code is None
    admin = demo_services.accounts.authenticate("admin", "demo")
    station_only = demo_services.statistics.statistics(
        admin, StatsQuery(query.start, query.end, supervisor.station_code)
    )
    assert view.figures is not None
    assert view.figures.incidents == station_only.incidents
    # the Tab chain skips the station: there is nothing to choose
    view.date_to.setFocus()
    qtbot.keyClick(view.date_to, Qt.Key.Key_Tab)
    assert view.status.hasFocus()


@pytest.mark.parametrize("who", ["officer", "dpo"])
def test_an_officer_or_the_dpo_does_not_get_the_view(
    qtbot: QtBot, demo_services: Services, who: str
) -> None:
    actor = demo_services.accounts.authenticate(who, "demo")
    assert not StatisticsView.shown_to(actor)
    window = MainWindow(demo_services, actor, demo=True)
    qtbot.addWidget(window)
    assert not any(isinstance(v, StatisticsView) for v in window.views)
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert "Statistics" not in titles


def test_a_reversed_period_is_refused_in_words(qtbot: QtBot, demo_services: Services) -> None:
    admin = demo_services.accounts.authenticate("admin", "demo")
    window, view = statistics_view(qtbot, demo_services, admin)
    shown = view.current_query()
    qtbot.keyClick(window, Qt.Key.Key_O, ALT)  # T&o
    type_date(qtbot, view.date_to, date(2020, 1, 1))
    qtbot.keyClick(view.date_to, Qt.Key.Key_Return)
    view.wait()
    assert view.error.isVisible()
    assert "ends before it starts" in view.error.text()
    assert view.current_query() == shown, "the figures shown are still those of the old period"
    view.date_to.selectAll()
    qtbot.keyClicks(view.date_to, "no date")
    qtbot.keyClick(view.date_to, Qt.Key.Key_Return)
    assert view.current_query() == shown


def test_a_view_closed_while_counting_takes_no_harm(qtbot: QtBot, demo_services: Services) -> None:
    admin = demo_services.accounts.authenticate("admin", "demo")
    view = StatisticsView(demo_services, admin, demo=True)
    view.show()
    view.show_figures()
    view.close()
    view.deleteLater()
    qtbot.wait(1)  # deleted now, the counting still going
    COUNTING.waitForDone()
    qtbot.wait(1)  # its figures arrive at nobody


def test_default_period_is_twelve_calendar_months_up_to_today() -> None:
    assert default_period(date(2026, 12, 7)) == (date(2026, 1, 1), date(2026, 12, 7))
    assert default_period(date(2026, 3, 31)) == (date(2025, 4, 1), date(2026, 3, 31))
    assert default_period(date(2026, 1, 1)) == (date(2025, 2, 1), date(2026, 1, 1))


def test_the_first_figures_show_while_the_rest_are_counted(
    qtbot: QtBot, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The total, months and motives come first; the other tables follow when counted, and the
    window answers meanwhile."""
    admin = demo_services.accounts.authenticate("admin", "demo")
    view = StatisticsView(demo_services, admin, demo=True)
    qtbot.addWidget(view)
    view.show()
    counting = demo_services.statistics.statistics
    release = threading.Event()
    asked: list[tuple[Dimension, ...]] = []

    def slow_rest(actor: Actor, query: StatsQuery, dimensions=ALL, with_outcomes=True):  # type: ignore[no-untyped-def]
        asked.append(tuple(dimensions))
        if with_outcomes:  # the rest: held back until the test has looked
            release.wait(10)
        return counting(actor, query, dimensions, with_outcomes)

    monkeypatch.setattr(demo_services.statistics, "statistics", slow_rest)
    view.refresh()
    qtbot.waitUntil(lambda: view.figures is not None)
    assert asked[0] == FIRST
    assert view.total.text().endswith("incidents (a duplicate counts once; drafts left out)")
    assert view.sections[Dimension.MONTH].table.rowCount() == 12
    assert view.sections[Dimension.MOTIVE].table.rowCount() > 0
    district = view.sections[Dimension.DISTRICT]
    assert district.table.rowCount() == 0
    assert district.note.text() == "Counting…"
    assert view.progress.text() == "Counting…"
    release.set()
    view.wait()
    assert district.table.rowCount() > 0
    assert view.progress.text() == ""
    assert on_screen(view) == expected(demo_services, admin, view)
