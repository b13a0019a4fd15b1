"""A trainee's progress, step by step (issue 16, part D): of their submitted attempts, oldest
first, the share of the step's points in the first, in the latest and on average. The trainer's
view and the training record show the same figures from here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.training import Attempt


@dataclass(frozen=True)
class StepProgress:
    step: str
    first: int  # per cent of the step's points in the first attempt that scored it
    latest: int  # ... in the latest
    average: int  # ... over all of them (points scored / points possible)
    attempts: int  # how many attempts scored the step


def percent(scored: int, possible: int) -> int:
    return round(100 * scored / possible) if possible else 0


def submitted(attempts: Sequence[Attempt]) -> list[Attempt]:
    """The attempts with a score, oldest first."""
    done = [a for a in attempts if a.submitted_at is not None]
    return sorted(done, key=lambda a: (a.submitted_at, a.id))


def progress(attempts: Sequence[Attempt], order: Sequence[str] = ()) -> list[StepProgress]:
    """Each step some attempt scored (possible > 0): in `order` (the pack's steps), then the
    others as they first came."""
    by_step: dict[str, list[tuple[int, int]]] = {}
    for attempt in submitted(attempts):
        for score in attempt.steps:
            if score.possible > 0:
                by_step.setdefault(score.step, []).append((score.scored, score.possible))
    steps = [s for s in order if s in by_step] + [s for s in by_step if s not in order]
    found = []
    for step in steps:
        scores = by_step[step]
        found.append(
            StepProgress(
                step=step,
                first=percent(*scores[0]),
                latest=percent(*scores[-1]),
                average=percent(sum(s for s, _ in scores), sum(p for _, p in scores)),
                attempts=len(scores),
            )
        )
    return found


def steps_of(attempts: Sequence[Attempt], order: Sequence[str] = ()) -> list[str]:
    """The steps any of the attempts scored, in `order` first: the columns of a table."""
    seen = dict.fromkeys(s.step for a in attempts for s in a.steps if s.possible > 0)
    return [s for s in order if s in seen] + [s for s in seen if s not in order]
