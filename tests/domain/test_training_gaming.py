"""Attacks on the scoring (issue 16, part E): a record that ticks everything never scores full
marks, an empty record scores nothing, two victims hedging answers gain nothing, and every score
lies between 0 and the possible."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain import case as d
from app.domain.training import WorkedCase
from app.domain.training_feedback import compare, model_record
from tests.domain.test_worked_cases_scored import AT, LOADED, PACKS

LEVELS = tuple(d.RiskLevel)


def everything(worked: WorkedCase) -> d.CaseRecord:
    """The model record with every item of every list the pack has ticked, two victims (one
    needing an interpreter, one not) and every answer hedged."""
    pack = PACKS[worked.pack]
    record = model_record(worked, pack, at=AT)
    victims = (
        d.Person("V1", d.PersonRole.VICTIM, "A", interpreter_needed=True),
        d.Person("V2", d.PersonRole.VICTIM, "B"),
    )
    assessments = tuple(
        d.NeedsAssessment(
            v.key, AT, "model", protection_needs=n % 2 == 0, needs=pack.ids("needs"),
            measures=pack.ids("measures"), risk_level=LEVELS[n % len(LEVELS)],
            declines_measures=n == 1,
        )
        for n, v in enumerate((*victims, *victims))
    )  # fmt: skip
    return replace(
        record,
        persons=(*record.persons, *victims),
        offence_types=pack.ids("offence_types"),
        motives=pack.ids("motives"),
        indicators=tuple(d.IndicatorObservation(i) for i in pack.ids("indicators")),
        perceptions=tuple(d.Perception(s, "", None) for s in d.PerceptionSource),
        additional_classifications=pack.ids("classifications"),
        rights=tuple(d.RightsInformation("V1", AT, "model", code) for code in ("en", "ar", "fr")),
        assessments=(*record.assessments, *assessments),
        coordination=tuple(
            d.CoordinationEvent(k, k.value, AT, "model") for k in d.CoordinationKind
        ),
    )


@pytest.mark.parametrize("worked", LOADED.cases, ids=lambda w: w.id)
def test_ticking_everything_never_scores_full_marks(worked: WorkedCase) -> None:
    pack = PACKS[worked.pack]
    feedback = compare(everything(worked), worked, pack)
    assert not feedback.full_marks
    assert all(0 <= s.scored <= s.possible for s in feedback.steps)
    # identification and assessment: ticking every item loses points in both
    scored = {s.step: (s.scored, s.possible) for s in feedback.steps}
    for step in ("identification", "assessment"):
        if scored.get(step, (0, 0))[1]:
            assert scored[step][0] < scored[step][1], step


@pytest.mark.parametrize("worked", LOADED.cases, ids=lambda w: w.id)
def test_an_empty_record_scores_nothing(worked: WorkedCase) -> None:
    pack = PACKS[worked.pack]
    model = model_record(worked, pack, at=AT)
    empty = d.CaseRecord(
        reference=model.reference, station_code=model.station_code, status=model.status,
        created_at=AT, created_by="model", officer="model", protocol_pack=pack.id,
        protocol_version=pack.version,
    )  # fmt: skip
    feedback = compare(empty, worked, pack)
    assert feedback.possible > 0
    assert feedback.scored == 0, [p for p in feedback.points if p.outcome == "matched"]
