"""Linked incidents: "Link…" links the case to another by its reference, as the same incident,
a series (with what it shares) or a duplicate (the offer of likely ones: app.ui.link_offer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.case import CaseLink, LinkKind, SeriesBasis
from app.domain.workflow import Action, Decision
from app.i18n import N_, _
from app.ui import labels
from app.ui.case_view.followup_form import FollowUpForm, titled

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

LINK_BUTTON = N_("Link &with another case…")  # the case view's button
# The kinds an officer chooses (a duplicate seen from the other side is not chosen).
KINDS = (LinkKind.SAME_INCIDENT, LinkKind.SERIES, LinkKind.DUPLICATE)


class LinkDialog(FollowUpForm):
    """The other case's reference, how they belong together, what a series shares, a note."""

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase,
        parent: QWidget | None = None, *, other: str = "",
    ) -> None:  # fmt: skip
        super().__init__(services, actor, opened, Action.LINK, parent)
        self.setWindowTitle(titled(_(LINK_BUTTON), opened.record.reference))
        self.ok_button.setText(_(LINK_BUTTON).replace("&", "").rstrip("…"))
        self.other = QLineEdit(other)
        self.other.setObjectName("other")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in KINDS:
            self.kind.addItem(labels.label(kind), kind)
        self.basis = QComboBox()
        self.basis.setObjectName("basis")
        for basis in SeriesBasis:
            self.basis.addItem(labels.label(basis), basis)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.add_row(_("&Other case's reference:"), self.other, "link.other")
        self.add_row(_("&Kind:"), self.kind, "link.kind")
        self.add_row(_("The series &shares:"), self.basis, "link.basis")
        self.add_row(_("&Note on the link:"), self.note, "link.note")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        series = self.kind.currentData() == LinkKind.SERIES
        self.set_row_visible(self.basis, series)

    def decision(self) -> Decision:
        kind = LinkKind(self.kind.currentData())
        basis = SeriesBasis(self.basis.currentData()) if kind is LinkKind.SERIES else None
        at = self.services.backend.clock()  # the service dates it again when it is made
        link = CaseLink(self.other.text().strip(), kind, at, "", basis, self.note.text().strip())
        return Decision(link=link)
