"""A case's timeline through CaseService.timeline, on both engines: built from the record and the
audit trail of a case that went through its life and its follow-up."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain import case as d
from app.domain.stations import StationDetails
from app.domain.timeline import EntryKind, TimelineEntry
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused
from tests.helpers import Clock, delivered
from tests.services.test_drafts import set_up_station
from tests.services.test_follow_up import approved_case, step


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    actors = set_up_station(services)
    services.stations.update_station(actors["admin"], "LIS-01", country="PT")
    return actors


def what(entry: TimelineEntry) -> tuple[object, ...]:
    """The entry in short: its kind, who, and the parameter that tells it apart."""
    for key in ("decision", "status", "kind", "document"):
        if key in entry.params:
            return entry.kind, entry.who, entry.params[key]
    return entry.kind, entry.who


def test_the_timeline_of_a_followed_up_case(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    clock.now = datetime(2026, 6, 3, 10, 0, tzinfo=UTC)
    officer, boss = who["officer"], who["boss"]
    case_id, version = approved_case(services, clock, who)
    clock.advance(minutes=5)
    sent = services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.SENT, clock.now, channel=d.SendChannel.EMAIL),
    )  # fmt: skip
    clock.advance(days=1)
    accepted = services.cases.apply(
        boss, case_id, sent.version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.ACCEPTED, clock.now, "They call her tomorrow"),
    )  # fmt: skip
    clock.advance(hours=2)
    coordinated = services.cases.apply(
        boss, case_id, accepted.version, Action.COORDINATE,
        Decision(coordination=d.CoordinationEvent(
            d.CoordinationKind.PROSECUTOR, "Lisbon prosecutor's office", clock.now, "",
            data_sent=(d.SharedData.REPORT,),
        )),
    )  # fmt: skip
    clock.advance(hours=1)
    reference = coordinated.record.reference
    delivered(
        services.documents.prosecutor_report, boss, reference, "pt", reason="For the prosecutor"
    )
    clock.advance(days=1)
    withdrawn = services.cases.apply(
        officer, case_id, coordinated.version, Action.WITHDRAW_CONSENT,
        Decision(comment="She called the station", target="C1"),
    )  # fmt: skip
    clock.advance(minutes=1)
    services.cases.apply(
        officer, case_id, withdrawn.version, Action.RECONTACT,
        Decision(comment="Ask how she is", next_contact_on=date(2026, 6, 19)),
    )  # fmt: skip
    clock.advance(minutes=1)

    shown = services.cases.timeline(boss, case_id, "Supervision")

    entries = shown.entries
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    # The saves of the draft, between creation and submission, as one entry.
    [saves] = [e for e in entries if e.kind is EntryKind.SAVES]
    assert (saves.who, saves.params["count"]) == ("officer", 1)
    story = [what(e) for e in entries if e.kind is not EntryKind.SAVES]
    at_creation = [
        (EntryKind.CREATED, "officer"),
        (EntryKind.RIGHTS_GIVEN, "officer"),
        (EntryKind.ASSESSMENT, "officer"),
        (EntryKind.CONSENT_GIVEN, "officer"),
        (EntryKind.REFERRAL_PROPOSED, "officer"),
        (EntryKind.COORDINATION, "officer", d.CoordinationKind.PROSECUTOR),
    ]
    assert sorted(story[:6], key=str) == sorted(at_creation, key=str)  # all two hours before
    assert story[6:] == [
        (EntryKind.DECISION, "officer", d.ReviewDecision.SUBMIT),
        (EntryKind.DECISION, "boss", d.ReviewDecision.APPROVE),
        (EntryKind.REFERRAL_STEP, "officer", d.ReferralStatus.SENT),
        (EntryKind.REFERRAL_STEP, "boss", d.ReferralStatus.ACCEPTED),
        (EntryKind.COORDINATION, "boss", d.CoordinationKind.PROSECUTOR),
        (EntryKind.PRINTED, "boss", "prosecutor"),
        (EntryKind.CONSENT_WITHDRAWN, "officer"),
        (EntryKind.REFERRAL_STEP, "officer", d.ReferralStatus.WITHDRAWN),
        (EntryKind.RECONTACT_SCHEDULED, "officer"),
    ]
    by_kind = {e.kind: e for e in entries}
    assert by_kind[EntryKind.PRINTED].note == "For the prosecutor"
    assert by_kind[EntryKind.PRINTED].params["language"] == "pt"
    assert by_kind[EntryKind.CONSENT_WITHDRAWN].note == "She called the station"
    assert by_kind[EntryKind.RECONTACT_SCHEDULED].params["due_on"] == date(2026, 6, 19)
    accepted_entry = [e for e in entries if e.params.get("status") is d.ReferralStatus.ACCEPTED]
    assert accepted_entry[0].note == "They call her tomorrow"
    assert shown.user_names == {"officer": "Officer", "boss": "Boss"}
    assert shown.person_names == {"P1": "Kofi Mensah"}
    # A reading of the case: written to the trail with its reason, after what it listed; the
    # next timeline shows it among the views.
    last = services.audit.entries(who["admin"], object_ref=reference)[0]
    assert (last.action, last.username, last.reason, last.details) == (
        "view", "boss", "Supervision", {"part": "timeline"}
    )  # fmt: skip
    again = services.cases.timeline(officer, case_id, "Follow-up")
    assert what(again.entries[-1]) == (EntryKind.VIEWED, "boss")
    assert again.entries[-1].params == {"part": "timeline"}


def test_the_timeline_needs_a_reason_and_the_station(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, _version = approved_case(services, clock, who)
    with pytest.raises(Refused):
        services.cases.timeline(who["boss"], case_id, "  ")
    services.stations.add_station(who["admin"], StationDetails("POR-01", "Porto"))
    services.accounts.add_user(
        who["admin"], username="porto", full_name="Porto Officer", role=d.Role.OFFICER,
        password="a good password", station_code="POR-01",
    )  # fmt: skip
    stranger = services.accounts.authenticate("porto", "a good password")
    with pytest.raises(PermissionDenied):
        services.cases.timeline(stranger, case_id, "Curious")
