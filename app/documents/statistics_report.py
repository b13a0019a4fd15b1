"""The printed statistics report, for a city council or a network meeting (issue 14): the period,
the incident total, a trend chart by month and a bar chart by motive (reportlab.graphics), the
tables, what became of the cases, and the method in plain words (app.domain.statistics). Counts
only: nothing about a person is printed."""

from __future__ import annotations

import gettext
import math
from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak

from app.documents import labels
from app.documents.fonts import REGULAR
from app.documents.layout import Printout, visual
from app.documents.styles import FRAME_WIDTH, INK, MUTED, RULE
from app.documents.text import D_, Words
from app.domain.case import CaseStatus, OutcomeKind
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack
from app.domain.statistics import NOT_RECORDED, PACK_LISTS, Count, Dimension, Statistics, Table

TITLE = D_("Hate incidents: statistics")
HEADINGS = {
    Dimension.MONTH: D_("Incidents by month"),
    Dimension.MOTIVE: D_("Incidents by bias motive"),
    Dimension.OFFENCE_TYPE: D_("Incidents by offence type"),
    Dimension.CLASSIFICATION: D_("Incidents by classification"),
    Dimension.PLACE_TYPE: D_("Incidents by type of place"),
    Dimension.DISTRICT: D_("Incidents by district"),
    Dimension.STATUS: D_("Incidents by status of the case"),
}
COLUMN = {
    Dimension.MONTH: D_("Month"),
    Dimension.MOTIVE: D_("Bias motive"),
    Dimension.OFFENCE_TYPE: D_("Offence type"),
    Dimension.CLASSIFICATION: D_("Classification"),
    Dimension.PLACE_TYPE: D_("Type of place"),
    Dimension.DISTRICT: D_("District"),
    Dimension.STATUS: D_("Status"),
}
# The districts a table lists by name; the rest are added up on one line.
TOP_DISTRICTS = 15
OTHERS = "\x00others"  # a key no district typed can have
# The trend chart names at most this many months; the others are points without a label.
MONTH_LABELS = 12
BAR = colors.HexColor("#3b6ea5")
CHART_FONT_SIZE = 7.5


@dataclass(frozen=True)
class StatisticsReportData:
    statistics: Statistics
    pack: ProtocolPack  # for the labels of motives, offence types, classifications, places
    stations: tuple[str, ...]  # the names of the stations counted; empty: every station
    printed_at: datetime
    printed_by: str  # the full name of who printed it
    demo: DatabaseMark = DatabaseMark.NONE


def render(
    data: StatisticsReportData, translations: gettext.NullTranslations, locale: str
) -> bytes:
    tr = Words(translations, locale)
    stats = data.statistics
    query = stats.query
    where = ", ".join(data.stations) or tr("Every station")
    period = tr.fill(tr("{start} to {end}"), start=tr.day(query.start), end=tr.day(query.end))
    doc = Printout(tr, title=tr(TITLE), station=where, printed_at=data.printed_at, demo=data.demo)
    doc.title(tr(TITLE), period)
    statuses = sorted(query.counted_statuses(), key=list(CaseStatus).index)
    doc.fields(
        [
            (tr("Police station"), where),
            (tr("Period"), period),
            (tr("Statuses counted"), tr.join(tr.label(labels.CASE_STATUS, s) for s in statuses)),
            (tr("Printed by"), data.printed_by),
            (tr("Incidents"), number(tr, stats.incidents)),
        ]
    )
    tables = stats.tables
    if Dimension.MONTH in tables:
        _table(doc, tr, data, tables[Dimension.MONTH], trend_chart(tr, tables[Dimension.MONTH]))
    if Dimension.MOTIVE in tables:
        chart = bar_chart(tr, rows(tr, data, tables[Dimension.MOTIVE]))
        _table(doc, tr, data, tables[Dimension.MOTIVE], chart)
    for dimension in Dimension:
        if dimension not in (Dimension.MONTH, Dimension.MOTIVE) and dimension in tables:
            _table(doc, tr, data, tables[dimension])
    if stats.outcomes is not None:
        _outcomes(doc, tr, data)
    doc.heading(tr("Method: what is counted how"))
    doc.bullets(method(tr, data))
    return doc.pdf()


def number(tr: Words, n: int) -> str:
    return format_decimal(n, locale=tr.locale)


def month_name(tr: Words, key: str, skeleton: str = "yMMMM") -> str:
    """A month "YYYY-MM" as the language writes it, e.g. "March 2026"."""
    if not key:
        return tr(D_("Not recorded"))
    return format_skeleton(skeleton, date(int(key[:4]), int(key[5:]), 1), locale=tr.locale)


