"""The trainer's view (issue 16, part D), in the training database: who did which worked case
and when, the score by step and the total, oldest first per trainee; for one trainee, their
progress by step (first attempt, latest, average: app.domain.training_progress). Enter opens the
attempt's training case read-only; "Print the training record…" prints the chosen trainee's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.documents import DOCUMENT_LANGUAGES
from app.domain.marks import DatabaseMark
from app.domain.training import Attempt, sees_every_attempt
from app.domain.training_progress import percent, progress, steps_of
from app.i18n import _, format_date
from app.i18n import language as current_language
from app.services.errors import ServiceError
from app.ui.case_view.view import CaseViewDialog
from app.ui.preview import PreviewDialog, show_preview
from app.ui.review.queue import QueueTable
from app.ui.views import TRAINER, register
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

# The reason the trainer's reading of a training case is written to the training trail with.
REASON = "Training: a trainer reviews an attempt"


@register(TRAINER, training=True)
class TrainerView(QWidget):
    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor, self._demo = services, actor, demo
        pack = services.cases.station_pack(actor)
        self._titles = {step.id: step.title for step in pack.steps}
        self._order = [step.id for step in pack.steps]
        self.attempts: list[Attempt] = []
        self.shown: list[Attempt] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.trainee_label = QLabel()
        self.trainee = QComboBox()
        self.trainee.setObjectName("trainee")
        self.trainee_label.setBuddy(self.trainee)
        self.trainee.currentIndexChanged.connect(self._fill)
        self.table = QueueTable(0, 0)
        self.table.setObjectName("attempts")
        row_picker(self.table)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_attempt(row))
        self.table.activated_row.connect(self.open_attempt)
        self.progress_label = QLabel()
        self.progress = QTableWidget(0, 4)
        self.progress.setObjectName("progress")
        row_picker(self.progress)
        self.progress.setTabKeyNavigation(False)
        self.progress.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.open_button = QPushButton()
        self.open_button.clicked.connect(lambda: self.open_attempt(self.table.currentRow()))
        self.print_button = QPushButton()
        self.print_button.setObjectName("printRecord")
        self.print_button.clicked.connect(self.print_record)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a40000")
        self.error.hide()
        self.views: list[QWidget] = []  # keeps the case views and previews opened from here
        top = QHBoxLayout()
        top.addWidget(self.trainee_label)
        top.addWidget(self.trainee, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress, 2)
        layout.addLayout(buttons)
        self.refresh()

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return sees_every_attempt(actor.role)

    def navigation_title(self) -> str:
        return _("Trainees")

    def refresh(self) -> None:
        try:
            self.attempts = self._services.training.attempts(self._actor)
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.error.hide()
        chosen = self.trainee.currentData()
        names = {a.username: a.full_name for a in self.attempts}
        self.trainee.blockSignals(True)
        self.trainee.clear()
        self.trainee.addItem("", None)
        for username, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            self.trainee.addItem(f"{name} ({username})", username)
        self.trainee.setCurrentIndex(max(0, self.trainee.findData(chosen)))
        self.trainee.blockSignals(False)
        self._fill()

    def retranslate(self) -> None:
        self._fill()

    def chosen(self) -> str | None:
        username = self.trainee.currentData()
        return str(username) if username else None

    def _fill(self) -> None:
        self.heading.setText(
            _(
                "Who did which worked case, when, and the score by step; each trainee's attempts"
                " oldest first. Enter opens the attempt's training case."
            )
        )
        self.trainee_label.setText(_("&Trainee:"))
        self.trainee.setItemText(0, _("Every trainee"))
        self.open_button.setText(_("&Open the case"))
        self.print_button.setText(_("&Print the training record…"))
        username = self.chosen()
        self.print_button.setEnabled(username is not None)
        self.shown = sorted(
            (a for a in self.attempts if username is None or a.username == username),
            key=lambda a: (a.full_name.casefold(), a.username, a.started_at, a.id),
        )
        steps = steps_of(self.shown, self._order)
        headers = [_("Trainee"), _("Date"), _("Worked case")]
        headers += [_(self._titles.get(s, s)) for s in steps] + [_("Total")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.shown))
        for row, attempt in enumerate(self.shown):
            scores = {s.step: s for s in attempt.steps}
            when = attempt.submitted_at or attempt.started_at
            cells = [attempt.full_name, format_date(when.date()), _(attempt.exercise_title)]
            for step in steps:
                score = scores.get(step)
                cells.append(f"{score.scored}/{score.possible}" if score else "")
            if attempt.submitted_at is None:
                cells.append(_("Not submitted"))
            else:
                total = percent(attempt.scored, attempt.possible)
                cells.append(f"{attempt.scored}/{attempt.possible} ({total} %)")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.shown:
            self.table.setCurrentCell(0, 0)
        self._fill_progress(username)

    def _fill_progress(self, username: str | None) -> None:
        self.progress.setHorizontalHeaderLabels(
            [_("Step"), _("First attempt"), _("Latest attempt"), _("Average")]
        )
        rows = progress(self.shown, self._order) if username else []
        self.progress_label.setText(
            _("Progress by step") if username else _("Choose a trainee to see their progress.")
        )
        self.progress.setVisible(bool(rows))
        self.progress.setRowCount(len(rows))
        for row, step in enumerate(rows):
            trend = "↑" if step.latest > step.first else "↓" if step.latest < step.first else "="
            cells = [_(self._titles.get(step.step, step.step)), f"{step.first} %",
                     f"{step.latest} % {trend}", f"{step.average} %"]  # fmt: skip
            for column, text in enumerate(cells):
                self.progress.setItem(row, column, QTableWidgetItem(text))

    def open_attempt(self, row: int) -> CaseViewDialog | None:
        """The attempt's training case, read-only (no decision buttons: nothing to take)."""
        if not 0 <= row < len(self.shown):
            return None
        try:
            opened = self._services.cases.open_case(self._actor, self.shown[row].case_id, REASON)
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return None
        pack = self._services.backend.pack(opened.record.protocol_pack)
        view = CaseViewDialog(
            opened.record, pack, self, user_names=opened.user_names, demo=self._demo
        )
        view.show()
        self.views.append(view)
        return view

    def print_record(self) -> PreviewDialog | None:
        username = self.chosen()
        if username is None:
            return None
        # the screen's language (each screen language is a document language too)
        language = current_language() if current_language() in DOCUMENT_LANGUAGES else "en"
        try:
            pdf = self._services.training.training_record(self._actor, username, language)
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return None

        def send(_to: str, write: Callable[[bytes], None]) -> None:
            write(pdf)  # its making is in the training trail

        preview = show_preview(
            self, pdf, _("Training record"), f"training-record-{username}.pdf", send,
            demo=self._demo, database=self._services.database_file(),
        )  # fmt: skip
        self.views.append(preview)
        return preview
