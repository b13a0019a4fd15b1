"""The statistics view's Export… and Print report… by keyboard alone: each opens its dialog with
its Alt+letter once figures are shown, writes its file (the report's PDF says the total the view
shows), Escape cancels with nothing written, a typed name never replaces a file (Choose… asks),
and the mnemonics stay unique in every screen language."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.domain.audit_actions import AuditAction
from app.domain.statistics import StatsQuery
from app.i18n import format_number
from app.services import Services
from app.services.context import Actor
from app.ui.main_window import MainWindow
from app.ui.statistics.export_dialog import ExportDialog
from app.ui.statistics.report_dialog import ReportDialog, default_language
from app.ui.statistics.view import StatisticsView
from tests.ui.keyboard_checks import assert_unique, mnemonic, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def desk(fresh_demo: Services, tmp_path: Path) -> tuple[Services, Path]:
    folder = tmp_path / "out"
    folder.mkdir()
    return fresh_demo, folder


def shown_view(
    qtbot: QtBot, services: Services, actor: Actor, threshold: int = 0
) -> tuple[MainWindow, StatisticsView]:
    window = MainWindow(services, actor, demo=True, small_cell_threshold=threshold)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    [view] = [v for v in window.views if isinstance(v, StatisticsView)]
    assert not view.export_button.isEnabled()  # no figures yet
    assert not view.report_button.isEnabled()
    window.navigation.setCurrentRow(window.views.index(view) + 1)
    with qtbot.waitActive(window):
        window.activateWindow()
    view.wait()
    assert view.export_button.isEnabled()
    assert view.report_button.isEnabled()
    return window, view


def opened(qtbot: QtBot, window: MainWindow, view: StatisticsView, key: Qt.Key) -> object:
    qtbot.keyClick(window, key, ALT)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert_unique(visible_mnemonics(dialog))
    return dialog


def reports(services: Services, actor: Actor) -> list[dict[str, object]]:
    return [
        e.details for e in services.audit.entries(actor) if e.action == AuditAction.STATS_REPORT
    ]


def test_print_report_writes_the_pdf_of_the_figures_shown(
    qtbot: QtBot, desk: tuple[Services, Path]
) -> None:
    services, folder = desk
    admin = services.accounts.authenticate("admin", "demo")
    window, view = shown_view(qtbot, services, admin)
    assert_unique(visible_mnemonics(window))
    # the two buttons come after Show figures in the Tab chain
    view.show_button.setFocus()
    qtbot.keyClick(view.show_button, Qt.Key.Key_Tab)
    assert view.export_button.hasFocus()
    qtbot.keyClick(view.export_button, Qt.Key.Key_Tab)
    assert view.report_button.hasFocus()
    query = view.current_query()
    assert query is not None
    assert view.figures is not None
    dialog = opened(qtbot, window, view, Qt.Key.Key_P)  # &Print report…
    assert isinstance(dialog, ReportDialog)
    assert dialog.language.count() == 14
    assert dialog.language.currentData() == default_language(services, admin, query)
    assert dialog.language.hasFocus()
    assert "Every station" in dialog.what.text()
    # English, by keyboard: the language box, Home goes to the first (English)
    qtbot.keyClick(dialog, Qt.Key.Key_L, ALT)
    qtbot.keyClick(dialog.language, Qt.Key.Key_Home)
    assert dialog.language.currentData() == "en"
    out = folder / "report.pdf"
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    assert dialog.file.hasFocus()
    qtbot.keyClicks(dialog.file, str(out))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
    assert dialog.message.text() == f"Written to {out}."
    assert out.stat().st_mode & 0o077 == 0  # the owner's only
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert format_number(view.figures.incidents) in text
    assert reports(services, admin)[-1]["language"] == "en"
    # the written report in the print preview, to print it
    assert dialog.show_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)  # &Show…
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.isVisible())
    assert dialog.preview is not None
    assert dialog.preview.page_count() >= 1


def test_escape_cancels_the_report_with_nothing_written(
    qtbot: QtBot, desk: tuple[Services, Path]
) -> None:
    services, folder = desk
    boss = services.accounts.authenticate("supervisor", "demo")
    window, view = shown_view(qtbot, services, boss)
    dialog = opened(qtbot, window, view, Qt.Key.Key_P)
    assert isinstance(dialog, ReportDialog)
    assert boss.station_name in dialog.what.text()
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    qtbot.keyClicks(dialog.file, str(folder / "report.pdf"))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert list(folder.iterdir()) == []
    assert reports(services, boss) == []


def test_a_typed_name_never_replaces_a_file_choose_asks(
    qtbot: QtBot, desk: tuple[Services, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    services, folder = desk
    admin = services.accounts.authenticate("admin", "demo")
    window, view = shown_view(qtbot, services, admin)
    dialog = opened(qtbot, window, view, Qt.Key.Key_P)
    assert isinstance(dialog, ReportDialog)
    out = folder / "minutes.pdf"
    out.write_bytes(b"the meeting's minutes")
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    qtbot.keyClicks(dialog.file, str(out))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
    assert dialog.message.text() == f"The file cannot be written: {out} already exists."
    assert out.read_bytes() == b"the meeting's minutes"
    assert reports(services, admin) == []  # refused before the report was made
    # Choose…: the save dialog asked before it named the file, so it is replaced
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    qtbot.keyClick(dialog, Qt.Key.Key_H, ALT)  # C&hoose…
    qtbot.waitUntil(lambda: dialog.file_field.target() == (out, True))
    dialog.write_button.click()
    assert out.read_bytes().startswith(b"%PDF")
    assert len(reports(services, admin)) == 1


def test_export_writes_the_year_of_the_figures_shown_with_the_settings_threshold(
    qtbot: QtBot, desk: tuple[Services, Path]
) -> None:
    services, folder = desk
    admin = services.accounts.authenticate("admin", "demo")
    window, view = shown_view(qtbot, services, admin, threshold=3)
    query = view.current_query()
    assert query is not None
    dialog = opened(qtbot, window, view, Qt.Key.Key_X)  # E&xport…
    assert isinstance(dialog, ExportDialog)
    assert dialog.year.value() == query.end.year
    assert dialog._threshold == 3
    out = folder / "return.xlsx"
    qtbot.keyClick(dialog, Qt.Key.Key_I, ALT)
    qtbot.keyClicks(dialog.file, str(out))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
    dialog.wait()
    qtbot.waitUntil(dialog.message.isVisible)
    assert dialog.message.text() == f"Written to {out}."
    assert load_workbook(out).worksheets
    # Escape closes it; the next export writes nothing till asked
    qtbot.keyClick(dialog.file, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [p.name for p in folder.iterdir()] == ["return.xlsx"]


@pytest.mark.parametrize("language", ["en", "fi", "es", "pt", "lv", "et", "bg", "it"])
def test_the_buttons_mnemonics_are_unique_in_every_language(
    qtbot: QtBot, demo_services: Services, language: str
) -> None:
    from app.ui.language import apply_screen_language  # noqa: PLC0415

    apply_screen_language(language)
    try:
        admin = demo_services.accounts.authenticate("admin", "demo")
        window, view = shown_view(qtbot, demo_services, admin)
        assert mnemonic(view.export_button.text())
        assert mnemonic(view.report_button.text())
        assert_unique(visible_mnemonics(window))
        query = view.current_query()
        assert query is not None
        for dialog in (
            ReportDialog(demo_services, admin, query, view),
            ExportDialog(demo_services, admin, query, view),
        ):
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            assert_unique(visible_mnemonics(dialog))
    finally:
        apply_screen_language("en")


@given(name=st.text(st.characters(blacklist_characters="/"), max_size=300))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_typed_name_writes_a_whole_report_or_nothing(
    qtbot: QtBot, demo_services: Services, tmp_path: Path, name: str
) -> None:
    """Garbage typed as the file name: no traceback; either the whole PDF is written where the
    message says, or nothing at all."""
    admin = demo_services.accounts.authenticate("admin", "demo")
    query = StatsQuery(date(2026, 1, 1), date(2026, 12, 31))
    dialog = ReportDialog(demo_services, admin, query)
    qtbot.addWidget(dialog)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    pdf = b"%PDF-1.4 the report"
    with patch.object(type(demo_services.statistics), "statistics_report", lambda *a: pdf):
        dialog.file.setText(f"{folder}/{name}")
        dialog.write()
    written = list(folder.iterdir())
    if dialog.message.text().startswith("Written to"):
        assert [p.read_bytes() for p in written] == [pdf]
    else:
        assert written == []
        assert dialog.message.text()
