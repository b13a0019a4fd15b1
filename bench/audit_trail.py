"""The audit viewer over a million events on SQLite: pages through the service
(app.services.audit_search, as the screen and `audit list` ask them) against the same page as one
bare SQL query through the same SQLite library, measured in the same run (median of --runs).

The events are inserted directly in bulk (not sealed: a seal per event would take minutes and the
search does not read seals), spread over a year, by 24 users of two stations, about 20,000 cases.
A first page also records the search in the trail (one sealed insert); a page turn does not, so
both are timed.

Usage: python bench/audit_trail.py [--events 1000000] [--runs 7] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from app.domain.audit_search import PAGE_SIZE, AuditFilter
from app.domain.case import Role
from app.domain.stations import StationDetails
from app.services import Services, open_services
from app.services.context import Actor
from app.storage.engine import sqlite_module

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PASSWORD = "bench password"
ACTIONS = ("view", "view", "view", "update", "login", "print", "export", "create", "submit")
START = datetime(2026, 1, 1, tzinfo=UTC)
CASES_PER_STATION = 10_000
USERS_PER_STATION = 12


def build(path: Path, events: int) -> float:
    """A database with two stations, their accounts, and `events` audit events about their
    cases (references of the stations' form; the station of a case is read from its reference
    in the raw baseline, from the cases table in the program: the bench makes the cases)."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    services = open_services(f"sqlite:///{path}", hasher=cheap, audit_keys=path.parent / "keys")
    try:
        services.accounts.set_up(
            station_code="LIS-01", station_name="Lisbon", username="admin", full_name="Admin",
            password=PASSWORD,
        )  # fmt: skip
        admin = services.accounts.authenticate("admin", PASSWORD)
        services.stations.add_station(admin, StationDetails("POR-01", "Porto"))
        for station in ("LIS-01", "POR-01"):
            for n in range(USERS_PER_STATION):
                role = Role.SUPERVISOR if n == 0 else Role.OFFICER
                services.accounts.add_user(
                    admin, username=user_name(station, n), full_name=f"User {n}", role=role,
                    password=PASSWORD, station_code=station,
                )  # fmt: skip
    finally:
        services.close()
    connection = sqlite_module().connect(str(path))
    try:
        stations = dict(connection.execute("SELECT code, id FROM stations"))
        officers = dict(connection.execute("SELECT username, id FROM users"))
        user_id = officers[user_name("LIS-01", 1)]
        columns = required_columns(connection, "cases")
        given = ("id", "reference", "station_id", "number")
        rows = [
            (
                number + 1 + (0 if station == "LIS-01" else CASES_PER_STATION),
                f"{station}-2026-{number + 1:06d}", stations[station], number + 1,
                *(columns[name](user_id) for name in columns if name not in given),
            )
            for station in ("LIS-01", "POR-01")
            for number in range(CASES_PER_STATION)
        ]  # fmt: skip
        names = [*given, *(name for name in columns if name not in given)]
        connection.executemany(
            f"INSERT INTO cases ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows
        )
        first_id = connection.execute("SELECT max(id) FROM audit_events").fetchone()[0] + 1
        rng = random.Random(13)
        step = timedelta(days=365) / events
        batch = []
        for n in range(events):
            station = "LIS-01" if rng.random() < 0.5 else "POR-01"
            at = (START + step * n).strftime("%Y-%m-%d %H:%M:%S.000000")
            reference = f"{station}-2026-{rng.randrange(CASES_PER_STATION) + 1:06d}"
            user = user_name(station, rng.randrange(USERS_PER_STATION))
            batch.append((
                first_id + n, at, user, rng.choice(ACTIONS), "case", reference, "Own case work",
                json.dumps({}), "0" * 64, "0" * 64,
            ))  # fmt: skip
            if len(batch) == 50_000:
                insert_events(connection, batch)
                batch = []
        insert_events(connection, batch)
        connection.commit()
    finally:
        connection.close()
    return time.perf_counter() - started


def required_columns(connection: Any, table: str) -> dict[str, Callable[[int], object]]:
    """The columns a row must be given (NOT NULL, no default), each with a filler: a user's id
    for a user column, a date for a date, 2026 for a year, an empty text otherwise."""

    def filler(name: str, kind: str) -> Callable[[int], object]:
        if name.endswith("_id"):
            return lambda user_id: user_id
        if "DATE" in kind.upper() or name.endswith("_at"):
            return lambda _user_id: "2026-01-01 00:00:00.000000"
        if name == "year":
            return lambda _user_id: 2026
        if "INT" in kind.upper():
            return lambda _user_id: 1
        return lambda _user_id: "draft" if name == "status" else ""

    return {
        name: filler(name, kind)
        for _cid, name, kind, notnull, default, _pk in connection.execute(
            f"PRAGMA table_info({table})"
        )
        if notnull and default is None
    }


