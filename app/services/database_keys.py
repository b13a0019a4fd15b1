"""The embedded database's encryption key, kept outside the database file: in the OS keyring where
there is one, else in a key file readable by the program's account only (0600 in a 0700 folder).
The key never goes into the database, a log or a message."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import Any

from app import config
from app.i18n import _
from app.services.errors import ServiceError
from app.storage.engine import KEY_BYTES, can_encrypt, file_state, sqlite_file, sqlite_module

DB_KEYS_ENV = "PROXIMITY_DESK_DB_KEYS"
KEYRING_SERVICE = "Proximity Desk database key"


class DatabaseKeyProblem(ServiceError):
    """The embedded database cannot be opened for want of its key, or with the key given."""


def key_missing(database: Path) -> DatabaseKeyProblem:
    return DatabaseKeyProblem(
        _(
            "The database {file} is encrypted and its key is not on this computer. Restore the key"
            " from the recovery sheet: proximity-desk db restore-key --from-sheet"
        ).format(file=database)
    )


def key_wrong(database: Path) -> DatabaseKeyProblem:
    return DatabaseKeyProblem(
        _("The database key does not open the file {file}.").format(file=database)
    )


def key_exposed(path: Path) -> DatabaseKeyProblem:
    return DatabaseKeyProblem(
        _(
            "The database key file {file} can be read by other accounts of this computer. Make it"
            " readable by the program's account only (chmod 600) and check who could copy it."
        ).format(file=path)
    )


def cannot_encrypt(database: Path) -> DatabaseKeyProblem:
    return DatabaseKeyProblem(
        _(
            "This installation's SQLite cannot encrypt, so it does not create or open the encrypted"
            " database {file}. Install the sqlcipher3 package, or use PostgreSQL."
        ).format(file=database)
    )


def plain_warning() -> str:
    """Said at every start (screen and command line) on a plain database of the first release."""
    return _(
        "The database file is not encrypted. An administrator encrypts it with: proximity-desk"
        " --user NAME db encrypt"
    )


def key_problem(url: str) -> DatabaseKeyProblem:
    """What to tell when a database file did not open with the key the program had for it."""
    database = sqlite_file(url)
    return key_wrong(database if database is not None else Path(url))


def default_folder() -> Path:
    named = os.environ.get(DB_KEYS_ENV)
    return Path(named) if named else config.data_dir() / "database-keys"


def key_name(database: Path) -> str:
    """The key's name: the database file's, and a digest of its full path (two stations' files
    of the same name on one computer have different keys)."""
    resolved = database.resolve()
    return f"{resolved.name}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:12]}"


def key_id(key: bytes) -> str:
    """Names a key without telling anything about it: on the recovery sheet and in the audit."""
    return hashlib.sha256(b"proximity-desk database key\x00" + key).hexdigest()[:16]


# ---------------------------------------------------------------- the key as people copy it

GROUPS_PER_LINE = 4  # four groups of four hex digits a line: 8 bytes, 4 lines for the key
_NOT_HEX = re.compile(r"[\s:-]+")
_SHEET_LINE = re.compile(r"([0-9a-f]{4} ){3}[0-9a-f]{4}")


# Letters only, none that looks like a digit (I, O): the check never passes for part of the key.
_CHECK_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def line_checksum(line: str) -> str:
    """Two letters that catch a mistyped line of the recovery sheet."""
    value = int(hashlib.sha256(line.replace(" ", "").lower().encode()).hexdigest()[:8], 16)
    size = len(_CHECK_LETTERS)
    return _CHECK_LETTERS[value % size] + _CHECK_LETTERS[value // size % size]


def sheet_lines(key: bytes) -> list[tuple[str, str]]:
    """The key as the recovery sheet prints it: lines of groups of four, each with its checksum."""
    digits = key.hex()
    groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    lines = [
        " ".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)
    ]
    return [(line, line_checksum(line)) for line in lines]


def parse_key(text: str) -> bytes | None:
    """A key typed as 64 hex digits, grouped or not; None for anything else."""
    digits = _NOT_HEX.sub("", text)
    if len(digits) != KEY_BYTES * 2 or not all(c in "0123456789abcdefABCDEF" for c in digits):
        return None
    return bytes.fromhex(digits)


def parse_sheet_line(text: str) -> str | None:
    """One line typed from the recovery sheet, its checksum last ("3f2a 9c01 77e4 0b5d  K7" or
    with the checksum's letters anywhere after the groups): its 16 digits, or None if the line or
    its checksum is wrong."""
    parts = text.split()
    if len(parts) != GROUPS_PER_LINE + 1:
        return None
    line, checksum = " ".join(parts[:GROUPS_PER_LINE]).lower(), parts[-1].upper()
    if not _SHEET_LINE.fullmatch(line) or line_checksum(line) != checksum:
        return None
    return line.replace(" ", "")


# ---------------------------------------------------------------- where keys are kept


def _keyring() -> Any | None:
    """The OS keyring's backend, or None: none installed, none usable (a headless Linux), or a
    folder named by the environment (tests, a station that wants the file)."""
    if os.environ.get(DB_KEYS_ENV):
        return None
    try:
        import keyring  # noqa: PLC0415 - optional: not on every platform

        backend = keyring.get_keyring()
    except Exception:
        return None
    return backend if getattr(backend, "priority", 0) >= 1 else None


class DatabaseKeys:
    """The keys of this computer's embedded databases, one per database file."""

    def __init__(self, folder: Path | None = None, *, keyring: bool = True) -> None:
        self.folder = folder or default_folder()
        self._keyring = _keyring() if keyring and folder is None else None

    def key_file(self, database: Path) -> Path:
        return self.folder / f"{key_name(database)}.key"

    def load(self, database: Path) -> bytes | None:
        """The stored key of a database file; None if there is none."""
        if self._keyring is not None:
            try:
                stored = self._keyring.get_password(KEYRING_SERVICE, key_name(database))
            except Exception:
                stored = None
            if stored and (key := parse_key(stored)) is not None:
                return key
        path = self.key_file(database)
        try:
            if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
                raise key_exposed(path)
            return parse_key(path.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError):
            return None

    def save(self, database: Path, key: bytes) -> str:
        """Keeps a key for a database file (replacing one kept before); says where."""
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, key_name(database), key.hex())
            except Exception:
                pass
            else:
                return _("the keyring of this computer's account")
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.key_file(database)
        staging = path.with_suffix(f".new-{secrets.token_hex(4)}")
        # Created readable by this account only, in one step, then swapped in.
        descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key.hex() + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(staging, path)
        return str(path)

    def key_for(self, url: str, *, sqlite_driver: str | None = None) -> bytes | None:
        """The key to open a database with: None for PostgreSQL, memory or a plain (first
        release) file; a new key, kept first, for a database still to be created."""
        database = sqlite_file(url)
        if database is None:
            return None
        state = file_state(database)
        if state == "plain":
            return None
        if not can_encrypt(sqlite_module(sqlite_driver)):
            raise cannot_encrypt(database)
        key = self.load(database)
        if key is not None:
            return key
        if state == "encrypted":
            raise key_missing(database)
        # A new database: its key is kept before anything is written with it. (A key kept for
        # a file of that name before is used again: a backup of it must still open.)
        key = secrets.token_bytes(KEY_BYTES)
        self.save(database, key)
        return key
