"""Many workstations at once (issue 15): a tiny run of bench/load.py, and autosaves of two cases
that do not wait for each other on the audit trail's lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.services import Services, open_services
from app.services.cases import CaseService, OpenedCase
from app.services.demo import DEMO_PASSWORD
from app.services.errors import Conflict
from app.storage.tables import Case
from bench import load
from tests.conftest import CHEAP_HASHER


def connector(services: Services) -> Callable[[], Services]:
    """Another workstation on the same database: services and connections of its own."""
    url = services.backend.engine.url.render_as_string(hide_password=False)
    folder: Path = services.backend.audit_keys.folder

    def connect() -> Services:
        return open_services(
            url, clock=services.backend.clock, hasher=CHEAP_HASHER, audit_keys=folder,
            migrate=False,
        )  # fmt: skip

    return connect


def test_a_tiny_load_loses_no_save_and_keeps_the_trail_intact(services: Services) -> None:
    services.demo.fill(20)
    report = load.run(connector(services), workstations=5, seconds=4, think=0.01)
    assert report.errors == []
    assert report.ops["save"] >= 10
    assert report.not_conflict == 0  # every conflict came as the services' Conflict
    assert report.overwritten == 0  # and left the other's version as it was
    assert report.lost == 0
    assert report.intact


def test_autosaves_of_two_cases_do_not_wait_for_each_other(
    postgresql_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One workstation's save is held open after its change and its audit event (as a slow
    desk or network would hold it); another case's save completes meanwhile. Under one global
    lock taken with the audit event, the second save waited for the first to commit."""
    services = postgresql_services
    services.demo.fill(0)
    officer = services.accounts.authenticate("officer", DEMO_PASSWORD)
    first, second = (services.cases.create_draft(officer) for _ in range(2))
    held, release = threading.Event(), threading.Event()
    opened = CaseService._opened

    def held_open(session: Session, row: Case, *args: object, **kwargs: bool) -> OpenedCase:
        if row.id == first.id:  # the save is made and audited, its transaction still open
            held.set()
            release.wait(30)
        return opened(session, row, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CaseService, "_opened", staticmethod(held_open))
    results: dict[str, object] = {}

    def save(name: str, case: OpenedCase) -> None:
        record = replace(case.record, narrative=f"typed at the {name} desk")
        try:
            results[name] = services.cases.save_draft(officer, case.id, case.version, record)
        except Exception as error:  # the test names what went wrong
            results[name] = error

    slow = threading.Thread(target=save, args=("slow", first))
    slow.start()
    try:
        assert held.wait(10)
        quick = threading.Thread(target=save, args=("quick", second))
        quick.start()
        quick.join(5)
        assert not quick.is_alive(), "the second save waited for the first one's transaction"
        assert isinstance(results["quick"], OpenedCase)
        assert "slow" not in results
    finally:
        release.set()
        slow.join(30)
    assert isinstance(results["slow"], OpenedCase)
    admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
    assert services.audit.verify(admin).intact


def test_a_second_save_of_the_same_case_waits_then_gets_a_conflict(
    postgresql_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two desks save the same draft loaded at the same version. The second waits for the
    first (its row is locked), then reads the new version: Conflict, the first desk's text kept.
    Without the lock it went on to delete parts the first save had already replaced (a warning
    from SQLAlchemy, an error under the tests) before its version check failed."""
    services = postgresql_services
    services.demo.fill(0)
    officer = services.accounts.authenticate("officer", DEMO_PASSWORD)
    case = services.cases.create_draft(officer)
    case = services.cases.save_draft(
        officer, case.id, case.version, replace(case.record, motives=("racism",))
    )
    held, release = threading.Event(), threading.Event()
    opened = CaseService._opened

    def held_open(session: Session, row: Case, *args: object, **kwargs: bool) -> OpenedCase:
        if threading.current_thread().name == "first desk":
            held.set()
            release.wait(30)
        return opened(session, row, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CaseService, "_opened", staticmethod(held_open))
    results: dict[str, object] = {}

    def save(name: str) -> None:
        record = replace(case.record, narrative=f"typed at the {name}", motives=("religion",))
        try:
            results[name] = services.cases.save_draft(officer, case.id, case.version, record)
        except Exception as error:  # the test names what went wrong
            results[name] = error

    first = threading.Thread(target=save, args=("first desk",), name="first desk")
    second = threading.Thread(target=save, args=("second desk",), name="second desk")
    first.start()
    try:
        assert held.wait(10)
        second.start()
        second.join(1)
        assert second.is_alive(), "the second save did not wait for the first one's transaction"
    finally:
        release.set()
        first.join(30)
        second.join(30)
    assert isinstance(results["first desk"], OpenedCase)
    conflict = results["second desk"]
    assert isinstance(conflict, Conflict), conflict
    assert conflict.changed_by == officer.full_name  # who saved first, as a late save is told
    saved = services.cases.open_case(officer, case.id, "Check").record
    assert saved.narrative == "typed at the first desk"
