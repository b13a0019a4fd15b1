"""Old years removed behind a sealed anchor, as pure functions: the rest is proven from the
anchor on, and a forged anchor, a removal without one, or a removed event put back is found."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import audit_chain as chain
from tests.domain.test_audit_chain import KEY, OTHER_KEY, sealed_trail

AT = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def pruned(count: int, up_to: int, key: bytes = KEY) -> tuple[
    list[chain.ChainEvent], chain.ChainHead, chain.PruneAnchor
]:  # fmt: skip
    """A trail of `count` events whose events 1 to `up_to` were removed behind an anchor."""
    events, head = sealed_trail(count, key)
    anchor = chain.PruneAnchor(
        chain.key_id(key), up_to, events[up_to - 1].hash, 2015, up_to, AT, "admin"
    )
    return events[up_to:], head, replace(anchor, mac=chain.anchor_mac(key, anchor))


def codes(findings: list[chain.Issue]) -> list[str]:
    return [finding.code for finding in findings]


def test_the_rest_verifies_from_the_anchor_on() -> None:
    events, head, anchor = pruned(12, 5)
    assert chain.verify(KEY, events, head, [anchor]) == []
    assert chain.newest_anchor(KEY, [anchor]) == anchor
    # Without the anchor, the removal shows as a gap.
    assert codes(chain.verify(KEY, events, head)) == ["audit_gap", "audit_broken_link"]


def test_a_later_removal_goes_on_from_the_newest_anchor() -> None:
    events, head, first = pruned(12, 3)
    _rest, _head, second = pruned(12, 7)
    assert chain.verify(KEY, events[4:], head, [first, second]) == []
    assert chain.newest_anchor(KEY, [second, first]) == second


@pytest.mark.parametrize(
    "forge",
    [
        {"mac": "0" * 64},  # written without the key
        {"last_id": 7},  # altered to cover more
        {"last_hash": "1" * 64},
        {"username": "someone"},
        {"key_id": chain.key_id(OTHER_KEY)},
    ],
)
def test_a_forged_or_altered_anchor_is_found_and_ignored(forge: dict[str, object]) -> None:
    events, head, anchor = pruned(12, 5)
    forged = replace(anchor, **forge)  # type: ignore[arg-type]
    found = chain.verify(KEY, events, head, [forged])
    assert found[0] == chain.Issue("audit_anchor_forged", "", {"id": forged.last_id})
    assert "audit_gap" in codes(found)  # started from the beginning instead
    assert chain.newest_anchor(KEY, [forged]) is None


def test_an_anchor_sealed_with_another_key_is_forged() -> None:
    events, head, _anchor = pruned(12, 5)
    _other_events, _other_head, other = pruned(12, 5, OTHER_KEY)
    assert codes(chain.verify(KEY, events, head, [other]))[0] == "audit_anchor_forged"


def test_a_removed_event_put_back_is_found() -> None:
    events, head = sealed_trail(12)
    _rest, _head, anchor = pruned(12, 5)
    found = chain.verify(KEY, [events[2], *events[5:]], head, [anchor])
    assert found == [chain.Issue("audit_not_removed", "", {"id": 3, "last": 5})]


def test_a_trail_emptied_after_a_removal_counts_what_was_left() -> None:
    _events, head, anchor = pruned(12, 5)
    assert chain.verify(KEY, [], head, [anchor]) == [chain.Issue("audit_emptied", "", {"count": 7})]
    # The tail after the anchor cut off, the head left alone: named as such.
    events, head, anchor = pruned(12, 5)
    found = chain.verify(KEY, events[:2], head, [anchor])
    assert found == [chain.Issue("audit_cut_off", "", {"count": 5, "id": 7})]


def checkpoint_at(events: list[chain.ChainEvent], last: int) -> chain.Checkpoint:
    point = chain.Checkpoint(chain.key_id(KEY), last, last, events[last - 1].hash, AT)
    return replace(point, mac=chain.checkpoint_mac(KEY, point))


def test_checkpoints_written_before_and_after_a_removal() -> None:
    all_events, _head = sealed_trail(12)
    events, _head, anchor = pruned(12, 5)
    remaining = len(events)
    # Its last event was removed: it vouches for nothing left (the service says so).
    early = checkpoint_at(all_events, 3)
    assert chain.predates(early, anchor)
    assert chain.verify_checkpoint(KEY, early, remaining, None, anchor) == []
    # Its last event is the anchor's: the anchor's seal stands for it.
    on_anchor = checkpoint_at(all_events, 5)
    assert not chain.predates(on_anchor, anchor)
    assert chain.verify_checkpoint(KEY, on_anchor, remaining, None, anchor) == []
    altered = replace(anchor, last_hash="2" * 64)
    assert codes(chain.verify_checkpoint(KEY, on_anchor, remaining, None, altered)) == [
        "checkpoint_mismatch"
    ]
    # After the removal: a checkpoint later than the anchor is checked as before.
    late = checkpoint_at(all_events, 9)
    assert chain.verify_checkpoint(KEY, late, remaining, events[3].hash, anchor) == []
    # Events removed from the end as well: the count falls short, whichever the checkpoint.
    found = chain.verify_checkpoint(KEY, late, 2, None, anchor)
    assert found[0].params["now"] == 7  # the five removed with the anchor count as held
    assert codes(found) == ["checkpoint_cut_off"]
    assert not chain.predates(early, None)


@given(st.lists(st.integers(2000, 2030), max_size=40), st.integers(1990, 2040))
def test_removable_is_always_the_trails_start_and_never_a_kept_year(
    event_years: list[int], before_year: int
) -> None:
    pairs = list(enumerate(event_years, start=1))
    last, years = chain.removable(pairs, before_year)
    assert all(year < before_year for _id, year in pairs[:last])  # a start of the trail only
    assert last == len(pairs) or pairs[last][1] >= before_year  # as far as it goes
    assert sum(count for _year, count in years) == last
    assert [year for year, _count in years] == sorted({year for _id, year in pairs[:last]})


def test_only_whole_years_past_the_period() -> None:
    assert chain.first_year_kept(2026, 10) == 2016
    assert chain.first_year_kept(2026, 1) == 2025
    for wrong in (0, -3):
        with pytest.raises(ValueError, match=str(wrong)):
            chain.first_year_kept(2026, wrong)
