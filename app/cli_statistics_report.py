"""The command line's printed statistics report (issue 14, part D):
`proximity-desk --user NAME stats report --from YYYY-MM-DD --to YYYY-MM-DD [--station CODE]
[--lang CODE] [--drafts] --out FILE.pdf [--force]`, for supervisors (their station) and
administrators (every station, or one). The file is readable by its owner only, written whole or
not at all, and never replaces one without --force. Language: --lang, or the station's."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import Settings
from app.documents import DOCUMENT_LANGUAGES
from app.i18n import _

if TYPE_CHECKING:
    from app.domain.statistics import StatsQuery
    from app.services import Services
    from app.services.context import Actor

Handler = Callable[[argparse.Namespace, Settings], int]


def add_report(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report_ = actions.add_parser("report", help=_("print the statistics report of a period as PDF"))
    report_.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    report_.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    report_.add_argument(
        "--station", metavar="CODE", help=_("one station's (administrators: any station)")
    )
    report_.add_argument("--drafts", action="store_true", help=_("count draft cases too"))
    report_.add_argument(
        "--lang", dest="document_language", metavar="CODE", choices=DOCUMENT_LANGUAGES,
        help=_("language of the document: %s") % ", ".join(DOCUMENT_LANGUAGES),
    )  # fmt: skip
    report_.add_argument("--out", required=True, type=Path, metavar="FILE")
    report_.add_argument(
        "--force", action="store_true",
        help=_("replace a file that exists (never the database in use)"),
    )  # fmt: skip


def report(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415 - the command line's shared helpers
    from app.cli_followup import day, refuse  # noqa: PLC0415
    from app.domain.statistics import StatsQuery  # noqa: PLC0415
    from app.domain.validation import Issue  # noqa: PLC0415

    issues: list[Issue] = []
    start, end = day(args.start, "--from", issues), day(args.end, "--to", issues)
    refuse(issues)
    assert start is not None  # both required
    assert end is not None
    query = StatsQuery(start, end, args.station or None, include_drafts=args.drafts)
    refuse(query.problems())
    services = cli.services_for(settings)
    delivery = cli.output(services, args.out, args.force)
    actor = cli.signed_in(services, args)
    language = args.document_language or default_language(services, actor, query)
    delivery.write(services.statistics.statistics_report(actor, query, language))
    print(_("Written to {file}.").format(file=args.out))
    return 0


def default_language(services: Services, actor: Actor, query: StatsQuery) -> str:
    """The station's document language (the one named, else the user's), else English."""
    code = query.station_code or actor.station_code
    language = services.stations.official_language(actor, code)
    return language if language in DOCUMENT_LANGUAGES else "en"


COMMANDS: dict[tuple[str, str | None], Handler] = {("stats", "report"): report}
