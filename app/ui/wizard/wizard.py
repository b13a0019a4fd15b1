"""The Local Action Plan wizard: one page per protocol step, from first contact to a case
submitted for review.

Nothing typed is lost: every change restarts a short timer and the draft is saved when it fires,
on every page change, and when the wizard closes. A draft reopens on the page it was left on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
    QWizard,
)

from app.domain.case import CaseRecord, ReviewDecision
from app.domain.marks import DatabaseMark
from app.domain.operations import open_return
from app.domain.validation import Issue, validate_case_record
from app.domain.workflow import Action, Decision
from app.i18n import _, format_time
from app.ui.widgets.banner import OFFLINE_BACKGROUND, Banner
from app.ui.widgets.titles import demo_title
from app.ui.wizard.base import StepPage, WizardContext, button_texts
from app.ui.wizard.offline import Reconnector, offline_message
from app.ui.wizard.pages import PAGE_CLASSES

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor
    from app.services.journal import DraftJournal

AUTOSAVE_MS = 800  # after the last keystroke: often enough to lose nothing, rarely enough to type
# After the database was busy or out of reach: the save is tried again this much later.
RETRY_MS = 5_000


class CaseWizard(QWizard):
    """The case in the wizard: a draft or a returned case, saved as it is typed and submitted
    at the end; or, with `supplement`, an approved case corrected by a supplement, kept only
    when the supplement is saved with its reason."""

    submitted = Signal(object)  # the OpenedCase, once it went to review or was supplemented
    saved = Signal(object)  # the OpenedCase after each save
    reconnected = Signal()  # the database is back after it could not be reached

    def __init__(
        self,
        services: Services,
        actor: Actor,
        opened: OpenedCase,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
        supplement: bool = False,
        at_step: str = "",
    ) -> None:
        super().__init__(parent)
        self.opened = opened
        self.supplement = supplement
        self.services = services
        self.actor = actor
        self.case_id = opened.id
        self.version = opened.version
        self._record = opened.record
        self._saved: tuple[CaseRecord, str] = (opened.record, opened.wizard_step)
        self._retired = False  # replaced by a wizard in another screen language
        pack = services.backend.pack(opened.record.protocol_pack)
        names = {**opened.user_names, actor.username: actor.full_name}
        self.context = WizardContext(
            services, actor, pack, opened.id, demo, opened.submitted, user_names=names
        )
        title = (
            _("Correcting case {reference} (supplement)") if supplement else _("Case {reference}")
        )
        self.setWindowTitle(demo_title(title.format(reference=opened.record.reference), demo))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, False)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, supplement)
        for kind, text in button_texts(supplement).items():
            self.setButtonText(kind, text)
        # Enter means Next or Submit, even when the keyboard sits on Back or Save and close.
        for kind in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(kind)
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.resize(1100, 720)

        self.pages: list[StepPage] = []
        for page_class in PAGE_CLASSES:
            page = page_class(self.context)
            page.load(opened.record)
            page.changed.connect(self._schedule_save)
            self.addPage(page)
            self.pages.append(page)
        for page in self.pages:
            page.bind(self)

        # The save status sits where a button could be, left of the wizard's own buttons.
        self.status = QPushButton()
        self.status.setObjectName("saveStatus")
        self.status.setFlat(True)
        self.status.setEnabled(False)
        self.status.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status.setMinimumWidth(360)
        self.status.setStyleSheet("text-align: left")
        self.setButtonLayout(
            [
                QWizard.WizardButton.CustomButton1,
                QWizard.WizardButton.Stretch,
                QWizard.WizardButton.CancelButton,
                QWizard.WizardButton.BackButton,
                QWizard.WizardButton.NextButton,
                QWizard.WizardButton.FinishButton,
            ]
        )
        self.setButton(QWizard.WizardButton.CustomButton1, self.status)

        # The database out of reach: a banner on every page, the typing kept in the journal,
        # the server probed until it is back (app.ui.wizard.offline).
        self.offline_banners: list[Banner] = []
        for page in self.pages:
            banner = Banner(offline_message(), OFFLINE_BACKGROUND)
            banner.setObjectName("offlineBanner")
            banner.hide()
            layout = page.layout()
            if layout is not None:
                layout.insertWidget(0, banner)  # type: ignore[attr-defined]
            self.offline_banners.append(banner)
        self._journal: DraftJournal | None = None
        self._journalled = False  # an entry of this case is in the journal
        from app.services.journal import database_answers  # noqa: PLC0415 - with the services

        engine = services.backend.engine
        self.reconnector = Reconnector(lambda: database_answers(engine), self)
        self.reconnector.back.connect(self._back_online)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)
        self.currentIdChanged.connect(self._page_changed)
        # A returned case opens on its first commented page, unless told where (a rebuild).
        start_step = self._show_review_notes(opened)
        start_step = at_step or start_step or opened.wizard_step
        start = next((i for i, p in enumerate(self.pages) if p.step_id == start_step), 0)
        self.setStartId(start)
        if supplement:
            self.status.setText(_("Correcting an approved case: kept when you save the supplement"))
        self._as_loaded = self.record()  # what a correction is compared with
        self._show_issues()

    def _show_review_notes(self, opened: OpenedCase) -> str:
        """A returned case shows the reviewer's comments on each commented page, the general
        one on the first of them; returns that page's step ("" when nothing is commented)."""
        decision = open_return(opened.record)
        if decision is None:
            return ""
        by_step: dict[str, list[str]] = {}
        for note in decision.sections:
            by_step.setdefault(note.section, []).append(note.comment)
        commented = [p for p in self.pages if p.step_id in by_step]
        left_on = [p for p in self.pages if p.step_id == opened.wizard_step]
        first = (commented or left_on or self.pages)[0]
        general = (
            _("{user} reopened the case: {comment}")
            if decision.decision is ReviewDecision.REOPEN
            else _("{user} returned the case: {comment}")
        ).format(
            user=opened.user_names.get(decision.reviewer, decision.reviewer),
            comment=decision.comment,
        )
        for page in self.pages:
            notes = [
                _("Reviewer's comment: {comment}").format(comment=c)
                for c in by_step.get(page.step_id, [])
            ]
            if page is first and decision.comment:
                notes.insert(0, general)
            page.show_review_notes(notes)
        return first.step_id if commented else ""

    # ------------------------------------------------------------------ the record

    def record(self) -> CaseRecord:
        """The case as the pages now show it."""
        record = self._record
        for page in self.pages:
            record = page.store(record)
        return record

    def current_step(self) -> str:
        page = self.currentPage()
        return page.step_id if isinstance(page, StepPage) else ""

    def adopt(self, opened: OpenedCase) -> None:
        """Takes a case saved outside the autosave (an attachment added): new version, new parts."""
        self.version = opened.version
        self._record = opened.record
        self._saved = (self.record(), self.current_step())

    def rebuilt(self) -> CaseWizard:
        """This wizard built again in the screen language just chosen, in its place: same page,
        everything typed kept, changes not yet saved still to be saved. This one closes."""
        self._timer.stop()
        opened = replace(
            self.opened, version=self.version, record=self.record(), wizard_step=self.current_step()
        )
        wizard = open_wizard(
            self.parentWidget(), self.services, self.actor, opened, self.context.demo,
            geometry=self.geometry(), supplement=self.supplement, at_step=self.current_step(),
        )  # fmt: skip
        wizard._record = self._record  # a correction's base stays the approved case
        wizard._as_loaded = self._as_loaded
        wizard._saved = self._saved
        wizard._journalled = self._journalled
        if self.offline():
            wizard._go_offline()
        if (wizard.record(), wizard.current_step()) != wizard._saved:
            wizard._schedule_save()
        self._retired = True
        QWizard.reject(self)  # closes without saving: the new wizard holds the changes
        return wizard

    # ------------------------------------------------------------------ saving

    def _schedule_save(self) -> None:
        if self.supplement:  # nothing is saved until the supplement is, with its reason
            self.status.setText(_("Corrected, not saved yet: save the supplement to keep it"))
            return
        self.status.setText(_("Unsaved changes…"))
        self._timer.start(AUTOSAVE_MS)

    def _page_changed(self, page_id: int) -> None:
        page = self.page(page_id)
        if not isinstance(page, StepPage):
            return  # -1 while the wizard closes: the draft was saved already, with its page
        page.refresh(self.record())
        self.save_now()
        self._keep_focus_on(page)

    def _keep_focus_on(self, page: StepPage) -> None:
        """After Next the keyboard must be on something the officer sees on this page (a page
        without victims hides its tab bar), else on Next or Submit."""
        if not self.isVisible():
            return  # on the first show Qt focuses the page's first field itself
        focused = self.focusWidget()
        if focused is not None and focused.isVisible() and page.isAncestorOf(focused):
            return
        page.focusNextChild()
        focused = self.focusWidget()
        if focused is None or not focused.isVisible() or not page.isAncestorOf(focused):
            last = self.nextId() == -1
            self.button(
                QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton
            ).setFocus()

    def save_now(self) -> bool:
        """Saves the draft if anything changed; False if it could not be saved."""
        from app.services.errors import (  # noqa: PLC0415 - with the services
            Conflict,
            DatabaseProblem,
            DatabaseUnavailable,
            ServiceError,
        )

        self._timer.stop()
        if self._retired or self.supplement:
            self._show_issues()
            return True
        record, step = self.record(), self.current_step()
        if (record, step) == self._saved and not self._journalled:
            self._show_issues()
            return True
        if self.reconnector.active():  # still out of reach: no waiting for a connect timeout
            return self._keep_in_journal(record, step)
        try:
            opened = self.services.cases.save_draft(
                self.actor, self.case_id, self.version, record, step
            )
        except Conflict as conflict:
            # Both versions are kept: the other one in the database, this one here (and in
            # the journal, if it was written there).
            self.status.setText(_("Not saved"))
            QMessageBox.warning(self, _("Saved by someone else"), str(conflict))
            return False
        except DatabaseUnavailable:
            self._go_offline()
            return self._keep_in_journal(record, step)
        except DatabaseProblem as problem:
            # What was typed stays in the pages; the save is tried again by itself, and at the
            # next change.
            self.status.setText(
                _("Not saved yet ({problem}): kept here, trying again…").format(
                    problem=_(problem.kind)
                )
            )
            self.status.setToolTip(str(problem))
            self._timer.start(RETRY_MS)
            return False
        except ServiceError as error:
            self.status.setText(_("Not saved: {reason}").format(reason=str(error)))
            return False
        self.version = opened.version
        self._record = opened.record
        self._saved = (record, step)
        if self._journalled:
            self.journal().remove(self.actor, self.case_id)
            self._journalled = False
        self.status.setText(_("Draft saved at {time}").format(time=format_time(self.context.now())))
        self.status.setToolTip("")
        self._show_issues()
        self.saved.emit(opened)
        return True

    # ------------------------------------------------------------------ out of reach

    def journal(self) -> DraftJournal:
        from app.services.journal import journal_for  # noqa: PLC0415 - with the services

        if self._journal is None:
            self._journal = journal_for(self.services.backend.engine)
        return self._journal

    def offline(self) -> bool:
        return self.reconnector.active()

    def _go_offline(self) -> None:
        for banner in self.offline_banners:
            banner.show()
        self.reconnector.start()

    def _keep_in_journal(self, record: CaseRecord, step: str) -> bool:
        """Writes what is typed to the journal; True when it is kept there."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services
        from app.services.journal import JournalEntry  # noqa: PLC0415

        try:
            self.journal().write(self.actor, JournalEntry(self.case_id, self.version, step, record))
        except ServiceError as error:
            self.status.setText(_("Not saved: {reason}").format(reason=str(error)))
            return False
        self._journalled = True
        self._saved = (record, step)  # kept: the next change writes the journal again
        self.status.setText(
            _("Kept on this computer at {time}").format(time=format_time(self.context.now()))
        )
        self.status.setToolTip(offline_message())
        self._show_issues()
        return True

    def _back_online(self) -> None:
        """The server answers again: the journalled draft goes through the normal save, with
        its version check; the lists of the main window read again."""
        for banner in self.offline_banners:
            banner.hide()
        self.save_now()
        self.reconnected.emit()

    def _show_issues(self) -> None:
        self.show_submission_issues(validate_case_record(self.record(), self.context.now()))

    def show_submission_issues(self, issues: list[Issue]) -> None:
        """Each issue goes where its field is edited; one that no page has a line for goes to
        the page of its step. The pack may list a field under another step than its page."""
        placed = {id(i) for i in issues if any(page.places(i) for page in self.pages)}
        for page in self.pages:
            page.show_issues([i for i in issues if page.places(i) or id(i) not in placed])

    # ------------------------------------------------------------------ finishing

    def accept(self) -> None:
        """Finish = submit for review (or save the supplement); an incomplete case stays open
        with its gaps shown. Dropping every bias motive of a submitted case asks why."""
        from app.services.errors import NotAllowed, Refused, ServiceError  # noqa: PLC0415

        if not self.save_now():
            return
        action = Action.SUPPLEMENT if self.supplement else Action.SUBMIT
        decision = Decision()
        if self.supplement:
            reason = self.ask_reason(
                _("Why is the approved case corrected? The reviewer and the history see it.")
            )
            if reason is None:
                return
            decision = Decision(comment=reason, record=self.record())
        try:
            try:
                opened = self.services.cases.apply(
                    self.actor, self.case_id, self.version, action, decision
                )
            except NotAllowed as refusal:
                if [i.code for i in refusal.issues] != ["hate_flag_reason"]:
                    raise
                reason = self.ask_reason(
                    _(
                        "Every bias motive was removed after the case was submitted. Why? The"
                        " reviewer sees that it was removed, and your reason."
                    )
                )
                if reason is None:
                    return
                decision = replace(decision, comment=reason)
                opened = self.services.cases.apply(
                    self.actor, self.case_id, self.version, action, decision
                )
        except Refused as refused:
            if isinstance(refused, NotAllowed):
                QMessageBox.warning(self, _("Not submitted"), str(refused))
                return
            self.show_submission_issues(refused.issues)
            QMessageBox.information(
                self,
                _("Not complete yet"),
                _("The case cannot go to review yet: the summary page lists what is missing."),
            )
            return
        except ServiceError as error:
            QMessageBox.warning(self, _("Not submitted"), str(error))
            return
        self.submitted.emit(opened)
        super().accept()

    def ask_reason(self, question: str) -> str | None:
        """A reason typed by the officer; None if they cancel. Blank is asked again."""
        while True:
            text, given = QInputDialog.getMultiLineText(self, _("Reason"), question)
            if not given:
                return None
            if text.strip():
                return text.strip()

    def reject(self) -> None:
        """Closing keeps the draft: it is saved, never thrown away. A correction not saved as a
        supplement is dropped only when the officer says so."""
        if self.supplement:
            if self.record() == self._as_loaded or self._confirm(
                _("Close without saving?"),
                _("The correction is not saved as a supplement. Close anyway and drop it?"),
            ):
                super().reject()
            return
        refused = next((p for p in self.pages if p.refused_date() is not None), None)
        if refused is not None and not self._confirm(
            _("Close without saving?"),
            _(
                'A date on the page "{page}" is not understood: it is not saved. Close anyway?'
            ).format(page=refused.title()),
        ):
            return
        if self.save_now():
            super().reject()
            return
        if self._confirm(
            _("Close without saving?"),
            _("The last changes could not be saved. Close anyway and lose them?"),
        ):
            super().reject()

    def close_saved(self) -> bool:
        """Saves and closes without a question (another user signs in at the idle lock); stays
        open, False, if the typing could not be saved."""
        if not self.save_now():
            return False
        super().reject()
        return True

    def _confirm(self, title: str, question: str) -> bool:
        return QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape never closes the wizard: it is pressed to close a list of suggestions or a
        calendar, and a case is left with "Save and close"."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reject()
        event.setAccepted(not self.isVisible())


# ---------------------------------------------------------------------- opening
# A case opens in the wizard beside the main window (not modal: the list stays usable).


def open_wizard(
    parent: QWidget | None,
    services: Services,
    actor: Actor,
    opened: OpenedCase,
    demo: DatabaseMark = DatabaseMark.NONE,
    *,
    geometry: QRect | None = None,
    supplement: bool = False,
    at_step: str = "",
) -> CaseWizard:
    """Shows the case in the wizard, on the page it was left on (and where `geometry`, of a
    wizard it replaces, says), and returns the wizard; with `supplement`, to correct an
    approved case."""
    wizard = CaseWizard(
        services, actor, opened, parent, demo=demo, supplement=supplement, at_step=at_step
    )
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.setWindowFlag(Qt.WindowType.Window, True)
    _walk_to_saved_page(wizard)
    wizard.show()
    if geometry is not None:  # once shown: QWizard sizes itself to its pages when shown
        wizard.setGeometry(geometry)
    wizard.activateWindow()
    return wizard


def _walk_to_saved_page(wizard: CaseWizard) -> None:
    """Starts on the first page and walks (quietly) to the page the draft was left on, so that
    Back works from there as if the officer had come the whole way."""
    ids = wizard.pageIds()
    target = wizard.startId()
    if not ids or target == ids[0]:
        return
    wizard.setStartId(ids[0])
    blocked = wizard.blockSignals(True)
    try:
        wizard.restart()
        while wizard.currentId() != target:
            before = wizard.currentId()
            wizard.next()
            if wizard.currentId() == before:
                break  # a page that is not complete: stay there
    finally:
        wizard.blockSignals(blocked)
    # The page arrived at is refreshed (and the draft saved if anything changed), as on any
    # page change.
    wizard.currentIdChanged.emit(wizard.currentId())
