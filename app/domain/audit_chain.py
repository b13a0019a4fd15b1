"""The audit trail's seals, and what verifying it finds.

Each event is sealed with a keyed hash (HMAC-SHA256) of its id, its content and the seal of the
event before it. The head of the trail (how many events, the last one's id and seal) is sealed too,
and a checkpoint kept outside the database is a sealed copy of the head at one moment. The key is
not in the database: whoever holds the database alone cannot write a seal that verifies, so an
altered, forged, renumbered, swapped or removed event is found, and so is a cut-off tail (against
the head, or against a checkpoint when the head itself was rolled back from an old copy).

Events written before the trail was keyed (the first release hashed them without a key) are checked
with that hash; the first sealed event seals the last of them, which anchors them.

Old events are removed by whole calendar years, oldest first, once past their retention. A prune
anchor, sealed with the key, says which events went (ids 1 to N) and what the seal of event N was:
the chain is then proven from event N + 1 on, whose own seal covers that seal. An anchor written
without the key does not verify, and events removed without an anchor leave a gap.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain.validation import Issue

GENESIS = "0" * 64
KEY_BYTES = 32


@dataclass(frozen=True)
class ChainEvent:
    id: int
    at: datetime
    username: str
    action: str
    object_type: str
    object_ref: str
    reason: str
    details: str
    previous_hash: str
    hash: str = ""


@dataclass(frozen=True)
class ChainHead:
    key_id: str
    sealed_from: int  # the first event sealed with the key; those before it are legacy
    count: int
    last_id: int
    last_hash: str
    mac: str = ""


@dataclass(frozen=True)
class Checkpoint:
    key_id: str
    count: int
    last_id: int
    last_hash: str
    at: datetime
    mac: str = ""


@dataclass(frozen=True)
class PruneAnchor:
    """Events 1 to `last_id` (the last of `year`) were removed at `at` by `username`; `count` of
    them by this removal. `last_hash` is the seal of event `last_id`: the next event links to it."""

    key_id: str
    last_id: int
    last_hash: str
    year: int
    count: int
    at: datetime
    username: str
    mac: str = ""


def key_id(key: bytes) -> str:
    """Names a key without revealing it: stored in the database to find the right key file."""
    return hmac.new(key, b"proximity-desk audit key id", hashlib.sha256).hexdigest()[:32]


def _mac(key: bytes, values: list[object]) -> str:
    payload = json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _content(event: ChainEvent) -> list[object]:
    return [
        event.previous_hash,
        event.at.isoformat(),
        event.username,
        event.action,
        event.object_type,
        event.object_ref,
        event.reason,
        event.details,
    ]


def seal(key: bytes, event: ChainEvent) -> str:
    """The event's seal: its id is part of it, so renumbered events do not verify."""
    return _mac(key, [event.id, *_content(event)])


