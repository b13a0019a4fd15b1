"""The case view's follow-up of a submitted case (issue 12 points 3, 6, 7): the coordination
log, the victim's re-contacts, links to other cases and the case's outcomes (issue 14), each a
button enabled where the workflow lets this actor follow the case up, and the offer of the likely
same incidents above the case."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from app.domain.workflow import Action
from app.i18n import _
from app.ui.case_view.coordination import LOG_BUTTON, CoordinationLogDialog
from app.ui.case_view.links import LINK_BUTTON, LinkDialog
from app.ui.case_view.outcomes import LIST_BUTTON as OUTCOMES_BUTTON
from app.ui.case_view.outcomes import OutcomesDialog
from app.ui.case_view.recontact import LIST_BUTTON, RecontactsDialog
from app.ui.link_offer import Candidate, LinkOffer, candidates

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

BUTTONS = {
    Action.COORDINATE: LOG_BUTTON, Action.RECONTACT: LIST_BUTTON, Action.LINK: LINK_BUTTON,
    Action.OUTCOME: OUTCOMES_BUTTON,
}  # fmt: skip


class FollowUpActions(QObject):
    """The buttons (added to the view's button box) and the offer (placed by the view);
    `changed` carries the case as a follow-up left it. A signal, not the view's method: this
    object belongs to the view, and must not keep it alive once closed."""

    changed = Signal(object)  # OpenedCase

    def __init__(self, services: Services, actor: Actor, buttons: QDialogButtonBox) -> None:
        super().__init__(buttons)
        self.services = services
        self.actor = actor
        self.opened: OpenedCase | None = None
        self.allowed: frozenset[Action] = frozenset()
        self.found: list[Candidate] = []
        self.offer = LinkOffer()
        self.buttons: dict[Action, QPushButton] = {}
        for action in BUTTONS:
            button = QPushButton()
            button.setObjectName(f"followup-{action.value}")
            button.setAutoDefault(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.buttons[action] = button
        self.buttons[Action.COORDINATE].clicked.connect(self.show_log)
        self.buttons[Action.RECONTACT].clicked.connect(self.show_recontacts)
        self.buttons[Action.LINK].clicked.connect(lambda _checked=False: self.ask_link())
        self.buttons[Action.OUTCOME].clicked.connect(self.show_outcomes)
        self.retranslate()

    def retranslate(self) -> None:
        for action, button in self.buttons.items():
            button.setText(_(BUTTONS[action]))
        self._show_offer()

    def show(self, opened: OpenedCase, allowed: Collection[Action]) -> None:
        """Enables what this actor may do on the case now, and offers the likely links: with
        their button once the case may be linked, else saying when it can be."""
        self.opened = opened
        self.allowed = frozenset(allowed)
        for action, button in self.buttons.items():
            button.setEnabled(action in self.allowed)
        self.found = candidates(self.services, self.actor, opened.id)
        self._show_offer()

    def _show_offer(self) -> None:
        link = self.ask_link if Action.LINK in self.allowed else None
        self.offer.show_offer(self.found, link)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_log(self) -> CoordinationLogDialog | None:
        if self.opened is None:
            return None
        dialog = CoordinationLogDialog(
            self.services, self.actor, self.opened, parent=self.offer.window(),
            can_add=Action.COORDINATE in self.allowed,
        )  # fmt: skip
        dialog.changed.connect(self.changed.emit)
        self._open(dialog)
        return dialog

    def show_recontacts(self) -> RecontactsDialog | None:
        if self.opened is None:
            return None
        dialog = RecontactsDialog(
            self.services, self.actor, self.opened, parent=self.offer.window(),
            can_add=Action.RECONTACT in self.allowed,
        )  # fmt: skip
        dialog.changed.connect(self.changed.emit)
        self._open(dialog)
        return dialog

    def show_outcomes(self) -> OutcomesDialog | None:
        if self.opened is None:
            return None
        dialog = OutcomesDialog(
            self.services, self.actor, self.opened, parent=self.offer.window(),
            can_add=Action.OUTCOME in self.allowed,
        )  # fmt: skip
        dialog.changed.connect(self.changed.emit)
        self._open(dialog)
        return dialog

    def ask_link(self, other: str = "") -> LinkDialog | None:
        if self.opened is None:
            return None
        dialog = LinkDialog(
            self.services, self.actor, self.opened, self.offer.window(), other=other
        )
        dialog.applied.connect(self.changed.emit)
        self._open(dialog)
        (dialog.kind if other else dialog.other).setFocus()
        return dialog
