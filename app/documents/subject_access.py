"""The answer to a request of access (LED Art. 14), for the data-protection officer to hand to the
person: everything the police hold about them in each case, and to whom it was sent or given.
Nothing of the other persons of a case is printed, only that they are recorded, by their role."""

from __future__ import annotations

import gettext
from enum import StrEnum

from app.documents import CONSENT, LEAFLET, PROSECUTOR, REFERRAL, labels
from app.documents.consent import _rows as consent_rows
from app.documents.layout import Printout
from app.documents.parts import station_rows
from app.documents.subject_access_data import (
    COORDINATION,
    EXPORT,
    Disclosure,
    SubjectAccessData,
    SubjectCase,
)
from app.documents.text import D_, Words
from app.domain.case import SPECIAL_CATEGORY_FIELDS, Person, SharedData

TITLE = D_("Your personal data held by the police")
SHARED_DATA: dict[StrEnum, str] = {
    SharedData.REPORT: D_("Report to the prosecutor"),
    SharedData.INDICATOR_ANNEX: D_("Annex: bias indicators"),
    SharedData.RIGHTS_NOTE: D_("That you were told your rights"),
    SharedData.REFERRAL_SHEET: D_("Referral to a support service"),
    SharedData.CASE_FILE: D_("The whole case file"),
    SharedData.ANONYMISED_FACTS: D_("Anonymised facts"),
    SharedData.VICTIM_IDENTITY: D_("Identity: name, date of birth or age"),
    SharedData.VICTIM_CONTACT: D_("Safe contact details, language and communication needs"),
    SharedData.SPECIAL_CATEGORIES: labels.SPECIAL_CATEGORIES,
    SharedData.EVIDENCE: D_("Evidence secured"),
    SharedData.ATTACHMENTS: D_("Attached files"),
}
# A printout of the case, by the name the audit trail gives it.
DOCUMENT: dict[str, str] = {
    LEAFLET: D_("Your rights as a victim"),
    REFERRAL: D_("Referral to a support service"),
    PROSECUTOR: D_("Report to the prosecutor"),
    CONSENT: D_("Your consent: receipt"),
}
# Where a print or an export went: it names no recipient, the reason says why.
DESTINATION = {
    ("print", "printer"): D_("Printed on paper"),
    ("print", "file"): D_("Saved as a file"),
    ("export", "file"): D_("Exported as a file"),
}


def render(data: SubjectAccessData, translations: gettext.NullTranslations, locale: str) -> bytes:
    tr = Words(translations, locale)
    controllers = data.controllers
    doc = Printout(
        tr,
        title=tr(TITLE),
        station=", ".join(c.name for c in controllers),
        printed_at=data.printed_at,
        demo=data.demo,
    )
    doc.title(tr(TITLE), tr("Answer to a request of access (Directive (EU) 2016/680, Art. 14)"))
    doc.text(
        tr(
            "This answer lists everything the police hold about you in the cases below, and to"
            " whom it was sent or given. What the cases hold about other people is not shown:"
            " only that they are recorded, and in which role."
        )
    )
    doc.fields(
        [
            (tr("Date"), tr.when(data.printed_at)),
            (tr("Request reference"), data.reason),
            (tr("Answered by"), data.answered_by),
        ]
    )
    for station in controllers:
        doc.subheading(tr("Controller"))
        doc.fields(station_rows(tr, station))
    if not data.cases:
        doc.text(tr("None recorded."))
    for case in data.cases:
        _case(doc, tr, case)
    return doc.pdf()


