"""`proximity-desk case outcome`: what it records and prints, and the attacks on its rule from
the command line (another officer, an administrator, another station, a draft, a day ahead, bad
values, garbage), each refused with the reason, exit 1, no traceback and the case unchanged."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import PASSWORD_ENV
from tests.test_cli import clean_environment  # noqa: F401 - the same clean environment
from tests.test_cli_followup import Desk, build_desk


@pytest.fixture
def desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Desk:
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    return build_desk(tmp_path / "desk.db", capsys)


def outcomes(desk: Desk, reference: str) -> list[str]:
    return desk.cli.query(
        "SELECT kind || ' ' || happened_on || ' ' || court_reference || ' ' || recorded_by"
        " FROM case_outcomes JOIN cases ON cases.id = case_outcomes.case_id"
        f" WHERE reference = '{reference}' ORDER BY case_outcomes.id"
    )


def test_the_officer_and_the_supervisor_record_outcomes(desk: Desk) -> None:
    today = date.today().isoformat()
    code, out, err = desk.run(
        "officer", "outcome", desk.a, "--kind", "sent_to_prosecutor", "--on", today,
        "--court-ref", "NUIPC 12/26", "--note", "by e-mail",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"Case {desk.a}: outcome recorded (sent_to_prosecutor, {today}).\n"
    assert desk.run("boss", "outcome", desk.a, "--kind", "convicted", "--on", today)[0] == 0
    assert outcomes(desk, desk.a) == [
        f"sent_to_prosecutor {today} NUIPC 12/26 officer",
        f"convicted {today}  boss",
    ]
    [details] = desk.cli.query(
        f"SELECT details FROM audit_events WHERE action = 'outcome' AND object_ref = '{desk.a}'"
        " ORDER BY id LIMIT 1"
    )
    assert "NUIPC" not in details
    assert "e-mail" not in details


def test_attacks_are_refused_with_the_reason_and_change_nothing(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = desk.a
    version = desk.version(a)
    today = date.today()
    add = ("outcome", a, "--kind", "charged", "--on", today.isoformat())
    for user, message in (
        ("other", "Only the case's own officer or a supervisor may take this step."),
        ("admin", "Your role does not allow this step."),
        ("officer2", f"There is no case {a}."),
        ("boss2", f"There is no case {a}."),
    ):
        monkeypatch.setenv(
            PASSWORD_ENV, "a station passphrase" if user == "admin" else "a good password"
        )
        assert desk.run(user, *add) == (1, "", message + "\n")
    monkeypatch.setenv(PASSWORD_ENV, "a good password")
    ahead = (today + timedelta(days=1)).isoformat()
    code, out, err = desk.run("officer", "outcome", a, "--kind", "charged", "--on", ahead)
    assert (code, out, err) == (1, "", "outcome.happened_on: is in the future\n")
    code, out, err = desk.run("officer", "outcome", a, "--kind", "jailed", "--on", "31/12/2026")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "--kind: must be one of: sent_to_prosecutor, charged, prosecuted, convicted, acquitted,"
        " discontinued",
        "--on: must be a date like 2026-05-31",
    ]
    code, _out, err = desk.run("officer", *add, "--court-ref", "R" * 101)
    assert (code, err) == (1, "outcome.court_reference: is longer than 100 characters\n")
    assert desk.version(a) == version
    assert outcomes(desk, a) == []
    assert desk.run("officer", *add)[0] == 0
    code, _out, err = desk.run("officer", *add)
    assert code == 1
    assert err.startswith("outcome.kind: ")
    assert desk.version(a) == version + 1


GARBAGE = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(
    max_examples=15, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(kind=GARBAGE, on=GARBAGE, reference=GARBAGE)
def test_garbage_is_refused_whole(desk: Desk, kind: str, on: str, reference: str) -> None:
    before = desk.version(desk.a)
    recorded = len(outcomes(desk, desk.a))
    code, out, err = desk.run(
        "officer", "outcome", f"--kind={kind}", f"--on={on}", f"--court-ref={reference}", "--",
        desk.a,
    )  # fmt: skip
    assert code in (0, 1, 2)
    if code != 0:
        assert out == ""
        assert err.strip()
        assert desk.version(desk.a) == before
        assert len(outcomes(desk, desk.a)) == recorded
