"""Retention through the services on both engines: an expired closed case is anonymised through
the case's one path (kept fields intact, the rest empty, its words gone from search, still
counted), an open or not-yet-expired one untouched, a dry run changes nothing, a second run does
nothing, and every other role (or a deactivated account) is refused with nothing changed and the
refusal audited."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from app.domain import case as d
from app.domain.case import CaseQuery
from app.domain.retention import Expiry
from app.domain.timeline import EntryKind
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.services.errors import NotAllowed, PermissionDenied, SessionEnded
from app.storage import cases as repo
from app.storage.tables import AttachmentRow, AuditEvent, Case
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station

NAME = "Kofi Mensah"
PHOTO = b"\x89PNG photo of the graffiti"


@pytest.fixture
def who(services: Services) -> dict[str, Actor]:
    actors = set_up_station(services)
    # A data-protection officer's session. Main's users.role is VARCHAR(16), too short for
    # "data_protection_officer" on PostgreSQL (a migration for the accounts part): the role is
    # given to the session of an existing account, which is what the services check.
    dpo = replace(actors["other"], username="dpo", role=d.Role.DATA_PROTECTION_OFFICER)
    return {**actors, "dpo": dpo}


def closed_case(
    services: Services, clock: Clock, who: dict[str, Actor], classification: str = "hate_crime"
) -> int:
    """A case lived through to its closure: a victim with a name, a birth date, a phone and a
    special category, an attachment, a decision's comment; closed `clock` now."""
    officer, boss = who["officer"], who["boss"]
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    record = replace(
        record,
        classification=classification,
        district="Arroios",
        narrative=f"{NAME} was pushed and insulted outside the bakery.",
        persons=(
            replace(
                record.persons[0], date_of_birth=date(1990, 5, 1), phone="+351 912 345 678",
                religion="Muslim", address="Rua do Benformoso 12",
            ),
        ),
    )  # fmt: skip
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    saved = services.cases.add_attachment(
        officer, draft.id, saved.version, filename="kofi-door.png", media_type="image/png",
        content=PHOTO, description=f"The door of {NAME}'s flat",
    )  # fmt: skip
    submitted = services.cases.submit(officer, draft.id, saved.version)
    approved = services.cases.apply(boss, draft.id, submitted.version, Action.APPROVE)
    proposed = services.cases.apply(
        officer, draft.id, approved.version, Action.PROPOSE_CLOSURE, f"{NAME} was told."
    )
    services.cases.apply(boss, draft.id, proposed.version, Action.CLOSE)
    return draft.id


def stored(services: Services, case_id: int) -> tuple[int, str, bytes]:
    """The case's version, its whole record and submitted copy as JSON, and its attachments'
    bytes, read straight from the database (no audit)."""
    with services.backend.reading() as session:
        row = repo.load_case(session, case_id, with_content=True)
        assert row is not None
        content = b"".join(a.content for a in row.attachments)
        record = repo.to_record(row)
        dump = json.dumps([repo.to_json(record), row.submitted_record], sort_keys=True)
        return row.version, dump, content


def events(services: Services, action: str) -> list[AuditEvent]:
    with services.backend.reading() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def found(services: Services, actor: Actor, words: str) -> int:
    return services.cases.count_cases(actor, CaseQuery(text=words))


