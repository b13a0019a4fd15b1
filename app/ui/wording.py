"""Wording shared by several screens (the wizard, the case view, the case list, printing), kept
apart from any of them so that none imports another for a few words."""

from __future__ import annotations

from app.domain.case import Person
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
