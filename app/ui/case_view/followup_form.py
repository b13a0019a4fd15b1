"""What the follow-up dialogs of the case view share (a coordination entry, a re-contact, a
link): a form whose fields each have an error line, one action through `CaseService.apply`, and
a refusal shown by the fields it concerns, the dialog left open with everything typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.validation import Issue
from app.i18n import _
from app.services.errors import Refused, ServiceError
from app.ui.widgets.buttons import ok_cancel_buttons
from app.ui.widgets.dates import TypedDateField
from app.ui.widgets.form_error import FormErrorLabel, grow_to_fit
from app.ui.wizard.base import describe_for_officer

if TYPE_CHECKING:
    from app.domain.workflow import Action, Decision
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor


def titled(button: str, reference: str) -> str:
    """A window's title from the button that opens it: "Coordination log — LIS-01-2026-000012"."""
    step = button.replace("&", "").rstrip("…")
    return _("{step} — {reference}").format(step=step, reference=reference)


class FollowUpForm(QDialog):
    """A form for one follow-up action on the opened case; `applied` carries the case as saved."""

    applied = Signal(object)  # OpenedCase

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase, action: Action,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.opened = opened
        self.action = action
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.errors: dict[str, FormErrorLabel] = {}  # by the issue's field path
        self.general = FormErrorLabel()
        self.general.setObjectName("general_error")
        self.buttons = ok_cancel_buttons()
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

    def add_row(self, text: str, widget: QWidget, *fields: str) -> None:
        """A row with its error line, which shows the issues of `fields` (paths or prefixes);
        the label's Alt+letter goes to the widget's focus proxy, if it has one."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = FormErrorLabel()
        error.setObjectName(f"{fields[0].replace('.', '_')}_error")
        column.addWidget(error)
        label = QLabel(text)
        label.setBuddy(widget.focusProxy() or widget)  # a label's buddy takes no proxy
        self.form.addRow(label, box)
        for field in fields:
            self.errors[field] = error

    def set_row_visible(self, widget: QWidget, visible: bool) -> None:
        """Shows or hides the row of a widget given to `add_row` (in a box with its error)."""
        box = widget.parentWidget()
        if box is not None:
            self.form.setRowVisible(box, visible)

    @staticmethod
    def with_message(field: TypedDateField) -> QWidget:
        """A date field with the line under it that says why typed text is no date."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        column.addWidget(field.message)
        box.setFocusProxy(field)
        return box

    def decision(self) -> Decision:
        raise NotImplementedError

    def submit(self) -> bool:
        """Applies the action; refused, each issue goes under its field and nothing is lost."""
        for error in {id(e): e for e in self.errors.values()}.values():
            error.clear_message()
        self.general.clear_message()
        try:
            self.opened = self.services.cases.apply(
                self.actor, self.opened.id, self.opened.version, self.action, self.decision()
            )
        except Refused as refused:
            self.show_issues(refused.issues)
            return False
        except ServiceError as error:  # a conflict, a role, a session ended
            self.general.show_message(str(error))
            grow_to_fit(self)
            return False
        self.applied.emit(self.opened)
        self.accept()
        return True

    def show_issues(self, issues: list[Issue]) -> None:
        lines: dict[int, tuple[FormErrorLabel, list[str]]] = {}
        for issue in issues:
            field = max((f for f in self.errors if issue.field.startswith(f)), key=len, default="")
            label = self.errors[field] if field else self.general
            lines.setdefault(id(label), (label, []))[1].append(
                describe_for_officer(issue) if field else str(Refused([issue]))
            )
        for label, texts in lines.values():
            label.show_message("\n".join(texts))
        grow_to_fit(self)
