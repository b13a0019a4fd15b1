"""Feedback on a trainee's attempt: their record compared with the worked case's model answer,
point by point, and scored by step (issue 16).

Every expected item is a point: MATCHED when the record has it, MISSED when not. Every recorded
item that is neither expected nor acceptable is ADDED and costs a point of its step, except where
one answer is expected (the classification, the risk level, the leaflet's language): the answer
recorded in place of the expected one is INSTEAD and costs nothing more than the point it missed.
A step scores max(0, matched - added) of its expected items; a step with nothing expected and
nothing added is left out. How each topic reads the record (one place, so that the model record
below and the comparison agree):

- incident: offence_types (the record's offence types; acceptable ones cost nothing);
  no_individual_victim (the record's tick; expected only when the model says so, added when
  ticked against it).
- communication: interpreter (when the model says yes or no: whether any person of the record
  needs an interpreter, unanswered when nobody is recorded; one point, never an addition);
  child_victim (a victim who is a child,
  app.domain.child, with a GUARDIAN person recorded for them).
- identification: motives; indicators (acceptable ones cost nothing); perception_sources (the
  sources of the recorded perceptions).
- classification: the classification; additional_classifications.
- rights: rights_language (the leaflet languages of the rights information given).
- assessment: protection_needs (when the model says yes or no: whether any needs assessment says
  there are; one point); risk_level (the assessments' levels); needs; measures (acceptable ones
  cost nothing); declines_measures (any assessment where the victim declines measures).
- referral: referrals granted (a referral to a service of that kind whose consent covers it,
  app.domain.case.covering_consent); referral_declined (the victim's refused referral consent,
  and no referral of that kind covered by a consent).
- coordination: the kinds of the coordination entries (an entry a printout added by itself is
  never an addition: the trainee did not choose it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.domain.case import (
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    IndicatorObservation,
    NeedsAssessment,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    RightsInformation,
    RiskLevel,
    ServiceKind,
    covering_consent,
)
from app.domain.child import child_victims, guardians_of
from app.domain.languages import spoken
from app.domain.protocol import ProtocolPack
from app.domain.training import Feedback, ModelAnswer, Point, PointOutcome, StepScore, WorkedCase

YES, NO = "yes", "no"  # the value of a yes-or-no topic's point

# The scored steps, in the pack's order, and their topics, in the order the feedback lists them.
STEP_TOPICS: dict[str, tuple[str, ...]] = {
    "incident": ("offence_types", "no_individual_victim"),
    "communication": ("interpreter", "child_victim"),
    "identification": ("motives", "indicators", "perception_sources"),
    "classification": ("classification", "additional_classifications"),
    "rights": ("rights_language",),
    "assessment": ("protection_needs", "risk_level", "needs", "measures", "declines_measures"),
    "referral": ("referrals", "referral_declined"),
    "coordination": ("coordination",),
}


@dataclass(frozen=True)
class _Topic:
    """One topic's expected, acceptable and recorded values; `adds`: whether a recorded value
    not expected costs a point (a yes-or-no answer is one point, right or wrong)."""

    expected: frozenset[str]
    recorded: frozenset[str]
    acceptable: frozenset[str] = frozenset()
    adds: bool = True
    # Recorded, but never an addition (coordination a printout logged by itself).
    not_chosen: frozenset[str] = frozenset()
    # One answer expected (the classification, the risk level, the leaflet's language): what was
    # recorded in its place is INSTEAD, not ADDED, so a wrong answer costs its one point only.
    single: bool = False


def _flag(expected: bool, recorded: bool) -> _Topic:
    """A tick the model expects (one point), or one recorded against it (an addition)."""
    return _Topic(_yes(expected), _yes(recorded))


def _answer(expected: bool | None, recorded: bool | None) -> _Topic:
    """A yes-or-no question the model answers (one point, matched or missed); None: either."""
    if expected is None:
        return _Topic(frozenset(), frozenset(), adds=False)
    answer = frozenset() if recorded is None else frozenset({YES if recorded else NO})
    return _Topic(frozenset({YES if expected else NO}), answer, adds=False)


def _yes(value: bool) -> frozenset[str]:
    return frozenset({YES}) if value else frozenset()


def _one(value: str) -> frozenset[str]:
    return frozenset({value}) if value else frozenset()


def _covered_kinds(record: CaseRecord) -> frozenset[str]:
    return frozenset(
        r.service_kind.value
        for r in record.referrals
        if covering_consent(record.consents, r.consent_key, r.service_name, ConsentPurpose.REFERRAL)
    )


def _refused(record: CaseRecord) -> bool:
    return any(c.purpose is ConsentPurpose.REFERRAL and not c.granted for c in record.consents)


def _topics(record: CaseRecord, model: ModelAnswer) -> dict[str, _Topic]:
    assessments = record.assessments
    covered = _covered_kinds(record)
    declined = frozenset(r.service_kind for r in model.referrals if not r.granted)
    automatic = frozenset(e.kind.value for e in record.coordination if e.automatic)
    chosen = frozenset(e.kind.value for e in record.coordination if not e.automatic)
    needs_answer = [a.protection_needs for a in assessments if a.protection_needs is not None]
    has_child = any(guardians_of(record, child.key) for child in child_victims(record))
    return {
        "offence_types": _Topic(
            model.offence_types, frozenset(record.offence_types), model.acceptable_offence_types
        ),
        "no_individual_victim": _flag(model.no_individual_victim, record.no_individual_victim),
        # nobody recorded: the question was never answered (not a "no" an empty record scores)
        "interpreter": _answer(
            model.interpreter,
            any(p.interpreter_needed for p in record.persons) if record.persons else None,
        ),
        "child_victim": _flag(model.child_victim, has_child),
        "motives": _Topic(model.motives, frozenset(record.motives)),
        "indicators": _Topic(
            model.indicators,
            frozenset(o.indicator for o in record.indicators),
            model.acceptable_indicators,
        ),
        "perception_sources": _Topic(
            model.perception_sources, frozenset(p.source.value for p in record.perceptions)
        ),
        "classification": _Topic(
            _one(model.classification), _one(record.classification), single=True
        ),
        "additional_classifications": _Topic(
            model.additional_classifications, frozenset(record.additional_classifications)
        ),
        "rights_language": _Topic(
            _one(model.rights_language),
            frozenset(r.leaflet_language for r in record.rights),
            single=True,
        ),
        "protection_needs": _answer(
            model.protection_needs, any(needs_answer) if needs_answer else None
        ),
        "risk_level": _Topic(
            _one(model.risk_level),
            frozenset(a.risk_level.value for a in assessments if a.risk_level is not None),
            single=True,
        ),
        "needs": _Topic(model.needs, frozenset(n for a in assessments for n in a.needs)),
        "measures": _Topic(
            model.measures,
            frozenset(m for a in assessments for m in a.measures),
            model.acceptable_measures,
        ),
        "declines_measures": _flag(
            model.declines_measures, any(a.declines_measures for a in assessments)
        ),
        "referrals": _Topic(
            frozenset(r.service_kind for r in model.referrals if r.granted), covered
        ),
        # A kind the victim declined, matched by their refusal and no referral of it; a referral
        # of that kind made all the same is an addition under "referrals".
        "referral_declined": _Topic(
            declined, declined - covered if _refused(record) else frozenset(), adds=False
        ),
        "coordination": _Topic(
            model.coordination, chosen | automatic, not_chosen=automatic - chosen
        ),
    }


def compare(record: CaseRecord, worked: WorkedCase, pack: ProtocolPack) -> Feedback:
    """The trainee's record against the worked case's model answer: points and steps in the
    pack's order of steps (a step the pack lacks is scored after them)."""
    topics = _topics(record, worked.model)
    order = [s.id for s in pack.steps if s.id in STEP_TOPICS]
    order += [s for s in STEP_TOPICS if s not in order]
    points: list[Point] = []
    steps: list[StepScore] = []
    for step in order:
        found: list[Point] = []
        for name in STEP_TOPICS[step]:
            found += _points(step, name, topics[name])
        matched = sum(p.outcome is PointOutcome.MATCHED for p in found)
        added = sum(p.outcome is PointOutcome.ADDED for p in found)
        possible = sum(p.outcome in (PointOutcome.MATCHED, PointOutcome.MISSED) for p in found)
        if found:
            steps.append(StepScore(step, max(0, matched - added), possible))
        points += found
    return Feedback(points=tuple(points), steps=tuple(steps))


