"""The command line's statistics: `proximity-desk --user NAME stats export --year Y [--station
CODE] --format odihr|csv|xlsx --out FILE [--force]` writes the year's annual ODIHR return (an
XLSX workbook), or every table of the year (CSV in long form, or XLSX a sheet per table).
Supervisors export their station's, administrators every station's or one; counts only, small
cells suppressed where the settings ask (small_cell_threshold). Audited as the screen's export."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_followup import Handler
from app.config import Settings
from app.i18n import _

FORMATS = ("odihr", "csv", "xlsx")  # app.services.statistics.EXPORT_FORMATS, without SQLAlchemy


def add_statistics(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The `stats` command with its `export` action; returns its actions, to which the report
    (app/cli_statistics_report.py) adds its own."""
    stats = commands.add_parser(
        "stats", help=_("statistics: the annual return and exports (supervisors, administrators)")
    )
    actions: argparse._SubParsersAction[argparse.ArgumentParser] = stats.add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    export = actions.add_parser(
        "export", help=_("write a year's figures: the ODIHR return, or every table")
    )
    export.add_argument("--year", required=True, type=int, metavar="YYYY")
    export.add_argument(
        "--station", metavar="CODE", help=_("one station (default: every station you answer for)")
    )
    export.add_argument(
        "--format", dest="fmt", required=True, choices=FORMATS,
        help=_("odihr: the annual return (XLSX); csv or xlsx: every table of the year"),
    )  # fmt: skip
    export.add_argument("--out", required=True, type=Path, metavar="FILE")
    export.add_argument(
        "--force", action="store_true",
        help=_("replace a file that exists (never the database in use)"),
    )  # fmt: skip
    return actions


def stats_export(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415 - the command line's shared helpers

    services = cli.services_for(settings)
    delivery = cli.output(services, args.out, args.force)
    actor = cli.signed_in(services, args)
    services.statistics.export(
        actor, args.year, args.station, args.fmt, delivery,
        threshold=settings.small_cell_threshold,
    )  # fmt: skip
    print(_("Written to {file}.").format(file=args.out))
    return 0


COMMANDS: dict[tuple[str, str | None], Handler] = {("stats", "export"): stats_export}
