"""The audit trail, for administrators and data-protection officers (every station) and
supervisors (their station's events; the service decides which): on top the last `audit verify`
and the latest checkpoint with "Verify now"; then filters by case, user, action and days; the
events newest first, a page at a time ("Older", "Newer": paged by key in the service); and for the
data-protection officer and administrators the export of the filtered events to CSV.

Every event is shown in the screen language: its action from labels.AUDIT_ACTION, its object and
the codes of its details in words where there are words for them (app.ui.audit.words)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit_actions import AuditAction
from app.domain.audit_search import PAGE_SIZE, AuditFilter
from app.domain.case import Role
from app.domain.marks import DatabaseMark
from app.files import OutputError, write_file
from app.i18n import _, format_datetime
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui import labels
from app.ui.audit.words import details_words, object_words
from app.ui.views import AUDIT_TRAIL, register
from app.ui.widgets.dates import DateField
from app.ui.widgets.tables import fill_table, row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.audit import AuditEntry, AuditReport
    from app.services.audit_search import AuditPage
    from app.services.context import Actor

CSV_FILTER = "CSV (*.csv)"
VIEWERS = (Role.ADMIN, Role.SUPERVISOR, Role.DATA_PROTECTION_OFFICER)
EXPORTERS = (Role.ADMIN, Role.DATA_PROTECTION_OFFICER)


class _Bridge(QObject):
    """The verify thread's result, queued to the GUI thread."""

    verified = Signal(object)  # AuditReport
    failed = Signal(str)


