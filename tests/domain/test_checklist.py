"""The hate-case checklist (PROTOCOL.md (i)): every check in each state it can take, from the
record, the pack and the audit facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.domain import checklist as cl
from app.domain.case import (
    CaseRecord,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    IndicatorObservation,
    NeedsAssessment,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    Review,
    ReviewDecision,
    RightsInformation,
    RiskLevel,
    ServiceKind,
)
from app.domain.checklist import AuditFacts, Check, CheckState
from app.domain.completeness import missing_for_submission
from app.domain.languages import spoken
from app.domain.protocol import load_pack
from app.domain.validation import Issue
from app.paths import protocols
from tests.helpers import record

AT = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)
PACK = load_pack(protocols() / "eu-baseline.toml")
ADMINISTRATIVE = "discrimination_administrative"
CLEAN = AuditFacts(consultations=3, without_reason=0)
VICTIM = Person("P1", PersonRole.VICTIM, name="Kofi Mensah", languages=spoken("pt"))
CONSENT = Consent(
    "C1", "P1", "Victim Support Lisbon", ConsentPurpose.REFERRAL, True, ConsentMethod.SIGNED, AT,
    "officer",
)  # fmt: skip
REFERRAL = Referral(
    "R1", "P1", "Victim Support Lisbon", ServiceKind.VICTIM_SUPPORT, AT, "officer", consent_key="C1"
)


def good(**changes: Any) -> CaseRecord:
    """A hate crime where every check the data can decide is met."""
    fields: dict[str, Any] = {
        "occurred_at": AT,
        "classification": "hate_crime",
        "motives": ("racist_xenophobic",),
        "offence_types": ("assault",),
        "indicators": (IndicatorObservation("comments_gestures", "Shouted slurs"),),
        "persons": (replace(VICTIM, ethnicity="stated by the victim"),),
        "perceptions": (Perception(PerceptionSource.VICTIM, "Because of my origin.", "P1"),),
        "rights": (RightsInformation("P1", AT, "officer", "pt", "2026-01"),),
        "assessments": (NeedsAssessment("P1", AT, "officer", risk_level=RiskLevel.LOW),),
        "consents": (CONSENT,),
        "referrals": (REFERRAL,),
        "coordination": (
            CoordinationEvent(
                CoordinationKind.PROSECUTOR, "Prosecutor", AT, "officer", reference_number="F-1"
            ),
        ),
    }
    return record(**(fields | changes))


def check(r: CaseRecord, check_id: str, facts: AuditFacts = CLEAN) -> Check:
    [found] = [c for c in cl.checklist(r, PACK, facts) if c.id == check_id]
    return found


def codes(c: Check) -> list[tuple[str, object]]:
    return [(i.code, i.params.get("count")) for i in c.reasons]


def test_every_check_has_a_stable_id_a_step_of_the_pack_and_a_source() -> None:
    checks = cl.checklist(good(), PACK, CLEAN)
    assert [c.id for c in checks] == [
        "classification", "indicator_notes", "victim_perception", "rights", "interpreter",
        "needs_assessment", "child_protection", "referral_consent", "prosecutor",
        "competent_force", "special_categories", "audit_reasons", "proportionality",
        "community_tension", "attendance",
    ]  # fmt: skip
    steps = {s.id for s in PACK.steps}
    assert all(c.step in steps and c.source for c in checks)
    states = {c.id: c.state for c in checks}
    assert {i for i, s in states.items() if s is CheckState.JUDGEMENT} == set(cl.JUDGEMENT_CHECKS)
    assert {i for i, s in states.items() if s is CheckState.NOT_APPLICABLE} == {
        "interpreter", "child_protection", "competent_force",
    }  # fmt: skip
    # Met and judgement checks carry no reason; the others say why.
    assert all(not c.reasons for c in checks if c.state is not CheckState.NOT_APPLICABLE)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"classification": "", "motives": ()},
         [("check_no_classification", None), ("check_no_motive", None)]),
        ({"motives": ("made_up",)}, [("check_not_in_protocol", None)]),
        ({"classification": "made_up"}, [("check_not_in_protocol", None)]),
        ({"offence_types": ("made_up",)}, [("check_not_in_protocol", None)]),
        ({"offence_types": ()}, [("check_crime_without_offence", None)]),
        ({"offence_types": (ADMINISTRATIVE,)}, [("check_crime_without_offence", None)]),
        ({"classification": "hate_speech", "offence_types": ("incitement",)}, []),
        ({"classification": "non_crime_incident", "offence_types": ()}, []),
        ({"classification": "non_crime_incident"}, [("check_offence_without_crime", None)]),
        ({"classification": "discrimination"}, [("check_offence_without_crime", None)]),
        ({"classification": "discrimination", "offence_types": (ADMINISTRATIVE,)}, []),
    ],
)  # fmt: skip
def test_classification_motives_and_offences_recorded_and_consistent(
    changes: dict[str, Any], expected: list[tuple[str, object]]
) -> None:
    c = check(good(**changes), "classification")
    assert c.state is (CheckState.NOT_MET if expected else CheckState.MET)
    assert codes(c) == expected
    assert (c.step, c.source) == ("classification", "(i), (a) 4, (c)")


def test_each_indicator_has_a_note() -> None:
    assert check(good(), "indicator_notes").state is CheckState.MET
    bare = (IndicatorObservation("symbols", " "), IndicatorObservation("location_timing"))
    c = check(good(indicators=(*good().indicators, *bare)), "indicator_notes")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_indicators_without_note", 2)])
    c = check(good(indicators=()), "indicator_notes")
    assert (c.state, codes(c)) == (CheckState.NOT_APPLICABLE, [("check_no_indicators", None)])


def test_each_victims_own_perception_is_recorded() -> None:
    assert check(good(), "victim_perception").state is CheckState.MET
    second = Person("P2", PersonRole.VICTIM, languages=spoken("pt"))
    witness = (Perception(PerceptionSource.WITNESS, "They said it was racist.", "P1"),)
    c = check(good(persons=(VICTIM, second), perceptions=witness), "victim_perception")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_victims_without_perception", 2)])
    c = check(good(persons=(), no_individual_victim=True), "victim_perception")
    assert (c.state, codes(c)) == (CheckState.NOT_APPLICABLE, [("check_no_victim", None)])


@pytest.mark.parametrize(
    ("rights", "expected"),
    [
        ((RightsInformation("P1", AT, "officer", "pt-BR", "2026-01"),), []),
        ((), [("check_rights_not_given", 1)]),
        ((RightsInformation("P1", AT, "officer", "en", "1"),), [("check_leaflet_language", 1)]),
        ((RightsInformation("P1", AT, "officer", "pt", " "),), [("check_leaflet_version", 1)]),
        ((RightsInformation("P2", AT, "officer", "pt", "1"),), [("check_rights_not_given", 1)]),
    ],
)  # fmt: skip
def test_rights_given_in_a_language_the_victim_understands_with_the_leaflets_version(
    rights: tuple[RightsInformation, ...], expected: list[tuple[str, object]]
) -> None:
    c = check(good(rights=rights), "rights")
    assert c.state is (CheckState.NOT_MET if expected else CheckState.MET)
    assert codes(c) == expected


def test_a_victim_whose_language_is_not_recorded_has_no_leaflet_they_understand() -> None:
    c = check(good(persons=(replace(VICTIM, languages=()),)), "rights")
    assert codes(c) == [("check_leaflet_language", 1)]
    c = check(good(persons=()), "rights")
    assert (c.state, codes(c)) == (CheckState.NOT_APPLICABLE, [("check_no_victim", None)])


def test_an_interpreter_is_arranged_where_one_is_needed() -> None:
    needs = replace(VICTIM, interpreter_needed=True, interpreter_language="ar")
    c = check(good(persons=(needs,)), "interpreter")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_interpreter_not_arranged", 1)])
    at_rights = (RightsInformation("P1", AT, "officer", "pt", "1", interpreter_provided=True),)
    assert check(good(persons=(needs,), rights=at_rights), "interpreter").state is CheckState.MET
    interpreter = replace(REFERRAL, key="R2", service_kind=ServiceKind.INTERPRETER)
    referred = good(persons=(needs,), referrals=(REFERRAL, interpreter))
    assert check(referred, "interpreter").state is CheckState.MET
    withdrawn = replace(interpreter, status=ReferralStatus.WITHDRAWN)
    assert check(good(persons=(needs,), referrals=(withdrawn,)), "interpreter").reasons
    unnamed = replace(needs, interpreter_language="")
    c = check(good(persons=(unnamed,), rights=at_rights), "interpreter")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_interpreter_language", 1)])
    c = check(good(), "interpreter")
    assert (c.state, codes(c)) == (
        CheckState.NOT_APPLICABLE,
        [("check_no_interpreter_needed", None)],
    )


def test_every_victims_needs_are_assessed() -> None:
    assert check(good(), "needs_assessment").state is CheckState.MET
    unrated = (NeedsAssessment("P1", AT, "officer"),)
    c = check(good(assessments=unrated), "needs_assessment")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_victims_not_assessed", 1)])
    assert check(good(persons=()), "needs_assessment").state is CheckState.NOT_APPLICABLE


@pytest.mark.parametrize(
    "child",
    [
        replace(VICTIM, is_minor=True),
        replace(VICTIM, age_band="under 18"),
        replace(VICTIM, date_of_birth=date(2008, 3, 15)),  # 18 the day after the incident
    ],
)
def test_a_child_victim_is_presumed_to_need_protection(child: Person) -> None:
    c = check(good(persons=(child,)), "child_protection")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_child_without_protection", 1)])
    protected = (NeedsAssessment("P1", AT, "officer", protection_needs=True),)
    assert check(good(persons=(child,), assessments=protected), "child_protection").state is (
        CheckState.MET
    )


def test_an_adult_or_a_victim_of_unknown_age_is_no_child() -> None:
    for adult in (VICTIM, replace(VICTIM, date_of_birth=date(2008, 3, 14), age_band="18-25")):
        c = check(good(persons=(adult,)), "child_protection")
        assert (c.state, codes(c)) == (CheckState.NOT_APPLICABLE, [("check_no_child_victim", None)])
    # Without the incident's date, the age is the one on the day the case was written.
    born = replace(VICTIM, date_of_birth=date(2008, 3, 15))
    assert check(good(persons=(born,), occurred_at=None), "child_protection").reasons[0].code == (
        "check_child_without_protection"
    )


@pytest.mark.parametrize(
    ("changes", "state", "expected"),
    [
        ({}, CheckState.MET, []),
        ({"referrals": ()}, CheckState.NOT_APPLICABLE, [("check_no_referral", None)]),
        ({"referrals": (replace(REFERRAL, status=ReferralStatus.WITHDRAWN, consent_key=None),)},
         CheckState.NOT_APPLICABLE, [("check_no_referral", None)]),
        ({"consents": ()}, CheckState.NOT_MET, [("check_referral_without_consent", 1)]),
        ({"consents": (replace(CONSENT, granted=False),)}, CheckState.NOT_MET,
         [("check_referral_without_consent", 1)]),
        ({"consents": (replace(CONSENT, withdrawn_at=AT),)}, CheckState.NOT_MET,
         [("check_referral_without_consent", 1)]),
        ({"consents": (replace(CONSENT, recipient="Another service"),)}, CheckState.NOT_MET,
         [("check_referral_without_consent", 1)]),
        ({"consents": (replace(CONSENT, purpose=ConsentPurpose.FEEDBACK_TO_POLICE),)},
         CheckState.NOT_MET, [("check_referral_without_consent", 1)]),
    ],
)  # fmt: skip
def test_a_consent_covers_each_referral(
    changes: dict[str, Any], state: CheckState, expected: list[tuple[str, object]]
) -> None:
    c = check(good(**changes), "referral_consent")
    assert (c.state, codes(c)) == (state, expected)


def test_the_prosecutor_is_informed_of_a_criminal_classification_with_a_reference() -> None:
    assert check(good(), "prosecutor").state is CheckState.MET
    c = check(good(coordination=()), "prosecutor")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_prosecutor_not_informed", None)])
    unnumbered = (CoordinationEvent(CoordinationKind.PROSECUTOR, "Prosecutor", AT, "officer"),)
    c = check(good(coordination=unnumbered), "prosecutor")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_prosecutor_no_reference", None)])
    incident = good(classification="non_crime_incident", offence_types=(), coordination=())
    c = check(incident, "prosecutor")
    assert (c.state, codes(c)) == (CheckState.NOT_APPLICABLE, [("check_not_criminal", None)])


def test_a_hand_over_to_the_competent_force_carries_its_reference() -> None:
    force = CoordinationEvent(CoordinationKind.COMPETENT_FORCE, "Judicial police", AT, "officer")
    c = check(good(coordination=(force, replace(force, reference_number="  "))), "competent_force")
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_hand_over_no_reference", 2)])
    numbered = (replace(force, reference_number="PJ-7"),)
    assert check(good(coordination=numbered), "competent_force").state is CheckState.MET
    c = check(good(), "competent_force")
    assert (c.state, codes(c)) == (CheckState.NOT_APPLICABLE, [("check_no_hand_over", None)])


def test_special_category_data_only_where_a_motive_or_the_assessment_needs_it() -> None:
    # A racist motive explains the victim's ethnicity (good()); nothing at all is not applicable.
    assert check(good(), "special_categories").state is CheckState.MET
    c = check(good(persons=(VICTIM,)), "special_categories")
    assert (c.state, codes(c)) == (
        CheckState.NOT_APPLICABLE, [("check_no_special_categories", None)],
    )  # fmt: skip
    # Religion is not what a racist motive concerns, and a suspect's data are never needed.
    suspect = Person("S1", PersonRole.SUSPECT, religion="x", ethnicity="y")
    victim = replace(VICTIM, ethnicity="x", religion="y", health="z")
    c = check(good(persons=(victim, suspect)), "special_categories")
    assert (c.state, codes(c)) == (
        CheckState.NOT_MET,
        [("check_special_categories_unexplained", 4)],
    )
    # A needs assessment that weighed the victim's health needs it.
    weighed = (NeedsAssessment("P1", AT, "officer", factors=("health",), risk_level=RiskLevel.LOW),)
    c = check(good(persons=(victim,), assessments=weighed), "special_categories")
    assert codes(c) == [("check_special_categories_unexplained", 1)]  # the religion
    both = good(
        persons=(victim,), assessments=weighed, motives=("racist_xenophobic", "anti_muslim")
    )
    assert check(both, "special_categories").state is CheckState.MET
    # A motive the list does not know ("against another group"): the supervisor judges.
    other = good(persons=(victim,), motives=("other_group",))
    c = check(other, "special_categories")
    assert (c.state, codes(c)) == (CheckState.JUDGEMENT, [("check_special_categories_judge", 3)])


def test_every_view_and_export_has_a_reason() -> None:
    assert check(good(), "audit_reasons", AuditFacts(0, 0)).state is CheckState.MET
    c = check(good(), "audit_reasons", AuditFacts(5, 2))
    assert (c.state, codes(c)) == (CheckState.NOT_MET, [("check_consultation_without_reason", 2)])


def approved(*checks: str) -> Review:
    return Review(ReviewDecision.APPROVE, "supervisor", AT, checks=checks)


def test_judgement_checks_wait_for_the_supervisor_and_show_met_once_confirmed() -> None:
    submitted = Review(ReviewDecision.SUBMIT, "officer", AT)
    for reviews, confirmed in [
        ((), set()),
        ((submitted,), set()),
        ((submitted, approved("proportionality", "attendance")), {"proportionality", "attendance"}),
        # Approved, then a closure proposed: the approval still holds.
        (
            (approved("attendance"), Review(ReviewDecision.PROPOSE_CLOSURE, "officer", AT)),
            {"attendance"},
        ),
        # Reopened and submitted again: the old approval's confirmations no longer count.
        ((approved("proportionality"), submitted), set()),
    ]:
        checks = cl.checklist(good(reviews=reviews), PACK, CLEAN)
        states = {c.id: c.state for c in checks if c.id in cl.JUDGEMENT_CHECKS}
        assert {i for i, s in states.items() if s is CheckState.MET} == confirmed
        assert {i for i, s in states.items() if s is CheckState.JUDGEMENT} == (
            set(cl.JUDGEMENT_CHECKS) - confirmed
        )


def test_only_checks_waiting_for_judgement_can_be_confirmed() -> None:
    checks = cl.checklist(good(), PACK, CLEAN)
    assert cl.confirmation_issues(("proportionality", "community_tension"), checks) == []
    assert cl.confirmation_issues(("rights", "made_up"), checks) == [
        Issue("unknown_check", "checks", {"check": "rights"}),
        Issue("unknown_check", "checks", {"check": "made_up"}),
    ]


def test_a_non_crime_incident_can_be_submitted_without_an_offence_type() -> None:
    incident = good(classification="non_crime_incident", offence_types=())
    assert not [i for i in missing_for_submission(incident, PACK) if i.field == "offence_types"]
    crime = good(offence_types=())
    assert "offence_types" in [i.field for i in missing_for_submission(crime, PACK)]
