"""Writing many generated rows at once (the demo's fill): PostgreSQL's COPY, an executemany
elsewhere. Both writers take the same rows (dicts keyed by the mapped class's attributes) and
write the same values: COPY is given what the insert would add itself (a column's Python default)
and each value goes through its column type's bind processing, as an insert's would. A column
neither given nor defaulted in Python takes the server's default (or NULL) either way.

PostgreSQL's search needs nothing more: its trigram index is on `cases.search_text` itself (the
FTS5 table and its triggers are SQLite's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Column, insert, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

Rows = Mapping[Any, list[dict[str, Any]]]  # mapped class: its new rows


def write(session: Session, tables: Rows) -> None:
    """Adds `tables`' rows, in their order (a row's parent first), inside the session's
    transaction: by COPY on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        copy_rows(session, tables)
    else:
        insert_rows(session, tables)


def insert_rows(session: Session, tables: Rows) -> None:
    for mapped, rows in tables.items():
        if rows:
            session.execute(insert(mapped), rows)


def copy_rows(session: Session, tables: Rows) -> None:
    dialect = session.get_bind().dialect
    session.flush()  # anything the ORM holds goes first: the rows may refer to it
    driver = session.connection().connection.driver_connection
    for mapped, rows in tables.items():
        if rows:
            _copy(driver, dialect, mapped, rows)


def _copy(driver: Any, dialect: Dialect, mapped: Any, rows: list[dict[str, Any]]) -> None:
    columns: dict[str, Column[Any]] = dict(inspect(mapped).columns.items())
    given = list(dict.fromkeys(k for row in rows for k in row))  # a guardian has more than a victim
    names = given + [k for k, c in columns.items() if k not in given and _python_default(c)]
    # What a row leaves out, its insert would take from the Python default or leave NULL.
    fill = {k: _python_default(columns[k]) or _null(columns[k]) for k in names}
    processors = [_processor(columns[k], dialect) for k in names]
    quote = dialect.identifier_preparer.quote
    listed = ", ".join(quote(columns[k].name) for k in names)
    statement = f"COPY {quote(mapped.__table__.name)} ({listed}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = [row[k] if k in row else fill[k]() for k in names]
            copy.write_row([p(v) if p else v for p, v in zip(processors, values, strict=True)])


def _python_default(column: Column[Any]) -> Callable[[], Any] | None:
    default: Any = column.default
    if default is None or not (default.is_scalar or default.is_callable):
        return None
    if default.is_callable:  # called per row: a fresh list each, as an insert's
        return lambda: default.arg(None)  # SQLAlchemy's wrapper takes the execution context
    return lambda: default.arg


def _null(column: Column[Any]) -> Callable[[], Any]:
    def value() -> None:
        if column.server_default is not None:  # only the server knows it: give it in every row
            raise ValueError(f"bulk rows: {column} left out in some rows only")

    return value


def _processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    return column.type._cached_bind_processor(dialect)
