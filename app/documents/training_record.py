"""The training record (issue 16, part D): one trainee's attempts at worked cases, each with its
score by step of the protocol pack and its total, and their progress by step (the first attempt,
the latest and the average: app.domain.training_progress). Printed from the training database:
no case of the station is in it."""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.documents.layout import Printout
from app.documents.text import D_, Words
from app.domain.marks import DatabaseMark
from app.domain.protocol import ProtocolPack
from app.domain.training import Attempt
from app.domain.training_progress import percent, progress, steps_of, submitted

TITLE = D_("Training record")


@dataclass(frozen=True)
class TrainingRecordData:
    trainee: str  # full name
    username: str
    station: str  # the station's name
    attempts: tuple[Attempt, ...]  # oldest first
    pack: ProtocolPack  # for the steps' titles
    printed_at: datetime
    printed_by: str  # full name
    mark: DatabaseMark = DatabaseMark.NONE


def step_title(tr: Words, pack: ProtocolPack, step: str) -> str:
    title = next((s.title for s in pack.steps if s.id == step), step)
    return tr(title)


def score(tr: Words, scored: int, possible: int) -> str:
    return tr.fill(tr("{scored} of {possible}"), scored=scored, possible=possible)


def render(data: TrainingRecordData, translations: gettext.NullTranslations, locale: str) -> bytes:
    tr = Words(translations, locale)
    done = submitted(data.attempts)
    order = [s.id for s in data.pack.steps]
    doc = Printout(
        tr, title=tr(TITLE), station=data.station, printed_at=data.printed_at, demo=data.mark
    )
    period = ""
    if done:
        period = tr.fill(
            tr("{start} to {end}"),
            start=tr.day(done[0].submitted_at),
            end=tr.day(done[-1].submitted_at),
        )
    doc.title(tr(TITLE), data.trainee)
    doc.fields(
        [
            (tr("Trainee"), f"{data.trainee} ({data.username})"),
            (tr("Police station"), data.station),
            (tr("Period"), period),
            (tr("Attempts scored"), str(len(done))),
            (tr("Printed by"), data.printed_by),
        ]
    )
    doc.heading(tr("Attempts"))
    if not done:
        doc.text(tr("No attempt has been scored yet."))
    for attempt in done:
        _attempt(doc, tr, data.pack, attempt, order)
    rows = progress(done, order)
    if rows:
        doc.heading(tr("Progress by step"))
        doc.grid(
            [tr("Step"), tr("First attempt"), tr("Latest attempt"), tr("Average"), tr("Attempts")],
            [
                [
                    step_title(tr, data.pack, r.step),
                    f"{r.first} %",
                    f"{r.latest} %",
                    f"{r.average} %",
                    str(r.attempts),
                ]
                for r in rows
            ],
            [0.36, 0.16, 0.16, 0.16, 0.16],
        )
    return doc.pdf()


def _attempt(
    doc: Printout, tr: Words, pack: ProtocolPack, attempt: Attempt, order: Sequence[str]
) -> None:
    doc.subheading(f"{tr.day(attempt.submitted_at)} — {tr(attempt.exercise_title)}")
    scores = {s.step: s for s in attempt.steps}
    rows = [
        [step_title(tr, pack, step), score(tr, scores[step].scored, scores[step].possible)]
        for step in steps_of([attempt], order)
    ]
    total = score(tr, attempt.scored, attempt.possible)
    rows.append([tr("Total"), f"{total} ({percent(attempt.scored, attempt.possible)} %)"])
    doc.grid([tr("Step"), tr("Score")], rows, [0.6, 0.4])
