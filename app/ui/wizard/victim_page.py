"""What the steps done for every victim share (rights, assessment, referral): one tab per
victim, a note when the case has no individual victim, and each issue shown in the tab of the
victim it is about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.case import CaseRecord, Person
from app.domain.validation import Issue
from app.i18n import _
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.wizard.base import PerVictim, StepPage, WizardContext
from app.ui.wizard.gaps import in_tab_text, indexed_item, person_of

WARNING_MARK = "⚠ "


class VictimForm(QWidget):
    """The sub-form of one victim. Its issues are listed at its top."""

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(6, 6, 6, 6)
        self.errors = FormErrorLabel()
        self.outer.addWidget(self.errors)

    def show_person_issues(self, issues: Sequence[Issue], record: CaseRecord) -> None:
        self.errors.show_message("\n".join(in_tab_text(issue, record) for issue in issues))


F = TypeVar("F", bound=VictimForm)


class VictimPage(StepPage, Generic[F]):
    """A step page with one tab per victim. Subclasses build `make_form`, and list the parts
    of the record (e.g. "rights") whose problems belong in a victim's tab here."""

    parts: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self._last: CaseRecord | None = None
        self.no_victims = QLabel(
            _("This case has no individual victim: this step is not needed for it.")
        )
        self.no_victims.setObjectName("noVictims")
        self.no_victims.setWordWrap(True)
        self.no_victims.hide()
        self.tabs: PerVictim[F] = PerVictim(self.make_form)

    def add_victim_tabs(self) -> None:
        """Places the tabs (and the no-victim note) as the next rows of the page's form."""
        self.form.addRow(self.no_victims)
        self.form.addRow(self.tabs)

    def make_form(self, person: Person) -> F:
        raise NotImplementedError

    def sync_victims(self, record: CaseRecord) -> dict[str, F]:
        """A tab per victim; returns the forms created now (to fill), by person key."""
        before = set(self.tabs.forms())
        forms = self.tabs.sync(record.victims())
        for form in forms.values():
            form.person = next(v for v in record.victims() if v.key == form.person.key)
        has_victims = bool(forms)
        self.tabs.setVisible(has_victims)
        self.no_victims.setVisible(not has_victims)
        return {key: form for key, form in forms.items() if key not in before}

    def managed_keys(self, record: CaseRecord) -> list[str]:
        """The victims of `record` that have a tab here, in the case's order."""
        forms = self.tabs.forms()
        return [v.key for v in record.victims() if v.key in forms]

    def remember(self, record: CaseRecord) -> CaseRecord:
        """Store's result, for placing issues when the page is used without a wizard."""
        self._last = record
        return record

    def current_record(self) -> CaseRecord | None:
        wizard = getattr(self, "wizard_ref", None)
        if wizard is not None:
            record: CaseRecord = wizard.record()
            return record
        return self._last

    def owns(self, issue: Issue, record: CaseRecord) -> bool:
        """Whether the issue belongs to this step (and so in a victim's tab here)."""
        if issue.params.get("step") == self.step_id:
            return True
        found = indexed_item(issue, record)
        return found is not None and found[0] in self.parts

    def show_issues(self, issues: Sequence[Issue]) -> None:
        record = self.current_record()
        forms = self.tabs.forms()
        by_person: dict[str, list[Issue]] = {key: [] for key in forms}
        rest: list[Issue] = []
        for issue in issues:
            key = person_of(issue, record) if record is not None else None
            if record is not None and key in by_person and self.owns(issue, record):
                by_person[key].append(issue)
            else:
                rest.append(issue)
        super().show_issues(rest)
        for key, form in forms.items():
            if record is not None:
                form.show_person_issues(by_person[key], record)
            index = self.tabs.indexOf(form)
            if index >= 0:
                text = self.tabs.tabText(index).removeprefix(WARNING_MARK)
                self.tabs.setTabText(index, (WARNING_MARK if by_person[key] else "") + text)
