"""Step 6: identify a possible hate incident.

Two things are kept apart (LED Art. 7: facts and assessments): what the victim and witnesses
perceived, in their words, and the bias indicators the officer observed, with the motives the
officer sees and the officer's reasoning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import (
    CaseRecord,
    IndicatorObservation,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
)
from app.domain.validation import Issue
from app.i18n import _
from app.ui import labels
from app.ui.widgets.buttons import ok_cancel_buttons
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.widgets.tables import row_picker
from app.ui.wizard.base import (
    ChoiceList,
    StepPage,
    WizardContext,
    button_texts,
    focus_through,
    no_caption,
    quiet,
)
from app.ui.wording import person_name

# Letters the wizard's own buttons use: Save and &close, < &Back, &Next >, &Submit for review.
UNKNOWN_MOTIVE = "unknown"
BOLD_TITLE = "QGroupBox { font-weight: bold; }"  # the title only: children keep their font
SOURCE_OF_ROLE = {
    PersonRole.VICTIM: PerceptionSource.VICTIM,
    PersonRole.WITNESS: PerceptionSource.WITNESS,
    PersonRole.REPORTER: PerceptionSource.REPORTER,
    PersonRole.SUSPECT: PerceptionSource.OTHER,
}


def mnemonics_in(texts: Iterable[str]) -> set[str]:
    """The mnemonic letters ("&x") these texts already use, in capitals."""
    used: set[str] = set()
    for text in texts:
        i = 0
        while i < len(text) - 1:
            if text[i] == "&":
                if text[i + 1] != "&":
                    used.add(text[i + 1].upper())
                i += 2
            else:
                i += 1
    return used


def with_mnemonic(text: str, used: set[str]) -> str:
    """`text` (a pack label, already translated) with an & before a letter not in `used`: the
    first letter of a word if one is free, else any letter; `used` gains it. Without a free
    letter the text stays as it is (it is still reachable with Tab)."""
    candidates = [i for i, ch in enumerate(text) if ch.isalpha() and (i == 0 or text[i - 1] == " ")]
    candidates += [i for i, ch in enumerate(text) if ch.isalpha() and i not in candidates]
    escaped = text.replace("&", "&&")
    for i in candidates:
        letter = text[i].upper()
        if letter in used:
            continue
        used.add(letter)
        before = text[:i].replace("&", "&&")
        return f"{before}&{text[i:].replace('&', '&&')}"
    return escaped


def persons_by_key(persons: Sequence[Person]) -> dict[str, Person]:
    return {p.key: p for p in persons}


def perceiver(key: str | None, persons: dict[str, Person]) -> str:
    if key is None:
        return _("Not named")
    person = persons.get(key)
    if person is None:
        return key
    return f"{person_name(person)} ({labels.label(person.role)})"


class PerceptionDialog(QDialog):
    """What one person perceived: who, in which role, and why they think they were targeted."""

    def __init__(
        self, perception: Perception, persons: Sequence[Person], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("What they perceived"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.person = QComboBox()
        self.person.addItem(_("Not named (someone not in the case)"), None)
        for person in persons:
            self.person.addItem(f"{person_name(person)} ({labels.label(person.role)})", person.key)
        if perception.person_key is not None and self.person.findData(perception.person_key) < 0:
            self.person.addItem(perception.person_key, perception.person_key)
        person_label = QLabel(_("&Person:"))
        person_label.setBuddy(self.person)
        form.addRow(person_label, self.person)
        self.source = QComboBox()
        for source in PerceptionSource:
            self.source.addItem(labels.label(source), source.value)
        source_label = QLabel(_("&Who perceived it:"))
        source_label.setBuddy(self.source)
        form.addRow(source_label, self.source)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(110)
        self.text.setPlaceholderText(_("In their words: why do they think they were targeted?"))
        text_label = QLabel(_("Wh&at they perceived:"))
        text_label.setBuddy(self.text)
        form.addRow(text_label, self.text)
        buttons = ok_cancel_buttons()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._persons = persons_by_key(persons)
        self.person.setCurrentIndex(max(0, self.person.findData(perception.person_key)))
        self.source.setCurrentIndex(max(0, self.source.findData(perception.source.value)))
        self.text.setPlainText(perception.text)
        self.person.currentIndexChanged.connect(self._person_changed)
        self.resize(560, self.sizeHint().height())

    def perception(self) -> Perception:
        key = self.person.currentData()
        return Perception(
            source=PerceptionSource(self.source.currentData()),
            text=self.text.toPlainText().strip(),
            person_key=str(key) if key is not None else None,
        )

    def _person_changed(self) -> None:
        """Choosing a victim means the victim perceived it; a witness, a witness..."""
        person = self._persons.get(self.person.currentData() or "")
        if person is not None:
            source = SOURCE_OF_ROLE[person.role]
            self.source.setCurrentIndex(max(0, self.source.findData(source.value)))


class IdentificationPage(StepPage):
    step_id = "identification"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        pack = context.pack
        self._perceptions: list[Perception] = []
        self._persons: tuple[Person, ...] = ()
        self._extra_indicators: tuple[IndicatorObservation, ...] = ()
        self._extra_motives: tuple[str, ...] = ()
        self.dialog: PerceptionDialog | None = None
        fixed = (
            _("&Perceptions:"), _("&Add perception…"), _("&Edit perception…"),
            _("Re&move perception"), _("Bias m&otives:"), _("Your &reasoning:"),
        )  # fmt: skip
        used = reserved_mnemonics() | mnemonics_in(fixed)
        form = self.form

        # (a) What the victim and witnesses perceived: their view, in their words.
        perceived = QGroupBox(_("What the victim and witnesses perceived"))
        perceived.setObjectName("perceived")
        perceived.setStyleSheet(BOLD_TITLE)
        self.form = QFormLayout(perceived)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        guidance = QLabel(
            _(
                "Ask why they think they were targeted — not whether it was a hate crime. Their"
                " perception alone is reason to investigate the motive; no proof is needed."
            )
        )
        guidance.setWordWrap(True)
        self.form.addRow(guidance)
        self.perceptions = QTableWidget(0, 3)
        self.perceptions.setObjectName("perceptions")
        self.perceptions.setHorizontalHeaderLabels(
            [_("Perceived by"), _("Person"), _("What they perceived")]
        )
        row_picker(self.perceptions)
        self.perceptions.setTabKeyNavigation(False)
        self.perceptions.setWordWrap(True)
        header = self.perceptions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 200)
        header.setStretchLastSection(True)
        self.perceptions.setMinimumHeight(110)
        self.perceptions.setMaximumHeight(170)
        self.perceptions.doubleClicked.connect(lambda _index: self.edit_selected())
        self.perceptions.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(fixed[1])
        self.add_button.clicked.connect(self.add_perception)
        self.edit_button = QPushButton(fixed[2])
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(fixed[3])
        self.remove_button.clicked.connect(self.remove_selected)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.perceptions)
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        focus_through(self.add_row(fixed[0], box, "perceptions"), self.perceptions)
        self.victim_perception_error = FormErrorLabel()
        self.victim_perception_error.setObjectName("victim_perception_error")
        self.form.addRow(no_caption(), self.victim_perception_error)

        # (b) What the officer observed: an assessment, not a fact.
        observed = QGroupBox(_("Bias indicators you observed (your assessment)"))
        observed.setObjectName("observed")
        observed.setStyleSheet(BOLD_TITLE)
        self.form = QFormLayout(observed)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        note = QLabel(
            _(
                "Tick each indicator you observed and say what you saw. No indicator proves"
                " bias: each is a reason to investigate the motive."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self.indicators: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for index, item in enumerate(pack.indicators):
            tick = QCheckBox(with_mnemonic(_(item.label), used))
            tick.setObjectName(f"indicator_{item.id}")
            if item.description:
                tick.setToolTip(_(item.description))
            detail = QLineEdit()
            detail.setObjectName(f"indicator_{item.id}_note")
            detail.setPlaceholderText(_("What you observed"))
            detail.setAccessibleName(_("What you observed: {indicator}").format(
                indicator=_(item.label)
            ))  # fmt: skip
            detail.setEnabled(False)
            tick.toggled.connect(detail.setEnabled)
            grid.addWidget(tick, index, 0)
            grid.addWidget(detail, index, 1)
            self.indicators[item.id] = (tick, detail)
            self.watch(tick, detail)
        self.form.addRow(grid_box)
        self.add_error_line("indicators")
        self.motives = ChoiceList(pack.motives, rows=len(pack.motives))
        self.motives.list.setMinimumHeight(self.motives.list.maximumHeight())
        self.add_row(fixed[4], self.motives, "motives")
        self.motive_warning = QLabel()
        self.motive_warning.setObjectName("motiveWarning")
        self.motive_warning.setWordWrap(True)
        self.motive_warning.hide()
        self.form.addRow(no_caption(), self.motive_warning)
        self.motives.list.itemChanged.connect(self._motives_changed)
        self.assessment = QPlainTextEdit()
        self.assessment.setTabChangesFocus(True)
        self.assessment.setFixedHeight(110)
        self.assessment.setPlaceholderText(
            _("Why you think bias may, or may not, be the motive: the facts you rely on.")
        )
        self.add_row(fixed[5], self.assessment, "officer_assessment")
        # Both groups in one column, one row of the page: QFormLayout places consecutive
        # full-width rows whose height depends on their width at stale heights once a message
        # appears in one (a group squeezed, the other too tall); a column does not.
        groups = QWidget()
        column = QVBoxLayout(groups)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(perceived)
        column.addWidget(observed)
        form.addRow(groups)
        self.form = form

        self._selection_changed()
        self.watch(self.motives, self.assessment)

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        known = set(self.context.pack.ids("indicators"))
        observed = {o.indicator: o for o in record.indicators}
        with quiet(self):
            self._persons = record.persons
            self._perceptions = list(record.perceptions)
            self._show_perceptions()
            for indicator, (tick, detail) in self.indicators.items():
                observation = observed.get(indicator)
                tick.setChecked(observation is not None)
                detail.setText(observation.note if observation else "")
                detail.setEnabled(observation is not None)
            self._extra_indicators = tuple(o for o in record.indicators if o.indicator not in known)
            motives = set(self.context.pack.ids("motives"))
            self.motives.set_selected(record.motives)
            self._extra_motives = tuple(m for m in record.motives if m not in motives)
            self.assessment.setPlainText(record.officer_assessment)
            self._motives_changed()

    def refresh(self, record: CaseRecord) -> None:
        """Persons named on the incident page since: their names in the list and the dialog."""
        self._persons = record.persons
        self._show_perceptions()

    def store(self, record: CaseRecord) -> CaseRecord:
        indicators = tuple(
            IndicatorObservation(indicator, detail.text().strip())
            for indicator, (tick, detail) in self.indicators.items()
            if tick.isChecked()
        )
        return replace(
            record,
            perceptions=tuple(self._perceptions),
            indicators=indicators + self._extra_indicators,
            motives=self.motives.selected() + self._extra_motives,
            officer_assessment=self.assessment.toPlainText().strip(),
        )

    # ------------------------------------------------------------------ perceptions

    def add_perception(self) -> PerceptionDialog:
        """Opens the dialog for a new perception; accepting it adds it."""
        victims = [p for p in self._persons if p.role is PersonRole.VICTIM]
        start = Perception(
            PerceptionSource.VICTIM if victims or not self._persons else PerceptionSource.OTHER,
            "",
            victims[0].key if len(victims) == 1 else None,
        )
        return self._open_dialog(start, None)

    def edit_selected(self) -> PerceptionDialog | None:
        row = self.selected_row()
        if row < 0:
            return None
        return self._open_dialog(self._perceptions[row], row)

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        answer = QMessageBox.question(
            self,
            _("Remove this perception?"),
            _("Remove what {who} perceived from the case?").format(
                who=perceiver(self._perceptions[row].person_key, persons_by_key(self._persons))
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_perception(row)

    def remove_perception(self, row: int) -> None:
        del self._perceptions[row]
        self._show_perceptions()
        self.changed.emit()

    def selected_row(self) -> int:
        rows = self.perceptions.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _open_dialog(self, perception: Perception, row: int | None) -> PerceptionDialog:
        dialog = PerceptionDialog(perception, self._persons, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog, row))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_accepted(self, dialog: PerceptionDialog, row: int | None) -> None:
        perception = dialog.perception()
        if row is None:
            self._perceptions.append(perception)
            row = len(self._perceptions) - 1
        else:
            self._perceptions[row] = perception
        self._show_perceptions()
        self.perceptions.selectRow(row)
        self.changed.emit()

    def _dialog_closed(self, dialog: PerceptionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.perceptions.setFocus()

    def _show_perceptions(self) -> None:
        selected = self.selected_row()
        persons = persons_by_key(self._persons)
        self.perceptions.setRowCount(len(self._perceptions))
        for row, perception in enumerate(self._perceptions):
            cells = (
                labels.label(perception.source),
                perceiver(perception.person_key, persons),
                " ".join(perception.text.split()),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(perception.text if column == 2 else text)
                self.perceptions.setItem(row, column, item)
        if 0 <= selected < len(self._perceptions):
            self.perceptions.selectRow(selected)
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = self.selected_row() >= 0
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # ------------------------------------------------------------------ motives and issues

    def _motives_changed(self) -> None:
        selected = self.motives.selected()
        mixed = UNKNOWN_MOTIVE in selected and len(selected) > 1
        if mixed:
            unknown = next(m for m in self.context.pack.motives if m.id == UNKNOWN_MOTIVE)
            self.motive_warning.setText(
                _(
                    "“{unknown}” is ticked together with other motives. If the motive is known"
                    " now, untick “{unknown}”; if it is still being assessed, untick the others."
                ).format(unknown=_(unknown.label))
            )
        self.motive_warning.setVisible(mixed)

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """A victim without a recorded perception is named under the perceptions."""
        mine = [i for i in issues if i.field == "victim_perception"]
        super().show_issues([i for i in issues if i.field != "victim_perception"])
        persons = persons_by_key(self._persons)
        lines = []
        for issue in mine:
            key = str(issue.params.get("person", ""))
            person = persons.get(key)
            name = person_name(person) if person else _("Victim {key}").format(key=key)
            lines.append(
                _(
                    "Record what {name} perceived: ask them why they think they were targeted"
                    " (perceived by: Victim)."
                ).format(name=name)
            )
        self.victim_perception_error.show_message("\n".join(lines))


def reserved_mnemonics() -> set[str]:
    """The Alt letters of the wizard's own buttons (also those of a correction), in the screen
    language: labels made from pack items must not take them."""
    return mnemonics_in([*button_texts().values(), *button_texts(supplement=True).values()])
