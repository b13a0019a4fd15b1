"""The print preview: a printout shown as it will come out of the printer (QtPdf), with Print…
through the system print dialog and Save as PDF…. The PDF is made by app.documents; this screen
only shows it, and sends it on through the caller, who writes it to the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.marks import DatabaseMark
from app.files import OutputError, write_file
from app.i18n import _
from app.ui.widgets.banner import DemoBanner

PRINT_DPI = 300  # sharp on paper; the printer's own 1200 dpi would need 500 MB a page
# send(to, write): `write` puts the PDF somewhere ("printer", "file") and raises if it cannot;
# the caller runs it and writes the outcome to the audit trail, then lets the error through.
Send = Callable[[str, Callable[[bytes], None]], None]


class NotPrinted(Exception):
    kind = "printer_not_started"  # for the audit trail


class NotSent(Exception):
    """The caller refused to send the printout on (its message says why): nothing left."""


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The system print dialog; None if the officer cancelled it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_save_path(parent: QWidget, suggested: str) -> tuple[str, bool]:
    """The file to save to, and whether the dialog asked before replacing it: not when .pdf was
    added to the name afterwards. ("", False) if the officer cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), suggested, _("PDF documents (*.pdf)")
    )
    if path and not path.lower().endswith(".pdf"):
        return path + ".pdf", False
    return path, bool(path)


class PreviewDialog(QDialog):
    """Each print and save goes through `send` (see Send), so that the caller writes it to the
    audit trail, as done or as failed. `database`: the database file, never saved over."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        file_name: str,
        send: Send,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
        database: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = file_name
        self._send = send
        self.database = database
        # The document reads from a buffer that must live as long as the dialog.
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView()
        self.view.setObjectName("preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as &PDF…"))
        close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close_button.setText(_("&Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_document)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)

        layout = QVBoxLayout(self)
        if demo:
            layout.addWidget(DemoBanner(demo))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(860, 740)

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self) -> bool:
        printer = ask_printer(self)
        if printer is None:
            return False

        def paint(_pdf: bytes) -> None:
            if not self.paint_on(printer):
                raise NotPrinted

        try:
            self._send("printer", paint)
        except NotPrinted:
            QMessageBox.warning(self, _("Not printed"), _("The printer could not be started."))
            return False
        except NotSent as refused:
            QMessageBox.warning(self, _("Not printed"), str(refused))
            return False
        return True

    def paint_on(self, printer: QPrinter) -> bool:
        """Each page drawn on white (QtPdf renders on transparent), scaled to the paper."""
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            area = QRectF(painter.viewport())
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                pixels = QSize(
                    round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72)
                )
                image = self.document.render(page, pixels)
                scale = min(area.width() / pixels.width(), area.height() / pixels.height())
                target = QRectF(0, 0, pixels.width() * scale, pixels.height() * scale)
                painter.fillRect(target, QColor("white"))
                painter.drawImage(target, image)
        finally:
            painter.end()
        return True

    def save_document(self) -> bool:
        path, confirmed = ask_save_path(self, self.file_name)
        if not path:
            return False
        target, database = Path(path), self.database

        def save(pdf: bytes) -> None:
            write_file(target, pdf, force=confirmed, database=database)

        try:
            self._send("file", save)
        except NotSent as refused:
            QMessageBox.warning(self, _("Not saved"), str(refused))
            return False
        except OutputError as error:
            QMessageBox.warning(
                self,
                _("Not saved"),
                _("The PDF could not be saved: {reason}").format(
                    reason=error.strerror or str(error)
                ),
            )
            return False
        return True


def show_preview(
    parent: QWidget,
    pdf: bytes,
    title: str,
    file_name: str,
    send: Send,
    *,
    demo: DatabaseMark = DatabaseMark.NONE,
    database: Path | None = None,
) -> PreviewDialog:
    dialog = PreviewDialog(pdf, title, file_name, send, parent, demo=demo, database=database)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
