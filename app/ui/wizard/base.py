"""What every wizard page shares: the step's guidance from the protocol pack, a form whose rows
carry their own error line, and the load/store contract with the wizard.

The wizard owns the case record (a frozen CaseRecord). A page copies it into its widgets in
`load`, and writes its widgets back with `store`, which returns a new record. Whenever a watched
widget changes, the page emits `changed`; the wizard then stores every page and autosaves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.domain.case import CaseRecord, Person
from app.domain.marks import DatabaseMark
from app.domain.protocol import Item, ProtocolPack
from app.domain.validation import Issue
from app.i18n import _
from app.i18n.issues import describe
from app.ui.widgets.banner import DemoBanner
from app.ui.widgets.dates import TypedDateField
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.widgets.languages import LanguageList
from app.ui.wizard.gaps import in_tab_text
from app.ui.wording import person_name

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

W = TypeVar("W", bound=QWidget)
ITEM_ID = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class WizardContext:
    """What pages need besides the record: who works, under which pack, with which services."""

    services: Services
    actor: Actor
    pack: ProtocolPack
    case_id: int
    demo: DatabaseMark = DatabaseMark.NONE
    # The content as it was last submitted (a returned case): dropping its every bias motive
    # then needs a reason instead of a motive.
    submitted: CaseRecord | None = None
    # Full names of the users the case names (who gave the rights information...), for the recap.
    user_names: Mapping[str, str] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.services.backend.clock()


class CaseHost(Protocol):
    """What a page may ask of the wizard it is bound to (the CaseWizard). A protocol, because
    the wizard imports the pages: they cannot import it back."""

    case_id: int
    version: int
    pages: list[StepPage]

    def record(self) -> CaseRecord: ...

    def save_now(self) -> bool: ...

    def adopt(self, opened: OpenedCase) -> None: ...


def button_texts(supplement: bool = False) -> dict[QWizard.WizardButton, str]:
    """The wizard's buttons in the screen language (correcting an approved case: saving the
    supplement, or closing without it). Their Alt letters are taken before any page's (see
    `reserved_mnemonics`)."""
    return {
        QWizard.WizardButton.FinishButton: _("&Save the supplement…")
        if supplement
        else _("&Submit for review"),
        QWizard.WizardButton.CancelButton: _("&Close without saving")
        if supplement
        else _("Save and &close"),
        QWizard.WizardButton.NextButton: _("&Next >"),
        QWizard.WizardButton.BackButton: _("< &Back"),
    }


class StepPage(QWizardPage):
    """One step of the Local Action Plan. Subclasses set `step_id` and build their form."""

    changed = Signal()
    step_id: ClassVar[str] = ""

    def __init__(self, context: WizardContext) -> None:
        super().__init__()
        self.context = context
        self._error_lines: list[tuple[str, FormErrorLabel]] = []
        step = next((s for s in context.pack.steps if s.id == self.step_id), None)
        self.setTitle(_(step.title) if step else "")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if context.demo:  # every screen of a demo or training database says so
            outer.addWidget(DemoBanner(context.demo))
        if step and step.guidance:
            guidance = QLabel("\n".join(f"• {_(line)}" for line in step.guidance))
            guidance.setObjectName("guidance")
            guidance.setWordWrap(True)
            guidance.setFrameShape(QFrame.Shape.StyledPanel)
            guidance.setContentsMargins(8, 6, 8, 6)
            outer.addWidget(guidance)
        # The reviewer's comments on this section of a returned case, beside its fields.
        self.review_note = QLabel()
        self.review_note.setObjectName("reviewNote")
        self.review_note.setWordWrap(True)
        self.review_note.setTextFormat(Qt.TextFormat.PlainText)
        self.review_note.setFrameShape(QFrame.Shape.Box)
        self.review_note.setContentsMargins(8, 6, 8, 6)
        self.review_note.setStyleSheet("QLabel#reviewNote { background: #fff4d6; }")
        self.review_note.hide()
        outer.addWidget(self.review_note)
        # Long pages scroll instead of pushing the wizard's buttons off a 1366x768 screen.
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.page_errors = FormErrorLabel()
        outer.addWidget(self.page_errors)

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        """Fills the widgets from the record (without emitting `changed`)."""
        raise NotImplementedError

    def store(self, record: CaseRecord) -> CaseRecord:
        """The record with this page's fields taken from the widgets."""
        raise NotImplementedError

    def refresh(self, record: CaseRecord) -> None:
        """Called when the page is shown: e.g. victims named on another page appear here."""

    def validatePage(self) -> bool:
        """Next and Submit wait while a date on the page is text that is no date: what was
        typed would otherwise be lost (or a time filled in earlier kept in its place)."""
        field = self.refused_date()
        if field is not None:
            field.setFocus()
            field.selectAll()
            return False
        return super().validatePage()

    def refused_date(self) -> TypedDateField | None:
        """The first date field on the page whose text is no date."""
        fields = self.findChildren(TypedDateField)
        return next((f for f in fields if f.isVisibleTo(self) and f.refused()), None)

    def show_review_notes(self, notes: Sequence[str]) -> None:
        """The reviewer's comments for this page, shown above its fields (none: hidden)."""
        self.review_note.setText("\n\n".join(notes))
        self.review_note.setVisible(bool(notes))

    def bind(self, wizard: CaseHost) -> None:
        """The wizard, for pages that act on the case directly (attachments) or look at it."""
        self.wizard_ref = wizard

    # ------------------------------------------------------------------ building the form

    def add_row(self, label: str, widget: W, field: str = "") -> W:
        """A labelled row; `label` may hold an & mnemonic, which focuses the widget (keyboard
        use). Issues whose path starts with `field` are shown under the widget."""
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        if isinstance(widget, TypedDateField):  # what typed is no date, just under it
            self.form.addRow(no_caption(), widget.message)
        if field:
            self.add_error_line(field)
        return widget

    def add_error_line(self, field: str) -> FormErrorLabel:
        line = FormErrorLabel()
        self.form.addRow(no_caption(), line)
        self._error_lines.append((field, line))
        return line

    def watch(self, *widgets: QWidget) -> None:
        """Any edit of these widgets is a change to save."""
        for widget in widgets:
            for signal in _change_signals(widget):
                signal.connect(self.changed)

    def places(self, issue: Issue) -> bool:
        """Whether this page has a line for the issue's field."""
        return self._error_line_index(issue) is not None

    def _error_line_index(self, issue: Issue) -> int | None:
        matches = [
            (len(field), index)
            for index, (field, _line) in enumerate(self._error_lines)
            if issue.field == field or issue.field.startswith((field + ".", field + "["))
        ]
        return max(matches)[1] if matches else None

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """Shows each issue under the row whose field is the longest prefix of its path; an issue
        of this step that no page has a line for (the wizard routes them) names its field."""
        by_line: dict[int, list[str]] = {}
        unplaced: list[str] = []
        for issue in issues:
            index = self._error_line_index(issue)
            if index is not None:
                by_line.setdefault(index, []).append(describe_for_officer(issue))
            elif issue.params.get("step") == self.step_id:
                wizard = getattr(self, "wizard_ref", None)
                record = wizard.record() if wizard is not None else None
                unplaced.append(
                    in_tab_text(issue, record) if record else describe_for_officer(issue)
                )
        for index, (_field, line) in enumerate(self._error_lines):
            line.show_message("\n".join(by_line.get(index, [])))
        self.page_errors.show_message("\n".join(unplaced))