def test_an_expired_closed_case_is_anonymised_and_still_counted(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    admin = who["admin"]
    case_id = closed_case(services, clock, who)
    kept_open = services.cases.create_draft(who["officer"]).id
    before = services.cases.open_case(admin, case_id, "retention test").record
    motive = CaseQuery(motive="racist_xenophobic")
    counted = services.cases.count_cases(admin, motive)
    assert found(services, admin, "Mensah bakery") == 1
    version_before = stored(services, case_id)[0]

    later = clock.now.date() + timedelta(days=3653)  # ten years and a leap day or two
    run = services.retention.run(admin, later, dry_run=False)

    assert [(c.case_id, c.expiry, c.done) for c in run.cases] == [
        (case_id, Expiry(case=True), True)
    ]
    after = services.cases.open_case(admin, case_id, "retention test").record
    # What statistics need stays.
    for name in ("reference", "status", "occurred_at", "closed_at", "district", "place_type",
                 "motives", "offence_types", "classification", "indicators"):  # fmt: skip
        assert getattr(after, name) == getattr(before, name), name
    assert [(p.key, p.role, p.age_band) for p in after.persons] == [
        ("P1", d.PersonRole.VICTIM, "30-44")
    ]
    assert len(after.referrals) == len(before.referrals) == 1
    # What identifies a person is gone, from the case, its history and its attachment.
    victim = after.persons[0]
    assert (victim.name, victim.date_of_birth, victim.phone, victim.religion, victim.address) == (
        "", None, "", "", "",
    )  # fmt: skip
    assert (after.narrative, after.place, after.closure_note) == ("", "", "")
    assert all(not r.comment for r in after.reviews)
    assert (after.attachments[0].filename, after.attachments[0].description) == ("", "")
    version, dump, content = stored(services, case_id)
    assert [word for word in (NAME, "Benformoso", "Muslim", "+351 912") if word in dump] == []
    assert content == b""
    assert version == version_before + 1  # one change of the case
    # Gone from search, still counted.
    assert found(services, admin, "Mensah") == found(services, admin, "bakery") == 0
    assert found(services, admin, "Arroios") == 1
    assert services.cases.count_cases(admin, motive) == counted
    # Audited: one event for the case (codes only), one for the run.
    [anonymised] = events(services, "anonymise")
    assert (anonymised.username, anonymised.reason) == ("admin", "")
    assert json.loads(anonymised.details) == {"parts": ["case"]}
    [audited_run] = events(services, "retention_run")
    details = json.loads(audited_run.details)
    assert (details["dry_run"], details["cases"], details["case"]) == (False, 1, 1)
    assert details["audit_events_from"] == date(later.year - 10, later.month, later.day).isoformat()
    assert NAME not in audited_run.details + anonymised.details
    # The case's timeline says it, in words.
    timeline = services.cases.timeline(admin, case_id, "retention test")
    assert [(e.kind, e.who) for e in timeline.entries if e.kind is EntryKind.ANONYMISED] == [
        (EntryKind.ANONYMISED, "admin")
    ]
    # The draft was never closed: untouched. A second run finds nothing to do.
    assert services.retention.run(admin, later, dry_run=False).cases == ()
    assert stored(services, case_id)[0] == version
    assert services.cases.open_case(admin, kept_open, "check").record.status is d.CaseStatus.DRAFT
    assert services.audit.verify(admin).intact


def test_a_link_note_goes_with_the_case_that_is_anonymised(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    first = closed_case(services, clock, who)
    second = closed_case(services, clock, who)
    other = services.cases.open_case(who["admin"], second, "set-up").record.reference
    note = f"Same man followed {NAME} home."
    link = d.CaseLink(other, d.LinkKind.SERIES, clock.now, "", d.SeriesBasis.VICTIM, note)
    services.cases.apply(
        who["officer"], first, stored(services, first)[0], Action.LINK, Decision(link=link)
    )
    version = stored(services, second)[0]
    services.cases.apply(
        who["admin"], first, stored(services, first)[0], Action.ANONYMISE,
        Decision(expiry=Expiry(case=True)),
    )  # fmt: skip
    with services.backend.reading() as session:
        assert session.scalars(text("SELECT note FROM case_links")).all() == [""]
    # The other case keeps its own content (its version too): it has not expired.
    assert NAME in stored(services, second)[1]
    assert stored(services, second)[0] == version
    [seen] = services.cases.open_case(who["admin"], first, "check").record.links
    assert (seen.other, seen.kind, seen.basis, seen.note) == (
        other, d.LinkKind.SERIES, d.SeriesBasis.VICTIM, "",
    )  # fmt: skip


def test_a_case_closed_again_after_anonymisation_is_looked_at_again(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    admin = who["admin"]
    case_id = closed_case(services, clock, who)
    later = clock.now.date() + timedelta(days=20 * 366)
    services.retention.run(admin, later, dry_run=False)
    assert services.retention.plan(admin, later) == []
    # Reopened, completed with new words, closed again (its life, written straight here).
    with services.backend.transaction() as session:
        row = session.get(Case, case_id)
        assert row is not None
        assert row.anonymised_at is not None
        row.narrative = f"{NAME} came back."
        row.closed_at = row.anonymised_at + timedelta(days=30)
    [again] = services.retention.plan(admin, later)
    assert (again.case_id, again.expiry) == (case_id, Expiry(case=True))


def test_the_periods_count_from_closure_by_classification(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    admin = who["admin"]
    crime = closed_case(services, clock, who)
    incident = closed_case(services, clock, who, classification="non_crime_incident")
    today = clock.now.date()
    two_years = today.replace(year=today.year + 2)
    assert services.retention.plan(admin, two_years - timedelta(days=1)) == []
    # Two years: the non-crime case only (the crime waits ten).
    [planned] = services.retention.plan(admin, two_years)
    assert (planned.case_id, planned.expiry) == (incident, Expiry(case=True))
    # Three years: the crime case's attachment too.
    three = services.retention.plan(admin, today.replace(year=today.year + 3))
    assert {(c.case_id, c.expiry) for c in three} == {
        (incident, Expiry(case=True)), (crime, Expiry(attachments=True)),
    }  # fmt: skip
    run = services.retention.run(admin, today.replace(year=today.year + 3), dry_run=False)
    assert run.counts() == {"cases": 2, "skipped": 0, "case": 1, "referrals": 0, "attachments": 1}
    _version, dump, content = stored(services, crime)
    assert NAME in dump  # the crime case keeps its content, its photo is gone
    assert content == b""


def test_a_dry_run_changes_nothing_but_is_audited(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    case_id = closed_case(services, clock, who)
    before = stored(services, case_id)
    later = clock.now.date() + timedelta(days=20 * 366)
    run = services.retention.run(who["admin"], later, dry_run=True)
    assert [(c.reference, c.expiry.parts(), c.done) for c in run.cases] == [
        (run.cases[0].reference, ("case",), False)
    ]
    assert run.counts()["cases"] == 1
    assert stored(services, case_id) == before  # version, every byte of the record, the photo
    assert events(services, "anonymise") == []
    [audited] = events(services, "retention_run")
    assert json.loads(audited.details)["dry_run"] is True


def test_a_case_changed_since_the_plan_is_left_for_the_next_run(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    admin = who["admin"]
    case_id = closed_case(services, clock, who)
    later = clock.now.date() + timedelta(days=20 * 366)
    [planned] = services.retention.plan(admin, later)
    services.cases.apply(who["boss"], case_id, planned.version, Action.REOPEN, "New witness")
    with pytest.raises(NotAllowed):  # reopened: no longer closed
        services.cases.apply(
            admin, case_id, planned.version + 1, Action.ANONYMISE, Decision(expiry=planned.expiry)
        )
    assert services.retention.run(admin, later, dry_run=False).cases == ()


@pytest.mark.parametrize("role", ["officer", "boss", "dpo"])
def test_every_other_role_is_refused_with_nothing_changed_and_audited(
    services: Services, who: dict[str, Actor], clock: Clock, role: str
) -> None:
    case_id = closed_case(services, clock, who)
    before = stored(services, case_id)
    later = clock.now.date() + timedelta(days=20 * 366)
    with pytest.raises(PermissionDenied):
        services.retention.run(who[role], later, dry_run=False)
    with pytest.raises(PermissionDenied):
        services.retention.plan(who[role], later)
    # Nor through the case's own path (the data-protection officer does not even see the case).
    with pytest.raises(PermissionDenied if role == "dpo" else NotAllowed) as refusal:
        services.cases.apply(
            who[role], case_id, before[0], Action.ANONYMISE, Decision(expiry=Expiry(case=True))
        )
    why = "role" if role == "dpo" else "role_may_not"
    if role != "dpo":
        assert [i.code for i in refusal.value.issues] == ["role_may_not"]  # type: ignore[attr-defined]
    assert stored(services, case_id) == before
    refusals = [json.loads(e.details) for e in events(services, "refused")]
    assert refusals == [
        {"call": "RetentionService.run", "why": "role"},
        {"call": "RetentionService.plan", "why": "role"},
        {"call": "CaseService.apply", "why": why},
    ]
    assert events(services, "retention_run") == events(services, "anonymise") == []


def test_a_deactivated_administrator_is_refused(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    case_id = closed_case(services, clock, who)
    before = stored(services, case_id)
    services.accounts.add_user(
        who["admin"], username="admin2", full_name="Second Admin", role=d.Role.ADMIN,
        password="a good password", station_code="LIS-01",
    )  # fmt: skip
    second = services.accounts.authenticate("admin2", "a good password")
    with services.backend.transaction() as session:
        session.execute(text("UPDATE users SET active = false WHERE username = 'admin2'"))
    with pytest.raises(SessionEnded):
        services.retention.run(second, clock.now.date() + timedelta(days=20 * 366), False)
    assert stored(services, case_id) == before
    assert [json.loads(e.details)["why"] for e in events(services, "refused")] == ["session_ended"]


def test_only_a_closed_case_may_be_anonymised_and_only_what_is_named(
    services: Services, who: dict[str, Actor], clock: Clock
) -> None:
    admin = who["admin"]
    draft = services.cases.create_draft(who["officer"])
    with pytest.raises(NotAllowed) as refusal:
        services.cases.apply(
            admin, draft.id, draft.version, Action.ANONYMISE, Decision(expiry=Expiry(case=True))
        )
    assert [i.code for i in refusal.value.issues] == ["not_in_this_state"]
    case_id = closed_case(services, clock, who)
    version = stored(services, case_id)[0]
    from app.services.errors import Refused  # noqa: PLC0415

    with pytest.raises(Refused):  # nothing named: nothing to do
        services.cases.apply(admin, case_id, version, Action.ANONYMISE, Decision())
    assert stored(services, case_id)[0] == version
    with services.backend.reading() as session:
        assert session.scalar(select(Case.anonymised_at).where(Case.id == case_id)) is None
        assert session.scalar(select(AttachmentRow.content)) == PHOTO
