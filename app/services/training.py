"""Training: a trainee's attempts at worked cases, and the exercises trainers made from real cases.

Works on the training database only (app_meta "training" = "1"): every method refuses another,
so no attempt or exercise can land among a station's real cases. A trainee's attempt is a
training case recorded with the real wizard (CaseService), plus a row naming the worked case.
"""

from __future__ import annotations

import tomllib

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.case import CaseStatus
from app.domain.training import (
    Attempt,
    CaseSource,
    Feedback,
    StepScore,
    WorkedCase,
    may_train,
    sees_every_attempt,
)
from app.domain.training_cases import WorkedCaseError, parse_worked_case
from app.domain.training_feedback import compare
from app.i18n import _
from app.services.cases import CaseService, OpenedCase
from app.services.context import Actor, Backend
from app.services.documents import check_language
from app.services.errors import PermissionDenied, TrainingRefused
from app.services.guard import guarded
from app.services.marks import TRAINING_KEY, is_training
from app.services.training_cases import LoadedWorkedCases, load_worked_cases
from app.storage import tables as t

FEEDBACK_REASON = "Training feedback"  # why the trainee's case is read (the training trail)


def mark_training(session: Session) -> None:
    """Makes the database the training database (a new one, before anything is in it)."""
    if session.get(t.Meta, TRAINING_KEY) is None:
        session.add(t.Meta(key=TRAINING_KEY, value="1"))


