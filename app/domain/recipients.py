"""What a printout for a recipient carries out of the station (PROTOCOL.md g): the coordination
log lists exactly that when the printout leaves (printed on paper or saved to a file), and which
referral sheets may still be printed at all.
"""

from __future__ import annotations

from app.domain.case import (
    SPECIAL_CATEGORY_FIELDS,
    CaseRecord,
    Consent,
    Person,
    Referral,
    ReferralStatus,
    SharedData,
)
from app.domain.validation import Issue

# The consent's data scope that puts the victim's identity and contact on a referral sheet.
IDENTITY, CONTACT = "identity", "contact"


def referral_sheet_sends(consent: Consent, victim: Person) -> tuple[SharedData, ...]:
    """What the service's copy of a referral sheet carries: what the consent covers, and the
    victim's special categories only with their separate consent and when any is recorded."""
    scope = set(consent.data_scope)
    sent = [SharedData.REFERRAL_SHEET]
    if IDENTITY in scope:
        sent.append(SharedData.VICTIM_IDENTITY)
    if CONTACT in scope:
        sent.append(SharedData.VICTIM_CONTACT)
    if consent.special_categories and any(getattr(victim, f) for f in SPECIAL_CATEGORY_FIELDS):
        sent.append(SharedData.SPECIAL_CATEGORIES)
    return tuple(sent)


def prosecutor_report_sends(record: CaseRecord) -> tuple[SharedData, ...]:
    """What the report to the prosecutor carries: the report and its indicator annex, the note
    that the victim was told their rights, the victims' identity and contact, the evidence list
    (each file's name and SHA-256, not the files). Never special categories (LED Art. 10)."""
    victims = record.victims()
    sent = [SharedData.REPORT, SharedData.INDICATOR_ANNEX]
    if record.rights:
        sent.append(SharedData.RIGHTS_NOTE)
    if victims:
        sent.append(SharedData.VICTIM_IDENTITY)
    if any(v.address or v.phone or v.email for v in victims):
        sent.append(SharedData.VICTIM_CONTACT)
    if record.attachments:
        sent.append(SharedData.EVIDENCE)
    return tuple(sent)


def sheet_issues(referral: Referral) -> list[Issue]:
    """Why a referral's sheet may not be printed (again): the victim withdrew the consent it went
    under, or the service declined or closed it. The sheet asks the service to contact the
    victim: for an ended referral that request is void, and printing it would send the victim's
    data again for nothing. Its history stays in the case; a new referral sends them again."""
    field = f"referral {referral.key}"
    if referral.status is ReferralStatus.WITHDRAWN:
        return [Issue("referral_withdrawn", field)]
    if referral.status in (ReferralStatus.DECLINED, ReferralStatus.CLOSED):
        return [Issue("referral_ended", field)]
    return []
