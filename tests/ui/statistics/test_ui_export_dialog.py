"""The statistics export dialog by keyboard alone: Alt+letters to the fields, a typed file name,
Enter exports in a thread behind a progress dialog; Escape there cancels and nothing is written;
a supervisor sees their station only; a typed name never replaces a file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from app.domain.statistics import year_query
from app.services import Services, open_services
from app.services.context import Actor
from app.ui.statistics.export_dialog import ExportDialog
from tests.conftest import CHEAP_HASHER
from tests.services.test_statistics_export import build_year, staff
from tests.ui.keyboard_checks import assert_unique, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Services, dict[str, Actor], Path]]:
    services = open_services(f"sqlite:///{tmp_path / 't.db'}", hasher=CHEAP_HASHER)
    who = staff(services)
    build_year(services)
    folder = tmp_path / "exports"
    folder.mkdir()
    yield services, who, folder
    services.close()


def dialog(qtbot: QtBot, services: Services, actor: Actor, year: Any = 2026) -> ExportDialog:
    shown = ExportDialog(services, actor, year)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitActive(shown):
        shown.activateWindow()
    return shown


def fill(qtbot: QtBot, shown: ExportDialog, path: Path, *, format_downs: int) -> None:
    """Each field by its Alt+letter: the format `format_downs` below the first, then the file."""
    qtbot.keyClick(shown, Qt.Key.Key_F, ALT)
    assert shown.format.hasFocus()
    for _ in range(format_downs):
        qtbot.keyClick(shown.format, Qt.Key.Key_Down)
    qtbot.keyClick(shown, Qt.Key.Key_I, ALT)
    assert shown.file.hasFocus()
    qtbot.keyClicks(shown.file, str(path))


def test_an_administrator_exports_one_station_by_keyboard(
    qtbot: QtBot, desk: tuple[Services, dict[str, Actor], Path]
) -> None:
    services, who, folder = desk
    shown = dialog(qtbot, services, who["admin"], year_query(2026))
    assert_unique(visible_mnemonics(shown))
    assert shown.year.hasFocus()
    assert shown.year.value() == 2026
    qtbot.keyClick(shown, Qt.Key.Key_S, ALT)
    assert shown.station.hasFocus()
    assert shown.station.currentData() is None  # every station
    qtbot.keyClick(shown.station, Qt.Key.Key_Down)
    assert shown.station.currentData() == "LIS-01"
    out = folder / "tables.xlsx"
    fill(qtbot, shown, out, format_downs=2)
    qtbot.keyClick(shown.file, Qt.Key.Key_Return)
    shown.wait()
    qtbot.waitUntil(shown.message.isVisible)
    assert shown.message.text() == f"Written to {out}."
    book = load_workbook(out)
    assert [c.value for c in book["District"][2]][:4] == ["district", "Centro", "Centro", 5]


def test_a_supervisor_exports_the_return_of_their_station(
    qtbot: QtBot, desk: tuple[Services, dict[str, Actor], Path]
) -> None:
    services, who, folder = desk
    shown = dialog(qtbot, services, who["boss"])
    assert [shown.station.itemData(i) for i in range(shown.station.count())] == ["LIS-01"]
    assert not shown.station.isEnabled()
    out = folder / "return.xlsx"
    fill(qtbot, shown, out, format_downs=0)
    qtbot.keyClick(shown.file, Qt.Key.Key_Return)
    shown.wait()
    qtbot.waitUntil(shown.message.isVisible)
    sheet = load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[sheet.max_row]] == ["All hate crimes", 5, 2, 1, 1, 1, 2]
    # a typed name never replaces a file: the same again is refused, the file kept
    before = out.read_bytes()
    qtbot.keyClick(shown.file, Qt.Key.Key_Return)
    shown.wait()
    qtbot.waitUntil(lambda: "already exists" in shown.message.text())
    assert out.read_bytes() == before


def test_escape_in_the_progress_dialog_cancels_and_nothing_is_written(
    qtbot: QtBot, desk: tuple[Services, dict[str, Actor], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    services, who, folder = desk
    escaped = threading.Event()
    export = services.statistics.export

    def held(*args: Any) -> bool:
        """The real export, its first step held until the user pressed Escape."""
        *rest, progress, threshold = args

        def first_waits(done: int, total: int) -> bool:
            if done == 1:
                assert escaped.wait(10)
            return bool(progress(done, total))

        return export(*rest, first_waits, threshold)

    monkeypatch.setattr(services.statistics, "export", held)
    shown = dialog(qtbot, services, who["boss"])
    out = folder / "cancelled.csv"
    fill(qtbot, shown, out, format_downs=1)
    qtbot.keyClick(shown.file, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QProgressDialog))
    progress = QApplication.activeModalWidget()
    assert progress is shown._progress
    qtbot.keyClick(progress, Qt.Key.Key_Escape)
    escaped.set()
    shown.wait()
    qtbot.waitUntil(shown.message.isVisible)
    assert shown.message.text() == "Cancelled: nothing was written."
    assert list(folder.iterdir()) == []
    assert shown.export_button.isEnabled()


def test_no_file_no_export(qtbot: QtBot, desk: tuple[Services, dict[str, Actor], Path]) -> None:
    services, who, folder = desk
    shown = dialog(qtbot, services, who["boss"])
    qtbot.keyClick(shown.year, Qt.Key.Key_Return)
    assert shown.message.text() == "Choose the file to write."
    assert shown.file.hasFocus()
    assert list(folder.iterdir()) == []
