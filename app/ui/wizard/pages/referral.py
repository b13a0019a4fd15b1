"""Step 9: referral to support (Dir. 2012/29/EU Art. 8). For every victim: how to reach them
safely, their answer, and — only with their consent for that service — the referrals.

A referral is never made without its consent: "Refer to this service" asks the consent first and
records both together. A refusal is recorded as a consent refused, so the answer is on record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import (
    CaseRecord,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Person,
    Referral,
    ReferralStatus,
    RiskLevel,
    Urgency,
    covering_consent,
)
from app.domain.directory import ServiceEntry, address_for_victim
from app.domain.languages import served
from app.domain.operations import removable_referral, withdraw_consent
from app.domain.validation import Issue
from app.i18n import N_, _, format_date, format_datetime
from app.ui import labels
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.widgets.tables import row_picker
from app.ui.wizard.base import WizardContext, YesNo, no_caption, quiet
from app.ui.wizard.consent_dialog import (
    TEXT_VERSION,
    ConsentDialog,
    child_guardians,
    feedback_consent,
    make_consent,
    next_key,
)
from app.ui.wizard.gaps import in_tab_text, indexed_item
from app.ui.wizard.victim_page import VictimForm, VictimPage
from app.ui.wording import person_name

if TYPE_CHECKING:
    from app.services.context import Actor

# The recipient of a refusal: the victim declined support services as such. Stored in English.
ANY_SERVICE = labels.ANY_SERVICE
ACCEPTS, DECLINES = "accepts", "declines"
# The consents this page records: a referral's, and with it the answer about feedback.
PURPOSES = (ConsentPurpose.REFERRAL, ConsentPurpose.FEEDBACK_TO_POLICE)
ANY_OF = "*"  # the filter "any of the victim's needs" / "any of the case's motives"
NAME, KIND, LANGUAGES, PHONE, HOURS = range(5)
URGENCY_FOR_RISK = {
    RiskLevel.HIGH: Urgency.SAME_DAY,
    RiskLevel.MEDIUM: Urgency.WITHIN_48_HOURS,
    RiskLevel.LOW: Urgency.ROUTINE,
}
CHANNELS = (
    "",
    N_("Phone call"),
    N_("Text message"),
    N_("E-mail"),
    N_("In person"),
    N_("Through the support service"),
)


class ServiceTable(QTableWidget):
    """The matching services. Enter refers to the current one (and does not press Next)."""

    chosen = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            event.accept()
            self.chosen.emit()
            return
        super().keyPressEvent(event)


def covering(consents: list[Consent], referral: Referral) -> Consent | None:
    return covering_consent(
        consents, referral.consent_key, referral.service_name, ConsentPurpose.REFERRAL
    )


class ReferralForm(VictimForm):
    edited = Signal()

    def __init__(
        self,
        person: Person,
        context: WizardContext,
        new_key: Callable[[str], str],
    ) -> None:
        super().__init__(person)
        self.guardians: tuple[Person, ...] | None = None  # a child's, who give consent
        self.context = context
        self._new_key = new_key
        self.consents: list[Consent] = []  # this victim's referral consents, refusals included
        self.referrals: list[Referral] = []
        self.entries: list[ServiceEntry] = []
        self.needs: tuple[str, ...] = ()
        self.motives: tuple[str, ...] = ()
        self.risk: RiskLevel | None = None
        self._session_refusal: str | None = None  # a refusal recorded now: undone if changed
        self._last_decision = ""  # shown again when recording a refusal is cancelled
        self._urgency_chosen = False
        self._language = person.language
        self.consent_dialog: ConsentDialog | None = None
        self.withdraw_question: QMessageBox | None = None

        # ---- safe contact, stored on the person
        contact = QGroupBox(_("Safe contact"))
        contact_form = QFormLayout(contact)
        contact_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.safe_phone = QLineEdit()
        contact_form.addRow(_("Safe &phone:"), self.safe_phone)
        self.safe_times = QLineEdit()
        self.safe_times.setPlaceholderText(_("e.g. weekdays after 18:00"))
        contact_form.addRow(_("Safe ti&mes:"), self.safe_times)
        self.message_ok = YesNo()
        contact_form.addRow(_("Ma&y a message be left:"), self.message_ok)
        self.safe_email = QLineEdit()
        contact_form.addRow(_("Safe e-ma&il:"), self.safe_email)
        self.channel = QComboBox()
        self.channel.setEditable(True)
        self.channel.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for channel in CHANNELS:
            self.channel.addItem(_(channel) if channel else "")
        contact_form.addRow(_("Preferred c&hannel:"), self.channel)
        self.do_not_contact = QLineEdit()
        self.do_not_contact.setPlaceholderText(_("e.g. the home phone, the employer"))
        contact_form.addRow(_("Do not contact &via:"), self.do_not_contact)
        self.outer.addWidget(contact)

        # ---- the victim's answer
        answer_row = QFormLayout()
        self.decision = QComboBox()
        self.decision.addItem(_("Not asked yet"), "")
        self.decision.addItem(_("Accepts a referral to support"), ACCEPTS)
        self.decision.addItem(_("Declines any referral"), DECLINES)
        answer_row.addRow(_("The victim's &answer:"), self.decision)
        self.decision_error = FormErrorLabel()
        answer_row.addRow(no_caption(), self.decision_error)
        self.outer.addLayout(answer_row)
        self.declined_note = QLabel(
            _(
                "The refusal is recorded. Support stays free and available: the victim can"
                " change their mind at any time, also without a complaint."
            )
        )
        self.declined_note.setWordWrap(True)
        self.outer.addWidget(self.declined_note)

        # ---- the services (when the victim accepts)
        self.services_box = QGroupBox(_("Support services"))
        services_layout = QVBoxLayout(self.services_box)
        filters = QHBoxLayout()
        self.need_filter = QComboBox()
        self.language_filter = QComboBox()
        self.group_filter = QComboBox()
        for caption, combo in (
            (_("Ne&ed:"), self.need_filter),
            (_("&Language:"), self.language_filter),
            (_("&Group served:"), self.group_filter),
        ):
            label = QLabel(caption)
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        services_layout.addLayout(filters)
        self.context_note = QLabel()
        self.context_note.setObjectName("referralContext")
        self.context_note.setWordWrap(True)
        self.context_note.setTextFormat(Qt.TextFormat.PlainText)
        services_layout.addWidget(self.context_note)
        table_label = QLabel(_("Matching se&rvices:"))
        self.table = ServiceTable(0, 5)
        self.table.setObjectName("serviceTable")
        table_label.setBuddy(self.table)
        self.table.setHorizontalHeaderLabels(
            [_("Name"), _("Kind"), _("Languages"), _("Phone"), _("Opening hours")]
        )
        row_picker(self.table)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        row_height = self.table.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        self.table.setFixedHeight(row_height * 6 + header.sizeHint().height() + 4)
        services_layout.addWidget(table_label)
        services_layout.addWidget(self.table)
        self.no_services = QLabel(
            _("No service matches these filters: choose “Any” for a filter to see more.")
        )
        self.no_services.setWordWrap(True)
        self.no_services.hide()
        services_layout.addWidget(self.no_services)
        refer_row = QHBoxLayout()
        self.urgency = QComboBox()
        for urgency in Urgency:
            self.urgency.addItem(labels.label(urgency), urgency.value)
        urgency_label = QLabel(_("&Urgency:"))
        urgency_label.setBuddy(self.urgency)
        self.refer_button = QPushButton(_("Re&fer to this service…"))
        self.refer_button.setObjectName("referButton")
        refer_row.addWidget(urgency_label)
        refer_row.addWidget(self.urgency)
        refer_row.addWidget(self.refer_button)
        refer_row.addStretch(1)
        services_layout.addLayout(refer_row)
        self.service_error = FormErrorLabel()
        services_layout.addWidget(self.service_error)
        self.outer.addWidget(self.services_box)

        # ---- what was done: referrals and consents
        made = QGroupBox(_("Referrals and consents of this victim"))
        made_layout = QFormLayout(made)
        made_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.referral_list = QListWidget()
        self.referral_list.setObjectName("referralList")
        self.referral_list.setMaximumHeight(self.referral_list.fontMetrics().height() * 4 + 12)
        made_layout.addRow(_("Referrals ma&de:"), self.referral_list)
        self.referral_error = FormErrorLabel()
        made_layout.addRow(no_caption(), self.referral_error)
        self.remove_button = QPushButton(_("Rem&ove a referral not sent yet"))
        made_layout.addRow("", _left(self.remove_button))
        self.consent_list = QListWidget()
        self.consent_list.setObjectName("consentList")
        self.consent_list.setMaximumHeight(self.consent_list.fontMetrics().height() * 4 + 12)
        made_layout.addRow(_("Consen&ts:"), self.consent_list)
        self.consent_error = FormErrorLabel()
        made_layout.addRow(no_caption(), self.consent_error)
        self.withdraw_button = QPushButton(_("&Withdraw consent…"))
        self.withdraw_button.setObjectName("withdrawButton")
        made_layout.addRow("", _left(self.withdraw_button))
        self.outer.addWidget(made)
        self.outer.addStretch(1)

        for button in (self.refer_button, self.remove_button, self.withdraw_button):
            button.setAutoDefault(False)  # Enter in a field still means Next
        self.decision.activated.connect(self._decision_chosen)
        for combo in (self.need_filter, self.language_filter, self.group_filter):
            combo.activated.connect(self.reload_services)
        self.urgency.activated.connect(self._urgency_touched)
        self.table.chosen.connect(self.refer_selected)
        self.table.doubleClicked.connect(self.refer_selected)
        self.refer_button.clicked.connect(self.refer_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.withdraw_button.clicked.connect(self.ask_withdraw_selected)

    def contact_widgets(self) -> tuple[QWidget, ...]:
        return (
            self.safe_phone, self.safe_times, self.message_ok, self.safe_email, self.channel,
            self.do_not_contact,
        )  # fmt: skip

    @property
    def actor(self) -> Actor:
        return self.context.actor

    # ------------------------------------------------------------------ load / store

    def fill(self, record: CaseRecord) -> None:
        person = self.person
        self.guardians = child_guardians(record, person)
        self.safe_phone.setText(person.safe_phone)
        self.safe_times.setText(person.safe_times)
        self.message_ok.set_value(person.message_ok)
        self.safe_email.setText(person.safe_email)
        self.channel.setEditText(person.preferred_channel)
        self.do_not_contact.setText(person.do_not_contact_via)
        self.consents = [
            c for c in record.consents if c.person_key == person.key and c.purpose in PURPOSES
        ]
        self.referrals = [r for r in record.referrals if r.person_key == person.key]
        self._session_refusal = None
        self._urgency_chosen = False
        latest = self._latest_answer()
        decision = "" if latest is None else ACCEPTS if latest.granted else DECLINES
        self._last_decision = decision
        self.decision.setCurrentIndex(self.decision.findData(decision))
        self.follow(record, first=True)
        self._show_lists()
        self._show_decision()

    def follow(self, record: CaseRecord, *, first: bool = False) -> None:
        """What other steps decide: the victim's language, needs, risk; the case's motives."""
        self.guardians = child_guardians(record, self.person)
        assessment = next((a for a in record.assessments if a.person_key == self.person.key), None)
        needs = assessment.needs if assessment else ()
        language = self.person.language
        changed = (
            first
            or needs != self.needs
            or record.motives != self.motives
            or language != self._language
        )
        self.needs, self.motives, self._language = needs, record.motives, language
        self.risk = assessment.risk_level if assessment else None
        if not self._urgency_chosen:
            urgency = URGENCY_FOR_RISK[self.risk] if self.risk else Urgency.ROUTINE
            self.urgency.setCurrentIndex(self.urgency.findData(urgency.value))
        if changed:
            self._fill_filters()
        if not first and self.decision_value() == ACCEPTS:
            self.reload_services()

    def contact(self, person: Person) -> Person:
        return replace(
            person,
            safe_phone=self.safe_phone.text().strip(),
            safe_times=self.safe_times.text().strip(),
            message_ok=self.message_ok.value(),
            safe_email=self.safe_email.text().strip(),
            preferred_channel=self.channel.currentText().strip(),
            do_not_contact_via=self.do_not_contact.text().strip(),
        )

    # ------------------------------------------------------------------ the answer

    def decision_value(self) -> str:
        return str(self.decision.currentData() or "")

    def _latest_answer(self) -> Consent | None:
        """The victim's latest answer about a referral (feedback answers are about a service)."""
        answers = [c for c in self.consents if c.purpose is ConsentPurpose.REFERRAL]
        return max(answers, key=lambda c: c.recorded_at, default=None)

    def _decision_chosen(self) -> None:
        decision = self.decision_value()
        latest = self._latest_answer()
        if decision == DECLINES and (latest is None or latest.granted):
            self.ask_refusal()
            return
        self._decided(decision)

    def ask_refusal(self) -> ConsentDialog:
        """A refusal is recorded with how it was given, which the officer chooses."""
        dialog = ConsentDialog(
            self,
            person=person_name(self.person),
            recipient=ANY_SERVICE,
            purpose=ConsentPurpose.REFERRAL,
            language=self.person.language,
            refusal=True,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._refused(dialog.answer().method))
        dialog.rejected.connect(self._refusal_cancelled)
        dialog.destroyed.connect(self._dialog_gone)
        self.consent_dialog = dialog
        dialog.open()
        return dialog

    def _refusal_cancelled(self) -> None:
        self.decision.setCurrentIndex(self.decision.findData(self._last_decision))

    def _refused(self, method: ConsentMethod) -> None:
        refusal = Consent(
            key=self._new_key("C"),
            person_key=self.person.key,
            recipient=ANY_SERVICE,
            purpose=ConsentPurpose.REFERRAL,
            granted=False,
            method=method,
            recorded_at=self.context.now(),
            recorded_by=self.actor.username,
            text_version=TEXT_VERSION,
            language=self.person.language,
        )
        self.consents.append(refusal)
        self._session_refusal = refusal.key
        self._decided(DECLINES)

    def _decided(self, decision: str) -> None:
        self._last_decision = decision
        if decision != DECLINES and self._session_refusal is not None:
            # Chosen by mistake a moment ago: not a decision of the victim.
            self.consents = [c for c in self.consents if c.key != self._session_refusal]
            self._session_refusal = None
        self._show_lists()
        self._show_decision()
        self.edited.emit()

    def _show_decision(self) -> None:
        decision = self.decision_value()
        self.services_box.setVisible(decision == ACCEPTS)
        self.declined_note.setVisible(decision == DECLINES)
        if decision == ACCEPTS:
            self.reload_services()

    # ------------------------------------------------------------------ the directory

    def _fill_filters(self) -> None:
        pack = self.context.pack
        self.need_filter.clear()
        needs = ", ".join(_(pack.label("needs", n)) for n in self.needs) or _("none recorded")
        motives = ", ".join(_(pack.label("motives", m)) for m in self.motives) or _("none chosen")
        self.context_note.setText(
            _("Needs from the assessment: {needs}. Motives of the case: {motives}.").format(
                needs=needs, motives=motives
            )
        )
        if self.needs:
            self.need_filter.addItem(_("The victim's needs"), ANY_OF)
        self.need_filter.addItem(_("Any need"), "")
        for item in pack.needs:
            self.need_filter.addItem(_(item.label), item.id)
        self.need_filter.setCurrentIndex(0)

        self.language_filter.clear()
        self.language_filter.addItem(_("Any language"), "")
        offered = {code for e in self._all_services() for code in e.languages}
        for code in sorted(offered | {self.person.language} - {""}, key=labels.language_name):
            self.language_filter.addItem(labels.language_name(code), code)
        # The victim's language a service works in (a sign language often has none): the
        # officer still sees services they can talk to the victim through.
        self.language_filter.setCurrentIndex(
            max(self.language_filter.findData(served(self.person.languages, offered)), 0)
        )

        self.group_filter.clear()
        if self.motives:
            self.group_filter.addItem(_("The case's motives"), ANY_OF)
        self.group_filter.addItem(_("Any group"), "")
        for item in pack.motives:
            self.group_filter.addItem(_(item.label), item.id)
        self.group_filter.setCurrentIndex(0)

    def _all_services(self) -> list[ServiceEntry]:
        return self.context.services.directory.list_services(self.actor)

    def reload_services(self) -> None:
        need = str(self.need_filter.currentData() or "")
        language = str(self.language_filter.currentData() or "")
        group = str(self.group_filter.currentData() or "")
        needs = self.needs if need == ANY_OF else (need,)
        groups = self.motives if group == ANY_OF else (group,)
        found: dict[str, ServiceEntry] = {}
        directory = self.context.services.directory
        for one_need in needs or ("",):
            for one_group in groups or ("",):
                for entry in directory.list_services(
                    self.actor, need=one_need, language=language, group=one_group
                ):
                    found[entry.code] = entry
        self.entries = sorted(found.values(), key=lambda e: (e.name.casefold(), e.code))
        self._show_services()

    def _show_services(self) -> None:
        selected = self.selected_entry()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            address = address_for_victim(entry) or (
                _("Address confidential") if entry.address else ""
            )
            tooltip = "\n".join(x for x in (entry.name, address, entry.email, entry.notes) if x)
            cells = (
                entry.name,
                labels.label(entry.kind),
                ", ".join(entry.languages),
                entry.phone,
                entry.opening_hours,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip)
                item.setData(Qt.ItemDataRole.UserRole, entry.code)
                self.table.setItem(row, column, item)
        self.no_services.setVisible(not self.entries)
        keep = next(
            (i for i, e in enumerate(self.entries) if selected and e.code == selected.code), 0
        )
        if self.entries:
            self.table.setCurrentCell(keep, 0)

    def selected_entry(self) -> ServiceEntry | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.entries):
            return self.entries[row]
        return None

    def select_service(self, code: str) -> bool:
        row = next((i for i, e in enumerate(self.entries) if e.code == code), None)
        if row is None:
            return False
        self.table.setCurrentCell(row, 0)
        return True

    def _urgency_touched(self) -> None:
        self._urgency_chosen = True

    # ------------------------------------------------------------------ referring

    def refer_selected(self) -> ConsentDialog | None:
        """Asks the victim's consent for the chosen service; the referral follows it."""
        entry = self.selected_entry()
        if entry is None:
            self.service_error.show_message(_("Choose a service in the list first."))
            return None
        if any(r.service_code == entry.code and covering(self.consents, r) for r in self.referrals):
            self.service_error.show_message(
                _("{service} already has a referral of this victim.").format(service=entry.name)
            )
            return None
        self.service_error.clear_message()
        urgency = Urgency(self.urgency.currentData())
        dialog = ConsentDialog(
            self,
            person=person_name(self.person),
            recipient=entry.name,
            purpose=ConsentPurpose.REFERRAL,
            language=self.person.language,
            guardians=self.guardians,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._referred(entry, dialog, urgency))
        dialog.destroyed.connect(self._dialog_gone)
        self.consent_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self) -> None:
        self.consent_dialog = None

    def _referred(self, entry: ServiceEntry, dialog: ConsentDialog, urgency: Urgency) -> None:
        now = self.context.now()
        answer = dialog.answer()
        consent = make_consent(
            answer,
            key=self._new_key("C"),
            person_key=self.person.key,
            recipient=entry.name,
            purpose=ConsentPurpose.REFERRAL,
            language=self.person.language,
            recorded_at=now,
            recorded_by=self.actor.username,
        )
        self.consents.append(consent)
        if answer.feedback_to_police is not None:
            self.consents.append(
                feedback_consent(consent, answer.feedback_to_police, self._new_key("C"))
            )
        referral = Referral(
            key=self._new_key("R"),
            person_key=self.person.key,
            service_name=entry.name,
            service_kind=entry.kind,
            created_at=now,
            created_by=self.actor.username,
            status=ReferralStatus.PROPOSED,
            consent_key=consent.key,
            service_code=entry.code,
            service_contact=" · ".join(x for x in (entry.phone, entry.email) if x),
            needs=self.needs,
            urgency=urgency,
        )
        self.referrals.append(referral)
        if self._session_refusal is not None:
            self.consents = [c for c in self.consents if c.key != self._session_refusal]
            self._session_refusal = None
        self.decision.setCurrentIndex(self.decision.findData(ACCEPTS))
        self._show_lists()
        self.referral_list.setCurrentRow(self.referral_list.count() - 1)
        self.edited.emit()

    def remove_selected(self) -> None:
        referral = self._selected_referral()
        if referral is None:
            self.referral_error.show_message(_("Choose a referral in the list first."))
            return
        if not removable_referral(referral):
            self.referral_error.show_message(
                _("This referral was sent already: it stays on record.")
            )
            return
        self.referrals = [r for r in self.referrals if r.key != referral.key]
        self._show_lists()
        self.edited.emit()

    def _selected_referral(self) -> Referral | None:
        item = self.referral_list.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((r for r in self.referrals if r.key == key), None)

    # ------------------------------------------------------------------ withdrawing

    def _selected_consent(self) -> Consent | None:
        item = self.consent_list.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((c for c in self.consents if c.key == key), None)

    def ask_withdraw_selected(self) -> QMessageBox | None:
        consent = self._selected_consent()
        if consent is None or not consent.granted or consent.withdrawn_at is not None:
            self.consent_error.show_message(_("Choose a consent that is still given."))
            return None
        self.consent_error.clear_message()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Withdraw consent"),
            _(
                "{person} withdraws their consent for {recipient}. Nothing more about them may"
                " be sent there. Record the withdrawal now?"
            ).format(person=person_name(self.person), recipient=consent.recipient),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("withdrawConsent")
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(_("&Withdraw"))
        box.button(QMessageBox.StandardButton.No).setText(_("&Keep it"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        key = consent.key

        def answered(button: QAbstractButton) -> None:
            if button is yes:
                self.withdraw(key)

        box.buttonClicked.connect(answered)
        self.withdraw_question = box
        box.open()
        return box

    def withdraw(self, key: str) -> None:
        self.consents = list(withdraw_consent(self.consents, key, self.context.now()))
        self._show_lists()
        self.edited.emit()

    # ------------------------------------------------------------------ showing

    def _show_lists(self) -> None:
        referral_row = self.referral_list.currentRow()
        consent_row = self.consent_list.currentRow()
        self.referral_list.clear()
        uncovered: list[str] = []
        for referral in self.referrals:
            consent = covering(self.consents, referral)
            state = (
                _("consent {key} given").format(key=consent.key)
                if consent
                else _("⚠ not covered by a consent")
            )
            if consent is None:
                uncovered.append(referral.service_name)
            text = _("{service} ({kind}) · {urgency} · {status} · {consent}").format(
                service=referral.service_name,
                kind=labels.label(referral.service_kind),
                urgency=labels.label(referral.urgency),
                status=labels.label(referral.status),
                consent=state,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, referral.key)
            self.referral_list.addItem(item)
        if not self.referrals:
            self.referral_list.addItem(_placeholder())
        self.consent_list.clear()
        for consent in self.consents:
            recipient = labels.stored(consent.recipient)
            if consent.purpose is not ConsentPurpose.REFERRAL:
                recipient = f"{recipient} — {labels.label(consent.purpose)}"
            if consent.granted:
                text = _("{recipient}: given ({method}) on {when}").format(
                    recipient=recipient,
                    method=labels.label(consent.method).lower(),
                    when=format_datetime(consent.recorded_at),
                )
            else:
                text = _("{recipient}: refused on {when}").format(
                    recipient=recipient, when=format_datetime(consent.recorded_at)
                )
            if consent.withdrawn_at is not None:
                text = _("{consent} — withdrawn on {when}").format(
                    consent=text, when=format_date(consent.withdrawn_at)
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, consent.key)
            self.consent_list.addItem(item)
        if not self.consents:
            self.consent_list.addItem(_placeholder())
        if self.referrals:
            self.referral_list.setCurrentRow(min(max(referral_row, 0), len(self.referrals) - 1))
        if self.consents:
            self.consent_list.setCurrentRow(min(max(consent_row, 0), len(self.consents) - 1))
        # Seen at once; the wizard's check after the next save says it in its own words too.
        self.referral_error.show_message(
            "\n".join(
                _(
                    "The referral to {service} is not covered by a consent: it must not be sent."
                ).format(service=name)
                for name in uncovered
            )
        )

    def show_person_issues(self, issues: Sequence[Issue], record: CaseRecord) -> None:
        decision, referral, consent, other = [], [], [], []
        for issue in issues:
            found = indexed_item(issue, record)
            part = found[0] if found else ""
            text = in_tab_text(issue, record)
            if issue.field == "referral_decision":
                decision.append(text)
            elif part == "referrals":
                referral.append(text)
            elif part == "consents":
                consent.append(text)
            else:
                other.append(text)
        self.errors.show_message("\n".join(other))
        self.decision_error.show_message("\n".join(decision))
        if referral:
            self.referral_error.show_message("\n".join(referral))
        self.consent_error.show_message("\n".join(consent))


def _placeholder() -> QListWidgetItem:
    item = QListWidgetItem(_("None yet."))
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    return item


def _left(button: QPushButton) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(button)
    layout.addStretch(1)
    holder.setFocusProxy(button)
    return holder


class ReferralPage(VictimPage[ReferralForm]):
    step_id = "referral"
    parts = ("referrals",)

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.add_victim_tabs()

    def make_form(self, person: Person) -> ReferralForm:
        form = ReferralForm(person, self.context, self.new_key)
        self.watch(*form.contact_widgets())
        form.edited.connect(self.changed)
        return form

    def owns(self, issue: Issue, record: CaseRecord) -> bool:
        found = indexed_item(issue, record)
        if found is not None and found[0] == "consents":
            return getattr(found[1], "purpose", None) in PURPOSES
        return super().owns(issue, record)

    def new_key(self, prefix: str) -> str:
        """A consent ("C") or referral ("R") key not used anywhere in the case."""
        used: set[str] = set()
        record = self.current_record()
        if record is not None:
            used |= {c.key for c in record.consents} | {r.key for r in record.referrals}
        for form in self.tabs.forms().values():
            used |= {c.key for c in form.consents} | {r.key for r in form.referrals}
        return next_key(prefix, used)

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            self.sync_victims(record)
            for form in self.tabs.forms().values():
                form.fill(record)

    def refresh(self, record: CaseRecord) -> None:
        with quiet(self):
            new = self.sync_victims(record)
            for key, form in self.tabs.forms().items():
                if key in new:
                    form.fill(record)
                else:
                    form.follow(record)

    def store(self, record: CaseRecord) -> CaseRecord:
        managed = self.managed_keys(record)
        forms = self.tabs.forms()
        persons = tuple(forms[p.key].contact(p) if p.key in managed else p for p in record.persons)
        consents = [
            c for c in record.consents if not (c.person_key in managed and c.purpose in PURPOSES)
        ]
        referrals = [r for r in record.referrals if r.person_key not in managed]
        for key in managed:
            consents += forms[key].consents
            referrals += forms[key].referrals
        return self.remember(
            replace(record, persons=persons, consents=tuple(consents), referrals=tuple(referrals))
        )
