"""What part of the plane the dataset canvas shows, reported as it changes.

The view is locked to equal aspect, so it shows more along one axis than asked for, and what it shows
changes with every resize, zoom and pan. Whoever computes images for the canvas (the training
worker, through the controller) needs that rectangle: a burst of range changes is reported at a steady pace,
the latest one last, and only when it differs from what was reported before.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer, Signal

from engine.grid import check_extent

REPORT_MS = 30      # at most one report this often while a resize or a zoom goes on


class VisibleExtentReporter(QObject):
    changed = Signal(tuple)          # (xmin, xmax, ymin, ymax) now on screen

    def __init__(self, view_box: pg.ViewBox, parent: QObject):
        super().__init__(parent)
        self._view_box = view_box
        self._reported = None
        self._timer = QTimer(self, singleShot=True, interval=REPORT_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        view_box.sigRangeChanged.connect(self._on_range_changed)
        view_box.sigResized.connect(self._on_range_changed)
        self._timer.start()          # the first report, even if the range never moves

    def visible_extent(self) -> tuple:
        (xmin, xmax), (ymin, ymax) = self._view_box.viewRange()
        return float(xmin), float(xmax), float(ymin), float(ymax)

    def _on_range_changed(self, *_args) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        try:
            view = check_extent(self.visible_extent())
        except ValueError:           # not laid out yet (no size): the next range change reports
            return
        if view != self._reported:
            self._reported = view
            self.changed.emit(view)
