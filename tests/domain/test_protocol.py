"""Protocol packs: the shipped packs, the overlay rules and every refusal of a broken file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.case import RiskLevel
from app.domain.protocol import (
    ASSESSMENT_GROUPS,
    FIELD_IDS,
    KINDS,
    Item,
    ProtocolError,
    ProtocolPack,
    available_packs,
    load_pack,
)

PROTOCOLS = Path(__file__).resolve().parents[2] / "resources" / "protocols"
ID = re.compile(r"[a-z][a-z0-9_]*")

STEP_IDS = (
    "first_response",
    "incident",
    "communication",
    "evidence",
    "identification",
    "classification",
    "rights",
    "assessment",
    "referral",
    "coordination",
    "review",
    "follow_up",
)
EU_MOTIVES = {
    "racist_xenophobic",
    "anti_roma",
    "antisemitic",
    "anti_muslim",
    "anti_christian",
    "other_religion",
    "gender_based",
    "anti_lgbti",
    "disability",
    "other_group",
    "unknown",
}
ES_MOTIVES = {"aporophobia", "antigypsyism", "ideology", "age_generational", "illness"}

# The smallest valid base pack: one step and one item of every kind.
BASE = """\
id = "test-base"
version = "1.0"
name = "Test base"
country = "EU"

[[steps]]
id = "first"
title = "First"
guidance = ["Do this."]
required = ["narrative"]

[[indicators]]
id = "perception"
label = "Perception"

[[motives]]
id = "racist_xenophobic"
label = "Racist or xenophobic"
description = "Against origin."

[[offence_types]]
id = "assault"
label = "Assault"

[[classifications]]
id = "hate_crime"
label = "Hate crime"

[[place_types]]
id = "street"
label = "Street"

[[assessment_factors]]
id = "minor"
label = "Child"
group = "personal"
level = "medium"
escalates = "reach"

[[needs]]
id = "medical"
label = "Medical care"

[[measures]]
id = "accompaniment"
label = "Accompaniment"
"""

OVERLAY = """\
extends = "test-base"
id = "test-overlay"
version = "2.0"
name = "Test overlay"
country = "ES"

[[steps]]
id = "first"
guidance = ["And this."]

