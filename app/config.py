"""Settings: command-line option, then environment variable, then settings file, then default."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "proximity-desk"
DB_ENV = "PROXIMITY_DESK_DB"
LANG_ENV = "PROXIMITY_DESK_LANG"
CONFIG_ENV = "PROXIMITY_DESK_CONFIG"
IDLE_LOCK_ENV = "PROXIMITY_DESK_IDLE_LOCK_MINUTES"
# A police workstation always locks: never "0 = never", and at most an hour unattended.
IDLE_LOCK_MINUTES = (1, 60)
DEFAULT_IDLE_LOCK_MINUTES = 5


@dataclass(frozen=True)
class Settings:
    database_url: str
    language: str = "en"
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES


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


class SettingsError(Exception):
    pass


def idle_lock_minutes(value: object, source: str) -> int:
    """The idle time before the window locks: whole minutes within IDLE_LOCK_MINUTES (a number,
    or its digits as text, from the environment or the settings file)."""
    low, high = IDLE_LOCK_MINUTES
    minutes: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        minutes = int(value.strip())
    if minutes is None or not low <= minutes <= high:
        shown = repr(value)[:40]  # a setting, never case data: still, no screenful of it
        raise SettingsError(
            f"{source}: idle_lock_minutes must be a whole number of minutes from {low} to {high},"
            f" not {shown}"
        )
    return minutes


def load_settings(db: str | None = None, language: str | None = None) -> Settings:
    file_values: dict[str, object] = {}
    path = settings_file()
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: {error}") from error
    if IDLE_LOCK_ENV in os.environ:
        idle = idle_lock_minutes(os.environ[IDLE_LOCK_ENV], IDLE_LOCK_ENV)
    elif "idle_lock_minutes" in file_values:
        idle = idle_lock_minutes(file_values["idle_lock_minutes"], str(path))
    else:
        idle = DEFAULT_IDLE_LOCK_MINUTES
    url = db or os.environ.get(DB_ENV) or str(file_values.get("database_url") or "")
    if not url:
        url = default_database_url()
    if url.startswith("sqlite:///") and ":memory:" not in url:
        # Its folder is the owner's only, as the database file is (app.storage.engine).
        Path(url.removeprefix("sqlite:///")).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lang = language or os.environ.get(LANG_ENV) or str(file_values.get("language") or "en")
    return Settings(database_url=url, language=lang, idle_lock_minutes=idle)
