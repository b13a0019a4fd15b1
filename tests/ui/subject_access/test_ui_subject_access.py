"""The requests-of-access view, for the data-protection officer only, used with the keyboard
alone: a name and Enter list the candidates, Space ticks one, Tab reaches the reference, the
language and Print report…, which opens the preview; sending it on is audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import argon2
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services import Services, open_services
from app.ui.subject_access.view import SubjectAccessView
from app.ui.views import REGISTERED
from tests.helpers import Clock
from tests.services.test_subject_access import world


@pytest.fixture
def made(tmp_path: Path) -> Iterator[tuple[Services, dict[str, object]]]:
    clock = Clock(datetime(2026, 5, 4, 9, 30, tzinfo=UTC))
    hasher = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    services = open_services(f"sqlite:///{tmp_path / 't.db'}", clock=clock, hasher=hasher)
    yield services, world.__wrapped__(services, clock)  # type: ignore[attr-defined]
    services.close()


def test_only_the_data_protection_officer_has_the_view(
    made: tuple[Services, dict[str, object]],
) -> None:
    _services, data = made
    who = data["who"]
    assert SubjectAccessView in REGISTERED
    shown = {name: SubjectAccessView.shown_to(actor) for name, actor in who.items()}  # type: ignore[attr-defined]
    assert [name for name, yes in shown.items() if yes] == ["dpo"]


def test_the_keyboard_alone_finds_ticks_and_prints(
    qtbot: QtBot, made: tuple[Services, dict[str, object]]
) -> None:
    services, data = made
    dpo = data["who"]["dpo"]  # type: ignore[index]
    view = SubjectAccessView(services, dpo, demo=False)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.name.setFocus()
    qtbot.keyClicks(view.name, "kofi mensah")
    qtbot.keyClick(view.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.born, "1985-02-01")
    qtbot.keyClick(view.born, Qt.Key.Key_Return)
    assert [c.reference for c in view.candidates] == [data["lisbon"], data["porto"]]
    assert view.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert view.picks() == [(data["lisbon"], "P1"), (data["porto"], "P1")]
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.reason
    qtbot.keyClicks(view.reason, "DPO-2026-17")
    qtbot.keyClick(view.reason, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.language
    qtbot.keyClick(view.language, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.print_button
    qtbot.keyClick(view.print_button, Qt.Key.Key_Space)
    preview = view.preview
    assert preview is not None
    assert preview.page_count() >= 2
    paper: list[bytes] = []
    preview._send("printer", paper.append)  # what Print… does, without a printer
    assert paper == [preview.pdf]
    events = services.audit.entries(data["who"]["admin"])[:4]  # type: ignore[index]
    assert [(e.action, e.details.get("to") or e.details.get("step")) for e in events] == [
        ("print", "printer"), ("print", "screen"), ("subject_access", "report"),
        ("subject_access", "find"),
    ]  # fmt: skip
    preview.close()


def test_a_report_without_a_reference_or_a_tick_is_refused_on_the_screen(
    qtbot: QtBot, made: tuple[Services, dict[str, object]]
) -> None:
    services, data = made
    view = SubjectAccessView(services, data["who"]["dpo"], demo=False)  # type: ignore[index]
    qtbot.addWidget(view)
    view.born.setText("not a date")
    view.find_persons()
    assert "2026-05-31" in view.error.text()
    assert view.print_report() is None
    assert "reason: is required" in view.error.text()
    assert "pick: is required" in view.error.text()


def test_screenshots(qtbot: QtBot, made: tuple[Services, dict[str, object]]) -> None:
    """The view in English and Finnish, for a person to look at (/tmp/h13g)."""
    from app import i18n  # noqa: PLC0415

    services, data = made
    folder = Path("/tmp/h13g")
    folder.mkdir(exist_ok=True)
    for code in ("en", "fi"):
        i18n.set_language(code)
        view = SubjectAccessView(services, data["who"]["dpo"], demo=False)  # type: ignore[index]
        qtbot.addWidget(view)
        view.resize(900, 560)
        view.show()
        view.name.setText("Kofi Mensah")
        view.find_persons()
        view.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
        view.reason.setText("DPO-2026-17")
        assert view.grab().save(str(folder / f"view-{code}.png"))
    i18n.set_language("en")
