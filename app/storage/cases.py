"""Case repository: CaseRecord <-> rows, case numbers, and the paged list query."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, time
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    exists,
    false,
    func,
    literal,
    select,
    table,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased, selectinload, undefer
from sqlalchemy.orm.attributes import flag_modified

from app.domain import case as d
from app.domain.exchange import UserInfo
from app.domain.serialization import from_json, to_json
from app.domain.text import normalise_for_search
from app.storage import tables as t

# Record part -> (row class, record class). Their fields share names with the row's columns.
CHILDREN: dict[str, tuple[type[t.Base], type[Any]]] = {
    "persons": (t.PersonRow, d.Person),
    "perceptions": (t.PerceptionRow, d.Perception),
    "rights": (t.RightsRow, d.RightsInformation),
    "assessments": (t.AssessmentRow, d.NeedsAssessment),
    "consents": (t.ConsentRow, d.Consent),
    "referrals": (t.ReferralRow, d.Referral),
    "coordination": (t.CoordinationRow, d.CoordinationEvent),
    "attachments": (t.AttachmentRow, d.Attachment),
    "reviews": (t.ReviewRow, d.Review),
    "follow_ups": (t.FollowUpRow, d.FollowUp),
    "outcomes": (t.OutcomeRow, d.Outcome),
}
# CaseRecord fields that are not plain columns of `cases`.
NOT_COLUMNS = {
    "station_code",
    "created_by",
    "officer",
    "duplicate_of",
    "motives",
    "offence_types",
    "indicators",
    "links",
    *CHILDREN,
}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _to_column(value: object) -> object:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [to_json(item) for item in value]  # a JSON column
    return value


def _from_column(tp: Any, value: object) -> object:
    if value is None:
        return None
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if args and typing.get_origin(tp) is not tuple:  # Optional[X]
        tp = args[0]
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        items = typing.cast(list[object], value)
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return tuple(from_json(item, v, "", []) for v in items)
        if isinstance(item, type) and issubclass(item, StrEnum):  # what a coordination sent
            return tuple(item(str(v)) for v in items)
        return tuple(items)
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        return tp(str(value))
    return value


def row_values(obj: object, skip: set[str] | frozenset[str] = frozenset()) -> dict[str, object]:
    return {
        f.name: _to_column(getattr(obj, f.name))
        for f in dataclasses.fields(typing.cast(Any, obj))
        if f.name not in skip
    }


def record_values(
    cls: type, row: object, skip: set[str] | frozenset[str] = frozenset()
) -> dict[str, Any]:
    hints = _hints(cls)
    return {
        f.name: _from_column(hints[f.name], getattr(row, f.name))
        for f in dataclasses.fields(cls)
        if f.name not in skip
    }


def search_text(record: d.CaseRecord) -> str:
    return normalise_for_search(
        " ".join((record.reference, record.place, record.district, record.narrative))
    )


def next_case_number(session: Session, station_id: int, year: int) -> int:
    """Atomic on both engines: one upsert that increments and returns the counter."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(t.CaseSequence)
        .values(station_id=station_id, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=["station_id", "year"],
            set_={"last_number": t.CaseSequence.last_number + 1},
        )
        .returning(t.CaseSequence.last_number)
    )
    return int(session.execute(stmt).scalar_one())


