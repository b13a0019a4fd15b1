"""What every service needs: the database, the clock, the password hasher, the protocol packs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import paths
from app.domain.case import Role
from app.domain.protocol import ProtocolError, ProtocolPack, available_packs
from app.i18n import _
from app.services.errors import BrokenProtocol, PermissionDenied, database_problem
from app.services.keys import AuditKeys, default_folder
from app.storage.engine import classify, make_session_factory

AUDIT_KEYS = "audit_keys"  # the key of Session.info that holds the AuditKeys
__all__ = ["AUDIT_KEYS", "Actor", "AuditKeys", "Backend", "utc_now"]


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as the services check it."""

    user_id: int
    username: str
    full_name: str
    role: Role
    station_id: int
    station_code: str
    station_name: str
    # The screen language the user chose last ("" until they choose one).
    language: str = ""
    # An administrator reset the password: the user must choose a new one before anything else.
    must_change_password: bool = False

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            raise PermissionDenied


def utc_now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def database_problems() -> Iterator[None]:
    """The one place where a driver's error becomes a refusal a screen can show: the
    transaction was rolled back, and the message names the kind and the database's code."""
    try:
        yield
    except DBAPIError as error:
        raise database_problem(*classify(error)) from error


class Backend:
    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = utc_now,
        hasher: PasswordHasher | None = None,
        audit_keys: AuditKeys | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.hasher = hasher or PasswordHasher()
        # Every session carries the key folder, so that any unit of work can seal its audit events.
        self.audit_keys = audit_keys or AuditKeys(default_folder())
        info = {AUDIT_KEYS: self.audit_keys}
        self._sessions = make_session_factory(engine, info=info)
        self._read_sessions = make_session_factory(engine, read_only=True, info=info)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One session and one transaction per user action (a unit of work) that writes."""
        with database_problems(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A transaction that only reads: it never waits for, nor blocks, a writer."""
        with database_problems(), self._read_sessions.begin() as session:
            yield session

    @cached_property
    def packs(self) -> dict[str, ProtocolPack]:
        try:
            return available_packs(paths.protocols())
        except ProtocolError as error:
            raise BrokenProtocol(
                _("The protocol pack cannot be used: {problem}").format(problem=error)
            ) from error

    def pack(self, pack_id: str) -> ProtocolPack:
        return self.packs.get(pack_id) or self.packs["eu-baseline"]
