"""A station's rules: the contacts a victim's printout needs, and each field's validation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.stations import StationDetails, missing_contacts, tidy, validate_station

LANGUAGES = ("en", "pt", "fi")
PACKS = ("eu-baseline", "es-2020")
GOOD = StationDetails(
    code="LIS-01", name="Lisbon Centre", address="Rua da Prata 120", phone="+351 21 000 0101",
    email="lis-01@police.example", opening_hours="24/7", language="pt", country="PT",
)  # fmt: skip


def issues(station: StationDetails) -> list[tuple[str, str]]:
    found = validate_station(station, languages=LANGUAGES, packs=PACKS)
    return [(issue.field, issue.code) for issue in found]


def test_a_complete_station_has_no_issue_and_lacks_nothing() -> None:
    assert issues(GOOD) == []
    assert missing_contacts(GOOD) == ()


@pytest.mark.parametrize(
    ("address", "phone", "missing"),
    [("", "", ("address", "phone")), ("Rua 1", " ", ("phone",)), ("", "+351", ("address",))],
)
def test_a_victims_printout_needs_the_address_and_the_phone(
    address: str, phone: str, missing: tuple[str, ...]
) -> None:
    station = StationDetails("LIS-01", "Lisbon", address=address, phone=phone, email="a@b.pt")
    assert missing_contacts(station) == missing


def test_e_mail_and_hours_are_not_needed_to_print() -> None:
    station = StationDetails("LIS-01", "Lisbon", address="Rua 1", phone="+351")
    assert missing_contacts(station) == ()
    assert issues(station) == []  # and a station may be kept without its contacts, flagged


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"code": "lisbon"}, [("code", "bad_station_code")]),
        ({"name": "  "}, [("name", "required")]),
        ({"name": "x" * 201}, [("name", "too_long")]),
        ({"address": "Rua\x00"}, [("address", "bad_character")]),
        ({"email": "lis-01"}, [("email", "bad_email_shape")]),
        ({"email": "lis 01@police.example"}, [("email", "bad_email_shape")]),
        ({"email": "lis-01@police"}, [("email", "bad_email_shape")]),
        ({"language": "zz"}, [("language", "not_one_of")]),
        ({"language": "PT"}, [("language", "not_one_of")]),
        ({"protocol_pack": "fr-2030"}, [("protocol_pack", "not_one_of")]),
        ({"country": "XX"}, [("country", "unknown_country")]),
        ({"country": "PRT"}, [("country", "unknown_country")]),  # two letters, as the column
        ({"country": "pt"}, [("country", "unknown_country")]),  # tidy() makes it PT
        ({"email": "", "language": "", "country": "", "opening_hours": ""}, []),
    ],
)
def test_each_field_is_validated(change: dict[str, str], expected: list[tuple[str, str]]) -> None:
    assert issues(replace(GOOD, **change)) == expected


def test_tidy_trims_and_capitalises_the_country() -> None:
    typed = StationDetails(" LIS-01 ", " Lisbon ", phone=" 21 ", country=" fi ")
    assert tidy(typed) == StationDetails("LIS-01", "Lisbon", phone="21", country="FI")
