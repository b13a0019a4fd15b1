"""The report to the prosecutor (PROTOCOL.md g), with the bias-indicator annex.

Facts and the officer's assessments are printed apart and labelled as such (LED Art. 7); the
victim's perception is printed apart from the indicators the officer observed. The evidence list
gives each file's SHA-256, so the prosecutor can check the files received. The report notes that
the victim was told their rights, when and in which language. Special-category data (LED Art. 10)
are not part of the report.
"""

from __future__ import annotations

import gettext

from app.documents import labels
from app.documents.data import ProsecutorReportData, guardian_names
from app.documents.layout import Printout
from app.documents.parts import officer_rows, station_rows
from app.documents.text import Words
from app.domain.case import CaseRecord, PerceptionSource, Person, PersonRole
from app.domain.child import age_day, guardians_of, is_child
from app.domain.text import unquoted

ROLES = (
    PersonRole.VICTIM,
    PersonRole.GUARDIAN,
    PersonRole.WITNESS,
    PersonRole.SUSPECT,
    PersonRole.REPORTER,
)


def render(
    data: ProsecutorReportData, translations: gettext.NullTranslations, locale: str
) -> bytes:
    tr = Words(translations, locale)
    case = data.case
    doc = Printout(
        tr,
        title=tr("Report to the prosecutor"),
        station=data.station.name,
        printed_at=data.printed_at,
        reference=case.reference,
        demo=data.demo,
    )
    doc.title(
        tr("Report to the prosecutor"),
        tr("Possible hate crime or hate incident, with the bias-indicator annex"),
    )
    doc.fields(
        [
            (tr("Case reference"), case.reference),
            (tr("Classification (assessment)"), _classification(data, tr)),
            *_also(data, tr),
            (tr("Offence"), tr.items(data.pack, "offence_types", case.offence_types)),
            (tr("Bias motive (assessment)"), tr.items(data.pack, "motives", case.motives)),
            *officer_rows(tr, data.officer, tr("Reporting officer")),
            *station_rows(tr, data.station),
        ]
    )  # fmt: skip

    _facts(doc, data, tr)
    _persons(doc, case, tr)
    _evidence(doc, data, tr)
    _rights(doc, data, tr)
    _assessment(doc, data, tr)
    _coordination(doc, data, tr)
    doc.signatures([tr("Reporting officer")])
    _annex(doc, data, tr)
    return doc.pdf()


def _classification(data: ProsecutorReportData, tr: Words) -> str:
    classification = data.case.classification
    return tr.item(data.pack, "classifications", classification) if classification else ""


def _also(data: ProsecutorReportData, tr: Words) -> list[tuple[str, str]]:
    """The other classifications beside the main one, where the case has any."""
    also = data.case.additional_classifications
    return (
        [(tr("Also classified as"), tr.items(data.pack, "classifications", also))] if also else []
    )


def _facts(doc: Printout, data: ProsecutorReportData, tr: Words) -> None:
    case = data.case
    doc.heading(tr("1. Facts as recorded"))
    doc.small(tr("What happened, as the victim, witnesses and the officer reported it."))
    place_type = tr.item(data.pack, "place_types", case.place_type) if case.place_type else ""
    injuries = tr.yes_no(case.injuries)
    if case.injuries_note:
        injuries = f"{injuries}: {case.injuries_note}"
    medical = tr.yes_no(case.medical_help)
    if case.medical_note:
        medical = f"{medical}: {case.medical_note}"
    doc.fields(
        [
            (tr("When it happened"), tr.when(case.occurred_at)),
            (tr("Reported to the police"), tr.when(case.reported_at)),
            (tr("Police attended"), tr.when(case.attended_at)),
            (tr("Place"), ", ".join(p for p in (case.place, case.district) if p)),
            (tr("Type of place"), place_type),
            (tr("Reported by"), tr.label(labels.REPORTER_TYPE, case.reporter_type)),
            (tr("Immediate danger"), tr.yes_no(case.immediate_danger)),
            (tr("Injuries"), injuries),
            (tr("Medical help"), medical),
        ]
    )
    if case.response_delayed:
        doc.fields([(tr("Response delayed; plan told to the victim"), case.delay_plan)])
    doc.subheading(tr("Account of what happened"))
    doc.text(case.narrative or "—")
    if case.verbatim_words:
        doc.subheading(tr("Words used, recorded verbatim"))
        # The quotation marks of the document's language.
        doc.text(tr.fill(tr("“{words}”"), words=unquoted(case.verbatim_words)))
    if case.evidence_notes:
        doc.subheading(tr("Evidence secured"))
        doc.text(case.evidence_notes)


