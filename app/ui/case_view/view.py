"""Opening a case: first the reason (LED Art. 25: every consultation is logged with why), then a
read-only view of the whole record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import workflow
from app.domain.access import Special, Use, carries_hidden, special_access
from app.domain.case import CaseRecord, SectionComment
from app.domain.checklist import Check
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack
from app.domain.workflow import Action, Decision
from app.i18n import N_, _
from app.services.errors import ServiceError
from app.ui.case_html import render_case_html
from app.ui.case_view.checklist import ChecklistPanel, JudgementChecks
from app.ui.case_view.exercise import offered as exercise_offered
from app.ui.case_view.follow_up_actions import FollowUpActions
from app.ui.case_view.timeline import TimelineDialog, show_timeline
from app.ui.widgets.banner import DemoBanner, demo_title
from app.ui.wizard.wizard import CaseWizard, open_wizard
from app.ui.wording import REASONS, SECTIONS
from app.ui.wording import section as section_title

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

# The decisions a case view offers, in this order, to whom the workflow allows them (the wizard
# takes the officer's own steps: saving and submitting).
DECISIONS = {
    Action.APPROVE: N_("&Approve…"),
    Action.RETURN: N_("&Return to the officer…"),
    Action.ESCALATE: N_("&Escalate…"),
    Action.PROPOSE_CLOSURE: N_("Propose &closure…"),
    Action.CLOSE: N_("C&lose the case…"),
    Action.REOPEN: N_("Re&open…"),
    # Not a dialog: the case opens in the wizard, and the reason is asked when it is saved.
    Action.SUPPLEMENT: N_("Co&rrect (supplement)…"),
}
# The follow-up screens (app/ui/case_view/referrals.py, consents.py): shown with the services,
# enabled where the workflow allows this actor the follow-up action.
FOLLOW_UPS = {
    Action.REFERRAL_STEP: N_("Re&ferrals…"),
    Action.WITHDRAW_CONSENT: N_("Co&nsents…"),
}


class ReasonDialog(QDialog):
    """Why is this case being opened? An editable list: a reason of one's own can be typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(460)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for reason in REASONS:
            self.combo.addItem(_(reason))
        self.combo.setMinimumContentsLength(32)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Open case"))
        self.ok_button.setDefault(True)  # Enter confirms the reason shown
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.combo.editTextChanged.connect(
            lambda value: self.ok_button.setEnabled(bool(value.strip()))
        )
        # An editable combo box keeps Enter to itself: confirm from its line edit too.
        line_edit = self.combo.lineEdit()
        if line_edit is not None:
            line_edit.returnPressed.connect(self.accept)
        self._answered = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.combo)
        layout.addWidget(self.buttons)

    def ask(self, reference: str) -> None:
        """Shows the dialog (window-modal, not blocking) for one case, the first reason chosen."""
        self.setWindowTitle(_("Reason for opening {reference}").format(reference=reference))
        self.text.setText(
            _(
                "Every consultation of a case is recorded with its reason."
                " Why are you opening case {reference}?"
            ).format(reference=reference)
        )
        self.combo.setCurrentIndex(0)
        self.combo.setEditText(self.combo.itemText(0))
        self._answered = False
        self.open()
        self.combo.setFocus()

    def reason(self) -> str:
        return self.combo.currentText().strip()

    def accept(self) -> None:
        # Once only (Enter may reach both the line edit and the default button), and never empty.
        if self._answered or not self.reason():
            return
        self._answered = True
        super().accept()


