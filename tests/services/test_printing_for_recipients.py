"""A printout for a recipient adds its coordination entry by itself once it leaves the station
(printed or saved, not only shown), through the one follow-up path: the case's version goes up and
the trail says "coordinate" with what left. The victim's own copies and a draft's add nothing; an
ended referral's sheet is not printed again. On both engines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain import case as d
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.errors import NotAllowed, Refused
from tests.helpers import Clock
from tests.services.test_drafts import complete
from tests.services.test_follow_up import step, who

__all__ = ["who"]


def submitted_case(
    services: Services, clock: Clock, who: dict[str, Actor], *, approve: bool = True
) -> d.CaseRecord:
    """The sample case, its consent covering identity, contact and (separately) the victim's
    special categories; submitted, and approved unless told otherwise."""
    officer, boss = who["officer"], who["boss"]
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    [consent] = record.consents
    consent = replace(consent, data_scope=("identity", "contact"), special_categories=True)
    [victim] = record.persons
    record = replace(
        record, consents=(consent,), persons=(replace(victim, religion="Muslim", phone="9"),)
    )
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    case = services.cases.submit(officer, draft.id, saved.version)
    if approve:
        case = services.cases.apply(boss, draft.id, case.version, Action.APPROVE)
    return case.record


def version_of(services: Services, reference: str, who: dict[str, Actor]) -> int:
    return services.cases.locate(who["officer"], reference)[1]


def trail(services: Services, who: dict[str, Actor], reference: str) -> list[tuple[str, object]]:
    events = services.audit.entries(who["admin"], object_ref=reference)[::-1]
    return [(e.action, e.details) for e in events if e.action in ("print", "coordinate")]


def test_a_referral_sheet_sent_on_from_the_preview_logs_what_left(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    record = submitted_case(services, clock, who)
    reference = record.reference
    before = version_of(services, reference, who)
    shown: list[bytes] = []
    printed = services.documents.referral_sheet(
        officer, reference, "en", delivery=Delivery("screen", shown.append), reason="referral"
    )
    # Only shown: nothing left the station.
    assert version_of(services, reference, who) == before
    clock.advance(minutes=5)
    paper: list[bytes] = []
    opened = services.documents.send(officer, printed, shown[0], Delivery("printer", paper.append))
    assert paper == shown
    assert opened is not None
    assert opened.version == before + 1 == version_of(services, reference, who)
    entry = opened.record.coordination[-1]
    assert entry == d.CoordinationEvent(
        kind=d.CoordinationKind.SUPPORT_SERVICE,
        recipient="Victim Support Lisbon",
        sent_at=clock.now,
        recorded_by="officer",
        consent_key="C1",
        data_sent=(
            d.SharedData.REFERRAL_SHEET, d.SharedData.VICTIM_IDENTITY,
            d.SharedData.VICTIM_CONTACT, d.SharedData.SPECIAL_CATEGORIES,
        ),
        automatic=True,
    )  # fmt: skip
    assert opened.record.status is d.CaseStatus.APPROVED  # an approved case's log grows
    screen = {"document": "referral", "language": "en", "referral": "R1",
              "service_language": "en", "file_language": "en"}  # fmt: skip
    assert trail(services, who, reference) == [
        ("print", {**screen, "to": "screen"}),
        ("coordinate", {"kind": "support_service", "automatic": True,
                        "data_sent": ["referral_sheet", "victim_identity", "victim_contact",
                                      "special_categories"]}),
        ("print", {**screen, "to": "printer"}),
    ]  # fmt: skip
    # A decision taken at the version the print returned meets no conflict.
    services.cases.apply(
        officer, opened.id, opened.version, Action.RECONTACT,
        Decision(contact_result="She is safe; the service called her."),
    )  # fmt: skip


def test_the_prosecutor_report_saved_to_a_file_names_the_office(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    reference = submitted_case(services, clock, who, approve=False).reference
    files: list[bytes] = []
    services.documents.prosecutor_report(
        officer, reference, "en", delivery=Delivery("file", files.append), reason="to court"
    )
    services.documents.prosecutor_report(
        who["boss"], reference, "en", delivery=Delivery("file", files.append), reason="again",
        office="Lisbon DIAP, 3rd section",
    )  # fmt: skip
    record = services.cases.open_case(officer, *[services.cases.locate(officer, reference)[0]],
                                      reason="check").record  # fmt: skip
    first, second = record.coordination[-2:]
    # The office the log last named for the prosecutor, then the one given.
    assert (first.recipient, second.recipient) == ("Prosecutor", "Lisbon DIAP, 3rd section")
    assert (first.recorded_by, second.recorded_by) == ("officer", "boss")
    assert first.kind is d.CoordinationKind.PROSECUTOR
    assert first.data_sent == (
        d.SharedData.REPORT, d.SharedData.INDICATOR_ANNEX, d.SharedData.RIGHTS_NOTE,
        d.SharedData.VICTIM_IDENTITY, d.SharedData.VICTIM_CONTACT,
    )  # fmt: skip
    assert all(type(sent) is d.SharedData for sent in first.data_sent)  # read back as such
    assert first.automatic
    assert first.consent_key is None
    assert record.status is d.CaseStatus.SUBMITTED


def test_the_victims_own_copies_and_a_drafts_printouts_add_nothing(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    reference = submitted_case(services, clock, who).reference
    before = version_of(services, reference, who)
    files: list[bytes] = []
    to_file = Delivery("file", files.append)
    services.documents.leaflet(officer, "en", reference, delivery=to_file, reason="leaflet")
    services.documents.consent_receipt(officer, reference, "en", delivery=to_file, reason="copy")
    assert version_of(services, reference, who) == before
    draft = services.cases.create_draft(officer)
    typed = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    for call in (services.documents.referral_sheet, services.documents.prosecutor_report):
        call(officer, typed.record.reference, "en", delivery=to_file, reason="check")
    assert services.cases.locate(officer, typed.record.reference)[1] == typed.version
    assert len(files) == 4


def test_who_may_not_add_to_the_log_may_not_send_it_out(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    """Another officer of the station sees the case but may not follow it up: the printout is
    shown, but nothing leaves, and nothing is logged as printed."""
    reference = submitted_case(services, clock, who).reference
    before = version_of(services, reference, who)
    sent: list[bytes] = []
    for stranger in (who["other"], who["admin"]):
        with pytest.raises(NotAllowed):
            services.documents.prosecutor_report(
                stranger, reference, "en", delivery=Delivery("file", sent.append), reason="x"
            )
    assert sent == []
    assert version_of(services, reference, who) == before
    assert trail(services, who, reference) == []


def test_a_failed_delivery_adds_no_entry(
    services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    reference = submitted_case(services, clock, who).reference
    before = version_of(services, reference, who)

    def jammed(_pdf: bytes) -> None:
        raise OSError(5, "I/O error")

    with pytest.raises(OSError, match="I/O error"):
        services.documents.referral_sheet(
            who["officer"], reference, "en", delivery=Delivery("printer", jammed), reason="x"
        )
    assert version_of(services, reference, who) == before
    assert [action for action, _details in trail(services, who, reference)] == []


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        ((), "referral_withdrawn"),  # the consent withdrawn
        (((d.ReferralStatus.DECLINED, "No place before March"),), "referral_ended"),
        (
            ((d.ReferralStatus.ACCEPTED, ""), (d.ReferralStatus.CLOSED, "Counselling ended")),
            "referral_ended",
        ),
    ],
)
def test_an_ended_referrals_sheet_is_not_printed_again(
    services: Services,
    clock: Clock,
    who: dict[str, Actor],
    steps: tuple[tuple[d.ReferralStatus, str], ...],
    code: str,
) -> None:
    officer = who["officer"]
    record = submitted_case(services, clock, who)
    case_id, version = services.cases.locate(officer, record.reference)
    opened = services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        step(d.ReferralStatus.SENT, clock.now, channel=d.SendChannel.EMAIL),
    )  # fmt: skip
    for status, note in steps:
        clock.advance(hours=1)
        opened = services.cases.apply(
            officer, case_id, opened.version, Action.REFERRAL_STEP, step(status, clock.now, note)
        )
    if not steps:
        clock.advance(hours=1)
        opened = services.cases.apply(
            officer, case_id, opened.version, Action.WITHDRAW_CONSENT, Decision(target="C1")
        )
    shown: list[bytes] = []
    with pytest.raises(Refused) as refused:
        services.documents.referral_sheet(
            officer, record.reference, "en", delivery=Delivery("screen", shown.append), reason="x"
        )
    assert [(i.code, i.field) for i in refused.value.issues] == [(code, "referral R1")]
    assert shown == []
    assert str(refused.value).startswith("referral R1: nothing was printed: ")
