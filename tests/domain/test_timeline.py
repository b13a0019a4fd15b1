"""A case's timeline from its record and its audit trail (app.domain.timeline)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain import case as d
from app.domain.timeline import EntryKind, Group, TimelineEntry, timeline
from tests.helpers import record

T0 = datetime(2026, 3, 14, 18, 45, tzinfo=UTC)


@dataclass(frozen=True)
class Event:
    at: datetime
    username: str
    action: str
    reason: str = ""
    details: Mapping[str, object] = field(default_factory=dict)
    object_type: str = "case"


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def kinds(entries: tuple[TimelineEntry, ...]) -> list[EntryKind]:
    return [e.kind for e in entries]


def test_a_new_case_has_its_creation_only() -> None:
    [entry] = timeline(record(), [Event(T0, "officer", "create")])
    assert (entry.kind, entry.who, entry.at) == (EntryKind.CREATED, "officer", T0)


def test_a_decision_is_one_entry_with_what_it_carried_not_two() -> None:
    reviews = (
        d.Review(d.ReviewDecision.SUBMIT, "officer", at(10)),
        d.Review(
            d.ReviewDecision.RETURN, "boss", at(20), "Say who shouted",
            sections=(d.SectionComment("incident", "Which words?"),),
        ),
        d.Review(d.ReviewDecision.SUBMIT, "officer", at(30),
                 changes=(d.FieldChange("narrative", "a", "b"),)),
        d.Review(d.ReviewDecision.APPROVE, "boss", at(40), checks=("proportionality",)),
    )  # fmt: skip
    events = [
        Event(at(10), "officer", "submit", details={"status": "submitted"}),
        Event(at(20), "boss", "return", "Say who shouted", {"sections": ["incident"]}),
        Event(at(30), "officer", "submit", details={"changed": ["narrative"]}),
        Event(at(40), "boss", "approve"),
    ]
    entries = timeline(record(reviews=reviews), events)
    decisions = [e for e in entries if e.kind is EntryKind.DECISION]
    assert kinds(entries) == [EntryKind.CREATED, *[EntryKind.DECISION] * 4]
    assert [(e.who, e.params["decision"]) for e in decisions] == [
        ("officer", d.ReviewDecision.SUBMIT),
        ("boss", d.ReviewDecision.RETURN),
        ("officer", d.ReviewDecision.SUBMIT),
        ("boss", d.ReviewDecision.APPROVE),
    ]
    assert decisions[1].params["sections"] == ("incident",)
    assert decisions[1].note == "Say who shouted"
    assert decisions[2].params["changes"] == 1
    assert decisions[3].params["checks"] == ("proportionality",)
    assert {e.group for e in decisions} == {Group.DECISIONS}


def test_saves_are_summarised_per_sitting_of_one_user() -> None:
    """Fourteen autosaves of one sitting are one entry; a view by someone else between saves, a
    pause of more than four hours and another user's save each start another run."""
    saves = [Event(at(m), "officer", "update") for m in range(0, 98, 7)]  # 14 saves
    later = [
        Event(at(100), "boss", "view", "Review"),
        Event(at(101), "officer", "update"),
        Event(at(102), "officer", "update"),
        Event(at(102 + 4 * 60 + 1), "officer", "update"),
        Event(at(400), "boss", "update"),
    ]
    entries = timeline(record(), [Event(T0, "officer", "create"), *saves, *later])
    runs = [(e.who, e.params["count"], e.at, e.until) for e in entries if e.kind is EntryKind.SAVES]
    assert runs == [
        ("officer", 14, at(0), at(91)),
        ("officer", 2, at(101), at(102)),
        ("officer", 1, at(343), at(343)),
        ("boss", 1, at(400), at(400)),
    ]
    assert kinds(entries)[:3] == [EntryKind.CREATED, EntryKind.SAVES, EntryKind.VIEWED]


