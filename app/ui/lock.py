"""The idle lock: after the idle time with no keyboard or mouse input, every open wizard saves
what was typed, every window of the session is hidden, and a lock screen asks for the password.
The password restores the same windows with the same typing; another user may sign in instead,
which ends the locked session (its typing is already saved as a draft).

What protects the data is in the services (AccountService.unlock and take_over: the password,
the lock-out, the audit); this module only decides what is on screen.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from app.domain.marks import DatabaseMark
from app.i18n import _
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.widgets.titles import demo_title

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from app.services import Services
    from app.services.context import Actor
    from app.ui.wizard.wizard import CaseWizard

# What counts as someone at the workstation.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class LockScreen(QDialog):
    """ "Locked: NAME's session": the password and Unlock, or another user signs in. It cannot
    be closed: Escape on the second page goes back to the first, and does nothing on the first."""

    unlock_requested = Signal(str)  # the password
    take_over_requested = Signal(str, str)  # user name, password

    def __init__(self, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__(None)
        self.setObjectName("lockScreen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(demo_title(_("Proximity Desk — Locked"), demo))
        self.setMinimumWidth(480)
        name = actor.full_name or actor.username

        title = QLabel(_("Locked: {name}'s session").format(name=name))
        title.setObjectName("lockTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        # First page: the locked user's password.
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setObjectName("unlock")
        self.other_button = QPushButton(_("Sign in as &another user…"))
        self.other_button.setObjectName("otherUser")
        self.unlock_error = FormErrorLabel()
        form = QFormLayout()
        form.addRow(_("Password:"), self.password)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.other_button)
        first = QWidget()
        column = QVBoxLayout(first)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.unlock_error)
        column.addStretch(1)
        column.addLayout(buttons)

        # Second page: another user signs in, and the locked session ends.
        self.username = QLineEdit()
        self.username.setObjectName("otherUsername")
        self.other_password = QLineEdit()
        self.other_password.setObjectName("otherPassword")
        self.other_password.setEchoMode(QLineEdit.EchoMode.Password)
        warning = QLabel(
            _("{name}'s session will be signed out. What was typed in it is kept as a draft.")
            .format(name=name)
        )  # fmt: skip
        warning.setTextFormat(Qt.TextFormat.PlainText)
        warning.setWordWrap(True)
        self.sign_in_button = QPushButton(_("Sign in"))
        self.sign_in_button.setObjectName("takeOver")
        self.back_button = QPushButton(_("&Back"))
        self.back_button.setObjectName("back")
        self.other_error = FormErrorLabel()
        other_form = QFormLayout()
        other_form.addRow(_("User name:"), self.username)
        other_form.addRow(_("Password:"), self.other_password)
        other_buttons = QHBoxLayout()
        other_buttons.addStretch(1)
        other_buttons.addWidget(self.sign_in_button)
        other_buttons.addWidget(self.back_button)
        second = QWidget()
        other_column = QVBoxLayout(second)
        other_column.setContentsMargins(0, 0, 0, 0)
        other_column.addWidget(warning)
        other_column.addLayout(other_form)
        other_column.addWidget(self.other_error)
        other_column.addStretch(1)
        other_column.addLayout(other_buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(first)
        self.pages.addWidget(second)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.pages, 1)

        self.unlock_button.clicked.connect(lambda: self.unlock_requested.emit(self.password.text()))
        self.other_button.clicked.connect(lambda: self.show_page(1))
        self.sign_in_button.clicked.connect(
            lambda: self.take_over_requested.emit(self.username.text(), self.other_password.text())
        )
        self.back_button.clicked.connect(lambda: self.show_page(0))
        self.show_page(0)

    def show_page(self, index: int) -> None:
        """Enter presses the page's first button; the keyboard starts in its first field."""
        self.pages.setCurrentIndex(index)
        for field in (self.password, self.username, self.other_password):
            field.clear()
        self.unlock_error.clear_message()
        self.other_error.clear_message()
        self.unlock_button.setDefault(index == 0)
        self.sign_in_button.setDefault(index == 1)
        (self.password if index == 0 else self.username).setFocus()

    def refused(self, message: str) -> None:
        """The message under the form; the password is typed again."""
        if self.pages.currentIndex() == 0:
            self.unlock_error.show_message(message)
            self.password.clear()
            self.password.setFocus()
        else:
            self.other_error.show_message(message)
            self.other_password.clear()
            self.other_password.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.pages.currentIndex() == 1:
                self.show_page(0)
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Never closed but by unlocking or signing in."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


