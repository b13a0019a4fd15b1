"""Consent as it is given (issue 11, point 6): how it was given, feedback asked or not, and which
communications need a consent at all."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from app.domain.case import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    FeedbackAnswer,
    coordination_purpose,
    feedback_answer,
)
from app.domain.serialization import from_json, to_json
from app.domain.validation import Issue, validate_case_record
from app.i18n.issues import describe
from tests.domain.test_validation import EARLIER, NOW, clean

SERVICE = "Victim Support Lisbon"
CSO = "Migrant Support Centre"


def feedback(granted: bool, at: datetime = EARLIER, key: str = "F1") -> Consent:
    return Consent(
        key, "P1", SERVICE, ConsentPurpose.FEEDBACK_TO_POLICE, granted, ConsentMethod.SIGNED, at,
        "officer",
    )  # fmt: skip


def test_an_interpreter_and_sign_language_are_methods_of_their_own() -> None:
    assert {m.value for m in ConsentMethod} == {"signed", "oral", "interpreter", "sign_language"}
    for method in ConsentMethod:
        given = replace(clean().consents[0], method=method)
        back = from_json(Consent, to_json(given), "consents[0]", issues := [])
        assert issues == []
        assert back == given


@pytest.mark.parametrize("method", [None, "", "nodded"])
def test_a_consent_or_refusal_without_a_method_is_refused_with_a_clear_message(
    method: str | None,
) -> None:
    for granted in (True, False):
        data = to_json(replace(clean().consents[0], granted=granted))
        assert isinstance(data, dict)
        if method is None:
            del data["method"]
        else:
            data["method"] = method
        issues: list[Issue] = []
        assert from_json(Consent, data, "consents[0]", issues) is None
        assert [i.field for i in issues] == ["consents[0].method"]
        text = describe(issues[0])
        assert "consents[0].method" in text or "method" in text.lower()
        if method is not None:
            assert "sign_language" in text  # the choices are named


def test_feedback_to_the_police_is_agreed_refused_or_not_asked() -> None:
    assert feedback_answer((), "P1", SERVICE) is FeedbackAnswer.NOT_ASKED
    assert feedback_answer([feedback(True)], "P1", SERVICE) is FeedbackAnswer.AGREED
    assert feedback_answer([feedback(False)], "P1", SERVICE) is FeedbackAnswer.REFUSED
    # A withdrawn agreement is a refusal from then on; the latest answer counts.
    withdrawn = replace(feedback(True), withdrawn_at=NOW)
    assert feedback_answer([withdrawn], "P1", SERVICE) is FeedbackAnswer.REFUSED
    later = feedback(True, EARLIER + timedelta(minutes=5), "F2")
    assert feedback_answer([feedback(False), later], "P1", SERVICE) is FeedbackAnswer.AGREED
    # Another person's answer, another service's, or a referral consent is not this answer.
    assert feedback_answer([feedback(True)], "P2", SERVICE) is FeedbackAnswer.NOT_ASKED
    assert feedback_answer([feedback(True)], "P1", "Other") is FeedbackAnswer.NOT_ASKED
    referral_consent = replace(feedback(True), purpose=ConsentPurpose.REFERRAL)
    assert feedback_answer([referral_consent], "P1", SERVICE) is FeedbackAnswer.NOT_ASKED


def event(kind: CoordinationKind, *, anonymised: bool = False) -> CoordinationEvent:
    return CoordinationEvent(kind, CSO, EARLIER, "officer", anonymised=anonymised)


def test_only_a_civil_society_contact_sharing_identities_needs_consent() -> None:
    cso = CoordinationKind.CIVIL_SOCIETY
    assert coordination_purpose(event(cso), True) is ConsentPurpose.CIVIL_SOCIETY_CONTACT
    assert coordination_purpose(event(cso, anonymised=True), True) is None
    assert coordination_purpose(event(cso), False) is None  # no individual victim
    # The prosecutor and the competent force receive the case as a statutory duty (LED).
    for kind in (CoordinationKind.PROSECUTOR, CoordinationKind.COMPETENT_FORCE):
        assert coordination_purpose(event(kind), True) is None


def test_validation_exempts_an_anonymised_contact_and_not_one_sharing_identities() -> None:
    base = clean()
    identities = replace(base, coordination=(*base.coordination, event(CSO_KIND)))
    codes = [(i.code, i.field) for i in validate_case_record(identities, NOW)]
    index = len(base.coordination)
    assert codes == [("without_consent", f"coordination[{index}].consent_key")]
    anonymised = replace(base, coordination=(*base.coordination, event(CSO_KIND, anonymised=True)))
    assert validate_case_record(anonymised, NOW) == []


CSO_KIND = CoordinationKind.CIVIL_SOCIETY


def test_an_old_event_without_the_flag_shared_identities() -> None:
    data = to_json(event(CSO_KIND))
    assert isinstance(data, dict)
    del data["anonymised"]
    issues: list[Issue] = []
    old = from_json(CoordinationEvent, data, "coordination[0]", issues)
    assert issues == []
    assert old is not None
    assert old.anonymised is False
