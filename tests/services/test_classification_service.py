"""Several classifications and the pack's recorded steps through the case service, on both
engines: a record with additional classifications comes back as saved and submits; one the pack
forbids is refused whole (issue 11, point 7)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.case import StepRecord
from app.services import Services
from app.services.errors import Refused
from tests.helpers import Clock
from tests.services.test_cases import sign_in
from tests.services.test_drafts import complete


@pytest.fixture
def people(services: Services) -> Services:
    services.demo.fill(0)
    return services


def test_additional_classifications_round_trip_and_submit(people: Services, clock: Clock) -> None:
    officer = sign_in(people, "officer")
    draft = people.cases.create_draft(officer)
    record = replace(
        complete(draft.record, clock),
        classification="hate_crime",
        additional_classifications=("hate_speech",),
        classification_reason="Beaten while filmed; the film was posted with slurs.",
        recorded_steps=(StepRecord("offer_of_legal_actions", "P1", True, clock(), "officer"),),
    )
    saved = people.cases.save_draft(officer, draft.id, draft.version, record)
    opened = people.cases.open_case(officer, draft.id, "test")
    for got in (saved.record, opened.record):
        assert got.additional_classifications == ("hate_speech",)
        assert got.classification_reason == record.classification_reason
        assert got.recorded_steps == record.recorded_steps
    submitted = people.cases.submit(officer, draft.id, saved.version)
    assert submitted.record.additional_classifications == ("hate_speech",)


def test_a_second_classification_the_pack_forbids_is_refused(
    people: Services, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = sign_in(people, "officer")
    draft = people.cases.create_draft(officer)
    eu = people.backend.pack("eu-baseline")
    one_only = replace(eu, several_classifications=False)
    monkeypatch.setattr(people.backend, "pack", lambda pack_id: one_only)
    record = replace(
        complete(draft.record, clock),
        classification="hate_crime",
        additional_classifications=("hate_speech",),
    )
    with pytest.raises(Refused) as refused:
        people.cases.save_draft(officer, draft.id, draft.version, record)
    assert [i.code for i in refused.value.issues] == ["one_classification_only"]
    unknown = replace(record, additional_classifications=("gossip",))
    monkeypatch.setattr(people.backend, "pack", lambda pack_id: eu)
    with pytest.raises(Refused) as refused:
        people.cases.save_draft(officer, draft.id, draft.version, unknown)
    assert [i.code for i in refused.value.issues] == ["unknown_classification"]
    # Nothing was written.
    opened = people.cases.open_case(officer, draft.id, "test")
    assert (opened.version, opened.record.additional_classifications) == (draft.version, ())
