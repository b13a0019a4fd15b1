"""The pseudo-language `en-XA`, for testing layouts: every screen text comes out longer (by at
least 40 %), with accented letters and visible start and end marks, e.g. "&Search…" becomes
"⟦&Séàŕçĥ… ~~~~⟧". A text cut off on screen loses its end mark; a text without the marks never
went through gettext.

What the program needs from a text stays as it is: `{placeholders}` and `%s`-style ones, so the
text still formats with the same names, and the `&` shortcut with its (unaccented) letter, so
Alt+letter still works.
"""

from __future__ import annotations

import gettext
import math
import re
from functools import lru_cache

PSEUDO_LANGUAGE = "en-XA"
START, END = "⟦", "⟧"
PAD = "~"
GROWTH = 0.4  # at least 40 % longer than the English text

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçďéƒĝĥîĵķļḿñöþǫŕšţüṽŵẋýžÀƁÇĎÉƑĜĤÎĴĶĻḾÑÖÞǪŔŠŢÜṼŴẊÝŽ",
)
# What must come through unchanged: str.format fields and escaped braces, printf-style
# conversions (also Qt's %1 and %n), and "&" with the character after it (a shortcut, or "&&").
KEEP = re.compile(
    r"\{\{|\}\}|\{[^{}]*\}"
    r"|%(?:\([A-Za-z_]\w*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGcaon%]|%\d+"
    r"|&.",
    re.DOTALL,
)


def is_pseudo(code: str) -> bool:
    """Whether a language code names the pseudo-language ("en-XA", "en_XA", any case)."""
    return code.replace("_", "-").casefold() == PSEUDO_LANGUAGE.casefold()


@lru_cache(maxsize=8192)
def pseudo(text: str) -> str:
    """`text` in the pseudo-language ("" stays "")."""
    if not text:
        return text
    parts: list[str] = []
    last = 0
    for kept in KEEP.finditer(text):
        parts.append(text[last : kept.start()].translate(ACCENTED))
        parts.append(kept.group())
        last = kept.end()
    parts.append(text[last:].translate(ACCENTED))
    padding = PAD * max(1, math.ceil(len(text) * GROWTH))
    return f"{START}{''.join(parts)} {padding}{END}"


class PseudoTranslations(gettext.NullTranslations):
    """The pseudo-language as a gettext catalog: the English text, made pseudo."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
