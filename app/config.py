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


@dataclass(frozen=True)
class Settings:
    database_url: str
    language: str = "en"


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


def load_settings(db: str | None = None, language: str | None = None) -> Settings:
    file_values: dict[str, object] = {}
    path = settings_file()
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: {error}") from error
    url = db or os.environ.get(DB_ENV) or str(file_values.get("database_url") or "")
    if not url:
        url = default_database_url()
    if url.startswith("sqlite:///") and ":memory:" not in url:
        # Its folder is the owner's only, as the database file is (app.storage.engine).
        Path(url.removeprefix("sqlite:///")).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lang = language or os.environ.get(LANG_ENV) or str(file_values.get("language") or "en")
    return Settings(database_url=url, language=lang)
