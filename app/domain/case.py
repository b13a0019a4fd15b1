"""The case as the protocol records it: plain frozen objects for screens, printouts and export.

Ids of pick-list items (motives, offence types, indicators, ...) are the stable ids of the protocol
pack the case was handled under; labels are looked up at display time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.domain.languages import SpokenLanguage, preferred, reading


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    # Answers requests of access (LED Art. 14) and checks the trail; opens no case for work.
    DATA_PROTECTION_OFFICER = "data_protection_officer"


class CaseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    ESCALATED = "escalated"
    CLOSURE_PROPOSED = "closure_proposed"
    CLOSED = "closed"


class PersonRole(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    SUSPECT = "suspect"
    REPORTER = "reporter"
    GUARDIAN = "guardian"  # a child victim's parent or legal representative (Art. 24)


class GuardianRelation(StrEnum):
    """How a guardian stands to the child they represent."""

    PARENT = "parent"
    LEGAL_GUARDIAN = "legal_guardian"
    OTHER_REPRESENTATIVE = "other_representative"


class ReporterType(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    THIRD_PARTY = "third_party"
    CIVIL_SOCIETY = "civil_society"
    POLICE = "police"


class PerceptionSource(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    REPORTER = "reporter"
    OTHER = "other"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ConsentMethod(StrEnum):
    """How a person gave or refused a consent; always chosen, never assumed. Through an
    interpreter and in sign language are methods of their own: the interpreter's presence is part
    of the method, not a separate fact of the consent (the person's record says which language)."""

    SIGNED = "signed"
    ORAL = "oral"
    INTERPRETER = "interpreter"  # spoken, through an interpreter
    SIGN_LANGUAGE = "sign_language"


class ConsentPurpose(StrEnum):
    """What a consent is for: each purpose and recipient is asked and recorded on its own."""

    REFERRAL = "referral"
    CIVIL_SOCIETY_CONTACT = "civil_society_contact"
    FEEDBACK_TO_POLICE = "feedback_to_police"
    OTHER = "other"


class ReferralStatus(StrEnum):
    """Where a referral stands; app/domain/referrals.py says which step may follow which."""

    PROPOSED = "proposed"
    SENT = "sent"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"
    CONTACT_MADE = "contact_made"  # the service reached the victim
    CLOSED = "closed"  # the service's help ended, with its outcome
    WITHDRAWN = "withdrawn"  # the victim withdrew the consent it went under


class Urgency(StrEnum):
    SAME_DAY = "same_day"
    WITHIN_48_HOURS = "within_48_hours"
    ROUTINE = "routine"


class CoordinationKind(StrEnum):
    PROSECUTOR = "prosecutor"
    COMPETENT_FORCE = "competent_force"
    CIVIL_SOCIETY = "civil_society"
    HEALTH = "health"
    SOCIAL_SERVICES = "social_services"
    SUPPORT_SERVICE = "support_service"  # a referral sheet printed for the service
    COMMUNITY_IMPACT = "community_impact"  # a note on the incident's effect: nothing left
    OTHER = "other"


class SharedData(StrEnum):
    """What left the station with a coordination entry: the log lists exactly these."""

    REPORT = "report"  # the incident report (the prosecutor's copy)
    INDICATOR_ANNEX = "indicator_annex"
    RIGHTS_NOTE = "rights_note"  # that the victim was told their rights
    REFERRAL_SHEET = "referral_sheet"
    CASE_FILE = "case_file"  # the whole case, exported
    ANONYMISED_FACTS = "anonymised_facts"
    VICTIM_IDENTITY = "victim_identity"
    VICTIM_CONTACT = "victim_contact"
    SPECIAL_CATEGORIES = "special_categories"
    EVIDENCE = "evidence"
    ATTACHMENTS = "attachments"


class ConsentRule(StrEnum):
    """Under which rule a referral left the station (PROTOCOL.md g): the victim's explicit
    consent, or an opt-out where the protocol pack allows one (the UK's referral model)."""

    EXPLICIT = "explicit"
    OPT_OUT = "opt_out"


class LinkKind(StrEnum):
    """How two cases belong together. A duplicate counts once in every count and total."""

    SAME_INCIDENT = "same_incident"
    SERIES = "series"
    DUPLICATE = "duplicate"  # this case duplicates the other
    DUPLICATED = "duplicated"  # the other case duplicates this one (a DUPLICATE seen from there)


class SeriesBasis(StrEnum):
    """What makes cases a series."""

    PLACE = "place"
    SUSPECT = "suspect"
    VICTIM = "victim"


class ReviewDecision(StrEnum):
    """A decision in the case's life, kept with who took it, when and why."""

    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ESCALATE = "escalate"
    PROPOSE_CLOSURE = "propose_closure"
    CLOSE = "close"
    REOPEN = "reopen"
    SUPPLEMENT = "supplement"  # a correction after approval, with its reason


class ServiceKind(StrEnum):
    VICTIM_SUPPORT = "victim_support"
    LEGAL_AID = "legal_aid"
    PSYCHOLOGICAL = "psychological"
    MEDICAL = "medical"
    SHELTER = "shelter"
    INTERPRETER = "interpreter"
    EQUALITY_BODY = "equality_body"
    COMMUNITY_ORGANISATION = "community_organisation"
    CHILD_SUPPORT = "child_support"  # specialised in child victims (Dir. 2012/29/EU Art. 24)


# LED Art. 10 / GDPR Art. 9: kept only when strictly necessary, never printed for a service without
# the separate special-category consent.
SPECIAL_CATEGORY_FIELDS: frozenset[str] = frozenset(
    {"ethnicity", "religion", "sexual_orientation", "gender_identity", "health", "disability"}
)


@dataclass(frozen=True)
class Person:
    """Someone in the case, typed by role (LED Art. 6); `key` links consents and referrals."""

    key: str
    role: PersonRole
    name: str = ""
    alias: str = ""
    date_of_birth: date | None = None
    age_band: str = ""
    is_minor: bool = False  # the officer's word, where neither birth date nor age band is known
    guardian: str = ""  # before 0008 a free text; now a GUARDIAN person, kept for old case files
    # a guardian: the key of the child they represent, and how they stand to them
    guardian_of: str = ""
    relation: GuardianRelation | None = None
    gender: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""
    # communication (Dir. 2012/29/EU Art. 3 and 7): ISO 639 codes (app/domain/languages.py)
    languages: tuple[SpokenLanguage, ...] = ()
    interpreter_needed: bool = False
    # The language the interpreter was arranged in: one of `languages`, coded the same way.
    interpreter_language: str = ""
    accessibility_needs: str = ""
    companion: str = ""
    # safe contact for the referral
    safe_phone: str = ""
    safe_times: str = ""
    message_ok: bool | None = None
    safe_email: str = ""
    preferred_channel: str = ""
    do_not_contact_via: str = ""
    # special categories
    ethnicity: str = ""
    religion: str = ""
    sexual_orientation: str = ""
    gender_identity: str = ""
    health: str = ""
    disability: str = ""

    @property
    def language(self) -> str:
        """The code of the language the person prefers; "" if none is recorded."""
        return preferred(self.languages)

    @property
    def reading_language(self) -> str:
        """The code of the language to give the person something to read in; "" if none."""
        return reading(self.languages)


@dataclass(frozen=True)
class IndicatorObservation:
    """A bias indicator the officer observed: an assessment, not a fact (LED Art. 7)."""

    indicator: str
    note: str = ""


@dataclass(frozen=True)
class Perception:
    """What the victim, a witness or another person perceived, kept apart from the indicators."""

    source: PerceptionSource
    text: str
    person_key: str | None = None


@dataclass(frozen=True)
class RightsInformation:
    person_key: str
    given_at: datetime
    given_by: str
    leaflet_language: str
    leaflet_version: str = ""
    acknowledgement_given: bool = False
    complaint_number: str = ""
    interpreter_provided: bool = False


@dataclass(frozen=True)
class StepRecord:
    """A step the protocol pack adds to the rights information (e.g. Spain's offer of legal
    actions): for one victim, whether it was done, when and by whom."""

    step: str  # the id of the pack's recorded step
    person_key: str
    done: bool
    at: datetime
    by: str


@dataclass(frozen=True)
class NeedsAssessment:
    person_key: str
    assessed_at: datetime
    assessed_by: str
    factors: tuple[str, ...] = ()
    protection_needs: bool | None = None
    needs: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    risk_suggested: RiskLevel | None = None
    risk_level: RiskLevel | None = None
    risk_override_reason: str = ""
    declines_measures: bool = False
    victim_wishes: str = ""
    no_needs_reason: str = ""  # a child's needs are presumed: why "no" (Art. 22(4))


@dataclass(frozen=True)
class Consent:
    """One dated decision of one person, for one recipient and one purpose; withdrawable."""

    key: str
    person_key: str
    recipient: str
    purpose: ConsentPurpose
    granted: bool
    method: ConsentMethod
    recorded_at: datetime
    recorded_by: str
    data_scope: tuple[str, ...] = ()
    special_categories: bool = False
    text_version: str = ""
    language: str = ""
    withdrawal_explained: bool = False
    withdrawn_at: datetime | None = None
    withdrawn_by: str = ""  # who recorded the withdrawal
    withdrawal_note: str = ""  # how it was withdrawn (by phone, in writing...)
    guardian_key: str = ""  # a child's consent: the key of the guardian who gave it
    child_views: str = ""  # the child heard: their views, recorded apart


class SendChannel(StrEnum):
    """How a referral left the station."""

    HANDED_OVER = "handed_over"
    EMAIL = "email"
    PHONE = "phone"
    SECURE_TRANSFER = "secure_transfer"


@dataclass(frozen=True)
class ReferralStep:
    """One dated change of a referral, with who entered it and a note (the service's reason for
    declining, the outcome on closing): most services do not use this program, so their replies
    are entered by hand (app/domain/referrals.py says which step may follow which)."""

    status: ReferralStatus
    at: datetime
    by: str
    note: str = ""
    channel: SendChannel | None = None  # how it was sent: a step to SENT only


@dataclass(frozen=True)
class Referral:
    """A referral to a support service. The service's details are a snapshot of what was sent."""

    key: str
    person_key: str
    service_name: str
    service_kind: ServiceKind
    created_at: datetime
    created_by: str
    status: ReferralStatus = ReferralStatus.PROPOSED
    consent_key: str | None = None
    service_code: str = ""
    service_contact: str = ""
    needs: tuple[str, ...] = ()
    urgency: Urgency = Urgency.ROUTINE
    sent_at: datetime | None = None
    reply_at: datetime | None = None
    reply_note: str = ""
    steps: tuple[ReferralStep, ...] = ()  # every change since it was proposed, oldest first
    # Set when it is sent: the day the service's answer is due (working days of the station's
    # country), and under which consent rule and legal basis it went.
    answer_due_on: date | None = None
    consent_rule: ConsentRule | None = None
    legal_basis: str = ""


@dataclass(frozen=True)
class CoordinationEvent:
    """What was sent, to whom, when, and on what basis (PROTOCOL.md g)."""

    kind: CoordinationKind
    recipient: str
    sent_at: datetime
    recorded_by: str
    content: str = ""
    basis: str = ""
    reference_number: str = ""
    consent_key: str | None = None
    # Only anonymised facts were shared, nothing that identifies a person: no consent is needed.
    anonymised: bool = False
    data_sent: tuple[SharedData, ...] = ()  # exactly what left the station
    automatic: bool = False  # added by a printout or an export for the recipient


@dataclass(frozen=True)
class Attachment:
    """A photo, screenshot or document. `content` is None where only the description was loaded."""

    filename: str
    media_type: str
    sha256: str
    size: int
    added_at: datetime
    added_by: str
    description: str = ""
    content: bytes | None = None


@dataclass(frozen=True)
class SectionComment:
    """A reviewer's comment on one section of the case (a step id of the protocol pack)."""

    section: str
    comment: str


@dataclass(frozen=True)
class FieldChange:
    """One value that changed, by its path in the record ("persons[0].name"), as text."""

    path: str
    before: str
    after: str


@dataclass(frozen=True)
class Review:
    """A decision in the case's history: who took it, when, why, and what it carried."""

    decision: ReviewDecision
    reviewer: str
    at: datetime
    comment: str = ""
    checks: tuple[str, ...] = ()  # approve: the judgement checks the supervisor confirmed
    sections: tuple[SectionComment, ...] = ()  # return: comments attached to sections
    changes: tuple[FieldChange, ...] = ()  # resubmission since a return, or a supplement
    escalated_to: str = ""  # escalate: the user name of the higher reviewer
    hate_flag_removed: bool = False  # every bias motive dropped after submission


@dataclass(frozen=True)
class FollowUp:
    """A re-contact of the victim: due on a day, then done with its result (PROTOCOL.md: the
    check on the victim's safety and on the service's help)."""

    due_on: date
    note: str = ""
    done_at: datetime | None = None
    done_by: str = ""
    result: str = ""
    scheduled_by: str = ""


class OutcomeKind(StrEnum):
    """What became of a case in the justice system, as the information comes back to the station
    (PROTOCOL.md c, g: ODIHR counts hate crimes recorded, prosecuted and sentenced)."""

    SENT_TO_PROSECUTOR = "sent_to_prosecutor"
    CHARGED = "charged"
    PROSECUTED = "prosecuted"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    DISCONTINUED = "discontinued"


@dataclass(frozen=True)
class Outcome:
    """One dated outcome of a case: what happened on which day, the court's or prosecutor's
    reference, who entered it and when (a case may gather several: charged, then convicted)."""

    kind: OutcomeKind
    happened_on: date
    court_reference: str = ""
    note: str = ""
    recorded_at: datetime | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class CaseLink:
    """This case's link to another (by reference). `kind` DUPLICATE: this case duplicates
    `other`; a series says what it shares."""

    other: str
    kind: LinkKind
    at: datetime
    by: str
    basis: SeriesBasis | None = None  # a series only
    note: str = ""


@dataclass(frozen=True)
class CaseRecord:
    """Everything recorded for one case. Users are named by user name, the station by its code."""

    reference: str
    station_code: str
    status: CaseStatus
    created_at: datetime
    created_by: str
    officer: str
    protocol_pack: str
    protocol_version: str
    # first response and safety
    reported_at: datetime | None = None
    attended_at: datetime | None = None
    immediate_danger: bool | None = None
    injuries: bool | None = None
    injuries_note: str = ""
    medical_help: bool | None = None
    medical_note: str = ""
    response_delayed: bool = False
    delay_plan: str = ""
    # the incident
    occurred_at: datetime | None = None
    place: str = ""
    district: str = ""
    place_type: str = ""
    narrative: str = ""
    reporter_type: ReporterType | None = None
    no_individual_victim: bool = False
    offence_types: tuple[str, ...] = ()
    # evidence of bias
    verbatim_words: str = ""
    evidence_notes: str = ""
    # identification and classification
    indicators: tuple[IndicatorObservation, ...] = ()
    perceptions: tuple[Perception, ...] = ()
    officer_assessment: str = ""
    motives: tuple[str, ...] = ()
    classification: str = ""
    # Why the officer chose it, in their words; printed for the prosecutor.
    classification_reason: str = ""
    # Where the pack allows several (a violent attack also filmed and posted as hate speech): the
    # others beside the main one, which statistics count.
    additional_classifications: tuple[str, ...] = ()
    # coordination and community
    community_impact: str = ""
    mediation_proposed: bool = False
    mediation_safeguards: tuple[str, ...] = ()
    # closure
    outcome: str = ""
    closure_note: str = ""
    closed_at: datetime | None = None
    escalated_to: str = ""  # while escalated: the reviewer it waits for
    duplicate_of: str = ""
    persons: tuple[Person, ...] = ()
    rights: tuple[RightsInformation, ...] = ()
    recorded_steps: tuple[StepRecord, ...] = ()
    assessments: tuple[NeedsAssessment, ...] = ()
    consents: tuple[Consent, ...] = ()
    referrals: tuple[Referral, ...] = ()
    coordination: tuple[CoordinationEvent, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    reviews: tuple[Review, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    outcomes: tuple[Outcome, ...] = ()  # oldest first
    links: tuple[CaseLink, ...] = ()  # read from both sides: kept with the case that made them

    def victims(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if p.role is PersonRole.VICTIM)


class ConsentGap(StrEnum):
    """Why a consent does not cover sharing with a recipient for a purpose (the issue's code)."""

    NO_CONSENT = "without_consent"
    UNKNOWN = "unknown_consent"
    REFUSED = "consent_refused"
    WITHDRAWN = "consent_withdrawn"
    OTHER_RECIPIENT = "consent_other_recipient"
    OTHER_PURPOSE = "consent_other_purpose"


# The one rule of which consent covers a referral (or a civil-society contact, or feedback): the
# wizard, validation, the printouts and the services all ask these two, none decides it again.
def consent_gap(
    consents: Iterable[Consent], key: str | None, recipient: str, purpose: ConsentPurpose
) -> ConsentGap | None:
    """Why the consent `key` does not cover sharing with `recipient` for `purpose`; None if it
    does: it was granted, is not withdrawn, and names this recipient and purpose."""
    if key is None:
        return ConsentGap.NO_CONSENT
    consent = next((c for c in consents if c.key == key), None)
    if consent is None:
        return ConsentGap.UNKNOWN
    if not consent.granted:
        return ConsentGap.REFUSED
    if consent.withdrawn_at is not None:
        return ConsentGap.WITHDRAWN
    if consent.recipient != recipient:
        return ConsentGap.OTHER_RECIPIENT
    if consent.purpose is not purpose:
        return ConsentGap.OTHER_PURPOSE
    return None


def covering_consent(
    consents: Iterable[Consent], key: str | None, recipient: str, purpose: ConsentPurpose
) -> Consent | None:
    """The consent `key` if it covers sharing with `recipient` for `purpose` (`consent_gap`)."""
    listed = tuple(consents)
    if consent_gap(listed, key, recipient, purpose) is not None:
        return None
    return next(c for c in listed if c.key == key)


def objected(
    consents: Iterable[Consent], person_key: str, recipient: str, purpose: ConsentPurpose
) -> bool:
    """Whether the person refused, or withdrew, a consent to share with `recipient` for
    `purpose`: where a protocol pack allows an opt-out, this is the objection that stops it."""
    return any(
        c.person_key == person_key
        and c.recipient == recipient
        and c.purpose is purpose
        and (not c.granted or c.withdrawn_at is not None)
        for c in consents
    )


def coordination_purpose(event: CoordinationEvent, has_victims: bool) -> ConsentPurpose | None:
    """What a victim's consent must cover before this communication, or None if it needs none.
    The prosecutor and the competent force receive the case as a statutory duty (LED; consent is
    not their basis); a civil-society organisation hears about a victim only with that victim's
    consent, unless it received only anonymised facts (PROTOCOL.md g)."""
    if event.kind is CoordinationKind.CIVIL_SOCIETY and has_victims and not event.anonymised:
        return ConsentPurpose.CIVIL_SOCIETY_CONTACT
    return None


class FeedbackAnswer(StrEnum):
    """Whether a service may tell the police how a referral went: asked (agreed or refused), or
    not asked, which a printout says as it is rather than as a refusal."""

    AGREED = "agreed"
    REFUSED = "refused"
    NOT_ASKED = "not_asked"


def feedback_answer(consents: Iterable[Consent], person_key: str, recipient: str) -> FeedbackAnswer:
    """The person's latest answer about feedback from `recipient` to the police; a withdrawn
    agreement is a refusal from then on."""
    asked = [
        c
        for c in consents
        if c.person_key == person_key
        and c.recipient == recipient
        and c.purpose is ConsentPurpose.FEEDBACK_TO_POLICE
    ]
    if not asked:
        return FeedbackAnswer.NOT_ASKED
    latest = max(asked, key=lambda c: c.recorded_at)
    if latest.granted and latest.withdrawn_at is None:
        return FeedbackAnswer.AGREED
    return FeedbackAnswer.REFUSED


# A row's place in the case list's order: its values of the columns the list is sorted by.
SortKey = tuple[Any, ...]


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""

    id: int
    reference: str
    occurred_at: datetime | None
    place: str
    district: str
    motives: tuple[str, ...]
    classification: str
    status: CaseStatus
    officer_name: str
    duplicate_of_id: int | None = None  # the case it duplicates: both count as one incident
    # Its values of the list's order (ending in a unique one): the next page starts after them.
    key: SortKey = field(default=(), compare=False)


def incidents(cases: Sequence[CaseSummary]) -> int:
    """How many incidents the listed cases are: a duplicate listed with the case it duplicates
    counts once (as app.storage.cases.count_cases counts in the database)."""
    listed = {case.id for case in cases}
    return len(cases) - sum(1 for case in cases if case.duplicate_of_id in listed)


@dataclass(frozen=True)
class CaseQuery:
    """What the case list asks for: text search, filters and order."""

    text: str = ""
    statuses: tuple[CaseStatus, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    motive: str = ""
    officer_id: int | None = None
    sort_by: str = "occurred_at"
    descending: bool = True
