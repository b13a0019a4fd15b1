"""Step 5: secure evidence of bias — the offender's words as said, symbols and other evidence,
and the photos, screenshots and documents kept with the case (each with its SHA-256).

Attachments are saved at once through the case service, not by the autosave: their content is
large and goes to the database on its own. The wizard then adopts the new version of the case.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import Attachment, CaseRecord
from app.domain.validation import Issue
from app.i18n import _, format_datetime, format_size
from app.i18n.issues import describe
from app.services.cases import MAX_ATTACHMENT_BYTES
from app.services.errors import Refused, ServiceError
from app.ui.widgets.tables import row_picker
from app.ui.wizard.base import StepPage, WizardContext, focus_through, quiet

DEFAULT_MEDIA_TYPE = "application/octet-stream"


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    font = label.font()
    font.setItalic(True)
    label.setFont(font)
    return label


def with_hint(widget: QWidget, text: str) -> QWidget:
    """The widget with a line of advice under it; the pair takes the widget's focus."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(hint(text))
    focus_through(box, widget)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box


class EvidencePage(StepPage):
    step_id = "evidence"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self._attachments: tuple[Attachment, ...] = ()

        self.verbatim = QPlainTextEdit()
        self.verbatim.setTabChangesFocus(True)
        self.verbatim.setFixedHeight(100)
        self.add_row(
            _("&Words used, exactly as said:"),
            with_hint(
                self.verbatim,
                _(
                    "Write them exactly as said, in the original language, slurs included;"
                    " do not translate or soften them."
                ),
            ),
            "verbatim_words",
        )
        self.evidence_notes = QPlainTextEdit()
        self.evidence_notes.setTabChangesFocus(True)
        self.evidence_notes.setFixedHeight(100)
        self.evidence_notes.setPlaceholderText(
            _(
                "Graffiti, symbols, banners, tattoos or clothing; messages and posts (with links);"
                " where each is kept."
            )
        )
        self.add_row(_("S&ymbols and other evidence:"), self.evidence_notes, "evidence_notes")

        self.files = QTableWidget(0, 4)
        self.files.setObjectName("attachments")
        self.files.setHorizontalHeaderLabels([_("File"), _("Size"), _("Description"), _("Added")])
        row_picker(self.files)
        self.files.setTabKeyNavigation(False)
        header = self.files.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.files.setMinimumHeight(130)
        self.files.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(_("Add &file…"))
        self.add_button.clicked.connect(self.choose_file)
        self.remove_button = QPushButton(_("&Remove file"))
        self.remove_button.clicked.connect(self.remove_selected)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.files)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(
            hint(
                _(
                    "Photos, screenshots and documents are saved with the case as soon as they"
                    " are added; each is kept with a fingerprint (SHA-256) that shows any change."
                )
            )
        )
        focus_through(self.add_row(_("&Attachments:"), box, "attachments"), self.files)
        self._selection_changed()
        self.watch(self.verbatim, self.evidence_notes)

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            self.verbatim.setPlainText(record.verbatim_words)
            self.evidence_notes.setPlainText(record.evidence_notes)
            self.show_attachments(record.attachments)

    def refresh(self, record: CaseRecord) -> None:
        self.show_attachments(record.attachments)

    def store(self, record: CaseRecord) -> CaseRecord:
        # Attachments are not the page's to store: they are saved through their own calls.
        return replace(
            record,
            verbatim_words=self.verbatim.toPlainText().strip(),
            evidence_notes=self.evidence_notes.toPlainText().strip(),
        )

    # ------------------------------------------------------------------ attachments

    def show_attachments(self, attachments: Sequence[Attachment]) -> None:
        self._attachments = tuple(attachments)
        self.files.setRowCount(len(self._attachments))
        for row, attachment in enumerate(self._attachments):
            added = _("{when}, {who}").format(
                when=format_datetime(attachment.added_at), who=attachment.added_by
            )
            cells = (
                attachment.filename,
                format_size(attachment.size),
                attachment.description,
                added,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, attachment.sha256)
                fingerprint = _("SHA-256") + " " + attachment.sha256
                item.setToolTip(
                    f"{text}\n{attachment.media_type}\n{fingerprint}" if column == 0 else text
                )
                self.files.setItem(row, column, item)
        self._selection_changed()

    def choose_file(self) -> None:
        """Add file…: pick a file, describe it in a few words, save it with the case."""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Add a file to the case"),
            "",
            _("Photos, documents and other files (*)"),
        )
        if not name:
            return
        path = Path(name)
        description, ok = QInputDialog.getText(
            self,
            _("Describe the file"),
            _("What does {name} show? (e.g. graffiti on the north wall, 14 March)").format(
                name=path.name
            ),
            QLineEdit.EchoMode.Normal,
        )
        if ok:
            self.add_attachment_file(path, description.strip())

    def add_attachment_file(self, path: Path, description: str) -> bool:
        """Saves the file with the case at once; False (with a message) if it could not be."""
        try:
            if path.stat().st_size > MAX_ATTACHMENT_BYTES:  # not read into memory at all
                self._warn(
                    _("File not added"),
                    describe(Issue("file_too_large", "", {"name": path.name})),
                )
                return False
            content = path.read_bytes()
        except OSError as error:
            self._warn(_("File not added"), _("{name} cannot be read: {reason}").format(
                name=path.name, reason=error.strerror or str(error)
            ))  # fmt: skip
            return False
        sha256 = hashlib.sha256(content).hexdigest()
        same = next((a for a in self._attachments if a.sha256 == sha256), None)
        if same is not None:
            self._warn(
                _("File not added"),
                _("This file is already attached to the case, as {name}.").format(
                    name=same.filename
                ),
            )
            return False
        media_type = mimetypes.guess_type(path.name)[0] or DEFAULT_MEDIA_TYPE
        wizard = self.wizard_ref
        if not wizard.save_now():  # what was typed goes first, or it would be lost on adopt
            return False
        try:
            opened = self.context.services.cases.add_attachment(
                self.context.actor,
                wizard.case_id,
                wizard.version,
                filename=path.name,
                media_type=media_type,
                content=content,
                description=description,
            )
        except ServiceError as error:
            self._warn(_("File not added"), self._reason(error))
            return False
        wizard.adopt(opened)
        self.show_attachments(opened.record.attachments)
        self._select(sha256)
        return True

    def remove_selected(self) -> None:
        index = self.selected_index()
        if index < 0:
            return
        attachment = self._attachments[index]
        answer = QMessageBox.question(
            self,
            _("Remove this file?"),
            _("Remove {name} from the case? It is deleted from the database.").format(
                name=attachment.filename
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_attachment(index)

    def remove_attachment(self, index: int) -> bool:
        """Removes the attachment in row `index` from the case at once (that one only, whatever
        other has the same content); False (with a message) if it could not."""
        wizard = self.wizard_ref
        if not wizard.save_now():
            return False
        try:
            opened = self.context.services.cases.remove_attachment(
                self.context.actor, wizard.case_id, wizard.version, index
            )
        except ServiceError as error:
            self._warn(_("File not removed"), self._reason(error))
            return False
        wizard.adopt(opened)
        self.show_attachments(opened.record.attachments)
        self.files.setFocus()
        return True

    def selected_index(self) -> int:
        """The selected row, which is the attachment's place in the record; -1 for none."""
        rows = self.files.selectionModel().selectedRows()
        return rows[0].row() if rows and rows[0].row() < len(self._attachments) else -1

    def _select(self, sha256: str) -> None:
        for row, attachment in enumerate(self._attachments):
            if attachment.sha256 == sha256:
                self.files.selectRow(row)

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_index() >= 0)

    @staticmethod
    def _reason(error: ServiceError) -> str:
        if isinstance(error, Refused):  # the file's name first: as it is, not capitalised
            return "\n".join(describe(Issue(i.code, "", i.params)) for i in error.issues)
        return str(error)

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)
