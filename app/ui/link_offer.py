"""The offer of a link, where the officer meets a case (the case view, the wizard's summary
page): the station's cases likely the same incident (app.domain.links), each with "Link…" where
the case may be linked now.

A draft is offered the link but not linked: a link is a follow-up of a submitted case, kept in its
history and audit trail, and a draft's place, date and motives may still change. The offer says
so, and the case view offers it again, with its button, once the case is submitted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from app.i18n import _, format_date
from app.services.errors import ServiceError

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

Candidate = tuple[int, str, datetime | None, str]  # id, reference, when, where


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
        self.labels: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_offer(self, found: Sequence[Candidate], link: Callable[[str], object] | None) -> None:
        for widget in (*self.labels, *self.buttons):
            self.grid.removeWidget(widget)
            widget.hide()  # gone now: its Alt+letter too
            widget.deleteLater()
        self.labels, self.buttons = [], []
        for row, (_id, reference, occurred_at, place) in enumerate(found):
            text = (
                _("Possibly the same incident as {reference} ({date}, {place}):")
                if link is not None
                else _(
                    "Possibly the same incident as {reference} ({date}, {place}). It can be"
                    " linked in the case view once the case is submitted."
                )
            ).format(reference=reference, date=format_date(occurred_at), place=place)
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self.grid.addWidget(label, row, 0)
            self.labels.append(label)
            if link is not None:
                button = QPushButton(_("L&ink…") if row == 0 else _("Link…"))
                button.setObjectName(f"link-{reference}")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _checked=False, r=reference: link(r))
                self.grid.addWidget(button, row, 1)
                self.buttons.append(button)
        self.grid.setColumnStretch(0, 1)
        self.setVisible(bool(found))

    def lines(self) -> list[str]:
        return [label.text() for label in self.labels]
