"""What text an officer may type as a date, or a date and time, in the screen language's format.

The format is Qt's (`QLocale.dateFormat`/`dateTimeFormat` with a four-digit year, see
app/ui/language.py); only the order of its parts and its literal words matter. The typed text
holds the parts in that order, as numbers, with any separators between them ("21.10.2026 14.35",
"21/10/2026 14:35" and "21 10 2026 14 35" are one moment in Finnish). The year has four digits:
"3/15/12" could be 1912 or 2012, so it is refused, never guessed. A 12-hour format also takes
a 24-hour time; the field then shows it back in the language's format.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

# A Qt format is runs of one pattern letter, quoted literals ('' is a quote) and other text.
_FORMAT_PART = re.compile(r"'(?:[^']|'')*'|([dMyhHmszaApPt])\1*|[^'dMyhHmszaApPt]+")
_NUMERIC = {"d": "day", "M": "month", "y": "year", "h": "hour", "H": "hour", "m": "minute"}
_NUMERIC.update(s="second")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")


class Refusal(StrEnum):
    NOT_A_DATE = "not_a_date"
    TWO_DIGIT_YEAR = "two_digit_year"


def _letters(text: str) -> str:
    return "".join(_WORD.findall(text)).casefold()


def _parts(fmt: str) -> tuple[list[str], set[str], bool]:
    """The numeric parts of `fmt` in order, the letters of its literal words, whether it has
    a.m./p.m."""
    numeric: list[str] = []
    literals: set[str] = set()
    twelve_hours = False
    for match in _FORMAT_PART.finditer(fmt):
        part = match.group(0)
        if part[0] in _NUMERIC and len(part) <= (4 if part[0] == "y" else 2):
            numeric.append(_NUMERIC[part[0]])
        elif part[0] in "aA":
            twelve_hours = True
        elif part[0] == "'":
            literals.update(word.casefold() for word in _WORD.findall(part.replace("''", "'")))
        elif not part[0].isalpha():
            literals.update(word.casefold() for word in _WORD.findall(part))
    return numeric, literals, twelve_hours


def parse_typed(
    text: str, fmt: str, am: str = "AM", pm: str = "PM"
) -> date | datetime | Refusal | None:
    """`text` read in the format `fmt` (a date if `fmt` has no time, else a naive local date
    and time): None for blank text (not recorded), a Refusal for anything else that is not one
    moment written with a four-digit year. `am` and `pm` are the language's words for them."""
    if not text.strip():
        return None
    order, literals, twelve_hours = _parts(fmt)
    numbers = _NUMBER.findall(text)
    words = [word.casefold() for word in _WORD.findall(text) if word.casefold() not in literals]
    half = "".join(words)
    meridiem = {_letters(am): 0, "am": 0, _letters(pm): 12, "pm": 12} if twelve_hours else {}
    if (half and half not in meridiem) or len(numbers) != len(order) or not order:
        return Refusal.TWO_DIGIT_YEAR if _two_digit_year(numbers, order) else Refusal.NOT_A_DATE
    values: dict[str, int] = {}
    for name, digits in zip(order, numbers, strict=True):
        if name == "year":
            if len(digits) <= 2:
                return Refusal.TWO_DIGIT_YEAR
            if len(digits) != 4 or digits[0] == "0":
                return Refusal.NOT_A_DATE
        elif len(digits) > 2:
            return Refusal.NOT_A_DATE
        values[name] = int(digits)
    if "year" not in values or "month" not in values or "day" not in values:
        return Refusal.NOT_A_DATE
    hour = values.get("hour", 0)
    if half:
        if not 1 <= hour <= 12:
            return Refusal.NOT_A_DATE
        hour = hour % 12 + meridiem[half]
    try:
        day = date(values["year"], values["month"], values["day"])
        if "hour" not in values:
            return day
        minute, second = values.get("minute", 0), values.get("second", 0)
        return datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        return Refusal.NOT_A_DATE


def _two_digit_year(numbers: list[str], order: list[str]) -> bool:
    """Whether the date typed ends at a year of one or two digits ("3/15/12", "3/15/12 9:30")."""
    if "year" not in order:
        return False
    at = order.index("year")
    return len(numbers) > at > 0 and len(numbers[at]) <= 2