def user_name(station: str, n: int) -> str:
    return f"{station.lower().replace('-', '')}.user{n}"


def insert_events(connection: object, rows: list[tuple[object, ...]]) -> None:
    connection.executemany(  # type: ignore[attr-defined]
        "INSERT INTO audit_events (id, at, username, action, object_type, object_ref, reason,"
        " details, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


RAW_COLUMNS = "id, at, username, action, object_type, object_ref, reason, details"
STATION_SCOPE = (
    " AND ((object_type NOT IN ('case', 'user', 'station') OR action = 'refused')"
    " AND EXISTS (SELECT 1 FROM users u WHERE u.username = e.username AND u.station_id = ?)"
    " OR object_type = 'case' AND EXISTS (SELECT 1 FROM cases c"
    " WHERE c.reference = e.object_ref AND c.station_id = ?)"
    " OR object_type = 'user' AND EXISTS (SELECT 1 FROM users u"
    " WHERE u.username = e.object_ref AND u.station_id = ?)"
    " OR object_type = 'station' AND EXISTS (SELECT 1 FROM stations s"
    " WHERE s.code = e.object_ref AND s.id = ?))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a database from a former run")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"audit-{args.events}.sqlite3"
    if args.reuse and path.exists():
        print(f"database: reusing {path.name}")
    else:
        print(f"database: {args.events:,} events inserted in {build(path, args.events):.1f} s")
    services = open_services(f"sqlite:///{path}", audit_keys=path.parent / "keys")
    raw = sqlite_module().connect(str(path))
    try:
        measure(services, raw, args.runs)
    finally:
        raw.close()
        services.close()


def measure(services: Services, raw: object, runs: int) -> None:
    admin = services.accounts.authenticate("admin", PASSWORD)
    supervisor = services.accounts.authenticate(user_name("LIS-01", 0), PASSWORD)
    middle: int = raw.execute("SELECT max(id) / 2 FROM audit_events").fetchone()[0]  # type: ignore[attr-defined]
    lisbon = raw.execute("SELECT id FROM stations WHERE code = 'LIS-01'").fetchone()[0]  # type: ignore[attr-defined]
    day = date(2026, 7, 1)
    start, end = (
        datetime.combine(d, datetime.min.time()).astimezone().astimezone(UTC)
        .strftime("%Y-%m-%d %H:%M:%S.000000")
        for d in (day, day + timedelta(days=1))
    )  # fmt: skip
    limit = PAGE_SIZE + 1
    cases: list[tuple[str, Actor, AuditFilter, int | None, str, tuple[object, ...]]] = [
        ("first page, no filter", admin, AuditFilter(), None, "", ()),
        ("page turn in the middle", admin, AuditFilter(), middle, " AND id < ?", (middle,)),
        ("by user", admin, AuditFilter(username=user_name("POR-01", 5)), None,
         " AND username = ?", (user_name("POR-01", 5),)),
        ("by case (about 50 events)", admin, AuditFilter(case_ref="LIS-01-2026-000123"), None,
         " AND object_type = 'case' AND object_ref = ?", ("LIS-01-2026-000123",)),
        ("one day and an action", admin, AuditFilter(action="print", date_from=day, date_to=day),
         None, " AND action = ? AND at >= ? AND at < ?", ("print", start, end)),
        ("supervisor, station scope", supervisor, AuditFilter(), None, STATION_SCOPE,
         (lisbon,) * 4),
        ("supervisor, station scope, page turn", supervisor, AuditFilter(), middle,
         " AND id < ?" + STATION_SCOPE, (middle, *(lisbon,) * 4)),
    ]  # fmt: skip
    for name, actor, search, before, where, params in cases:
        sql = (
            f"SELECT {RAW_COLUMNS} FROM audit_events e WHERE 1 = 1{where} ORDER BY id DESC LIMIT ?"
        )

        def ours(
            actor: Actor = actor, search: AuditFilter = search, before: int | None = before
        ) -> int:
            return len(services.audit_search.search(actor, search, before=before).entries)

        def bare(sql: str = sql, params: tuple[object, ...] = params) -> int:
            return len(raw.execute(sql, (*params, limit)).fetchall())  # type: ignore[attr-defined]

        shown, rows = ours(), bare()
        program, baseline = median(runs, ours), median(runs, bare)
        print(
            f"{name:38} {program * 1000:7.1f} ms, bare SQL {baseline * 1000:7.2f} ms,"
            f" ratio {program / baseline:6.1f}, {shown} shown ({rows} raw)"
        )


if __name__ == "__main__":
    main()
