"""A consent withdrawn on an approved case: its new receipt still prints, and says when, in the
person's language too (both engines)."""

from __future__ import annotations

from datetime import datetime

from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from tests.documents.reading import text_of
from tests.helpers import Clock
from tests.services.test_follow_up import approved_case, who

__all__ = ["who"]  # the fixture, shared with test_follow_up


def receipt(services: Services, officer: Actor, reference: str, language: str) -> str:
    pdfs: list[bytes] = []
    services.documents.consent_receipt(
        officer, reference, language, delivery=Delivery("file", pdfs.append), reason="for her"
    )
    return " ".join(text_of(pdfs[0]).split())


def test_the_receipt_after_a_withdrawal_says_when(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version = approved_case(services, clock, who)
    clock.now = datetime(2026, 5, 6, 11, 15, tzinfo=clock.now.tzinfo)
    withdrawn = services.cases.apply(
        officer, case_id, version, Action.WITHDRAW_CONSENT, Decision(target="C1")
    )
    reference = withdrawn.record.reference
    assert "Withdrawn on May 6, 2026" in receipt(services, officer, reference, "en")
    assert "Peruttu 6.5.2026" in receipt(services, officer, reference, "fi")
