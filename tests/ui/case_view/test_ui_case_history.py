"""The case's history in the case view: what each decision carried, in the screen's words."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus, FieldChange, Review, ReviewDecision, SectionComment
from app.domain.protocol import load_pack
from app.ui.case_html import changed_step
from app.ui.case_view.view import CaseViewDialog
from tests.domain.test_protocol import PROTOCOLS
from tests.helpers import record

AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def test_each_decision_shows_what_it_carried(qtbot: QtBot) -> None:
    pack = load_pack(PROTOCOLS / "eu-baseline.toml")
    history = (
        Review(
            ReviewDecision.RETURN, "boss", AT, "Two points",
            sections=(SectionComment("incident", "Which door?"),),
        ),
        Review(
            ReviewDecision.SUBMIT, "ana", AT, "Parking quarrel, no bias",
            changes=(FieldChange("motives", "racist_xenophobic", ""),),
            hate_flag_removed=True,
        ),
        Review(ReviewDecision.ESCALATE, "boss", AT, "Tension", escalated_to="chief"),
        Review(ReviewDecision.APPROVE, "chief", AT, checks=("community_tension",)),
        Review(
            ReviewDecision.SUPPLEMENT, "ana", AT, "Wrong house number",
            changes=(
                FieldChange("place", "Rua A 12", "Rua A 14"),
                FieldChange("persons[P2].name", "", "Rui"),
                FieldChange("injuries", "", "true"),
            ),
        ),
    )  # fmt: skip
    case = record(status=CaseStatus.APPROVED, reviews=history)
    names = {"boss": "Carlos Mendes", "ana": "Ana Ribeiro", "chief": "Luís Marques"}
    view = CaseViewDialog(case, pack, None, user_names=names)
    qtbot.addWidget(view)
    text = view.text()
    assert "Returned to the officer — " in text
    assert "Carlos Mendes" in text
    assert "What happened\nWhich door?" in text
    assert "Every bias motive was removed after submission" in text
    assert "What changed since it was last submitted" in text
    assert "Racist or xenophobic" in text  # the motive by its label, not its id
    assert "Escalated to\nLuís Marques" in text
    assert "Checks confirmed\nCommunity tension considered" in text
    assert "What this supplement changed" in text
    assert "Rua A 12\nRua A 14" in text
    assert "persons[P2].name\n—\nRui" in text
    assert "injuries\n—\nYes" in text


def test_every_changed_path_has_its_section() -> None:
    assert changed_step("persons[P2].language") == "incident"
    assert changed_step("referrals[R1].service_name") == "referral"
    assert changed_step("nonsense") == ""
