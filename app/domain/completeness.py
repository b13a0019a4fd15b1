"""What a case still lacks before it can be submitted for review.

The protocol pack says which fields each step requires (`Step.required`, ids from
`protocol.FIELD_IDS`); this module says what "filled" means for each of them. Rules about a
victim apply to every victim, and not at all to a case with no individual victim (graffiti on a
place of worship). A draft may be saved with anything missing: only submission needs all of it.
"""

from __future__ import annotations

from collections.abc import Callable

from app.domain.case import (
    CaseRecord,
    ConsentPurpose,
    CoordinationKind,
    PerceptionSource,
    Person,
)
from app.domain.child import child_issues
from app.domain.protocol import ProtocolPack
from app.domain.validation import Issue

# Classifications that are offences: the prosecutor must be informed of them.
CRIMINAL_CLASSIFICATIONS = frozenset({"hate_crime", "hate_speech"})
# The offence types a classification that is not a crime may carry: an administrative offence for a
# discrimination, none for a non-crime hate incident. A crime needs a criminal one.
ADMINISTRATIVE_OFFENCES = frozenset({"discrimination_administrative"})
NON_CRIME_OFFENCES: dict[str, frozenset[str]] = {
    "non_crime_incident": frozenset(),
    "discrimination": ADMINISTRATIVE_OFFENCES,
}


def _case_rules() -> dict[str, Callable[[CaseRecord], bool]]:
    return {
        "occurred_at": lambda r: r.occurred_at is not None,
        "place": lambda r: bool(r.place.strip()),
        "place_type": lambda r: bool(r.place_type),
        "narrative": lambda r: bool(r.narrative.strip()),
        # A non-crime hate incident has no offence to name.
        "offence_types": lambda r: (
            bool(r.offence_types) or r.classification == "non_crime_incident"
        ),
        "reporter_type": lambda r: r.reporter_type is not None,
        "motives": lambda r: bool(r.motives),
        "classification": lambda r: bool(r.classification),
        "classification_reason": lambda r: bool(r.classification_reason.strip()),
        "indicators": lambda r: bool(r.indicators),
        "immediate_danger": lambda r: r.immediate_danger is not None,
        "prosecutor_notified": lambda r: (
            r.classification not in CRIMINAL_CLASSIFICATIONS
            or any(e.kind is CoordinationKind.PROSECUTOR for e in r.coordination)
        ),
    }


def _victim_rules() -> dict[str, Callable[[CaseRecord, Person], bool]]:
    def rights_of(r: CaseRecord, v: Person) -> list[str]:
        return [x.leaflet_language for x in r.rights if x.person_key == v.key]

    return {
        "victim_language": lambda r, v: bool(v.language),
        "victim_perception": lambda r, v: any(
            p.source is PerceptionSource.VICTIM and p.person_key in (v.key, None)
            for p in r.perceptions
        ),
        "rights_given_at": lambda r, v: bool(rights_of(r, v)),
        "leaflet_language": lambda r, v: any(rights_of(r, v)),
        "assessment": lambda r, v: any(
            a.person_key == v.key and a.risk_level is not None for a in r.assessments
        ),
        # Accepted or refused, the victim's answer about a referral is on record; or, where
        # the pack allows an opt-out, a referral the victim did not object to (validation
        # refuses one without a consent elsewhere).
        "referral_decision": lambda r, v: (
            any(c.person_key == v.key and c.purpose is ConsentPurpose.REFERRAL for c in r.consents)
            or any(f.person_key == v.key and f.consent_key is None for f in r.referrals)
        ),
    }


CASE_RULES = _case_rules()
VICTIM_RULES = _victim_rules()


def missing_for_submission(
    record: CaseRecord, pack: ProtocolPack, bias_ruled_out: bool = False
) -> list[Issue]:
    """One issue per required field not yet filled: code `required`, the field id, the step
    (and the victim, for a rule about each victim). `bias_ruled_out`: a case submitted with a
    bias motive was found to have none, with a reason (app.domain.workflow), so it needs none."""
    issues: list[Issue] = []
    victims = record.victims()
    if not victims and not record.no_individual_victim:
        issues.append(Issue("no_victim", "persons", {"step": "incident"}))
    for step in pack.steps:
        for field in step.required:
            if field in CASE_RULES:
                if field == "motives" and bias_ruled_out:
                    continue
                if not CASE_RULES[field](record):
                    issues.append(Issue("required", field, {"step": step.id}))
                continue
            for victim in victims:
                if not VICTIM_RULES[field](record, victim):
                    params = {"step": step.id, "person": victim.key}
                    issues.append(Issue("required", field, params))
    # The steps a pack adds to the rights information, where it requires them: a yes or a no
    # for each victim.
    for recorded in (s for s in pack.recorded_steps if s.required):
        for victim in victims:
            if not any(
                r.step == recorded.id and r.person_key == victim.key for r in record.recorded_steps
            ):
                params = {
                    "step": "rights", "person": victim.key,
                    "recorded_step": recorded.id, "label": recorded.label,
                }  # fmt: skip
                issues.append(Issue("required", "recorded_steps", params))
    # The law's, not a pack's: every pack asks them of a child victim.
    return issues + child_issues(record)
