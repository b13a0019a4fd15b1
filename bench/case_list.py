"""Start-up, sign-in and case-list search over 100,000 cases, each against a baseline measured in
the same run:

- program start to the sign-in window painted, against a bare Qt window painted (both are fresh
  processes of the same interpreter; the time runs from just before the process is started to the
  first paint, which the process writes down);
- signing in (argon2 check included) to the case list painted with its first page;
- a text search through the case list (the model's query and the repaint), against the same search
  as one raw SQL query through the sqlite3 module;
- the peak memory (maximum resident set size) of the process that ran the case list.

Usage: python bench/case_list.py [--cases 100000] [--runs 7] [--reuse]
Targets (README): start <= 1.5x bare window; list shown < 400 ms; search <= 2x raw and < 50 ms;
peak memory < 250 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from app.domain.case import CaseQuery
from app.services import open_services
from app.storage.engine import sqlite_module
from app.ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PROBE_ENV = "PROXIMITY_DESK_STARTUP_PROBE"

BARE_WINDOW = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
window = QWidget()
window.setWindowTitle("bare")
window.resize(420, 300)
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            with open(os.environ["PROXIMITY_DESK_STARTUP_PROBE"], "w") as f:
                f.write(repr(time.time()))
            app.exit(0)
        return False
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
"""

SEARCHES = ["benformoso", "headscarf", "alfama punched", "2025-0004", "rua"]


def build_database(path: Path, cases: int) -> float:
    if path.exists():
        path.unlink()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", "--db", f"sqlite:///{path}", "demo", "--cases", str(cases)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def time_to_first_paint(command: list[str]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "painted"
        env = {**os.environ, PROBE_ENV: str(probe)}
        started = time.time()
        subprocess.run(command, check=True, cwd=ROOT, env=env, timeout=60)
        return float(probe.read_text()) - started


def measure_start(url: str, runs: int) -> tuple[float, float]:
    bare, program = [], []
    time_to_first_paint([sys.executable, "-c", BARE_WINDOW])  # warm the file cache for both
    time_to_first_paint([sys.executable, "-m", "app", "--db", url])
    for _ in range(runs):  # interleaved, so that machine noise hits both alike
        bare.append(time_to_first_paint([sys.executable, "-c", BARE_WINDOW]))
        program.append(time_to_first_paint([sys.executable, "-m", "app", "--db", url]))
    return statistics.median(bare), statistics.median(program)


def raw_search(path: Path, station_id: int, word: str) -> float:
    """The same search as the list's, as one SQL query: page one with each case's motives."""
    connection = sqlite_module().connect(path)  # the same SQLite library as the program
    sql = """
        SELECT c.id, c.reference, c.occurred_at, c.place, c.district, c.classification, c.status,
               u.full_name,
               (SELECT group_concat(m.motive) FROM case_motives m WHERE m.case_id = c.id)
        FROM cases c JOIN users u ON u.id = c.officer_id
        WHERE c.station_id = ? AND c.search_text LIKE ?
        ORDER BY c.listed_at DESC, c.id DESC LIMIT 200
    """
    connection.execute(sql, (station_id, f"%{word}%")).fetchall()  # warm
    started = time.perf_counter()
    connection.execute(sql, (station_id, f"%{word}%")).fetchall()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def measure_in_program(path: Path, runs: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication([])
    services = open_services(f"sqlite:///{path}")

    class Painted(QObject):
        at = 0.0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.at:
                self.at = time.perf_counter()
            return False

    def until_painted(probe: Painted) -> float:
        deadline = time.perf_counter() + 10
        while not probe.at and time.perf_counter() < deadline:
            app.processEvents()
        return probe.at

    list_shown = []
    window = None
    for _ in range(runs):
        if window is not None:
            window.close()
            window.deleteLater()
            app.processEvents()
        started = time.perf_counter()
        actor = services.accounts.authenticate("officer", "demo")
        window = MainWindow(services, actor)
        table = window.case_list.table
        probe = Painted()
        table.viewport().installEventFilter(probe)
        window.resize(1366, 768)
        window.show()
        list_shown.append(until_painted(probe) - started)
        table.viewport().removeEventFilter(probe)
        app.processEvents()  # the total is counted after the first paint

    assert window is not None
    model = window.case_list.model
    searches: dict[str, tuple[float, float, int]] = {}
    for word in SEARCHES:
        times = []
        for _ in range(runs):
            probe = Painted()
            table.viewport().installEventFilter(probe)
            started = time.perf_counter()
            model.set_query(CaseQuery(text=word))
            times.append(until_painted(probe) - started)
            table.viewport().removeEventFilter(probe)
            app.processEvents()
        raw = statistics.median(raw_search(path, actor.station_id, word) for _ in range(runs))
        searches[word] = (statistics.median(times), raw, model.rowCount())
    window.close()
    services.close()
    return {"list_shown": statistics.median(list_shown), "searches": searches}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a database from a former run")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{args.cases}.sqlite3"
    if args.reuse and path.exists():
        print(f"database: reusing {path.name}")
    else:
        seconds = build_database(path, args.cases)
        print(f"database: {args.cases:,} demo cases built in {seconds:.1f} s (target < 60 s)")
    url = f"sqlite:///{path}"

    bare, program = measure_start(url, args.runs)
    print(
        f"start to sign-in window: {program * 1000:.0f} ms, bare Qt window {bare * 1000:.0f} ms, "
        f"ratio {program / bare:.2f} (target <= 1.5)"
    )
    figures = measure_in_program(path, args.runs)
    print(f"sign-in to case list shown: {figures['list_shown'] * 1000:.0f} ms (target < 400 ms)")
    searches = figures["searches"]
    assert isinstance(searches, dict)
    for word, (ours, raw, rows) in searches.items():
        print(
            f"search {word!r:18} {ours * 1000:6.1f} ms, raw SQL {raw * 1000:6.1f} ms, "
            f"ratio {ours / raw:5.2f}, {rows} rows shown (target <= 2x and < 50 ms)"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the case-list process: {peak_mb:.0f} MB (target < 250 MB)")


if __name__ == "__main__":
    main()
