"""Babel extraction of the protocol packs' texts (titles, guidance, labels, descriptions), and of
the bundled worked cases' (resources/training: title, situation, what people say and how they look,
the explanations), so that they are translated in the `app` catalog like any text of the screens.
See babel.cfg: both are TOML, told apart by what they hold."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any

TRANSLATED_KEYS = frozenset({"name", "title", "label", "description", "guidance"})


def extract_protocol_pack(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    data = tomllib.loads(text)
    texts = _worked_case_texts(data) if "situation" in data else _texts(data)
    for message in texts:
        yield _line_of(message, lines), "_", message, []


def _worked_case_texts(data: dict[str, Any]) -> Iterator[str]:
    """A worked case's texts, stripped as app.domain.training_cases reads them; people's names
    and the ids are not texts to translate."""
    people = [p for p in data.get("people", []) if isinstance(p, dict)]
    explanations = data.get("explanations", {})
    found = [
        data.get("title"),
        data.get("situation"),
        *(p.get(key) for p in people for key in ("says", "description")),
        *(explanations.values() if isinstance(explanations, dict) else ()),
    ]
    yield from (value.strip() for value in found if isinstance(value, str) and value.strip())


def _texts(value: object, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _texts(child, child_key)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, key)
    elif isinstance(value, str) and key in TRANSLATED_KEYS and value.strip():
        yield value


def _line_of(message: str, lines: list[str]) -> int:
    """Where the text stands in the file, for translators' tools (first line that holds it)."""
    start = message[:40]
    return next((n for n, line in enumerate(lines, start=1) if start in line), 0)
