"""Display labels for the domain's enum values.

The tables hold English source texts marked with N_ (so extraction finds them); they are
translated when shown, so a language switch takes effect without a restart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from app.domain.audit_actions import AuditAction
from app.domain.case import (
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    ConsentRule,
    CoordinationKind,
    GuardianRelation,
    LinkKind,
    OutcomeKind,
    PerceptionSource,
    PersonRole,
    ReferralStatus,
    ReporterType,
    ReviewDecision,
    RiskLevel,
    Role,
    SendChannel,
    SeriesBasis,
    ServiceKind,
    SharedData,
    Urgency,
)
from app.i18n import N_, _, babel_locale
from app.i18n.languages import language_name as i18n_language_name

CASE_STATUS: dict[CaseStatus, str] = {
    CaseStatus.DRAFT: N_("Draft"),
    CaseStatus.SUBMITTED: N_("Submitted"),
    CaseStatus.RETURNED: N_("Returned"),
    CaseStatus.APPROVED: N_("Approved"),
    CaseStatus.ESCALATED: N_("Escalated"),
    CaseStatus.CLOSURE_PROPOSED: N_("Closure proposed"),
    CaseStatus.CLOSED: N_("Closed"),
}
ROLE: dict[Role, str] = {
    Role.OFFICER: N_("Officer"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.ADMIN: N_("Administrator"),
    Role.DATA_PROTECTION_OFFICER: N_("Data-protection officer"),
}
PERSON_ROLE: dict[PersonRole, str] = {
    PersonRole.VICTIM: N_("Victim"),
    PersonRole.WITNESS: N_("Witness"),
    PersonRole.SUSPECT: N_("Suspect"),
    PersonRole.REPORTER: N_("Reporter"),
    PersonRole.GUARDIAN: N_("Guardian"),
}
# Plural headings for the persons section of the case view.
PERSON_ROLE_PLURAL: dict[PersonRole, str] = {
    PersonRole.VICTIM: N_("Victims"),
    PersonRole.WITNESS: N_("Witnesses"),
    PersonRole.SUSPECT: N_("Suspects"),
    PersonRole.REPORTER: N_("Reporters"),
    PersonRole.GUARDIAN: N_("Guardians"),
}
GUARDIAN_RELATION: dict[GuardianRelation, str] = {
    GuardianRelation.PARENT: N_("Parent"),
    GuardianRelation.LEGAL_GUARDIAN: N_("Legal guardian"),
    GuardianRelation.OTHER_REPRESENTATIVE: N_("Other legal representative"),
}
REPORTER_TYPE: dict[ReporterType, str] = {
    ReporterType.VICTIM: N_("The victim"),
    ReporterType.WITNESS: N_("A witness"),
    ReporterType.THIRD_PARTY: N_("A third party"),
    ReporterType.CIVIL_SOCIETY: N_("A civil-society organisation"),
    ReporterType.POLICE: N_("The police (own observation)"),
}
PERCEPTION_SOURCE: dict[PerceptionSource, str] = {
    PerceptionSource.VICTIM: N_("Victim"),
    PerceptionSource.WITNESS: N_("Witness"),
    PerceptionSource.REPORTER: N_("Reporter"),
    PerceptionSource.OTHER: N_("Other person"),
}
RISK_LEVEL: dict[RiskLevel, str] = {
    RiskLevel.LOW: N_("Low"),
    RiskLevel.MEDIUM: N_("Medium"),
    RiskLevel.HIGH: N_("High"),
}
CONSENT_METHOD: dict[ConsentMethod, str] = {
    ConsentMethod.SIGNED: N_("Signed"),
    ConsentMethod.ORAL: N_("Oral"),
    ConsentMethod.INTERPRETER: N_("Through an interpreter"),
    ConsentMethod.SIGN_LANGUAGE: N_("In sign language"),
}
CONSENT_PURPOSE: dict[ConsentPurpose, str] = {
    ConsentPurpose.REFERRAL: N_("Referral to a support service"),
    ConsentPurpose.CIVIL_SOCIETY_CONTACT: N_("Contact with a civil-society organisation"),
    ConsentPurpose.FEEDBACK_TO_POLICE: N_("The service may tell the police how it went"),
    ConsentPurpose.OTHER: N_("Other purpose"),
}
REFERRAL_STATUS: dict[ReferralStatus, str] = {
    ReferralStatus.PROPOSED: N_("Proposed"),
    ReferralStatus.SENT: N_("Sent"),
    ReferralStatus.RECEIVED: N_("Received"),
    ReferralStatus.ACCEPTED: N_("Accepted"),
    ReferralStatus.DECLINED: N_("Declined"),
    ReferralStatus.NO_ANSWER: N_("No answer"),
    ReferralStatus.CONTACT_MADE: N_("Contact made"),
    ReferralStatus.CLOSED: N_("Closed"),
    ReferralStatus.WITHDRAWN: N_("Withdrawn"),
}
URGENCY: dict[Urgency, str] = {
    Urgency.SAME_DAY: N_("Same day"),
    Urgency.WITHIN_48_HOURS: N_("Within 48 hours"),
    Urgency.ROUTINE: N_("Routine"),
}
COORDINATION_KIND: dict[CoordinationKind, str] = {
    CoordinationKind.PROSECUTOR: N_("Prosecutor"),
    CoordinationKind.COMPETENT_FORCE: N_("Competent police force"),
    CoordinationKind.CIVIL_SOCIETY: N_("Civil society"),
    CoordinationKind.HEALTH: N_("Health services"),
    CoordinationKind.SOCIAL_SERVICES: N_("Social services"),
    CoordinationKind.SUPPORT_SERVICE: N_("Support service"),
    CoordinationKind.COMMUNITY_IMPACT: N_("Community-impact note"),
    CoordinationKind.OTHER: N_("Other"),
}
SEND_CHANNEL: dict[SendChannel, str] = {
    SendChannel.HANDED_OVER: N_("Handed over"),
    SendChannel.EMAIL: N_("E-mail"),
    SendChannel.PHONE: N_("Phone"),
    SendChannel.SECURE_TRANSFER: N_("Secure transfer"),
}
SHARED_DATA: dict[SharedData, str] = {
    SharedData.REPORT: N_("Incident report"),
    SharedData.INDICATOR_ANNEX: N_("Bias-indicator annex"),
    SharedData.RIGHTS_NOTE: N_("Note that the victim was told their rights"),
    SharedData.REFERRAL_SHEET: N_("Referral sheet"),
    SharedData.CASE_FILE: N_("Whole case file"),
    SharedData.ANONYMISED_FACTS: N_("Anonymised facts"),
    SharedData.VICTIM_IDENTITY: N_("Victim's identity"),
    SharedData.VICTIM_CONTACT: N_("Victim's contact details"),
    SharedData.SPECIAL_CATEGORIES: N_("Special-category data"),
    SharedData.EVIDENCE: N_("Evidence"),
    SharedData.ATTACHMENTS: N_("Attachments"),
}
CONSENT_RULE: dict[ConsentRule, str] = {
    ConsentRule.EXPLICIT: N_("Explicit consent"),
    ConsentRule.OPT_OUT: N_("Opt-out (the victim did not object)"),
}
LINK_KIND: dict[LinkKind, str] = {
    LinkKind.SAME_INCIDENT: N_("Same incident"),
    LinkKind.SERIES: N_("Series"),
    LinkKind.DUPLICATE: N_("Duplicate of"),
    LinkKind.DUPLICATED: N_("Duplicated by"),
}
OUTCOME_KIND: dict[OutcomeKind, str] = {
    OutcomeKind.SENT_TO_PROSECUTOR: N_("Sent to the prosecutor"),
    OutcomeKind.CHARGED: N_("Charged"),
    OutcomeKind.PROSECUTED: N_("Prosecuted"),
    OutcomeKind.CONVICTED: N_("Convicted"),
    OutcomeKind.ACQUITTED: N_("Acquitted"),
    OutcomeKind.DISCONTINUED: N_("Discontinued"),
}
SERIES_BASIS: dict[SeriesBasis, str] = {
    SeriesBasis.PLACE: N_("Same place"),
    SeriesBasis.SUSPECT: N_("Same suspect"),
    SeriesBasis.VICTIM: N_("Same victim"),
}
REVIEW_DECISION: dict[ReviewDecision, str] = {
    ReviewDecision.SUBMIT: N_("Submitted for review"),
    ReviewDecision.APPROVE: N_("Approved"),
    ReviewDecision.RETURN: N_("Returned to the officer"),
    ReviewDecision.ESCALATE: N_("Escalated"),
    ReviewDecision.PROPOSE_CLOSURE: N_("Closure proposed"),
    ReviewDecision.CLOSE: N_("Closed"),
    ReviewDecision.REOPEN: N_("Reopened"),
    ReviewDecision.SUPPLEMENT: N_("Supplement"),
}
SERVICE_KIND: dict[ServiceKind, str] = {
    ServiceKind.VICTIM_SUPPORT: N_("Victim support"),
    ServiceKind.LEGAL_AID: N_("Legal aid"),
    ServiceKind.PSYCHOLOGICAL: N_("Psychological support"),
    ServiceKind.MEDICAL: N_("Medical"),
    ServiceKind.SHELTER: N_("Shelter"),
    ServiceKind.INTERPRETER: N_("Interpreter"),
    ServiceKind.EQUALITY_BODY: N_("Equality body"),
    ServiceKind.COMMUNITY_ORGANISATION: N_("Community organisation"),
    ServiceKind.CHILD_SUPPORT: N_("Support for child victims"),
}

# The audit trail's events, as the audit viewer lists them (other issue-13 parts add theirs).
AUDIT_ACTION: dict[AuditAction, str] = {
    AuditAction.SETUP: N_("Database set up"),
    AuditAction.LOGIN: N_("Signed in"),
    AuditAction.LOGIN_FAILED: N_("Sign-in refused"),
    AuditAction.LOGOUT: N_("Signed out"),
    AuditAction.LOCK: N_("Account locked"),
    AuditAction.REFUSED: N_("Attempt refused"),
    AuditAction.STATION_ADD: N_("Station added"),
    AuditAction.STATION_SET: N_("Station changed"),
    AuditAction.CREATE: N_("Created"),
    AuditAction.UPDATE: N_("Changed"),
    AuditAction.ATTACH: N_("Attachment added"),
    AuditAction.DETACH: N_("Attachment removed"),
    AuditAction.VIEW: N_("Read"),
    AuditAction.IMPORT: N_("Imported"),
    AuditAction.DEACTIVATE: N_("Deactivated"),
    AuditAction.EXPORT: N_("Exported"),
    AuditAction.EXPORT_FAILED: N_("Export failed"),
    AuditAction.PRINT: N_("Printed"),
    AuditAction.PRINT_FAILED: N_("Printing failed"),
    AuditAction.SUBMIT: N_("Submitted"),
    AuditAction.APPROVE: N_("Approved"),
    AuditAction.RETURN: N_("Returned"),
    AuditAction.ESCALATE: N_("Escalated"),
    AuditAction.PROPOSE_CLOSURE: N_("Closure proposed"),
    AuditAction.CLOSE: N_("Closed"),
    AuditAction.REOPEN: N_("Reopened"),
    AuditAction.SUPPLEMENT: N_("Supplement"),
    AuditAction.REFERRAL_STEP: N_("Referral step"),
    AuditAction.WITHDRAW_CONSENT: N_("Consent withdrawn"),
    AuditAction.COORDINATE: N_("Coordination"),
    AuditAction.RECONTACT: N_("Re-contact recorded"),
    AuditAction.LINK: N_("Linked"),
    AuditAction.DEMO_FILL: N_("Demo data filled in"),
    AuditAction.AUDIT_VERIFY: N_("Audit trail verified"),
    AuditAction.AUDIT_CHECKPOINT: N_("Audit checkpoint taken"),
    AuditAction.AUDIT_SEARCH: N_("Audit trail searched"),
    AuditAction.AUDIT_EXPORT: N_("Audit trail exported"),
    AuditAction.AUDIT_EXPORT_FAILED: N_("Audit trail export failed"),
    AuditAction.STATS_EXPORT: N_("Statistics exported"),
    AuditAction.STATS_EXPORT_FAILED: N_("Statistics export failed"),
    AuditAction.SESSION_LOCKED: N_("Session locked"),
    AuditAction.SESSION_UNLOCKED: N_("Session unlocked"),
    AuditAction.SESSION_TAKEN_OVER: N_("Locked session signed out by another user"),
    AuditAction.AUDIT_PRUNE: N_("Old audit events removed"),
    AuditAction.REVEAL: N_("Special-category data shown"),
    AuditAction.DATABASE_ENCRYPT: N_("Database encrypted"),
    AuditAction.DATABASE_RECOVERY_SHEET: N_("Recovery sheet printed"),
    AuditAction.ANONYMISE: N_("Anonymised"),
    AuditAction.RETENTION_RUN: N_("Retention run"),
    AuditAction.SUBJECT_ACCESS: N_("Request of access"),
    AuditAction.USER_DEACTIVATE: N_("Account deactivated"),
    AuditAction.USER_REACTIVATE: N_("Account reactivated"),
    AuditAction.PASSWORD_RESET: N_("Password reset"),
    AuditAction.PASSWORD_CHANGE: N_("Password changed"),
    AuditAction.USER_SET: N_("Role or station changed"),
    AuditAction.STATS_REPORT: N_("Statistics report printed"),
    AuditAction.OUTCOME: N_("Outcome recorded"),
    AuditAction.TRAINING_RECORD: N_("Training record printed"),
    AuditAction.TRAINING_EXERCISE_MADE: N_("Training exercise made from a case"),
}

# Texts the program stores in the case in English, as stable values: the basis of a communication
# (PROTOCOL.md g), the recipient of a refused referral, the age band "under 18" from the list.
# Shown in the screen language (`stored`); what a person typed is shown as it is.
STATUTORY_DUTY = N_("Statutory duty")
VICTIM_CONSENT = N_("Consent of the victim")
ANONYMISED_FACTS = N_("Anonymised facts for community reassurance")
ANY_SERVICE = N_("Support services")
UNDER_18 = N_("under 18")
STORED_TEXTS = frozenset({STATUTORY_DUTY, VICTIM_CONSENT, ANONYMISED_FACTS, ANY_SERVICE, UNDER_18})


E = TypeVar("E", bound=StrEnum)


# Each enumeration's table, so that one function labels any value.
TABLES: dict[type[StrEnum], dict[Any, str]] = {
    CaseStatus: CASE_STATUS, Role: ROLE, PersonRole: PERSON_ROLE, ReporterType: REPORTER_TYPE,
    PerceptionSource: PERCEPTION_SOURCE, RiskLevel: RISK_LEVEL, ConsentMethod: CONSENT_METHOD,
    ConsentPurpose: CONSENT_PURPOSE, ReferralStatus: REFERRAL_STATUS, Urgency: URGENCY,
    CoordinationKind: COORDINATION_KIND, ReviewDecision: REVIEW_DECISION, ServiceKind: SERVICE_KIND,
    GuardianRelation: GUARDIAN_RELATION, SendChannel: SEND_CHANNEL, SharedData: SHARED_DATA,
    ConsentRule: CONSENT_RULE, LinkKind: LINK_KIND, SeriesBasis: SERIES_BASIS,
    AuditAction: AUDIT_ACTION, OutcomeKind: OUTCOME_KIND,
}  # fmt: skip


def label(value: StrEnum | None) -> str:
    """The display text of an enumeration value in the screen language ("" for none)."""
    return "" if value is None else _lookup(TABLES[type(value)], value)


def _lookup(table: dict[E, str], value: E | None) -> str:
    # A value missing from the table (a newer enum member) shows its stable id, not a crash.
    if value is None:
        return ""
    text = table.get(value)
    return _(text) if text else str(value)


def stored(value: str) -> str:
    """A value of the case in the screen language: one the program stores in English (see
    STORED_TEXTS) translated, anything a person typed as it is."""
    return _(value) if value in STORED_TEXTS else value


def person_role_plural(value: PersonRole) -> str:
    return _lookup(PERSON_ROLE_PLURAL, value)


def country_name(code: str) -> str:
    """A country code as its name in the screen language, e.g. "PT" -> "Portugal (PT)"."""
    from babel import Locale  # noqa: PLC0415 - slow import, not at start-up

    name = Locale.parse(babel_locale()).territories.get(code, "")
    return f"{name} ({code})" if name else code


def language_name(code: str) -> str:
    """A language code as its name in the screen language, e.g. "bn" -> "Bangla (bn)"."""
    if not code:
        return ""
    name = i18n_language_name(code, babel_locale())
    return f"{name} ({code})" if name != code.strip() else name
