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
