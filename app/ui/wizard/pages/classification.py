"""Step 7: classify the case — hate crime, criminalised hate speech, non-crime hate incident or
discrimination — with what each means beside it, the others that also apply where the pack allows
several, and why. A draft may stay unclassified."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import CaseRecord
from app.domain.classification import offence_mismatch
from app.domain.completeness import CRIMINAL_CLASSIFICATIONS
from app.domain.protocol import Item
from app.domain.validation import Issue
from app.i18n import _
from app.i18n.issues import describe
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.wizard.base import StepPage, WizardContext, focus_through, no_caption, quiet
from app.ui.wizard.pages.identification import mnemonics_in, reserved_mnemonics, with_mnemonic

NOT_CLASSIFIED = ""


class ClassificationPage(StepPage):
    step_id = "classification"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self._kept: tuple[str, ...] = ()
        self.summary = QLabel()
        self.summary.setObjectName("recordedSoFar")
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)

        unset_text = _("Not classified &yet")
        caption_text = _("C&lassification:")
        also_text = _("Also a&pplies:")
        reason_text = _("&Why this classification:")
        self._used = reserved_mnemonics() | mnemonics_in(
            [unset_text, caption_text, also_text, reason_text]
        )
        self.choices = QWidget()
        self._column = QVBoxLayout(self.choices)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        for item in context.pack.classifications:
            self._add_choice(item)
        self._unknown_at = self._column.count()
        self._column.addSpacing(6)
        self.unset = self._add_button(
            NOT_CLASSIFIED,
            unset_text,
            _("Leave it open while the facts are still unclear."),
        )
        # The caption's mnemonic goes to the chosen answer; arrow keys then move between them.
        caption = QLabel(caption_text)
        caption.setBuddy(self.choices)
        self.form.addRow(caption, self.choices)
        self.add_error_line("classification")
        coordination = next((s for s in context.pack.steps if s.id == "coordination"), None)
        self.prosecutor_note = QLabel(
            _(
                "An offence (a hate crime or criminalised hate speech) is reported to the"
                " prosecutor: record it on the page “{page}”."
            ).format(page=_(coordination.title) if coordination else _("Coordination"))
        )
        self.prosecutor_note.setObjectName("prosecutorNote")
        self.prosecutor_note.setWordWrap(True)
        self.form.addRow(no_caption(), self.prosecutor_note)
        # The classification against the offence types recorded, with the pack's guidance.
        self.mismatch = FormErrorLabel()
        self.mismatch.setObjectName("classificationMismatch")
        self.form.addRow(no_caption(), self.mismatch)
        self._offence_types: tuple[str, ...] = ()

        # Where the pack allows several: the others that also apply, beside the main one
        # (statistics count the main one). Tab moves between them, Space ticks.
        self.also = QWidget()
        self.also.setObjectName("additionalClassifications")
        also_column = QVBoxLayout(self.also)
        also_column.setContentsMargins(0, 0, 0, 0)
        self.also_boxes: dict[str, QCheckBox] = {}
        for item in context.pack.classifications:
            box = QCheckBox(_(item.label).replace("&", "&&"))
            box.setObjectName(f"also_{item.id}")
            box.setToolTip(_(item.description))
            also_column.addWidget(box)
            self.also_boxes[item.id] = box
        self.also_caption = QLabel(also_text)
        self.also_caption.setBuddy(self.also)
        self.form.addRow(self.also_caption, self.also)
        self.add_error_line("additional_classifications")
        several = context.pack.several_classifications
        self.also.setVisible(several)
        self.also_caption.setVisible(several)

        self.reason = QPlainTextEdit()
        self.reason.setObjectName("classificationReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        reason_caption = QLabel(reason_text)
        reason_caption.setBuddy(self.reason)
        self.form.addRow(reason_caption, self.reason)
        self.add_error_line("classification_reason")

        self.group.buttonToggled.connect(self._choice_changed)
        self.unset.setChecked(True)
        self.watch(*self.buttons.values(), *self.also_boxes.values(), self.reason)

    def _add_choice(self, item: Item, index: int | None = None) -> QRadioButton:
        return self._add_button(
            item.id, with_mnemonic(_(item.label), self._used), _(item.description), index
        )

    def _add_button(
        self, choice: str, text: str, description: str, index: int | None = None
    ) -> QRadioButton:
        button = QRadioButton(text)
        button.setObjectName(f"classification_{choice or 'none'}")
        button.setToolTip(description)
        button.setAccessibleDescription(description)
        self.group.addButton(button)
        self.buttons[choice] = button
        explanation = QLabel(description)
        explanation.setWordWrap(True)
        explanation.setObjectName(f"classification_{choice or 'none'}_description")
        indent = button.style().pixelMetric(button.style().PixelMetric.PM_ExclusiveIndicatorWidth)
        explanation.setContentsMargins(indent + 8, 0, 0, 6)
        at = self._column.count() if index is None else index
        self._column.insertWidget(at, button)
        self._column.insertWidget(at + 1, explanation)
        return button

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            choice = record.classification
            if choice not in self.buttons:  # an id this pack no longer has: kept, shown as it is
                button = self._add_button(
                    choice, choice.replace("&", "&&"), _("Not in this protocol pack any more."),
                    self._unknown_at,
                )  # fmt: skip
                self._unknown_at += 2
                self.watch(button)
            self.buttons[choice].setChecked(True)
            # An id the pack no longer has is kept as it was, unseen (the service refuses it).
            self._kept = tuple(
                c for c in record.additional_classifications if c not in self.also_boxes
            )
            for item_id, box in self.also_boxes.items():
                box.setChecked(item_id in record.additional_classifications)
            self.reason.setPlainText(record.classification_reason)
            self._show_recorded(record)

    def refresh(self, record: CaseRecord) -> None:
        self._show_recorded(record)

    def store(self, record: CaseRecord) -> CaseRecord:
        main = self.classification()
        also = [c for c, box in self.also_boxes.items() if box.isChecked() and c != main]
        return replace(
            record,
            classification=main,
            additional_classifications=(*also, *self._kept) if main else (),
            classification_reason=self.reason.toPlainText().strip(),
        )

    def classification(self) -> str:
        return next((c for c, b in self.buttons.items() if b.isChecked()), NOT_CLASSIFIED)

    def choose(self, classification: str) -> None:
        self.buttons[classification].setChecked(True)

    # ------------------------------------------------------------------ helpers

    def _choice_changed(self) -> None:
        main = self.classification()
        focus_through(self.choices, self.buttons[main])
        # The main one is not also another; with none chosen there is nothing to add to.
        self.also.setEnabled(bool(main))
        for item_id, box in self.also_boxes.items():
            box.setEnabled(item_id != main)
        others = [box for item_id, box in self.also_boxes.items() if item_id != main]
        if others:
            focus_through(self.also, others[0])
        self.prosecutor_note.setVisible(self.classification() in CRIMINAL_CLASSIFICATIONS)
        self._show_mismatch()

    def _show_mismatch(self) -> None:
        main = self.classification()
        mismatch = offence_mismatch(main, self._offence_types)
        if not mismatch:
            self.mismatch.clear_message()
            return
        guidance = self.context.pack.item("classifications", main).description
        self.mismatch.show_message(f"{describe(Issue(mismatch, ''))} {_(guidance)}".strip())

    def _show_recorded(self, record: CaseRecord) -> None:
        """The facts the choice rests on, recorded on earlier pages."""
        pack = self.context.pack
        self._offence_types = record.offence_types
        offences = ", ".join(_(pack.label("offence_types", o)) for o in record.offence_types)
        motives = ", ".join(_(pack.label("motives", m)) for m in record.motives)
        self.summary.setText(
            _("Recorded so far — offence types: {offences}. Bias motives: {motives}.").format(
                offences=offences or _("none yet"), motives=motives or _("none yet")
            )
        )
        self._choice_changed()
