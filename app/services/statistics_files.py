"""The statistics as files: every table in long form (CSV), each table on a sheet (XLSX), and the
annual ODIHR return (XLSX: its figures, what is not mapped, what is counted how). Counts and the
pack's labels only, never anything about a person; a district is typed by users, so each text
cell is neutralised against spreadsheet formulas (app.domain.directory.neutralise), XLSX ones too.
Labels are in the screen language. Each function returns the file's bytes and its data rows."""

from __future__ import annotations

import csv
import io
from datetime import date

from babel.dates import format_date

from app.domain import odihr
from app.domain.case import CaseStatus
from app.domain.directory import neutralise
from app.domain.protocol import ODIHR_INCIDENT_TYPES, ProtocolPack
from app.domain.statistics import NOT_RECORDED, PACK_LISTS, Dimension, Statistics, Table
from app.i18n import N_, _, babel_locale
from app.ui.labels import CASE_STATUS  # plain text tables, no Qt in them

DIMENSION: dict[Dimension, str] = {
    Dimension.MONTH: N_("Month"),
    Dimension.MOTIVE: N_("Bias motive"),
    Dimension.OFFENCE_TYPE: N_("Offence type"),
    Dimension.CLASSIFICATION: N_("Classification"),
    Dimension.PLACE_TYPE: N_("Place type"),
    Dimension.DISTRICT: N_("District"),
    Dimension.STATUS: N_("Status"),
}
ODIHR_CATEGORY: dict[str, str] = {
    "racism_xenophobia": N_("Racism and xenophobia"),
    "anti_roma": N_("Bias against Roma and Sinti"),
    "antisemitism": N_("Antisemitism"),
    "anti_muslim": N_("Bias against Muslims"),
    "anti_christian": N_("Bias against Christians"),
    "other_religion": N_("Bias against members of other religions or beliefs"),
    "gender": N_("Gender-based bias"),
    "anti_lgbti": N_("Bias against LGBTI people"),
    "disability": N_("Bias against people with disabilities"),
    "other_groups": N_("Bias against other groups"),
}
ODIHR_INCIDENT_TYPE: dict[str, str] = {
    "violent_attack": N_("Violent attacks against people"),
    "threats": N_("Threats"),
    "property_attack": N_("Attacks against property"),
}
OUTCOME = "outcome"
UNDER_EACH = N_("under each: an incident counts once under each of its values")


def row_label(dimension: Dimension, key: str, pack: ProtocolPack) -> str:
    if key == NOT_RECORDED:
        return _("Not recorded")
    if dimension is Dimension.MONTH:
        return format_date(date(int(key[:4]), int(key[5:]), 1), "LLLL y", locale=babel_locale())
    if dimension in PACK_LISTS:
        return _(pack.label(PACK_LISTS[dimension], key))
    if dimension is Dimension.STATUS:
        return _(CASE_STATUS[CaseStatus(key)])
    return key  # a district, as typed


def _rows(figures: Statistics, pack: ProtocolPack, threshold: int) -> list[list[str | int]]:
    """The long form: dimension, key, label, count, total, note; then the outcomes."""
    rows: list[list[str | int]] = []
    for table in figures.tables.values():
        rows += _table_rows(table, pack, threshold)
    if figures.outcomes is not None:
        o = figures.outcomes
        total = odihr.shown(o.recorded, threshold)
        figures_of = [("recorded", o.recorded), ("prosecuted", o.prosecuted)]
        figures_of += [("sentenced", o.sentenced), *((c.key, c.count) for c in o.by_kind)]
        for key, count in figures_of:
            rows.append([OUTCOME, key, key, odihr.shown(count, threshold), total, ""])
    return rows


def _table_rows(table: Table, pack: ProtocolPack, threshold: int) -> list[list[str | int]]:
    note = _(UNDER_EACH) if table.under_each else ""
    total = odihr.shown(table.incidents, threshold)
    return [
        [table.dimension.value, count.key, row_label(table.dimension, count.key, pack),
         odihr.shown(count.count, threshold), total, note]
        for count in table.counts
    ]  # fmt: skip


