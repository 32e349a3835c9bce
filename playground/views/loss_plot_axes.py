"""The loss plot's axes: which log-scale ticks get labels, and view boxes that follow the data at a few Hz.

While training, the curves are redrawn ~12 times a second. Following them with pyqtgraph's auto-range at that
rate re-ranges both linked plots and regenerates all four axes' ticks each time, about half of the plot's
cost on the GUI thread (whose time the training thread waits for). A PacedViewBox still auto-ranges, and
still only when auto-range is on (a zoom or pan by the user turns it off, as in any pyqtgraph plot), but at
most every RANGE_MS: the curves' newest steps may sit past the right edge for that long, then the view
catches up. The axes keep their cached pictures in between.
"""
from __future__ import annotations

import math
import time

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

RANGE_MS = 250      # the views re-range at most 4 times a second


class LossAxis(pg.AxisItem):
    """On a log scale, label only 1, 2 and 5 × 10ⁿ: labels for 3, 4, 6…9 crowd each other (grid lines stay)."""

    def logTickStrings(self, values, scale, spacing):  # pyqtgraph override
        strings = super().logTickStrings(values, scale, spacing)
        return [text if round(10 ** (v - math.floor(v + 1e-9)), 6) in (1, 2, 5) else ""
                for v, text in zip(values, strings)]


class PacedViewBox(pg.ViewBox):
    """A ViewBox whose auto-range runs at most every RANGE_MS; one asked for sooner is done by the first
    call after that (the redraws while the curves grow), or at the latest RANGE_MS later."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ranged_at = -math.inf       # time.monotonic() of the last auto-range
        self._due = QTimer(self, singleShot=True)
        self._due.timeout.connect(self.updateAutoRange)

    def updateAutoRange(self) -> None:  # noqa: N802 (pyqtgraph override; it calls this before each paint)
        wait = self._ranged_at + RANGE_MS / 1000 - time.monotonic()
        if wait > 0:
            # The next redraw after the wait ranges the view in the same repaint; this timer only catches
            # the last one when the curves stop (a repaint of its own).
            if not self._due.isActive():
                self._due.start(math.ceil(wait * 1000) + RANGE_MS)
            return                          # pyqtgraph keeps its "needs an update" mark until then
        self._ranged_at = time.monotonic()
        super().updateAutoRange()

    def range_now(self) -> None:
        """Auto-range at once (a new scale or new curves must not wait for the next turn)."""
        self._due.stop()
        self._ranged_at = -math.inf
        self.updateAutoRange()

    def stop(self) -> None:
        """No late range after the plot closes."""
        self._due.stop()


def fit_left_axes(*plots) -> None:
    """One width for the plots' left axes, so they line up: room for "100%" beside the axis's title."""
    for plot in plots:
        axis = plot.getAxis("left")
        # Ticks are drawn in the application's font unless presentation mode gave them one.
        ticks = QFontMetricsF(axis.style["tickFont"] or QApplication.font()).horizontalAdvance("100%")
        title = axis.label.boundingRect().height() * 0.8      # what pyqtgraph reserves for it
        axis.setWidth(math.ceil(ticks + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"])
                                + title))
