"""The print preview: shows the PDF, prints it through the print dialog, saves it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.ui import preview
from app.ui.preview import PreviewDialog


def two_pages() -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for number in (1, 2):
        canvas.drawString(72, 760, f"Page {number} of the referral sheet")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


Done = list[tuple[str, str]]


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> tuple[PreviewDialog, Done]:
    """The preview; what it sent on, as the audit trail would have it: (to, "done" or the
    failure's kind)."""
    done: Done = []

    def send(to: str, write: Callable[[bytes], None]) -> None:
        try:
            write(shown.pdf)
        except Exception as error:
            done.append((to, type(error).__name__))
            raise
        done.append((to, "done"))

    shown = PreviewDialog(two_pages(), "Referral sheet", "referral.pdf", send,
                          database=tmp_path / "desk.sqlite3")  # fmt: skip
    qtbot.addWidget(shown)
    return shown, done


def test_the_preview_shows_every_page(dialog: tuple[PreviewDialog, Done]) -> None:
    shown, done = dialog
    assert shown.page_count() == 2
    assert shown.windowTitle() == "Referral sheet"
    assert done == []


def test_print_goes_to_the_chosen_printer_and_is_reported(
    dialog: tuple[PreviewDialog, Done],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown, done = dialog
    out = tmp_path / "printed.pdf"

    def pdf_printer(_parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(preview, "ask_printer", pdf_printer)
    assert shown.print_document()
    assert len(PdfReader(out).pages) == 2
    assert done == [("printer", "done")]


def test_a_cancelled_print_dialog_prints_nothing(
    dialog: tuple[PreviewDialog, Done], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, done = dialog
    monkeypatch.setattr(preview, "ask_printer", lambda _parent: None)
    assert not shown.print_document()
    assert done == []


def test_save_writes_the_very_pdf_and_is_reported(
    dialog: tuple[PreviewDialog, Done],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown, done = dialog
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, name: (str(tmp_path / name), True))
    assert shown.save_document()
    assert (tmp_path / "referral.pdf").read_bytes() == shown.pdf
    assert (tmp_path / "referral.pdf").stat().st_mode & 0o777 == 0o600
    assert done == [("file", "done")]


def test_a_save_that_fails_says_why_and_is_reported_as_failed(
    dialog: tuple[PreviewDialog, Done],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown, done = dialog
    warnings: list[str] = []
    monkeypatch.setattr(
        preview.QMessageBox, "warning", lambda _p, _title, text: warnings.append(text)
    )
    missing = str(tmp_path / "no" / "x.pdf")
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, _n: (missing, True))
    assert not shown.save_document()
    assert warnings == ["The PDF could not be saved: No such file or directory"]
    assert done == [("file", "OutputError")]
    assert list(tmp_path.iterdir()) == []


def test_the_database_is_never_saved_over(
    dialog: tuple[PreviewDialog, Done], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, done = dialog
    database = tmp_path / "desk.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    warnings: list[str] = []
    monkeypatch.setattr(
        preview.QMessageBox, "warning", lambda _p, _title, text: warnings.append(text)
    )
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, _n: (str(database), True))
    assert not shown.save_document()
    assert warnings == [
        f"The PDF could not be saved: {database} is the database in use: choose another file."
    ]
    assert database.read_bytes() == b"SQLite format 3\x00"
    assert done == [("file", "OutputError")]


def test_a_name_completed_with_pdf_does_not_replace_a_file_unasked(
    dialog: tuple[PreviewDialog, Done], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, _done = dialog
    existing = tmp_path / "report.pdf"
    existing.write_bytes(b"the officer's earlier report")
    monkeypatch.setattr(
        preview.QFileDialog, "getSaveFileName",
        staticmethod(lambda *_a, **_k: (str(tmp_path / "report"), "")),
    )  # fmt: skip
    assert preview.ask_save_path(shown, "x.pdf") == (str(existing), False)
    warnings: list[str] = []
    monkeypatch.setattr(
        preview.QMessageBox, "warning", lambda _p, _title, text: warnings.append(text)
    )
    assert not shown.save_document()
    assert warnings == [f"The PDF could not be saved: {existing} already exists."]
    assert existing.read_bytes() == b"the officer's earlier report"


def test_a_printer_that_does_not_start_is_reported_as_failed(
    dialog: tuple[PreviewDialog, Done], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, done = dialog
    warnings: list[str] = []
    monkeypatch.setattr(
        preview.QMessageBox, "warning", lambda _p, _title, text: warnings.append(text)
    )
    monkeypatch.setattr(preview, "ask_printer", lambda _parent: QPrinter())
    monkeypatch.setattr(shown, "paint_on", lambda _printer: False)
    assert not shown.print_document()
    assert warnings == ["The printer could not be started."]
    assert done == [("printer", "NotPrinted")]
