"""A password dialog: an administrator's reset of another account (new password twice), or a
user's own change (present password, then the new one twice), shown at sign-in after a reset.
The policy is the service's (app.domain.passwords); refusals are worded by app.i18n.issues."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.passwords import MIN_LENGTH
from app.i18n import _
from app.i18n.issues import describe
from app.services.errors import Refused, ServiceError
from app.ui.widgets.buttons import save_cancel_buttons
from app.ui.widgets.form_error import FormErrorLabel, grow_to_fit

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PasswordDialog(QDialog):
    """With `username`: an administrator resets that account. Without: the actor changes their
    own; `self.actor` is then the actor with the change recorded."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self.actor, self._username = services, actor, username
        own = not username
        if own:
            self.setWindowTitle(_("Change your password"))
            intro = _(
                "An administrator has reset your password. Choose your own now: at least {min}"
                " characters, not your user name, not a common password."
            ).format(min=MIN_LENGTH)
        else:
            self.setWindowTitle(_("Reset the password of {name}").format(name=username))
            intro = _(
                "{name} must change this password at their next sign-in. At least {min}"
                " characters, not the user name, not a common password."
            ).format(name=username, min=MIN_LENGTH)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.old = password_field()
        self.old.setObjectName("old")
        self.new = password_field()
        self.new.setObjectName("new")
        self.repeat = password_field()
        self.repeat.setObjectName("repeat")
        form = QFormLayout()
        if own:
            form.addRow(_("Present password:"), self.old)
        form.addRow(_("New password:"), self.new)
        form.addRow(_("Repeat the password:"), self.repeat)
        self.error = FormErrorLabel()
        buttons = save_cancel_buttons()
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        (self.old if own else self.new).setFocus()

    def save(self) -> None:
        self.error.clear_message()
        if self.new.text() != self.repeat.text():
            self._show(_("The two passwords are not the same."))
            self.repeat.setFocus()
            return
        accounts = self._services.accounts
        try:
            if self._username:
                accounts.reset_password(self.actor, self._username, self.new.text())
            else:
                self.actor = accounts.change_password(self.actor, self.old.text(), self.new.text())
        except Refused as refused:  # worded without the field id: there is one new password
            self._show("\n".join(describe(replace(i, field="")) for i in refused.issues))
            self.new.setFocus()
            return
        except ServiceError as error:
            self._show(str(error))
            return
        self.accept()

    def _show(self, text: str) -> None:
        self.error.show_message(text)
        grow_to_fit(self)
