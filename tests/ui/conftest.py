"""Fixtures for the screen tests: services on throw-away SQLite files, cheap password hashing."""

from __future__ import annotations

import os
import shutil

# Before any QApplication exists: without a display pytest-qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import argon2
import pytest

from app import i18n
from app.domain.protocol import ProtocolPack
from app.services import Services, open_services
from app.services.context import Actor
from app.ui.case_list.model import COUNTING

DEMO_CASES = 500


def make_services(path: Path) -> Services:
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return open_services(f"sqlite:///{path}", hasher=hasher)


@pytest.fixture
def services_at() -> Callable[[Path], Services]:
    """Opens services (cheap hashing) on a SQLite file: for a test that needs to choose when."""
    return make_services


@pytest.fixture(autouse=True, scope="session")
def _english() -> None:
    i18n.set_language("en")


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A demo database shared by the tests of one module: they only read cases (and audit)."""
    services = make_services(tmp_path_factory.mktemp("demo") / "t.db")
    services.demo.fill(DEMO_CASES)
    yield services
    COUNTING.waitForDone()  # no count may run on a closed database
    services.close()


@pytest.fixture
def fresh_demo(tmp_path: Path) -> Iterator[Services]:
    """A demo database of its own, for a test that changes accounts (e.g. locks one)."""
    services = make_services(tmp_path / "t.db")
    services.demo.fill(20)
    yield services
    COUNTING.waitForDone()  # no count may run on a closed database
    services.close()


@pytest.fixture
def empty_services(tmp_path: Path, sqlite_template: Path) -> Iterator[Services]:
    """An empty database as the first release left it (plain): a new one is encrypted and its
    first start asks for the recovery sheet (tests/ui/test_ui_recovery_sheet.py)."""
    shutil.copy(sqlite_template, tmp_path / "empty.db")
    services = make_services(tmp_path / "empty.db")
    yield services
    COUNTING.waitForDone()  # no count may run on a closed database
    services.close()


@pytest.fixture
def officer(demo_services: Services) -> Actor:
    return demo_services.accounts.authenticate("officer", "demo")


@pytest.fixture
def supervisor(demo_services: Services) -> Actor:
    return demo_services.accounts.authenticate("supervisor", "demo")


@pytest.fixture
def admin(demo_services: Services) -> Actor:
    return demo_services.accounts.authenticate("admin", "demo")


@pytest.fixture
def pack(demo_services: Services, officer: Actor) -> ProtocolPack:
    return demo_services.cases.station_pack(officer)
