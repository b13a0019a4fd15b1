"""The "Worked cases" view of the training database: the worked cases on offer with what each
practises and the trainee's attempts, the chosen case's situation, "Start" (a new attempt in the
real wizard, the situation beside it), and each attempt's feedback again."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.domain.marks import DatabaseMark
from app.domain.training import Attempt, Feedback, WorkedCase, may_train, sees_every_attempt
from app.i18n import _, format_datetime
from app.services.errors import ServiceError
from app.ui.training.feedback import FeedbackDialog
from app.ui.training.texts import covers, score_text, shown, situation_html
from app.ui.views import WORKED_CASES, register
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor
    from app.ui.wizard.wizard import CaseWizard


def situation_panel(worked: WorkedCase, parent: QWidget) -> QTextBrowser:
    """The situation, read only, beside the wizard while the trainee types (the wizard owns it).
    F6 moves between it and the page, as between panes elsewhere: no tabbing through the page,
    and no letter that could clash with a page's shortcuts in any language."""
    panel = QTextBrowser(parent)
    panel.setObjectName("situation")
    hint = escape(_("F6 moves between the situation and the page."))
    panel.setHtml(f"<p><small>{hint}</small></p>{situation_html(worked)}")
    back: list[QWidget | None] = [None]

    def switch() -> None:
        if panel.hasFocus():
            target = back[0] or parent
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            back[0] = QApplication.focusWidget()
            panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    shortcut = QShortcut(QKeySequence(Qt.Key.Key_F6), parent)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(switch)
    return panel


