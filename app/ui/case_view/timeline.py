"""A case's timeline, from the case view: everything that happened to it, oldest first, filtered by
kind (decisions, referrals, consents, coordination, views, prints and exports)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.marks import DatabaseMark
from app.i18n import _, ngettext
from app.services.errors import ServiceError
from app.ui.case_view.timeline_text import FILTERS, TimelineWords
from app.ui.widgets.banner import DemoBanner, demo_title

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import CaseTimeline
    from app.services.context import Actor

WHEN, WHO, WHAT, NOTE = range(4)
MAX_WHAT_WIDTH = 640


class TimelineDialog(QDialog):
    """The timeline as a list: when (in the screen locale), who (full name), what, and the note
    typed with it or the reason given for a view, a print or an export."""

    def __init__(
        self,
        shown: CaseTimeline,
        parent: QWidget | None = None,
        *,
        demo: DatabaseMark = DatabaseMark.NONE,
    ) -> None:
        super().__init__(parent)
        self.shown = shown
        self._demo = demo
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.resize(1040, 620)
        self.filter = QComboBox()
        self.filter.setObjectName("timelineFilter")
        self.filter_label = QLabel()
        self.filter_label.setBuddy(self.filter)
        self.count = QLabel()
        self.list = QTreeWidget()
        self.list.setObjectName("timeline")
        self.list.setColumnCount(4)
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setUniformRowHeights(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        self.banner = DemoBanner(demo) if demo else None
        if self.banner is not None:
            layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.filter.currentIndexChanged.connect(self._show)
        self.retranslate()
        self.filter.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(
            demo_title(_("Timeline of case {reference}").format(reference=self.shown.reference),
                       self._demo)
        )  # fmt: skip
        self.filter_label.setText(_("&Show:"))
        chosen = max(self.filter.currentIndex(), 0)
        self.filter.blockSignals(True)
        self.filter.clear()
        for group, text in FILTERS.items():
            self.filter.addItem(_(text), group)
        self.filter.setCurrentIndex(chosen)
        self.filter.blockSignals(False)
        self.list.setHeaderLabels([_("When"), _("Who"), _("What"), _("Comment or reason")])
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        if self.banner is not None:
            self.banner.retranslate()
        self._show()

    def _show(self) -> None:
        group = self.filter.currentData()
        words = TimelineWords(self.shown.user_names, self.shown.person_names)
        self.list.clear()
        # Qt hands the Group back as its text: compared by value
        entries = [e for e in self.shown.entries if group is None or e.group == group]
        for entry in entries:
            item = QTreeWidgetItem(
                [words.when(entry), words.who(entry), words.what(entry), entry.note]
            )
            item.setToolTip(WHAT, words.what(entry))
            item.setToolTip(NOTE, entry.note)
            self.list.addTopLevelItem(item)
        for column in (WHEN, WHO, WHAT):
            self.list.resizeColumnToContents(column)
        # The comment or reason keeps room; a longer "what" is elided, whole in its tooltip.
        self.list.setColumnWidth(WHAT, min(self.list.columnWidth(WHAT), MAX_WHAT_WIDTH))
        total = len(self.shown.entries)
        self.count.setText(
            ngettext("{shown} of {total} entry", "{shown} of {total} entries", total).format(
                shown=len(entries), total=total
            )
        )

    def rows(self) -> list[list[str]]:
        """What the list shows, row by row (for tests and screenshots)."""
        return [
            [item.text(c) for c in range(4)]
            for item in (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
            if item is not None
        ]


def show_timeline(
    parent: QWidget, services: Services, actor: Actor, case_id: int, reason: str, *,
    demo: DatabaseMark = DatabaseMark.NONE,
) -> TimelineDialog | None:  # fmt: skip
    """Reads the timeline (the service writes the view to the trail with `reason`, the one the
    case was opened for) and shows it beside the case; a refusal is a message."""
    try:
        shown = services.cases.timeline(actor, case_id, reason)
    except ServiceError as error:
        QMessageBox.warning(parent, _("Not done"), str(error))
        return None
    dialog = TimelineDialog(shown, parent, demo=demo)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
