"""Many workstations at once on one PostgreSQL database (issue 15, point 3).

Each simulated workstation is a thread with its OWN services and connection pool, as a desk of
its own would have. Officers type drafts and autosave them (`save_draft`) every --think seconds,
submit their cases, print leaflets and export case files; supervisors review (approve or return),
print and export the year's figures. Every two workstations share an officer account and one
"hot" draft that both edit, to provoke conflicts on purpose.

At the end: operations per second by kind, save times (median, p95, slowest), conflicts (every
one a services Conflict), a check that no save was lost (each save that returned success is in
the database at a version >= its own, and each case holds the text of its newest successful
save: a conflict never overwrote the other's version), errors (must be 0), and the audit trail's
`verify` as the administrator.

Usage: python bench/load.py --db postgresql+psycopg://app@127.0.0.1:55432/<db>
           [--minutes 5] [--workstations 20] [--cases 3000] [--think 2.0] [--reuse]
The database's schema is emptied and filled with demo cases first (unless --reuse).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import select, text

from app.domain.case import CaseQuery, CaseStatus
from app.domain.checklist import CheckState
from app.domain.child import leaflet_readers
from app.domain.workflow import Action, Decision
from app.services import Services, open_services
from app.services.audit import Delivery
from app.services.context import Actor
from app.services.demo import DEMO_PASSWORD, MORE_OFFICERS
from app.services.errors import Conflict, NotAllowed, Refused
from app.storage import cases as repo
from app.storage.engine import make_engine
from app.storage.tables import Case

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
OFFICERS = ["officer", *(username for username, _name, _station in MORE_OFFICERS)]
SUPERVISORS = ["supervisor", "lmarques"]
REASON = "Load test: case work"
WORDS = ("the", "group", "shouted", "at", "the", "victim", "near", "the", "bus", "stop")


@dataclass
class Tally:
    """What one workstation did: counts by kind, save times, the saves that succeeded."""

    ops: Counter[str] = field(default_factory=Counter)
    save_ms: list[float] = field(default_factory=list)
    conflicts: int = 0
    not_conflict: int = 0  # a conflict seen other than as a services Conflict: must stay 0
    overwritten: int = 0  # a conflict after which the other's version was gone: must stay 0
    errors: list[str] = field(default_factory=list)
    saved: list[tuple[int, int, str]] = field(default_factory=list)  # case id, version, text


@dataclass(frozen=True)
class Shared:
    """What the workstations share: when to stop (wall clock, the same in every process), and
    the hot draft of each officer account, which its two desks both edit."""

    stop_at: float
    hot: dict[str, int]


def memory() -> Delivery:
    return Delivery("memory", lambda content: None)


class Workstation:
    def __init__(
        self, number: int, connect: Callable[[], Services], username: str, shared: Shared,
        think: float, seed: int,
    ) -> None:  # fmt: skip
        self.number, self.connect, self.username = number, connect, username
        self.shared, self.think = shared, think
        self.rng = random.Random(seed + number)
        self.tally = Tally()

    def run(self) -> Tally:
        services = self.connect()
        try:
            actor = services.accounts.authenticate(self.username, DEMO_PASSWORD)
            while time.time() < self.shared.stop_at:
                try:
                    if actor.role.value == "supervisor":
                        self.review(services, actor)
                    else:
                        self.work(services, actor)
                except Exception as error:  # counted, never hidden: errors must be 0
                    self.tally.errors.append(f"{type(error).__name__}: {error}")
                    traceback.print_exc()
        finally:
            services.close()
        return self.tally

    def pause(self) -> None:
        time.sleep(self.rng.uniform(0.5, 1.5) * self.think)

    def timed(self, kind: str, call: Callable[[], object]) -> object:
        started = time.perf_counter()
        result = call()
        self.tally.ops[kind] += 1
        if kind == "save":
            self.tally.save_ms.append((time.perf_counter() - started) * 1000)
        return result

    # ------------------------------------------------------------------ officers

    def work(self, services: Services, actor: Actor) -> None:
        roll = self.rng.random()
        if roll < 0.4:
            case_id = self.shared.hot[actor.username]
        elif roll < 0.5:
            case_id = int(self.timed("create", lambda: services.cases.create_draft(actor).id))
        else:
            own = services.cases.list_cases(actor, _own_open(actor), limit=50)
            if not own:
                return
            case_id = self.rng.choice(own).id
        self.type_and_save(services, actor, case_id, submit=roll >= 0.5)
        if self.rng.random() < 0.3:
            record = services.cases.open_case(actor, case_id, REASON).record
            readers = leaflet_readers(record)  # a case of two victims prints for one of them
            if readers:
                reader = self.rng.choice(readers).key
                self.timed(
                    "print",
                    lambda: services.documents.leaflet(
                        actor,
                        "en",
                        record.reference,
                        delivery=memory(),
                        person_key=reader,
                        reason=REASON,
                    ),
                )

    def type_and_save(self, services: Services, actor: Actor, case_id: int, submit: bool) -> None:
        opened = self.timed("open", lambda: services.cases.open_for_editing(actor, case_id, REASON))
        assert not isinstance(opened, (int, type(None)))
        for _typing in range(self.rng.randint(2, 5)):
            self.pause()
            typed = f"{opened.record.narrative} {self.rng.choice(WORDS)}"[-2000:].strip()
            marker = f"{typed} [ws{self.number}:{time.monotonic_ns()}]"
            record = replace(opened.record, narrative=marker)
            version = opened.version
            try:
                saved = self.timed(
                    "save",
                    lambda: services.cases.save_draft(actor, case_id, version, record),  # noqa: B023
                )
            except Conflict:
                self.tally.conflicts += 1
                # The other's version stays: reload it, as the wizard does, and go on from it
                # (unless the other desk submitted it meanwhile: then it is no longer a draft).
                if services.cases.open_case(actor, case_id, REASON).record.narrative == marker:
                    self.tally.overwritten += 1
                try:
                    opened = services.cases.open_for_editing(actor, case_id, REASON)
                except NotAllowed:
                    return
                continue
            except Exception as error:
                if "conflict" in type(error).__name__.lower() or "serializ" in str(error).lower():
                    self.tally.not_conflict += 1
                raise
            opened = saved  # type: ignore[assignment]
            self.tally.saved.append((case_id, opened.version, marker))
        if submit:
            try:
                self.timed("submit", lambda: services.cases.submit(actor, case_id, opened.version))
            except Conflict:
                self.tally.conflicts += 1
            except (Refused, NotAllowed):
                self.tally.ops["submit_refused"] += 1  # an incomplete demo draft: the rule

    # ------------------------------------------------------------------ supervisors

    def review(self, services: Services, actor: Actor) -> None:
        self.pause()
        queue = self.timed("queue", lambda: services.cases.review_queue(actor))
        assert isinstance(queue, list)
        waiting = [c for c in queue if c.status is CaseStatus.SUBMITTED][:20]
        if waiting:
            case = self.rng.choice(waiting)
            opened = self.timed("open", lambda: services.cases.open_case(actor, case.id, REASON))
            checks = services.cases.checklist(actor, case.id)
            judged = tuple(c.id for c in checks if c.state is CheckState.JUDGEMENT)
            version = opened.version  # type: ignore[attr-defined]
            try:
                if self.rng.random() < 0.6:
                    decision = Decision("Reviewed.", checks=judged)
                    self.timed(
                        "approve",
                        lambda: services.cases.apply(
                            actor, case.id, version, Action.APPROVE, decision
                        ),
                    )
                else:
                    self.timed(
                        "return",
                        lambda: services.cases.apply(
                            actor, case.id, version, Action.RETURN, "Please add the witnesses."
                        ),
                    )
            except Conflict:
                self.tally.conflicts += 1
            except (Refused, NotAllowed):
                self.tally.ops["review_refused"] += 1
            if self.rng.random() < 0.3:  # the case file, as a supervisor may export it
                reference = opened.record.reference  # type: ignore[attr-defined]
                self.timed(
                    "export",
                    lambda: services.exchange.export_case(actor, reference, REASON, memory()),
                )
        roll = self.rng.random()
        if roll < 0.2:
            self.timed("print", lambda: services.documents.leaflet(actor, "en", delivery=memory()))
        elif roll < 0.3:
            year = services.backend.clock().year
            self.timed(
                "export",
                lambda: services.statistics.export(actor, year, None, "csv", memory()),
            )


def _own_open(actor: Actor) -> CaseQuery:
    return CaseQuery(officer_id=actor.user_id, statuses=(CaseStatus.DRAFT, CaseStatus.RETURNED))


def accounts(workstations: int) -> list[str]:
    """Who signs in at each workstation: a fifth supervisors, the rest officers, two desks per
    officer account (the pair that shares a hot draft)."""
    supervisors = max(1, workstations // 5)
    officers = workstations - supervisors
    names = [OFFICERS[(n // 2) % len(OFFICERS)] for n in range(officers)]
    return names + [SUPERVISORS[n % len(SUPERVISORS)] for n in range(supervisors)]


class LockWaits:
    """Samples, twice a second, how many of the database's sessions wait for the audit chain's
    lock (PostgreSQL's advisory lock): the turns the workstations take, seen from the server."""

    def __init__(self, services: Services) -> None:
        self.services, self.samples = services, [0]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        query = text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event = 'advisory'"
        )
        while not self.done.wait(0.5):
            with self.services.backend.engine.connect() as connection:
                self.samples.append(int(connection.scalar(query) or 0))

    def __enter__(self) -> LockWaits:
        if self.services.backend.engine.dialect.name == "postgresql":
            self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()


