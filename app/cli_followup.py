"""The command line's follow-up of a submitted case: `proximity-desk case referral|referrals|
withdraw-consent|coordinate|recontact|link|outcome`. Each change goes through
`CaseService.apply` on the case's latest version, as the screens' do; values are checked here
first, every problem named at once (exit 1, nothing written), in the user's language."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from app.config import Settings
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.domain.validation import Issue
    from app.domain.workflow import Action, Decision
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor

E = TypeVar("E", bound=StrEnum)
Handler = Callable[[argparse.Namespace, Settings], int]


def add_follow_up(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The follow-up sub-commands of `case`."""
    note = _("a note kept with the entry")
    at = _("when it happened (ISO date and time, e.g. 2026-06-03T10:00; default now)")

    referral = commands.add_parser(
        "referral", help=_("record a referral's step: sent, received, accepted, declined...")
    )
    referral.add_argument("reference")
    referral.add_argument("key", metavar="KEY")
    referral.add_argument("--status", required=True)
    referral.add_argument("--channel")
    referral.add_argument("--at", metavar="ISO", help=at)
    referral.add_argument("--note", default="", help=note)

    listing = commands.add_parser(
        "referrals", help=_("list a case's referrals: status, answer due, every step")
    )
    listing.add_argument("reference")
    listing.add_argument("--reason", required=True, help=_("why the case is read (audit trail)"))

    withdraw = commands.add_parser(
        "withdraw-consent",
        help=_("record that the victim withdrew a consent; its referrals are withdrawn"),
    )
    withdraw.add_argument("reference")
    withdraw.add_argument("key", metavar="KEY")
    withdraw.add_argument("--at", metavar="ISO", help=at)
    withdraw.add_argument("--note", default="", help=note)

    coordinate = commands.add_parser(
        "coordinate", help=_("log a coordination entry: what left the station, to whom")
    )
    coordinate.add_argument("reference")
    coordinate.add_argument("--kind", required=True)
    coordinate.add_argument("--recipient", default="", metavar="TEXT")
    coordinate.add_argument(
        "--sent", default="", metavar="DATA,...",
        help=_("what was sent, comma-separated, e.g. report,indicator_annex"),
    )  # fmt: skip
    coordinate.add_argument("--reference", dest="their_reference", default="", metavar="TEXT")
    basis = coordinate.add_mutually_exclusive_group()
    basis.add_argument("--consent", metavar="KEY")
    basis.add_argument("--anonymised", action="store_true")
    coordinate.add_argument("--at", metavar="ISO", help=at)
    coordinate.add_argument("--note", default="", help=note)

    recontact = commands.add_parser(
        "recontact", help=_("record a re-contact of the victim and/or schedule the next one")
    )
    recontact.add_argument("reference")
    recontact.add_argument("--result", default="", metavar="TEXT")
    recontact.add_argument("--next", metavar="YYYY-MM-DD")
    recontact.add_argument("--note", default="", help=note)

    link = commands.add_parser("link", help=_("link the case to another one of the station"))
    link.add_argument("reference")
    link.add_argument("other", metavar="OTHER")
    link.add_argument("--kind", required=True, help="same_incident, series, duplicate")
    link.add_argument("--basis")
    link.add_argument("--note", default="", help=note)

    outcome = commands.add_parser(
        "outcome", help=_("record what became of the case: sent to the prosecutor, charged...")
    )
    outcome.add_argument("reference")
    outcome.add_argument(
        "--kind", required=True, help=", ".join(("sent_to_prosecutor", "charged", "prosecuted",
                                                 "convicted", "acquitted", "discontinued")),
    )  # fmt: skip
    outcome.add_argument("--on", required=True, metavar="YYYY-MM-DD", help=_("the day it happened"))
    outcome.add_argument("--court-ref", default="", metavar="TEXT")
    outcome.add_argument("--note", default="", help=note)


# ------------------------------------------------------------------ values


