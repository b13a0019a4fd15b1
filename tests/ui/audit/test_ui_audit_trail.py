"""The audit trail view in the main window's navigation, by keyboard alone: filters by their
Alt+letters, Enter searches, Older and Newer page, Verify now runs in a thread and shows its
result on top; the export for the data-protection officer; shown to its three roles only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.audit_search import AuditFilter
from app.services import Services, open_services
from app.ui.audit.view import AuditTrailView
from app.ui.case_list.model import COUNTING
from app.ui.main_window import MainWindow
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock
from tests.services.test_audit_search import Trail, trail
from tests.ui.keyboard_checks import assert_unique, mnemonic, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def desk(tmp_path: Path, clock: Clock) -> Iterator[tuple[Services, Trail]]:
    services = open_services(f"sqlite:///{tmp_path / 't.db'}", clock=clock, hasher=CHEAP_HASHER)
    made = trail(services, clock)
    yield services, made
    COUNTING.waitForDone()
    services.close()


def audit_view(
    qtbot: QtBot, services: Services, who: str, t: Trail
) -> tuple[MainWindow, AuditTrailView]:
    window = MainWindow(services, t.actors[who], demo=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    [view] = [v for v in window.views if isinstance(v, AuditTrailView)]
    window.navigation.setCurrentRow(window.views.index(view) + 1)
    assert window.stack.currentWidget() is view
    with qtbot.waitActive(window):
        window.activateWindow()
    view.table.setFocus()
    return window, view


def column(view: AuditTrailView, index: int) -> list[str]:
    return [view.table.item(row, index).text() for row in range(view.table.rowCount())]


def test_filter_page_and_verify_by_keyboard(qtbot: QtBot, desk: tuple[Services, Trail]) -> None:
    services, t = desk
    window, view = audit_view(qtbot, services, "dpo", t)
    assert view.table.rowCount() == 17  # set-up, accounts, sign-ins, two cases
    view.page_size = 7
    assert "Audit trail" in [
        window.navigation.item(i).text() for i in range(window.navigation.count())
    ]

    qtbot.keyClick(window, Qt.Key.Key_R, ALT)  # Case &reference
    assert view.case_edit.hasFocus()
    qtbot.keyClicks(view.case_edit, t.lisbon_case)
    qtbot.keyClick(view.case_edit, Qt.Key.Key_Return)
    assert column(view, 1) == ["boss", "ana"]
    assert column(view, 2) == ["Read", "Created"]
    assert column(view, 3) == [f"Case {t.lisbon_case}"] * 2
    assert column(view, 4) == ["=HYPERLINK(daily review)", ""]

    # the Tab chain goes through the filters in order, then Search
    qtbot.keyClick(view.case_edit, Qt.Key.Key_Tab)
    assert view.user_edit.hasFocus()
    qtbot.keyClick(view.user_edit, Qt.Key.Key_Tab)
    assert view.action_combo.hasFocus()
    qtbot.keyClick(view.action_combo, Qt.Key.Key_Tab)
    assert view.date_from.hasFocus()
    qtbot.keyClick(view.date_from, Qt.Key.Key_Tab)
    assert view.date_to.hasFocus()
    qtbot.keyClick(view.date_to, Qt.Key.Key_Tab)
    assert view.search_button.hasFocus()

    # all events again, a page older, then newer
    view.case_edit.clear()
    qtbot.keyClick(window, Qt.Key.Key_T, ALT)  # Ac&tion
    assert view.action_combo.hasFocus()
    view.action_combo.setCurrentIndex(view.action_combo.findData("login"))
    qtbot.keyClick(window, Qt.Key.Key_S, ALT)  # &Search, after a short flash
    logins = ["rui", "chefe", "dpo", "ana", "boss", "admin"]
    qtbot.waitUntil(lambda: column(view, 1) == logins)
    view.date_from.set_value(date(2026, 5, 5))
    qtbot.keyClick(view.date_from, Qt.Key.Key_Return)
    assert view.table.rowCount() == 0
    assert view.empty.isVisible()

    view.date_from.set_value(None)
    view.action_combo.setCurrentIndex(0)
    view.run_search()
    assert view.older_button.isEnabled()
    assert not view.newer_button.isEnabled()
    first = column(view, 0)
    qtbot.keyClick(window, Qt.Key.Key_D, ALT)  # Ol&der
    qtbot.waitUntil(lambda: column(view, 0) != first)
    assert view.newer_button.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_N, ALT)  # &Newer
    qtbot.waitUntil(lambda: column(view, 0) == first)

    assert "not been verified" in view.verify_status.text()
    qtbot.keyClick(window, Qt.Key.Key_V, ALT)  # &Verify now
    qtbot.waitUntil(lambda: view._verifying is not None)
    view.wait_for_verify()
    qtbot.waitUntil(view.verify_button.isEnabled)
    assert "by dpo: intact." in view.verify_status.text()
    assert view.checkpoint_status.text() == "No checkpoint has been taken yet."


def test_the_export_writes_the_selection(
    qtbot: QtBot, desk: tuple[Services, Trail], tmp_path: Path
) -> None:
    services, t = desk
    _window, view = audit_view(qtbot, services, "dpo", t)
    assert view.export_button.isVisible()
    view.case_edit.setText(t.porto_case)
    view.run_search()
    view.export_file(tmp_path / "out.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8"))))
    assert [row[3] for row in rows[1:]] == ["create", "view"]
    assert view.status.text() == "Audit events written to out.csv: 2."


def test_a_supervisor_sees_the_station_and_exports_nothing(
    qtbot: QtBot, desk: tuple[Services, Trail]
) -> None:
    services, t = desk
    _window, view = audit_view(qtbot, services, "chefe", t)
    assert not view.export_button.isVisible()
    users = set()
    while True:
        users |= set(column(view, 1))
        if not view.older_button.isEnabled():
            break
        view.older()
    assert "rui" in users
    assert not users & {"ana", "boss"}


@pytest.mark.parametrize("who", ["ana", "rui"])
def test_officers_have_no_audit_view(qtbot: QtBot, desk: tuple[Services, Trail], who: str) -> None:
    services, t = desk
    window = MainWindow(services, t.actors[who], demo=False)
    qtbot.addWidget(window)
    assert not [v for v in window.views if isinstance(v, AuditTrailView)]


@pytest.mark.parametrize("language", ["en", "es", "pt", "fi", "lv", "et", "bg", "it"])
def test_alt_letters_are_unique_in_every_language(
    qtbot: QtBot, desk: tuple[Services, Trail], language: str
) -> None:
    services, t = desk
    window, view = audit_view(qtbot, services, "admin", t)
    try:
        window.switch_language(language)  # the menus, the navigation and every view
        assert view.search_button.text() != "&Search" or language == "en"
        found = visible_mnemonics(view)
        found += [(mnemonic(a.text()), a.text()) for a in window.menuBar().actions()]
        assert_unique([(letter, text) for letter, text in found if letter])
        assert all(mnemonic(label.text()) for label in view.filter_labels)
    finally:
        window.switch_language("en")


def test_a_search_is_recorded_only_when_the_view_is_shown(
    qtbot: QtBot, desk: tuple[Services, Trail]
) -> None:
    services, t = desk
    window = MainWindow(services, t.actors["boss"], demo=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window._refresh_views()  # as after a change to a case
    searches = services.audit_search.search(t.actors["admin"], AuditFilter(action="audit_search"))
    assert searches.entries == ()
    [view] = [v for v in window.views if isinstance(v, AuditTrailView)]
    window.navigation.setCurrentRow(window.views.index(view) + 1)
    searches = services.audit_search.search(t.actors["admin"], AuditFilter(action="audit_search"))
    assert [e.username for e in searches.entries] == ["boss", "admin"]
