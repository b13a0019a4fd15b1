"""The support-services directory: matching, the confidential-address rule, the CSV format."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import paths
from app.domain.case import ServiceKind
from app.domain.directory import (
    CSV_HEADER,
    FORMULA_STARTS,
    NEED_KINDS,
    ServiceEntry,
    address_for_victim,
    matches,
    parse_csv,
    split_list,
    tidy,
    to_csv,
    validate_entry,
)
from app.domain.protocol import load_pack
from app.domain.validation import Issue
from app.i18n.issues import describe

HEADER = ",".join(CSV_HEADER)
GOOD_ROW = (
    "safe-house,Safe House,shelter,pt;ar,all,Lisbon,Rua X 1,yes,+351 21 000 1800,"
    "intake@example.org,24 hours,Intake line only,yes"
)
SHELTER = ServiceEntry(
    code="safe-house",
    name="Safe House",
    kind=ServiceKind.SHELTER,
    languages=("pt", "ar"),
    groups_served=("all",),
    area="Lisbon",
    address="Rua X 1",
    address_confidential=True,
    phone="+351 21 000 1800",
    email="intake@example.org",
    opening_hours="24 hours",
    notes="Intake line only",
)
LGBTI_LINE = ServiceEntry(
    code="lgbti-line",
    name="LGBTI Support Line",
    kind=ServiceKind.VICTIM_SUPPORT,
    languages=("pt", "en"),
    groups_served=("anti_lgbti",),
    address="Rua dos Fanqueiros 38",
)
LGBTI_ROW = to_csv([LGBTI_LINE]).splitlines()[1]


def csv_text(*rows: str) -> str:
    return "\r\n".join([HEADER, *rows]) + "\r\n"


def line_issues(text: str) -> list[tuple[str, str]]:
    entries, issues = parse_csv(text)
    assert entries == []  # any problem: nothing to import
    return [(issue.field, issue.code) for issue in issues]


# ------------------------------------------------------------------- the confidential address


def test_a_confidential_address_is_never_given_for_the_victim() -> None:
    assert address_for_victim(SHELTER) == ""
    assert SHELTER.address == "Rua X 1"  # staff still see it
    assert address_for_victim(LGBTI_LINE) == "Rua dos Fanqueiros 38"


# ------------------------------------------------------------------------------ needs, matching


def test_every_need_of_the_baseline_pack_has_kinds_of_service() -> None:
    pack = load_pack(paths.protocols() / "eu-baseline.toml")
    assert set(NEED_KINDS) == set(pack.ids("needs"))
    assert all(NEED_KINDS.values())
    covered = {kind for kinds in NEED_KINDS.values() for kind in kinds}
    assert covered == set(ServiceKind)  # every kind of service meets some need


def test_matches_by_need() -> None:
    assert matches(SHELTER, need="housing")
    assert matches(SHELTER, need="safety")
    assert not matches(SHELTER, need="legal")
    assert matches(LGBTI_LINE, need="legal")  # generic victim support takes legal questions on
    assert not matches(LGBTI_LINE, need="medical")
    # A need an overlay pack adds and the table does not know: generic victim support.
    assert matches(LGBTI_LINE, need="pet_care")
    assert not matches(SHELTER, need="pet_care")


def test_matches_by_language_and_group() -> None:
    assert matches(SHELTER, language="ar")
    assert not matches(LGBTI_LINE, language="ar")
    assert matches(LGBTI_LINE, group="anti_lgbti")
    assert not matches(LGBTI_LINE, group="anti_roma")
    assert matches(SHELTER, group="anti_roma")  # serves "all"
    assert matches(SHELTER)  # no filter: everything
    assert matches(SHELTER, need="housing", language="pt", group="antisemitic")
    assert not matches(SHELTER, need="housing", language="en", group="antisemitic")


# ------------------------------------------------------------------------------ entry checks


def test_a_good_entry_has_no_issues() -> None:
    assert validate_entry(SHELTER) == []
    assert validate_entry(SHELTER, known_groups={"anti_lgbti"}) == []  # "all" is always known


def test_entry_checks_name_each_column() -> None:
    bad = replace(
        SHELTER,
        code="Safe House",
        name="",
        languages=("pt", "PT", "por"),
        groups_served=("anti-lgbti",),
        email="intake.example.org",
    )
    assert [(i.code, i.field) for i in validate_entry(bad)] == [
        ("bad_service_code", "code"),
        ("required", "name"),
        ("bad_language_code", "languages"),
        ("bad_language_code", "languages"),
        ("bad_group_id", "groups_served"),
        ("bad_email", "email"),
    ]
    assert validate_entry(replace(SHELTER, code=""))[0] == Issue("required", "code", {})
    assert validate_entry(replace(SHELTER, code="a"))[0].code == "bad_service_code"
    assert validate_entry(replace(SHELTER, code="a" * 65))[0].code == "bad_service_code"
    assert validate_entry(replace(SHELTER, code="a" * 64)) == []
    assert validate_entry(replace(SHELTER, email="")) == []  # email is optional


def test_groups_are_checked_against_the_known_motives_when_given() -> None:
    entry = replace(SHELTER, groups_served=("anti_lgbti", "lgbti"))
    (issue,) = validate_entry(entry, known_groups={"anti_lgbti", "anti_roma"})
    assert issue == Issue(
        "unknown_group",
        "groups_served",
        {"value": "lgbti", "allowed": "all, anti_lgbti, anti_roma, children"},
    )


def test_tidy_and_split_list_drop_blanks() -> None:
    assert split_list(" pt; en ,ar;; ") == ("pt", "en", "ar")
    messy = replace(SHELTER, code=" safe-house ", name=" Safe House\n", languages=(" pt", ""))
    assert tidy(messy) == replace(SHELTER, languages=("pt",))


# ------------------------------------------------------------------------------------ CSV


def test_a_good_file_parses() -> None:
    entries, issues = parse_csv(csv_text(GOOD_ROW))
    assert issues == []
    assert entries == [SHELTER]


def test_the_header_line_is_required_and_exact() -> None:
    expected = Issue("bad_csv_header", "line 1", {"expected": HEADER})
    assert parse_csv("") == ([], [expected])
    assert parse_csv(GOOD_ROW + "\r\n") == ([], [expected])  # no header: one issue, not one a row
    swapped = HEADER.replace("code,name", "name,code")
    assert parse_csv(f"{swapped}\r\n{GOOD_ROW}\r\n") == ([], [expected])
    # A byte-order mark (spreadsheets write one) and blanks around names are fine.
    assert parse_csv("\ufeff" + HEADER.replace(",", " , ") + "\n" + GOOD_ROW)[0] == [SHELTER]


def test_each_bad_cell_is_named_by_its_line_and_column() -> None:
    text = csv_text(
        GOOD_ROW,
        "Bad Code,,counselling,pt;Portuguese,anti-lgbti,,,maybe,,no-at-sign,,,perhaps",
        "",  # a blank line still counts
        "ok-code,Name,,,,,,,,,,,",
    )
    assert line_issues(text) == [
        ("line 3: code", "bad_service_code"),
        ("line 3: name", "required"),
        ("line 3: kind", "not_one_of"),
        ("line 3: languages", "bad_language_code"),
        ("line 3: groups_served", "bad_group_id"),
        ("line 3: address_confidential", "expected_yes_no"),
        ("line 3: email", "bad_email"),
        ("line 3: active", "expected_yes_no"),
        ("line 5: kind", "required"),
    ]


def test_issues_read_as_lines_for_an_administrator() -> None:
    _entries, issues = parse_csv(csv_text(GOOD_ROW.replace(",shelter,", ",counselling,")))
    assert [describe(i) for i in issues] == [
        "line 2: kind: must be one of: victim_support, legal_aid, psychological, medical,"
        " shelter, interpreter, equality_body, community_organisation, child_support"
    ]


def test_line_numbers_count_lines_inside_quoted_cells() -> None:
    multi_line = GOOD_ROW.replace(
        "Intake line only", '"Intake line only.\nNever give the address."'
    )
    text = csv_text(multi_line, LGBTI_ROW.replace(",victim_support,", ",bogus,"))
    assert line_issues(text) == [("line 4: kind", "not_one_of")]


def test_duplicate_codes_name_the_first_line() -> None:
    text = csv_text(GOOD_ROW, LGBTI_ROW, GOOD_ROW)
    _entries, issues = parse_csv(text)
    assert issues == [
        Issue("duplicate_service_code", "line 4: code", {"value": "safe-house", "first_line": 2})
    ]


def test_a_row_with_the_wrong_number_of_columns() -> None:
    _entries, issues = parse_csv(csv_text(GOOD_ROW + ",extra", "a,b"))
    assert issues == [
        Issue("csv_column_count", "line 2", {"found": 14, "expected": 13}),
        Issue("csv_column_count", "line 3", {"found": 2, "expected": 13}),
    ]


def test_unknown_groups_are_refused_when_the_motives_are_known() -> None:
    _entries, issues = parse_csv(csv_text(LGBTI_ROW), known_groups={"anti_roma"})
    assert [(i.field, i.code, i.params["value"]) for i in issues] == [
        ("line 2: groups_served", "unknown_group", "anti_lgbti")
    ]


def test_booleans_default_when_empty_and_ignore_case() -> None:
    (entry,) = parse_csv(csv_text("a-b,Name,medical,,,,,,,,,,"))[0]
    assert (entry.address_confidential, entry.active) == (False, True)
    (entry,) = parse_csv(csv_text("a-b,Name,medical,,,,,YES,,,,,No"))[0]
    assert (entry.address_confidential, entry.active) == (True, False)


def test_an_unreadable_cell_is_an_issue_not_a_crash() -> None:
    huge = '"' + "x" * 200_000 + '"'
    _entries, issues = parse_csv(csv_text(GOOD_ROW, f"a-b,{huge},medical,,,,,,,,,,"))
    assert [(i.field, i.code) for i in issues] == [("line 3", "unreadable_csv")]


def test_the_sample_directory_parses_and_covers_every_kind() -> None:
    pack = load_pack(paths.protocols() / "eu-baseline.toml")
    text = (paths.resources() / "services" / "lisbon-demo.csv").read_text(encoding="utf-8")
    entries, issues = parse_csv(text, known_groups={*pack.ids("motives"), "all"})
    assert issues == []
    assert len(entries) >= 14
    assert {e.kind for e in entries} == set(ServiceKind)
    languages = {language for e in entries for language in e.languages}
    assert languages >= {"pt", "en", "es", "fr", "ar", "uk", "ru", "ro", "bn", "hi", "ne", "zh"}
    served = {group for e in entries for group in e.groups_served}
    assert served >= set(pack.ids("motives")) - {"unknown"}
    assert any(e.kind is ServiceKind.SHELTER and e.address_confidential for e in entries)
    assert all(e.opening_hours for e in entries if e.active)


# -------------------------------------------------------------------------------- round trip

PLAIN_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30
)
# Text that a spreadsheet would take for a formula, or that starts with the ' an export adds.
FORMULA_LIKE = st.tuples(
    st.sampled_from(["=", "+", "-", "@", "'", "''", "'=", "'+", "'a", "=HYPERLINK(", "\t", "\r"]),
    PLAIN_TEXT,
).map("".join)
TEXT = st.one_of(PLAIN_TEXT, FORMULA_LIKE).map(str.strip)
CODES = st.from_regex(r"\A[a-z0-9][a-z0-9-]{1,20}\Z")
ENTRIES = st.builds(
    ServiceEntry,
    code=CODES,
    name=TEXT.filter(bool),
    kind=st.sampled_from(ServiceKind),
    languages=st.lists(
        st.sampled_from(["pt", "en", "ro", "rom", "fse", "ase", "ar", "bg", "fi"]), max_size=4
    ).map(tuple),
    groups_served=st.lists(st.from_regex(r"\A[a-z][a-z0-9_]{0,15}\Z"), max_size=3).map(tuple),
    area=TEXT,
    address=TEXT,
    address_confidential=st.booleans(),
    phone=TEXT,
    email=st.one_of(st.just(""), st.emails()),
    opening_hours=TEXT,
    notes=TEXT,
    active=st.booleans(),
)


@given(st.lists(ENTRIES, max_size=5, unique_by=lambda e: e.code))
def test_to_csv_and_parse_csv_round_trip(entries: list[ServiceEntry]) -> None:
    text = to_csv(entries)
    assert parse_csv(text) == (entries, [])
    assert to_csv(parse_csv(text)[0]) == text


@given(st.lists(ENTRIES, max_size=5, unique_by=lambda e: e.code))
def test_no_exported_cell_starts_a_formula(entries: list[ServiceEntry]) -> None:
    for row in csv.reader(io.StringIO(to_csv(entries), newline="")):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_a_formula_is_exported_as_text_and_read_back_as_it_was() -> None:
    entry = replace(
        LGBTI_LINE, name="=HYPERLINK(\"http://x.example\")", phone="+351 21 000 1300",
        area="-", notes="@admin", opening_hours="'quoted'",
    )  # fmt: skip
    [_header, row] = list(csv.reader(io.StringIO(to_csv([entry]), newline="")))
    cells = dict(zip(CSV_HEADER, row, strict=True))
    assert (cells["name"], cells["phone"], cells["area"], cells["notes"]) == (
        "'=HYPERLINK(\"http://x.example\")", "'+351 21 000 1300", "'-", "'@admin"
    )  # fmt: skip
    assert cells["opening_hours"] == "''quoted'"
    assert parse_csv(to_csv([entry])) == ([entry], [])


def test_a_quote_typed_in_a_spreadsheet_is_kept_unless_it_marks_a_formula_as_text() -> None:
    line = "code-x,'Name,victim_support,,,'+351,,,'+351 21,,'Mon,,"
    [entry], issues = parse_csv(HEADER + "\n" + line + "\n")
    assert issues == []
    assert (entry.name, entry.area, entry.phone, entry.opening_hours) == (
        "'Name", "+351", "+351 21", "'Mon"
    )  # fmt: skip


@pytest.mark.parametrize("entry", [SHELTER, LGBTI_LINE])
def test_the_written_file_starts_with_the_documented_header(entry: ServiceEntry) -> None:
    lines = to_csv([entry]).split("\r\n")
    assert lines[0] == HEADER
    assert lines[-1] == ""  # ends with a line break


# ------------------------------------------------------------------------------ documentation

DOC = Path(__file__).resolve().parents[2] / "docs" / "service-directory.md"


def test_the_documentation_names_every_column_in_order_and_its_example_parses() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert HEADER in text
    assert tuple(re.findall(r"^\| `(\w+)` \|", text, re.MULTILINE)) == CSV_HEADER
    example = re.search(r"```csv\n(.*?)```", text, re.DOTALL)
    assert example is not None
    entries, issues = parse_csv(example.group(1))
    assert issues == []
    assert [e.code for e in entries] == [
        "victim-support-lisbon",
        "safe-house-east",
        "lgbti-helpline",
    ]
    assert address_for_victim(entries[1]) == ""
    # The example file's rows: the quoted two-line notes put the third service on line 5.
    broken = example.group(1).replace(",anti_lgbti,", ",anti-lgbti,")
    assert [i.field for i in parse_csv(broken)[1]] == ["line 5: groups_served"]
