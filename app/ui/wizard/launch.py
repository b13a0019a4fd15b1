"""Opening a case in the wizard, beside the main window (not modal: the list stays usable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from app.ui.wizard.wizard import CaseWizard

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor


def open_wizard(
    parent: QWidget | None,
    services: Services,
    actor: Actor,
    opened: OpenedCase,
    demo: bool = False,
    *,
    geometry: QRect | None = None,
) -> CaseWizard:
    """Shows the case in the wizard, on the page it was left on (and where `geometry`, of a
    wizard it replaces, says), and returns the wizard."""
    wizard = CaseWizard(services, actor, opened, parent, demo=demo)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.setWindowFlag(Qt.WindowType.Window, True)
    _walk_to_saved_page(wizard)
    wizard.show()
    if geometry is not None:  # once shown: QWizard sizes itself to its pages when shown
        wizard.setGeometry(geometry)
    wizard.activateWindow()
    return wizard


def _walk_to_saved_page(wizard: CaseWizard) -> None:
    """Starts on the first page and walks (quietly) to the page the draft was left on, so that
    Back works from there as if the officer had come the whole way."""
    ids = wizard.pageIds()
    target = wizard.startId()
    if not ids or target == ids[0]:
        return
    wizard.setStartId(ids[0])
    blocked = wizard.blockSignals(True)
    try:
        wizard.restart()
        while wizard.currentId() != target:
            before = wizard.currentId()
            wizard.next()
            if wizard.currentId() == before:
                break  # a page that is not complete: stay there
    finally:
        wizard.blockSignals(blocked)
    # The page arrived at is refreshed (and the draft saved if anything changed), as on any
    # page change.
    wizard.currentIdChanged.emit(wizard.currentId())