def legacy_hash(event: ChainEvent) -> str:
    """The unkeyed hash of events written before the trail was keyed."""
    payload = json.dumps(_content(event), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def head_mac(key: bytes, head: ChainHead) -> str:
    values = [head.key_id, head.sealed_from, head.count, head.last_id, head.last_hash]
    return _mac(key, ["head", *values])


def checkpoint_mac(key: bytes, checkpoint: Checkpoint) -> str:
    values = [checkpoint.key_id, checkpoint.count, checkpoint.last_id, checkpoint.last_hash]
    return _mac(key, ["checkpoint", *values, checkpoint.at.isoformat()])


def anchor_mac(key: bytes, anchor: PruneAnchor) -> str:
    values = [anchor.key_id, anchor.last_id, anchor.last_hash, anchor.year, anchor.count]
    return _mac(key, ["prune", *values, anchor.at.isoformat(), anchor.username])


def _sealed(key: bytes, anchor: PruneAnchor) -> bool:
    return anchor.key_id == key_id(key) and hmac.compare_digest(anchor.mac, anchor_mac(key, anchor))


def newest_anchor(key: bytes, anchors: Iterable[PruneAnchor]) -> PruneAnchor | None:
    """Where the chain starts: the newest anchor sealed with the key (a forged one is ignored,
    so the events it claims were removed show as a gap)."""
    sealed = [anchor for anchor in anchors if _sealed(key, anchor)]
    return max(sealed, key=lambda anchor: anchor.last_id, default=None)


def removable(
    events: Iterable[tuple[int, int]], before_year: int
) -> tuple[int, list[tuple[int, int]]]:
    """What may be removed with the years before `before_year`: the trail's start up to its first
    event of a later year. Takes (id, year) pairs in id order (years in UTC); returns the last
    id that goes and how many events of each year, oldest first. An event stamped with an older
    year after that one (a clock set back) stays, so that no gap is ever left."""
    last, years = 0, Counter[int]()
    for event_id, year in events:
        if year >= before_year:
            break
        last = event_id
        years[year] += 1
    return last, sorted(years.items())


def first_year_kept(today_year: int, keep_years: int) -> int:
    """Events are removed only by whole years all of whose days are older than the retention
    period: with 10 years, on any day of 2026 the events of 2015 and before may go."""
    if keep_years < 1:
        raise ValueError(keep_years)
    return today_year - keep_years


def verify(
    key: bytes,
    events: Iterable[ChainEvent],
    head: ChainHead,
    anchors: Iterable[PruneAnchor] = (),
) -> list[Issue]:
    """Every problem of the trail, events in id order (read once, so a million fit in memory).
    A trail without a head is the service's to judge: new, of the first release, or removed.
    After a removal of old years the chain starts at the newest sealed anchor."""
    findings: list[Issue] = []
    if head.key_id != key_id(key):
        return [Issue("audit_wrong_key", "", {})]
    if not hmac.compare_digest(head.mac, head_mac(key, head)):
        findings.append(Issue("audit_head_forged", "", {}))
    anchors = list(anchors)
    for anchor in anchors:
        if not _sealed(key, anchor):
            findings.append(Issue("audit_anchor_forged", "", {"id": anchor.last_id}))
    start = newest_anchor(key, anchors)
    sealed_from = head.sealed_from
    previous, expected_id, count, last_id = GENESIS, 1, 0, 0
    if start is not None:
        previous, expected_id, last_id = start.last_hash, start.last_id + 1, start.last_id
    for event in events:
        if event.id < expected_id:  # only before an anchor's first event: ids are unique
            findings.append(Issue("audit_not_removed", "", {"id": event.id, "last": last_id}))
            continue
        if event.id > expected_id:
            findings.append(Issue("audit_gap", "", {"first": expected_id, "last": event.id - 1}))
        expected = legacy_hash(event) if event.id < sealed_from else seal(key, event)
        if event.id > head.last_id:
            findings.append(Issue("audit_after_head", "", {"id": event.id}))
        elif not hmac.compare_digest(event.hash, expected):
            findings.append(Issue("audit_altered", "", {"id": event.id}))
        elif event.previous_hash != previous:
            findings.append(Issue("audit_broken_link", "", {"id": event.id}))
        previous, expected_id, last_id = event.hash, event.id + 1, event.id
        count += 1
    removed = start.last_id if start is not None else 0
    if count == 0 and head.count > removed:
        findings.append(Issue("audit_emptied", "", {"count": head.count - removed}))
    elif last_id < head.last_id:
        missing = head.last_id - last_id
        findings.append(Issue("audit_cut_off", "", {"count": missing, "id": last_id}))
    elif last_id == head.last_id and not hmac.compare_digest(previous, head.last_hash):
        findings.append(Issue("audit_head_mismatch", "", {"id": last_id}))
    return findings


def predates(checkpoint: Checkpoint, anchor: PruneAnchor | None) -> bool:
    """The checkpoint's last event was removed with old years since it was written."""
    return anchor is not None and checkpoint.last_id < anchor.last_id


def verify_checkpoint(
    key: bytes,
    checkpoint: Checkpoint,
    count: int,
    hash_at_checkpoint: str | None,
    anchor: PruneAnchor | None = None,
) -> list[Issue]:
    """The trail against a checkpoint kept elsewhere: it must still hold the checkpoint's last
    event, unchanged, and at least as many events. `hash_at_checkpoint` is the stored seal of the
    event with the checkpoint's last id (None if there is no such event). After a removal (the
    newest sealed `anchor`), the removed events count as held; a checkpoint whose last event was
    removed vouches for nothing that remains."""
    if checkpoint.key_id != key_id(key):
        return [Issue("checkpoint_other_trail", "", {})]
    if not hmac.compare_digest(checkpoint.mac, checkpoint_mac(key, checkpoint)):
        return [Issue("checkpoint_forged", "", {})]
    at = checkpoint.at.isoformat(timespec="minutes")
    if anchor is not None:
        if predates(checkpoint, anchor):
            return []  # all it could vouch for was removed since (the service says so)
        count += anchor.last_id  # ids run from 1 with no gap: events 1 to N were removed
        if checkpoint.last_id == anchor.last_id:
            hash_at_checkpoint = anchor.last_hash
    if count < checkpoint.count or hash_at_checkpoint is None:
        return [
            Issue(
                "checkpoint_cut_off",
                "",
                {"now": count, "count": checkpoint.count, "at": at, "id": checkpoint.last_id},
            )
        ]
    if not hmac.compare_digest(hash_at_checkpoint, checkpoint.last_hash):
        return [Issue("checkpoint_mismatch", "", {"at": at, "id": checkpoint.last_id})]
    return []
