"""The case view hides the special categories from a role that sees them only on request (app.
domain.access): "recorded, hidden"; an officer reveals them with the keyboard (Alt+D), audited;
an administrator gets no button."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app import i18n
from app.domain.case import CaseQuery
from app.services import Services
from app.storage.tables import AuditEvent, Case, PersonRow
from app.ui.case_view.view import CaseViewDialog, open_case

SECRET = "Candomblé"
HIDDEN_TEXT = "recorded, hidden (special category)"
SHOTS = Path(os.environ.get("PROXIMITY_DESK_SHOTS", "/tmp/h13c"))


def a_case_with_a_religion(services: Services) -> int:
    officer = services.accounts.authenticate("officer", "demo")
    [first] = services.cases.list_cases(officer, CaseQuery(), 1)
    with services.backend.transaction() as session:
        session.execute(
            update(PersonRow)
            .where(PersonRow.case_id == first.id, PersonRow.position == 0)
            .values(religion=SECRET, health="Asthma")
        )
    return first.id


def shown(qtbot: QtBot, view: CaseViewDialog | None) -> CaseViewDialog:
    assert view is not None
    qtbot.addWidget(view)
    with qtbot.waitActive(view):
        view.activateWindow()
    return view


def shot(view: CaseViewDialog, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.browser.scrollToAnchor("communication")
    view.grab().save(str(SHOTS / f"{name}.png"))


def test_an_officer_reveals_with_the_keyboard_and_it_is_audited(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    services = fresh_demo
    case_id = a_case_with_a_religion(services)
    officer = services.accounts.authenticate("officer", "demo")
    view = shown(qtbot, open_case(None, services, officer, case_id, "Own case work"))  # type: ignore[arg-type]
    assert HIDDEN_TEXT in view.text()
    assert SECRET not in view.text()
    assert view.reveal_button is not None
    assert view.reveal_button.isVisible()
    assert view.reveal_button.text() == "Show special-category &data"
    shot(view, "case-view-hidden-en")
    qtbot.keyClick(view.browser, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: SECRET in view.text())  # a mnemonic clicks a moment later
    assert SECRET in view.text()
    assert HIDDEN_TEXT not in view.text()
    assert not view.reveal_button.isVisible()
    assert view.browser.hasFocus()  # back to the case, to read on with the keyboard
    shot(view, "case-view-revealed-en")
    with services.backend.reading() as session:
        reference = session.scalar(select(Case.reference).where(Case.id == case_id))
        [event] = session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "reveal", AuditEvent.object_ref == reference
            )
        )
    assert (event.username, event.reason) == ("officer", "Own case work")
    assert SECRET not in str(event.details)


def test_finnish_and_an_administrator_without_the_button(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    services = fresh_demo
    case_id = a_case_with_a_religion(services)
    i18n.set_language("fi")
    try:
        officer = services.accounts.authenticate("officer", "demo")
        view = shown(qtbot, open_case(None, services, officer, case_id, "Oma tapaus"))  # type: ignore[arg-type]
        assert view.reveal_button is not None
        hidden = i18n._(HIDDEN_TEXT)
        assert hidden != HIDDEN_TEXT
        assert hidden in view.text()
        shot(view, "case-view-hidden-fi")
        assert view.reveal_special()
        assert SECRET in view.text()
        shot(view, "case-view-revealed-fi")
    finally:
        i18n.set_language("en")
    admin = services.accounts.authenticate("admin", "demo")
    view = shown(qtbot, open_case(None, services, admin, case_id, "Maintenance"))  # type: ignore[arg-type]
    assert view.reveal_button is None
    assert HIDDEN_TEXT in view.text()
    assert SECRET not in view.text()
