"""The main window, the DEMO marking, and the display labels."""

from __future__ import annotations

from enum import StrEnum

import pytest
from pytestqt.qtbot import QtBot

from app.domain.case import CaseStatus, PersonRole, Role
from app.services import Services
from app.services.context import Actor
from app.ui import labels
from app.ui.main_window import MainWindow
from app.ui.widgets.banner import DemoBanner


def make_window(qtbot: QtBot, services: Services, actor: Actor) -> MainWindow:
    window = MainWindow(services, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_main_window_on_a_demo_database(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    window = make_window(qtbot, demo_services, officer)
    assert window.windowTitle() == "Proximity Desk — Lisbon Centre proximity station — DEMO"
    assert window.banner is not None
    assert window.banner.isVisible()
    assert window.banner.text() == (
        "DEMO database: synthetic data. Users officer, supervisor, admin, dpo; password demo."
    )
    assert window.user_label.text() == ("Signed in: Ana Ribeiro (officer) · Officer · LIS-01")
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Language", "&Help"]
    assert window.case_list.model.rowCount() > 0


def test_main_window_on_a_real_database(qtbot: QtBot, empty_services: Services) -> None:
    empty_services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="chief",
        full_name="Marta Lopes",
        password="long enough now",
    )
    actor = empty_services.accounts.authenticate("chief", "long enough now")
    window = make_window(qtbot, empty_services, actor)
    assert window.windowTitle() == "Proximity Desk — Lisbon Centre"
    assert window.banner is None
    assert window.findChildren(DemoBanner) == []
    assert "Administrator" in window.user_label.text()
    assert window.case_list.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.case_list.count_label.text() == "0 cases")


def test_open_without_a_selection_says_what_to_do(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    window = make_window(qtbot, demo_services, officer)
    window.case_list.table.clearSelection()
    window.case_list.table.setCurrentIndex(window.case_list.model.index(-1, -1))
    window._open_selected()
    assert window.statusBar().currentMessage() == "Select a case in the list first."


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        *((table, enum) for enum, table in labels.TABLES.items()),
        (labels.PERSON_ROLE_PLURAL, PersonRole),
    ],
)
def test_every_enum_value_has_a_label(table: dict[StrEnum, str], enum: type[StrEnum]) -> None:
    assert set(table) == set(enum)
    assert all(text and text != value.value for value, text in table.items())


def test_label_functions() -> None:
    assert labels.label(CaseStatus.ESCALATED) == "Escalated"
    assert labels.label(None) == ""
    assert labels.label(Role.ADMIN) == "Administrator"
    assert labels.language_name("ar") == "Arabic (ar)"
    assert labels.language_name("xx-nonsense") == "xx-nonsense"
    assert labels.language_name("") == ""


def test_a_deactivated_account_is_told_at_its_next_action(
    qtbot: QtBot, fresh_demo: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window stays open, but the next thing the officer does is refused with a message."""
    from sqlalchemy import update  # noqa: PLC0415 - the test plays the administrator

    from app.storage.tables import User  # noqa: PLC0415

    officer = fresh_demo.accounts.authenticate("officer", "demo")
    window = make_window(qtbot, fresh_demo, officer)
    with fresh_demo.backend.transaction() as session:
        session.execute(update(User).where(User.username == "officer").values(active=False))
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "app.ui.main_window.QMessageBox.warning",
        lambda _parent, title, text: warnings.append((title, text)),
    )
    assert window.new_case() is None
    assert len(warnings) == 1
    assert "deactivated or locked since you signed in" in warnings[0][1]
