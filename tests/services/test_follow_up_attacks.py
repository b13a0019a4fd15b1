"""Attacks on the rules of the follow-up actions, through the services on both engines: who may
take them, the consent a referral or a civil-society contact needs (an opt-out pack included),
the order and dates of a referral's steps, the links between cases. After every refusal the case
is as it was; after all of them the audit chain is intact and holds no note typed in a case."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app import paths
from app.domain import case as d
from app.domain.protocol import load_pack
from app.domain.stations import StationDetails
from app.domain.workflow import FOLLOW_UP, Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, Refused, ServiceError
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station

Change = Callable[[d.CaseRecord], d.CaseRecord]
# Typed into the cases below: none of it may reach the audit trail.
SECRET = "SECRET-NOTE"
CIVIL_SOCIETY = "Casa do Brasil"
OPT_OUT_PACK = """\
extends = "eu-baseline"
id = "test-opt-out"
version = "1.0"
name = "Opt-out test"
country = "GB"
referral_opt_out = true
"""


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    return two_stations(services)


def two_stations(services: Services) -> dict[str, Actor]:
    """LIS-01 (officer, other, boss, admin) and LIS-02 (officer2, boss2); passwords as in
    set_up_station."""
    actors = set_up_station(services)
    admin = actors["admin"]
    services.stations.update_station(admin, "LIS-01", country="PT")
    services.stations.add_station(admin, StationDetails(code="LIS-02", name="Lisbon East"))
    for username, role in (("officer2", d.Role.OFFICER), ("boss2", d.Role.SUPERVISOR)):
        services.accounts.add_user(
            admin, username=username, full_name=username.title(), role=role,
            password="a good password", station_code="LIS-02",
        )  # fmt: skip
        actors[username] = services.accounts.authenticate(username, "a good password")
    return actors


def with_civil_society_consent(record: d.CaseRecord) -> d.CaseRecord:
    consent = d.Consent(
        "C2", "P1", CIVIL_SOCIETY, d.ConsentPurpose.CIVIL_SOCIETY_CONTACT, True,
        d.ConsentMethod.SIGNED, record.consents[0].recorded_at, "officer",
    )  # fmt: skip
    return replace(record, consents=(*record.consents, consent))


def approved(
    services: Services, clock: Clock, officer: Actor, boss: Actor, change: Change = lambda r: r
) -> tuple[int, int, str]:
    """An approved case of `officer`: its id, version and reference."""
    draft = services.cases.create_draft(officer)
    record = change(complete(draft.record, clock))
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    submitted = services.cases.submit(officer, draft.id, saved.version)
    done = services.cases.apply(boss, draft.id, submitted.version, Action.APPROVE)
    return draft.id, done.version, done.record.reference


def version_of(services: Services, case_id: int) -> int:
    with services.backend.reading() as session:
        return int(
            session.execute(text(f"SELECT version FROM cases WHERE id = {case_id}")).scalar_one()
        )


def sql(services: Services, statement: str) -> None:
    """What the screens cannot do today (a referral proposed under no consent), set by hand."""
    with services.backend.transaction() as session:
        session.execute(text(statement))


def refused_with(
    services: Services, actor: Actor, case_id: int, action: Action, decision: Decision
) -> list[str]:
    """The refusal's codes; the case's version is unchanged."""
    before = version_of(services, case_id)
    with pytest.raises(Refused) as refused:
        services.cases.apply(actor, case_id, before, action, decision)
    assert version_of(services, case_id) == before
    return [issue.code for issue in refused.value.issues]


def sent(clock: Clock, key: str = "R1") -> Decision:
    return Decision(
        target=key,
        step=d.ReferralStep(d.ReferralStatus.SENT, clock.now, "", channel=d.SendChannel.EMAIL),
    )


def every_follow_up(clock: Clock, other: str) -> dict[Action, Decision]:
    event = d.CoordinationEvent(
        d.CoordinationKind.PROSECUTOR, "Prosecutor", clock.now, "", data_sent=(d.SharedData.REPORT,)
    )
    return {
        Action.REFERRAL_STEP: sent(clock),
        Action.WITHDRAW_CONSENT: Decision(target="C1"),
        Action.COORDINATE: Decision(coordination=event),
        Action.RECONTACT: Decision(contact_result="Safe"),
        Action.LINK: Decision(link=d.CaseLink(other, d.LinkKind.SAME_INCIDENT, clock.now, "")),
        Action.OUTCOME: Decision(outcome=d.Outcome(d.OutcomeKind.CHARGED, clock.now.date())),
    }


def assert_audit_clean(services: Services, who: dict[str, Actor]) -> None:
    assert services.audit.verify(who["admin"]).intact
    with services.backend.reading() as session:
        rows = session.execute(text("SELECT reason, details FROM audit_events")).all()
    for reason, details in rows:
        assert SECRET not in (reason or "")
        assert SECRET not in json.dumps(json.loads(details or "{}"))


# ------------------------------------------------------------------ who


def test_nobody_but_the_officer_and_the_station_s_supervisors_follows_up(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, version, _reference = approved(services, clock, who["officer"], who["boss"])
    _other_id, _v, other = approved(services, clock, who["officer"], who["boss"])
    actions = every_follow_up(clock, other)
    assert set(actions) == FOLLOW_UP
    for stranger in ("other", "admin", "officer2", "boss2"):
        for action, decision in actions.items():
            with pytest.raises(ServiceError):
                services.cases.apply(who[stranger], case_id, version, action, decision)
    assert version_of(services, case_id) == version
    draft = services.cases.create_draft(who["officer"])
    for action, decision in actions.items():
        with pytest.raises(NotAllowed) as refused:
            services.cases.apply(who["officer"], draft.id, draft.version, action, decision)
        assert refused.value.issues[0].code == "not_in_this_state"
    assert version_of(services, draft.id) == draft.version
    assert_audit_clean(services, who)


# ------------------------------------------------------------------ consent


def opt_out_folder(tmp_path: Path) -> Path:
    """The shipped packs and a small overlay on the EU baseline, test-opt-out, whose referrals
    may go on an opt-out basis."""
    folder = tmp_path / "protocols"
    folder.mkdir()
    for shipped in paths.protocols().glob("*.toml"):
        shutil.copy(shipped, folder)
    (folder / "test-opt-out.toml").write_text(OPT_OUT_PACK, encoding="utf-8")
    return folder


def opt_out_pack(services: Services, tmp_path: Path) -> str:
    pack = load_pack(opt_out_folder(tmp_path) / "test-opt-out.toml")
    assert pack.referral_opt_out
    services.backend.packs[pack.id] = pack
    return pack.id


def test_a_referral_leaves_only_under_a_consent_or_a_pack_s_opt_out(
    services: Services, clock: Clock, who: dict[str, Actor], tmp_path: Path
) -> None:
    officer, boss = who["officer"], who["boss"]
    case_id, _version, _reference = approved(services, clock, officer, boss)
    sql(services, f"UPDATE referrals SET consent_key = NULL WHERE case_id = {case_id}")
    assert refused_with(services, officer, case_id, Action.REFERRAL_STEP, sent(clock)) == [
        "without_consent"
    ]
    services.stations.update_station(
        who["admin"], "LIS-01", protocol_pack=opt_out_pack(services, tmp_path)
    )
    # Under the opt-out pack: a referral under no consent goes, recorded as an opt-out...
    free_id, free_version, _reference = approved(services, clock, officer, boss)
    sql(services, f"UPDATE referrals SET consent_key = NULL WHERE case_id = {free_id}")
    done = services.cases.apply(officer, free_id, free_version, Action.REFERRAL_STEP, sent(clock))
    assert done.record.referrals[0].consent_rule is d.ConsentRule.OPT_OUT
    # ...but not to a service the victim refused...
    refused_id, _v, _reference = approved(services, clock, officer, boss)
    sql(services, f"UPDATE referrals SET consent_key = NULL WHERE case_id = {refused_id}")
    sql(services, f"UPDATE consents SET granted = false WHERE case_id = {refused_id}")
    codes = refused_with(services, officer, refused_id, Action.REFERRAL_STEP, sent(clock))
    assert codes == ["without_consent"]
    # ...nor to one whose consent the victim withdrew.
    gone_id, gone_version, _reference = approved(services, clock, officer, boss)
    sql(services, f"UPDATE referrals SET consent_key = NULL WHERE case_id = {gone_id}")
    clock.advance(minutes=5)
    services.cases.apply(
        officer,
        gone_id,
        gone_version,
        Action.WITHDRAW_CONSENT,
        Decision(target="C1", comment=SECRET),
    )
    codes = refused_with(services, officer, gone_id, Action.REFERRAL_STEP, sent(clock))
    assert codes == ["without_consent"]
    assert_audit_clean(services, who)


def test_a_withdrawn_consent_covers_no_new_contact_or_send(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version, _reference = approved(
        services, clock, officer, who["boss"], with_civil_society_consent
    )
    clock.advance(minutes=5)
    for key in ("C1", "C2"):
        version = services.cases.apply(
            officer, case_id, version, Action.WITHDRAW_CONSENT, Decision(target=key, comment=SECRET)
        ).version
    contact = d.CoordinationEvent(
        d.CoordinationKind.CIVIL_SOCIETY, CIVIL_SOCIETY, clock.now, "", content=SECRET,
        consent_key="C2", data_sent=(d.SharedData.VICTIM_CONTACT,),
    )  # fmt: skip
    codes = refused_with(
        services, officer, case_id, Action.COORDINATE, Decision(coordination=contact)
    )
    assert codes == ["consent_withdrawn"]
    # Calling it anonymised does not make the victim's contact details anonymous.
    disguised = replace(contact, consent_key=None, anonymised=True)
    codes = refused_with(
        services, officer, case_id, Action.COORDINATE, Decision(coordination=disguised)
    )
    assert codes == ["not_anonymised"]
    facts = replace(disguised, data_sent=(d.SharedData.ANONYMISED_FACTS,))
    services.cases.apply(officer, case_id, version, Action.COORDINATE, Decision(coordination=facts))
    version = version_of(services, case_id)
    assert refused_with(services, officer, case_id, Action.REFERRAL_STEP, sent(clock)) == [
        "referral_step_not_allowed",
        "consent_withdrawn",
    ]
    assert_audit_clean(services, who)


def test_what_a_coordination_entry_sent_reads_back_as_it_was_written(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, version, _reference = approved(services, clock, who["officer"], who["boss"])
    event = every_follow_up(clock, "")[Action.COORDINATE]
    services.cases.apply(who["officer"], case_id, version, Action.COORDINATE, event)
    reread = services.cases.open_case(who["officer"], case_id, "check").record
    assert [type(data) for data in reread.coordination[-1].data_sent] == [d.SharedData]


# ------------------------------------------------------------------ a referral's steps


def test_a_referral_s_steps_keep_their_order_and_their_dates(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version, _reference = approved(services, clock, officer, who["boss"])

    def step(status: d.ReferralStatus, at_offset: timedelta) -> Decision:
        return Decision(target="R1", step=d.ReferralStep(status, clock.now + at_offset, "", SECRET))

    accepted = d.ReferralStatus.ACCEPTED
    assert refused_with(
        services, officer, case_id, Action.REFERRAL_STEP, step(accepted, timedelta())
    ) == ["referral_step_not_allowed"]
    ahead = replace(sent(clock), step=replace(sent(clock).step, at=clock.now + timedelta(hours=1)))  # type: ignore[type-var]
    assert refused_with(services, officer, case_id, Action.REFERRAL_STEP, ahead) == [
        "date_in_future"
    ]
    services.cases.apply(officer, case_id, version, Action.REFERRAL_STEP, sent(clock))
    clock.advance(days=1)
    codes = refused_with(
        services, officer, case_id, Action.REFERRAL_STEP, step(accepted, -timedelta(days=2))
    )
    assert codes == ["referral_step_before_last"]
    missing = Decision(target="R9", step=sent(clock).step)
    assert refused_with(services, officer, case_id, Action.REFERRAL_STEP, missing) == [
        "unknown_referral"
    ]
    assert_audit_clean(services, who)


# ------------------------------------------------------------------ links


def link(
    clock: Clock, other: str, kind: d.LinkKind, basis: d.SeriesBasis | None = None
) -> Decision:
    return Decision(link=d.CaseLink(other, kind, clock.now, "", basis, SECRET))


def test_links_stay_within_the_station_and_duplicates_point_at_the_original(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer, boss = who["officer"], who["boss"]
    a_id, a_version, a = approved(services, clock, officer, boss)
    b_id, _b_version, b = approved(services, clock, officer, boss)
    c_id, _c_version, c = approved(services, clock, officer, boss)
    dup = d.LinkKind.DUPLICATE
    assert refused_with(services, officer, a_id, Action.LINK, link(clock, a, dup)) == [
        "link_to_itself"
    ]
    services.cases.apply(officer, a_id, a_version, Action.LINK, link(clock, b, dup))
    for kind in (d.LinkKind.SAME_INCIDENT, dup):  # twice, under any kind
        assert "already_linked" in refused_with(
            services, officer, a_id, Action.LINK, link(clock, b, kind)
        )
    # B duplicate of A: a circle, and B is already linked to A.
    assert refused_with(services, officer, b_id, Action.LINK, link(clock, a, dup)) == [
        "already_linked"
    ]
    # C duplicate of A, which duplicates B: a chain the counts would count twice.
    assert refused_with(services, officer, c_id, Action.LINK, link(clock, a, dup)) == [
        "duplicate_of_a_duplicate"
    ]
    # B, which A duplicates, made a duplicate of C: A -> B -> C, the same chain.
    assert refused_with(services, officer, b_id, Action.LINK, link(clock, c, dup)) == [
        "has_duplicates"
    ]
    assert services.cases.count_cases(officer, d.CaseQuery()) == 2  # A and B are one incident
    # Another station's case: unknown here, even to a reviewer it was escalated to.
    far_id, far_version, far = approved(services, clock, who["officer2"], who["boss2"])
    assert refused_with(
        services,
        officer,
        a_id,
        Action.LINK,
        link(clock, far, d.LinkKind.SERIES, d.SeriesBasis.PLACE),
    ) == ["case_not_visible"]
    near_draft = services.cases.create_draft(officer)
    record = complete(near_draft.record, clock)
    saved = services.cases.save_draft(officer, near_draft.id, near_draft.version, record)
    submitted = services.cases.submit(officer, near_draft.id, saved.version)
    escalated = services.cases.apply(
        boss, near_draft.id, submitted.version, Action.ESCALATE,
        Decision(comment="Force coordinator", escalated_to="boss2"),
    )  # fmt: skip
    assert escalated.record.escalated_to == "boss2"
    near = escalated.record.reference
    codes = refused_with(
        services, who["boss2"], far_id, Action.LINK, link(clock, near, d.LinkKind.SAME_INCIDENT)
    )
    assert codes == ["case_not_visible"]
    assert version_of(services, far_id) == far_version
    # Nor does that reviewer follow the case up: that is for the station's own people.
    for action, decision in every_follow_up(clock, a).items():
        with pytest.raises(PermissionDenied):
            services.cases.apply(who["boss2"], near_draft.id, escalated.version, action, decision)
    assert version_of(services, near_draft.id) == escalated.version
    assert_audit_clean(services, who)


def test_no_note_typed_in_a_follow_up_reaches_the_audit_trail(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version, _reference = approved(services, clock, officer, who["boss"])
    _other_id, _v, other = approved(services, clock, officer, who["boss"])
    clock.advance(minutes=5)
    sending = sent(clock)
    noted = {
        Action.REFERRAL_STEP: replace(sending, step=replace(sending.step, note=SECRET)),  # type: ignore[type-var]
        Action.COORDINATE: Decision(
            coordination=d.CoordinationEvent(
                d.CoordinationKind.COMMUNITY_IMPACT, "", clock.now, "", content=SECRET
            )
        ),
        Action.RECONTACT: Decision(
            contact_result=SECRET,
            next_contact_on=clock.now.date() + timedelta(days=7),
            comment=SECRET,
        ),
        Action.LINK: link(clock, other, d.LinkKind.SERIES, d.SeriesBasis.PLACE),
        Action.WITHDRAW_CONSENT: Decision(target="C1", comment=SECRET),
    }
    for action, decision in noted.items():
        version = services.cases.apply(officer, case_id, version, action, decision).version
    record = services.cases.open_case(officer, case_id, "check").record
    assert record.referrals[0].steps[-1].note == SECRET  # kept in the case, not in the trail
    assert_audit_clean(services, who)
