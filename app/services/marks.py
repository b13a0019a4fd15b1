"""Which mark the database carries (app.domain.marks), from its app_meta."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.marks import DatabaseMark
from app.storage import tables as t

TRAINING_KEY = "training"  # app_meta "training" = "1": the training database
DEMO_KEY = "demo"  # app_meta "demo" = "1": a demo database
# The app_meta keys that mark a database; a training database made from a demo is training.
_MARKS = ((TRAINING_KEY, DatabaseMark.TRAINING), (DEMO_KEY, DatabaseMark.DEMO))


def database_mark(session: Session) -> DatabaseMark:
    rows = session.execute(
        select(t.Meta.key, t.Meta.value).where(t.Meta.key.in_([key for key, _ in _MARKS]))
    )
    found = {str(key): str(value) for key, value in rows}
    for key, mark in _MARKS:
        if found.get(key) == "1":
            return mark
    return DatabaseMark.NONE


def is_training(session: Session) -> bool:
    return database_mark(session) is DatabaseMark.TRAINING
