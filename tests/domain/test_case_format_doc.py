"""docs/case-format.md documents every field of the case file format: names, types, defaults.

After changing the format: `python -m tests.domain.test_case_format_doc` rewrites the tables.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from datetime import date, datetime
from pathlib import Path

from app.domain import case as d
from app.domain.exchange import CaseDocument, StationInfo, UserInfo

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"
FIRST_TABLE = "### CaseDocument"
PARTS = [
    CaseDocument, StationInfo, UserInfo, d.CaseRecord, d.Person, d.IndicatorObservation,
    d.SpokenLanguage, d.Perception, d.RightsInformation, d.StepRecord, d.NeedsAssessment,
    d.Consent, d.Referral, d.ReferralStep, d.CoordinationEvent, d.Attachment, d.Review,
    d.SectionComment, d.FieldChange, d.FollowUp, d.Outcome, d.CaseLink,
]  # fmt: skip
SIMPLE = {str: "text", int: "integer", bool: "true/false", datetime: "date-time", date: "date"}


def type_name(tp: typing.Any) -> str:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return f"{type_name(inner)} or null"
    if typing.get_origin(tp) is tuple:
        return f"list of {type_name(typing.get_args(tp)[0])}"
    if dataclasses.is_dataclass(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        return "one of " + ", ".join(f"`{member.value}`" for member in tp)
    return SIMPLE.get(tp, "base64" if tp is bytes else str(tp))


def default_text(field: dataclasses.Field[typing.Any]) -> str:
    if field.default is dataclasses.MISSING:
        return "required"
    value = field.default
    if value is None:
        return "`null`"
    if value == "":
        return '`""`'
    if value == ():
        return "`[]`"
    return f"`{str(getattr(value, 'value', value)).lower()}`"


def field_tables() -> str:
    sections = []
    for part in PARTS:
        hints = typing.get_type_hints(part)
        rows = [
            f"| `{f.name}` | {type_name(hints[f.name])} | {default_text(f)} |"
            for f in dataclasses.fields(part)
        ]
        table = "\n".join(["| field | type | default |", "|---|---|---|", *rows])
        sections.append(f"### {part.__name__}\n\n{table}\n")
    return "\n".join(sections)


def test_every_link_of_the_tables_has_its_table() -> None:
    tables = field_tables()
    linked = set(re.findall(r"\]\(#([a-z]+)\)", tables))
    titled = {title.lower() for title in re.findall(r"^### (\w+)$", tables, flags=re.M)}
    assert linked <= titled, sorted(linked - titled)


def test_the_field_tables_match_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text[text.index(FIRST_TABLE) :] == field_tables(), (
        "docs/case-format.md is out of date: run python -m tests.domain.test_case_format_doc"
    )


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(text[: text.index(FIRST_TABLE)] + field_tables(), encoding="utf-8")
