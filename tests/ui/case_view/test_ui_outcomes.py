"""The case view's "Outcomes…" (issue 14, point 3), driven by the keyboard alone: the list, "Add
outcome…" with a day ahead refused by its field (everything typed kept), then saved; the
timeline says it; the case's HTML lists it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app import i18n
from app.domain.case import OutcomeKind
from app.domain.timeline import EntryKind, timeline
from app.domain.workflow import Action
from app.services import Services
from app.ui.case_view.outcomes import OutcomeDialog, OutcomesDialog
from app.ui.case_view.timeline_text import TimelineWords
from app.ui.language import SCREEN_LANGUAGES
from tests.helpers import Clock
from tests.services.test_drafts import set_up_station
from tests.services.test_follow_up import approved_case
from tests.ui.case_view.test_ui_case_view_follow_up import view_of
from tests.ui.case_view.test_ui_follow_up import (
    alt,
    error,
    focused,
    modal,
    officer_view,
    own_case,  # noqa: F401 - a fixture
    typed_date,
)
from tests.ui.keyboard_checks import assert_unique, visible_mnemonics


def test_an_outcome_by_keyboard_refused_then_added(
    qtbot: QtBot,
    fresh_demo: Services,
    own_case: str,  # noqa: F811
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    button = view.follow_ups.buttons[Action.OUTCOME]
    assert button.isEnabled()
    assert button.text() == "O&utcomes…"
    assert_unique(visible_mnemonics(view))
    alt(qtbot, view, "u")
    outcomes = modal(qtbot, OutcomesDialog)
    assert outcomes.table.rowCount() == 0
    assert outcomes.add_button.isVisible()
    alt(qtbot, outcomes, "a")
    dialog = modal(qtbot, OutcomeDialog)
    assert_unique(visible_mnemonics(dialog))
    qtbot.waitUntil(dialog.kind.hasFocus)
    today = fresh_demo.backend.clock().date()
    assert dialog.happened_on.value() == today
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # charged
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    assert focused() is dialog.happened_on
    dialog.happened_on.selectAll()
    qtbot.keyClicks(dialog.happened_on, typed_date(dialog.happened_on, today + timedelta(days=3)))
    qtbot.keyClick(dialog.happened_on, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "NUIPC 123/26.0")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Letter from the prosecutor")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()  # a day ahead: refused under the date, the rest kept
    assert error(dialog, "outcome_happened_on") == "Is in the future"
    assert dialog.court_reference.text() == "NUIPC 123/26.0"
    alt(qtbot, dialog, "h")
    assert focused() is dialog.happened_on
    dialog.happened_on.selectAll()
    qtbot.keyClicks(dialog.happened_on, typed_date(dialog.happened_on, today))
    qtbot.keyClick(dialog.happened_on, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    [outcome] = view.record.outcomes
    assert (outcome.kind, outcome.happened_on, outcome.court_reference, outcome.note) == (
        OutcomeKind.CHARGED,
        today,
        "NUIPC 123/26.0",
        "Letter from the prosecutor",
    )
    cells = [outcomes.table.item(0, c).text() for c in range(outcomes.table.columnCount())]
    assert cells[0] == "Charged"
    assert cells[2] == "NUIPC 123/26.0"
    assert cells[3] == fresh_demo.accounts.authenticate("officer", "demo").full_name
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is outcomes)
    qtbot.keyClick(outcomes.table, Qt.Key.Key_Escape)
    assert not outcomes.isVisible()

    # The timeline says it; the case as HTML lists it.
    words = TimelineWords(outcomes.user_names, {})
    [entry] = [e for e in timeline(view.record, []) if e.kind is EntryKind.OUTCOME]
    assert words.what(entry).startswith("Outcome: Charged on ")
    assert words.what(entry).endswith(" · NUIPC 123/26.0")
    html = view.browser.toHtml()  # the view shows the case as it now is
    assert "NUIPC 123/26.0" in html
    assert "Charged" in html


def test_an_administrator_sees_no_outcome_to_add(
    qtbot: QtBot,
    fresh_demo: Services,
    own_case: str,  # noqa: F811
) -> None:
    view = officer_view(qtbot, fresh_demo, own_case)
    assert view.follow_ups is not None
    supervisor = fresh_demo.accounts.authenticate("supervisor", "demo")
    case_id, _version = fresh_demo.cases.locate(supervisor, own_case)
    assert Action.OUTCOME in fresh_demo.cases.allowed_actions(supervisor, case_id)
    admin = fresh_demo.accounts.authenticate("admin", "demo")
    assert Action.OUTCOME not in fresh_demo.cases.allowed_actions(admin, case_id)


@pytest.mark.parametrize("language", sorted(SCREEN_LANGUAGES))
def test_the_outcome_windows_have_unique_mnemonics(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, language: str
) -> None:
    """The case view with its Outcomes button, the list and the form, in every screen language."""
    who = set_up_station(sqlite_services)
    i18n.set_language(language)
    case_id, _version = approved_case(sqlite_services, clock, who)
    view = view_of(qtbot, sqlite_services, who["officer"], case_id)
    assert_unique(visible_mnemonics(view))
    assert view.follow_ups is not None
    outcomes = view.follow_ups.show_outcomes()
    assert outcomes is not None
    assert_unique(visible_mnemonics(outcomes))
    form = outcomes.ask_outcome()
    assert_unique(visible_mnemonics(form))
    form.close()
    outcomes.close()
