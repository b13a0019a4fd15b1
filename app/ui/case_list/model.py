"""The case list's table model. It pages rows from the database (canFetchMore/fetchMore), each
page after the last row's key: a force may have a million cases and the list never loads them
all. A jump to the end shows the last page at once (read backwards); scrolling up from there
reads the pages before it (fetch_earlier)."""

from __future__ import annotations

import atexit
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

from app.domain.case import CaseQuery, CaseSummary, incidents
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
# A count still running when Python ends would emit from an object PySide has already deleted
# ("Signal source has been deleted"): the program waits for it first, whoever forgot to.
atexit.register(COUNTING.waitForDone)

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
    count_failed = Signal(int, str)  # (generation, what went wrong, for the person)


class CaseTableModel(QAbstractTableModel):
    total_changed = Signal(int)  # the number of cases matching the query, counted after page one
    # A query could not run (the database busy, out of reach, failing): what to tell the person.
    # The rows shown stay as they were, and the next query is tried afresh.
    failed = Signal(str)

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
        self._exhausted = True  # nothing after the last row shown
        self._from_start = True  # nothing before the first row shown
        self._total: int | None = None
        self._error = ""
        self._generation = 0  # a count started for an older query is dropped
        self._delivery = _CountDelivery()
        self._delivery.counted.connect(self._count_done)
        self._delivery.count_failed.connect(self._count_failed)
        page = self._first_page(self._query)
        if page is not None:
            self._show(self._query, page)

    # ------------------------------------------------------------------ queries

    def query(self) -> CaseQuery:
        return self._query

    def error(self) -> str:
        """Why the last query failed ("" when it did not)."""
        return self._error

    def set_query(self, query: CaseQuery) -> bool:
        """Shows the first page for the new query at once; the total follows a moment later.
        If the query fails, the list keeps what it showed and `failed` says why (False)."""
        page = self._first_page(query)
        if page is None:
            return False
        # Nothing below talks to the database: the reset always ends.
        self.beginResetModel()
        try:
            self._show(query, page)
        finally:
            self.endResetModel()
        return True

    def refresh(self) -> bool:
        """Reads the current query again (the database is back, a case changed)."""
        return self.set_query(self._query)

    def total(self) -> int | None:
        """Cases matching the query, or None while they are being counted."""
        return self._total

    def case_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def _first_page(self, query: CaseQuery) -> list[CaseSummary] | None:
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        try:
            return self._fetch(query)
        except ServiceError as error:
            self._fail(str(error))
            return None

    def _fail(self, message: str) -> None:
        self._error = message
        self.failed.emit(message)

    def _show(self, query: CaseQuery, page: list[CaseSummary]) -> None:
        self._query = query
        self._rows = page
        self._exhausted = len(page) < PAGE_SIZE
        self._from_start = True
        self._total = None
        self._error = ""
        self._generation += 1
        generation = self._generation
        if self._exhausted:  # everything is loaded already: no query needed
            self._delivery.counted.emit(generation, incidents(page))
            return
        # Counting a common word over many cases takes longer than the page itself: it runs in
        # a worker thread (its own read-only database session) while the page is painted.
        services, actor, delivery = self._services, self._actor, self._delivery

        def count() -> None:
            from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

            try:
                total = services.cases.count_cases(actor, query)
            except Exception as error:  # a worker thread has nobody to raise to
                # A refusal says what happened; anything else only its kind (its message may
                # quote case data). The GUI thread shows it.
                reason = str(error) if isinstance(error, ServiceError) else type(error).__name__
                delivery.count_failed.emit(generation, reason)
                return
            delivery.counted.emit(generation, total)

        COUNTING.start(count)

    def _count_done(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self._total = total
        self.total_changed.emit(total)

    def _count_failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._fail(reason)

    def _fetch(self, query: CaseQuery, **where: Any) -> list[CaseSummary]:
        return self._services.cases.list_cases(self._actor, query, PAGE_SIZE, **where)

    # ------------------------------------------------------------------ paging

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._read(after=self._rows[-1].key)
        if page is None:
            self._exhausted = True  # no more paging until the next query: views ask on every layout
            return
        self._exhausted = len(page) < PAGE_SIZE
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def can_fetch_earlier(self) -> bool:
        """Rows before the first one shown (after a jump to the end)."""
        return not self._from_start

    def fetch_earlier(self) -> int:
        """Puts the page before the first row shown above it; how many rows came."""
        if self._from_start:
            return 0
        page = self._read(before=self._rows[0].key)
        if page is None:
            self._from_start = True
            return 0
        self._from_start = len(page) < PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), 0, len(page) - 1)
            self._rows[:0] = page
            self.endInsertRows()
        return len(page)

    def jump_to_end(self) -> bool:
        """Shows the last page without reading those before it (the rows already shown stay
        when it follows them). The total stays: the query is the same. False if it failed."""
        if self._exhausted:
            return True
        page = self._read(last=True)
        if page is None:
            return False
        self.beginResetModel()
        shown = {row.id for row in self._rows}
        if self._from_start and any(row.id in shown for row in page):  # it meets what is shown
            self._rows += [row for row in page if row.id not in shown]
        else:
            self._rows = page
            self._from_start = len(page) < PAGE_SIZE
        self._exhausted = True
        self.endResetModel()
        return True

    def jump_to_start(self) -> bool:
        """Shows the first page again after a jump to the end. False if it failed."""
        if self._from_start:
            return True
        page = self._read()
        if page is None:
            return False
        self.beginResetModel()
        self._rows = page
        self._exhausted = len(page) < PAGE_SIZE
        self._from_start = True
        self.endResetModel()
        return True

    def _read(self, **where: Any) -> list[CaseSummary] | None:
        """A page of the current query, or None when it could not be read (`failed` says why)."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        try:
            return self._fetch(self._query, **where)
        except ServiceError as error:
            self._fail(str(error))
            return None

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