def label_of(tr: Words, data: StatisticsReportData, dimension: Dimension, key: str) -> str:
    """A row's name: a pack label, a month, a status, a district as typed."""
    if key == NOT_RECORDED:
        return tr(D_("Not recorded"))
    if key == OTHERS:
        return tr("Other districts")
    if dimension is Dimension.MONTH:
        return month_name(tr, key)
    if dimension is Dimension.STATUS:
        return tr.label(labels.CASE_STATUS, CaseStatus(key))
    if dimension in PACK_LISTS:
        return tr.item(data.pack, PACK_LISTS[dimension], key)
    return key


def shown_counts(table: Table) -> tuple[Count, ...]:
    """The rows printed: every one, but the districts beyond the first TOP_DISTRICTS (already
    most frequent first) added up as "other districts", before "not recorded"."""
    if table.dimension is not Dimension.DISTRICT:
        return table.counts
    named = [c for c in table.counts if c.key != NOT_RECORDED]
    rest = [c for c in table.counts if c.key == NOT_RECORDED]
    if len(named) <= TOP_DISTRICTS:
        return table.counts
    others = Count(OTHERS, sum(c.count for c in named[TOP_DISTRICTS:]))
    return (*named[:TOP_DISTRICTS], others, *rest)


def rows(tr: Words, data: StatisticsReportData, table: Table) -> list[tuple[str, int]]:
    return [(label_of(tr, data, table.dimension, c.key), c.count) for c in shown_counts(table)]


def _table(
    doc: Printout, tr: Words, data: StatisticsReportData, table: Table, chart: Drawing | None = None
) -> None:
    if chart is not None:  # the heading, its line and the chart on one page
        doc.story.append(CondPageBreak(chart.height + 70))
    doc.heading(tr(HEADINGS[table.dimension]))
    total = number(tr, table.incidents)
    if table.under_each:
        doc.small(
            tr.fill(
                tr(
                    "Of the {n} incidents. An incident with several values counts under each of"
                    " them, so the rows add up to more than {n}."
                ),
                n=total,
            )
        )
    else:
        doc.small(tr.fill(tr("Of the {n} incidents; the rows add up to {n}."), n=total))
    if chart is not None:
        chart.hAlign = "CENTER"
        doc.story.append(chart)
        doc.space(6)
    counted = rows(tr, data, table)
    if not counted:
        doc.text(tr("None recorded."))
        return
    doc.grid(
        [tr(COLUMN[table.dimension]), tr("Incidents"), tr("Share of the incidents")],
        [[name, number(tr, n), share(tr, n, table.incidents)] for name, n in counted],
        [0.56, 0.22, 0.22],
    )


def share(tr: Words, n: int, total: int) -> str:
    """The share in whole percent; a count under half a percent is "<1 %", never "0 %"."""
    if not total:
        return ""
    if 0 < n / total < 0.005:
        return "<" + format_percent(0.01, locale=tr.locale)
    return format_percent(n / total, locale=tr.locale)


def _outcomes(doc: Printout, tr: Words, data: StatisticsReportData) -> None:
    outcomes = data.statistics.outcomes
    assert outcomes is not None
    doc.heading(tr("What became of the cases"))
    doc.small(
        tr(
            "Counted by the dates of the outcomes, which fall in the period: a court may decide"
            " on an incident of an earlier year."
        )
    )
    doc.grid(
        [tr("Cases"), tr("Number")],
        [
            [tr("Recorded (incidents of the period)"), number(tr, outcomes.recorded)],
            [tr("Prosecuted"), number(tr, outcomes.prosecuted)],
            [tr("Sentenced"), number(tr, outcomes.sentenced)],
        ],
        [0.7, 0.3],
    )
    doc.subheading(tr("Outcomes entered, by kind"))
    doc.grid(
        [tr("Outcome"), tr("Number")],
        [
            [tr.label(labels.OUTCOME_KIND, OutcomeKind(c.key)), number(tr, c.count)]
            for c in outcomes.by_kind
        ],
        [0.7, 0.3],
    )


def method(tr: Words, data: StatisticsReportData) -> list[str]:
    """The counting rules of app.domain.statistics, in plain words."""
    drafts = (
        tr("Draft cases are included, as asked for this report.")
        if data.statistics.query.include_drafts
        else tr("Draft cases, not yet submitted, are not counted.")
    )
    return [
        tr(
            "The unit is the incident. A case recorded as a duplicate of another is not counted"
            " again: the case it duplicates is the incident. Each case of a series of incidents"
            " counts as an incident of its own."
        ),
        tr(
            "A case with several bias motives (or offence types) counts once in the total and"
            " once under each of its motives: those tables add up to more than the total."
        ),
        tr(
            "An incident is dated by the day it happened (a draft without that date, by the day it"
            " was written), in the local calendar."
        ),
        drafts,
        tr(
            "Outcomes are counted by their own dates: a case counts as prosecuted in the period"
            " in which it was first charged, prosecuted, convicted or acquitted, and as sentenced"
            " in the period in which it was first convicted."
        ),
        tr("The report holds counts only, no personal data."),
    ]


