"""The command line: `proximity-desk [options] [command]`.

Exit status 0 on success, 1 for refused input (one line per problem on stderr, nothing half-done),
2 for a usage error.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.cli_accounts import COMMANDS as ACCOUNT_COMMANDS
from app.cli_accounts import NEW_PASSWORD_ENV, add_accounts, new_password
from app.cli_audit import COMMANDS as AUDIT_COMMANDS
from app.cli_audit import add_audit
from app.cli_audit_prune import COMMANDS as AUDIT_PRUNE_COMMANDS
from app.cli_audit_prune import add_audit_prune, prune_notes
from app.cli_encryption import COMMANDS as ENCRYPTION_COMMANDS
from app.cli_encryption import add_encryption, warn_if_plain
from app.cli_followup import COMMANDS as FOLLOW_UP_COMMANDS
from app.cli_followup import add_follow_up
from app.cli_retention import COMMANDS as RETENTION_COMMANDS
from app.cli_retention import add_retention
from app.cli_statistics import COMMANDS as STATISTICS_COMMANDS
from app.cli_statistics import add_statistics
from app.cli_statistics_report import COMMANDS as STATISTICS_REPORT_COMMANDS
from app.cli_statistics_report import add_report
from app.cli_subject_access import COMMANDS as SUBJECT_ACCESS_COMMANDS
from app.cli_subject_access import add_subject_access
from app.config import DB_ENV, LANG_ENV, Settings, SettingsError, load_settings
from app.documents import DOCUMENT_LANGUAGES
from app.domain.case import Role
from app.files import OutputError, check_target, write_file
from app.i18n import _, ngettext, set_language

if TYPE_CHECKING:
    from app.services import Services
    from app.services.audit import Delivery
    from app.services.context import Actor

PASSWORD_ENV = "PROXIMITY_DESK_PASSWORD"
# `station add|set` options that are texts of the station, as --hours is its opening_hours.
STATION_OPTIONS = ("name", "address", "phone", "email", "hours")
OK, REFUSED, USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="proximity-desk",
        description=_("Proximity Desk: the hate-incident Local Action Plan at the station."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="URL", help=_("database URL (or env %s)") % DB_ENV)
    parser.add_argument("--lang", metavar="CODE", help=_("screen language (or env %s)") % LANG_ENV)
    parser.add_argument(
        "--demo", action="store_true", help=_("the program on a throw-away demo database")
    )
    parser.add_argument("--demo-cases", type=int, default=300, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument(
        "--training",
        action="store_true",
        help=_("sign in as usual, then practise on the training database"),
    )
    parser.add_argument("--user", metavar="NAME", help=_("act as this user"))
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help=_("build the main window offscreen on a small demo database, then exit"),
    )
    parser.add_argument(
        "--out",
        dest="smoke_out",  # apart from the commands' own --out
        type=Path,
        metavar="DIR",
        help=_("with --smoke-test: the folder for the Finnish leaflet (default: a new one)"),
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help=_("add the program to this user's Linux desktop menu, then exit"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help=_("create or migrate the database"))
    db_commands = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help=_("create or migrate the database to this version"))
    grant = db_commands.add_parser(
        "grant",
        help=_(
            "PostgreSQL, run as the database owner: give the program's role what it needs, and"
            " on the audit trail only reading and adding"
        ),
    )
    grant.add_argument("role", help=_("the program's database role, e.g. desk"))
    add_encryption(db_commands)

    user = commands.add_parser("user", help=_("manage accounts"))
    user_commands = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = user_commands.add_parser(
        "add",
        help=_("add an account; the first one creates the station (password from env %s)")
        % NEW_PASSWORD_ENV,
    )
    add.add_argument("name", help=_("user name"))
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument(
        "--station", required=True, metavar="CODE", help=_("station code, e.g. LIS-01")
    )
    add.add_argument("--station-name", default="", help=_("name of a new station"))
    add.add_argument("--full-name", default="", help=_("the person's full name"))
    add.add_argument("--badge", default="", help=_("badge number"))
    add_accounts(user_commands)

    demo = commands.add_parser("demo", help=_("fill the database with synthetic demo data"))
    demo.add_argument("--cases", type=int, default=1000, metavar="N")
    demo.add_argument("--seed", type=int, default=2026)

    case = commands.add_parser(
        "case", help=_("a case: export or import it as JSON, or take a step of its life")
    )
    case_commands = case.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = case_commands.add_parser("export", help=_("write one case to a JSON file"))
    export.add_argument("reference")
    export.add_argument("--out", required=True, type=Path, metavar="FILE")
    add_force(export)
    export.add_argument("--reason", required=True, help=_("why it is exported (audit trail)"))
    imp = case_commands.add_parser("import", help=_("add a case from a JSON file"))
    imp.add_argument("file", type=Path)
    timeline = case_commands.add_parser(
        "timeline", help=_("everything that happened to a case, one line each, oldest first")
    )
    timeline.add_argument("reference")
    timeline.add_argument("--reason", required=True, help=_("why it is read (audit trail)"))
    for name, helptext in case_steps().items():
        step = case_commands.add_parser(name, help=helptext)
        step.add_argument("reference")
        step.add_argument(
            "--comment", default="", help=_("the reason or comment (required to return, escalate,"
            " propose closure or reopen)"),
        )  # fmt: skip
        if name == "return":
            step.add_argument(
                "--section", default="", metavar="ID",
                help=_("the section the comment is about, a step id such as incident or rights"),
            )  # fmt: skip
        if name == "approve":
            step.add_argument(
                "--confirm", action="append", default=[], metavar="CHECK",
                help=_("a judgement check you confirm (proportionality, community_tension,"
                       " attendance); repeat for each"),
            )  # fmt: skip
        if name == "escalate":
            step.add_argument(
                "--to", required=True, metavar="USER",
                help=_("the user name of the supervisor who reviews it next"),
            )  # fmt: skip
    add_follow_up(case_commands)

    directory = commands.add_parser("services", help=_("the support services directory (CSV)"))
    directory_commands = directory.add_subparsers(dest="action", required=True, metavar="ACTION")
    directory_import = directory_commands.add_parser(
        "import", help=_("add or update services from a CSV file, all or nothing")
    )
    directory_import.add_argument("file", type=Path)
    directory_export = directory_commands.add_parser("export", help=_("write every service to CSV"))
    directory_export.add_argument("file", type=Path)
    add_force(directory_export)

    station = commands.add_parser("station", help=_("station settings"))
    station_commands = station.add_subparsers(dest="action", required=True, metavar="ACTION")
    station_commands.add_parser(
        "list",
        help=_("list the stations; one without the contacts a victim's printout needs is flagged"),
    )
    for name, helptext in (
        ("add", _("add a station (administrators)")),
        ("set", _("change a station: only the options given change")),
    ):
        details = station_commands.add_parser(name, help=helptext)
        details.add_argument("station", metavar="CODE", help=_("station code, e.g. LIS-01"))
        for option in STATION_OPTIONS:
            details.add_argument(f"--{option}", metavar="TEXT")
        details.add_argument(
            "--language", metavar="CODE",
            help=_("the station's official document language: %s") % ", ".join(DOCUMENT_LANGUAGES),
        )  # fmt: skip
        details.add_argument("--pack", metavar="PACK_ID", help=_("e.g. eu-baseline or es-2020"))
        details.add_argument(
            "--country", metavar="CC",
            help=_("the two-letter code of the country whose public holidays count, e.g. PT"),
        )  # fmt: skip
    pack = station_commands.add_parser(
        "pack", help=_("set the protocol pack the station's new cases are handled under")
    )
    pack.add_argument("station", metavar="CODE")
    pack.add_argument("pack", metavar="PACK_ID", help=_("e.g. eu-baseline or es-2020"))

    add_printouts(commands)
    add_subject_access(commands)
    add_report(add_statistics(commands))

    followups = commands.add_parser(
        "followups",
        help=_(
            "list the referrals and re-contacts due or overdue: an officer's own, a supervisor's"
            " station's"
        ),
    )
    followups.add_argument("--overdue", action="store_true", help=_("only the overdue ones"))
    followups.add_argument(
        "--station", metavar="CODE", help=_("one station's (administrators: any station)")
    )

    add_retention(commands)

    audit = commands.add_parser("audit", help=_("the audit trail"))
    audit_commands = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    verify = audit_commands.add_parser(
        "verify", help=_("check that the audit trail was not altered (supervisors, administrators)")
    )
    verify.add_argument(
        "--checkpoint",
        type=Path,
        metavar="FILE",
        help=_("also check the trail against a checkpoint file written earlier"),
    )
    checkpoint = audit_commands.add_parser(
        "checkpoint",
        help=_("write the sealed head of the audit trail to a file kept away from the database"),
    )
    checkpoint.add_argument("--out", required=True, type=Path, metavar="FILE")
    checkpoint.add_argument(
        "--sheet",
        type=Path,
        metavar="FILE.pdf",
        help=_("also print a one-page checkpoint sheet (PDF) for a supervisor to sign and file"),
    )
    add_force(checkpoint)
    add_audit_prune(audit_commands)
    add_audit(audit_commands)
    return parser


def add_printouts(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`leaflet` and `print`. Their --lang is the document's language (dest document_language):
    the global --lang before the command stays the screen language."""
    languages = ", ".join(DOCUMENT_LANGUAGES)
    leaflet = commands.add_parser("leaflet", help=_("print the victim-rights leaflet as PDF"))
    leaflet.add_argument(
        "--lang", dest="document_language", metavar="CODE", choices=DOCUMENT_LANGUAGES,
        help=_("language of the document: %s") % languages,
    )  # fmt: skip
    leaflet.add_argument("--out", type=Path, metavar="FILE", help=_("the PDF file to write"))
    leaflet.add_argument(
        "--case", metavar="REF", default="", help=_("personalise the leaflet for this case")
    )
    leaflet.add_argument("--person", metavar="KEY", default="", help=person_help())
    leaflet.add_argument(
        "--all-languages",
        action="store_true",
        help=_("the standalone leaflet in every document language, for the station's stock"),
    )
    leaflet.add_argument(
        "--out-dir",
        type=Path,
        metavar="DIR",
        help=_("the folder for --all-languages (one leaflet-CODE.pdf a language)"),
    )
    add_force(leaflet)
    leaflet.add_argument(
        "--reason", default="", help=_("why it is printed (audit trail; required with --case)")
    )

    printout = commands.add_parser(
        "print",
        help=_("print a case document as PDF: referral sheet, prosecutor report, consent receipt"),
    )
    printout.add_argument("action", choices=["referral", "prosecutor", "consent"])
    printout.add_argument("reference")
    # Each copy defaults to its reader's language (app/domain/copies.py); --lang is the
    # victim's copy of a referral sheet.
    printout.add_argument(
        "--lang", dest="document_language", metavar="CODE", choices=DOCUMENT_LANGUAGES,
        help=_("language of the document: %s") % languages,
    )  # fmt: skip
    for option, copy_help in (
        ("--service-lang", _("language of the service's copy of a referral sheet")),
        ("--file-lang", _("language of the file copy of a referral sheet")),
    ):
        printout.add_argument(option, metavar="CODE", choices=DOCUMENT_LANGUAGES, help=copy_help)
    printout.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help=_("the PDF file to write")
    )
    printout.add_argument(
        "--referral",
        metavar="KEY",
        default="",
        help=_("which referral, e.g. R2 (when the case has several)"),
    )
    printout.add_argument("--person", metavar="KEY", default="", help=person_help())
    add_force(printout)
    printout.add_argument("--reason", required=True, help=_("why it is printed (audit trail)"))


