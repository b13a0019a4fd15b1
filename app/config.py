"""Settings: command-line option, then environment variable, then settings file, then default."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "proximity-desk"
DB_ENV = "PROXIMITY_DESK_DB"
TRAINING_DB_ENV = "PROXIMITY_DESK_TRAINING_DB"
LANG_ENV = "PROXIMITY_DESK_LANG"
CONFIG_ENV = "PROXIMITY_DESK_CONFIG"
IDLE_LOCK_ENV = "PROXIMITY_DESK_IDLE_LOCK_MINUTES"
# A police workstation always locks: never "0 = never", and at most an hour unattended.
IDLE_LOCK_MINUTES = (1, 60)
DEFAULT_IDLE_LOCK_MINUTES = 5
SMALL_CELL_ENV = "PROXIMITY_DESK_SMALL_CELL_THRESHOLD"
# Counts below this print as "<N" in what leaves the program (app.domain.odihr); 0 = off. Past 100
# a return would say nothing at all: a typing error, refused.
SMALL_CELL_THRESHOLDS = (0, 100)


@dataclass(frozen=True)
class Settings:
    database_url: str
    language: str = "en"
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    small_cell_threshold: int = 0
    # Where training happens (app.services.training_db): never the station's database.
    training_database_url: str = ""


def data_dir() -> Path:
    from platformdirs import user_data_dir  # noqa: PLC0415 - keep start-up imports small

    return Path(user_data_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    if CONFIG_ENV in os.environ:
        return Path(os.environ[CONFIG_ENV])
    from platformdirs import user_config_dir  # noqa: PLC0415

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.toml"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'proximity-desk.sqlite3'}"


def default_training_database_url() -> str:
    """Beside the real database, encrypted as it is (app.services.training_db)."""
    return f"sqlite:///{data_dir() / 'training.sqlite3'}"


class SettingsError(Exception):
    pass


def _whole_number(value: object) -> int | None:
    """A whole number, or its digits as text (the environment's values are text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def _refused(source: str, setting: str, what: str, value: object) -> SettingsError:
    shown = repr(value)[:40]  # a setting, never case data: still, no screenful of it
    return SettingsError(f"{source}: {setting} must be {what}, not {shown}")


def idle_lock_minutes(value: object, source: str) -> int:
    """The idle time before the window locks: whole minutes within IDLE_LOCK_MINUTES (a number,
    or its digits as text, from the environment or the settings file)."""
    low, high = IDLE_LOCK_MINUTES
    minutes = _whole_number(value)
    if minutes is None or not low <= minutes <= high:
        what = f"a whole number of minutes from {low} to {high}"
        raise _refused(source, "idle_lock_minutes", what, value)
    return minutes


def small_cell_threshold(value: object, source: str) -> int:
    """Where small counts are suppressed: a whole number within SMALL_CELL_THRESHOLDS."""
    low, high = SMALL_CELL_THRESHOLDS
    threshold = _whole_number(value)
    if threshold is None or not low <= threshold <= high:
        what = f"a whole number from {low} (off) to {high}"
        raise _refused(source, "small_cell_threshold", what, value)
    return threshold


def _setting(
    file_values: dict[str, object],
    path: Path,
    key: str,
    env: str,
    parse: Callable[[object, str], int],
    default: int,
) -> int:
    """A number setting: the environment's value, else the settings file's, else the default."""
    if env in os.environ:
        return parse(os.environ[env], env)
    if key in file_values:
        return parse(file_values[key], str(path))
    return default


def load_settings(db: str | None = None, language: str | None = None) -> Settings:
    file_values: dict[str, object] = {}
    path = settings_file()
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: {error}") from error
    idle = _setting(
        file_values, path, "idle_lock_minutes", IDLE_LOCK_ENV, idle_lock_minutes,
        DEFAULT_IDLE_LOCK_MINUTES,
    )  # fmt: skip
    threshold = _setting(
        file_values, path, "small_cell_threshold", SMALL_CELL_ENV, small_cell_threshold, 0
    )
    url = db or os.environ.get(DB_ENV) or str(file_values.get("database_url") or "")
    if not url:
        url = default_database_url()
    training = os.environ.get(TRAINING_DB_ENV) or str(file_values.get("training_database") or "")
    training = training or default_training_database_url()
    if url.startswith("sqlite:///") and ":memory:" not in url:
        # Its folder is the owner's only, as the database file is (app.storage.engine).
        Path(url.removeprefix("sqlite:///")).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lang = language or os.environ.get(LANG_ENV) or str(file_values.get("language") or "en")
    return Settings(
        database_url=url,
        language=lang,
        idle_lock_minutes=idle,
        small_cell_threshold=threshold,
        training_database_url=training,
    )
