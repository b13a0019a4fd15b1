"""The consents of a case, per person, recipient and purpose, and a consent withdrawn: dated,
it withdraws the referrals it covered (app/domain/operations.py), and the officer is told which
services to inform (those that had received one) and offered the new consent receipt."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import Consent
from app.domain.followup import services_to_inform
from app.domain.marks import DatabaseMark
from app.domain.validation import Issue
from app.domain.workflow import Action, Decision
from app.i18n import _, format_datetime
from app.services.errors import Refused, ServiceError
from app.ui import labels
from app.ui.case_view.referrals import issue_text, who
from app.ui.widgets.dates import DateTimeField
from app.ui.widgets.form_error import FormErrorLabel, grow_to_fit
from app.ui.widgets.tables import fill_table, row_picker
from app.ui.wording import person_name

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor


class WithdrawDialog(QDialog):
    """When the person withdrew the consent (now unless said), and a note for the record."""

    def __init__(self, consent: Consent, now: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consent = consent
        self.setWindowTitle(_("Withdraw consent — {recipient}").format(
            recipient=labels.stored(consent.recipient)
        ))  # fmt: skip
        self.setMinimumWidth(480)
        self.at = DateTimeField()
        self.at.setObjectName("at")
        self.at.set_value(now)  # type: ignore[arg-type]
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.at_error = FormErrorLabel()
        self.error = FormErrorLabel()
        form = QFormLayout()
        at_label = QLabel(_("Withdrawn &on:"))
        at_label.setBuddy(self.at)
        form.addRow(at_label, self.at)
        form.addRow("", self.at.message)
        form.addRow("", self.at_error)
        note_label = QLabel(_("&Note (optional):"))
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Withdraw…").replace("&", "").rstrip("…"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # The service's call, set by ConsentsDialog: a refusal raises, for this form to show.
        self.take: Callable[[Decision], object] = lambda _decision: None

    def accept(self) -> None:
        self.at_error.clear_message()
        self.error.clear_message()
        at = self.at.value()
        if at is None:
            if not self.at.refused():
                self.at_error.show_message(issue_text(Issue("required", "")))
            grow_to_fit(self)
            return
        decision = Decision(target=self.consent.key, at=at, comment=self.note.toPlainText().strip())
        try:
            self.take(decision)
        except Refused as refused:
            for issue in refused.issues:
                target = self.at_error if issue.field == "consent.at" else self.error
                target.show_message(issue_text(issue))
            grow_to_fit(self)
            return
        except ServiceError as error:
            self.error.show_message(str(error))
            grow_to_fit(self)
            return
        super().accept()


class ConsentsDialog(QDialog):
    """Every consent of the case: whose, for whom and what, the decision, how, when, recorded by
    whom, withdrawn when. "Withdraw…" on a granted consent not withdrawn yet, where the workflow
    allows this actor the follow-up; `changed` carries the case as the withdrawal left it."""

    changed = Signal(object)  # OpenedCase

    def __init__(
        self,
        services: Services,
        actor: Actor,
        opened: OpenedCase,
        parent: QWidget | None = None,
        *,
        may_change: bool = True,
        demo: DatabaseMark = DatabaseMark.NONE,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.opened = opened
        self.may_change = may_change
        self.demo = demo
        self.withdraw_dialog: WithdrawDialog | None = None
        self.informed: QMessageBox | None = None
        self.setWindowTitle(
            _("Consents — case {reference}").format(reference=opened.record.reference)
        )
        self.resize(1000, 420)
        self.table = QTableWidget()
        self.table.setObjectName("consents")
        row_picker(self.table)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        caption = QLabel(_("&Consents:"))
        caption.setBuddy(self.table)
        self.withdraw_button = QPushButton(_("&Withdraw…"))
        self.withdraw_button.setObjectName("withdraw")
        self.withdraw_button.clicked.connect(self.ask_withdrawal)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.addButton(self.withdraw_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        self._fill()

    def _fill(self) -> None:
        record = self.opened.record
        persons = {p.key: p for p in record.persons}

        def name(key: str) -> str:
            person = persons.get(key)
            return person_name(person) if person else key

        rows = []
        for c in record.consents:
            whose = name(c.person_key)
            if c.guardian_key:  # a child's consent, given by a guardian
                whose = _("{child} (given by {guardian})").format(
                    child=whose, guardian=name(c.guardian_key)
                )
            rows.append((
                whose, labels.stored(c.recipient), labels.label(c.purpose),
                _("Granted") if c.granted else _("Refused"), labels.label(c.method),
                format_datetime(c.recorded_at), who(self.opened, c.recorded_by),
                format_datetime(c.withdrawn_at) if c.withdrawn_at else "",
            ))  # fmt: skip
        headers = (
            _("Person"), _("Recipient"), _("Purpose"), _("Decision"), _("Method"),
            _("Recorded"), _("By"), _("Withdrawn"),
        )  # fmt: skip
        fill_table(self.table, headers, rows)
        self._enable()

    def consent(self) -> Consent | None:
        row = self.table.currentRow()
        found = self.opened.record.consents
        return found[row] if 0 <= row < len(found) else None

    def _enable(self) -> None:
        consent = self.consent()
        self.withdraw_button.setEnabled(
            self.may_change
            and consent is not None
            and consent.granted
            and consent.withdrawn_at is None
        )

    def ask_withdrawal(self) -> WithdrawDialog | None:
        consent = self.consent()
        if consent is None:
            return None
        dialog = WithdrawDialog(consent, self.services.backend.clock(), self)
        dialog.take = self._withdraw
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.withdraw_dialog = dialog
        dialog.open()
        dialog.at.setFocus()
        return dialog

    def _withdraw(self, decision: Decision) -> None:
        """Withdraws through the services (a refusal raises, for the form to show), then tells
        whom to inform."""
        self.opened = self.services.cases.apply(
            self.actor, self.opened.id, self.opened.version, Action.WITHDRAW_CONSENT, decision
        )
        self._fill()
        self.changed.emit(self.opened)
        consent = next(c for c in self.opened.record.consents if c.key == decision.target)
        self.tell_whom_to_inform(consent)

    def tell_whom_to_inform(self, consent: Consent) -> QMessageBox:
        """Which services had received a referral under the consent (with their contact), and
        the offer to print the new consent receipt for the person."""
        inform = services_to_inform(self.opened.record, consent.key)
        if inform:
            lines = "\n".join(
                f"• {r.service_name}" + (f" — {r.service_contact}" if r.service_contact else "")
                for r in inform
            )
            text = (
                _(
                    "The consent is withdrawn, and the referrals it covered with it. Inform these"
                    " services that the victim withdrew their consent:"
                )
                + "\n\n"
                + lines
            )
        else:
            text = _(
                "The consent is withdrawn, and the referrals it covered with it. No referral"
                " under it had been sent: there is no service to inform."
            )
        box = QMessageBox(QMessageBox.Icon.Information, _("Consent withdrawn"), text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # service names as they were typed
        box.setObjectName("servicesToInform")
        print_button = box.addButton(
            _("&Print the consent receipt…"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(print_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is print_button:
                self.print_receipt(consent.person_key)

        box.buttonClicked.connect(answered)
        self.informed = box
        box.open()
        return box

    def print_receipt(self, person_key: str) -> QDialog:
        """The print dialog, on the consent receipt for the person."""
        from app.documents import CONSENT  # noqa: PLC0415 - reportlab when printing
        from app.ui.printing import ask_what_to_print  # noqa: PLC0415

        dialog = ask_what_to_print(
            self, self.services, self.actor, self.opened.record, demo=self.demo
        )
        dialog.document.setCurrentIndex(dialog.document.findData(CONSENT))
        dialog.person.setCurrentIndex(dialog.person.findData(person_key))
        return dialog
