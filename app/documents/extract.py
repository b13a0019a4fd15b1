"""Babel extractors of the `documents` domain (babel-documents.cfg names them by dotted path).

- `document_texts` reads the printout modules' `tr("...")` and `D_("...")` texts. The screens'
  `_` is not one of its keywords: app.pot and documents.pot stay apart.
- `pack_labels` reads the labels of the protocol packs' pick lists (motives, offence types,
  indicators, needs ...), which printouts show to victims, services and prosecutors. Step titles
  and guidance are for the screens only.

Both report their texts under the keyword `_`, which every Babel run knows, so the command needs
no keyword options (README, Translations).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

from app.domain.protocol import KINDS

# Keyword -> the argument that holds the text.
KEYWORDS: Mapping[str, tuple[int, ...] | None] = {"tr": None, "D_": None}


def document_texts(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[int, str, Any, list[str]]]:
    found: Iterator[Any] = extract_python(fileobj, KEYWORDS, comment_tags, options)
    for lineno, _funcname, messages, comments in found:
        if messages is not None:  # tr(variable): a text marked elsewhere, or case data
            yield lineno, "_", messages, comments


def pack_labels(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    data = tomllib.loads(text)

    def found(label: object) -> Iterator[tuple[int, str, str, list[str]]]:
        if isinstance(label, str) and label.strip():
            line = next((n for n, s in enumerate(lines, start=1) if label in s), 0)
            yield line, "_", label, []

    if "situation" in data:  # a worked case (resources/training): the training record's title
        yield from found(data.get("title"))
        return
    for kind in (*KINDS, "recorded_steps"):  # the steps a pack adds reach the prosecutor
        for item in data.get(kind, ()):
            yield from found(item.get("label", "") if isinstance(item, dict) else "")
    for step in data.get("steps", ()):  # the training record scores by step
        yield from found(step.get("title", "") if isinstance(step, dict) else "")
