"""The coordination log of a case (PROTOCOL.md g): every communication about it, with exactly
which data left the station and under which consent, added by a printout or an export for the
recipient, or by hand here ("Add entry…")."""

from __future__ import annotations

import typing
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import (
    CaseRecord,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    SharedData,
)
from app.domain.followup import SENDS_NOTHING
from app.domain.validation import Issue
from app.domain.workflow import Action, Decision
from app.i18n import N_, _, format_date, format_datetime
from app.ui import labels
from app.ui.case_view.followup_form import FollowUpForm, titled
from app.ui.widgets.buttons import close_buttons
from app.ui.widgets.dates import DateTimeField
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

LOG_BUTTON = N_("Coordination lo&g…")  # the case view's button
ADD_BUTTON = N_("&Add entry…")
# What an officer adds by hand, in this order; a referral sheet's entry comes with its printout.
KINDS = (
    CoordinationKind.PROSECUTOR,
    CoordinationKind.COMPETENT_FORCE,
    CoordinationKind.CIVIL_SOCIETY,
    CoordinationKind.COMMUNITY_IMPACT,
    CoordinationKind.HEALTH,
    CoordinationKind.SOCIAL_SERVICES,
    CoordinationKind.OTHER,
)
# The basis a hand entry records, as the printouts record theirs (stored in English).
STATUTORY = frozenset({CoordinationKind.PROSECUTOR, CoordinationKind.COMPETENT_FORCE})
ANONYMISED = "anonymised"  # the "under" list's item for anonymised facts only
WRAPPED = (1, 4, 5)  # the log's columns of long texts: recipient, what was sent, under


def consent_text(record: CaseRecord, key: str) -> str:
    """A consent as the officer knows it: whose, for whom, when given."""
    consent = next((c for c in record.consents if c.key == key), None)
    if consent is None:
        return key
    person = next((p for p in record.persons if p.key == consent.person_key), None)
    name = (person.name or person.alias) if person else consent.person_key
    return _("Consent of {person} for {recipient} ({date})").format(
        person=name or consent.person_key,
        recipient=consent.recipient,
        date=format_date(consent.recorded_at),
    )


def under(record: CaseRecord, event: CoordinationEvent) -> str:
    """The consent an entry went under, or that only anonymised facts left, or its basis."""
    if event.anonymised:
        return _("Anonymised facts only")
    if event.consent_key:
        return consent_text(record, event.consent_key)
    return labels.stored(event.basis)


def what_was_sent(event: CoordinationEvent) -> str:
    if event.kind in SENDS_NOTHING:
        return event.content
    return ", ".join(labels.label(item) for item in event.data_sent) or event.content