class DecisionDialog(QDialog):
    """A decision on a case, with its comment (required where the workflow asks for a reason).
    An approval also lists the checklist's judgement checks to confirm, and the unmet ones; a
    return takes comments on the case's sections; an escalation the reviewer it goes to."""

    def __init__(
        self,
        action: Action,
        reference: str,
        parent: QWidget | None = None,
        *,
        pack: ProtocolPack | None = None,
        reviewers: Sequence[tuple[str, str, str]] = (),
        checks: tuple[Check, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.action = action
        self.required = workflow.RULES[action].needs_comment
        self.setWindowTitle(
            _("{step} — {reference}").format(
                step=_(DECISIONS[action]).replace("&", "").rstrip("…"), reference=reference
            )
        )
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.reviewer: QComboBox | None = None
        if action is Action.ESCALATE:
            self.reviewer = QComboBox()
            for username, full_name, station in reviewers:
                self.reviewer.addItem(
                    _("{name} ({station})").format(name=full_name, station=station), username
                )
            self.reviewer.setCurrentIndex(-1)
            reviewer_label = QLabel(_("&To the reviewer (a supervisor of the force):"))
            reviewer_label.setBuddy(self.reviewer)
            layout.addWidget(reviewer_label)
            layout.addWidget(self.reviewer)
            self.reviewer.currentIndexChanged.connect(self._enable)
        self.judgement = JudgementChecks(checks) if action is Action.APPROVE and checks else None
        if self.judgement is not None:
            layout.addWidget(self.judgement)
            # Check boxes do not wrap: the dialog is as wide as their longest title.
            self.setMinimumWidth(max(520, self.judgement.sizeHint().width() + 24))
        if action is Action.RETURN:
            label_text = _("&Comment for the whole case (or comment on sections below):")
        elif self.required:
            label_text = _("&Comment (required; the officer and the audit trail see it):")
        else:
            label_text = _("&Comment (optional; the officer and the audit trail see it):")
        label = QLabel(label_text)
        label.setWordWrap(True)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)  # Tab leaves the field: keyboard alone
        label.setBuddy(self.comment)
        layout.addWidget(label)
        layout.addWidget(self.comment)
        self.sections: dict[str, QLineEdit] = {}
        if action is Action.RETURN and pack is not None:
            layout.addWidget(self._section_comments(pack))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_(DECISIONS[action]).rstrip("…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.comment.textChanged.connect(self._enable)
        layout.addWidget(self.buttons)
        self._enable()

    def _section_comments(self, pack: ProtocolPack) -> QWidget:
        """One line per section of the wizard: the officer sees each comment beside its fields."""
        box = QGroupBox(_("Comments on sections (the officer sees each beside its fields)"))
        form = QFormLayout(box)
        for step in pack.steps:
            if step.id not in SECTIONS or step.id == "summary":
                continue
            field = QLineEdit()
            field.setObjectName(f"section-{step.id}")
            field.textChanged.connect(self._enable)
            form.addRow(section_title(step.id, pack), field)
            self.sections[step.id] = field
        return box

    def _enable(self) -> None:
        decision = self.decision()
        ready = decision.explained() if self.required else True
        if self.reviewer is not None:
            ready = ready and bool(decision.escalated_to)
        self.ok_button.setEnabled(ready)

    def text(self) -> str:
        return self.comment.toPlainText().strip()

    def decision(self) -> Decision:
        return Decision(
            comment=self.text(),
            sections=tuple(
                SectionComment(step, field.text().strip())
                for step, field in self.sections.items()
                if field.text().strip()
            ),
            checks=self.judgement.confirmed() if self.judgement is not None else (),
            escalated_to=(self.reviewer.currentData() or "") if self.reviewer else "",
        )


class CaseViewDialog(QDialog):
    """The whole case, read-only, in sections; Print… when the services are given, and the
    decisions the workflow allows this actor (approve, return, escalate, close…)."""

    changed = Signal()  # a decision was taken: lists that show the case refresh

    def __init__(
        self,
        record: CaseRecord,
        pack: ProtocolPack,
        parent: QWidget | None = None,
        *,
        user_names: Mapping[str, str] | None = None,
        demo: DatabaseMark = DatabaseMark.NONE,
        printing: tuple[Services, Actor] | None = None,
        case: OpenedCase | None = None,
        reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.record = record
        self._case = case
        self._reason = reason  # why it was opened: the timeline is read for the same reason
        self._pack = pack
        self._user_names = user_names
        self._demo = demo
        self._printing = printing
        # A separate window beside the list, not one that blocks it.
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.resize(1180, 760)
        self.browser = QTextBrowser()
        self.browser.setObjectName("caseText")
        self.browser.setOpenLinks(False)
        # The hate-case checklist beside the case, for everyone who may open it: the supervisor
        # reviews with it, and the officer sees what the review will ask before submitting.
        self.checks: tuple[Check, ...] = ()
        self.checklist = ChecklistPanel()
        self.checklist.step_requested.connect(self.browser.scrollToAnchor)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(self.checklist)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.print_button: QPushButton | None = None
        if printing is not None:
            self.print_button = QPushButton()
            self.print_button.setObjectName("print")
            self.print_button.clicked.connect(self.ask_what_to_print)
            self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.timeline_button: QPushButton | None = None
        if printing is not None and case is not None and reason:
            self.timeline_button = QPushButton()
            self.timeline_button.setObjectName("timeline")
            self.timeline_button.clicked.connect(self.show_timeline)
            self.buttons.addButton(self.timeline_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Special categories hidden from the role until it asks (app.domain.access), audited.
        self.reveal_button: QPushButton | None = None
        if printing is not None and case is not None and reason and reveals(printing[1]):
            self.reveal_button = QPushButton()
            self.reveal_button.setObjectName("revealSpecial")
            self.reveal_button.clicked.connect(self.reveal_special)
            self.buttons.addButton(self.reveal_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.reveal_button.setVisible(carries_hidden(record))
        # A supervisor turns an approved real case into a training exercise (issue 16, part D).
        self.exercise_button: QPushButton | None = None
        if printing is not None and case is not None and reason and exercise_offered(
            printing[1], record) and not printing[0].training.is_training():  # fmt: skip
            self.exercise_button = QPushButton()
            self.exercise_button.setObjectName("makeExercise")
            self.exercise_button.clicked.connect(self.make_exercise)
            self.buttons.addButton(self.exercise_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.decision_buttons: dict[Action, QPushButton] = {}
        self.follow_up_buttons: dict[Action, QPushButton] = {}
        # The follow-up of a submitted case: coordination log, re-contacts, links.
        self.follow_ups = (
            FollowUpActions(printing[0], printing[1], self.buttons)
            if printing is not None and case is not None
            else None
        )
        if self.follow_ups is not None:
            self.follow_ups.changed.connect(self._adopt)
        self._show_decisions()
        layout = QVBoxLayout(self)
        self.banner = DemoBanner(demo) if demo else None
        if self.banner is not None:
            layout.addWidget(self.banner)
        if self.follow_ups is not None:
            layout.addWidget(self.follow_ups.offer)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)
        self._show_checklist()
        self.retranslate()

    def retranslate(self) -> None:
        """The case in the screen language (again after a language switch)."""
        self.setWindowTitle(
            demo_title(_("Case {reference}").format(reference=self.record.reference), self._demo)
        )
        position = self.browser.verticalScrollBar().value()
        self.browser.setHtml(render_case_html(self.record, self._pack, self._user_names))
        self.browser.verticalScrollBar().setValue(position)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        if self.print_button is not None:
            self.print_button.setText(_("&Print…"))
        if self.timeline_button is not None:
            self.timeline_button.setText(_("&Timeline…"))
        if self.reveal_button is not None:
            self.reveal_button.setText(_("Show special-category &data"))
        if self.exercise_button is not None:
            self.exercise_button.setText(_("Make a training exercise…"))
        for action, button in self.decision_buttons.items():
            button.setText(_(DECISIONS[action]))
        for action, button in self.follow_up_buttons.items():
            button.setText(_(FOLLOW_UPS[action]))
        if self.follow_ups is not None:
            self.follow_ups.retranslate()
        self.checklist.retranslate()
        if self.banner is not None:
            self.banner.retranslate()

    def _show_decisions(self) -> None:
        """One button per decision the workflow allows this actor on this case now."""
        for button in [*self.decision_buttons.values(), *self.follow_up_buttons.values()]:
            self.buttons.removeButton(button)
            button.deleteLater()
        self.decision_buttons, self.follow_up_buttons = {}, {}
        if self._printing is None or self._case is None:
            return
        services, actor = self._printing
        try:
            allowed = services.cases.allowed_actions(actor, self._case.id)
        except ServiceError:
            return  # the view stays as it is; the next action will say why
        for action, text in FOLLOW_UPS.items():
            button = QPushButton(_(text))
            button.setObjectName(f"follow-up-{action.value}")
            button.setEnabled(action in allowed)
            button.clicked.connect(lambda _checked=False, action=action: self.follow_up(action))
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.follow_up_buttons[action] = button
        if self.follow_ups is not None:
            self.follow_ups.show(self._case, allowed)
        for action in (a for a in DECISIONS if a in allowed):
            button = QPushButton(_(DECISIONS[action]))
            button.setObjectName(f"decision-{action.value}")
            if action is Action.SUPPLEMENT:
                button.clicked.connect(self.correct)
            else:
                button.clicked.connect(
                    lambda _checked=False, action=action: self.ask_decision(action)
                )
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.decision_buttons[action] = button

    def _show_checklist(self) -> None:
        """The checklist of the case as it is now; hidden where the services are not given."""
        self.checklist.setVisible(self._printing is not None and self._case is not None)
        if self._printing is None or self._case is None:
            return
        services, actor = self._printing
        try:
            self.checks = services.cases.checklist(actor, self._case.id)
        except ServiceError:
            return  # the list stays as it was; the next action will say why
        self.checklist.show_checks(self.checks, self._pack)

    def ask_decision(self, action: Action) -> DecisionDialog:
        """Asks the comment (window-modal, not blocking); the decision is taken on OK."""
        reviewers: list[tuple[str, str, str]] = []
        if action is Action.ESCALATE and self._printing is not None:
            services, actor = self._printing
            try:
                reviewers = services.cases.reviewers(actor)
            except ServiceError as error:
                QMessageBox.warning(self, _("Not done"), str(error))
        dialog = DecisionDialog(
            action, self.record.reference, self, pack=self._pack, reviewers=reviewers,
            checks=self.checks,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.decide(action, dialog.decision()))
        dialog.open()
        (dialog.reviewer or dialog.comment).setFocus()  # typed straight away
        return dialog

    def follow_up(self, action: Action) -> QDialog | None:
        """The referrals or the consents of the case (window-modal); what changes there shows
        here at once."""
        if self._printing is None or self._case is None:
            return None
        from app.ui.case_view.consents import ConsentsDialog  # noqa: PLC0415 - when asked
        from app.ui.case_view.referrals import ReferralsDialog  # noqa: PLC0415

        services, actor = self._printing
        dialog: ConsentsDialog | ReferralsDialog
        if action is Action.REFERRAL_STEP:
            dialog = ReferralsDialog(services, actor, self._case, self)
        else:
            dialog = ConsentsDialog(services, actor, self._case, self, demo=self._demo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._adopt)
        dialog.open()
        dialog.table.setFocus()
        return dialog

    def correct(self) -> CaseWizard | None:
        """Opens the approved case in the wizard to correct it; what the supplement changed
        shows here once it is saved."""
        if self._printing is None or self._case is None:
            return None
        services, actor = self._printing
        wizard = open_wizard(self, services, actor, self._case, self._demo, supplement=True)
        wizard.submitted.connect(self._adopt)
        return wizard

    def _adopt(self, opened: OpenedCase) -> None:
        """The case as a change made elsewhere (a supplement) left it."""
        self._case = opened
        self.record = opened.record
        self._user_names = opened.user_names
        if self.reveal_button is not None:
            self.reveal_button.setVisible(carries_hidden(self.record))
        self._show_decisions()
        self._show_checklist()
        self.retranslate()
        self.changed.emit()

    def decide(self, action: Action, decision: Decision | str) -> bool:
        """Takes the decision through the services; a refusal (role, four eyes, someone else's
        change meanwhile) is shown and changes nothing."""
        if self._printing is None or self._case is None:
            return False
        services, actor = self._printing
        try:
            self._case = services.cases.apply(
                actor, self._case.id, self._case.version, action, decision
            )
        except ServiceError as error:
            QMessageBox.warning(self, _("Not done"), str(error))
            return False
        self._adopt(self._case)
        return True

    def make_exercise(self) -> QDialog | None:
        """The case, anonymised, as a draft training exercise for the supervisor to review."""
        from app.ui.case_view.exercise import make_exercise  # noqa: PLC0415

        if self._printing is None or self._case is None:
            return None
        services, actor = self._printing
        self.exercise_dialog = make_exercise(self, services, actor, self._case.id, self._reason)
        return self.exercise_dialog

    def reveal_special(self) -> bool:
        """Shows the special categories, for the reason the case was opened (the service writes
        the reveal to the audit trail); a refusal is a message."""
        if self._printing is None or self._case is None or self.reveal_button is None:
            return False
        services, actor = self._printing
        try:
            self.record = services.cases.reveal_special(actor, self._case.id, self._reason)
        except ServiceError as error:
            QMessageBox.warning(self, _("Not done"), str(error))
            return False
        self.reveal_button.setVisible(False)
        self.retranslate()
        self.browser.setFocus()
        return True

    def ask_what_to_print(self) -> QDialog | None:
        if self._printing is None:
            return None
        from app.ui.printing import ask_what_to_print  # noqa: PLC0415 - reportlab when printing

        services, actor = self._printing
        return ask_what_to_print(
            self, services, actor, self.record, demo=self._demo, changed=self._adopt
        )

    def show_timeline(self) -> TimelineDialog | None:
        if self._printing is None or self._case is None:
            return None
        services, actor = self._printing
        return show_timeline(self, services, actor, self._case.id, self._reason, demo=self._demo)

    def text(self) -> str:
        return self.browser.toPlainText()


def reveals(actor: Actor) -> bool:
    """Whether the actor's role sees the special categories on screen after a reveal."""
    return special_access(actor.role, Use.SCREEN) is Special.ON_REVEAL


def open_case(
    parent: QWidget,
    services: Services,
    actor: Actor,
    case_id: int,
    reason: str,
    *,
    demo: DatabaseMark = DatabaseMark.NONE,
) -> CaseViewDialog | None:
    """Opens the case (the service writes the audit entry) and shows it; a refusal is a message."""
    try:
        opened = services.cases.open_case(actor, case_id, reason)
    except ServiceError as error:
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("The case cannot be opened"), str(error), parent=parent
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return None
    pack = services.backend.pack(opened.record.protocol_pack)
    view = CaseViewDialog(
        opened.record, pack, parent, user_names=opened.user_names, demo=demo,
        printing=(services, actor), case=opened, reason=reason,
    )  # fmt: skip
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view
