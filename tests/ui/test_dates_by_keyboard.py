"""Dates typed with the keyboard alone, in every screen language: a date of birth in the person
dialog, the time the prosecutor was notified (filled with "now" when ticked) on the coordination
page. Typing replaces what the field showed, Tab leaves it, a two-digit year is refused under the
field and nothing is changed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.case import CoordinationKind, Person, PersonRole
from app.services import Services
from app.services.context import Actor
from app.ui.language import SCREEN_LANGUAGES, apply_screen_language, date_format
from app.ui.widgets.dates import TypedDateField
from app.ui.wizard.pages.coordination import CoordinationPage
from app.ui.wizard.pages.incident import PersonDialog
from app.ui.wizard.wizard import open_wizard

BORN = date(1990, 5, 17)


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_screen_language("en")


def keys(widget: QWidget, text: str) -> None:
    """A key press for each character, also those QTest cannot map to a key (a narrow no-break
    space, a Cyrillic "г.")."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def tab(qtbot: QtBot, backwards: bool = False) -> QWidget:
    """Tab (or Shift+Tab) from the focused widget; the widget that has the focus then."""
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, modifier)
    return QApplication.focusWidget()


def as_written(field: TypedDateField, value: date | datetime, fmt: str = "") -> str:
    fmt = fmt or field.displayFormat()
    if isinstance(value, datetime):
        return field.locale().toString(QDateTime(value.replace(tzinfo=None)), fmt)
    return field.locale().toString(QDate(value.year, value.month, value.day), fmt)


@pytest.mark.parametrize("code", list(SCREEN_LANGUAGES))
def test_a_date_of_birth_typed_with_the_keyboard(qtbot: QtBot, code: str) -> None:
    apply_screen_language(code)
    dialog = PersonDialog(Person(key="V1", role=PersonRole.VICTIM))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.alias.setFocus()
    qtbot.waitUntil(dialog.alias.hasFocus)
    field = dialog.date_of_birth
    assert tab(qtbot) is field
    assert field.text() == ""  # not recorded: the placeholder is not text to type after
    keys(field, as_written(field, BORN))
    assert tab(qtbot) is not field, "Tab stays in the date"
    assert dialog.person().date_of_birth == BORN

    # Back into it: what it shows is replaced by what is typed.
    assert tab(qtbot, backwards=True) is field
    keys(field, as_written(field, date(2001, 12, 3)))
    assert tab(qtbot) is not field
    assert dialog.person().date_of_birth == date(2001, 12, 3)

    # A two-digit year is refused under the field, as typed; nothing is recorded.
    assert tab(qtbot, backwards=True) is field
    short = as_written(field, date(2012, 3, 15), date_format().replace("yyyy", "yy"))
    keys(field, short)
    assert tab(qtbot) is not field
    assert field.text() == short
    assert dialog.person().date_of_birth is None
    assert field.message.isVisible()
    assert as_written(field, date.today()) in field.message.text()


@pytest.mark.parametrize("code", list(SCREEN_LANGUAGES))
def test_the_prosecutor_s_time_typed_over_now(
    qtbot: QtBot, demo_services: Services, officer: Actor, code: str
) -> None:
    apply_screen_language(code)
    opened = demo_services.cases.create_draft(officer)
    opened = demo_services.cases.save_draft(
        officer, opened.id, opened.version, opened.record, "coordination"
    )
    wizard = open_wizard(None, demo_services, officer, opened)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    page = wizard.currentPage()
    assert isinstance(page, CoordinationPage)
    prosecutor = page.prosecutor
    prosecutor.check.setFocus()
    qtbot.waitUntil(prosecutor.check.hasFocus)
    qtbot.keyClick(prosecutor.check, Qt.Key.Key_Space)  # ticked: notified now
    assert prosecutor.when.value() is not None
    field = prosecutor.when
    for _field in range(3):  # past the recipient and the reference
        if tab(qtbot) is field:
            break
    assert QApplication.focusWidget() is field
    notified = (datetime.now() - timedelta(days=1)).replace(hour=9, minute=5, second=0)
    notified = notified.replace(microsecond=0)
    keys(field, as_written(field, notified))
    assert tab(qtbot) is not field, "Tab stays in the date and time"
    [event] = [e for e in wizard.record().coordination if e.kind is CoordinationKind.PROSECUTOR]
    assert event.sent_at == notified.astimezone()
    assert field.text() == as_written(field, notified)  # shown back in the language's format
    wizard.close()


def test_a_time_not_understood_holds_the_page_and_closing_asks(
    qtbot: QtBot, demo_services: Services, officer: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-filled time typed over with text that is no date: Next waits on the field (it
    would otherwise keep the time filled in earlier), and closing asks first."""
    opened = demo_services.cases.create_draft(officer)
    opened = demo_services.cases.save_draft(
        officer, opened.id, opened.version, opened.record, "coordination"
    )
    wizard = open_wizard(None, demo_services, officer, opened)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    page = wizard.currentPage()
    assert isinstance(page, CoordinationPage)
    page.prosecutor.check.setChecked(True)
    field = page.prosecutor.when
    # However the test ends, closing the wizard must not stop on a question nobody answers.
    monkeypatch.setattr(
        "app.ui.wizard.wizard.QMessageBox.question",
        lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.No,
    )
    asked: list[str] = []
    field.setFocus()
    field.selectAll()
    keys(field, "3/15/12")
    wizard.next()
    assert wizard.currentPage() is page
    assert wizard.focusWidget() is field
    assert field.message.isVisible()
    wizard.reject()
    assert len(asked) == 1
    assert "not understood" in asked[0]
    assert wizard.isVisible()
    field.clear()  # nothing typed: the time filled in when ticked counts again
    wizard.next()
    assert wizard.currentPage() is not page
    wizard.close()
