"""Statistics, for supervisors (their station) and administrators (every station, or one): how
many incidents, of which bias, where, and what became of them (issue 14; the counting rules are
app.domain.statistics, the counting is the database's, app.services.statistics).

On top the filters: the period (by default twelve calendar months, this one up to today), the
station (an administrator's choice; a supervisor's own, fixed), the status, drafts or not. Then
the incident total in words, the trend by month and the motives, each a chart with its table
beside it, and the tables by offence type, classification, type of place, district, status and
the outcomes, each saying which total it shows.

The counting runs in a worker thread, the first figures (total, months, motives) first, so the
window never waits; a view closed meanwhile simply gets nothing. The buttons that take the
figures elsewhere (an export, a printed report) go into `action_buttons` and read
`current_query()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.access import Scope, statistics_scope
from app.domain.case import CaseStatus
from app.domain.marks import DatabaseMark
from app.domain.statistics import Dimension, Statistics, StatsQuery
from app.domain.validation import Issue
from app.i18n import _, format_number
from app.i18n.issues import describe
from app.services.statistics import FIRST
from app.ui import labels
from app.ui.case_list.model import COUNTING
from app.ui.statistics import words
from app.ui.statistics.charts import ChartView, bar_chart, bar_chart_height, trend_chart
from app.ui.views import STATISTICS, register
from app.ui.widgets.dates import DateField
from app.ui.widgets.tables import fill_table, row_picker

if TYPE_CHECKING:
    from app.domain.protocol import ProtocolPack
    from app.services import Services
    from app.services.context import Actor

# The tables under the two charts, in reading order.
OTHERS = (
    Dimension.OFFENCE_TYPE,
    Dimension.CLASSIFICATION,
    Dimension.PLACE_TYPE,
    Dimension.DISTRICT,
    Dimension.STATUS,
)
# The statuses one may pick: a draft is counted by "Include drafts", not as a status.
PICKABLE = tuple(status for status in CaseStatus if status is not CaseStatus.DRAFT)


def default_period(today: date) -> tuple[date, date]:
    """Twelve calendar months: from the first day of the month eleven months back to today."""
    months = today.year * 12 + today.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), today


class _Delivery(QObject):
    """Carries figures from the counting thread to the GUI thread (queued signals). The worker
    holds it, not the view: a view closed meanwhile is simply disconnected."""

    first = Signal(int, object)  # (generation, Statistics): the total, months and motives
    rest = Signal(int, object)  # (generation, Statistics): the other tables and the outcomes
    refused = Signal(int, object)  # (generation, [Issue])
    failed = Signal(int, str)  # (generation, what went wrong, for the person)


class FiguresTable(QTableWidget):
    """Names and counts, as tall as its rows: the view scrolls, not each table."""

    def __init__(self, name: str) -> None:
        super().__init__(0, 2)
        self.setObjectName(name)
        row_picker(self)
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setWordWrap(True)

    def show_rows(self, name_heading: str, rows: Sequence[tuple[str, int]]) -> None:
        cells = [[name, format_number(count)] for name, count in rows]
        fill_table(self, [name_heading, _("Number of incidents")], cells)
        self.clearSelection()  # no row stands out until the person moves into the table
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row in range(self.rowCount()):
            if (cell := self.item(row, 1)) is not None:
                cell.setTextAlignment(right)
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(row) for row in range(self.rowCount()))
        self.setFixedHeight(height)

    def rows(self) -> list[tuple[str, str]]:
        """What the table shows, as text."""
        return [(self._text(row, 0), self._text(row, 1)) for row in range(self.rowCount())]

    def _text(self, row: int, column: int) -> str:
        cell = self.item(row, column)
        return cell.text() if cell is not None else ""


class Section(QGroupBox):
    """One table's box: its title, which total it shows, the table (and a chart beside it)."""

    def __init__(self, name: str, chart: ChartView | None = None) -> None:
        super().__init__()
        self.setObjectName(name)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = FiguresTable(f"{name}Table")
        self.chart = chart
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        if chart is None:
            layout.addWidget(self.table)
            layout.addStretch(1)
            return
        row = QHBoxLayout()
        row.addWidget(chart, 3)
        beside = QVBoxLayout()
        beside.addWidget(self.table)
        beside.addStretch(1)
        row.addLayout(beside, 2)
        layout.addLayout(row)


