"""The consent receipt: which data to which recipient for what purpose, and how to withdraw."""

from __future__ import annotations

from dataclasses import replace

from app.documents import consent
from tests.documents import samples
from tests.documents.reading import NO_CATALOG, text_of


def test_every_decision_with_its_recipient_purpose_and_data() -> None:
    text = text_of(consent.render(samples.consent_data(), NO_CATALOG, "en"))
    apav = text.index("1. APAV Lisbon")
    shelter = text.index("2. Casa Abrigo")
    refusal = text.index("3. SOS Racismo")
    withdraw = text.index("How to withdraw your consent")
    assert apav < shelter < refusal < withdraw
    first = text[apav:shelter]
    assert "Your decision You agreed" in first
    assert "Purpose Referral to a support service" in first
    assert "Identity: name, date of birth or age" in first
    assert "Safe contact details, language and communication needs" in first
    assert "What happened" not in first
    assert "Special categories No" in first
    assert "Version consent-2026.1, in Punjabi" in first
    second = text[shelter:refusal]
    assert "What happened: when, where, the offence and the perceived motive" in second
    assert "Support needs, risk and urgency" in second
    assert "Special categories Yes: you agreed separately" in second
    third = text[refusal:withdraw]
    assert "Your decision You said no" in third
    assert "Purpose Contact with a civil-society organisation" in third
    assert "Data that may be sent" not in third
    assert "You can withdraw your consent at any time" in text[withdraw:]
    assert samples.REFERENCE in text
    assert samples.OFFICER.phone in text
    assert samples.STATION.phone in text


def test_a_withdrawn_consent_says_when() -> None:
    withdrawn = replace(samples.REFERRAL_CONSENT, withdrawn_at=samples.PRINTED)
    text = text_of(consent.render(samples.consent_data(consents=(withdrawn,)), NO_CATALOG, "en"))
    assert "Your decision Withdrawn on Mar 15, 2026" in text


def test_the_receipt_holds_no_data_values_of_the_person() -> None:
    text = text_of(consent.render(samples.consent_data(), NO_CATALOG, "en"))
    for secret in (samples.SAFE_PHONE, samples.SECRET_RELIGION, samples.SECRET_HOME_ADDRESS):
        assert secret not in text