def bump_case_number(session: Session, station_id: int, year: int, at_least: int) -> None:
    """After an import: later cases of that station and year must not reuse the number."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(t.CaseSequence).values(station_id=station_id, year=year, last_number=at_least)
    stmt = stmt.on_conflict_do_update(
        index_elements=["station_id", "year"],
        set_={"last_number": func.max(t.CaseSequence.last_number, stmt.excluded.last_number)}
        if session.get_bind().dialect.name == "sqlite"
        else {"last_number": func.greatest(t.CaseSequence.last_number, stmt.excluded.last_number)},
    )
    session.execute(stmt)


def load_case(
    session: Session, case_id: int, *, with_content: bool = False, for_update: bool = False
) -> t.Case | None:
    """The case with its parts. `for_update` locks its row (PostgreSQL; SQLite's writers take
    turns anyway) until the transaction ends."""
    if not -(2**63) <= case_id < 2**63:  # no such id; the driver would overflow
        return None
    options = [selectinload(getattr(t.Case, part)) for part in CHILDREN]
    options += [
        selectinload(t.Case.links_made).joinedload(t.CaseLinkRow.other),
        selectinload(t.Case.links_received).joinedload(t.CaseLinkRow.case),
        selectinload(t.Case.motives),
        selectinload(t.Case.offence_types),
        selectinload(t.Case.indicators),
        undefer(t.Case.narrative),
    ]
    if with_content:
        options.append(selectinload(t.Case.attachments).undefer(t.AttachmentRow.content))
    return session.get(t.Case, case_id, options=options, with_for_update=for_update)


def to_record(row: t.Case, *, with_content: bool = False) -> d.CaseRecord:
    values = record_values(d.CaseRecord, row, skip=NOT_COLUMNS)
    values["station_code"] = row.station.code
    values["created_by"] = row.imported_created_by or row.created_by.username
    values["officer"] = row.imported_officer or row.officer.username
    values["duplicate_of"] = row.duplicate_of.reference if row.duplicate_of else ""
    values["motives"] = tuple(m.motive for m in sorted(row.motives, key=lambda m: m.position))
    values["offence_types"] = tuple(
        o.offence_type for o in sorted(row.offence_types, key=lambda o: o.position)
    )
    values["indicators"] = tuple(
        d.IndicatorObservation(indicator=i.indicator, note=i.note) for i in row.indicators
    )
    for part, (_row_cls, record_cls) in CHILDREN.items():
        skip = set() if with_content or record_cls is not d.Attachment else {"content"}
        values[part] = tuple(
            record_cls(**record_values(record_cls, child, skip=skip))
            for child in getattr(row, part)
        )
    values["links"] = links_of(row)
    return d.CaseRecord(**values)


def links_of(row: t.Case) -> tuple[d.CaseLink, ...]:
    """The case's links, those it made and those made to it, oldest first; a duplicate seen
    from the case it duplicates is DUPLICATED."""
    made = [(link, link.other.reference, d.LinkKind(link.kind)) for link in row.links_made]
    received = [
        (link, link.case.reference, _reversed(d.LinkKind(link.kind))) for link in row.links_received
    ]
    return tuple(
        d.CaseLink(
            other=reference,
            kind=kind,
            at=link.created_at,
            by=link.created_by,
            basis=d.SeriesBasis(link.basis) if link.basis else None,
            note=link.note,
        )
        for link, reference, kind in sorted(made + received, key=lambda item: item[0].id)
    )


def _reversed(kind: d.LinkKind) -> d.LinkKind:
    return d.LinkKind.DUPLICATED if kind is d.LinkKind.DUPLICATE else kind


def add_link(session: Session, row: t.Case, other: t.Case, link: d.CaseLink) -> None:
    """Keeps a link the case made; a duplicate also points the case at the one it duplicates,
    which the counts use to count the two once."""
    row.links_made.append(
        t.CaseLinkRow(
            other_id=other.id,
            kind=link.kind.value,
            note=link.note,
            created_at=link.at,
            created_by=link.by,
            basis=link.basis.value if link.basis else None,
        )
    )
    if link.kind is d.LinkKind.DUPLICATE:
        row.duplicate_of = other


def add_case(
    session: Session,
    record: d.CaseRecord,
    *,
    station_id: int,
    user_ids: dict[str, int],
    updated_by_id: int,
    now: datetime,
    imported_users: Sequence[UserInfo] = (),
) -> t.Case:
    """Adds a whole case from its record; the reference's year and number are taken from it.

    Users the record names are accounts (`user_ids`) or, for an imported case, `imported_users`;
    an imported author or officer leaves the case to the account that adds it (`updated_by_id`).
    """
    year, number = (int(part) for part in record.reference.rsplit("-", 2)[1:])
    imported = {user.username for user in imported_users}
    row = t.Case(
        **row_values(record, skip=NOT_COLUMNS),
        station_id=station_id,
        year=year,
        number=number,
        created_by_id=updated_by_id
        if record.created_by in imported
        else user_ids[record.created_by],
        officer_id=updated_by_id if record.officer in imported else user_ids[record.officer],
        imported_created_by=record.created_by if record.created_by in imported else None,
        imported_officer=record.officer if record.officer in imported else None,
        updated_at=now,
        updated_by_id=updated_by_id,
        search_text=search_text(record),
        listed_at=record.occurred_at or record.created_at,
    )
    if record.duplicate_of:
        row.duplicate_of_id = session.scalar(
            select(t.Case.id).where(t.Case.reference == record.duplicate_of)
        )
    _set_parts(row, record, CHILDREN)
    row.imported_users = [
        t.ImportedUser(
            username=user.username,
            full_name=user.full_name,
            role=user.role.value,
            badge_number=user.badge_number,
        )
        for user in imported_users
    ]
    session.add(row)
    return row


def imported_users(row: t.Case, usernames: set[str]) -> list[UserInfo]:
    """The people of another database an imported case names, as its file gave them."""
    return [
        UserInfo(u.username, u.full_name, d.Role(u.role), u.badge_number)
        for u in row.imported_users
        if u.username in usernames
    ]


# What the officer changes while working on a case. The header (reference, station, author,
# status, pack) is the service's to change; attachments have their own calls (their content is
# large), and reviews belong to the supervisor.
FIXED_FIELDS = NOT_COLUMNS | {
    "reference", "station_code", "status", "created_at", "created_by", "officer",
    "protocol_pack", "protocol_version", "closed_at", "outcome", "closure_note", "escalated_to",
}  # fmt: skip
EDITED_PARTS = {
    part: classes
    for part, classes in CHILDREN.items()
    if part not in ("attachments", "reviews", "outcomes")  # outcomes: a follow-up action only
}


def touch(row: t.Case, now: datetime, user_id: int) -> None:
    """Marks the case changed by `user_id` at `now`: its row is written, so its version goes up,
    even when the same clock instant saw the change before (a child row alone does not)."""
    row.updated_at, row.updated_by_id = now, user_id
    flag_modified(row, "updated_at")


def update_case(
    session: Session,
    row: t.Case,
    record: d.CaseRecord,
    *,
    wizard_step: str,
    updated_by_id: int,
    now: datetime,
    also: Mapping[str, object] | None = None,
) -> None:
    """Writes what the officer edited into the case's rows: one UPDATE of the case, so its
    version goes up by one (with the columns `also` names, e.g. retention's)."""
    # Old children go first: a new person P1 must not meet the old P1's unique key.
    for part in ("motives", "offence_types", "indicators", *EDITED_PARTS):
        getattr(row, part).clear()
    session.flush()
    for name, value in (row_values(record, skip=FIXED_FIELDS) | dict(also or {})).items():
        setattr(row, name, value)
    row.search_text = search_text(replace(record, reference=row.reference))
    row.listed_at = record.occurred_at or row.created_at
    row.wizard_step = wizard_step
    touch(row, now, updated_by_id)
    _set_parts(row, record, EDITED_PARTS)
    session.flush()


def record_decision(
    session: Session, row: t.Case, record: d.CaseRecord, *, updated_by_id: int, now: datetime
) -> None:
    """Writes a decision of the case's life (app.domain.operations.decide): the status, the
    closure fields, the content a supplement corrected, the new entry of its history, and on
    submission the content as submitted; the case row changes, so its version too."""
    decision = record.reviews[-1].decision
    if decision is d.ReviewDecision.SUPPLEMENT:
        update_case(
            session, row, record, wizard_step=row.wizard_step, updated_by_id=updated_by_id, now=now
        )
    if decision is d.ReviewDecision.SUBMIT:
        row.submitted_record = to_json(replace(record, attachments=(), reviews=()))
    row.status = record.status.value
    row.closure_note = record.closure_note
    row.closed_at = record.closed_at
    row.escalated_to = record.escalated_to
    row.reviews.append(t.ReviewRow(**row_values(record.reviews[-1])))
    touch(row, now, updated_by_id)
    session.flush()


def record_follow_up(session: Session, row: t.Case, record: d.CaseRecord) -> None:
    """Writes what a follow-up action changed (app.domain.operations.follow_up): the referrals,
    consents, coordination entries, re-contacts and outcomes, each rewritten as the record has
    them."""
    parts = {part: CHILDREN[part] for part in FOLLOW_UP_PARTS}
    for part in parts:
        getattr(row, part).clear()
    session.flush()
    _set_parts(row, record, parts, content=False)


FOLLOW_UP_PARTS = ("consents", "referrals", "coordination", "follow_ups", "outcomes")


def anonymise_case(
    session: Session,
    row: t.Case,
    record: d.CaseRecord,
    *,
    submitted: d.CaseRecord | None,
    anonymised_at: datetime | None,
    updated_by_id: int,
    now: datetime,
) -> None:
    """Writes a case anonymised by retention (app.domain.retention): its content and search
    text, its closure note, its decisions' comments, its attachments (an attachment whose hash
    was taken out loses its bytes), its links' notes, its outcomes' texts, and its copy as
    submitted (`submitted`: that copy anonymised alike); one UPDATE of the case, so its version
    goes up by one."""
    also: dict[str, object] = {"closure_note": record.closure_note, "anonymised_at": anonymised_at}
    if submitted is not None:
        also["submitted_record"] = to_json(replace(submitted, attachments=(), reviews=()))
    update_case(
        session, row, record, wizard_step=row.wizard_step, updated_by_id=updated_by_id, now=now,
        also=also,
    )  # fmt: skip
    for review_row, review in zip(row.reviews, record.reviews, strict=True):
        for name, value in row_values(review).items():
            setattr(review_row, name, value)
    for attachment_row, attachment in zip(row.attachments, record.attachments, strict=True):
        if attachment.sha256 != attachment_row.sha256:
            attachment_row.content = b""
        for name, value in row_values(attachment, skip={"content"}).items():
            setattr(attachment_row, name, value)
    links = sorted([*row.links_made, *row.links_received], key=lambda link: link.id)
    for link_row, link in zip(links, record.links, strict=True):
        link_row.note = link.note
    for outcome_row, outcome in zip(row.outcomes, record.outcomes, strict=True):
        outcome_row.court_reference, outcome_row.note = outcome.court_reference, outcome.note
    session.flush()


def submitted_record(row: t.Case) -> d.CaseRecord | None:
    """The case's content as it was last submitted, if it was (and still reads as a record)."""
    if row.submitted_record is None:
        return None
    return from_json(d.CaseRecord, row.submitted_record, "case", [])


def _set_parts(
    row: t.Case,
    record: d.CaseRecord,
    parts: dict[str, tuple[type[t.Base], type[Any]]],
    *,
    content: bool = True,
) -> None:
    """Writes the record's `parts` into the row (with its motives, offences and indicators
    unless only those `parts` changed: `content` False)."""
    for part, (row_cls, _record_cls) in parts.items():
        children = []
        for position, child in enumerate(getattr(record, part)):
            values = row_values(child)
            if "position" in row_cls.__table__.columns:
                values["position"] = position
            children.append(row_cls(**values))
        setattr(row, part, children)
    if not content:
        return
    row.motives = [t.CaseMotive(motive=m, position=i) for i, m in enumerate(record.motives)]
    row.offence_types = [
        t.CaseOffence(offence_type=o, position=i) for i, o in enumerate(record.offence_types)
    ]
    row.indicators = [
        t.CaseIndicator(indicator=o.indicator, note=o.note, position=i)
        for i, o in enumerate(record.indicators)
    ]


# ------------------------------------------------------------------ the case list

# Each order ends in a unique column or columns (the case's id as the tiebreaker), so a row's
# values of them (its `key`) say where the next page starts: paging by key, not by OFFSET, costs
# the same at the end of a million cases as at the start. None of these columns holds NULL (a
# case without a date is listed by its creation), so both engines order them alike.
SORT_COLUMNS: dict[str, Any] = {
    "reference": (t.Case.year, t.Case.station_id, t.Case.number),
    "occurred_at": (t.Case.listed_at, t.Case.id),
    "place": (t.Case.place, t.Case.id),
    "classification": (t.Case.classification, t.Case.listed_at, t.Case.id),
    "status": (t.Case.status, t.Case.listed_at, t.Case.id),
    "officer": (t.User.full_name, t.Case.id),
}


SelectT = TypeVar("SelectT", bound=Select)  # type: ignore[type-arg]

CASES_SEARCH = table("cases_search", column("rowid"), column("search_text"))
# Above this many matches a plain scan along the sort order finds a page sooner than the index.
DENSE_MATCHES = 2_000


# The FTS5 trigram index serves a word of three characters or more without LIKE's wildcards; a
# shorter word beside a longer one crashes SQLite 3.40 (Debian 12) and finds nothing on it alone.
TRIGRAM = 3
# SQLite refuses an expression tree deeper than 1,000: many words are joined as a balanced tree.
FLAT_TERMS = 64


def search_words(text: str) -> list[str]:
    """The words a search must find, each once; a word inside another adds nothing."""
    words = sorted(set(normalise_for_search(text).split()), key=len, reverse=True)
    kept: list[str] = []
    for word in words:
        if not any(word in longer for longer in kept):
            kept.append(word)
    return sorted(kept)


def _indexable(word: str) -> bool:
    return len(word) >= TRIGRAM and not any(c in word for c in "%_\\")


def _all_of(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    if len(conditions) <= FLAT_TERMS:
        return and_(*conditions)
    # SQLAlchemy flattens nested ANDs, parentheses included; a function call keeps each chunk a
    # subtree of its own, so the depth grows with the number of chunks, not of words.
    chunks = [conditions[i : i + FLAT_TERMS] for i in range(0, len(conditions), FLAT_TERMS)]
    return _all_of([func.coalesce(and_(*chunk), false()) for chunk in chunks])


def _text_condition(session: Session, text: str, *, counting: bool) -> ColumnElement[bool] | None:
    """Every word must occur somewhere in the case's search text (reference, place, narrative)."""
    words = search_words(text)
    if not words:
        return None
    plain = _all_of([_contains(t.Case.search_text, word) for word in words])
    indexed = [word for word in words if _indexable(word)]
    if session.get_bind().dialect.name != "sqlite" or not indexed:
        return plain  # PostgreSQL's planner picks the trigram index or the ordered scan itself
    # Only words the index can serve reach it; the others are checked on the case row.
    matching = select(CASES_SEARCH.c.rowid).where(
        _all_of([CASES_SEARCH.c.search_text.like(f"%{word}%") for word in indexed])
    )
    rest = [_contains(t.Case.search_text, word) for word in words if not _indexable(word)]
    via_index = _all_of([t.Case.id.in_(matching), *rest])
    if counting:
        return via_index
    # A page of a common word is found sooner by scanning in list order and stopping at the page's
    # end; a rare word by the index. Counting up to the threshold tells which.
    probe = select(func.count()).select_from(matching.limit(DENSE_MATCHES + 1).subquery())
    return plain if (session.scalar(probe) or 0) > DENSE_MATCHES else via_index


def _contains(target: Any, word: str) -> ColumnElement[bool]:
    if not any(c in word for c in "%_\\"):
        return target.like(f"%{word}%")  # type: ignore[no-any-return]
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return target.like(f"%{escaped}%", escape="\\")  # type: ignore[no-any-return]


def _filtered(
    session: Session,
    stmt: SelectT,
    query: d.CaseQuery,
    station_id: int | None,
    *,
    counting: bool = False,
) -> SelectT:
    conditions = []
    if station_id is not None:
        conditions.append(t.Case.station_id == station_id)
    text_condition = _text_condition(session, query.text, counting=counting)
    if text_condition is not None:
        conditions.append(text_condition)
    if query.statuses:
        conditions.append(t.Case.status.in_([s.value for s in query.statuses]))
    if query.date_from is not None:
        start = datetime.combine(query.date_from, time.min).astimezone(UTC)
        # A dated case is listed by its date (listed_at): the same bound on it lets the list's
        # index start at the period instead of walking every later case.
        conditions += [t.Case.occurred_at >= start, t.Case.listed_at >= start]
    if query.date_to is not None:
        end = datetime.combine(query.date_to, time.max).astimezone(UTC)
        conditions += [t.Case.occurred_at <= end, t.Case.listed_at <= end]
    if query.motive:
        conditions.append(
            exists().where(
                and_(t.CaseMotive.case_id == t.Case.id, t.CaseMotive.motive == query.motive)
            )
        )
    if query.officer_id is not None:
        conditions.append(t.Case.officer_id == query.officer_id)
    return stmt.where(*conditions)


def list_cases(
    session: Session,
    query: d.CaseQuery,
    station_id: int | None,
    limit: int,
    *,
    after: d.SortKey | None = None,
    before: d.SortKey | None = None,
    last: bool = False,
) -> list[d.CaseSummary]:
    """A page of the list in its order: the first, the one `after` a row's key, the one
    `before` it, or the `last`. A page before a key or at the end is read in the reversed order
    (the index walked backwards) and handed back in the list's order."""
    columns = SORT_COLUMNS.get(query.sort_by, SORT_COLUMNS["occurred_at"])
    backwards = before is not None or last
    descending = query.descending != backwards
    order = [c.desc() if descending else c.asc() for c in columns]
    stmt = select(
        t.Case.id,
        t.Case.reference,
        t.Case.occurred_at,
        t.Case.place,
        t.Case.district,
        t.Case.classification,
        t.Case.status,
        t.Case.duplicate_of_id,
        func.coalesce(t.ImportedUser.full_name, t.User.full_name).label("full_name"),
        *(c.label(f"key_{i}") for i, c in enumerate(columns)),
    )
    stmt = stmt.join(t.User, t.User.id == t.Case.officer_id).outerjoin(
        t.ImportedUser,
        and_(
            t.ImportedUser.case_id == t.Case.id, t.ImportedUser.username == t.Case.imported_officer
        ),
    )
    stmt = _filtered(session, stmt, query, station_id)
    key = before if before is not None else after
    if key is not None:
        if len(key) != len(columns):
            raise ValueError("the key is not of this order")
        # A row value compared as a whole: both engines walk the index from there.
        row = tuple_(*columns)
        values = tuple_(*(literal(v, c.type) for v, c in zip(key, columns, strict=True)))
        stmt = stmt.where(row < values if descending else row > values)
    rows = list(session.execute(stmt.order_by(*order).limit(limit)).all())
    if backwards:
        rows.reverse()
    motives: dict[int, list[str]] = {row.id: [] for row in rows}
    if rows:
        for case_id, motive in session.execute(
            select(t.CaseMotive.case_id, t.CaseMotive.motive)
            .where(t.CaseMotive.case_id.in_(motives))
            .order_by(t.CaseMotive.case_id, t.CaseMotive.position)
        ):
            motives[case_id].append(motive)
    return [
        d.CaseSummary(
            id=row.id,
            reference=row.reference,
            occurred_at=row.occurred_at,
            place=row.place,
            district=row.district,
            motives=tuple(motives[row.id]),
            classification=row.classification,
            status=d.CaseStatus(row.status),
            officer_name=row.full_name,
            duplicate_of_id=row.duplicate_of_id,
            key=tuple(getattr(row, f"key_{i}") for i in range(len(columns))),
        )
        for row in rows
    ]


def count_cases(session: Session, query: d.CaseQuery, station_id: int | None) -> int:
    """How many incidents the filtered cases are: a duplicate counts once with the case it
    duplicates (app.domain.case.LinkKind.DUPLICATE) when both are among them. Duplicates are
    few: they are found by their own index and each checked against the filter by its id, so
    the count costs what a plain count does."""
    cases = select(func.count()).select_from(t.Case)
    total = int(
        session.execute(_filtered(session, cases, query, station_id, counting=True)).scalar_one()
    )
    duplicate = aliased(t.Case)

    def matches(case_id: Any) -> Any:
        one = select(t.Case.id).where(t.Case.id == case_id)
        return _filtered(session, one, query, station_id, counting=True).exists()

    twice = (
        select(func.count())
        .select_from(duplicate)
        .where(
            duplicate.duplicate_of_id.is_not(None),
            matches(duplicate.id),
            matches(duplicate.duplicate_of_id),
        )
    )
    return total - int(session.execute(twice).scalar_one())


def officers(session: Session, station_id: int | None) -> Sequence[tuple[int, str]]:
    stmt = select(t.User.id, t.User.full_name).order_by(t.User.full_name)
    if station_id is not None:
        stmt = stmt.where(t.User.station_id == station_id)
    return [(row.id, row.full_name) for row in session.execute(stmt)]