# ------------------------------------------------------------------------------ charts


def chart_text(tr: Words, text: str) -> str:
    """A label as a chart draws it: one line, in display order (Arabic joined, right to left)."""
    return visual(text) if tr.rtl else text


def fitted(text: str, width: float) -> str:
    """The text cut to `width`, with an ellipsis: the table beside the chart has it in full."""
    if stringWidth(text, REGULAR, CHART_FONT_SIZE) <= width:
        return text
    while len(text) > 1 and stringWidth(text + "…", REGULAR, CHART_FONT_SIZE) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def value_axis(axis: object, top: int) -> None:
    """Whole numbers from 0, about five steps, even when nothing was counted."""
    step = max(1, math.ceil(top / 5))
    axis.valueMin = 0  # type: ignore[attr-defined]
    axis.valueStep = step  # type: ignore[attr-defined]
    axis.valueMax = max(step, math.ceil(top / step) * step)  # type: ignore[attr-defined]
    axis.labels.fontName = REGULAR  # type: ignore[attr-defined]
    axis.labels.fontSize = CHART_FONT_SIZE  # type: ignore[attr-defined]
    axis.labelTextFormat = "%d"  # type: ignore[attr-defined]
    axis.strokeColor = RULE  # type: ignore[attr-defined]
    axis.gridStrokeColor = RULE  # type: ignore[attr-defined]


def trend_chart(tr: Words, table: Table) -> Drawing:
    """Incidents by month as a line; at most MONTH_LABELS months named, slanted if several,
    so that their labels never overlap."""
    counts = [c.count for c in table.counts]
    every = max(1, math.ceil(len(counts) / MONTH_LABELS))
    names = [
        chart_text(tr, month_name(tr, c.key, "yMMM")) if i % every == 0 else ""
        for i, c in enumerate(table.counts)
    ]
    drawing = Drawing(FRAME_WIDTH, 62 * 2.83)
    chart = HorizontalLineChart()
    chart.x, chart.y = 30, 38
    chart.width, chart.height = FRAME_WIDTH - 40, drawing.height - 48
    chart.data = [counts or [0]]
    chart.categoryAxis.categoryNames = names or [""]
    labels_ = chart.categoryAxis.labels
    labels_.fontName, labels_.fontSize, labels_.fillColor = REGULAR, CHART_FONT_SIZE, INK
    if sum(1 for name in names if name) > 6:
        labels_.angle, labels_.boxAnchor, labels_.dx, labels_.dy = 35, "ne", 0, -2
    chart.categoryAxis.strokeColor = RULE
    value_axis(chart.valueAxis, max(counts, default=0))
    chart.valueAxis.visibleGrid = 1
    chart.lines[0].strokeColor = BAR
    chart.lines[0].strokeWidth = 1.6
    chart.joinedLines = 1
    if len(counts) <= 36:  # a dot per month while the dots stay apart
        from reportlab.graphics.widgets.markers import makeMarker  # noqa: PLC0415

        chart.lines[0].symbol = makeMarker("FilledCircle", size=3)
    drawing.add(chart)
    return drawing


def bar_chart(tr: Words, counted: list[tuple[str, int]]) -> Drawing:
    """One horizontal bar per motive, most frequent on top, its label beside it in full width
    (labels never share a line), its count at the end of the bar."""
    bar_height = 14
    shown = counted or [(tr("None recorded."), 0)]
    label_width = min(
        FRAME_WIDTH * 0.4,
        max(stringWidth(name, REGULAR, CHART_FONT_SIZE) for name, _ in shown) + 8,
    )
    drawing = Drawing(FRAME_WIDTH, len(shown) * bar_height + 30)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 4, 20
    chart.width, chart.height = FRAME_WIDTH - label_width - 30, len(shown) * bar_height
    upwards = list(reversed(shown))  # the first category is drawn at the bottom
    chart.data = [[n for _, n in upwards]]
    chart.categoryAxis.categoryNames = [
        chart_text(tr, fitted(name, label_width - 8)) for name, _ in upwards
    ]
    labels_ = chart.categoryAxis.labels
    labels_.fontName, labels_.fontSize, labels_.fillColor = REGULAR, CHART_FONT_SIZE, INK
    labels_.boxAnchor, labels_.dx = "e", -4
    chart.categoryAxis.strokeColor = RULE
    value_axis(chart.valueAxis, max((n for _, n in shown), default=0))
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barWidth = bar_height * 0.6
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = CHART_FONT_SIZE
    chart.barLabels.fillColor = MUTED
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    return drawing
