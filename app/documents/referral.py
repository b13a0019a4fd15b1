"""The referral sheet (PROTOCOL.md f) in three copies:

- for the support service: only the data the victim's consent covers (Consent.data_scope; the
  special categories only with their separate tick), and never the victim's home address;
- for the victim, in the victim's language: where they were referred, who referred them, what was
  sent (named, not repeated), and how to withdraw consent;
- for the case file: what the service received, with the referral's own record.

Each copy is in its reader's language (app/domain/copies.py): the victim's copy in the language
`render` is given, the service's and the file's in theirs (`copy_languages`, by default the
victim's).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Mapping

from app.documents import labels
from app.documents.data import ReferralSheetData, guardian_names
from app.documents.layout import Printout
from app.documents.parts import (
    legal_basis_for_person,
    legal_basis_for_service,
    officer_name,
    officer_rows,
    service_rows,
    station_rows,
    withdrawal_text,
)
from app.documents.text import Words
from app.domain.access import HIDDEN
from app.domain.case import CoordinationKind, FeedbackAnswer, Person

IDENTITY, CONTACT, INCIDENT, NEEDS = "identity", "contact", "incident", "needs"
SPECIAL_FIELDS = (
    "ethnicity", "religion", "sexual_orientation", "gender_identity", "health", "disability",
)  # fmt: skip
# Assessment factors of the circumstances (PROTOCOL.md f item 8); the personal ones (health,
# disability, residence status ...) are not for the service.
RISK_GROUP = "circumstances"


def referral_id(data: ReferralSheetData) -> str:
    return f"{data.reference}/{data.referral.key}"


def render(
    data: ReferralSheetData,
    translations: gettext.NullTranslations,
    locale: str,
    *,
    copy_languages: Mapping[str, tuple[gettext.NullTranslations, str]] | None = None,
) -> bytes:
    """The three copies in one PDF, each in its own language. `translations`/`locale`: the
    victim's copy; `copy_languages["service"]` and `["file"]` (translations, locale): the
    service's and the file's copies, the victim's language where not given."""
    given, victim = copy_languages or {}, (translations, locale)
    words = {  # in print order
        "service": Words(*given.get("service", victim)),
        "victim": Words(*victim),
        "file": Words(*given.get("file", victim)),
    }
    doc = Printout(
        words["service"],
        title=words["service"]("Referral to a support service"),
        station=data.station.name,
        printed_at=data.printed_at,
        reference=data.reference,
        demo=data.demo,
    )
    for which, tr in words.items():
        title = {
            "service": tr("Copy for the support service"),
            "victim": tr("Copy for the person referred"),
            "file": tr("Copy for the case file"),
        }[which]
        doc.copy(which, title, tr)
        doc.title(tr("Referral to a support service"), title)
        if which == "victim":
            _victim_copy(doc, data, tr)
        else:
            _service_copy(doc, data, tr, for_file=which == "file")
    return doc.pdf()


# ------------------------------------------------------------------------------- service


