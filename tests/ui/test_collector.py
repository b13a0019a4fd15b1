"""Cycles are freed in the GUI thread only (app.ui.collector)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.collector import INTERVAL_MS, GuiThreadCollector


class Holder:
    def __init__(self) -> None:
        self.widget = QWidget()
        self.me = self  # a cycle: only the cyclic collector frees it


def test_the_gui_thread_frees_a_cycle_of_widgets_on_its_timer(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert app is not None
    thresholds = gc.get_threshold()
    collector = GuiThreadCollector(app)
    try:
        assert not gc.isenabled()
        holder = Holder()
        gone = weakref.ref(holder)
        del holder
        gc.set_threshold(1, 1, 1)  # so that the next timer tick has a collection due
        for _ in range(3):
            qtbot.wait(INTERVAL_MS + 100)
            if gone() is None:
                break
        assert gone() is None
    finally:
        gc.set_threshold(*thresholds)
        collector.timer.stop()
        collector.deleteLater()
