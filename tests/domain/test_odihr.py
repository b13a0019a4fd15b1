"""The annual return to ODIHR: the pack's [odihr] maps (loaded and checked) and the return built
from counts, with small cells suppressed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.odihr import MOTIVE, OFFENCE_TYPE, Counts, Figures, Unmapped, build, shown
from app.domain.protocol import (
    ODIHR_CATEGORIES,
    ODIHR_INCIDENT_TYPES,
    Odihr,
    ProtocolError,
    ProtocolPack,
    available_packs,
    load_pack,
)
from tests.domain.test_protocol import BASE, OVERLAY, PROTOCOLS, TOML_VALUES, refused, write

MAPPED = (
    BASE
    + """
[odihr]
classifications = ["hate_crime"]

[odihr.bias]
racist_xenophobic = "racism_xenophobia"

[odihr.incident_types]
assault = "violent_attack"
"""
)


@pytest.fixture(scope="module")
def shipped() -> dict[str, ProtocolPack]:
    return available_packs(PROTOCOLS)


def test_the_baseline_maps_every_motive_but_unknown_and_every_offence(
    shipped: dict[str, ProtocolPack],
) -> None:
    eu = shipped["eu-baseline"]
    bias = dict(eu.odihr.bias)
    assert set(eu.ids("motives")) - set(bias) == {"unknown"}  # reported until it is known
    assert set(bias.values()) == set(ODIHR_CATEGORIES)  # every category has a motive
    assert bias["racist_xenophobic"] == "racism_xenophobia"
    types = dict(eu.odihr.incident_types)
    assert set(types) == set(eu.ids("offence_types"))  # "" says "none", on purpose
    assert types["assault"] == "violent_attack"
    assert types["harassment"] == "threats"
    assert types["arson"] == "property_attack"
    assert types["incitement"] == ""
    # ODIHR leaves out discrimination and non-criminal hate speech (PROTOCOL.md c)
    assert eu.odihr.classifications == ("hate_crime", "hate_speech")


def test_the_spanish_overlay_inherits_the_maps_and_maps_its_motives(
    shipped: dict[str, ProtocolPack],
) -> None:
    es, eu = shipped["es-2020"], shipped["eu-baseline"]
    bias = dict(es.odihr.bias)
    assert dict(eu.odihr.bias).items() <= bias.items()
    assert bias["antigypsyism"] == "anti_roma"
    assert es.odihr.incident_types == eu.odihr.incident_types


def test_a_pack_without_odihr_maps_nothing(tmp_path: Path) -> None:
    # This pack has no "hate_speech": the default counts the classification it has, and names
    # none it lacks (its label would be looked up for the method).
    pack = load_pack(write(tmp_path, "base.toml", BASE))
    assert pack.odihr == Odihr(classifications=("hate_crime",))


def test_an_overlay_inherits_adds_and_replaces(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", MAPPED)
    plain = load_pack(write(tmp_path, "overlay.toml", OVERLAY))
    assert plain.odihr == load_pack(tmp_path / "base.toml").odihr
    own = OVERLAY + (
        '\n[odihr]\nclassifications = ["hate_crime"]\n'
        '[odihr.bias]\naporophobia = "other_groups"\nracist_xenophobic = "anti_roma"\n'
    )
    odihr = load_pack(write(tmp_path, "overlay.toml", own)).odihr
    assert dict(odihr.bias) == {"aporophobia": "other_groups", "racist_xenophobic": "anti_roma"}
    assert dict(odihr.incident_types) == {"assault": "violent_attack"}


@pytest.mark.parametrize(
    ("section", "key", "problem"),
    [
        ("[odihr.bias]\nnobody = 'gender'", "odihr.bias.nobody", "no motive 'nobody'"),
        ("[odihr.bias]\nracist_xenophobic = 'racism'", "odihr.bias.racist_xenophobic",
         "must be one of"),
        ("[odihr.bias]\nracist_xenophobic = ''", "odihr.bias.racist_xenophobic", "must be one of"),
        ("[odihr.bias]\nracist_xenophobic = 3", "odihr.bias.racist_xenophobic", "must be one of"),
        ("[odihr.incident_types]\nkicking = 'threats'", "odihr.incident_types.kicking",
         "no offence type 'kicking'"),
        ("[odihr.incident_types]\nassault = 'violence'", "odihr.incident_types.assault",
         "must be one of"),
        ("[odihr]\nclassifications = ['graffiti']", "odihr.classifications[0]",
         "no classification 'graffiti'"),
        ("[odihr]\nclassifications = []", "odihr.classifications", "at least one"),
        ("[odihr]\nbias = 3", "odihr.bias", "must be a table"),
        ("[odihr]\ncategories = 3", "odihr.categories", "unknown key"),
    ],
)  # fmt: skip
def test_a_broken_mapping_is_refused_with_where(
    tmp_path: Path, section: str, key: str, problem: str
) -> None:
    error = refused(write(tmp_path, "base.toml", BASE + "\n" + section + "\n"))
    assert (error.file, error.key) == ("base.toml", key)
    assert problem in error.problem


def test_odihr_must_be_a_table(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "base.toml", "odihr = 3\n" + BASE))
    assert (error.key, error.problem) == ("odihr", "must be a table, not a whole number")


def test_an_overlay_may_not_map_what_no_pack_has(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", MAPPED)
    error = refused(
        write(tmp_path, "overlay.toml", OVERLAY + "\n[odihr.bias]\nageism = 'gender'\n")
    )
    assert (error.file, error.key) == ("overlay.toml", "odihr.bias.ageism")


# ------------------------------------------------------------------------------ the return


def counts(**changes: object) -> Counts:
    values: dict[str, object] = {
        "recorded": {"racism_xenophobia": 5, "anti_roma": 1},
        "prosecuted": {"racism_xenophobia": 2},
        "sentenced": {"racism_xenophobia": 1},
        "by_type": {("racism_xenophobia", "threats"): 3, ("anti_roma", "violent_attack"): 1},
        "total": Figures(6, 2, 1, (1, 3, 0)),
        "unmapped_motives": {"": 1, "unknown": 2, "ageism": 2, "zero": 0},
        "unmapped_offences": {"kicking": 1},
    }
    values.update(changes)
    return Counts(**values)  # type: ignore[arg-type]


def test_the_return_lists_every_category_in_odihr_order() -> None:
    got = build(2026, "LIS-01", ("hate_crime",), counts())
    assert [category for category, _ in got.rows] == list(ODIHR_CATEGORIES)
    rows = dict(got.rows)
    assert rows["racism_xenophobia"] == Figures(5, 2, 1, (0, 3, 0))
    assert rows["anti_roma"] == Figures(1, 0, 0, (1, 0, 0))
    assert rows["disability"] == Figures(0, 0, 0, (0, 0, 0))
    assert len(ODIHR_INCIDENT_TYPES) == 3
    assert got.total == Figures(6, 2, 1, (1, 3, 0))
    assert (got.year, got.station_code, got.classifications) == (2026, "LIS-01", ("hate_crime",))


def test_what_is_not_mapped_is_listed_most_frequent_first_none_recorded_last() -> None:
    got = build(2026, None, ("hate_crime",), counts())
    assert got.unmapped == (
        Unmapped(MOTIVE, "ageism", 2),
        Unmapped(MOTIVE, "unknown", 2),
        Unmapped(MOTIVE, "", 1),
        Unmapped(OFFENCE_TYPE, "kicking", 1),
    )


def test_small_cells_print_as_less_than_the_threshold_never_zero() -> None:
    got = build(2026, None, ("hate_crime",), counts(), threshold=3)
    assert [got.shown(n) for n in (0, 1, 2, 3, 10)] == ["0", "<3", "<3", "3", "10"]
    off = build(2026, None, ("hate_crime",), counts())
    assert [off.shown(n) for n in (0, 1, 2)] == ["0", "1", "2"]


@given(count=st.integers(0, 10_000), threshold=st.integers(0, 100))
def test_a_shown_count_is_the_count_or_below_the_threshold(count: int, threshold: int) -> None:
    text = shown(count, threshold)
    if text.startswith("<"):
        assert 0 < count < threshold
        assert text == f"<{threshold}"
    else:
        assert int(text) == count
        assert count == 0 or count >= threshold


ODIHR_GARBAGE = TOML_VALUES | st.sampled_from(
    ['"racism_xenophobia"', '"violent_attack"', '""', '["hate_crime"]', '["crime"]', "[1]",
     '{racist_xenophobic = "antisemitism"}', '{assault = "threats"}', '{nope = "threats"}',
     '{assault = 3}'],
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    key=st.sampled_from(["classifications", "bias", "incident_types", "other"]),
    value=ODIHR_GARBAGE,
    as_table=st.booleans(),
)
def test_any_odihr_value_loads_or_is_refused_with_where(
    tmp_path: Path, key: str, value: str, as_table: bool
) -> None:
    """Whatever a force writes in [odihr]: a pack whose maps hold only its own ids and ODIHR's
    values, or a refusal that names the file and the key."""
    body = (
        f"\n[odihr]\n{key} = {value}\n"
        if not as_table
        else f"\n[odihr]\n[odihr.{key}]\nx = {value}\n"
    )
    path = write(tmp_path, "garbage.toml", BASE + body)
    refusal: ProtocolError | None = None
    try:
        pack = load_pack(path)
    except ProtocolError as error:
        refusal = error
    if refusal is not None:
        assert refusal.file == "garbage.toml"
        assert refusal.key.startswith("odihr")
        assert refusal.problem
        return
    odihr = pack.odihr
    assert set(odihr.classifications) <= set(pack.ids("classifications"))
    assert all(m in pack.ids("motives") and c in ODIHR_CATEGORIES for m, c in odihr.bias)
    allowed_types = {*ODIHR_INCIDENT_TYPES, ""}
    assert all(
        o in pack.ids("offence_types") and t in allowed_types for o, t in odihr.incident_types
    )