def _header() -> list[str]:
    return [_("Dimension"), _("Key"), _("Label"), _("Count"), _("Total"), _("Note")]


def _cell(value: str | int) -> str | int:
    """A cell as written: a number as a number, a text neutralised."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return neutralise(value) if isinstance(value, str) else value


def tables_csv(figures: Statistics, pack: ProtocolPack, threshold: int) -> tuple[bytes, int]:
    rows = _rows(figures, pack, threshold)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_header())
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig"), len(rows)  # the BOM: Excel reads it as UTF-8


def tables_xlsx(figures: Statistics, pack: ProtocolPack, threshold: int) -> tuple[bytes, int]:
    from openpyxl import Workbook  # noqa: PLC0415 - slow to import, for exports only

    book = Workbook()
    book.remove(book.active)
    count = 0
    for table in figures.tables.values():
        sheet = book.create_sheet(_(DIMENSION[table.dimension])[:31])
        sheet.append(_header())
        for row in _table_rows(table, pack, threshold):
            sheet.append([_cell(cell) for cell in row])
            count += 1
    outcomes = [row for row in _rows(figures, pack, threshold) if row[0] == OUTCOME]
    if outcomes:
        sheet = book.create_sheet(_("Outcomes")[:31])
        sheet.append(_header())
        for row in outcomes:
            sheet.append([_cell(cell) for cell in row])
        count += len(outcomes)
    return _saved(book), count


def odihr_xlsx(the_return: odihr.OdihrReturn, pack: ProtocolPack) -> tuple[bytes, int]:
    """The return: a sheet of figures by bias category (recorded, prosecuted, sentenced, each
    incident type) with the total, a sheet of what the pack does not map, and the method."""
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    figures = book.active
    figures.title = _("Hate crimes")[:31]
    figures.append(
        [_("Bias category"), _("Recorded"), _("Prosecuted"), _("Sentenced"),
         *(_(ODIHR_INCIDENT_TYPE[kind]) for kind in ODIHR_INCIDENT_TYPES)]
    )  # fmt: skip
    shown = the_return.shown
    for category, row in (*the_return.rows, ("", the_return.total)):
        label = _(ODIHR_CATEGORY[category]) if category else _("All hate crimes")
        figures.append(
            [label, *(_cell(shown(n)) for n in (row.recorded, row.prosecuted, row.sentenced)),
             *(_cell(shown(n)) for n in row.by_type)]
        )  # fmt: skip
    unmapped = book.create_sheet(_("Not mapped")[:31])
    unmapped.append([_("Kind"), _("Key"), _("Label"), _("Number of incidents")])
    for item in the_return.unmapped:
        kind = "motives" if item.kind == odihr.MOTIVE else "offence_types"
        label = _(pack.label(kind, item.key)) if item.key else _("Not recorded")
        unmapped.append([item.kind, _cell(item.key), _cell(label), _cell(shown(item.incidents))])
    method = book.create_sheet(_("Counting method")[:31])
    for line in _method(the_return, pack):
        method.append([_cell(line)])
    return _saved(book), len(the_return.rows) + 1 + len(the_return.unmapped)


def _method(the_return: odihr.OdihrReturn, pack: ProtocolPack) -> list[str]:
    counted = ", ".join(_(pack.label("classifications", c)) for c in the_return.classifications)
    lines = [
        _("Year: {year}. Station: {station}.").format(
            year=the_return.year, station=the_return.station_code or _("every station")
        ),
        _("Counted as hate crimes: {classifications}.").format(classifications=counted),
        _("An incident counts once in the total and once under each bias category of its"
          " motives; a duplicate counts once."),
        _("Prosecuted and sentenced: cases whose first charge or prosecution, and first"
          " conviction, fell in the year."),
        _("Bias categories and incident types follow the protocol pack's [odihr] table."),
    ]  # fmt: skip
    if the_return.threshold:
        lines.append(
            _("Counts from 1 to {n} are shown as <{threshold}.").format(
                n=the_return.threshold - 1, threshold=the_return.threshold
            )
        )
    return lines


def _saved(book: object) -> bytes:
    out = io.BytesIO()
    book.save(out)  # type: ignore[attr-defined]
    return out.getvalue()
