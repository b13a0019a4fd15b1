"""The offer of a link: the station's cases that are likely the same incident (same place, same
day or a day apart, a motive in common), on both engines; another station's case never."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import case as d
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import Refused
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station
from tests.services.test_stations_service import FARO


def case_at(
    services: Services, clock: Clock, officer: Actor, place: str, hours: int = 0,
    motives: tuple[str, ...] = ("racist_xenophobic",),
) -> d.CaseRecord:  # fmt: skip
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    record = replace(
        record, place=place, occurred_at=record.occurred_at + timedelta(hours=hours),  # type: ignore[operator]
        motives=motives,
    )  # fmt: skip
    return services.cases.save_draft(officer, draft.id, draft.version, record).record


def test_the_same_incident_at_the_station_is_offered_another_stations_never(
    services: Services, clock: Clock
) -> None:
    who = set_up_station(services)
    officer, admin = who["officer"], who["admin"]
    services.stations.add_station(admin, FARO)
    services.accounts.add_user(
        admin, username="faro", full_name="Faro Officer", role=d.Role.OFFICER,
        password="a good password", station_code="FAR-01",
    )  # fmt: skip
    faro = services.accounts.authenticate("faro", "a good password")
    earlier = case_at(services, clock, who["other"], "RUA DO BENFORMOSO 12", hours=-20)
    case_at(services, clock, faro, "Rua do Benformoso 12")  # the same facts, another station
    case_at(services, clock, officer, "Rua do Benformoso 12", hours=-60)  # too long before
    case_at(services, clock, officer, "Rua do Benformoso 14")  # another place
    case_at(services, clock, officer, "Rua do Benformoso 12", motives=("religious",))
    draft = services.cases.create_draft(officer)
    new = services.cases.save_draft(
        officer,
        draft.id,
        draft.version,
        replace(complete(draft.record, clock), place="Rua do Benformoso 12"),
    )
    offered = services.cases.link_candidates(officer, new.id)
    assert [(reference, place) for _id, reference, _at, place in offered] == [
        (earlier.reference, "RUA DO BENFORMOSO 12")
    ]
    # Once linked, it is offered no more (from either side).
    submitted = services.cases.submit(officer, new.id, new.version)
    services.cases.apply(
        officer, new.id, submitted.version, Action.LINK,
        Decision(link=d.CaseLink(earlier.reference, d.LinkKind.SAME_INCIDENT, clock.now, "")),
    )  # fmt: skip
    assert services.cases.link_candidates(officer, new.id) == []
    earlier_id = services.cases.locate(officer, earlier.reference)[0]
    assert services.cases.link_candidates(officer, earlier_id) == []


def test_a_reviewer_of_another_station_is_offered_nothing(services: Services, clock: Clock) -> None:
    """The case was escalated to a supervisor of another station: they see that case, never the
    other cases of its station."""
    who = set_up_station(services)
    officer, boss, admin = who["officer"], who["boss"], who["admin"]
    services.stations.add_station(admin, FARO)
    services.accounts.add_user(
        admin, username="faroboss", full_name="Faro Supervisor", role=d.Role.SUPERVISOR,
        password="a good password", station_code="FAR-01",
    )  # fmt: skip
    earlier = case_at(services, clock, who["other"], "Rua do Benformoso 12", hours=-3)
    draft = services.cases.create_draft(officer)
    record = replace(complete(draft.record, clock), place="Rua do Benformoso 12")
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    submitted = services.cases.submit(officer, draft.id, saved.version)
    assert [c[1] for c in services.cases.link_candidates(boss, draft.id)] == [earlier.reference]
    services.cases.apply(
        boss, draft.id, submitted.version, Action.ESCALATE,
        Decision("For the coordinator", escalated_to="faroboss"),
    )  # fmt: skip
    faro_boss = services.accounts.authenticate("faroboss", "a good password")
    assert services.cases.open_case(faro_boss, draft.id, "Review").record.reference
    assert services.cases.link_candidates(faro_boss, draft.id) == []


def test_a_case_without_date_or_motive_is_offered_nothing(services: Services, clock: Clock) -> None:
    officer = set_up_station(services)["officer"]
    case_at(services, clock, officer, "Rua do Benformoso 12")
    draft = services.cases.create_draft(officer)
    assert services.cases.link_candidates(officer, draft.id) == []


texts = st.text(max_size=60)


@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(recipient=texts, reference=texts, note=texts, result=texts, other=texts)
def test_garbage_typed_in_the_follow_up_dialogs_is_kept_or_refused_whole(
    sqlite_services: Services, clock: Clock, recipient: str, reference: str, note: str,
    result: str, other: str,
) -> None:  # fmt: skip
    """What the coordination, re-contact and link dialogs send, with any text typed: saved as
    typed, or refused with issues and the case as it was; never another error."""
    services = sqlite_services
    if services.accounts.needs_setup():
        set_up_station(services)
    officer = services.accounts.authenticate("officer", "a good password")
    case = case_at(services, clock, officer, "Rua do Benformoso 12")
    case_id = services.cases.locate(officer, case.reference)[0]
    opened = services.cases.submit(
        officer, case_id, services.cases.locate(officer, case.reference)[1]
    )
    decisions = (
        (Action.COORDINATE, Decision(coordination=d.CoordinationEvent(
            d.CoordinationKind.PROSECUTOR, recipient, clock.now, "", reference_number=reference,
            data_sent=(d.SharedData.REPORT,),
        ))),
        (Action.COORDINATE, Decision(coordination=d.CoordinationEvent(
            d.CoordinationKind.COMMUNITY_IMPACT, "", clock.now, "", note,
        ))),
        (Action.RECONTACT, Decision(contact_result=result, comment=note)),
        (Action.LINK, Decision(
            link=d.CaseLink(other, d.LinkKind.SAME_INCIDENT, clock.now, "", None, note)
        )),
    )  # fmt: skip
    for action, decision in decisions:
        # Time passes between two dialogs (a change at the very same instant leaves the case
        # row, and so its version, as it was: the save stamps the time).
        clock.advance(seconds=1)
        before = services.cases.open_case(officer, case_id, "check")
        try:
            opened = services.cases.apply(officer, case_id, before.version, action, decision)
        except Refused as refused:
            issues = refused.issues
        else:
            assert opened.version == before.version + 1
            continue
        assert issues
        assert services.cases.open_case(officer, case_id, "check").record == before.record