class CoordinationLogDialog(QDialog):
    """The case's coordination log, oldest entry first; "Add entry…" where the workflow allows
    this actor to follow the case up. `changed` carries the case after an entry was added."""

    changed = Signal(object)  # OpenedCase

    COLUMNS = 8

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase, *, can_add: bool,
        user_names: dict[str, str] | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.opened = opened
        self.user_names = dict(user_names or opened.user_names)
        self.setWindowTitle(titled(_(LOG_BUTTON), opened.record.reference))
        self.resize(1180, 440)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("coordinationLog")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard alone
        row_picker(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in WRAPPED:  # long texts wrap in a shared width: no scrolling sideways
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_(ADD_BUTTON))
        self.add_button.setObjectName("addEntry")
        self.add_button.setVisible(can_add)
        self.add_button.clicked.connect(self.ask_entry)
        self.buttons = close_buttons()
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.show_entries()

    def show_entries(self) -> None:
        record = self.opened.record
        self.table.setHorizontalHeaderLabels(
            [
                _("Kind"), _("Recipient"), _("Date"), _("Their reference"), _("What was sent"),
                _("Under"), _("Added"), _("By"),
            ]
        )  # fmt: skip
        self.table.setRowCount(len(record.coordination))
        for row, event in enumerate(record.coordination):
            cells = (
                labels.label(event.kind),
                event.recipient,
                format_datetime(event.sent_at),
                event.reference_number,
                what_was_sent(event),
                under(record, event),
                _("By a printout or export") if event.automatic else _("By hand"),
                self.user_names.get(event.recorded_by, event.recorded_by),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if record.coordination:
            self.table.setCurrentCell(0, 0)

    def ask_entry(self) -> AddCoordinationDialog:
        dialog = AddCoordinationDialog(self.services, self.actor, self.opened, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self._added)
        dialog.open()
        dialog.kind.setFocus()
        return dialog

    def _added(self, opened: OpenedCase) -> None:
        self.opened = opened
        self.user_names.update(opened.user_names)
        self.show_entries()
        self.changed.emit(opened)


class AddCoordinationDialog(FollowUpForm):
    """One entry by hand: kind, recipient, date, their reference, what was sent (a community
    impact note has its text instead), and for a civil-society contact the consent that covers
    it or "anonymised facts only"."""

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, actor, opened, Action.COORDINATE, parent)
        self.setWindowTitle(titled(_(ADD_BUTTON), opened.record.reference))
        self.ok_button.setText(_("Add to the log"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in KINDS:
            self.kind.addItem(labels.label(kind), kind)
        self.recipient = QLineEdit()
        self.recipient.setObjectName("recipient")
        self.sent_at = DateTimeField()
        self.sent_at.setObjectName("sentAt")
        self.sent_at.set_value(services.backend.clock())
        self.reference = QLineEdit()
        self.reference.setObjectName("theirReference")
        self.data = QWidget()
        grid = QGridLayout(self.data)
        grid.setContentsMargins(0, 0, 0, 0)
        self.data_boxes: dict[SharedData, QCheckBox] = {}
        for index, item in enumerate(SharedData):
            box = QCheckBox(labels.label(item))
            box.setObjectName(f"data-{item.value}")
            grid.addWidget(box, index // 2, index % 2)
            self.data_boxes[item] = box
        self.data.setFocusProxy(self.data_boxes[SharedData.REPORT])
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().height() * 5)
        self.under = QComboBox()
        self.under.setObjectName("under")
        self.under.addItem(_("Anonymised facts only"), ANONYMISED)
        for consent in opened.record.consents:
            if consent.purpose is ConsentPurpose.CIVIL_SOCIETY_CONTACT and consent.granted:
                self.under.addItem(consent_text(opened.record, consent.key), consent.key)
        self.add_row(_("&Kind:"), self.kind, "coordination.kind")
        self.add_row(_("&Recipient:"), self.recipient, "coordination.recipient")
        self.add_row(_("&Date:"), self.with_message(self.sent_at), "coordination.sent_at")
        self.add_row(_("&Their reference:"), self.reference, "coordination.reference_number")
        self.add_row(_("&What was sent:"), self.data, "coordination.data_sent")
        self.add_row(_("&Community impact:"), self.note, "coordination.content")
        self.add_row(_("&Under:"), self.under, "coordination.consent", "coordination.anonymised")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.under.currentIndexChanged.connect(self._consent_chosen)
        self._kind_changed()

    def chosen_kind(self) -> CoordinationKind:
        return CoordinationKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        """A community-impact note has a text instead of data sent; only a civil-society
        contact goes under a consent (or anonymised facts)."""
        kind = self.chosen_kind()
        for widget, visible in (
            (self.data, kind not in SENDS_NOTHING),
            (self.note, kind in SENDS_NOTHING),
            (self.under, kind is CoordinationKind.CIVIL_SOCIETY),
        ):
            self.set_row_visible(widget, visible)

    def _consent_chosen(self) -> None:
        """The consent names its recipient: one not typed yet is taken from it."""
        key = self.under.currentData()
        consent = next((c for c in self.opened.record.consents if c.key == key), None)
        if consent is not None and not self.recipient.text().strip():
            self.recipient.setText(consent.recipient)

    def event_typed(self) -> CoordinationEvent:
        kind = self.chosen_kind()
        civil = kind is CoordinationKind.CIVIL_SOCIETY
        key = self.under.currentData() if civil else None
        anonymised = civil and key == ANONYMISED
        consent_key = None if anonymised or key is None else str(key)
        if kind in STATUTORY:
            basis = labels.STATUTORY_DUTY
        elif anonymised:
            basis = labels.ANONYMISED_FACTS
        elif consent_key:
            basis = labels.VICTIM_CONSENT
        else:
            basis = ""
        sends = kind not in SENDS_NOTHING
        return CoordinationEvent(
            kind=kind,
            recipient=self.recipient.text().strip(),
            sent_at=typing.cast(datetime, self.sent_at.value()),
            recorded_by="",
            content="" if sends else self.note.toPlainText().strip(),
            basis=basis,
            reference_number=self.reference.text().strip(),
            consent_key=consent_key,
            anonymised=anonymised,
            data_sent=tuple(d for d, box in self.data_boxes.items() if box.isChecked())
            if sends
            else (),
        )

    def decision(self) -> Decision:
        return Decision(coordination=self.event_typed())

    def submit(self) -> bool:
        if self.sent_at.refused():  # typed text that is no date: said under the field
            return False
        if self.sent_at.value() is None:
            self.show_issues([Issue("required", "coordination.sent_at")])
            return False
        return super().submit()