def _service_copy(doc: Printout, data: ReferralSheetData, tr: Words, *, for_file: bool) -> None:
    referral, consent, victim = data.referral, data.consent, data.victim
    scope = set(consent.data_scope)
    doc.notice(
        tr(
            "Confidential: personal data of a victim of crime, sent with their consent. Keep it"
            " safe and pass it on to no one without the person's consent."
        )
    )
    doc.heading(tr("Referral"))
    doc.fields(
        [
            (tr("Referral number"), referral_id(data)),
            (tr("Date and time"), tr.when(referral.sent_at or referral.created_at)),
            (tr("Case reference"), data.reference),
            (tr("Urgency"), tr.label(labels.URGENCY, referral.urgency)),
            *officer_rows(tr, data.officer, tr("Referring officer")),
            *station_rows(tr, data.station),
        ]
    )
    doc.subheading(tr("Referred to"))
    doc.fields(service_rows(tr, data.service))

    doc.heading(tr("Consent"))
    doc.text(_consent_statement(data, tr, victim))
    covered = [tr(labels.DATA_SCOPE.get(s, s)) for s in consent.data_scope]
    doc.fields(
        [
            (tr("Data covered"), "\n".join(covered)),
            (
                tr("Special categories"),
                tr("Covered (separate consent)")
                if consent.special_categories
                else tr("Not covered: none are sent"),
            ),
            (tr("Consent text"), tr.fill(
                tr("Version {version}, in {language}"),
                version=consent.text_version or "—",
                language=tr.language(consent.language) or "—",
            )),
            (tr("Withdrawal explained"), tr.yes_no(consent.withdrawal_explained)),
            (tr("Feedback to the police"), _feedback(data, tr)),
            (tr("Legal basis"), legal_basis_for_service(tr)),
        ]
    )  # fmt: skip

    doc.heading(tr("The person referred"))
    if IDENTITY in scope:
        doc.fields(_identity_rows(tr, data))
    else:
        doc.text(tr("Not sent: the consent does not cover the person's identity."))

    doc.heading(tr("Safe contact and communication"))
    if CONTACT in scope:
        doc.fields(_contact_rows(tr, victim))
    else:
        doc.text(tr("Not sent: the consent does not cover contact details."))

    doc.heading(tr("What happened"))
    if INCIDENT in scope:
        _incident(doc, data, tr)
    else:
        doc.text(tr("Not sent: the consent does not cover the incident."))

    doc.heading(tr("Needs and urgency"))
    if NEEDS in scope:
        _needs(doc, data, tr)
    else:
        doc.fields([(tr("Urgency"), tr.label(labels.URGENCY, referral.urgency))])
        doc.text(tr("Not sent: the consent does not cover the person's needs."))

    if consent.special_categories:
        rows = [
            (tr(labels.SPECIAL_FIELD[name]), _special(tr, getattr(victim, name)))
            for name in SPECIAL_FIELDS
            if getattr(victim, name)
        ]
        if rows:
            doc.heading(tr("Special categories (sent with separate consent)"))
            doc.fields(rows)

    doc.heading(tr("Reply of the service"))
    doc.text(
        tr(
            "Please contact the person within the urgency given above, and tell the referring"
            " officer whether you accept the referral."
        )
    )
    # Non-breaking spaces: a paragraph would fold the gap between the two boxes into one space.
    boxes = re.sub(" {2,}", lambda gap: "\u00a0" * len(gap.group()), tr("☐ Accepted    ☐ Declined"))
    doc.fields([(tr("Referral"), boxes)])
    doc.blanks([tr("First contact with the person on"), tr("Name of the person in charge")])
    signers = [tr("Referring officer"), tr("Support service")]
    if for_file:
        doc.heading(tr("For the case file"))
        doc.fields(
            [
                (tr("Status of the referral"), tr.label(labels.REFERRAL_STATUS, referral.status)),
                (tr("Recorded on"), tr.when(referral.created_at)),
                (tr("Consent recorded on"), tr.when(consent.recorded_at)),
                (tr("Consent number"), consent.key),
            ]
        )
        signers = [tr("Referring officer")]
    doc.signatures(signers)


def _feedback(data: ReferralSheetData, tr: Words) -> str:
    if data.feedback is FeedbackAnswer.AGREED:
        return tr("The person agreed that the service tells the police how the referral went.")
    if data.feedback is FeedbackAnswer.REFUSED:
        return tr("Not agreed: do not report back to the police about this person.")
    return tr(
        "Not asked: the person was not asked. Do not report back to the police unless they agree."
    )


def _consent_statement(data: ReferralSheetData, tr: Words, victim: Person) -> str:
    scope = set(data.consent.data_scope)
    who = _name(victim) if IDENTITY in scope else tr("The person referred")
    return tr.fill(
        tr(
            "{person} agreed on {date} ({method}) that the police send the data below to"
            " {service}, for this purpose: {purpose}."
        ),
        person=who,
        date=tr.when(data.consent.recorded_at),
        method=tr.label(labels.CONSENT_METHOD, data.consent.method),
        service=data.service.name,
        purpose=tr.label(labels.CONSENT_PURPOSE, data.consent.purpose),
    )


def _name(person: Person) -> str:
    if person.name and person.alias:
        return f"{person.name} ({person.alias})"
    return person.name or person.alias


def _identity_rows(tr: Words, data: ReferralSheetData) -> list[tuple[str, str]]:
    victim = data.victim
    rows = [(tr("Name"), _name(victim))]
    if victim.date_of_birth:
        rows.append((tr("Date of birth"), tr.day(victim.date_of_birth)))
    elif victim.age_band:
        rows.append((tr("Age"), victim.age_band))
    if victim.gender:
        rows.append((tr("Gender"), victim.gender))
    if data.child:
        rows.append((tr("Minor"), tr.yes_no(True)))
        rows.append((tr("Parent or guardian"), guardian_names(victim, data.guardians)))
    return rows


def _contact_rows(tr: Words, victim: Person) -> list[tuple[str, str]]:
    # The safe contact only: never the home address, nor a phone the offender may see.
    rows = [
        (tr("Safe phone"), victim.safe_phone),
        (tr("Safe times to call"), victim.safe_times),
        (tr("A message may be left"), tr.yes_no(victim.message_ok)),
        (tr("Safe e-mail"), victim.safe_email),
        (tr("Preferred way of contact"), victim.preferred_channel),
        (tr("Do not contact by"), victim.do_not_contact_via),
        (tr("Language"), tr.language(victim.language)),
    ]
    interpreter = tr.yes_no(victim.interpreter_needed)
    if victim.interpreter_needed and victim.interpreter_language:
        interpreter = tr.fill(
            tr("Yes, for {language}"), language=tr.language(victim.interpreter_language)
        )
    rows.append((tr("Interpreter needed"), interpreter))
    if victim.accessibility_needs:
        rows.append((tr("Accessibility needs"), victim.accessibility_needs))
    return rows


