"""Which typed text is a date, or a date and time, in a screen language's format."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n.typed_dates import Refusal, parse_typed

# The screen languages' short formats as Qt gives them, with the four-digit year
# (app/ui/language.py), and their words for a.m. and p.m.
FORMATS = {
    "en": ("M/d/yyyy", "M/d/yyyy h:mm\u202fAp", "AM", "PM"),
    "es": ("d/M/yyyy", "d/M/yyyy H:mm", "a. m.", "p. m."),
    "pt": ("dd/MM/yyyy", "dd/MM/yyyy HH:mm", "AM", "PM"),
    "fi": ("d.M.yyyy", "d.M.yyyy H.mm", "ap.", "ip."),
    "lv": ("dd.MM.yyyy", "dd.MM.yyyy HH:mm", "priekšpusdienā", "pēcpusdienā"),
    "et": ("dd.MM.yyyy", "dd.MM.yyyy HH:mm", "AM", "PM"),
    "bg": ("d.MM.yyyy\u202f'г'.", "d.MM.yyyy\u202f'г'. H:mm", "пр.об.", "сл.об."),
    "it": ("dd/MM/yyyy", "dd/MM/yyyy HH:mm", "AM", "PM"),
}
EVERY_FORMAT = [(fmt, am, pm) for d, dt, am, pm in FORMATS.values() for fmt in (d, dt)]
PART = re.compile(r"'([^']*)'|d+|M+|yyyy|H+|h+|mm|Ap|.", re.DOTALL)


def written(moment: datetime, fmt: str, am: str, pm: str) -> str:
    """`moment` as the format writes it (what Qt shows, and the officer types)."""

    def part(match: re.Match[str]) -> str:
        token = match.group(0)
        width = 2 if len(token) == 2 else 1
        hour12 = moment.hour % 12 or 12
        numbers = {"d": moment.day, "M": moment.month, "H": moment.hour, "h": hour12}
        if match.group(1) is not None:
            return match.group(1)
        if token[0] in numbers:
            return f"{numbers[token[0]]:0{width}d}"
        if token == "yyyy":
            return f"{moment.year:04d}"
        if token == "mm":
            return f"{moment.minute:02d}"
        if token == "Ap":
            return am if moment.hour < 12 else pm
        return token

    return PART.sub(part, fmt)


def test_the_issue_s_examples() -> None:
    assert parse_typed("3/15/12", "M/d/yyyy") is Refusal.TWO_DIGIT_YEAR  # was 2015, silently
    assert parse_typed("Not recorded3152012", "M/d/yyyy") is Refusal.NOT_A_DATE
    assert parse_typed("3/15/2012", "M/d/yyyy") == date(2012, 3, 15)
    assert parse_typed("21.10.2026 14.35", "d.M.yyyy H.mm") == datetime(2026, 10, 21, 14, 35)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),  # not recorded
        ("   ", None),
        ("21/10/2026 14:35", datetime(2026, 10, 21, 14, 35)),  # any separators
        ("21 10 2026 14 35", datetime(2026, 10, 21, 14, 35)),
        ("21.10.26 14.35", Refusal.TWO_DIGIT_YEAR),  # also in a date and time
        ("21.10.26", Refusal.TWO_DIGIT_YEAR),  # the time not typed yet: the year is the problem
        ("21.10.2026", Refusal.NOT_A_DATE),  # the time is missing: not midnight
        ("21.10.02026 14.35", Refusal.NOT_A_DATE),
        ("31.2.2026 14.35", Refusal.NOT_A_DATE),
        ("21.10.2026 24.00", Refusal.NOT_A_DATE),
        ("21102026 1435", Refusal.NOT_A_DATE),
        ("21.10.2026 14.35 ip.", Refusal.NOT_A_DATE),  # no a.m./p.m. in a 24-hour format
    ],
)
def test_finnish_date_and_time(text: str, expected: object) -> None:
    assert parse_typed(text, "d.M.yyyy H.mm", "ap.", "ip.") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/15/2012 2:35\u202fPM", datetime(2012, 3, 15, 14, 35)),
        ("3/15/2012 2:35 pm", datetime(2012, 3, 15, 14, 35)),
        ("3/15/2012 12:05 AM", datetime(2012, 3, 15, 0, 5)),
        ("3/15/2012 14:35", datetime(2012, 3, 15, 14, 35)),  # 24-hour, shown back as 2:35 PM
        ("3/15/2012 13:35 PM", Refusal.NOT_A_DATE),
        ("3/15/2012 2:35 XM", Refusal.NOT_A_DATE),
    ],
)
def test_english_twelve_hours(text: str, expected: object) -> None:
    assert parse_typed(text, "M/d/yyyy h:mm\u202fAp") == expected


def test_bulgarian_year_word_and_spanish_a_m() -> None:
    bg = "d.MM.yyyy\u202f'г'. H:mm"
    assert parse_typed("21.10.2026 г. 14:35", bg) == datetime(2026, 10, 21, 14, 35)
    assert parse_typed("21.10.2026 14:35", bg) == datetime(2026, 10, 21, 14, 35)
    assert parse_typed("5/3/2026 9:30 p. m.", "d/M/yyyy h:mm a", "a. m.", "p. m.") == datetime(
        2026, 3, 5, 21, 30
    )


@given(
    moment=st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)),
    which=st.sampled_from(EVERY_FORMAT),
)
def test_what_a_format_writes_reads_back(moment: datetime, which: tuple[str, str, str]) -> None:
    fmt, am, pm = which
    moment = moment.replace(second=0, microsecond=0)
    expected = moment if "m" in fmt else moment.date()
    assert parse_typed(written(moment, fmt, am, pm), fmt, am, pm) == expected


TYPED = st.one_of(
    st.text(),
    st.lists(
        st.one_of(
            st.from_regex(r"\d{1,6}", fullmatch=True),
            st.sampled_from([".", "/", ":", " ", "\u202f", "-", "г.", "AM", "pm", "ip.", "x"]),
            st.text(max_size=3),
        ),
        max_size=14,
    ).map("".join),
)


@given(text=TYPED, which=st.sampled_from(EVERY_FORMAT))
def test_garbage_is_a_date_or_a_refusal(text: str, which: tuple[str, str, str]) -> None:
    fmt, am, pm = which
    parsed = parse_typed(text, fmt, am, pm)
    if not text.strip():
        assert parsed is None
        return
    assert isinstance(parsed, date | Refusal)
    if isinstance(parsed, date):
        assert isinstance(parsed, datetime) == ("m" in fmt)
        # Never a guessed century: the year was typed with four digits.
        assert parsed.year in [int(run) for run in re.findall(r"\d+", text) if len(run) == 4]
