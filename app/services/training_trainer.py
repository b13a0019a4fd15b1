"""What a trainer does beyond the attempts (issue 16, part D): prints a trainee's training record
(in the training database, audited there), and makes an exercise from a real case (in the real
database: the case is read for a stated reason, the read and the making go to the real trail with
the case's reference only; the exercise is then saved in the training database by
TrainingService.save_exercise, once the trainer has reviewed it)."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from app.documents import document_translations
from app.documents import training_record as document
from app.domain.audit_actions import AuditAction
from app.domain.training import Attempt, WorkedCase, may_make_exercise, sees_every_attempt
from app.domain.training_exercise import exercise_from_record, exercise_refusal
from app.domain.validation import Issue
from app.i18n import _
from app.services import audit
from app.services.cases import CaseService
from app.services.context import Actor, Backend
from app.services.errors import NotAllowed, PermissionDenied, TrainingRefused
from app.services.marks import database_mark
from app.storage import tables as t


def training_record(
    backend: Backend, actor: Actor, username: str, attempts: list[Attempt], language: str
) -> bytes:
    """The PDF of `username`'s training record from their `attempts` (read for `actor`, who
    may see them), audited in the training database."""
    if username != actor.username and not sees_every_attempt(actor.role):
        raise PermissionDenied
    with backend.reading() as session:
        user = session.scalar(select(t.User).where(t.User.username == username))
        if user is None:
            raise TrainingRefused(_("There is no such trainee."))
        station = session.get(t.Station, user.station_id)
        data = document.TrainingRecordData(
            trainee=user.full_name,
            username=username,
            station=station.name if station is not None else "",
            attempts=tuple(attempts),
            pack=backend.pack(station.protocol_pack if station is not None else "eu-baseline"),
            printed_at=backend.clock(),
            printed_by=actor.full_name,
            mark=database_mark(session),
        )
    pdf = document.render(data, document_translations(language), language)
    with backend.transaction() as session:  # not held while the PDF is drawn
        audit.record(
            session, data.printed_at, actor.username, AuditAction.TRAINING_RECORD, "user",
            username, "", details={"language": language, "attempts": len(attempts)},
        )  # fmt: skip
    return pdf


def exercise_from_case(
    backend: Backend, cases: CaseService, actor: Actor, case_id: int, reason: str
) -> WorkedCase:
    """The draft exercise an approved or closed case of the supervisor's station gives. The read
    is the case's ordinary audited read (its reason); the making is audited with the reference."""
    if not may_make_exercise(actor.role):
        raise PermissionDenied
    opened = cases.open_case(actor, case_id, reason)
    record = opened.record
    if record.station_code != actor.station_code:  # seen escalated, but not the station's
        raise PermissionDenied
    refusal = exercise_refusal(record)
    if refusal is not None:
        raise NotAllowed([Issue(f"exercise_{refusal.code}", "status", {})])
    pack = backend.pack(record.protocol_pack)
    # A new id, not the reference: nothing in the training database leads back to the case.
    worked = exercise_from_record(record, pack, f"exercise_{secrets.token_hex(4)}")
    with backend.transaction() as session:
        audit.record(
            session, backend.clock(), actor.username, AuditAction.TRAINING_EXERCISE_MADE, "case",
            record.reference, reason, details={"exercise": worked.id},
        )  # fmt: skip
    return worked
