"""The statistics in words of the screen language: what each table counts by, the name of each
row (a pack label, a month, a status, a district as typed; "Not recorded" for none) and which
total each table shows (app.domain.statistics says how each is counted)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.domain.case import CaseStatus, OutcomeKind
from app.domain.protocol import ProtocolPack
from app.domain.statistics import NOT_RECORDED, PACK_LISTS, Dimension, Outcomes, StatsQuery, Table
from app.i18n import N_, _, babel_locale, format_number, ngettext
from app.ui import labels

TITLES: dict[Dimension, str] = {
    Dimension.MONTH: N_("Incidents by month"),
    Dimension.MOTIVE: N_("Incidents by bias motive"),
    Dimension.OFFENCE_TYPE: N_("Incidents by offence type"),
    Dimension.CLASSIFICATION: N_("Incidents by classification"),
    Dimension.PLACE_TYPE: N_("Incidents by type of place"),
    Dimension.DISTRICT: N_("Incidents by district"),
    Dimension.STATUS: N_("Incidents by status"),
}
# The column heading of each table's names.
HEADINGS: dict[Dimension, str] = {
    Dimension.MONTH: N_("Month"),
    Dimension.MOTIVE: N_("Bias motive"),
    Dimension.OFFENCE_TYPE: N_("Offence type"),
    Dimension.CLASSIFICATION: N_("Classification"),
    Dimension.PLACE_TYPE: N_("Type of place"),
    Dimension.DISTRICT: N_("District"),
    Dimension.STATUS: N_("Status"),
}


def title(dimension: Dimension) -> str:
    return _(TITLES[dimension])


def heading(dimension: Dimension) -> str:
    return _(HEADINGS[dimension])


def month_name(key: str) -> str:
    """ "2026-03" as the screen language names a month of a year ("Mar 2026", "maalis 2026")."""
    from babel.dates import format_skeleton  # noqa: PLC0415 - slow import

    return format_skeleton("yMMM", date(int(key[:4]), int(key[5:7]), 1), locale=babel_locale())


def key_name(dimension: Dimension, key: str, packs: Sequence[ProtocolPack]) -> str:
    """A row's name. A pack id is looked up in the station's pack first, then in the others (an
    administrator counts stations of other packs); an id no pack has any more shows as it is."""
    if key == NOT_RECORDED:
        return _("Not recorded")
    if dimension is Dimension.MONTH:
        return month_name(key)
    if dimension is Dimension.STATUS:
        try:
            return labels.label(CaseStatus(key))
        except ValueError:
            return key
    kind = PACK_LISTS.get(dimension)
    if kind is None:  # a district, as typed
        return key
    for pack in packs:
        text = pack.label(kind, key)
        if text != key:
            return _(text)
    return key


def total_words(incidents: int, query: StatsQuery) -> str:
    """The incident total in a sentence that says what an incident is here."""
    if query.include_drafts:
        text = ngettext(
            "{n} incident (a duplicate counts once; drafts included)",
            "{n} incidents (a duplicate counts once; drafts included)",
            incidents,
        )
    else:
        text = ngettext(
            "{n} incident (a duplicate counts once; drafts left out)",
            "{n} incidents (a duplicate counts once; drafts left out)",
            incidents,
        )
    return text.format(n=format_number(incidents))


def table_note(table: Table) -> str:
    """Which total a table shows, and whether its rows add up to it."""
    n = table.incidents
    if table.dimension is Dimension.MOTIVE:
        text = ngettext(
            "An incident with several motives counts under each: rows add up to more than"
            " the {n} incident.",
            "An incident with several motives counts under each: rows add up to more than"
            " the {n} incidents.",
            n,
        )
    elif table.dimension is Dimension.OFFENCE_TYPE:
        text = ngettext(
            "An incident with several offence types counts under each: rows add up to more"
            " than the {n} incident.",
            "An incident with several offence types counts under each: rows add up to more"
            " than the {n} incidents.",
            n,
        )
    else:
        text = ngettext(
            "Each incident counts once: rows add up to the {n} incident.",
            "Each incident counts once: rows add up to the {n} incidents.",
            n,
        )
    return text.format(n=format_number(n))


def outcome_rows(outcomes: Outcomes) -> list[tuple[str, int]]:
    """Recorded, prosecuted and sentenced as ODIHR counts them, then each outcome entered."""
    rows = [
        (_("Incidents recorded"), outcomes.recorded),
        (_("Cases prosecuted"), outcomes.prosecuted),
        (_("Cases sentenced"), outcomes.sentenced),
    ]
    for count in outcomes.by_kind:
        rows.append((outcome_kind(count.key), count.count))
    return rows


def outcome_kind(key: str) -> str:
    try:
        return labels.label(OutcomeKind(key))
    except ValueError:  # a kind of a newer version: its id
        return key


OUTCOMES_NOTE = N_(
    "Prosecuted: cases first charged, prosecuted, convicted or acquitted within the period;"
    " sentenced: first convicted within the period, whenever the incident happened. Below them,"
    " each outcome entered within the period."
)