@register(WORKED_CASES, training=True)
class WorkedCasesView(QWidget):
    # A new attempt's case, for the main window to open in its wizard (as a new case opens);
    # the main window hands each wizard it opens back to `wizard_opened`.
    edit_wanted = Signal(object)  # the OpenedCase

    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor, self._demo = services, actor, demo
        self.pack = services.cases.station_pack(actor)
        self.worked: list[WorkedCase] = []
        self.attempts: list[Attempt] = []
        self.open_attempts: dict[int, tuple[int, WorkedCase]] = {}  # case id: attempt, case
        self.feedback_dialog: FeedbackDialog | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("workedCases")
        row_picker(self.table)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the situation
        # The title takes the room left (elided, in full as a tooltip): the attempts, the best
        # score and what it practises stay in view in every language.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.currentCellChanged.connect(lambda *_args: self._chosen())
        self.situation = QTextBrowser()
        self.situation.setObjectName("situation")
        self.start_button = QPushButton()
        self.start_button.setObjectName("start")
        self.start_button.clicked.connect(self.start)
        self.attempts_label = QLabel()
        self.attempt_list = QListWidget()
        self.attempt_list.setObjectName("attempts")
        self.attempt_list.itemActivated.connect(lambda _item: self.show_attempt())
        self.feedback_button = QPushButton()
        self.feedback_button.setObjectName("showFeedback")
        self.feedback_button.clicked.connect(self.show_attempt)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a40000")
        self.error.setWordWrap(True)
        self.error.hide()
        self.attempts_label.setBuddy(self.attempt_list)

        side = QVBoxLayout()
        side.addWidget(self.situation, 3)
        side.addWidget(self.start_button)
        side.addWidget(self.attempts_label)
        side.addWidget(self.attempt_list, 1)
        side.addWidget(self.feedback_button)
        frame = QHBoxLayout()
        frame.addWidget(self.table, 3)
        frame.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.error)
        layout.addLayout(frame, 1)
        self.setTabOrder(self.table, self.situation)
        self.setTabOrder(self.situation, self.start_button)
        self.setTabOrder(self.start_button, self.attempt_list)
        self.setTabOrder(self.attempt_list, self.feedback_button)
        self.refresh()

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return may_train(actor.role)

    def navigation_title(self) -> str:
        return _("Worked cases")

    def refresh(self) -> None:
        chosen = self.current()
        try:
            self.worked = self._services.training.worked_cases(self._actor)
            self.attempts = [
                a
                for a in self._services.training.attempts(self._actor)
                if a.username == self._actor.username
            ]
        except ServiceError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.error.hide()
        self._fill(chosen)

    def retranslate(self) -> None:
        self._fill(self.current())

    def current(self) -> WorkedCase | None:
        row = self.table.currentRow()
        return self.worked[row] if 0 <= row < len(self.worked) else None

    def _fill(self, chosen: WorkedCase | None) -> None:
        self.heading.setText(
            _(
                "Practise the protocol on worked cases: read the situation, record it in the"
                " wizard as you would at the scene, submit, and compare your record with the"
                " model answer."
            )
        )
        self.start_button.setText(_("&Start this case"))
        self.attempts_label.setText(_("Your &attempts at this case:"))
        self.feedback_button.setText(_("&Review the feedback"))
        self.table.setHorizontalHeaderLabels(
            [_("Worked case"), _("Attempts"), _("Best score"), _("Practises")]
        )
        # In the order of their titles as shown (translated), the chosen case kept chosen.
        self.worked.sort(key=lambda w: shown(w, w.title).casefold())
        ids = [w.id for w in self.worked]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
        self.table.setRowCount(len(self.worked))
        for n, worked in enumerate(self.worked):
            mine = [a for a in self.attempts if a.exercise_id == worked.id and a.submitted_at]
            best = max(mine, key=lambda a: a.scored / a.possible if a.possible else 1, default=None)
            # What a case practises names its answer ("an administrative offence"): a trainee
            # learns it once they have tried the case; a trainer sees it to choose cases.
            told = bool(mine) or sees_every_attempt(self._actor.role)
            cells = [
                shown(worked, worked.title),
                str(len(mine)),
                score_text(best.scored, best.possible) if best else "",
                covers(worked) if told else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(n, column, item)
        if self.worked:
            self.table.setCurrentCell(min(row, len(self.worked) - 1), 0)
        self._chosen()

    def _chosen(self) -> None:
        worked = self.current()
        self.situation.setHtml(situation_html(worked) if worked else "")
        self.start_button.setEnabled(worked is not None)
        self.attempt_list.clear()
        for attempt in self._attempts_of(worked):
            if attempt.submitted_at is None:
                text = _("{when}: not submitted yet").format(
                    when=format_datetime(attempt.started_at)
                )
            else:
                text = _("{when}: {score}").format(
                    when=format_datetime(attempt.submitted_at),
                    score=score_text(attempt.scored, attempt.possible),
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, attempt.id)
            self.attempt_list.addItem(item)
        if self.attempt_list.count():
            self.attempt_list.setCurrentRow(self.attempt_list.count() - 1)
        self.feedback_button.setEnabled(self.attempt_list.count() > 0)

    def _attempts_of(self, worked: WorkedCase | None) -> list[Attempt]:
        return [a for a in self.attempts if worked is not None and a.exercise_id == worked.id]

    # ------------------------------------------------------------------ an attempt

    def start(self, worked: WorkedCase | None = None) -> None:
        """A new attempt of the chosen (or given) worked case, in the real wizard."""
        worked = worked if isinstance(worked, WorkedCase) else self.current()
        if worked is None:
            return
        try:
            attempt_id, opened = self._services.training.start_attempt(self._actor, worked)
        except ServiceError as error:
            QMessageBox.warning(self, _("Not started"), str(error))
            return
        self.open_attempts[opened.id] = (attempt_id, worked)
        self.refresh()
        self.edit_wanted.emit(opened)

    def wizard_opened(self, wizard: CaseWizard) -> None:
        """A wizard the main window opened: an attempt's gets the situation beside it, and its
        submission brings the feedback (again after a language switch rebuilt it)."""
        started = self.open_attempts.get(wizard.case_id)
        if started is None:
            return
        _attempt, worked = started
        panel = situation_panel(worked, wizard)
        panel.setMinimumWidth(360)
        wizard.setSideWidget(panel)
        # The wizard was shown before: its layout takes the side widget only when rebuilt,
        # which a change of style does.
        style = wizard.wizardStyle()
        wizard.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        wizard.setWizardStyle(style)
        wizard.resize(max(wizard.width(), 1400), wizard.height())
        wizard.submitted.connect(lambda _opened: self.finish(wizard.case_id))

    def finish(self, case_id: int) -> FeedbackDialog | None:
        attempt_id, worked = self.open_attempts.pop(case_id)
        try:
            feedback = self._services.training.finish_attempt(self._actor, attempt_id, worked)
        except ServiceError as error:
            QMessageBox.warning(self, _("No feedback"), str(error))
            return None
        self.refresh()
        return self.show_feedback(worked, feedback)

    def show_attempt(self) -> FeedbackDialog | None:
        """The feedback of the attempt chosen in the list, again."""
        item = self.attempt_list.currentItem()
        worked = self.current()
        if item is None or worked is None:
            return None
        attempt_id = int(item.data(Qt.ItemDataRole.UserRole))
        try:
            feedback = self._services.training.attempt_feedback(self._actor, attempt_id, worked)
        except ServiceError as error:
            QMessageBox.warning(self, _("No feedback"), str(error))
            return None
        return self.show_feedback(worked, feedback)

    def show_feedback(self, worked: WorkedCase, feedback: Feedback) -> FeedbackDialog:
        dialog = FeedbackDialog(worked, self.pack, feedback, self)
        dialog.try_again.connect(self.start)
        self.feedback_dialog = dialog
        dialog.open()
        return dialog
