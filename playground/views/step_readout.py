"""The loss plot's readout line and hover cursor: which step it reads and when it is re-set.

It reads the hovered step, else the step the timeline is scrubbed to (`set_marked_step`), else the latest one
(the text itself: loss_readout.py). Re-setting the text re-lays out the plot, so while the curves grow it is
done at most ~5 times a second, the last figures always shown.
"""
from __future__ import annotations

import time

import pyqtgraph as pg
from PySide6.QtCore import QObject, QTimer

from playground.views.loss_readout import readout_html

PACE_S = 0.2             # at most ~5 readout texts a second while training


class StepReadout(QObject):
    def __init__(self, widget, label, plots, history, context):
        """`label`: the LabelItem written; `plots`: the PlotItems the cursor crosses; `context()` gives
        (colours by split, the latest step's extra text, the metric's name)."""
        super().__init__(widget)
        self._label, self._plots, self._history, self._context = label, plots, history, context
        self.hover_x: float | None = None
        self.marked_step: float | None = None
        self._time = 0.0
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.update)
        self.cursors = [pg.InfiniteLine(angle=90, movable=False) for _ in plots]
        for plot, cursor in zip(plots, self.cursors):
            cursor.hide()
            plot.addItem(cursor, ignoreBounds=True)
        widget.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_marked_step(self, step: float | None) -> None:
        """The timeline's step shown (None: "now"): read while the mouse is not over the plots."""
        self.marked_step = None if step is None else float(step)
        self.update()

    def update(self) -> None:
        """The hovered step's figures, else the marked step's, else the latest; the cursor on a hovered step."""
        self._time = time.monotonic()
        colours, extra, metric = self._context()
        at = self.hover_x if self.hover_x is not None else self.marked_step
        text, step = readout_html(self._history, at, colours, extra, metric)
        self._label.setText(text)
        for cursor in self.cursors:
            cursor.setVisible(self.hover_x is not None and step is not None)
            if step is not None:
                cursor.setValue(step)

    def paced_update(self) -> None:
        """After a redraw: now when hovering or a while since the last, else soon (so the last figures show)."""
        if self.hover_x is not None or time.monotonic() - self._time >= PACE_S:
            self.update()
        elif not self._timer.isActive():
            self._timer.start()

    def update_soon(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def leave(self) -> None:
        self.hover_x = None
        self.update()

    def set_cursor_pen(self, pen) -> None:
        for cursor in self.cursors:
            cursor.setPen(pen)

    def _on_mouse_moved(self, position) -> None:
        for plot in self._plots:
            if plot.sceneBoundingRect().contains(position):
                self.hover_x = plot.vb.mapSceneToView(position).x()
                break
        else:
            self.hover_x = None
        self.update()
