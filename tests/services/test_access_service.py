"""Access by role and need (app.domain.access) through the services, for every role and action, on
both engines: which cases each role opens and lists, how it sees the special categories on screen,
on paper and in an exported file, that each reveal is audited, and that each refusal changes
nothing and is audited too."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.domain import case as d
from app.domain.access import HIDDEN
from app.domain.case import CaseQuery, Role
from app.domain.stations import StationDetails
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, ServiceError
from app.storage.tables import AuditEvent, Case, User
from tests.documents.reading import text_of
from tests.helpers import Clock, delivered, exported_text
from tests.services.test_drafts import set_up_station
from tests.services.test_follow_up import who
from tests.services.test_printing_for_recipients import submitted_case

__all__ = ["who"]

SECRET = "Muslim"  # the victim's religion in the sample case (printed with separate consent)
ROLES = ("officer", "boss", "admin", "dpo", "far_officer", "far_boss")


@pytest.fixture
def people(services: Services, who: dict[str, Actor]) -> dict[str, Actor]:
    """The sample station's officer, supervisor ("boss") and administrator; its data-protection
    officer; an officer and a supervisor of another station."""
    admin = who["admin"]
    services.stations.add_station(admin, StationDetails("POR-01", "Porto", country="PT"))
    more = {
        "far_officer": (Role.OFFICER, "POR-01"),
        "far_boss": (Role.SUPERVISOR, "POR-01"),
    }
    for username, (role, code) in more.items():
        services.accounts.add_user(
            admin, username=username.replace("_", ""), full_name=username.title(), role=role,
            password="a good password", station_code=code,
        )  # fmt: skip
    signed = {
        u: services.accounts.authenticate(u.replace("_", ""), "a good password") for u in more
    }
    return {**who, **signed, "dpo": data_protection_officer(services, admin)}


def data_protection_officer(services: Services, admin: Actor) -> Actor:
    """The station's data-protection officer. Its account is stored as an officer's and signed in
    with the role: users.role is VARCHAR(16) since 0001, too short on PostgreSQL for
    "data_protection_officer" (the accounts' part of issue 13 widens it); the services read the
    role from the Actor, so the rules under test are the same."""
    services.accounts.add_user(
        admin, username="dpo", full_name="Dora Protection", role=Role.OFFICER,
        password="a good password", station_code="LIS-01",
    )  # fmt: skip
    actor = services.accounts.authenticate("dpo", "a good password")
    return replace(actor, role=Role.DATA_PROTECTION_OFFICER)


def events(services: Services) -> list[tuple[str, str, str, str]]:
    with services.backend.reading() as session:
        rows = session.execute(
            select(
                AuditEvent.username, AuditEvent.action, AuditEvent.object_ref, AuditEvent.details
            ).order_by(AuditEvent.id)
        ).all()
    return [(r.username, r.action, r.object_ref, str(r.details)) for r in rows]


def case_rows(services: Services) -> list[tuple[int, int]]:
    with services.backend.reading() as session:
        return [tuple(r) for r in session.execute(select(Case.id, Case.version))]  # type: ignore[misc]


def refused(services: Services, actor: Actor, call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """The call is refused for the role, nothing changes, and the refusal is audited."""
    before_cases, before = case_rows(services), events(services)
    with pytest.raises((PermissionDenied, NotAllowed)):
        call(*args, **kwargs)
    after = events(services)
    assert case_rows(services) == before_cases
    assert after[: len(before)] == before
    [(username, action, _ref, _details)] = after[len(before) :]
    assert (username, action) == (actor.username, "refused")


# What each role may do with a case of the sample station (LIS-01), by action:
# "full" (the values), "hidden" (allowed, values hidden), "no" (refused, audited).
EXPECTED = {
    #               open      reveal  referral  prosecutor  export    list
    "officer": ("hidden", "full", "full", "ok", "no", 1),
    "boss": ("hidden", "full", "full", "ok", "full", 1),
    "admin": ("hidden", "no", "hidden", "ok", "hidden", 1),
    "dpo": ("no", "no", "no", "no", "no", 0),
    "far_officer": ("no", "no", "no", "no", "no", 0),
    "far_boss": ("no", "no", "no", "no", "no", 0),
}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_action(
    services: Services, clock: Clock, people: dict[str, Actor], role: str
) -> None:
    record = submitted_case(services, clock, people)
    reference = record.reference
    case_id, _version = services.cases.locate(people["officer"], reference)
    actor = people[role]
    opening, reveal, referral, prosecutor, export, listed = EXPECTED[role]

    assert services.cases.count_cases(actor, CaseQuery()) == listed
    assert len(services.cases.list_cases(actor, CaseQuery())) == listed
    if role == "dpo":  # opens no case for work: nothing to follow up either
        assert services.followups.followups(actor) == []

    # Open: the special categories are "recorded, hidden" for every role that opens the case.
    if opening == "no":
        refused(services, actor, services.cases.open_case, actor, case_id, "look")
        refused(services, actor, services.cases.timeline, actor, case_id, "look")
    else:
        opened = services.cases.open_case(actor, case_id, "look")
        assert opened.record.persons[0].religion == HIDDEN
        assert opened.record.persons[0].name == "Kofi Mensah"  # only the special categories
        assert SECRET not in repr(opened)
        assert SECRET not in repr(services.cases.timeline(actor, case_id, "look"))

    # Reveal: the values, and an audit event naming the fields, never the values.
    if reveal == "no":
        refused(services, actor, services.cases.reveal_special, actor, case_id, "look")
    else:
        before = events(services)
        shown = services.cases.reveal_special(actor, case_id, "referral call")
        assert shown.persons[0].religion == SECRET
        [event] = [e for e in events(services)[len(before) :] if e[1] == "reveal"]
        assert event[:3] == (actor.username, "reveal", reference)
        assert json.loads(event[3]) == {"purpose": "screen", "fields": ["persons[0].religion"]}
        assert SECRET not in event[3]

    # Print: the referral sheet carries the special categories (with the separate consent).
    sheet = services.documents.referral_sheet
    if referral == "no":
        refused(services, actor, delivered, sheet, actor, reference, "en", reason="why")
    else:
        text = text_of(delivered(sheet, actor, reference, "en", reason="why"))
        assert (SECRET in text) is (referral == "full")
        assert ("Recorded, withheld from this printout" in text) is (referral == "hidden")
    report = services.documents.prosecutor_report
    if prosecutor == "no":
        refused(services, actor, delivered, report, actor, reference, "en", reason="why")
    else:
        assert SECRET not in text_of(delivered(report, actor, reference, "en", reason="why"))

    # Export: a supervisor's file has the values; an administrator's withholds them, and says so.
    if export == "no":
        refused(
            services, actor, exported_text, services.exchange.export_case, actor, reference, "x"
        )
    else:
        document = json.loads(
            exported_text(services.exchange.export_case, actor, reference, "transfer")
        )
        religion = document["case"]["persons"][0]["religion"]
        assert religion == (SECRET if export == "full" else HIDDEN)


def test_the_wizard_opens_a_draft_in_full_as_a_reveal_for_whoever_may_save_it(
    services: Services, clock: Clock, people: dict[str, Actor]
) -> None:
    officer = people["officer"]
    draft = services.cases.create_draft(officer)
    typed = replace(
        draft.record,
        persons=(d.Person("P1", d.PersonRole.VICTIM, name="Amina", religion=SECRET, health="x"),),
    )
    services.cases.save_draft(officer, draft.id, draft.version, typed)
    before = events(services)
    opened = services.cases.open_for_editing(officer, draft.id, "own case work")
    assert opened.record.persons[0].religion == SECRET
    reveal = [e for e in events(services)[len(before) :] if e[1] == "reveal"]
    assert [json.loads(e[3]) for e in reveal] == [
        {"purpose": "edit", "fields": ["persons[0].health", "persons[0].religion"]}
    ]
    # The station's supervisor may save a station's draft (the workflow), so may open it so.
    services.cases.open_for_editing(people["boss"], draft.id, "help with the draft")
    assert events(services)[-1][:2] == ("boss", "reveal")
    for other in ("other", "admin", "dpo", "far_officer"):
        actor = people[other]
        refused(services, actor, services.cases.open_for_editing, actor, draft.id, "edit")


def test_a_redacted_record_saved_back_never_overwrites_the_values(
    services: Services, clock: Clock, people: dict[str, Actor]
) -> None:
    officer, boss = people["officer"], people["boss"]
    draft = services.cases.create_draft(officer)
    typed = replace(
        draft.record,
        persons=(d.Person("P1", d.PersonRole.VICTIM, name="Amina", religion=SECRET),),
    )
    saved = services.cases.save_draft(officer, draft.id, draft.version, typed)
    # The officer's screen copy (redacted) saved back whole, with one other change.
    seen = services.cases.open_case(officer, draft.id, "look").record
    assert seen.persons[0].religion == HIDDEN
    edited = replace(seen, persons=(replace(seen.persons[0], name="Amina B."),))
    services.cases.save_draft(officer, draft.id, saved.version, edited)
    stored = services.cases.reveal_special(officer, draft.id, "check").persons[0]
    assert (stored.name, stored.religion) == ("Amina B.", SECRET)
    # A supervisor's supplement from the redacted copy keeps the values too.
    approved = submitted_case(services, clock, people)
    case_id, version = services.cases.locate(boss, approved.reference)
    copy = services.cases.open_case(boss, case_id, "review").record
    corrected = replace(copy, place="Rua do Benformoso 14")
    services.cases.apply(
        boss, case_id, version, Action.SUPPLEMENT, Decision(comment="door", record=corrected)
    )
    again = services.cases.reveal_special(boss, case_id, "check")
    assert (again.place, again.persons[0].religion) == ("Rua do Benformoso 14", SECRET)
    assert HIDDEN not in json.dumps([e[3] for e in events(services)])


def test_a_deactivated_account_cannot_reveal(
    services: Services, clock: Clock, people: dict[str, Actor]
) -> None:
    record = submitted_case(services, clock, people)
    case_id, _ = services.cases.locate(people["officer"], record.reference)
    with services.backend.transaction() as session:
        session.execute(update(User).where(User.username == "officer").values(active=False))
    before = events(services)
    with pytest.raises(ServiceError):
        services.cases.reveal_special(people["officer"], case_id, "look")
    assert [e[1] for e in events(services)[len(before) :]] == ["refused"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case_id=st.integers(), reason=st.text(max_size=40))
def test_garbage_to_reveal_is_refused_without_a_traceback(
    sqlite_services: Services, case_id: int, reason: str
) -> None:
    services = sqlite_services
    if not services.accounts.needs_setup():
        officer = services.accounts.authenticate("officer", "a good password")
    else:
        officer = set_up_station(services)["officer"]
    before = events(services)
    with pytest.raises(ServiceError):
        services.cases.reveal_special(officer, case_id, reason)
    assert "reveal" not in [e[1] for e in events(services)[len(before) :]]