def _points(step: str, name: str, topic: _Topic) -> list[Point]:
    points = [
        Point(
            step,
            name,
            value,
            PointOutcome.MATCHED if value in topic.recorded else PointOutcome.MISSED,
        )
        for value in sorted(topic.expected)
    ]
    if topic.adds:
        extra = topic.recorded - topic.expected - topic.acceptable - topic.not_chosen
        replaced = topic.single and bool(topic.expected - topic.recorded)
        outcome = PointOutcome.INSTEAD if replaced else PointOutcome.ADDED
        points += [Point(step, name, value, outcome) for value in sorted(extra)]
    return points


# ---------------------------------------------------------------- the model answer as a record

MODEL_OFFICER = "model"  # who "recorded" the model answer
VICTIM_KEY = "P1"


def model_record(
    worked: WorkedCase, pack: ProtocolPack, *, at: datetime, station_code: str = "TRAINING"
) -> CaseRecord:
    """The model answer as a case record, read back by `compare` exactly as the model answer:
    the people of the situation (a victim added where the model has one and the situation
    names none), and every step's answer, dated `at`."""
    model = worked.model
    persons = _model_persons(worked)
    victim = next((p.key for p in persons if p.role is PersonRole.VICTIM), "")
    consents: list[Consent] = []
    referrals: list[Referral] = []
    for n, wanted in enumerate(model.referrals, 1):
        name = f"{wanted.service_kind} service"
        consents.append(
            Consent(
                key=f"C{n}", person_key=victim, recipient=name, purpose=ConsentPurpose.REFERRAL,
                granted=wanted.granted, method=ConsentMethod.ORAL, recorded_at=at,
                recorded_by=MODEL_OFFICER,
            )
        )  # fmt: skip
        if wanted.granted:
            referrals.append(
                Referral(
                    key=f"R{n}", person_key=victim, service_name=name,
                    service_kind=ServiceKind(wanted.service_kind), created_at=at,
                    created_by=MODEL_OFFICER, consent_key=f"C{n}",
                )
            )  # fmt: skip
    assessment = NeedsAssessment(
        victim, at, MODEL_OFFICER, protection_needs=model.protection_needs,
        needs=tuple(sorted(model.needs)), measures=tuple(sorted(model.measures)),
        risk_level=RiskLevel(model.risk_level) if model.risk_level else None,
        declines_measures=model.declines_measures,
    )  # fmt: skip
    assessed = assessment != NeedsAssessment(victim, at, MODEL_OFFICER)  # anything to assess
    return CaseRecord(
        reference=f"{station_code}-{worked.id}",
        station_code=station_code,
        status=CaseStatus.SUBMITTED,
        created_at=at,
        created_by=MODEL_OFFICER,
        officer=MODEL_OFFICER,
        protocol_pack=pack.id,
        protocol_version=pack.version,
        occurred_at=at,
        narrative=worked.situation,
        no_individual_victim=model.no_individual_victim,
        offence_types=tuple(sorted(model.offence_types)),
        indicators=tuple(IndicatorObservation(i) for i in sorted(model.indicators)),
        perceptions=tuple(
            Perception(PerceptionSource(source), "", victim if source == "victim" else None)
            for source in sorted(model.perception_sources)
        ),
        motives=tuple(sorted(model.motives)),
        classification=model.classification,
        additional_classifications=tuple(sorted(model.additional_classifications)),
        persons=persons,
        rights=(
            (RightsInformation(victim, at, MODEL_OFFICER, model.rights_language),)
            if model.rights_language
            else ()
        ),
        assessments=(assessment,) if assessed else (),
        consents=tuple(consents),
        referrals=tuple(referrals),
        coordination=tuple(
            CoordinationEvent(CoordinationKind(kind), kind, at, MODEL_OFFICER)
            for kind in sorted(model.coordination)
        ),
    )


