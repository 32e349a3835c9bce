"""The "Gradients" tab (gradient statistics): per-layer gradient and weight norms over the steps (log scale), a
histogram of each layer's current gradients, and the gradient check.

Norms are recorded from every snapshot (cheap), but curves are redrawn only while the tab is visible.
The histogram bins log10|dL/dw|: layers whose gradients vanish slide left by orders of magnitude, which a
linear histogram would squash into one bar at zero. Exact zeros (hinge at zero loss, dead ReLUs) have no
logarithm: the norm plots draw them on a row of their own labelled "0", the histogram counts them in its title.
A model's snapshots before its first step carry no gradient yet (the worker's Values start at 0): not drawn.
What is measured (the norms' history, the histogram's logs) is in gradient_norms.py; this file draws it.
"""
from __future__ import annotations

import sys

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.error_guard import guard_override
from playground.views.graph.gradient_norms import NormHistory, gradient_logs, histogram_bins, layer_norms
from playground.views.graph.stats_plots import layer_colors, legend_html, make_plot, restyle_plot
from playground.views.graph.zero_log_axis import with_zero_row, zero_row
from playground.views.plot_text import PlotText
from playground.views.step_marker import MARKER_COLOUR

REDRAW_MS = 200                        # curves redraw 5 times a second: plotting runs Python, under the GIL
HIST_TITLE = "current gradients"
CURVE_WIDTH = 2.0                      # px


