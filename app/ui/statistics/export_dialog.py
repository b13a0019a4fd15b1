"""Export a year's statistics: the annual ODIHR return (XLSX), or every table (CSV or XLSX), of
the supervisor's station or, for an administrator, every station or one. The export runs in a
thread behind a progress dialog whose Cancel stops it: a cancelled export writes nothing (the
service builds the whole file before app.files writes it in one go). The service checks the
role and the station, and audits what left the program."""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.access import Scope, statistics_scope
from app.domain.statistics import StatsQuery
from app.files import OutputError, write_file
from app.i18n import N_, _
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui.widgets.buttons import ok_cancel_buttons
from app.ui.widgets.file_field import FileField

if TYPE_CHECKING:
    from app.services import Services
    from app.services.audit import Delivery
    from app.services.context import Actor

# (format, its words, the file's suffix); app.services.statistics.EXPORT_FORMATS
FORMATS = (
    ("odihr", N_("The annual ODIHR return (XLSX)"), ".xlsx"),
    ("csv", N_("Every table (CSV)"), ".csv"),
    ("xlsx", N_("Every table (XLSX)"), ".xlsx"),
)


class _Bridge(QObject):
    """The export thread's news, queued to the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(bool)  # written (False: cancelled)
    failed = Signal(str)


class ExportDialog(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        query_or_year: StatsQuery | int,
        parent: QWidget | None = None,
        *,
        threshold: int = 0,  # app.config small_cell_threshold
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export statistics"))
        self._services, self._actor, self._threshold = services, actor, threshold
        if isinstance(query_or_year, StatsQuery):
            year, station = query_or_year.end.year, query_or_year.station_code
        else:
            year, station = query_or_year, None
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress: QProgressDialog | None = None
        self._bridge = _Bridge()
        self._bridge.progressed.connect(self._progressed)
        self._bridge.finished.connect(self._finished)
        self._bridge.failed.connect(self._failed)

        self.year = QSpinBox()
        self.year.setRange(1900, date.today().year)
        self.year.setValue(min(year, date.today().year))
        self.station = QComboBox()
        if statistics_scope(actor.role) is Scope.ALL:  # app.domain.access
            self.station.addItem(_("Every station"), None)
        for code, name in services.statistics.stations(actor):
            self.station.addItem(f"{code} – {name}", code)
        self.station.setCurrentIndex(max(0, self.station.findData(station)))
        self.station.setEnabled(self.station.count() > 1)
        self.format = QComboBox()
        for fmt, words, _suffix in FORMATS:
            self.format.addItem(_(words), fmt)
        self.file_field = FileField(_("Export statistics"), self._suggested)
        self.file, self.choose = self.file_field.edit, self.file_field.choose
        form = QFormLayout()
        for words, field in (
            (_("&Year:"), self.year), (_("&Station:"), self.station), (_("&Format:"), self.format),
        ):  # fmt: skip
            form.addRow(words, field)
        file_label = QLabel(_("F&ile:"))
        file_label.setBuddy(self.file)
        form.addRow(file_label, self.file_field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = ok_cancel_buttons()
        self.export_button = self.buttons.button(self.buttons.StandardButton.Ok)
        self.export_button.setText(_("&Export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.year, self.station)
        self.setTabOrder(self.station, self.format)
        self.setTabOrder(self.format, self.file)
        self.setTabOrder(self.file, self.choose)
        self.year.setFocus()

    def _suffix(self) -> str:
        return FORMATS[self.format.currentIndex()][2]

    def _suggested(self) -> str:
        return f"statistics-{self.year.value()}{self._suffix()}"

    # ---------------------------------------------------------------------------- the export

    def start(self) -> None:
        """Runs the export in a thread behind a progress dialog (keeps the window alive)."""
        if self._thread is not None and self._thread.is_alive():
            return
        target = self.file_field.target()
        if target is None:
            self._show(_("Choose the file to write."))
            self.file.setFocus()
            return
        path, force = target
        database = self._services.database_file()

        def write(content: bytes) -> None:
            write_file(path, content, force=force, database=database)

        from app.services.audit import Delivery  # noqa: PLC0415 - SQLAlchemy, with the services

        delivery = Delivery("file", write)
        self._cancel.clear()
        self.export_button.setEnabled(False)
        self._progress = QProgressDialog(_("Counting…"), _("Cancel"), 0, 0, self)
        self._progress.setWindowTitle(_("Export statistics"))
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(0)
        self._progress.canceled.connect(self._cancel.set)
        self._progress.rejected.connect(self._cancel.set)  # Escape: rejected, not canceled
        self._progress.show()
        args = (self.year.value(), self.station.currentData(), self.format.currentData(), delivery)
        self._thread = threading.Thread(
            target=self._run, args=args, name="statistics-export", daemon=True
        )
        self._thread.start()

    def _run(self, year: int, station: str | None, fmt: str, delivery: Delivery) -> None:
        try:
            written = self._services.statistics.export(
                self._actor, year, station, fmt, delivery,
                self._report, self._threshold,
            )  # fmt: skip
        except Refused as refused:
            self._bridge.failed.emit("\n".join(describe(issue) for issue in refused.issues))
        except OutputError as error:
            reason = error.strerror or str(error)
            self._bridge.failed.emit(_("The file cannot be written: {error}").format(error=reason))
        except ServiceError as error:
            self._bridge.failed.emit(str(error))
        else:
            self._bridge.finished.emit(written)

    def _report(self, done: int, total: int) -> bool:
        """The service's progress, from the export thread: False once the user cancelled."""
        self._bridge.progressed.emit(done, total)
        return not self._cancel.is_set()

    def wait(self, timeout: float = 30) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self._progress is not None and not self._cancel.is_set():
            self._progress.setMaximum(total)
            self._progress.setValue(done)

    def _done(self) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect(self._cancel.set)
            self._progress.rejected.disconnect(self._cancel.set)
            self._progress.close()
            self._progress = None
        self.export_button.setEnabled(True)

    @Slot(bool)
    def _finished(self, written: bool) -> None:
        self._done()
        if written:
            self._show(_("Written to {file}.").format(file=self.file.text().strip()))
        else:
            self._show(_("Cancelled: nothing was written."))

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._done()
        self._show(message)

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