def no_caption() -> QLabel:
    """The caption of a form row whose field is wrapped text (a note, an error line) under the
    fields. Without a caption QFormLayout gives such a row the height of the text's size hint
    (often several lines for one); with one, the height the text needs at the row's width.
    Hidden, the caption takes no room, and the row none while its text is hidden too."""
    caption = QLabel()
    caption.hide()
    return caption


@contextmanager
def quiet(page: StepPage) -> Iterator[None]:
    """Filling widgets from the record is not an edit: `changed` stays silent meanwhile."""
    was_blocked = page.blockSignals(True)
    try:
        yield
    finally:
        page.blockSignals(was_blocked)


def describe_for_officer(issue: Issue) -> str:
    """An issue beside its field: the field is already in view, so the path is left out."""
    text = describe(Issue(issue.code, "", issue.params))
    return text[:1].upper() + text[1:]


def _change_signals(widget: QWidget) -> list[SignalInstance]:
    if isinstance(widget, TypedDateField):  # before QLineEdit: text that is no date is no change
        return [widget.value_changed]
    if isinstance(widget, QLineEdit):
        return [widget.textChanged]
    if isinstance(widget, QPlainTextEdit):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.editTextChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    if isinstance(widget, QListWidget):
        return [widget.itemChanged]
    if isinstance(widget, ChoiceList):
        return [widget.list.itemChanged]
    if isinstance(widget, LanguageList):
        return [widget.changed]
    raise TypeError(f"no change signal known for {type(widget).__name__}")


