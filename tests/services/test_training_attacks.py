"""Attacks on the rules that protect data in training (issue 16, part E): each test tries to get
round one rule through the services, and fails if the rule were removed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.domain.case import CaseQuery
from app.domain.marks import DatabaseMark
from app.domain.training import WorkedCase
from app.services import Services, open_services
from app.services.errors import NotFound, PermissionDenied, TrainingRefused
from app.services.training_db import open_training
from app.storage import tables as t
from tests.helpers import Clock
from tests.services.test_drafts import complete, set_up_station
from tests.services.test_training_attempts import exercise, make_training

WORKED = WorkedCase(id="night_bus", version=1, title="Night bus", pack="eu-baseline", situation="")


def test_a_trainee_never_reaches_another_trainees_attempt_case_or_record(
    services: Services, clock: Clock
) -> None:
    who = set_up_station(services)
    make_training(services)
    officer, other, boss = who["officer"], who["other"], who["boss"]
    attempt_id, draft = services.training.start_attempt(officer, WORKED)
    saved = services.cases.save_draft(
        officer, draft.id, draft.version, complete(draft.record, clock)
    )
    services.cases.submit(officer, saved.id, saved.version)
    services.training.finish_attempt(officer, attempt_id, WORKED)
    mine, _opened = services.training.start_attempt(other, WORKED)
    # the other trainee's attempt, its feedback, their record, their training case
    for attack in (
        lambda: services.training.attempt(other, attempt_id),
        lambda: services.training.attempt_feedback(other, attempt_id, WORKED),
        lambda: services.training.finish_attempt(other, attempt_id, WORKED),
        lambda: services.training.store_result(other, attempt_id, ()),
        lambda: services.training.training_record(other, "officer", "en"),
        lambda: services.cases.open_case(other, draft.id, "curious"),
        lambda: services.cases.open_for_editing(other, draft.id, "curious"),
        lambda: services.cases.timeline(other, draft.id, "curious"),
    ):
        with pytest.raises(PermissionDenied):
            attack()
    assert [a.id for a in services.training.attempts(other, username="officer")] == [mine]
    listed = services.cases.list_cases(other, CaseQuery())
    assert [c.reference for c in listed] == [_opened.record.reference]
    assert services.cases.count_cases(other, CaseQuery()) == 1
    assert services.cases.list_cases(other, CaseQuery(text=draft.record.reference)) == []
    # the trainer sees both, and opens the trainee's case
    assert len(services.cases.list_cases(boss, CaseQuery())) == 2
    assert services.cases.open_case(boss, draft.id, "feedback").record.officer == "officer"
    # a trainee still opens their own
    assert services.cases.open_case(other, _opened.id, "mine").record.officer == "other"
    with pytest.raises((TrainingRefused, NotFound)):
        services.training.attempt(other, 999_999)


def digests(path: Path) -> dict[str, str]:
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def test_the_real_database_under_another_name_is_never_made_the_training_one(
    sqlite_services: Services, tmp_path: Path
) -> None:
    """A new station's real database has accounts and its trail but no case yet: named through a
    hard link, a symbolic link or a roundabout path, it is still refused, and left unchanged."""
    real = sqlite_services
    who = set_up_station(real)
    database = real.database_file()
    assert database is not None
    real.close()
    before = digests(database)
    hard = tmp_path / "linked" / "hard.sqlite3"
    hard.parent.mkdir()
    os.link(database, hard)
    soft = tmp_path / "soft.sqlite3"
    soft.symlink_to(database)
    roundabout = tmp_path / "linked" / ".." / database.name
    for url in (f"sqlite:///{hard}", f"sqlite:///{soft}", f"sqlite:///{roundabout}"):
        with pytest.raises(TrainingRefused):
            open_training(real, who["officer"], url)
    real.close()
    assert digests(database) == before
    again = open_services(f"sqlite:///{database}")
    try:
        assert again.mark() is not DatabaseMark.TRAINING
    finally:
        again.close()


def test_a_database_with_accounts_not_marked_training_is_refused(
    sqlite_services: Services, tmp_path: Path, sqlite_template: Path, clock: Clock
) -> None:
    """A copy of a real database before its first case (or another station's): not training."""
    real = sqlite_services
    who = set_up_station(real)
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(sqlite_template, copy)
    other = open_services(f"sqlite:///{copy}", clock=clock)
    set_up_station(other)
    other.close()
    with pytest.raises(TrainingRefused):
        open_training(real, who["officer"], f"sqlite:///{copy}")
    other = open_services(f"sqlite:///{copy}", clock=clock)
    try:
        assert other.mark() is DatabaseMark.NONE
    finally:
        other.close()


@pytest.mark.parametrize("folder", ["odd dir ü #1 (2)", "a'b\"c;--", "x" * 60])
def test_a_training_database_on_a_path_with_odd_characters(
    sqlite_services: Services, tmp_path: Path, folder: str
) -> None:
    real = sqlite_services
    who = set_up_station(real)
    path = tmp_path / folder / "training.sqlite3"
    training, trainee = open_training(real, who["officer"], f"sqlite:///{path}")
    try:
        assert training.training.is_training()
        attempt_id, _draft = training.training.start_attempt(trainee, WORKED)
        assert training.training.attempt(trainee, attempt_id).username == "officer"
    finally:
        training.close()
    assert path.exists()
    assert real.mark() is DatabaseMark.NONE
    with real.backend.reading() as session:
        assert session.scalar(select(func.count()).select_from(t.Case)) == 0


IDS = st.sampled_from(["../x", "..\\x", "a/b", "x\x00", "X", "", " x", "x" * 300, "é", "x.toml"])


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(exercise_id=IDS | st.text(max_size=20))
def test_an_exercise_id_that_is_no_id_is_refused_and_nothing_else_lost(
    sqlite_services: Services, exercise_id: str
) -> None:
    services = sqlite_services
    if not services.training.is_training():
        set_up_station(services)
        make_training(services)
        boss = services.accounts.authenticate("boss", "a good password")
        services.training.save_exercise(boss, "kept", exercise("kept"))
        services.training.review_exercise(boss, "kept")
    boss = services.accounts.authenticate("boss", "a good password")
    kept = services.training.exercise_sources(boss, reviewed_only=False)
    text = exercise("kept").replace('id = "kept"', f"id = {tomlkit_string(exercise_id)}")
    # st.text makes ids too ("a"): only what is no id is attacked here
    assume(re.fullmatch(r"[a-z][a-z0-9_]{0,63}", exercise_id) is None)
    with pytest.raises(TrainingRefused):
        services.training.save_exercise(boss, exercise_id, text)
    with pytest.raises(TrainingRefused):
        services.training.review_exercise(boss, exercise_id)
    assert services.training.exercise_sources(boss, reviewed_only=False) == kept
    assert [w.id for w in services.training.worked_cases(boss) if w.id == "kept"] == ["kept"]


def tomlkit_string(value: str) -> str:
    """A TOML basic string of any text (control characters escaped)."""
    escaped = "".join(
        c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in value
    )
    return f'"{escaped}"'
