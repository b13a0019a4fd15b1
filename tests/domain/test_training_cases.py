"""The worked cases: every bundled file loads against its pack and together they cover what the
protocol teaches; the parser names the file and field of any mistake; a case written back as TOML
reads back the same."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import paths
from app.domain.case import CoordinationKind, PerceptionSource, PersonRole, RiskLevel, ServiceKind
from app.domain.protocol import ProtocolPack, available_packs
from app.domain.training import CaseSource, ModelAnswer, ModelReferral, SituationPerson, WorkedCase
from app.domain.training_cases import (
    COVERS,
    WorkedCaseError,
    parse_worked_case,
    worked_case_toml,
)

DOCUMENT_LANGUAGES = (
    "en",
    "es",
    "pt",
    "fi",
    "sv",
    "lv",
    "et",
    "bg",
    "it",
    "fr",
    "ro",
    "ar",
    "ru",
    "uk",
)
SCORED_STEPS = (
    "incident",
    "communication",
    "identification",
    "classification",
    "rights",
    "assessment",
    "referral",
    "coordination",
)


@cache
def packs() -> dict[str, ProtocolPack]:
    return available_packs(paths.protocols())


def bundled_files() -> list[Path]:
    return sorted(paths.training().glob("*.toml"))


def bundled() -> list[WorkedCase]:
    return [
        parse_worked_case(
            tomllib.loads(p.read_text(encoding="utf-8")), packs(), file=p.name, expected_id=p.stem
        )
        for p in bundled_files()
    ]


def sample() -> dict[str, Any]:
    return tomllib.loads((paths.training() / "night_bus_push.toml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ bundled cases


def test_every_bundled_case_loads_against_its_pack_and_its_id_is_its_file_name() -> None:
    cases = bundled()
    assert len(cases) >= 12
    assert [w.id for w in cases] == [p.stem for p in bundled_files()]
    for worked in cases:
        assert worked.source is CaseSource.BUNDLED
        assert 150 <= len(worked.situation.split()) <= 250, worked.id
        # every scored step is explained
        assert set(worked.explanations) == set(SCORED_STEPS), worked.id
        for person in worked.people:
            assert set(person.languages) <= set(DOCUMENT_LANGUAGES), worked.id
        assert worked.model.rights_language in {"", *DOCUMENT_LANGUAGES}


def test_together_the_bundled_cases_cover_what_the_protocol_teaches() -> None:
    cases = bundled()
    pack = packs()["eu-baseline"]
    assert {w.model.classification for w in cases} == set(pack.ids("classifications"))
    assert set().union(*(w.model.motives for w in cases)) == set(pack.ids("motives"))
    assert set().union(*(w.covers for w in cases)) == set(COVERS)

    def having(tag: str) -> list[WorkedCase]:
        return [w for w in cases if tag in w.covers]

    for worked in having("two_motives"):
        assert len(worked.model.motives) >= 2
    for worked in having("child_victim"):
        assert worked.model.child_victim
        assert worked.model.protection_needs
        assert "guardian" in {p.role for p in worked.people}
        assert "child_support" in {r.service_kind for r in worked.model.referrals}
    for worked in having("third_party_report"):
        model = worked.model
        assert model.no_individual_victim
        assert (model.rights_language, model.risk_level, model.referrals) == ("", "", ())
    for worked in having("declines_help"):
        assert any(not r.granted for r in worked.model.referrals)
    for worked in having("confidential_address"):
        assert "shelter" in {r.service_kind for r in worked.model.referrals}
    for worked in having("administrative_offence"):
        assert "discrimination" in {
            worked.model.classification,
            *worked.model.additional_classifications,
        }
    assert len(having("border")) >= 2
    assert any(w.model.interpreter for w in cases)
    assert len({w.model.rights_language for w in cases} - {""}) >= 6


# -------------------------------------------------------------------------------- problems


def problem(data: dict[str, Any], **kwargs: Any) -> str:
    with pytest.raises(WorkedCaseError) as caught:
        parse_worked_case(data, packs(), file="night_bus_push.toml", **kwargs)
    return str(caught.value)


def test_a_motive_the_pack_does_not_have_is_named_with_the_file_and_the_field() -> None:
    data = sample()
    data["model"]["motives"] = ["racism"]
    assert problem(data) == (
        "night_bus_push.toml: model.motives: 'racism' is not a motive of eu-baseline"
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("title"), "night_bus_push.toml: title: required key is missing"),
        (lambda d: d.update(version=0), "version: must be a whole number from 1, not 0"),
        (
            lambda d: d.update(version=True),
            "version: must be a whole number from 1, not true/false",
        ),
        (lambda d: d.update(pack="nowhere"), "pack: 'nowhere' is not an installed protocol pack"),
        (lambda d: d.update(motive=["x"]), "motive: unknown key (check the spelling)"),
        (lambda d: d.update(covers=["crimes"]), "covers: 'crimes' is not a topic"),
        (lambda d: d["people"][0].update(role="victm"), "people[0].role: 'victm' is not a role"),
        (lambda d: d["people"][1].update(age="old"), "people[1].age: must be a whole number"),
        (lambda d: d["people"][0].update(languages=["arabic"]), "people[0].languages: 'arabic'"),
        (lambda d: d["model"].update(classification="hate"), "model.classification: 'hate' is not"),
        (lambda d: d["model"].update(risk_level="huge"), "model.risk_level: 'huge'"),
        (
            lambda d: d["model"].update(interpreter="yes"),
            "model.interpreter: must be true or false",
        ),
        (lambda d: d["model"].update(rights_language="xx"), "model.rights_language: 'xx'"),
        (lambda d: d["model"].update(coordination=["police"]), "model.coordination: 'police'"),
        (
            lambda d: d["model"].update(additional_classifications=["hate_crime"]),
            "model.additional_classifications: 'hate_crime' is already the main one",
        ),
        (
            lambda d: d["model"]["referrals"][0].update(service_kind="church"),
            "model.referrals[0].service_kind: 'church' is not a service kind",
        ),
        (lambda d: d.pop("model"), "model: required table is missing"),
        (
            lambda d: d["explanations"].update(lunch="x"),
            "explanations.lunch: 'lunch' is not a step",
        ),
        (lambda d: d.update(situation="  "), "situation: must not be empty"),
    ],
)
def test_each_mistake_is_a_clear_problem(change: Any, expected: str) -> None:
    data = sample()
    change(data)
    assert expected in problem(data)


def test_a_case_whose_id_is_not_its_file_name_is_refused() -> None:
    assert "id: 'night_bus_push' must be the file's name, 'night_bus'" in problem(
        sample(), expected_id="night_bus"
    )


# ------------------------------------------------------------------------- round trip, garbage

PACK = packs()["eu-baseline"]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)
IDS = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)


def some(values: tuple[str, ...] | list[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(values), max_size=3)


def values(enum: Any) -> list[str]:
    return [e.value for e in enum]


PEOPLE = st.builds(
    SituationPerson,
    role=st.sampled_from(values(PersonRole)),
    name=TEXT,
    age=st.none() | st.integers(0, 130),
    languages=st.lists(st.sampled_from(DOCUMENT_LANGUAGES), max_size=3).map(tuple),
    says=st.just("") | TEXT,
    description=st.just("") | TEXT,
)


@st.composite
def models(draw: st.DrawFn) -> ModelAnswer:
    classifications = PACK.ids("classifications")
    main = draw(st.sampled_from(classifications))
    return ModelAnswer(
        classification=main,
        additional_classifications=draw(some([c for c in classifications if c != main])),
        motives=draw(some(PACK.ids("motives"))),
        indicators=draw(some(PACK.ids("indicators"))),
        acceptable_indicators=draw(some(PACK.ids("indicators"))),
        perception_sources=draw(some(values(PerceptionSource))),
        offence_types=draw(some(PACK.ids("offence_types"))),
        acceptable_offence_types=draw(some(PACK.ids("offence_types"))),
        no_individual_victim=draw(st.booleans()),
        child_victim=draw(st.booleans()),
        rights_language=draw(st.sampled_from(("", *DOCUMENT_LANGUAGES))),
        interpreter=draw(st.none() | st.booleans()),
        protection_needs=draw(st.none() | st.booleans()),
        risk_level=draw(st.sampled_from(["", *values(RiskLevel)])),
        needs=draw(some(PACK.ids("needs"))),
        measures=draw(some(PACK.ids("measures"))),
        acceptable_measures=draw(some(PACK.ids("measures"))),
        declines_measures=draw(st.booleans()),
        referrals=tuple(
            draw(
                st.lists(
                    st.builds(
                        ModelReferral,
                        service_kind=st.sampled_from(values(ServiceKind)),
                        granted=st.booleans(),
                    ),
                    max_size=2,
                )
            )
        ),
        coordination=draw(some(values(CoordinationKind))),
    )


WORKED_CASES = st.builds(
    WorkedCase,
    id=IDS,
    version=st.integers(1, 99),
    title=TEXT,
    pack=st.just("eu-baseline"),
    situation=TEXT,
    people=st.lists(PEOPLE, max_size=2).map(tuple),
    model=models(),
    explanations=st.dictionaries(st.sampled_from([s.id for s in PACK.steps]), TEXT, max_size=3),
    covers=st.lists(st.sampled_from(COVERS), max_size=3).map(tuple),
    source=st.sampled_from(list(CaseSource)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORKED_CASES)
def test_a_worked_case_written_as_toml_reads_back_the_same(worked: WorkedCase) -> None:
    text = worked_case_toml(worked)
    again = parse_worked_case(tomllib.loads(text), packs(), file="x", source=worked.source)
    assert again == worked


def test_a_bundled_case_written_as_toml_reads_back_the_same() -> None:
    for worked in bundled():
        text = worked_case_toml(worked)
        assert parse_worked_case(tomllib.loads(text), packs(), file="x") == worked


TOML_VALUES = st.recursive(
    st.none().map(lambda _: "") | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from(
    ["id", "version", "pack", "title", "covers", "situation", "people", "model", "explanations"]
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(KEYS, TOML_VALUES, max_size=6),
    st.sampled_from(["", "model", "people", "explanations"]),
    st.dictionaries(st.text(max_size=20), TOML_VALUES, max_size=4),
)
def test_garbage_is_a_clear_problem_never_a_traceback(
    top: dict[str, Any], into: str, inner: dict[str, Any]
) -> None:
    data: dict[str, Any] = {**sample(), **top}
    if into == "people":
        data["people"] = [inner]
    elif into:
        data[into] = inner
    try:
        outcome = type(parse_worked_case(data, packs(), file="g.toml")).__name__
    except WorkedCaseError as error:
        outcome = str(error)
    assert outcome.startswith("g.toml: ") or outcome == "WorkedCase"
