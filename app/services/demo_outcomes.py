"""What became of the demo's crimes in the justice system (issue 14): a realistic share of the
approved and closed crime cases gets dated outcomes, so that the statistics count recorded,
prosecuted and sentenced cases as ODIHR does.

About 40 % of them were sent to the prosecutor; of those most were charged and the rest
discontinued; most charges came to court, and a trial ended in a conviction or an acquittal, or
is still going on. Each outcome is dated after the one before it, and none after today: a recent
case has only its first steps. Drawn from a random generator of its own, so that the rest of the
demo (its cases, their ids, the tests that read them) stays as it was.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from app.domain.case import OutcomeKind

K = OutcomeKind
SENT_SHARE = 0.40
# After the step before it: (kind, share of cases that take it, fewest and most days later).
CHARGE = (K.CHARGED, 0.75, 30, 150)  # the rest: discontinued by the prosecutor
TRIAL = (K.PROSECUTED, 0.85, 60, 240)
VERDICT_DAYS = (45, 300)
VERDICTS = ((K.CONVICTED, 0.65), (K.ACQUITTED, 0.20))  # the rest: the trial goes on


def demo_outcomes(
    rng: random.Random, case_id: int, occurred: datetime, recorded_by: str, number: int,
    station_id: int, now: datetime,
) -> list[dict[str, Any]]:  # fmt: skip
    """The case_outcomes rows of one crime case (none for most): dated steps, none ahead of
    `now`, each entered a few days after it happened."""
    if rng.random() >= SENT_SHARE:
        return []
    year = occurred.year % 100
    prosecutor = f"NUIPC {number}/{year}.{station_id}PBLSB"
    court = f"Proc. {number}/{year}.{station_id}T9LSB"
    on = occurred.date() + timedelta(days=rng.randint(3, 40))
    steps: list[tuple[OutcomeKind, date, str]] = [(K.SENT_TO_PROSECUTOR, on, prosecutor)]
    kind, share, low, high = CHARGE
    on += timedelta(days=rng.randint(low, high))
    if rng.random() >= share:
        steps.append((K.DISCONTINUED, on, prosecutor))
    else:
        steps.append((kind, on, prosecutor))
        kind, share, low, high = TRIAL
        if rng.random() < share:
            on += timedelta(days=rng.randint(low, high))
            steps.append((kind, on, court))
            on += timedelta(days=rng.randint(*VERDICT_DAYS))
            draw = rng.random()
            for verdict, verdict_share in VERDICTS:
                if draw < verdict_share:
                    steps.append((verdict, on, court))
                    break
                draw -= verdict_share
    today = now.date()
    rows = []
    for kind, happened_on, reference in steps:
        if happened_on > today:
            break
        entered = datetime.combine(happened_on + timedelta(days=rng.randint(0, 6)), time(10))
        rows.append(
            {
                "case_id": case_id, "kind": kind.value, "happened_on": happened_on,
                "court_reference": reference, "note": "",
                "recorded_at": min(entered.replace(tzinfo=now.tzinfo), now),
                "recorded_by": recorded_by,
            }
        )  # fmt: skip
    return rows
