"""`proximity-desk audit prune --before-year Y [--dry-run]`: removes the audit events of whole
years past their retention, with a sealed anchor (app/services/audit_prune.py). On PostgreSQL it
runs as the database owner (`--db OWNER_URL`): the program's role may not remove events."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.config import Settings
from app.i18n import _, format_date, ngettext

if TYPE_CHECKING:
    from app.services.audit import AuditReport

Handler = Callable[[argparse.Namespace, Settings], int]


def add_audit_prune(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    prune = commands.add_parser(
        "prune",
        help=_(
            "remove the audit events of the years before YEAR, past their retention"
            " (administrators; on PostgreSQL with the owner's --db)"
        ),
    )
    prune.add_argument("--before-year", required=True, type=int, metavar="YEAR")
    prune.add_argument(
        "--dry-run", action="store_true", help=_("only list the years and events it would remove")
    )


def audit_prune(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415 - the command line's shared helpers

    services = cli.services_for(settings)
    try:
        actor = cli.signed_in(services, args)
        audit = services.audit
        plan = (audit.prune_plan if args.dry_run else audit.prune)(actor, args.before_year)
    finally:
        services.close()
    for year, count in plan.years:
        print(ngettext("{year}: {n} event", "{year}: {n} events", count).format(year=year, n=count))
    if not plan.count:
        print(_("No audit events before {year} to remove.").format(year=args.before_year))
    elif args.dry_run:
        print(
            ngettext(
                "{n} audit event would be removed (up to event {id}); nothing was changed.",
                "{n} audit events would be removed (up to event {id}); nothing was changed.",
                plan.count,
            ).format(n=plan.count, id=plan.last_id)
        )
    else:
        print(
            ngettext(
                "{n} audit event removed (up to event {id}); the rest still verifies.",
                "{n} audit events removed (up to event {id}); the rest still verifies.",
                plan.count,
            ).format(n=plan.count, id=plan.last_id)
        )
    return 0


def prune_notes(report: AuditReport) -> list[str]:
    """What `audit verify` adds after old years were removed: from where the chain is proven,
    and that a checkpoint written before the removal proves nothing any more."""
    anchor = report.pruned
    if anchor is None:
        return []
    notes = [
        _(
            "Events up to {id} (the years to {year}) were removed on {date} by {name}: the trail"
            " is proven from event {next} on."
        ).format(
            id=anchor.last_id,
            year=anchor.year,
            date=format_date(anchor.at.date()),
            name=anchor.username,
            next=anchor.last_id + 1,
        )
    ]
    if report.checkpoint_predates_prune:
        notes.append(
            _(
                "The checkpoint was written before that removal: the events it vouched for were"
                " removed, so it proves nothing about the rest. Write a new checkpoint."
            )
        )
    return notes


COMMANDS: dict[tuple[str, str | None], Handler] = {("audit", "prune"): audit_prune}
