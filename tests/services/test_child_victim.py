"""A child victim's case through the services: refused at submission without a guardian, with
the reason; and a guardian typed as free text before migration 0008 kept as a guardian person."""

from __future__ import annotations

from dataclasses import replace

import pytest
from alembic import command

from app.domain import case as d
from app.domain.languages import spoken
from app.services import Services
from app.services.errors import Refused
from app.storage import migrate
from tests.documents.reading import plain, text_of
from tests.helpers import Clock, delivered
from tests.services.test_cases import sign_in
from tests.services.test_drafts import complete

CHILD = d.Person(
    "P1", d.PersonRole.VICTIM, name="Leila", age_band="under 18", languages=spoken("ar")
)
GUARDIAN = d.Person(
    "P2", d.PersonRole.GUARDIAN, name="Amina Haddad", relation=d.GuardianRelation.PARENT,
    phone="+351 910 000 000", languages=spoken("ar"), guardian_of="P1",
)  # fmt: skip


def test_a_child_case_without_a_guardian_is_refused_at_submission(
    services: Services, clock: Clock
) -> None:
    services.demo.fill(0)
    officer = sign_in(services, "officer")
    draft = services.cases.create_draft(officer)
    record = replace(complete(draft.record, clock), persons=(CHILD,))
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    with pytest.raises(Refused) as refused:
        services.cases.submit(officer, draft.id, saved.version)
    reasons = [(i.code, i.field, i.params.get("person")) for i in refused.value.issues]
    assert ("required", "guardian", "P1") in reasons
    assert ("required", "consent_guardian", "P1") in reasons  # the child's own consent
    # With the guardian, who gave the consent, it goes through.
    consent = replace(record.consents[0], guardian_key="P2", child_views="Wants help at school.")
    fixed = replace(record, persons=(CHILD, GUARDIAN), consents=(consent,))
    saved = services.cases.save_draft(officer, draft.id, saved.version, fixed)
    done = services.cases.submit(officer, draft.id, saved.version)
    assert done.record.status is d.CaseStatus.SUBMITTED
    assert done.record.consents[0].guardian_key == "P2"
    assert done.record.persons[1] == GUARDIAN


def run_alembic(services: Services, action: object, revision: str) -> None:
    engine = services.backend.engine
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        action(config, revision)  # type: ignore[operator]


def test_the_migration_keeps_a_guardian_typed_as_text(services: Services, clock: Clock) -> None:
    services.demo.fill(0)
    officer = sign_in(services, "officer")
    draft = services.cases.create_draft(officer)
    # As the wizard stored it before: a tick and a free text; a perception names P3, so P3 is
    # taken even though no person has it any more.
    old = replace(CHILD, age_band="", is_minor=True, guardian="Amina Haddad, mother, 910 000 000")
    witness = d.Person("P2", d.PersonRole.WITNESS, name="Rui")
    perception = d.Perception(d.PerceptionSource.OTHER, "They laughed.", "P3")
    record = replace(draft.record, persons=(old, witness), perceptions=(perception,))
    services.cases.save_draft(officer, draft.id, draft.version, record)
    try:
        run_alembic(services, command.downgrade, "0007")
        run_alembic(services, command.upgrade, "head")
    finally:  # other tests share the PostgreSQL database: leave it migrated
        run_alembic(services, command.upgrade, "head")
    persons = services.cases.open_case(officer, draft.id, "test").record.persons
    assert [p.key for p in persons] == ["P1", "P2", "P4"]
    assert persons[0] == replace(old, guardian="")  # moved, not kept twice
    assert persons[2] == d.Person(
        "P4", d.PersonRole.GUARDIAN, name="Amina Haddad, mother, 910 000 000", guardian_of="P1"
    )


def test_the_leaflet_is_printed_for_the_guardian_about_the_child(
    sqlite_services: Services, clock: Clock
) -> None:
    services = sqlite_services
    services.demo.fill(0)
    officer = sign_in(services, "officer")
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    witness = d.Person("P3", d.PersonRole.WITNESS, name="Rui")
    record = replace(record, persons=(CHILD, GUARDIAN, witness))
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    reference = saved.record.reference
    pdf = delivered(
        services.documents.leaflet,
        officer,
        "en",
        reference,
        person_key="P2",
        reason="Victim's copy",
    )
    # The services chosen with the child are on the guardian's copy.
    assert "Victim Support Lisbon" in plain(text_of(pdf))
    with pytest.raises(Refused):  # a witness is no reader of the victim's leaflet
        delivered(services.documents.leaflet, officer, "en", reference, person_key="P3", reason="x")