@register(STATISTICS)
class StatisticsView(QWidget):
    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor, self._demo = services, actor, demo
        self.dialog: QDialog | None = None  # the export or report dialog last opened
        self._generation = 0
        self._query: StatsQuery | None = None  # of the figures shown (or being counted)
        self.figures: Statistics | None = None  # the first figures, then all
        self.counting = False  # till the last figures of the latest query are shown
        self._packs = self._packs_to_label(services)
        self._delivery = _Delivery()
        self._delivery.first.connect(self._first_counted)
        self._delivery.rest.connect(self._rest_counted)
        self._delivery.refused.connect(self._refused)
        self._delivery.failed.connect(self._failed)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.date_from = DateField()
        self.date_from.setObjectName("statsFrom")
        self.date_to = DateField()
        self.date_to.setObjectName("statsTo")
        start, end = default_period(services.backend.clock().astimezone().date())
        self.date_from.set_value(start)
        self.date_to.set_value(end)
        # An administrator picks a station or all; a supervisor's is fixed, and no choice shown.
        self.choose_station = statistics_scope(actor.role) is Scope.ALL
        self.station = QComboBox()
        self.station.setObjectName("statsStation")
        self.station.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._stations = services.statistics.stations(actor) if self.choose_station else []
        self.station.setVisible(self.choose_station)
        self.own_station = QLabel()
        self.own_station.setObjectName("statsOwnStation")
        self.own_station.setVisible(not self.choose_station)
        self.status = QComboBox()
        self.status.setObjectName("statsStatus")
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.drafts = QCheckBox()
        self.drafts.setObjectName("statsDrafts")
        self.show_button = QPushButton()
        self.show_button.setObjectName("statsShow")
        self.show_button.setAutoDefault(True)
        self.filter_labels = [QLabel() for _ in range(4)]
        station_field = self.station if self.choose_station else self.own_station
        fields = (self.date_from, self.date_to, station_field, self.status)
        for label, field in zip(self.filter_labels, fields, strict=True):
            label.setBuddy(field)
        # The buttons that take the figures shown elsewhere: an export, a printed report.
        self.action_buttons = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setObjectName("statsExport")
        self.export_button.clicked.connect(self.export)
        self.report_button = QPushButton()
        self.report_button.setObjectName("statsReport")
        self.report_button.clicked.connect(self.print_report)
        for button in (self.export_button, self.report_button):
            button.setEnabled(False)  # till figures are shown
            self.action_buttons.addWidget(button)

        self.error = QLabel()
        self.error.setObjectName("statsError")
        self.error.setStyleSheet("color: #a40000")
        self.error.setWordWrap(True)
        self.error.hide()
        self.total = QLabel()
        self.total.setObjectName("statsTotal")
        self.total.setWordWrap(True)
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.total.setFont(font)
        self.progress = QLabel()
        self.progress.setObjectName("statsProgress")
        self.trend_chart = ChartView()
        self.trend_chart.setMinimumHeight(300)
        self.motive_chart = ChartView()
        self.sections: dict[Dimension, Section] = {
            Dimension.MONTH: Section("statsMonth", self.trend_chart),
            Dimension.MOTIVE: Section("statsMotive", self.motive_chart),
        }
        for dimension in OTHERS:
            self.sections[dimension] = Section(f"stats_{dimension.value}")
        self.outcomes = Section("statsOutcomes")

        self._lay_out(fields)
        # The export and the report after Show figures (they sit above it, beside the heading).
        self.setTabOrder(self.show_button, self.export_button)
        self.setTabOrder(self.export_button, self.report_button)
        self._texts()
        for field in (self.date_from, self.date_to):
            field.returnPressed.connect(self.show_figures)
        for changed in (
            self.show_button.clicked, self.station.currentIndexChanged,
            self.status.currentIndexChanged, self.drafts.toggled,
        ):  # fmt: skip
            changed.connect(lambda *_args: self.show_figures())
        # The figures come when the view is shown (refresh): none are counted for a view nobody
        # looks at (the main window refreshes every view after a change to a case).

    def _lay_out(self, fields: tuple[QWidget, ...]) -> None:
        filters = QGridLayout()
        for column, (label, field) in enumerate(zip(self.filter_labels, fields, strict=True)):
            filters.addWidget(label, 0, column)
            filters.addWidget(field, 1, column)
        filters.addWidget(self.drafts, 1, len(fields))
        filters.addWidget(self.show_button, 1, len(fields) + 1)
        filters.addWidget(self.date_from.message, 2, 0)
        filters.addWidget(self.date_to.message, 2, 1)
        filters.setColumnStretch(len(fields) + 2, 1)

        body = QWidget()
        figures = QVBoxLayout(body)
        figures.addWidget(self.total)
        figures.addWidget(self.progress)
        figures.addWidget(self.sections[Dimension.MONTH])
        figures.addWidget(self.sections[Dimension.MOTIVE])
        grid = QGridLayout()
        for index, dimension in enumerate(OTHERS):
            grid.addWidget(self.sections[dimension], index // 2, index % 2)
        # The outcomes across the width: their note is long, and longer in some languages.
        grid.addWidget(self.outcomes, len(OTHERS) // 2 + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        figures.addLayout(grid)
        figures.addStretch(1)
        self.figures_area = QScrollArea()
        self.figures_area.setObjectName("statsFigures")
        self.figures_area.setWidgetResizable(True)
        self.figures_area.setFrameShape(QFrame.Shape.NoFrame)
        self.figures_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the tables
        self.figures_area.setWidget(body)

        # The export and the report beside the heading: the filters' row has no room left for
        # them in Finnish at 1366 pixels.
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addLayout(self.action_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.figures_area, 1)

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return statistics_scope(actor.role) is not Scope.NONE

    @staticmethod
    def _packs_to_label(services: Services) -> list[ProtocolPack]:
        """The baseline pack first, then the others: every station's ids have a name."""
        packs = services.backend.packs
        return sorted(packs.values(), key=lambda pack: pack.id != "eu-baseline")

    def navigation_title(self) -> str:
        return _("Statistics")

    def refresh(self) -> None:
        """The figures again when the view is shown, or after a change to a case."""
        if self.isVisible():
            self.show_figures(again=True)

    def retranslate(self) -> None:
        self._texts()
        self._fill()

    def current_query(self) -> StatsQuery | None:
        """What the figures shown count (None before any): for an export or a printed report
        of the same figures."""
        return self._query

    # ------------------------------------------------------------------ texts

    def _texts(self) -> None:
        scope = (
            _("Figures of every station, or of the one you choose.")
            if self.choose_station
            else _("Figures of your station.")
        )
        self.heading.setText(
            _("How many incidents, of which bias, where, and what became of them. {scope}")
            .format(scope=scope)
        )  # fmt: skip
        texts = (_("Fro&m:"), _("T&o:"), _("&Station:"), _("Stat&us:"))
        for label, text in zip(self.filter_labels, texts, strict=True):
            label.setText(text)
        if not self.choose_station:  # their station, fixed: nothing for Alt+letter to go to
            self.filter_labels[2].setText(texts[2].replace("&", ""))
        for field in (self.date_from, self.date_to):
            field.setPlaceholderText(_("a date"))
            field.follow_locale()
        self.own_station.setText(self._actor.station_name)
        chosen = self.station.currentData()
        self.station.blockSignals(True)
        self.station.clear()
        self.station.addItem(_("All stations"), None)
        for code, name in self._stations:
            self.station.addItem(f"{name} ({code})", code)
        self.station.setCurrentIndex(max(self.station.findData(chosen), 0))
        self.station.blockSignals(False)
        picked = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(_("Any status after submission"), None)
        for status in PICKABLE:
            self.status.addItem(labels.label(status), status.value)
        self.status.setCurrentIndex(max(self.status.findData(picked), 0))
        self.status.blockSignals(False)
        self.drafts.setText(_("Include &drafts"))
        self.show_button.setText(_("Sho&w figures"))
        self.export_button.setText(_("E&xport…"))
        self.report_button.setText(_("&Print the report…"))
        for dimension, section in self.sections.items():
            section.setTitle(words.title(dimension))
        self.outcomes.setTitle(_("What became of them"))
        self.outcomes.note.setText(_(words.OUTCOMES_NOTE))

    # ------------------------------------------------------------------ counting

    def filters_query(self) -> StatsQuery | None:
        """The query the filters ask for, or None with the reason shown."""
        if self.date_from.refused() or self.date_to.refused():
            return None
        start, end = self.date_from.value(), self.date_to.value()
        if start is None or end is None:
            self._show_error(_("Give the first and the last day of the period."))
            return None
        status = self.status.currentData()
        query = StatsQuery(
            start=start,
            end=end,
            station_code=self.station.currentData() if self.choose_station else None,
            statuses=frozenset({CaseStatus(status)}) if status else frozenset(),
            include_drafts=self.drafts.isChecked(),
        )
        if problems := query.problems():  # the service would refuse it: say why now
            self._show_issues(problems)
            return None
        return query

    def show_figures(self, again: bool = False) -> None:
        """Counts what the filters ask for (again: even if it is what is shown)."""
        query = self.filters_query()
        if query is None:
            return
        if query == self._query and not again:
            return
        self.error.hide()
        self._query = query
        self._generation += 1
        generation = self._generation
        self.progress.setText(_("Counting…"))
        self.counting = True
        services, actor, delivery = self._services, self._actor, self._delivery

        def count() -> None:
            from app.services.errors import Refused, ServiceError  # noqa: PLC0415

            try:
                first = services.statistics.statistics(actor, query, FIRST, with_outcomes=False)
                delivery.first.emit(generation, first)
                others = services.statistics.statistics(actor, query, OTHERS, with_outcomes=True)
            except Refused as refused:
                delivery.refused.emit(generation, list(refused.issues))
                return
            except Exception as error:  # a worker thread has nobody to raise to
                # A refusal says what happened; anything else only its kind.
                reason = str(error) if isinstance(error, ServiceError) else type(error).__name__
                delivery.failed.emit(generation, reason)
                return
            delivery.rest.emit(generation, others)

        COUNTING.start(count)

    @Slot(int, object)
    def _first_counted(self, generation: int, figures: Statistics) -> None:
        if generation != self._generation:
            return
        self.figures = figures
        self._fill()
        for button in (self.export_button, self.report_button):
            button.setEnabled(True)

    @Slot(int, object)
    def _rest_counted(self, generation: int, figures: Statistics) -> None:
        if generation != self._generation or self.figures is None:
            return
        tables = {**self.figures.tables, **figures.tables}
        self.figures = Statistics(figures.query, figures.incidents, tables, figures.outcomes)
        self.progress.clear()
        self.counting = False
        self._fill()

    @Slot(int, object)
    def _refused(self, generation: int, issues: list[Issue]) -> None:
        if generation == self._generation:
            self.progress.clear()
            self.counting = False
            self._show_issues(issues)
            self._figures_gone()

    @Slot(int, str)
    def _failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self.progress.clear()
            self.counting = False
            self._show_error(_("The figures could not be counted: {reason}").format(reason=reason))
            self._figures_gone()

    def _figures_gone(self) -> None:
        """The latest query was not counted: nothing to export or print for it."""
        for button in (self.export_button, self.report_button):
            button.setEnabled(False)

    def _show_issues(self, issues: Sequence[Issue]) -> None:
        self._show_error("\n".join(describe(issue) for issue in issues))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # ------------------------------------------------------------------ showing

    def _rows(self, dimension: Dimension) -> list[tuple[str, int]]:
        if self.figures is None or dimension not in self.figures.tables:
            return []
        return [
            (words.key_name(dimension, count.key, self._packs), count.count)
            for count in self.figures.tables[dimension].counts
        ]

    def _fill(self) -> None:
        figures = self.figures
        if figures is None:
            return
        self.total.setText(words.total_words(figures.incidents, figures.query))
        for dimension, section in self.sections.items():
            table = figures.tables.get(dimension)
            if table is None:  # still being counted
                section.note.setText(_("Counting…"))
                section.table.show_rows(words.heading(dimension), [])
                continue
            rows = self._rows(dimension)
            section.note.setText(words.table_note(table))
            section.table.show_rows(words.heading(dimension), rows)
        counted = _("Number of incidents")
        months = self._rows(Dimension.MONTH)
        self.trend_chart.draw(trend_chart(months, counted), words.title(Dimension.MONTH))
        motives = self._rows(Dimension.MOTIVE)
        self.motive_chart.draw(bar_chart(motives, counted), words.title(Dimension.MOTIVE))
        self.motive_chart.setMinimumHeight(bar_chart_height(len(motives)))
        if figures.outcomes is not None:
            self.outcomes.table.show_rows(_("Outcome"), words.outcome_rows(figures.outcomes))
        else:
            self.outcomes.table.show_rows(_("Outcome"), [])

    # ------------------------------------------------------------------ taking them elsewhere

    def export(self) -> None:
        """The export dialog, for the year of the figures shown and their station; small cells
        suppressed as the settings ask (the main window has them from the start-up)."""
        from app.ui.statistics.export_dialog import ExportDialog  # noqa: PLC0415

        if self._query is None:
            return
        threshold = getattr(self.window(), "small_cell_threshold", 0)
        dialog = ExportDialog(self._services, self._actor, self._query, self, threshold=threshold)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog

    def print_report(self) -> None:
        """The printed report of the figures shown."""
        from app.ui.statistics.report_dialog import ReportDialog  # noqa: PLC0415 - reportlab

        if self._query is None:
            return
        dialog = ReportDialog(self._services, self._actor, self._query, self, demo=self._demo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog

    def wait(self) -> None:
        """Until the counting is done and its figures are shown (for tests and screenshots)."""
        from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

        while self.counting:
            COUNTING.waitForDone()
            QCoreApplication.processEvents()  # the figures' signals
        QCoreApplication.processEvents()  # the layouts they change
