"""Text helpers that must behave the same wherever they run."""

from __future__ import annotations

import unicodedata

from app.domain.validation import Issue


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


def decode_utf8(data: bytes) -> tuple[str | None, list[Issue]]:
    """A file's bytes as text (a byte-order mark is dropped); a byte that is not UTF-8 is
    reported by its line, like any other problem of the file."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Issue("not_utf8", f"line {line}", {})]


# Quotation marks of the languages the program prints, opening and closing.
_QUOTES = "\"'“”„‟«»‹›‘’‚‛「」"


def unquoted(text: str) -> str:
    """Words typed with their own quotation marks, without them: a printout adds its language's
    marks, and must not print them twice ("«“…”»")."""
    stripped = text.strip()
    while len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        stripped = stripped[1:-1].strip()
    return stripped
