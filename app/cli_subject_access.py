"""The command line's requests of access (LED Art. 14), for the data-protection officer:
`proximity-desk --user NAME subject-access find NAME [--born DATE]` lists the persons the name
may be, one `REF:KEY` a line; `subject-access report --pick REF:KEY ... --reason TEXT --out
FILE.pdf [--lang CODE] [--force]` prints everything held about those picked. The file is
readable by its owner only and never replaces one without --force."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.config import Settings
from app.documents import DOCUMENT_LANGUAGES
from app.i18n import _

Handler = Callable[[argparse.Namespace, Settings], int]


def add_subject_access(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    access = commands.add_parser(
        "subject-access",
        help=_("requests of access: what the program holds about a person (data-protection"
               " officer)"),
    )  # fmt: skip
    actions = access.add_subparsers(dest="action", required=True, metavar="ACTION")
    find = actions.add_parser(
        "find", help=_("list the persons of every station's cases with this name or alias")
    )
    find.add_argument("name", metavar="NAME")
    find.add_argument("--born", metavar="YYYY-MM-DD", help=_("the person's date of birth"))
    report = actions.add_parser(
        "report", help=_("print everything held about the persons picked, and who received it")
    )
    report.add_argument(
        "--pick", action="append", required=True, metavar="REF:KEY",
        help=_("a person that find listed, e.g. LIS-01-2026-000123:P1; repeat for each"),
    )  # fmt: skip
    report.add_argument(
        "--reason", required=True, help=_("the request's reference (audit trail, printout)")
    )
    report.add_argument("--out", required=True, type=Path, metavar="FILE")
    report.add_argument(
        "--lang", dest="document_language", metavar="CODE", choices=DOCUMENT_LANGUAGES,
        default="en", help=_("language of the document: %s") % ", ".join(DOCUMENT_LANGUAGES),
    )  # fmt: skip
    report.add_argument(
        "--force", action="store_true",
        help=_("replace a file that exists (never the database in use)"),
    )  # fmt: skip


def find(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415 - the command line's shared helpers
    from app.cli_followup import day, refuse  # noqa: PLC0415
    from app.domain.validation import Issue  # noqa: PLC0415

    issues: list[Issue] = []
    born = day(args.born, "--born", issues)
    refuse(issues)
    services = cli.services_for(settings)
    found = services.subject_access.find(cli.signed_in(services, args), args.name, born)
    for c in found:
        born_or_age = c.date_of_birth.isoformat() if c.date_of_birth else c.age_band or "-"
        occurred = c.occurred_at.date().isoformat() if c.occurred_at else "-"
        print(f"{c.pick}\t{c.station_code}\t{c.role.value}\t{born_or_age}\t{occurred}")
    print(_("Persons found: {n}").format(n=len(found)))
    return 0


def report(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415
    from app.services.subject_access import parse_pick  # noqa: PLC0415

    services = cli.services_for(settings)
    delivery = cli.output(services, args.out, args.force)
    actor = cli.signed_in(services, args)
    picks = [parse_pick(text) for text in args.pick]
    data = services.subject_access.report(actor, picks, args.reason)
    services.subject_access.print_report(actor, data, args.document_language, delivery)
    print(_("Written to {file}.").format(file=args.out))
    return 0


COMMANDS: dict[tuple[str, str | None], Handler] = {
    ("subject-access", "find"): find,
    ("subject-access", "report"): report,
}
