"""Wording shared by several screens (the wizard, the case view, the case list, printing), kept
apart from any of them so that none imports another for a few words."""

from __future__ import annotations

from app.domain.case import Person
from app.domain.protocol import ProtocolPack
from app.i18n import N_, _

# Why a case is opened or printed: offered in a list, a reason of one's own can be typed.
REASONS = (
    N_("Own case work"),
    N_("Supervisor review"),
    N_("Victim's request for information"),
    N_("Prosecutor's request"),
    N_("Other"),
)


def person_name(person: Person) -> str:
    return person.name or person.alias or _("Person {key}").format(key=person.key)


# Short names of the wizard's sections, as an officer would say them.
SECTIONS: dict[str, str] = {
    "first_response": N_("First response"),
    "communication": N_("Communication"),
    "incident": N_("What happened"),
    "evidence": N_("Evidence"),
    "identification": N_("Identification"),
    "classification": N_("Classification"),
    "rights": N_("Rights information"),
    "assessment": N_("Needs assessment"),
    "referral": N_("Referral"),
    "coordination": N_("Coordination"),
    "summary": N_("Summary"),
}


def section(step: str, pack: ProtocolPack) -> str:
    """A section of the case by its step id, as an officer would name it."""
    text = SECTIONS.get(step)
    if text:
        return _(text)
    found = next((s for s in pack.steps if s.id == step), None)
    return _(found.title) if found else _("Case")


# The hate-case checklist's checks (app.domain.checklist) by id: beside the case, in its history.
CHECK_TITLES = {
    "classification": N_("Classification, motives and offence types recorded and consistent"),
    "indicator_notes": N_("Each bias indicator has a note"),
    "victim_perception": N_("The victim's own perception recorded"),
    "rights": N_("Rights given in a language the victim understands, leaflet version logged"),
    "interpreter": N_("Interpreter arranged where needed"),
    "needs_assessment": N_("Needs of every victim assessed"),
    "child_protection": N_("A child victim presumed to need protection"),
    "referral_consent": N_("A consent for each referral"),
    "prosecutor": N_("Prosecutor informed, with a reference number"),
    "competent_force": N_("Hand-over to the competent force, with a reference number"),
    "special_categories": N_("No special-category data beyond what is needed"),
    "audit_reasons": N_("A reason on every view, export and print"),
    "proportionality": N_("Recording and response consistent and proportionate"),
    "community_tension": N_("Community tension considered"),
    "attendance": N_("Whether to attend the scene considered"),
}
