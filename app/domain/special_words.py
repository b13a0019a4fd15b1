"""Free text that may reveal special categories of personal data (LED Art. 10, GDPR Art. 9).

Printouts say they hold none: the special-category fields are never printed on them, but an
officer may have typed "the victim, a Muslim woman" into the account. Before such a printout, the
texts it prints are searched for the words the protocol pack lists for the document language and
the officer's languages (word beginnings, any case and accents), and the officer confirms or
edits. A prompt, not a guarantee: a word the list lacks, or said another way, is not found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.case import CaseRecord
from app.domain.protocol import ProtocolPack

_WORD = re.compile(r"\w+")
# Arabic writes "and" (و, ف), "with", "as", "for" (ب, ك, ل) and the article (ال) onto the word:
# "والمسلمين" is "and the Muslims". Lists hold the bare word, so a word is also tried without them.
_ARABIC_PREFIX = re.compile(r"^[وف]?(?:[بكل]?ال|لل)?")


@dataclass(frozen=True)
class WordMatch:
    """A word found in a free text: the field's path in the record and the word as typed."""

    field: str
    word: str


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_to_check(
    pack: ProtocolPack, *, document: str, station: str, screen: str
) -> tuple[str, ...]:
    """The pack's words a printout's typed texts are checked for: those of the document language
    and of the languages the officer typed them in, which are often others (a Bulgarian officer
    prints an Arabic leaflet): the station's official language and the screen language. Regions
    are dropped ("pt-BR" is "pt"), unrecorded ("") languages left out, each word given once."""
    codes = (code.split("-")[0].strip().lower() for code in (document, station, screen))
    languages = dict.fromkeys(code for code in codes if code)
    return tuple(dict.fromkeys(word for code in languages for word in pack.words_for(code)))


def special_category_matches(
    texts: Iterable[tuple[str, str]], words: Iterable[str]
) -> list[WordMatch]:
    """Each (field, text) searched for words starting with one of `words` (ignoring case and
    accents); one match per field and word as typed, in the order found."""
    stems = tuple(s for s in (_folded(w.strip()) for w in words) if s)
    if not stems:
        return []
    found: dict[WordMatch, None] = {}
    for field, text in texts:
        for token in _WORD.findall(text):
            folded = _folded(token)
            if folded.startswith(stems) or _ARABIC_PREFIX.sub("", folded).startswith(stems):
                found[WordMatch(field, token)] = None
    return list(found)


def prosecutor_texts(record: CaseRecord) -> list[tuple[str, str]]:
    """The free texts the report to the prosecutor prints, by their path in the record."""
    texts = [
        (name, getattr(record, name))
        for name in (
            "narrative", "verbatim_words", "evidence_notes", "injuries_note", "medical_note",
            "delay_plan", "officer_assessment", "classification_reason", "community_impact",
        )
    ]  # fmt: skip
    texts += [(f"persons[{i}].description", p.description) for i, p in enumerate(record.persons)]
    texts += [(f"perceptions[{i}].text", p.text) for i, p in enumerate(record.perceptions)]
    texts += [(f"indicators[{i}].note", o.note) for i, o in enumerate(record.indicators)]
    texts += [
        (f"assessments[{i}].victim_wishes", a.victim_wishes)
        for i, a in enumerate(record.assessments)
    ]
    texts += [
        (f"attachments[{i}].description", a.description) for i, a in enumerate(record.attachments)
    ]
    return [(field, text) for field, text in texts if text.strip()]
