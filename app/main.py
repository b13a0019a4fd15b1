"""The GUI's composition root: settings, then the sign-in window, then the backend and the rest.

Only Qt, the gettext helpers and the sign-in window are imported here, so the first window appears
about as fast as a bare Qt window; SQLAlchemy and the services load in a background thread while
the person types (see app/ui/startup.py).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app import i18n
from app.i18n import _
from app.ui.startup import PROBE_ENV, Startup

if TYPE_CHECKING:
    from app.config import Settings


def run_gui(settings: Settings, *, demo: bool = False, demo_cases: int = 300) -> int:
    """Runs the program until its last window closes; returns the exit status."""
    i18n.set_language(settings.language)
    QLocale.setDefault(QLocale(settings.language))
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Proximity Desk")
    startup = Startup(
        settings,
        demo=demo,
        demo_cases=demo_cases,
        probe=os.environ.get(PROBE_ENV) or None,
    )
    startup.quit_requested.connect(app.exit)
    startup.start()
    try:
        return app.exec()
    finally:
        startup.shutdown()


def smoke_test() -> int:
    """Builds the main window offscreen over a small demo database, then exits: 0 if it showed
    cases. Checks that an installed or frozen build has everything it needs."""
    import tempfile  # noqa: PLC0415 - not needed for a normal start

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.services import open_services  # noqa: PLC0415
    from app.ui.case_list.model import COUNTING  # noqa: PLC0415
    from app.ui.main_window import MainWindow  # noqa: PLC0415

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(f"sqlite:///{folder}/smoke.sqlite3")
        services.demo.fill(50)
        window = MainWindow(services, services.accounts.authenticate("officer", "demo"))
        window.show()
        app.processEvents()
        rows = window.case_list.model.rowCount()
        window.close()
        COUNTING.waitForDone()
        services.close()
    print(_("Smoke test: the main window listed {n} cases.").format(n=rows))
    return 0 if rows else 1
