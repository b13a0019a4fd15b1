"""A referral's steps are kept with the case on both engines (issue 12's groundwork)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from app.domain import case as d
from app.domain.referrals import take_step
from app.services import Services
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station


def test_a_referrals_steps_are_saved_and_read_back(services: Services, clock: Clock) -> None:
    officer = set_up_station(services)["officer"]
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    sent_at = clock.now - timedelta(hours=1)
    step = d.ReferralStep(
        d.ReferralStatus.SENT, sent_at, "officer", "Handed to her", d.SendChannel.HANDED_OVER
    )
    referral = take_step(record.referrals[0], step, clock.now)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, replace(record, referrals=(referral,))
    )
    [read] = services.cases.open_case(officer, draft.id, "check").record.referrals
    assert read.steps == (step,)
    assert (read.status, read.sent_at) == (d.ReferralStatus.SENT, sent_at)
    assert saved.version == draft.version + 1
