"""The command line's retention of closed cases: `proximity-desk --user NAME retention run
[--dry-run] [--today DATE]` (administrators). One line per case (its reference, what would change
or changed), then the totals; every run, a dry run too, is written to the audit trail."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli_followup import Handler, day, refuse
from app.config import Settings
from app.i18n import _
from app.i18n.issues import describe

if TYPE_CHECKING:
    from app.domain.retention import Expiry
    from app.domain.validation import Issue
    from app.services.retention import RetentionRun


def add_retention(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retention = commands.add_parser(
        "retention", help=_("anonymise closed cases past their retention (administrators)")
    )
    actions = retention.add_subparsers(dest="action", required=True, metavar="ACTION")
    run = actions.add_parser(
        "run", help=_("anonymise the closed cases past the periods of their station's pack")
    )
    run.add_argument(
        "--dry-run", action="store_true", help=_("only list what would change; change nothing")
    )
    run.add_argument(
        "--today", metavar="YYYY-MM-DD", help=_("the day to count the periods to (default today)")
    )


def what(expiry: Expiry) -> str:
    """The parts of a case a run takes out, in words."""
    parts = []
    if expiry.case:
        parts.append(_("the whole case"))
    if expiry.referrals:
        parts.append(_("referral details: {keys}").format(keys=", ".join(expiry.referrals)))
    if expiry.attachments:
        parts.append(_("attachments"))
    return "; ".join(parts)


def retention_run(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415 - the command line's shared helpers

    issues: list[Issue] = []
    today = day(args.today, "--today", issues)
    refuse(issues)
    services = cli.services_for(settings)
    actor = cli.signed_in(services, args)
    run = services.retention.run(actor, today or services.backend.clock().date(), args.dry_run)
    for case in run.cases:
        if run.dry_run:
            state = _("would be anonymised")
        elif case.done:
            state = _("anonymised")
        else:
            state = _("changed since: left for the next run")
        print(f"{case.reference}\t{state}\t{what(case.expiry)}")
    counts = run.counts()
    total = _(
        "Cases: {cases} (the whole case: {case}, referral details: {referrals}, attachments:"
        " {attachments}); left for the next run: {skipped}."
    ).format(**counts)
    if run.dry_run:
        total = " ".join((_("Dry run, nothing changed."), total))
    print(total)
    print(audit_removal(run))
    return 0


def audit_removal(run: RetentionRun) -> str:
    """What became of the audit events of the years past their period."""
    if run.audit_refusal is not None:
        return _("Audit events before {year} were not removed: {why}").format(
            year=run.audit_before_year, why=describe(run.audit_refusal)
        )
    count = run.audit_removal.count if run.audit_removal else 0
    if run.dry_run:
        text = _("Audit events before {year}: {n} would be removed.")
    else:
        text = _("Audit events before {year}: {n} removed; the rest still verifies.")
    return text.format(year=run.audit_before_year, n=count)


COMMANDS: dict[tuple[str, str | None], Handler] = {("retention", "run"): retention_run}