[[motives]]
id = "aporophobia"
label = "Aporophobia"
"""


def variant(text: str, *changes: str) -> str:
    """*text* with each (old, new) pair of *changes* replaced once."""
    for old, new in zip(changes[::2], changes[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> ProtocolError:
    with pytest.raises(ProtocolError) as info:
        load_pack(path)
    return info.value


# -------------------------------------------------------------------------- the shipped packs


@pytest.fixture(scope="module")
def shipped() -> dict[str, ProtocolPack]:
    return available_packs(PROTOCOLS)


def test_shipped_packs_load(shipped: dict[str, ProtocolPack]) -> None:
    assert set(shipped) == {"eu-baseline", "es-2020"}
    eu, es = shipped["eu-baseline"], shipped["es-2020"]
    assert (eu.id, eu.version, eu.name, eu.country) == ("eu-baseline", "1.0", "EU baseline", "EU")
    assert (es.id, es.version, es.name, es.country) == (
        "es-2020",
        "1.0",
        "Spain (Instrucción SES 4/2020)",
        "ES",
    )
    assert load_pack(PROTOCOLS / "es-overlay.toml") == es


@pytest.mark.parametrize("pack_id", ["eu-baseline", "es-2020"])
def test_shipped_pack_content_is_sound(shipped: dict[str, ProtocolPack], pack_id: str) -> None:
    pack = shipped[pack_id]
    assert tuple(step.id for step in pack.steps) == STEP_IDS
    for step in pack.steps:
        assert step.title
        assert len(step.guidance) >= 2
        assert set(step.required) <= FIELD_IDS
    for kind in KINDS:
        ids = pack.ids(kind)
        assert ids, kind
        assert len(ids) == len(set(ids)), kind
        assert all(ID.fullmatch(item_id) for item_id in ids), kind
        assert all(pack.item(kind, item_id).label for item_id in ids), kind
    for factor in pack.assessment_factors:
        assert factor.group in ASSESSMENT_GROUPS
        assert factor.level in set(RiskLevel)
        assert factor.escalates == "" or ID.fullmatch(factor.escalates)
    assert pack.risk_escalation_kinds == 2


def test_eu_pack_has_the_agreed_ids(shipped: dict[str, ProtocolPack]) -> None:
    eu = shipped["eu-baseline"]
    assert set(eu.ids("motives")) == EU_MOTIVES
    assert eu.label("motives", "unknown") == "Unknown / under assessment"
    assert len(eu.indicators) == 11
    # An attack filmed or posted online, and a bank or cash machine lobby (issue 11).
    assert "filmed_or_posted" in eu.ids("indicators")
    assert "bank_atm" in eu.ids("place_types")
    assert set(eu.ids("classifications")) == {
        "hate_crime",
        "hate_speech",
        "non_crime_incident",
        "discrimination",
    }
    assert all(item.description for item in eu.classifications + eu.indicators)
    assert {"offender_knows_address", "retaliation_threats", "minor"} <= set(
        eu.ids("assessment_factors")
    )
    groups = {factor.group for factor in eu.assessment_factors}
    assert groups == ASSESSMENT_GROUPS


def test_spanish_overlay_extends_the_baseline(shipped: dict[str, ProtocolPack]) -> None:
    eu, es = shipped["eu-baseline"], shipped["es-2020"]
    assert set(es.ids("motives")) == EU_MOTIVES | ES_MOTIVES
    # Base items first, in their order, then the overlay's.
    assert es.motives[: len(eu.motives)] == eu.motives
    added = [item for item in es.indicators if item not in eu.indicators]
    assert len(added) >= 8
    assert all(item.id.startswith("es_") and item.group == "polarisation" for item in added)
    assert es.offence_types == eu.offence_types
    identification = eu.steps[STEP_IDS.index("identification")]
    es_identification = es.steps[STEP_IDS.index("identification")]
    assert es_identification.guidance[: len(identification.guidance)] == identification.guidance
    assert len(es_identification.guidance) > len(identification.guidance)
    assert es_identification.required == identification.required


# ------------------------------------------------------------------------------ pack lookups


def test_item_label_and_ids(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, "base.toml", BASE))
    assert pack.item("motives", "racist_xenophobic") == Item(
        "racist_xenophobic", "Racist or xenophobic", "Against origin."
    )
    minor = pack.item("assessment_factors", "minor")
    assert (minor.level, minor.escalates) == (RiskLevel.MEDIUM, "reach")
    assert pack.ids("motives") == ("racist_xenophobic",)
    assert pack.label("motives", "racist_xenophobic") == "Racist or xenophobic"
    # An id the pack no longer has (an old case) shows as itself.
    assert pack.label("motives", "retired_motive") == "retired_motive"
    with pytest.raises(KeyError):
        pack.item("motives", "retired_motive")
    for call in (pack.item, pack.label):
        with pytest.raises(KeyError):
            call("steps", "first")
    with pytest.raises(KeyError):
        pack.ids("moteevs")


def test_a_step_need_not_require_fields(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, "base.toml", variant(BASE, 'required = ["narrative"]\n', "")))
    assert pack.steps[0].required == ()


def test_overlay_adds_items_and_guidance(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    pack = load_pack(write(tmp_path, "overlay.toml", OVERLAY))
    assert (pack.id, pack.version, pack.name, pack.country) == (
        "test-overlay",
        "2.0",
        "Test overlay",
        "ES",
    )
    assert pack.ids("motives") == ("racist_xenophobic", "aporophobia")
    assert pack.steps[0].guidance == ("Do this.", "And this.")
    assert pack.steps[0].required == ("narrative",)
    assert pack.ids("needs") == ("medical",)


def test_overlay_may_extend_an_overlay(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    write(tmp_path, "overlay.toml", OVERLAY)
    city = """\
extends = "test-overlay"
id = "test-city"
version = "1"
name = "City"
country = "ES"

