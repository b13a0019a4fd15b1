"""A referral's life: which step follows which, what each step carries, when the answer is due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.case import Referral, ReferralStep, SendChannel, ServiceKind
from app.domain.case import ReferralStatus as S
from app.domain.protocol import load_pack
from app.domain.referrals import (
    AWAITING_ANSWER,
    ENDED,
    NEXT,
    answer_due,
    days_overdue,
    step_issues,
    take_step,
)
from app.domain.working_days import add_working_days, working_days_since
from app.paths import protocols

NOW = datetime(2026, 12, 7, 10, 0)


def codes(current: S, step: ReferralStep, last_at: datetime | None = None) -> list[tuple[str, str]]:
    return [(i.code, i.field) for i in step_issues(current, last_at, step, NOW)]


def test_every_status_has_its_following_steps_and_the_ended_ones_have_none() -> None:
    assert set(NEXT) == set(S)
    assert {S.DECLINED, S.CLOSED, S.WITHDRAWN} == ENDED
    assert all(S.WITHDRAWN in NEXT[status] for status in set(S) - ENDED)
    assert not AWAITING_ANSWER & ENDED


def test_a_referral_is_sent_with_how_and_then_answered() -> None:
    sent = ReferralStep(S.SENT, NOW - timedelta(days=1), "ofc", channel=SendChannel.EMAIL)
    assert codes(S.PROPOSED, sent) == []
    assert codes(S.PROPOSED, ReferralStep(S.SENT, NOW, "ofc")) == [("required", "referral.channel")]
    assert codes(S.SENT, ReferralStep(S.ACCEPTED, NOW, "ofc")) == []
    no_reason = ReferralStep(S.DECLINED, NOW, "ofc")
    assert codes(S.SENT, no_reason) == [("required", "referral.note")]
    assert codes(S.SENT, ReferralStep(S.DECLINED, NOW, "ofc", note="full caseload")) == []


def test_steps_out_of_order_are_refused() -> None:
    assert codes(S.PROPOSED, ReferralStep(S.ACCEPTED, NOW, "ofc")) == [
        ("referral_step_not_allowed", "referral.status")
    ]
    closed = ReferralStep(S.CLOSED, NOW, "ofc", note="help given")
    assert codes(S.PROPOSED, closed) == [("referral_step_not_allowed", "referral.status")]
    for ended in ENDED:
        again = ReferralStep(S.SENT, NOW, "ofc", channel=SendChannel.PHONE)
        assert codes(ended, again) == [("referral_step_not_allowed", "referral.status")]


def test_a_step_is_dated_after_the_last_and_never_in_the_future() -> None:
    step = ReferralStep(S.ACCEPTED, NOW + timedelta(minutes=1), "ofc")
    assert codes(S.SENT, step) == [("date_in_future", "referral.at")]
    earlier = ReferralStep(S.ACCEPTED, NOW - timedelta(days=2), "ofc")
    assert codes(S.SENT, earlier, last_at=NOW - timedelta(days=1)) == [
        ("referral_step_before_last", "referral.at")
    ]
    channel_on_answer = ReferralStep(S.ACCEPTED, NOW, "ofc", channel=SendChannel.EMAIL)
    assert codes(S.SENT, channel_on_answer) == [
        ("referral_channel_only_when_sent", "referral.channel")
    ]


def test_the_answer_is_due_in_working_days_of_the_country() -> None:
    friday = date(2026, 11, 27)
    assert answer_due(friday, 2, "GB") == date(2026, 12, 1)  # Mon, Tue
    # 1 December is a public holiday in Portugal: the Wednesday.
    assert answer_due(friday, 2, "PT") == date(2026, 12, 2)
    assert answer_due(friday, 0, "PT") == friday
    assert days_overdue(date(2026, 12, 2), date(2026, 12, 7)) == 5
    assert days_overdue(date(2026, 12, 8), date(2026, 12, 7)) == 0


@given(start=st.dates(date(2000, 1, 1), date(2100, 1, 1)), days=st.integers(0, 30))
def test_adding_working_days_is_counting_them_back(start: date, days: int) -> None:
    due = add_working_days(start, days, "PT")
    assert working_days_since(start, due, "PT") == days
    assert due == start or working_days_since(start, due - timedelta(days=1), "PT") == days - 1


def test_the_eu_baseline_gives_a_service_two_working_days_to_answer() -> None:
    pack = load_pack(protocols() / "eu-baseline.toml")
    assert pack.referral_answer_working_days == 2
    # Sent on Friday 27 November in Lisbon: due on Wednesday (Tuesday 1 December is a holiday).
    due = answer_due(date(2026, 11, 27), pack.referral_answer_working_days, "PT")
    assert due == date(2026, 12, 2)


def test_taking_steps_keeps_each_in_the_referral_and_dates_the_send_and_the_answer() -> None:
    proposed = Referral("R1", "P1", "Victim Support", ServiceKind.VICTIM_SUPPORT, NOW, "ofc")
    sent_at, answered_at = NOW - timedelta(days=3), NOW - timedelta(days=1)
    sent = take_step(
        proposed, ReferralStep(S.SENT, sent_at, "ofc", channel=SendChannel.SECURE_TRANSFER), NOW
    )
    assert (sent.status, sent.sent_at, sent.reply_at) == (S.SENT, sent_at, None)
    declined = take_step(
        sent, ReferralStep(S.DECLINED, answered_at, "sup", note="Outside our area"), NOW
    )
    assert (declined.status, declined.reply_at, declined.reply_note) == (
        S.DECLINED, answered_at, "Outside our area",
    )  # fmt: skip
    assert [s.status for s in declined.steps] == [S.SENT, S.DECLINED]
    assert declined.sent_at == sent_at
    with pytest.raises(ValueError, match="breaks its rules"):  # an ended referral takes no step
        take_step(declined, ReferralStep(S.CLOSED, NOW, "ofc", note="x"), NOW)
    with pytest.raises(ValueError, match="breaks its rules"):  # nor one dated before its last
        take_step(sent, ReferralStep(S.ACCEPTED, sent_at - timedelta(hours=1), "ofc"), NOW)
