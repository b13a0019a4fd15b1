"""A training exercise made from a real case (issue 16, part D): the case through the retention
anonymiser (app.domain.retention.anonymise), then a worked case whose model answer is what the
officer recorded, and whose situation is a draft the trainer rewrites before it is used.

Only codes come through: the pack's ids (each checked against the pack, so nothing typed can pass
as one), the case's enumerations and its yes/no answers. The situation names the type of place
(a pack label) and who was there by role; never a name, an address, a contact, a district or a
text anyone typed. The trainer gives the people invented names in the review dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.case import CaseRecord, CaseStatus, Person, PersonRole, ReferralStatus
from app.domain.child import STORED_UNDER_18
from app.domain.protocol import ProtocolPack
from app.domain.retention import anonymise
from app.domain.training import CaseSource, ModelAnswer, ModelReferral, SituationPerson, WorkedCase

# Only a case a supervisor has approved (or closed) teaches what a careful officer records.
MADE_FROM = frozenset({CaseStatus.APPROVED, CaseStatus.CLOSED})
# The roles a trainee meets at the scene, in the order the situation names them.
MET = (PersonRole.VICTIM, PersonRole.GUARDIAN, PersonRole.WITNESS, PersonRole.REPORTER,
       PersonRole.SUSPECT)  # fmt: skip
# Invented names the draft gives the people by role; the trainer may change them.
ROLE_NAMES = {
    PersonRole.VICTIM: "Victim",
    PersonRole.GUARDIAN: "Parent",
    PersonRole.WITNESS: "Witness",
    PersonRole.REPORTER: "Reporter",
    PersonRole.SUSPECT: "Suspect",
}
ASK_TRAINER = (
    "[Trainer: describe what the officer is told and sees on arrival, in invented words; give no"
    " answer away.]"
)


@dataclass(frozen=True)
class ExerciseRefusal:
    """Why a case cannot become an exercise (a code for the service's refusal)."""

    code: str


def exercise_refusal(record: CaseRecord) -> ExerciseRefusal | None:
    """None when the case may become an exercise: approved or closed, and classified."""
    if record.status not in MADE_FROM:
        return ExerciseRefusal("not_approved")
    if not record.classification:
        return ExerciseRefusal("not_classified")
    return None


def exercise_from_record(record: CaseRecord, pack: ProtocolPack, exercise_id: str) -> WorkedCase:
    """The draft worked case the anonymised record gives (`exercise_id`: lowercase snake case,
    chosen by the caller; never the case's reference, which would lead back to it)."""
    plain = anonymise(record)
    victims = [p for p in plain.persons if p.role is PersonRole.VICTIM]
    victim_keys = {p.key for p in victims}
    assessments = [a for a in plain.assessments if a.person_key in victim_keys]
    # The anonymiser empties needs and measures (lists of texts); they are the pack's ids, so
    # the original's are taken, each checked against the pack.
    original = [a for a in record.assessments if a.person_key in victim_keys]
    rights_language = next(
        (r.leaflet_language for r in plain.rights if r.person_key in victim_keys), ""
    )
    consents = {c.key: c.granted for c in plain.consents}
    referrals: list[ModelReferral] = []
    for referral in plain.referrals:
        granted = consents.get(referral.consent_key or "", True) and (
            referral.status is not ReferralStatus.WITHDRAWN
        )
        model_referral = ModelReferral(referral.service_kind.value, granted)
        if model_referral not in referrals:
            referrals.append(model_referral)
    protection = [a.protection_needs for a in assessments if a.protection_needs is not None]
    risks = [a.risk_level.value for a in assessments if a.risk_level is not None]
    model = ModelAnswer(
        classification="".join(_ids(pack, "classifications", (plain.classification,))),
        additional_classifications=frozenset(
            _ids(pack, "classifications", plain.additional_classifications)
        ),
        motives=frozenset(_ids(pack, "motives", plain.motives)),
        indicators=frozenset(
            _ids(pack, "indicators", tuple(i.indicator for i in plain.indicators))
        ),
        perception_sources=frozenset(p.source.value for p in plain.perceptions),
        offence_types=frozenset(_ids(pack, "offence_types", plain.offence_types)),
        no_individual_victim=plain.no_individual_victim,
        child_victim=any(_child(p) for p in victims),
        rights_language=rights_language if _language_code(rights_language) else "",
        interpreter=True if any(p.interpreter_needed for p in victims) else None,
        protection_needs=any(protection) if protection else None,
        risk_level=max(risks, key=["low", "medium", "high"].index) if risks else "",
        needs=frozenset(_ids(pack, "needs", tuple(n for a in original for n in a.needs))),
        measures=frozenset(_ids(pack, "measures", tuple(m for a in original for m in a.measures))),
        declines_measures=any(a.declines_measures for a in assessments),
        referrals=tuple(referrals),
        # what the officer coordinated; an entry a printout added by itself is not a decision
        coordination=frozenset(e.kind.value for e in plain.coordination if not e.automatic),
    )
    people = _people(plain.persons, rights_language)
    return WorkedCase(
        id=exercise_id,
        version=1,
        title="Exercise from a real case",
        pack=pack.id,
        situation=_situation(plain, pack, people),
        people=people,
        model=model,
        covers=_covers(model),
        source=CaseSource.EXERCISE,
    )


def _ids(pack: ProtocolPack, kind: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """The values that are ids of the pack's list `kind`, in order, once each."""
    known = set(pack.ids(kind))
    return tuple(dict.fromkeys(v for v in values if v in known))


def _language_code(value: str) -> bool:
    """An ISO 639 code as the leaflet stores it ("ar", "pt-BR"), not a text."""
    parts = value.split("-")
    return 2 <= len(parts[0]) <= 3 and all(p.isascii() and p.isalnum() for p in parts)


def _child(person: Person) -> bool:
    return person.age_band == STORED_UNDER_18 or person.is_minor


def _people(persons: tuple[Person, ...], rights_language: str) -> tuple[SituationPerson, ...]:
    met = sorted((p for p in persons if p.role in MET), key=lambda p: MET.index(p.role))
    people = []
    for role in MET:
        same = [p for p in met if p.role is role]
        for n, person in enumerate(same):
            name = ROLE_NAMES[role] + (f" {chr(ord('A') + n % 26)}" if len(same) > 1 else "")
            languages = (rights_language,) if role is PersonRole.VICTIM and rights_language else ()
            description = "A child." if _child(person) else ""
            people.append(
                SituationPerson(
                    role=role.value,
                    name=name,
                    languages=languages if _language_code(rights_language) else (),
                    description=description,
                )
            )
    return tuple(people)


def _situation(record: CaseRecord, pack: ProtocolPack, people: tuple[SituationPerson, ...]) -> str:
    place = _ids(pack, "place_types", (record.place_type,))
    where = f"At a place of this type: {pack.label('place_types', place[0])}." if place else ""
    counts = {role: sum(p.role == role for p in people) for role in dict.fromkeys(
        p.role for p in people)}  # fmt: skip
    who = ", ".join(f"{n} {role}{'s' if n > 1 else ''}" for role, n in counts.items())
    present = f"Present: {who}." if who else "Nobody is there in person."
    return "\n".join(line for line in (where, present, ASK_TRAINER) if line)


def _covers(model: ModelAnswer) -> tuple[str, ...]:
    """What the exercise practises, as far as the model answer says it."""
    covers = []
    if model.child_victim:
        covers.append("child_victim")
    if model.no_individual_victim:
        covers.append("third_party_report")
    if model.declines_measures or any(not r.granted for r in model.referrals):
        covers.append("declines_help")
    if len(model.motives) > 1:
        covers.append("two_motives")
    return tuple(covers)


# ------------------------------------------------------------------ the TOML text
