"""An exercise made from a real case: the model answer is what the officer recorded, in the pack's
codes; nothing that names or describes a person comes through to the exercise's TOML."""

from __future__ import annotations

import tomllib
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import case as d
from app.domain.training import CaseSource, ModelReferral
from app.domain.training_cases import parse_worked_case, worked_case_toml
from app.domain.training_exercise import exercise_from_record, exercise_refusal
from tests.documents.samples import CASE, pack

APPROVED = replace(CASE, status=d.CaseStatus.APPROVED)


def test_the_model_answer_is_what_the_officer_recorded() -> None:
    worked = exercise_from_record(APPROVED, pack(), "exercise_1")
    model = worked.model
    assert (worked.id, worked.source, worked.pack) == (
        "exercise_1",
        CaseSource.EXERCISE,
        "eu-baseline",
    )
    assert model.classification == "hate_crime"
    assert model.motives == {"racist_xenophobic", "other_religion"}
    assert model.indicators == {"comments_gestures", "lack_of_other_motive"}
    assert model.perception_sources == {"victim", "witness"}
    assert model.offence_types == {"assault", "threats"}
    assert model.rights_language == "pa"
    assert model.interpreter is True
    assert model.coordination == {"prosecutor"}
    assert ModelReferral("victim_support", True) in model.referrals
    assert model.protection_needs == CASE.assessments[0].protection_needs
    assert model.needs == set(CASE.assessments[0].needs) & set(pack().ids("needs"))
    assert [p.role for p in worked.people] == ["victim", "witness", "suspect"]
    assert {p.name for p in worked.people} == {"Victim", "Witness", "Suspect"}
    text = worked_case_toml(worked)
    loaded = tomllib.loads(text)
    assert loaded["model"]["classification"] == "hate_crime"
    assert loaded["id"] == "exercise_1"
    assert loaded["people"][0]["languages"] == ["pa"]
    # what the trainer keeps reads back as the same worked case, checked against the pack
    back = parse_worked_case(loaded, {"eu-baseline": pack()}, file="x", source=CaseSource.EXERCISE)
    assert back == worked
    for secret in ("Harpreet", "Mouraria", "Martim Moniz", "turban", "LIS-01", '"officer"', "555"):
        assert secret not in text


def test_only_an_approved_or_closed_classified_case_becomes_an_exercise() -> None:
    assert exercise_refusal(CASE) is not None  # submitted
    assert exercise_refusal(replace(CASE, status=d.CaseStatus.DRAFT)) is not None
    assert exercise_refusal(replace(APPROVED, classification="")) is not None
    assert exercise_refusal(APPROVED) is None
    assert exercise_refusal(replace(CASE, status=d.CaseStatus.CLOSED)) is None


# Marked texts, so that one found in the TOML can only have come from the record. Letters, digits
# and spaces: an escaped quote or newline would hide a leak from `in`.
SECRET = st.text("abcdefghijklmnopqrstuvwxyzÄäØ0123456789 @+.", min_size=1, max_size=12).map(
    lambda s: f"QX{s}ZQ"
)


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(SECRET, min_size=12, max_size=12), garbage=st.text(max_size=30))
def test_no_name_address_phone_email_or_typed_text_reaches_the_exercise(
    texts: list[str], garbage: str
) -> None:
    (name, address, phone, email, place, district, narrative, note, said, description, need,
     motive) = texts  # fmt: skip
    victim = replace(
        CASE.persons[0], name=name, alias=name, address=address, phone=phone, email=email,
        safe_phone=phone, safe_email=email, description=description, companion=name,
    )  # fmt: skip
    record = replace(
        APPROVED,
        reference=name,
        officer=name,
        created_by=name,
        place=place,
        district=district,
        place_type=place,
        narrative=narrative + garbage,
        verbatim_words=said,
        evidence_notes=note,
        officer_assessment=note,
        classification_reason=note,
        community_impact=note,
        closure_note=note,
        motives=(*CASE.motives, motive),
        offence_types=(*CASE.offence_types, motive),
        indicators=(
            d.IndicatorObservation("comments_gestures", note),
            d.IndicatorObservation(motive, note),
        ),
        perceptions=(d.Perception(d.PerceptionSource.VICTIM, said, "P1"),),
        persons=(victim, replace(CASE.persons[1], name=name, phone=phone, email=email)),
        assessments=(
            replace(
                CASE.assessments[0],
                needs=(need,),
                measures=(need,),
                victim_wishes=said,
                risk_override_reason=note,
            ),
        ),
        rights=(replace(CASE.rights[0], complaint_number=phone, leaflet_language=motive),),
        consents=tuple(replace(c, recipient=name) for c in CASE.consents),
        referrals=tuple(
            replace(r, service_name=name, service_contact=phone, reply_note=note)
            for r in CASE.referrals
        ),
        coordination=tuple(
            replace(c, recipient=name, content=said, reference_number=phone)
            for c in CASE.coordination
        ),
    )
    text = worked_case_toml(exercise_from_record(record, pack(), "exercise_x"))
    tomllib.loads(text)  # well formed
    assert "QX" not in text
    assert "ZQ" not in text
