"""Dialog buttons in the screen language. Qt translates its standard buttons only where it ships
a catalog, and it has none for Estonian: the buttons that say more than "OK" get our words."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from app.i18n import _

Standard = QDialogButtonBox.StandardButton


def ok_cancel_buttons() -> QDialogButtonBox:
    buttons = QDialogButtonBox(Standard.Ok | Standard.Cancel)
    buttons.button(Standard.Cancel).setText(_("Cancel"))
    return buttons


def save_cancel_buttons() -> QDialogButtonBox:
    buttons = ok_cancel_buttons()
    buttons.button(Standard.Ok).setText(_("Save"))
    return buttons


def close_buttons() -> QDialogButtonBox:
    buttons = QDialogButtonBox(Standard.Close)
    buttons.button(Standard.Close).setText(_("Close"))
    return buttons