[[needs]]
id = "city_shelter"
label = "City shelter"
"""
    pack = load_pack(write(tmp_path, "city.toml", city))
    assert pack.ids("motives") == ("racist_xenophobic", "aporophobia")
    assert pack.ids("needs") == ("medical", "city_shelter")
    assert set(available_packs(tmp_path)) == {"test-base", "test-overlay", "test-city"}


def test_base_lookup_skips_broken_files(tmp_path: Path) -> None:
    write(tmp_path, "aaa-broken.toml", "id = \n")
    write(tmp_path, "base.toml", BASE)
    assert load_pack(write(tmp_path, "overlay.toml", OVERLAY)).id == "test-overlay"


def test_available_packs_refuses_a_repeated_pack_id(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", BASE)
    write(tmp_path, "b.toml", BASE)
    with pytest.raises(ProtocolError) as info:
        available_packs(tmp_path)
    assert (info.value.file, info.value.key) == ("b.toml", "id")
    assert info.value.problem == "pack id 'test-base' is also used by a.toml"


def test_available_packs_of_an_empty_folder(tmp_path: Path) -> None:
    assert available_packs(tmp_path) == {}


def test_error_message_names_file_key_and_problem() -> None:
    error = ProtocolError("x.toml", "motives[3].id", "duplicate id 'a'")
    assert str(error) == "x.toml: motives[3].id: duplicate id 'a'"
    assert (error.file, error.key, error.problem) == ("x.toml", "motives[3].id", "duplicate id 'a'")


# ------------------------------------------------------------------------------ base refusals

# Top-level keys must come before the first [[table]], so these drop the [[needs]] block and add
# a `needs = ...` line under the header.
NO_NEEDS = '[[needs]]\nid = "medical"\nlabel = "Medical care"\n'
ITEM_ID_PROBLEM = "must be lowercase letters, digits and '_', starting with a letter"

BASE_REFUSALS = [
    pytest.param(
        ('name = "Test base"', "name = "),
        "line 3",
        "not valid TOML: Invalid value (at line 3, column 8)",
        id="unparseable-toml",
    ),
    pytest.param(
        ('name = "Test base"\n', ""), "name", "required key is missing", id="missing-name"
    ),
    pytest.param(
        ('version = "1.0"', "version = 1.0"),
        "version",
        "must be text in quotes, not a decimal number",
        id="version-not-text",
    ),
    pytest.param(
        ('name = "Test base"', 'name = "  "'), "name", "must not be empty", id="empty-name"
    ),
    pytest.param(
        ('version = "1.0"', 'version = "1.0"\nmotivs = []'),
        "motivs",
        "unknown key (check the spelling); allowed: ",
        id="unknown-top-level-key",
    ),
    pytest.param(
        ('id = "test-base"', 'id = "Test base"'),
        "id",
        "must be lowercase letters, digits, '-' or '_', starting with a letter",
        id="bad-pack-id",
    ),
    pytest.param(
        ('country = "EU"', 'country = "es"'),
        "country",
        "must be a two-letter code in capitals, like 'ES' or 'EU'",
        id="bad-country",
    ),
    pytest.param(
        ('id = "racist_xenophobic"', 'id = "Racist-Xenophobic"'),
        "motives[0].id",
        f"'Racist-Xenophobic' {ITEM_ID_PROBLEM}",
        id="bad-item-id",
    ),
    pytest.param(
        ('id = "perception"', 'id = "9lives"'),
        "indicators[0].id",
        f"'9lives' {ITEM_ID_PROBLEM}",
        id="item-id-starts-with-digit",
    ),
    pytest.param(
        ('id = "first"', 'id = "first step"'),
        "steps[0].id",
        f"'first step' {ITEM_ID_PROBLEM}",
        id="bad-step-id",
    ),
    pytest.param(
        ('id = "street"', "id = 7"),
        "place_types[0].id",
        "must be text in quotes, not a whole number",
        id="id-not-text",
    ),
    pytest.param(
        (
            'label = "Assault"\n',
            'label = "Assault"\n\n[[offence_types]]\nid = "assault"\nlabel = "A"\n',
        ),
        "offence_types[1].id",
        "duplicate id 'assault' (also at offence_types[0].id)",
        id="duplicate-item-id",
    ),
    pytest.param(
        (
            'required = ["narrative"]\n',
            'required = []\n\n[[steps]]\nid = "first"\ntitle = "T"\nguidance = ["G"]\n',
        ),
        "steps[1].id",
        "duplicate id 'first' (also at steps[0].id)",
        id="duplicate-step-id",
    ),
    pytest.param(
        ('label = "Street"', 'label = "Street"\nlevel = "high"'),
        "place_types[0].level",
        "unknown key (check the spelling); allowed: description, group, id, label",
        id="level-outside-assessment-factors",
    ),
    pytest.param(
        ('label = "Street"', 'lable = "Street"'),
        "place_types[0].lable",
        "unknown key (check the spelling); allowed: description, group, id, label",
        id="misspelt-item-key",
    ),
    pytest.param(
        ('label = "Street"', 'description = "A street"'),
        "place_types[0].label",
        "required key is missing",
        id="missing-label",
    ),
    pytest.param(
        ('description = "Against origin."', "description = true"),
        "motives[0].description",
        "must be text in quotes, not true/false",
        id="description-not-text",
    ),
    pytest.param(
        (NO_NEEDS, ""),
        "needs",
        "required key is missing",
        id="missing-kind",
    ),
    pytest.param(
        (NO_NEEDS, "", 'country = "EU"\n', 'country = "EU"\nneeds = []\n'),
        "needs",
        "must have at least one entry",
        id="empty-kind",
    ),
    pytest.param(
        (NO_NEEDS, "", 'country = "EU"\n', 'country = "EU"\nneeds = "medical"\n'),
        "needs",
        "must be a list of [[needs]] tables, not text",
        id="kind-not-a-list",
    ),
    pytest.param(
        (NO_NEEDS, "", 'country = "EU"\n', 'country = "EU"\nneeds = ["medical"]\n'),
        "needs[0]",
        "must be a table, not text",
        id="entry-not-a-table",
    ),
    pytest.param(
        ('title = "First"\n', ""),
        "steps[0].title",
        "required key is missing",
        id="missing-step-title",
    ),
    pytest.param(
        ('guidance = ["Do this."]', 'guidance = "Do this."'),
        "steps[0].guidance",
        "must be a list of texts, not text",
        id="guidance-not-a-list",
    ),
    pytest.param(
        ('guidance = ["Do this."]', "guidance = []"),
        "steps[0].guidance",
        "must have at least one entry",
        id="empty-guidance",
    ),
    pytest.param(
        ('guidance = ["Do this."]', 'guidance = ["Do this.", ""]'),
        "steps[0].guidance[1]",
        "must not be empty",
        id="empty-guidance-line",
    ),
    pytest.param(
        ('guidance = ["Do this."]\n', ""),
        "steps[0].guidance",
        "required key is missing",
        id="missing-guidance",
    ),
    pytest.param(
        ('required = ["narrative"]', 'required = ["narrative", "naraitve"]'),
        "steps[0].required[1]",
        "unknown case field 'naraitve'; known: ",
        id="unknown-required-field",
    ),
    pytest.param(
        ('required = ["narrative"]', "required = [1]"),
        "steps[0].required[0]",
        "must be text in quotes, not a whole number",
        id="required-field-not-text",
    ),
    pytest.param(
        ('group = "personal"\n', ""),
        "assessment_factors[0].group",
        "required key is missing",
        id="factor-without-group",
    ),
    pytest.param(
        ('group = "personal"', 'group = "personnel"'),
        "assessment_factors[0].group",
        "must be one of: circumstances, crime, personal",
        id="factor-unknown-group",
    ),
    pytest.param(
        ('level = "medium"', "weight = 3"),
        "assessment_factors[0].weight",
        "weights are no longer added up: give 'level' (the least risk the factor suggests on "
        "its own) and, for an escalator, 'escalates' (its kind); see eu-baseline.toml",
        id="old-weight",
    ),
    pytest.param(
        ('level = "medium"', 'level = "severe"'),
        "assessment_factors[0].level",
        "must be one of: low, medium, high",
        id="level-unknown",
    ),
    pytest.param(
        ('level = "medium"', 'level = "Medium"'),
        "assessment_factors[0].level",
        "must be one of: low, medium, high",
        id="level-capitalised",
    ),
    pytest.param(
        ('level = "medium"', "level = 2"),
        "assessment_factors[0].level",
        "must be text in quotes, not a whole number",
        id="level-number",
    ),
    pytest.param(
        ('level = "medium"', 'level = ""'),
        "assessment_factors[0].level",
        "must not be empty",
        id="level-empty",
    ),
    pytest.param(
        ('escalates = "reach"', "escalates = true"),
        "assessment_factors[0].escalates",
        "must be text in quotes, not true/false",
        id="escalates-bool",
    ),
    pytest.param(
        ('escalates = "reach"', 'escalates = "Reach the victim"'),
        "assessment_factors[0].escalates",
        "'Reach the victim' must be lowercase letters, digits and '_', starting with a letter",
        id="escalates-not-an-id",
    ),
    pytest.param(
        ('escalates = "reach"', 'escalate = "reach"'),
        "assessment_factors[0].escalate",
        "unknown key (check the spelling); allowed: description, escalates, group, id, label, "
        "level",
        id="escalates-misspelt",
    ),
]


@pytest.mark.parametrize(("change", "key", "problem"), BASE_REFUSALS)
def test_broken_base_pack_is_refused(
    tmp_path: Path, change: tuple[str, ...], key: str, problem: str
) -> None:
    path = write(tmp_path, "broken.toml", variant(BASE, *change))
    error = refused(path)
    assert (error.file, error.key) == ("broken.toml", key)
    assert error.problem.startswith(problem)
    assert str(error) == f"broken.toml: {key}: {error.problem}"


def test_unparseable_toml_at_end_of_file(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "broken.toml", 'id = "unterminated'))
    assert (error.file, error.key) == ("broken.toml", "end of file")
    assert error.problem == "not valid TOML: Unterminated string (at end of document)"


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "latin1.toml", 'name = "Instrucci\xf3n"\n'.encode("latin-1")))
    assert (error.file, error.key, error.problem) == ("latin1.toml", "(file)", "not UTF-8 text")


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_pack(tmp_path / "nowhere.toml")


# --------------------------------------------------------------------------- overlay refusals

OVERLAY_REFUSALS = [
    pytest.param(
        ('extends = "test-base"', 'extends = "nowhere"'),
        "extends",
        "base pack 'nowhere' not found: no pack with that id in this folder",
        id="base-does-not-exist",
    ),
    pytest.param(
        ('extends = "test-base"', "extends = 1"),
        "extends",
        "must be text in quotes, not a whole number",
        id="extends-not-text",
    ),
    pytest.param(
        ('id = "aporophobia"', 'id = "racist_xenophobic"'),
        "motives[0].id",
        "id 'racist_xenophobic' is already in the base pack 'test-base'",
        id="item-id-collides-with-base",
    ),
    pytest.param(
        ('[[steps]]\nid = "first"', '[[steps]]\nid = "second"'),
        "steps[0].id",
        "no step 'second' in the base; an overlay can only add guidance to its steps",
        id="guidance-for-unknown-step",
    ),
    pytest.param(
        ('guidance = ["And this."]', 'title = "New title"'),
        "steps[0].title",
        "unknown key (check the spelling); allowed: guidance, id",
        id="overlay-changes-step-title",
    ),
    pytest.param(
        ('guidance = ["And this."]\n', ""),
        "steps[0].guidance",
        "required key is missing",
        id="overlay-step-without-guidance",
    ),
    pytest.param(
        (
            'label = "Aporophobia"',
            'label = "Aporophobia"\n\n[[motives]]\nid = "aporophobia"\nlabel = "A"',
        ),
        "motives[1].id",
        "duplicate id 'aporophobia' (also at motives[0].id)",
        id="duplicate-within-overlay",
    ),
    pytest.param(
        ('country = "ES"', 'country = "ES"\nextend = "x"'),
        "extend",
        "unknown key (check the spelling); allowed: ",
        id="unknown-key-in-overlay",
    ),
    pytest.param(
        ('name = "Test overlay"\n', ""),
        "name",
        "required key is missing",
        id="overlay-without-name",
    ),
]


@pytest.mark.parametrize(("change", "key", "problem"), OVERLAY_REFUSALS)
def test_broken_overlay_is_refused(
    tmp_path: Path, change: tuple[str, ...], key: str, problem: str
) -> None:
    write(tmp_path, "base.toml", BASE)
    error = refused(write(tmp_path, "overlay.toml", variant(OVERLAY, *change)))
    assert (error.file, error.key) == ("overlay.toml", key)
    assert error.problem.startswith(problem)


def test_overlay_may_not_extend_itself(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    text = variant(OVERLAY, 'extends = "test-base"', 'extends = "test-overlay"')
    error = refused(write(tmp_path, "overlay.toml", text))
    assert (error.key, error.problem) == (
        "extends",
        "base pack 'test-overlay' not found: no pack with that id in this folder",
    )


def test_overlays_extending_each_other_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", variant(OVERLAY, 'extends = "test-base"', 'extends = "test-b"'))
    b = variant(OVERLAY, 'id = "test-overlay"', 'id = "test-b"')
    write(tmp_path, "b.toml", variant(b, 'extends = "test-base"', 'extends = "test-overlay"'))
    error = refused(tmp_path / "a.toml")
    assert (error.file, error.key) == ("b.toml", "extends")
    assert error.problem == "'test-overlay' leads back to this file: packs extend in a loop"


def test_error_in_the_base_names_the_base_file(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", variant(BASE, 'level = "medium"', 'level = "urgent"'))
    error = refused(write(tmp_path, "overlay.toml", OVERLAY))
    assert (error.file, error.key) == ("base.toml", "assessment_factors[0].level")


@pytest.mark.parametrize("key", ["review_due_working_days", "referral_answer_working_days"])
@pytest.mark.parametrize("value", ["0", "31", '"2"', "true", "1.5"])
def test_the_working_days_a_pack_sets_are_whole_numbers(
    tmp_path: Path, key: str, value: str
) -> None:
    text = BASE.replace('country = "EU"\n', f'country = "EU"\n{key} = {value}\n')
    error = refused(write(tmp_path, "due.toml", text))
    assert (error.key, error.problem) == (key, "must be a whole number of working days, 1 to 30")


def test_an_overlay_inherits_or_sets_the_referral_answer_time(tmp_path: Path) -> None:
    key = "referral_answer_working_days"
    write(tmp_path, "base.toml", BASE.replace('country = "EU"\n', f'country = "EU"\n{key} = 5\n'))
    assert load_pack(write(tmp_path, "overlay.toml", OVERLAY)).referral_answer_working_days == 5
    sets = OVERLAY.replace('country = "ES"\n', f'country = "ES"\n{key} = 3\n')
    assert load_pack(write(tmp_path, "overlay.toml", sets)).referral_answer_working_days == 3


def test_an_overlay_inherits_or_sets_the_review_due_time(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.toml",
        BASE.replace('country = "EU"\n', 'country = "EU"\nreview_due_working_days = 5\n'),
    )
    assert load_pack(write(tmp_path, "overlay.toml", OVERLAY)).review_due_working_days == 5
    sets = OVERLAY.replace('country = "ES"\n', 'country = "ES"\nreview_due_working_days = 3\n')
    assert load_pack(write(tmp_path, "overlay.toml", sets)).review_due_working_days == 3
    assert (
        load_pack(
            write(tmp_path, "plain.toml", BASE.replace('id = "test-base"', 'id = "plain"'))
        ).review_due_working_days
        == 2
    )


# ------------------------------------------------------------------ the risk rule's keys (e)


@pytest.mark.parametrize("value", ["1", "6", '"2"', "true", "2.0"])
def test_the_escalation_kinds_are_a_whole_number_from_2_to_5(tmp_path: Path, value: str) -> None:
    text = BASE.replace('country = "EU"\n', f'country = "EU"\nrisk_escalation_kinds = {value}\n')
    error = refused(write(tmp_path, "kinds.toml", text))
    assert (error.file, error.key, error.problem) == (
        "kinds.toml",
        "risk_escalation_kinds",
        "must be a whole number of kinds of escalator, 2 to 5",
    )


def test_an_overlay_inherits_or_sets_the_escalation_kinds(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.toml",
        BASE.replace('country = "EU"\n', 'country = "EU"\nrisk_escalation_kinds = 3\n'),
    )
    assert load_pack(write(tmp_path, "overlay.toml", OVERLAY)).risk_escalation_kinds == 3
    sets = OVERLAY.replace('country = "ES"\n', 'country = "ES"\nrisk_escalation_kinds = 2\n')
    assert load_pack(write(tmp_path, "overlay.toml", sets)).risk_escalation_kinds == 2


def test_an_overlay_adds_factors_with_their_level_and_kind(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    text = OVERLAY + (
        '\n[[assessment_factors]]\nid = "stalking"\nlabel = "Followed home"\n'
        'group = "circumstances"\nlevel = "high"\nescalates = "reach"\n'
        '\n[[assessment_factors]]\nid = "tourist"\nlabel = "Tourist"\ngroup = "personal"\n'
    )
    pack = load_pack(write(tmp_path, "overlay.toml", text))
    assert pack.item("assessment_factors", "stalking") == Item(
        "stalking", "Followed home", group="circumstances", level=RiskLevel.HIGH, escalates="reach"
    )
    tourist = pack.item("assessment_factors", "tourist")
    assert (tourist.level, tourist.escalates) == (RiskLevel.LOW, "")


TOML_VALUES = st.one_of(
    # a TOML basic string: JSON's escapes are TOML's (control characters left out)
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12).map(
        lambda text: json.dumps(text, ensure_ascii=False)
    ),
    st.integers(-5, 9).map(str),
    st.sampled_from(["true", "2.5", "[]", '["high"]', "{}", "2024-01-01", '"low"', '"high"']),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    key=st.sampled_from(["level", "escalates", "weight", "risk_escalation_kinds"]),
    value=TOML_VALUES,
)
def test_any_value_of_the_rules_keys_loads_or_is_refused_with_where(
    tmp_path: Path, key: str, value: str
) -> None:
    if key == "risk_escalation_kinds":
        text = BASE.replace('country = "EU"\n', f'country = "EU"\n{key} = {value}\n')
        where = key
    else:
        line = {"escalates": 'escalates = "reach"\n'}.get(key, 'level = "medium"\n')
        text = BASE.replace(line, f"{key} = {value}\n")
        where = f"assessment_factors[0].{key}"
    path = write(tmp_path, "garbage.toml", text)
    refusal: ProtocolError | None = None
    try:
        pack = load_pack(path)
    except ProtocolError as error:
        refusal = error
    if refusal is not None:
        assert (refusal.file, refusal.key) == ("garbage.toml", where)
        assert refusal.problem
    else:
        assert key != "weight"
        factor = pack.assessment_factors[0]
        assert factor.level in set(RiskLevel)
        assert factor.escalates == "" or ID.fullmatch(factor.escalates)
        assert 2 <= pack.risk_escalation_kinds <= 5


# ------------------------------------- several classifications, recorded steps, special words


def test_overlay_adds_required_fields_recorded_steps_and_words(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE + '\n[special_category_words]\nen = ["muslim"]\n')
    overlay = variant(
        OVERLAY,
        'guidance = ["And this."]\n',
        'guidance = ["And this."]\nrequired = ["classification_reason", "narrative"]\n',
    )
    overlay = (
        "several_classifications = true\n"
        + overlay
        + """
