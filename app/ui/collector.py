"""Python's cyclic garbage collector, run in the GUI thread only.

Left automatic, the collector runs in whichever thread allocates when a threshold is crossed:
the case list's counting thread, say. If it then frees a cycle holding Qt widgets, they are
destroyed outside the GUI thread and the process crashes (a segfault, no traceback). So automatic
collection is off, and the GUI thread collects on a timer, generation by generation, with the
thresholds Python would have used (the pattern of pyqtgraph's and OpenCue's GarbageCollector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


def collect_due() -> None:
    """One generational step, as the automatic collector would take it now."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on a timer in the GUI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_due)
        self.timer.start(INTERVAL_MS)
