"""Working on a case: saving drafts, conflicting saves, attachments, submission for review."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Connection, event, text
from sqlalchemy.pool import NullPool

from app.domain import case as d
from app.domain.languages import spoken
from app.services import Services
from app.services.cases import OpenedCase
from app.services.context import Actor
from app.services.errors import Conflict, NotAllowed, Refused
from app.storage.engine import READ_ONLY, make_engine
from tests.helpers import Clock


@pytest.fixture
def station(services: Services) -> dict[str, Actor]:
    return set_up_station(services)


def set_up_station(services: Services) -> dict[str, Actor]:
    admin = services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon Centre", username="admin",
        full_name="Rita Fonseca", password="a station passphrase",
    )  # fmt: skip
    people = {"officer": d.Role.OFFICER, "other": d.Role.OFFICER, "boss": d.Role.SUPERVISOR}
    for username, role in people.items():
        services.accounts.add_user(
            admin, username=username, full_name=username.title(), role=role,
            password="a good password", station_code="LIS-01",
        )  # fmt: skip
    actors = {u: services.accounts.authenticate(u, "a good password") for u in people}
    return {**actors, "admin": admin}


def complete(draft: d.CaseRecord, clock: Clock) -> d.CaseRecord:
    """Everything the EU baseline pack requires, for one victim who accepts a referral."""
    at = clock.now - timedelta(hours=2)
    consent = d.Consent(
        "C1", "P1", "Victim Support Lisbon", d.ConsentPurpose.REFERRAL, True,
        d.ConsentMethod.SIGNED, at, "officer",
    )  # fmt: skip
    return replace(
        draft,
        occurred_at=at,
        place="Rua do Benformoso 12",
        place_type="street",
        reporter_type=d.ReporterType.VICTIM,
        immediate_danger=False,
        narrative="Two men pushed the victim and shouted slurs about his origin.",
        offence_types=("assault",),
        motives=("racist_xenophobic",),
        classification="hate_crime",
        persons=(d.Person("P1", d.PersonRole.VICTIM, name="Kofi Mensah", languages=spoken("en")),),
        perceptions=(d.Perception(d.PerceptionSource.VICTIM, "Because I am black.", "P1"),),
        rights=(d.RightsInformation("P1", at, "officer", "en"),),
        assessments=(d.NeedsAssessment("P1", at, "officer", risk_level=d.RiskLevel.MEDIUM),),
        consents=(consent,),
        referrals=(
            d.Referral(
                "R1",
                "P1",
                "Victim Support Lisbon",
                d.ServiceKind.VICTIM_SUPPORT,
                at,
                "officer",
                consent_key="C1",
            ),
        ),
        coordination=(
            d.CoordinationEvent(d.CoordinationKind.PROSECUTOR, "Prosecutor", at, "officer"),
        ),
    )


def new_draft(services: Services, officer: Actor) -> OpenedCase:
    return services.cases.create_draft(officer)


def test_a_draft_saves_whatever_was_typed_and_reopens_where_it_was_left(
    services: Services, station: dict[str, Actor]
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    typed = replace(
        draft.record,
        place="Largo do Intendente",
        narrative="Half an account…",
        persons=(d.Person("P1", d.PersonRole.VICTIM, name="Amina Haddad", ethnicity="Moroccan"),),
    )
    saved = services.cases.save_draft(officer, draft.id, draft.version, typed, "incident")
    assert saved.version == draft.version + 1
    # The wizard reopens it for editing: with its special categories (app.domain.access).
    again = services.cases.open_for_editing(officer, draft.id, "Own case work")
    assert again.record == typed
    assert again.wizard_step == "incident"
    # Saving again (people replaced by the same keys) works and bumps the version once more.
    later = services.cases.save_draft(officer, draft.id, saved.version, typed, "rights")
    assert later.version == saved.version + 1
    assert services.cases.list_cases(officer, d.CaseQuery(text="intendente"))[0].id == draft.id


def test_a_save_over_someone_elses_newer_save_says_who_and_when(
    services: Services, station: dict[str, Actor], clock: Clock
) -> None:
    officer, boss = station["officer"], station["boss"]
    draft = new_draft(services, officer)
    clock.advance(minutes=3)
    services.cases.save_draft(boss, draft.id, draft.version, replace(draft.record, place="A"))
    with pytest.raises(Conflict) as conflict:
        services.cases.save_draft(
            officer, draft.id, draft.version, replace(draft.record, place="B")
        )
    assert conflict.value.changed_by == "Boss"
    assert conflict.value.changed_at == clock.now
    assert "Boss" in str(conflict.value)
    assert services.cases.open_case(officer, draft.id, "check").record.place == "A"


def test_only_the_officer_of_the_case_or_a_supervisor_changes_it(
    services: Services, station: dict[str, Actor]
) -> None:
    draft = new_draft(services, station["officer"])
    for who, why in (("other", "not_your_case"), ("admin", "role_may_not")):
        with pytest.raises(NotAllowed) as refused:
            services.cases.save_draft(station[who], draft.id, draft.version, draft.record)
        assert [i.code for i in refused.value.issues] == [why]
    boss = station["boss"]
    assert services.cases.save_draft(boss, draft.id, draft.version, draft.record).version == 2


def test_duplicate_person_keys_are_refused_and_nothing_changes(
    services: Services, station: dict[str, Actor]
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    twice = (d.Person("P1", d.PersonRole.VICTIM), d.Person("P1", d.PersonRole.WITNESS))
    with pytest.raises(Refused, match="persons: uses the key P1 twice"):
        services.cases.save_draft(
            officer, draft.id, draft.version, replace(draft.record, persons=twice)
        )
    assert services.cases.open_case(officer, draft.id, "check").version == draft.version


def test_an_incomplete_case_is_not_submitted_and_every_gap_is_named(
    services: Services, station: dict[str, Actor]
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    with pytest.raises(Refused) as refused:
        services.cases.submit(officer, draft.id, draft.version)
    fields = {issue.field for issue in refused.value.issues}
    assert {"persons", "occurred_at", "place", "narrative", "motives", "classification"} <= fields
    assert services.cases.open_case(officer, draft.id, "check").record.status is d.CaseStatus.DRAFT


def test_a_complete_case_goes_to_review_and_is_then_closed_to_edits(
    services: Services, station: dict[str, Actor], clock: Clock
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    submitted = services.cases.submit(officer, draft.id, saved.version)
    assert submitted.record.status is d.CaseStatus.SUBMITTED
    with pytest.raises(Refused, match="cannot be changed"):
        services.cases.save_draft(officer, draft.id, submitted.version, submitted.record)
    actions = [
        e.action for e in services.audit.entries(station["boss"], object_ref=draft.record.reference)
    ]
    assert actions[:3] == ["submit", "update", "create"]


def test_a_referral_not_covered_by_consent_blocks_submission(
    services: Services, station: dict[str, Actor], clock: Clock
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    record = complete(draft.record, clock)
    withdrawn = replace(record.consents[0], withdrawn_at=clock.now - timedelta(minutes=5))
    record = replace(record, consents=(withdrawn,))
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)  # a draft may
    with pytest.raises(Refused, match=r"referrals\[0\].consent_key: consent C1 was withdrawn"):
        services.cases.submit(officer, draft.id, saved.version)


def test_attachments_are_stored_with_their_hash_and_every_view_is_logged(
    services: Services, station: dict[str, Actor]
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    photo = b"\x89PNG graffiti on the wall"
    with_photo = services.cases.add_attachment(
        officer, draft.id, draft.version, filename="wall.png", media_type="image/png",
        content=photo, description="Graffiti",
    )  # fmt: skip
    (attachment,) = with_photo.record.attachments
    assert (attachment.sha256, attachment.size) == (hashlib.sha256(photo).hexdigest(), len(photo))
    assert attachment.content is None  # the case view does not carry the bytes
    # A later draft save keeps the attachment: the wizard does not send the bytes back.
    saved = services.cases.save_draft(officer, draft.id, with_photo.version, with_photo.record)
    assert len(saved.record.attachments) == 1
    assert services.cases.attachment_content(officer, draft.id, attachment.sha256, "check") == photo
    views = services.audit.entries(station["boss"], object_ref=draft.record.reference)
    assert ("view", "check") in [(e.action, e.reason) for e in views]
    with pytest.raises(Refused, match="is empty"):
        services.cases.add_attachment(
            officer, draft.id, saved.version, filename="x", media_type="text/plain", content=b""
        )
    removed = services.cases.remove_attachment(officer, draft.id, saved.version, 0)
    assert removed.record.attachments == ()


def waiting_for_a_lock(services: Services) -> Callable[[], bool]:
    """Whether another transaction of this database now waits for a lock (PostgreSQL)."""
    url = services.backend.engine.url.render_as_string(hide_password=False)
    engine = make_engine(url, poolclass=NullPool)  # nothing left open after the test
    sql = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )

    def waiting() -> bool:
        with engine.connect() as connection:
            return bool(connection.scalar(sql))

    return waiting


def until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the other transaction never got there"
        time.sleep(0.01)


def test_two_saves_racing_on_postgresql_the_second_is_told_who_saved_first(
    postgresql_services: Services, clock: Clock
) -> None:
    """The first save's transaction is still open when the second one, loaded at the same
    version, writes: READ COMMITTED lets the second see the old version, then wait for the row."""
    services = postgresql_services
    station = set_up_station(services)
    officer, boss = station["officer"], station["boss"]
    draft = new_draft(services, officer)
    clock.advance(minutes=3)
    outcome: dict[str, object] = {}

    def second_save() -> None:
        try:
            services.cases.save_draft(
                officer, draft.id, draft.version, replace(draft.record, place="B")
            )
        except Exception as error:  # the test looks at what came out
            outcome["error"] = error

    second = threading.Thread(target=second_save)
    waiting = waiting_for_a_lock(services)

    def before_commit(connection: Connection) -> None:
        # The first save has written and holds its locks: the second starts, loads the case at
        # the old version and waits for them; then the first commits. (Reads commit too: the
        # account check before every call; they hold no lock and are passed by.)
        if connection.get_execution_options().get(READ_ONLY):
            return
        if threading.current_thread() is threading.main_thread() and not second.is_alive():
            second.start()
            until(waiting)

    event.listen(services.backend.engine, "commit", before_commit)
    try:
        services.cases.save_draft(boss, draft.id, draft.version, replace(draft.record, place="A"))
    finally:
        event.remove(services.backend.engine, "commit", before_commit)
    second.join(10)
    conflict = outcome.get("error")
    assert isinstance(conflict, Conflict), repr(conflict)
    assert (conflict.changed_by, conflict.changed_at) == ("Boss", clock.now)
    assert services.cases.open_case(officer, draft.id, "check").record.place == "A"


def test_removing_an_attachment_removes_that_one_only(
    services: Services, station: dict[str, Actor], clock: Clock
) -> None:
    officer = station["officer"]
    opened = new_draft(services, officer)
    photo = b"\x89PNG the same photo twice"
    for name in ("first.png", "second.png", "third.png"):
        opened = services.cases.add_attachment(
            officer, opened.id, opened.version, filename=name, media_type="image/png",
            content=photo if name != "third.png" else b"another",
        )  # fmt: skip
        clock.advance(seconds=1)
    removed = services.cases.remove_attachment(officer, opened.id, opened.version, 1)
    assert [a.filename for a in removed.record.attachments] == ["first.png", "third.png"]
    reopened = services.cases.open_case(officer, opened.id, "check")
    assert [a.filename for a in reopened.record.attachments] == ["first.png", "third.png"]
    assert (
        services.cases.attachment_content(
            officer, opened.id, reopened.record.attachments[0].sha256, "check"
        )
        == photo
    )
    with pytest.raises(Refused, match=r"^attachments\[2\]: is missing$"):
        services.cases.remove_attachment(officer, opened.id, removed.version, 2)
    with pytest.raises(Refused):
        services.cases.remove_attachment(officer, opened.id, removed.version, -1)
    # The version guards the place: a stale copy cannot remove the wrong file.
    with pytest.raises(Conflict):
        services.cases.remove_attachment(officer, opened.id, opened.version, 0)
    detached = [e for e in services.audit.entries(station["boss"], opened.record.reference)
                if e.action == "detach"]  # fmt: skip
    assert len(detached) == 1


def test_an_attachment_keeps_a_safe_name_only(
    services: Services, station: dict[str, Actor]
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    opened = services.cases.add_attachment(
        officer, draft.id, draft.version, filename="C:\\fotos\\x\u202egnp.exe",
        media_type="application/octet-stream", content=b"MZ",
    )  # fmt: skip
    assert [a.filename for a in opened.record.attachments] == ["xgnp.exe"]
    with pytest.raises(Refused, match=r"^attachments: file is empty$"):
        services.cases.add_attachment(
            officer, draft.id, opened.version, filename="../\x00", media_type="text/plain",
            content=b"",
        )  # fmt: skip


def test_a_draft_with_text_the_database_cannot_hold_is_refused_and_nothing_changes(
    services: Services, station: dict[str, Actor]
) -> None:
    officer = station["officer"]
    draft = new_draft(services, officer)
    typed = replace(draft.record, place="a\x00b", motives=("antisemitic", "antisemitic"))
    with pytest.raises(Refused) as refused:
        services.cases.save_draft(officer, draft.id, draft.version, typed)
    assert sorted(i.field for i in refused.value.issues) == ["motives", "place"]
    assert services.cases.open_case(officer, draft.id, "check").version == draft.version


def test_migration_0009_keeps_an_old_records_language_as_the_preferred_one(
    services: Services, station: dict[str, Actor]
) -> None:
    from alembic import command  # noqa: PLC0415

    from app.domain.languages import SpokenLanguage  # noqa: PLC0415
    from app.storage import migrate  # noqa: PLC0415

    officer = station["officer"]
    draft = new_draft(services, officer)
    persons = (
        d.Person("P1", d.PersonRole.VICTIM, name="Kofi Mensah", languages=spoken("rom", "ro")),
        d.Person("P2", d.PersonRole.WITNESS, name="Marta Lopes"),
    )
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, replace(draft.record, persons=persons)
    )
    engine = services.backend.engine

    def alembic(action: Callable[..., None], revision: str) -> None:
        config = migrate.alembic_config(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, revision)

    try:
        alembic(command.downgrade, "0007")  # a database of before: one language a person
        with engine.begin() as connection:
            rows = connection.execute(text("SELECT key, language FROM persons ORDER BY key"))
            assert rows.all() == [("P1", "rom"), ("P2", "")]
            connection.execute(text("UPDATE persons SET language = 'fse' WHERE key = 'P1'"))
    finally:
        alembic(command.upgrade, "head")
    reopened = services.cases.open_case(officer, saved.id, "test")
    assert [p.languages for p in reopened.record.persons] == [
        (SpokenLanguage("fse", reads=True, preferred=True),),
        (),
    ]
    assert reopened.record.persons[0].language == "fse"