def _model_persons(worked: WorkedCase) -> tuple[Person, ...]:
    """The situation's people (a guardian only for a child victim), a victim added where the
    model has one and the situation names none; an interpreter for the victim (or the first
    person), a child victim a minor with their guardian."""
    model = worked.model
    people = [
        (PersonRole(p.role), p.name, p.languages) for p in worked.people if p.role != "guardian"
    ]
    if not model.no_individual_victim and all(p[0] is not PersonRole.VICTIM for p in people):
        people.insert(0, (PersonRole.VICTIM, "Victim", ()))
    # the languages the situation gives them, or the leaflet's: what the wizard asks for
    persons = [
        Person(f"P{n}", role, name, languages=spoken(*(codes or _one(model.rights_language))))
        for n, (role, name, codes) in enumerate(people, 1)
    ]
    victim = next((i for i, p in enumerate(persons) if p.role is PersonRole.VICTIM), None)
    if model.interpreter and persons:
        at = 0 if victim is None else victim
        persons[at] = replace(persons[at], interpreter_needed=True)
    if model.child_victim and victim is not None:
        persons[victim] = replace(persons[victim], is_minor=True)
        guardian = next((p.name for p in worked.people if p.role == "guardian"), "Guardian")
        persons.append(
            Person(
                f"P{len(persons) + 1}", PersonRole.GUARDIAN, guardian,
                guardian_of=persons[victim].key,
            )
        )  # fmt: skip
    return tuple(persons)
