"""Screenshots of the screens, for checking by eye: `python docs/screenshots/make_screenshots.py`.

Runs offscreen on throw-away databases: an empty one for the first start, and a demo database of
100,000 cases (filling it takes about half a minute) for the rest. The PNGs go beside this file.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app import i18n
from app.domain.case import CaseQuery
from app.services import Services, open_services
from app.services.context import Actor
from app.ui.case_view.view import CaseViewDialog
from app.ui.directory.view import DirectoryDialog
from app.ui.first_start import FirstStartDialog
from app.ui.login import LoginDialog
from app.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent
DEMO_CASES = 100_000


def settle(ms: int = 150) -> None:
    """Lets Qt lay out, paint and run queued work (the list's count) before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, name: str) -> None:
    widget.show()
    settle()
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


def first_start(folder: Path) -> None:
    services = open_services(f"sqlite:///{folder / 'empty.sqlite3'}")
    try:
        dialog = FirstStartDialog(services)
        dialog.resize(640, dialog.sizeHint().height())
        shoot(dialog, "first-start.png")
        dialog.close()
    finally:
        services.close()


def case_to_show(services: Services, actor: Actor) -> int:
    """A case with a victim, a perception, indicators and a referral: every part of the view."""
    for offset in range(0, 2_000, 50):
        for summary in services.cases.list_cases(actor, CaseQuery(), offset, 50):
            record = services.cases.open_case(actor, summary.id, "Screenshot").record
            if record.victims() and record.perceptions and record.indicators and record.referrals:
                return summary.id
    raise SystemExit("no demo case with a victim, perception, indicators and a referral")


def directory_screen(services: Services) -> None:
    """The support-services directory as an administrator sees it, on the confidential shelter."""
    admin = services.accounts.authenticate("admin", "demo")
    dialog = DirectoryDialog(services, admin)
    dialog.resize(1366, 768)
    dialog.reload(select_code="safe-house-east")
    shoot(dialog, "directory.png")
    dialog.close()


def demo_screens(folder: Path, cases: int) -> None:
    services = open_services(f"sqlite:///{folder / 'demo.sqlite3'}")
    try:
        started = time.monotonic()
        print(f"filling a demo database with {cases:,} cases…")
        services.demo.fill(cases)
        print(f"  done in {time.monotonic() - started:.0f} s")

        login = LoginDialog()
        login.set_demo(True)
        login.set_services(services)
        login.username.setText("officer")
        shoot(login, "login.png")
        login.close()

        officer = services.accounts.authenticate("officer", "demo")
        window = MainWindow(services, officer)
        window.resize(1366, 768)
        window.show()
        settle(400)  # the count comes after the first page
        shoot(window, "case-list.png")

        case_id = case_to_show(services, officer)
        opened = services.cases.open_case(officer, case_id, "Screenshot")
        pack = services.backend.pack(opened.record.protocol_pack)
        view = CaseViewDialog(opened.record, pack, window, user_names=opened.user_names, demo=True)
        view.resize(900, 740)
        shoot(view, "case-view.png")
        # The identification, where perception and indicators must read as separate things.
        view.browser.scrollToAnchor("identification")
        shoot(view, "case-view-identification.png")
        view.close()
        window.close()
        directory_screen(services)
    finally:
        services.close()


def main() -> int:
    # `--cases N`: a smaller demo database, for trying a layout change quickly.
    cases = int(sys.argv[sys.argv.index("--cases") + 1]) if "--cases" in sys.argv else DEMO_CASES
    i18n.set_language("en")
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="proximity-desk-shots-"))
    try:
        first_start(folder)
        demo_screens(folder, cases)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
