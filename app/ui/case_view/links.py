"""Linked incidents: "Link…" links the case to another by its reference, as the same incident,
a series (with what it shares) or a duplicate; and the offer, where the officer meets the case
(the case view, the wizard's summary page), of the station's cases that are likely the same
incident (app.domain.links).

A draft is offered the link but not linked: a link is a follow-up of a submitted case in its
history and audit trail, and a draft's place, date and motives may still change. The offer says
so, and the case view offers it again, with its button, once the case is submitted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.case import CaseLink, LinkKind, SeriesBasis
from app.domain.workflow import Action, Decision
from app.i18n import _, format_date
from app.services.errors import ServiceError
from app.ui.case_view.followup_form import FollowUpForm
from app.ui.pending_labels import shown

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

# The kinds an officer chooses (a duplicate seen from the other side is not chosen).
KINDS = (LinkKind.SAME_INCIDENT, LinkKind.SERIES, LinkKind.DUPLICATE)

Candidate = tuple[int, str, datetime | None, str]  # id, reference, when, where


class LinkDialog(FollowUpForm):
    """The other case's reference, how they belong together, what a series shares, a note."""

    def __init__(
        self, services: Services, actor: Actor, opened: OpenedCase,
        parent: QWidget | None = None, *, other: str = "",
    ) -> None:  # fmt: skip
        super().__init__(services, actor, opened, Action.LINK, parent)
        self.setWindowTitle(_("Link — {reference}").format(reference=opened.record.reference))
        self.ok_button.setText(_("Link"))
        self.other = QLineEdit(other)
        self.other.setObjectName("other")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in KINDS:
            self.kind.addItem(shown(kind), kind)
        self.basis = QComboBox()
        self.basis.setObjectName("basis")
        for basis in SeriesBasis:
            self.basis.addItem(shown(basis), basis)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.add_row(_("&Other case's reference:"), self.other, "link.other")
        self.add_row(_("&Kind:"), self.kind, "link.kind")
        self.add_row(_("The series &shares:"), self.basis, "link.basis")
        self.add_row(_("&Note:"), self.note, "link.note")
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


def candidates(services: Services, actor: Actor, case_id: int) -> list[Candidate]:
    """The offer for a case; none if it cannot be asked now (the view stays usable)."""
    try:
        return services.cases.link_candidates(actor, case_id)
    except ServiceError:
        return []


class LinkOffer(QFrame):
    """ "Possibly the same incident as …": one line per likely case, with "Link…" where the
    case may be linked now (`link` is called with the other reference); hidden when none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(8, 4, 8, 4)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_offer(self, found: Sequence[Candidate], link: Callable[[str], object] | None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = []
        for row, (_id, reference, occurred_at, place) in enumerate(found):
            text = _("Possibly the same incident as {reference} ({date}, {place})").format(
                reference=reference, date=format_date(occurred_at), place=place
            )
            if link is None:
                text += " " + _("It can be linked once the case is submitted.")
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self.grid.addWidget(label, row, 0)
            if link is not None:
                button = QPushButton(_("Lin&k…") if row == 0 else _("Link…"))
                button.setObjectName(f"link-{reference}")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _checked=False, r=reference: link(r))
                self.grid.addWidget(button, row, 1)
                self.buttons.append(button)
        self.grid.setColumnStretch(0, 1)
        self.setVisible(bool(found))
