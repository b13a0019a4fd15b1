"""The audit trail's seals, and what verifying it finds.

Each event is sealed with a keyed hash (HMAC-SHA256) of its id, its content and the seal of the
event before it. The head of the trail (how many events, the last one's id and seal) is sealed too,
and a checkpoint kept outside the database is a sealed copy of the head at one moment. The key is
not in the database: whoever holds the database alone cannot write a seal that verifies, so an
altered, forged, renumbered, swapped or removed event is found, and so is a cut-off tail (against
the head, or against a checkpoint when the head itself was rolled back from an old copy).

Events written before the trail was keyed (the first release hashed them without a key) are checked
with that hash; the first sealed event seals the last of them, which anchors them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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


def verify(key: bytes, events: Iterable[ChainEvent], head: ChainHead) -> list[Issue]:
    """Every problem of the trail, events in id order (read once, so a million fit in memory).
    A trail without a head is the service's to judge: new, of the first release, or removed."""
    findings: list[Issue] = []
    if head.key_id != key_id(key):
        return [Issue("audit_wrong_key", "", {})]
    if not hmac.compare_digest(head.mac, head_mac(key, head)):
        findings.append(Issue("audit_head_forged", "", {}))
    sealed_from = head.sealed_from
    previous, expected_id, count, last_id = GENESIS, 1, 0, 0
    for event in events:
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
    if count == 0 and head.count:
        findings.append(Issue("audit_emptied", "", {"count": head.count}))
    elif last_id < head.last_id:
        missing = head.last_id - last_id
        findings.append(Issue("audit_cut_off", "", {"count": missing, "id": last_id}))
    elif last_id == head.last_id and not hmac.compare_digest(previous, head.last_hash):
        findings.append(Issue("audit_head_mismatch", "", {"id": last_id}))
    return findings


def verify_checkpoint(
    key: bytes, checkpoint: Checkpoint, count: int, hash_at_checkpoint: str | None
) -> list[Issue]:
    """The trail against a checkpoint kept elsewhere: it must still hold the checkpoint's last
    event, unchanged, and at least as many events. `hash_at_checkpoint` is the stored seal of the
    event with the checkpoint's last id (None if there is no such event)."""
    if checkpoint.key_id != key_id(key):
        return [Issue("checkpoint_other_trail", "", {})]
    if not hmac.compare_digest(checkpoint.mac, checkpoint_mac(key, checkpoint)):
        return [Issue("checkpoint_forged", "", {})]
    at = checkpoint.at.isoformat(timespec="minutes")
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
