"""Printed names of the domain's enumeration values, in the `documents` domain (the screens have
their own in app/ui/labels.py, in the `app` domain). Translated where they are printed."""

from __future__ import annotations

from enum import StrEnum

from app.documents.text import D_
from app.domain.case import (
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    CoordinationKind,
    OutcomeKind,
    PerceptionSource,
    PersonRole,
    ReferralStatus,
    ReporterType,
    RiskLevel,
    ServiceKind,
    Urgency,
)

PERSON_ROLE: dict[StrEnum, str] = {
    PersonRole.VICTIM: D_("Victim"),
    PersonRole.WITNESS: D_("Witness"),
    PersonRole.SUSPECT: D_("Suspect"),
    PersonRole.REPORTER: D_("Reporter"),
    PersonRole.GUARDIAN: D_("Parent or guardian"),
}
REPORTER_TYPE: dict[StrEnum, str] = {
    ReporterType.VICTIM: D_("The victim"),
    ReporterType.WITNESS: D_("A witness"),
    ReporterType.THIRD_PARTY: D_("A third party"),
    ReporterType.CIVIL_SOCIETY: D_("A civil-society organisation"),
    ReporterType.POLICE: D_("The police (own observation)"),
}
PERCEPTION_SOURCE: dict[StrEnum, str] = {
    PerceptionSource.VICTIM: D_("The victim"),
    PerceptionSource.WITNESS: D_("A witness"),
    PerceptionSource.REPORTER: D_("The person who reported it"),
    PerceptionSource.OTHER: D_("Another person"),
}
RISK_LEVEL: dict[StrEnum, str] = {
    RiskLevel.LOW: D_("Low"),
    RiskLevel.MEDIUM: D_("Medium"),
    RiskLevel.HIGH: D_("High"),
}
CONSENT_METHOD: dict[StrEnum, str] = {
    ConsentMethod.SIGNED: D_("signed"),
    ConsentMethod.ORAL: D_("oral"),
    ConsentMethod.INTERPRETER: D_("through an interpreter"),
    ConsentMethod.SIGN_LANGUAGE: D_("in sign language"),
}
CONSENT_PURPOSE: dict[StrEnum, str] = {
    ConsentPurpose.REFERRAL: D_("Referral to a support service"),
    ConsentPurpose.CIVIL_SOCIETY_CONTACT: D_("Contact with a civil-society organisation"),
    ConsentPurpose.FEEDBACK_TO_POLICE: D_("The service may tell the police how it went"),
    ConsentPurpose.OTHER: D_("Other purpose"),
}
REFERRAL_STATUS: dict[StrEnum, str] = {
    ReferralStatus.PROPOSED: D_("Proposed"),
    ReferralStatus.SENT: D_("Sent"),
    ReferralStatus.RECEIVED: D_("Received"),
    ReferralStatus.ACCEPTED: D_("Accepted"),
    ReferralStatus.DECLINED: D_("Declined"),
    ReferralStatus.NO_ANSWER: D_("No answer"),
    ReferralStatus.CONTACT_MADE: D_("Contact made"),
    ReferralStatus.CLOSED: D_("Closed"),
    ReferralStatus.WITHDRAWN: D_("Withdrawn"),
}
URGENCY: dict[StrEnum, str] = {
    Urgency.SAME_DAY: D_("Same day"),
    Urgency.WITHIN_48_HOURS: D_("Within 48 hours"),
    Urgency.ROUTINE: D_("Routine"),
}
# What the urgency means for the victim, on their copy.
URGENCY_FOR_VICTIM: dict[StrEnum, str] = {
    Urgency.SAME_DAY: D_("The service will try to contact you today."),
    Urgency.WITHIN_48_HOURS: D_("The service will try to contact you within two days."),
    Urgency.ROUTINE: D_("The service will contact you soon, usually within a few working days."),
}
COORDINATION_KIND: dict[StrEnum, str] = {
    CoordinationKind.PROSECUTOR: D_("Prosecutor"),
    CoordinationKind.COMPETENT_FORCE: D_("Competent police force"),
    CoordinationKind.CIVIL_SOCIETY: D_("Civil-society organisation"),
    CoordinationKind.HEALTH: D_("Health services"),
    CoordinationKind.SOCIAL_SERVICES: D_("Social services"),
    CoordinationKind.SUPPORT_SERVICE: D_("Support service"),
    CoordinationKind.COMMUNITY_IMPACT: D_("Community-impact note"),
    CoordinationKind.OTHER: D_("Other"),
}
SERVICE_KIND: dict[StrEnum, str] = {
    ServiceKind.VICTIM_SUPPORT: D_("Victim support"),
    ServiceKind.LEGAL_AID: D_("Legal aid"),
    ServiceKind.PSYCHOLOGICAL: D_("Psychological support"),
    ServiceKind.MEDICAL: D_("Medical care"),
    ServiceKind.SHELTER: D_("Shelter"),
    ServiceKind.INTERPRETER: D_("Interpreting"),
    ServiceKind.EQUALITY_BODY: D_("Equality body"),
    ServiceKind.COMMUNITY_ORGANISATION: D_("Community organisation"),
    ServiceKind.CHILD_SUPPORT: D_("Support for child victims"),
}

# Consent.data_scope ids (the consent dialog's boxes) as printed for the victim and the service.
DATA_SCOPE: dict[str, str] = {
    "identity": D_("Identity: name, date of birth or age"),
    "contact": D_("Safe contact details, language and communication needs"),
    "incident": D_("What happened: when, where, the offence and the perceived motive"),
    "needs": D_("Support needs, risk and urgency"),
}
SPECIAL_CATEGORIES = D_(
    "Special categories: origin, religion, sexual orientation, gender identity, health, disability"
)
# The special-category fields of a person (app.domain.case.SPECIAL_CATEGORY_FIELDS).
SPECIAL_FIELD: dict[str, str] = {
    "ethnicity": D_("Ethnic origin"),
    "religion": D_("Religion or belief"),
    "sexual_orientation": D_("Sexual orientation"),
    "gender_identity": D_("Gender identity"),
    "health": D_("Health"),
    "disability": D_("Disability"),
}
# The recipient the referral page records when the victim declines support services as such.
ANY_SERVICE = D_("Support services")
CASE_STATUS: dict[StrEnum, str] = {
    CaseStatus.DRAFT: D_("Draft"),
    CaseStatus.SUBMITTED: D_("Submitted"),
    CaseStatus.RETURNED: D_("Returned"),
    CaseStatus.APPROVED: D_("Approved"),
    CaseStatus.ESCALATED: D_("Escalated"),
    CaseStatus.CLOSURE_PROPOSED: D_("Closure proposed"),
    CaseStatus.CLOSED: D_("Closed"),
}
OUTCOME_KIND: dict[StrEnum, str] = {
    OutcomeKind.SENT_TO_PROSECUTOR: D_("Sent to the prosecutor"),
    OutcomeKind.CHARGED: D_("Charged"),
    OutcomeKind.PROSECUTED: D_("Prosecuted"),
    OutcomeKind.CONVICTED: D_("Convicted"),
    OutcomeKind.ACQUITTED: D_("Acquitted"),
    OutcomeKind.DISCONTINUED: D_("Discontinued"),
}
