"""The last page, read before submitting: on top what the case still lacks before it can go to
review, each line worded for the officer, with a way to jump to the step that completes it; below
it the whole case as recorded, section by section (app.ui.case_html, as the case view shows it).
When nothing is missing, Submit for review is the way out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.domain.case import CaseRecord
from app.domain.completeness import missing_for_submission
from app.domain.operations import drops_hate_flag
from app.domain.validation import Issue, validate_case_record
from app.i18n import _, ngettext
from app.ui.case_html import render_recap_html
from app.ui.link_offer import LinkOffer, candidates
from app.ui.wizard.base import PerVictim, StepPage, WizardContext
from app.ui.wizard.gaps import Gap, gap, judgement_gaps

if TYPE_CHECKING:
    from collections.abc import Sequence

STEP_ROLE = Qt.ItemDataRole.UserRole
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


def go_to(wizard: QWizard, step_id: str) -> bool:
    """Shows the page of `step_id`. QWizard has no jump: this walks with Next and Back, quietly,
    so that only the page arrived at is refreshed and saved. False if it could not get there
    (a page that is not complete stops Next; Back stops at the first page visited)."""
    ids = wizard.pageIds()
    target = next((i for i in ids if getattr(wizard.page(i), "step_id", "") == step_id), None)
    if target is None:
        return False
    start = wizard.currentId()
    blocked = wizard.blockSignals(True)
    try:
        for _attempt in range(2 * len(ids)):
            current = wizard.currentId()
            if current == target:
                break
            if ids.index(target) > ids.index(current):
                wizard.next()
            else:
                wizard.back()
            if wizard.currentId() == current:
                break  # cannot move further this way
    finally:
        wizard.blockSignals(blocked)
    if wizard.currentId() != start:
        wizard.currentIdChanged.emit(wizard.currentId())
    return wizard.currentId() == target


class GapList(QListWidget):
    """Enter on a line jumps to its step (and does not press the wizard's default button)."""

    go = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            event.accept()
            self.go.emit()
            return
        super().keyPressEvent(event)


class SummaryPage(StepPage):
    step_id = "summary"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.setTitle(_("Summary"))
        guidance = QLabel(
            "\n".join(
                f"• {line}"
                for line in (
                    _("Check what is still missing before the case goes to review."),
                    _("Select a line and press Enter, or Go to, to complete it on its step."),
                    _("Then read the whole case below, as it will go to review."),
                    _("When nothing is missing, submit the case: your supervisor reviews it next."),
                )
            )
        )
        guidance.setObjectName("guidance")
        guidance.setWordWrap(True)
        guidance.setFrameShape(QFrame.Shape.StyledPanel)
        guidance.setContentsMargins(8, 6, 8, 6)
        outer = self.layout()
        if isinstance(outer, QVBoxLayout):
            outer.insertWidget(0, guidance)

        self.state = QLabel()
        self.state.setObjectName("summaryState")
        self.state.setWordWrap(True)
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        self.form.addRow(self.state)
        self.gap_list = GapList()
        self.gap_list.setObjectName("gapList")
        self.gap_list.setWordWrap(True)
        # A few lines high (more scroll): the case to read below stays in view.
        self.gap_list.setFixedHeight(self.gap_list.fontMetrics().height() * 8)
        self.list_label = QLabel(_("&Missing or to fix:"))
        self.list_label.setBuddy(self.gap_list)
        self.form.addRow(self.list_label)
        self.form.addRow(self.gap_list)
        self.go_button = QPushButton(_("&Go to this step"))
        self.go_button.setObjectName("goTo")
        self.go_button.setAutoDefault(False)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.go_button)
        row.addStretch(1)
        # The printouts of the case: the victim's leaflet and copies before they leave.
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setObjectName("print")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.ask_what_to_print)
        row.addWidget(self.print_button)
        holder.setFocusProxy(self.go_button)
        self.form.addRow(holder)
        # The station's cases likely the same incident, seen before submitting.
        self.link_offer = LinkOffer()
        self.form.addRow(self.link_offer)
        # The whole case below what is missing, in the order it is read: to check before submitting.
        self.recap = QTextBrowser()  # read-only: Enter still goes to the wizard (Submit)
        self.recap.setObjectName("recap")
        self.recap.setTabChangesFocus(True)
        self.recap.setMinimumHeight(self.recap.fontMetrics().height() * 20)
        recap_label = QLabel(_("The case as &recorded:"))
        recap_label.setBuddy(self.recap)
        self.form.addRow(recap_label)
        self.form.addRow(self.recap)
        self.gaps: list[Gap] = []
        self._recap_of: CaseRecord | None = None

        self.gap_list.go.connect(self.go_to_current)
        self.gap_list.itemActivated.connect(lambda _item: self.go_to_current())
        self.go_button.clicked.connect(self.go_to_current)

    def ask_what_to_print(self) -> QDialog | None:
        """Saves the draft first: the printouts are made from the saved case."""
        from app.ui.printing import ask_what_to_print  # noqa: PLC0415 - reportlab when printing

        wizard = self.wizard_ref
        if not wizard.save_now():
            return None
        context = self.context
        return ask_what_to_print(
            self.wizard(), context.services, context.actor, wizard.record(), demo=context.demo
        )

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        self.show_gaps(record)

    def store(self, record: CaseRecord) -> CaseRecord:
        return record

    def refresh(self, record: CaseRecord) -> None:
        self.show_gaps(record)
        # Asked of the saved case: the wizard saves it just after refreshing the page.
        QTimer.singleShot(0, self, self.show_link_offer)

    def show_link_offer(self) -> None:
        context = self.context
        self.link_offer.show_offer(
            candidates(context.services, context.actor, context.case_id), None
        )

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """After every save, and after a refused submission: the list is worked out anew from
        the case as the pages show it now."""
        wizard = getattr(self, "wizard_ref", None)
        if wizard is not None:
            self.show_gaps(wizard.record())

    # ------------------------------------------------------------------ the gaps

    def find_gaps(self, record: CaseRecord) -> list[Gap]:
        pack = self.context.pack
        submitted = self.context.submitted
        # A submitted case found to have no bias motive after all: the reason is asked at
        # submission instead of a motive.
        ruled_out = submitted is not None and drops_hate_flag(submitted, record)
        issues = missing_for_submission(record, pack, ruled_out)
        issues += validate_case_record(record, self.context.now(), pack.referral_opt_out)
        # No rights information at all says more than "no leaflet language" for the same victim.
        no_rights = {
            i.params.get("person")
            for i in issues
            if i.code == "required" and i.field == "rights_given_at"
        }
        issues = [
            i
            for i in issues
            if not (i.field == "leaflet_language" and i.params.get("person") in no_rights)
        ]
        found: list[Gap] = []
        for one in [gap(issue, record, pack) for issue in issues] + judgement_gaps(record, pack):
            if one.text not in {g.text for g in found}:
                found.append(one)
        return found

    def show_gaps(self, record: CaseRecord) -> None:
        current = self.gap_list.currentRow()
        self.gaps = self.find_gaps(record)
        self.gap_list.clear()
        steps = self._steps()
        for one in self.gaps:
            item = QListWidgetItem(one.text)
            step = one.step if one.step in steps else ""
            item.setData(STEP_ROLE, step)
            item.setData(PERSON_ROLE, one.person)
            if not step:
                item.setToolTip(_("No step of the wizard changes this."))
            self.gap_list.addItem(item)
        complete = not self.gaps
        if complete:
            self.state.setText(_("Complete: submit it for review."))
        else:
            self.state.setText(
                ngettext(
                    "{n} thing to complete before the case can go to review.",
                    "{n} things to complete before the case can go to review.",
                    len(self.gaps),
                ).format(n=len(self.gaps))
            )
        for widget in (self.list_label, self.gap_list, self.go_button):
            widget.setVisible(not complete)
        if self.gaps:
            self.gap_list.setCurrentRow(min(max(current, 0), len(self.gaps) - 1))
        if record != self._recap_of:  # after every save, also on other pages: only if changed
            self._recap_of = record
            scrolled = self.recap.verticalScrollBar().value()
            names = self.context.user_names
            self.recap.setHtml(render_recap_html(record, self.context.pack, names))
            self.recap.verticalScrollBar().setValue(scrolled)

    def lines(self) -> list[str]:
        return [self.gap_list.item(i).text() for i in range(self.gap_list.count())]

    def _steps(self) -> set[str]:
        wizard = getattr(self, "wizard_ref", None)
        if wizard is None:
            return set()
        return {p.step_id for p in wizard.pages}

    def go_to_current(self) -> bool:
        item = self.gap_list.currentItem()
        wizard = self.wizard()  # the QWizard this page is in, to walk it
        if item is None or wizard is None:
            return False
        # Read before going: the page change saves the draft, and the list is made anew.
        step = str(item.data(STEP_ROLE) or "")
        person = item.data(PERSON_ROLE)
        if not step:
            return False
        if not go_to(wizard, step):
            self.page_errors.show_message(
                _("That step cannot be reached from here: use Back and Next to get there.")
            )
            return False
        self.page_errors.clear_message()
        page = wizard.currentPage()
        # The victim's tab, on any page with one tab per victim (communication is no VictimPage).
        tabs = getattr(page, "tabs", None)
        if isinstance(tabs, PerVictim) and person:
            form = tabs.forms().get(person)
            if form is not None:
                tabs.setCurrentWidget(form)
        page.setFocus()
        page.focusNextChild()
        return True
