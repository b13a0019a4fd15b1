"""The case list at 100,000 and at a million cases, on SQLite and on PostgreSQL: the first page,
the jump to the end, a search and each filter, through the service as the list asks them
(200 rows, paged by key), each against the same page as one bare SQL query through the same
driver in the same run (median of --runs). Prints ours/bare and, per figure, million/100,000
(target: at most 2x).

Cases are made by bench/fill.py (inside the server, or inside SQLite): a PostgreSQL database of
its own on the test server, dropped at the end; a temporary SQLite file.

Usage: python bench/case_list_scale.py [--engine both|sqlite|postgresql] [--sizes 100000,1000000]
       [--pg-server postgresql+psycopg://app@127.0.0.1:55432] [--runs 7]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from argon2 import PasswordHasher
from fill import pg_accounts, pg_fill, sqlite_fill

from app.domain.case import CaseQuery, CaseStatus
from app.services import Services, open_services
from app.services.context import Actor

PAGE = 200
PG_DATABASE = "bench_case_list_scale"
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
COLUMNS = (
    "c.id, c.reference, c.occurred_at, c.place, c.district, c.classification, c.status,"
    " c.duplicate_of_id, u.full_name"
)
SINCE = date.today() - timedelta(days=30)
SINCE_SQL = (
    datetime.combine(SINCE, datetime.min.time()).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
)


def bare(where: str = "", *, last: bool = False, station: bool = False) -> str:
    order = "ASC" if last else "DESC"
    conditions = [w for w in (where, "c.station_id = 1" if station else "") if w]
    return (
        f"SELECT {COLUMNS} FROM cases c JOIN users u ON u.id = c.officer_id"
        + (" WHERE " + " AND ".join(conditions) if conditions else "")
        + f" ORDER BY c.listed_at {order}, c.id {order} LIMIT {PAGE}"
    )


def cases_of(services: Services, actor: Actor, query: CaseQuery, **where: Any) -> Callable[[], Any]:
    return lambda: services.cases.list_cases(actor, query, PAGE, **where)


def figures(services: Services, admin: Actor, supervisor: Actor) -> list[tuple[str, Any, str]]:
    """(name, our call, the bare SQL)."""
    return [
        ("first page", cases_of(services, admin, CaseQuery()), bare()),
        ("jump to end", cases_of(services, admin, CaseQuery(), last=True), bare(last=True)),
        ("search 'rua'", cases_of(services, admin, CaseQuery(text="rua")),
         bare("c.search_text LIKE '%rua%'")),
        ("status closed", cases_of(services, admin, CaseQuery(statuses=(CaseStatus.CLOSED,))),
         bare("c.status = 'closed'")),
        ("station (supervisor)", cases_of(services, supervisor, CaseQuery()), bare(station=True)),
        ("motive", cases_of(services, admin, CaseQuery(motive="anti_roma")),
         bare("EXISTS (SELECT 1 FROM case_motives m WHERE m.case_id = c.id"
              " AND m.motive = 'anti_roma')")),
        ("officer", cases_of(services, admin, CaseQuery(officer_id=admin.user_id)),
         bare(f"c.officer_id = {admin.user_id}")),
        ("last 30 days", cases_of(services, admin, CaseQuery(date_from=SINCE)),
         bare(f"c.occurred_at >= '{SINCE_SQL}'")),
        ("status closed, end", cases_of(
            services, admin, CaseQuery(statuses=(CaseStatus.CLOSED,)), last=True),
         bare("c.status = 'closed'", last=True)),
    ]  # fmt: skip


def median_ms(runs: int, work: Callable[[], object]) -> float:
    work()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2] * 1000  # (bench/statistics.py shadows the module)


def measure(services: Services, runs: int) -> dict[str, tuple[float, float]]:
    from fill import PG_PASSWORD  # noqa: PLC0415

    admin = services.accounts.authenticate("admin", PG_PASSWORD)
    supervisor = services.accounts.authenticate("supervisor", PG_PASSWORD)
    raw = services.backend.engine.raw_connection()
    try:
        results = {}
        for name, ours, sql in figures(services, admin, supervisor):

            def theirs(sql: str = sql) -> object:
                cursor = raw.cursor()
                cursor.execute(sql)
                return cursor.fetchall()

            results[name] = (median_ms(runs, ours), median_ms(runs, theirs))
            assert len(ours()) == len(theirs()), name
        return results
    finally:
        raw.close()


def hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def sqlite_run(cases: int, runs: int) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(
            f"sqlite:///{folder}/scale.sqlite3", hasher=hasher(),
            database_keys=Path(folder) / "keys",
        )  # fmt: skip
        try:
            actors = pg_accounts(services)
            raw = services.backend.engine.raw_connection()
            try:
                print(sqlite_fill(raw, cases, actors[0][1].user_id), flush=True)
            finally:
                raw.close()
            return measure(services, runs)
        finally:
            services.close()


def pg_run(server: str, cases: int, runs: int) -> dict[str, tuple[float, float]]:
    admin_url = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    try:
        services = open_services(f"{server}/{PG_DATABASE}", hasher=hasher())
        try:
            actors = pg_accounts(services)
            url = admin_url.rsplit("/", 1)[0] + "/" + PG_DATABASE
            pg_fill(url, cases, actors[0][1].user_id)  # it prints what it made
            return measure(services, runs)
        finally:
            services.close()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--pg-server", default="postgresql+psycopg://app@127.0.0.1:55432")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    lines = []
    for engine in engines:
        by_size = {}
        for size in sizes:
            if engine == "sqlite":
                by_size[size] = sqlite_run(size, args.runs)
            else:
                by_size[size] = pg_run(args.pg_server, size, args.runs)
            for name, (ours, theirs) in by_size[size].items():
                line = (
                    f"{engine} {size:>9,}: {name:<22} ours {ours:7.2f} ms, bare {theirs:7.2f} ms,"
                    f" ours/bare {ours / theirs:4.2f}"
                )
                print(line, flush=True)
                lines.append(line)
        small, large = min(sizes), max(sizes)
        if small != large:
            for name in by_size[small]:
                ratio = by_size[large][name][0] / by_size[small][name][0]
                line = f"{engine}: {name:<22} {large:,}/{small:,} = {ratio:4.2f}"
                print(line, flush=True)
                lines.append(line)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    with (RESULTS / "case_list_scale.txt").open("a", encoding="utf-8") as out:
        out.write(f"# {stamp}, {args.runs} runs each, median\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
