"""The sign-in window. It is the first thing shown, before the database is open, so this module
imports only Qt and the app's gettext helpers: the services (and SQLAlchemy) arrive later.

Start-up time matters here (a bench compares it with a bare Qt window), and in PySide6 every Qt
class and enum is built on first use: this window uses as few as it can until it has been painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.marks import DatabaseMark
from app.i18n import _
from app.ui.widgets.form_error import FormErrorLabel, grow_to_fit
from app.ui.widgets.titles import demo_title

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from app.services import Services
    from app.ui.widgets.banner import DemoBanner


class LoginDialog(QDialog):
    """User name and password. Refusals are shown inline, never in a popup."""

    signed_in = Signal(object)  # the Actor
    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services: Services | None = None
        self._painted = False
        self.setWindowTitle(_("Proximity Desk — Sign in"))
        self.setMinimumWidth(440)

        title = QLabel(_("Proximity Desk"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)

        self.banner: DemoBanner | None = None  # built when the database turns out to be a demo
        self.station_label = QLabel()
        self.station_label.hide()

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)

        self.error = FormErrorLabel()
        self.status = QLabel(_("Opening the database…"))
        self.status.setWordWrap(True)

        self.sign_in_button = QPushButton(_("Sign in"))
        self.sign_in_button.setDefault(True)  # Enter in either field signs in
        self.sign_in_button.setEnabled(False)
        self.quit_button = QPushButton(_("Quit"))
        self.sign_in_button.clicked.connect(self.sign_in)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.quit_button)

        self._layout = QVBoxLayout(self)
        self._layout.addWidget(title)
        self._layout.addWidget(self.station_label)
        self._layout.addLayout(form)
        self._layout.addWidget(self.status)
        self._layout.addWidget(self.error)
        self._layout.addStretch(1)
        self._layout.addLayout(buttons)
        self.username.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    # ------------------------------------------------------------------ set by the start-up

    def set_services(self, services: Services) -> None:
        self._services = services
        self.status.setText("")
        self.status.hide()
        self.sign_in_button.setEnabled(True)

    def set_failed(self, message: str) -> None:
        """The database could not be opened: say why, and leave Sign in disabled."""
        self.status.setText(_("The database could not be opened."))
        self.status.show()
        self.error.show_message(message)
        self.sign_in_button.setEnabled(False)
        grow_to_fit(self)

    def set_demo(self, demo: DatabaseMark) -> None:
        if demo and self.banner is None:
            from app.ui.widgets.banner import DemoBanner  # noqa: PLC0415 - only for a demo

            self.banner = DemoBanner(demo)
            self._layout.insertWidget(1, self.banner)
        if self.banner is not None:
            self.banner.setVisible(bool(demo))
        self.setWindowTitle(demo_title(_("Proximity Desk — Sign in"), demo))

    def is_demo(self) -> bool:
        return self.banner is not None and not self.banner.isHidden()

    def set_station(self, name: str) -> None:
        # Imported here: the Qt namespace costs ~12 ms, too much before the first window is up.
        from PySide6.QtCore import Qt  # noqa: PLC0415

        self.station_label.setTextFormat(Qt.TextFormat.PlainText)
        self.station_label.setText(_("Station: {name}").format(name=name))
        self.station_label.setVisible(bool(name))

    def set_username(self, username: str) -> None:
        self.username.setText(username)
        self.password.clear()
        self.password.setFocus()

    # ------------------------------------------------------------------ signing in

    def sign_in(self) -> None:
        if self._services is None:
            return
        from app.services.errors import ServiceError  # noqa: PLC0415 - loaded with the backend

        self.error.clear_message()
        try:
            actor = self._services.accounts.authenticate(self.username.text(), self.password.text())
        except ServiceError as error:
            # The user name stays; the password is typed again.
            self.error.show_message(str(error))
            grow_to_fit(self)
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.signed_in.emit(actor)
        self.accept()