@register(AUDIT_TRAIL)
class AuditTrailView(QWidget):
    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor = services, actor
        self.page: AuditPage | None = None
        self.search: AuditFilter = AuditFilter()
        self.page_size = PAGE_SIZE
        self._verifying: threading.Thread | None = None
        self._bridge = _Bridge()
        self._bridge.verified.connect(self._verified)
        self._bridge.failed.connect(self._verify_failed)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.verify_status = QLabel()
        self.verify_status.setObjectName("verifyStatus")
        self.verify_status.setWordWrap(True)
        self.checkpoint_status = QLabel()
        self.checkpoint_status.setObjectName("checkpointStatus")
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("verifyNow")
        self.verify_button.clicked.connect(self.verify_now)

        self.case_edit = QLineEdit()
        self.case_edit.setObjectName("caseFilter")
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("userFilter")
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("actionFilter")
        self.date_from = DateField()
        self.date_from.setObjectName("fromFilter")
        self.date_to = DateField()
        self.date_to.setObjectName("toFilter")
        self.search_button = QPushButton()
        self.search_button.setObjectName("search")
        self.search_button.clicked.connect(self.run_search)
        for edit in (self.case_edit, self.user_edit, self.date_from, self.date_to):
            edit.returnPressed.connect(self.run_search)
        self.filter_labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.filter_labels,
            (self.case_edit, self.user_edit, self.action_combo, self.date_from, self.date_to),
            strict=True,
        ):
            label.setBuddy(field)

        self.error = QLabel()
        self.error.setObjectName("auditError")
        self.error.setStyleSheet("color: #a40000")
        self.error.setWordWrap(True)
        self.error.hide()
        self.empty = QLabel()
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("auditEvents")
        row_picker(self.table)
        self.newer_button = QPushButton()
        self.newer_button.setObjectName("newer")
        self.newer_button.clicked.connect(self.newer)
        self.older_button = QPushButton()
        self.older_button.setObjectName("older")
        self.older_button.clicked.connect(self.older)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportCsv")
        self.export_button.clicked.connect(self._choose_export_file)
        self.export_button.setVisible(actor.role in EXPORTERS)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        top = QHBoxLayout()
        statuses = QVBoxLayout()
        statuses.addWidget(self.verify_status)
        statuses.addWidget(self.checkpoint_status)
        top.addLayout(statuses, 1)
        top.addWidget(self.verify_button)
        layout.addLayout(top)
        filters = QGridLayout()
        fields = (self.case_edit, self.user_edit, self.action_combo, self.date_from, self.date_to)
        for column, (label, field) in enumerate(zip(self.filter_labels, fields, strict=True)):
            filters.addWidget(label, 0, column)
            filters.addWidget(field, 1, column)
        filters.addWidget(self.search_button, 1, len(fields))
        filters.addWidget(self.date_from.message, 2, 3)
        filters.addWidget(self.date_to.message, 2, 4)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.newer_button)
        buttons.addWidget(self.older_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self._texts()  # the events come when the view is shown (refresh)

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return actor.role in VIEWERS

    def navigation_title(self) -> str:
        return _("Audit trail")

    def retranslate(self) -> None:
        self._texts()
        self._show_status()
        self._fill()

    def refresh(self) -> None:
        """The status on top and the first page of the current search again, when the view is
        shown: a search is audited, so none runs for a view nobody looks at (the main window
        refreshes every view after a change to a case)."""
        if not self.isVisible():
            return
        self._show_status()
        self._load()

    # ------------------------------------------------------------------ texts

    def _texts(self) -> None:
        scope = (
            _("Events of your station: about its cases and accounts, or done by its users.")
            if self._actor.role is Role.SUPERVISOR
            else _("Events of every station.")
        )
        self.heading.setText(
            _("Who did what, when and why, newest first. {scope} Each search is itself recorded.")
            .format(scope=scope)
        )  # fmt: skip
        self.verify_button.setText(_("&Verify now"))
        texts = (_("Case &reference:"), _("&User name:"), _("Ac&tion:"), _("Fro&m:"), _("T&o:"))
        for label, text in zip(self.filter_labels, texts, strict=True):
            label.setText(text)
        self.case_edit.setPlaceholderText(_("any case"))
        self.user_edit.setPlaceholderText(_("anyone"))
        chosen = self.action_combo.currentData()
        self.action_combo.clear()
        self.action_combo.addItem(_("any action"), "")
        actions = sorted(AuditAction, key=lambda action: labels.label(action).casefold())
        for action in actions:
            self.action_combo.addItem(labels.label(action), action.value)
        self.action_combo.setCurrentIndex(max(self.action_combo.findData(chosen or ""), 0))
        for field in (self.date_from, self.date_to):
            field.setPlaceholderText(_("any day"))
            field.follow_locale()
        self.search_button.setText(_("&Search"))
        self.newer_button.setText(_("&Newer"))
        self.older_button.setText(_("Ol&der"))
        self.export_button.setText(_("&Export CSV…"))
        self.empty.setText(_("No audit event matches."))

    def _show_status(self) -> None:
        try:
            status = self._services.audit_search.status(self._actor)
        except ServiceError as error:
            self._show_error(str(error))
            return
        verify = status.last_verify
        if verify is None:
            self.verify_status.setText(_("The audit trail has not been verified yet."))
        else:
            when, findings = format_datetime(verify.at), verify.details.get("findings", 0)
            n = findings if isinstance(findings, int) else 0
            if verify.details.get("intact"):
                text = _("Last verified {when} by {user}: intact.")
            else:
                text = _("Last verified {when} by {user}: problems found ({n}).")
            self.verify_status.setText(text.format(when=when, user=verify.username, n=n))
        point = status.last_checkpoint
        self.checkpoint_status.setText(
            _("No checkpoint has been taken yet.")
            if point is None
            else _("Latest checkpoint: {when} by {user}.").format(
                when=format_datetime(point.at), user=point.username
            )
        )

    # ------------------------------------------------------------------ searching

    def run_search(self) -> None:
        """A new search from the filters as typed (the first page)."""
        if self.date_from.refused() or self.date_to.refused():
            return
        self.search = AuditFilter(
            case_ref=self.case_edit.text().strip(),
            username=self.user_edit.text().strip(),
            action=self.action_combo.currentData() or "",
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
        )
        self._load()

    def older(self) -> None:
        if self.page is not None and self.page.older and self.page.entries:
            self._load(before=self.page.entries[-1].id)

    def newer(self) -> None:
        if self.page is not None and self.page.newer and self.page.entries:
            self._load(after=self.page.entries[0].id)

    def _load(self, before: int | None = None, after: int | None = None) -> None:
        try:
            self.page = self._services.audit_search.search(
                self._actor, self.search, before=before, after=after, limit=self.page_size
            )
        except Refused as refused:
            self._show_error("\n".join(describe(issue) for issue in refused.issues))
            return
        except ServiceError as error:
            self._show_error(str(error))
            return
        self.error.hide()
        self._fill()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _fill(self) -> None:
        entries = self.page.entries if self.page is not None else ()
        headers = [_("When"), _("Who"), _("Event"), _("About"), _("Reason"), _("Details")]
        fill_table(self.table, headers, [self._cells(entry) for entry in entries])
        self.empty.setVisible(not entries)
        self.older_button.setEnabled(bool(self.page and self.page.older))
        self.newer_button.setEnabled(bool(self.page and self.page.newer))

    @staticmethod
    def _cells(entry: AuditEntry) -> list[str]:
        try:
            action = labels.label(AuditAction(entry.action))
        except ValueError:  # an action of a newer version: its code
            action = entry.action
        return [
            format_datetime(entry.at), entry.username, action,
            object_words(entry.object_type, entry.object_ref), entry.reason,
            details_words(entry.details),
        ]  # fmt: skip

    # ------------------------------------------------------------------ verify

    def verify_now(self) -> None:
        """Runs `audit verify` in a thread: over a million events it takes seconds."""
        if self._verifying is not None and self._verifying.is_alive():
            return
        self.verify_button.setEnabled(False)
        self.verify_status.setText(_("Verifying the audit trail…"))
        self._verifying = threading.Thread(target=self._verify, name="audit-verify", daemon=True)
        self._verifying.start()

    def _verify(self) -> None:
        try:
            report = self._services.audit.verify(self._actor)
        except ServiceError as error:
            self._bridge.failed.emit(str(error))
            return
        self._bridge.verified.emit(report)

    def wait_for_verify(self, timeout: float = 30) -> None:
        if self._verifying is not None:
            self._verifying.join(timeout)

    @Slot(object)
    def _verified(self, report: AuditReport) -> None:
        self.verify_button.setEnabled(True)
        self._show_status()
        if not report.intact:
            self._show_error("\n".join(describe(finding) for finding in report.findings))

    @Slot(str)
    def _verify_failed(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self._show_status()
        self._show_error(message)

    # ------------------------------------------------------------------ export

    def _choose_export_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit events"), "audit-trail.csv", CSV_FILTER
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        """The events the filters select, all of them, to `path` (the save dialog asked before
        replacing a file)."""
        from app.services.audit import Delivery  # noqa: PLC0415 - SQLAlchemy, with the services

        database = self._services.database_file()

        def write(content: bytes) -> None:
            write_file(path, content, force=True, database=database)

        try:
            count = self._services.audit_search.export_csv(
                self._actor, self.search, Delivery("file", write)
            )
        except Refused as refused:
            self._show_error("\n".join(describe(issue) for issue in refused.issues))
            return
        except ServiceError as error:
            self._show_error(str(error))
            return
        except OutputError as error:
            reason = error.strerror or str(error)
            self._show_error(_("The file cannot be written: {error}").format(error=reason))
            return
        self.error.hide()
        self.status.setText(
            _("Audit events written to {file}: {n}.").format(n=count, file=path.name)
        )
