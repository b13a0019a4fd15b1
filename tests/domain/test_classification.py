"""The main classification, the others beside it where the pack allows, the reason, and the
steps a pack adds to the rights information (issue 11, point 7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.domain.case import Person, PersonRole, StepRecord
from app.domain.classification import all_classifications, classification_issues, offence_mismatch
from app.domain.completeness import missing_for_submission
from app.domain.languages import spoken
from app.domain.protocol import load_pack
from app.domain.validation import Issue
from app.paths import protocols
from tests.helpers import record

EU = load_pack(protocols() / "eu-baseline.toml")
ES = load_pack(protocols() / "es-overlay.toml")
ONE_ONLY = replace(EU, several_classifications=False)
AT = datetime(2026, 3, 14, 18, 0, tzinfo=UTC)
VICTIM = Person("P1", PersonRole.VICTIM, name="Kofi Mensah", languages=spoken("es"))


def test_the_packs_allow_several_classifications() -> None:
    assert EU.several_classifications
    assert ES.several_classifications


def test_a_hate_crime_also_posted_as_hate_speech_is_accepted() -> None:
    filmed = record(classification="hate_crime", additional_classifications=("hate_speech",))
    assert classification_issues(filmed, EU) == []
    assert all_classifications(filmed) == ("hate_crime", "hate_speech")


def test_a_pack_that_allows_one_refuses_the_others() -> None:
    filmed = record(classification="hate_crime", additional_classifications=("hate_speech",))
    assert classification_issues(filmed, ONE_ONLY) == [
        Issue("one_classification_only", "additional_classifications", {})
    ]
    # One classification alone is always fine.
    assert classification_issues(replace(filmed, additional_classifications=()), ONE_ONLY) == []


def test_unknown_repeated_or_orphan_classifications_are_refused() -> None:
    unknown = record(classification="hate_crime", additional_classifications=("gossip",))
    assert classification_issues(unknown, EU) == [
        Issue("unknown_classification", "additional_classifications[0]", {"value": "gossip"})
    ]
    repeated = record(classification="hate_crime", additional_classifications=("hate_crime",))
    assert [i.code for i in classification_issues(repeated, EU)] == ["duplicate_key"]
    orphan = record(classification="", additional_classifications=("hate_speech",))
    assert [i.field for i in classification_issues(orphan, EU)] == ["classification"]


def test_an_old_main_classification_the_pack_dropped_is_kept() -> None:
    assert classification_issues(record(classification="retired_id"), ONE_ONLY) == []


def required(r: object, pack: object) -> set[str]:
    return {i.field for i in missing_for_submission(r, pack)}  # type: ignore[arg-type]


def test_the_spanish_overlay_asks_for_the_reason_the_baseline_does_not() -> None:
    case = record(classification="hate_crime")
    assert "classification_reason" in required(case, ES)
    assert "classification_reason" not in required(case, EU)
    assert "classification_reason" not in required(
        replace(case, classification_reason="Shouted slurs while hitting him."), ES
    )
    assert "classification_reason" not in required(replace(case, classification_reason="  "), EU)
    assert "classification_reason" in required(replace(case, classification_reason="  "), ES)


def test_the_offer_of_legal_actions_is_asked_for_each_victim_in_spain() -> None:
    case = record(persons=(VICTIM,))
    [issue] = [i for i in missing_for_submission(case, ES) if i.field == "recorded_steps"]
    assert issue.params == {
        "step": "rights", "person": "P1", "recorded_step": "offer_of_legal_actions",
        "label": "Offer of legal actions (ofrecimiento de acciones)",
    }  # fmt: skip
    assert "recorded_steps" not in required(case, EU)
    # A "no" is an answer too: the offer was recorded as not made.
    for done in (True, False):
        answered = replace(
            case, recorded_steps=(StepRecord("offer_of_legal_actions", "P1", done, AT, "officer"),)
        )
        assert "recorded_steps" not in required(answered, ES)
    # Recorded for someone else: still missing for this victim.
    other = replace(
        case, recorded_steps=(StepRecord("offer_of_legal_actions", "P2", True, AT, "officer"),)
    )
    assert "recorded_steps" in required(other, ES)


def test_the_classification_is_checked_against_the_offence_types() -> None:
    assert offence_mismatch("hate_crime", ()) == "check_crime_without_offence"
    # An administrative offence is no crime: a hate crime still lacks its offence.
    assert offence_mismatch("hate_speech", ("discrimination_administrative",)) == (
        "check_crime_without_offence"
    )
    assert offence_mismatch("hate_crime", ("assault",)) == ""
    assert offence_mismatch("non_crime_incident", ("assault",)) == "check_offence_without_crime"
    assert offence_mismatch("non_crime_incident", ()) == ""
    assert offence_mismatch("discrimination", ("discrimination_administrative",)) == ""
    assert offence_mismatch("discrimination", ("threats",)) == "check_offence_without_crime"
    assert offence_mismatch("", ("assault",)) == ""  # not classified yet: nothing to compare
