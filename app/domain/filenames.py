"""The name a case keeps for an attached file.

A name comes from outside (the officer's disk, an imported case file) and is shown on screens, in
the prosecutor's report, and may one day name a file written to disk. So it is reduced to a safe
base name: no folder, no control or invisible formatting characters (the right-to-left override
U+202E makes "photo<U+202E>gpj.exe" show as "photoexe.jpg"), nothing Windows forbids, and bounded
in length.
"""

from __future__ import annotations

import re
import unicodedata

MAX_FILENAME = 120  # characters, the extension included
MAX_EXTENSION = 16  # a longer "extension" is part of the name
FALLBACK = "file"
# Cc: control characters (NUL, tab, escape); Cf: format characters, the bidi overrides and
# isolates (U+202A-U+202E, U+2066-U+2069), the marks U+200E/U+200F, zero-width ones; Cs: lone
# surrogates, from a name that was not valid UTF-8 on disk.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
WINDOWS_FORBIDDEN = frozenset('<>:"|?*')
SEPARATORS = re.compile(r"[/\\]")


def _safe_character(character: str) -> str:
    if character.isspace():  # a tab or a line break becomes a blank, not nothing
        return " "
    if unicodedata.category(character) in UNSAFE_CATEGORIES:
        return ""
    return "_" if character in WINDOWS_FORBIDDEN else character


def safe_filename(name: str) -> str:
    """The base name of `name` (after the last / or \\), without unsafe characters and without
    blanks or dots at either end, cut to MAX_FILENAME characters keeping its extension; never
    empty, "." or "..": "file" when nothing is left."""
    base = SEPARATORS.split(name)[-1]
    kept = "".join(_safe_character(c) for c in base).strip(" .")
    stem, dot, extension = kept.rpartition(".")
    if not dot or not stem or len(extension) > MAX_EXTENSION:
        stem, extension = kept, ""
    else:
        extension = "." + extension
    stem = stem[: MAX_FILENAME - len(extension)].rstrip(" .")
    return (stem or FALLBACK) + extension
