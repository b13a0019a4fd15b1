"""Access by role and need on the command line (app.domain.access): an administrator's printout
and exported file hold no special-category value, a supervisor's export does, an officer's export
is refused and audited, and each says so."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from app.domain.access import HIDDEN
from tests.helpers import keyed_engine
from tests.test_cli import Cli, a_referred_reference, clean_environment, cli, demo_cli, pdf_text

__all__ = ["clean_environment", "cli", "demo_cli"]

SECRET = "Orthodox Christian"


def with_special_values(cli: Cli) -> str:
    """A referred Lisbon draft whose victim's religion is recorded, with the separate consent (a
    draft's referral sheet adds nothing to its coordination log, which an administrator may not
    add to)."""
    reference = a_referred_reference(cli)
    engine = keyed_engine(cli.url)
    with engine.begin() as connection:
        case = "(SELECT id FROM cases WHERE reference = :reference)"
        person = f"(SELECT person_key FROM referrals WHERE case_id = {case} LIMIT 1)"
        connection.execute(
            text(f"UPDATE persons SET religion = :v WHERE case_id = {case} AND key = {person}"),
            {"v": SECRET, "reference": reference},
        )
        connection.execute(
            text(f"UPDATE consents SET special_categories = true WHERE case_id = {case}"),
            {"reference": reference},
        )
        connection.execute(
            text("UPDATE cases SET status = 'draft' WHERE reference = :reference"),
            {"reference": reference},
        )
    engine.dispose()
    return reference


def test_an_administrator_prints_and_exports_no_special_value(
    demo_cli: Cli, tmp_path: Path
) -> None:
    reference = with_special_values(demo_cli)
    sheets = {}
    for user in ("officer", "admin"):
        out = tmp_path / f"{user}.pdf"
        code, _out, err = demo_cli(
            "--user", user, "print", "referral", reference, "--lang", "en", "--service-lang",
            "en", "--file-lang", "en", "--out", str(out), "--reason", "referral",
        )  # fmt: skip
        assert (code, err) == (0, ""), user
        sheets[user] = pdf_text(out)
    assert SECRET in sheets["officer"]
    assert SECRET not in sheets["admin"]
    assert "Recorded, withheld from this printout" in sheets["admin"]

    files = {}
    for user in ("supervisor", "admin"):
        out = tmp_path / f"{user}.json"
        code, _out, err = demo_cli(
            "--user", user, "case", "export", reference, "--out", str(out), "--reason", "move"
        )
        assert (code, err) == (0, ""), user
        files[user] = out.read_text(encoding="utf-8")
    assert SECRET in files["supervisor"]
    assert HIDDEN not in files["supervisor"]
    assert SECRET not in files["admin"]
    persons = json.loads(files["admin"])["case"]["persons"]
    assert HIDDEN in [p["religion"] for p in persons]  # the file says what it withholds


def test_an_officers_export_is_refused_and_audited(demo_cli: Cli, tmp_path: Path) -> None:
    reference = with_special_values(demo_cli)
    out = tmp_path / "case.json"
    before = demo_cli.counts()["audit_events"]
    code, _out, err = demo_cli(
        "--user", "officer", "case", "export", reference, "--out", str(out), "--reason", "r"
    )
    assert code == 1
    assert "role" in err
    assert not out.exists()
    assert demo_cli.counts()["audit_events"] == before + 2  # the sign-in, the refusal
    [details] = demo_cli.query("SELECT details FROM audit_events ORDER BY id DESC LIMIT 1")
    assert json.loads(details) == {"call": "ExchangeService.export_case", "why": "role"}
