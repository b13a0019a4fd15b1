"""A case's referrals and each one's history, and a step recorded by hand (the service's reply
comes by phone or e-mail: most services do not use this program).

The rules are the domain's (app/domain/referrals.py, app/domain/followup.py): this screen offers
the statuses `referrals.NEXT` allows, and shows the service's refusal beside the fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import referrals
from app.domain.case import Referral, ReferralStatus, ReferralStep, SendChannel
from app.domain.validation import Issue
from app.domain.workflow import Action, Decision
from app.i18n import _, format_date, format_datetime
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui import labels
from app.ui.widgets.dates import DateTimeField
from app.ui.widgets.form_error import FormErrorLabel, grow_to_fit
from app.ui.widgets.tables import fill_table, row_picker
from app.ui.wording import person_name

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor


def who(opened: OpenedCase, username: str) -> str:
    return opened.user_names.get(username, username)


def issue_text(issue: Issue) -> str:
    """The refusal's wording without its field path: it is shown beside its field."""
    return describe(replace(issue, field=""))


class StepDialog(QDialog):
    """Records one step of a referral: only the statuses that may follow the current one. OK
    calls `take` (the service); a refusal shows its issues beside the fields and keeps what was
    typed, and the dialog closes only once the step is taken."""

    def __init__(
        self,
        referral: Referral,
        now: Callable[[], object],
        take: Callable[[ReferralStep], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.referral = referral
        self._take = take
        self.setWindowTitle(_("Record a step — {service}").format(service=referral.service_name))
        self.setMinimumWidth(520)
        self.status = QComboBox()
        self.status.setObjectName("status")
        # Withdrawal under a consent is the consent's withdrawal (Consents…), which tells whom
        # to inform: not offered here.
        for status in ReferralStatus:
            if status in referrals.NEXT[referral.status] and not (
                status is ReferralStatus.WITHDRAWN and referral.consent_key
            ):
                self.status.addItem(labels.label(status), status)
        self.at = DateTimeField()
        self.at.setObjectName("at")
        self.at.set_value(now())  # type: ignore[arg-type]
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for channel in SendChannel:
            self.channel.addItem(labels.label(channel), channel)
        self.channel.setCurrentIndex(-1)  # asked, not assumed
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)  # Tab leaves the field: keyboard alone
        self.errors = {f: FormErrorLabel() for f in ("status", "at", "channel", "note", "")}

        form = QFormLayout()
        status_label = QLabel(_("&Status:"))
        status_label.setBuddy(self.status)
        form.addRow(status_label, self.status)
        form.addRow("", self.errors["status"])
        if referral.consent_key and ReferralStatus.WITHDRAWN in referrals.NEXT[referral.status]:
            hint = QLabel(
                _("To withdraw this referral, withdraw the consent it went under (Consents…).")
            )
            hint.setWordWrap(True)
            hint.setObjectName("withdrawHint")
            form.addRow("", hint)
        at_label = QLabel(_("&Date and time:"))
        at_label.setBuddy(self.at)
        form.addRow(at_label, self.at)
        form.addRow("", self.at.message)
        form.addRow("", self.errors["at"])
        self.channel_label = QLabel(_("Sent &how:"))
        self.channel_label.setBuddy(self.channel)
        form.addRow(self.channel_label, self.channel)
        form.addRow("", self.errors["channel"])
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setBuddy(self.note)
        form.addRow(self.note_label, self.note)
        form.addRow("", self.errors["note"])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Record a &step…").replace("&", "").rstrip("…"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addWidget(self.buttons)
        self.status.currentIndexChanged.connect(self._status_chosen)
        self._status_chosen()

    def chosen(self) -> ReferralStatus | None:
        data = self.status.currentData()
        return ReferralStatus(data) if data else None

    def _status_chosen(self) -> None:
        """The channel only for "sent"; the note's label says when it is required."""
        status = self.chosen()
        sent = status is ReferralStatus.SENT
        self.channel_label.setVisible(sent)
        self.channel.setVisible(sent)
        if status in referrals.NOTE_REQUIRED:
            self.note_label.setText(_("&Note (required: the service's reason, the outcome):"))
        else:
            self.note_label.setText(_("&Note (optional):"))

    def step(self) -> ReferralStep | None:
        """The step as typed; None (with the gaps shown) where a field has no value."""
        status, at = self.chosen(), self.at.value()
        if status is None:
            self.errors["status"].show_message(issue_text(Issue("required", "")))
        if at is None and not self.at.refused():
            self.errors["at"].show_message(issue_text(Issue("required", "")))
        if status is None or at is None:
            return None
        channel = self.channel.currentData() if status is ReferralStatus.SENT else None
        return ReferralStep(
            status, at, "", self.note.toPlainText().strip(),
            SendChannel(channel) if channel else None,
        )  # fmt: skip

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """Each issue beside its field (referral.at beside the date...), the others below."""
        texts: dict[str, list[str]] = {}
        for issue in issues:
            field = issue.field.removeprefix("referral.")
            texts.setdefault(field if field in self.errors else "", []).append(issue_text(issue))
        for field, label in self.errors.items():
            # Once each: the step's rules and the value checks may both say "in the future".
            label.show_message("\n".join(dict.fromkeys(texts.get(field, []))))
        grow_to_fit(self)

    def accept(self) -> None:
        for label in self.errors.values():
            label.clear_message()
        step = self.step()
        if step is None:
            grow_to_fit(self)
            return
        try:
            self._take(step)
        except Refused as refused:
            self.show_issues(refused.issues)
            return
        except ServiceError as error:  # someone else's change meanwhile, a role...
            self.errors[""].show_message(str(error))
            grow_to_fit(self)
            return
        super().accept()


class ReferralsDialog(QDialog):
    """Each referral of the case, and the chosen one's history, oldest step first. "Record a
    step…" where the workflow allows this actor the follow-up; `changed` carries the case as the
    step left it."""

    changed = Signal(object)  # OpenedCase

    def __init__(
        self,
        services: Services,
        actor: Actor,
        opened: OpenedCase,
        parent: QWidget | None = None,
        *,
        may_change: bool = True,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.opened = opened
        self.may_change = may_change
        self.step_dialog: StepDialog | None = None
        self.setWindowTitle(
            _("Referrals — case {reference}").format(reference=opened.record.reference)
        )
        self.resize(1000, 560)
        self.table = QTableWidget()
        self.table.setObjectName("referrals")
        row_picker(self.table)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.history = QTableWidget()
        self.history.setObjectName("history")
        row_picker(self.history)
        self.history.setTabKeyNavigation(False)
        self.history_caption = QLabel()
        self.history_caption.setBuddy(self.history)
        referrals_label = QLabel(_("&Referrals:"))
        referrals_label.setBuddy(self.table)
        self.step_button = QPushButton(_("Record a &step…"))
        self.step_button.setObjectName("recordStep")
        self.step_button.clicked.connect(self.ask_step)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.addButton(self.step_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(referrals_label)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.history_caption)
        layout.addWidget(self.history, 3)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._show_history)
        self._fill()

    def today(self) -> date:
        return self.services.backend.clock().astimezone().date()

    def _fill(self) -> None:
        record, today = self.opened.record, self.today()
        persons = {p.key: p for p in record.persons}
        rows = []
        for r in record.referrals:
            person = persons.get(r.person_key)
            overdue = ""
            if r.status in referrals.AWAITING_ANSWER and r.answer_due_on is not None:
                days = referrals.days_overdue(r.answer_due_on, today)
                overdue = str(days) if days else ""
            rows.append((
                r.service_name, person_name(person) if person else r.person_key,
                labels.label(r.status), format_datetime(r.sent_at) if r.sent_at else "",
                format_date(r.answer_due_on) if r.answer_due_on else "", overdue,
                labels.label(r.consent_rule), r.legal_basis,
            ))  # fmt: skip
        headers = (
            _("Service"), _("Person"), _("Status"), _("Sent"), _("Answer due"),
            _("Days overdue"), _("Consent rule"), _("Legal basis"),
        )  # fmt: skip
        fill_table(self.table, headers, rows)
        self._show_history()

    def referral(self) -> Referral | None:
        row = self.table.currentRow()
        found = self.opened.record.referrals
        return found[row] if 0 <= row < len(found) else None

    def _show_history(self) -> None:
        referral = self.referral()
        steps = referral.steps if referral else ()
        self.history_caption.setText(
            _("&History of the referral to {service}:").format(service=referral.service_name)
            if referral
            else ""
        )
        rows = [
            (labels.label(s.status), format_datetime(s.at), who(self.opened, s.by),
             labels.label(s.channel), s.note)
            for s in steps
        ]  # fmt: skip
        fill_table(self.history, (_("Status"), _("Date"), _("By"), _("Sent how"), _("Note")), rows)
        self.step_button.setEnabled(
            self.may_change and referral is not None and bool(referrals.NEXT[referral.status])
        )

    def ask_step(self) -> StepDialog | None:
        """The step form (window-modal, not blocking) for the chosen referral."""
        referral = self.referral()
        if referral is None:
            return None
        dialog = StepDialog(referral, self.services.backend.clock, self._take, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.step_dialog = dialog
        dialog.open()
        dialog.status.setFocus()
        return dialog

    def _take(self, step: ReferralStep) -> None:
        """Takes the step through the services (a refusal raises, for the form to show)."""
        referral = self.referral()
        assert referral is not None
        self.opened = self.services.cases.apply(
            self.actor, self.opened.id, self.opened.version, Action.REFERRAL_STEP,
            Decision(target=referral.key, step=step),
        )  # fmt: skip
        self._fill()
        self.changed.emit(self.opened)
