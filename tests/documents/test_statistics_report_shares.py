"""The report's shares: whole percent in the document language; a count too small to reach half a
percent is "<1 %", never "0 %" beside a count that is not zero."""

from __future__ import annotations

from app.documents import document_translations
from app.documents.statistics_report import share
from app.documents.text import Words


def test_shares() -> None:
    english, finnish = (
        Words(document_translations("en"), "en"),
        Words(document_translations("fi"), "fi"),
    )
    assert share(english, 2, 497) == "<1%"
    assert share(finnish, 2, 497) == "<1\xa0%"
    assert share(english, 0, 497) == "0%"
    assert share(english, 3, 497) == "1%"
    assert share(english, 497, 497) == "100%"
    assert share(english, 0, 0) == ""
