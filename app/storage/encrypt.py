"""Turning a plain (first release) SQLite file into an encrypted one: SQLCipher's sqlcipher_export
into a new file, checked, then swapped in for the old one, whose content is overwritten."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, BinaryIO

from app.storage.engine import (
    DatabaseKeyError,
    can_encrypt,
    check_key,
    key_pragma,
    sqlite_module,
)

WIPE_CHUNK = 1 << 20


def _tables(connection: Any) -> dict[str, int]:
    """Every ordinary table's row count: the copy must hold what the original held."""
    cursor = connection.cursor()
    names = [
        row[0]
        for row in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    return {name: cursor.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def export_encrypted(source: Path, target: Path, key: bytes, *, driver: str | None = None) -> None:
    """Writes an encrypted copy of the plain database `source` to the new file `target`, under
    a write lock so that nothing is added meanwhile; raises if the copy differs."""
    module = sqlite_module(driver)
    if not can_encrypt(module):
        raise DatabaseKeyError("cannot_encrypt")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # owner only
    os.close(descriptor)
    connection = module.connect(str(source), isolation_level=None)
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA busy_timeout=10000")
        # Everything into the file itself: the old journal must not meet the new file.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("BEGIN IMMEDIATE")  # another program's writer waits until the swap
        # The key is hexadecimal digits only (key_pragma checked its length): no quoting issue.
        cursor.execute(
            f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"",
            (str(target),),
        )
        cursor.execute("SELECT sqlcipher_export('encrypted')")
        version = int(cursor.execute("PRAGMA main.user_version").fetchone()[0])
        cursor.execute(f"PRAGMA encrypted.user_version = {version}")
        counts = _tables(connection)
        cursor.execute("COMMIT")
        cursor.execute("DETACH DATABASE encrypted")
        connection.close()
        check = module.connect(str(target), isolation_level=None)
        try:
            cursor = check.cursor()
            cursor.execute(key_pragma(key))
            check_key(cursor)
            cursor.execute("PRAGMA journal_mode=WAL")  # as the program runs it (app.storage.engine)
            if cursor.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError("the encrypted copy fails its integrity check")
            if _tables(check) != counts:
                raise RuntimeError("the encrypted copy does not hold every row")
        finally:
            check.close()
    except BaseException:
        connection.close()
        target.unlink(missing_ok=True)
        raise


def swap_in(new: Path, old: Path) -> None:
    """Puts `new` in the place of `old` in one step (a reader sees one or the other), then
    overwrites the old content through a handle kept open on it, and removes its journal files.
    Limits: a copy-on-write or journalling file system, an SSD's wear levelling, snapshots and
    backups can keep the old blocks; only full-disk encryption covers those."""
    with old.open("r+b") as handle:
        os.replace(new, old)
        _overwrite(handle)
    for suffix in ("-wal", "-shm", "-journal"):
        leftover = old.with_name(old.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            with leftover.open("r+b") as handle:
                _overwrite(handle)
            leftover.unlink()


def _overwrite(file: BinaryIO) -> None:
    size = os.fstat(file.fileno()).st_size
    file.seek(0)
    written = 0
    while written < size:
        chunk = min(WIPE_CHUNK, size - written)
        file.write(os.urandom(chunk))
        written += chunk
    file.flush()
    os.fsync(file.fileno())
