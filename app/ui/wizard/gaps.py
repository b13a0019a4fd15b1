"""What a case still lacks, and what is wrong in it, worded for the officer: the section of the
wizard first, then the problem in plain words ("What happened: the account is missing").

Issues come from `missing_for_submission` (code "required", the field id, the step and the
victim) and from `validate_case_record` (a path like "referrals[0].consent_key"). This module
finds the step that fixes each one and the victim it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.case import CaseRecord, ConsentPurpose, Person
from app.domain.protocol import ProtocolPack
from app.domain.validation import Issue
from app.i18n import N_, _
from app.i18n.issues import describe
from app.ui.wording import person_name, section

# A required case field that is not filled.
REQUIRED: dict[str, str] = {
    "occurred_at": N_("when it happened is missing"),
    "place": N_("the place is missing"),
    "place_type": N_("the kind of place is missing"),
    "narrative": N_("the account is missing"),
    "offence_types": N_("no offence type is chosen"),
    "reporter_type": N_("who reported it is missing"),
    "motives": N_("no bias motive is chosen"),
    "classification": N_("the case is not classified yet"),
    "classification_reason": N_("why it is classified so is not written down"),
    "indicators": N_("no bias indicator is ticked"),
    "immediate_danger": N_("immediate danger is not answered"),
    "prosecutor_notified": N_("the prosecutor has not been notified"),
}
# A required field about each victim, with the victim's name.
PERSON_REQUIRED: dict[str, str] = {
    "victim_language": N_("the language of {person} is missing"),
    "victim_perception": N_("the perception of {person} is not recorded"),
    "rights_given_at": N_("not recorded for {person}"),
    "leaflet_language": N_("the leaflet language is missing for {person}"),
    "assessment": N_("not done for {person}"),
    "referral_decision": N_("the answer of {person} about a referral is not recorded"),
    "recorded_steps": N_("{name}: not recorded for {person}"),
    # a child victim (app.domain.child)
    "guardian": N_("no guardian or legal representative is recorded for {person}"),
    "guardian_name": N_("the name of the guardian of {person} is missing"),
    "guardian_relation": N_("the guardian's relation to {person} is missing"),
    "guardian_contact": N_("the guardian of {person} has no phone, e-mail or address"),
    "guardian_language": N_("the language of the guardian of {person} is missing"),
    "no_needs_reason": N_("the reason why {person}, a child, needs no protection is missing"),
    "consent_guardian": N_("a consent for {person}, a child, is not given by their guardian"),
}
# The same, inside the victim's own tab, where the name is already in view.
IN_TAB_REQUIRED: dict[str, str] = {
    "victim_language": N_("The victim's language is missing."),
    "victim_perception": N_("The victim's perception is not recorded."),
    "rights_given_at": N_("Rights information is not recorded yet for this victim."),
    "leaflet_language": N_("The leaflet language is missing."),
    "assessment": N_("The assessment is not done yet: choose a risk level."),
    "referral_decision": N_(
        "The victim's answer is not recorded yet: refer them to a service, or record that"
        " they decline."
    ),
    "recorded_steps": N_("{name}: not recorded yet."),
}
# Parts of the record whose issues name an item by index, and the step that edits them.
PART_STEPS: dict[str, str] = {
    "rights": "rights",
    "recorded_steps": "rights",
    "assessments": "assessment",
    "referrals": "referral",
    "coordination": "coordination",
    "perceptions": "identification",
    "indicators": "identification",
    "attachments": "evidence",
    "persons": "incident",
}
FIELD_STEPS: dict[str, str] = {
    "reported_at": "first_response",
    "attended_at": "first_response",
    "occurred_at": "incident",
    "place": "incident",
    "place_type": "incident",
    "reporter_type": "incident",
    "no_individual_victim": "incident",
    "persons": "incident",
    "additional_classifications": "classification",
}

_INDEXED = re.compile(r"^(?P<part>[a-z_]+)\[(?P<index>\d+)\]")


@dataclass(frozen=True)
class Gap:
    """One line of the summary: the step that fixes it, and the words."""

    step: str
    text: str
    person: str | None = None


def indexed_item(issue: Issue, record: CaseRecord) -> tuple[str, object] | None:
    """For a path like "referrals[2].consent_key": ("referrals", the third referral)."""
    match = _INDEXED.match(issue.field)
    if match is None:
        return None
    items = getattr(record, match["part"], None)
    index = int(match["index"])
    if not isinstance(items, tuple) or index >= len(items):
        return None
    return match["part"], items[index]


def person_of(issue: Issue, record: CaseRecord) -> str | None:
    """The key of the person an issue is about, if it is about one."""
    person = issue.params.get("person")
    if isinstance(person, str):
        return person
    found = indexed_item(issue, record)
    if found is None:
        return None
    key = getattr(found[1], "person_key", None)
    return key if isinstance(key, str) else None


def person_label(record: CaseRecord, key: str | None) -> str:
    person = next((p for p in record.persons if p.key == key), None)
    if person is None:
        return key or ""
    return person_name(person)


def step_of(issue: Issue, record: CaseRecord) -> str:
    """The wizard step where the problem is fixed ("" if no step edits it). Where the field is
    edited wins over the pack's step: a pack may list a field under another step."""
    if issue.field in FIELD_STEPS:
        return FIELD_STEPS[issue.field]
    step = issue.params.get("step")
    if isinstance(step, str):
        return step
    found = indexed_item(issue, record)
    if found is not None:
        part, item = found
        if part == "consents":
            purpose = getattr(item, "purpose", None)
            return "coordination" if purpose is ConsentPurpose.CIVIL_SOCIETY_CONTACT else "referral"
        return PART_STEPS.get(part, "")
    head = re.split(r"[.\[]", issue.field, maxsplit=1)[0]
    return FIELD_STEPS.get(head, PART_STEPS.get(head, ""))