@dataclass(frozen=True)
class Report:
    seconds: float
    ops: Counter[str]
    save_ms: list[float]
    conflicts: int
    not_conflict: int
    overwritten: int
    lost: int
    errors: list[str]
    intact: bool
    lock_waits: list[int]

    def lines(self) -> list[str]:
        saves = sorted(self.save_ms) or [0.0]
        out = [f"{self.seconds:.0f} s"]
        for kind, count in sorted(self.ops.items()):
            out.append(f"  {kind:<15} {count:>7}  {count / self.seconds:8.2f}/s")
        out += [
            f"saves: {len(self.save_ms)}, median {saves[len(saves) // 2]:.1f} ms, "
            f"p95 {saves[int(0.95 * (len(saves) - 1))]:.1f} ms, slowest {saves[-1]:.1f} ms",
            f"conflicts: {self.conflicts} (all services Conflict: {self.not_conflict == 0}; "
            f"other's version overwritten: {self.overwritten})",
            f"sessions waiting for the audit chain's lock: mean "
            f"{sum(self.lock_waits) / len(self.lock_waits):.1f}, most {max(self.lock_waits)}",
            f"saves lost: {self.lost}",
            f"errors: {len(self.errors)}",
            f"audit verify: {'intact' if self.intact else 'NOT INTACT'}",
        ]
        return out