[[recorded_steps]]
id = "offer"
label = "Offer of legal actions"
required = true

[special_category_words]
en = ["jew", "muslim"]
es = ["musulm"]
"""
    )
    pack = load_pack(write(tmp_path, "overlay.toml", overlay))
    assert pack.steps[0].required == ("narrative", "classification_reason")
    assert pack.several_classifications
    assert [(s.id, s.required) for s in pack.recorded_steps] == [("offer", True)]
    assert pack.words_for("en") == ("muslim", "jew")
    assert pack.words_for("es") == ("musulm",)
    base = load_pack(tmp_path / "base.toml")
    assert (base.several_classifications, base.recorded_steps) == (False, ())


@pytest.mark.parametrize(
    ("addition", "key", "problem"),
    [
        ("several_classifications = 1\n", "several_classifications", "true or false"),
        ('[[recorded_steps]]\nid = "x"\nlabel = "X"\nrequired = "yes"\n',
         "recorded_steps[0].required", "true or false"),
        ('[[recorded_steps]]\nid = "x"\n', "recorded_steps[0].label", "required key is missing"),
        ('[special_category_words]\nEnglish = ["gay"]\n', "special_category_words.English",
         "language code"),
        ('[special_category_words]\nen = ["sexual orientation"]\n',
         "special_category_words.en[0]", "one word"),
        ("special_category_words = 3\n", "special_category_words", "must be a table"),
    ],
)  # fmt: skip
def test_broken_classification_and_step_settings_are_refused(
    tmp_path: Path, addition: str, key: str, problem: str
) -> None:
    # A plain key goes before the first table, a table after the others.
    text = addition + BASE if addition[0] != "[" else BASE + "\n" + addition
    error = refused(write(tmp_path, "base.toml", text))
    assert (error.key, problem in error.problem) == (key, True)


def test_an_overlay_cannot_require_an_unknown_field(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE)
    overlay = variant(OVERLAY, 'guidance = ["And this."]\n', 'guidance = ["x"]\nrequired = ["y"]\n')
    error = refused(write(tmp_path, "overlay.toml", overlay))
    assert error.key == "steps[0].required[0]"


# ------------------------------------------------------------------ retention periods

RETENTION = (
    '\n[retention]\ncrime = 8\nnon_crime = 2\nnon_crime_classifications = ["hate_crime"]\n'
    "refused_or_withdrawn_referral = 1\nattachment = 4\naudit_event = 12\n"
)


def test_the_shipped_pack_sets_every_retention_period(shipped: dict[str, ProtocolPack]) -> None:
    eu = shipped["eu-baseline"].retention
    assert (eu.crime, eu.non_crime, eu.refused_or_withdrawn_referral, eu.attachment) == (
        10, 2, 1, 3,
    )  # fmt: skip
    assert eu.audit_event == 10
    assert eu.non_crime_classifications == ("non_crime_incident", "discrimination")
    assert shipped["es-2020"].retention == eu  # the overlay inherits them


def test_an_overlay_inherits_or_sets_retention_periods(tmp_path: Path) -> None:
    write(tmp_path, "base.toml", BASE + RETENTION)
    inherited = load_pack(write(tmp_path, "overlay.toml", OVERLAY)).retention
    assert (inherited.crime, inherited.attachment, inherited.audit_event) == (8, 4, 12)
    assert inherited.non_crime_classifications == ("hate_crime",)
    sets = OVERLAY + "\n[retention]\nattachment = 1\nnon_crime_classifications = []\n"
    own = load_pack(write(tmp_path, "overlay.toml", sets)).retention
    assert (own.crime, own.attachment, own.non_crime_classifications) == (8, 1, ())
    # A pack that says nothing keeps every case the longer period.
    plain = load_pack(write(tmp_path, "plain.toml", BASE.replace("test-base", "plain")))
    assert plain.retention.non_crime_classifications == ()


@pytest.mark.parametrize(
    ("line", "key", "problem"),
    [
        ("crime = 0", "retention.crime", "must be a whole number of years, 1 to 100"),
        ("attachment = 101", "retention.attachment", "must be a whole number of years, 1 to 100"),
        ('audit_event = "10"', "retention.audit_event", "must be a whole number of years"),
        ("non_crime = true", "retention.non_crime", "must be a whole number of years, 1 to 100"),
        ("forever = 1", "retention.forever", "unknown key"),
        ('non_crime_classifications = ["graffiti"]', "retention.non_crime_classifications[0]",
         "no classification 'graffiti' in the pack"),
        ("non_crime_classifications = 3", "retention.non_crime_classifications",
         "must be a list of texts"),
    ],
)  # fmt: skip
def test_a_broken_retention_period_is_refused_with_where(
    tmp_path: Path, line: str, key: str, problem: str
) -> None:
    error = refused(write(tmp_path, "periods.toml", BASE + f"\n[retention]\n{line}\n"))
    assert (error.file, error.key) == ("periods.toml", key)
    assert error.problem.startswith(problem)


def test_retention_must_be_a_table(tmp_path: Path) -> None:
    text = BASE.replace('country = "EU"\n', 'country = "EU"\nretention = 5\n')
    error = refused(write(tmp_path, "periods.toml", text))
    assert (error.key, error.problem) == ("retention", "must be a table, not a whole number")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(
    key=st.sampled_from(
        ["crime", "non_crime", "refused_or_withdrawn_referral", "attachment", "audit_event",
         "non_crime_classifications", "other"]
    ),
    value=TOML_VALUES | st.sampled_from(['["hate_crime"]', "[1]", '[""]', "100", "{a = 1}"]),
)  # fmt: skip
def test_any_retention_value_loads_or_is_refused_with_where(
    tmp_path: Path, key: str, value: str
) -> None:
    path = write(tmp_path, "garbage.toml", BASE + f"\n[retention]\n{key} = {value}\n")
    refusal: ProtocolError | None = None
    try:
        periods = load_pack(path).retention
    except ProtocolError as error:
        refusal = error
    if refusal is not None:
        assert refusal.file == "garbage.toml"
        assert refusal.key.startswith(f"retention.{key}")
        assert refusal.problem
        return
    assert key != "other"
    for name in ("crime", "non_crime", "refused_or_withdrawn_referral", "attachment"):
        assert 1 <= getattr(periods, name) <= 100
    assert set(periods.non_crime_classifications) <= {"hate_crime"}