def _subject(issue: Issue, record: CaseRecord) -> str:
    """What the problem is about, e.g. "the referral of Amina Haddad to Victim Support"."""
    found = indexed_item(issue, record)
    if found is None:
        return issue.field
    part, item = found
    person = person_label(record, getattr(item, "person_key", None))
    timed = issue.field.endswith(("given_at", "assessed_at", "recorded_at", "sent_at"))
    if part == "rights":
        if timed:
            return _("the time {person} was informed").format(person=person)
        return _("the rights information for {person}").format(person=person)
    if part == "assessments":
        if timed:
            return _("the time {person} was assessed").format(person=person)
        return _("the assessment of {person}").format(person=person)
    if part == "consents":
        recipient = getattr(item, "recipient", "")
        if timed:
            return _("the time of the consent of {person} for {recipient}").format(
                person=person, recipient=recipient
            )
        return _("the consent of {person} for {recipient}").format(
            person=person, recipient=recipient
        )
    if part == "referrals":
        service = getattr(item, "service_name", "")
        return _("the referral of {person} to {service}").format(person=person, service=service)
    if part == "coordination":
        recipient = getattr(item, "recipient", "")
        if timed:
            return _("the time of the contact with {recipient}").format(recipient=recipient)
        return _("the contact with {recipient}").format(recipient=recipient)
    if part == "perceptions":
        return _("a recorded perception")
    if part == "attachments":
        return _("the attachment {name}").format(name=getattr(item, "filename", ""))
    return issue.field


def problem_text(issue: Issue, record: CaseRecord, *, in_tab: bool = False) -> str:
    """The problem without the section: "not recorded for Amina Haddad"."""
    if issue.code == "required":
        # A step the pack adds names itself (its label, translated like the pack's texts).
        label = issue.params.get("label")
        name = _(label) if isinstance(label, str) else ""
        if in_tab and issue.field in IN_TAB_REQUIRED:
            return _(IN_TAB_REQUIRED[issue.field]).format(name=name)
        person = issue.params.get("person")
        if isinstance(person, str) and issue.field in PERSON_REQUIRED:
            return _(PERSON_REQUIRED[issue.field]).format(
                person=person_label(record, person), name=name
            )
        if issue.field in REQUIRED:
            return _(REQUIRED[issue.field])
    problem = describe(Issue(issue.code, "", issue.params))
    if not issue.field or issue.code == "no_victim":
        return problem
    return _("{subject}: {problem}").format(subject=_subject(issue, record), problem=problem)


def in_tab_text(issue: Issue, record: CaseRecord) -> str:
    """The problem as shown in the victim's own tab: a sentence."""
    text = problem_text(issue, record, in_tab=True)
    return text[:1].upper() + text[1:]


def gap(issue: Issue, record: CaseRecord, pack: ProtocolPack) -> Gap:
    step = step_of(issue, record)
    text = _("{section}: {problem}").format(
        section=section(step, pack), problem=problem_text(issue, record)
    )
    return Gap(step, text, person_of(issue, record))


def judgement_gaps(record: CaseRecord, pack: ProtocolPack) -> list[Gap]:
    """What the rules of submission do not check but the officer must still do: a risk level
    other than the suggested one needs the reason (the supervisor reads it)."""
    gaps: list[Gap] = []
    victims: dict[str, Person] = {v.key: v for v in record.victims()}
    for assessment in record.assessments:
        if (
            assessment.person_key in victims
            and assessment.risk_level is not None
            and assessment.risk_suggested is not None
            and assessment.risk_level is not assessment.risk_suggested
            and not assessment.risk_override_reason.strip()
        ):
            text = _("{section}: give the reason for the risk level chosen for {person}").format(
                section=section("assessment", pack),
                person=person_name(victims[assessment.person_key]),
            )
            gaps.append(Gap("assessment", text, assessment.person_key))
    return gaps
