"""Settings precedence: argument, then environment, then settings file, then default."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import (
    CONFIG_ENV,
    DB_ENV,
    IDLE_LOCK_ENV,
    LANG_ENV,
    SMALL_CELL_ENV,
    SettingsError,
    idle_lock_minutes,
    load_settings,
    small_cell_threshold,
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No settings from the developer's machine: empty environment, data dir under tmp."""
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.delenv(LANG_ENV, raising=False)
    monkeypatch.delenv(IDLE_LOCK_ENV, raising=False)
    monkeypatch.delenv(SMALL_CELL_ENV, raising=False)
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "absent.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return monkeypatch


def settings_file(tmp_path: Path, env: pytest.MonkeyPatch, content: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(content, encoding="utf-8")
    env.setenv(CONFIG_ENV, str(path))
    return path


def test_default_is_a_sqlite_file_in_the_user_data_dir(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///")
    database = Path(settings.database_url.removeprefix("sqlite:///"))
    assert database.parent == tmp_path / "data" / "proximity-desk"
    assert database.parent.is_dir()  # created, so SQLite can create the file
    assert settings.language == "en"


def test_the_settings_file_beats_the_default(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'from-file' / 'desk.db'}"
    settings_file(tmp_path, env, f'database_url = "{url}"\nlanguage = "pt"\n')
    settings = load_settings()
    assert (settings.database_url, settings.language) == (url, "pt")
    assert (tmp_path / "from-file").is_dir()


def test_the_environment_beats_the_settings_file(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings_file(tmp_path, env, 'database_url = "sqlite:///file.db"\nlanguage = "pt"\n')
    env.setenv(DB_ENV, "postgresql://station@db.example/force")
    env.setenv(LANG_ENV, "lv")
    settings = load_settings()
    assert (settings.database_url, settings.language) == (
        "postgresql://station@db.example/force",
        "lv",
    )


def test_an_argument_beats_the_environment(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings_file(tmp_path, env, 'database_url = "sqlite:///file.db"\nlanguage = "pt"\n')
    env.setenv(DB_ENV, "postgresql://station@db.example/force")
    env.setenv(LANG_ENV, "lv")
    url = f"sqlite:///{tmp_path / 'arg' / 'desk.db'}"
    settings = load_settings(url, "fi")
    assert (settings.database_url, settings.language) == (url, "fi")


def test_each_setting_falls_back_on_its_own(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings_file(tmp_path, env, 'language = "bg"\n')
    env.setenv(DB_ENV, "postgresql://station@db.example/force")
    settings = load_settings()
    assert (settings.database_url, settings.language) == (
        "postgresql://station@db.example/force",
        "bg",
    )
    assert load_settings(language="ar").database_url == "postgresql://station@db.example/force"


def test_an_in_memory_database_creates_no_folder(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert load_settings("sqlite:///:memory:").database_url == "sqlite:///:memory:"
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "content", [b'database_url = "unterminated\n', b"language = en\n", b"\xff\xfe not utf-8"]
)
def test_a_broken_settings_file_is_named(
    env: pytest.MonkeyPatch, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    env.setenv(CONFIG_ENV, str(path))
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(path) in str(raised.value)


def test_the_idle_lock_is_five_minutes_unless_set(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.delenv(IDLE_LOCK_ENV, raising=False)
    assert load_settings().idle_lock_minutes == 5
    settings_file(tmp_path, env, "idle_lock_minutes = 12\n")
    assert load_settings().idle_lock_minutes == 12
    env.setenv(IDLE_LOCK_ENV, " 60 ")
    assert load_settings().idle_lock_minutes == 60  # the environment beats the file


@pytest.mark.parametrize(
    ("content", "env_value"),
    [
        ("idle_lock_minutes = 0\n", None),  # a police workstation always locks
        ("idle_lock_minutes = 61\n", None),
        ("idle_lock_minutes = -5\n", None),
        ("idle_lock_minutes = 2.5\n", None),
        ("idle_lock_minutes = true\n", None),
        ('idle_lock_minutes = "soon"\n', None),
        ("", "0"),
        ("", ""),
        ("", "1e3"),
        ("", "٣"),  # a digit, but not one anybody types in a settings file
    ],
)
def test_a_bad_idle_lock_is_refused_naming_where_and_what(
    env: pytest.MonkeyPatch, tmp_path: Path, content: str, env_value: str | None
) -> None:
    path = settings_file(tmp_path, env, content)
    if env_value is None:
        env.delenv(IDLE_LOCK_ENV, raising=False)
    else:
        env.setenv(IDLE_LOCK_ENV, env_value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert (IDLE_LOCK_ENV if env_value is not None else str(path)) in message
    assert "idle_lock_minutes must be a whole number of minutes from 1 to 60" in message
    assert not (tmp_path / "data").exists()  # refused before anything was made


@settings(max_examples=60, deadline=None)
@given(value=st.text(max_size=30))
def test_any_idle_lock_text_is_taken_or_refused_cleanly(value: str) -> None:
    stripped = value.strip()
    if stripped.isascii() and stripped.isdigit() and 1 <= int(stripped) <= 60:
        assert idle_lock_minutes(value, IDLE_LOCK_ENV) == int(stripped)
    else:
        with pytest.raises(SettingsError, match=f"^{IDLE_LOCK_ENV}: idle_lock_minutes must be"):
            idle_lock_minutes(value, IDLE_LOCK_ENV)


def test_the_command_line_refuses_a_bad_idle_lock(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import main  # noqa: PLC0415

    env.setenv(IDLE_LOCK_ENV, "0")
    assert main(["--db", "sqlite:///:memory:", "audit", "verify"]) == 2
    assert "idle_lock_minutes must be a whole number" in capsys.readouterr().err


# ------------------------------------------------------------------ small-cell suppression


def test_small_cells_are_shown_unless_a_setting_asks(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert load_settings().small_cell_threshold == 0
    settings_file(tmp_path, env, "small_cell_threshold = 3\n")
    assert load_settings().small_cell_threshold == 3
    env.setenv(SMALL_CELL_ENV, " 5 ")  # the environment before the file
    assert load_settings().small_cell_threshold == 5


@pytest.mark.parametrize(
    ("content", "env_value"),
    [("small_cell_threshold = -1\n", None), ("small_cell_threshold = 101\n", None),
     ("small_cell_threshold = 2.5\n", None), ("small_cell_threshold = true\n", None),
     ("", "three"), ("", "-3"), ("", "")],
)  # fmt: skip
def test_a_bad_small_cell_threshold_is_refused_naming_where(
    env: pytest.MonkeyPatch, tmp_path: Path, content: str, env_value: str | None
) -> None:
    path = settings_file(tmp_path, env, content)
    if env_value is not None:
        env.setenv(SMALL_CELL_ENV, env_value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith(f"{SMALL_CELL_ENV if env_value is not None else path}: ")
    assert "small_cell_threshold must be a whole number from 0 (off) to 100" in message


@settings(max_examples=60, deadline=None)
@given(value=st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans()))
def test_any_small_cell_threshold_is_taken_or_refused_cleanly(value: object) -> None:
    text = value.strip() if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100:
        assert small_cell_threshold(value, "here") == value
    elif text is not None and text.isascii() and text.isdigit() and int(text) <= 100:
        assert small_cell_threshold(value, "here") == int(text)
    else:
        with pytest.raises(SettingsError, match=r"^here: small_cell_threshold must be"):
            small_cell_threshold(value, "here")
