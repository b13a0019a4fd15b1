"""The GUI's composition root: settings, then the sign-in window, then the backend and the rest.

Only Qt, the gettext helpers and the sign-in window are imported here, so the first window appears
about as fast as a bare Qt window; SQLAlchemy and the services load in a background thread while
the person types (see app/ui/startup.py).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from app.i18n import _
from app.ui.collector import GuiThreadCollector
from app.ui.language import apply_screen_language
from app.ui.startup import PROBE_ENV, Startup

if TYPE_CHECKING:
    from app.config import Settings
    from app.services import Services


def run_gui(
    settings: Settings, *, demo: bool = False, demo_cases: int = 300, training: bool = False
) -> int:
    """Runs the program until its last window closes; returns the exit status."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Proximity Desk")
    GuiThreadCollector(app)  # Qt objects are freed in the GUI thread only
    sys.excepthook = report_unexpected
    # Before any window: the sign-in window is in the language of the settings; after sign-in
    # the user's own choice takes over (Startup._signed_in).
    apply_screen_language(settings.language)
    startup = Startup(
        settings,
        demo=demo,
        demo_cases=demo_cases,
        training=training,
        probe=os.environ.get(PROBE_ENV) or None,
    )
    startup.quit_requested.connect(app.exit)
    startup.start()
    try:
        return app.exec()
    finally:
        startup.shutdown()


def smoke_test(out: Path | None = None) -> int:
    """Builds the main window offscreen over a small demo database, renders every printout and
    writes the Finnish leaflet into `out` (a new temporary folder if None), then exits: 0 if it
    showed cases and every printout came out. Checks that an installed or frozen build has
    everything it needs: resources, compiled catalogs, Qt's plugins, reportlab's data."""
    import tempfile  # noqa: PLC0415 - not needed for a normal start

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.services import open_services  # noqa: PLC0415
    from app.ui.case_list.model import COUNTING  # noqa: PLC0415
    from app.ui.main_window import MainWindow  # noqa: PLC0415

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        services = open_services(
            f"sqlite:///{folder}/smoke.sqlite3",
            audit_keys=Path(folder),
            database_keys=Path(folder),
        )
        services.demo.fill(50)
        window = MainWindow(services, services.accounts.authenticate("officer", "demo"))
        window.show()
        app.processEvents()
        rows = window.case_list.model.rowCount()
        window.close()
        COUNTING.waitForDone()
        leaflet = Path(out or tempfile.mkdtemp(prefix="proximity-desk-smoke-")) / "leaflet-fi.pdf"
        printed = smoke_test_printouts(services, leaflet)
        services.close()
    print(_("Smoke test: the main window listed {n} cases.").format(n=rows))
    print(_("Smoke test: {n} printouts rendered.").format(n=printed))
    print(_("Smoke test: the Finnish leaflet is {path}").format(path=leaflet))
    return 0 if rows and printed else 1


def smoke_test_printouts(services: Services, leaflet: Path) -> int:
    """The leaflet in every document language (the Finnish one also written to `leaflet`) and
    each printout of a case: a build that lost a font or reportlab's data fails here. Returns
    how many PDFs came out."""
    from app.documents import DOCUMENT_LANGUAGES  # noqa: PLC0415
    from app.domain.case import CaseQuery  # noqa: PLC0415
    from app.services.audit import Delivery  # noqa: PLC0415

    officer = services.accounts.authenticate("officer", "demo")
    pdfs: list[bytes] = []
    kept = Delivery("screen", pdfs.append)

    def to_file(pdf: bytes) -> None:
        pdfs.append(pdf)
        leaflet.parent.mkdir(parents=True, exist_ok=True)
        leaflet.write_bytes(pdf)

    services.documents.leaflets(
        officer,
        DOCUMENT_LANGUAGES,
        lambda code: Delivery("file", to_file) if code == "fi" else kept,
    )
    reason = _("Smoke test")
    for summary in services.cases.list_cases(officer, CaseQuery(), 50):
        record = services.cases.open_case(officer, summary.id, reason).record
        if len(record.referrals) == 1 and record.consents:
            documents, reference = services.documents, record.reference
            documents.referral_sheet(officer, reference, "ar", delivery=kept, reason=reason)
            documents.prosecutor_report(officer, reference, "bg", delivery=kept, reason=reason)
            person = record.consents[0].person_key
            documents.consent_receipt(
                officer, reference, "fi", delivery=kept, reason=reason, person_key=person
            )
            break
    return sum(pdf.startswith(b"%PDF") for pdf in pdfs)


def crash_report(
    kind: type[BaseException], trace: TracebackType | None, error: BaseException | None = None
) -> str:
    """Where an unexpected error happened, without its message: a message may quote case data
    (a name, an address), and this text goes to the terminal or a support ticket. A database
    error adds its kind and the database's own code."""
    frames = "".join(traceback.format_tb(trace))
    database = database_failure(error) if error is not None else ""
    detail = f" ({database})" if database else ""
    return f"Unexpected error: {kind.__module__}.{kind.__qualname__}{detail}\n{frames}"


def database_failure(error: BaseException) -> str:
    """For a database error: its kind and the database's own code ("database busy, SQLITE_BUSY"),
    from the codes only. "" for any other error. Looks only at modules already loaded: an error
    raised before the database was opened cannot be one."""
    errors = sys.modules.get("app.services.errors")
    if errors is None:
        return ""
    problem = error
    sqlalchemy_exc, engine = (
        sys.modules.get("sqlalchemy.exc"),
        sys.modules.get("app.storage.engine"),
    )
    if sqlalchemy_exc and engine and isinstance(error, sqlalchemy_exc.DBAPIError):
        problem = errors.database_problem(*engine.classify(error))  # one that escaped the services
    if not isinstance(problem, errors.DatabaseProblem):
        return ""
    return f"{_(problem.kind)}, {problem.code}"


def report_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    sys.stderr.write(crash_report(kind, trace, error))
    QMessageBox.critical(None, _("Unexpected error"), unexpected_message(kind, error))


def unexpected_message(kind: type[BaseException], error: BaseException) -> str:
    """The kind of error (for a database's, its kind and code), never its message."""
    return _(
        "Something went wrong ({kind}). Drafts are saved as you type: reopen the case to "
        "check it, and tell your administrator what you were doing."
    ).format(kind=database_failure(error) or kind.__name__)
