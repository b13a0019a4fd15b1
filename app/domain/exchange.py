"""The case file format (docs/case-format.md): one case with its station and the users it names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.case import CaseRecord, Role
from app.domain.serialization import JsonValue, from_json, to_json
from app.domain.validation import Issue, validate_case_record

FORMAT = "proximity-desk-case"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class StationInfo:
    code: str
    name: str


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: Role
    badge_number: str = ""


@dataclass(frozen=True)
class CaseDocument:
    format: str
    format_version: int
    station: StationInfo
    users: tuple[UserInfo, ...]
    case: CaseRecord


def named_users(record: CaseRecord) -> set[str]:
    """Every user name the case mentions, which the document's users list must cover."""
    names = {record.created_by, record.officer}
    names |= {r.given_by for r in record.rights}
    names |= {a.assessed_by for a in record.assessments}
    names |= {c.recorded_by for c in record.consents}
    names |= {r.created_by for r in record.referrals}
    names |= {e.recorded_by for e in record.coordination}
    names |= {a.added_by for a in record.attachments}
    names |= {r.reviewer for r in record.reviews}
    names |= {f.done_by for f in record.follow_ups if f.done_by}
    return names


def document_to_json(document: CaseDocument) -> JsonValue:
    return to_json(document)


def parse_document(data: JsonValue, now: datetime) -> tuple[CaseDocument | None, list[Issue]]:
    """Reads and checks a whole document; a document with any issue is refused as a whole."""
    issues: list[Issue] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, [Issue("unsupported_format", "format", {})]
    if data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version")
        params = {"version": version, "supported": FORMAT_VERSION}
        return None, [Issue("unsupported_version", "format_version", params)]
    document = from_json(CaseDocument, data, "", issues)
    if document is None:
        return None, issues
    issues += [
        Issue(i.code, f"case.{i.field}", i.params) for i in validate_case_record(document.case, now)
    ]
    if document.station.code != document.case.station_code:
        issues.append(Issue("reference_station_mismatch", "station.code", {}))
    known = {u.username for u in document.users}
    for username in sorted(named_users(document.case) - known):
        issues.append(Issue("user_not_in_document", "users", {"username": username}))
    return (None, issues) if issues else (document, [])
