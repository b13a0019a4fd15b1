"""Step 1: first response and safety."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLineEdit

from app.domain.case import CaseRecord
from app.i18n import _
from app.ui.widgets.dates import DateTimeField
from app.ui.wizard.base import StepPage, WizardContext, YesNo, quiet


class FirstResponsePage(StepPage):
    step_id = "first_response"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.reported_at = self.add_row(_("&Reported at:"), DateTimeField(), "reported_at")
        self.attended_at = self.add_row(_("&Attended at:"), DateTimeField(), "attended_at")
        self.danger = self.add_row(_("Immediate &danger:"), YesNo(), "immediate_danger")
        self.injuries = self.add_row(_("&Injuries:"), YesNo(), "injuries")
        self.injuries_note = self.add_row(_("Injuries, detai&ls:"), QLineEdit(), "injuries_note")
        self.medical = self.add_row(_("&Medical help given or called:"), YesNo(), "medical_help")
        self.medical_note = self.add_row(_("Medical help, d&etails:"), QLineEdit())
        self.delayed = self.add_row("", QCheckBox(_("The response was dela&yed")))
        self.delay_plan = self.add_row(
            _("Supervisor's &plan, as told to the victim:"), QLineEdit(), "delay_plan"
        )
        self.delayed.toggled.connect(self.delay_plan.setEnabled)
        self.watch(
            self.reported_at, self.attended_at, self.danger, self.injuries, self.injuries_note,
            self.medical, self.medical_note, self.delayed, self.delay_plan,
        )  # fmt: skip

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            self.reported_at.set_value(record.reported_at)
            self.attended_at.set_value(record.attended_at)
            self.danger.set_value(record.immediate_danger)
            self.injuries.set_value(record.injuries)
            self.injuries_note.setText(record.injuries_note)
            self.medical.set_value(record.medical_help)
            self.medical_note.setText(record.medical_note)
            self.delayed.setChecked(record.response_delayed)
            self.delay_plan.setText(record.delay_plan)
            self.delay_plan.setEnabled(record.response_delayed)

    def store(self, record: CaseRecord) -> CaseRecord:
        return replace(
            record,
            reported_at=self.reported_at.value(),
            attended_at=self.attended_at.value(),
            immediate_danger=self.danger.value(),
            injuries=self.injuries.value(),
            injuries_note=self.injuries_note.text().strip(),
            medical_help=self.medical.value(),
            medical_note=self.medical_note.text().strip(),
            response_delayed=self.delayed.isChecked(),
            delay_plan=self.delay_plan.text().strip() if self.delayed.isChecked() else "",
        )