class IdleLock(QObject):
    """Watches the whole program's input for the main window `window`; locks after `idle_ms`.
    `taken_over(actor)`: another user signed in at the lock; the locked session's windows are
    closed (their typing saved) and that user needs a main window of their own."""

    locked = Signal()
    unlocked = Signal()
    taken_over = Signal(object)  # the Actor who signed in

    def __init__(
        self, window: QWidget, services: Services, actor: Actor, idle_ms: int, demo: DatabaseMark
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.actor = actor
        self.demo = demo
        self.screen: LockScreen | None = None
        self._hidden: list[QWidget] = []  # the session's windows, in the order they were shown
        self._focus: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self._idle)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._timer.start()

    def is_locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            self.stop()  # the session's window closes: nothing more to watch or lock
        elif kind in INPUT_EVENTS and self.screen is None:
            self._timer.start()  # again from the start: someone is here
        elif kind == QEvent.Type.Show and self.screen is not None:
            self._keep_hidden(watched)
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.screen is not None:
            self.screen.hide()
            self.screen.deleteLater()
            self.screen = None

    def _keep_hidden(self, watched: QObject) -> None:
        """A window that opens while locked (an autosave's message) waits behind the lock."""
        if not isinstance(watched, QWidget) or not watched.isWindow():
            return
        widget: QWidget | None = watched
        while widget is not None:
            if widget is self.screen:
                return  # the lock screen's own popups (a field's menu)
            widget = widget.parentWidget()
        if watched not in self._hidden:
            self._hidden.append(watched)
        QTimer.singleShot(0, watched, watched.hide)  # after Qt has finished showing it

    # ------------------------------------------------------------------ locking

    def _idle(self) -> None:
        if self.window.isVisible() and self.screen is None:
            self.lock()

    def lock(self) -> LockScreen:
        """Saves every open wizard's typing, hides every window, shows the lock screen."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        self._timer.stop()
        self._save_wizards()  # a failed save keeps the typing in the wizard, hidden
        with contextlib.suppress(ServiceError):  # the lock comes even without the database
            self.services.accounts.lock_session(self.actor)
        self._focus = QApplication.focusWidget()
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        screen = LockScreen(self.actor, self.demo)
        screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        screen.unlock_requested.connect(self._unlock)
        screen.take_over_requested.connect(self._take_over)
        screen.resize(screen.sizeHint().expandedTo(screen.minimumSize()))
        screen.move(self.window.geometry().center() - screen.rect().center())
        self.screen = screen
        screen.show()  # before the others hide: the program is never without a window
        self._hidden = shown
        for window in shown:
            window.hide()  # a modal question open now returns as cancelled
        screen.activateWindow()
        screen.password.setFocus()
        self.locked.emit()
        return screen

    def _wizards(self) -> list[CaseWizard]:
        from app.ui.wizard.wizard import CaseWizard  # noqa: PLC0415 - loaded with the wizard

        wizards = self.window.findChildren(CaseWizard)
        return [w for w in wizards if w.isVisible() or w in self._hidden]

    def _save_wizards(self) -> bool:
        """Each open wizard saves what was typed (its pending autosave at once)."""
        saved = [wizard.save_now() for wizard in self._wizards()]  # each, even after a failure
        return all(saved)

    # ------------------------------------------------------------------ unlocking

    def _unlock(self, password: str) -> None:
        from app.services.errors import ServiceError  # noqa: PLC0415

        try:
            self.services.accounts.unlock(self.actor, password)
        except ServiceError as error:
            if self.screen is not None:
                self.screen.refused(str(error))
            return
        self._restore()

    def _restore(self) -> None:
        """The same windows as before, in the same order, the keyboard where it was."""
        screen, self.screen = self.screen, None
        hidden, self._hidden = self._hidden, []
        hidden.sort(key=lambda window: window is not self.window)  # the main window first
        for window in hidden:
            if shiboken6.isValid(window):
                window.show()
        focus = self._focus
        self._focus = None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.activateWindow()
            focus.setFocus()
        if screen is not None:
            screen.hide()
            screen.deleteLater()
        self._timer.start()
        self.unlocked.emit()

    # ------------------------------------------------------------------ another user

    def _take_over(self, username: str, password: str) -> None:
        from app.services.errors import ServiceError  # noqa: PLC0415

        screen = self.screen
        if screen is None:
            return
        if not self._save_wizards():
            screen.refused(
                _(
                    "What was typed in this session could not be saved yet, so it stays locked."
                    " Try again in a moment."
                )
            )
            return
        try:
            actor = self.services.accounts.take_over(self.actor, username, password)
        except ServiceError as error:
            screen.refused(str(error))
            return
        if actor.user_id == self.actor.user_id:
            self._restore()  # the locked user signed in again
            return
        for wizard in self._wizards():
            wizard.close_saved()  # saved above: it closes, asking nothing
        for window in self._hidden:  # case views, dialogs: nothing in them is unsaved
            if shiboken6.isValid(window) and not isinstance(window, QWizard | type(self.window)):
                window.close()
        self._hidden = []
        self.taken_over.emit(actor)  # the new user's main window appears first
        self.screen = None
        screen.hide()
        screen.deleteLater()