def _incident(doc: Printout, data: ReferralSheetData, tr: Words) -> None:
    place = ", ".join(p for p in (data.place, data.district) if p)
    doc.fields(
        [
            (tr("When"), tr.when(data.occurred_at)),
            (tr("Where"), place),
            (tr("Offence"), tr.items(data.pack, "offence_types", data.offence_types)),
            (tr("Perceived bias motive"), tr.items(data.pack, "motives", data.motives)),
        ]
    )
    if data.narrative.strip():
        doc.subheading(tr("Summary"))
        doc.text(data.narrative)
    agencies = [
        tr.fill(
            tr("{kind}: {recipient}"),
            kind=tr.label(labels.COORDINATION_KIND, event.kind),
            recipient=event.recipient,
        )
        for event in data.other_agencies
        if event.kind is not CoordinationKind.CIVIL_SOCIETY
    ]
    doc.fields([(tr("Other agencies informed"), tr.join(agencies) or tr("None so far"))])


def _needs(doc: Printout, data: ReferralSheetData, tr: Words) -> None:
    assessment = data.assessment
    needs = data.referral.needs or (assessment.needs if assessment else ())
    rows = [
        (tr("Needs"), tr.items(data.pack, "needs", needs)),
        (tr("Urgency"), tr.label(labels.URGENCY, data.referral.urgency)),
        (tr("Immediate danger"), tr.yes_no(data.immediate_danger)),
    ]
    if assessment is not None:
        risk = assessment.risk_level or assessment.risk_suggested
        rows.append((tr("Risk level"), tr.label(labels.RISK_LEVEL, risk) or tr("Not assessed")))
        factors = [
            tr.item(data.pack, "assessment_factors", factor)
            for factor in assessment.factors
            if _group(data, factor) == RISK_GROUP
        ]
        rows.append((tr("Risk factors"), tr.join(factors) or tr("None recorded")))
    doc.fields(rows)


def _group(data: ReferralSheetData, factor: str) -> str:
    try:
        return data.pack.item("assessment_factors", factor).group
    except KeyError:
        return ""


# ------------------------------------------------------------------------------- victim


def _victim_copy(doc: Printout, data: ReferralSheetData, tr: Words) -> None:
    referral, consent = data.referral, data.consent
    doc.text(
        tr(
            "With your consent, we asked a support service to contact you. Support is free and"
            " confidential, and it does not depend on making a complaint."
        )
    )
    doc.heading(tr("The service"))
    doc.fields(service_rows(tr, data.service))
    doc.text(tr(labels.URGENCY_FOR_VICTIM.get(referral.urgency, "")))
    doc.text(
        tr(
            "If you do not hear from them, or you need help sooner, call them or call us. In an"
            " emergency, call 112."
        )
    )
    doc.heading(tr("Your contact at the police"))
    doc.fields(
        [
            (tr("Case reference"), data.reference),
            (tr("Referral number"), referral_id(data)),
            (tr("Date and time"), tr.when(referral.sent_at or referral.created_at)),
            *officer_rows(tr, data.officer, tr("Referring officer")),
            *station_rows(tr, data.station),
        ]
    )
    doc.heading(tr("What we sent, with your consent"))
    doc.text(
        tr.fill(
            tr("On {date} you agreed ({method}) that we send to {service}:"),
            date=tr.when(consent.recorded_at),
            method=tr.label(labels.CONSENT_METHOD, consent.method),
            service=data.service.name,
        )
    )
    covered = [tr(labels.DATA_SCOPE.get(s, s)) for s in consent.data_scope]
    if consent.special_categories:
        covered.append(tr(labels.SPECIAL_CATEGORIES))
    doc.bullets(covered)
    if not consent.special_categories:
        doc.text(tr("We sent no special categories of data (such as origin, religion or health)."))
    doc.heading(tr("If you change your mind"))
    doc.text(withdrawal_text(tr))
    doc.heading(tr("Legal basis"))
    doc.text(legal_basis_for_person(tr))
    doc.signatures([tr("I received this copy")])
    doc.small(tr.fill(tr("Referred by {officer}."), officer=officer_name(tr, data.officer)))


def _special(tr: Words, value: str) -> str:
    """A special value, or what stands for one the printing role may not print."""
    return tr("Recorded, withheld from this printout") if value == HIDDEN else value