@guarded
class TrainingService:
    def __init__(self, backend: Backend, cases: CaseService) -> None:
        self.backend = backend
        self.cases = cases

    def is_training(self) -> bool:
        with self.backend.reading() as session:
            return is_training(session)

    def _require_training(self, session: Session) -> None:
        if not is_training(session):
            raise TrainingRefused(_("This is not the training database."))

    def worked_cases(self, actor: Actor) -> list[WorkedCase]:
        """The worked cases on offer: bundled, the force's folder, reviewed exercises."""
        return list(self.load_worked_cases(actor).cases)

    def load_worked_cases(self, actor: Actor) -> LoadedWorkedCases:
        """The worked cases on offer, with a problem line for each file left out (its notice()
        is what the screen shows); sorted by title."""
        if not (may_train(actor.role) or sees_every_attempt(actor.role)):
            raise PermissionDenied
        exercises = self.exercise_sources(actor, reviewed_only=True)
        return load_worked_cases(self.backend.packs, exercises=exercises)

    # ------------------------------------------------------------------ attempts

    def start_attempt(self, actor: Actor, worked: WorkedCase) -> tuple[int, OpenedCase]:
        """A new training case for the trainee, and the attempt naming the worked case."""
        if not may_train(actor.role):
            raise PermissionDenied
        with self.backend.reading() as session:
            self._require_training(session)
        opened = self.cases.create_draft(actor)
        with self.backend.transaction() as session:
            row = t.TrainingAttempt(
                exercise_id=worked.id,
                exercise_version=worked.version,
                exercise_title=worked.title,
                case_id=opened.id,
                username=actor.username,
                started_at=self.backend.clock(),
                scores=[],
            )
            session.add(row)
            session.flush()
            return row.id, opened

    def store_result(self, actor: Actor, attempt_id: int, steps: tuple[StepScore, ...]) -> Attempt:
        """Keeps the score by step of the trainee's submitted attempt."""
        with self.backend.transaction() as session:
            self._require_training(session)
            row = session.get(t.TrainingAttempt, attempt_id)
            if row is None:
                raise TrainingRefused(_("There is no such training attempt."))
            if row.username != actor.username:
                raise PermissionDenied
            row.submitted_at = self.backend.clock()
            row.scores = [[s.step, s.scored, s.possible] for s in steps]
            session.flush()
            return self._attempt(session, row)

    def finish_attempt(self, actor: Actor, attempt_id: int, worked: WorkedCase) -> Feedback:
        """The trainee's submitted attempt compared with the worked case's model answer
        (app.domain.training_feedback), its score by step kept. Their own attempt only, of
        this worked case, and submitted (a draft is not finished)."""
        feedback = self.attempt_feedback(actor, attempt_id, worked, own=True)
        self.store_result(actor, attempt_id, feedback.steps)
        return feedback

    def attempt_feedback(
        self, actor: Actor, attempt_id: int, worked: WorkedCase, *, own: bool = False
    ) -> Feedback:
        """The feedback on a submitted attempt, as `finish_attempt` gave it, for the trainee or
        (unless `own`) a trainer; nothing kept."""
        attempt = self.attempt(actor, attempt_id)
        if own and attempt.username != actor.username:
            raise PermissionDenied
        if attempt.exercise_id != worked.id:
            raise TrainingRefused(_("This attempt is of another worked case."))
        record = self.cases.open_case(actor, attempt.case_id, FEEDBACK_REASON).record
        if record.status is CaseStatus.DRAFT:
            raise TrainingRefused(_("Submit the case first: a draft gets no feedback."))
        return compare(record, worked, self.backend.pack(record.protocol_pack))

    def attempt(self, actor: Actor, attempt_id: int) -> Attempt:
        with self.backend.reading() as session:
            self._require_training(session)
            row = session.get(t.TrainingAttempt, attempt_id)
            if row is None:
                raise TrainingRefused(_("There is no such training attempt."))
            if row.username != actor.username and not sees_every_attempt(actor.role):
                raise PermissionDenied
            return self._attempt(session, row)

    def attempts(self, actor: Actor, username: str | None = None) -> list[Attempt]:
        """Attempts, oldest first: a trainer's choice of trainee (every one if None); a trainee
        sees their own only, whatever they ask for."""
        with self.backend.reading() as session:
            self._require_training(session)
            if not sees_every_attempt(actor.role):
                username = actor.username
            query = select(t.TrainingAttempt).order_by(
                t.TrainingAttempt.started_at, t.TrainingAttempt.id
            )
            if username is not None:
                query = query.where(t.TrainingAttempt.username == username)
            return [self._attempt(session, row) for row in session.scalars(query)]

    @staticmethod
    def _attempt(session: Session, row: t.TrainingAttempt) -> Attempt:
        full_name = session.scalar(select(t.User.full_name).where(t.User.username == row.username))
        return Attempt(
            id=row.id,
            exercise_id=row.exercise_id,
            exercise_version=row.exercise_version,
            exercise_title=row.exercise_title,
            username=row.username,
            full_name=full_name or row.username,
            case_id=row.case_id,
            started_at=row.started_at,
            submitted_at=row.submitted_at,
            steps=tuple(StepScore(str(s), int(n), int(p)) for s, n, p in row.scores),
        )

    # ------------------------------------------------------------------ the trainer (part D)

    def training_record(self, actor: Actor, username: str, language: str) -> bytes:
        """A trainee's training record as PDF in a document language (a trainee: their own)."""
        from app.services.training_trainer import training_record  # noqa: PLC0415 - reportlab

        check_language(language)
        attempts = self.attempts(actor, username)  # a trainee's own; training_record says no
        return training_record(self.backend, actor, username, attempts, language)

    def exercise_from_case(self, actor: Actor, case_id: int, reason: str) -> WorkedCase:
        """On the REAL database: the draft exercise an approved or closed case of a supervisor's
        station gives, through the retention anonymiser (app.domain.training_exercise)."""
        from app.services.training_trainer import exercise_from_case  # noqa: PLC0415

        if self.is_training():
            raise TrainingRefused(_("Exercises are made from the station's real cases."))
        return exercise_from_case(self.backend, self.cases, actor, case_id, reason)

    # ------------------------------------------------------------------ trainers' exercises

    def save_exercise(self, actor: Actor, exercise_id: str, source: str) -> None:
        """Keeps (or replaces) an exercise's TOML text, not yet reviewed: trainees do not get it
        until a trainer reviewed it (`review_exercise`)."""
        if not sees_every_attempt(actor.role):
            raise PermissionDenied
        # What trainees will load, read now: a text that would not load is refused, not kept.
        name = f"exercise {exercise_id}"
        try:
            data = tomllib.loads(source)
            parse_worked_case(
                data, self.backend.packs, file=name, source=CaseSource.EXERCISE,
                expected_id=exercise_id,
            )  # fmt: skip
        except tomllib.TOMLDecodeError as error:
            raise TrainingRefused(f"{name}: {error}") from None
        except WorkedCaseError as error:
            raise TrainingRefused(str(error)) from None
        with self.backend.transaction() as session:
            self._require_training(session)
            row = self._exercise(session, exercise_id)
            if row is None:
                row = t.TrainingExercise(exercise_id=exercise_id)
                session.add(row)
            row.source = source
            row.created_by = actor.username
            row.created_at = self.backend.clock()
            row.reviewed_by = ""
            row.reviewed_at = None

    def review_exercise(self, actor: Actor, exercise_id: str) -> None:
        if not sees_every_attempt(actor.role):
            raise PermissionDenied
        with self.backend.transaction() as session:
            self._require_training(session)
            row = self._exercise(session, exercise_id)
            if row is None:
                raise TrainingRefused(_("There is no such exercise."))
            row.reviewed_by = actor.username
            row.reviewed_at = self.backend.clock()

    @staticmethod
    def _exercise(session: Session, exercise_id: str) -> t.TrainingExercise | None:
        query = select(t.TrainingExercise).where(t.TrainingExercise.exercise_id == exercise_id)
        return session.scalar(query)

    def exercise_sources(
        self, actor: Actor, *, reviewed_only: bool = True
    ) -> list[tuple[str, str]]:
        """(exercise id, TOML text) of the trainers' exercises; trainees get reviewed ones only."""
        if not sees_every_attempt(actor.role):
            reviewed_only = True
        with self.backend.reading() as session:
            self._require_training(session)
            query = select(t.TrainingExercise.exercise_id, t.TrainingExercise.source).order_by(
                t.TrainingExercise.exercise_id
            )
            if reviewed_only:
                query = query.where(t.TrainingExercise.reviewed_at.is_not(None))
            return [(str(i), str(s)) for i, s in session.execute(query)]
