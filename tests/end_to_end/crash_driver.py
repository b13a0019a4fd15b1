"""Drives the real program for the crash test (tests/end_to_end/test_crash_recovery.py).

    python tests/end_to_end/crash_driver.py fill   DB_URL OUT.json   types into a new case, writes
                                                                     OUT.json once it is saved, then
                                                                     waits to be killed
    python tests/end_to_end/crash_driver.py resume DB_URL OUT.json   signs in, accepts the offer to
                                                                     continue the draft, writes what
                                                                     the wizard shows, and quits

The program is started as the user starts it (app.cli.main); the driver only presses keys,
through QTest, into the windows the program opens.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.cli import main as program
from app.ui.login import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.wizard.wizard import CaseWizard

TYPED = {
    "injuries_note": "Cut above the left eye",
    "medical_note": "Paramedics called at 21:10",
    "place": "Rua do Benformoso 12",
    "district": "Mouraria",
    "narrative": "Two men shouted slurs and pushed him to the ground.",
}


def visible(kind: type[QWidget]) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def shown_values(wizard: CaseWizard) -> dict[str, str]:
    first = wizard.pages[0]
    incident = next(p for p in wizard.pages if p.step_id == "incident")
    return {
        "injuries_note": first.injuries_note.text(),  # type: ignore[attr-defined]
        "medical_note": first.medical_note.text(),  # type: ignore[attr-defined]
        "danger": first.danger.currentText(),  # type: ignore[attr-defined]
        "place": incident.place.text(),  # type: ignore[attr-defined]
        "district": incident.district.text(),  # type: ignore[attr-defined]
        "narrative": incident.narrative.toPlainText(),  # type: ignore[attr-defined]
        "page": wizard.current_step(),
    }


class Script:
    """Steps run one after the other; each is retried until it returns True."""

    def __init__(self, steps: list[Callable[[], bool]]) -> None:
        self.steps = steps
        self.timer = QTimer()
        self.timer.timeout.connect(self.tick)
        self.timer.start(50)

    def tick(self) -> None:
        if self.steps and self.steps[0]():
            self.steps.pop(0)


def sign_in() -> bool:
    login = visible(LoginDialog)
    if login is None or not login.sign_in_button.isEnabled():  # type: ignore[attr-defined]
        return False
    QTest.keyClicks(login.username, "officer")  # type: ignore[attr-defined]
    QTest.keyClicks(login.password, "demo")  # type: ignore[attr-defined]
    QTest.keyClick(login.password, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    return True


def fill(out: Path) -> list[Callable[[], bool]]:
    state: dict[str, CaseWizard] = {}

    def new_case() -> bool:
        window = visible(MainWindow)
        if window is None:
            return False
        resume = window.findChild(QMessageBox, "resumeDraft")
        if resume is not None:
            resume.reject()
        if QApplication.activeWindow() is not window:  # shortcuts reach the active window only
            window.activateWindow()
            return False
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        return True

    def type_first_page() -> bool:
        wizard = visible(CaseWizard)
        if wizard is None:
            return False
        state["wizard"] = wizard
        first = wizard.pages[0]
        QTest.keyClicks(first.injuries_note, TYPED["injuries_note"])  # type: ignore[attr-defined]
        QTest.keyClicks(first.medical_note, TYPED["medical_note"])  # type: ignore[attr-defined]
        first.danger.setFocus()  # type: ignore[attr-defined]
        QTest.keyClick(first.danger, Qt.Key.Key_Down)  # type: ignore[attr-defined]
        # Enter = Next: to "What happened".
        QTest.keyClick(first.medical_note, Qt.Key.Key_Return)  # type: ignore[attr-defined]
        return True

    def type_incident_page() -> bool:
        wizard = state["wizard"]
        if wizard.current_step() != "incident":
            return False
        page = wizard.currentPage()
        QTest.keyClicks(page.place, TYPED["place"])  # type: ignore[attr-defined]
        QTest.keyClicks(page.district, TYPED["district"])  # type: ignore[attr-defined]
        QTest.keyClicks(page.narrative, TYPED["narrative"])  # type: ignore[attr-defined]
        return True

    def saved() -> bool:
        wizard = state["wizard"]
        if wizard._timer.isActive() or "saved" not in wizard.status.text().lower():
            return False
        # Only the autosave has run: no page change, no closing. Now the parent may kill us.
        out.write_text(json.dumps(shown_values(wizard)), encoding="utf-8")
        return True

    return [sign_in, new_case, type_first_page, type_incident_page, saved]


def resume(out: Path) -> list[Callable[[], bool]]:
    def accept_offer() -> bool:
        window = visible(MainWindow)
        offer = window.findChild(QMessageBox, "resumeDraft") if window else None
        if offer is None or not offer.isVisible():
            return False
        QTest.keyClick(offer, Qt.Key.Key_Return)  # the default button: continue
        return True

    def report() -> bool:
        wizard = visible(CaseWizard)
        if wizard is None:
            return False
        out.write_text(json.dumps(shown_values(wizard)), encoding="utf-8")
        QApplication.instance().exit(0)  # type: ignore[union-attr]
        return True

    return [sign_in, accept_offer, report]


def run() -> int:
    mode, url, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    QApplication([])
    _script = Script(fill(out) if mode == "fill" else resume(out))
    return program(["--db", url])


if __name__ == "__main__":
    sys.exit(run())