def _name_and_alias(person: Person) -> str:
    if person.name and person.alias:
        return f"{person.name} ({person.alias})"
    return person.name or person.alias


def _person_line(tr: Words, person: Person, case: CaseRecord) -> list[tuple[str, str]]:
    born = tr.day(person.date_of_birth) if person.date_of_birth else person.age_band
    language = tr.language(person.language)
    if person.interpreter_needed:
        language = tr.fill(
            tr("{language}, interpreter needed"),
            language=language or tr.language(person.interpreter_language),
        )
    rows = [
        (tr("Name"), _name_and_alias(person) or tr("Unknown")),
        (tr("Date of birth or age"), born),
        (tr("Contact"), " · ".join(x for x in (person.address, person.phone, person.email) if x)),
        (tr("Language"), language),
    ]
    if person.role is not PersonRole.GUARDIAN and is_child(person, age_day(case)):
        guardians = guardian_names(person, guardians_of(case, person.key))
        rows.append((tr("Minor; parent or guardian"), guardians))
    if person.description:
        rows.append((tr("Description"), person.description))
    return rows


def _persons(doc: Printout, case: CaseRecord, tr: Words) -> None:
    doc.heading(tr("2. Persons"))
    if case.no_individual_victim:
        doc.text(tr("There is no individual victim (for example, damage to a place of worship)."))
    for role in ROLES:
        for person in (p for p in case.persons if p.role is role):
            doc.subheading(tr.fill(
                tr("{role} {key}"), role=tr.label(labels.PERSON_ROLE, role), key=person.key
            ))  # fmt: skip
            doc.fields(_person_line(tr, person, case), skip_empty=True)
    doc.small(
        tr(
            "Special categories of personal data (origin, religion, sexual orientation, health and"
            " the like) are not part of this report; they are available where strictly necessary"
            " (Directive (EU) 2016/680, Art. 10)."
        )
    )


def _evidence(doc: Printout, data: ProsecutorReportData, tr: Words) -> None:
    doc.heading(tr("3. Evidence"))
    if not data.case.attachments:
        doc.text(tr("No files are attached to the case."))
        return
    doc.small(
        tr("Each file is kept in the case with its SHA-256 checksum: a changed file has another.")
    )
    for number, attachment in enumerate(data.case.attachments, start=1):
        added_by = data.user_names.get(attachment.added_by, attachment.added_by)
        doc.fields(
            [
                (tr.fill(tr("File {n}"), n=number), attachment.filename),
                (tr("Type and size"), f"{attachment.media_type}, {tr.size(attachment.size)}"),
                (tr("Added"), tr.fill(
                    tr("{when} by {name}"), when=tr.when(attachment.added_at), name=added_by
                )),
                (tr("Description"), attachment.description),
            ]
        )  # fmt: skip
        # On one line of its own, small enough to fit whole: easy to compare and to copy.
        doc.text(f"SHA-256  {attachment.sha256}", doc.styles.small)


def _rights(doc: Printout, data: ProsecutorReportData, tr: Words) -> None:
    case = data.case
    doc.heading(tr("4. Rights information"))
    names = {p.key: p.name or p.alias or p.key for p in case.persons}
    if not case.rights:
        if case.no_individual_victim and not case.victims():
            doc.text(
                tr("There is no individual victim (for example, damage to a place of worship).")
            )
        else:
            doc.text(tr("No record that the victim was told their rights."))
        return
    for rights in case.rights:
        given_by = data.user_names.get(rights.given_by, rights.given_by)
        doc.text(
            tr.fill(
                tr(
                    "{person} was told their rights on {date} by {officer}, with the leaflet in"
                    " {language} (version {version})."
                ),
                person=names.get(rights.person_key, rights.person_key),
                date=tr.when(rights.given_at),
                officer=given_by,
                language=tr.language(rights.leaflet_language) or "—",
                version=rights.leaflet_version or "—",
            )
        )
        doc.fields(
            [
                (tr("Interpreter provided"), tr.yes_no(rights.interpreter_provided)),
                (tr("Written acknowledgement given"), tr.yes_no(rights.acknowledgement_given)),
                (tr("Complaint number"), rights.complaint_number),
                *_recorded_steps(data, tr, rights.person_key),
            ]
        )


