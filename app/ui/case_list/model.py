"""The case list's table model. It pages rows from the database (canFetchMore/fetchMore):
a station may have hundreds of thousands of cases and the list never loads them all."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    Signal,
)

from app.domain.case import CaseQuery, CaseSummary
from app.domain.protocol import ProtocolPack
from app.i18n import N_, _, format_datetime
from app.ui import labels

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

PAGE_SIZE = 200
# One counting thread: a newer query's count waits for an older one instead of competing with it.
COUNTING = QThreadPool()
COUNTING.setMaxThreadCount(1)

REFERENCE, DATE, PLACE, MOTIVES, CLASSIFICATION, STATUS, OFFICER = range(7)
HEADERS = (
    N_("Reference"),
    N_("Date"),
    N_("Place"),
    N_("Motives"),
    N_("Classification"),
    N_("Status"),
    N_("Officer"),
)
# Column -> CaseQuery.sort_by. Motives is a list per case: the list cannot be sorted by it.
SORT_KEYS: dict[int, str] = {
    REFERENCE: "reference",
    DATE: "occurred_at",
    PLACE: "place",
    CLASSIFICATION: "classification",
    STATUS: "status",
    OFFICER: "officer",
}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class _CountDelivery(QObject):
    """Carries a count from the counting thread to the GUI thread (a queued signal). The worker
    holds it, not the model: a model deleted meanwhile is simply disconnected."""

    counted = Signal(int, int)  # (generation, total)


class CaseTableModel(QAbstractTableModel):
    total_changed = Signal(int)  # the number of cases matching the query, counted after page one

    def __init__(
        self,
        services: Services,
        actor: Actor,
        pack: ProtocolPack,
        parent: QObject | None = None,
        *,
        query: CaseQuery | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._pack = pack
        self._query = query or CaseQuery()
        self._rows: list[CaseSummary] = []
        self._exhausted = False
        self._total: int | None = None
        self._generation = 0  # a count started for an older query is dropped
        self._delivery = _CountDelivery()
        self._delivery.counted.connect(self._count_done)
        self._load_first_page()

    # ------------------------------------------------------------------ queries

    def query(self) -> CaseQuery:
        return self._query

    def set_query(self, query: CaseQuery) -> None:
        """Shows the first page for the new query at once; the total follows a moment later."""
        self.beginResetModel()
        self._query = query
        self._rows = []
        self._exhausted = False
        self._total = None
        self._load_first_page()
        self.endResetModel()

    def total(self) -> int | None:
        """Cases matching the query, or None while they are being counted."""
        return self._total

    def case_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def _load_first_page(self) -> None:
        self._rows = self._fetch(0)
        self._exhausted = len(self._rows) < PAGE_SIZE
        self._generation += 1
        generation = self._generation
        if self._exhausted:  # everything is loaded already: no query needed
            self._delivery.counted.emit(generation, len(self._rows))
            return
        # Counting a common word over many cases takes longer than the page itself: it runs in
        # a worker thread (its own read-only database session) while the page is painted.
        services, actor, query, delivery = self._services, self._actor, self._query, self._delivery

        def count() -> None:
            delivery.counted.emit(generation, services.cases.count_cases(actor, query))

        COUNTING.start(count)

    def _count_done(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = total
        self.total_changed.emit(total)

    def _fetch(self, offset: int) -> list[CaseSummary]:
        return self._services.cases.list_cases(self._actor, self._query, offset, PAGE_SIZE)

    # ------------------------------------------------------------------ paging

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch(len(self._rows))
        self._exhausted = len(page) < PAGE_SIZE
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def retranslate(self) -> None:
        """Headers and labels are looked up when shown: views only need to ask again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # ------------------------------------------------------------------ the table

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole and section == MOTIVES:
            return _("The list cannot be sorted by motive; filter by motive instead.")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        case = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole text, for a cell too narrow to show it.
            text = self._display(case, column)
            if column == PLACE and case.district:
                return _("{place}\nDistrict: {district}").format(place=text, district=case.district)
            return text or None
        if role == CASE_ID_ROLE:
            return case.id
        return None

    def _display(self, case: CaseSummary, column: int) -> str:
        if column == REFERENCE:
            return case.reference
        if column == DATE:
            return format_datetime(case.occurred_at)
        if column == PLACE:
            return case.place
        if column == MOTIVES:
            return ", ".join(_(self._pack.label("motives", m)) for m in case.motives)
        if column == CLASSIFICATION:
            if not case.classification:
                return ""
            return _(self._pack.label("classifications", case.classification))
        if column == STATUS:
            return labels.label(case.status)
        if column == OFFICER:
            return case.officer_name
        return ""

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        query = replace(self._query, sort_by=key, descending=order is Qt.SortOrder.DescendingOrder)
        if query != self._query:
            self.set_query(query)

    def sort_column(self) -> int:
        return next((c for c, k in SORT_KEYS.items() if k == self._query.sort_by), DATE)
