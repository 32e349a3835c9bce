"""Loss and accuracy curves that stay smooth over runs of any length.

The numbers live in a `LossHistory` (loss_history.py: numpy columns, bounded by peak-decimating old steps);
pyqtgraph draws only what is on screen, peak-decimated to about the pixel width; redraws are coalesced to at
most ~12 a second, however often the caller appends (each costs ~10 ms of the GUI thread, whose GIL the
training thread needs; the first after a pause comes at once). Non-finite values are dropped on the way in,
so neither the curves nor the log scale ever see them.
"""
from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QGraphicsItem

from playground.error_guard import guard_override
from playground.model.history import Curves, LossHistory
from playground.views.loss_plot_axes import LossAxis, PacedViewBox, fit_left_axes
from playground.views.plot_text import PlotText
from playground.views.step_readout import StepReadout

_REDRAW_MS = 80        # at most ~12 redraws a second: a curve that moves 30 times a second reads no better
# Okabe–Ito colours (colour-blind safe): blue = train, orange/vermillion = test, in every plot.
_COLOURS = {False: {"train": "#0072B2", "test": "#D55E00"},   # on a light background
            True: {"train": "#56B4E9", "test": "#E69F00"}}    # on a dark background


class LossPlot(pg.GraphicsLayoutWidget):
    """Train/test loss (top, optional log scale) and train/test accuracy 0–1 (bottom), sharing the step axis.

    A "log scale" check box (objectName "logScaleCheck") sits in the bottom-right corner; toggling it emits
    log_scale_toggled(bool). Read-only attributes for inspection: train_loss_curve, test_loss_curve,
    train_accuracy_curve, test_accuracy_curve (pyqtgraph PlotDataItems).
    """

    _metric = "accuracy"     # or "R²" (set_metric)

    log_scale_toggled = Signal(bool)

    def __init__(self, parent=None, history: LossHistory | None = None):
        super().__init__(parent)
        self.__dict__.pop("clear", None)    # pyqtgraph binds the layout's clear() (deletes the plots) over ours
        self.setObjectName("lossPlot")
        self.setMinimumSize(320, 200)
        self._history = history if history is not None else LossHistory()   # the session's, in the app
        self._log_scale = False
        self._learning_rate = float("nan")
        self._redraw_timer = QTimer(self, singleShot=True)
        self._redraw_time = 0.0          # time.monotonic() of the last redraw
        self._last_step = -1.0           # the newest train step drawn
        self._curve_ends: dict = {}      # per curve: its length, first and last points, scale as last drawn
        self._redraw_timer.timeout.connect(self._redraw)

        self._readout = self.addLabel(row=0, col=0, justify="left")
        self._loss = self.addPlot(row=1, col=0, axisItems={"left": LossAxis("left")}, viewBox=PacedViewBox())
        self._accuracy = self.addPlot(row=2, col=0, viewBox=PacedViewBox())
        self.ci.layout.setRowStretchFactor(1, 3)
        self.ci.layout.setRowStretchFactor(2, 1)
        self._accuracy.setXLink(self._loss)
        for plot in (self._loss, self._accuracy):
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            plot.setMenuEnabled(False)      # its own log toggle would disagree with ours
            plot.getAxis("left").enableAutoSIPrefix(False)   # "0.2", not "200 (x0.001)"
            plot.getAxis("bottom").setStyle(maxTickLevel=0)
            plot.getAxis("left").setStyle(maxTickLevel=1)
            for name in ("left", "bottom"):
                # The curves repaint ~12 times a second, the axes (and the grid the left one draws across
                # the plot) only when the range moves: Qt blits their cached pictures in between.
                plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Grid lines cost about 1 ms a frame each way at 30 frames a second: only horizontal ones, for reading
        # the loss; the hover cursor reads steps.
        self._loss.showGrid(x=False, y=True, alpha=0.15)
        self._loss.setLabel("left", "loss")
        self._loss.getAxis("bottom").setStyle(showValues=False)
        self._accuracy.setLabel("left", "accuracy")
        self._accuracy.setLabel("bottom", "step")
        self._accuracy.setYRange(0, 1, padding=0.08)
        self._accuracy.setMouseEnabled(x=True, y=False)
        self._accuracy.enableAutoRange(y=False)
        self._accuracy.getAxis("left").setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]])
        # 0% and 100% sit at the plot's edges, where pyqtgraph would hide them as overlapping.
        self._accuracy.getAxis("left").setStyle(hideOverlappingLabels=False)

        fit_left_axes(self._loss, self._accuracy)
        self._plot_text = PlotText(self._readout, self._loss, self._accuracy)   # before _legend: see changeEvent
        self._legend = self._loss.addLegend(offset=(-8, 8))
        self.train_loss_curve = self._loss.plot(name="train")
        self.test_loss_curve = self._loss.plot(name="test")
        self.train_accuracy_curve = self._accuracy.plot()
        self.test_accuracy_curve = self._accuracy.plot()
        self._step_readout = StepReadout(self, self._readout, (self._loss, self._accuracy), self._history,
                                         lambda: (_COLOURS[self._dark()], self.learning_rate_text(), self._metric))
        self.setToolTip("Loss (top) and accuracy (bottom) as training goes; hover to read a step's values")

        # A child of the view drawn over the plot's free corner, so the toggle costs no extra row of space.
        self._log_check = QCheckBox("log scale", self, objectName="logScaleCheck")
        self._log_check.setToolTip("Show the loss on a logarithmic axis: late, small improvements stay visible")
        self._log_check.toggled.connect(self._on_log_check_toggled)
        self._apply_palette()

    # -- public API --------------------------------------------------------------------------------
    def append(self, steps, losses) -> None:
        """Add per-step train losses (1-D, same length; steps must not go backwards). NaN/inf losses are skipped."""
        self._history.append_train(steps, losses)
        self._schedule()

    def metric_name(self) -> str:
        return self._metric

    def set_metric(self, metric: str) -> None:
        """What the bottom plot shows: "accuracy" (0–100 %) or, in regression, "R²" (recorded from 0: below 0,
        worse than predicting the mean, sits on the floor)."""
        if metric not in ("accuracy", "R²"):
            raise ValueError(f"metric must be 'accuracy' or 'R²', got {metric!r}")
        self._metric = metric
        self._accuracy.setLabel("left", metric)
        ticks = ((0.0, "0%"), (0.5, "50%"), (1.0, "100%")) if metric == "accuracy" else \
            ((0.0, "0"), (0.5, "0.5"), (1.0, "1"))
        self._accuracy.getAxis("left").setTicks([list(ticks)])
        self.setToolTip(f"Loss (top) and {metric} (bottom) as training goes; hover to read a step's values")
        self._step_readout.update_soon()

    def append_test(self, step, loss, accuracy_train, accuracy_test) -> None:
        """Record an evaluation at `step`: test loss and accuracies (None when there is no test split)."""
        self._history.append_eval(step, loss, accuracy_train, accuracy_test)
        self._schedule()

    def redraw_soon(self) -> None:
        """The curves changed under the plot (the session model's history_changed): redraw at the next slot
        (at most ~12 times a second)."""
        self._schedule()

    def set_learning_rate(self, rate: float) -> None:
        """The learning rate the next step uses (a schedule's, from the base rate), shown in the readout."""
        self._learning_rate = float(rate)

    def learning_rate_text(self) -> str:
        return f"lr {self._learning_rate:.4g}" if self._learning_rate == self._learning_rate else ""

    def clear(self) -> None:
        self._history.clear()
        self._schedule()

    def history(self) -> dict:
        """The curves as JSON-native lists, keyed as in HISTORY_GROUPS (steps are ints); bounded in length."""
        return self._history.to_dict()

    def set_history(self, history: dict) -> None:
        """Replace the curves with a history() dict; raise ValueError naming the key before changing anything."""
        self._history.load(history)
        self._curve_ends.clear()
        self._schedule()

    def set_log_scale(self, on: bool) -> None:
        """Log-scale loss axis, without emitting log_scale_toggled; losses of 0 are drawn at a floor below the
        smallest positive loss."""
        if not isinstance(on, bool):
            raise ValueError(f"log scale must be True or False, got {on!r}")
        with QSignalBlocker(self._log_check):
            self._log_check.setChecked(on)
        self._log_scale = on
        self._loss.setLogMode(y=on)
        self._redraw(range_now=True)

    def log_scale(self) -> bool:
        return self._log_scale

    def set_marked_step(self, step: float | None) -> None:
        """The timeline's scrubbed step (None: back to now): the readout reads it, as it reads a hovered one."""
        self._step_readout.set_marked_step(step)

    def readout_text(self) -> str:
        return self._readout.text

    def plots(self) -> tuple:
        """The (loss, accuracy) PlotItems, for items drawn over the curves (the timeline's marker)."""
        return self._loss, self._accuracy

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: text and curves `scale` times their normal size (1: back to normal)."""
        self._plot_text.apply(scale)
        fit_left_axes(self._loss, self._accuracy)
        self._apply_palette()

    # -- Qt overrides --------------------------------------------------------------------------------
    @guard_override
    def changeEvent(self, event) -> None:
        # pyqtgraph's constructor changes the palette before our items exist.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_legend"):
            self._apply_palette()
        super().changeEvent(event)

    @guard_override
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        check = getattr(self, "_log_check", None)     # pyqtgraph's constructor resizes before it exists
        if check is not None:
            check.adjustSize()
            check.move(self.width() - check.width() - 6, self.height() - check.height() - 2)
            check.raise_()

    @guard_override
    def leaveEvent(self, event) -> None:
        self._step_readout.leave()
        super().leaveEvent(event)

    # -- slots -------------------------------------------------------------------------------------
    def _on_log_check_toggled(self, on: bool) -> None:
        self.set_log_scale(on)
        self.log_scale_toggled.emit(on)

    # -- helpers -----------------------------------------------------------------------------------
    def _schedule(self) -> None:
        if not self._redraw_timer.isActive():   # due _REDRAW_MS after the last redraw, at once after a pause
            wait = self._redraw_time + _REDRAW_MS / 1000 - time.monotonic()
            self._redraw_timer.start(max(0, math.ceil(wait * 1000)))

    def close(self) -> bool:
        self._redraw_timer.stop()
        self._step_readout.stop()      # pyqtgraph's close() deletes the plots; a pending redraw must not touch them
        for plot in (self._loss, self._accuracy):
            plot.vb.stop()
        return super().close()

    def _redraw(self, range_now: bool = False) -> None:
        self._redraw_timer.stop()
        if self.closed:
            return
        self._redraw_time = time.monotonic()
        train, evals, test = (self._history.groups[g] for g in ("train", "eval", "test"))
        last = train.last(0) if train.n else -1.0
        # A new curve (or the first steps of one) is ranged at once, not at the next turn.
        range_now = range_now or last < self._last_step or self._last_step < 0
        self._last_step = last
        self._set_curve(self.train_loss_curve, train, 1, log=True)
        self._set_curve(self.test_loss_curve, test, 1, log=True)
        self._set_curve(self.train_accuracy_curve, evals, 1)
        self._set_curve(self.test_accuracy_curve, test, 2)
        for plot in (self._loss, self._accuracy):
            # Range the views now, not in the paint: ranged there, they change after painting and paint twice.
            # (At most a few times a second while the curves grow: loss_plot_axes.py.)
            if range_now:
                plot.vb.range_now()
            plot.vb.prepareForPaint()
        self._step_readout.paced_update()      # its text re-lays out the plot: paced

    def _set_curve(self, curve, columns: Curves, i: int, log: bool = False) -> None:
        """Hand a curve its points unless it already has these (evaluations come less often than steps:
        pyqtgraph's setData costs about a millisecond however little changed)."""
        ends = (columns.n, log and self._log_scale) + ((columns.column(0)[[0, -1]].tolist(),
                                                          columns.column(i)[[0, -1]].tolist()) if columns.n else ())
        if self._curve_ends.get(curve) == ends:
            return
        self._curve_ends[curve] = ends
        y = columns.column(i)
        curve.setData(columns.column(0), self._loss_y(y) if log else y)

    def _loss_y(self, y: np.ndarray) -> np.ndarray:
        if not self._log_scale or not y.size or y.min() > 0:
            return y
        positive = y[y > 0]
        floor = min(1e-6, positive.min() / 10) if positive.size else 1e-6
        return np.maximum(y, floor)

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def _apply_palette(self) -> None:
        palette, dark = self.palette(), self._dark()
        background, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        axis = QColor(text)
        axis.setAlpha(170)
        self.setBackground(background)
        # Fusion fills a check box with Base, which is the plot's background here: use Window so it shows.
        check_palette = QPalette(palette)
        check_palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self._log_check.setPalette(check_palette)
        self._readout.setAttr("color", text.name())
        for plot in (self._loss, self._accuracy):
            for name in ("left", "bottom", "top", "right"):
                plot.getAxis(name).setPen(axis)
                plot.getAxis(name).setTextPen(text)
        colours = _COLOURS[dark]
        self.train_loss_curve.setPen(pg.mkPen(colours["train"], width=self._plot_text.scaled(1)))
        self.test_loss_curve.setPen(pg.mkPen(colours["test"], width=self._plot_text.scaled(2)))
        self.train_accuracy_curve.setPen(pg.mkPen(colours["train"], width=self._plot_text.scaled(2)))
        self.test_accuracy_curve.setPen(pg.mkPen(colours["test"], width=self._plot_text.scaled(2)))
        legend_background = QColor(background)
        legend_background.setAlpha(200)
        self._legend.setBrush(legend_background)
        self._legend.setLabelTextColor(text)
        for _sample, label in self._legend.items:
            label.setText(label.text)    # setLabelTextColor only takes effect at the next setText
        if hasattr(self, "_step_readout"):      # the first palette comes before it exists
            self._step_readout.set_cursor_pen(pg.mkPen(axis, style=Qt.PenStyle.DashLine))
            self._step_readout.update()