def test_views_prints_and_exports_keep_their_reason_and_what_was_printed() -> None:
    events = [
        Event(at(1), "boss", "view", "Review"),
        Event(at(2), "boss", "view", "Photo", object_type="attachment"),
        Event(at(3), "boss", "print", "For the service",
              {"document": "referral", "language": "pt", "referral": "R1", "to": "screen"}),
        Event(at(4), "boss", "export_failed", "Court", {"to": "file", "error": "ENOSPC"}),
        Event(at(5), "boss", "export", "Court", {"to": "file"}),
    ]  # fmt: skip
    entries = timeline(record(), events)[1:]
    assert kinds(entries) == [EntryKind.VIEWED, EntryKind.VIEWED, EntryKind.PRINTED,
                              EntryKind.EXPORTED, EntryKind.EXPORTED]  # fmt: skip
    assert [e.note for e in entries] == ["Review", "Photo", "For the service", "Court", "Court"]
    assert entries[1].params == {"attachment": True}
    assert entries[2].params["document"] == "referral"
    assert entries[3].params["failed"] is True
    assert "failed" not in entries[4].params
    assert {e.group for e in entries} == {Group.ACCESS}


def test_referrals_each_step_with_its_service_and_note() -> None:
    referral = d.Referral(
        "R1", "P1", "Victim Support Lisbon", d.ServiceKind.VICTIM_SUPPORT, at(5), "officer",
        status=d.ReferralStatus.DECLINED,
        steps=(
            d.ReferralStep(d.ReferralStatus.SENT, at(60), "officer", channel=d.SendChannel.EMAIL),
            d.ReferralStep(d.ReferralStatus.DECLINED, at(120), "boss", "No places left"),
        ),
    )  # fmt: skip
    events = [
        Event(at(60), "officer", "referral_step", details={"referral": "R1", "status": "sent"}),
        Event(at(120), "boss", "referral_step", details={"referral": "R1", "status": "declined"}),
    ]
    entries = timeline(record(referrals=(referral,)), events)[1:]
    assert [(e.kind, e.who, e.params.get("status"), e.note) for e in entries] == [
        (EntryKind.REFERRAL_PROPOSED, "officer", None, ""),
        (EntryKind.REFERRAL_STEP, "officer", d.ReferralStatus.SENT, ""),
        (EntryKind.REFERRAL_STEP, "boss", d.ReferralStatus.DECLINED, "No places left"),
    ]
    assert entries[1].params["channel"] is d.SendChannel.EMAIL
    assert {e.params["service"] for e in entries} == {"Victim Support Lisbon"}
    assert {e.group for e in entries} == {Group.REFERRALS}


def test_a_referral_without_steps_shows_the_dates_it_kept() -> None:
    """Recorded before referrals kept their steps: sent, and the service's answer."""
    referral = d.Referral(
        "R1", "P1", "Victim Support Lisbon", d.ServiceKind.VICTIM_SUPPORT, at(5), "officer",
        status=d.ReferralStatus.ACCEPTED, sent_at=at(60), reply_at=at(600), reply_note="Called",
    )  # fmt: skip
    entries = timeline(record(referrals=(referral,)), [])[1:]
    assert [(e.kind, e.at, e.who, e.params.get("status"), e.note) for e in entries] == [
        (EntryKind.REFERRAL_PROPOSED, at(5), "officer", None, ""),
        (EntryKind.REFERRAL_STEP, at(60), "", d.ReferralStatus.SENT, ""),
        (EntryKind.REFERRAL_STEP, at(600), "", d.ReferralStatus.ACCEPTED, "Called"),
    ]


