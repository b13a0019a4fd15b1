"""The rule of an outcome (app.domain.outcomes): a kind, a day neither ahead nor before the
incident, a court reference of sane length, the same kind on the same day once; what may follow
what is not enforced. And who may enter one, in which states (app.domain.workflow)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain import case as d
from app.domain import operations, retention, workflow
from app.domain.followup import follow_up_issues
from app.domain.validation import COURT_REFERENCE_LENGTH, validate_case_record
from app.domain.workflow import Action, Decision, Participant
from tests.helpers import record

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
INCIDENT = datetime(2026, 3, 14, 18, 45, tzinfo=UTC)
CASE = record(occurred_at=INCIDENT, status=d.CaseStatus.CLOSED)


def codes(outcome: d.Outcome | None, case: d.CaseRecord = CASE) -> list[tuple[str, str]]:
    issues = follow_up_issues(case, Action.OUTCOME, Decision(outcome=outcome), NOW)
    return [(i.code, i.field) for i in issues]


def test_an_outcome_needs_a_kind_and_a_sensible_day() -> None:
    assert codes(None) == [("required", "outcome.kind")]
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, NOW.date())) == []
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, INCIDENT.date())) == []  # the same day
    tomorrow = NOW.date() + timedelta(days=1)
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, tomorrow)) == [
        ("date_in_future", "outcome.happened_on")
    ]
    before = INCIDENT.date() - timedelta(days=1)
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, before)) == [
        ("outcome_before_incident", "outcome.happened_on")
    ]
    # A case without an incident date: only the future is refused.
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, before), replace(CASE, occurred_at=None)) == []
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, date(1066, 10, 14))) == [
        ("date_out_of_range", "outcome.happened_on")
    ]


def test_the_court_reference_is_short_and_storable() -> None:
    fits = d.Outcome(d.OutcomeKind.CONVICTED, NOW.date(), "R" * COURT_REFERENCE_LENGTH)
    assert codes(fits) == []
    assert codes(replace(fits, court_reference=fits.court_reference + "1")) == [
        ("too_long", "outcome.court_reference")
    ]
    assert codes(replace(fits, note="a\x00b")) == [("bad_character", "outcome.note")]


def test_order_is_not_enforced_but_a_duplicate_is_refused() -> None:
    day = date(2026, 4, 1)
    convicted = d.Outcome(d.OutcomeKind.CONVICTED, day, recorded_at=NOW, recorded_by="ana")
    case = replace(CASE, outcomes=(convicted,))
    # A conviction learnt of without the charge, then the charge: both stand.
    assert codes(d.Outcome(d.OutcomeKind.CHARGED, day), case) == []
    assert codes(d.Outcome(d.OutcomeKind.CONVICTED, day + timedelta(days=1)), case) == []
    assert codes(d.Outcome(d.OutcomeKind.CONVICTED, day, "other ref"), case) == [
        ("duplicate_outcome", "outcome.kind")
    ]


def test_the_operation_adds_it_trimmed_with_who_and_when() -> None:
    outcome = d.Outcome(d.OutcomeKind.CHARGED, date(2026, 4, 1), "  R 26/12 ", " a note ")
    changed = operations.follow_up(CASE, Action.OUTCOME, "ana", NOW, Decision(outcome=outcome))
    assert changed.outcomes == (
        d.Outcome(d.OutcomeKind.CHARGED, date(2026, 4, 1), "R 26/12", "a note", NOW, "ana"),
    )
    assert changed.status is d.CaseStatus.CLOSED  # the state stays
    # A correction of the case never changes them, nor counts them among its changes.
    assert operations.corrected(changed, CASE).outcomes == changed.outcomes
    assert operations.changes(CASE, changed) == ()


def test_who_may_enter_an_outcome_and_when() -> None:
    officer = Participant(d.Role.OFFICER, is_officer=True, wrote_or_edited=True)
    stranger = Participant(d.Role.OFFICER, is_officer=False, wrote_or_edited=False)
    boss = Participant(d.Role.SUPERVISOR, is_officer=False, wrote_or_edited=False)
    for status in d.CaseStatus:
        for who in (officer, boss):
            allowed = Action.OUTCOME in workflow.allowed_actions(status, who)
            assert allowed is (status is not d.CaseStatus.DRAFT), (status, who)
        assert Action.OUTCOME not in workflow.allowed_actions(status, stranger)
    for role in (d.Role.ADMIN, d.Role.DATA_PROTECTION_OFFICER):
        nobody = Participant(role, is_officer=False, wrote_or_edited=False)
        assert workflow.check(d.CaseStatus.CLOSED, Action.OUTCOME, nobody)[0].code == (
            "role_may_not"
        )


def test_anonymising_keeps_the_kind_and_day_only() -> None:
    outcome = d.Outcome(d.OutcomeKind.ACQUITTED, date(2026, 4, 1), "R 26/12", "Kofi's", NOW, "ana")
    case = replace(CASE, outcomes=(outcome,))
    assert retention.anonymise(case).outcomes == (replace(outcome, court_reference="", note=""),)


def test_a_stored_outcome_says_who_entered_it() -> None:
    anonymous = d.Outcome(d.OutcomeKind.CHARGED, date(2026, 4, 1))
    issues = validate_case_record(replace(CASE, outcomes=(anonymous,)), NOW)
    assert ("required", "outcomes[0].recorded_by") in [(i.code, i.field) for i in issues]


@given(
    kind=st.sampled_from(d.OutcomeKind),
    on=st.dates(),
    reference=st.text(max_size=300),
    note=st.text(max_size=50),
)
def test_garbage_is_refused_or_kept_whole(
    kind: d.OutcomeKind, on: date, reference: str, note: str
) -> None:
    outcome = d.Outcome(kind, on, reference, note)
    issues = codes(outcome)
    if not issues:
        changed = operations.follow_up(CASE, Action.OUTCOME, "ana", NOW, Decision(outcome=outcome))
        kept = changed.outcomes[-1]
        assert INCIDENT.date() <= kept.happened_on <= NOW.date()
        assert len(kept.court_reference) <= COURT_REFERENCE_LENGTH
        assert kept.court_reference == reference.strip()
