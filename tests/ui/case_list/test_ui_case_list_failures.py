"""The case list survives a query that fails: the reset always ends, the rows stay, the error is
said, and the next search works. A count still running never outlives its objects."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.case import CaseQuery
from app.domain.protocol import ProtocolPack
from app.services import Services
from app.services.context import Actor
from app.services.errors import DatabaseBusy, DatabaseUnavailable
from app.ui.case_list.model import COUNTING, PAGE_SIZE, CaseTableModel
from app.ui.case_list.view import CaseListWidget

ROOT = Path(__file__).resolve().parents[3]  # the checkout: tests/ui/case_list/ is three down


def fail_once(
    monkeypatch: pytest.MonkeyPatch, services: Services, name: str, error: Exception
) -> list[int]:
    """The service method raises `error` on its next call only; returns the calls made."""
    original: Callable[..., Any] = getattr(services.cases, name)
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(services.cases, name, flaky)
    return calls


class Resets:
    """Counts the model's begun and ended resets: a view left in a begun reset stays blank."""

    def __init__(self, model: CaseTableModel) -> None:
        self.begun = self.ended = 0
        model.modelAboutToBeReset.connect(self._begin)
        model.modelReset.connect(self._end)

    def _begin(self) -> None:
        self.begun += 1

    def _end(self) -> None:
        self.ended += 1


def test_a_failed_search_keeps_the_rows_says_why_and_the_next_search_works(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    monkeypatch: pytest.MonkeyPatch,
    demo_services: Services,
    officer: Actor,
    pack: ProtocolPack,
) -> None:
    widget = CaseListWidget(demo_services, officer, pack)
    qtbot.addWidget(widget)
    widget.show()
    model = widget.model
    before = [model.case_at(r).id for r in range(model.rowCount())]
    resets = Resets(model)
    fail_once(monkeypatch, demo_services, "list_cases", DatabaseBusy("SQLITE_BUSY"))
    widget.search.setText("Benformoso")
    with qtbot.waitSignal(model.failed) as failed:
        widget.apply_filters()
    assert "busy" in failed.args[0]
    assert "SQLITE_BUSY" in failed.args[0]
    assert resets.begun == resets.ended == 0
    assert [model.case_at(r).id for r in range(model.rowCount())] == before
    assert model.query().text == ""  # the query shown is still the one the rows belong to
    assert widget.error_line.isVisible()
    assert "busy" in widget.error_line.text()
    qtmodeltester.check(model)

    widget.apply_filters()  # the same search again (Enter): tried afresh, and it works
    assert resets.begun == resets.ended == 1
    assert model.query().text == "Benformoso"
    assert model.rowCount() > 0
    assert all("Benformoso" in model.case_at(r).place for r in range(model.rowCount()))
    assert not widget.error_line.isVisible()
    assert model.error() == ""
    qtmodeltester.check(model)


def test_an_unexpected_error_in_a_query_never_leaves_a_reset_open(
    monkeypatch: pytest.MonkeyPatch, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    model = CaseTableModel(demo_services, officer, pack)
    resets = Resets(model)
    rows = model.rowCount()
    fail_once(monkeypatch, demo_services, "list_cases", RuntimeError("a bug"))
    with pytest.raises(RuntimeError):
        model.set_query(CaseQuery(text="rua"))
    assert resets.begun == resets.ended
    assert model.rowCount() == rows
    assert model.set_query(CaseQuery(text="rua"))
    assert resets.begun == resets.ended == 1
    assert model.rowCount() > 0


def test_a_page_that_cannot_be_read_stops_paging_until_the_next_query(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_services: Services, admin: Actor,
    pack: ProtocolPack,
) -> None:  # fmt: skip
    model = CaseTableModel(demo_services, admin, pack)
    assert model.canFetchMore()
    fail_once(monkeypatch, demo_services, "list_cases", DatabaseUnavailable("08006"))
    with qtbot.waitSignal(model.failed) as failed:
        model.fetchMore()
    assert "cannot be reached" in failed.args[0]
    assert model.rowCount() == PAGE_SIZE
    assert not model.canFetchMore()  # a view asking on every layout is not answered by a query
    assert model.set_query(model.query())
    assert model.canFetchMore()


def test_a_count_that_fails_is_said_and_nothing_escapes_the_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_services: Services, officer: Actor,
    pack: ProtocolPack,
) -> None:  # fmt: skip
    fail_once(monkeypatch, demo_services, "count_cases", DatabaseBusy("55P03"))
    widget = CaseListWidget(demo_services, officer, pack)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: bool(widget.model.error()), timeout=3000)
    assert "55P03" in widget.error_line.text()
    assert widget.count_label.text() == ""  # not "Counting…" for ever
    assert widget.model.rowCount() == PAGE_SIZE  # the page itself is shown
    widget.reload()
    qtbot.waitUntil(lambda: widget.count_label.text().endswith("cases"), timeout=3000)
    assert widget.error_line.isHidden()


def test_a_model_deleted_while_its_count_runs_gets_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_services: Services, officer: Actor,
    pack: ProtocolPack,
) -> None:  # fmt: skip
    release, started = threading.Event(), threading.Event()
    original = demo_services.cases.count_cases

    def slow(*args: Any) -> int:
        started.set()
        release.wait(5)
        return original(*args)

    monkeypatch.setattr(demo_services.cases, "count_cases", slow)
    model = CaseTableModel(demo_services, officer, pack)
    totals: list[int] = []
    model.total_changed.connect(totals.append)
    assert started.wait(5)
    model.deleteLater()
    qtbot.wait(10)
    release.set()
    COUNTING.waitForDone()
    qtbot.wait(10)
    assert totals == []


SCRIPT = """
    import os, sys, threading
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from app.services import open_services
    from app.ui.case_list.model import CaseTableModel
    services = open_services(sys.argv[1])
    services.demo.fill(210)
    actor = services.accounts.authenticate("admin", "demo")
    counting = threading.Event()
    original = services.cases.count_cases
    def slow(*args):
        counting.set()
        threading.Event().wait(0.5)
        return original(*args)
    services.cases.count_cases = slow
    model = CaseTableModel(services, actor, services.cases.station_pack(actor))
    counting.wait(5)
    print("leaving while the count runs", flush=True)
"""


def test_a_count_running_when_the_program_ends_raises_nothing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), f"sqlite:///{tmp_path / 'end.db'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "leaving while the count runs" in done.stdout
    assert "Signal source has been deleted" not in done.stderr
    assert "Traceback" not in done.stderr
    assert done.returncode == 0
