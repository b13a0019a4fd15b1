"""The support-services directory: its entries, which kinds of service meet which need, and the
CSV format an administrator imports and exports (documented in docs/service-directory.md)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields, replace

from app.domain.case import ServiceKind
from app.domain.languages import language_code
from app.domain.validation import Issue

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
GROUP = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # a bias-motive id of a protocol pack
ALL_GROUPS = "all"
CHILDREN = "children"  # services specialised in child victims (Dir. 2012/29/EU Art. 24)
OWN_GROUPS = (ALL_GROUPS, CHILDREN)  # groups of every pack
SEPARATOR = ";"
YES, NO = "yes", "no"

CSV_HEADER = (
    "code",
    "name",
    "kind",
    "languages",
    "groups_served",
    "area",
    "address",
    "address_confidential",
    "phone",
    "email",
    "opening_hours",
    "notes",
    "active",
)


@dataclass(frozen=True)
class ServiceEntry:
    """One organisation the police refer victims to. `code` is its stable id: referrals keep it."""

    code: str
    name: str
    kind: ServiceKind
    languages: tuple[str, ...] = ()
    groups_served: tuple[str, ...] = ()
    area: str = ""
    address: str = ""
    # A shelter's address: staff may see it, the victim's printouts never show it.
    address_confidential: bool = False
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    notes: str = ""
    active: bool = True


def address_for_victim(entry: ServiceEntry) -> str:
    """The address as printed for the victim: nothing for a confidential one."""
    return "" if entry.address_confidential else entry.address


# Which kinds of service meet each need of the assessment (PROTOCOL.md (e), (f) item 7).
# Generic victim support (Dir. 2012/29/EU Art. 8-9) takes most needs on, or passes them on.
NEED_KINDS: dict[str, tuple[ServiceKind, ...]] = {
    "emotional": (
        ServiceKind.VICTIM_SUPPORT,
        ServiceKind.PSYCHOLOGICAL,
        ServiceKind.COMMUNITY_ORGANISATION,
        ServiceKind.CHILD_SUPPORT,
    ),
    "psychological": (
        ServiceKind.PSYCHOLOGICAL,
        ServiceKind.VICTIM_SUPPORT,
        ServiceKind.CHILD_SUPPORT,
    ),
    "medical": (ServiceKind.MEDICAL,),
    "legal": (ServiceKind.LEGAL_AID, ServiceKind.VICTIM_SUPPORT, ServiceKind.EQUALITY_BODY),
    "financial_practical": (ServiceKind.VICTIM_SUPPORT, ServiceKind.COMMUNITY_ORGANISATION),
    "safety": (ServiceKind.VICTIM_SUPPORT, ServiceKind.SHELTER),
    "housing": (ServiceKind.SHELTER, ServiceKind.VICTIM_SUPPORT),
    "interpreter": (ServiceKind.INTERPRETER, ServiceKind.COMMUNITY_ORGANISATION),
    "compensation_help": (ServiceKind.VICTIM_SUPPORT, ServiceKind.LEGAL_AID),
    "court_accompaniment": (
        ServiceKind.VICTIM_SUPPORT,
        ServiceKind.LEGAL_AID,
        ServiceKind.CHILD_SUPPORT,
    ),
}
# A need this table does not know (an overlay pack may add one) goes to generic victim support.
OTHER_NEED_KINDS: tuple[ServiceKind, ...] = (ServiceKind.VICTIM_SUPPORT,)


def matches(entry: ServiceEntry, *, need: str = "", language: str = "", group: str = "") -> bool:
    """Whether the entry fits every filter given; an empty filter lets everything through."""
    if need and entry.kind not in NEED_KINDS.get(need, OTHER_NEED_KINDS):
        return False
    if language and language not in entry.languages:
        return False
    return not group or group in entry.groups_served or ALL_GROUPS in entry.groups_served


def tidy(entry: ServiceEntry) -> ServiceEntry:
    """Without surrounding blanks and empty list items, as a form's text may bring them."""
    return replace(
        entry,
        code=entry.code.strip(),
        name=entry.name.strip(),
        # ISO 639 codes as a person's languages keep them ("RO", "ron" -> "ro"); others as typed.
        languages=tuple(language_code(x) or x.strip() for x in entry.languages if x.strip()),
        groups_served=tuple(x.strip() for x in entry.groups_served if x.strip()),
        area=entry.area.strip(),
        address=entry.address.strip(),
        phone=entry.phone.strip(),
        email=entry.email.strip(),
        opening_hours=entry.opening_hours.strip(),
        notes=entry.notes.strip(),
    )


def split_list(text: str) -> tuple[str, ...]:
    """`pt; en;ar` -> ("pt", "en", "ar"). Commas are accepted too, as people type them in forms."""
    return tuple(item.strip() for item in re.split(r"[;,]", text) if item.strip())


def validate_entry(entry: ServiceEntry, known_groups: Collection[str] | None = None) -> list[Issue]:
    """Problems of one entry, each named by its CSV column. `known_groups`: the bias-motive ids
    the protocol packs know (plus "all"); without it a group only needs to look like an id."""
    issues: list[Issue] = []
    if not entry.code:
        issues.append(Issue("required", "code", {}))
    elif not CODE.match(entry.code):
        issues.append(Issue("bad_service_code", "code", {"value": entry.code}))
    if not entry.name:
        issues.append(Issue("required", "name", {}))
    for language in entry.languages:
        if language_code(language) != language:
            issues.append(Issue("bad_language_code", "languages", {"value": language}))
    for group in entry.groups_served:
        if known_groups is not None and group not in (*OWN_GROUPS, *known_groups):
            allowed = ", ".join(sorted({*known_groups, *OWN_GROUPS}))
            issues.append(
                Issue("unknown_group", "groups_served", {"value": group, "allowed": allowed})
            )
        elif known_groups is None and not GROUP.match(group):
            issues.append(Issue("bad_group_id", "groups_served", {"value": group}))
    if entry.email and "@" not in entry.email:
        issues.append(Issue("bad_email", "email", {"value": entry.email}))
    return issues