class GradientStatsView(QWidget):
    gradient_checked = Signal(str)      # the report shown in the label

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gradientStatsView")
        p = self.palette()
        self.grad_plot = make_plot("‖dL/dθ‖ per layer", "gradient norm", p, log=True)
        self.weight_plot = make_plot("‖θ‖ per layer", "weight norm", p, log=True)
        self.weight_plot.setXLink(self.grad_plot)
        self.hist_plot = make_plot(HIST_TITLE, "parameters", p, log=False)
        self.hist_plot.setLabel("bottom", "log₁₀ |dL/dθ|")
        self.hist_plot.setLimits(yMin=0)       # counts: an empty histogram still starts at 0
        self.weight_plot.setLabel("bottom", "step")
        # The two norm plots share their steps: the upper one's step numbers would only repeat the lower's.
        self.grad_plot.getAxis("bottom").setStyle(showValues=False)
        self._plot_text = PlotText(*(p.getPlotItem() for p in (self.grad_plot, self.weight_plot, self.hist_plot)))
        self.check_button = QPushButton("Gradient check", self)
        self.check_button.setObjectName("gradientCheckButton")
        self.check_button.setToolTip("Compare the engine's gradients with finite differences "
                                     "on the current model and data")
        self.check_button.clicked.connect(self.run_gradient_check)
        self.check_label = QLabel("Compare backprop with finite differences.", self)
        self.check_label.setWordWrap(True)   # long texts wrap instead of widening the window
        self.check_label.setObjectName("gradientCheckLabel")
        self.check_label.setAccessibleName("Gradient check result")   # selectable, so it takes the focus
        self.check_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        # The layer colours, on their own row: a legend inside a plot covers the curves it names.
        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("gradientStatsLegend")
        row = QHBoxLayout()
        row.addWidget(self.check_button, 0, Qt.AlignTop)
        row.addWidget(self.check_label, 1)
        # Norms over the steps stacked on the left (one step axis), the histogram beside them: three plots
        # side by side are ~160 px wide each at 1280x800, too narrow for their titles and tick labels.
        plots = QGridLayout()
        plots.setSpacing(2)
        plots.addWidget(self.grad_plot, 0, 0)
        plots.addWidget(self.weight_plot, 1, 0)
        plots.addWidget(self.hist_plot, 0, 1, 2, 1)
        plots.setColumnStretch(0, 3)
        plots.setColumnStretch(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(row)
        lay.addWidget(self.legend_label)
        lay.addLayout(plots, 1)
        self._source = None
        self._names: list = []
        self.history: NormHistory | None = None
        self._model_id = None
        self._first_step = None         # the step a model's snapshots started at: no gradient until after it
        self._snapshot = None
        self._hist_title = HIST_TITLE
        self._hist_empty = False
        self._curves: list = []
        self._step_lines: list = []     # the timeline's step on the norm plots (made when first marked)
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self._on_redraw_timer_timeout)

    def sizeHint(self) -> QSize:
        # The layout's own hint adds up three plots' 600x480 hints, which asks the window's splitters for
        # far more room than the other tabs need; one plot's worth of room is what this tab asks for.
        plot = self.hist_plot.sizeHint()
        return QSize(plot.width(), plot.height() + self.check_button.sizeHint().height())

    # -- API ---------------------------------------------------------------------------------------
    def set_presentation(self, scale: float) -> None:
        """Presentation mode: titles, axes and curves `scale` times their normal size (1: back to normal)."""
        self._plot_text.apply(scale)
        self._style_curves()

    def _style_curves(self) -> None:
        colors = layer_colors(len(self._curves), self.palette())
        self.legend_label.setText(legend_html(self._names, colors))
        for curves, color in zip(self._curves, colors):
            for curve in curves:
                curve.setPen(pg.mkPen(color, width=self._plot_text.scaled(CURVE_WIDTH)))

    def set_architecture(self, layer_sizes) -> None:
        n = len(layer_sizes)
        self._names = [f"layer {i + 1}" for i in range(n - 1)] + ["output"]
        self.history = NormHistory(n)
        self._model_id = None
        self._snapshot = None
        for plot in (self.grad_plot, self.weight_plot, self.hist_plot):
            plot.clear()
        self._step_lines = []
        colors = layer_colors(n, self.palette())
        self.legend_label.setText(legend_html(self._names, colors))
        self._curves = []
        for c in colors:
            pen = pg.mkPen(c, width=self._plot_text.scaled(CURVE_WIDTH))
            g = self.grad_plot.plot(pen=pen)
            w = self.weight_plot.plot(pen=pen)
            h = self.hist_plot.plot(stepMode="center", pen=pen)
            for curve in (g, w):
                curve.setDownsampling(auto=True)
                curve.setClipToView(True)
            self._curves.append((g, w, h))

    def update_snapshot(self, snapshot) -> None:
        if self.history is None or snapshot is None or len(snapshot.weight_grads) != len(self._curves):
            return
        if snapshot.model_id != self._model_id:       # a new model: its curves start afresh
            self.history = NormHistory(len(self._curves))
            self._model_id = snapshot.model_id
            self._first_step = snapshot.step
        g, w = layer_norms(snapshot)
        if not self.has_gradients(snapshot):
            g = np.full_like(g, np.nan)               # not a zero gradient: none computed yet
        self.history.add(snapshot.step, g, w)
        self._snapshot = snapshot
        if self.isVisible() and not self._redraw_timer.isActive():
            self._redraw_timer.start()      # coalesce: one redraw per REDRAW_MS however many arrive

    def mark_step(self, step: float | None) -> None:
        """A line at the step the timeline shows on both norm plots (the histogram is that step's); None:
        now, no line."""
        if step is None:
            for line in self._step_lines:
                line.hide()
            return
        if not self._step_lines:
            pen = pg.mkPen(MARKER_COLOUR, width=2)
            self._step_lines = [pg.InfiniteLine(angle=90, movable=False, pen=pen) for _ in range(2)]
            for plot, line in zip((self.grad_plot, self.weight_plot), self._step_lines):
                plot.addItem(line, ignoreBounds=True)
        for line in self._step_lines:
            line.setValue(step)
            line.show()

    def has_gradients(self, snapshot) -> bool:
        """Whether the snapshot's gradients come from a step (a model has none before its first one)."""
        return snapshot.model_id == self._model_id and snapshot.step > self._first_step

    def set_gradcheck_source(self, source) -> None:
        """`source()` -> (model_copy, X, targets, loss_name, l2[, problem]) for the gradient check, or None if
        no data (problem: "classification" unless given)."""
        if not callable(source):
            raise ValueError(f"the gradient check source must be callable, got {type(source).__name__}")
        self._source = source

    def run_gradient_check(self) -> str:
        from engine.gradcheck import check_gradients
        if self._source is None:
            text = "No model to check yet."
        else:
            QGuiApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                got = self._source()
                if got is None:
                    text = "No training data to check on: draw or load some points."
                else:
                    model, X, targets, loss, l2, *problem = got
                    text = check_gradients(model, X, targets, loss, l2,
                                           problem=problem[0] if problem else "classification").summary()
            except (ValueError, TypeError) as exc:
                text = f"Gradient check failed: {exc}"
            finally:
                QGuiApplication.restoreOverrideCursor()
        self.check_label.setText(text)
        self.gradient_checked.emit(text)
        return text

    # -- drawing -------------------------------------------------------------------------------------
    def _on_redraw_timer_timeout(self) -> None:
        if self.isVisible():
            self._redraw()

    def _redraw(self) -> None:
        h, s = self.history, self._snapshot
        if h is None or s is None:
            return
        steps = h.steps[:h.n]
        for plot, norms, column in ((self.grad_plot, h.grad[:h.n], 0), (self.weight_plot, h.weight[:h.n], 1)):
            row = zero_row(norms)
            plot.getAxis("left").set_zero_row(row if np.any(norms == 0) else None)
            for i, curves in enumerate(self._curves):
                curves[column].setData(steps, with_zero_row(norms[:, i], row))
        logs, zeros, count = gradient_logs(s, len(self._curves)) if self.has_gradients(s) else ([], 0, 0)
        bins = histogram_bins(logs)
        for i, (_, _, hc) in enumerate(self._curves):
            counts, edges = np.histogram(logs[i] if logs else [], bins=bins)
            hc.setData(edges, counts)
        empty = not any(len(v) for v in logs)
        if empty:
            self.hist_plot.setYRange(0, 1, padding=0)     # nothing to count: not the last histogram's height
        elif self._hist_empty:
            self.hist_plot.enableAutoRange(axis="y")      # counts again after an empty histogram
        self._hist_empty = empty
        if not logs:
            title = f"{HIST_TITLE}<br>none before a step"
        elif zeros:
            title = f"{HIST_TITLE}<br>{'all' if zeros == count else f'{zeros} of'} {count} are 0"
        else:
            title = HIST_TITLE
        if title != self._hist_title:
            self._hist_title = title
            self.hist_plot.setTitle(title)

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_curves"):
            for plot in (self.grad_plot, self.weight_plot, self.hist_plot):
                restyle_plot(plot, self.palette())
            self._style_curves()

    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        try:
            self._redraw()
        except Exception:   # escaping a Qt override can abort PySide6; the hook reports it (and fails tests)
            sys.excepthook(*sys.exc_info())
