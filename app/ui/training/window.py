"""The training main window: the ordinary main window over the training database, for the user
signed in to the real one (app.services.training_db). Opened beside the real window (File >
Training) or instead of it (`proximity-desk --training`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor

# The main window's class is handed in (never imported here): app.ui.main_window opens this
# module, and screens import no cycle (tests/ui/test_import_cycles.py).
MainWindowClass = Any


def training_main_window(
    window_class: MainWindowClass,
    services: Services,
    actor: Actor,
    url: str,
    *,
    idle_lock_ms: int,
    parent: QWidget | None = None,
) -> Any:
    """The main window (of `window_class`) over the training database at `url`, prepared for
    `actor` (signed in to `services`). Raises ServiceError when it cannot be opened (a real
    database, say). Its services close with the window."""
    from app.services.training_db import open_training  # noqa: PLC0415 - when asked for

    training, trainee = open_training(services, actor, url)
    try:
        window = window_class(
            training,
            trainee,
            idle_lock_ms=idle_lock_ms,
            signed_in=(services, actor),
            parent=parent,
        )
    except BaseException:
        training.close()
        raise
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(lambda _gone=None: training.close())
    return window


def open_training_window(real: Any) -> Any:
    """File > Training: the training window beside the real one (brought forward if open)."""
    from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

    existing = real.training_window
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    try:
        window = training_main_window(
            type(real), real.services, real.actor, real.training_url,
            idle_lock_ms=real.idle_lock_ms, parent=real,
        )  # fmt: skip
    except ServiceError as error:
        QMessageBox.warning(real, _("Training"), str(error))
        return None
    # A child of the real window: the real window's idle lock hides it and saves its wizards,
    # and signing out of either closes both.
    window.idle_lock.stop()
    window.signed_out.connect(real.sign_out)
    real.training_window = window
    window.show()
    return window