def choice(enum: type[E], value: str | None, option: str, issues: list[Issue],
           exclude: frozenset[E] = frozenset()) -> E | None:  # fmt: skip
    """The enum member named `value` (None if not given); a wrong one is an issue that lists
    what is allowed."""
    from app.domain.validation import Issue  # noqa: PLC0415

    if value is None:
        return None
    allowed = [member for member in enum if member not in exclude]
    found = next((member for member in allowed if member.value == value), None)
    if found is None:
        names = ", ".join(member.value for member in allowed)
        issues.append(Issue("not_one_of", option, {"allowed": names}))
    return found


def moment(value: str | None, option: str, issues: list[Issue]) -> datetime | None:
    """An ISO date and time; without an offset it is this computer's local time."""
    from app.domain.validation import Issue  # noqa: PLC0415

    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo is not None else parsed.astimezone()
    except (ValueError, OverflowError, OSError):
        issues.append(Issue("expected_datetime", option))
        return None


def day(value: str | None, option: str, issues: list[Issue]) -> date | None:
    from app.domain.validation import Issue  # noqa: PLC0415

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        issues.append(Issue("expected_date", option))
        return None


def refuse(issues: list[Issue]) -> None:
    from app.services.errors import Refused  # noqa: PLC0415

    if issues:
        raise Refused(issues)


# ------------------------------------------------------------------ commands


def apply(
    args: argparse.Namespace, settings: Settings, action: Action,
    decide: Callable[[Services], Decision],
) -> tuple[Services, OpenedCase]:  # fmt: skip
    """Signs in, builds the decision (values checked first) and applies it to the case's latest
    version."""
    from app import cli  # noqa: PLC0415 - the command line's shared helpers

    services = cli.services_for(settings)
    actor: Actor = cli.signed_in(services, args)
    decision = decide(services)
    case_id, version = services.cases.locate(actor, args.reference)
    return services, services.cases.apply(actor, case_id, version, action, decision)


