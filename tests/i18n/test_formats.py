"""Formats that must read the same on the screens and on the printouts."""

from __future__ import annotations

import gettext

import pytest


@pytest.mark.parametrize("code", ["en", "fi", "bg", "ar"])
def test_a_file_size_reads_the_same_on_the_screens_and_the_printouts(code: str) -> None:
    from app.documents.text import Words  # noqa: PLC0415
    from app.i18n import format_size  # noqa: PLC0415

    words = Words(gettext.NullTranslations(), code)
    for size in (830, 2008, 3_500_000):
        assert words.size(size) == format_size(size, code)
    assert format_size(2008, "en") == "2 kB"
    assert format_size(3_500_000, "fi") == "3,3 Mt"
