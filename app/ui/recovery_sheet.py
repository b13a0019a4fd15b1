"""After the first administrator is created on a new, encrypted database: the recovery sheet, to
print and keep sealed. The dialog closes only once the administrator says it is done: without the
sheet, a broken computer means the station's cases are lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, language
from app.services import Services
from app.services.context import Actor
from app.services.errors import ServiceError
from app.ui.preview import PreviewDialog, show_preview


class RecoverySheetDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self.preview: PreviewDialog | None = None
        self.setWindowTitle(_("Print the recovery sheet"))
        self.setMinimumWidth(560)

        heading = QLabel(_("Print the recovery sheet"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        intro = QLabel(
            _(
                "The database on this computer is encrypted; its key is kept on this computer,"
                " outside the database. Print the recovery sheet now, sign it, seal it in an"
                " envelope and keep it away from the computer. Without the sheet, a broken or"
                " replaced computer means the station's cases are lost."
            )
        )
        intro.setWordWrap(True)

        self.open_button = QPushButton(_("&Open the sheet…"))
        self.open_button.setAutoDefault(False)  # Enter is Continue, once it may be
        self.open_button.clicked.connect(self.open_sheet)
        self.done_box = QCheckBox(_("I have printed the sheet and will keep it &sealed"))
        buttons = QDialogButtonBox()
        self.continue_button = QPushButton(_("&Continue"))
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.clicked.connect(self.accept)
        self.done_box.toggled.connect(self.continue_button.setEnabled)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.open_button)
        layout.addWidget(self.done_box)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.open_button.setFocus()

    def open_sheet(self) -> None:
        try:
            pdf = self._services.encryption.recovery_sheet(self._actor, language())
        except ServiceError as error:
            QMessageBox.warning(self, _("Print the recovery sheet"), str(error))
            return

        def send(_to: str, write: Callable[[bytes], None]) -> None:
            write(pdf)

        self.preview = show_preview(
            self, pdf, _("Print the recovery sheet"), "recovery-sheet.pdf", send,
            database=self._services.database_file(),
        )  # fmt: skip

    def reject(self) -> None:
        """Escape closes it only once the sheet is said to be printed and sealed."""
        if self.done_box.isChecked():
            self.accept()