def _case(doc: Printout, tr: Words, case: SubjectCase) -> None:
    record, person = case.record, case.person
    doc.heading(tr.fill(tr("Case {reference}"), reference=record.reference))
    others = [f"{tr.label(labels.PERSON_ROLE, role)} ({n})" for role, n in case.others]
    doc.fields(
        [
            (tr("Police station"), case.station.name),
            (tr("Your role in the case"), tr.label(labels.PERSON_ROLE, person.role)),
            (tr("When it happened"), tr.when(record.occurred_at)),
            (tr("Where"), record.place),
            (tr("Offence"), tr.items(case.pack, "offence_types", record.offence_types)),
            (tr("Bias motive (assessment)"), tr.items(case.pack, "motives", record.motives)),
            (tr("Other persons recorded"), "\n".join(others)),
        ]
    )  # fmt: skip
    doc.subheading(tr("Your personal data"))
    doc.fields(_person_rows(tr, person), skip_empty=True)
    if case.perceptions:
        doc.subheading(tr("Perceived bias motive"))
        doc.bullets(p.text for p in case.perceptions)
    for assessment in case.assessments:
        doc.subheading(tr("Needs"))
        doc.fields(
            [
                (tr("Assessed on"), tr.when(assessment.assessed_at)),
                (tr("Risk level"), tr.label(labels.RISK_LEVEL, assessment.risk_level)),
                (tr("Protection needs"), tr.yes_no(assessment.protection_needs)),
            ]
        )
    if case.consents:
        doc.subheading(tr("Your decisions"))
        for consent in case.consents:
            doc.fields([(tr("Recipient"), consent.recipient), *consent_rows(tr, consent)])
    for referral in case.referrals:
        doc.subheading(tr("Referral to a support service"))
        doc.fields(
            [
                (tr("Referred to"), referral.service_name),
                (tr("Type of service"), tr.label(labels.SERVICE_KIND, referral.service_kind)),
                (tr("Status of the referral"), tr.label(labels.REFERRAL_STATUS, referral.status)),
                (tr("Date sent"), tr.when(referral.sent_at)),
            ]
        )
    doc.subheading(tr("Who received your data"))
    if not case.disclosures:
        doc.text(tr("None recorded."))
        return
    doc.grid(
        [tr("When"), tr("Recipient"), tr("What"), tr("By"), tr("Consent or reason")],
        [_disclosure(tr, d) for d in case.disclosures],
        [0.17, 0.23, 0.26, 0.16, 0.18],
    )


def _person_rows(tr: Words, person: Person) -> list[tuple[str, str]]:
    """Every field of the person's record: the person is entitled to all of it, the special
    categories included."""
    message_ok = "" if person.message_ok is None else tr.yes_no(person.message_ok)
    rows = [
        (tr("Name"), person.name),
        (tr("Alias"), person.alias),
        (tr("Date of birth"), tr.day(person.date_of_birth)),
        (tr("Age"), person.age_band),
        (tr("Minor"), tr.yes_no(True) if person.is_minor else ""),
        (tr("Gender"), person.gender),
        (tr("Address"), person.address),
        (tr("Phone"), person.phone),
        (tr("E-mail"), person.email),
        (tr("Description"), person.description),
        (tr("Languages spoken"), tr.join(tr.language(s.code) for s in person.languages)),
        (tr("Interpreter needed"), tr.yes_no(True) if person.interpreter_needed else ""),
        (tr("Accessibility needs"), person.accessibility_needs),
        (tr("Safe phone"), person.safe_phone),
        (tr("Safe times to call"), person.safe_times),
        (tr("A message may be left"), message_ok),
        (tr("Safe e-mail"), person.safe_email),
        (tr("Preferred way of contact"), person.preferred_channel),
        (tr("Do not contact by"), person.do_not_contact_via),
    ]
    rows += [
        (tr(labels.SPECIAL_FIELD[name]), getattr(person, name))
        for name in sorted(SPECIAL_CATEGORY_FIELDS)
    ]
    return rows


def _disclosure(tr: Words, disclosure: Disclosure) -> list[str]:
    if disclosure.how == COORDINATION:
        to = disclosure.recipient
        what = "\n".join(tr.label(SHARED_DATA, SharedData(code)) for code in disclosure.what)
    else:
        place = DESTINATION.get((disclosure.how, disclosure.recipient))
        to = tr(place) if place else disclosure.recipient
        if disclosure.how == EXPORT:
            what = tr(SHARED_DATA[SharedData.CASE_FILE])
        else:
            what = "\n".join(tr(DOCUMENT.get(code, code)) for code in disclosure.what)
    return [tr.when(disclosure.at), to, what, disclosure.by, disclosure.basis]
