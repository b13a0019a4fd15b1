"""The audit trail's key files: outside the database, readable by the program's account only."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from app import config
from app.domain import audit_chain as chain
from app.services.errors import AuditKeyExposed, AuditKeyMissing

AUDIT_KEYS_ENV = "PROXIMITY_DESK_AUDIT_KEYS"


def default_folder() -> Path:
    """Where this workstation keeps audit keys: the environment's folder, or the user data one."""
    named = os.environ.get(AUDIT_KEYS_ENV)
    return Path(named) if named else config.data_dir() / "audit-keys"


class AuditKeys:
    """The folder of key files, one per database, each named by its key id (`<id>.key`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._loaded: dict[str, bytes] = {}

    def create(self) -> bytes:
        key = secrets.token_bytes(chain.KEY_BYTES)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.folder / f"{chain.key_id(key)}.key"
        # Created readable by this account only, in one step: never chmod'ed after the fact.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(key.hex() + "\n")
        self._loaded[chain.key_id(key)] = key
        return key

    def load(self, key_id: str) -> bytes:
        if key_id in self._loaded:
            return self._loaded[key_id]
        path = self.folder / f"{key_id}.key"
        try:
            if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
                raise AuditKeyExposed(path)
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError, UnicodeDecodeError) as error:
            raise AuditKeyMissing(key_id, self.folder) from error
        if chain.key_id(key) != key_id:
            raise AuditKeyMissing(key_id, self.folder)
        self._loaded[key_id] = key
        return key
