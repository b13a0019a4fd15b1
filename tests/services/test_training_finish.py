"""Finishing a training attempt: the trainee's submitted case compared with the model answer,
its score kept; refused for another trainee's attempt, another worked case, or a draft."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.case import CaseStatus
from app.domain.training import ModelAnswer, ModelReferral, WorkedCase
from app.services import Services
from app.services.errors import PermissionDenied, TrainingRefused
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station
from tests.services.test_training_attempts import make_training

# The model answer of tests.services.test_drafts.complete's case.
WORKED = WorkedCase(
    id="night_bus",
    version=1,
    title="Night bus",
    pack="eu-baseline",
    situation="A push and a slur.",
    model=ModelAnswer(
        classification="hate_crime",
        motives=frozenset({"racist_xenophobic"}),
        perception_sources=frozenset({"victim"}),
        offence_types=frozenset({"assault"}),
        rights_language="en",
        risk_level="medium",
        referrals=(ModelReferral("victim_support"),),
        coordination=frozenset({"prosecutor"}),
    ),
)


def test_a_submitted_attempt_is_compared_scored_and_kept(services: Services, clock: Clock) -> None:
    actors = set_up_station(services)
    make_training(services)
    officer, other, boss = actors["officer"], actors["other"], actors["boss"]
    attempt_id, draft = services.training.start_attempt(officer, WORKED)
    with pytest.raises(TrainingRefused):  # a draft gets no feedback
        services.training.finish_attempt(officer, attempt_id, WORKED)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    assert services.cases.submit(officer, draft.id, saved.version).record.status is (
        CaseStatus.SUBMITTED
    )
    with pytest.raises(PermissionDenied):
        services.training.finish_attempt(other, attempt_id, WORKED)
    with pytest.raises(PermissionDenied):  # the trainer sees it, but it is not theirs to finish
        services.training.finish_attempt(boss, attempt_id, WORKED)
    with pytest.raises(TrainingRefused):
        services.training.finish_attempt(officer, attempt_id, replace(WORKED, id="other_case"))
    assert services.training.attempt(officer, attempt_id).submitted_at is None

    feedback = services.training.finish_attempt(officer, attempt_id, WORKED)
    assert feedback.full_marks
    assert services.training.attempt(officer, attempt_id).steps == feedback.steps
    # The model answer says hate speech: exactly the classification point is lost.
    speech = replace(WORKED, model=replace(WORKED.model, classification="hate_speech"))
    wrong = services.training.finish_attempt(officer, attempt_id, speech)
    assert wrong.scored == feedback.scored - 1
    kept = services.training.attempt(officer, attempt_id)
    assert (kept.scored, kept.possible) == (wrong.scored, wrong.possible)
    # The trainer reads the feedback again; nothing is kept by reading it.
    assert services.training.attempt_feedback(boss, attempt_id, WORKED) == feedback
    assert services.training.attempt(officer, attempt_id).scored == wrong.scored