# ---------------------------------------------------------------------------------------- CSV

_KINDS = ", ".join(kind.value for kind in ServiceKind)
# A spreadsheet takes a cell that starts with one of these for a formula (CSV injection, OWASP):
# an exported cell gets a ' in front, which spreadsheets read as "this is text" and hide.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def neutralise(cell: str) -> str:
    """The cell as exported: a ' before a formula start, and before a ' too, so that
    `restore` can tell the ' it added from one that was typed."""
    return TEXT_MARK + cell if cell.startswith((*FORMULA_STARTS, TEXT_MARK)) else cell


def restore(cell: str) -> str:
    """The cell as it was before `neutralise`: its ' is taken off where it precedes a formula
    start or another ' (a spreadsheet user may type '+351 too); any other ' stays."""
    if cell.startswith(TEXT_MARK) and cell[1:].startswith((*FORMULA_STARTS, TEXT_MARK)):
        return cell[1:]
    return cell


def _yes_no(text: str, default: bool) -> bool | None:
    """yes/no (any case); an empty cell is the column's default; None for anything else."""
    value = text.strip().lower()
    if not value:
        return default
    return {YES: True, NO: False}.get(value)


def _row_entry(row: dict[str, str]) -> tuple[ServiceEntry, list[Issue]]:
    """The entry a row describes, and its problems named by column. A cell that cannot be read
    gets a stand-in value so the row's other cells are still checked: one pass names them all."""
    issues: list[Issue] = []
    kind_text = row["kind"].strip()
    kind = ServiceKind.VICTIM_SUPPORT
    if not kind_text:
        issues.append(Issue("required", "kind", {}))
    elif kind_text in {k.value for k in ServiceKind}:
        kind = ServiceKind(kind_text)
    else:
        issues.append(Issue("not_one_of", "kind", {"allowed": _KINDS}))
    flags: dict[str, bool] = {}
    for column, default in (("address_confidential", False), ("active", True)):
        value = _yes_no(row[column], default)
        if value is None:
            issues.append(Issue("expected_yes_no", column, {}))
        flags[column] = default if value is None else value
    entry = tidy(
        ServiceEntry(
            code=row["code"],
            name=row["name"],
            kind=kind,
            # "pt; en" or "pt, en", as the forms take them: a spreadsheet user types either.
            languages=split_list(row["languages"]),
            groups_served=split_list(row["groups_served"]),
            area=row["area"],
            address=row["address"],
            address_confidential=flags["address_confidential"],
            phone=row["phone"],
            email=row["email"],
            opening_hours=row["opening_hours"],
            notes=row["notes"],
            active=flags["active"],
        )
    )
    return entry, issues


def parse_csv(
    text: str, *, known_groups: Collection[str] | None = None
) -> tuple[list[ServiceEntry], list[Issue]]:
    """Reads a directory file. Issues are named `line N: column`, N counted in the file (the
    header is line 1). Any issue means the caller must not use the entries: import all or none."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error:
        header = []
    if tuple(header) != CSV_HEADER:
        return [], [Issue("bad_csv_header", "line 1", {"expected": ",".join(CSV_HEADER)})]
    entries: list[ServiceEntry] = []
    issues: list[Issue] = []
    first_line_of: dict[str, int] = {}
    end = reader.line_num
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:  # e.g. a cell over the csv module's size limit
            issues.append(Issue("unreadable_csv", f"line {end + 1}", {"detail": str(error)}))
            break
        if cells is None:
            break
        # A quoted cell may span lines: a row starts on the line after the previous row ended.
        line, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, as editors leave them at the end
        if len(cells) != len(CSV_HEADER):
            issues.append(
                Issue(
                    "csv_column_count",
                    f"line {line}",
                    {"found": len(cells), "expected": len(CSV_HEADER)},
                )
            )
            continue
        cells = [restore(cell.strip()) for cell in cells]  # blanks around a value do not count
        entry, row_issues = _row_entry(dict(zip(CSV_HEADER, cells, strict=True)))
        row_issues += validate_entry(entry, known_groups)
        if entry.code in first_line_of:
            row_issues.append(
                Issue(
                    "duplicate_service_code",
                    "code",
                    {"value": entry.code, "first_line": first_line_of[entry.code]},
                )
            )
        elif entry.code:
            first_line_of[entry.code] = line
        row_issues.sort(key=lambda issue: CSV_HEADER.index(issue.field))  # in column order
        issues += [replace(issue, field=f"line {line}: {issue.field}") for issue in row_issues]
        entries.append(entry)
    return ([] if issues else entries), issues


def to_csv(entries: Iterable[ServiceEntry]) -> str:
    """The directory as a file parse_csv reads back to the same entries, safe to open in a
    spreadsheet: no cell starts a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        values = {f.name: getattr(entry, f.name) for f in fields(entry)}
        values["kind"] = entry.kind.value
        values["languages"] = SEPARATOR.join(entry.languages)
        values["groups_served"] = SEPARATOR.join(entry.groups_served)
        values["address_confidential"] = YES if entry.address_confidential else NO
        values["active"] = YES if entry.active else NO
        writer.writerow(neutralise(str(values[column])) for column in CSV_HEADER)
    return out.getvalue()
