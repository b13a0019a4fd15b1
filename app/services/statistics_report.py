"""The printed statistics report (issue 14, part D): the figures a user may see, drawn by
app.documents.statistics_report in a document language, and the print in the audit trail (the
period, the station, the language; counts only, so nothing else is needed to account for it)."""

from __future__ import annotations

from sqlalchemy import select

from app.documents import document_translations
from app.documents import statistics_report as document
from app.domain.access import Scope, statistics_scope
from app.domain.audit_actions import AuditAction
from app.domain.statistics import Statistics
from app.services import audit
from app.services.context import Actor, Backend
from app.services.marks import database_mark
from app.storage.tables import Station

OBJECT_TYPE = "statistics"


def report(backend: Backend, actor: Actor, figures: Statistics, language: str) -> bytes:
    """The PDF of `figures` (already counted for `actor`), audited once it is made. Labels come
    from the pack of the station counted (an administrator's figures of every station: their
    own station's pack)."""
    query = figures.query
    scope = statistics_scope(actor.role)
    code = query.station_code or (actor.station_code if scope is Scope.STATION else "")
    with backend.reading() as session:
        station = session.scalar(select(Station).where(Station.code == code)) if code else None
        home = station or session.get(Station, actor.station_id)
        data = document.StatisticsReportData(
            statistics=figures,
            pack=backend.pack(home.protocol_pack if home is not None else "eu-baseline"),
            stations=(station.name,) if station is not None else (),
            printed_at=backend.clock(),
            printed_by=actor.full_name,
            demo=database_mark(session),
        )
    pdf = document.render(data, document_translations(language), language)
    with backend.transaction() as session:  # not held while the PDF is drawn
        audit.record(
            session, data.printed_at, actor.username, AuditAction.STATS_REPORT, OBJECT_TYPE, "",
            "", details={
                "start": query.start.isoformat(), "end": query.end.isoformat(),
                "station": code, "language": language, "drafts": query.include_drafts,
                "statuses": sorted(query.counted_statuses()),
            },
        )  # fmt: skip
    return pdf
