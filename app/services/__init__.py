"""Use cases the screens and the CLI call. They enforce roles; the screens do not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher

from app.domain.marks import DatabaseMark
from app.services.accounts import AccountService
from app.services.audit import AuditService
from app.services.audit_search import AuditSearchService
from app.services.cases import CaseService
from app.services.context import AuditKeys, Backend, utc_now
from app.services.database_keys import DatabaseKeys, key_problem
from app.services.demo import DemoService
from app.services.directory import DirectoryService
from app.services.documents import DocumentService
from app.services.encryption import EncryptionService
from app.services.exchange import ExchangeService
from app.services.followups import FollowUpService
from app.services.marks import database_mark
from app.services.retention import RetentionService
from app.services.stations import StationService
from app.services.statistics import StatisticsService
from app.services.subject_access import SubjectAccessService
from app.services.training import TrainingService
from app.storage.engine import LOCK_TIMEOUT_MS, DatabaseKeyError, make_engine, sqlite_file
from app.storage.migrate import ensure_current


@dataclass(frozen=True)
class Services:
    backend: Backend
    accounts: AccountService
    cases: CaseService
    exchange: ExchangeService
    audit: AuditService
    demo: DemoService
    directory: DirectoryService
    documents: DocumentService
    stations: StationService
    followups: FollowUpService
    encryption: EncryptionService
    audit_search: AuditSearchService
    retention: RetentionService
    subject_access: SubjectAccessService
    statistics: StatisticsService
    training: TrainingService

    def database_file(self) -> Path | None:
        """The SQLite file in use, which no export may write over; None on PostgreSQL."""
        return sqlite_file(self.backend.engine.url)

    def mark(self) -> DatabaseMark:
        """The mark every window and printout of this database carries."""
        with self.backend.reading() as session:
            return database_mark(session)

    def close(self) -> None:
        self.backend.engine.dispose()


def open_services(
    url: str,
    *,
    clock: Callable[[], datetime] = utc_now,
    hasher: PasswordHasher | None = None,
    migrate: bool = True,
    sqlite_driver: str | None = None,
    audit_keys: Path | None = None,
    lock_timeout_ms: int = LOCK_TIMEOUT_MS,
    database_keys: Path | DatabaseKeys | None = None,
) -> Services:
    """Connects to the database (creating or migrating it first) and builds every service. A new
    embedded database is encrypted with a new key, kept outside it (app.services.database_keys)."""
    # A training database shares the real one's keys (app.services.training_db).
    keys = database_keys if isinstance(database_keys, DatabaseKeys) else DatabaseKeys(database_keys)
    engine = make_engine(
        url,
        key=keys.key_for(url, sqlite_driver=sqlite_driver),
        sqlite_driver=sqlite_driver,
        lock_timeout_ms=lock_timeout_ms,
    )
    if migrate:
        try:
            ensure_current(engine)
        except DatabaseKeyError as error:  # a key that does not open it, or none for it
            engine.dispose()
            raise key_problem(url) from error
    backend = Backend(
        engine,
        clock=clock,
        hasher=hasher,
        audit_keys=AuditKeys(audit_keys) if audit_keys is not None else None,
    )
    backend.packs  # noqa: B018 - a broken pack is refused now, not halfway through a case
    cases = CaseService(backend)
    return Services(
        backend=backend,
        accounts=AccountService(backend),
        cases=cases,
        exchange=ExchangeService(backend),
        audit=AuditService(backend),
        demo=DemoService(backend),
        directory=DirectoryService(backend),
        documents=DocumentService(backend),
        stations=StationService(backend),
        followups=FollowUpService(backend),
        encryption=EncryptionService(backend, keys),
        audit_search=AuditSearchService(backend),
        retention=RetentionService(backend, cases),
        subject_access=SubjectAccessService(backend),
        statistics=StatisticsService(backend),
        training=TrainingService(backend, cases),
    )
