"""When the officer is offered to link two cases as likely the same incident."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.links import Incident, likely_same

NIGHT = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)
CASE = Incident("LIS-01-2026-000020", NIGHT, "Rua do Benformoso 12", frozenset({"racist"}))
OTHER = Incident(
    "LIS-01-2026-000012", NIGHT - timedelta(hours=1), "RUA DO BENFORMOSO  12",
    frozenset({"racist", "religious"}),
)  # fmt: skip


def test_same_place_day_and_motive_is_offered() -> None:
    assert likely_same(CASE, OTHER)
    assert likely_same(OTHER, CASE)


def test_place_matches_without_case_and_accents() -> None:
    assert likely_same(
        replace(CASE, place="Praça da Figueira"), replace(OTHER, place="praca da figueira")
    )


def test_a_day_apart_is_offered_two_days_are_not() -> None:
    assert likely_same(CASE, replace(OTHER, occurred_at=NIGHT + timedelta(hours=2)))
    assert likely_same(CASE, replace(OTHER, occurred_at=NIGHT - timedelta(days=1)))
    assert not likely_same(CASE, replace(OTHER, occurred_at=NIGHT - timedelta(days=2)))


def test_another_place_or_no_common_motive_is_not_offered() -> None:
    assert not likely_same(CASE, replace(OTHER, place="Rua do Benformoso 14"))
    assert not likely_same(CASE, replace(OTHER, motives=frozenset({"religious"})))
    assert not likely_same(CASE, replace(OTHER, motives=frozenset()))


def test_itself_an_existing_link_and_missing_facts_are_not_offered() -> None:
    assert not likely_same(CASE, replace(OTHER, reference=CASE.reference))
    assert not likely_same(CASE, OTHER, linked={OTHER.reference})
    assert not likely_same(replace(CASE, occurred_at=None), OTHER)
    assert not likely_same(replace(CASE, place=" "), replace(OTHER, place=""))


texts = st.text(max_size=40)


@given(texts, texts, st.frozensets(texts, max_size=3), st.frozensets(texts, max_size=3))
def test_garbage_places_and_motives_never_fail_and_the_rule_is_symmetric(
    place: str, other_place: str, motives: frozenset[str], other_motives: frozenset[str]
) -> None:
    one = replace(CASE, place=place, motives=motives)
    two = replace(OTHER, place=other_place, motives=other_motives)
    assert likely_same(one, two) == likely_same(two, one)
