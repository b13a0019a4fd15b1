"""The statistics view's two charts, drawn with QtCharts: the trend by month (a line over the
months, every month of the period a point) and the motives (horizontal bars, so that a long motive
reads on one line beside its bar). Each has a table beside it in the view for those who read
numbers; the chart's names are the table's, never cut (a long one widens the axis)."""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QSizePolicy

Rows = Sequence[tuple[str, int]]  # (name in the screen language, count)

ROTATE_AFTER = 6  # months: more than this many and their names stand upright
BAR_HEIGHT = 34  # pixels a motive's bar needs, its name beside it on up to two lines
WRAP_AT = 24  # characters: a longer motive's name goes on more lines (the axis is rich text)


def count_axis(highest: int) -> QValueAxis:
    """Counts are whole numbers: ticks at a round whole step, never "0.5 incidents"."""
    axis = QValueAxis()
    step = nice_step(highest)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setRange(0, step * max(1, math.ceil(highest / step)))
    axis.setLabelFormat("%.0f")  # "%d" draws nothing where the chart localises numbers
    return axis


def nice_step(highest: int, ticks: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50... that marks `highest` in about `ticks` steps."""
    rough = max(highest / ticks, 1)
    magnitude = int(10 ** math.floor(math.log10(rough)))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)


def wrapped(name: str) -> str:
    """A long name on lines of its own, so that it keeps to the chart's side of the bars
    (QtCharts neither wraps nor widens a category axis beyond a share of the chart)."""
    lines = textwrap.wrap(name, WRAP_AT, break_long_words=False) or [name]
    return "<br>".join(html.escape(line) for line in lines)


def unique(names: Sequence[str]) -> list[str]:
    """A category axis drops a repeated name (and its bar with it): two ids of two packs with
    the same label stay two rows, numbered."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


class ChartView(QChartView):
    """A chart that follows the screen language's number format and takes no keyboard focus
    (its table beside it holds the same figures)."""

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def draw(self, chart: QChart, title: str) -> None:
        chart.setTitle(title)
        chart.legend().hide()  # one series: its title says what it is
        chart.setLocalizeNumbers(True)
        chart.setLocale(QLocale())
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()


def trend_chart(rows: Rows, series_name: str) -> QChart:
    """Incidents by month: a line with a point per month (an empty month is a point at 0)."""
    chart = QChart()
    series = QLineSeries()
    series.setName(series_name)
    series.setPointsVisible(True)
    for index, (_name, count) in enumerate(rows):
        series.append(QPointF(index, count))
    chart.addSeries(series)
    months = QBarCategoryAxis()
    months.append(unique([name for name, _count in rows]))
    months.setTruncateLabels(False)
    if len(rows) > ROTATE_AFTER:
        months.setLabelsAngle(-90)
    chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(months)
    counts = count_axis(max((count for _name, count in rows), default=0))
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(counts)
    return chart


def bar_chart(rows: Rows, series_name: str) -> QChart:
    """Incidents by motive: a horizontal bar each, the most frequent on top."""
    chart = QChart()
    bars = QBarSet(series_name)
    names = unique([name for name, _count in rows])
    for _name, count in reversed(rows):  # the axis draws its first category at the bottom
        bars.append(count)
    series = QHorizontalBarSeries()
    series.append(bars)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([wrapped(name) for name in reversed(names)])
    categories.setTruncateLabels(False)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    counts = count_axis(max((count for _name, count in rows), default=0))
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(counts)
    return chart


def bar_chart_height(rows: int) -> int:
    return 90 + BAR_HEIGHT * max(rows, 1)
