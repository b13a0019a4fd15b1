"""Through the services, on both engines: an anonymised civil-society contact needs no consent,
one that shares identities does; the referral sheet and the consent receipt name each regime and
say "not asked" where feedback to the police was not asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain import case as d
from app.services import Services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.errors import Refused
from tests.documents.reading import plain, text_of
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station


@pytest.fixture
def station(services: Services) -> dict[str, Actor]:
    return set_up_station(services)


def contact(clock: Clock, *, anonymised: bool) -> d.CoordinationEvent:
    return d.CoordinationEvent(
        d.CoordinationKind.CIVIL_SOCIETY, "Migrant Support Centre", clock.now - timedelta(hours=1),
        "officer", content="What happened at the tram stop, no names", anonymised=anonymised,
    )  # fmt: skip


@pytest.mark.parametrize("anonymised", [True, False])
def test_an_anonymised_contact_needs_no_consent_and_one_sharing_identities_does(
    services: Services, station: dict[str, Actor], clock: Clock, anonymised: bool
) -> None:
    officer = station["officer"]
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    record = replace(
        record, coordination=(*record.coordination, contact(clock, anonymised=anonymised))
    )
    saved = services.cases.save_draft(officer, draft.id, draft.version, record)
    assert services.cases.open_case(officer, draft.id, "check").record == record  # stored as is
    if anonymised:
        submitted = services.cases.submit(officer, draft.id, saved.version)
        assert submitted.record.status is d.CaseStatus.SUBMITTED
    else:
        with pytest.raises(Refused) as refused:
            services.cases.submit(officer, draft.id, saved.version)
        assert [(i.code, i.field) for i in refused.value.issues] == [
            ("without_consent", "coordination[1].consent_key")
        ]


def print_both(services: Services, officer: Actor, reference: str) -> tuple[str, str]:
    pdfs: dict[str, bytes] = {}

    def into(name: str) -> Delivery:
        return Delivery("file", lambda pdf: pdfs.setdefault(name, pdf))

    services.documents.referral_sheet(
        officer, reference, "en", delivery=into("referral"), reason="for the victim"
    )
    services.documents.consent_receipt(
        officer, reference, "en", delivery=into("receipt"), reason="for the victim"
    )
    return plain(text_of(pdfs["referral"])), plain(text_of(pdfs["receipt"]))


def test_the_printouts_name_each_regime_and_say_feedback_was_not_asked(
    services: Services, station: dict[str, Actor], clock: Clock
) -> None:
    officer = station["officer"]
    draft = services.cases.create_draft(officer)
    record = complete(draft.record, clock)
    services.cases.save_draft(officer, draft.id, draft.version, record)
    sheet, receipt = print_both(services, officer, record.reference)
    # The police under the LED, the service under the GDPR on consent.
    for text in (sheet, receipt):
        assert "Directive (EU) 2016/680" in text
        assert "GDPR (Regulation (EU) 2016/679" in text
        assert "Art. 6(1)(a)" in text
        assert "Art. 9(2)(a)" in text
    assert "Not asked: the person was not asked." in sheet
    assert "Not agreed" not in sheet
    # Asked, and refused: the sheet says so.
    refused = d.Consent(
        "C2", "P1", "Victim Support Lisbon", d.ConsentPurpose.FEEDBACK_TO_POLICE, False,
        d.ConsentMethod.SIGN_LANGUAGE, clock.now - timedelta(hours=2), "officer",
    )  # fmt: skip
    opened = services.cases.open_case(officer, draft.id, "check")
    services.cases.save_draft(
        officer, draft.id, opened.version, replace(record, consents=(*record.consents, refused))
    )
    sheet, receipt = print_both(services, officer, record.reference)
    assert "Not agreed: do not report back to the police about this person." in sheet
    assert "(in sign language)" in receipt


def test_contacts_saved_before_the_anonymised_flag_open_as_they_were(
    services: Services, station: dict[str, Actor], clock: Clock
) -> None:
    """Migration 0010: a contact the wizard recorded as anonymised facts (a case without a victim)
    stays anonymised; any other shared identities, as the rule then assumed."""
    from alembic import command  # noqa: PLC0415

    from tests.storage.test_migrations import run_alembic  # noqa: PLC0415

    officer = station["officer"]
    draft = services.cases.create_draft(officer)
    at = clock.now - timedelta(hours=1)
    events = (
        d.CoordinationEvent(
            d.CoordinationKind.CIVIL_SOCIETY, "Jewish Community", at, "officer",
            basis="Anonymised facts for community reassurance", anonymised=True,
        ),
        d.CoordinationEvent(
            d.CoordinationKind.CIVIL_SOCIETY, "Migrant Support Centre", at, "officer",
            basis="Consent of the victim", consent_key="C9",
        ),
    )  # fmt: skip
    services.cases.save_draft(
        officer, draft.id, draft.version, replace(draft.record, coordination=events)
    )
    engine = services.backend.engine
    try:
        run_alembic(engine, command.downgrade, "0007")
    finally:
        run_alembic(engine, command.upgrade, "head")
    again = services.cases.open_case(officer, draft.id, "check").record
    assert [e.anonymised for e in again.coordination] == [True, False]
    assert again.coordination == events