def _run(desks: list[Workstation], processes: bool) -> None:
    """Each desk in a process of its own (forked: no Python lock makes them take turns, as on
    real desks) or a thread; each desk's tally comes back to it."""
    if processes:
        context = multiprocessing.get_context("fork")
        results: multiprocessing.Queue[tuple[int, Tally]] = context.Queue()
        workers = [
            context.Process(target=lambda d=desk: results.put((d.number, d.run())))
            for desk in desks
        ]
        for worker in workers:
            worker.start()
        tallies = dict(results.get() for _worker in workers)
        for worker in workers:
            worker.join()
        for desk in desks:
            desk.tally = tallies[desk.number]
    else:
        threads = [threading.Thread(target=desk.run, name=f"ws{desk.number}") for desk in desks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def run(
    connect: Callable[[], Services], workstations: int, seconds: float, think: float,
    seed: int = 2026, processes: bool = False,
) -> Report:  # fmt: skip
    """Runs the workstations for `seconds`, then checks what they saved."""
    names = accounts(workstations)
    services = connect()
    try:
        hot = {}
        for name in dict.fromkeys(n for n in names if n in OFFICERS):
            actor = services.accounts.authenticate(name, DEMO_PASSWORD)
            hot[name] = services.cases.create_draft(actor).id
    finally:
        services.close()
    shared = Shared(time.time() + seconds, hot)
    desks = [
        Workstation(n, connect, username, shared, think, seed) for n, username in enumerate(names)
    ]
    sampler = LockWaits(connect())
    started = time.monotonic()
    with sampler:
        _run(desks, processes)
    elapsed = time.monotonic() - started
    sampler.services.close()

    ops: Counter[str] = Counter()
    errors: list[str] = []
    newest: dict[int, tuple[int, str]] = {}
    for desk in desks:
        ops.update(desk.tally.ops)
        errors += desk.tally.errors
        for case_id, version, marker in desk.tally.saved:
            if case_id not in newest or version > newest[case_id][0]:
                newest[case_id] = (version, marker)
    services = connect()
    try:
        lost = 0
        with services.backend.reading() as session:
            for case_id, (version, marker) in newest.items():
                row = repo.load_case(session, case_id)
                if row is None or row.version < version or repo.to_record(row).narrative != marker:
                    lost += 1
        admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
        intact = services.audit.verify(admin).intact
    finally:
        services.close()
    return Report(
        elapsed,
        ops,
        [ms for desk in desks for ms in desk.tally.save_ms],
        sum(d.tally.conflicts for d in desks),
        sum(d.tally.not_conflict for d in desks),
        sum(d.tally.overwritten for d in desks),
        lost,
        errors,
        intact,
        sampler.samples,
    )


def fill(url: str, keys: Path, cases: int) -> float:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    started = time.perf_counter()
    services = open_services(url, hasher=CHEAP, audit_keys=keys)
    try:
        services.demo.fill(cases)
    finally:
        services.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a PostgreSQL URL (its schema is emptied)")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--workstations", type=int, default=20)
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--think", type=float, default=2.0, help="seconds between autosaves")
    parser.add_argument("--keys", type=Path, help="the audit keys' folder (default: a new one)")
    parser.add_argument("--threads", action="store_true", help="threads, not processes")
    parser.add_argument("--reuse", action="store_true", help="keep the database as it is")
    args = parser.parse_args()
    keys = args.keys or Path(tempfile.mkdtemp(prefix="proximity-desk-load-keys-"))
    if not args.reuse:
        took = fill(args.db, keys, args.cases)
        print(f"demo fill of {args.cases} cases: {took:.1f} s")

    def connect() -> Services:
        return open_services(args.db, hasher=CHEAP, audit_keys=keys, migrate=False)

    with make_engine(args.db).connect() as connection:
        before = connection.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
    print(
        f"{args.workstations} workstations ({'threads' if args.threads else 'processes'}) "
        f"for {args.minutes} min, think {args.think} s "
        f"(cases up to id {before})"
    )
    report = run(
        connect, args.workstations, args.minutes * 60, args.think, processes=not args.threads
    )
    print("\n".join(report.lines()))
    for error in report.errors[:10]:
        print("error:", error)
    failed = report.errors or report.lost or report.overwritten or report.not_conflict
    raise SystemExit(1 if failed or not report.intact else 0)


if __name__ == "__main__":
    main()
