"""The draft journal: what an officer typed while the database could not be reached, kept on this
computer until it is saved (README "When the network drops").

One file per user, database and case, in the user's data folder (0700), each file 0600 and an
SQLCipher database, encrypted like the embedded database with a key kept as its keys are
(app.services.database_keys: the OS keyring, else a 0600 key file). Written to a new file and
swapped in (os.replace): a crash leaves the old entry or the new one, never half of one.
Nothing in it reaches a log or a message: a file that cannot be read is named, never quoted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine, text

from app import config
from app.domain.case import CaseRecord
from app.domain.serialization import from_json, to_json
from app.domain.validation import Issue
from app.i18n import _
from app.services.context import Actor
from app.services.database_keys import DatabaseKeys
from app.services.errors import ServiceError
from app.storage.engine import KEY_BYTES, can_encrypt, check_key, key_pragma, sqlite_module

JOURNAL_ENV = "PROXIMITY_DESK_JOURNAL"
SUFFIX = ".journal"
SET_ASIDE = ".unreadable"  # a file that cannot be read is renamed so, never deleted
FORMAT = 1


class JournalUnavailable(ServiceError):
    """The journal cannot be written here (no SQLCipher, the folder cannot be written)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            _("What you typed could not be kept on this computer either ({code}).").format(
                code=code
            )
        )


@dataclass(frozen=True)
class JournalEntry:
    """A draft not saved yet: the case, the version the officer's copy was loaded at, the page."""

    case_id: int
    version: int
    wizard_step: str
    record: CaseRecord


def default_folder() -> Path:
    named = os.environ.get(JOURNAL_ENV)
    return Path(named) if named else config.data_dir() / "journal"


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).hexdigest()[:24]


class DraftJournal:
    """The journal of one database on this computer (`database` names it: its URL, without the
    password, is only ever hashed into file names)."""

    def __init__(
        self, database: str, folder: Path | None = None, keys: DatabaseKeys | None = None
    ) -> None:
        self.folder = folder or default_folder()
        self._database = _digest(database)
        self._keys = keys or DatabaseKeys()
        self._module = sqlite_module()

    # ------------------------------------------------------------------ files and key

    def _prefix(self, actor: Actor) -> str:
        # The user and the database are hashed into the name: another user's files are never
        # opened by this one's program (and the name says nothing about a case but its id).
        return _digest(self._database, actor.user_id)

    def path(self, actor: Actor, case_id: int) -> Path:
        return self.folder / f"{self._prefix(actor)}-{int(case_id)}{SUFFIX}"

    def _files(self, actor: Actor) -> list[Path]:
        try:
            return sorted(self.folder.glob(f"{self._prefix(actor)}-*{SUFFIX}"))
        except OSError:
            return []

    def _key(self, create: bool) -> bytes | None:
        anchor = self.folder / "journal"  # names the key in the key store
        key = self._keys.load(anchor)
        if key is None and create:
            key = secrets.token_bytes(KEY_BYTES)
            self._keys.save(anchor, key)
        return key

    def _prepare(self) -> bytes:
        if not can_encrypt(self._module):
            raise JournalUnavailable("no SQLCipher")
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)  # made by someone else, or earlier: owner only all the same
        key = self._key(create=True)
        assert key is not None
        return key

    # ------------------------------------------------------------------ entries

    def write(self, actor: Actor, entry: JournalEntry) -> Path:
        """Keeps the entry, replacing this user's earlier one for the case."""
        try:
            key = self._prepare()
            path = self.path(actor, entry.case_id)
            body = json.dumps(
                {
                    "format": FORMAT,
                    "user_id": actor.user_id,
                    "case_id": entry.case_id,
                    "version": entry.version,
                    "wizard_step": entry.wizard_step,
                    # Attachments have their own calls and are never part of a saved draft.
                    "record": to_json(replace(entry.record, attachments=())),
                }
            )
            staging = path.with_name(f"{path.name}.new-{secrets.token_hex(4)}")
            os.close(os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            try:
                connection = self._module.connect(str(staging), isolation_level=None)
                try:
                    cursor = connection.cursor()
                    cursor.execute(key_pragma(key))
                    cursor.execute("PRAGMA journal_mode = OFF")  # one file, swapped in whole
                    cursor.execute("CREATE TABLE entry (body TEXT NOT NULL)")
                    cursor.execute("INSERT INTO entry (body) VALUES (?)", (body,))
                finally:
                    connection.close()
                with open(staging, "rb+") as file:
                    os.fsync(file.fileno())
                os.replace(staging, path)
            except BaseException:
                staging.unlink(missing_ok=True)
                raise
        except Exception as error:  # the disk full, the folder not writable: the driver's or OS's
            # Its kind only: the message of an SQLite error could quote what was written.
            raise JournalUnavailable(type(error).__name__) from None
        return path

    def read(self, actor: Actor, path: Path) -> JournalEntry | None:
        """The entry in a file of this user, or None if it cannot be read (then set aside)."""
        key = self._key(create=False)
        try:
            if key is None:
                raise ValueError("no journal key")
            connection = self._module.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                cursor = connection.cursor()
                cursor.execute(key_pragma(key))
                check_key(cursor)
                row = cursor.execute("SELECT body FROM entry").fetchone()
            finally:
                connection.close()
            data = json.loads(row[0])
            issues: list[Issue] = []
            record = from_json(CaseRecord, data["record"], "record", issues)
            entry = JournalEntry(
                case_id=int(data["case_id"]),
                version=int(data["version"]),
                wizard_step=str(data["wizard_step"]),
                record=record,  # type: ignore[arg-type]
            )
            if issues or record is None or data["format"] != FORMAT:
                raise ValueError("not a journal entry")
            if data["user_id"] != actor.user_id or path != self.path(actor, entry.case_id):
                raise ValueError("not this user's entry")
            return entry
        except Exception:  # whatever the bytes were: the driver's, JSON's, a missing key
            self.set_aside(path)
            return None

    def entries(self, actor: Actor) -> tuple[list[JournalEntry], list[Path]]:
        """This user's entries on this database, and the files that could not be read (set
        aside under a new name, kept for an administrator)."""
        good: list[JournalEntry] = []
        bad: list[Path] = []
        for path in self._files(actor):
            entry = self.read(actor, path)
            if entry is None:
                bad.append(path.with_name(path.name + SET_ASIDE))
            else:
                good.append(entry)
        return good, bad

    def entry(self, actor: Actor, case_id: int) -> JournalEntry | None:
        path = self.path(actor, case_id)
        return self.read(actor, path) if path.exists() else None

    def remove(self, actor: Actor, case_id: int) -> None:
        self.path(actor, case_id).unlink(missing_ok=True)

    def set_aside(self, path: Path) -> None:
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + SET_ASIDE))


def journal_for(engine: Engine, folder: Path | None = None) -> DraftJournal:
    """The journal of the database an engine opens (named by its URL without the password)."""
    return DraftJournal(engine.url.render_as_string(hide_password=True), folder)


def database_answers(engine: Engine) -> bool:
    """Whether the database answers now: a new connection (pool_pre_ping drops the dead ones) and
    the cheapest statement. Any failure means "not back yet"; its message is never shown."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
