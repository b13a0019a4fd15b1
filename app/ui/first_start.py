"""First start on an empty database: the station and its first administrator."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.marks import DatabaseMark
from app.i18n import _
from app.i18n.issues import describe
from app.services import Services
from app.services.context import Actor
from app.services.errors import Refused, ServiceError
from app.ui.widgets.banner import demo_title
from app.ui.widgets.form_error import FormErrorLabel, add_row_with_error, grow_to_fit

DEFAULT_PACK = "eu-baseline"


class FirstStartDialog(QDialog):
    """Refused input is shown beside the field it concerns; nothing typed is cleared."""

    set_up_done = Signal(object)  # the new administrator's Actor

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.recovery_sheet: QDialog | None = None
        self.setWindowTitle(demo_title(_("Proximity Desk — First start"), DatabaseMark.NONE))
        self.setMinimumWidth(560)

        heading = QLabel(_("Set up this workstation's database"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(
            _(
                "This database has no accounts yet. Enter your station and create its first"
                " administrator; the administrator then adds the other users."
            )
        )
        intro.setWordWrap(True)

        self.station_code = QLineEdit()
        self.station_code.setPlaceholderText(_("e.g. LIS-01"))
        self.station_name = QLineEdit()
        self.station_name.setPlaceholderText(_("e.g. Lisbon Centre proximity station"))
        self.protocol_pack = QComboBox()
        for pack_id, pack in sorted(services.backend.packs.items()):
            self.protocol_pack.addItem(f"{pack_id}: {_(pack.name)}", pack_id)
        self.protocol_pack.setCurrentIndex(max(0, self.protocol_pack.findData(DEFAULT_PACK)))
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)

        # Issue.field (as the service names it) -> the message under that field.
        self.errors: dict[str, FormErrorLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, label, widget in (
            ("station_code", _("Station code:"), self.station_code),
            ("station_name", _("Station name:"), self.station_name),
            ("protocol_pack", _("Protocol pack:"), self.protocol_pack),
            ("username", _("Administrator user name:"), self.username),
            ("full_name", _("Full name:"), self.full_name),
            ("password", _("Password:"), self.password),
            ("repeat", _("Repeat the password:"), self.repeat),
        ):
            widget.setObjectName(field)
            self.errors[field] = add_row_with_error(form, label, widget, field)
        self.general_error = FormErrorLabel()

        buttons = QDialogButtonBox()
        self.set_up_button = QPushButton(_("Set up"))
        self.set_up_button.setDefault(True)
        quit_button = QPushButton(_("Quit"))
        buttons.addButton(self.set_up_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.set_up_button.clicked.connect(self.set_up)
        quit_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.station_code.setFocus()

    def set_up(self) -> None:
        for error in self.errors.values():
            error.clear_message()
        self.general_error.clear_message()
        if self.password.text() != self.repeat.text():
            self.errors["repeat"].show_message(_("The two passwords are not the same."))
            grow_to_fit(self)
            self.repeat.setFocus()
            return
        try:
            actor = self._services.accounts.set_up(
                station_code=self.station_code.text().strip(),
                station_name=self.station_name.text().strip(),
                username=self.username.text().strip(),
                full_name=self.full_name.text().strip(),
                password=self.password.text(),
                protocol_pack=str(self.protocol_pack.currentData()),
            )
        except Refused as refused:
            self._show_issues(refused)
            return
        except ServiceError as error:
            self.general_error.show_message(str(error))
            grow_to_fit(self)
            return
        if self._services.encryption.state() == "encrypted":  # the key's sheet first
            from app.ui.recovery_sheet import RecoverySheetDialog  # noqa: PLC0415

            self.recovery_sheet = RecoverySheetDialog(self._services, actor, self)
            self.recovery_sheet.accepted.connect(lambda: self._done(actor))
            self.recovery_sheet.open()
            return
        self._done(actor)

    def _done(self, actor: Actor) -> None:
        self.set_up_done.emit(actor)
        self.accept()

    def _show_issues(self, refused: Refused) -> None:
        first: QWidget | None = None
        for issue in refused.issues:
            label = self.errors.get(issue.field)
            if label is None:
                self.general_error.show_message(describe(issue))
                continue
            # Worded without the service's field id: the field's own label says which one.
            text = describe(replace(issue, field=""))
            shown = f"{label.text()}\n{text}" if label.text() else text
            label.show_message(shown)
            box = label.parentWidget()
            if first is None and box is not None:
                first = box.findChild(QWidget, issue.field)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        grow_to_fit(self)