def case_steps() -> dict[str, str]:
    """The steps of a case's life the command line takes, by command name."""
    return {
        "submit": _("send a complete case for review"),
        "approve": _("approve a case under review (not one you wrote or edited)"),
        "return": _("return a case to its officer, with a comment"),
        "escalate": _("escalate a case under review to a higher reviewer, with a reason"),
        "propose-closure": _("propose closing an approved case, with a closure note"),
        "close": _("close a case whose closure was proposed (not one you wrote or edited)"),
        "reopen": _("reopen a closed case, with a reason"),
    }


def person_help() -> str:
    return _("the victim it is for, e.g. P2 (when the case has several)")


def add_force(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--force",
        action="store_true",
        help=_("replace a file that exists (never the database in use)"),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on a usage error, 0 for --help
        return int(exit_.code or 0)
    try:
        settings = load_settings(args.db, args.lang)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return USAGE
    set_language(settings.language)
    if args.install_desktop_entry:
        return install_desktop_entry()
    if args.smoke_test:
        from app.main import smoke_test  # noqa: PLC0415 - Qt only for the GUI

        return smoke_test(args.smoke_out)
    if args.command is None:
        from app.main import run_gui  # noqa: PLC0415 - Qt only for the GUI

        return run_gui(settings, demo=args.demo, demo_cases=args.demo_cases, training=args.training)
    return run_command(args, settings)


def install_desktop_entry() -> int:
    from app.desktop_entry import install_desktop_entry as install  # noqa: PLC0415

    try:
        entry = install()
    except OutputError as error:
        print(error, file=sys.stderr)
        return REFUSED
    print(_("Menu entry written: {path}").format(path=entry))
    return OK


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    from app.services.errors import ServiceError  # noqa: PLC0415 - SQLAlchemy is slow to import

    handler = COMMANDS[(args.command, getattr(args, "action", None))]
    try:
        return handler(args, settings)
    except UsageError as error:
        print(error, file=sys.stderr)
        return USAGE
    except OutputError as error:
        hint = _("Give --force to replace it.") if error.kind == "exists" else ""
        print(f"{error} {hint}".strip(), file=sys.stderr)
        return USAGE
    except ServiceError as error:
        print(error, file=sys.stderr)
        return REFUSED


def services_for(settings: Settings) -> Services:
    from app.services import open_services  # noqa: PLC0415

    services = open_services(settings.database_url)
    warn_if_plain(services)
    return services


def signed_in(services: Services, args: argparse.Namespace) -> Actor:
    """The user of --user, signed in; refused (audited) while an administrator's reset of their
    password waits for `user password`."""
    actor = services.accounts.authenticate(args.user, current_password(args))
    services.accounts.check_session(actor)
    return actor


def current_password(args: argparse.Namespace) -> str:
    """The password of --user, from the environment or asked on the terminal."""
    if not args.user:
        raise UsageError(_("This command acts as a user: give --user NAME."))
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        try:
            password = getpass.getpass(_("Password for %s: ") % args.user)
        except EOFError:  # no terminal to ask in (a script, a pipe)
            raise UsageError(
                _("No password: set {variable} or run the command in a terminal.").format(
                    variable=PASSWORD_ENV
                )
            ) from None
    return password


def output(services: Services, path: Path, force: bool) -> Delivery:
    """Where a command's file goes, refused now if it exists (without --force) or is the
    database in use: before any work is done for it. app.files writes it."""
    from app.services.audit import Delivery  # noqa: PLC0415 - with the services

    database = services.database_file()
    check_target(path, force=force, database=database)

    def write(content: bytes) -> None:
        write_file(path, content, force=force, database=database)

    return Delivery("file", write)


def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    services_for(settings).close()
    print(_("The database is up to date."))
    return OK


def db_grant(args: argparse.Namespace, settings: Settings) -> int:
    from app.storage.engine import is_postgresql, make_engine  # noqa: PLC0415
    from app.storage.roles import ROLE_NAME, grant_program_role  # noqa: PLC0415

    if not ROLE_NAME.match(args.role):
        raise UsageError(_("{role} is not a database role name.").format(role=args.role))
    services_for(settings).close()  # creates or migrates the database first
    engine = make_engine(settings.database_url)
    try:
        if not is_postgresql(engine):
            raise UsageError(_("Roles are for a PostgreSQL database; SQLite has none."))
        grant_program_role(engine, args.role)
    finally:
        engine.dispose()
    print(
        _(
            "The role {role} may now use the database; audit events it can only read and add."
        ).format(role=args.role)
    )
    return OK


def user_add(args: argparse.Namespace, settings: Settings) -> int:

    services = services_for(settings)
    actor = None if services.accounts.needs_setup() else signed_in(services, args)
    password = new_password(_("New password for %s: ") % args.name)
    info = services.accounts.add_user(
        actor,
        username=args.name,
        full_name=args.full_name or args.name,
        role=Role(args.role),
        password=password,
        station_code=args.station,
        station_name=args.station_name,
        badge_number=args.badge,
    )
    print(
        _("Account {name} ({role}) added at station {station}.").format(
            name=info.username, role=info.role.value, station=info.station_code
        )
    )
    return OK


def demo_fill(args: argparse.Namespace, settings: Settings) -> int:
    if args.cases < 0:
        raise UsageError(_("--cases must be 0 or more."))
    services = services_for(settings)

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    started = time.monotonic()
    services.demo.fill(
        args.cases, seed=args.seed, progress=progress if sys.stderr.isatty() else None
    )
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    if sys.stderr.isatty():
        print(file=sys.stderr)  # past the progress line
    print(
        _(
            "Demo data written: {n} cases. Users officer, supervisor, admin, dpo; password demo."
        ).format(n=args.cases)
    )
    took = _("{cases} cases written in {minutes} min {seconds} s.")
    print(took.format(cases=f"{args.cases:,}", minutes=minutes, seconds=seconds))
    return OK


def case_export(args: argparse.Namespace, settings: Settings) -> int:
    services = services_for(settings)
    delivery = output(services, args.out, args.force)
    actor = signed_in(services, args)
    services.exchange.export_case(actor, args.reference, args.reason, delivery)
    print(_("Case {reference} written to {file}.").format(reference=args.reference, file=args.out))
    return OK


def case_import(args: argparse.Namespace, settings: Settings) -> int:
    text = read_text(args.file)
    services = services_for(settings)
    actor = signed_in(services, args)
    reference = services.exchange.import_case(actor, text)
    print(_("Case {reference} imported.").format(reference=reference))
    return OK


def case_timeline(args: argparse.Namespace, settings: Settings) -> int:
    from app.ui.case_view.timeline_text import TimelineWords  # noqa: PLC0415 - no Qt in it

    services = services_for(settings)
    actor = signed_in(services, args)
    case_id, _version = services.cases.locate(actor, args.reference)
    shown = services.cases.timeline(actor, case_id, args.reason)
    words = TimelineWords(shown.user_names, shown.person_names)
    for entry in shown.entries:
        print(words.line(entry))
    return OK


def case_step(args: argparse.Namespace, settings: Settings) -> int:
    # with the services
    from app.domain.case import SectionComment  # noqa: PLC0415
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    services = services_for(settings)
    actor = signed_in(services, args)
    case_id, version = services.cases.locate(actor, args.reference)
    action = Action(args.action.replace("-", "_"))
    section = getattr(args, "section", "")
    decision = Decision(
        comment="" if section else args.comment,
        sections=(SectionComment(section, args.comment),) if section else (),
        escalated_to=getattr(args, "to", ""),
        checks=tuple(getattr(args, "confirm", [])),
    )
    done = services.cases.apply(actor, case_id, version, action, decision)
    print(
        _("Case {reference}: {status}.").format(
            reference=args.reference, status=done.record.status.value
        )
    )
    return OK


def services_import(args: argparse.Namespace, settings: Settings) -> int:
    text = read_text(args.file)
    services = services_for(settings)
    count = services.directory.import_csv(signed_in(services, args), text)
    print(ngettext("{n} service imported.", "{n} services imported.", count).format(n=count))
    return OK


def services_export(args: argparse.Namespace, settings: Settings) -> int:
    services = services_for(settings)
    delivery = output(services, args.file, args.force)
    services.directory.export_csv(signed_in(services, args), delivery)
    print(_("The directory was written to {file}.").format(file=args.file))
    return OK


def read_text(path: Path) -> str:
    """The file's text. A file that cannot be opened is a usage error; one that is not UTF-8 is
    refused input, like any other problem in it."""
    from app.domain.text import decode_utf8  # noqa: PLC0415
    from app.services.errors import Refused  # noqa: PLC0415 - SQLAlchemy is slow to import

    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(_("Cannot read {file}: {error}").format(file=path, error=error)) from error
    text, issues = decode_utf8(data)
    if text is None:
        raise Refused(issues)
    return text


def station_changes(args: argparse.Namespace) -> dict[str, str]:
    """The station's fields the options give, by field name."""
    given = {
        "name": args.name, "address": args.address, "phone": args.phone, "email": args.email,
        "opening_hours": args.hours, "language": args.language, "protocol_pack": args.pack,
        "country": args.country,
    }  # fmt: skip
    return {name: value for name, value in given.items() if value is not None}


def station_add(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.stations import StationDetails  # noqa: PLC0415 - with the services

    services = services_for(settings)
    actor = signed_in(services, args)
    changes = station_changes(args)
    station = StationDetails(code=args.station, name=changes.pop("name", ""))
    services.stations.add_station(actor, replace(station, **changes))
    print(_("Saved: {name}.").format(name=args.station))
    return OK


def station_set(args: argparse.Namespace, settings: Settings) -> int:
    services = services_for(settings)
    actor = signed_in(services, args)
    services.stations.update_station(actor, args.station, **station_changes(args))
    print(_("Saved: {name}.").format(name=args.station))
    return OK


def station_list(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.stations import NO_CONTACTS, missing_contacts  # noqa: PLC0415
    from app.i18n.issues import describe  # noqa: PLC0415

    services = services_for(settings)
    for station in services.stations.list_stations(signed_in(services, args)):
        facts = [station.protocol_pack, station.language, station.country]
        line = f"{station.code}\t{station.name}\t{' '.join(f for f in facts if f)}"
        if missing_contacts(station):
            line += "\t" + describe(NO_CONTACTS)
        print(line)
    return OK


def station_pack(args: argparse.Namespace, settings: Settings) -> int:
    services = services_for(settings)
    services.stations.update_station(
        signed_in(services, args), args.station, protocol_pack=args.pack
    )
    print(
        _("Station {station} now uses the protocol pack {pack}.").format(
            station=args.station, pack=args.pack
        )
    )
    return OK


def leaflet_print(args: argparse.Namespace, settings: Settings) -> int:
    if args.all_languages:
        wrong = args.case or args.person or args.out or args.document_language or not args.out_dir
    else:
        wrong = args.out_dir or not args.out
    if wrong or (args.person and not args.case):
        raise UsageError(
            _(
                "Give --out FILE (with --case REF for a case's leaflet; --lang CODE, else the"
                " reader's language), or --all-languages --out-dir DIR."
            )
        )
    if args.all_languages:
        try:  # a new folder for the stock is made, as `mkdir -p` would
            args.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(
                _("Cannot write {file}: {error}").format(file=args.out_dir, error=error.strerror)
            ) from error
    services = services_for(settings)
    if args.all_languages:  # every file checked before the first is written
        deliveries = {
            code: output(services, args.out_dir / f"leaflet-{code}.pdf", args.force)
            for code in DOCUMENT_LANGUAGES
        }
        services.documents.leaflets(signed_in(services, args), deliveries, deliveries.__getitem__)
        count = len(deliveries)
        print(
            ngettext(
                "{n} leaflet written to {folder}.", "{n} leaflets written to {folder}.", count
            ).format(n=count, folder=args.out_dir)
        )
        return OK
    delivery = output(services, args.out, args.force)
    actor = signed_in(services, args)
    # Without --lang: the reader's language (the victim's, else the station's), as on screen.
    language = args.document_language or services.documents.copy_languages(
        actor, "leaflet", args.case, person_key=args.person, screen=settings.language
    ).get("victim", "en")
    services.documents.leaflet(
        actor, language, args.case, delivery=delivery, person_key=args.person, reason=args.reason,
    )  # fmt: skip
    print(_("Written to {file}.").format(file=args.out))
    return OK


def case_print(args: argparse.Namespace, settings: Settings) -> int:
    services = services_for(settings)
    delivery = output(services, args.out, args.force)
    actor = signed_in(services, args)
    documents = services.documents
    reference, reason = args.reference, args.reason
    defaults = documents.copy_languages(
        actor, args.action, reference, person_key=args.person, referral_key=args.referral,
        screen=settings.language,
    )  # fmt: skip
    # The one copy of a report or a receipt, or the victim's copy of a referral sheet.
    language = args.document_language or defaults.get("victim") or next(iter(defaults.values()))
    if args.action == "referral":
        documents.referral_sheet(
            actor, reference, language, delivery=delivery, reason=reason,
            referral_key=args.referral, service_language=args.service_lang or defaults["service"],
            file_language=args.file_lang or defaults["file"],
        )  # fmt: skip
    elif args.action == "prosecutor":
        documents.prosecutor_report(actor, reference, language, delivery=delivery, reason=reason)
    else:
        documents.consent_receipt(
            actor, reference, language, delivery=delivery, reason=reason, person_key=args.person
        )
    print(_("Written to {file}.").format(file=args.out))
    return OK


def audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from app.i18n.issues import describe  # noqa: PLC0415

    checkpoint = read_text(args.checkpoint) if args.checkpoint else None
    services = services_for(settings)
    report = services.audit.verify(signed_in(services, args), checkpoint)
    for finding in report.findings:
        print(describe(finding), file=sys.stderr)
    if not report.intact:
        return REFUSED
    print(
        ngettext(
            "The audit trail is intact: {n} event.", "The audit trail is intact: {n} events.",
            report.count,
        ).format(n=report.count)
    )  # fmt: skip
    print(_("Last event: {id}, sealed {seal}.").format(id=report.last_id, seal=report.last_hash))
    for note in prune_notes(report):
        print(note)
    return OK


def audit_checkpoint(args: argparse.Namespace, settings: Settings) -> int:
    services = services_for(settings)
    checkpoint_file = output(services, args.out, args.force)
    sheet_file = output(services, args.sheet, args.force) if args.sheet else None
    actor = signed_in(services, args)
    text, point = services.audit.checkpoint(actor)
    checkpoint_file.write(text.encode("utf-8"))
    if sheet_file is not None:
        sheet_file.write(services.documents.checkpoint_sheet(actor, point, settings.language))
    print(
        _(
            "Checkpoint of {n} audit events written to {file}. Keep it away from the database."
        ).format(n=point.count, file=args.out)
    )
    return OK


def followups_list(args: argparse.Namespace, settings: Settings) -> int:
    """One line per item: reference, what, due date, days overdue (tab-separated)."""
    services = services_for(settings)
    actor = signed_in(services, args)
    items = services.followups.followups(
        actor, overdue_only=args.overdue, station_code=args.station
    )
    for item in items:
        print(f"{item.reference}\t{item.what()}\t{item.due_on.isoformat()}\t{item.days_overdue}")
    if not items:
        print(_("Nothing is due or overdue."), file=sys.stderr)
    return OK


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace, Settings], int]] = {
    ("db", "upgrade"): db_upgrade,
    ("db", "grant"): db_grant,
    **ENCRYPTION_COMMANDS,
    ("user", "add"): user_add,
    **ACCOUNT_COMMANDS,
    ("demo", None): demo_fill,
    ("case", "export"): case_export,
    ("case", "import"): case_import,
    ("case", "timeline"): case_timeline,
    **{("case", name): case_step for name in case_steps()},
    **FOLLOW_UP_COMMANDS,
    **SUBJECT_ACCESS_COMMANDS,
    **STATISTICS_REPORT_COMMANDS,
    ("services", "import"): services_import,
    ("services", "export"): services_export,
    ("station", "pack"): station_pack,
    ("station", "add"): station_add,
    ("station", "set"): station_set,
    ("station", "list"): station_list,
    ("leaflet", None): leaflet_print,
    ("print", "referral"): case_print,
    ("print", "prosecutor"): case_print,
    ("print", "consent"): case_print,
    ("audit", "verify"): audit_verify,
    ("audit", "checkpoint"): audit_checkpoint,
    **AUDIT_PRUNE_COMMANDS,
    **AUDIT_COMMANDS,
    ("followups", None): followups_list,
    **RETENTION_COMMANDS,
    **STATISTICS_COMMANDS,
}
