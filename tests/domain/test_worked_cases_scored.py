"""Issue 16's test of the worked cases themselves: each bundled case's own model answer scores
full marks, and a record with a wrong classification or a missed indicator loses exactly those
points and nothing else."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app import paths
from app.domain.case import IndicatorObservation
from app.domain.protocol import available_packs
from app.domain.training import WorkedCase
from app.domain.training_feedback import compare, model_record
from app.services.training_cases import load_worked_cases

PACKS = available_packs(paths.protocols())
LOADED = load_worked_cases(PACKS, force=paths.training() / "no such folder")
AT = datetime(2026, 5, 4, 21, 30, tzinfo=UTC)


def test_every_bundled_worked_case_loads() -> None:
    assert LOADED.problems == ()
    assert len(LOADED.cases) >= 10
    assert len(LOADED.cases) == len(list(paths.training().glob("*.toml")))


def by_step(worked: WorkedCase, **changes: object) -> dict[str, tuple[int, int]]:
    pack = PACKS[worked.pack]
    record = replace(model_record(worked, pack, at=AT), **changes)  # type: ignore[arg-type]
    return {s.step: (s.scored, s.possible) for s in compare(record, worked, pack).steps}


@pytest.mark.parametrize("worked", LOADED.cases, ids=lambda w: w.id)
def test_its_own_model_answer_scores_full_marks(worked: WorkedCase) -> None:
    pack = PACKS[worked.pack]
    feedback = compare(model_record(worked, pack, at=AT), worked, pack)
    assert feedback.possible > 0
    assert feedback.full_marks, [p for p in feedback.points if p.outcome != "matched"]


@pytest.mark.parametrize("worked", LOADED.cases, ids=lambda w: w.id)
def test_a_wrong_classification_loses_exactly_the_classification_point(worked: WorkedCase) -> None:
    full = by_step(worked)
    model = worked.model
    others = {model.classification, *model.additional_classifications}
    wrong = next(c for c in PACKS[worked.pack].ids("classifications") if c not in others)
    scored = by_step(worked, classification=wrong)
    assert scored["classification"] == (full["classification"][0] - 1, full["classification"][1])
    assert {k: v for k, v in scored.items() if k != "classification"} == {
        k: v for k, v in full.items() if k != "classification"
    }


@pytest.mark.parametrize(
    "worked", [w for w in LOADED.cases if w.model.indicators], ids=lambda w: w.id
)
def test_a_missed_indicator_loses_exactly_one_identification_point(worked: WorkedCase) -> None:
    full = by_step(worked)
    missed = sorted(worked.model.indicators)[0]
    record = model_record(worked, PACKS[worked.pack], at=AT)
    kept = tuple(i for i in record.indicators if i.indicator != missed)
    scored = by_step(worked, indicators=kept)
    assert scored["identification"] == (full["identification"][0] - 1, full["identification"][1])
    assert {k: v for k, v in scored.items() if k != "identification"} == {
        k: v for k, v in full.items() if k != "identification"
    }
    assert IndicatorObservation(missed) not in kept
