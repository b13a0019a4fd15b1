"""The follow-up of a submitted case through CaseService.apply, on both engines: referral steps
with their deadline in working days of the station's country, a consent withdrawn, coordination
entries, re-contacts and links. Approved cases too, which stay read-only otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain import case as d
from app.domain.followup import sending_rule
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import Conflict, NotAllowed, Refused
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station


def approved_case(services: Services, clock: Clock, who: dict[str, Actor]) -> tuple[int, int]:
    officer, boss = who["officer"], who["boss"]
    draft = services.cases.create_draft(officer)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    submitted = services.cases.submit(officer, draft.id, saved.version)
    approved = services.cases.apply(boss, draft.id, submitted.version, Action.APPROVE)
    return draft.id, approved.version


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    actors = set_up_station(services)
    services.stations.update_station(actors["admin"], "LIS-01", country="PT")
    return actors


def step(status: d.ReferralStatus, at: datetime, note: str = "", **more: object) -> Decision:
    return Decision(target="R1", step=d.ReferralStep(status, at, "", note, **more))  # type: ignore[arg-type]


def test_a_referral_is_sent_answered_and_closed_on_an_approved_case(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    """Thursday 4 June 2026 is Corpus Christi, a public holiday in Portugal: a referral sent on
    Wednesday 3 June is due two working days later, on Monday 8 June."""
    clock.now = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)
    officer = who["officer"]
    case_id, version = approved_case(services, clock, who)
    sent = services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.SENT, clock.now, channel=d.SendChannel.EMAIL),
    )  # fmt: skip
    [referral] = sent.record.referrals
    assert sent.record.status is d.CaseStatus.APPROVED
    assert referral.status is d.ReferralStatus.SENT
    assert referral.answer_due_on == date(2026, 6, 8)
    assert (referral.consent_rule, referral.legal_basis) == (
        d.ConsentRule.EXPLICIT,
        "Directive 2012/29/EU, Art. 8(2)",
    )
    assert referral.steps[-1].by == "officer"
    clock.advance(days=2)
    declined_without_reason = step(d.ReferralStatus.DECLINED, clock.now)
    with pytest.raises(Refused) as refused:
        services.cases.apply(
            officer, case_id, sent.version, Action.REFERRAL_STEP, declined_without_reason
        )
    assert [(i.code, i.field) for i in refused.value.issues] == [("required", "referral.note")]
    accepted = services.cases.apply(
        who["boss"], case_id, sent.version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.ACCEPTED, clock.now, "They call her tomorrow"),
    )  # fmt: skip
    [referral] = accepted.record.referrals
    assert (referral.status, referral.reply_note) == (
        d.ReferralStatus.ACCEPTED,
        "They call her tomorrow",
    )
    assert [s.status for s in referral.steps] == [d.ReferralStatus.SENT, d.ReferralStatus.ACCEPTED]
    reread = services.cases.open_case(officer, case_id, "check")
    assert reread.record == accepted.record
    events = services.audit.entries(who["admin"], object_ref=reread.record.reference)[::-1]
    steps = [e for e in events if e.action == "referral_step"]
    assert [e.details for e in steps] == [
        {"referral": "R1", "status": "sent"},
        {"referral": "R1", "status": "accepted"},
    ]


def test_who_may_follow_up(services: Services, clock: Clock, who: dict[str, Actor]) -> None:
    """Another officer may not, an administrator may not, and a draft has no follow-up."""
    case_id, version = approved_case(services, clock, who)
    sent = step(d.ReferralStatus.SENT, clock.now, channel=d.SendChannel.PHONE)
    for stranger in (who["other"], who["admin"]):
        with pytest.raises(NotAllowed):
            services.cases.apply(stranger, case_id, version, Action.REFERRAL_STEP, sent)
    draft = services.cases.create_draft(who["officer"])
    with pytest.raises(NotAllowed):
        services.cases.apply(
            who["officer"], draft.id, draft.version, Action.COORDINATE,
            Decision(coordination=d.CoordinationEvent(
                d.CoordinationKind.COMMUNITY_IMPACT, "", clock.now, "", "Tension in the street"
            )),
        )  # fmt: skip


def test_withdrawing_the_consent_withdraws_its_referrals(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version = approved_case(services, clock, who)
    sent = services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.SENT, clock.now, channel=d.SendChannel.HANDED_OVER),
    )  # fmt: skip
    clock.advance(days=1)
    with pytest.raises(Refused) as refused:  # the consent is withdrawn, not the referral alone
        services.cases.apply(
            officer, case_id, sent.version, Action.REFERRAL_STEP,
            step(d.ReferralStatus.WITHDRAWN, clock.now, "She changed her mind"),
        )  # fmt: skip
    assert refused.value.issues[0].code == "withdraw_the_consent"
    withdrawn = services.cases.apply(
        officer, case_id, sent.version, Action.WITHDRAW_CONSENT,
        Decision(comment="By phone", target="C1"),
    )  # fmt: skip
    [consent] = withdrawn.record.consents
    [referral] = withdrawn.record.referrals
    assert consent.withdrawn_at == clock.now
    assert referral.status is d.ReferralStatus.WITHDRAWN
    again = Decision(target="C1")
    with pytest.raises(Refused):
        services.cases.apply(officer, case_id, withdrawn.version, Action.WITHDRAW_CONSENT, again)


def test_coordination_recontact_and_links(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version = approved_case(services, clock, who)
    other_id, _other_version = approved_case(services, clock, who)
    prosecutor = d.CoordinationEvent(
        d.CoordinationKind.PROSECUTOR, "Lisbon prosecutor's office", clock.now, "",
        reference_number="NUIPC 123/26", data_sent=(d.SharedData.REPORT,),
    )  # fmt: skip
    with pytest.raises(Refused) as refused:
        services.cases.apply(
            officer, case_id, version, Action.COORDINATE,
            Decision(coordination=replace(prosecutor, data_sent=())),
        )  # fmt: skip
    assert refused.value.issues[0].field == "coordination.data_sent"
    logged = services.cases.apply(
        officer, case_id, version, Action.COORDINATE, Decision(coordination=prosecutor)
    )
    assert logged.record.coordination[-1].recorded_by == "officer"
    scheduled = services.cases.apply(
        officer, case_id, logged.version, Action.RECONTACT,
        Decision(next_contact_on=clock.now.date() + timedelta(days=14)),
    )  # fmt: skip
    clock.advance(days=14)
    contacted = services.cases.apply(
        officer, case_id, scheduled.version, Action.RECONTACT,
        Decision(contact_result="Safe; the service called her", next_contact_on=date(2026, 6, 1)),
    )  # fmt: skip
    first, second = contacted.record.follow_ups
    assert (first.result, first.done_by, second.due_on, second.done_at) == (
        "Safe; the service called her",
        "officer",
        date(2026, 6, 1),
        None,
    )
    other = services.cases.open_case(officer, other_id, "link").record.reference
    linked = services.cases.apply(
        officer, case_id, contacted.version, Action.LINK,
        Decision(link=d.CaseLink(other, d.LinkKind.DUPLICATE, clock.now, "")),
    )  # fmt: skip
    assert linked.record.duplicate_of == other
    assert services.cases.count_cases(officer, d.CaseQuery()) == 1  # two cases, one incident
    seen_from_other = services.cases.open_case(officer, other_id, "link").record.links
    assert [(link.other, link.kind) for link in seen_from_other] == [
        (linked.record.reference, d.LinkKind.DUPLICATED)
    ]
    with pytest.raises(Refused):  # once only
        services.cases.apply(
            officer, case_id, linked.version, Action.LINK,
            Decision(link=d.CaseLink(other, d.LinkKind.SERIES, clock.now, "", d.SeriesBasis.PLACE)),
        )  # fmt: skip


def test_duplicates_never_chain(services: Services, clock: Clock, who: dict[str, Actor]) -> None:
    """A duplicate of a duplicate, or a case with duplicates marked as one, would count one
    incident twice: both are refused, naming the original."""
    officer = who["officer"]
    cases = [approved_case(services, clock, who) for _ in range(3)]
    refs = [services.cases.open_case(officer, i, "link").record.reference for i, _v in cases]
    (a_id, a_version), (b_id, b_version), _c = cases
    services.cases.apply(
        officer, a_id, a_version, Action.LINK,
        Decision(link=d.CaseLink(refs[1], d.LinkKind.DUPLICATE, clock.now, "")),
    )  # fmt: skip
    with pytest.raises(Refused) as refused:  # B has a duplicate (A): B may not become one
        services.cases.apply(
            officer, b_id, b_version, Action.LINK,
            Decision(link=d.CaseLink(refs[2], d.LinkKind.DUPLICATE, clock.now, "")),
        )  # fmt: skip
    assert refused.value.issues[0].code == "has_duplicates"
    c_id, c_version = cases[2]
    with pytest.raises(Refused) as refused:  # C may not duplicate A, itself a duplicate of B
        services.cases.apply(
            officer, c_id, c_version, Action.LINK,
            Decision(link=d.CaseLink(refs[0], d.LinkKind.DUPLICATE, clock.now, "")),
        )  # fmt: skip
    assert [(i.code, i.params) for i in refused.value.issues] == [
        ("duplicate_of_a_duplicate", {"reference": refs[1]})
    ]
    assert services.cases.count_cases(officer, d.CaseQuery()) == 2
    # Found alone, a duplicate is one incident; with its original still one.
    assert services.cases.count_cases(officer, d.CaseQuery(text=refs[0])) == 1
    approved = (d.CaseStatus.APPROVED,)
    assert services.cases.count_cases(officer, d.CaseQuery(statuses=approved)) == 2


def test_an_opt_out_pack_sends_a_referral_unless_the_victim_objected(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    """Where the pack allows an opt-out, a referral without a consent is submitted and sent, and
    records the opt-out; a victim who refused that service stops it. Without the opt-out, the
    same referral is refused at submission."""
    officer = who["officer"]
    pack = services.backend.pack("eu-baseline")
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    no_consent = replace(
        record, consents=(), referrals=(replace(record.referrals[0], consent_key=None),)
    )
    saved = services.cases.save_draft(officer, draft.id, draft.version, no_consent)
    with pytest.raises(Refused):
        services.cases.submit(officer, draft.id, saved.version)
    services.backend.packs["eu-baseline"] = replace(pack, referral_opt_out=True)
    submitted = services.cases.submit(officer, draft.id, saved.version)
    sent = services.cases.apply(
        officer, draft.id, submitted.version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.SENT, clock.now, channel=d.SendChannel.EMAIL),
    )  # fmt: skip
    assert sent.record.referrals[0].consent_rule is d.ConsentRule.OPT_OUT
    refusal = replace(
        record.consents[0], key="C2", granted=False, recorded_at=clock.now - timedelta(hours=1)
    )
    objecting = replace(sent.record, consents=(refusal,))
    assert sending_rule(objecting, objecting.referrals[0], opt_out=True) is None


def test_every_change_raises_the_version_even_at_the_same_instant(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    """Two follow-ups in the same clock instant: each is a new version, so a screen holding the
    first one meets a conflict instead of overwriting."""
    officer = who["officer"]
    case_id, version = approved_case(services, clock, who)
    note = d.CoordinationEvent(d.CoordinationKind.COMMUNITY_IMPACT, "", clock.now, "", "Calm")
    first = services.cases.apply(
        officer, case_id, version, Action.COORDINATE, Decision(coordination=note)
    )
    second = services.cases.apply(
        officer, case_id, first.version, Action.COORDINATE, Decision(coordination=note)
    )
    assert (first.version, second.version) == (version + 1, version + 2)
    with pytest.raises(Conflict):
        services.cases.apply(
            officer, case_id, first.version, Action.COORDINATE, Decision(coordination=note)
        )
