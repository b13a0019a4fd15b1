"""The printed statistics report from the statistics view: the figures shown (their period,
station, statuses, drafts) as a PDF for a city council or a network meeting, in a document
language chosen apart from the screen's, written owner-only and whole or not at all (app.files,
as the exports and the command line's `stats report`). The service checks the role and the
station and audits the report (services.statistics.statistics_report). Making it takes a few
hundred milliseconds: a busy cursor, not a thread. Once written, the report can be shown in the
print preview, to print it on paper, as every other printout is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.documents import DOCUMENT_LANGUAGES
from app.domain.access import Scope, statistics_scope
from app.domain.marks import DatabaseMark
from app.files import OutputError, check_target, write_file
from app.i18n import _, format_date, language
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui.labels import language_name
from app.ui.preview import PreviewDialog, show_preview
from app.ui.widgets.buttons import ok_cancel_buttons
from app.ui.widgets.file_field import FileField

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.domain.statistics import StatsQuery
    from app.services import Services
    from app.services.context import Actor


def default_language(services: Services, actor: Actor, query: StatsQuery) -> str:
    """The station's official language, else the screen's if documents are made in it, else
    English."""
    code = query.station_code or actor.station_code
    for candidate in (services.stations.official_language(actor, code), language()):
        if candidate in DOCUMENT_LANGUAGES:
            return candidate
    return "en"


class ReportDialog(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        query: StatsQuery,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print the statistics report"))
        self._services, self._actor, self._query, self._demo = services, actor, query, demo
        self.pdf: bytes | None = None  # the report written
        self.preview: PreviewDialog | None = None

        self.what = QLabel(self._what())
        self.what.setObjectName("reportWhat")
        self.what.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("reportLanguage")
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(
            self.language.findData(default_language(services, actor, query))
        )
        self.file_field = FileField(_("Print the statistics report"), self._suggested,
                                    _("PDF documents (*.pdf)"))  # fmt: skip
        self.file, self.choose = self.file_field.edit, self.file_field.choose
        form = QFormLayout()
        form.addRow(self.what)
        language_label = QLabel(_("&Language of the report:"))
        language_label.setBuddy(self.language)
        form.addRow(language_label, self.language)
        file_label = QLabel(_("F&ile:"))
        file_label.setBuddy(self.file)
        form.addRow(file_label, self.file_field)
        self.message = QLabel()
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = ok_cancel_buttons()
        self.write_button = self.buttons.button(self.buttons.StandardButton.Ok)
        self.write_button.setText(_("&Write PDF"))
        self.show_button = self.buttons.addButton(_("&Show…"), self.buttons.ButtonRole.ActionRole)
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self.show_report)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.language, self.file)
        self.setTabOrder(self.file, self.choose)
        self.language.setFocus()
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    def _what(self) -> str:
        query = self._query
        scope = statistics_scope(self._actor.role)
        if query.station_code:
            names = dict(self._services.statistics.stations(self._actor))
            station = names.get(query.station_code, query.station_code)
        elif scope is Scope.STATION:  # a supervisor's figures: their own station's
            station = self._actor.station_name
        else:
            station = _("Every station")
        return _("The figures shown: {station}, from {start} to {end}.").format(
            station=station, start=format_date(query.start, "long"),
            end=format_date(query.end, "long"),
        )  # fmt: skip

    def _suggested(self) -> str:
        return f"statistics-{self._query.start.isoformat()}-{self._query.end.isoformat()}.pdf"

    def write(self) -> None:
        """Makes the report and writes it; the file is checked first, so that a refused file
        costs no work and leaves no report in the audit trail."""
        target = self.file_field.target()
        if target is None:
            self._show(_("Choose the file to write."))
            self.file.setFocus()
            return
        path, force = target
        database = self._services.database_file()
        code = self.language.currentData()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check_target(path, force=force, database=database)
            pdf = self._services.statistics.statistics_report(self._actor, self._query, code)
            write_file(path, pdf, force=force, database=database)
        except Refused as refused:
            self._show("\n".join(describe(issue) for issue in refused.issues))
            return
        except OutputError as error:
            reason = error.strerror or str(error)
            self._show(_("The file cannot be written: {error}").format(error=reason))
            return
        except ServiceError as error:
            self._show(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.pdf = pdf
        self.show_button.setEnabled(True)
        self._show(_("Written to {file}.").format(file=path))

    def show_report(self) -> None:
        """The written report in the print preview, to print it (or save another copy)."""
        if self.pdf is None:
            return

        def send(_to: str, write: Callable[[bytes], None]) -> None:
            write(pdf)  # its making is in the audit trail: counts only, nobody's data

        pdf = self.pdf
        self.preview = show_preview(
            self, pdf, self.windowTitle(), self._suggested(), send,
            demo=self._demo, database=self._services.database_file(),
        )  # fmt: skip

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
