"""The print preview: a printout shown as it will come out of the printer (QtPdf), with Print…
through the system print dialog and Save as PDF…. The PDF is made by app.documents; this screen
only shows it, and tells the caller what was done with it, for the audit trail."""

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

from app.i18n import _
from app.ui.widgets.banner import DemoBanner

PRINT_DPI = 300  # sharp on paper; the printer's own 1200 dpi would need 500 MB a page


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The system print dialog; None if the officer cancelled it."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_save_path(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), suggested, _("PDF documents (*.pdf)")
    )
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


class PreviewDialog(QDialog):
    """`done_with(action, detail)` is called after each print ("print") or save ("save", with
    the file name), so that the caller writes it to the audit trail."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        file_name: str,
        done_with: Callable[[str, str], None],
        parent: QWidget | None = None,
        *,
        demo: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = file_name
        self._done_with = done_with
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
            layout.addWidget(DemoBanner())
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(860, 740)

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self) -> bool:
        printer = ask_printer(self)
        if printer is None:
            return False
        if not self.paint_on(printer):
            QMessageBox.warning(self, _("Not printed"), _("The printer could not be started."))
            return False
        self._done_with("print", "")
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
        path = ask_save_path(self, self.file_name)
        if not path:
            return False
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Not saved"),
                _("The PDF could not be saved: {reason}").format(reason=error.strerror),
            )
            return False
        self._done_with("save", Path(path).name)
        return True


def show_preview(
    parent: QWidget,
    pdf: bytes,
    title: str,
    file_name: str,
    done_with: Callable[[str, str], None],
    *,
    demo: bool = False,
) -> PreviewDialog:
    dialog = PreviewDialog(pdf, title, file_name, done_with, parent, demo=demo)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