def test_consents_given_refused_and_withdrawn_by_whom_from_the_trail() -> None:
    """The withdrawal is dated when the victim withdrew it, with who recorded it and how (the
    record); one recorded before the record kept who is named by its audit event."""
    given_ = d.Consent(
        "C1", "P1", "Victim Support Lisbon", d.ConsentPurpose.REFERRAL, True,
        d.ConsentMethod.SIGNED, at(1), "officer", withdrawn_at=at(30), withdrawn_by="boss",
        withdrawal_note="By phone",
    )  # fmt: skip
    refused = d.Consent(
        "C2", "P1", "ILGA", d.ConsentPurpose.CIVIL_SOCIETY_CONTACT, False,
        d.ConsentMethod.ORAL, at(2), "officer",
    )  # fmt: skip
    events = [Event(at(45), "boss", "withdraw_consent", "", {"consent": "C1"})]
    entries = timeline(record(consents=(given_, refused)), events)[1:]
    older = replace(given_, withdrawn_by="", withdrawal_note="")
    [*_given, withdrawn] = timeline(record(consents=(older,)), events)[1:]
    assert (withdrawn.who, withdrawn.note) == ("boss", "")
    assert [(e.kind, e.at, e.who, e.note) for e in entries] == [
        (EntryKind.CONSENT_GIVEN, at(1), "officer", ""),
        (EntryKind.CONSENT_REFUSED, at(2), "officer", ""),
        (EntryKind.CONSENT_WITHDRAWN, at(30), "boss", "By phone"),
    ]
    assert entries[2].params["recipient"] == "Victim Support Lisbon"
    assert {e.group for e in entries} == {Group.CONSENTS}


def test_coordination_rights_assessments_attachments_follow_ups_and_links() -> None:
    case = record(
        rights=(d.RightsInformation("P1", at(3), "officer", "en"),),
        recorded_steps=(d.StepRecord("legal_actions", "P1", True, at(4), "officer"),),
        assessments=(d.NeedsAssessment("P1", at(5), "officer", risk_level=d.RiskLevel.HIGH),),
        coordination=(
            d.CoordinationEvent(
                d.CoordinationKind.PROSECUTOR, "Lisbon prosecutor", at(50), "boss",
                reference_number="NUIPC 1/26", data_sent=(d.SharedData.REPORT,),
            ),
        ),
        attachments=(d.Attachment("photo.jpg", "image/jpeg", "ab" * 32, 2048, at(6), "officer"),),
        follow_ups=(
            d.FollowUp(date(2026, 3, 20), done_at=at(9000), done_by="officer", result="Safe"),
            d.FollowUp(date(2026, 3, 27), "Ask about the service", scheduled_by="officer"),
        ),
        links=(d.CaseLink("LIS-01-2026-000041", d.LinkKind.SERIES, at(60), "boss",
                          d.SeriesBasis.PLACE),),
    )  # fmt: skip
    events = [
        Event(at(6), "officer", "attach"),  # photo.jpg: named by the record
        Event(at(7), "officer", "attach"),  # removed since: only the trail knows it
        Event(at(8), "officer", "detach"),
        Event(at(50), "boss", "coordinate", details={"kind": "prosecutor"}),
        Event(at(60), "boss", "link", details={"other": "LIS-01-2026-000041"}),
        Event(at(9000), "officer", "recontact", "Ask about the service",
              {"next_contact_on": "2026-03-27"}),
    ]  # fmt: skip
    entries = timeline(case, events)
    assert kinds(entries) == [
        EntryKind.CREATED, EntryKind.RIGHTS_GIVEN, EntryKind.STEP_RECORDED, EntryKind.ASSESSMENT,
        EntryKind.ATTACHMENT_ADDED, EntryKind.ATTACHMENT_ADDED, EntryKind.ATTACHMENT_REMOVED,
        EntryKind.COORDINATION, EntryKind.LINKED, EntryKind.RECONTACT_DONE,
        EntryKind.RECONTACT_SCHEDULED,
    ]  # fmt: skip
    by_kind = {e.kind: e for e in entries}
    assert entries[4].params == {"filename": "photo.jpg", "size": 2048}
    assert entries[5].params == {}
    assert by_kind[EntryKind.ASSESSMENT].params["risk"] is d.RiskLevel.HIGH
    coordination = by_kind[EntryKind.COORDINATION]
    assert coordination.params["data_sent"] == (d.SharedData.REPORT,)
    assert coordination.group is Group.COORDINATION
    assert by_kind[EntryKind.LINKED].params["basis"] is d.SeriesBasis.PLACE
    assert by_kind[EntryKind.RECONTACT_DONE].note == "Safe"
    scheduled = by_kind[EntryKind.RECONTACT_SCHEDULED]
    assert (scheduled.params["due_on"], scheduled.note) == (
        date(2026, 3, 27),
        "Ask about the service",
    )
    assert {e.group for e in entries} == {Group.RECORD, Group.COORDINATION}


