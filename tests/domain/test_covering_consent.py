"""The one rule of which consent covers sharing with a recipient for a purpose (a referral, a
civil-society contact, feedback to the police): `consent_gap` and `covering_consent`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.case import (
    Consent,
    ConsentGap,
    ConsentMethod,
    ConsentPurpose,
    consent_gap,
    covering_consent,
)

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
SERVICE = "Victim Support Lisbon"
REFERRAL = ConsentPurpose.REFERRAL


def consent(key: str = "C1", **changes: object) -> Consent:
    given_consent = Consent(
        key=key,
        person_key="P1",
        recipient=SERVICE,
        purpose=REFERRAL,
        granted=True,
        method=ConsentMethod.ORAL,
        recorded_at=NOW,
        recorded_by="officer",
    )
    return replace(given_consent, **changes)  # type: ignore[arg-type]


def test_a_granted_consent_in_force_for_this_recipient_and_purpose_covers() -> None:
    given_consent = consent()
    consents = [consent("C0", recipient="Other service"), given_consent]
    assert consent_gap(consents, "C1", SERVICE, REFERRAL) is None
    assert covering_consent(consents, "C1", SERVICE, REFERRAL) is given_consent


@pytest.mark.parametrize(
    ("consents", "key", "gap"),
    [
        pytest.param([consent(granted=False)], "C1", ConsentGap.REFUSED, id="refused"),
        pytest.param([consent(withdrawn_at=NOW)], "C1", ConsentGap.WITHDRAWN, id="withdrawn"),
        pytest.param(
            [consent(recipient="Migrant Support Centre")],
            "C1",
            ConsentGap.OTHER_RECIPIENT,
            id="another recipient",
        ),
        pytest.param(
            [consent(purpose=ConsentPurpose.FEEDBACK_TO_POLICE)],
            "C1",
            ConsentGap.OTHER_PURPOSE,
            id="another purpose",
        ),
        pytest.param([consent()], None, ConsentGap.NO_CONSENT, id="no key"),
        pytest.param([consent()], "C9", ConsentGap.UNKNOWN, id="no consent of that key"),
        pytest.param([], "C1", ConsentGap.UNKNOWN, id="no consents at all"),
    ],
)
def test_each_reason_a_consent_does_not_cover(
    consents: list[Consent], key: str | None, gap: ConsentGap
) -> None:
    assert consent_gap(consents, key, SERVICE, REFERRAL) is gap
    assert covering_consent(consents, key, SERVICE, REFERRAL) is None


def test_the_consent_is_judged_by_its_key_not_by_another_that_would_cover() -> None:
    # A covering consent of another key does not make up for the one the referral names.
    consents = [consent("C1", granted=False), consent("C2")]
    assert consent_gap(consents, "C1", SERVICE, REFERRAL) is ConsentGap.REFUSED
    assert covering_consent(consents, "C1", SERVICE, REFERRAL) is None


def test_the_first_reason_is_given_refused_before_withdrawn_before_recipient_and_purpose() -> None:
    everything_wrong = consent(
        granted=False,
        withdrawn_at=NOW,
        recipient="Migrant Support Centre",
        purpose=ConsentPurpose.CIVIL_SOCIETY_CONTACT,
    )
    assert consent_gap([everything_wrong], "C1", SERVICE, REFERRAL) is ConsentGap.REFUSED
    in_force_elsewhere = replace(everything_wrong, granted=True, withdrawn_at=None)
    assert consent_gap([in_force_elsewhere], "C1", SERVICE, REFERRAL) is ConsentGap.OTHER_RECIPIENT


@given(
    granted=st.booleans(),
    withdrawn=st.booleans(),
    recipient=st.sampled_from([SERVICE, "Migrant Support Centre", ""]),
    purpose=st.sampled_from(list(ConsentPurpose)),
    key=st.sampled_from([None, "C1", "C2"]),
)
def test_a_consent_covers_exactly_when_there_is_no_gap(
    granted: bool, withdrawn: bool, recipient: str, purpose: ConsentPurpose, key: str | None
) -> None:
    consents = [
        consent(
            granted=granted,
            withdrawn_at=NOW if withdrawn else None,
            recipient=recipient,
            purpose=purpose,
        )
    ]
    covering = covering_consent(consents, key, SERVICE, REFERRAL)
    assert (covering is None) == (consent_gap(consents, key, SERVICE, REFERRAL) is not None)
    covers = key == "C1" and granted and not withdrawn and recipient == SERVICE
    assert (covering is not None) == (covers and purpose is REFERRAL)