def _recorded_steps(
    data: ProsecutorReportData, tr: Words, person_key: str
) -> list[tuple[str, str]]:
    """The steps the pack adds (Spain: the offer of legal actions): yes or no, when and by whom."""
    labels = {step.id: step.label for step in data.pack.recorded_steps}
    return [
        (
            tr(labels.get(record.step, record.step)),
            f"{tr.yes_no(record.done)}, "
            + tr.fill(
                tr("{when} by {name}"),
                when=tr.when(record.at),
                name=data.user_names.get(record.by, record.by),
            ),
        )
        for record in data.case.recorded_steps
        if record.person_key == person_key
    ]


def _assessment(doc: Printout, data: ProsecutorReportData, tr: Words) -> None:
    case = data.case
    # Every section is printed, so that their numbers never jump.
    doc.heading(tr("5. Individual needs assessment (assessment)"))
    if not case.assessments:
        doc.text(tr("None recorded."))
    names = {p.key: p.name or p.alias or p.key for p in case.persons}
    for assessment in case.assessments:
        risk = assessment.risk_level or assessment.risk_suggested
        rows = [
            (tr("Person"), names.get(assessment.person_key, assessment.person_key)),
            (tr("Assessed on"), tr.when(assessment.assessed_at)),
            (tr("Risk level"), tr.label(labels.RISK_LEVEL, risk)),
            (tr("Protection needs"), tr.yes_no(assessment.protection_needs)),
            (tr("Needs"), tr.items(data.pack, "needs", assessment.needs)),
            (tr("Protection measures"), tr.items(data.pack, "measures", assessment.measures)),
        ]
        if assessment.declines_measures:
            rows.append((tr("The victim declines special measures"), tr.yes_no(True)))
        if assessment.victim_wishes:
            rows.append((tr("The victim's wishes"), assessment.victim_wishes))
        doc.fields(rows)


def _coordination(doc: Printout, data: ProsecutorReportData, tr: Words) -> None:
    events = data.case.coordination
    doc.heading(tr("6. Coordination"))
    if not events:
        doc.text(tr("None recorded."))
        return
    doc.grid(
        [tr("Recipient type"), tr("Recipient"), tr("Date sent"), tr("Reference number")],
        [
            [
                tr.label(labels.COORDINATION_KIND, event.kind),
                event.recipient,
                tr.when(event.sent_at),
                event.reference_number,
            ]
            for event in events
        ],
        [0.22, 0.38, 0.2, 0.2],
    )


def _annex(doc: Printout, data: ProsecutorReportData, tr: Words) -> None:
    case = data.case
    doc.page_break()
    doc.title(tr("Annex: bias indicators"), case.reference)
    doc.notice(
        tr(
            "Assessments, not established facts (Directive (EU) 2016/680, Art. 7). No single"
            " indicator proves a bias motive; together they show why the motive must be"
            " investigated."
        )
    )
    doc.heading(tr("A. The victim's perception"))
    doc.small(
        tr(
            "What the victim said about why they were targeted, recorded apart from what the"
            " officer observed. The victim's perception alone is reason to investigate the motive."
        )
    )
    names = {p.key: p.name or p.alias or p.key for p in case.persons}
    victims = [p for p in case.perceptions if p.source is PerceptionSource.VICTIM]
    others = [p for p in case.perceptions if p.source is not PerceptionSource.VICTIM]
    if victims:
        for perception in victims:
            who = names.get(perception.person_key or "", "")
            doc.subheading(who or tr("The victim"))
            doc.text(perception.text)
    else:
        doc.text(tr("Not recorded."))
    if others:
        doc.heading(tr("B. What witnesses and others perceived"))
        for perception in others:
            source = tr.label(labels.PERCEPTION_SOURCE, perception.source)
            who = names.get(perception.person_key or "", "")
            doc.subheading(f"{source}: {who}" if who else source)
            doc.text(perception.text)
    doc.heading(tr("C. Bias indicators the officer observed (assessment)"))
    if case.indicators:
        doc.grid(
            [tr("Indicator"), tr("The officer's note")],
            [
                [tr.item(data.pack, "indicators", observation.indicator), observation.note]
                for observation in case.indicators
            ],
            [0.36, 0.64],
        )
    else:
        doc.text(tr("None recorded."))
    doc.heading(tr("D. The officer's assessment"))
    doc.fields(
        [
            (tr("Bias motive"), tr.items(data.pack, "motives", case.motives)),
            (tr("Classification"), _classification(data, tr)),
            *_also(data, tr),
            (tr("Why this classification"), case.classification_reason),
            (tr("Impact on the community"), case.community_impact),
        ],
        skip_empty=True,
    )
    doc.text(case.officer_assessment)
    doc.signatures([tr("Reporting officer")])
