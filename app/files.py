"""Writing the files the program hands out: exports, printouts, the directory's CSV.

One helper, `write_file`, for the command line and the screens alike. Such a file holds personal
data, so it is made readable by its owner only (0600 on POSIX) as it is created, never chmod-ed
afterwards; it never replaces an existing file unless told to (`force`), and never the database
in use, even then. A write that fails leaves neither a half-written file nor a stray temporary one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from app.i18n import _

OWNER_ONLY = 0o600
# SQLite keeps a database in its file and, while it is open, in these companions.
DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class OutputError(Exception):
    """A file that was not written. `kind`: "exists" (and not `force`), "database" (the database
    in use) or "failed" (the system refused: `strerror` says why)."""

    def __init__(self, kind: str, path: Path, strerror: str = "") -> None:
        super().__init__(kind, str(path))
        self.kind = kind
        self.path = path
        self.strerror = strerror

    def __str__(self) -> str:
        if self.kind == "exists":
            return _("{file} already exists.").format(file=self.path)
        if self.kind == "database":
            return _("{file} is the database in use: choose another file.").format(file=self.path)
        return _("Cannot write {file}: {error}").format(file=self.path, error=self.strerror)


def _same_file(path: Path, other: Path) -> bool:
    if os.path.normcase(os.path.realpath(path)) == os.path.normcase(os.path.realpath(other)):
        return True
    try:  # another name for it: a different case on a case-insensitive disk, a hard link
        return os.path.samefile(path, other)
    except OSError:  # one of them does not exist (yet)
        return False


def check_target(path: Path, *, force: bool, database: Path | None) -> None:
    """Refuses a target that `write_file` would refuse, before any work is done for it."""
    if "\0" in str(path):  # pasted into a file field: the system takes no such name
        raise OutputError("failed", path, os.strerror(errno.EINVAL))
    if database is not None and any(
        _same_file(path, Path(f"{database}{suffix}")) for suffix in DATABASE_COMPANIONS
    ):
        raise OutputError("database", path)
    if not force and os.path.lexists(path):
        raise OutputError("exists", path)


def write_file(path: Path, content: bytes, *, force: bool, database: Path | None) -> None:
    """Writes `content` to a new file at `path`, owner-only. With `force` an existing file is
    replaced in one step (a temporary file in the same folder, then renamed over it). `database`:
    the database file in use, which is never written over. Raises OutputError."""
    check_target(path, force=force, database=database)
    try:
        if force:
            descriptor, temporary = tempfile.mkstemp(  # created 0600, a name nobody else has
                dir=path.parent, prefix=f".{path.name}.", suffix=".part"
            )
            _fill(descriptor, content, Path(temporary))
            try:
                os.replace(temporary, path)
            except OSError:
                _remove(Path(temporary))
                raise
        else:
            # O_EXCL: fails on any existing name, a symbolic link too, so nothing is overwritten.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            _fill(os.open(path, flags, OWNER_ONLY), content, path)
    except FileExistsError as error:  # made by someone else since check_target
        raise OutputError("exists", path) from error
    except OSError as error:
        raise OutputError("failed", path, error.strerror or type(error).__name__) from error


def _fill(descriptor: int, content: bytes, path: Path) -> None:
    """Writes and syncs the new file at `path`, or removes it again if that fails."""
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(path)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
