"""Step 7: inform every victim of their rights (Dir. 2012/29/EU Art. 4, 5, 7), with the leaflet
in their language, and the written acknowledgement of a complaint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.documents import DOCUMENT_LANGUAGES
from app.domain.case import CaseRecord, Person, RightsInformation, StepRecord
from app.domain.languages import reading
from app.domain.protocol import RecordedStep
from app.domain.validation import Issue
from app.i18n import N_, _
from app.ui import labels
from app.ui.widgets.dates import DateTimeField
from app.ui.wizard.base import WizardContext, no_caption, quiet
from app.ui.wizard.victim_page import VictimForm, VictimPage

LEAFLET_VERSION = "eu-2026.1"

# What the victim has the right to be told (PROTOCOL.md d; Art. 4(1)(a)-(k), 3, 5-8, 11, 18, 21).
RIGHTS: tuple[str, ...] = (
    N_("Support: what help there is and from whom — medical, psychological, a place to stay."),
    N_("How to report a crime, and your part in the case."),
    N_("How to get protection, including protection measures."),
    N_("How to get legal advice or legal aid."),
    N_("How to claim compensation from the offender or the State."),
    N_("Interpretation and translation."),
    N_("If you live in another EU country: the special arrangements for you."),
    N_("How to complain if your rights are not respected."),
    N_("Who to contact about your case."),
    N_("Which restorative justice services there are."),
    N_("How to get back what taking part in the case costs you."),
    N_("A free interpreter when the police question you."),
    N_("A written acknowledgement of your complaint, translated free if you ask."),
    N_("You may bring a person of your choice."),
    N_("Support is free and confidential, also for your family, even without a complaint."),
    N_("If you ask: news of your case, and a review of a decision not to prosecute."),
    N_("Privacy, and protection from intimidation and retaliation."),
)


def rights_text() -> str:
    return "\n".join(f"{number}. {_(line)}" for number, line in enumerate(RIGHTS, start=1))


class RightsForm(VictimForm):
    def __init__(
        self,
        person: Person,
        now: Callable[[], datetime],
        recorded_steps: Sequence[RecordedStep] = (),
    ) -> None:
        super().__init__(person)
        self._now = now
        self.given_by = ""
        # The steps the pack adds (Spain: the offer of legal actions): yes or no, dated, by whom.
        self.steps: dict[str, QComboBox] = {}
        self._answered: dict[str, StepRecord] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(form)
        self.given = QCheckBox(_("Rights &information given"))
        form.addRow(self.given)
        self.given_at = DateTimeField()
        form.addRow(_("&When:"), self.given_at)
        form.addRow(no_caption(), self.given_at.message)
        self.language = QComboBox()
        self.language.addItem(_("Not chosen yet"), "")
        # Exactly the languages the leaflet can be printed in.
        for code in DOCUMENT_LANGUAGES:
            self.language.addItem(labels.language_name(code), code)
        form.addRow(_("&Leaflet language:"), self.language)
        self.version = QLineEdit()
        form.addRow(_("Leaflet &version:"), self.version)
        self.acknowledged = QCheckBox(_("Written &acknowledgement of the complaint given"))
        form.addRow(self.acknowledged)
        self.complaint_number = QLineEdit()
        form.addRow(_("Complaint n&umber:"), self.complaint_number)
        self.interpreter = QCheckBox(_("Free inter&preter provided"))
        form.addRow(self.interpreter)
        for step in recorded_steps:
            answer = QComboBox()
            answer.setObjectName(f"step_{step.id}")
            for text, value in ((_("Not recorded yet"), None), (_("Yes"), True), (_("No"), False)):
                answer.addItem(text, value)
            answer.setToolTip(_(step.description))
            caption = QLabel(_("{label}:").format(label=_(step.label).replace("&", "&&")))
            caption.setWordWrap(True)
            caption.setBuddy(answer)
            form.addRow(caption, answer)
            self.steps[step.id] = answer
        self.outer.addStretch(1)  # the issues stay at the top of the tab, above the form
        self.given.toggled.connect(self._given_toggled)
        self.acknowledged.toggled.connect(self._enable)

    def show_person_issues(self, issues: Sequence[Issue], record: CaseRecord) -> None:
        # No rights information at all says it: the missing leaflet language follows from it.
        if any(i.field == "rights_given_at" for i in issues):
            issues = [i for i in issues if i.field != "leaflet_language"]
        super().show_person_issues(issues, record)

    def widgets(self) -> tuple[QWidget, ...]:
        return (
            self.given, self.given_at, self.language, self.version, self.acknowledged,
            self.complaint_number, self.interpreter, *self.steps.values(),
        )  # fmt: skip

    def fill_steps(self, records: Sequence[StepRecord]) -> None:
        self._answered = {r.step: r for r in records if r.person_key == self.person.key}
        for step_id, answer in self.steps.items():
            done = self._answered[step_id].done if step_id in self._answered else None
            answer.setCurrentIndex(answer.findData(done))

    def recorded(self, actor: str) -> list[StepRecord]:
        """The answers given; one unchanged keeps its time and officer."""
        records: list[StepRecord] = []
        for step_id, answer in self.steps.items():
            done = answer.currentData()
            if done is None:
                continue
            before = self._answered.get(step_id)
            if before is not None and before.done is done:
                records.append(before)
            else:
                records.append(StepRecord(step_id, self.person.key, bool(done), self._now(), actor))
        return records

    def set_language(self, code: str, *, recorded: bool = False) -> None:
        """Chooses `code` if the leaflet can be printed in it. A language recorded before
        (an older case) stays shown as it was, so that nothing recorded is lost."""
        if recorded and code and self.language.findData(code) < 0:
            self.language.addItem(labels.language_name(code), code)
        self.language.setCurrentIndex(max(self.language.findData(code), 0))

    def fill(self, rights: RightsInformation | None) -> None:
        self.given.setChecked(rights is not None)
        if rights is None:
            self.given_by = ""
            self.given_at.set_value(None)
            self.set_language(reading(self.person.languages, DOCUMENT_LANGUAGES))
            self.version.setText(LEAFLET_VERSION)
            self.acknowledged.setChecked(False)
            self.complaint_number.clear()
            self.interpreter.setChecked(False)
        else:
            self.given_by = rights.given_by
            self.given_at.set_value(rights.given_at)
            self.set_language(rights.leaflet_language, recorded=True)
            self.version.setText(rights.leaflet_version)
            self.acknowledged.setChecked(rights.acknowledgement_given)
            self.complaint_number.setText(rights.complaint_number)
            self.interpreter.setChecked(rights.interpreter_provided)
        self._enable()

    def follow_person(self, person: Person) -> None:
        """The victim's language was set on another step: the leaflet follows until given."""
        if not self.given.isChecked() and (code := reading(person.languages, DOCUMENT_LANGUAGES)):
            self.set_language(code)

    def _given_toggled(self, given: bool) -> None:
        if given:
            if self.given_at.value() is None:
                self.given_at.set_value(self._now())
            if not self.language.currentData():
                self.set_language(reading(self.person.languages, DOCUMENT_LANGUAGES))
            if not self.version.text().strip():
                self.version.setText(LEAFLET_VERSION)
        self._enable()

    def _enable(self) -> None:
        given = self.given.isChecked()
        for widget in (self.given_at, self.language, self.version, self.acknowledged):
            widget.setEnabled(given)
        self.complaint_number.setEnabled(given and self.acknowledged.isChecked())
        self.interpreter.setEnabled(given)

    def rights(self, actor: str) -> RightsInformation | None:
        if not self.given.isChecked():
            return None
        acknowledged = self.acknowledged.isChecked()
        return RightsInformation(
            person_key=self.person.key,
            given_at=self.given_at.value() or self._now(),
            given_by=self.given_by or actor,
            leaflet_language=str(self.language.currentData() or ""),
            leaflet_version=self.version.text().strip(),
            acknowledgement_given=acknowledged,
            complaint_number=self.complaint_number.text().strip() if acknowledged else "",
            interpreter_provided=self.interpreter.isChecked(),
        )


