"""The feedback's comparison and score (app.domain.training_feedback): the model answer scores
full marks, each kind of mistake costs exactly its point."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.case import (
    CaseRecord,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    IndicatorObservation,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    RiskLevel,
    ServiceKind,
)
from app.domain.protocol import load_pack
from app.domain.training import (
    ModelAnswer,
    ModelReferral,
    PointOutcome,
    SituationPerson,
    StepScore,
    WorkedCase,
)
from app.domain.training_feedback import STEP_TOPICS, compare, model_record
from app.paths import protocols

PACK = load_pack(protocols() / "eu-baseline.toml")
AT = datetime(2025, 3, 4, 22, 15, tzinfo=UTC)

NIGHT_BUS = WorkedCase(
    id="night_bus_push",
    version=1,
    title="A push and a slur on the night bus",
    pack="eu-baseline",
    situation="A man was pushed and insulted on the night bus.",
    people=(
        SituationPerson("victim", "Samir Haddad", 34, ("ar", "fr"), "He pushed me."),
        SituationPerson("witness", "Ana Costa"),
    ),
    model=ModelAnswer(
        classification="hate_crime",
        motives=frozenset({"racist_xenophobic"}),
        indicators=frozenset({"comments_gestures"}),
        acceptable_indicators=frozenset({"victim_offender_difference"}),
        perception_sources=frozenset({"victim"}),
        offence_types=frozenset({"assault"}),
        rights_language="ar",
        interpreter=True,
        protection_needs=True,
        risk_level="medium",
        needs=frozenset({"emotional"}),
        referrals=(ModelReferral("victim_support"),),
        coordination=frozenset({"prosecutor"}),
    ),
)


def scores(record: CaseRecord, worked: WorkedCase = NIGHT_BUS) -> dict[str, tuple[int, int]]:
    return {s.step: (s.scored, s.possible) for s in compare(record, worked, PACK).steps}


def model(worked: WorkedCase = NIGHT_BUS) -> CaseRecord:
    return model_record(worked, PACK, at=AT)


def test_the_model_answer_scores_full_marks_in_the_packs_order_of_steps() -> None:
    feedback = compare(model(), NIGHT_BUS, PACK)
    assert feedback.full_marks
    assert feedback.possible == 12
    assert all(p.outcome is PointOutcome.MATCHED for p in feedback.points)
    assert [s.step for s in feedback.steps] == [
        "incident", "communication", "identification", "classification", "rights",
        "assessment", "referral", "coordination",
    ]  # fmt: skip


def test_a_wrong_classification_loses_exactly_the_classification_point() -> None:
    right = scores(model())
    wrong = scores(replace(model(), classification="non_crime_incident"))
    assert wrong.pop("classification") == (0, 1)
    right.pop("classification")
    assert wrong == right
    points = compare(replace(model(), classification="non_crime_incident"), NIGHT_BUS, PACK)
    assert [(p.value, p.outcome) for p in points.points if p.step == "classification"] == [
        ("hate_crime", PointOutcome.MISSED),
        ("non_crime_incident", PointOutcome.INSTEAD),
    ]


def test_a_single_answer_recorded_instead_costs_only_the_point_it_missed() -> None:
    both = replace(NIGHT_BUS, model=replace(NIGHT_BUS.model, additional_classifications=frozenset(
        {"hate_speech"})))  # fmt: skip
    record = model(both)
    assert scores(record, both)["classification"] == (2, 2)
    # the main one wrong, the additional one right: one point of two, not none
    assert scores(replace(record, classification="discrimination"), both)["classification"] == (
        1,
        2,
    )
    # a second risk level beside the expected one is an addition (two victims, two levels)
    second = replace(record.assessments[0], risk_level=RiskLevel.HIGH, person_key="P9")
    assert scores(replace(record, assessments=(*record.assessments, second)), both)["assessment"][
        0
    ] == (scores(record, both)["assessment"][0] - 1)


def test_a_missed_indicator_costs_one_identification_point_and_an_added_one_costs_one() -> None:
    assert scores(model())["identification"] == (3, 3)
    assert scores(replace(model(), indicators=()))["identification"] == (2, 3)
    added = (IndicatorObservation("comments_gestures"), IndicatorObservation("graffiti"))
    assert scores(replace(model(), indicators=added))["identification"] == (2, 3)
    # Acceptable items cost nothing.
    accepted = (*added[:1], IndicatorObservation("victim_offender_difference"))
    assert scores(replace(model(), indicators=accepted))["identification"] == (3, 3)


def test_a_step_never_scores_below_nothing() -> None:
    record = replace(model(), offence_types=("threat", "criminal_damage", "harassment"))
    assert scores(record)["incident"] == (0, 1)


def test_referrals_count_only_under_a_consent_that_covers_them() -> None:
    record = model()
    assert scores(record)["referral"] == (1, 1)
    refused = tuple(replace(c, granted=False) for c in record.consents)
    assert scores(replace(record, consents=refused))["referral"] == (0, 1)
    legal = Referral("R9", "P1", "Legal aid", ServiceKind.LEGAL_AID, AT, "x", consent_key=None)
    assert scores(replace(record, referrals=(*record.referrals, legal)))["referral"] == (1, 1)


DECLINES = replace(
    NIGHT_BUS,
    model=replace(
        NIGHT_BUS.model,
        referrals=(ModelReferral("victim_support", granted=False),),
        protection_needs=None,
        declines_measures=True,
    ),
)


def test_a_declined_referral_is_matched_by_the_refusal_and_no_referral() -> None:
    record = model(DECLINES)
    assert not record.referrals
    assert scores(record, DECLINES)["referral"] == (1, 1)
    assert scores(replace(record, consents=()), DECLINES)["referral"] == (0, 1)
    # A referral of the declined kind made all the same: the point is missed, and it is added.
    accepted = Consent(
        "C2", "P1", "Support", ConsentPurpose.REFERRAL, True, ConsentMethod.ORAL, AT, "x"
    )
    made = Referral("R2", "P1", "Support", ServiceKind.VICTIM_SUPPORT, AT, "x", consent_key="C2")
    against = replace(record, consents=(*record.consents, accepted), referrals=(made,))
    assert scores(against, DECLINES)["referral"] == (0, 1)
    assert scores(record, DECLINES)["assessment"] == (3, 3)
    feedback = compare(replace(record, assessments=()), DECLINES, PACK)
    assert {s.step: s.scored for s in feedback.steps}["assessment"] == 0


CHILD = replace(
    NIGHT_BUS,
    people=(SituationPerson("victim", "Lea", 12), SituationPerson("guardian", "Mia, her mother")),
    model=replace(NIGHT_BUS.model, child_victim=True, interpreter=False),
)


def test_a_child_victim_is_matched_by_a_guardian_recorded_for_a_child() -> None:
    record = model(CHILD)
    guardian = next(p for p in record.persons if p.role is PersonRole.GUARDIAN)
    assert guardian.name == "Mia, her mother"
    assert scores(record, CHILD)["communication"] == (2, 2)
    alone = tuple(p for p in record.persons if p.role is not PersonRole.GUARDIAN)
    assert scores(replace(record, persons=alone), CHILD)["communication"] == (1, 2)
    # A guardian recorded for an adult, in a case whose victim is not a child: added.
    adult = tuple(replace(p, is_minor=False) for p in record.persons)
    assert scores(replace(record, persons=adult), CHILD)["communication"] == (1, 2)
    assert scores(record)["communication"] == (0, 1)  # a child where the model has none
    # The interpreter the model says is not needed: one point, right or wrong, never an addition.
    interpreted = tuple(replace(p, interpreter_needed=True) for p in record.persons)
    assert scores(replace(record, persons=interpreted), CHILD)["communication"] == (1, 2)


THIRD_PARTY = WorkedCase(
    id="graffiti_report",
    version=1,
    title="Graffiti reported by a shopkeeper",
    pack="eu-baseline",
    situation="Slogans on a mosque's wall.",
    people=(SituationPerson("reporter", "Jon Berg"),),
    model=ModelAnswer(
        classification="hate_crime",
        motives=frozenset({"anti_muslim"}),
        offence_types=frozenset({"criminal_damage"}),
        no_individual_victim=True,
        interpreter=True,
        perception_sources=frozenset({"reporter"}),
        coordination=frozenset({"prosecutor"}),
    ),
)


def test_a_third_party_report_expects_nothing_in_rights_or_assessment() -> None:
    record = model(THIRD_PARTY)
    assert not record.victims()
    assert next(p for p in record.persons).interpreter_needed
    result = scores(record, THIRD_PARTY)
    assert "rights" not in result
    assert "assessment" not in result
    assert "referral" not in result
    assert result["incident"] == (2, 2)
    assert compare(record, THIRD_PARTY, PACK).full_marks
    # Rights given all the same: an addition in a step with nothing expected.
    given_rights = replace(model(), no_individual_victim=True)
    assert scores(given_rights, THIRD_PARTY)["rights"] == (0, 0)
    assert scores(model(), THIRD_PARTY)["incident"] == (0, 2)


def test_a_third_party_report_with_no_one_met() -> None:
    nobody = replace(THIRD_PARTY, people=())
    assert model(nobody).persons == ()
    assert scores(model(nobody), nobody)["communication"] == (0, 1)


def test_a_coordination_a_printout_logged_is_never_an_addition() -> None:
    record = model()
    sheet = CoordinationEvent(CoordinationKind.SUPPORT_SERVICE, "x", AT, "x", automatic=True)
    assert scores(replace(record, coordination=(*record.coordination, sheet)))["coordination"] == (
        1,
        1,
    )
    chosen = replace(sheet, automatic=False)
    assert scores(replace(record, coordination=(*record.coordination, chosen)))["coordination"] == (
        0,
        1,
    )


def test_a_step_the_pack_lacks_is_scored_after_the_packs_steps() -> None:
    pack = replace(PACK, steps=tuple(s for s in PACK.steps if s.id != "incident"))
    feedback = compare(model(), NIGHT_BUS, pack)
    assert feedback.steps[-1] == StepScore("incident", 1, 1)


# Garbage records: anything the wizard could save, and more.
_ids = st.sampled_from(["assault", "graffiti", "hate_crime", "x", "", "comments_gestures", "ar"])
_person = st.builds(
    Person,
    key=st.sampled_from(["P1", "P2", "P3"]),
    role=st.sampled_from(list(PersonRole)),
    is_minor=st.booleans(),
    interpreter_needed=st.booleans(),
    guardian_of=st.sampled_from(["", "P1", "P2"]),
)


@settings(max_examples=60, deadline=None)
@given(
    offence_types=st.lists(_ids, max_size=4),
    motives=st.lists(_ids, max_size=4),
    indicators=st.lists(_ids, max_size=4),
    classification=_ids,
    persons=st.lists(_person, max_size=4),
    no_victim=st.booleans(),
    sources=st.lists(st.sampled_from(list(PerceptionSource)), max_size=3),
    kinds=st.lists(st.sampled_from(list(CoordinationKind)), max_size=3),
    worked=st.sampled_from([NIGHT_BUS, DECLINES, CHILD, THIRD_PARTY]),
)
def test_any_record_scores_between_nothing_and_the_possible(
    offence_types: list[str], motives: list[str], indicators: list[str], classification: str,
    persons: list[Person], no_victim: bool, sources: list[PerceptionSource],
    kinds: list[CoordinationKind], worked: WorkedCase,
) -> None:  # fmt: skip
    record = replace(
        model(worked),
        offence_types=tuple(offence_types),
        motives=tuple(motives),
        indicators=tuple(IndicatorObservation(i) for i in indicators),
        classification=classification,
        persons=tuple(persons),
        no_individual_victim=no_victim,
        perceptions=tuple(Perception(s, "") for s in sources),
        coordination=tuple(CoordinationEvent(k, "", AT, "") for k in kinds),
    )
    feedback = compare(record, worked, PACK)
    for step in feedback.steps:
        assert 0 <= step.scored <= step.possible
        assert step.step in STEP_TOPICS
    assert feedback.possible == compare(model(worked), worked, PACK).possible


def test_a_victim_the_situation_does_not_name_is_in_the_model_record() -> None:
    unnamed = replace(CHILD, people=())
    record = model(unnamed)
    assert [p.role for p in record.persons] == [PersonRole.VICTIM, PersonRole.GUARDIAN]
    assert compare(record, unnamed, PACK).full_marks
