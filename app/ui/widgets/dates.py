"""Date and date-time fields the officer types into as the screen language writes dates.

A line edit read by `app.i18n.typed_dates.parse_typed`, not a QDateTimeEdit: Qt's editor edits
one section at a time, so typing into a filled field changes only the part under the cursor,
typing into its "not recorded" text appends to it, a two-digit year is taken for some century,
and "not recorded" has to be a real date (1900), where its calendar opens. Here what is shown is
what was typed: Tab, Alt+letter or the wizard's focus selects it all, so typing replaces it;
empty is "not recorded"; text that is no date is refused under the field (`message`), never
changed, and the value is then None. Alt+Down or F4 (or the button in the field) opens a
calendar at the field's date, else at a sensible start.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from app.i18n import _
from app.i18n.typed_dates import Refusal, parse_typed
from app.ui.language import date_format, date_time_format
from app.ui.widgets.form_error import FormErrorLabel

BIRTH_CALENDAR_YEARS_BACK = 30  # a date of birth not known yet: its calendar opens this far back


class TypedDateField(QLineEdit):
    """A date (or date and time) as text in the screen language's format, or nothing."""

    value_changed = Signal()

    def __init__(
        self,
        *,
        with_time: bool,
        empty_text: str,
        years_back: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._with_time = with_time
        self._years_back = years_back
        self._value: date | None = None  # as set or typed: a set time keeps its seconds
        self._format = ""
        self.setPlaceholderText(empty_text)
        # The refusal of what was typed, for the form to place under the field.
        self.message = FormErrorLabel()
        self.calendar: QCalendarWidget | None = None
        action = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarUnshadeButton),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        action.triggered.connect(self.open_calendar)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self._finished)
        self.follow_locale()

    # ------------------------------------------------------------------ value

    def displayFormat(self) -> str:
        return self._format

    def follow_locale(self) -> None:
        """The screen language's format (again after a language switch)."""
        locale = QLocale()
        self.setLocale(locale)
        self._format = date_time_format(locale) if self._with_time else date_format(locale)
        self._show(self._value)

    def _set(self, value: date | None) -> None:
        self._show(value)
        self._keep(value)

    def _keep(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.value_changed.emit()

    def _show(self, value: date | None) -> None:
        self.message.clear_message()
        self.setText("" if value is None else self._text(value))

    def _text(self, value: date) -> str:
        if isinstance(value, datetime):
            local = value.astimezone() if value.tzinfo else value
            day = QDate(local.year, local.month, local.day)
            moment = QDateTime(day, QTime(local.hour, local.minute))
            return self.locale().toString(moment, self._format)
        return self.locale().toString(QDate(value.year, value.month, value.day), self._format)

    def refused(self) -> bool:
        """Whether the field shows text that is no date (which records nothing); if so, the
        message under it says why."""
        if isinstance(self._parse(self.text()), Refusal):
            self._finished()
            return True
        return False

    def _parse(self, text: str) -> date | Refusal | None:
        locale = self.locale()
        return parse_typed(text, self._format, locale.amText(), locale.pmText())

    def _edited(self, text: str) -> None:
        parsed = self._parse(text)
        if isinstance(parsed, Refusal):
            self._keep(None)  # what is shown is no date: nothing is recorded
            return
        self.message.clear_message()
        if isinstance(parsed, datetime):
            parsed = parsed.astimezone()  # typed in local time
        self._keep(parsed)

    def _finished(self) -> None:
        parsed = self._parse(self.text())
        if isinstance(parsed, Refusal):
            example = self._text(datetime.now() if self._with_time else date.today())
            self.message.show_message(
                _("Type the year with four digits, as in {example}.").format(example=example)
                if parsed is Refusal.TWO_DIGIT_YEAR
                else _("Not understood: type it as in {example}.").format(example=example)
            )
        elif self._value is not None:
            self.setText(self._text(self._value))  # "9:5" is shown back as "9:05"

    # ------------------------------------------------------------------ keyboard

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Whatever brings the keyboard here (Tab, Alt+letter, a page opening on this field)
        # selects the text, so that typing replaces it; a click places the cursor.
        if event.reason() != Qt.FocusReason.MouseFocusReason:
            self.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ calendar

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setMaximumDate(QDate.currentDate())  # what is recorded has happened
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        value = self._value
        if value is not None:
            start = QDate(value.year, value.month, value.day)
        else:
            start = QDate.currentDate().addYears(-self._years_back)
        self.calendar.setSelectedDate(start)
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        assert self.calendar is not None
        self.calendar.hide()
        day = date(picked.year(), picked.month(), picked.day())
        if self._with_time:
            # The time stays as it was; a new date-time starts at the current minute.
            old = self._value if isinstance(self._value, datetime) else None
            at = (old or datetime.now().astimezone()).astimezone().replace(second=0, microsecond=0)
            self._set(at.replace(year=day.year, month=day.month, day=day.day))
        else:
            self._set(day)
        self.setFocus(Qt.FocusReason.PopupFocusReason)


class DateField(TypedDateField):
    """A date, or "not recorded"; a date of birth's calendar opens some decades back."""

    def __init__(self, *, years_back: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(
            with_time=False, empty_text=_("Not recorded"), years_back=years_back, parent=parent
        )

    def value(self) -> date | None:
        return self._value

    def set_value(self, value: date | None) -> None:
        self._set(value)


class DateTimeField(TypedDateField):
    """A date and time in the screen language's format, or "not recorded yet"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(with_time=True, empty_text=_("Not recorded yet"), parent=parent)

    def value(self) -> datetime | None:
        value = self._value
        return value.astimezone(UTC) if isinstance(value, datetime) else None

    def set_value(self, value: datetime | None) -> None:
        self._set(value)