class RightsPage(VictimPage[RightsForm]):
    step_id = "rights"
    parts = ("rights", "recorded_steps")

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.rights_list = QPlainTextEdit(rights_text())
        self.rights_list.setObjectName("rightsList")
        self.rights_list.setReadOnly(True)
        self.rights_list.setTabChangesFocus(True)
        self.rights_list.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.rights_list.setMinimumWidth(self.rights_list.fontMetrics().averageCharWidth() * 46)
        caption = QLabel(_("Ri&ghts to tell the victim:"))
        caption.setBuddy(self.rights_list)
        # The list beside the victim's form: the officer goes through it while ticking.
        rights_column = QVBoxLayout()
        rights_column.setContentsMargins(0, 0, 0, 0)
        rights_column.addWidget(caption)
        rights_column.addWidget(self.rights_list, 1)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        victim_column = QVBoxLayout()
        victim_column.addWidget(self.no_victims)
        victim_column.addWidget(self.tabs, 1)
        layout.addLayout(victim_column, 3)
        layout.addLayout(rights_column, 2)
        self.form.addRow(row)

    def make_form(self, person: Person) -> RightsForm:
        form = RightsForm(person, self.context.now, self.context.pack.recorded_steps)
        for widget in form.widgets():
            self.watch(widget)
        return form

    def sync_victims(self, record: CaseRecord) -> dict[str, RightsForm]:
        new = super().sync_victims(record)
        # The victims' forms are made later than the list beside them: Tab visits the forms
        # first, then the list (left column, then right).
        chain: list[QWidget] = []
        widget: QWidget | None = self.nextInFocusChain()
        while widget is not None and widget is not self and len(chain) < 10_000:
            chain.append(widget)
            widget = widget.nextInFocusChain()
        inside = [w for w in chain if self.tabs.isAncestorOf(w)]
        if inside:
            QWidget.setTabOrder(inside[-1], self.rights_list)
        return new

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            self.sync_victims(record)
            for key, form in self.tabs.forms().items():
                form.fill(next((r for r in record.rights if r.person_key == key), None))
                form.fill_steps(record.recorded_steps)

    def refresh(self, record: CaseRecord) -> None:
        with quiet(self):
            new = self.sync_victims(record)
            for key, form in self.tabs.forms().items():
                if key in new:
                    form.fill(next((r for r in record.rights if r.person_key == key), None))
                    form.fill_steps(record.recorded_steps)
                else:
                    form.follow_person(form.person)

    def store(self, record: CaseRecord) -> CaseRecord:
        managed = self.managed_keys(record)
        forms = self.tabs.forms()
        kept = [r for r in record.rights if r.person_key not in managed]
        given = [forms[key].rights(self.context.actor.username) for key in managed]
        rights = tuple(kept + [r for r in given if r is not None])
        actor = self.context.actor.username
        steps = [s for s in record.recorded_steps if s.person_key not in managed]
        steps += [s for key in managed for s in forms[key].recorded(actor)]
        return self.remember(replace(record, rights=rights, recorded_steps=tuple(steps)))
