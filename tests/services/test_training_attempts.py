"""The training service keeps attempts and exercises in the training database only, and a
trainee sees their own attempts only."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.training import ModelAnswer, StepScore, WorkedCase
from app.domain.training_cases import worked_case_toml
from app.services import Services
from app.services.errors import PermissionDenied, TrainingRefused
from app.services.training import mark_training
from tests.services.test_drafts import set_up_station

WORKED = WorkedCase(
    id="night_bus", version=2, title="Night bus", pack="eu-baseline", situation="On the bus.",
    model=ModelAnswer(classification="hate_crime"),
)  # fmt: skip


def exercise(exercise_id: str, title: str = "From a case") -> str:
    return worked_case_toml(replace(WORKED, id=exercise_id, title=title))


def make_training(services: Services) -> None:
    with services.backend.transaction() as session:
        mark_training(session)


def test_attempts_are_kept_with_their_scores_and_trainees_see_their_own(services: Services) -> None:
    actors = set_up_station(services)
    make_training(services)
    officer, other, boss = actors["officer"], actors["other"], actors["boss"]
    attempt_id, opened = services.training.start_attempt(officer, WORKED)
    services.training.start_attempt(other, WORKED)
    assert opened.record.officer == "officer"
    steps = (StepScore("classification", 1, 1), StepScore("identification", 3, 5))
    kept = services.training.store_result(officer, attempt_id, steps)
    assert (kept.steps, kept.scored, kept.possible) == (steps, 4, 6)
    assert kept.exercise_version == 2
    assert kept.submitted_at is not None
    assert [a.username for a in services.training.attempts(officer)] == ["officer"]
    # asking for another trainee's attempts gives the officer their own still
    assert [a.username for a in services.training.attempts(officer, "other")] == ["officer"]
    assert [a.username for a in services.training.attempts(boss)] == ["officer", "other"]
    with pytest.raises(PermissionDenied):
        services.training.store_result(other, attempt_id, steps)
    with pytest.raises(PermissionDenied):
        services.training.attempt(other, attempt_id)
    assert services.training.attempt(boss, attempt_id).full_name == "Officer"


def test_nothing_of_training_lands_in_a_real_database(services: Services) -> None:
    actors = set_up_station(services)
    with pytest.raises(TrainingRefused):
        services.training.start_attempt(actors["officer"], WORKED)
    with pytest.raises(TrainingRefused):
        services.training.save_exercise(actors["boss"], "x", exercise("x"))
    with pytest.raises(TrainingRefused):
        services.training.attempts(actors["boss"])
    assert not services.training.is_training()


def test_trainees_get_reviewed_exercises_only(services: Services) -> None:
    actors = set_up_station(services)
    make_training(services)
    boss, officer = actors["boss"], actors["officer"]
    with pytest.raises(PermissionDenied):
        services.training.save_exercise(officer, "mine", exercise("mine"))
    services.training.save_exercise(boss, "from_case", exercise("from_case"))
    assert services.training.exercise_sources(officer, reviewed_only=False) == []
    assert services.training.exercise_sources(boss, reviewed_only=False) == [
        ("from_case", exercise("from_case"))
    ]
    with pytest.raises(TrainingRefused):
        services.training.review_exercise(boss, "no_such")
    services.training.review_exercise(boss, "from_case")
    assert services.training.exercise_sources(officer) == [("from_case", exercise("from_case"))]
    # saved again (changed): reviewed again before trainees get it
    services.training.save_exercise(boss, "from_case", exercise("from_case", "Changed"))
    assert services.training.exercise_sources(officer) == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200) | st.sampled_from(["id = 'x'", "[model]\nclassification = 1"]))
def test_an_exercise_that_would_not_load_is_refused_and_nothing_kept(
    sqlite_services: Services, text: str
) -> None:
    services = sqlite_services
    if not services.training.is_training():
        set_up_station(services)
        make_training(services)
    boss = services.accounts.authenticate("boss", "a good password")
    with pytest.raises(TrainingRefused, match=r"^exercise x"):
        services.training.save_exercise(boss, "x", text)
    assert services.training.exercise_sources(boss, reviewed_only=False) == []
