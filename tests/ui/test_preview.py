"""The print preview: shows the PDF, prints it through the print dialog, saves it."""

from __future__ import annotations

import io
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


@pytest.fixture
def dialog(qtbot: QtBot) -> tuple[PreviewDialog, list[tuple[str, str]]]:
    done: list[tuple[str, str]] = []
    shown = PreviewDialog(two_pages(), "Referral sheet", "referral.pdf",
                          lambda action, detail: done.append((action, detail)))  # fmt: skip
    qtbot.addWidget(shown)
    return shown, done


def test_the_preview_shows_every_page(dialog: tuple[PreviewDialog, list[tuple[str, str]]]) -> None:
    shown, done = dialog
    assert shown.page_count() == 2
    assert shown.windowTitle() == "Referral sheet"
    assert done == []


def test_print_goes_to_the_chosen_printer_and_is_reported(
    dialog: tuple[PreviewDialog, list[tuple[str, str]]],
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
    assert done == [("print", "")]


def test_a_cancelled_print_dialog_prints_nothing(
    dialog: tuple[PreviewDialog, list[tuple[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, done = dialog
    monkeypatch.setattr(preview, "ask_printer", lambda _parent: None)
    assert not shown.print_document()
    assert done == []


def test_save_writes_the_very_pdf_and_is_reported(
    dialog: tuple[PreviewDialog, list[tuple[str, str]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown, done = dialog
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, name: str(tmp_path / name))
    assert shown.save_document()
    assert (tmp_path / "referral.pdf").read_bytes() == shown.pdf
    assert done == [("save", "referral.pdf")]


def test_a_save_that_fails_says_why_and_is_not_reported(
    dialog: tuple[PreviewDialog, list[tuple[str, str]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown, done = dialog
    warnings: list[str] = []
    monkeypatch.setattr(preview, "ask_save_path", lambda _p, _n: str(tmp_path / "no" / "x.pdf"))
    monkeypatch.setattr(
        preview.QMessageBox, "warning", lambda _p, _title, text: warnings.append(text)
    )
    assert not shown.save_document()
    assert warnings == ["The PDF could not be saved: No such file or directory"]
    assert done == []
