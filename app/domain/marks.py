"""The mark a database carries on every window and printout: none (the station's real database),
DEMO (synthetic data) or TRAINING (practice cases). One notion, so that a screen or a printout asks
which mark, never "is it a demo?" and then "is it training?" apart."""

from __future__ import annotations

from enum import StrEnum


class DatabaseMark(StrEnum):
    # NONE is the empty text, so `if mark:` reads "if the database is marked".
    NONE = ""
    DEMO = "demo"
    TRAINING = "training"
