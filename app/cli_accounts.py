"""The command line's accounts: `proximity-desk user list|deactivate|reactivate|reset-password|
set|password`. Each calls the same service as the Accounts view, which checks the role and the
password policy and audits the change."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable

from app.config import Settings
from app.domain.case import Role
from app.i18n import _, format_datetime

Handler = Callable[[argparse.Namespace, Settings], int]
NEW_PASSWORD_ENV = "PROXIMITY_DESK_NEW_PASSWORD"
OK = 0


def add_accounts(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The account sub-commands of `user` (besides `add`)."""
    commands.add_parser(
        "list", help=_("list the accounts: role, station, active, locked, must change password")
    )
    for name, helptext in (
        ("deactivate", _("the account can no longer sign in (its history stays)")),
        ("reactivate", _("the account can sign in again")),
        (
            "reset-password",
            _("a temporary password, to be changed at the next sign-in (from env %s)")
            % NEW_PASSWORD_ENV,
        ),
    ):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("name", help=_("user name"))
    change = commands.add_parser("set", help=_("change an account's role or station"))
    change.add_argument("name", help=_("user name"))
    change.add_argument("--role", choices=[role.value for role in Role])
    change.add_argument("--station", metavar="CODE", help=_("station code, e.g. LIS-01"))
    commands.add_parser(
        "password", help=_("change your own password (the new one from env %s)") % NEW_PASSWORD_ENV
    )


def new_password(prompt: str) -> str:
    """From the environment, or asked twice on the terminal."""
    from app.cli import UsageError  # noqa: PLC0415 - app.cli imports this module

    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    try:
        password = getpass.getpass(prompt)
        if getpass.getpass(_("Repeat it: ")) != password:
            raise UsageError(_("The two passwords differ."))
    except EOFError:  # no terminal to ask in
        raise UsageError(
            _("No password: set {variable} or run the command in a terminal.").format(
                variable=NEW_PASSWORD_ENV
            )
        ) from None
    return password


def user_list(args: argparse.Namespace, settings: Settings) -> int:
    """One line per account: name, full name, role, station, then its state (tab-separated)."""
    from app.cli import services_for, signed_in  # noqa: PLC0415

    services = services_for(settings)
    for user in services.accounts.list_users(signed_in(services, args)):
        state = [_("active") if user.active else _("deactivated")]
        if user.locked_until is not None:
            state.append(_("locked until {time}").format(time=format_datetime(user.locked_until)))
        if user.must_change_password:
            state.append(_("must change password"))
        fields = [user.username, user.full_name, user.role.value, user.station_code, *state]
        print("\t".join(fields))
    return OK


def user_change(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli import UsageError, services_for, signed_in  # noqa: PLC0415

    services = services_for(settings)
    actor = signed_in(services, args)
    accounts = services.accounts
    if args.action == "deactivate":
        info = accounts.deactivate(actor, args.name)
    elif args.action == "reactivate":
        info = accounts.reactivate(actor, args.name)
    elif args.action == "reset-password":
        password = new_password(_("Temporary password for %s: ") % args.name)
        info = accounts.reset_password(actor, args.name, password)
    else:
        if args.role is None and args.station is None:
            raise UsageError(_("Give --role, --station or both."))
        role = Role(args.role) if args.role else None
        info = accounts.set_user(actor, args.name, role=role, station_code=args.station)
    print(
        _("Account {name}: {role} at station {station}, {state}.").format(
            name=info.username,
            role=info.role.value,
            station=info.station_code,
            state=_("active") if info.active else _("deactivated"),
        )
    )
    return OK


def user_password(args: argparse.Namespace, settings: Settings) -> int:
    """One's own password: the present one as for any command, then the new one."""
    from app.cli import current_password, services_for  # noqa: PLC0415

    services = services_for(settings)
    old = current_password(args)
    actor = services.accounts.authenticate(args.user, old)
    password = new_password(_("New password for %s: ") % actor.username)
    services.accounts.change_password(actor, old, password)
    print(_("Your password has been changed."))
    return OK


COMMANDS: dict[tuple[str, str | None], Handler] = {
    ("user", "list"): user_list,
    ("user", "deactivate"): user_change,
    ("user", "reactivate"): user_change,
    ("user", "reset-password"): user_change,
    ("user", "set"): user_change,
    ("user", "password"): user_password,
}
