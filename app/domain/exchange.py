"""The case file format (docs/case-format.md): one case with its station and the users it names."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app.domain.case import CaseRecord, Role
from app.domain.filenames import safe_filename
from app.domain.serialization import JsonValue, from_json, to_json
from app.domain.validation import (
    LAST_CASE_NUMBER,
    NAME_LENGTH,
    REFERENCE,
    STATION_CODE,
    USERNAME,
    Issue,
    duplicates,
    validate_case_record,
    value_issues,
)

FORMAT = "proximity-desk-case"
FORMAT_VERSION = 1
# A case file nests six levels deep; far deeper is not a case file and would exhaust the stack.
MAX_DEPTH = 20
# Longer runs of digits are not numbers a case holds (and Python refuses past 4,300 digits).
MAX_DIGITS = 30

# The name of a user of another database: the user name there, "@", the user's station. No
# account can have it (an account's user name has neither "@" nor capitals), so an imported case
# never credits a local account with what a stranger of the same name did.
IMPORTED_USERNAME = re.compile(
    rf"^(?P<name>{USERNAME.pattern[1:-1]})@(?P<station>{STATION_CODE.pattern[1:-1]})$"
)
# The fields of a case's parts that hold a user name.
USER_FIELDS = (
    ("rights", "given_by"),
    ("assessments", "assessed_by"),
    ("consents", "recorded_by"),
    ("referrals", "created_by"),
    ("coordination", "recorded_by"),
    ("attachments", "added_by"),
    ("reviews", "reviewer"),
    ("reviews", "escalated_to"),
    ("follow_ups", "done_by"),
    ("outcomes", "recorded_by"),
)
# Of those, the ones that may be empty: they name nobody then.
OPTIONAL_USER_FIELDS = frozenset({"done_by", "escalated_to"})


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
    if record.escalated_to:
        names.add(record.escalated_to)
    for part, name in USER_FIELDS:
        for item in getattr(record, part):
            if getattr(item, name) or name not in OPTIONAL_USER_FIELDS:
                names.add(getattr(item, name))
    return names


def document_to_json(document: CaseDocument) -> JsonValue:
    return to_json(document)


def qualified(username: str, station_code: str) -> str:
    """`name@STATION`, as a case file names a user; a name that has its station keeps it."""
    return username if IMPORTED_USERNAME.match(username) else f"{username}@{station_code}"


def station_of(username: str) -> str:
    """The station of a qualified user name."""
    return username.rpartition("@")[2]


def as_imported(document: CaseDocument) -> CaseDocument:
    """The document as this database keeps it: everyone it names is a person of another
    database, `name@STATION` (a bare user name is of the file's station), and attachment names
    come from outside as much as an officer's own files do: safe base names only."""
    names = {u.username: qualified(u.username, document.station.code) for u in document.users}
    users = tuple(replace(u, username=names[u.username]) for u in document.users)
    case = renamed(document.case, names)
    attachments = tuple(replace(a, filename=safe_filename(a.filename)) for a in case.attachments)
    return replace(document, users=users, case=replace(case, attachments=attachments))


def renamed(record: CaseRecord, names: Mapping[str, str]) -> CaseRecord:
    """The record with every user name replaced as `names` says."""
    parts: dict[str, Any] = {}
    for part, name in USER_FIELDS:  # a part may name users in several fields
        parts[part] = tuple(
            replace(item, **{name: names.get(getattr(item, name), getattr(item, name))})
            for item in parts.get(part, getattr(record, part))
        )
    return replace(
        record,
        created_by=names.get(record.created_by, record.created_by),
        officer=names.get(record.officer, record.officer),
        escalated_to=names.get(record.escalated_to, record.escalated_to),
        **parts,
    )


def read_document(text: str, now: datetime) -> tuple[CaseDocument | None, list[Issue]]:
    """Reads a case file's text; every problem is an Issue with where it is."""
    deep = _too_deep(text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        return None, [Issue("too_deep", f"line {line}", {"max": MAX_DEPTH})]
    try:
        data = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        params = {"column": error.colno, "detail": error.msg}
        return None, [Issue("not_json", f"line {error.lineno}", params)]
    return parse_document(data, now)


# A JSON string, or a bracket outside strings.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _too_deep(text: str) -> int | None:
    """Where lists and objects first nest deeper than MAX_DEPTH, if they do."""
    depth = 0
    for token in _TOKEN.finditer(text):
        if token[0] in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif token[0] in "]}":
            depth -= 1
    return None


def _integer(digits: str) -> int | float:
    # A number too long to be one the case holds is read as infinity, refused where it stands.
    return int(digits) if len(digits) <= MAX_DIGITS else float("inf")


def parse_document(data: JsonValue, now: datetime) -> tuple[CaseDocument | None, list[Issue]]:
    """Reads and checks a whole document; a document with any issue is refused as a whole."""
    issues: list[Issue] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, [Issue("unsupported_format", "format", {})]
    if data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version")
        shown = version if isinstance(version, int) and abs(version) < 10**6 else "?"
        params = {"version": shown, "supported": FORMAT_VERSION}
        return None, [Issue("unsupported_version", "format_version", params)]
    document = from_json(CaseDocument, _single_languages_listed(data), "", issues)
    if document is None:
        return None, issues
    issues += [
        Issue(i.code, f"case.{i.field}", i.params) for i in validate_case_record(document.case, now)
    ]
    reference = REFERENCE.match(document.case.reference)
    if reference is not None and int(reference["number"]) >= LAST_CASE_NUMBER:
        issues.append(Issue("last_case_number", "case.reference", {}))
    issues += value_issues(document.station, "station", now)
    if document.station.code != document.case.station_code:
        issues.append(Issue("reference_station_mismatch", "station.code", {}))
    issues += _user_issues(document, now)
    return (None, issues) if issues else (document, [])


def _single_languages_listed(data: dict[str, JsonValue]) -> dict[str, JsonValue]:
    """A file written before a person had several languages: its `language` becomes the one,
    preferred, language (as migration 0009 does in the database)."""
    case = data.get("case")
    persons = case.get("persons") if isinstance(case, dict) else None
    if not isinstance(case, dict) or not isinstance(persons, list):
        return data
    upgraded: list[JsonValue] = []
    for person in persons:
        language = person.get("language") if isinstance(person, dict) else None
        if isinstance(person, dict) and isinstance(language, str) and "languages" not in person:
            spoken = {"code": language.strip(), "reads": True, "preferred": True}
            listed = [spoken] if language.strip() else []
            kept = {k: v for k, v in person.items() if k != "language"}
            upgraded.append({**kept, "languages": listed})
        else:
            upgraded.append(person)
    return {**data, "case": {**case, "persons": upgraded}}


def _user_issues(document: CaseDocument, now: datetime) -> list[Issue]:
    issues = value_issues(document.users, "users", now)
    if issues:
        return issues
    for i, user in enumerate(document.users):
        path = f"users[{i}]"
        imported = IMPORTED_USERNAME.match(user.username)
        if not imported and not USERNAME.match(user.username):
            issues.append(Issue("bad_username", f"{path}.username", {}))
        elif len(name := qualified(user.username, document.station.code)) > NAME_LENGTH:
            # What is left of the column once "@STATION" is added.
            room = NAME_LENGTH - len(name) + len(user.username)
            issues.append(Issue("too_long", f"{path}.username", {"max": room}))
    if issues:
        return issues
    names = [qualified(u.username, document.station.code) for u in document.users]
    issues += [Issue("duplicate_key", "users", {"key": name}) for name in duplicates(names)]
    known = {u.username for u in document.users}
    for username in sorted(named_users(document.case) - known):
        issues.append(Issue("user_not_in_document", "users", {"username": username}))
    return issues
