"""The command line of the embedded database's encryption: `proximity-desk db encrypt|
recovery-sheet|restore-key`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import Settings
from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services

Handler = Callable[[argparse.Namespace, Settings], int]
OK = 0
SHEET_LINES = 4


def add_encryption(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The encryption actions of `db`."""
    commands.add_parser(
        "encrypt",
        help=_(
            "encrypt a plain embedded database with a new key kept outside it (administrators;"
            " close the program everywhere first)"
        ),
    )
    sheet = commands.add_parser(
        "recovery-sheet",
        help=_("print the database key on a recovery sheet to seal (administrators)"),
    )
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    sheet.add_argument(
        "--force",
        action="store_true",
        help=_("replace a file that exists (never the database in use)"),
    )
    restore = commands.add_parser(
        "restore-key",
        help=_("keep the key of a database copied to this computer, once it opens the file"),
    )
    given = restore.add_mutually_exclusive_group(required=True)
    given.add_argument(
        "--from-sheet", action="store_true", help=_("type the key line by line from the sheet")
    )
    given.add_argument("--key", metavar="HEX", help=_("the key as 64 hexadecimal digits"))


def warn_if_plain(services: Services) -> None:
    """Said at every start on a database of the first release, until it is encrypted."""
    from app.services.database_keys import plain_warning  # noqa: PLC0415

    if services.encryption.state() == "plain":
        print(plain_warning(), file=sys.stderr)


def db_encrypt(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli import services_for, signed_in  # noqa: PLC0415 - app.cli imports this module

    services = services_for(settings)
    actor = signed_in(services, args)
    where = services.encryption.encrypt(actor)
    services.close()
    print(
        _(
            "The database is encrypted; its key is kept in {place}. Print the recovery sheet now:"
            " proximity-desk --user NAME db recovery-sheet --out FILE.pdf"
        ).format(place=where)
    )
    return OK


def db_recovery_sheet(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli import output, services_for, signed_in  # noqa: PLC0415

    services = services_for(settings)
    delivery = output(services, args.out, args.force)
    actor = signed_in(services, args)
    delivery.write(services.encryption.recovery_sheet(actor, settings.language))
    print(
        _("Written to {file}. Print it, sign it, seal it, and delete the file.").format(
            file=args.out
        )
    )
    return OK


def db_restore_key(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli import UsageError  # noqa: PLC0415
    from app.services.database_keys import (  # noqa: PLC0415 - SQLAlchemy is slow to import
        DatabaseKeys,
        parse_key,
    )
    from app.services.encryption import restore_key  # noqa: PLC0415

    key = parse_key(args.key) if args.key is not None else key_from_sheet()
    if key is None:
        raise UsageError(_("The key must be 64 hexadecimal digits (0-9, a-f)."))
    where = restore_key(settings.database_url, key, DatabaseKeys())
    print(_("The key opens the database; it is kept in {place}.").format(place=where))
    return OK


def key_from_sheet() -> bytes | None:
    """The key typed line by line from the recovery sheet: a line whose check letters do not
    match is asked again (three tries), so that a typing mistake is caught where it is made."""
    from app.cli import UsageError  # noqa: PLC0415
    from app.services.database_keys import parse_key, parse_sheet_line  # noqa: PLC0415

    digits = ""
    for number in range(1, SHEET_LINES + 1):
        for _try in range(3):
            try:
                typed = input(
                    _("Line {n} of {count}, with its check letters: ").format(
                        n=number, count=SHEET_LINES
                    )
                )
            except EOFError:
                raise UsageError(_("The key must be 64 hexadecimal digits (0-9, a-f).")) from None
            line = parse_sheet_line(typed)
            if line is not None:
                digits += line
                break
            print(_("That line or its check letters are wrong: type it again."), file=sys.stderr)
        else:
            return None
    return parse_key(digits)


COMMANDS: dict[tuple[str, str | None], Handler] = {
    ("db", "encrypt"): db_encrypt,
    ("db", "recovery-sheet"): db_recovery_sheet,
    ("db", "restore-key"): db_restore_key,
}
