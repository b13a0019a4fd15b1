"""Writing the files the program hands out: owner-only, no overwrite unless forced, never the
database, nothing half-written."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import files
from app.files import OutputError, write_file

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@POSIX
@pytest.mark.parametrize("force", [False, True])
def test_a_new_file_is_its_owner_s_only_whatever_the_umask(tmp_path: Path, force: bool) -> None:
    old = os.umask(0)  # the most permissive umask: the file must still be 0600
    try:
        write_file(tmp_path / "case.json", b"{}", force=force, database=None)
    finally:
        os.umask(old)
    assert (tmp_path / "case.json").read_bytes() == b"{}"
    assert mode(tmp_path / "case.json") == 0o600
    assert leftovers(tmp_path) == ["case.json"]


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the officer's own file")
    target.chmod(0o644)
    with pytest.raises(OutputError) as refused:
        write_file(target, b"new", force=False, database=None)
    assert refused.value.kind == "exists"
    assert str(refused.value) == f"{target} already exists."
    assert target.read_bytes() == b"the officer's own file"
    write_file(target, b"new", force=True, database=None)
    assert target.read_bytes() == b"new"
    if sys.platform != "win32":
        assert mode(target) == 0o600  # a new file, not the old one's permissions
    assert leftovers(tmp_path) == ["report.pdf"]


@POSIX
def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"keep me")
    link = tmp_path / "out.pdf"
    link.symlink_to(elsewhere)
    with pytest.raises(OutputError, match="already exists"):
        write_file(link, b"x", force=False, database=None)
    write_file(link, b"x", force=True, database=None)  # the link is replaced, not its target
    assert elsewhere.read_bytes() == b"keep me"
    assert not link.is_symlink()
    assert link.read_bytes() == b"x"


def test_the_database_in_use_is_never_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "data" / "desk.sqlite3"
    database.parent.mkdir()
    database.write_bytes(b"SQLite format 3\x00")
    monkeypatch.chdir(tmp_path)
    names = [
        database,
        Path("data/desk.sqlite3"),
        Path("data/../data/desk.sqlite3-wal"),
        database.parent / "desk.sqlite3-shm",
        database.parent / "desk.sqlite3-journal",
    ]
    if sys.platform != "win32":
        (tmp_path / "link.db").symlink_to(database)
        names.append(Path("link.db"))
    for name in names:
        for force in (False, True):
            with pytest.raises(OutputError) as refused:
                write_file(name, b"oops", force=force, database=Path("data/desk.sqlite3"))
            assert refused.value.kind == "database"
            assert "is the database in use" in str(refused.value)
    assert database.read_bytes() == b"SQLite format 3\x00"
    assert leftovers(database.parent) == ["desk.sqlite3"]


def test_a_folder_that_does_not_exist_is_a_failure_that_says_why(tmp_path: Path) -> None:
    for force in (False, True):
        with pytest.raises(OutputError) as failed:
            write_file(tmp_path / "no" / "x.pdf", b"x", force=force, database=None)
        assert failed.value.kind == "failed"
        assert str(failed.value) == (
            f"Cannot write {tmp_path / 'no' / 'x.pdf'}: No such file or directory"
        )
        assert isinstance(failed.value.__cause__, FileNotFoundError)
    assert leftovers(tmp_path) == []


@given(content=st.binary(max_size=4096), force=st.booleans(), existed=st.booleans())
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
def test_a_write_that_fails_halfway_leaves_nothing_behind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    force: bool,
    existed: bool,
) -> None:
    folder = tmp_path / f"run-{os.urandom(4).hex()}"
    folder.mkdir()
    target = folder / "export.csv"
    if existed:
        target.write_bytes(b"before")

    def no_space(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(files.os, "fsync", no_space)
        with pytest.raises(OutputError) as failed:
            write_file(target, content, force=force, database=None)
    if existed and not force:
        assert failed.value.kind == "exists"
    else:
        assert (failed.value.kind, failed.value.strerror) == ("failed", "No space left on device")
    # The file is as it was: absent, or the one that was there; no temporary file is left.
    assert leftovers(folder) == (["export.csv"] if existed else [])
    if existed:
        assert target.read_bytes() == b"before"


@pytest.mark.parametrize("force", [False, True])
def test_a_name_with_a_nul_character_is_a_failure_not_a_crash(tmp_path: Path, force: bool) -> None:
    """A file field can hold a pasted NUL; the system takes no such name."""
    target = tmp_path / "report\0.pdf"
    with pytest.raises(OutputError) as refused:
        write_file(target, b"x", force=force, database=tmp_path / "t.db")
    assert refused.value.kind == "failed"
    assert list(tmp_path.iterdir()) == []
