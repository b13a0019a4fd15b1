"""Many cases made fast, for the benchmarks: inside PostgreSQL with INSERT ... SELECT over
generate_series, inside SQLite with INSERT ... SELECT over a recursive count; cases of
PG_STATIONS stations over five years, dated in the order of their ids (as cases are written)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import psycopg

from app.domain.case import CaseStatus, Role
from app.domain.stations import StationDetails
from app.services import Services
from app.services.context import Actor
from app.services.demo import (
    CLASSIFICATION_BY_OFFENCE,
    DISTRICTS,
    MOTIVES,
    OFFENCES_BY_MOTIVE,
    PLACES,
)

PG_STATIONS = 10
PG_PASSWORD = "bench statistics password"


def pg_accounts(services: Services) -> list[tuple[str, Actor]]:
    services.accounts.set_up(
        station_code="ST-01", station_name="Station 1", username="admin", full_name="Admin",
        password=PG_PASSWORD,
    )  # fmt: skip
    admin = services.accounts.authenticate("admin", PG_PASSWORD)
    for n in range(2, PG_STATIONS + 1):
        services.stations.add_station(admin, StationDetails(f"ST-{n:02d}", f"Station {n}"))
    services.accounts.add_user(
        admin, username="supervisor", full_name="Supervisor", role=Role.SUPERVISOR,
        password=PG_PASSWORD, station_code="ST-01",
    )  # fmt: skip
    supervisor = services.accounts.authenticate("supervisor", PG_PASSWORD)
    return [("administrator", admin), ("supervisor", supervisor)]


def pick(values: Iterable[str], weights: Iterable[int] | None = None) -> str:
    """A random value in SQL: an element of an array literal, each repeated by its weight."""
    values = list(values)
    pool = [v for v, w in zip(values, weights or [1] * len(values), strict=True) for _ in range(w)]
    array = ", ".join("'" + v.replace("'", "''") + "'" for v in pool)
    return f"(ARRAY[{array}])[1 + floor(random() * {len(pool)})::int]"


def pg_fill(url: str, cases: int, user_id: int) -> list[str]:
    """`cases` cases of PG_STATIONS stations over five years, made inside the server."""
    offences = sorted({o for values in OFFENCES_BY_MOTIVE.values() for o in values})
    classification = (
        "CASE o.first "
        + " ".join(f"WHEN '{o}' THEN '{c}'" for o, c in CLASSIFICATION_BY_OFFENCE.items())
        + " ELSE 'hate_crime' END"
    )
    status = pick(
        [s.value for s in CaseStatus],
        # draft, submitted, returned, approved, escalated, closure proposed, closed
        [3, 5, 1, 20, 2, 2, 67],
    )
    lines = []
    with psycopg.connect(url, autocommit=True) as connection:
        filler = other_required_columns(connection)
        started = time.perf_counter()
        connection.execute("SELECT setseed(0.14)")
        # One row of random picks per case first, then the case from it. Dated in the order of
        # their ids, as cases are written: a period's cases lie together on disk.
        connection.execute(f"""
            CREATE TEMPORARY TABLE picks AS
            SELECT g AS id, 1 + g % {PG_STATIONS} AS station_id,
                   now() - ({cases} - g + random()) * interval '5 years' / {cases} AS at,
                   {pick(MOTIVES, MOTIVES.values())} AS motive,
                   {pick(MOTIVES, MOTIVES.values())} AS second_motive,
                   {pick(offences)} AS first, {pick(offences)} AS second,
                   random() AS r, {status} AS status,
                   {pick(PLACES)} AS place_type, {pick(DISTRICTS)} AS district
            FROM generate_series(1, {cases}) AS g
        """)
        names = ", ".join(filler)
        values = ", ".join(filler.values())
        connection.execute(f"""
            INSERT INTO cases (id, reference, station_id, year, number, status, created_at,
                created_by_id, officer_id, updated_at, updated_by_id, protocol_pack,
                protocol_version, listed_at, occurred_at, place_type, district, classification,
                place, search_text, {names})
            SELECT o.id, 'ST-' || o.station_id || '-' || o.id, o.station_id,
                extract(year FROM o.at)::int, o.id, o.status, o.at, {user_id}, {user_id}, o.at,
                {user_id}, 'default', '1', o.at, o.at,
                CASE WHEN o.r < 0.03 THEN '' ELSE o.place_type END,
                CASE WHEN o.r < 0.05 THEN '' ELSE o.district END,
                {classification}, 'Rua ' || o.district || ' ' || (o.id % 500),
                lower('st-' || o.station_id || '-' || o.id || ' rua ' || o.district || ' '
                      || o.place_type), {values}
            FROM picks o
        """)
        # Motives: 2% none (not recorded), 12% a second one; offence types: 30% two.
        connection.execute("""
            INSERT INTO case_motives (case_id, motive, position)
            SELECT id, motive, 0 FROM picks WHERE r >= 0.02
            UNION ALL SELECT id, second_motive, 1 FROM picks
            WHERE r >= 0.88 AND second_motive <> motive
        """)
        connection.execute("""
            INSERT INTO case_offences (case_id, offence_type, position)
            SELECT id, first, 0 FROM picks
            UNION ALL SELECT id, second, 1 FROM picks WHERE r < 0.3 AND second <> first
        """)
        # About 1% duplicates, each of the case before it.
        connection.execute("UPDATE cases SET duplicate_of_id = id - 1 WHERE id % 97 = 0 AND id > 1")
        # Outcomes of about 8%: sent to the prosecutor a month on, half of them charged three
        # months on, a third of those convicted and some acquitted within a year.
        connection.execute("""
            INSERT INTO case_outcomes (case_id, kind, happened_on, recorded_at, recorded_by)
            SELECT id, kind, (at + days * interval '1 day')::date, now(), 'admin'
            FROM picks, LATERAL (VALUES
                ('sent_to_prosecutor', 30, r < 0.08),
                ('charged', 90, r < 0.04),
                ('convicted', 330, r < 0.013),
                ('acquitted', 360, r >= 0.013 AND r < 0.02)
            ) AS steps (kind, days, taken)
            WHERE taken AND at + days * interval '1 day' < now()
        """)
        connection.execute("DROP TABLE picks")
        filled = time.perf_counter() - started
        connection.execute("VACUUM ANALYZE")  # as autovacuum would
        counts = connection.execute(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_motives),"
            " (SELECT count(*) FROM case_offences), (SELECT count(*) FROM case_outcomes),"
            " (SELECT count(*) FROM cases WHERE duplicate_of_id IS NOT NULL)"
        ).fetchone()
        assert counts is not None
        line = (
            f"postgresql: filled in {filled:.1f} s, vacuumed and analysed in"
            f" {time.perf_counter() - started - filled:.1f} s: {counts[0]:,} cases,"
            f" {counts[1]:,} motives, {counts[2]:,} offence types, {counts[3]:,} outcomes,"
            f" {counts[4]:,} duplicates"
        )
        print(line, flush=True)
        lines.append(line)
    return lines


def other_required_columns(connection: Any) -> dict[str, str]:
    """The other columns of `cases` a row must be given (NOT NULL, no default), each with a
    value of its type, so that the fill follows the schema as it grows."""
    given = {
        "id", "reference", "station_id", "year", "number", "status", "created_at",
        "created_by_id", "officer_id", "updated_at", "updated_by_id", "protocol_pack",
        "protocol_version", "listed_at", "occurred_at", "place_type", "district", "classification",
        "place", "search_text",
    }  # fmt: skip
    fillers = {"boolean": "false", "integer": "1", "json": "'[]'", "jsonb": "'[]'"}
    rows = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'cases'"
        " AND is_nullable = 'NO' AND column_default IS NULL ORDER BY ordinal_position"
    ).fetchall()
    return {
        name: "now()" if kind.startswith("timestamp") else fillers.get(kind, "''")
        for name, kind in rows
        if name not in given
    }


def sqlite_fill(connection: Any, cases: int, user_id: int) -> str:
    """`cases` cases as pg_fill makes them (without outcomes), inside SQLite: `connection` is
    the program's own (its driver and key)."""

    def pick_sql(values: Iterable[str], salt: int) -> str:
        values = list(values)
        whens = " ".join(
            f"WHEN {i} THEN '{v.replace(chr(39), chr(39) * 2)}'" for i, v in enumerate(values)
        )
        return f"CASE (g * {salt} + (g / 7) * 13) % {len(values)} {whens} END"

    offences = sorted({o for values in OFFENCES_BY_MOTIVE.values() for o in values})
    statuses = [s.value for s in CaseStatus for _ in range(1)]
    five_years = 5 * 365 * 86400
    started = time.perf_counter()
    cursor = connection.cursor()
    cursor.execute("DROP TABLE IF EXISTS temp.picks")
    cursor.execute(f"""
        CREATE TEMPORARY TABLE picks AS
        WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < {cases})
        SELECT g AS id, 1 + g % {PG_STATIONS} AS station_id,
               strftime('%Y-%m-%d %H:%M:%f', 'now',
                        '-' || (({cases} - g) * {five_years} / {cases}) || ' seconds') || '000'
                   AS at,
               {pick_sql(MOTIVES, 7)} AS motive, {pick_sql(MOTIVES, 11)} AS second_motive,
               {pick_sql(offences, 5)} AS first, {pick_sql(statuses, 3)} AS status,
               {pick_sql(PLACES, 17)} AS place_type, {pick_sql(DISTRICTS, 19)} AS district,
               (g * 37) % 100 AS r
        FROM n
    """)
    classification = (
        "CASE o.first "
        + " ".join(f"WHEN '{o}' THEN '{c}'" for o, c in CLASSIFICATION_BY_OFFENCE.items())
        + " ELSE 'hate_crime' END"
    )
    filler = sqlite_required_columns(cursor)
    names = "".join(f", {name}" for name in filler)
    values = "".join(f", {value}" for value in filler.values())
    cursor.execute(f"""
        INSERT INTO cases (id, reference, station_id, year, number, status, created_at,
            created_by_id, officer_id, updated_at, updated_by_id, protocol_pack,
            protocol_version, listed_at, occurred_at, place_type, district, classification,
            place, search_text{names})
        SELECT o.id, 'ST-' || o.station_id || '-' || o.id, o.station_id,
            CAST(substr(o.at, 1, 4) AS INTEGER), o.id, o.status, o.at, {user_id}, {user_id}, o.at,
            {user_id}, 'default', '1', o.at, o.at, o.place_type, o.district, {classification},
            'Rua ' || o.district || ' ' || (o.id % 500),
            lower('st-' || o.station_id || '-' || o.id || ' rua ' || o.district || ' '
                  || o.place_type)
            {values}
        FROM picks o
    """)
    cursor.execute("""
        INSERT INTO case_motives (case_id, motive, position)
        SELECT id, motive, 0 FROM picks WHERE r >= 2
        UNION ALL SELECT id, second_motive, 1 FROM picks WHERE r >= 88 AND second_motive <> motive
    """)
    cursor.execute("UPDATE cases SET duplicate_of_id = id - 1 WHERE id % 97 = 0 AND id > 1")
    cursor.execute("DROP TABLE temp.picks")
    connection.commit()
    filled = time.perf_counter() - started
    cursor.execute("ANALYZE")
    connection.commit()
    return (
        f"sqlite: {cases:,} cases filled in {filled:.1f} s, analysed in"
        f" {time.perf_counter() - started - filled:.1f} s"
    )


def sqlite_required_columns(cursor: Any) -> dict[str, str]:
    """As other_required_columns, from SQLite's table_info."""
    given = {
        "id", "reference", "station_id", "year", "number", "status", "created_at",
        "created_by_id", "officer_id", "updated_at", "updated_by_id", "protocol_pack",
        "protocol_version", "listed_at", "occurred_at", "place_type", "district", "classification",
        "place", "search_text",
    }  # fmt: skip
    rows = cursor.execute("PRAGMA table_info(cases)").fetchall()
    fillers = {
        "BOOLEAN": "0",
        "INTEGER": "1",
        "JSON": "'[]'",
        "DATETIME": "'2026-01-01 00:00:00.000000'",
    }
    return {
        name: fillers.get(kind.upper(), "''")
        for _cid, name, kind, notnull, default, _pk in rows
        if notnull and default is None and name not in given
    }
