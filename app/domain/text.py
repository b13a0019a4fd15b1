"""Text helpers that must behave the same wherever they run."""

from __future__ import annotations

import unicodedata


def normalise_for_search(text: str) -> str:
    """Lower case without accents, so 'Łódź', 'LODZ' and 'lodz' find each other on any engine."""
    # NFKD first: styled letters pasted from social media decompose to capitals, folded next.
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    stripped = "".join(
        " " if unicodedata.category(c) in _NOT_TEXT else c
        for c in unicodedata.normalize("NFKD", decomposed)
        if not unicodedata.combining(c)
    )
    # Letters that do not decompose into a base letter plus an accent.
    return " ".join(stripped.translate(_FOLD).split())


# Control characters and lone surrogates separate words: a NUL would end the text early inside
# SQLite and is refused by PostgreSQL, and a lone surrogate cannot be encoded at all.
_NOT_TEXT = frozenset({"Cc", "Cs"})
_FOLD = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})
