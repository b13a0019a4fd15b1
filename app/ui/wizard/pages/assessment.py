"""Step 8: the individual needs assessment of every victim (Dir. 2012/29/EU Art. 22): factors,
protection needs, support needs and measures, and a risk level — suggested from the factors,
chosen by the officer, with the reason when the two differ."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, SignalInstance
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

from app.domain.assessment import (
    CHILD_FACTOR,
    RiskSuggestion,
    explain_risk,
    presumed_protection_needs,
)
from app.domain.case import CaseRecord, NeedsAssessment, Person, RiskLevel
from app.domain.child import age_day, is_child
from app.domain.protocol import ProtocolPack
from app.i18n import N_, _, format_datetime
from app.ui import labels
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.wizard.base import ChoiceList, WizardContext, YesNo, no_caption, quiet
from app.ui.wizard.victim_page import VictimForm, VictimPage

# Art. 22(2): personal characteristics, the type of crime, its circumstances.
FACTOR_GROUPS: tuple[tuple[str, str], ...] = (
    ("personal", N_("&Personal")),
    ("crime", N_("Cr&ime")),
    ("circumstances", N_("Circums&tances")),
)


def fit(choices: ChoiceList, rows: int) -> None:
    """The list exactly as tall as its rows: no inner scrolling, the page scrolls instead. A
    label wider than its column ends in "…": a horizontal scroll bar would hide the last row."""
    view = choices.list
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setFixedHeight(view.sizeHintForRow(0) * rows + 2 * view.frameWidth() + 2)
    choices.setMaximumHeight(view.maximumHeight())


def captioned(caption: str, widget: QWidget) -> QVBoxLayout:
    """A caption (with its mnemonic) above a widget."""
    column = QVBoxLayout()
    label = QLabel(caption)
    label.setBuddy(widget)
    column.addWidget(label)
    column.addWidget(widget)
    column.addStretch(1)
    return column


class AssessmentForm(VictimForm):
    def __init__(
        self, person: Person, pack: ProtocolPack, now: Callable[[], datetime], actor: str
    ) -> None:
        super().__init__(person)
        self.pack = pack
        # Under 18 on the day of the incident (the page sets it from the record): Art. 22(4).
        self.child = False
        self._now = now
        self._actor = actor
        self.assessed_at: datetime | None = None
        self.assessed_by = ""
        # Nothing is recorded for a victim until the officer fills something in.
        self.started = False
        self._filling = False
        # The chosen level moves with the suggestion until the officer picks another one.
        self.follows_suggestion = True

        self.state = QLabel()
        self.state.setObjectName("assessmentState")
        self.outer.addWidget(self.state)

        factors = QHBoxLayout()
        self.factor_lists: dict[str, ChoiceList] = {}
        factor_items = pack.assessment_factors
        groups = {g: [i for i in factor_items if i.group == g] for g, _c in FACTOR_GROUPS}
        tallest = max((len(items) for items in groups.values()), default=1)
        for group, caption in FACTOR_GROUPS:
            choices = ChoiceList(groups[group], rows=tallest)
            fit(choices, tallest)
            factors.addLayout(captioned(_(caption), choices), 1)
            self.factor_lists[group] = choices
        self.outer.addLayout(factors)

        risk = QFormLayout()
        risk.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(risk)
        self.suggested = QLabel()
        self.suggested.setObjectName("suggestedRisk")
        self.suggested.setWordWrap(True)
        bold = self.suggested.font()
        bold.setBold(True)
        self.suggested.setFont(bold)
        risk.addRow(_("Suggested risk:"), self.suggested)
        self.why = QLabel()
        self.why.setObjectName("riskWhy")
        self.why.setWordWrap(True)
        risk.addRow(no_caption(), self.why)
        self.level = QComboBox()
        for level in RiskLevel:
            self.level.addItem(labels.label(level), level.value)
        risk.addRow(_("Risk &level:"), self.level)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why you judge the risk differently"))
        risk.addRow(_("&Reason for a different level:"), self.reason)
        self.reason_error = FormErrorLabel()
        risk.addRow(no_caption(), self.reason_error)
        self.protection = YesNo()
        risk.addRow(_("Protection nee&ds:"), self.protection)
        # A child's needs are presumed: "no" is said with its reason (Art. 22(4)).
        self.no_needs_reason = QLineEdit()
        risk.addRow(_("Why the child needs n&o protection:"), self.no_needs_reason)

        lists = QHBoxLayout()
        rows = max(len(pack.needs), len(pack.measures), 1)
        self.needs = ChoiceList(pack.needs, rows=rows)
        fit(self.needs, rows)
        lists.addLayout(captioned(_("Support n&eeds:"), self.needs), 1)
        self.measures = ChoiceList(pack.measures, rows=rows)
        fit(self.measures, rows)
        lists.addLayout(captioned(_("&Measures:"), self.measures), 1)
        self.outer.addLayout(lists)

        wishes = QFormLayout()
        wishes.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.outer.addLayout(wishes)
        self.declines = QCheckBox(_("The victim re&fuses protection measures"))
        wishes.addRow("", self.declines)
        self.wishes = QPlainTextEdit()
        self.wishes.setTabChangesFocus(True)
        self.wishes.setFixedHeight(self.wishes.fontMetrics().lineSpacing() * 3 + 14)
        wishes.addRow(_("The victim's wis&hes:"), self.wishes)
        self.outer.addStretch(1)  # room to spare goes below the form, not between its parts

        for choices in self.factor_lists.values():
            choices.list.itemChanged.connect(self._factors_changed)
        self.level.activated.connect(self._level_chosen)
        self.level.currentIndexChanged.connect(self._update_override)
        self.reason.textChanged.connect(self._update_override)
        self.protection.currentIndexChanged.connect(self._update_no_needs)
        for widget in self.widgets():
            for signal in _signals(widget):
                signal.connect(self._start)

    def widgets(self) -> tuple[QWidget, ...]:
        return (
            *self.factor_lists.values(), self.level, self.reason, self.protection,
            self.no_needs_reason, self.needs, self.measures, self.declines, self.wishes,
        )  # fmt: skip

    # ------------------------------------------------------------------ values

    def factors(self) -> tuple[str, ...]:
        chosen = {f for choices in self.factor_lists.values() for f in choices.selected()}
        return tuple(item.id for item in self.pack.assessment_factors if item.id in chosen)

    def explanation(self) -> RiskSuggestion:
        return explain_risk(self.pack, self.factors(), child=self.child)

    def suggestion(self) -> RiskLevel:
        return self.explanation().level

    def level_value(self) -> RiskLevel:
        return RiskLevel(self.level.currentData())

    def overridden(self) -> bool:
        return self.level_value() is not self.suggestion()

    def fill(self, assessment: NeedsAssessment | None) -> None:
        self._filling = True
        try:
            self._fill(assessment)
        finally:
            self._filling = False

    def _fill(self, assessment: NeedsAssessment | None) -> None:
        a = assessment or NeedsAssessment(self.person.key, datetime.min, "")
        self.started = assessment is not None
        self.assessed_at = assessment.assessed_at if assessment else None
        self.assessed_by = assessment.assessed_by if assessment else ""
        # A new child's assessment starts with the child factor ticked: the suggestion counts it.
        factors = a.factors if assessment else self._starting_factors()
        for choices in self.factor_lists.values():
            choices.set_selected(factors)
        # Art. 22(4): a child's assessment starts at "yes" (the officer may still change it).
        started = assessment is not None
        self.protection.set_value(
            a.protection_needs if started else presumed_protection_needs(self.child)
        )
        self.needs.set_selected(a.needs)
        self.measures.set_selected(a.measures)
        suggestion = self.suggestion()
        level = a.risk_level or suggestion
        self.level.setCurrentIndex(self.level.findData(level.value))
        self.follows_suggestion = level is suggestion
        self.reason.setText(a.risk_override_reason)
        self.no_needs_reason.setText(a.no_needs_reason)
        self.declines.setChecked(a.declines_measures)
        self.wishes.setPlainText(a.victim_wishes)
        self._update_suggestion()
        self._update_no_needs()
        self._show_state()

    def follow_person(self, person: Person, child: bool) -> None:
        """The victim became (or stopped being) a child on another step."""
        self.person = person
        self.child = child
        self._filling = True
        try:
            if not self.started:  # nothing recorded yet: start where a new assessment would
                self.protection.set_value(presumed_protection_needs(child))
                for choices in self.factor_lists.values():
                    choices.set_selected(self._starting_factors())
            self._factors_changed()
            self._update_no_needs()
        finally:
            self._filling = False

    def _starting_factors(self) -> tuple[str, ...]:
        return (CHILD_FACTOR,) if self.child else ()

    def assessment(self) -> NeedsAssessment | None:
        if not self.started:
            return None
        if self.assessed_at is None:
            self.assessed_at = self._now()  # when first created; kept after
            self.assessed_by = self._actor
            self._show_state()
        overridden = self.overridden()
        return NeedsAssessment(
            person_key=self.person.key,
            assessed_at=self.assessed_at,
            assessed_by=self.assessed_by or self._actor,
            factors=self.factors(),
            protection_needs=self.protection.value(),
            needs=self.needs.selected(),
            measures=self.measures.selected(),
            risk_suggested=self.suggestion(),
            risk_level=self.level_value(),
            risk_override_reason=self.reason.text().strip() if overridden else "",
            declines_measures=self.declines.isChecked(),
            victim_wishes=self.wishes.toPlainText().strip(),
            no_needs_reason=self.no_needs_reason.text().strip() if self._says_no() else "",
        )

    # ------------------------------------------------------------------ reactions

    def _start(self) -> None:
        if not self.started and not self._filling:
            self.started = True
            self._show_state()

    def _factors_changed(self) -> None:
        if self.follows_suggestion:
            self.level.setCurrentIndex(self.level.findData(self.suggestion().value))
        self._update_suggestion()

    def _says_no(self) -> bool:
        return self.child and self.protection.value() is False

    def _update_no_needs(self) -> None:
        self.no_needs_reason.setEnabled(self._says_no())

    def _level_chosen(self) -> None:
        self.follows_suggestion = not self.overridden()
        self._update_override()

    def _update_suggestion(self) -> None:
        explained = self.explanation()
        text = labels.label(explained.level)
        if explained.child and explained.level is not RiskLevel.HIGH:
            text = _("{level} — a child is presumed to need protection").format(level=text)
        self.suggested.setText(text)
        self.why.setText(why_text(explained))
        self._update_override()

    def _update_override(self) -> None:
        overridden = self.overridden()
        self.reason.setEnabled(overridden)
        if overridden and not self.reason.text().strip():
            self.reason_error.show_message(
                _("You chose {level}, the factors suggest {suggested}: give the reason.").format(
                    level=labels.label(self.level_value()),
                    suggested=labels.label(self.suggestion()),
                )
            )
        else:
            self.reason_error.clear_message()

    def _show_state(self) -> None:
        if not self.started:
            self.state.setText(
                _("Not assessed yet: the assessment is recorded as soon as you fill something in.")
            )
        elif self.assessed_at is None:
            self.state.setText(_("Being assessed now."))
        else:
            self.state.setText(
                _("Assessed on {when} by {who}.").format(
                    when=format_datetime(self.assessed_at), who=self.assessed_by
                )
            )


def why_text(explained: RiskSuggestion) -> str:
    """One line: the factors that set the suggested level (app.domain.assessment's rule)."""
    factors = "; ".join(_(item.label) for item in explained.drivers)
    if not factors:
        return "" if explained.child else _("No factor ticked points to more than low risk.")
    if explained.raised:
        return _("Set by: {factors} — together they raise the level one step.").format(
            factors=factors
        )
    return _("Set by: {factors}.").format(factors=factors)


def _signals(widget: QWidget) -> list[SignalInstance]:
    if isinstance(widget, ChoiceList):
        return [widget.list.itemChanged]
    if isinstance(widget, QComboBox):
        return [widget.activated]
    if isinstance(widget, QLineEdit):
        return [widget.textEdited]
    if isinstance(widget, QCheckBox):
        return [widget.clicked]
    if isinstance(widget, QPlainTextEdit):
        return [widget.textChanged]
    return []


class AssessmentPage(VictimPage[AssessmentForm]):
    step_id = "assessment"
    parts = ("assessments",)

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self.add_victim_tabs()

    def make_form(self, person: Person) -> AssessmentForm:
        form = AssessmentForm(
            person, self.context.pack, self.context.now, self.context.actor.username
        )
        self.watch(*form.widgets())
        return form

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            self.sync_victims(record)
            for key, form in self.tabs.forms().items():
                form.child = is_child(form.person, age_day(record))
                form.fill(_assessment_of(record, key))

    def refresh(self, record: CaseRecord) -> None:
        with quiet(self):
            new = self.sync_victims(record)
            for key, form in self.tabs.forms().items():
                child = is_child(form.person, age_day(record))
                if key in new:
                    form.child = child
                    form.fill(_assessment_of(record, key))
                else:
                    form.follow_person(form.person, child)

    def store(self, record: CaseRecord) -> CaseRecord:
        managed = self.managed_keys(record)
        forms = self.tabs.forms()
        kept = [a for a in record.assessments if a.person_key not in managed]
        made = [forms[key].assessment() for key in managed]
        assessments = tuple(kept + [a for a in made if a is not None])
        return self.remember(replace(record, assessments=assessments))


def _assessment_of(record: CaseRecord, key: str) -> NeedsAssessment | None:
    return next((a for a in record.assessments if a.person_key == key), None)
