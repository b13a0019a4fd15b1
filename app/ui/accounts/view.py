"""The accounts, for administrators: who may sign in, with which role at which station; add one,
change its role or station, deactivate or reactivate it (never erased: its history stays), reset
its password. The service decides; refusals are shown as it words them.

Keyboard: the table moves with the arrows; each button has a mnemonic; dialogs take Enter and
Escape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import Role
from app.domain.marks import DatabaseMark
from app.i18n import _, format_datetime
from app.services.errors import ServiceError
from app.ui.accounts.password import PasswordDialog, password_field
from app.ui.labels import label
from app.ui.views import ACCOUNTS, register
from app.ui.widgets.buttons import save_cancel_buttons
from app.ui.widgets.form_error import FormErrorLabel, grow_to_fit
from app.ui.widgets.tables import row_picker

if TYPE_CHECKING:
    from app.services import Services
    from app.services.accounts import UserInfo
    from app.services.context import Actor


class AccountDialog(QDialog):
    """A new account (every field), or an account's role and station (`user` given)."""

    def __init__(
        self, services: Services, actor: Actor, user: UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._services, self._actor, self._user = services, actor, user
        self.setWindowTitle(
            _("Change role or station of {name}").format(name=user.username)
            if user
            else _("New account")
        )
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.password, self.repeat = password_field(), password_field()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(label(role), role)
        self.station = QComboBox()
        for station in services.stations.list_stations(actor):
            self.station.addItem(f"{station.code} — {station.name}", station.code)
        self.station.setCurrentIndex(max(0, self.station.findData(actor.station_code)))
        form = QFormLayout()
        if user is None:
            form.addRow(_("User name:"), self.username)
            form.addRow(_("Full name:"), self.full_name)
        else:
            self.role.setCurrentIndex(self.role.findData(user.role))
            self.station.setCurrentIndex(self.station.findData(user.station_code))
        form.addRow(_("Role:"), self.role)
        form.addRow(_("Station:"), self.station)
        if user is None:
            form.addRow(_("Password:"), self.password)
            form.addRow(_("Repeat the password:"), self.repeat)
        self.error = FormErrorLabel()
        buttons = save_cancel_buttons()
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        (self.role if user else self.username).setFocus()

    def save(self) -> None:
        self.error.clear_message()
        role, station = Role(self.role.currentData()), str(self.station.currentData())
        try:
            if self._user is not None:
                self._services.accounts.set_user(
                    self._actor, self._user.username, role=role, station_code=station
                )
            elif self.password.text() != self.repeat.text():
                self.error.show_message(_("The two passwords are not the same."))
                grow_to_fit(self)
                return
            else:
                self._services.accounts.add_user(
                    self._actor, username=self.username.text().strip(),
                    full_name=self.full_name.text().strip(), role=role,
                    password=self.password.text(), station_code=station,
                )  # fmt: skip
        except ServiceError as error:
            self.error.show_message(str(error))
            grow_to_fit(self)
            return
        self.accept()


@register(ACCOUNTS)
class AccountsView(QWidget):
    HEADERS = 7

    def __init__(self, services: Services, actor: Actor, demo: DatabaseMark) -> None:
        super().__init__()
        self._services, self._actor = services, actor
        self.users: list[UserInfo] = []
        self.dialog: QDialog | None = None  # the one open, for the tests
        self.table = QTableWidget(0, self.HEADERS)
        self.table.setObjectName("accounts")
        row_picker(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton()
        self.change_button = QPushButton()
        self.active_button = QPushButton()
        self.reset_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.change_button.clicked.connect(self.change)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.error = FormErrorLabel()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.change_button, self.active_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.retranslate()
        self.refresh()

    @staticmethod
    def shown_to(actor: Actor) -> bool:
        return actor.role is Role.ADMIN

    def navigation_title(self) -> str:
        return _("Accounts")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                _("User name"), _("Full name"), _("Role"), _("Station"), _("Active"),
                _("Locked until"), _("Must change password"),
            ]
        )  # fmt: skip
        self.add_button.setText(_("&Add…"))
        self.change_button.setText(_("Change role or &station…"))
        self.reset_button.setText(_("Reset &password…"))
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def refresh(self) -> None:
        chosen = self.selected()
        try:
            self.users = self._services.accounts.list_users(self._actor)
        except ServiceError as error:
            self.error.show_message(str(error))
            return
        self.table.setRowCount(len(self.users))
        yes, no = _("Yes"), _("No")
        for row, user in enumerate(self.users):
            locked = format_datetime(user.locked_until) if user.locked_until else ""
            cells = [
                user.username, user.full_name, label(user.role), user.station_code,
                yes if user.active else no, locked, yes if user.must_change_password else "",
            ]  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if chosen is not None and user.username == chosen.username:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and self.users:
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.selected()
        active = user is None or user.active
        self.active_button.setText(_("&Deactivate") if active else _("&Reactivate"))
        for button in (self.change_button, self.active_button, self.reset_button):
            button.setEnabled(user is not None)

    def _done(self, dialog: QDialog) -> None:
        """Window-modal, not exec(): the view refreshes once the dialog is accepted."""
        self.dialog = dialog
        dialog.accepted.connect(self.error.clear_message)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def add(self) -> None:
        self._done(AccountDialog(self._services, self._actor, parent=self))

    def change(self) -> None:
        if (user := self.selected()) is not None:
            self._done(AccountDialog(self._services, self._actor, user, parent=self))

    def reset_password(self) -> None:
        if (user := self.selected()) is not None:
            self._done(PasswordDialog(self._services, self._actor, user.username, parent=self))

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        accounts = self._services.accounts
        try:
            if user.active:
                accounts.deactivate(self._actor, user.username)
            else:
                accounts.reactivate(self._actor, user.username)
        except ServiceError as error:
            self.error.show_message(str(error))
            return
        self.error.clear_message()
        self.refresh()
