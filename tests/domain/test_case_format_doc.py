"""docs/case-format.md documents every field of the case file format, and nothing else."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from app.domain import case as d
from app.domain.exchange import CaseDocument, StationInfo, UserInfo

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"
PARTS = [
    CaseDocument, StationInfo, UserInfo, d.CaseRecord, d.Person, d.IndicatorObservation,
    d.Perception, d.RightsInformation, d.NeedsAssessment, d.Consent, d.Referral,
    d.CoordinationEvent, d.Attachment, d.Review, d.FollowUp,
]  # fmt: skip


def documented_fields() -> dict[str, list[str]]:
    sections = re.split(r"^### ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    return {
        section.split("\n", 1)[0].strip(): re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)
        for section in sections
    }


def test_every_part_and_field_is_documented_in_order() -> None:
    documented = documented_fields()
    assert list(documented) == [part.__name__ for part in PARTS]
    for part in PARTS:
        assert documented[part.__name__] == [f.name for f in dataclasses.fields(part)], part
