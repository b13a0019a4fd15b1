"""The network drops in the middle of a wizard: a REAL PostgreSQL server of this module is stopped
(pg_ctl stop -m immediate) and started again. What is typed meanwhile goes to the encrypted
journal, and is saved with the version check when the server is back (README "When the network
drops")."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import argon2
import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.services import Services, open_services
from app.services.context import Actor
from app.services.errors import DatabaseUnavailable
from app.ui.case_list.model import COUNTING
from app.ui.main_window import MainWindow
from app.ui.wizard import offline as offline_module
from app.ui.wizard import wizard as wizard_module
from app.ui.wizard.offline import offline_message
from app.ui.wizard.pages.incident import IncidentPage
from app.ui.wizard.wizard import CaseWizard

PG_BIN = Path(os.environ.get("PROXIMITY_DESK_PG_BIN", "/usr/lib/postgresql/15/bin"))
BEFORE = "Rua do Benformoso 12, in front of the bakery"
OFFLINE = "; then a second man shouted from the tram stop"
MORE = " and followed her to the metro"


def _as_postgres(*command: str) -> list[str]:
    """The server refuses to run as root: as root, it runs as the postgres account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


class Cluster:
    """A throw-away PostgreSQL cluster on a free port of 127.0.0.1 (as .ci/start-postgres)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="proximity-desk-netdrop-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._run(PG_BIN / "initdb", "-D", self.dir / "data", "-U", "app", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        self.url = f"postgresql+psycopg://app@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: object) -> None:
        subprocess.run(
            _as_postgres(*map(str, command)), check=True, capture_output=True, timeout=60
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=20"
        )
        self._run(PG_BIN / "pg_ctl", "-D", self.dir / "data", "-l", self.dir / "server.log",
                  "-o", options, "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", self.dir / "data", "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate",
                         "stop"),
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "pg_ctl").exists():
        if os.environ.get("PROXIMITY_DESK_REQUIRE_PG") == "1":
            pytest.fail(f"no PostgreSQL server binaries in {PG_BIN}")
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN}")
    made = Cluster()
    made.start()
    yield made
    made.remove()


def _services(url: str) -> Services:
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return open_services(url, hasher=hasher)


@pytest.fixture
def station(cluster: Cluster) -> Iterator[Services]:
    """Services on the module's server, emptied and filled with a small demo for each test."""
    services = _services(cluster.url)
    with services.backend.engine.begin() as connection:
        connection.exec_driver_sql("SET session_replication_role = replica")  # audit triggers
        from app.storage.tables import Base  # noqa: PLC0415

        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    services.demo.fill(6)
    yield services
    COUNTING.waitForDone()
    services.close()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes the wizard shows, recorded instead of waiting for a click."""
    shown: list[str] = []

    def record(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        shown.append(f"{title}: {text}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    monkeypatch.setattr(wizard_module, "AUTOSAVE_MS", 30)
    return shown


def _wizard_on_incident(
    qtbot: QtBot, services: Services, officer: Actor
) -> tuple[MainWindow, CaseWizard, IncidentPage]:
    window = MainWindow(services, officer, demo=False)
    qtbot.addWidget(window)
    opened = services.cases.create_draft(officer)
    wizard = window.case_list.edit(opened)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    while not isinstance(wizard.currentPage(), IncidentPage):
        wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, IncidentPage)
    return window, wizard, page


def _kept(wizard: CaseWizard) -> bool:
    return wizard.status.text().startswith("Kept on this computer")


def test_typing_goes_on_while_the_server_is_down_and_is_saved_when_it_is_back(
    qtbot: QtBot,
    station: Services,
    cluster: Cluster,
    warnings: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(offline_module, "RECONNECT_MS", 100)
    caplog.set_level(logging.DEBUG)
    officer = station.accounts.authenticate("officer", "demo")
    window, wizard, page = _wizard_on_incident(qtbot, station, officer)
    page.place.setText(BEFORE)
    assert wizard.save_now()
    assert window.case_list.model.rowCount() > 0

    cluster.stop()
    try:
        # The services say it in one refusal, without what was being written.
        with pytest.raises(DatabaseUnavailable) as refused:
            station.cases.save_draft(
                officer, wizard.case_id, wizard.version, replace(wizard.record(), place=OFFLINE)
            )
        assert OFFLINE not in str(refused.value)
        assert OFFLINE not in str(refused.value.__cause__)  # parameters hidden
        # The officer goes on typing; each autosave goes to the journal.
        page.place.setText(BEFORE + OFFLINE)
        qtbot.waitUntil(lambda: _kept(wizard), timeout=5_000)
        banner = wizard.offline_banners[wizard.pages.index(page)]
        assert banner.isVisible()
        assert banner.text() == offline_message()
        journal = wizard.journal().path(officer, wizard.case_id)
        assert journal.exists()
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600
        assert stat.S_IMODE(journal.parent.stat().st_mode) == 0o700
        page.place.setText(BEFORE + OFFLINE + MORE)
        qtbot.wait(100)  # the autosave
        qtbot.waitUntil(lambda: _kept(wizard), timeout=5_000)
        content = journal.read_bytes()
        for typed in (BEFORE, OFFLINE, MORE, "bakery", "tram"):
            assert typed.encode() not in content  # encrypted
        assert not window.case_list.model.refresh()  # the list cannot read either
        assert window.case_list.model.error()
        assert page.place.text() == BEFORE + OFFLINE + MORE
    finally:
        cluster.start()

    qtbot.waitUntil(lambda: not journal.exists(), timeout=10_000)
    assert not wizard.offline()
    assert not banner.isVisible()
    assert wizard.status.text().startswith("Draft saved")
    saved = station.cases.open_for_editing(officer, wizard.case_id, "check")
    assert saved.record.place == BEFORE + OFFLINE + MORE
    assert saved.version == wizard.version
    # The case list recovered by itself.
    assert window.case_list.model.error() == ""
    assert window.case_list.model.rowCount() > 0
    assert warnings == []
    for record in caplog.records:  # nothing typed reached a log
        assert not any(t in record.getMessage() for t in ("bakery", "tram", "metro"))


def test_a_newer_version_saved_meanwhile_gives_the_conflict_and_both_are_kept(
    qtbot: QtBot,
    station: Services,
    cluster: Cluster,
    warnings: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(offline_module, "RECONNECT_MS", 60_000)  # the test probes itself
    officer = station.accounts.authenticate("officer", "demo")
    _window, wizard, page = _wizard_on_incident(qtbot, station, officer)
    page.place.setText(BEFORE)
    assert wizard.save_now()
    cluster.stop()
    try:
        page.place.setText(BEFORE + OFFLINE)
        qtbot.waitUntil(lambda: _kept(wizard), timeout=5_000)
    finally:
        cluster.start()
    # Another workstation saves a newer version before this one notices the server is back.
    other = _services(cluster.url)
    try:
        theirs = other.cases.open_for_editing(officer, wizard.case_id, "other workstation")
        other.cases.save_draft(
            officer, theirs.id, theirs.version, replace(theirs.record, place="Their version")
        )
    finally:
        other.close()
    wizard.reconnector._probe()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert warnings[0].startswith("Saved by someone else")
    assert not wizard.offline()
    # Both versions are kept: theirs in the database, this one in the wizard and the journal.
    assert station.cases.open_for_editing(officer, wizard.case_id, "check").record.place == (
        "Their version"
    )
    assert page.place.text() == BEFORE + OFFLINE
    entry = wizard.journal().entry(officer, wizard.case_id)
    assert entry is not None
    assert entry.record.place == BEFORE + OFFLINE