# ---------------------------------------------------------------------- small editors


class YesNo(QComboBox):
    """A yes/no answer that may still be unknown (None): keyboard-friendly, unlike radios."""

    def __init__(self) -> None:
        super().__init__()
        self.addItem(_("Not recorded yet"), None)
        self.addItem(_("Yes"), True)
        self.addItem(_("No"), False)

    def value(self) -> bool | None:
        data = self.currentData()
        return None if data is None else bool(data)

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex(0 if value is None else 1 if value else 2)


class ChoiceList(QWidget):
    """Pack items (motives, offence types, needs...) to tick, each with its description as a
    tooltip. Space ticks the current item, so it works without a mouse."""

    def __init__(self, items: Sequence[Item], *, rows: int = 6) -> None:
        super().__init__()
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        for item in items:
            entry = QListWidgetItem(_(item.label))
            entry.setData(ITEM_ID, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            if item.description:
                entry.setToolTip(_(item.description))
            self.list.addItem(entry)
        self.list.setMaximumHeight(self.list.sizeHintForRow(0) * rows + 6)
        focus_through(self, self.list)

    def selected(self) -> tuple[str, ...]:
        return tuple(
            self.list.item(i).data(ITEM_ID)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_selected(self, ids: Sequence[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(
                Qt.CheckState.Checked if item.data(ITEM_ID) in ids else Qt.CheckState.Unchecked
            )


class PerVictim(QTabWidget, Generic[W]):
    """One tab per victim, each with the same sub-form, for steps done for every victim
    (communication, rights, assessment, referral). Ctrl+Tab moves between victims."""

    def __init__(self, make_form: Callable[[Person], W]) -> None:
        super().__init__()
        self._make_form = make_form
        self._forms: dict[str, W] = {}
        self.on_new_form: Callable[[W], None] = lambda _form: None

    def sync(self, victims: Sequence[Person]) -> dict[str, W]:
        """One tab per victim now named, in order; a victim's form is kept while they stay."""
        keys = [v.key for v in victims]
        for key in list(self._forms):
            if key not in keys:
                del self._forms[key]
        self.clear()
        for victim in victims:
            form = self._forms.get(victim.key)
            if form is None:
                form = self._forms[victim.key] = self._make_form(victim)
                self.on_new_form(form)
            self.addTab(form, person_name(victim).replace("&", "&&"))  # "&" is no mnemonic
        return dict(self._forms)

    def forms(self) -> dict[str, W]:
        return dict(self._forms)


def focus_through(container: QWidget, target: QWidget) -> None:
    """Keys for the container go to `target`. The container must accept focus itself, or its
    label's Alt+letter does nothing (Qt moves focus only to a widget that takes it)."""
    container.setFocusProxy(target)
    container.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
