"""Small helpers shared by tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from app.domain.case import CaseRecord, CaseStatus
from app.services.audit import Delivery


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def record(**fields: Any) -> CaseRecord:
    """A case record with the required header filled in; the test names what matters to it."""
    at = fields.pop("created_at", datetime(2026, 3, 14, 18, 45, tzinfo=UTC))
    header: dict[str, Any] = {
        "reference": "LIS-01-2026-000042",
        "station_code": "LIS-01",
        "status": CaseStatus.SUBMITTED,
        "created_at": at,
        "created_by": "officer",
        "officer": "officer",
        "protocol_pack": "eu-baseline",
        "protocol_version": "1.0",
    }
    return CaseRecord(**(header | fields))


def delivered(call: Callable[..., object], *args: Any, **kwargs: Any) -> bytes:
    """What a printout or an export hands over, kept in memory: `call(*args, delivery=...,
    **kwargs)` with a delivery to the screen."""
    kept: list[bytes] = []
    call(*args, delivery=Delivery("screen", kept.append), **kwargs)
    [content] = kept
    return content


def exported_text(call: Callable[..., object], *args: Any) -> str:
    """The text an export hands over (`call(*args, delivery=...)`), kept in memory."""
    return delivered(call, *args).decode("utf-8")


def keyed_engine(url: str, **kwargs: Any) -> Engine:
    """An engine on a test's database with the key the program kept for it (none for a plain
    file or PostgreSQL): for tests that look into a database the program made."""
    from app.services.database_keys import DatabaseKeys  # noqa: PLC0415
    from app.storage.engine import make_engine, sqlite_file  # noqa: PLC0415

    database = sqlite_file(url)
    key = DatabaseKeys().load(database) if database is not None else None
    return make_engine(url, key=key, **kwargs)
