"""Training with worked cases: what a worked case is (the situation an officer meets and the model
answer), what a trainee's attempt scored, and who sees whose attempts.

A worked case is data (resources/training/*.toml, a force's own folder, or an exercise a trainer
made from a real case): app.domain.training_cases reads it, app.domain.training_feedback compares
a trainee's record with its model answer. Values are the protocol pack's ids, like a case's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from app.domain.case import Role


class CaseSource(StrEnum):
    """Where a worked case comes from."""

    BUNDLED = "bundled"  # resources/training: written from the protocol, translated
    FORCE = "force"  # a force's own folder of TOML files
    EXERCISE = "exercise"  # made by a trainer from an approved real case, then reviewed


@dataclass(frozen=True)
class SituationPerson:
    """Someone the officer meets at the scene, as the officer meets them (no model answer here)."""

    role: str  # a PersonRole value: victim, witness, suspect, reporter, guardian
    name: str
    age: int | None = None
    languages: tuple[str, ...] = ()  # ISO 639 codes, the first the one they prefer
    says: str = ""  # what they tell the officer, in their words
    description: str = ""  # what the officer sees of them


@dataclass(frozen=True)
class ModelReferral:
    """A referral the model answer makes: to a service of this kind, with the victim's consent
    (granted), or the offer the victim declined (granted False: no referral may be made)."""

    service_kind: str  # a ServiceKind value
    granted: bool = True


@dataclass(frozen=True)
class ModelAnswer:
    """What a careful officer records for the worked case, by step of the protocol pack.
    `acceptable_*`: not expected, but not wrong either (a border case); they cost nothing."""

    classification: str
    additional_classifications: frozenset[str] = frozenset()
    motives: frozenset[str] = frozenset()
    indicators: frozenset[str] = frozenset()
    acceptable_indicators: frozenset[str] = frozenset()
    perception_sources: frozenset[str] = frozenset()  # PerceptionSource values
    offence_types: frozenset[str] = frozenset()
    acceptable_offence_types: frozenset[str] = frozenset()
    no_individual_victim: bool = False
    child_victim: bool = False  # the victim is a child: a guardian is recorded
    rights_language: str = ""  # the leaflet's language; "" where no victim is told their rights
    interpreter: bool | None = None  # None: either is right
    protection_needs: bool | None = None
    risk_level: str = ""  # a RiskLevel value; "" where no victim is assessed
    needs: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    acceptable_measures: frozenset[str] = frozenset()
    declines_measures: bool = False
    referrals: tuple[ModelReferral, ...] = ()
    coordination: frozenset[str] = frozenset()  # CoordinationKind values


@dataclass(frozen=True)
class WorkedCase:
    """One exercise. Texts are English source text, translated through the catalogs (a force's
    and a trainer's are shown as written)."""

    id: str  # lowercase_snake_case, stable: attempts name it
    version: int  # raised when the model answer changes: older attempts keep their scores
    title: str
    pack: str  # the protocol pack it was written for
    situation: str  # what the officer is told and sees on arrival
    people: tuple[SituationPerson, ...] = ()
    model: ModelAnswer = field(default_factory=lambda: ModelAnswer(classification=""))
    # Why the model answer is right, by pack step id: shown in the feedback beside the guidance.
    explanations: dict[str, str] = field(default_factory=dict)
    covers: tuple[str, ...] = ()  # what it practises: "child_victim", "border", ... (the list)
    source: CaseSource = CaseSource.BUNDLED


class PointOutcome(StrEnum):
    MATCHED = "matched"  # expected and recorded
    MISSED = "missed"  # expected, not recorded: costs its point
    ADDED = "added"  # recorded, not expected nor acceptable: costs a point of its step
    # One answer (a classification, a risk level) recorded in place of the expected one: shown,
    # but it costs nothing more, since the answer it replaced is already MISSED.
    INSTEAD = "instead"


@dataclass(frozen=True)
class Point:
    """One thing compared: in which step, about what (`topic`: "classification", "indicators",
    ...), which value (a pack id, or "yes"/"no"), and how it came out."""

    step: str
    topic: str
    value: str
    outcome: PointOutcome


@dataclass(frozen=True)
class StepScore:
    """A step's score: `scored` of `possible` (possible 0: nothing expected in this step)."""

    step: str
    scored: int
    possible: int


class Scored:
    """A total over `steps`: a feedback's, an attempt's."""

    steps: tuple[StepScore, ...]

    @property
    def scored(self) -> int:
        return sum(s.scored for s in self.steps)

    @property
    def possible(self) -> int:
        return sum(s.possible for s in self.steps)


@dataclass(frozen=True)
class Feedback(Scored):
    points: tuple[Point, ...]
    steps: tuple[StepScore, ...]

    @property
    def full_marks(self) -> bool:
        return self.scored == self.possible


@dataclass(frozen=True)
class Attempt(Scored):
    """A trainee's go at a worked case: the training case they recorded, and once submitted, the
    score by step."""

    id: int
    exercise_id: str
    exercise_version: int
    exercise_title: str
    username: str
    full_name: str
    case_id: int
    started_at: datetime
    submitted_at: datetime | None = None
    steps: tuple[StepScore, ...] = ()


# Who trains whom: a supervisor or an administrator is the station's trainer in the training
# database (sees every trainee's attempts, prints training records, reviews exercises); an
# officer sees their own attempts. The data-protection officer opens no case, so trains nobody.
def sees_every_attempt(role: Role) -> bool:
    return role in (Role.SUPERVISOR, Role.ADMIN)


def sees_training_case(role: Role, own: bool) -> bool:
    """In the training database a trainee's case is their answer to a worked case: a trainee opens
    and lists their own (`own`: they are its officer) only; a trainer every one."""
    return own or sees_every_attempt(role)


def may_train(role: Role) -> bool:
    """Whether the role records worked cases (a trainee's attempt is a training case)."""
    return role in (Role.OFFICER, Role.SUPERVISOR)


# Making an exercise from a real case reads that case: only who may open it for review.
def may_make_exercise(role: Role) -> bool:
    return role is Role.SUPERVISOR
