"""The command line's audit viewer: `proximity-desk audit list|export` with the filters of the
screen (app.services.audit_search): administrators and data-protection officers every station's
events, supervisors their station's; the export for the data-protection officer."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_followup import Handler, day, refuse
from app.config import Settings
from app.i18n import _

if TYPE_CHECKING:
    from app.domain.audit_search import AuditFilter
    from app.domain.validation import Issue

# Typed text (a reason) printed on one line of a terminal: no line breaks, tabs or escapes.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def add_audit(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`audit list` and `audit export`, beside `audit verify` and `audit checkpoint`."""
    listing = commands.add_parser(
        "list", help=_("the audit trail's events, newest first, filtered (one line each)")
    )
    _filters(listing)
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.add_argument(
        "--before", type=int, metavar="ID", help=_("the events before this one (the next page)")
    )
    export = commands.add_parser(
        "export", help=_("write the filtered events to a CSV file (data-protection officers)")
    )
    export.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    _filters(export)
    export.add_argument(
        "--force", action="store_true",
        help=_("replace a file that exists (never the database in use)"),
    )  # fmt: skip


def _filters(command: argparse.ArgumentParser) -> None:
    command.add_argument("--case", default="", metavar="REF")
    command.add_argument("--by", default="", metavar="USER")
    command.add_argument("--action", dest="event", default="", metavar="ACTION")
    command.add_argument("--from", dest="day_from", metavar="YYYY-MM-DD")
    command.add_argument("--to", dest="day_to", metavar="YYYY-MM-DD", help=_("both days included"))


def _filter(args: argparse.Namespace) -> AuditFilter:
    from app.domain.audit_search import AuditFilter  # noqa: PLC0415

    issues: list[Issue] = []
    first = day(args.day_from, "--from", issues)
    last = day(args.day_to, "--to", issues)
    refuse(issues)
    return AuditFilter(args.case, args.by, args.event, first, last)


def one_line(text: str) -> str:
    return CONTROL.sub(" ", text)


def audit_list(args: argparse.Namespace, settings: Settings) -> int:
    """Tab-separated: id, time (UTC), user, action, object, its reference, reason, details."""
    from app import cli  # noqa: PLC0415 - the command line's shared helpers
    from app.services.audit_search import details_text  # noqa: PLC0415

    search = _filter(args)
    services = cli.services_for(settings)
    actor = cli.signed_in(services, args)
    page = services.audit_search.search(actor, search, before=args.before, limit=args.limit)
    for entry in page.entries:
        cells = (
            str(entry.id), entry.at.isoformat(), entry.username, entry.action, entry.object_type,
            entry.object_ref, entry.reason, details_text(entry),
        )  # fmt: skip
        print("\t".join(one_line(cell) for cell in cells))
    if not page.entries:
        print(_("No audit event matches."), file=sys.stderr)
    elif page.older:
        print(_("Older events: add --before {id}.").format(id=page.entries[-1].id), file=sys.stderr)
    return 0


def audit_export(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415

    search = _filter(args)
    services = cli.services_for(settings)
    delivery = cli.output(services, args.out, args.force)
    count = services.audit_search.export_csv(cli.signed_in(services, args), search, delivery)
    print(_("Audit events written to {file}: {n}.").format(n=count, file=args.out))
    return 0


COMMANDS: dict[tuple[str, str | None], Handler] = {
    ("audit", "list"): audit_list,
    ("audit", "export"): audit_export,
}
