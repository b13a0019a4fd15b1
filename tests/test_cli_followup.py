"""The follow-up commands (`case referral|referrals|withdraw-consent|coordinate|recontact|link`),
run in-process: what each does and prints, and the attacks on their rules through the command
line: another officer, an administrator, another station, steps out of order, bad links, bad
values and garbage, each refused with the reason, exit 1, no traceback and the case unchanged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app import paths
from app.cli import PASSWORD_ENV
from app.services import open_services
from app.services.context import Actor
from tests.conftest import CHEAP_HASHER
from tests.helpers import Clock, keyed_engine
from tests.services.test_follow_up_attacks import (
    SECRET,
    approved,
    opt_out_folder,
    two_stations,
    with_civil_society_consent,
)
from tests.test_cli import Cli, clean_environment  # noqa: F401 - the same clean environment


@dataclass
class Desk:
    cli: Cli
    a: str  # approved cases of `officer` at LIS-01, A with a civil-society consent C2
    b: str
    far: str  # an approved case at LIS-02

    def version(self, reference: str) -> int:
        [version] = self.cli.query(f"SELECT version FROM cases WHERE reference = '{reference}'")
        return int(version)

    def run(self, user: str, *args: str) -> tuple[int, str, str]:
        code, out, err = self.cli("--user", user, "case", *args)
        assert "Traceback" not in err
        return code, out, err


def build_desk(path: Path, capsys: pytest.CaptureFixture[str], pack: str = "") -> Desk:
    """Cases made through the services an hour ago; the commands then act at the real time."""
    url = f"sqlite:///{path}"
    clock = Clock(datetime.now(UTC) - timedelta(hours=1))
    services = open_services(url, clock=clock, hasher=CHEAP_HASHER)
    try:
        who: dict[str, Actor] = two_stations(services)
        if pack:
            services.stations.update_station(who["admin"], "LIS-01", protocol_pack=pack)
        officer, boss = who["officer"], who["boss"]
        a = approved(services, clock, officer, boss, with_civil_society_consent)[2]
        b = approved(services, clock, officer, boss)[2]
        far = approved(services, clock, who["officer2"], who["boss2"])[2]
    finally:
        services.close()
    return Desk(Cli(path, capsys), a, b, far)


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Desk:
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    return build_desk(tmp_path / "desk.db", capsys)


def test_each_follow_up_command_does_what_it_says(desk: Desk) -> None:
    a, b = desk.a, desk.b
    code, out, err = desk.run(
        "officer", "referral", a, "R1", "--status", "sent", "--channel", "email"
    )
    assert (code, err) == (0, "")
    first, due = out.splitlines()
    assert first == f"Case {a}: referral R1 is now sent."
    assert due.startswith("The service's answer is due on ")
    code, out, _err = desk.run(
        "boss", "referral", a, "R1", "--status", "declined", "--note", "No place this month"
    )
    assert (code, out.strip()) == (0, f"Case {a}: referral R1 is now declined.")
    code, out, _err = desk.run("officer", "referrals", a, "--reason", "Follow-up call")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "R1\tVictim Support Lisbon\tdeclined"
    assert [line.split("\t")[1:] for line in lines[1:]] == [
        ["sent", "officer", "email"],
        ["declined", "boss", "", "No place this month"],
    ]
    code, out, _err = desk.run(
        "officer", "coordinate", a, "--kind", "prosecutor", "--recipient", "Lisbon DIAP",
        "--sent", "report,indicator_annex", "--reference", "NUIPC 12/26",
    )  # fmt: skip
    assert (code, out.strip()) == (
        0,
        f"Case {a}: coordination entry logged (prosecutor; sent: report, indicator_annex).",
    )
    code, out, _err = desk.run(
        "officer", "coordinate", a, "--kind", "civil_society", "--recipient", "Casa do Brasil",
        "--sent", "victim_contact", "--consent", "C2",
    )  # fmt: skip
    assert code == 0
    next_on = (datetime.now(UTC) + timedelta(days=14)).date().isoformat()
    code, out, _err = desk.run("officer", "recontact", a, "--result", "Safe", "--next", next_on)
    assert (code, out.splitlines()) == (
        0,
        [f"Case {a}: re-contact recorded.", f"Next re-contact: {next_on}."],
    )
    code, out, _err = desk.run("officer", "link", a, b, "--kind", "series", "--basis", "place")
    assert (code, out.strip()) == (0, f"Case {a} linked to {b} (series).")
    code, out, _err = desk.run("officer", "withdraw-consent", a, "C2", "--note", SECRET)
    assert (code, out.strip()) == (0, f"Case {a}: consent C2 withdrawn.")
    # The sent referral was declined: it ended, and nobody else holds anything under C1 but it.
    code, out, _err = desk.run(
        "officer", "referral", b, "R1", "--status", "sent", "--channel", "phone"
    )
    assert code == 0
    code, out, _err = desk.run("officer", "withdraw-consent", b, "C1")
    assert out.splitlines()[1:] == [
        "Tell these services that the victim withdrew the consent:",
        "  R1\tVictim Support Lisbon",
    ]
    code, out, err = desk.cli("--user", "boss", "audit", "verify")
    assert (code, err) == (0, "")
    assert desk.cli.query(f"SELECT count(*) FROM audit_events WHERE reason LIKE '%{SECRET}%'") == [
        0
    ]
    details = desk.cli.query("SELECT details FROM audit_events WHERE action = 'coordinate'")
    assert [json.loads(d) for d in details] == [
        {"kind": "prosecutor", "data_sent": ["report", "indicator_annex"]},
        {"kind": "civil_society", "data_sent": ["victim_contact"]},
    ]


def test_attacks_on_the_follow_up_rules_from_the_command_line(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, far = desk.a, desk.b, desk.far
    version = desk.version(a)
    send = ("referral", a, "R1", "--status", "sent", "--channel", "email")
    for user, message in (
        ("other", "Only the case's own officer or a supervisor may take this step."),
        ("admin", "Your role does not allow this step."),
        ("officer2", f"There is no case {a}."),
        ("boss2", f"There is no case {a}."),
    ):
        monkeypatch.setenv(
            PASSWORD_ENV, "a station passphrase" if user == "admin" else "a good password"
        )
        assert desk.run(user, *send) == (1, "", message + "\n")
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    attacks = {
        ("referral", a, "R1", "--status", "accepted"): (
            "referral.status: the referral cannot take this step from where it stands"
        ),
        (*send, "--at", "2099-01-01T10:00Z"): "referral.at: ",
        ("link", a, far, "--kind", "same_incident"): "link.other: ",
        ("coordinate", a, "--kind", "civil_society", "--recipient", "Casa do Brasil",
         "--sent", "victim_identity", "--anonymised"): (
            "coordination.data_sent: anonymised facts only: victim_identity would identify a person"
        ),
        ("coordinate", a, "--kind", "civil_society", "--recipient", "Someone else",
         "--sent", "victim_identity", "--consent", "C2"): "coordination.consent: ",
    }  # fmt: skip
    for args, message in attacks.items():
        code, out, err = desk.run("officer", *args)
        assert (code, out) == (1, "")
        assert err.startswith(message)
    assert desk.version(a) == version
    assert desk.run("officer", "link", b, a, "--kind", "duplicate")[0] == 0
    # A duplicate of a duplicate, a circle, the same link twice
    for args in (
        ("link", a, b, "--kind", "duplicate"),
        ("link", b, a, "--kind", "same_incident"),
    ):
        code, _out, err = desk.run("officer", *args)
        assert code == 1
        assert err.startswith("link.")
    assert desk.version(a) == version
    code, _out, err = desk.run("officer", "link", a, a, "--kind", "series", "--basis", "victim")
    assert (code, err.split(":")[0]) == (1, "link.other")
    code, out, _err = desk.cli("--user", "boss", "audit", "verify")
    assert code == 0


def test_bad_values_are_named_with_what_is_allowed_and_change_nothing(desk: Desk) -> None:
    a = desk.a
    version = desk.version(a)
    code, out, err = desk.run(
        "officer", "referral", a, "R1", "--status", "posted", "--channel", "pigeon", "--at", "soon"
    )
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "--status: must be one of: proposed, sent, received, accepted, declined, no_answer,"
        " contact_made, closed, withdrawn",
        "--channel: must be one of: handed_over, email, phone, secure_transfer",
        "--at: must be a date and time like 2026-05-31T14:30:00+02:00",
    ]
    code, _out, err = desk.run(
        "officer", "coordinate", a, "--kind", "press", "--sent", "report,gossip"
    )
    assert code == 1
    assert [line.split(":")[0] for line in err.splitlines()] == ["--kind", "--sent"]
    assert "anonymised_facts" in err
    code, _out, err = desk.run("officer", "recontact", a, "--next", "31/12/2026")
    assert (code, err) == (1, "--next: must be a date like 2026-05-31\n")
    code, _out, err = desk.run("officer", "link", a, desk.b, "--kind", "duplicated")
    assert (code, err) == (1, "--kind: must be one of: same_incident, series, duplicate\n")
    code, _out, err = desk.run("officer", "referrals", a)
    assert code == 2  # --reason is required: every read of a case says why
    assert desk.version(a) == version


def test_a_referral_goes_on_an_opt_out_where_the_pack_allows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = opt_out_folder(tmp_path)
    monkeypatch.setattr(paths, "protocols", lambda: folder)
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    desk = build_desk(tmp_path / "desk.db", capsys, pack="test-opt-out")
    engine = keyed_engine(desk.cli.url)
    with engine.begin() as connection:  # no consent for either referral; B's victim refused
        connection.execute(text("UPDATE referrals SET consent_key = NULL"))
        connection.execute(
            text(
                "UPDATE consents SET granted = false WHERE case_id ="
                " (SELECT id FROM cases WHERE reference = :b) AND key = 'C1'"
            ),
            {"b": desk.b},
        )
    engine.dispose()
    send = ("--status", "sent", "--channel", "handed_over")
    assert desk.run("officer", "referral", desk.a, "R1", *send)[0] == 0
    assert desk.cli.query(
        f"SELECT r.consent_rule FROM referrals r JOIN cases c ON c.id = r.case_id"
        f" WHERE c.reference = '{desk.a}'"
    ) == ["opt_out"]
    code, _out, err = desk.run("officer", "referral", desk.b, "R1", *send)
    assert (code, err.split(":")[0]) == (1, "referral.consent")


COMMANDS = [
    ("referral", "--status", "--channel", "--at", "--note"),
    ("withdraw-consent", "--at", "--note"),
    ("coordinate", "--kind", "--recipient", "--sent", "--reference", "--consent", "--at", "--note"),
    ("recontact", "--result", "--next", "--note"),
    ("link", "--kind", "--basis", "--note"),
]
GARBAGE = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS),
    key=GARBAGE,
    data=st.data(),
)
def test_garbage_on_the_follow_up_commands_is_refused_whole(
    desk: Desk, command: tuple[str, ...], key: str, data: st.DataObject
) -> None:
    name, *options = command
    chosen = data.draw(st.lists(st.sampled_from(options), max_size=4, unique=True))
    values = [data.draw(GARBAGE) for _ in chosen]
    args = [f"{option}={value}" for option, value in zip(chosen, values, strict=True)]
    positional = [] if name in ("coordinate", "recontact") else [key]
    before = desk.version(desk.a)
    changes = (
        f"SELECT count(*) FROM audit_events WHERE object_ref = '{desk.a}' AND action <> 'refused'"
    )
    audit_before = desk.cli.query(changes)
    code, out, err = desk.run("officer", name, *args, "--", desk.a, *positional)
    assert code in (0, 1, 2)
    if code != 0:
        assert out == ""
        assert err.strip()
        assert desk.version(desk.a) == before
        assert desk.cli.query(changes) == audit_before
