"""The rules of the follow-up actions (app.domain.followup) and the changes they make
(app.domain.operations.follow_up), one refusal at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain import case as d
from app.domain import operations
from app.domain.followup import follow_up_issues, sending_rule, services_to_inform
from app.domain.workflow import Action, Decision
from tests.helpers import record

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
GIVEN = NOW - timedelta(days=1)
SERVICE = "Victim Support Lisbon"
CONSENT = d.Consent(
    "C1", "P1", SERVICE, d.ConsentPurpose.REFERRAL, True, d.ConsentMethod.SIGNED, GIVEN, "ana"
)
REFERRAL = d.Referral(
    "R1", "P1", SERVICE, d.ServiceKind.VICTIM_SUPPORT, GIVEN, "ana", consent_key="C1"
)
CASE = record(
    persons=(d.Person("P1", d.PersonRole.VICTIM, name="Kofi"),),
    consents=(CONSENT,),
    referrals=(REFERRAL,),
)


def codes(action: Action, decision: Decision, case: d.CaseRecord = CASE, opt_out: bool = False):  # type: ignore[no-untyped-def]
    return [(i.code, i.field) for i in follow_up_issues(case, action, decision, NOW, opt_out)]


def sent(at: datetime = NOW, **more: object) -> d.ReferralStep:
    return d.ReferralStep(d.ReferralStatus.SENT, at, "", channel=d.SendChannel.EMAIL, **more)  # type: ignore[arg-type]


def test_referral_steps() -> None:
    assert codes(Action.REFERRAL_STEP, Decision(target="R9", step=sent())) == [
        ("unknown_referral", "referral")
    ]
    assert codes(Action.REFERRAL_STEP, Decision(target="R1")) == [("required", "referral.status")]
    withdrawn = d.ReferralStep(d.ReferralStatus.WITHDRAWN, NOW, "")
    assert codes(Action.REFERRAL_STEP, Decision(target="R1", step=withdrawn)) == [
        ("withdraw_the_consent", "referral.status")
    ]
    assert codes(Action.REFERRAL_STEP, Decision(target="R1", step=sent())) == []
    assert codes(Action.REFERRAL_STEP, Decision(target="R1", step=sent(note="\x00"))) == [
        ("bad_character", "referral.note")
    ]
    refused = replace(CASE, consents=(replace(CONSENT, granted=False),))
    assert codes(Action.REFERRAL_STEP, Decision(target="R1", step=sent()), refused) == [
        ("consent_refused", "referral.consent")
    ]
    # A referral without a consent key goes only under the pack's opt-out.
    opt_out = replace(CASE, consents=(), referrals=(replace(REFERRAL, consent_key=None),))
    step = Decision(target="R1", step=sent())
    assert codes(Action.REFERRAL_STEP, step, opt_out) == [("without_consent", "referral.consent")]
    assert codes(Action.REFERRAL_STEP, step, opt_out, opt_out=True) == []


def test_a_sent_referral_keeps_its_deadline_consent_rule_and_legal_basis() -> None:
    sending = operations.Sending(date(2026, 5, 6), d.ConsentRule.EXPLICIT, "Art. 8(2)")
    decision = Decision(target="R1", step=sent())
    [referral] = operations.follow_up(
        CASE, Action.REFERRAL_STEP, "ana", NOW, decision, sending
    ).referrals
    assert (referral.answer_due_on, referral.consent_rule, referral.legal_basis) == (
        date(2026, 5, 6),
        d.ConsentRule.EXPLICIT,
        "Art. 8(2)",
    )
    assert (referral.steps[-1].by, referral.sent_at) == ("ana", NOW)


def test_the_consent_rule_a_referral_is_sent_under() -> None:
    assert sending_rule(CASE, REFERRAL, opt_out=True) is d.ConsentRule.EXPLICIT
    bare = replace(REFERRAL, consent_key=None)
    assert sending_rule(CASE, bare, opt_out=False) is None
    assert sending_rule(CASE, bare, opt_out=True) is d.ConsentRule.OPT_OUT
    objecting = replace(CASE, consents=(replace(CONSENT, withdrawn_at=NOW),))
    assert sending_rule(objecting, bare, opt_out=True) is None
    # A consent that does not cover the service is no opt-out either: it names one.
    assert sending_rule(objecting, REFERRAL, opt_out=True) is None


def test_withdrawals() -> None:
    assert codes(Action.WITHDRAW_CONSENT, Decision(target="C9")) == [("unknown_consent", "consent")]
    refused = replace(CASE, consents=(replace(CONSENT, granted=False),))
    assert codes(Action.WITHDRAW_CONSENT, Decision(target="C1"), refused) == [
        ("consent_refused", "consent")
    ]
    gone = replace(CASE, consents=(replace(CONSENT, withdrawn_at=NOW),))
    assert codes(Action.WITHDRAW_CONSENT, Decision(target="C1"), gone) == [
        ("consent_withdrawn", "consent")
    ]
    late = Decision(target="C1", at=NOW + timedelta(minutes=1))
    assert codes(Action.WITHDRAW_CONSENT, late) == [("date_in_future", "consent.at")]
    early = Decision(target="C1", at=GIVEN - timedelta(minutes=1))
    assert codes(Action.WITHDRAW_CONSENT, early) == [("withdrawn_before_given", "consent.at")]
    assert codes(Action.WITHDRAW_CONSENT, Decision(target="C1")) == []


def test_a_withdrawal_withdraws_the_referrals_not_ended_and_names_those_to_inform() -> None:
    sent_one = operations.follow_up(
        CASE, Action.REFERRAL_STEP, "ana", NOW, Decision(target="R1", step=sent())
    )
    closed = replace(REFERRAL, key="R2", status=d.ReferralStatus.CLOSED)
    proposed = replace(REFERRAL, key="R3")
    case = replace(sent_one, referrals=(*sent_one.referrals, closed, proposed))
    # The victim withdrew yesterday; the reply was entered today: the step follows the last one.
    later = NOW + timedelta(hours=2)
    withdrawn = operations.follow_up(
        case, Action.WITHDRAW_CONSENT, "boss", later, Decision(" by phone ", target="C1", at=GIVEN)
    )
    assert withdrawn.consents[0].withdrawn_at == GIVEN
    r1, r2, r3 = withdrawn.referrals
    assert (r1.status, r1.steps[-1].at, r1.steps[-1].note) == (
        d.ReferralStatus.WITHDRAWN,
        NOW,
        "by phone",
    )
    assert r2 == closed
    assert r3.status is d.ReferralStatus.WITHDRAWN
    assert [r.key for r in services_to_inform(withdrawn, "C1")] == ["R1"]


def test_coordination_entries() -> None:
    prosecutor = d.CoordinationEvent(
        d.CoordinationKind.PROSECUTOR,
        "Lisbon prosecutor",
        NOW,
        "",
        data_sent=(d.SharedData.REPORT,),
    )
    assert codes(Action.COORDINATE, Decision()) == [("required", "coordination.kind")]
    assert codes(Action.COORDINATE, Decision(coordination=prosecutor)) == []
    nothing = replace(prosecutor, recipient=" ", data_sent=())
    assert codes(Action.COORDINATE, Decision(coordination=nothing)) == [
        ("required", "coordination.recipient"),
        ("required", "coordination.data_sent"),
    ]
    note = d.CoordinationEvent(d.CoordinationKind.COMMUNITY_IMPACT, "", NOW, "")
    assert codes(Action.COORDINATE, Decision(coordination=note)) == [
        ("required", "coordination.content")
    ]
    assert codes(Action.COORDINATE, Decision(coordination=replace(note, content="Tension"))) == []
    cso = replace(prosecutor, kind=d.CoordinationKind.CIVIL_SOCIETY, recipient="SOS Racismo")
    assert codes(Action.COORDINATE, Decision(coordination=cso)) == [
        ("without_consent", "coordination.consent")
    ]
    anonymised = replace(cso, anonymised=True, data_sent=(d.SharedData.ANONYMISED_FACTS,))
    assert codes(Action.COORDINATE, Decision(coordination=anonymised)) == []
    unknown = replace(prosecutor, consent_key="C9")
    assert codes(Action.COORDINATE, Decision(coordination=unknown)) == [
        ("unknown_consent", "coordination.consent")
    ]
    logged = operations.follow_up(
        CASE, Action.COORDINATE, "ana", NOW, Decision(coordination=prosecutor)
    )
    assert logged.coordination == (replace(prosecutor, recorded_by="ana"),)


def test_recontacts() -> None:
    assert codes(Action.RECONTACT, Decision()) == [("required", "recontact.result")]
    today = Decision(next_contact_on=NOW.date())
    assert codes(Action.RECONTACT, today) == [("date_not_ahead", "recontact.next_on")]
    assert codes(Action.RECONTACT, Decision(contact_result="\x00")) == [
        ("bad_character", "recontact.result")
    ]
    # A contact with nothing scheduled is recorded as done today; the next one is scheduled.
    asked = Decision(
        "Ask about the service", contact_result=" Safe ", next_contact_on=date(2026, 5, 18)
    )
    first = operations.follow_up(CASE, Action.RECONTACT, "ana", NOW, asked)
    assert first.follow_ups == (
        d.FollowUp(NOW.date(), "", NOW, "ana", "Safe", "ana"),
        d.FollowUp(date(2026, 5, 18), "Ask about the service", scheduled_by="ana"),
    )
    # The earliest open one is the one done.
    later = replace(first, follow_ups=(*first.follow_ups, d.FollowUp(date(2026, 5, 11))))
    done = operations.follow_up(later, Action.RECONTACT, "bo", NOW, Decision(contact_result="OK"))
    assert [(f.due_on, f.result) for f in done.follow_ups] == [
        (NOW.date(), "Safe"),
        (date(2026, 5, 18), ""),
        (date(2026, 5, 11), "OK"),
    ]
    # A date alone schedules the next contact.
    only_date = Decision(next_contact_on=date(2026, 6, 1))
    scheduled = operations.follow_up(CASE, Action.RECONTACT, "ana", NOW, only_date)
    assert scheduled.follow_ups == (d.FollowUp(date(2026, 6, 1), scheduled_by="ana"),)


def test_links() -> None:
    def link(other: str = "LIS-01-2026-000007", **more: object) -> Decision:
        kind = more.pop("kind", d.LinkKind.SAME_INCIDENT)
        return Decision(link=d.CaseLink(other, kind, NOW, "", **more))  # type: ignore[arg-type]

    assert codes(Action.LINK, Decision()) == [("required", "link.other")]
    assert codes(Action.LINK, link()) == []
    assert codes(Action.LINK, link(CASE.reference)) == [("link_to_itself", "link.other")]
    linked = replace(CASE, links=(d.CaseLink("LIS-01-2026-000007", d.LinkKind.SERIES, NOW, ""),))
    assert codes(Action.LINK, link(), linked) == [("already_linked", "link.other")]
    assert codes(Action.LINK, link(kind=d.LinkKind.SERIES)) == [("required", "link.basis")]
    assert codes(Action.LINK, link(basis=d.SeriesBasis.PLACE)) == [
        ("basis_only_for_series", "link.basis")
    ]
    assert codes(Action.LINK, link(kind=d.LinkKind.DUPLICATED)) == [
        ("link_from_the_duplicate", "link.kind")
    ]
    duplicate = replace(CASE, duplicate_of="LIS-01-2026-000003")
    assert codes(Action.LINK, link(kind=d.LinkKind.DUPLICATE), duplicate) == [
        ("already_duplicate", "link.kind")
    ]
    made = operations.follow_up(CASE, Action.LINK, "ana", NOW, link(kind=d.LinkKind.DUPLICATE))
    assert (made.duplicate_of, made.links[0].by) == ("LIS-01-2026-000007", "ana")
    series = operations.follow_up(
        CASE, Action.LINK, "ana", NOW, link(kind=d.LinkKind.SERIES, basis=d.SeriesBasis.SUSPECT)
    )
    assert series.duplicate_of == ""


def test_only_follow_up_actions_are_checked_here() -> None:
    with pytest.raises(ValueError, match="not a follow-up action"):
        follow_up_issues(CASE, Action.APPROVE, Decision(), NOW)
    with pytest.raises(ValueError, match="not a follow-up action"):
        operations.follow_up(CASE, Action.APPROVE, "ana", NOW, Decision())
