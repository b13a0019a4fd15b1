"""Printing from the screens: which printout, for whom and in which language, then the preview.

The document language is chosen apart from the screen language: the officer may work in Latvian
while the victim's leaflet prints in Arabic. Each copy starts in its reader's language (the rule
is app/domain/copies.py, asked through the document service): the referral sheet's service copy
in the service's, its file copy in the station's, the victim's copy in the victim's."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.documents import CONSENT, DOCUMENT_LANGUAGES, LEAFLET, PROSECUTOR, REFERRAL
from app.domain.case import CaseRecord, Person, PersonRole
from app.domain.child import leaflet_readers
from app.domain.marks import DatabaseMark
from app.domain.special_words import (
    WordMatch,
    prosecutor_texts,
    special_category_matches,
    words_to_check,
)
from app.i18n import N_, _, language
from app.ui.case_html import changed_step
from app.ui.labels import label, language_name
from app.ui.preview import NotSent, PreviewDialog, show_preview
from app.ui.widgets.banner import DemoBanner
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.wording import REASONS, person_name, section

if TYPE_CHECKING:
    from app.services import Services
    from app.services.audit import Delivery
    from app.services.cases import OpenedCase
    from app.services.context import Actor
    from app.services.documents import Printed

# Told the case as a printout for a recipient left it (its coordination log grew, its version
# went up): the case view shows it and decides on from there.
CaseChanged = Callable[["OpenedCase"], None]

DOCUMENT_NAMES = {
    LEAFLET: N_("Victim-rights leaflet"),
    REFERRAL: N_("Referral sheet (copies for the service, the victim and the file)"),
    PROSECUTOR: N_("Report to the prosecutor, with the bias-indicator annex"),
    CONSENT: N_("Consent receipt for the victim"),
}


class PrintDialog(QDialog):
    """For a case (`record`) or, without one, the station's standalone leaflet. `changed` is told
    the case as a printout sent on from the preview left it."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        record: CaseRecord | None,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
        changed: CaseChanged | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.record = record
        self.demo = demo
        self.changed = changed
        self.preview: PreviewDialog | None = None
        self.contacts_warning: QMessageBox | None = None
        self.words_warning: QMessageBox | None = None
        self.setWindowTitle(
            _("Print — case {reference}").format(reference=record.reference)
            if record
            else _("Print the victim-rights leaflet")
        )

        self.document = QComboBox()
        self.document.setObjectName("document")
        for kind in self._documents():
            self.document.addItem(_(DOCUMENT_NAMES[kind]), kind)
        self.person = QComboBox()
        self.person.setObjectName("person")
        self.referral = QComboBox()
        self.referral.setObjectName("referral")
        persons = {p.key: p for p in record.persons} if record else {}
        for referral in record.referrals if record else ():
            victim = persons.get(referral.person_key)
            self.referral.addItem(
                _("{service} — for {victim}").format(
                    service=referral.service_name,
                    victim=person_name(victim) if victim else referral.person_key,
                ),
                referral.key,
            )
        # The printout's language (the victim's copy of a referral sheet), and the referral
        # sheet's other two copies.
        self.language = self._language_box("documentLanguage")
        self.service_language = self._language_box("serviceLanguage")
        self.file_language = self._language_box("fileLanguage")
        # A case is printed for a reason, as it is opened for one: a listed one or one's own.
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for reason in REASONS:
            self.reason.addItem(_(reason))
        self.reason.setCurrentIndex(-1)  # asked, not assumed
        self.reason.setMinimumContentsLength(32)

        form = QFormLayout()
        self.document_caption = QLabel(_("&Printout:"))
        self.document_caption.setBuddy(self.document)
        form.addRow(self.document_caption, self.document)
        self.person_caption = QLabel(_("&For:"))
        self.person_caption.setBuddy(self.person)
        form.addRow(self.person_caption, self.person)
        self.referral_caption = QLabel(_("&Referral:"))
        self.referral_caption.setBuddy(self.referral)
        form.addRow(self.referral_caption, self.referral)
        self.language_caption = QLabel()
        self.language_caption.setBuddy(self.language)
        form.addRow(self.language_caption, self.language)
        self.service_language_caption = QLabel(_("Language of the s&ervice's copy:"))
        self.service_language_caption.setBuddy(self.service_language)
        form.addRow(self.service_language_caption, self.service_language)
        self.file_language_caption = QLabel(_("Language of the file c&opy:"))
        self.file_language_caption.setBuddy(self.file_language)
        form.addRow(self.file_language_caption, self.file_language)
        if record is not None:
            reason_caption = QLabel(_("&Reason for printing:"))
            reason_caption.setBuddy(self.reason)
            form.addRow(reason_caption, self.reason)
        else:
            self.reason.hide()
        self.note = QLabel()
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self.error = FormErrorLabel()
        form.addRow(self.error)

        buttons = QDialogButtonBox()
        self.preview_button = QPushButton(_("&Show…"))
        self.preview_button.setDefault(True)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.preview_button.clicked.connect(self.show_printout)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if demo:
            layout.addWidget(DemoBanner(demo))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.reason.editTextChanged.connect(self._reason_changed)
        self.document.currentIndexChanged.connect(self._document_chosen)
        self.person.currentIndexChanged.connect(self._person_chosen)
        self.referral.currentIndexChanged.connect(self._person_chosen)
        self._document_chosen()
        self._reason_changed()
        self.resize(620, self.sizeHint().height())

    @staticmethod
    def _language_box(name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for code in DOCUMENT_LANGUAGES:
            box.addItem(language_name(code), code)
        return box

    def reason_text(self) -> str:
        return self.reason.currentText().strip() if self.record else ""

    def _reason_changed(self) -> None:
        self.preview_button.setEnabled(self.record is None or bool(self.reason_text()))

    def _documents(self) -> list[str]:
        if self.record is None:
            return [LEAFLET]
        kinds = [LEAFLET]
        if self.record.referrals:
            kinds.append(REFERRAL)
        kinds.append(PROSECUTOR)
        if self.record.consents:
            kinds.append(CONSENT)
        return kinds

    def kind(self) -> str:
        return str(self.document.currentData())

    def _people(self) -> list[Person]:
        """Whom the chosen printout can be for: the victims, or those who gave consents."""
        if self.record is None or self.kind() in (REFERRAL, PROSECUTOR):
            return []
        if self.kind() == CONSENT:
            keys = {c.person_key for c in self.record.consents}
            return [p for p in self.record.persons if p.key in keys]
        return list(leaflet_readers(self.record))  # a child's guardians too, in their language

    def _document_chosen(self) -> None:
        kind = self.kind()
        self.person.blockSignals(True)
        self.person.clear()
        for person in self._people():
            name = person_name(person)
            if person.role is PersonRole.GUARDIAN:
                name = f"{name} — {label(person.role)}"
            self.person.addItem(name, person.key)
        self.person.blockSignals(False)
        self.person.setVisible(self.person.count() > 0)
        self.person_caption.setVisible(self.person.count() > 0)
        for widget in (
            self.referral, self.referral_caption, self.service_language,
            self.service_language_caption, self.file_language, self.file_language_caption,
        ):  # fmt: skip
            widget.setVisible(kind == REFERRAL)
        self.language_caption.setText(
            _("&Language of the victim's copy:")
            if kind == REFERRAL
            else _("&Language of the printout:")
        )
        notes = {
            LEAFLET: _(
                "For the victim to keep, in a language they understand. Addresses marked"
                " confidential are never printed."
            )
            if self.record
            else _("The station's stock: rights, the emergency number and the data notice."),
            REFERRAL: _(
                "Each copy starts in its reader's language: the service's copy in the service's"
                " working language, the file copy in the station's. The service's copy holds only"
                " what the victim consented to."
            ),
            PROSECUTOR: _("Facts and the officer's assessments are printed apart."),
            CONSENT: _("What goes to whom and why, and how to withdraw consent."),
        }
        self.note.setText(notes[kind])
        self.error.show_message("")
        self._person_chosen()
        # The referral sheet shows two more rows: the note below them must not be cut off.
        layout = self.layout()
        if layout is not None:
            layout.activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _person_chosen(self) -> None:
        """Each copy's language starts on its reader's (the officer may change it)."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        boxes = {"service": self.service_language, "file": self.file_language}
        try:
            defaults = self.services.documents.copy_languages(
                self.actor, self.kind(), self.record.reference if self.record else "",
                person_key=str(self.person.currentData() or ""),
                referral_key=str(self.referral.currentData() or ""), screen=language(),
            )  # fmt: skip
        except ServiceError as error:
            self.error.show_message(str(error))
            return
        for copy, code in defaults.items():
            box = boxes.get(copy, self.language)  # the one copy, or the victim's
            box.setCurrentIndex(box.findData(code))

    # ------------------------------------------------------------------ rendering

    def printout(self, delivery: Delivery) -> Printed:
        """The chosen printout, delivered (the service writes it to the audit trail)."""
        documents = self.services.documents
        code = str(self.language.currentData())
        reference = self.record.reference if self.record else ""
        person = str(self.person.currentData() or "")
        reason = self.reason_text()
        kind = self.kind()
        if kind == LEAFLET:
            return documents.leaflet(
                self.actor, code, reference, delivery=delivery, person_key=person, reason=reason
            )
        if kind == REFERRAL:
            return documents.referral_sheet(
                self.actor, reference, code, delivery=delivery, reason=reason,
                referral_key=str(self.referral.currentData() or ""),
                service_language=str(self.service_language.currentData()),
                file_language=str(self.file_language.currentData()),
            )  # fmt: skip
        if kind == PROSECUTOR:
            return documents.prosecutor_report(
                self.actor, reference, code, delivery=delivery, reason=reason
            )
        return documents.consent_receipt(
            self.actor, reference, code, delivery=delivery, reason=reason, person_key=person
        )

    def lacks_station_contacts(self) -> bool:
        """Whether the chosen printout is for the victim and the station has no address or
        phone to print on it (the prosecutor's report is not taken home)."""
        if self.kind() == PROSECUTOR:
            return False
        code = self.record.station_code if self.record else self.actor.station_code
        return bool(self.services.stations.missing_contacts(self.actor, code))

    def ask_print_without_contacts(self) -> QMessageBox:
        """The victim would take home a printout without the police's address or phone: the
        officer prints it all the same, or cancels (an administrator adds the contacts)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Station contacts missing"),
            _(
                "The station has no address or phone on record, so this printout will not tell"
                " the victim how to reach the police. An administrator can add them."
            ),
            parent=self,
        )
        box.setObjectName("noStationContacts")
        anyway = box.addButton(_("Print &anyway"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        box.setDefaultButton(cancel)
        if self.contacts_warning is not None:  # one at a time, deleted with the dialog
            self.contacts_warning.deleteLater()

        def answered(button: object) -> None:
            if button is anyway:
                self.show_printout(warned=True, words_checked=True)

        box.buttonClicked.connect(answered)
        self.contacts_warning = box
        box.open()
        return box

    def special_words(self) -> list[WordMatch]:
        """Words in the typed texts this printout prints that may reveal special-category data,
        which it says it does not hold (the pack's lists for the document language and the languages
        the officer types in)."""
        if self.record is None or self.kind() not in (PROSECUTOR, REFERRAL):
            return []
        record = self.record
        texts = prosecutor_texts(record) if self.kind() == PROSECUTOR else []
        if self.kind() == REFERRAL and record.narrative.strip():
            texts = [("narrative", record.narrative)]
        words = words_to_check(
            self.services.backend.pack(record.protocol_pack),
            document=str(self.language.currentData()),
            station=self.services.stations.official_language(self.actor, record.station_code),
            screen=language(),
        )
        return special_category_matches(texts, words)

    def ask_about_special_words(self, found: list[WordMatch]) -> QMessageBox:
        """The officer reads what was found (shown here only, never logged) and prints all the
        same, or goes back to edit the case."""
        assert self.record is not None  # only a case's printouts are checked
        pack = self.services.backend.pack(self.record.protocol_pack)
        lines = "\n".join(  # the section where the word was typed, to go back to it
            f"• {section(changed_step(match.field), pack)}: {match.word}" for match in found
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Special categories in the text?"),
            _(
                "This printout says it holds no special categories of data (origin, religion,"
                " sexual orientation, health…), but the text typed in the case has words that"
                " may reveal them:\n\n{found}\n\nThis is a prompt from a word list, not a"
                " guarantee: read the texts yourself. Print only if the words are needed there."
            ).format(found=lines),
            parent=self,
        )
        box.setObjectName("specialWords")
        anyway = box.addButton(_("Print &anyway"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("&Go back and edit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        if self.words_warning is not None:  # one at a time, deleted with the dialog
            self.words_warning.deleteLater()

        def answered(button: object) -> None:
            if button is anyway:
                self.show_printout(words_checked=True)
            else:
                self.reject()

        box.buttonClicked.connect(answered)
        self.words_warning = box
        box.open()
        return box

    def show_printout(
        self, *, warned: bool = False, words_checked: bool = False
    ) -> PreviewDialog | None:
        """The printout in the preview; first a question if the typed texts have words that may
        reveal special categories, and a warning if the victim's copy would lack the station's
        contacts (None then: the preview follows the officer's answer)."""
        from app.services.audit import Delivery  # noqa: PLC0415 - with the services
        from app.services.errors import ServiceError  # noqa: PLC0415

        if not words_checked and (found := self.special_words()):
            self.ask_about_special_words(found)
            return None
        try:
            if not warned and self.lacks_station_contacts():
                self.ask_print_without_contacts()
                return None
        except ServiceError as error:
            self.error.show_message(str(error))
            return None
        shown: list[bytes] = []
        try:
            printed = self.printout(Delivery("screen", shown.append))
        except ServiceError as error:
            self.error.show_message(str(error))
            return None
        [pdf] = shown
        file_name = f"{self.kind()}-{printed.reference or 'station'}-{printed.language}.pdf"
        # This dialog closes once the preview shows.
        services, actor, changed = self.services, self.actor, self.changed

        def send(to: str, write: Callable[[bytes], None]) -> None:
            try:
                opened = services.documents.send(actor, printed, pdf, Delivery(to, write))
            except ServiceError as error:  # refused before anything left
                raise NotSent(str(error)) from error
            if opened is not None and changed is not None:
                changed(opened)

        self.preview = show_preview(
            self.parentWidget() or self, pdf, self.document.currentText(), file_name, send,
            demo=self.demo, database=services.database_file(),
        )  # fmt: skip
        self.accept()
        return self.preview


def ask_what_to_print(
    parent: QWidget,
    services: Services,
    actor: Actor,
    record: CaseRecord | None,
    *,
    demo: DatabaseMark = DatabaseMark.NONE,
    changed: CaseChanged | None = None,
) -> PrintDialog:
    dialog = PrintDialog(services, actor, record, parent, demo=demo, changed=changed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
