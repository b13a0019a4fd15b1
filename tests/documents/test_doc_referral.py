"""The referral sheet: three copies, and each holds only what it may."""

from __future__ import annotations

from dataclasses import replace

from app.documents import referral
from tests.documents import samples
from tests.documents.reading import NO_CATALOG, copies, pages, plain, text_of, translations

NEVER_PRINTED = (
    samples.SECRET_SHELTER_ADDRESS,
    samples.SECRET_HOME_ADDRESS,
    samples.SECRET_PRIVATE_PHONE,
)


def test_three_copies_with_the_referral_the_police_and_the_service() -> None:
    pdf = referral.render(samples.referral_data(), NO_CATALOG, "en")
    found = copies(pdf)
    assert list(found) == ["service", "victim", "file"]
    for text in found.values():
        assert "LIS-01-2026-000042/R1" in text  # the referral number
        assert "Ana Ribeiro, badge PSP-4411" in text
        assert samples.OFFICER.phone in text
        assert samples.STATION.phone in text
        assert samples.STATION.address in text
        assert samples.APAV.phone in text
        assert samples.APAV.opening_hours in text
        assert "Within 48 hours" in text or "within two days" in text
    service = found["service"]
    assert "Harpreet Singh agreed on Mar 14, 2026" in service
    assert "(signed)" in service
    assert "Referring officer Date Support service Date" in service  # the signature lines
    assert "☐ Accepted ☐ Declined" in service
    assert "Version consent-2026.1, in Punjabi" in service


def test_the_service_copy_holds_only_what_the_consent_covers() -> None:
    # Consent C1 covers identity and safe contact: not the incident, not the needs, no special
    # categories.
    found = copies(referral.render(samples.referral_data(), NO_CATALOG, "en"))
    service = found["service"]
    assert samples.VICTIM.name in service
    assert samples.SAFE_PHONE in service
    assert "Weekdays after 18:00" in service
    assert "Not sent: the consent does not cover the incident." in service
    assert "Not sent: the consent does not cover the person's needs." in service
    for absent in (
        samples.NARRATIVE,
        "Tram stop",
        "Assault or injury",
        "Racist or xenophobic",
        "Emotional support",
        "Legal advice or legal aid",
        "High",
        samples.SECRET_RELIGION,
        samples.SECRET_HEALTH,
        *NEVER_PRINTED,
    ):
        assert absent not in service, absent
    assert found["file"].count(samples.SAFE_PHONE) == 1


def test_without_the_identity_in_the_consent_the_person_is_not_named() -> None:
    consent = replace(samples.REFERRAL_CONSENT, data_scope=("contact",))
    pdf = referral.render(samples.referral_data(consent=consent), NO_CATALOG, "en")
    service = copies(pdf)["service"]
    assert samples.VICTIM.name not in service
    assert "1990" not in service  # the date of birth
    assert "The person referred agreed on" in service
    assert samples.SAFE_PHONE in service


def test_a_full_consent_sends_the_incident_needs_and_special_categories() -> None:
    data = samples.referral_data(samples.SHELTER_REFERRAL)
    service = copies(referral.render(data, NO_CATALOG, "en"))["service"]
    assert samples.NARRATIVE in service
    assert "Assault or injury" in service
    assert "Threats" in service
    assert "Racist or xenophobic" in service
    assert "Housing or shelter" in service
    assert "Safety and protection" in service
    assert "Same day" in service
    assert "Risk level High" in service
    assert "Offender knows where the victim lives" in service  # a circumstance
    assert "Health problem" not in service  # a personal factor: not for the service
    assert "Prosecutor: Lisbon hate-crime prosecutor" in service
    assert "Special categories (sent with separate consent)" in service
    assert samples.SECRET_RELIGION in service
    assert samples.SECRET_HEALTH in service


def test_a_confidential_service_address_is_never_printed() -> None:
    data = samples.referral_data(samples.SHELTER_REFERRAL)
    text = text_of(referral.render(data, NO_CATALOG, "en"))
    assert samples.SHELTER.name in text
    assert samples.SHELTER.phone in text
    assert "Not printed (confidential)" in text
    for secret in NEVER_PRINTED:
        assert secret not in text


def test_the_victim_copy_names_what_was_sent_without_repeating_it() -> None:
    found = copies(referral.render(samples.referral_data(), NO_CATALOG, "en"))
    victim = found["victim"]
    assert "Identity: name, date of birth or age" in victim
    assert "Safe contact details, language and communication needs" in victim
    assert "We sent no special categories" in victim
    assert "You can withdraw your consent at any time" in victim
    assert "The service will try to contact you within two days." in victim
    assert "I received this copy" in victim
    for absent in (samples.SAFE_PHONE, samples.NARRATIVE, samples.SECRET_RELIGION):
        assert absent not in victim
    assert "Confidential: personal data" not in victim


def test_the_file_copy_adds_the_referral_record() -> None:
    found = copies(referral.render(samples.referral_data(), NO_CATALOG, "en"))
    assert "For the case file" in found["file"]
    assert "Status of the referral Proposed" in found["file"]
    assert "For the case file" not in found["service"]


def test_the_victim_copy_is_in_the_victims_language_the_others_in_theirs() -> None:
    victim_language = translations(
        "ar",
        {
            "Copy for the person referred": "نسخة الشخص المحال",
            "Referral to a support service": "إحالة إلى خدمة دعم",
        },
    )
    pdf = referral.render(
        samples.referral_data(),
        victim_language,
        "ar",
        copy_languages={"service": (NO_CATALOG, "en"), "file": (NO_CATALOG, "en")},
    )
    texts = [plain(page) for page in pages(pdf)]
    victim = [text for text in texts if "نسخة الشخص المحال" in text]
    office = [text for text in texts if text not in victim]
    assert victim
    assert "إحالة إلى خدمة دعم" in victim[0]
    assert office
    for text in office:
        assert "Copy for the support service" in text or "Copy for the case file" in text
        assert not any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def test_the_interpreter_line_names_the_language_in_the_document_language() -> None:
    from app.documents import document_translations, prosecutor  # noqa: PLC0415
    from app.domain.languages import SpokenLanguage  # noqa: PLC0415

    victim = replace(
        samples.VICTIM,
        languages=(SpokenLanguage("rom", reads=False, preferred=True), SpokenLanguage("ro")),
        interpreter_language="rom",
    )
    sheet = text_of(
        referral.render(
            samples.referral_data(victim=victim),
            document_translations("bg"),
            "bg",
            copy_languages={
                "service": (document_translations("bg"), "bg"),
                "file": (document_translations("bg"), "bg"),
            },
        )
    )
    assert "Да, за ромски" in sheet  # "Yes, for Romani"
    assert " rom" not in sheet
    signer = replace(samples.VICTIM, languages=(SpokenLanguage("fse"),), interpreter_language="fse")
    english = text_of(referral.render(samples.referral_data(victim=signer), NO_CATALOG, "en"))
    assert "Yes, for Finnish Sign Language" in english
    report = text_of(
        prosecutor.render(
            replace(samples.prosecutor_data(), case=replace(samples.CASE, persons=(signer,))),
            NO_CATALOG,
            "en",
        )
    )
    assert "Finnish Sign Language, interpreter needed" in report
