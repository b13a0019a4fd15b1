"""Where the worked cases come from: the bundled ones, a force's folder (a TOML file dropped there,
no code), and the trainers' reviewed exercises; a file that cannot be read is left out with its
problem, the others still load."""

from __future__ import annotations

import string
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import paths
from app.domain.protocol import available_packs
from app.domain.training import CaseSource
from app.domain.training_cases import worked_case_toml
from app.services import Services
from app.services.errors import PermissionDenied, TrainingRefused
from app.services.training_cases import FORCE_FOLDER_ENV, load_worked_cases
from tests.services.test_drafts import set_up_station
from tests.services.test_training_attempts import make_training

BUNDLED = {p.stem for p in paths.training().glob("*.toml")}
NIGHT_BUS = (paths.training() / "night_bus_push.toml").read_text(encoding="utf-8")


def force_case(case_id: str, title: str) -> str:
    """The night-bus case as a force would copy and adapt it."""
    return NIGHT_BUS.replace('id = "night_bus_push"', f'id = "{case_id}"').replace(
        'title = "A push and a slur on the night bus"', f'title = "{title}"'
    )


def test_a_force_adds_its_own_case_by_dropping_a_file_in_its_folder(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actors = set_up_station(services)
    make_training(services)
    monkeypatch.setenv(FORCE_FOLDER_ENV, str(tmp_path))
    (tmp_path / "tram_ticket_check.toml").write_text(
        force_case("tram_ticket_check", "A ticket check on the tram"), encoding="utf-8"
    )
    (tmp_path / "broken.toml").write_text("id = ", encoding="utf-8")
    (tmp_path / "night_bus_push.toml").write_text(NIGHT_BUS, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    loaded = services.training.load_worked_cases(actors["officer"])
    by_id = {w.id: w for w in loaded.cases}
    assert set(by_id) == BUNDLED | {"tram_ticket_check"}
    assert by_id["tram_ticket_check"].source is CaseSource.FORCE
    assert by_id["night_bus_push"].source is CaseSource.BUNDLED
    assert by_id["tram_ticket_check"].title == "A ticket check on the tram"
    titles = [w.title.casefold() for w in loaded.cases]
    assert titles == sorted(titles)
    assert len(loaded.problems) == 2
    assert loaded.problems[0].startswith("broken.toml: ")
    assert loaded.problems[1] == (
        "night_bus_push.toml: id: 'night_bus_push' is already used by night_bus_push.toml"
    )
    assert loaded.notice().splitlines()[0] == "Worked cases that could not be read: 2"
    assert services.training.worked_cases(actors["boss"]) == list(loaded.cases)


def test_reviewed_exercises_are_offered_with_the_others(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actors = set_up_station(services)
    make_training(services)
    monkeypatch.setenv(FORCE_FOLDER_ENV, str(tmp_path / "none"))
    boss, officer = actors["boss"], actors["officer"]
    reviewed = force_case("exercise_1", "From a real case")
    services.training.save_exercise(boss, "exercise_1", reviewed)
    services.training.save_exercise(boss, "exercise_2", force_case("exercise_2", "Not yet"))
    services.training.review_exercise(boss, "exercise_1")
    for actor in (officer, boss):
        loaded = services.training.load_worked_cases(actor)
        exercises = [w for w in loaded.cases if w.source is CaseSource.EXERCISE]
        assert [w.id for w in exercises] == ["exercise_1"]
        assert loaded.problems == ()
    assert worked_case_toml(replace(exercises[0], source=CaseSource.BUNDLED)).startswith(
        'id = "exercise_1"'
    )


def test_worked_cases_are_for_trainees_and_trainers_in_the_training_database(
    services: Services,
) -> None:
    actors = set_up_station(services)
    with pytest.raises(TrainingRefused):
        services.training.worked_cases(actors["officer"])
    make_training(services)
    dpo = replace(actors["officer"], role=actors["officer"].role.DATA_PROTECTION_OFFICER)
    with pytest.raises(PermissionDenied):
        services.training.worked_cases(dpo)
    assert {w.id for w in services.training.worked_cases(actors["admin"])} >= BUNDLED


FILE_NAMES = st.text(string.ascii_lowercase + "_", min_size=1, max_size=10)
GARBAGE = st.one_of(
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.text(max_size=60),
    st.sampled_from(
        [
            "id = 1",
            '[model]\nclassification = "hate_crime"',
            force_case("x", "X").replace('"racist_xenophobic"', '"racism"'),
            force_case("x", "X").replace("[model]", "[modle]"),
            force_case("x", "X").replace("version = 1", 'version = "one"'),
        ]
    ),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(FILE_NAMES, GARBAGE, min_size=1, max_size=3), st.binary(max_size=40))
def test_garbage_in_a_forces_folder_is_left_out_and_nothing_else_is_lost(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, str], raw: bytes
) -> None:
    folder = tmp_path_factory.mktemp("force")
    for name, text in files.items():
        (folder / f"{name}.toml").write_bytes(text.encode("utf-8", "surrogatepass"))
    (folder / "zz_raw.toml").write_bytes(raw)
    (folder / "zz_good.toml").write_text(force_case("zz_good", "Good"), encoding="utf-8")
    loaded = load_worked_cases(available_packs(paths.protocols()), force=folder)
    ids = {w.id for w in loaded.cases}
    assert ids >= BUNDLED | {"zz_good"}
    assert len(ids) + len(loaded.problems) == len(BUNDLED) + len(files) + 2
    for line in loaded.problems:
        assert line.split(": ", 1)[0].endswith(".toml")
