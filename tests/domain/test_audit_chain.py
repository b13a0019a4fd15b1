"""The seals of the audit trail, as pure functions: any change to a sealed trail is found."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import audit_chain as chain
from app.services.audit import parse_checkpoint
from app.services.errors import Refused

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
START = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def sealed_trail(count: int, key: bytes = KEY) -> tuple[list[chain.ChainEvent], chain.ChainHead]:
    events, previous = [], chain.GENESIS
    for number in range(1, count + 1):
        event = chain.ChainEvent(
            id=number, at=START + timedelta(minutes=number), username=f"user{number % 3}",
            action="view", object_type="case", object_ref=f"LIS-01-2026-{number:06d}",
            reason="check", details="{}", previous_hash=previous,
        )  # fmt: skip
        event = replace(event, hash=chain.seal(key, event))
        previous = event.hash
        events.append(event)
    head = chain.ChainHead(chain.key_id(key), 1, count, count, previous)
    return events, replace(head, mac=chain.head_mac(key, head))


def test_a_sealed_trail_verifies() -> None:
    events, head = sealed_trail(12)
    assert chain.verify(KEY, events, head) == []


def test_the_key_id_names_the_key_without_revealing_it() -> None:
    assert chain.key_id(KEY) != chain.key_id(OTHER_KEY)
    assert KEY.hex() not in chain.key_id(KEY)
    events, head = sealed_trail(3)
    assert [i.code for i in chain.verify(OTHER_KEY, events, head)] == ["audit_wrong_key"]


FIELDS = ["at", "username", "action", "object_type", "object_ref", "reason", "details", "id"]


@given(
    position=st.integers(0, 9),
    field=st.sampled_from(FIELDS),
    text=st.text(min_size=1, max_size=20),
)
def test_any_changed_field_of_any_event_is_found(position: int, field: str, text: str) -> None:
    events, head = sealed_trail(10)
    original = events[position]
    value: object
    if field == "at":
        value = original.at + timedelta(seconds=1)
    elif field == "id":
        value = original.id + 100
    else:
        value = getattr(original, field) + text
    events[position] = replace(original, **{field: value})
    if field == "id":
        events.sort(key=lambda e: e.id)
    assert chain.verify(KEY, events, head) != []


@given(order=st.permutations(list(range(6))))
def test_events_in_another_order_are_found(order: list[int]) -> None:
    events, head = sealed_trail(6)
    shuffled = [replace(events[i], id=n + 1) for n, i in enumerate(order)]
    found = chain.verify(KEY, shuffled, head)
    assert (found == []) == (order == sorted(order))


def test_a_sealed_checkpoint_is_checked_against_the_trail() -> None:
    point = chain.Checkpoint(chain.key_id(KEY), 5, 5, "a" * 64, START)
    point = replace(point, mac=chain.checkpoint_mac(KEY, point))
    assert chain.verify_checkpoint(KEY, point, 7, "a" * 64) == []
    assert [i.code for i in chain.verify_checkpoint(KEY, point, 4, None)] == ["checkpoint_cut_off"]
    assert [i.code for i in chain.verify_checkpoint(KEY, point, 7, "b" * 64)] == [
        "checkpoint_mismatch"
    ]
    forged = replace(point, count=3)
    assert [i.code for i in chain.verify_checkpoint(KEY, forged, 7, "a" * 64)] == [
        "checkpoint_forged"
    ]
    assert [i.code for i in chain.verify_checkpoint(OTHER_KEY, point, 7, "a" * 64)] == [
        "checkpoint_other_trail"
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(
    data=st.dictionaries(
        st.sampled_from(["format", "key_id", "count", "last_id", "last_hash", "mac", "at", "x"]),
        json_values,
    )
)
def test_a_checkpoint_file_of_any_content_is_read_or_refused(data: dict[str, object]) -> None:
    data = {"format": "proximity-desk-audit-checkpoint"} | data
    try:
        point = parse_checkpoint(json.dumps(data))
    except Refused as refused:
        problems = refused.issues
    else:
        problems = []
        assert point.at.tzinfo is not None
    assert all(issue.code for issue in problems)


@given(text=st.text())
def test_any_text_as_a_checkpoint_is_refused_cleanly(text: str) -> None:
    with pytest.raises(Refused):
        parse_checkpoint(text)


def test_a_head_that_names_another_last_event_is_found() -> None:
    """Only with the key: the head sealed over another seal than the trail's last event's."""
    events, head = sealed_trail(4)
    other = replace(head, last_hash="e" * 64)
    other = replace(other, mac=chain.head_mac(KEY, other))
    assert [i.code for i in chain.verify(KEY, events, other)] == ["audit_head_mismatch"]
