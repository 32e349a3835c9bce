"""Network view: features, neurons and weights as a live diagram (TensorFlow Playground's, plus gradients).

Edges are weights (colour = sign, width = |w| over the largest |w| in the network) or, with "Show gradients",
dL/dw (colour = sign, width = |dL/dw| over the largest in *that layer*, so a vanishing layer stays visible).
Hovering shows a node's or edge's value and gradient; clicking a neuron selects it (again: clears);
clicking an edge or a bias marker opens the weight editor.
"""
from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from engine.features import LABELS as _FEATURE_LABELS
from engine.features import expand
from engine.grid import grid_axes
from playground.error_guard import guard_override
from playground.views.graph import weight_colors as palette
from playground.views.graph.network_canvas import NetworkCanvas
from playground.views.graph.network_drawing import NetworkDrawing
from playground.views.graph.weight_editor import WeightEditor

MIN_FRAME_S = 1 / 14   # at most 14 frames a second (issue 10 asks >= 10, with room for a late timer)
STAGGER_S = MIN_FRAME_S / 2   # a running frame is drawn at least this long after its snapshot arrived


def _fmt(v) -> str:
    return "—" if v is None else f"{v:.4g}"


class NetworkView(QWidget):
    """The "Network" tab. Signals carry model indices: layer 0 is the first hidden layer."""

    neuron_clicked = Signal(int, int)
    weight_edited = Signal(int, int, int, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("networkView")
        self.canvas = NetworkCanvas(self)
        self.canvas.describe = self.describe
        self.canvas.item_clicked.connect(self._on_item_clicked)
        self.show_gradients = QCheckBox("Show gradients (dL/dw, scaled per layer)", self)
        self.show_gradients.setObjectName("showGradientsCheck")
        self.show_gradients.toggled.connect(self._on_show_gradients_toggled)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.RichText)
        self.editor = WeightEditor(self.canvas.viewport())
        self.editor.value_entered.connect(self.weight_edited)
        # Check box and legend on rows of their own: a narrow panel then never wraps or widens either.
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.show_gradients)
        lay.addWidget(self.legend)
        lay.addWidget(self.canvas, 1)
        QWidget.setTabOrder(self.show_gradients, self.canvas)     # Tab goes top to bottom, as laid out
        self.drawing: NetworkDrawing | None = None
        self._snapshot = None
        self._painted = None
        self._selected = None
        self._last_paint = 0.0
        self._scale = 1.0                  # presentation mode's line and text scale
        self.frames_painted = 0             # snapshots actually drawn (benchmarks read it)
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.timeout.connect(self._on_frame_timer_timeout)
        self._update_legend()

    # -- API ---------------------------------------------------------------------------------------
    def set_architecture(self, feature_names, layer_sizes, activation) -> None:
        self.editor.cancel()
        self.canvas.scene().clear()
        self._snapshot = self._painted = None
        self._selected = None
        labels = [_FEATURE_LABELS.get(n, n) for n in feature_names]
        self.drawing = NetworkDrawing(self.canvas.scene(), feature_names, labels, layer_sizes, activation,
                                      self._colors(), self._scale)
        self._input_maps_key = None
        self.canvas.fit()

    def update_snapshot(self, snapshot) -> None:
        if snapshot is None:
            return
        self._snapshot = snapshot
        if not self.isVisible():
            return                          # painted when shown (showEvent)
        if not snapshot.running:            # a step, a pause, an edit: shown at once
            self._frame_timer.stop()
            self._paint()
        elif not self._frame_timer.isActive():
            # A running training's frame is drawn in turns of the event loop of its own, never inside the
            # caller's, and a little after the snapshot (STAGGER_S): right after a snapshot the canvas and the
            # loss plot repaint, and drawn with them the network made one block a timer or a click waited for
            # (issue 10's long GUI blocks). When a frame is not due yet, the newest snapshot is drawn when it is.
            wait = max(self._last_paint + MIN_FRAME_S - time.perf_counter(), STAGGER_S)
            self._frame_timer.start(math.ceil(wait * 1000))

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: edges and headings `scale` times their normal size (1: back to normal)."""
        self._scale = float(scale)
        self._redraw()

    def set_selected(self, selected) -> None:
        self._selected = selected
        if self.drawing is not None:
            self.drawing.mark_selected(selected)

    def edit_weight(self, layer: int, neuron: int, input_index: int, at: QPoint | None = None) -> None:
        """Open the editor for weight `input_index` of a neuron (== nin: its bias)."""
        d = self._check_target(layer, neuron, input_index)
        value = self._value("w", layer, neuron, input_index)
        name = "b" if input_index == d.nin[layer] else f"w{input_index}"
        caption = f"{name} of layer {layer + 1}, neuron {neuron + 1}:"
        if at is None:
            at = self.canvas.mapFromScene(*d.centres[layer + 1][neuron])
        self.editor.open_for(layer, neuron, input_index, value if value is not None else 0.0, caption, at)

    def describe(self, kind) -> str:
        """Tooltip text for a KIND tuple: what it is, its value and its gradient."""
        d = self.drawing
        if d is None or kind is None:
            return ""
        if kind[0] == "input":
            return f"Input {_FEATURE_LABELS.get(d.feature_names[kind[1]], d.feature_names[kind[1]])}"
        if kind[0] == "edge":
            _, l, j, k = kind
            src = (_FEATURE_LABELS.get(d.feature_names[k], d.feature_names[k]) if l == 0
                   else f"layer {l} neuron {k + 1}")
            return (f"weight w{k}: {src} → {self._where(l, j)}\n"
                    f"w = {_fmt(self._value('w', l, j, k))}\n"
                    f"dL/dw = {_fmt(self._value('g', l, j, k))}\nclick to edit")
        _, l, j = kind
        b, gb = self._value("w", l, j, d.nin[l]), self._value("g", l, j, d.nin[l])
        act = d.activations[l] if l < len(d.layer_sizes) - 1 else "linear"
        tail = "click to edit" if kind[0] == "bias" else "click to show its activation on the canvas"
        return f"{self._where(l, j)} ({act})\nbias b = {_fmt(b)}\ndL/db = {_fmt(gb)}\n{tail}"

    # -- internals -----------------------------------------------------------------------------------
    def _where(self, l, j) -> str:
        if l == len(self.drawing.layer_sizes) - 1:
            return "output" if self.drawing.layer_sizes[-1] == 1 else f"output {j + 1}"
        return f"layer {l + 1} neuron {j + 1}"

    def _check_target(self, layer, neuron, input_index):
        d = self.drawing
        if d is None:
            raise ValueError("no architecture set yet")
        if not (isinstance(layer, int) and 0 <= layer < len(d.layer_sizes)):
            raise ValueError(f"layer {layer!r} is outside 0..{len(d.layer_sizes) - 1}")
        if not (isinstance(neuron, int) and 0 <= neuron < d.layer_sizes[layer]):
            raise ValueError(f"neuron {neuron!r} is outside 0..{d.layer_sizes[layer] - 1}")
        if not (isinstance(input_index, int) and 0 <= input_index <= d.nin[layer]):
            raise ValueError(f"input_index {input_index!r} is outside 0..{d.nin[layer]} (nin = bias)")
        return d

    def _value(self, which, l, j, k):
        """Weight ('w') or gradient ('g') k of neuron j in layer l (k == nin: the bias) from the snapshot."""
        s = self._snapshot
        if s is None or l >= len(s.weights):
            return None
        W, b = (s.weights[l], s.biases[l]) if which == "w" else (s.weight_grads[l], s.bias_grads[l])
        try:
            return float(b[j]) if k == W.shape[1] else float(W[j, k])
        except IndexError:
            return None

    def _fits(self, s) -> bool:
        d = self.drawing
        return (d is not None and len(s.weights) == len(d.layer_sizes)
                and all(np.shape(W) == (n, nin) for W, n, nin in zip(s.weights, d.layer_sizes, d.nin)))

    def _on_frame_timer_timeout(self) -> None:
        if self.isVisible():
            self._paint()

    def _paint(self) -> None:
        s, d = self._snapshot, self.drawing
        if s is None or d is None or s is self._painted or not self._fits(s):
            return
        self._last_paint = time.perf_counter()
        self.frames_painted += 1
        if self.show_gradients.isChecked():
            values, biases = s.weight_grads, s.bias_grads
            scales = [palette.scale_of(g) for g in values]
        else:
            values, biases = s.weights, s.biases
            scales = [palette.scale_of(*values)] * len(values)
        if self._painted is not None and self._painted.step != s.step:
            self.canvas.mark_live()         # frames of a running training: fast drawing
        d.style_edges(values, scales)
        d.style_biases(biases)
        if s.neuron_maps:
            d.set_thumbnails(s.neuron_maps)
            self._paint_input_maps(s)
        elif s.neuron_curves:               # curve fitting: each node's output over x
            d.set_curve_thumbnails(s.neuron_curves, expand(np.asarray(s.curve_x)[:, None], d.feature_names).T)
        self._painted = s

    def _paint_input_maps(self, s) -> None:
        """The inputs' thumbnails: each feature over the plane, computed once per extent and size."""
        h, w = np.shape(s.neuron_maps[0])[1:]
        key = (tuple(s.extent), h, w)
        if key == self._input_maps_key:
            return
        gx, gy = np.meshgrid(*grid_axes(s.extent, (h, w)))     # where the worker sampled the neuron maps
        feats = expand(np.column_stack([gx.ravel(), gy.ravel()]), self.drawing.feature_names)
        self.drawing.set_input_thumbnails(feats.T.reshape(-1, h, w))
        self._input_maps_key = key

    def _colors(self) -> dict:
        p = self.palette()
        return {"text": p.color(QPalette.Text), "border": p.color(QPalette.Mid),
                "base": p.color(QPalette.Base), "highlight": p.color(QPalette.Highlight)}

    def _update_legend(self) -> None:
        grads = self.show_gradients.isChecked()
        what = "dL/dw" if grads else "weight"
        self.legend.setText(f"<span style='color:{palette.POSITIVE}'>■</span> {what} &gt; 0 &nbsp; "
                            f"<span style='color:{palette.NEGATIVE}'>■</span> {what} &lt; 0 &nbsp; width = |{what}|")

    def _on_show_gradients_toggled(self, _on: bool) -> None:
        self._update_legend()
        self._painted = None
        self._paint()

    def _on_item_clicked(self, kind, pos) -> None:
        if kind is None:
            self.editor.cancel()            # a click elsewhere closes the editor unapplied
        elif kind[0] == "neuron":
            self.editor.cancel()
            self.neuron_clicked.emit(kind[1], kind[2])
        elif kind[0] == "edge":
            self.edit_weight(kind[1], kind[2], kind[3], pos)
        elif kind[0] == "bias":
            self.edit_weight(kind[1], kind[2], self.drawing.nin[kind[1]], pos)

    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._paint()                       # catch up on what arrived while hidden

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:
            self._redraw()

    def _redraw(self) -> None:
        """Rebuild the drawing in the current colours and scale, keeping the selection and snapshot."""
        if self.drawing is not None:
            d, snapshot, selected = self.drawing, self._snapshot, self._selected
            self.set_architecture(d.feature_names, d.layer_sizes, d.activation)
            self.set_selected(selected)
            self.update_snapshot(snapshot)