def test_an_imported_case_and_events_of_unknown_kinds_are_kept() -> None:
    events = [Event(at(1), "admin", "import"), Event(at(2), "other", "refused")]
    entries = timeline(record(), events)
    assert kinds(entries) == [EntryKind.CREATED, EntryKind.IMPORTED, EntryKind.OTHER]
    assert entries[2].params == {"action": "refused"}


def test_equal_times_keep_the_record_first_then_the_trail_in_its_order() -> None:
    """The trail keeps whole seconds: a fact of the record at 10.4 s and an event written at
    10.9 s (stored as 10 s) are in the same second, and the record's comes first."""
    case = record(
        created_at=T0 + timedelta(seconds=10.4),
        reviews=(d.Review(d.ReviewDecision.SUBMIT, "officer", T0 + timedelta(seconds=10.7)),),
    )
    events = [
        Event(T0 + timedelta(seconds=10), "boss", "view", "first"),
        Event(T0 + timedelta(seconds=10), "boss", "print", "second"),
        Event(T0 + timedelta(seconds=9), "boss", "view", "before"),
    ]
    entries = timeline(case, events)
    assert [e.note or e.kind for e in entries] == [
        "before", EntryKind.CREATED, EntryKind.DECISION, "first", "second",
    ]  # fmt: skip


@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.sampled_from(["officer", "boss"]),
            st.sampled_from(
                [
                    "update",
                    "view",
                    "print",
                    "submit",
                    "attach",
                    "recontact",
                    "withdraw_consent",
                    "x",
                ]
            ),
            st.dictionaries(
                st.sampled_from(["next_contact_on", "consent", "document", "to"]) | st.text(),
                st.text(max_size=12) | st.integers() | st.none() | st.lists(st.integers()),
            ),
        ),
        max_size=40,
    )
)
def test_any_trail_gives_an_ordered_timeline_that_counts_every_save(
    raw: list[tuple[int, str, str, dict[str, object]]],
) -> None:
    """Whatever the trail holds (details of any shape too), no error, oldest first, and the runs
    of saves add up to the saves."""
    events = [Event(at(m), who, action, "", details) for m, who, action, details in raw]
    entries = timeline(record(), events)
    times = [e.at for e in entries]
    assert times == sorted(times)
    saves = sum(int(str(e.params["count"])) for e in entries if e.kind is EntryKind.SAVES)
    assert saves == sum(1 for e in events if e.action == "update")


def test_an_outcome_is_one_entry_from_the_record_with_its_court_reference() -> None:
    outcomes = (
        d.Outcome(d.OutcomeKind.CHARGED, date(2026, 4, 1), "R 26/1", "by letter", at(600), "boss"),
        d.Outcome(
            d.OutcomeKind.CONVICTED, date(2027, 1, 9), recorded_at=at(900), recorded_by="ana"
        ),
    )
    events = [Event(at(600), "boss", "outcome", details={"kind": "charged", "on": "2026-04-01"})]
    entries = timeline(record(outcomes=outcomes), events)
    assert kinds(entries) == [EntryKind.CREATED, EntryKind.OUTCOME, EntryKind.OUTCOME]
    charged, convicted = entries[1:]
    assert (charged.who, charged.note, charged.group) == ("boss", "by letter", Group.RECORD)
    assert charged.params == {
        "kind": d.OutcomeKind.CHARGED,
        "on": date(2026, 4, 1),
        "court_reference": "R 26/1",
    }
    assert convicted.params == {"kind": d.OutcomeKind.CONVICTED, "on": date(2027, 1, 9)}
