"""A request of access (LED Art. 14): which persons a searched name may be, and which of a case's
coordination entries carried a person's data. Plain rules, asked by the service and its tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from app.domain.case import CoordinationEvent, Person, PersonRole, SharedData
from app.domain.text import normalise_for_search

# What a coordination entry carries about every person of the case, whoever they are.
WHOLE_CASE = frozenset(
    {SharedData.REPORT, SharedData.CASE_FILE, SharedData.EVIDENCE, SharedData.ATTACHMENTS}
)
# What it carries about the victim (and so about a victim who asks).
ABOUT_THE_VICTIM = frozenset(
    {
        SharedData.VICTIM_IDENTITY,
        SharedData.VICTIM_CONTACT,
        SharedData.SPECIAL_CATEGORIES,
        SharedData.REFERRAL_SHEET,
        SharedData.RIGHTS_NOTE,
    }
)


def search_words(name: str) -> tuple[str, ...]:
    """The words of a searched name, as the case search folds them (case and accents)."""
    return tuple(normalise_for_search(name).split())


def name_matches(words: Iterable[str], name: str, alias: str = "") -> bool:
    """Whether every searched word is in the person's name, or every one in their alias: "Jose
    Garcia" finds "José GARCÍA", and a word may be the start of one ("Gar" finds "García")."""
    wanted = tuple(words)
    if not wanted:
        return False
    for held in (name, alias):
        held_words = normalise_for_search(held).split()
        if held_words and all(any(h.startswith(w) for h in held_words) for w in wanted):
            return True
    return False


def born_matches(born: date | None, person: Person) -> bool:
    """With a birth date asked for, a person born another day is a homonym; one whose birth date
    is not recorded may still be them, and is listed for the officer to judge."""
    return born is None or person.date_of_birth is None or person.date_of_birth == born


def carried(event: CoordinationEvent, person: Person, consent_keys: Iterable[str]) -> bool:
    """Whether a coordination entry sent this person's data: it went under one of their consents,
    or carried the whole case, or (for a victim) the victim's data. Anonymised facts carry none."""
    if event.anonymised:
        return False
    if event.consent_key is not None and event.consent_key in set(consent_keys):
        return True
    sent = set(event.data_sent)
    if sent & WHOLE_CASE:
        return True
    return person.role is PersonRole.VICTIM and bool(sent & ABOUT_THE_VICTIM)


def others_by_role(persons: Iterable[Person], key: str) -> dict[PersonRole, int]:
    """The other persons of the case, counted by role (in the roles' order): their presence,
    never their data."""
    counts: dict[PersonRole, int] = {}
    for person in persons:
        if person.key != key:
            counts[person.role] = counts.get(person.role, 0) + 1
    return {role: counts[role] for role in PersonRole if role in counts}