def referral_step(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.case import ReferralStatus, ReferralStep, SendChannel  # noqa: PLC0415
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    def decide(services: Services) -> Decision:
        issues: list[Issue] = []
        status = choice(ReferralStatus, args.status, "--status", issues)
        channel = choice(SendChannel, args.channel, "--channel", issues)
        at = moment(args.at, "--at", issues)
        refuse(issues)
        assert status is not None  # --status is required
        step = ReferralStep(status, at or services.backend.clock(), "", args.note, channel)
        return Decision(target=args.key, step=step)

    _services, done = apply(args, settings, Action.REFERRAL_STEP, decide)
    referral = next(r for r in done.record.referrals if r.key == args.key)
    print(
        _("Case {reference}: referral {key} is now {status}.").format(
            reference=args.reference, key=args.key, status=referral.status.value
        )
    )
    if referral.status is ReferralStatus.SENT and referral.answer_due_on is not None:
        print(_("The service's answer is due on {date}.").format(date=referral.answer_due_on))
    return 0


def referral_list(args: argparse.Namespace, settings: Settings) -> int:
    from app import cli  # noqa: PLC0415
    from app.domain.referrals import AWAITING_ANSWER, days_overdue  # noqa: PLC0415

    services = cli.services_for(settings)
    actor = cli.signed_in(services, args)
    case_id, _version = services.cases.locate(actor, args.reference)
    opened = services.cases.open_case(actor, case_id, args.reason)
    today = services.backend.clock().date()
    for referral in opened.record.referrals:
        line = [referral.key, referral.service_name, referral.status.value]
        due = referral.answer_due_on
        if due is not None and referral.status in AWAITING_ANSWER:
            line.append(_("answer due {date}").format(date=due))
            late = days_overdue(due, today)
            if late:
                line.append(ngettext("{n} day overdue", "{n} days overdue", late).format(n=late))
        print("\t".join(line))
        for step in referral.steps:
            channel = step.channel.value if step.channel else ""
            parts = [step.at.isoformat(timespec="minutes"), step.status.value, step.by, channel]
            print("  " + "\t".join([*parts, step.note]).rstrip("\t"))
    return 0


def withdraw_consent(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.followup import services_to_inform  # noqa: PLC0415
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    def decide(_services: Services) -> Decision:
        issues: list[Issue] = []
        at = moment(args.at, "--at", issues)
        refuse(issues)
        return Decision(target=args.key, at=at, comment=args.note)

    _services, done = apply(args, settings, Action.WITHDRAW_CONSENT, decide)
    print(
        _("Case {reference}: consent {key} withdrawn.").format(
            reference=args.reference, key=args.key
        )
    )
    inform = services_to_inform(done.record, args.key)
    if inform:
        print(_("Tell these services that the victim withdrew the consent:"))
        for referral in inform:
            parts = [referral.key, referral.service_name, referral.service_contact]
            print("  " + "\t".join(parts).rstrip("\t"))
    return 0


def coordinate(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.case import CoordinationEvent, CoordinationKind, SharedData  # noqa: PLC0415
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    def decide(services: Services) -> Decision:
        issues: list[Issue] = []
        kind = choice(CoordinationKind, args.kind, "--kind", issues)
        sent = [choice(SharedData, item.strip(), "--sent", issues)
                for item in args.sent.split(",") if item.strip()]  # fmt: skip
        at = moment(args.at, "--at", issues)
        refuse(issues)
        assert kind is not None  # --kind is required
        event = CoordinationEvent(
            kind, args.recipient, at or services.backend.clock(), "", content=args.note,
            reference_number=args.their_reference, consent_key=args.consent,
            anonymised=args.anonymised, data_sent=tuple(s for s in sent if s is not None),
        )  # fmt: skip
        return Decision(coordination=event)

    _services, done = apply(args, settings, Action.COORDINATE, decide)
    event = done.record.coordination[-1]
    print(
        _("Case {reference}: coordination entry logged ({kind}; sent: {data}).").format(
            reference=args.reference, kind=event.kind.value,
            data=", ".join(d.value for d in event.data_sent) or "-",
        )
    )  # fmt: skip
    return 0


def recontact(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    def decide(_services: Services) -> Decision:
        issues: list[Issue] = []
        next_on = day(args.next, "--next", issues)
        refuse(issues)
        return Decision(contact_result=args.result, next_contact_on=next_on, comment=args.note)

    _services, _done = apply(args, settings, Action.RECONTACT, decide)
    print(_("Case {reference}: re-contact recorded.").format(reference=args.reference))
    if args.next:
        print(_("Next re-contact: {date}.").format(date=args.next))
    return 0


def link(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.case import CaseLink, LinkKind, SeriesBasis  # noqa: PLC0415
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    def decide(services: Services) -> Decision:
        issues: list[Issue] = []
        seen_from_there = frozenset({LinkKind.DUPLICATED})  # made from the duplicate instead
        kind = choice(LinkKind, args.kind, "--kind", issues, exclude=seen_from_there)
        basis = choice(SeriesBasis, args.basis, "--basis", issues)
        refuse(issues)
        assert kind is not None  # --kind is required
        now = services.backend.clock()
        return Decision(link=CaseLink(args.other, kind, now, "", basis, args.note))

    _services, _done = apply(args, settings, Action.LINK, decide)
    print(
        _("Case {reference} linked to {other} ({kind}).").format(
            reference=args.reference, other=args.other, kind=args.kind
        )
    )
    return 0


def outcome(args: argparse.Namespace, settings: Settings) -> int:
    from app.domain.case import Outcome, OutcomeKind  # noqa: PLC0415
    from app.domain.workflow import Action, Decision  # noqa: PLC0415

    def decide(_services: Services) -> Decision:
        issues: list[Issue] = []
        kind = choice(OutcomeKind, args.kind, "--kind", issues)
        on = day(args.on, "--on", issues)
        refuse(issues)
        assert kind is not None  # both are required
        assert on is not None
        return Decision(outcome=Outcome(kind, on, args.court_ref, args.note))

    _services, _done = apply(args, settings, Action.OUTCOME, decide)
    print(
        _("Case {reference}: outcome recorded ({kind}, {date}).").format(
            reference=args.reference, kind=args.kind, date=args.on
        )
    )
    return 0


COMMANDS: dict[tuple[str, str | None], Handler] = {
    ("case", "referral"): referral_step,
    ("case", "referrals"): referral_list,
    ("case", "withdraw-consent"): withdraw_consent,
    ("case", "coordinate"): coordinate,
    ("case", "recontact"): recontact,
    ("case", "link"): link,
    ("case", "outcome"): outcome,
}
