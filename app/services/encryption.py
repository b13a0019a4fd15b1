"""Encryption at rest of the embedded database: the recovery sheet, turning a plain (first release)
database into an encrypted one, and putting a key back on a new computer. Administrators only;
each step is audited, the key never is (only its id)."""

from __future__ import annotations

import secrets
from pathlib import Path

from app.domain.audit_actions import AuditAction
from app.domain.case import Role
from app.i18n import _
from app.services import audit
from app.services.context import Actor, Backend
from app.services.database_keys import (
    DatabaseKeyProblem,
    DatabaseKeys,
    cannot_encrypt,
    key_id,
    key_missing,
    key_wrong,
    sheet_lines,
)
from app.services.documents import check_language
from app.services.guard import guarded
from app.services.marks import database_mark
from app.storage.encrypt import export_encrypted, swap_in
from app.storage.engine import (
    KEY_BYTES,
    DatabaseKeyError,
    can_encrypt,
    file_state,
    make_engine,
    sqlite_file,
)
from app.storage.tables import Station


def not_encrypted() -> DatabaseKeyProblem:
    return DatabaseKeyProblem(
        _(
            "This database is not an encrypted file of this computer, so it has no key to print"
            " or restore (PostgreSQL: see the README on TLS and the disk)."
        )
    )


@guarded
class EncryptionService:
    def __init__(self, backend: Backend, keys: DatabaseKeys) -> None:
        self.backend = backend
        self.keys = keys

    def _file(self) -> Path:
        database = sqlite_file(self.backend.engine.url)
        if database is None:
            raise not_encrypted()
        return database

    def state(self) -> str:
        """ "new", "plain", "encrypted", or "server" for PostgreSQL: the start says what to do."""
        database = sqlite_file(self.backend.engine.url)
        return "server" if database is None else file_state(database)

    def recovery_sheet(self, actor: Actor, language: str) -> bytes:
        """The key on one page (PDF), for the administrator to print, sign and seal."""
        from app.documents import document_translations, recovery_sheet  # noqa: PLC0415

        actor.require(Role.ADMIN)
        check_language(language)
        database = self._file()
        if file_state(database) != "encrypted":
            raise not_encrypted()
        key = self.keys.load(database)
        if key is None:
            raise key_missing(database)
        with self.backend.transaction() as session:
            station = session.get(Station, actor.station_id)
            data = recovery_sheet.RecoverySheetData(
                station_name=station.name if station is not None else actor.station_code,
                station_code=actor.station_code,
                database=str(database.resolve()),
                key_id=key_id(key),
                lines=tuple(sheet_lines(key)),
                printed_at=self.backend.clock(),
                demo=database_mark(session),
            )
            audit.record(
                session, self.backend.clock(), actor.username,
                AuditAction.DATABASE_RECOVERY_SHEET, "database", details={"key_id": key_id(key)},
            )  # fmt: skip
        return recovery_sheet.render(data, document_translations(language), language)

    def encrypt(self, actor: Actor) -> str:
        """Encrypts a plain database with a new key and swaps it in; returns where the key is
        kept. The services are closed afterwards: open them again, with the key."""
        actor.require(Role.ADMIN)
        database = self._file()
        if file_state(database) != "plain":
            raise DatabaseKeyProblem(_("The database is already encrypted."))
        if not can_encrypt(self.backend.engine.dialect.dbapi):  # type: ignore[arg-type]
            raise cannot_encrypt(database)
        key = secrets.token_bytes(KEY_BYTES)
        staging = database.with_name(f"{database.name}.encrypting")
        staging.unlink(missing_ok=True)  # a copy left by an attempt that was cut short
        self.backend.engine.dispose()
        export_encrypted(database, staging, key)
        # The event goes into the encrypted copy: the trail says what happened, only once it has.
        copy = Backend(
            make_engine(f"sqlite:///{staging}", key=key),
            clock=self.backend.clock,
            audit_keys=self.backend.audit_keys,
        )
        try:
            with copy.transaction() as session:
                audit.record(
                    session, self.backend.clock(), actor.username, AuditAction.DATABASE_ENCRYPT,
                    "database", details={"key_id": key_id(key)},
                )  # fmt: skip
        finally:
            copy.engine.dispose()
        where = self.keys.save(database, key)  # kept before the plain file goes
        swap_in(staging, database)
        return where


def restore_key(url: str, key: bytes, keys: DatabaseKeys) -> str:
    """Keeps the key of an encrypted database copied to this computer, once it has been shown to
    open the file. No sign-in is possible before (the accounts are inside the file): whoever has
    the key has the data, and the account's key folder or keyring is as protected as the file."""
    database = sqlite_file(url)
    if database is None or file_state(database) != "encrypted":
        raise not_encrypted()
    engine = make_engine(url, key=key)
    try:
        with engine.connect():
            pass
    except DatabaseKeyError as error:
        raise key_wrong(database) from error
    finally:
        engine.dispose()
    return keys.save(database, key)
