"""Where the worked cases come from: the bundled files, a force's own folder, the trainers' reviewed
exercises. A file that cannot be read is left out with its problem; the others still load. The
problems are in English, as a protocol pack's are: they are for whoever maintains the files."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app import config, paths
from app.domain.protocol import ProtocolPack
from app.domain.training import CaseSource, WorkedCase
from app.domain.training_cases import WorkedCaseError, parse_worked_case
from app.i18n import _

# A force adds its own cases without code: TOML files in this folder (default: the user data one).
FORCE_FOLDER_ENV = "PROXIMITY_DESK_TRAINING_CASES"
# A worked case is a page of text: a bigger file is a mistake, not read whole.
_MAX_BYTES = 256 * 1024


def force_folder() -> Path:
    """The force's worked cases: the environment's folder, or `training` in the user data one."""
    named = os.environ.get(FORCE_FOLDER_ENV)
    return Path(named) if named else config.data_dir() / "training"


@dataclass(frozen=True)
class LoadedWorkedCases:
    """The worked cases that loaded, sorted by title, and one problem line per one left out."""

    cases: tuple[WorkedCase, ...]
    problems: tuple[str, ...] = ()

    def notice(self) -> str:
        """What the screen shows about the ones left out ("" when none was)."""
        if not self.problems:
            return ""
        head = _("Worked cases that could not be read: {count}").format(count=len(self.problems))
        return "\n".join((head, *self.problems))


def load_worked_cases(
    packs: Mapping[str, ProtocolPack],
    *,
    bundled: Path | None = None,
    force: Path | None = None,
    exercises: Iterable[tuple[str, str]] = (),
) -> LoadedWorkedCases:
    """Every worked case: bundled first, then the force's, then the exercises (id, TOML text).
    An id already taken is refused for the later one, with a problem naming both."""
    found: dict[str, WorkedCase] = {}
    where: dict[str, str] = {}
    problems: list[str] = []

    def add(name: str, text: str | None, source: CaseSource, expected_id: str | None) -> None:
        try:
            if text is None:
                raise WorkedCaseError(name, "file", "not UTF-8 text, or over 256 KB")
            data = tomllib.loads(text)
            worked = parse_worked_case(
                data, packs, file=name, source=source, expected_id=expected_id
            )
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{name}: {error}")
            return
        except WorkedCaseError as error:
            problems.append(str(error))
            return
        if worked.id in found:
            taken = WorkedCaseError(
                name, "id", f"'{worked.id}' is already used by {where[worked.id]}"
            )
            problems.append(str(taken))
            return
        found[worked.id] = worked
        where[worked.id] = name

    for source, folder in (
        (CaseSource.BUNDLED, paths.training() if bundled is None else bundled),
        (CaseSource.FORCE, force_folder() if force is None else force),
    ):
        for path in _toml_files(folder):
            add(path.name, _read(path), source, path.stem)
    for exercise_id, text in exercises:
        add(f"exercise {exercise_id}", text, CaseSource.EXERCISE, exercise_id)
    cases = sorted(found.values(), key=lambda w: (w.title.casefold(), w.id))
    return LoadedWorkedCases(cases=tuple(cases), problems=tuple(problems))


def _toml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:  # a force's folder on a share that is gone: no cases from it, not a crash
        return []


def _read(path: Path) -> str | None:
    """The file's text; None if it cannot be read as UTF-8 text of a sensible size."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
