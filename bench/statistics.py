"""Statistics over many cases: the figures through the service (app.services.statistics, as the
view asks them) against the bare aggregate SQL doing the same counting through the same driver,
measured in the same run (median of --runs), and checked to give the same figures.

- SQLite: the 100,000-case demo database (`proximity-desk demo --cases`, timed).
- PostgreSQL: a million cases in a database of its own on the test server, created, filled in
  the server with INSERT ... SELECT over generate_series (cases of ten stations over five years,
  their motives, some with two, offence types, about 1% duplicates, outcomes for about 8%: the
  fill is timed), analysed, and dropped at the end.

Each is measured for an administrator (every station) and a supervisor (one station), over the
last 12 months and the last 5 years: the first figures (the total, the months and the motives:
what the view shows first) and every figure (every table and the outcomes).

Usage: python bench/statistics.py [--engine both|sqlite|postgresql] [--cases 100000]
       [--pg-cases 1000000] [--pg-server postgresql+psycopg://app@127.0.0.1:55432] [--runs 7]
       [--reuse]
Targets (README): first figures < 500 ms on SQLite with 100,000 cases, < 1 s on PostgreSQL with
a million.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from argon2 import PasswordHasher
from fill import pg_accounts, pg_fill

from app.domain.case import Role
from app.domain.statistics import (
    PROSECUTION,
    SENTENCE,
    Dimension,
    StatsQuery,
    month_bounds,
)
from app.domain.statistics import Statistics as Figures
from app.services import Services, open_services
from app.services.context import Actor
from app.services.statistics import ALL, FIRST

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PG_DATABASE = "bench_stats_1m"
DEMO_PASSWORD = "demo"

# -- the bare SQL: the same counting, written out by hand -----------------------------------------

# What makes a case an incident (app/domain/statistics.py): not a duplicate, a counted status, the
# station; `dated` adds the period.
INCIDENT = "c.duplicate_of_id IS NULL AND c.status IN ({statuses}){station}"
DATED = " AND c.listed_at >= ? AND c.listed_at < ?"
CASE_COLUMNS = {
    Dimension.CLASSIFICATION: "c.classification",
    Dimension.PLACE_TYPE: "c.place_type",
    Dimension.DISTRICT: "c.district",
    Dimension.STATUS: "c.status",
}
UNDER_EACH = {
    Dimension.MOTIVE: ("case_motives", "motive"),
    Dimension.OFFENCE_TYPE: ("case_offences", "offence_type"),
}


class Bare:
    """The figures as a DBA would count them: one statement per table through the driver."""

    def __init__(self, connection: Any, engine: str, query: StatsQuery, station: int | None):
        self.connection = connection
        self.engine = engine
        self.query = query
        statuses = sorted(query.counted_statuses())
        self.where = INCIDENT.format(
            statuses=", ".join(f"'{s}'" for s in statuses),
            station=f" AND c.station_id = {station}" if station is not None else "",
        )
        start, end = query.bounds()
        self.period = (self.instant(start), self.instant(end))

    def instant(self, at: datetime) -> object:
        # SQLite keeps naive UTC text (app.storage.tables.UTCDateTime); PostgreSQL timestamptz.
        if self.engine == "sqlite":
            return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        return at

    def day(self, on: date) -> object:
        return on.isoformat() if self.engine == "sqlite" else on

    def rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        if self.engine != "sqlite":
            sql = sql.replace("?", "%s")
        cursor = self.connection.cursor()
        cursor.execute(sql, tuple(params))
        return list(cursor.fetchall())

    def figures(self, dimensions: Iterable[Dimension], outcomes: bool) -> dict[str, object]:
        where = self.where + DATED
        total = self.rows(f"SELECT count(*) FROM cases c WHERE {where}", self.period)[0][0]
        result: dict[str, object] = {"incidents": total}
        for dimension in dimensions:
            result[dimension.value] = self.by(dimension, where)
        if outcomes:
            result["outcomes"] = self.outcomes()
        return result

    def by(self, dimension: Dimension, where: str) -> dict[str, int]:
        if dimension is Dimension.MONTH:
            bounds = month_bounds(self.query.start, self.query.end)
            whens = " ".join("WHEN c.listed_at < ? THEN ?" for _ in bounds)
            params: list[object] = []
            for key, _start, end in bounds:
                params += [self.instant(end), key]
            sql = (
                f"SELECT CASE {whens} ELSE '' END AS k, count(*) FROM cases c"
                f" WHERE {where} GROUP BY k"
            )
            return counted(self.rows(sql, [*params, *self.period]))
        if dimension in CASE_COLUMNS:
            column = CASE_COLUMNS[dimension]
            sql = f"SELECT coalesce({column}, ''), count(*) FROM cases c WHERE {where} GROUP BY 1"
            return counted(self.rows(sql, self.period))
        table, column = UNDER_EACH[dimension]
        # One LEFT JOIN: a case without a row counts under NULL, i.e. not recorded.
        sql = (
            f"SELECT coalesce(x.{column}, ''), count(*) FROM cases c"
            f" LEFT JOIN {table} x ON x.case_id = c.id WHERE {where} GROUP BY 1"
        )
        return counted(self.rows(sql, self.period))

    def outcomes(self) -> dict[str, object]:
        on = (self.day(self.query.start), self.day(self.query.end))
        by_kind = self.rows(
            "SELECT o.kind, count(*) FROM case_outcomes o JOIN cases c ON c.id = o.case_id"
            f" WHERE o.happened_on >= ? AND o.happened_on <= ? AND {self.where} GROUP BY o.kind",
            on,
        )
        firsts = {}
        for name, kinds in (("prosecuted", PROSECUTION), ("sentenced", SENTENCE)):
            listed = ", ".join(f"'{kind}'" for kind in sorted(kinds))
            firsts[name] = self.rows(
                "SELECT count(*) FROM (SELECT o.case_id, min(o.happened_on) AS first"
                " FROM case_outcomes o JOIN cases c ON c.id = o.case_id"
                f" WHERE o.kind IN ({listed}) AND {self.where} GROUP BY o.case_id) f"
                " WHERE f.first >= ? AND f.first <= ?",
                on,
            )[0][0]
        return {"by_kind": counted(by_kind), **firsts}


def counted(rows: Iterable[tuple[Any, ...]]) -> dict[str, int]:
    return {str(key): int(n) for key, n in rows if n}


def as_bare(figures: Figures) -> dict[str, object]:
    """The service's figures in the bare query's shape, to check that both counted the same."""
    result: dict[str, object] = {"incidents": figures.incidents}
    for dimension, table in figures.tables.items():
        result[dimension.value] = {c.key: c.count for c in table.counts if c.count}
    if figures.outcomes is not None:
        result["outcomes"] = {
            "by_kind": {c.key: c.count for c in figures.outcomes.by_kind if c.count},
            "prosecuted": figures.outcomes.prosecuted,
            "sentenced": figures.outcomes.sentenced,
        }
    return result


# -- measuring -------------------------------------------------------------------------------------


def median(runs: int, work: Callable[[], object]) -> float:
    # By hand: this file's name hides the standard library's `statistics` from itself.
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def periods(today: date) -> list[tuple[str, StatsQuery]]:
    year_ago = today.replace(year=today.year - 1) + timedelta(days=1)
    five_years = today.replace(year=today.year - 5) + timedelta(days=1)
    return [("12 months", StatsQuery(year_ago, today)), ("5 years", StatsQuery(five_years, today))]


def measure(
    services: Services,
    raw: Any,
    engine: str,
    actors: list[tuple[str, Actor]],
    runs: int,
    target_ms: float,
) -> list[str]:
    lines = []
    for who, actor in actors:
        station = None if actor.role is Role.ADMIN else actor.station_id
        for period, query in periods(date.today()):
            bare = Bare(raw, engine, query, station)
            for what, dimensions, outcomes in (
                ("first figures", FIRST, False),
                ("every figure", ALL, True),
            ):

                def ours(
                    actor: Actor = actor,
                    query: StatsQuery = query,
                    dimensions: tuple[Dimension, ...] = dimensions,
                    outcomes: bool = outcomes,
                ) -> Figures:
                    return services.statistics.statistics(
                        actor, query, dimensions=dimensions, with_outcomes=outcomes
                    )

                def theirs(
                    bare: Bare = bare,
                    dimensions: tuple[Dimension, ...] = dimensions,
                    outcomes: bool = outcomes,
                ) -> dict[str, object]:
                    return bare.figures(dimensions, outcomes)

                figures = ours()
                if as_bare(figures) != theirs():
                    raise SystemExit(f"{engine} {who} {period} {what}: not the same figures")
                program, baseline = median(runs, ours), median(runs, theirs)
                target = f" (target < {target_ms:.0f} ms)" if what == "first figures" else ""
                line = (
                    f"{engine:10} {who:13} {period:9} {what:13} {program * 1000:7.1f} ms,"
                    f" bare SQL {baseline * 1000:7.1f} ms, ratio {program / baseline:5.2f},"
                    f" {figures.incidents:>7,} incidents{target}"
                )
                print(line, flush=True)
                lines.append(line)
    return lines


# -- SQLite: the demo database ---------------------------------------------------------------------


def sqlite_bench(cases: int, runs: int, reuse: bool) -> list[str]:
    path = RESULTS / f"statistics-{cases}.sqlite3"
    lines = []
    if reuse and path.exists():
        print(f"sqlite: reusing {path.name}")
    else:
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "--db",
                f"sqlite:///{path}",
                "demo",
                "--cases",
                str(cases),
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        line = f"sqlite: {cases:,} demo cases built in {time.perf_counter() - started:.1f} s"
        print(line, flush=True)
        lines.append(line)
    services = open_services(f"sqlite:///{path}")
    raw = services.backend.engine.raw_connection()  # the same library and key as the program
    try:
        actors = [
            ("administrator", services.accounts.authenticate("admin", DEMO_PASSWORD)),
            ("supervisor", services.accounts.authenticate("supervisor", DEMO_PASSWORD)),
        ]
        lines += measure(services, raw, "sqlite", actors, runs, 500)
    finally:
        raw.close()
        services.close()
    return lines


# -- PostgreSQL: a million cases -------------------------------------------------------------------


def pg_bench(server: str, cases: int, runs: int) -> list[str]:
    admin_url = psycopg_url(server) + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    try:
        url = f"{server}/{PG_DATABASE}"
        started = time.perf_counter()
        services = open_services(
            url, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        try:
            actors = pg_accounts(services)
            lines = pg_fill(psycopg_url(server) + "/" + PG_DATABASE, cases, actors[0][1].user_id)
            line = f"postgresql: {cases:,} cases made in {time.perf_counter() - started:.1f} s"
            print(line, flush=True)
            lines.append(line)
            raw = services.backend.engine.raw_connection()
            try:
                lines += measure(services, raw, "postgresql", actors, runs, 1000)
            finally:
                raw.close()
        finally:
            services.close()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    return lines


def psycopg_url(server: str) -> str:
    return server.replace("postgresql+psycopg://", "postgresql://")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--cases", type=int, default=100_000, help="SQLite demo cases")
    parser.add_argument("--pg-cases", type=int, default=1_000_000, help="PostgreSQL cases")
    parser.add_argument("--pg-server", default="postgresql+psycopg://app@127.0.0.1:55432")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the SQLite demo database")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = []
    if args.engine in ("both", "sqlite"):
        lines += sqlite_bench(args.cases, args.runs, args.reuse)
    if args.engine in ("both", "postgresql"):
        lines += pg_bench(args.pg_server, args.pg_cases, args.runs)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    with (RESULTS / "statistics.txt").open("a", encoding="utf-8") as out:
        out.write(f"# {stamp}, {args.runs} runs each, median\n" + "\n".join(lines) + "\n")
    print(f"results appended to {(RESULTS / 'statistics.txt').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
