"""Where the training database lives: the environment, then the settings file, then a file beside
the real database in the user data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import TRAINING_DB_ENV, load_settings
from tests.test_config import env, settings_file

__all__ = ["env"]  # the fixture, used below


def test_the_training_database_is_beside_the_real_one_by_default(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.delenv(TRAINING_DB_ENV, raising=False)
    settings = load_settings()
    url = settings.training_database_url
    assert url.startswith("sqlite:///")
    assert url.endswith("/training.sqlite3")
    assert url != settings.database_url
    assert (
        Path(url.removeprefix("sqlite:///")).parent
        == Path(settings.database_url.removeprefix("sqlite:///")).parent
    )
    assert str(tmp_path) in url


def test_the_settings_file_and_the_environment_name_another(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.delenv(TRAINING_DB_ENV, raising=False)
    settings_file(tmp_path, env, f'training_database = "sqlite:///{tmp_path}/t/practice.db"\n')
    assert load_settings().training_database_url == f"sqlite:///{tmp_path}/t/practice.db"
    env.setenv(TRAINING_DB_ENV, "postgresql://desk@db.example/training")
    assert load_settings().training_database_url == "postgresql://desk@db.example/training"
