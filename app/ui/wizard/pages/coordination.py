"""Step 10: hand-over, prosecutor and community (PROTOCOL.md g). What was sent, to whom, when
and on what basis. The prosecutor and the competent force get the case as a statutory duty;
a civil-society organisation hears about a victim only with that victim's consent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.domain.case import (
    CaseRecord,
    Consent,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    Person,
    covering_consent,
)
from app.domain.validation import Issue
from app.i18n import _, format_datetime
from app.ui import labels
from app.ui.widgets.dates import DateTimeField
from app.ui.wizard.base import (
    StepPage,
    WizardContext,
    no_caption,
    quiet,
)
from app.ui.wizard.consent_dialog import ConsentDialog, child_guardians, make_consent, next_key
from app.ui.wizard.gaps import indexed_item
from app.ui.wording import person_name

# The basis of each communication (PROTOCOL.md g), stored in English in the case and shown in
# the screen language (labels.stored).
STATUTORY = labels.STATUTORY_DUTY
VICTIM_CONSENT = labels.VICTIM_CONSENT
ANONYMISED = labels.ANONYMISED_FACTS
CSO_SCOPE = ("identity", "contact", "incident")
# Error lines of this page for the events it edits; a path "coordination[i]..." is shown at the
# line of the event it names.
LINE_FOR_KIND = {
    CoordinationKind.PROSECUTOR: "prosecutor_event",
    CoordinationKind.COMPETENT_FORCE: "force_event",
    CoordinationKind.CIVIL_SOCIETY: "cso_event",
}


class EventFields:
    """A tick, the recipient, their reference number and when: one communication."""

    def __init__(
        self,
        page: StepPage,
        kind: CoordinationKind,
        tick: str,
        recipient: str,
        reference: str,
        when: str,
        field: str,
    ) -> None:
        self.kind = kind
        self.existing: CoordinationEvent | None = None
        self.check = page.add_row("", QCheckBox(tick), field)
        self.recipient = page.add_row(recipient, QLineEdit())
        self.reference = page.add_row(reference, QLineEdit())
        self.when = page.add_row(when, DateTimeField())
        self._now = page.context.now
        self.check.toggled.connect(self._toggled)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.check, self.recipient, self.reference, self.when)

    def _toggled(self, on: bool) -> None:
        if on and self.when.value() is None:
            self.when.set_value(self._now())
        self._enable()

    def _enable(self) -> None:
        for widget in (self.recipient, self.reference, self.when):
            widget.setEnabled(self.check.isChecked())

    def fill(self, event: CoordinationEvent | None) -> None:
        self.existing = event
        self.check.setChecked(event is not None)
        self.recipient.setText(event.recipient if event else "")
        self.reference.setText(event.reference_number if event else "")
        self.when.set_value(event.sent_at if event else None)
        self._enable()

    def event(self, actor: str) -> CoordinationEvent | None:
        if not self.check.isChecked():
            return None
        old = self.existing
        return CoordinationEvent(
            kind=self.kind,
            recipient=self.recipient.text().strip(),
            sent_at=self.when.value() or self._now(),
            recorded_by=old.recorded_by if old else actor,
            content=old.content if old else "",
            basis=STATUTORY,
            reference_number=self.reference.text().strip(),
            consent_key=old.consent_key if old else None,
        )


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


class CoordinationPage(StepPage):
    step_id = "coordination"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self._last: CaseRecord | None = None
        self.victims: list[Person] = []
        self.cso_consents: list[Consent] = []  # every consent for civil-society contact
        self.cso_existing: CoordinationEvent | None = None
        self.consent_dialog: ConsentDialog | None = None

        self.form.addRow(heading(_("Prosecutor")))
        statutory = QLabel(
            _(
                "The prosecutor and the competent force receive the case as a statutory duty"
                " under Directive (EU) 2016/680 as transposed: no consent is asked."
            )
        )
        statutory.setWordWrap(True)
        self.form.addRow(statutory)
        self.prosecutor = EventFields(
            self,
            CoordinationKind.PROSECUTOR,
            _("The &prosecutor was notified"),
            _("Prosecutor's &office:"),
            _("Their &reference:"),
            _("Wh&en:"),
            "prosecutor_event",
        )
        self.add_error_line("prosecutor_notified")

        self.form.addRow(heading(_("Competent police force")))
        self.force = EventFields(
            self,
            CoordinationKind.COMPETENT_FORCE,
            _("The case was handed over to the competent &force"),
            _("Force or &unit:"),
            _("T&heir reference:"),
            _("Handed over &at:"),
            "force_event",
        )

        self.form.addRow(heading(_("Civil society")))
        self.cso_check = self.add_row(
            "", QCheckBox(_("A civi&l-society organisation was contacted"))
        )
        self.organisation = self.add_row(_("Or&ganisation:"), QLineEdit())
        # Anonymised facts for reassurance need no consent; identities do (PROTOCOL.md g).
        self.anonymised = self.add_row(
            "", QCheckBox(_("Only anonym&ised facts: nothing that identifies the victim"))
        )
        self.anonymised.setObjectName("csoAnonymised")
        self.victim = self.add_row(_("&Victim concerned:"), QComboBox())
        self.consent_state = QLabel()
        self.consent_state.setObjectName("csoConsentState")
        self.consent_state.setWordWrap(True)
        self.consent_state.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(no_caption(), self.consent_state)
        self.consent_button = QPushButton(_("Recor&d the victim's consent for this organisation…"))
        self.consent_button.setObjectName("csoConsentButton")
        self.consent_button.setAutoDefault(False)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.consent_button)
        row.addStretch(1)
        holder.setFocusProxy(self.consent_button)
        self.form.addRow("", holder)
        self.cso_error = self.add_error_line("cso_event")
        self.shared = self.add_row(_("&What was shared:"), QLineEdit())
        self.shared.setPlaceholderText(_("e.g. anonymised facts of the incident, for reassurance"))
        self.cso_when = self.add_row(_("Contacted a&t:"), DateTimeField())

        self.form.addRow(heading(_("Community")))
        self.community = self.add_row(_("Co&mmunity impact:"), QPlainTextEdit(), "community_impact")
        self.community.setTabChangesFocus(True)
        self.community.setFixedHeight(self.community.fontMetrics().lineSpacing() * 4 + 14)
        self.community.setPlaceholderText(
            _("Tension in the community, repeat incidents, reassurance given or planned")
        )

        self.cso_check.toggled.connect(self._cso_toggled)
        self.organisation.textChanged.connect(self._show_consent_state)
        self.anonymised.toggled.connect(self._show_consent_state)
        self.victim.currentIndexChanged.connect(self._show_consent_state)
        self.consent_button.clicked.connect(self.ask_consent)
        self.watch(
            *self.prosecutor.widgets(), *self.force.widgets(), self.cso_check,
            self.organisation, self.anonymised, self.victim, self.shared, self.cso_when,
            self.community,
        )  # fmt: skip

    # ------------------------------------------------------------------ load / store

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            self.prosecutor.fill(_first(record, CoordinationKind.PROSECUTOR))
            self.force.fill(_first(record, CoordinationKind.COMPETENT_FORCE))
            self.cso_consents = [
                c for c in record.consents if c.purpose is ConsentPurpose.CIVIL_SOCIETY_CONTACT
            ]
            event = self.cso_existing = _first(record, CoordinationKind.CIVIL_SOCIETY)
            self.cso_check.setChecked(event is not None)
            self.anonymised.setChecked(event is not None and event.anonymised)
            latest = self.cso_consents[-1] if self.cso_consents else None
            organisation = event.recipient if event else latest.recipient if latest else ""
            self.organisation.setText(organisation)
            self.shared.setText(event.content if event else "")
            self.cso_when.set_value(event.sent_at if event else None)
            self.community.setPlainText(record.community_impact)
            linked = next(
                (c for c in self.cso_consents if event and c.key == event.consent_key), latest
            )
            self._fill_victims(record, linked.person_key if linked else None)
            self._cso_toggled(self.cso_check.isChecked())

    def refresh(self, record: CaseRecord) -> None:
        with quiet(self):
            self._fill_victims(record, self.victim.currentData())

    def store(self, record: CaseRecord) -> CaseRecord:
        actor = self.context.actor.username
        events = list(record.coordination)
        for kind, made in (
            (CoordinationKind.PROSECUTOR, self.prosecutor.event(actor)),
            (CoordinationKind.COMPETENT_FORCE, self.force.event(actor)),
            (CoordinationKind.CIVIL_SOCIETY, self.cso_event(record, actor)),
        ):
            index = next((i for i, e in enumerate(events) if e.kind is kind), None)
            if index is None:
                if made is not None:
                    events.append(made)
            elif made is not None:
                events[index] = made
            else:
                del events[index]
        consents = [
            c for c in record.consents if c.purpose is not ConsentPurpose.CIVIL_SOCIETY_CONTACT
        ]
        self._last = replace(
            record,
            coordination=tuple(events),
            consents=tuple(consents + self.cso_consents),
            community_impact=self.community.toPlainText().strip(),
        )
        return self._last

    # ------------------------------------------------------------------ civil society

    def _fill_victims(self, record: CaseRecord, keep: object) -> None:
        self.victims = list(record.victims())
        self.victim.clear()
        for victim in self.victims:
            self.victim.addItem(person_name(victim), victim.key)
        self.victim.setCurrentIndex(max(self.victim.findData(keep), 0) if self.victims else -1)
        several = len(self.victims) > 1
        self.form.setRowVisible(self.victim, several)
        self._show_consent_state()

    def selected_victim(self) -> Person | None:
        key = self.victim.currentData()
        return next((v for v in self.victims if v.key == key), None)

    def covering_consent(self) -> Consent | None:
        """The newest consent of the chosen victim for this organisation, given and in force."""
        victim = self.selected_victim()
        organisation = self.organisation.text().strip()
        if victim is None or not organisation:
            return None
        purpose = ConsentPurpose.CIVIL_SOCIETY_CONTACT
        found = [
            c
            for c in self.cso_consents
            if c.person_key == victim.key
            and covering_consent(self.cso_consents, c.key, organisation, purpose) is not None
        ]
        return found[-1] if found else None

    def cso_event(self, record: CaseRecord, actor: str) -> CoordinationEvent | None:
        if not self.cso_check.isChecked():
            return None
        # As last saved (its consent link), or as loaded.
        old = _first(record, CoordinationKind.CIVIL_SOCIETY) or self.cso_existing
        anonymised = self.anonymised.isChecked() or not record.victims()
        consent_key: str | None = None
        if not anonymised:
            covering = self.covering_consent()
            # Without a covering consent the old link stays: the check then says what is wrong.
            consent_key = covering.key if covering else (old.consent_key if old else None)
        return CoordinationEvent(
            kind=CoordinationKind.CIVIL_SOCIETY,
            recipient=self.organisation.text().strip(),
            sent_at=self.cso_when.value() or self.context.now(),
            recorded_by=old.recorded_by if old else actor,
            content=self.shared.text().strip(),
            basis=ANONYMISED if anonymised else VICTIM_CONSENT,
            reference_number=old.reference_number if old else "",
            consent_key=consent_key,
            anonymised=anonymised,
        )

    def _cso_toggled(self, on: bool) -> None:
        if on and self.cso_when.value() is None:
            self.cso_when.set_value(self.context.now())
        self.anonymised.setEnabled(on)
        self.shared.setEnabled(on)
        self.cso_when.setEnabled(on)
        self._show_consent_state()

    def _show_consent_state(self) -> None:
        victim = self.selected_victim()
        organisation = self.organisation.text().strip()
        has_victims = bool(self.victims)
        anonymised = self.anonymised.isChecked()
        self.consent_button.setVisible(has_victims and not anonymised)
        self.consent_button.setEnabled(bool(organisation) and victim is not None)
        self.form.setRowVisible(self.anonymised, has_victims)
        if not has_victims:
            text = _(
                "No consent is needed: the case has no individual victim. Share only what the"
                " community needs to know."
            )
        elif anonymised:
            text = _(
                "No consent is needed for anonymised facts. Share no name, address or detail by"
                " which the victim could be recognised; anything more needs their consent."
            )
        elif victim is None or not organisation:
            text = _(
                "Name the organisation, then record the victim's consent before anything about"
                " them is shared."
            )
        else:
            consent = self.covering_consent()
            if consent is not None:
                text = _("{person} consented on {when} ({method}) to contact with {org}.").format(
                    person=person_name(victim),
                    when=format_datetime(consent.recorded_at),
                    method=labels.label(consent.method).lower(),
                    org=organisation,
                )
            else:
                text = _(
                    "No consent of {person} for {org} yet: record it before anything about them"
                    " is shared."
                ).format(person=person_name(victim), org=organisation)
        self.consent_state.setText(text)

    def new_key(self) -> str:
        used = {c.key for c in self.cso_consents}
        wizard = getattr(self, "wizard_ref", None)
        record = wizard.record() if wizard is not None else self._last
        if record is not None:
            used |= {c.key for c in record.consents}
        return next_key("C", used)

    def ask_consent(self) -> ConsentDialog | None:
        victim = self.selected_victim()
        organisation = self.organisation.text().strip()
        if victim is None or not organisation:
            self.cso_error.show_message(_("Name the organisation first."))
            return None
        wizard = getattr(self, "wizard_ref", None)
        record = wizard.record() if wizard is not None else self._last
        dialog = ConsentDialog(
            self,
            person=person_name(victim),
            recipient=organisation,
            purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT,
            language=victim.language,
            scope=CSO_SCOPE,
            guardians=child_guardians(record, victim) if record is not None else None,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._consented(victim, organisation, dialog))
        dialog.destroyed.connect(self._dialog_gone)
        self.consent_dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self) -> None:
        self.consent_dialog = None

    def _consented(self, victim: Person, organisation: str, dialog: ConsentDialog) -> None:
        consent = make_consent(
            dialog.answer(),
            key=self.new_key(),
            person_key=victim.key,
            recipient=organisation,
            purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT,
            language=victim.language,
            recorded_at=self.context.now(),
            recorded_by=self.context.actor.username,
        )
        self.cso_consents.append(consent)
        self._show_consent_state()
        self.changed.emit()

    # ------------------------------------------------------------------ issues

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """An issue about "coordination[i]" or a civil-society consent is shown beside the
        communication it is about."""
        wizard = getattr(self, "wizard_ref", None)
        record = wizard.record() if wizard is not None else self._last
        placed: list[Issue] = []
        for issue in issues:
            line = self._line_for(issue, record) if record is not None else None
            if line is not None:
                rest = issue.field.split("]", 1)[1] if "]" in issue.field else ""
                placed.append(Issue(issue.code, line + rest, issue.params))
            else:
                placed.append(issue)
        super().show_issues(placed)

    def _line_for(self, issue: Issue, record: CaseRecord) -> str | None:
        found = indexed_item(issue, record)
        if found is None:
            return None
        part, item = found
        if part == "consents":
            purpose = getattr(item, "purpose", None)
            return "cso_event" if purpose is ConsentPurpose.CIVIL_SOCIETY_CONTACT else None
        if part != "coordination" or not isinstance(item, CoordinationEvent):
            return None
        first = _first(record, item.kind)
        return LINE_FOR_KIND.get(item.kind) if first is item else None


def _first(record: CaseRecord, kind: CoordinationKind) -> CoordinationEvent | None:
    return next((e for e in record.coordination if e.kind is kind), None)
