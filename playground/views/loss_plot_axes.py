"""The loss plot's axes: which log-scale ticks get labels, and view boxes that follow the data at a few Hz.

While training, the curves are redrawn ~12 times a second. Following them with pyqtgraph's auto-range at that
rate re-ranges both linked plots and regenerates all four axes' ticks each time, about half of the plot's
cost on the GUI thread (whose time the training thread waits for). A PacedViewBox still auto-ranges, and
still only when auto-range is on (a zoom or pan by the user turns it off, as in any pyqtgraph plot), but at
most every RANGE_MS: the curves' newest steps may sit past the right edge for that long, then the view
catches up. The axes keep their cached pictures in between.

A turn that re-ranges both plots and regenerates three axes is the GUI thread's longest block (~15 ms), so a
turn changes a range only when it must: while the data still lie inside the view and fill most of it
(FILL), the range stays as it is; when it changes, it leaves room (ROOM) ahead of a growing run (right of the
newest step) and around the losses, so the next steps fit without another re-range.
"""
from __future__ import annotations

import math
import time

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

RANGE_MS = 250      # the views re-range at most 4 times a second
FILL = 0.75         # a view is kept while the data fill at least this share of its span
ROOM = 0.15         # a new range leaves this share of the data's span free: right of x, around y


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
        self._fresh = False               # the next auto-range fits the data afresh (range_now)
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
        if any(self.state["autoVisibleOnly"]) or self._updatingRange:
            super().updateAutoRange()     # pyqtgraph's (a plot of ours asks for neither)
            return
        self._updatingRange = True        # as pyqtgraph: items resized by the new range do not recurse
        try:
            self._range_with_room()
        finally:
            self._autoRangeNeedsUpdate = False
            self._updatingRange = False
            self._fresh = False

    def range_now(self) -> None:
        """Auto-range at once (a new scale or new curves must not wait for the next turn), fitted afresh."""
        self._due.stop()
        self._ranged_at = -math.inf
        self._fresh = True
        self.updateAutoRange()

    def _range_with_room(self) -> None:
        """pyqtgraph's auto-range (the data's bounds, its padding), but an axis whose data still fit stays, and
        one that moves gets room to grow into."""
        if not any(self.state["autoRange"]):
            return
        bounds, view = self.childrenBounds(), self.viewRange()
        ranges = {}
        for axis, name in ((0, "xRange"), (1, "yRange")):
            if self.state["autoRange"][axis] is False or bounds[axis] is None:
                continue
            data_low, data_high = bounds[axis]
            pad = (data_high - data_low) * self.suggestPadding(axis)
            low, high = data_low - pad, data_high + pad
            shown_low, shown_high = view[axis]
            if (not self._fresh and shown_low <= data_low and data_high <= shown_high
                    and high - low >= FILL * (shown_high - shown_low)):
                continue                  # still fits, snugly enough: this axis keeps its ticks
            room = (high - low) * ROOM
            new = (low, high + room) if axis == 0 else (low - room / 2, high + room / 2)
            if all(math.isfinite(v) for v in new):
                ranges[name] = new
        if ranges:
            self.setRange(**ranges, padding=0.0, disableAutoRange=False)

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
